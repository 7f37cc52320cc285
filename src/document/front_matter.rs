//! Front matter: split off by our own few lines (pulldown-cmark's metadata-block option swallows
//! a `---` pair in the middle of a document, upstream issue #1000), then parsed with serde-saphyr
//! (YAML, `---`) or toml (TOML, `+++`) into a JSON-like map.

use crate::text::quick_regex::QuickRegex;
use serde_json::{Map, Value};
use std::ops::Range;
use std::sync::LazyLock;

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

/// Front matter of at most this many fields is searched key by key: comparing a few short
/// keys is quicker than the map's SipHash of the key (fields are asked about some fifty times
/// a page: 0.6% of a blog's instructions).
const SCANNED_FIELDS: usize = 16;

impl FrontMatter {
    /// The value of field `key`, if present.
    pub fn field(&self, key: &str) -> Option<&Value> {
        if self.fields.len() <= SCANNED_FIELDS {
            // Keys are unique: the first equal key is the map's.
            self.fields
                .iter()
                .find(|(k, _)| k.as_str() == key)
                .map(|(_, v)| v)
        } else {
            self.fields.get(key)
        }
    }

    /// A string field (numbers and booleans are rendered as text).
    pub fn get_str(&self, key: &str) -> Option<String> {
        match self.field(key)? {
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

    /// The keys read as the primary keyword by default, in order.
    pub const KEYWORD_KEYS: &'static [&'static str] =
        &["keyword", "keyphrase", "focus_keyword", "keywords"];

    /// The primary keyword: `keyword`, `keyphrase`, `focus_keyword`, else the first of `keywords`
    /// (a list, or a comma-separated string).
    pub fn keyword(&self) -> Option<String> {
        self.keyword_from(Self::KEYWORD_KEYS)
    }

    /// The primary keyword from the first of `keys` that holds one: a string (for a key named
    /// `keywords`, its first comma-separated item) or the first string of a list.
    pub fn keyword_from<K: AsRef<str>>(&self, keys: &[K]) -> Option<String> {
        keys.iter().find_map(|key| {
            let key = key.as_ref();
            match self.field(key)? {
                // Only `keywords` is a list; a list under `keyword` is the wrong type
                // (frontmatter/invalid-field) and is not used.
                Value::Array(items) if key == "keywords" => items
                    .iter()
                    .find_map(|v| v.as_str().map(str::trim).filter(|s| !s.is_empty()))
                    .map(str::to_string),
                Value::String(s) if key == "keywords" => s
                    .split(',')
                    .map(str::trim)
                    .find(|s| !s.is_empty())
                    .map(str::to_string),
                _ => self.get_str(key),
            }
        })
    }

    /// The built-in publication-date keys, in order of preference.
    pub const DATE_KEYS: &'static [&'static str] = DATE_KEYS;
    /// The accepted date forms, for messages.
    pub const DATE_FORMS: &'static str = DATE_FORMS;

    /// The publication date from the built-in keys ([`DATE_KEYS`]), if one can be read.
    pub fn date(&self) -> Option<jiff::civil::Date> {
        self.date_field(&[]).date
    }

    /// A date written in the page's address (`path`, `url`, `permalink`, `slug`), see
    /// [`date_in_path`].
    pub fn address_date(&self) -> Option<jiff::civil::Date> {
        PATH_DATE_KEYS
            .iter()
            .find_map(|k| self.get_str(k).and_then(|v| date_in_path(&v)))
    }

    /// The publication date: the first key of [`DATE_KEYS`], then `extra_keys`, whose value
    /// can be read as a date ([`parse_date_lenient`]). Values that are present but cannot be
    /// read are listed in `invalid`, so that they are reported rather than silently dropped.
    pub fn date_field(&self, extra_keys: &[String]) -> DateField {
        let mut field = DateField::default();
        let keys = DATE_KEYS
            .iter()
            .copied()
            .chain(extra_keys.iter().map(String::as_str));
        for key in keys {
            let Some(value) = self.field(key) else {
                continue;
            };
            let text = match value {
                Value::Null => continue,
                Value::String(s) if s.trim().is_empty() => continue,
                Value::String(s) => s.trim().to_string(),
                other => other.to_string(),
            };
            let date = match value {
                Value::String(_) => parse_date_lenient(&text, key),
                _ => Err(DateError::NotText),
            };
            match date {
                Ok(d) if field.date.is_none() => {
                    field.date = Some(d);
                    field.key = Some(key.to_string());
                }
                Ok(_) => {}
                Err(error) => field.invalid.push(InvalidDate {
                    key: key.to_string(),
                    value: text,
                    error,
                }),
            }
        }
        field
    }
}

