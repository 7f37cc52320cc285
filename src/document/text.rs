//! Plain text of a block (paragraph, heading, list item, table cell) with a map back to the
//! source bytes, so a rule can search the text and report an exact file range.

use std::ops::Range;

/// A run of plain text that came from one contiguous source range.
#[derive(Debug, Clone)]
struct Segment {
    text_start: u32,
    text_len: u32,
    source_start: usize,
    source_len: u32,
}

/// Plain text (markup removed, inline code and HTML left out) plus its source map.
#[derive(Debug, Clone, Default)]
pub struct PlainText {
    pub text: String,
    segments: Vec<Segment>,
}

impl PlainText {
    /// Empty, with room for `bytes` of text: a block's text is about as long as its source,
    /// and growing it a piece at a time reallocated it several times per paragraph.
    pub(crate) fn with_capacity(bytes: usize) -> PlainText {
        PlainText {
            text: String::with_capacity(bytes),
            segments: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, text: &str, source: Range<usize>) {
        if text.is_empty() {
            return;
        }
        // A verbatim piece right after a verbatim segment in the source extends it (the lines
        // of a paragraph and the breaks between them): the map is the same, with one segment
        // where there were two per line.
        if let Some(last) = self.segments.last_mut()
            && last.text_len == last.source_len
            && text.len() == source.len()
            && last.source_start + last.source_len as usize == source.start
        {
            last.text_len += text.len() as u32;
            last.source_len += text.len() as u32;
            self.text.push_str(text);
            return;
        }
        self.push_segment(text, source);
    }

    /// Add `text` as a segment of its own.
    fn push_segment(&mut self, text: &str, source: Range<usize>) {
        self.segments.push(Segment {
            text_start: self.text.len() as u32,
            text_len: text.len() as u32,
            source_start: source.start,
            source_len: source.len() as u32,
        });
        self.text.push_str(text);
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Source byte range covered by the whole text.
    pub fn source_span(&self) -> Range<usize> {
        match (self.segments.first(), self.segments.last()) {
            (Some(a), Some(b)) => a.source_start..b.source_start + b.source_len as usize,
            _ => 0..0,
        }
    }

    /// Map a byte offset in `text` to a byte offset in the source file. Inside a segment whose
    /// text is a verbatim copy of the source the map is exact; inside one that is not (an
    /// entity, an escape, a line break) it snaps to the segment's start.
    pub fn to_source(&self, offset: usize) -> usize {
        let offset = offset as u32;
        let i = self
            .segments
            .partition_point(|s| s.text_start + s.text_len <= offset)
            .min(self.segments.len().saturating_sub(1));
        let Some(seg) = self.segments.get(i) else {
            return 0;
        };
        let within = offset.saturating_sub(seg.text_start);
        if seg.text_len == seg.source_len {
            seg.source_start + within.min(seg.source_len) as usize
        } else if within >= seg.text_len {
            seg.source_start + seg.source_len as usize
        } else {
            seg.source_start
        }
    }

    /// Map a byte range of `text` to a source range (end-exclusive). The end snaps forward to
    /// the end of a rewritten segment, so an entity like `&amp;` is covered whole.
    pub fn range_to_source(&self, range: Range<usize>) -> Range<usize> {
        let start = self.to_source(range.start);
        if range.end <= range.start {
            return start..start;
        }
        let last = (range.end - 1) as u32;
        let i = self
            .segments
            .partition_point(|s| s.text_start + s.text_len <= last)
            .min(self.segments.len().saturating_sub(1));
        let end = match self.segments.get(i) {
            Some(seg) if seg.text_len == seg.source_len => {
                seg.source_start + (range.end as u32 - seg.text_start).min(seg.source_len) as usize
            }
            Some(seg) => seg.source_start + seg.source_len as usize,
            None => start,
        };
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_verbatim_and_rewritten_segments() {
        // source: "a *bold* &amp; c"
        let mut t = PlainText::default();
        t.push("a ", 0..2);
        t.push("bold", 3..7);
        t.push(" ", 8..9);
        t.push("&", 9..14);
        t.push(" c", 14..16);
        assert_eq!(t.text, "a bold & c");
        assert_eq!(t.range_to_source(2..6), 3..7);
        assert_eq!(t.to_source(7), 9);
        assert_eq!(t.range_to_source(9..10), 15..16);
        assert_eq!(t.range_to_source(7..8), 9..14);
        assert_eq!(t.source_span(), 0..16);
    }

    /// Verbatim pieces that follow each other in the source make one segment, which maps
    /// every offset as the pieces did apart.
    #[test]
    fn contiguous_verbatim_pieces_map_as_apart() {
        // source: "one\ntwo *three*\r\nfour"
        let pieces = [
            ("one", 0..3),
            (" ", 3..4),
            ("two ", 4..8),
            ("three", 9..14),
            (" ", 15..17),
            ("four", 17..21),
        ];
        let mut merged = PlainText::default();
        // One segment per piece, as before pieces were joined.
        let mut apart = PlainText::default();
        for (text, source) in pieces {
            merged.push(text, source.clone());
            apart.push_segment(text, source);
        }
        assert_eq!(merged.segments.len(), 4);
        assert_eq!(apart.segments.len(), 6);
        let n = merged.text.len();
        for start in 0..=n {
            assert_eq!(merged.to_source(start), apart.to_source(start), "{start}");
            for end in start..=n + 1 {
                assert_eq!(
                    merged.range_to_source(start..end),
                    apart.range_to_source(start..end),
                    "{start}..{end}"
                );
            }
        }
        assert_eq!(merged.source_span(), apart.source_span());
    }
}
