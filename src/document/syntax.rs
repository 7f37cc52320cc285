//! Template and component syntax that sits in Markdown but is not prose: Hugo shortcodes
//! (`{{< name params >}}`, `{{% name %}}`, paired or self-closing), Go/Hugo/Jekyll/Liquid
//! template actions (`{{ .Title }}`, `{{- end -}}`, `{% if x %}`), HTML comments, MDX
//! `import`/`export` statements, JSX component tags (`<Tabs>`, `<TabItem value="x">`,
//! `<Note />`) and JSX comments (`{/* ... */}`).
//!
//! The scan runs once per file, after pulldown-cmark has found the code (so `{{ }}` inside a
//! code span or block stays code), and its spans are masked out of the prose: they give no
//! words, no sentences and no paragraphs. A paired shortcode's inner Markdown stays prose; its
//! tags and parameters do not. GitHub alert markers (`> [!NOTE]`) are read by pulldown-cmark
//! itself and recorded as [`SyntaxKind::AlertMarker`] spans by the builder.

use std::ops::Range;

/// What a span of non-prose syntax is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxKind {
    /// A Hugo shortcode tag, opening or closing (`{{< x >}}`, `{{% /x %}}`).
    Shortcode,
    /// A Go/Hugo/Jekyll/Liquid template action or tag (`{{ ... }}`, `{% ... %}`).
    TemplateAction,
    /// `<!-- ... -->`, or a JSX comment `{/* ... */}`.
    Comment,
    /// An MDX `import` or `export` statement.
    MdxStatement,
    /// A JSX component tag (`<Tabs>`, `</TabItem>`, `<Note />`).
    JsxTag,
    /// The inner content of a paired code shortcode (`[content] code_shortcodes`).
    ShortcodeCode,
    /// A GitHub alert marker (`[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`).
    AlertMarker,
}

/// A span of the file that is syntax, not prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxSpan {
    pub kind: SyntaxKind,
    pub range: Range<usize>,
}

/// A shortcode parameter: named (`alt="A chart"`) or positional (`"a.png"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeParam {
    pub name: Option<String>,
    /// The value without its quotes.
    pub value: String,
}

/// A Hugo shortcode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    pub name: String,
    pub params: Vec<ShortcodeParam>,
    /// `{{% %}}` (inner rendered as Markdown by Hugo) rather than `{{< >}}`.
    pub markdown: bool,
    /// The opening tag (the whole shortcode when it is self-closing or has no closing tag).
    pub range: Range<usize>,
    /// What lies between the opening and the closing tag of a paired shortcode.
    pub inner: Option<Range<usize>>,
    /// The closing tag of a paired shortcode.
    pub close: Option<Range<usize>>,
}

impl Shortcode {
    /// The value of a named parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|p| p.name.as_deref() == Some(name))
            .map(|p| p.value.as_str())
    }
}

#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Sorted by start, non-overlapping.
    pub spans: Vec<SyntaxSpan>,
    pub shortcodes: Vec<Shortcode>,
}

impl Scan {
    /// Mark the inner content of paired shortcodes named in `names` as code: one
    /// [`SyntaxKind::ShortcodeCode`] span replaces whatever was found inside.
    pub fn code_shortcodes(&mut self, names: &[String]) {
        let inners: Vec<Range<usize>> = self
            .shortcodes
            .iter()
            .filter(|s| names.iter().any(|n| n.eq_ignore_ascii_case(&s.name)))
            .filter_map(|s| s.inner.clone())
            .filter(|r| !r.is_empty())
            .collect();
        if inners.is_empty() {
            return;
        }
        let overlaps = |r: &Range<usize>| inners.iter().any(|i| r.start < i.end && i.start < r.end);
        self.spans.retain(|s| !overlaps(&s.range));
        self.shortcodes.retain(|s| !overlaps(&s.range));
        for range in inners {
            // Nested code shortcodes: the outer one already covers the inner.
            if self.spans.iter().any(|s| {
                s.kind == SyntaxKind::ShortcodeCode
                    && s.range.start <= range.start
                    && range.end <= s.range.end
            }) {
                continue;
            }
            self.spans.push(SyntaxSpan {
                kind: SyntaxKind::ShortcodeCode,
                range,
            });
        }
        self.spans.sort_by_key(|s| s.range.start);
    }
}

/// Whether `body` holds an opener of the syntax [`scan`] finds (see [`next_opener`]): without
/// one, `scan` finds nothing, whatever the code ranges.
#[cfg(test)]
pub(crate) fn may_hold_syntax(body: &str) -> bool {
    next_opener(body, 0).is_some()
}

