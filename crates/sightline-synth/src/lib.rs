//! `sightline-synth`: synthetic councils.
