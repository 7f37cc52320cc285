//! One parse per file: front matter is split off, then a single pulldown-cmark offset-iterator
//! pass builds the [`Document`] every rule reads. No rule parses Markdown again.

mod front_matter;
mod line_index;
mod prose;
mod text;

pub use front_matter::{
    FrontMatter, FrontMatterError, FrontMatterFormat, date_in_path, parse_date_prefix,
};
pub use line_index::{LineIndex, Position, floor_char_boundary};
pub use prose::{Prose, Sentence, Word, normalize_token, words};
pub use text::PlainText;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::sync::OnceLock;

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

#[derive(Debug, Clone)]
pub struct Image {
    pub url: String,
    pub alt: String,
    pub title: String,
    pub range: Range<usize>,
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

/// A parsed Markdown file. All ranges are byte ranges into [`Document::source`], the whole
/// file, so that line/column are right whatever the front matter or line endings.
#[derive(Debug)]
pub struct Document {
    pub source: String,
    pub front_matter: FrontMatter,
    pub body_start: usize,
    pub headings: Vec<Heading>,
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
    pub code_blocks: Vec<CodeBlock>,
    pub inline_code: Vec<Range<usize>>,
    pub footnote_refs: Vec<Range<usize>>,
    pub blockquotes: Vec<Range<usize>>,
    pub lists: Vec<List>,
    pub lines: LineIndex,
    prose: OnceLock<Prose>,
}

impl Document {
    /// Parse a whole file. The only error is malformed front matter.
    pub fn parse(source: String) -> Result<Document, FrontMatterError> {
        // Old Mac files: same offsets, ordinary lines for pulldown-cmark and the rules.
        let source = line_index::lone_cr_to_lf(source);
        let (front_matter, body_start) = front_matter::split(&source)?;
        let lines = LineIndex::new(&source);
        let mut builder = Builder::default();
        builder.run(&source, body_start);
        let Builder {
            headings,
            blocks,
            mut sections,
            links,
            images,
            code_blocks,
            inline_code,
            footnote_refs,
            blockquotes,
            lists,
            ..
        } = builder;
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
            lines,
            prose: OnceLock::new(),
        })
    }

    /// Sentences, word counts and syllables, computed once on first use.
    pub fn prose(&self) -> &Prose {
        self.prose.get_or_init(|| Prose::compute(self))
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.source, offset)
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

#[derive(Clone, Copy, PartialEq)]
enum Collector {
    Block(BlockKind),
    Heading(u8, usize),
}

impl Builder {
    fn run(&mut self, source: &str, body_start: usize) {
        let body = &source[body_start..];
        self.sections.push(Section {
            heading: None,
            range: body_start..body_start,
            blocks: 0..0,
            other_content: 0,
        });
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES;
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            let range = range.start + body_start..range.end + body_start;
            self.event(event, range, source);
        }
    }

    fn current_section(&self) -> usize {
        self.sections.len() - 1
    }

    fn other_content(&mut self) {
        let s = self.current_section();
        self.sections[s].other_content += 1;
    }

    fn push_text(&mut self, text: &str, range: Range<usize>) {
        if self.in_code || self.in_html {
            return;
        }
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
        if text.is_blank() {
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
            Event::Html(_) | Event::InlineHtml(_) => {
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
                self.collectors
                    .push((Collector::Block(BlockKind::Paragraph), PlainText::default()));
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
                self.collectors
                    .push((Collector::Block(BlockKind::TableCell), PlainText::default()));
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
                    PlainText::default(),
                ));
            }
            Tag::CodeBlock(kind) => {
                self.flush_block();
                self.in_code = true;
                let (fenced, info) = match kind {
                    CodeBlockKind::Fenced(info) => (true, info.to_string()),
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
            Tag::BlockQuote(_) => {
                self.flush_block();
                self.quote_depth += 1;
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
            Tag::Link { dest_url, .. } => {
                self.open_links
                    .push((dest_url.to_string(), range.start, String::new()));
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.other_content();
                self.open_image = Some((
                    dest_url.to_string(),
                    title.to_string(),
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
            TagEnd::HtmlBlock => self.in_html = false,
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
                    });
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
