//! Front matter through a revision: keys the writer dropped come back, pinned keys
//! (`[regenerate] keep_front_matter`: date, slug, keyword, ...) keep the original's value or
//! absence, and keys the writer improved (`title`, `description`) keep the improvement.
//!
//! This works on the text, entry by entry (a top-level key with its continuation lines), so
//! the original's formatting and comments survive; a merge that would not parse falls back to
//! the original block.

use crate::document::Document;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Yaml,
    Toml,
}

/// A front-matter block in a text.
struct Block<'a> {
    format: Format,
    /// Opening and closing delimiter lines, with their line endings.
    open: &'a str,
    close: &'a str,
    /// Between the delimiters.
    inner: &'a str,
    /// After the closing line.
    body: &'a str,
}

fn split(text: &str) -> Option<Block<'_>> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let format = match text[..first_end].trim_end() {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => return None,
    };
    let mut at = first_end;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let line = text[at..end].trim_end();
        let closes = match format {
            Format::Yaml => line == "---" || line == "...",
            Format::Toml => line == "+++",
        };
        if closes {
            return Some(Block {
                format,
                open: &text[..first_end],
                close: &text[at..end],
                inner: &text[first_end..at],
                body: &text[end..],
            });
        }
        at = end;
    }
    None
}

/// Top-level entries: (key, text with continuation lines). Text before the first key (comments)
/// gets the key "".
fn entries(inner: &str, format: Format) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut in_table = false;
    for line in inner.split_inclusive('\n') {
        let key = if in_table {
            None
        } else {
            entry_key(line, format)
        };
        if format == Format::Toml && line.trim_start().starts_with('[') && !line.starts_with(' ') {
            // TOML tables run to the end: keep each as one entry under its header.
            in_table = true;
            out.push((line.trim().to_string(), line.to_string()));
            continue;
        }
        match (key, out.last_mut()) {
            (Some(k), _) => out.push((k, line.to_string())),
            (None, Some(last)) => last.1.push_str(line),
            (None, None) => out.push((String::new(), line.to_string())),
        }
    }
    out
}

/// The key a line starts, if it starts one at column 0.
fn entry_key(line: &str, format: Format) -> Option<String> {
    if line.starts_with([' ', '\t', '#', '-', '\r', '\n']) || line.is_empty() {
        return None;
    }
    let sep = match format {
        Format::Yaml => ':',
        Format::Toml => '=',
    };
    let (key, rest) = line.split_once(sep)?;
    if format == Format::Yaml && !(rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n'])) {
        return None; // `http://x` in a scalar, not a key
    }
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then(|| key.to_string())
}

fn pinned(key: &str, keep: &[String]) -> bool {
    keep.iter().any(|k| k == key)
}

/// `revised` with the front matter of `original` restored as the module docs say.
pub fn restore(original: &str, revised: &str, keep: &[String]) -> String {
    // A byte order mark would hide the original's front matter; the write path puts it back.
    let original = original.strip_prefix('\u{feff}').unwrap_or(original);
    let revised = revised.strip_prefix('\u{feff}').unwrap_or(revised);
    let Some(orig) = split(original) else {
        // No front matter to restore; a revision may add one, but not pinned keys.
        return match split(revised) {
            Some(rev) => {
                let kept: String = entries(rev.inner, rev.format)
                    .into_iter()
                    .filter(|(k, _)| !pinned(k, keep))
                    .map(|(_, t)| t)
                    .collect();
                let merged = format!("{}{kept}{}{}", rev.open, rev.close, rev.body);
                if kept.trim().is_empty() || !parses(&merged) {
                    rev.body.to_string()
                } else {
                    merged
                }
            }
            None => revised.to_string(),
        };
    };
    let rev = match split(revised) {
        Some(rev) if rev.format == orig.format => rev,
        // Dropped, or rewritten in another format: the original block, the revised body.
        Some(rev) => return format!("{}{}{}{}", orig.open, orig.inner, orig.close, rev.body),
        None => {
            let body = revised.trim_start_matches(['\n', '\r']);
            return format!("{}{}{}{body}", orig.open, orig.inner, orig.close);
        }
    };
    let orig_entries = entries(orig.inner, orig.format);
    let rev_entries = entries(rev.inner, rev.format);
    let mut merged: Vec<String> = Vec::new();
    for (key, text) in &rev_entries {
        if key.is_empty() {
            continue; // leading comments come from the original
        }
        if pinned(key, keep) {
            if let Some((_, t)) = orig_entries.iter().find(|(k, _)| k == key) {
                merged.push(ensure_newline(t));
            }
        } else {
            merged.push(ensure_newline(text));
        }
    }
    // Keys the writer dropped, in the original's order; TOML tables last.
    let mut inner = String::new();
    for (key, text) in &orig_entries {
        if key.is_empty() {
            inner.push_str(text);
        }
    }
    let (tables, plain): (Vec<String>, Vec<String>) = merged
        .into_iter()
        .partition(|t| t.trim_start().starts_with('['));
    for t in plain {
        inner.push_str(&t);
    }
    for (key, text) in &orig_entries {
        let dropped = !key.is_empty() && !rev_entries.iter().any(|(k, _)| k == key);
        if dropped && !text.trim_start().starts_with('[') {
            inner.push_str(&ensure_newline(text));
        }
    }
    for t in tables {
        inner.push_str(&t);
    }
    for (key, text) in &orig_entries {
        let dropped = !key.is_empty() && !rev_entries.iter().any(|(k, _)| k == key);
        if dropped && text.trim_start().starts_with('[') {
            inner.push_str(&ensure_newline(text));
        }
    }
    let result = format!("{}{inner}{}{}", orig.open, orig.close, rev.body);
    if parses(&result) {
        result
    } else {
        format!("{}{}{}{}", orig.open, orig.inner, orig.close, rev.body)
    }
}

