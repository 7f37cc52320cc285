//! Byte offset -> line/column mapping over the whole file (front matter included).

/// Line breaks of a file, so that any byte offset maps to a 1-based line and a 1-based column
/// counted in Unicode characters (what editors and SARIF consumers expect). `\r\n`, `\n` and
/// a lone `\r` (old Mac files; LSP counts it too) each end a line; a `\r` before `\n` is
/// never counted as a column. Built once per document; a lookup counts the breaks from the
/// checkpoint before it (at most [`CHECKPOINT_BYTES`]) and the characters from its line's
/// start, never from the file start.
///
/// Checkpoints, not a table of every line start: the table cost 100 instructions a line to
/// build where lines are short (1.8% of a check over the PowerShell docs), and a report asks
/// for a few positions. A checkpoint's count is a vector count of `\n` bytes
/// (`memchr_iter(..).count()`).
///
/// A query may be given the text the index was built from or one that differs from it only
/// in lone `\r`s where the other has `\n`s (the language server's buffer, against the
/// linted source): both have their line breaks at the same bytes.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    /// `ends_before[k]`: the line breaks (their last bytes) at offsets below
    /// `k * CHECKPOINT_BYTES`, for every `k` up to the text's length.
    ends_before: Vec<usize>,
    /// Line breaks in the whole text.
    ends: usize,
}

/// Bytes from one checkpoint of a [`LineIndex`] to the next.
const CHECKPOINT_BYTES: usize = 1024;

/// A 1-based position in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut ends_before = Vec::with_capacity(bytes.len() / CHECKPOINT_BYTES + 1);
        let mut ends = 0;
        let mut at = 0;
        loop {
            ends_before.push(ends);
            if at >= bytes.len() {
                break;
            }
            let next = (at + CHECKPOINT_BYTES).min(bytes.len());
            ends += count_ends(bytes, at..next);
            at = next;
        }
        LineIndex { ends_before, ends }
    }

    /// The 1-based line of byte `offset` (a char boundary, at most the text's length) and the
    /// offset of that line's start.
    fn line_and_start(&self, text: &str, offset: usize) -> (usize, usize) {
        let bytes = text.as_bytes();
        let k = (offset / CHECKPOINT_BYTES).min(self.ends_before.len().saturating_sub(1));
        let checkpoint = k * CHECKPOINT_BYTES;
        let before = self.ends_before.get(k).copied().unwrap_or(0)
            + count_ends(bytes, checkpoint.min(offset)..offset);
        (before + 1, line_start_before(bytes, offset))
    }

    /// 0-based line and UTF-16 column of byte `offset`, as the Language Server Protocol counts
    /// them. Clamped like [`LineIndex::position`].
    pub fn utf16_position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let (line, start) = self.line_and_start(text, offset);
        let before = &text[start..offset];
        // An ASCII line (most are) has as many UTF-16 units as bytes.
        let column = if before.is_ascii() {
            before.len()
        } else {
            before.chars().map(char::len_utf16).sum()
        };
        (line - 1, column)
    }

    /// Byte offset of a 0-based line and UTF-16 column (an LSP position), the inverse of
    /// [`LineIndex::utf16_position`]. As the protocol says, a column past the end of its line
    /// means the line's end (before its break) and a line past the last means the end of the
    /// text; a column inside a character (half of a surrogate pair) means that character's
    /// start.
    pub fn utf16_offset(&self, text: &str, line: usize, column: usize) -> usize {
        let Some(start) = self.line_start(text, line + 1) else {
            return text.len();
        };
        column_offset(text, start, self.line_start(text, line + 2), column)
    }

    /// [`LineIndex::utf16_offset`] without a table, for one position in a text (an edit's
    /// range in the language server): walking the line breaks up to it costs a fraction of a
    /// table of every line of a large document.
    pub fn utf16_offset_in(text: &str, line: usize, column: usize) -> usize {
        let mut starts = line_ends(text.as_bytes()).map(|i| i + 1);
        let start = match line.checked_sub(1) {
            None => 0,
            Some(n) => match starts.nth(n) {
                Some(start) => start,
                None => return text.len(),
            },
        };
        column_offset(text, start, starts.next(), column)
    }

    /// The position of byte `offset` in `text` (the same text the index was built from).
    /// Offsets past the end or inside a multi-byte character are clamped, never a panic.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let (line, start) = self.line_and_start(text, offset);
        let prefix = &text[start..offset];
        let column = prefix.trim_end_matches('\r').chars().count() + 1;
        Position { line, column }
    }

    /// The positions of `start` and `end` ([`LineIndex::position`] of each): a range within
    /// one line (most findings' are) has its end counted on from its start, not looked up
    /// again.
    pub fn position_range(&self, text: &str, start: usize, end: usize) -> (Position, Position) {
        let from = self.position(text, start);
        let (a, b) = (
            floor_char_boundary(text, start.min(text.len())),
            floor_char_boundary(text, end.min(text.len())),
        );
        // No break (nor a `\r`) between them: the same line, and the start's column was not
        // cut by the trim of a `\r` (one before `a` would end its line unless a `\n`
        // followed, and that `\n` would be at `a`, inside the range).
        if a < b && memchr::memchr2(b'\n', b'\r', &text.as_bytes()[a..b]).is_none() {
            let column = from.column + text[a..b].chars().count();
            return (
                from,
                Position {
                    line: from.line,
                    column,
                },
            );
        }
        (from, self.position(text, end))
    }

    /// Byte offset of the start of 1-based `line` of `text`, if the file has that line.
    pub fn line_start(&self, text: &str, line: usize) -> Option<usize> {
        let n = line.checked_sub(1)?;
        if n == 0 {
            return Some(0);
        }
        if n > self.ends {
            return None;
        }
        // The checkpoint after which the n-th break falls: the last with fewer before it.
        let k = self
            .ends_before
            .partition_point(|&e| e < n)
            .saturating_sub(1);
        let from = k * CHECKPOINT_BYTES;
        let bytes = text.as_bytes();
        // The slice runs to the text's end, so its breaks are the text's.
        let end = line_ends(&bytes[from..]).nth(n - self.ends_before[k] - 1)?;
        Some(from + end + 1)
    }

    pub fn line_count(&self) -> usize {
        self.ends + 1
    }
}

