//! `sightline-web`: the web app.