/// The first opener at or after `from` of the syntax [`scan`] finds in the body `text`
/// (`{{`, `{%`, `{/*`, `<!--`, `<` or `</` before a capital, an alert marker with a title
/// after it on its line, and at a line start an `import` or `export` statement): every span
/// the scan finds starts at one, so none starts before the first opener outside code. One
/// pass for the openers that start with `{`, `<` or `[` (a search for each was a twentieth of
/// parsing a large file); the MDX keywords are searched for only before the first of those,
/// and kept only at a line start where [`mdx_statement`] takes them.
///
/// A `[!` opens only what [`titled_alert`] reads after it (a known kind, `]`, text on the
/// line; the quote around it is left to the scan): GitHub's own-line alerts (`> [!NOTE]`
/// alone), DocFX's `[!INCLUDE ...]` and image links (`[![alt](src)](href)`) open nothing, and
/// a file with them had every event wait for the scan (1,683 of the PowerShell docs' 3,089
/// files, 1,300 of them for an own-line alert).
pub(crate) fn next_opener(text: &str, from: usize) -> Option<usize> {
    let body = text.as_bytes();
    let bracket = memchr::memchr3_iter(b'{', b'<', b'[', &body[from..])
        .map(|n| from + n)
        .find(|&at| {
            let next = &body[at + 1..];
            match body[at] {
                b'{' => next.starts_with(b"{") || next.starts_with(b"%") || next.starts_with(b"/*"),
                // A comment, or a tag as `jsx_tag` takes it: a capital after `<` or `</` (a
                // closing HTML tag, `</p>`, opens nothing).
                b'<' => {
                    next.starts_with(b"!--")
                        || next
                            .strip_prefix(b"/")
                            .unwrap_or(next)
                            .first()
                            .is_some_and(u8::is_ascii_uppercase)
                }
                _ => {
                    next.starts_with(b"!")
                        && alert_marker_end(text, at).is_some_and(|end| titled_after(text, end))
                }
            }
        });
    let before = bracket.unwrap_or(body.len());
    let mdx = MDX_KEYWORDS
        .iter()
        .filter_map(|keyword| mdx_opener(text, from, before, keyword))
        .min();
    mdx.or(bracket)
}

/// Searchers for `import` and `export`, built once: a document asks for its next opener after
/// every code range that holds one.
static MDX_KEYWORDS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> =
    std::sync::LazyLock::new(|| {
        [
            memchr::memmem::Finder::new("import"),
            memchr::memmem::Finder::new("export"),
        ]
    });

/// The first line start of `text` from `from` and before `before` where the keyword `finder`
/// seeks opens a statement [`mdx_statement`] takes. Prose that wraps to a line starting with
/// "import the module ..." opens nothing: 66 of the PowerShell docs' files had every event
/// after such a line wait for the scan.
fn mdx_opener(
    text: &str,
    from: usize,
    before: usize,
    finder: &memchr::memmem::Finder<'_>,
) -> Option<usize> {
    let body = text.as_bytes();
    let keyword = finder.needle();
    let end = (before + keyword.len()).min(body.len());
    let window = body.get(from..end)?;
    finder.find_iter(window).map(|n| from + n).find(|&at| {
        let line_start = at == 0 || body[at - 1] == b'\n';
        let next = body.get(at + keyword.len()).copied();
        at < before
            && line_start
            && (next == Some(b' ') || (keyword == b"import" && next == Some(b'{')))
            && mdx_statement(text, at).is_some()
    })
}

/// Scan `source[start..]` for template and component syntax, skipping `code` (sorted code
/// block and inline code ranges). `blocks` are the code blocks alone: a span never contains
/// the start of one (an unclosed `{{` before a fence is text, not a template). The builder
/// asks only about a body that holds an opener ([`next_opener`]); without one it finds
/// nothing, and walks the text to say so.
pub(crate) fn scan(
    source: &str,
    start: usize,
    code: &[Range<usize>],
    blocks: &[Range<usize>],
) -> Scan {
    let mut scan = Scan::default();
    let b = source.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    // Comment closers known to be absent from here to the end (`*/}`, `-->`).
    let mut unclosed = [false; 2];
    let mut absent = Absent::default();
    let mut code_i = 0;
    // The next `{`, `<` or `[` at or after the last search ([`next_candidate`]).
    let mut opener = 0;
    let mut i = start;
    while i < b.len() {
        while code_i < code.len() && code[code_i].end <= i {
            code_i += 1;
        }
        if let Some(c) = code.get(code_i)
            && c.start <= i
        {
            i = c.end;
            continue;
        }
        let found = match b[i] {
            b'{' => match b.get(i + 1) {
                Some(b'{') => template(source, i, &mut absent),
                Some(b'%') => liquid(source, i, &mut absent),
                Some(b'/') if b.get(i + 2) == Some(&b'*') && !unclosed[0] => {
                    let end = source[i + 3..].find("*/}").map(|n| i + 3 + n + 3);
                    // No close after here means none after any later opener either.
                    unclosed[0] = end.is_none();
                    end.map(|end| (SyntaxKind::Comment, end))
                }
                _ => None,
            },
            b'<' if b[i..].starts_with(b"<!--") => {
                let end = (!unclosed[1])
                    .then(|| html_comment_end(source, i))
                    .flatten();
                unclosed[1] = end.is_none();
                end.map(|end| (SyntaxKind::Comment, end))
            }
            b'<' => jsx_tag(source, i, &mut absent).map(|end| (SyntaxKind::JsxTag, end)),
            b'[' if b.get(i + 1) == Some(&b'!') => {
                titled_alert(source, i).map(|end| (SyntaxKind::AlertMarker, end))
            }
            b'i' | b'e' if i == start || b[i - 1] == b'\n' => {
                mdx_statement(source, i).map(|end| (SyntaxKind::MdxStatement, end))
            }
            _ => None,
        };
        let Some((kind, end)) = found else {
            i += 1;
            // Skip to the next byte that can open syntax, up to the next code span: most bytes
            // are prose. Not from a line start, where `import`/`export` may open a statement.
            if b[i - 1] != b'\n' {
                let limit = code.get(code_i).map_or(b.len(), |c| c.start.max(i));
                i = next_candidate(b, i, limit, &mut opener);
            }
            continue;
        };
        // A code block starting inside means the opener was stray text.
        let next_block = blocks.partition_point(|r| r.start <= i);
        if blocks.get(next_block).is_some_and(|r| r.start < end) {
            i += 1;
            continue;
        }
        if kind == SyntaxKind::Shortcode {
            shortcode(source, i..end, &mut scan.shortcodes, &mut open);
        }
        scan.spans.push(SyntaxSpan {
            kind,
            range: i..end,
        });
        i = end;
    }
    scan
}

