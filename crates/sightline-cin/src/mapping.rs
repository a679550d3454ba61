//! Mapping between the census and the child journey.
pub fn from_council() {}
pub fn to_records() {}
pub fn validate_child() {}
