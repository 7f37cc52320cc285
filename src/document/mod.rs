//! One parse per file: front matter is split off, then a single pulldown-cmark offset-iterator
//! pass builds the [`Document`] every rule reads. No rule parses Markdown again.
//!
//! Site syntax (Hugo shortcodes, template actions, comments, MDX and JSX, alert markers) is
//! found by one scan between the parse and the build (`syntax.rs`), once the code is known, and
//! masked out of all text: rules ask [`Document::in_syntax`] or read [`Document::shortcodes`].

mod facts;
mod flat_toml;
mod flat_yaml;
mod front_matter;
mod line_index;
mod prose;
mod syntax;
mod text;
mod tokens;

pub use front_matter::{
    FrontMatter, FrontMatterError, FrontMatterFormat, date_in_path, parse_date_prefix,
};
pub use line_index::{LineIndex, Position, floor_char_boundary, lone_cr_to_lf};
pub use prose::{
    Prose, SectionWords, Sentence, SentenceScope, SentenceView, Word, WordBounds, lower_case,
    normalize_token, reading_words, word_bounds, word_syllables, words,
};
pub use syntax::{Shortcode, ShortcodeParam, SyntaxKind, SyntaxSpan};
pub use text::PlainText;
pub use tokens::{Token, TokenSlice, TokenWord, Tokens};

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// A heading (ATX `#` or setext underline), never one inside code.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// Plain text, markup removed.
    pub text: PlainText,
    /// The whole heading in the source (marker included, trailing newline excluded).
    pub range: Range<usize>,
    pub setext: bool,
}

impl Heading {
    pub fn plain(&self) -> &str {
        self.text.text.trim()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// Text of a tight list item (loose items hold paragraphs).
    ListItem,
    TableCell,
}

/// A block of prose: the unit that sentences and words come from.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub text: PlainText,
    /// Index into [`Document::sections`].
    pub section: usize,
    pub in_list: bool,
    pub in_blockquote: bool,
    pub in_footnote: bool,
}

impl Block {
    pub fn range(&self) -> Range<usize> {
        self.text.source_span()
    }
}

/// A section: from a heading (or the start of the body) to the next heading of any level.
#[derive(Debug, Clone)]
pub struct Section {
    /// Index into [`Document::headings`]; `None` for the text before the first heading.
    pub heading: Option<usize>,
    pub range: Range<usize>,
    /// Indices of the blocks in this section.
    pub blocks: Range<usize>,
    /// Content other than prose blocks: code, images, HTML, tables, rules.
    pub other_content: usize,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub url: String,
    pub text: String,
    pub range: Range<usize>,
}

impl Link {
    /// A link to another site (scheme or protocol-relative), as opposed to a page of this one.
    pub fn is_external(&self) -> bool {
        let url = self.url.to_ascii_lowercase();
        url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//")
    }
}

/// Where an image comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// `![alt](url)`.
    Markdown,
    /// `<img src=... alt=...>`, inline or in an HTML block.
    Html,
    /// An image shortcode (`{{< figure src=... alt=... >}}`), resolved by
    /// [`Document::images_with`] from the configured names.
    Shortcode,
}

#[derive(Debug, Clone)]
pub struct Image {
    pub url: String,
    /// The alt text; empty when it is missing or explicitly empty (see `decorative`).
    pub alt: String,
    pub title: String,
    pub range: Range<usize>,
    pub kind: ImageKind,
    /// An explicitly empty alt (`alt=""`): a decorative image, which WCAG 2.x (technique H67)
    /// says must have an empty alt so that screen readers skip it. Markdown's `![](x.png)`
    /// cannot say "decorative" apart from "forgotten", so it is never decorative.
    pub decorative: bool,
}

impl Image {
    /// Whether the image needs nothing more: it has alt text or is marked decorative.
    pub fn has_alt(&self) -> bool {
        self.decorative || !self.alt.trim().is_empty()
    }
}

#[derive(Debug, Clone)]
pub struct CodeBlock {
    pub fenced: bool,
    /// The info string of a fenced block (`rust`, `powershell`, ...).
    pub info: String,
    pub range: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct List {
    pub ordered: bool,
    pub items: usize,
    /// Nesting depth, 1 for a top-level list.
    pub depth: usize,
    pub range: Range<usize>,
    pub section: usize,
}

/// The items an edit left as they were, of a list before and after it (blocks, headings):
/// the longest run of equal items at the start, and then at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnchangedEnds {
    pub prefix: usize,
    pub suffix: usize,
}

