//! Files a directory walk finds but does not lint: excluded by `exclude`/`default_exclude`
//! (see [`crate::config::Config::is_excluded`]), or pages with no body. A page with front
//! matter and nothing after it (a redirect stub with `redirect_to` or `aliases`, a section
//! index that only sets a title) is not an article: linting it fails every structure rule for
//! nothing. Skipped pages are always reported ("skipped x.md: no body (front matter only)"),
//! never dropped silently. Files named on the command line are always linted, so a generated
//! article that came back empty still fails.

use serde::Serialize;

/// A file that was found but not linted, and why.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// Why a page with this text is not linted, if it is not: its body (after the front matter)
/// is empty or whitespace only. Malformed front matter is not skipped: linting reports it.
pub fn bodyless_reason(source: &str) -> Option<&'static str> {
    // A body-less file ends with its front matter's closing line (or is blank): every other
    // file is decided without parsing it a second time.
    let end = source.trim_end();
    if !(end.is_empty() || end.ends_with("---") || end.ends_with("+++") || end.ends_with("...")) {
        return None;
    }
    let doc = crate::document::Document::parse(source.to_string()).ok()?;
    if !doc.body().trim().is_empty() {
        return None;
    }
    Some(if doc.front_matter.format.is_some() {
        "no body (front matter only)"
    } else {
        "empty file"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_only_and_empty_files_are_bodyless() {
        let stub = "---\ntitle: Old\nredirect_to: /new/\n---\n\n  \n";
        assert_eq!(bodyless_reason(stub), Some("no body (front matter only)"));
        assert_eq!(
            bodyless_reason("+++\naliases = [\"/a/\"]\n+++\n"),
            Some("no body (front matter only)")
        );
        assert_eq!(bodyless_reason(" \n\n"), Some("empty file"));
    }

    #[test]
    fn any_body_or_broken_front_matter_is_linted() {
        assert_eq!(bodyless_reason("---\ntitle: A\n---\nText.\n"), None);
        assert_eq!(bodyless_reason("# Title\n"), None);
        // never closed: the linter reports the front matter error
        assert_eq!(bodyless_reason("---\ntitle: A\n"), None);
    }
}
