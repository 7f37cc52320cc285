//! The common shape of YAML front matter read without a YAML parser: one `key: value` per
//! line, or `key:` over `- item` lines indented alike, each value or item a scalar whose type
//! is certain (a string that cannot be read as a number, a boolean or null; a plain decimal
//! integer; `true`, `false`; `[]`). Anything else (nested mappings, flow lists, tags,
//! anchors, escapes, block scalars, a value whose type depends on the resolver's rules) gets
//! `None`, and serde-saphyr reads the block as before, errors included.
//!
//! Why: serde-saphyr took 94,000 instructions for a seven-line front matter, 4% of a run over
//! the PowerShell docs (3,089 files), more than this module's whole walk by two orders of
//! magnitude. The test `flat_front_matter_reads_as_serde_saphyr_reads_it` holds every answer
//! of this reader to serde-saphyr's on generated front matter.

use serde_json::{Map, Number, Value};

/// The fields of `content` (a YAML front matter block, lines ending in `\n`), or `None` when
/// it is not of the flat shape this module reads exactly as serde-saphyr does.
pub(super) fn parse(content: &str) -> Option<Map<String, Value>> {
    let mut fields = Map::new();
    let mut lines = content.split('\n').peekable();
    while let Some(line) = lines.next() {
        let Some(&first) = line.as_bytes().first() else {
            continue; // A blank line.
        };
        if first == b'#' {
            continue; // A comment.
        }
        if !(first.is_ascii_alphabetic() || first == b'_') {
            // Indented (a nested value or a continued scalar), spaces alone, a list item out
            // of place, a directive, a document marker, a quoted or complex key.
            return None;
        }
        let (key, value) = match line.split_once(": ") {
            Some((key, value)) => (key, value),
            None => (line.strip_suffix(':')?, ""),
        };
        if !is_plain_key(key) || fields.contains_key(key) {
            // Duplicates are an error serde-saphyr words.
            return None;
        }
        let value = value.trim_start_matches(' ');
        let value = match lines.peek().and_then(|next| item_indent(next)) {
            // `key:` over lines `- item`, indented alike (or not at all).
            Some(indent) if value.trim_end_matches(' ').is_empty() => {
                let mut items = Vec::new();
                while let Some(item) = lines
                    .peek()
                    .and_then(|next| next.strip_prefix(indent)?.strip_prefix("- "))
                {
                    lines.next();
                    items.push(scalar(item.trim_start_matches(' '))?);
                }
                Value::Array(items)
            }
            _ => scalar(value)?,
        };
        fields.insert(key.to_string(), value);
    }
    (!fields.is_empty()).then_some(fields)
}

/// The spaces before `- ` when `line` is an item of a block list.
fn item_indent(line: &str) -> Option<&str> {
    let indent = &line[..line.len() - line.trim_start_matches(' ').len()];
    line[indent.len()..].starts_with("- ").then_some(indent)
}

/// Words that a YAML resolver may read as a boolean, null or float (YAML 1.1 booleans, which
/// serde-saphyr accepts by default, and what Rust's float parser accepts), in lower case.
const RESERVED: [&str; 12] = [
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "inf", "infinity", "nan",
];

fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| word.eq_ignore_ascii_case(r))
}

/// A key that YAML reads as the string it is: letters, digits, `_`, `-`, `.` and inner
/// spaces, starting with a letter or `_`, and not a word a resolver may read otherwise.
fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && !key.ends_with(' ')
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b' '))
        && !is_reserved(key)
}

/// The value of a scalar written after `key: ` (leading spaces removed), when its type and
/// text are certain.
fn scalar(text: &str) -> Option<Value> {
    let text = text.trim_end_matches(' ');
    if text.is_empty() {
        return Some(Value::Null);
    }
    if text.chars().any(is_special_char) {
        return None;
    }
    match text.as_bytes()[0] {
        b'"' => quoted(text, '"'),
        b'\'' => quoted(text, '\''),
        b'[' => matches!(text, "[]" | "[ ]").then(|| Value::Array(Vec::new())),
        first if first.is_ascii_alphanumeric() || first == b'/' => plain(text),
        _ => None,
    }
}

/// A tab, a character that YAML reads as a line break or byte-order mark, or one that is not
/// printable: serde-saphyr decides.
fn is_special_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

/// A plain scalar (`text` starts with a letter, a digit or `/`).
fn plain(text: &str) -> Option<Value> {
    // `: ` would start a mapping, ` #` a comment; a final `:` a nested mapping.
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return None;
    }
    let first = text.as_bytes()[0];
    if first.is_ascii_digit() {
        return number_like(text);
    }
    if text == "true" || text == "false" {
        return Some(Value::Bool(text == "true"));
    }
    // A letter or `/` first: no integer or float starts so, and the words a resolver may
    // read as a boolean, null or float are left to it.
    (!is_reserved(text)).then(|| Value::String(text.to_string()))
}

/// A plain scalar that starts with a digit: a decimal integer without a leading zero (an
/// unsigned 64-bit number, as serde-saphyr makes it), or a string when neither its integer
/// nor its float parser can read it (`2.0.0`, `2017-11-29`, `01/18/2026`). Underscores and
/// radix prefixes (`1_000`, `0x1F`) depend on its options, and floats on their printing: `None`.
fn number_like(text: &str) -> Option<Value> {
    let bytes = text.as_bytes();
    if bytes.iter().all(u8::is_ascii_digit) {
        if (bytes[0] == b'0' && bytes.len() > 1) || bytes.len() > 18 {
            return None;
        }
        return text
            .parse::<u64>()
            .ok()
            .map(|n| Value::Number(Number::from(n)));
    }
    let radix =
        bytes[0] == b'0' && matches!(bytes.get(1), Some(b'x' | b'X' | b'o' | b'O' | b'b' | b'B'));
    if radix || text.contains('_') || text.parse::<f64>().is_ok() {
        return None;
    }
    Some(Value::String(text.to_string()))
}

