//! The common shape of TOML front matter read without a TOML parser: one `key = value` per
//! line, perhaps under `[name]` table headers, each value a string without escapes, an array
//! of such strings on one line, a decimal integer or a boolean. Anything else (nested or
//! inline tables, dotted or quoted keys, escapes, multi-line strings, dates, floats, comments
//! after a value) gets `None`, and the toml crate reads the block as before.
//!
//! Why: the toml crate and the conversion of its table took 21,000 instructions for a
//! six-line front matter (1% of a run over the Rust blog). The test
//! `flat_front_matter_reads_as_the_toml_crate_reads_it` holds every answer of this reader to
//! `front_matter::parse_toml`'s on generated front matter.

use serde_json::{Map, Number, Value};

/// The fields of `content` (a TOML front matter block, lines ending in `\n`), or `None` when
/// it is not of the flat shape this module reads exactly as the toml crate does.
pub(super) fn parse(content: &str) -> Option<Map<String, Value>> {
    let mut fields = Map::new();
    // The table that a `[name]` line opened, which the lines after it fill.
    let mut table: Option<(&str, Map<String, Value>)> = None;
    for line in content.split('\n') {
        let line = line.trim_matches(' ');
        if line.is_empty() || line.starts_with('#') {
            continue; // A blank line or a comment.
        }
        if let Some(name) = line.strip_prefix('[') {
            let name = name.strip_suffix(']')?.trim_matches(' ');
            if !is_bare_key(name) {
                return None;
            }
            close_table(&mut fields, table.replace((name, Map::new())))?;
            continue;
        }
        let (key, value) = line.split_once('=')?;
        let key = key.trim_end_matches(' ');
        let into = table.as_mut().map_or(&mut fields, |(_, map)| map);
        // A duplicate key is an error the toml crate words.
        if !is_bare_key(key) || into.contains_key(key) {
            return None;
        }
        into.insert(key.to_string(), value_of(value.trim_start_matches(' '))?);
    }
    close_table(&mut fields, table)?;
    // The toml crate's table keeps its keys sorted, and so the map made from it.
    fields.sort_keys();
    Some(fields)
}

/// A key of letters, digits, `_` and `-`, which TOML takes as written.
fn is_bare_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
}

/// Put a finished `[name]` table into `fields`: `None` when the name is taken (an error the
/// toml crate words).
fn close_table(
    fields: &mut Map<String, Value>,
    table: Option<(&str, Map<String, Value>)>,
) -> Option<()> {
    if let Some((name, mut map)) = table {
        if fields.contains_key(name) {
            return None;
        }
        map.sort_keys();
        fields.insert(name.to_string(), Value::Object(map));
    }
    Some(())
}

/// A whole value, when it is one of the kinds this module reads.
fn value_of(text: &str) -> Option<Value> {
    match text.as_bytes().first()? {
        b'"' | b'\'' => {
            let (s, rest) = string(text)?;
            rest.is_empty().then_some(Value::String(s.to_string()))
        }
        b'[' => array(&text[1..]),
        b'1'..=b'9' if text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit()) => text
            .parse::<i64>()
            .ok()
            .map(|n| Value::Number(Number::from(n))),
        b'0' if text == "0" => Some(Value::Number(Number::from(0))),
        _ => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
    }
}

/// A one-line string at the start of `text` (basic without `\`, or literal) and the text
/// after it: `None` for an escape or a control character (a multi-line string leaves
/// quotes after the empty string it starts with, which no caller accepts).
fn string(text: &str) -> Option<(&str, &str)> {
    let quote = char::from(
        *text
            .as_bytes()
            .first()
            .filter(|&&b| b == b'"' || b == b'\'')?,
    );
    let body = &text[1..];
    let end = body.find(quote)?;
    let s = &body[..end];
    if s.chars().any(|c| c.is_control() || c == '\\') {
        return None;
    }
    Some((s, &body[end + 1..]))
}

