//! Mapping between the child journey and the return's rows.
pub fn from_council() {}
pub fn to_records() {}
pub fn validate_child() {}
