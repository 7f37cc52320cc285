//! Rules about contentlint's own comments in an article (dimension `web_structure`, no cost):
//! the engine reports them from the suppression step ([`crate::suppress`]), after every other
//! rule ran.

mod unused_suppression;

pub use unused_suppression::UnusedSuppression;
