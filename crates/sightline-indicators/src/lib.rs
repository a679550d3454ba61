//! `sightline-indicators`: the indicator engine.
