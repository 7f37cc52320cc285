//! The text layer between the parsed [`crate::document::Document`] and the rules.

pub mod ascii_spelling;
pub mod memo;
pub mod phrases;
pub mod precheck;
pub mod quick_regex;