/// Front-matter keys whose value is a page address that may carry its date
/// (`path = "2017/05/03/rust-1.18"` in Zola sites, a Jekyll `permalink`).
pub const PATH_DATE_KEYS: &[&str] = &["path", "url", "permalink", "slug"];

/// The first `YYYY-MM-DD` or `YYYY/MM/DD` in a file name or page address (Jekyll's
/// `_posts/2019-01-07-title.md`, Zola's `2017/05/03/slug`), if it is a real date between 1970
/// and 2099 and stands alone (not part of a longer number).
pub fn date_in_path(text: &str) -> Option<jiff::civil::Date> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let w = &b[i..i + 10];
        let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
        let alone = (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 10).is_none_or(|c| !c.is_ascii_digit());
        if !(alone
            && digits(0..4)
            && digits(5..7)
            && digits(8..10)
            && w[4] == w[7]
            && (w[4] == b'-' || w[4] == b'/'))
        {
            return None;
        }
        let text = std::str::from_utf8(w).ok()?;
        let year: i16 = text[0..4].parse().ok()?;
        let month: i8 = text[5..7].parse().ok()?;
        let day: i8 = text[8..10].parse().ok()?;
        if !(1970..=2099).contains(&year) {
            return None;
        }
        jiff::civil::Date::new(year, month, day).ok()
    })
}

/// Parse the `YYYY-MM-DD` that starts a date or datetime string.
pub fn parse_date_prefix(raw: &str) -> Option<jiff::civil::Date> {
    let head = raw.trim().get(..10)?;
    head.parse().ok()
}

/// The front-matter keys read as the publication date, in order of preference: Hugo and Jekyll
/// (`date`, `publishDate`), Astro (`pubDate`), Eleventy and others (`published`), GitLab-style
/// metadata (`created_at`), Microsoft Learn (`ms.date`). `[brief] date_keys` adds more.
pub const DATE_KEYS: &[&str] = &[
    "date",
    "publishDate",
    "pubDate",
    "published",
    "created_at",
    "ms.date",
];

/// The accepted date forms, for messages.
pub const DATE_FORMS: &str = "2024-04-09, 2024-4-9, 2024-04-09T10:00:00+02:00 (or Z), \
2024-04-09 10:00:00 +0000, 2024/04/09, April 9, 2024, Apr 9, 2024, 9 April 2024, or a \
day/month/year with slashes whose order is unambiguous (25/12/2024; under `ms.date`, \
Microsoft Learn's MM/DD/YYYY)";

/// What [`FrontMatter::date_field`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DateField {
    pub date: Option<jiff::civil::Date>,
    /// The key the date was read from.
    pub key: Option<String>,
    /// Date keys whose value could not be read.
    pub invalid: Vec<InvalidDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InvalidDate {
    pub key: String,
    pub value: String,
    pub error: DateError,
}

/// Why a front-matter date could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// A number, list or mapping rather than text.
    NotText,
    /// No accepted form.
    Unrecognised,
    /// An accepted form naming a day that does not exist (2024-02-30).
    NoSuchDay,
    /// `04/09/2024`: April 9 or 4 September.
    Ambiguous,
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DateError::NotText => "it is not text",
            DateError::Unrecognised => "it is not in a date form contentlint reads",
            DateError::NoSuchDay => "that day does not exist",
            DateError::Ambiguous => {
                "it could be month/day or day/month; write the year first (YYYY-MM-DD)"
            }
        })
    }
}

static ISO_DATE: LazyLock<QuickRegex> = LazyLock::new(|| {
    // 2024-04-09, 2024-4-9, 2024/04/09, then an optional time: T or a space, hh:mm[:ss[.f]],
    // then an optional offset (Z, +02:00, +0000, UTC).
    QuickRegex::new(
        r"(?i)^(\d{4})([-/])(\d{1,2})([-/])(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$",
        "date regex",
    )
});

static SLASH_DATE: LazyLock<QuickRegex> = LazyLock::new(|| {
    QuickRegex::new(
        r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$",
        "date regex",
    )
});

