//! The one redaction function. Every string that leaves the process (stderr, stdout, the
//! trace, the written article) goes through [`Redactor::redact`] BEFORE any truncation, so a
//! key can never be cut in half and half of it shown.
//!
//! What counts as the key: the key itself; its URL-encoded and base64 forms (a server may
//! echo a request back encoded); and, as a second line of defence for text truncated by
//! someone else, a prefix of at least [`MIN_PREFIX`] characters of the key that ends the text
//! or is followed by an ellipsis.

use base64::Engine;
use std::sync::{Arc, RwLock};

/// What replaces a key.
pub const REDACTED: &str = "[redacted]";
/// Shortest key prefix redacted at a cut. Eight characters are past every vendor prefix
/// ("sk-proj-" is 8), so any longer prefix carries secret characters.
pub const MIN_PREFIX: usize = 8;
/// Keys shorter than this are not redacted: replacing every "abc" would mangle text, and a
/// key that short protects nothing.
const MIN_KEY: usize = 4;

/// The keys known to this run. Cloning shares them: a key added later (when a file's
/// configuration names another variable) is redacted everywhere.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    keys: Arc<RwLock<Vec<String>>>,
}

impl Redactor {
    pub fn new() -> Redactor {
        Redactor::default()
    }

    /// Add a key (blank or too short keys are ignored).
    pub fn add(&self, key: &str) {
        let key = key.trim();
        if key.chars().count() < MIN_KEY {
            return;
        }
        let mut keys = self.keys.write().expect("redactor lock");
        if !keys.iter().any(|k| k == key) {
            keys.push(key.to_string());
            // Longest first: a key that contains another is redacted whole.
            keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
        }
    }

    /// Add the key in environment variable `var`, if set.
    pub fn add_env(&self, var: &str) {
        if let Ok(v) = std::env::var(var) {
            self.add(&v);
        }
    }

    /// Whether `text` holds a key in any form [`Redactor::redact`] removes (a cut prefix
    /// aside: an article may well mention "sk-proj-").
    pub fn found_in(&self, text: &str) -> bool {
        let keys = self.keys.read().expect("redactor lock");
        keys.iter()
            .any(|k| variants(k).iter().any(|v| text.contains(v.as_str())))
    }

    /// `text` with every key replaced by `[redacted]`.
    pub fn redact(&self, text: &str) -> String {
        let keys = self.keys.read().expect("redactor lock");
        let mut out = text.to_string();
        for key in keys.iter() {
            for v in variants(key) {
                if out.contains(v.as_str()) {
                    out = out.replace(v.as_str(), REDACTED);
                }
            }
            out = redact_cut_prefix(&out, key);
        }
        out
    }

    /// [`Redactor::redact`] on every string in a JSON value (keys and values).
    pub fn redact_json(&self, value: &mut serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::String(s) => {
                let r = self.redact(s);
                if r != *s {
                    *s = r;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.redact_json(v)),
            Value::Object(map) => {
                let old = std::mem::take(map);
                for (k, mut v) in old {
                    self.redact_json(&mut v);
                    map.insert(self.redact(&k), v);
                }
            }
            _ => {}
        }
    }
}

/// The forms of `key` that are redacted anywhere: itself, URL-encoded, base64 (standard and
/// URL-safe, with and without padding).
fn variants(key: &str) -> Vec<String> {
    let mut v = vec![key.to_string()];
    let url = url_encode(key);
    if url != key {
        v.push(url);
    }
    let e = base64::engine::general_purpose::STANDARD.encode(key);
    v.push(e.trim_end_matches('=').to_string());
    let e = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key);
    v.push(e);
    v.dedup();
    v
}

fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Redact a prefix of `key` (at least [`MIN_PREFIX`] characters) where the text was cut: at
/// its end, or before an ellipsis.
fn redact_cut_prefix(text: &str, key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= MIN_PREFIX {
        return text.to_string();
    }
    let head: String = chars[..MIN_PREFIX].iter().collect();
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(&head) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        // How much of the key matches here.
        let matched: usize = tail
            .chars()
            .zip(chars.iter())
            .take_while(|(a, b)| a == *b)
            .map(|(a, _)| a.len_utf8())
            .sum();
        let after = &tail[matched..];
        let cut = after.is_empty()
            || after.starts_with('…')
            || after.starts_with("...")
            || after.starts_with(char::is_whitespace) && after.trim_start().starts_with('…');
        if cut {
            out.push_str(REDACTED);
        } else {
            out.push_str(&tail[..matched]);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Cut `text` to at most `max` characters, adding "…" when cut. Call it on redacted text.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() > max {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}…")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk-TESTLEAK1234567890abcdef";

    fn r() -> Redactor {
        let r = Redactor::new();
        r.add(KEY);
        r
    }

    #[test]
    fn the_key_and_its_encodings_are_redacted() {
        let r = r();
        assert_eq!(r.redact(&format!("bad key {KEY}.")), "bad key [redacted].");
        let b64 = base64::engine::general_purpose::STANDARD.encode(KEY);
        assert!(!r.redact(&format!("echo {b64}")).contains(&b64[..20]));
        assert!(r.found_in(&format!("x{KEY}y")));
        assert!(!r.found_in("keys look like sk-TESTLEAK but this is not one"));
    }

    #[test]
    fn item9_a_key_cut_at_a_truncation_point_is_redacted() {
        let r = r();
        // Text that someone else truncated inside the key.
        assert_eq!(r.redact("key: sk-TESTLEAK12…"), "key: [redacted]…");
        assert_eq!(r.redact("key: sk-TESTLEAK12"), "key: [redacted]");
        // Not at a cut: a mention of the vendor prefix stays.
        assert_eq!(
            r.redact("sk-TESTLEAK is the prefix"),
            "sk-TESTLEAK is the prefix"
        );
        // Redact first, then truncate: the cut never falls inside a key.
        let long = format!("{}{KEY}", "x".repeat(290));
        let shown = truncate(&r.redact(&long), 300);
        assert!(!shown.contains("sk-TESTLEAK1"), "{shown}");
    }

    #[test]
    fn json_strings_are_redacted() {
        let r = r();
        let mut v = serde_json::json!({"a": [format!("{KEY}")], "b": {"c": KEY}});
        r.redact_json(&mut v);
        assert!(!v.to_string().contains("TESTLEAK"), "{v}");
    }
}