/// The next byte from `i` (up to `limit`) where syntax can start: a `{` (`{{`, `{%`, `{/*`),
/// `<` or `[` (`[!`), or an `i` or `e` that starts a line (an MDX `import`/`export`); `limit`
/// if none. The scan steps over every other byte without looking. `opener` is the next `{`,
/// `<` or `[` at or after the last search (searched again once `i` passes it), so prose is
/// searched with memchr once, not byte by byte (that loop was 1% of a check).
fn next_candidate(b: &[u8], i: usize, limit: usize, opener: &mut usize) -> usize {
    if *opener < i {
        *opener = memchr::memchr3(b'{', b'<', b'[', &b[i..]).map_or(b.len(), |n| i + n);
    }
    let stop = (*opener).clamp(i, limit.max(i));
    let mut from = i;
    while let Some(n) = memchr::memchr(b'\n', &b[from..stop]) {
        let line_start = from + n + 1;
        if line_start < stop && matches!(b[line_start], b'i' | b'e') {
            return line_start;
        }
        from = line_start;
    }
    stop
}

/// `{{ ... }}`, `{{- ... -}}`, `{{< ... >}}`, `{{% ... %}}`, `{{</* ... */>}}`: kind and end.
fn template(source: &str, at: usize, absent: &mut Absent) -> Option<(SyntaxKind, usize)> {
    let b = source.as_bytes();
    match b.get(at + 2) {
        Some(b'<') if b[at + 3..].starts_with(b"/*") => {
            find_close(source, at + 5, "*/>}}", absent).map(|e| (SyntaxKind::Shortcode, e))
        }
        Some(b'%') if b[at + 3..].starts_with(b"/*") => {
            find_close(source, at + 5, "*/%}}", absent).map(|e| (SyntaxKind::Shortcode, e))
        }
        Some(b'<') => find_close(source, at + 3, ">}}", absent).map(|e| (SyntaxKind::Shortcode, e)),
        Some(b'%') => find_close(source, at + 3, "%}}", absent).map(|e| (SyntaxKind::Shortcode, e)),
        _ => {
            let end = find_close(source, at + 2, "}}", absent)?;
            let inner = source[at + 2..end - 2].trim().trim_matches('-').trim();
            // `{{}}` or `{{ }}` alone is not an action. Nor is a lone bare name such as
            // `{{author_name}}`: in an article that is far more often an unfilled placeholder
            // (for filler/llm-artifact to report) than a template action, which refers to
            // `.Field`, `$var`, or calls a function with arguments. `{{ end }}` and the other
            // argument-less keywords are actions.
            let bare_name = inner
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_')
                && !matches!(inner, "end" | "else" | "break" | "continue" | "now");
            // Capitalised words and nothing else (`{{ Author Name }}`, `{{ YOUR KEYWORD }}`)
            // are a fill-in too: template functions and keywords are lower case, and an action
            // that calls one (`{{ T "key" }}`) has an argument with punctuation.
            let fill_in_words = inner.starts_with(|c: char| c.is_ascii_uppercase())
                && inner
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b' ');
            let bare_name = bare_name || fill_in_words;
            (!inner.is_empty() && !bare_name).then_some((SyntaxKind::TemplateAction, end))
        }
    }
}