impl UnchangedEnds {
    /// The index before the edit of item `i` after it, if the edit left it as it was.
    pub fn old_index(&self, i: usize, old_len: usize, new_len: usize) -> Option<usize> {
        if i < self.prefix {
            Some(i)
        } else if i >= new_len - self.suffix {
            Some(old_len - self.suffix + (i - (new_len - self.suffix)))
        } else {
            None
        }
    }
}

/// [`UnchangedEnds`] of `old` and `new`, by `same`.
pub fn unchanged_ends<T>(old: &[T], new: &[T], same: impl Fn(&T, &T) -> bool) -> UnchangedEnds {
    let prefix = old.iter().zip(new).take_while(|(a, b)| same(a, b)).count();
    let rest = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(rest)
        .take_while(|(a, b)| same(a, b))
        .count();
    UnchangedEnds { prefix, suffix }
}

/// What the parse needs from the configuration (`[content]`).
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions<'a> {
    /// Paired shortcodes whose inner content is code, not prose.
    pub code_shortcodes: &'a [String],
}

static DEFAULT_CODE_SHORTCODES: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| crate::config::Config::default().content.code_shortcodes);

/// A parsed Markdown file. All ranges are byte ranges into [`Document::source`], the whole
/// file, so that line/column are right whatever the front matter or line endings.
#[derive(Debug)]
pub struct Document {
    /// The file as read (lone CRs made LFs), shared with the report rather than copied: a
    /// second copy of a large file was a seventh of the memory at the end of its lint. The
    /// `String` it was read into, not an `Arc<str>`, which is made by copying the text (a
    /// tenth of the page faults of a 50 MB article).
    pub source: Arc<String>,
    pub front_matter: FrontMatter,
    pub body_start: usize,
    pub headings: Vec<Heading>,
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
    pub links: Vec<Link>,
    /// Markdown and HTML images, in source order (shortcode images: [`Document::images_with`]).
    pub images: Vec<Image>,
    pub code_blocks: Vec<CodeBlock>,
    pub inline_code: Vec<Range<usize>>,
    pub footnote_refs: Vec<Range<usize>>,
    pub blockquotes: Vec<Range<usize>>,
    pub lists: Vec<List>,
    /// Hugo shortcodes, in source order, with their parameters.
    pub shortcodes: Vec<Shortcode>,
    /// Template, component and comment syntax that is not prose (shortcode tags, template
    /// actions, HTML and JSX comments, MDX statements, JSX tags, alert markers), sorted by start
    /// and non-overlapping. Never inside code.
    pub syntax: Vec<SyntaxSpan>,
    /// Line starts, built on the first position asked for (a file without findings never
    /// needs them) and shared with the report.
    lines: OnceLock<Arc<LineIndex>>,
    prose: OnceLock<Prose>,
    facts: facts::FactCache,
}

impl Document {
    /// Parse a whole file with the built-in `[content]` defaults. The only error is malformed
    /// front matter.
    pub fn parse(source: String) -> Result<Document, FrontMatterError> {
        let options = ParseOptions {
            code_shortcodes: &DEFAULT_CODE_SHORTCODES,
        };
        Document::parse_with(source, &options)
    }

    /// Parse a whole file. The only error is malformed front matter.
    pub fn parse_with(
        source: String,
        options: &ParseOptions<'_>,
    ) -> Result<Document, FrontMatterError> {
        // Old Mac files: same offsets, ordinary lines for pulldown-cmark and the rules.
        let source = Arc::new(line_index::lone_cr_to_lf(source));
        let (front_matter, body_start) = front_matter::split(&source)?;
        let mut builder = Builder::default();
        builder.run(&source, body_start, options);
        let Builder {
            headings,
            blocks,
            mut sections,
            links,
            images,
            code_blocks,
            mut inline_code,
            footnote_refs,
            blockquotes,
            lists,
            shortcodes,
            mut syntax,
            ..
        } = builder;
        syntax.sort_by_key(|s| s.range.start);
        // Sorted (they come in source order; rules binary-search them).
        inline_code.sort_by_key(|r| r.start);
        // Close the section ranges now that every heading is known.
        let len = source.len();
        for i in 0..sections.len() {
            let end = sections.get(i + 1).map_or(len, |s| s.range.start);
            sections[i].range.end = end;
            let next_block = sections.get(i + 1).map_or(blocks.len(), |s| s.blocks.start);
            sections[i].blocks.end = next_block;
        }
        Ok(Document {
            source,
            front_matter,
            body_start,
            headings,
            blocks,
            sections,
            links,
            images,
            code_blocks,
            inline_code,
            footnote_refs,
            blockquotes,
            lists,
            shortcodes,
            syntax,
            lines: OnceLock::new(),
            prose: OnceLock::new(),
            facts: facts::FactCache::default(),
        })
    }