static MONTH_FIRST: LazyLock<QuickRegex> = LazyLock::new(|| {
    QuickRegex::new(
        r"^(?:[A-Za-z]+,?\s+)??([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$",
        "date regex",
    )
});

static DAY_FIRST: LazyLock<QuickRegex> = LazyLock::new(|| {
    QuickRegex::new(
        r"^(?:[A-Za-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\.?\s+([A-Za-z]+)\.?,?\s+(\d{4})$",
        "date regex",
    )
});

/// An English month name or its abbreviation (Jan, Sept), 1-12.
fn month_number(name: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let name = name.to_lowercase();
    if name.len() < 3 {
        return None;
    }
    let m = MONTHS
        .iter()
        .position(|m| *m == name || (name.len() <= 4 && m.starts_with(&name)))?;
    Some(m as i8 + 1)
}

fn civil(year: &str, month: i8, day: &str) -> Result<jiff::civil::Date, DateError> {
    let year: i16 = year.parse().map_err(|_| DateError::Unrecognised)?;
    let day: i8 = day.parse().map_err(|_| DateError::Unrecognised)?;
    jiff::civil::Date::new(year, month, day).map_err(|_| DateError::NoSuchDay)
}

/// Read a front-matter date leniently, as sites write them (see [`DATE_FORMS`]). The date is
/// the calendar date as written: `2024-04-09T23:30:00-05:00` is 9 April, in the author's zone.
/// Slash dates with the day and month both 12 or under are rejected as ambiguous, except under
/// `ms.date`, whose documented form is MM/DD/YYYY (Microsoft Learn metadata reference).
pub fn parse_date_lenient(raw: &str, key: &str) -> Result<jiff::civil::Date, DateError> {
    let raw = raw.trim();
    // The two forms most sites write, `2024-04-09` (or with slashes) and `06/09/2017`, read in
    // place: matching the date regexes' groups took 2.5 K instructions a date, and every file
    // reads its date twice (the reference date, and frontmatter/invalid-date). Anything else
    // goes to the regexes, which read these two the same.
    let b = raw.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() == 10 {
        if digits(0..4) && digits(5..7) && digits(8..10) && matches!(b[4], b'-' | b'/') {
            if b[7] == b[4] {
                return iso_date(&raw[..4], &raw[5..7], &raw[8..]);
            }
        } else if digits(0..2) && digits(3..5) && digits(6..10) && b[2] == b'/' && b[5] == b'/' {
            return slash_date(&raw[..2], &raw[3..5], &raw[6..], key);
        }
    }
    parse_date_by_regex(raw, key)
}

/// [`parse_date_lenient`] of a trimmed text, every form read by its regex.
fn parse_date_by_regex(raw: &str, key: &str) -> Result<jiff::civil::Date, DateError> {
    if let Some(c) = ISO_DATE.captures(raw) {
        if c[2] != c[4] {
            return Err(DateError::Unrecognised);
        }
        return iso_date(&c[1], &c[3], &c[5]);
    }
    if let Some(c) = SLASH_DATE.captures(raw) {
        return slash_date(&c[1], &c[2], &c[3], key);
    }
    if let Some(c) = MONTH_FIRST.captures(raw)
        && let Some(month) = month_number(&c[1])
    {
        return civil(&c[3], month, &c[2]);
    }
    if let Some(c) = DAY_FIRST.captures(raw)
        && let Some(month) = month_number(&c[2])
    {
        return civil(&c[3], month, &c[1]);
    }
    Err(DateError::Unrecognised)
}

/// The date of an [`ISO_DATE`]'s year, month and day.
fn iso_date(year: &str, month: &str, day: &str) -> Result<jiff::civil::Date, DateError> {
    let month: i8 = month.parse().map_err(|_| DateError::Unrecognised)?;
    civil(year, month, day)
}

