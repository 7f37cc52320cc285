//! Front-matter rules (`frontmatter/*`): values the linter relies on (the publication date, the
//! title, description and keyword) that are present but cannot be read. Such a value is
//! reported, never silently dropped: a dropped date would make the clock judge the article.

mod invalid_date;
mod invalid_field;

pub use invalid_date::InvalidDate;
pub use invalid_field::InvalidField;

use super::Rule;

pub const RULES: &[&dyn Rule] = &[&InvalidDate, &InvalidField];

/// Temporal rules that compare the text's years and dates with the reference date. When the
/// article's own date cannot be read (and no --today is given) the reference date is only a
/// fallback (config or clock), so their findings are at most warnings and never gate.
pub const REFERENCE_DATE_RULES: &[&str] = &[
    "temporal/past-year-as-future",
    "temporal/future-as-past",
    "temporal/stale-as-of",
    "temporal/relative-time",
];