/// The line breaks (their last bytes: `\n`, or a `\r` not followed by `\n` in `bytes`) at
/// offsets in `range`.
fn count_ends(bytes: &[u8], range: std::ops::Range<usize>) -> usize {
    let part = &bytes[range.clone()];
    if memchr::memchr(b'\r', part).is_none() {
        return memchr::memchr_iter(b'\n', part).count();
    }
    memchr::memchr2_iter(b'\n', b'\r', part)
        .filter(|&i| ends_line(bytes, range.start + i))
        .count()
}

/// The start of the line that holds byte `offset`: after the last line break before it.
fn line_start_before(bytes: &[u8], offset: usize) -> usize {
    let mut end = offset;
    while let Some(i) = memchr::memrchr2(b'\n', b'\r', &bytes[..end]) {
        // A `\r` followed by `\n` is not a break of its own (the `\n` is, and it is at or
        // after `offset`).
        if ends_line(bytes, i) {
            return i + 1;
        }
        end = i;
    }
    0
}

/// Byte offset of UTF-16 `column` in the line that starts at `start` (the next line at
/// `next`): see [`LineIndex::utf16_offset`].
fn column_offset(text: &str, start: usize, next: Option<usize>, column: usize) -> usize {
    let end = next.map_or(text.len(), |next| {
        let bytes = text.as_bytes();
        let mut end = next;
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        end
    });
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        units += c.len_utf16();
        if units > column {
            return start + i;
        }
    }
    end
}

