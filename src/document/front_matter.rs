//! Front matter: split off by our own few lines (pulldown-cmark's metadata-block option swallows
//! a `---` pair in the middle of a document, upstream issue #1000), then parsed with serde-saphyr
//! (YAML, `---`) or toml (TOML, `+++`) into a JSON-like map.

use serde_json::{Map, Value};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FrontMatterFormat {
    Yaml,
    Toml,
}

/// The parsed front matter of a file. `range` covers the block with its delimiter lines;
/// it is empty when the file has none.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub format: Option<FrontMatterFormat>,
    pub range: Range<usize>,
    pub fields: Map<String, Value>,
}

/// Malformed front matter, with the 1-based line of the file where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: usize,
    pub message: String,
}

impl FrontMatter {
    /// A string field (numbers and booleans are rendered as text).
    pub fn get_str(&self, key: &str) -> Option<String> {
        match self.fields.get(key)? {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The first of several keys that is present as a string.
    pub fn first_str(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| self.get_str(k))
    }

    pub fn title(&self) -> Option<String> {
        self.get_str("title")
    }

    /// The meta description: `description`, else `meta_description`, else `summary`.
    pub fn description(&self) -> Option<String> {
        self.first_str(&["description", "meta_description", "summary"])
    }

    /// The primary keyword: `keyword`, `keyphrase`, `focus_keyword`, else the first of `keywords`
    /// (a list, or a comma-separated string).
    pub fn keyword(&self) -> Option<String> {
        if let Some(k) = self.first_str(&["keyword", "keyphrase", "focus_keyword"]) {
            return Some(k);
        }
        match self.fields.get("keywords")? {
            Value::Array(items) => items
                .iter()
                .find_map(|v| v.as_str().map(str::trim).filter(|s| !s.is_empty()))
                .map(str::to_string),
            Value::String(s) => s
                .split(',')
                .map(str::trim)
                .find(|s| !s.is_empty())
                .map(str::to_string),
            _ => None,
        }
    }

    /// The publication date (`date`, else `publishDate`/`published`), as YYYY-MM-DD.
    pub fn date(&self) -> Option<jiff::civil::Date> {
        let raw = self.first_str(&["date", "publishDate", "published", "pubDate"])?;
        parse_date_prefix(&raw)
    }
}

/// Parse the `YYYY-MM-DD` that starts a date or datetime string.
pub fn parse_date_prefix(raw: &str) -> Option<jiff::civil::Date> {
    let head = raw.trim().get(..10)?;
    head.parse().ok()
}

/// Split front matter off `source`. Returns the front matter and the byte offset where the
/// Markdown body starts. A file that does not open with `---` or `+++` has no front matter.
pub fn split(source: &str) -> Result<(FrontMatter, usize), FrontMatterError> {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &source[bom..];
    let first_line_end = next_line(rest, 0);
    let first = rest[..first_line_end].trim_end();
    let (format, closers): (FrontMatterFormat, &[&str]) = match first {
        "---" => (FrontMatterFormat::Yaml, &["---", "..."]),
        "+++" => (FrontMatterFormat::Toml, &["+++"]),
        _ => return Ok((FrontMatter::default(), 0)),
    };
    let content_start = bom + first_line_end;
    let mut line_start = content_start;
    let close = loop {
        if line_start >= source.len() {
            return Err(FrontMatterError {
                line: 1,
                message: format!(
                    "front matter opened with `{first}` on line 1 is never closed; add a `{}` line after it",
                    closers[0]
                ),
            });
        }
        let end = next_line(source, line_start);
        if closers.contains(&source[line_start..end].trim_end()) {
            break (line_start, end);
        }
        line_start = end;
    };
    let content = &source[content_start..close.0];
    // TOML knows only `\n` and `\r\n`: give both parsers `\n` (same line numbers).
    let content = if content.contains('\r') {
        std::borrow::Cow::Owned(content.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(content)
    };
    let fields = match format {
        FrontMatterFormat::Yaml => parse_yaml(&content)?,
        FrontMatterFormat::Toml => parse_toml(&content)?,
    };
    let front_matter = FrontMatter {
        format: Some(format),
        range: 0..close.1,
        fields,
    };
    Ok((front_matter, close.1))
}

/// The byte offset after the line that starts at `from`: past its `\n`, `\r\n` or lone `\r`
/// (old Mac files), or the end of `text`.
fn next_line(text: &str, from: usize) -> usize {
    match text[from..].find(['\n', '\r']) {
        Some(i) if text[from + i..].starts_with("\r\n") => from + i + 2,
        Some(i) => from + i + 1,
        None => text.len(),
    }
}

/// Lines inside the block are offset by the opening delimiter line.
const FIRST_CONTENT_LINE: usize = 2;

fn parse_yaml(content: &str) -> Result<Map<String, Value>, FrontMatterError> {
    if content.trim().is_empty() {
        return Ok(Map::new());
    }
    let value: Value = serde_saphyr::from_str(content).map_err(|e| {
        let line = e.location().map_or(0, |l| l.line() as usize);
        let first_line = e.to_string().lines().next().unwrap_or("").to_string();
        // The position in the message counts from the block, not the file: drop it, the
        // error carries the file line.
        let first_line = strip_position(&first_line).to_string();
        // serde's wording for a null mapping key speaks Rust ("use Option<String>"): say what
        // it means in YAML instead.
        let first_line = match first_line.split_once("; use Option<") {
            Some((head, _)) => format!("{head} (an empty key: a value starting with `?` starts a key)"),
            None => first_line,
        };
        let message = match plain_yaml_problem(&first_line) {
            Some(plain) => format!("invalid YAML front matter: {plain}"),
            None => format!(
                "invalid YAML front matter: {first_line}; quote values that start with `%`, `?`, `@`, `*`, `&`, `!`, `|` or `>`"
            ),
        };
        FrontMatterError {
            line: FIRST_CONTENT_LINE + line.saturating_sub(1),
            message,
        }
    })?;
    into_map(value, "YAML")
}

/// serde-saphyr's wording for a duplicate key ("set DuplicateKeyPolicy in Options") and for its
/// resource budget ("budget breached: Nodes { nodes: 250001 }") speaks to Rust programmers: say
/// what is wrong with the YAML instead.
fn plain_yaml_problem(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("duplicate mapping key") {
        let key = rest
            .strip_prefix(": ")
            .and_then(|r| r.split(", set DuplicateKeyPolicy").next())
            .filter(|k| !k.is_empty());
        return Some(match key {
            Some(key) => format!("key `{key}` appears twice (here, and earlier); keep one"),
            None => "a key appears twice; keep one".to_string(),
        });
    }
    let breach = message.strip_prefix("budget breached: ")?;
    let kind = breach.split([' ', '{']).next().unwrap_or("");
    let count: String = breach
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    let what = match kind {
        "Nodes" => "too many nodes once aliases (`*name`) are expanded",
        "Aliases" => "too many aliases (`*name`)",
        "Anchors" => "too many anchors (`&name`)",
        "Depth" => "nested too deeply",
        _ => "too large",
    };
    let count = if count.is_empty() {
        String::new()
    } else {
        format!(" ({count} reached)")
    };
    Some(format!(
        "{what}{count}; front matter is a few plain keys, so this looks like an alias bomb or a pasted document"
    ))
}

/// `error: line 3 column 5: unexpected character` -> `unexpected character`.
fn strip_position(message: &str) -> &str {
    let rest = message.strip_prefix("error: ").unwrap_or(message);
    match rest.strip_prefix("line ").and_then(|r| r.split_once(": ")) {
        Some((position, tail)) if position.contains("column") => tail,
        _ => rest,
    }
}

fn parse_toml(content: &str) -> Result<Map<String, Value>, FrontMatterError> {
    let value: toml::Table = toml::from_str(content).map_err(|e| {
        let line = e.span().map_or(0, |span| {
            content[..span.start.min(content.len())]
                .matches('\n')
                .count()
        });
        FrontMatterError {
            line: FIRST_CONTENT_LINE + line,
            message: format!("invalid TOML front matter: {}", e.message()),
        }
    })?;
    let json = serde_json::to_value(value).map_err(|e| FrontMatterError {
        line: 1,
        message: format!("TOML front matter cannot be represented: {e}"),
    })?;
    into_map(unwrap_toml_datetimes(json), "TOML")
}

fn into_map(value: Value, format: &str) -> Result<Map<String, Value>, FrontMatterError> {
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => Err(FrontMatterError {
            line: 1,
            message: format!(
                "{format} front matter must be a mapping of keys to values, found {}",
                json_kind(&other)
            ),
        }),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// toml serialises datetimes as `{"$__toml_private_datetime": "..."}`; we want the string.
fn unwrap_toml_datetimes(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            if map.len() == 1
                && let Some(Value::String(s)) = map.get("$__toml_private_datetime")
            {
                return Value::String(s.clone());
            }
            Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, unwrap_toml_datetimes(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(unwrap_toml_datetimes).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let src = "---\ntitle: Hello\ndate: 2024-03-01\nkeywords: [rust, lint]\n---\n# Body\n";
        let (fm, body) = split(src).unwrap();
        assert_eq!(fm.format, Some(FrontMatterFormat::Yaml));
        assert_eq!(fm.title().as_deref(), Some("Hello"));
        assert_eq!(fm.keyword().as_deref(), Some("rust"));
        assert_eq!(fm.date().unwrap().to_string(), "2024-03-01");
        assert_eq!(&src[body..], "# Body\n");
    }

    #[test]
    fn toml_front_matter_with_datetime() {
        let src = "+++\r\ntitle = \"T\"\r\ndate = 2023-05-06T10:00:00Z\r\n+++\r\nbody";
        let (fm, body) = split(src).unwrap();
        assert_eq!(fm.date().unwrap().to_string(), "2023-05-06");
        assert_eq!(&src[body..], "body");
    }

    #[test]
    fn no_front_matter() {
        let (fm, body) = split("# Title\n---\nnot: front matter\n---\n").unwrap();
        assert!(fm.format.is_none());
        assert_eq!(body, 0);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split("---\ntitle: x\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn invalid_yaml_reports_the_file_line() {
        let err = split("---\ntitle: ok\nbad: [unclosed\n---\n").unwrap_err();
        assert!(err.message.contains("invalid YAML"), "{}", err.message);
        assert!(err.line >= 3, "line {}", err.line);
    }

    #[test]
    fn yaml_indicator_characters_get_a_hint_without_rust_words() {
        let cases = [
            ("---\naliases:\n  - %\n---\n", 3),
            ("---\naliases:\n  - where\n  - ?\n---\n", 4),
        ];
        for (src, line) in cases {
            let err = split(src).unwrap_err();
            assert!(err.message.contains("quote values"), "{}", err.message);
            assert!(!err.message.contains("Option<"), "{}", err.message);
            assert!(!err.message.contains("line "), "{}", err.message);
            // the YAML parser may only notice on the line after the bad value
            assert!(
                (line..=line + 1).contains(&err.line),
                "{} at {}",
                err.message,
                err.line
            );
        }
    }

    #[test]
    fn item13_duplicate_key_and_alias_bomb_in_plain_words() {
        let err = split("---\ntitle: a\ntitle: b\n---\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("key `title` appears twice"), "{err:?}");
        assert!(!err.message.contains("DuplicateKeyPolicy"), "{err:?}");
        let mut bomb = String::from("---\na: &a [x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in ["b", "c", "d", "e", "f", "g"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f"])
        {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        bomb.push_str("---\n");
        let err = split(&bomb).unwrap_err();
        assert!(err.message.contains("too many"), "{err:?}");
        assert!(err.message.contains("alias"), "{err:?}");
        assert!(!err.message.contains("budget breached"), "{err:?}");
    }

    #[test]
    fn item13_lone_cr_front_matter_is_recognised() {
        let source = "---\rtitle: Old Mac\rtags: [a]\r---\r# Body\r";
        let (fm, body) = split(source).unwrap();
        assert_eq!(fm.title().as_deref(), Some("Old Mac"));
        assert_eq!(&source[body..], "# Body\r");
        let (fm, _) = split("+++\rtitle = \"T\"\r+++\rx").unwrap();
        assert_eq!(fm.title().as_deref(), Some("T"));
        let err = split("---\rtitle: a\rbad: [\r---\r").unwrap_err();
        assert!(err.line >= 3, "{err:?}");
    }

    #[test]
    fn scalar_front_matter_is_an_error() {
        let err = split("---\njust a string\n---\n").unwrap_err();
        assert!(err.message.contains("mapping"));
    }
}
