//! The SSDA903 children looked after return.