/// A lone `\r` (old Mac line ending) becomes `\n`, byte for byte, so every offset, line and
/// column stays the same; pulldown-cmark and the rules then see ordinary lines. `\r\n` is
/// kept.
pub fn lone_cr_to_lf(text: String) -> String {
    // memchr's vector search: `str::contains` walks a large file a word at a time.
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Only an ASCII byte was replaced by another: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether byte `i` of `bytes`, a `\n` or a `\r`, ends a line: a `\n` does, a `\r` unless a
/// `\n` follows it (then that `\n` does).
fn ends_line(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n')
}

/// Byte index of the last byte of each line break: `\n`, or a `\r` not followed by `\n`.
/// memchr jumps between breaks: built for every file with a finding, a byte-at-a-time scan
/// cost 2% of a check.
fn line_ends(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', bytes).filter(|&i| ends_line(bytes, i))
}

/// The largest char boundary `<= offset` (std's version is unstable).
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every answer of the checkpointed index is the table's of every line start (the index
    /// before checkpoints, rebuilt here as the definition): random texts of every kind of
    /// break, characters of one to four bytes and long runs without a break, at lengths
    /// around the checkpoints; queried on the text and on its lone-`\r`-to-`\n` copy.
    #[test]
    fn checkpoints_answer_as_a_table_of_every_line_start() {
        let pieces = ["\n", "\r", "\r\n", "a", "é", "😀", "  ", "\r\r\n"];
        let mut rng = crate::testing::Rng(17);
        for round in 0..200 {
            let mut text = String::new();
            let target = rng.below(3 * CHECKPOINT_BYTES) + usize::from(round % 3 == 0);
            while text.len() < target {
                if rng.below(40) == 0 {
                    // A long line: a checkpoint falls inside it.
                    text.push_str(&"x".repeat(rng.below(2 * CHECKPOINT_BYTES)));
                }
                let piece: &&str = rng.pick(&pieces);
                text.push_str(piece);
            }
            let starts: Vec<usize> = std::iter::once(0)
                .chain(line_ends(text.as_bytes()).map(|i| i + 1))
                .collect();
            let idx = LineIndex::new(&text);
            let lf = lone_cr_to_lf(text.clone());
            assert_eq!(idx.line_count(), starts.len());
            for line in 0..starts.len() + 2 {
                let expected = line.checked_sub(1).and_then(|l| starts.get(l).copied());
                assert_eq!(idx.line_start(&text, line), expected, "line {line}");
                assert_eq!(idx.line_start(&lf, line), expected, "line {line}, LF copy");
            }
            for offset in (0..=text.len() + 1).step_by(1 + rng.below(7)) {
                let clamped = floor_char_boundary(&text, offset.min(text.len()));
                let line = starts.partition_point(|&s| s <= clamped).max(1);
                let start = starts[line - 1];
                let column = text[start..clamped].trim_end_matches('\r').chars().count() + 1;
                let expected = Position { line, column };
                assert_eq!(idx.position(&text, offset), expected, "offset {offset}");
                assert_eq!(
                    idx.position(&lf, offset),
                    expected,
                    "offset {offset}, LF copy"
                );
                let (l16, _) = idx.utf16_position(&text, offset);
                assert_eq!(l16, line - 1, "offset {offset}");
            }
        }
    }

    /// A range's two positions are those of its ends, looked up apart: random ranges of
    /// texts with every kind of break and multi-byte characters, ends inside characters and
    /// past the text included.
    #[test]
    fn position_range_is_both_positions() {
        let pieces = ["\n", "\r", "\r\n", "a", "é", "😀", " "];
        let mut rng = crate::testing::Rng(23);
        for _ in 0..300 {
            let text: String = (0..rng.below(30)).map(|_| *rng.pick(&pieces)).collect();
            let idx = LineIndex::new(&text);
            for _ in 0..20 {
                let start = rng.below(text.len() + 2);
                let end = start + rng.below(12);
                assert_eq!(
                    idx.position_range(&text, start, end),
                    (idx.position(&text, start), idx.position(&text, end)),
                    "{text:?} {start}..{end}"
                );
            }
        }
    }

    #[test]
    fn lf_and_crlf_lines() {
        let text = "ab\r\ncé\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 2), Position { line: 1, column: 3 });
        assert_eq!(idx.position(text, 3), Position { line: 1, column: 3 });
        assert_eq!(idx.position(text, 4), Position { line: 2, column: 1 });
        // 'é' is two bytes but one column
        assert_eq!(idx.position(text, 7), Position { line: 2, column: 3 });
        assert_eq!(idx.position(text, 8), Position { line: 3, column: 1 });
        assert_eq!(idx.position(text, 100), Position { line: 3, column: 2 });
    }

    #[test]
    fn item13_lone_cr_ends_a_line() {
        let text = "a\rbc\r\nd\re";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.position(text, 2), Position { line: 2, column: 1 });
        assert_eq!(idx.position(text, 3), Position { line: 2, column: 2 });
        assert_eq!(idx.position(text, 6), Position { line: 3, column: 1 });
        assert_eq!(idx.position(text, 8), Position { line: 4, column: 1 });
    }

    #[test]
    fn item13_lone_cr_becomes_lf_in_place() {
        let text = "a\rb\r\nc\r".to_string();
        let out = lone_cr_to_lf(text.clone());
        assert_eq!(out, "a\nb\r\nc\n");
        let (before, after) = (LineIndex::new(&text), LineIndex::new(&out));
        for i in 0..text.len() {
            assert_eq!(before.position(&text, i), after.position(&out, i));
        }
    }

    #[test]
    fn utf16_columns_count_from_the_line_start() {
        let text = "a\r\n😀é x\ry";
        let idx = LineIndex::new(text);
        assert_eq!(idx.utf16_position(text, 0), (0, 0));
        assert_eq!(idx.utf16_position(text, 3), (1, 0));
        // the emoji is two UTF-16 units, é one
        assert_eq!(idx.utf16_position(text, text.find('x').unwrap()), (1, 4));
        assert_eq!(idx.utf16_position(text, text.find('y').unwrap()), (2, 0));
    }

    #[test]
    fn utf16_offsets_invert_utf16_positions() {
        let text = "a\r\n😀é x\ry\n\nlast";
        let idx = LineIndex::new(text);
        // every offset but a line break's (a position names no byte of it)
        for (offset, c) in text.char_indices().chain([(text.len(), ' ')]) {
            if c == '\r' || c == '\n' {
                continue;
            }
            let (line, column) = idx.utf16_position(text, offset);
            assert_eq!(
                idx.utf16_offset(text, line, column),
                offset,
                "{line}:{column}"
            );
        }
        // half of the emoji's surrogate pair: the emoji's start
        assert_eq!(idx.utf16_offset(text, 1, 1), text.find('😀').unwrap());
        // past the line's end: before its break (\r); past the last line: the text's end
        assert_eq!(idx.utf16_offset(text, 1, 99), text.find("\ry").unwrap());
        assert_eq!(idx.utf16_offset(text, 0, 99), 1);
        assert_eq!(idx.utf16_offset(text, 3, 5), text.find("\nlast").unwrap());
        assert_eq!(idx.utf16_offset(text, 4, 2), text.len() - 2);
        assert_eq!(idx.utf16_offset(text, 9, 0), text.len());
    }

    /// Without a table, the same offsets: every line and column (past the ends too) of texts
    /// with every kind of break, an empty last line, and characters of one to four bytes.
    #[test]
    fn utf16_offsets_without_a_table_are_the_tables() {
        for text in [
            "",
            "\n",
            "a\r\n😀é x\ry\n\nlast",
            "one\rtwo\r\nthree\n",
            "\r\r\n\n\r",
            "αβγ\n😀😀\r\nx",
        ] {
            let idx = LineIndex::new(text);
            for line in 0..idx.line_count() + 2 {
                for column in 0..12 {
                    assert_eq!(
                        LineIndex::utf16_offset_in(text, line, column),
                        idx.utf16_offset(text, line, column),
                        "{text:?} {line}:{column}"
                    );
                }
            }
        }
    }

    #[test]
    fn offset_inside_a_character_is_clamped() {
        let text = "é";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 1), Position { line: 1, column: 1 });
    }
}