/// The items of an array written on one line (`text` after its `[`): strings, separated by
/// commas, perhaps one after the last.
fn array(mut text: &str) -> Option<Value> {
    let mut items = Vec::new();
    loop {
        text = text.trim_start_matches(' ');
        if text == "]" {
            return Some(Value::Array(items));
        }
        let (s, rest) = string(text)?;
        items.push(Value::String(s.to_string()));
        text = rest.trim_start_matches(' ');
        text = match text.strip_prefix(',') {
            Some(rest) => rest,
            None if text == "]" => text,
            None => return None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;

    /// What the toml crate makes of `content`, as `front_matter::parse_toml` reads it.
    fn toml_crate(content: &str) -> Result<Map<String, Value>, String> {
        let table: toml::Table = toml::from_str(content).map_err(|e| e.to_string())?;
        match serde_json::to_value(table).map_err(|e| e.to_string())? {
            Value::Object(map) => Ok(map),
            other => Err(format!("not a table: {other:?}")),
        }
    }

    /// The fields as JSON text, in their order at every level: map equality ignores order, a
    /// listing of the keys does not.
    fn in_order(map: &Map<String, Value>) -> String {
        serde_json::to_string(map).unwrap()
    }

    #[test]
    fn reads_the_common_shapes() {
        let content = "path = \"2016/04/19/MIR\"\ntitle = \"Introducing MIR\"\n\
            authors = [\"Niko Matsakis\", 'Ralf', ]\n# a comment\n\
            description = \"The shift to use MIR: in the compiler.\"\naliases = []\n\
            weight = 10\ndraft = false\nempty = \"\"\n\n[extra]\nteam = \"lang\"\nteam_url = 'https://x'\n";
        let fields = parse(content).expect("a flat front matter");
        assert_eq!(
            fields["authors"],
            serde_json::json!(["Niko Matsakis", "Ralf"])
        );
        assert_eq!(fields["weight"], 10);
        assert_eq!(fields["extra"]["team"], "lang");
        let expected = toml_crate(content).unwrap();
        assert_eq!(in_order(&fields), in_order(&expected));
    }

    #[test]
    fn leaves_every_other_shape_to_the_parser() {
        for content in [
            "a = 1\na = 2\n",
            "[a.b]\nc = 1\n",
            "[[a]]\nc = 1\n",
            "a = 1\n[a]\nc = 1\n",
            "[t]\nc = 1\n[t]\nd = 1\n",
            "[t]\nc = 1\nc = 2\n",
            "a.b = 1\n",
            "\"a\" = 1\n",
            "a = \"esc\\n\"\n",
            "a = \"\"\"multi\"\"\"\n",
            "a = 1.5\n",
            "a = 1_000\n",
            "a = 007\n",
            "a = 2020-01-01\n",
            "a = \"x\" # comment\n",
            "a = [1, 2]\n",
            "a = [\"x\",\n  \"y\"]\n",
            "a\n",
        ] {
            assert_eq!(parse(content), None, "{content:?}");
        }
    }

    #[test]
    fn flat_front_matter_reads_as_the_toml_crate_reads_it() {
        const KEYS: [&str; 8] = ["title", "path", "a-b", "_k", "9", "Z", "x y", "a.b"];
        const PIECES: [&str; 30] = [
            "", "0", "1", "7", ".", "_", "-", "+", "e", " ", "#", "=", "a", "true", "false", "\"",
            "'", "[", "]", ",", "\\", "\t", "é", "’", "\u{1}", "\u{7F}", "inf", "nan", ":", "T",
        ];
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let (mut read, mut total) = (0, 0);
        for _ in 0..40_000 {
            let mut content = String::new();
            for _ in 0..1 + rng.below(4) {
                if rng.below(6) == 0 {
                    content.push_str(rng.pick::<&str>(&[
                        "# c\n",
                        "\n",
                        "  \n",
                        "[t]\n",
                        "[u]\n",
                        "[title]\n",
                    ]));
                }
                content.push_str(rng.pick::<&str>(&KEYS));
                content.push_str(rng.pick::<&str>(&[" = ", "=", "  =  "]));
                // Often a string or an array of strings, else anything.
                let (open, close) =
                    *rng.pick(&[("\"", "\""), ("'", "'"), ("[\"", "\"]"), ("", "")]);
                content.push_str(open);
                for _ in 0..rng.below(6) {
                    content.push_str(rng.pick::<&str>(&PIECES));
                }
                content.push_str(close);
                content.push('\n');
            }
            total += 1;
            if let Some(fields) = parse(&content) {
                read += 1;
                let expected = toml_crate(&content);
                assert!(expected.is_ok(), "{content:?}: {expected:?}");
                assert_eq!(
                    in_order(&fields),
                    in_order(&expected.unwrap()),
                    "{content:?}"
                );
            }
        }
        // The generator must reach the reader's paths, not only its refusals.
        assert!(read * 10 > total, "{read} of {total} read");
    }
}