/// The date of a [`SLASH_DATE`]'s two numbers and year: month first unless the numbers say
/// otherwise (see [`parse_date_lenient`]).
fn slash_date(a: &str, b: &str, year: &str, key: &str) -> Result<jiff::civil::Date, DateError> {
    let (first, second): (i8, i8) = (
        a.parse().map_err(|_| DateError::Unrecognised)?,
        b.parse().map_err(|_| DateError::Unrecognised)?,
    );
    let (month, day) = if key == "ms.date" || first == second || (first <= 12 && second > 12) {
        (first, b)
    } else if first > 12 && second <= 12 {
        (second, a)
    } else if first > 12 && second > 12 {
        return Err(DateError::NoSuchDay);
    } else {
        return Err(DateError::Ambiguous);
    };
    civil(year, month, day)
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
    // memchr's vector search: `find` with a pattern of two chars decodes the line a
    // character at a time (450 instructions a line of a blog's front matter).
    match memchr::memchr2(b'\n', b'\r', &text.as_bytes()[from..]) {
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
    // Most front matter is a few `key: value` lines: read without the YAML parser.
    if let Some(fields) = super::flat_yaml::parse(content) {
        return Ok(fields);
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
    // Most front matter is a few `key = value` lines: read without the TOML parser.
    if let Some(fields) = super::flat_toml::parse(content) {
        return Ok(fields);
    }
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

/// The date regexes (the differential test of `quick_regex` reads them).
#[cfg(test)]
pub(crate) fn quick_regexes() -> Vec<&'static QuickRegex> {
    vec![&ISO_DATE, &SLASH_DATE, &MONTH_FIRST, &DAY_FIRST]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dates read in place are read as the regexes read them: every text of the two
    /// shapes (random digits, so impossible months and days too, each separator), and
    /// near misses that must go to the regexes.
    #[test]
    fn dates_read_in_place_as_the_regexes_read_them() {
        let mut rng = crate::testing::Rng(47);
        let digit = |rng: &mut crate::testing::Rng| char::from(b'0' + rng.below(10) as u8);
        for _ in 0..20_000 {
            let seps = ['-', '/', '.', ' '];
            let (s1, s2) = (*rng.pick(&seps), *rng.pick(&seps));
            // Ten characters, digits but for the separators at `at`.
            let shaped = |rng: &mut crate::testing::Rng, at: [usize; 2]| -> String {
                (0..10)
                    .map(|i| match i {
                        i if i == at[0] => s1,
                        i if i == at[1] => s2,
                        _ => digit(rng),
                    })
                    .collect()
            };
            let text: String = match rng.below(3) {
                0 => shaped(&mut rng, [4, 7]),
                1 => shaped(&mut rng, [2, 5]),
                // One byte more or fewer, or a digit beyond ASCII.
                _ => {
                    let mut t: String = "2024-04-09".into();
                    match rng.below(3) {
                        0 => t.push(digit(&mut rng)),
                        1 => t.insert(0, ' '),
                        _ => t.replace_range(9..10, "\u{0663}"),
                    }
                    t
                }
            };
            for key in ["date", "ms.date"] {
                assert_eq!(
                    parse_date_lenient(&text, key),
                    parse_date_by_regex(text.trim(), key),
                    "{text:?} under {key}"
                );
            }
        }
    }

    /// `field` answers as the map's look-up, for front matter searched key by key and for
    /// larger front matter.
    #[test]
    fn field_is_the_maps_value() {
        for n in [
            0,
            1,
            SCANNED_FIELDS - 1,
            SCANNED_FIELDS,
            SCANNED_FIELDS + 1,
            40,
        ] {
            let yaml: String = (0..n).map(|i| format!("k{i}: v{i}\n")).collect();
            let (fm, _) = split(&format!("---\n{yaml}---\n# T\n")).unwrap();
            assert_eq!(fm.fields.len(), n);
            for key in (0..n + 2)
                .map(|i| format!("k{i}"))
                .chain(["".into(), "k".into()])
            {
                assert_eq!(fm.field(&key), fm.fields.get(&key), "{n} fields, {key}");
            }
        }
    }

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
    fn every_accepted_date_form() {
        let cases = [
            ("2024-04-09", "date"),
            ("2024-4-9", "date"),
            ("2024-04-09T10:00:00+02:00", "date"),
            ("2024-04-09T23:30:00Z", "date"),
            ("2024-04-09T10:00:00.123-05:00", "date"),
            ("2024-04-09 10:00:00 +0000", "date"),
            ("2024-04-09 10:00:00", "date"),
            ("2024-04-09 10:00", "date"),
            ("2024/04/09", "date"),
            ("April 9, 2024", "date"),
            ("Apr 9, 2024", "date"),
            ("Apr. 9 2024", "date"),
            ("9 April 2024", "date"),
            ("9th April, 2024", "date"),
            ("Tuesday, April 9, 2024", "date"),
            ("13/04/2024", "date"),
            ("04/13/2024", "date"),
            ("09/04/2024", "ms.date"),
            ("4/9/2024", "ms.date"),
        ];
        for (raw, key) in cases {
            let want = if key == "ms.date" && raw.starts_with('0') {
                "2024-09-04"
            } else if raw.contains("13") {
                "2024-04-13"
            } else {
                "2024-04-09"
            };
            assert_eq!(
                parse_date_lenient(raw, key).map(|d| d.to_string()),
                Ok(want.to_string()),
                "{raw} under {key}"
            );
        }
    }

    #[test]
    fn unreadable_dates_say_why() {
        let cases = [
            ("04/09/2024", DateError::Ambiguous),
            ("2024-02-30", DateError::NoSuchDay),
            ("2024-13-01", DateError::NoSuchDay),
            ("31/31/2024", DateError::NoSuchDay),
            ("2024-04/09", DateError::Unrecognised),
            ("{{ .Date }}", DateError::Unrecognised),
            ("Smarch 9, 2024", DateError::Unrecognised),
            ("2024-04-09 and more", DateError::Unrecognised),
        ];
        for (raw, err) in cases {
            assert_eq!(parse_date_lenient(raw, "date"), Err(err), "{raw}");
        }
    }

    #[test]
    fn date_keys_in_order_of_preference_then_configured_ones() {
        let date = |src: &str, extra: &[String]| {
            let (fm, _) = split(src).unwrap();
            let f = fm.date_field(extra);
            (f.date.map(|d| d.to_string()), f.key, f.invalid.len())
        };
        let some = |d: &str, k: &str, n| (Some(d.to_string()), Some(k.to_string()), n);
        assert_eq!(
            date(
                "---
created_at: 2020-01-01
date: 2021-02-02
---
",
                &[]
            ),
            some("2021-02-02", "date", 0)
        );
        assert_eq!(
            date(
                "---
ms.date: 06/09/2017
---
",
                &[]
            ),
            some("2017-06-09", "ms.date", 0)
        );
        assert_eq!(
            date(
                "---
pubDate: May 1, 2023
---
",
                &[]
            ),
            some("2023-05-01", "pubDate", 0)
        );
        let extra = vec!["released".to_string()];
        assert_eq!(
            date(
                "---
released: 2019-01-07
---
",
                &extra
            ),
            some("2019-01-07", "released", 0)
        );
        assert_eq!(
            date(
                "---
released: 2019-01-07
---
",
                &[]
            ),
            (None, None, 0)
        );
        // a bad value is listed even when a later key gives the date
        assert_eq!(
            date(
                "---
date: 2024-4-31
published: 2024-05-01
---
",
                &[]
            ),
            some("2024-05-01", "published", 1)
        );
        // YAML and TOML native dates and datetimes
        assert_eq!(
            date(
                "+++
date = 2023-05-06
+++
",
                &[]
            ),
            some("2023-05-06", "date", 0)
        );
        assert_eq!(
            date(
                "+++
date = 2023-05-06T10:00:00+02:00
+++
",
                &[]
            ),
            some("2023-05-06", "date", 0)
        );
        assert_eq!(
            date(
                "---
date: 2023-05-06 10:00:00 +0000
---
",
                &[]
            ),
            some("2023-05-06", "date", 0)
        );
        let (fm, _) = split(
            "---
date: 2024
---
",
        )
        .unwrap();
        assert_eq!(fm.date_field(&[]).invalid[0].error, DateError::NotText);
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

#[cfg(test)]
mod path_date_tests {
    use super::*;

    #[test]
    fn dates_in_file_names_and_addresses() {
        let d = |y, m, dd| Some(jiff::civil::Date::new(y, m, dd).unwrap());
        assert_eq!(date_in_path("_posts/2019-01-07-welcome.md"), d(2019, 1, 7));
        assert_eq!(date_in_path("2017/05/03/rust-1.18"), d(2017, 5, 3));
        assert_eq!(date_in_path("/blog/2024/02/29/leap/"), d(2024, 2, 29));
        // not dates: impossible, mixed separators, part of a longer number, out of range
        assert_eq!(date_in_path("2023-02-30-x.md"), None);
        assert_eq!(date_in_path("2017-05/03"), None);
        assert_eq!(date_in_path("v12017-05-03"), None);
        assert_eq!(date_in_path("1066-10-14-hastings.md"), None);
        assert_eq!(date_in_path("getting-started.md"), None);
    }
}