    /// Sentences, word counts and syllables, computed once on first use.
    pub fn prose(&self) -> &Prose {
        self.prose.get_or_init(|| Prose::compute(self))
    }

    /// [`Document::prose`], computed (if it is not yet) from `previous`, a document this one
    /// is an edit of: the blocks the edit did not touch are not split again. The same prose
    /// either way; the language server passes the buffer's last document.
    pub fn prose_after(&self, previous: &Document) -> &Prose {
        self.prose
            .get_or_init(|| Prose::compute_after(self, previous))
    }

    /// A fact that depends on an input besides the document (see `document/facts.rs`):
    /// computed by `compute` on first use for `key`, then shared.
    pub fn fact<K, T>(&self, key: K, compute: impl FnOnce() -> T) -> std::sync::Arc<T>
    where
        K: PartialEq + Send + Sync + 'static,
        T: Send + Sync + 'static,
    {
        self.facts.get_or_compute(key, compute)
    }

    /// [`Document::fact`] for a key that is costly to make: found by `matches`, made by `key`
    /// only when the fact is computed.
    pub fn fact_by<K, T>(
        &self,
        matches: impl Fn(&K) -> bool,
        key: impl FnOnce() -> K,
        compute: impl FnOnce() -> T,
    ) -> std::sync::Arc<T>
    where
        K: PartialEq + Send + Sync + 'static,
        T: Send + Sync + 'static,
    {
        self.facts.get_or_compute_by(matches, key, compute)
    }

    /// The non-prose syntax span (template, shortcode, comment, ...) holding byte `offset`.
    pub fn syntax_at(&self, offset: usize) -> Option<&SyntaxSpan> {
        let i = self.syntax.partition_point(|s| s.range.end <= offset);
        self.syntax.get(i).filter(|s| s.range.start <= offset)
    }

    /// Whether byte `offset` is inside template, shortcode, comment or component syntax.
    pub fn in_syntax(&self, offset: usize) -> bool {
        self.syntax_at(offset).is_some()
    }

    /// All images: Markdown and HTML ones plus the shortcodes named in `image_shortcodes`
    /// (`[content] image_shortcodes`), in source order. A shortcode's alt text is its `alt`
    /// parameter, else `title`, else `caption`; `alt=""` marks it decorative; its URL is `src`
    /// (else the first positional parameter).
    pub fn images_with(&self, image_shortcodes: &[String]) -> Vec<Image> {
        let mut out = self.images.clone();
        for sc in &self.shortcodes {
            if !image_shortcodes
                .iter()
                .any(|n| n.eq_ignore_ascii_case(&sc.name))
            {
                continue;
            }
            let alt = sc.param("alt");
            let described = alt
                .filter(|a| !a.trim().is_empty())
                .or_else(|| sc.param("title").filter(|t| !t.trim().is_empty()))
                .or_else(|| sc.param("caption").filter(|c| !c.trim().is_empty()));
            let url = sc
                .param("src")
                .or_else(|| {
                    sc.params
                        .iter()
                        .find(|p| p.name.is_none())
                        .map(|p| p.value.as_str())
                })
                .unwrap_or("");
            out.push(Image {
                url: url.to_string(),
                alt: described.unwrap_or("").to_string(),
                title: sc.param("title").unwrap_or("").to_string(),
                range: sc.range.clone(),
                kind: ImageKind::Shortcode,
                decorative: described.is_none() && alt.is_some_and(|a| a.trim().is_empty()),
            });
        }
        out.sort_by_key(|i| i.range.start);
        out
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines().position(&self.source, offset)
    }

    /// The line table of the whole file, built once on first use.
    pub fn lines(&self) -> &Arc<LineIndex> {
        self.lines
            .get_or_init(|| Arc::new(LineIndex::new(&self.source)))
    }

    /// The Markdown body, after the front matter.
    pub fn body(&self) -> &str {
        &self.source[self.body_start..]
    }

    pub fn h1s(&self) -> impl Iterator<Item = &Heading> {
        self.headings.iter().filter(|h| h.level == 1)
    }

    /// The article's title: the front-matter title, else the first H1.
    pub fn title(&self) -> Option<String> {
        self.front_matter
            .title()
            .or_else(|| self.h1s().next().map(|h| h.plain().to_string()))
    }