/// An alert marker followed by a title on the same line, `> [!NOTE] Custom title` (Hugo's
/// and Obsidian's callout form; GitHub's own-line form is read by pulldown-cmark). The
/// marker must open the block quote: only `>` and spaces before it on its line, and the line
/// before is not part of the same quote.
fn titled_alert(source: &str, at: usize) -> Option<usize> {
    let b = source.as_bytes();
    // Walk back over the quote prefix only (bounded: a line of `[![![!...` costs one step a
    // marker, not a scan to the line start).
    let mut line_start = at;
    while line_start > 0 && at - line_start < 64 && matches!(b[line_start - 1], b'>' | b' ' | b'\t')
    {
        line_start -= 1;
    }
    if line_start > 0 && b[line_start - 1] != b'\n' {
        return None;
    }
    let prefix = &source[line_start..at];
    if !prefix.contains('>') {
        return None;
    }
    if line_start > 0 {
        let prev_start = source[..line_start - 1].rfind('\n').map_or(0, |n| n + 1);
        if source[prev_start..line_start - 1]
            .trim_start()
            .starts_with('>')
        {
            return None;
        }
    }
    alert_marker_end(source, at).filter(|&end| titled_after(source, end))
}

/// The end of the HTML comment that opens at `at` (`<!--` there), as the scan takes it: after
/// the first `-->` past the opener. The builder asks the same when it reads past a comment
/// (`document::comment_held_whole`), so that the two agree on where a comment ends.
pub(crate) fn html_comment_end(source: &str, at: usize) -> Option<usize> {
    source[at + 4..].find("-->").map(|n| at + 4 + n + 3)
}

/// The alert kinds of [`titled_alert`].
const ALERT_KINDS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

/// The end of the alert marker at `at` (`[!` there): a known kind in any case, `]`, and a
/// folding sign (`-` or `+`) if one follows. Reads at most the longest kind's bytes and `]`.
fn alert_marker_end(source: &str, at: usize) -> Option<usize> {
    let b = source.as_bytes();
    let longest = ALERT_KINDS.iter().map(|k| k.len()).max().unwrap_or(0);
    let window = &b[at + 2..b.len().min(at + 3 + longest)];
    // The kind closes on the same line: a marker never scans past its line.
    let close = at + 2 + window.iter().position(|&c| c == b']' || c == b'\n')?;
    if b[close] != b']' {
        return None;
    }
    let kind = &b[at + 2..close];
    if !ALERT_KINDS
        .iter()
        .any(|k| k.as_bytes().eq_ignore_ascii_case(kind))
    {
        return None;
    }
    let mut end = close + 1;
    if matches!(b.get(end), Some(b'-' | b'+')) {
        end += 1;
    }
    Some(end)
}

/// Whether the line goes on after `end` with something other than white space (a title).
/// Stops at the first character that is not white space.
fn titled_after(source: &str, end: usize) -> bool {
    source[end..]
        .chars()
        .take_while(|&c| c != '\n')
        .any(|c| !c.is_whitespace())
}

/// `{% ... %}` and `{%- ... -%}` (Liquid, Jekyll, Nunjucks).
fn liquid(source: &str, at: usize, absent: &mut Absent) -> Option<(SyntaxKind, usize)> {
    let end = find_close(source, at + 2, "%}", absent)?;
    let inner = source[at + 2..end - 2].trim().trim_matches('-').trim();
    inner
        .starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some((SyntaxKind::TemplateAction, end))
}

/// Longest template action, shortcode tag, JSX tag or MDX statement looked for, in bytes: a
/// bound on the work per stray opener (a file of unclosed `{{` stays linear), far above any
/// real one.
const MAX_SPAN: usize = 16 * 1024;

/// Ranges known to hold no occurrence of a closing delimiter, so that a run of stray openers
/// (`{{ {{ {{ ...` with no `}}`) is scanned once, not once per opener.
#[derive(Default)]
struct Absent(Vec<(&'static str, Range<usize>)>);

impl Absent {
    /// Whether `needle` starts somewhere in `source[from..limit]`.
    fn occurs(&mut self, source: &str, needle: &'static str, from: usize, limit: usize) -> bool {
        let entry = self.0.iter().position(|(n, _)| *n == needle);
        let mut start = from;
        if let Some(k) = entry {
            let clean = &self.0[k].1;
            if clean.start <= from && from < clean.end {
                start = clean.end.saturating_sub(needle.len() - 1).max(from);
            }
        }
        let hay = &source.as_bytes()[start.min(limit)..limit];
        let found = hay.windows(needle.len()).any(|w| w == needle.as_bytes());
        if !found {
            match entry {
                Some(k) => self.0[k].1 = from..limit,
                None => self.0.push((needle, from..limit)),
            }
        }
        found
    }
}

/// The end (exclusive) of `close` searched from `from`, skipping quoted strings (`"..."`,
/// `` `...` ``), within [`MAX_SPAN`]. A blank line first means there is no closing delimiter
/// (the opener was text).
fn find_close(
    source: &str,
    from: usize,
    close: &'static str,
    absent: &mut Absent,
) -> Option<usize> {
    let limit = source.len().min(from + MAX_SPAN);
    if !absent.occurs(source, close, from, limit) {
        return None;
    }
    let b = &source.as_bytes()[..limit];
    let mut i = from;
    let mut quote: Option<u8> = None;
    let mut line_blank = false;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            if line_blank {
                return None;
            }
            line_blank = true;
            i += 1;
            continue;
        }
        if !matches!(c, b' ' | b'\t' | b'\r') {
            line_blank = false;
        }
        match quote {
            Some(q) => {
                if c == b'\\' && q == b'"' {
                    i += 2;
                    continue;
                }
                if c == q {
                    quote = None;
                }
            }
            None => {
                if b[i..].starts_with(close.as_bytes()) {
                    return Some(i + close.len());
                }
                if matches!(c, b'"' | b'`') {
                    quote = Some(c);
                }
            }
        }
        i += 1;
    }
    None
}