fn ensure_newline(text: &str) -> String {
    if text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n")
    }
}

fn parses(text: &str) -> bool {
    Document::parse(text.to_string()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep() -> Vec<String> {
        crate::config::Config::default()
            .regenerate
            .keep_front_matter
    }

    const ORIGINAL: &str = "---\n# site metadata\ntitle: Old title\ndate: 2024-05-01\nslug: rust-errors\ntags:\n  - rust\n  - errors\ndescription: short\n---\n# Old title\n\nBody.\n";

    #[test]
    fn dropped_front_matter_comes_back_whole() {
        let out = restore(ORIGINAL, "# New title\n\nBetter body.\n", &keep());
        assert_eq!(
            out,
            "---\n# site metadata\ntitle: Old title\ndate: 2024-05-01\nslug: rust-errors\ntags:\n  - rust\n  - errors\ndescription: short\n---\n# New title\n\nBetter body.\n"
        );
    }

    #[test]
    fn dropped_keys_return_pinned_keys_hold_improvements_stay() {
        let revised = "---\ntitle: A better title\ndate: 2030-01-01\ndescription: A much better description.\n---\n# A better title\n\nBody.\n";
        let out = restore(ORIGINAL, revised, &keep());
        let doc = Document::parse(out.clone()).unwrap();
        let fm = &doc.front_matter;
        assert_eq!(fm.title().as_deref(), Some("A better title"));
        assert_eq!(
            fm.get_str("description").as_deref(),
            Some("A much better description.")
        );
        assert_eq!(fm.get_str("date").as_deref(), Some("2024-05-01"), "{out}");
        assert_eq!(fm.get_str("slug").as_deref(), Some("rust-errors"));
        assert_eq!(fm.fields["tags"], serde_json::json!(["rust", "errors"]));
        assert!(out.starts_with("---\n# site metadata\n"), "{out}");
        assert!(out.ends_with("---\n# A better title\n\nBody.\n"));
    }

    #[test]
    fn pinned_keys_cannot_be_added() {
        let out = restore(
            "# T\n\nBody.\n",
            "---\ndate: 2030-01-01\ndescription: d\n---\n# T\n",
            &keep(),
        );
        assert_eq!(out, "---\ndescription: d\n---\n# T\n");
        let out = restore("# T\n", "---\ndate: 2030-01-01\n---\n# T\n", &keep());
        assert_eq!(out, "# T\n", "no empty block left behind");
        assert_eq!(restore("# T\n", "# U\n", &keep()), "# U\n");
    }

    #[test]
    fn toml_and_format_changes() {
        let orig = "+++\ntitle = \"T\"\ndate = 2024-05-01\n[params]\nx = 1\n+++\nBody\n";
        let out = restore(orig, "+++\ntitle = \"New\"\n+++\nNew body\n", &keep());
        assert_eq!(
            out,
            "+++\ntitle = \"New\"\ndate = 2024-05-01\n[params]\nx = 1\n+++\nNew body\n"
        );
        // YAML where TOML was: the original block comes back.
        let out = restore(orig, "---\ntitle: New\n---\nNew body\n", &keep());
        assert_eq!(
            out,
            "+++\ntitle = \"T\"\ndate = 2024-05-01\n[params]\nx = 1\n+++\nNew body\n"
        );
    }

    #[test]
    fn broken_merges_fall_back_to_the_original_block() {
        let out = restore(ORIGINAL, "---\ntitle: [unclosed\n---\nBody\n", &keep());
        assert!(
            out.starts_with("---\n# site metadata\ntitle: Old title\n"),
            "{out}"
        );
        assert!(out.ends_with("---\nBody\n"));
    }
}