    /// The first paragraph of prose after the H1 (or of the body if there is none).
    pub fn first_paragraph(&self) -> Option<&Block> {
        self.blocks.iter().find(|b| {
            b.kind == BlockKind::Paragraph
                && !b.in_blockquote
                && !b.in_footnote
                && self.sections[b.section]
                    .heading
                    .is_none_or(|h| self.headings[h].level == 1)
        })
    }

    /// A range that points at the first line of the body (for findings about the whole file).
    pub fn start_range(&self) -> Range<usize> {
        let start = self.body_start.min(self.source.len());
        let end = self.source[start..]
            .find(['\n', '\r'])
            .map_or(self.source.len(), |i| start + i);
        start..end
    }
}

#[derive(Default)]
struct Builder {
    headings: Vec<Heading>,
    blocks: Vec<Block>,
    sections: Vec<Section>,
    links: Vec<Link>,
    images: Vec<Image>,
    code_blocks: Vec<CodeBlock>,
    inline_code: Vec<Range<usize>>,
    footnote_refs: Vec<Range<usize>>,
    blockquotes: Vec<Range<usize>>,
    lists: Vec<List>,
    shortcodes: Vec<Shortcode>,
    syntax: Vec<SyntaxSpan>,
    /// The ranges of the scanned syntax spans, masked out of all text.
    masks: Vec<Range<usize>>,
    /// Whether the open block lost text to a mask (a block of syntax alone is other content).
    block_syntax: bool,
    html_block_start: usize,
    /// Inner ranges of code shortcodes: headings there are not headings.
    code_inners: Vec<Range<usize>>,
    /// Open text collectors (paragraph, item, cell, heading); text goes to the innermost.
    collectors: Vec<(Collector, PlainText)>,
    open_links: Vec<(String, usize, String)>,
    open_image: Option<(String, String, usize, String)>,
    open_lists: Vec<usize>,
    in_code: bool,
    in_html: bool,
    quote_depth: usize,
    footnote_depth: usize,
}

/// Whether [`Builder::event`] reads the scan's results for `event` (its masks, or the inner
/// ranges of code shortcodes), or pushes a syntax span: such an event waits for the scan once
/// it reaches an opener that may start a span. A handler that comes to read them must be
/// listed here (`streamed_events_build_what_kept_events_build` tells).
fn reads_syntax(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Text(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Start(Tag::Heading { .. } | Tag::BlockQuote(_))
            | Event::End(TagEnd::HtmlBlock)
    )
}

/// The end of the HTML comment that opens at `at` (`<!--`, outside code), as the scan takes
/// it (to the first `-->` after the opener), when `event`, which reaches it, holds it whole
/// and reads nothing of the scan: an inline HTML or HTML event whose range, or whose HTML
/// block (`html_block`), covers the comment and holds no `<img` (the one thing HTML events
/// read of the scan: an image inside a comment is none). Then no other event meets the
/// comment's span and the events after it may stream on: the comments of a file (a link
/// list's `<!-- references -->`, a note to editors at the top) made 44 of the Rust blog's
/// files and 64 of the Prometheus docs' keep every event after them, 28% and 40% of those
/// corpora's bytes.
fn comment_held_whole(
    source: &str,
    at: usize,
    event: &Event<'_>,
    range: &Range<usize>,
    html_block: Option<&Range<usize>>,
) -> Option<usize> {
    if !source[at..].starts_with("<!--") {
        return None;
    }
    let end = syntax::html_comment_end(source, at)?;
    let holder = match event {
        Event::InlineHtml(_) | Event::Html(_) if range.start <= at && end <= range.end => range,
        Event::Html(_) => html_block.filter(|b| b.start <= at && end <= b.end)?,
        _ => return None,
    };
    (!may_hold_img_tag(source[holder.clone()].as_bytes())).then_some(end)
}