/// A JSX component tag: `<Name ...>`, `</Name>`, `<Name />`, where the name starts with a
/// capital letter (HTML element names are lower case in practice; components are not).
fn jsx_tag(source: &str, at: usize, absent: &mut Absent) -> Option<usize> {
    let b = source.as_bytes();
    let mut i = at + 1;
    if b.get(i) == Some(&b'/') {
        i += 1;
    }
    if !b.get(i)?.is_ascii_uppercase() {
        return None;
    }
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'_')) {
        i += 1;
    }
    // All capitals (`<IMG>`, `<B>`) is old HTML, not a component.
    if !b[name_start..i].iter().any(u8::is_ascii_lowercase) {
        return None;
    }
    if !matches!(b.get(i)?, b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>') {
        return None;
    }
    // Attributes: quoted strings and `{...}` expressions may hold `>`.
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut line_blank = false;
    let limit = b.len().min(at + MAX_SPAN);
    if !absent.occurs(source, ">", i, limit) {
        return None;
    }
    let b = &b[..limit];
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            if line_blank {
                return None;
            }
            line_blank = true;
        } else if !c.is_ascii_whitespace() {
            line_blank = false;
        }
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'"' | b'\'' | b'`' => quote = Some(c),
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                b'>' if depth == 0 => return Some(i + 1),
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// An MDX ESM statement at the start of a line: `import X from 'y'`, `import 'y'`,
/// `import {a,\n b} from "y"`, `export const x = ...`, `export default ...`. A prose line that
/// starts with "import the module" or "export your data" is not one.
fn mdx_statement(source: &str, at: usize) -> Option<usize> {
    let rest = &source[at..];
    let import = rest.starts_with("import ") || rest.starts_with("import{");
    let export = rest.starts_with("export ");
    if !import && !export {
        return None;
    }
    // Every search stays within MAX_SPAN of the opener: a file of `import {` lines before one
    // huge line is linear, not a scan of the huge line per opener.
    let mut limit = (at + MAX_SPAN).min(source.len());
    while !source.is_char_boundary(limit) {
        limit -= 1;
    }
    let line_end = |from: usize| -> Option<usize> {
        match source.get(from..limit)?.find('\n') {
            Some(n) => Some(from + n),
            None => (limit == source.len()).then_some(limit),
        }
    };
    let first = &source[at..line_end(at)?];
    let mut side_effect = false;
    if export {
        let after = first["export ".len()..].trim_start();
        let word = after
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        let ok = matches!(
            word,
            "const" | "let" | "var" | "function" | "default" | "class" | "async"
        ) || after.starts_with('{')
            || after.starts_with('*');
        if !ok {
            return None;
        }
    } else {
        let after = first["import".len()..].trim_start();
        side_effect = after.starts_with(['\'', '"']);
        let named = after.starts_with('{') || after.starts_with('*');
        let default = after.split_whitespace().next().is_some_and(|w| {
            w.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | ','))
        }) && (first.contains(" from ")
            || after.split_whitespace().nth(1) == Some(","));
        if !(side_effect || named || default) {
            return None;
        }
    }
    // The statement runs to the end of the line where its braces balance (an import also needs
    // its module string); no blank line inside.
    let mut depth: i64 = 0;
    let mut pos = at;
    loop {
        if pos - at > MAX_SPAN {
            return None;
        }
        let end = line_end(pos)?;
        let line = &source[pos..end];
        if pos > at && line.trim().is_empty() {
            return None;
        }
        for c in line.chars() {
            match c {
                '{' | '(' | '[' => depth += 1,
                '}' | ')' | ']' => depth -= 1,
                _ => {}
            }
        }
        let import_done =
            !import || side_effect || line.contains("from '") || line.contains("from \"");
        if depth <= 0 && import_done {
            return Some(end);
        }
        if end >= source.len() {
            return None;
        }
        pos = end + 1;
    }
}