/// A quoted scalar that is the whole value and holds no escape (`\` in double quotes, `''`
/// in single ones): its text as written.
fn quoted(text: &str, quote: char) -> Option<Value> {
    let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
    if inner.contains(quote) || (quote == '"' && inner.contains('\\')) {
        return None;
    }
    Some(Value::String(inner.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    /// What serde-saphyr makes of `content`, as `front_matter::parse_yaml` reads it.
    fn saphyr(content: &str) -> Result<Map<String, Value>, String> {
        match serde_saphyr::from_str::<Value>(content) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(other) => Err(format!("not a mapping: {other:?}")),
            Err(e) => Err(e.to_string()),
        }
    }

    #[test]
    fn reads_the_common_shapes() {
        let content = "title: Get-Counter\nms.date: 01/18/2026\nschema: 2.0.0\n\
            external help file: Microsoft.PowerShell.Commands.Diagnostics.dll-Help.xml\n\
            online version: https://learn.microsoft.com/powershell/module/get-counter?view=powershell-7.5&WT.mc_id=ps-gethelp\n\
            # a comment\nweight: 10\ndraft: false\nkeywords: []\nlastmod: 2026-07-08\n\
            description: \"Quoted: with a colon\"\nurl: /blog/\nempty:\nname: 'single'\n\
            aliases:\n  - gcai\n  - \"gc\"\ntags:\n- rust\n- 2.0.1\n";
        let fields = parse(content).expect("a flat front matter");
        assert_eq!(fields["schema"], "2.0.0");
        assert_eq!(fields["weight"], 10);
        assert_eq!(fields["draft"], false);
        assert_eq!(fields["empty"], Value::Null);
        assert_eq!(fields["aliases"], serde_json::json!(["gcai", "gc"]));
        assert_eq!(Ok(fields), saphyr(content));
    }

    #[test]
    fn leaves_every_other_shape_to_the_parser() {
        for content in [
            "a: 1\na: 2\n",
            "tags:\n  - rust\n   - go\n",
            "tags:\n  - rust\n  -\n",
            "tags:\n  - a: b\n",
            "tags: x\n  - rust\n",
            "title: >\n  folded\n",
            "title: a\n  continued\n",
            "x: &anchor v\n",
            "x: !tag v\n",
            "x: \"esc\\n\"\n",
            "x: 'it''s'\n",
            "x: 1.5\n",
            "x: 0x1F\n",
            "x: 1_000\n",
            "x: 007\n",
            "x: yes\n",
            "x: Null\n",
            "x: ~\n",
            "x: a: b\n",
            "x: a #comment\n",
            "x: [a, b]\n",
            "yes: a\n",
            "\"k\": v\n",
            "# only a comment\n",
        ] {
            assert_eq!(parse(content), None, "{content:?}");
        }
    }

    #[test]
    fn flat_front_matter_reads_as_serde_saphyr_reads_it() {
        const KEYS: [&str; 10] = [
            "title",
            "ms.date",
            "Module Name",
            "draft",
            "weight",
            "_k",
            "a-b",
            "Yes",
            "on",
            "x y",
        ];
        const PIECES: [&str; 44] = [
            "", "0", "1", "7", "2", ".", "5", "e", "E", "x", "o", "b", "_", "-", "+", ":", "/",
            " ", "  ", "#", "a", "Z", "y", "n", "true", "False", "null", "NULL", "~", "inf", "NaN",
            "yes", "Off", "\"", "'", "[", "]", "\\", "\t", "é", "’", "\u{85}", ",", "T",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut read, mut total, mut lists) = (0, 0, 0);
        for _ in 0..40_000 {
            let mut content = String::new();
            for _ in 0..1 + rng.below(4) {
                if rng.below(12) == 0 {
                    content.push_str(["# c\n", "\n", "  - i\n", "   \n", "- 0\n"][rng.below(5)]);
                }
                content.push_str(KEYS[rng.below(KEYS.len())]);
                content.push_str([": ", ":", ":  "][rng.below(3)]);
                let list = rng.below(4) == 0;
                let mut value = String::new();
                for _ in 0..if list { 0 } else { rng.below(7) } {
                    value.push_str(PIECES[rng.below(PIECES.len())]);
                }
                content.push_str(&value);
                content.push('\n');
                if list {
                    // A block list, its items indented alike or (rarely) not.
                    let indent = ["", "  ", " "][rng.below(3)];
                    for _ in 0..1 + rng.below(3) {
                        content.push_str(if rng.below(8) == 0 { "   " } else { indent });
                        content.push_str("- ");
                        for _ in 0..rng.below(5) {
                            content.push_str(PIECES[rng.below(PIECES.len())]);
                        }
                        content.push('\n');
                    }
                }
            }
            total += 1;
            if let Some(fields) = parse(&content) {
                read += 1;
                lists += usize::from(
                    fields
                        .values()
                        .any(|v| matches!(v, Value::Array(a) if !a.is_empty())),
                );
                let expected = saphyr(&content);
                assert!(expected.is_ok(), "{content:?}: {expected:?}");
                // In order: map equality ignores it, a listing of the keys does not.
                let in_order =
                    |map: &Map<String, Value>| map.clone().into_iter().collect::<Vec<_>>();
                assert_eq!(
                    in_order(&fields),
                    in_order(&expected.unwrap()),
                    "{content:?}"
                );
            }
        }
        // The generator must reach the reader's paths, not only its refusals.
        assert!(read * 20 > total, "{read} of {total} read");
        assert!(lists > 500, "{lists} lists read");
    }
}