#[cfg(test)]
thread_local! {
    /// Set by tests: every event of a file with an opener waits for the scan, as before
    /// events were read as they come.
    pub(crate) static KEEP_EVENTS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn keep_all_events() -> bool {
    #[cfg(test)]
    return KEEP_EVENTS.get();
    #[cfg(not(test))]
    false
}

#[derive(Clone, Copy, PartialEq)]
enum Collector {
    Block(BlockKind),
    Heading(u8, usize),
    /// A "heading" inside a code shortcode (a `# comment` line of TOML, say): dropped.
    Skip,
}

impl Builder {
    fn run(&mut self, source: &str, body_start: usize, parse: &ParseOptions<'_>) {
        let body = &source[body_start..];
        self.sections.push(Section {
            heading: None,
            range: body_start..body_start,
            blocks: 0..0,
            other_content: 0,
        });
        // ENABLE_GFM: GitHub alerts (`> [!NOTE]`), whose marker then is not text.
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_GFM;
        let mut events = Parser::new_ext(body, options)
            .into_offset_iter()
            .map(|(e, r)| (e, r.start + body_start..r.end + body_start));
        // Events are read as they come while no syntax span can meet them: every span starts
        // at an opener outside code (`syntax::next_opener`), so an event that ends before the
        // first opener not yet seen inside code reads no span. Kept, every event of a file
        // waited for the scan (96 bytes an event: two thirds of the memory of a large document
        // at its peak), though in most files every opener is in code (`Vec<T>`, `{{` in a
        // template's listing).
        let opener =
            |from: usize| syntax::next_opener(body, from - body_start).map(|at| at + body_start);
        let mut next_opener = opener(body_start);
        // Code ranges, for the scan: code blocks, and with them inline code (sorted by start).
        let mut code = Vec::new();
        let mut code_blocks = Vec::new();
        let mut switch = None;
        // The open HTML block's range, and whether an HTML comment was read past.
        let mut html_block: Option<Range<usize>> = None;
        let mut comment_passed = false;
        while let Some(at) = next_opener {
            let Some((event, range)) = events.next() else {
                break;
            };
            if keep_all_events() {
                switch = Some((event, range));
                break;
            }
            let is_block = matches!(event, Event::Start(Tag::CodeBlock(_)));
            if is_block || matches!(event, Event::Code(_)) {
                if is_block {
                    code_blocks.push(range.clone());
                }
                code.push(range.clone());
                if range.contains(&at) {
                    next_opener = opener(range.end);
                }
            } else if reads_syntax(&event) && range.end > at {
                // Past a comment this event holds whole, unless the event goes on to the next
                // opener.
                let past = comment_held_whole(source, at, &event, &range, html_block.as_ref())
                    .map(opener)
                    .filter(|next| next.is_none_or(|next| next >= range.end));
                let Some(next) = past else {
                    switch = Some((event, range));
                    break;
                };
                next_opener = next;
                comment_passed = true;
            }
            match event {
                Event::Start(Tag::HtmlBlock) => html_block = Some(range.clone()),
                Event::End(TagEnd::HtmlBlock) => html_block = None,
                _ => {}
            }
            self.event(event, range, source);
        }
        let Some(first_kept) = switch else {
            // Every opener lies in code or in a comment read past: the scan finds only
            // those comments. Or one does not, and no event reached it: the scan still finds
            // the document's syntax spans.
            for (event, range) in events {
                self.event(event, range, source);
            }
            if next_opener.is_some() || comment_passed {
                self.scan(source, body_start, parse, code, &code_blocks);
            }
            return;
        };
        // Room for one event per 16 bytes, about what prose and code give (powershell docs:
        // one per 15 to 25): grown from empty, the list was copied 7 times per file.
        let rest = source.len() - first_kept.1.start;
        let mut kept: Vec<(Event<'_>, Range<usize>)> = Vec::with_capacity(rest / 16 + 16);
        kept.push(first_kept);
        kept.extend(events);
        // Template syntax is found after the parse, so that code keeps its `{{ }}`.
        for (event, range) in &kept {
            match event {
                Event::Start(Tag::CodeBlock(_)) => {
                    code.push(range.clone());
                    code_blocks.push(range.clone());
                }
                Event::Code(_) => code.push(range.clone()),
                _ => {}
            }
        }
        self.scan(source, body_start, parse, code, &code_blocks);
        for (event, range) in kept {
            self.event(event, range, source);
        }
    }

    /// Find the template syntax of the body (`code`: every code range) and keep its spans.
    fn scan(
        &mut self,
        source: &str,
        body_start: usize,
        parse: &ParseOptions<'_>,
        mut code: Vec<Range<usize>>,
        code_blocks: &[Range<usize>],
    ) {
        code.sort_by_key(|r| r.start);
        let mut scan = syntax::scan(source, body_start, &code, code_blocks);
        scan.code_shortcodes(parse.code_shortcodes);
        self.code_inners = scan
            .spans
            .iter()
            .filter(|s| s.kind == SyntaxKind::ShortcodeCode)
            .map(|s| s.range.clone())
            .collect();
        self.masks = scan.spans.iter().map(|s| s.range.clone()).collect();
        // Spans pushed by the events before (alert markers) come after the scan's, as they
        // would had the scan come first.
        let pushed = std::mem::replace(&mut self.syntax, scan.spans);
        self.syntax.extend(pushed);
        self.shortcodes = scan.shortcodes;
    }

    fn current_section(&self) -> usize {
        self.sections.len() - 1
    }

    fn other_content(&mut self) {
        let s = self.current_section();
        self.sections[s].other_content += 1;
    }

    /// Add text to the open collectors, minus any masked syntax. A masked span in the middle
    /// of a word becomes a space, so `a{{< x >}}b` stays two words.
    fn push_text(&mut self, text: &str, range: Range<usize>) {
        if self.in_code || self.in_html {
            return;
        }
        let first = self.masks.partition_point(|m| m.end <= range.start);
        if self.masks.get(first).is_none_or(|m| m.start >= range.end) {
            return self.push_visible(text, range);
        }
        self.block_syntax = true;
        if text.len() != range.len() {
            // Rewritten text (entity, escape, hard break): kept only if it starts outside.
            if range.start < self.masks[first].start {
                self.push_visible(text, range);
            }
            return;
        }
        let mut pos = range.start;
        let mut k = first;
        while pos < range.end {
            let Some(mask) = self.masks.get(k).filter(|m| m.start < range.end).cloned() else {
                self.push_visible(&text[pos - range.start..], pos..range.end);
                break;
            };
            if mask.start > pos {
                self.push_visible(
                    &text[pos - range.start..mask.start - range.start],
                    pos..mask.start,
                );
            }
            let glued = self
                .collectors
                .last()
                .is_some_and(|(_, t)| t.text.ends_with(|c: char| !c.is_whitespace()));
            if glued {
                let at = mask.start.max(range.start);
                self.push_visible(" ", at..at);
            }
            pos = mask.end.min(range.end).max(pos);
            k += 1;
        }
    }

    fn push_visible(&mut self, text: &str, range: Range<usize>) {
        if let Some((_, _, _, alt)) = &mut self.open_image {
            alt.push_str(text);
            return;
        }
        for (_, _, link_text) in &mut self.open_links {
            link_text.push_str(text);
        }
        if let Some((_, t)) = self.collectors.last_mut() {
            t.push(text, range);
        }
    }

    /// Emit the innermost collector's text as a block and leave it open but empty, so that an
    /// item's text before a nested list stays in source order.
    fn flush_block(&mut self) {
        let Some((Collector::Block(kind), text)) = self.collectors.last_mut() else {
            return;
        };
        let kind = *kind;
        let text = std::mem::take(text);
        let had_syntax = std::mem::take(&mut self.block_syntax);
        if text.is_blank() {
            if had_syntax {
                self.other_content();
            }
            return;
        }
        let section = self.current_section();
        self.blocks.push(Block {
            kind,
            text,
            section,
            in_list: !self.open_lists.is_empty(),
            in_blockquote: self.quote_depth > 0,
            in_footnote: self.footnote_depth > 0,
        });
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>, source: &str) {
        match event {
            Event::Start(tag) => self.start(tag, range, source),
            Event::End(tag) => self.end(tag, range, source),
            Event::Text(text) => self.push_text(&text, range),
            Event::Code(_) => {
                self.inline_code.push(range);
            }
            Event::SoftBreak | Event::HardBreak => self.push_text(" ", range),
            Event::FootnoteReference(_) => self.footnote_refs.push(range),
            Event::Html(_) => {}
            Event::InlineHtml(_) => {
                if !self.masks_cover(&range) {
                    self.html_images(source, range.clone());
                }
                if self.collectors.is_empty() {
                    self.other_content();
                }
            }
            Event::Rule | Event::InlineMath(_) | Event::DisplayMath(_) => self.other_content(),
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>, source: &str) {
        match tag {
            Tag::Paragraph => {
                self.flush_block();
                self.collectors.push((
                    Collector::Block(BlockKind::Paragraph),
                    PlainText::with_capacity(range.len()),
                ));
            }
            Tag::Item => {
                self.flush_block();
                if let Some(&list) = self.open_lists.last() {
                    self.lists[list].items += 1;
                }
                self.collectors
                    .push((Collector::Block(BlockKind::ListItem), PlainText::default()));
            }
            Tag::TableCell => {
                self.collectors.push((
                    Collector::Block(BlockKind::TableCell),
                    PlainText::with_capacity(range.len()),
                ));
            }
            Tag::Heading { .. } if self.code_inners.iter().any(|r| r.contains(&range.start)) => {
                self.collectors
                    .push((Collector::Skip, PlainText::default()));
            }
            Tag::Heading { level, .. } => {
                self.flush_block();
                let index = self.headings.len();
                self.sections.push(Section {
                    heading: Some(index),
                    range: range.start..range.start,
                    blocks: self.blocks.len()..self.blocks.len(),
                    other_content: 0,
                });
                self.collectors.push((
                    Collector::Heading(level as u8, range.start),
                    PlainText::with_capacity(range.len()),
                ));
            }
            Tag::CodeBlock(kind) => {
                self.flush_block();
                self.in_code = true;
                let (fenced, info) = match kind {
                    CodeBlockKind::Fenced(info) => (true, info.into_string()),
                    CodeBlockKind::Indented => (false, String::new()),
                };
                self.code_blocks.push(CodeBlock {
                    fenced,
                    info,
                    range,
                });
                self.other_content();
            }
            Tag::HtmlBlock => {
                self.in_html = true;
                self.html_block_start = range.start;
                self.other_content();
            }
            Tag::List(first) => {
                self.flush_block();
                let section = self.current_section();
                self.lists.push(List {
                    ordered: first.is_some(),
                    items: 0,
                    depth: self.open_lists.len() + 1,
                    range,
                    section,
                });
                self.open_lists.push(self.lists.len() - 1);
            }
            Tag::BlockQuote(kind) => {
                self.flush_block();
                self.quote_depth += 1;
                if kind.is_some()
                    && let Some(at) = source[range.clone()].find("[!")
                    && let Some(len) = source[range.start + at..].find(']')
                {
                    let start = range.start + at;
                    self.syntax.push(SyntaxSpan {
                        kind: SyntaxKind::AlertMarker,
                        range: start..start + len + 1,
                    });
                }
                self.blockquotes.push(range);
            }
            Tag::FootnoteDefinition(_) => {
                self.flush_block();
                self.footnote_depth += 1;
            }
            Tag::Table(_) => {
                self.flush_block();
                self.other_content();
            }
            // `into_string`, not `to_string`: a CowStr's Display goes through the formatting
            // machinery (240 instructions a link or image).
            Tag::Link { dest_url, .. } => {
                self.open_links
                    .push((dest_url.into_string(), range.start, String::new()));
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.other_content();
                self.open_image = Some((
                    dest_url.into_string(),
                    title.into_string(),
                    range.start,
                    String::new(),
                ));
            }
            _ => {}
        }
        let _ = source;
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>, source: &str) {
        match tag {
            TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell => {
                self.flush_block();
                self.collectors.pop();
            }
            TagEnd::Heading(_) => {
                if let Some((Collector::Heading(level, start), text)) = self.collectors.pop() {
                    let raw = &source[start..range.end];
                    let trimmed_end = start + raw.trim_end().len();
                    let setext = !raw.trim_start().starts_with('#');
                    self.headings.push(Heading {
                        level,
                        text,
                        range: start..trimmed_end,
                        setext,
                    });
                }
            }
            TagEnd::CodeBlock => self.in_code = false,
            TagEnd::HtmlBlock => {
                self.in_html = false;
                self.html_images(source, self.html_block_start..range.end);
            }
            TagEnd::List(_) => {
                self.open_lists.pop();
            }
            TagEnd::BlockQuote(_) => self.quote_depth = self.quote_depth.saturating_sub(1),
            TagEnd::FootnoteDefinition => {
                self.footnote_depth = self.footnote_depth.saturating_sub(1)
            }
            TagEnd::Link => {
                if let Some((url, start, text)) = self.open_links.pop() {
                    self.links.push(Link {
                        url,
                        text,
                        range: start..range.end,
                    });
                }
            }
            TagEnd::Image => {
                if let Some((url, title, start, alt)) = self.open_image.take() {
                    self.images.push(Image {
                        url,
                        alt,
                        title,
                        range: start..range.end,
                        kind: ImageKind::Markdown,
                        decorative: false,
                    });
                }
            }
            _ => {}
        }
    }
}

impl Builder {
    /// Whether `range` lies wholly inside one masked syntax span.
    fn masks_cover(&self, range: &Range<usize>) -> bool {
        let i = self.masks.partition_point(|m| m.end <= range.start);
        self.masks
            .get(i)
            .is_some_and(|m| m.start <= range.start && range.end <= m.end)
    }

    /// Record the `<img>` tags of an HTML block or inline HTML (comments skipped).
    fn html_images(&mut self, source: &str, range: Range<usize>) {
        let html = &source[range.clone()];
        if !may_hold_img_tag(html.as_bytes()) {
            return;
        }
        for (at, tag) in html_img_tags(html) {
            let start = range.start + at;
            if self.masks_cover(&(start..start + tag.len)) {
                continue;
            }
            let alt = tag.attr("alt");
            self.images.push(Image {
                url: tag.attr("src").unwrap_or_default(),
                alt: alt.clone().unwrap_or_default(),
                title: tag.attr("title").unwrap_or_default(),
                range: start..start + tag.len,
                kind: ImageKind::Html,
                decorative: alt.is_some_and(|a| a.trim().is_empty()),
            });
        }
        self.images.sort_by_key(|i| i.range.start);
    }
}

/// Whether `html` holds `<img` in any case: a search for `<`, where a comparison of every
/// four bytes cost a blog of HTML-rich posts 0.8% of its instructions.
fn may_hold_img_tag(html: &[u8]) -> bool {
    memchr::memchr_iter(b'<', html).any(|i| {
        html.get(i + 1..i + 4)
            .is_some_and(|name| name.eq_ignore_ascii_case(b"img"))
    })
}

/// An HTML start tag: its length and attributes (names lower-cased, values unquoted).
struct HtmlTag {
    len: usize,
    attrs: Vec<(String, String)>,
}

impl HtmlTag {
    fn attr(&self, name: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

/// The `<img ...>` tags of an HTML fragment, outside comments, with their offsets.
/// Attributes in any order, quoted with `"` or `'`, or unquoted (HTML's attribute syntax).
fn html_img_tags(html: &str) -> Vec<(usize, HtmlTag)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"<!--") {
            i = html[i..].find("-->").map_or(b.len(), |n| i + n + 3);
            continue;
        }
        let is_img = b.len() >= i + 5
            && b[i..i + 4].eq_ignore_ascii_case(b"<img")
            && (b[i + 4].is_ascii_whitespace() || matches!(b[i + 4], b'/' | b'>'));
        if !is_img {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 4;
        let mut attrs = Vec::new();
        let mut closed = false;
        while j < b.len() {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() {
                break;
            }
            if b[j] == b'>' {
                j += 1;
                closed = true;
                break;
            }
            let name_start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let name = html[name_start..j].to_ascii_lowercase();
            let mut k = j;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            let mut value = String::new();
            if b.get(k) == Some(&b'=') {
                k += 1;
                while k < b.len() && b[k].is_ascii_whitespace() {
                    k += 1;
                }
                match b.get(k) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[k + 1..].find(q as char).map_or(b.len(), |n| k + 1 + n);
                        value = html[k + 1..end].to_string();
                        k = (end + 1).min(b.len());
                    }
                    _ => {
                        let end = html[k..]
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .map_or(b.len(), |n| k + n);
                        value = html[k..end].to_string();
                        k = end;
                    }
                }
                j = k;
            }
            if !name.is_empty() {
                attrs.push((name, value));
            }
        }
        if closed {
            out.push((
                start,
                HtmlTag {
                    len: j - start,
                    attrs,
                },
            ));
        }
        i = j.max(i + 1);
    }
    out
}

/// The date regexes of front matter (the differential test of `quick_regex` reads them).
#[cfg(test)]
pub(crate) fn quick_regexes() -> Vec<&'static crate::text::quick_regex::QuickRegex> {
    front_matter::quick_regexes()
}

#[cfg(test)]
mod tests;

/// Test helpers for what is computed again after an edit.
#[cfg(test)]
pub(crate) mod testing {
    /// Random small edits (xorshift64, the same every run): up to three characters at a
    /// random place replaced by up to five of an alphabet.
    pub(crate) struct RandomEdits {
        rng: crate::testing::Rng,
        alphabet: Vec<char>,
    }

    impl RandomEdits {
        pub(crate) fn new(alphabet: &str, seed: u64) -> RandomEdits {
            RandomEdits {
                rng: crate::testing::Rng(seed),
                alphabet: alphabet.chars().collect(),
            }
        }

        fn next(&mut self, n: usize) -> usize {
            self.rng.below(n)
        }

        /// `text` with one random edit.
        pub(crate) fn edit(&mut self, text: &str) -> String {
            let mut edited = text.to_string();
            let at = super::floor_char_boundary(&edited, self.next(edited.len() + 1));
            let end = super::floor_char_boundary(&edited, at + self.next(4));
            let insert: String = (0..self.next(6))
                .map(|_| {
                    let i = self.next(self.alphabet.len());
                    self.alphabet[i]
                })
                .collect();
            edited.replace_range(at..end, &insert);
            edited
        }
    }
}