/// Record a shortcode tag: parse name and parameters, pair a closing tag with its opener.
fn shortcode(source: &str, range: Range<usize>, out: &mut Vec<Shortcode>, open: &mut Vec<usize>) {
    let tag = &source[range.clone()];
    let markdown = tag.as_bytes()[2] == b'%';
    let inner = &tag[3..tag.len() - 3];
    if inner.starts_with("/*") {
        return; // an escaped shortcode, shown as text by Hugo: syntax, but not a shortcode
    }
    let inner = inner.trim();
    if let Some(name) = inner.strip_prefix('/') {
        let name = name.trim();
        if let Some(pos) = open.iter().rposition(|&k| out[k].name == name) {
            let k = open[pos];
            out[k].inner = Some(out[k].range.end..range.start);
            out[k].close = Some(range);
            open.truncate(pos);
        }
        return;
    }
    let (inner, self_closing) = match inner.strip_suffix('/') {
        Some(s) => (s.trim_end(), true),
        None => (inner, false),
    };
    let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
    let name = inner[..name_end].to_string();
    if name.is_empty() {
        return;
    }
    let params = params(&inner[name_end..]);
    if !self_closing {
        open.push(out.len());
    }
    out.push(Shortcode {
        name,
        params,
        markdown,
        range,
        inner: None,
        close: None,
    });
}

