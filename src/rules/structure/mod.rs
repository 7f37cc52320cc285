//! Structure rules (dimension `web_structure`): the writer brief's required structure and
//! heading hygiene.

mod conclusion;
mod empty_section;
mod heading_increment;
mod min_h2;
mod single_h1;

pub use conclusion::Conclusion;
pub use empty_section::{EmptySection, empty_headings};
pub use heading_increment::HeadingIncrement;
pub use min_h2::MinH2;
pub use single_h1::SingleH1;

/// Lower case, punctuation dropped, whitespace collapsed: how heading texts are compared.
pub fn normalize_heading(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .filter(|c| *c != '\'' && *c != '\u{2019}')
                .flat_map(char::to_lowercase),
        );
    }
    out
}

/// Whether a normalised heading is one of `variants` (normalised), or starts with one and a
/// word break: "conclusion" and "conclusion and next steps" both name a conclusion.
pub fn heading_is_any(normalized: &str, variants: &[String]) -> bool {
    variants.iter().any(|v| {
        normalized == v
            || normalized
                .strip_prefix(v.as_str())
                .is_some_and(|rest| rest.starts_with(' '))
    })
}

/// Byte offset of the first `#` of an ATX heading, for fixes that change its level.
fn atx_marker(source: &str, range: &std::ops::Range<usize>) -> Option<(usize, usize)> {
    let text = &source[range.clone()];
    let lead = text.len() - text.trim_start().len();
    let hashes = text[lead..].bytes().take_while(|&b| b == b'#').count();
    (hashes > 0).then_some((range.start + lead, hashes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn normalize_heading_drops_punctuation_and_case() {
        assert_eq!(
            super::normalize_heading("  Final Thoughts! "),
            "final thoughts"
        );
        assert_eq!(super::normalize_heading("What’s next?"), "whats next");
        assert_eq!(super::normalize_heading("TL;DR"), "tl dr");
    }
}