/// Hugo shortcode parameters: `name="value"`, `name='value'`, ``name=`raw` ``, `name=value`,
/// or the same without `name=` (positional).
fn params(text: &str) -> Vec<ShortcodeParam> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Unicode whitespace too (U+2028, U+2029, NBSP ...): `i` must stay on a char boundary.
        while let Some(c) = text[i..].chars().next().filter(|c| c.is_whitespace()) {
            i += c.len_utf8();
        }
        if i >= b.len() {
            break;
        }
        let mut name = None;
        let mut j = i;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'_' | b'-')) {
            j += 1;
        }
        if j > i && b.get(j) == Some(&b'=') {
            name = Some(text[i..j].to_string());
            i = j + 1;
        }
        let (value, next) = match b.get(i) {
            Some(&q @ (b'"' | b'\'' | b'`')) => {
                let mut k = i + 1;
                let mut v = String::new();
                while k < b.len() && b[k] != q {
                    if b[k] == b'\\' && q == b'"' && k + 1 < b.len() {
                        k += 1;
                    }
                    let ch_len = text[k..].chars().next().map_or(1, char::len_utf8);
                    v.push_str(&text[k..k + ch_len]);
                    k += ch_len;
                }
                (v, (k + 1).min(b.len()))
            }
            _ => {
                let k = text[i..]
                    .find(char::is_whitespace)
                    .map_or(text.len(), |n| i + n);
                (text[i..k].to_string(), k)
            }
        };
        out.push(ShortcodeParam { name, value });
        i = next.max(i + text[i..].chars().next().map_or(1, char::len_utf8));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(src: &str) -> Vec<(SyntaxKind, &str)> {
        scan(src, 0, &[], &[])
            .spans
            .into_iter()
            .map(|s| (s.kind, &src[s.range]))
            .collect()
    }

    #[test]
    fn shortcodes_pair_and_keep_params() {
        let src = "{{< tabpane text=true >}}\n{{% tab header=\"Linux\" %}}\nRun it.\n{{% /tab %}}\n{{< /tabpane >}}\n{{< img src=\"a.png\" alt='A \"chart\"' >}} {{< br />}}";
        let s = scan(src, 0, &[], &[]);
        let names: Vec<_> = s.shortcodes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["tabpane", "tab", "img", "br"]);
        let tab = &s.shortcodes[1];
        assert!(tab.markdown);
        assert_eq!(tab.param("header"), Some("Linux"));
        assert_eq!(&src[tab.inner.clone().unwrap()], "\nRun it.\n");
        assert_eq!(&src[tab.close.clone().unwrap()], "{{% /tab %}}");
        assert!(s.shortcodes[0].inner.is_some());
        assert_eq!(s.shortcodes[0].param("text"), Some("true"));
        assert_eq!(s.shortcodes[2].param("alt"), Some("A \"chart\""));
        assert_eq!(s.shortcodes[2].inner, None);
        assert_eq!(s.shortcodes[3].inner, None);
        assert_eq!(s.spans.len(), 6);
    }

    #[test]
    fn template_actions_comments_and_liquid() {
        assert_eq!(
            spans("a {{ .Title }} b {{- end -}} {% if x %}y{%- endif -%} <!-- c --> {/* d */}"),
            vec![
                (SyntaxKind::TemplateAction, "{{ .Title }}"),
                (SyntaxKind::TemplateAction, "{{- end -}}"),
                (SyntaxKind::TemplateAction, "{% if x %}"),
                (SyntaxKind::TemplateAction, "{%- endif -%}"),
                (SyntaxKind::Comment, "<!-- c -->"),
                (SyntaxKind::Comment, "{/* d */}"),
            ]
        );
        // A quoted `}}` does not end the action; raw strings too.
        assert_eq!(
            spans("{{ print \"}}\" }} and {{raw `x}}`}}"),
            vec![
                (SyntaxKind::TemplateAction, "{{ print \"}}\" }}"),
                (SyntaxKind::TemplateAction, "{{raw `x}}`}}"),
            ]
        );
        // Stray openers are text: no closing before a blank line, or empty braces.
        assert!(spans("use {{ here\n\nand }} there, {{}} and {% 5 %}").is_empty());
        // A bare name is a placeholder, not an action; keywords are actions.
        assert_eq!(
            spans("Dear {{author_name}}, {{ end }}"),
            vec![(SyntaxKind::TemplateAction, "{{ end }}")]
        );
        // So are capitalised words alone; a call with an argument is an action.
        assert_eq!(
            spans("By {{ Author Name }} of {{ YOUR COMPANY }}: {{ T \"greeting\" }}"),
            vec![(SyntaxKind::TemplateAction, "{{ T \"greeting\" }}")]
        );
    }

    #[test]
    fn parameters_after_unicode_whitespace_stay_on_char_boundaries() {
        // Found by the fuzzer: U+2028/U+2029 between parameters used to split a character.
        let p = params(" \u{2029}src=\"a.png\"\u{2028}alt=\"lol é\" x\u{a0}y");
        let got: Vec<(Option<&str>, &str)> = p
            .iter()
            .map(|p| (p.name.as_deref(), p.value.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("src"), "a.png"),
                (Some("alt"), "lol é"),
                (None, "x"),
                (None, "y")
            ]
        );
    }

    /// The quick test for a file without syntax lets through a file with any one opener.
    #[test]
    fn each_opener_alone_is_found() {
        for text in [
            "a {{ .Title }} b",
            "a {% if x %}y{% endif %} b",
            "a <!-- c --> b",
            "a {/* c */} b",
            "> [!NOTE] Custom title\n> Read this.\n",
            "import Tabs from '@theme/Tabs';\n",
            "export const meta = {};\n",
            "a <Note /> b",
        ] {
            assert!(!spans(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn code_is_skipped() {
        let src = "`{{ .Title }}` then {{ .Date }}";
        let code = vec![Range { start: 0, end: 14 }];
        let s = scan(src, 0, &code, &[]);
        assert_eq!(s.spans.len(), 1);
        assert_eq!(&src[s.spans[0].range.clone()], "{{ .Date }}");
        // An opener whose close lies past the start of a code block is not a template.
        let src = "{{ x\n```\n}}\n```\n";
        let block = vec![Range { start: 5, end: 16 }];
        assert!(scan(src, 0, &[], &block).spans.is_empty());
    }

    #[test]
    fn mdx_statements_and_jsx_tags() {
        let src = "import Tabs from '@theme/Tabs';\nimport {\n  A,\n  B,\n} from \"x\";\nexport const meta = {\n  a: 1,\n};\nimport the module first.\nimport data from the CSV file.\nSee \"x\".\n<Tabs groupId=\"os\">\n<TabItem value=\"a\" label={`A > B`}>\n</TabItem>\n<Note />\n<IMG SRC=\"x\">\n";
        let got = spans(src);
        assert_eq!(
            got,
            vec![
                (SyntaxKind::MdxStatement, "import Tabs from '@theme/Tabs';"),
                (
                    SyntaxKind::MdxStatement,
                    "import {\n  A,\n  B,\n} from \"x\";"
                ),
                (
                    SyntaxKind::MdxStatement,
                    "export const meta = {\n  a: 1,\n};"
                ),
                (SyntaxKind::JsxTag, "<Tabs groupId=\"os\">"),
                (SyntaxKind::JsxTag, "<TabItem value=\"a\" label={`A > B`}>"),
                (SyntaxKind::JsxTag, "</TabItem>"),
                (SyntaxKind::JsxTag, "<Note />"),
            ]
        );
    }

    /// The gate lets through every statement and tag the scan takes (`import{` without a
    /// space, a closing tag) and turns away what no scan takes: the keywords inside a line or
    /// in a longer word, HTML tags in lower case.
    #[test]
    fn the_gate_takes_what_the_scan_takes() {
        for (src, kind) in [
            (
                "import{ Tabs } from '@theme/Tabs';\n\nText.",
                SyntaxKind::MdxStatement,
            ),
            (
                "Intro.\nimport Tabs from '@theme/Tabs';\n",
                SyntaxKind::MdxStatement,
            ),
            ("export const meta = {};\n", SyntaxKind::MdxStatement),
            ("Text </Tabs> closes.\n", SyntaxKind::JsxTag),
        ] {
            assert!(may_hold_syntax(src), "{src:?}");
            assert_eq!(spans(src).first().map(|s| s.0), Some(kind), "{src:?}");
        }
        for src in [
            "We import the module.\n",
            "Line<br/>break, <b>bold</b> and a </p> closing tag.\n",
            "Use the `export ` keyword.\n",
            "importing is easy\nexports: none\n",
        ] {
            assert!(!may_hold_syntax(src), "{src:?}");
        }
    }

    /// `next_opener` finds the first opener at or after any offset, as a test of every
    /// position says, and every span the scan finds starts at one: random texts of openers,
    /// near misses and syntax.
    #[test]
    fn spans_start_at_the_openers_next_opener_finds() {
        // An alert marker of a known kind, in any case, then `]`, a folding sign if any, and
        // something other than white space on the rest of its line.
        let alert_opens = |text: &str, at: usize| {
            let rest = &text.as_bytes()[at..];
            ["note", "tip", "important", "warning", "caution"]
                .iter()
                .any(|kind| {
                    let n = 2 + kind.len();
                    rest.starts_with(b"[!")
                        && rest.len() > n
                        && rest[2..n].eq_ignore_ascii_case(kind.as_bytes())
                        && rest[n] == b']'
                        && {
                            let end = at + n + 1;
                            let end = end
                                + usize::from(matches!(
                                    text.as_bytes().get(end),
                                    Some(b'-' | b'+')
                                ));
                            !text[end..]
                                .split('\n')
                                .next()
                                .unwrap_or("")
                                .trim()
                                .is_empty()
                        }
                })
        };
        let opens_at = |text: &str, at: usize| {
            let b = text.as_bytes();
            let rest = &b[at..];
            let line_start = at == 0 || b[at - 1] == b'\n';
            ["{{", "{%", "{/*", "<!--"]
                .iter()
                .any(|o| rest.starts_with(o.as_bytes()))
                || alert_opens(text, at)
                || rest.first() == Some(&b'<') && {
                    let tag = &rest[1..];
                    let name = tag.strip_prefix(b"/").unwrap_or(tag);
                    name.first().is_some_and(u8::is_ascii_uppercase)
                }
                || line_start && mdx_statement(text, at).is_some()
        };
        let pieces = [
            "{{",
            "{{< x >}}",
            "{%",
            " %}",
            "{/*",
            "*/}",
            "<!--",
            "-->",
            "<T>",
            "</T>",
            "<p>",
            "</p>",
            "<",
            "/",
            "[!",
            "[!NOTE]",
            "[!tip]",
            "[!Warning]-",
            "[!CAUTION]+",
            "[!IMPORTANT",
            "[!INCLUDE",
            "[![",
            "]",
            "> ",
            "\t",
            "\u{3000}",
            "Title",
            "import ",
            "import{",
            "export ",
            "import X from 'y';",
            "import { A } from \"b\";",
            "export const a = 1;",
            "import the module",
            "export snap-ins",
            "importing",
            "\n",
            " ",
            "x",
            "é",
            "{",
            "}",
            "[",
            "<Tab a=\"1\">",
            "</Tab>",
        ];
        let mut rng = crate::testing::Rng(0x51ed_270b_27a2_f3c9);
        for _ in 0..20_000 {
            let text: String = (0..rng.below(10)).map(|_| *rng.pick(&pieces)).collect();
            let b = text.as_bytes();
            for from in (0..=b.len()).filter(|&i| text.is_char_boundary(i)) {
                let expected = (from..b.len()).find(|&at| opens_at(&text, at));
                assert_eq!(next_opener(&text, from), expected, "{text:?} from {from}");
            }
            for span in scan(&text, 0, &[], &[]).spans {
                assert_eq!(
                    next_opener(&text, span.range.start),
                    Some(span.range.start),
                    "{text:?}: {span:?}"
                );
            }
        }
    }

    /// Stray openers cost a bounded scan each: a large file of them parses quickly and finds
    /// nothing.
    #[test]
    fn stray_openers_stay_linear() {
        // Hostile inputs that were quadratic: each opener scanned to the end of the line or
        // file. No timing here (benchmarks time things); a regression makes this test crawl.
        let src = "{{ <!-- {/* <Tab x=\"".repeat(20_000);
        assert!(scan(&src, 0, &[], &[]).spans.is_empty());
        let markers = "[!".repeat(400_000);
        assert!(scan(&markers, 0, &[], &[]).spans.is_empty());
        let quotes = "> [!\n\n".repeat(100_000);
        assert!(scan(&quotes, 0, &[], &[]).spans.is_empty());
        let imports = "import {\n".repeat(2_000) + &"x".repeat(4_000_000);
        assert!(scan(&imports, 0, &[], &[]).spans.is_empty());
    }

    #[test]
    fn titled_alert_markers() {
        assert_eq!(
            spans(
                "> [!TIP] Use the cache\n> It is fast.\n\n> [!note]\n> Alone.\n\n> a\n> [!NOTE] b\n\nSee [!NOTE] here.\n"
            ),
            vec![(SyntaxKind::AlertMarker, "[!TIP]")]
        );
    }

    #[test]
    fn params_named_positional_and_quoted() {
        let p = params(r#" "a b.png" alt="It's \"x\"" w=300 raw=`a "b"` c='d'"#);
        let flat: Vec<_> = p
            .iter()
            .map(|p| (p.name.as_deref(), p.value.as_str()))
            .collect();
        assert_eq!(
            flat,
            [
                (None, "a b.png"),
                (Some("alt"), "It's \"x\""),
                (Some("w"), "300"),
                (Some("raw"), "a \"b\""),
                (Some("c"), "d"),
            ]
        );
    }
}
