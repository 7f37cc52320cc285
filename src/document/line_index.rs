//! Byte offset -> line/column mapping over the whole file (front matter included).

/// Line starts of a file, so that any byte offset maps to a 1-based line and a 1-based column
/// counted in Unicode characters (what editors and SARIF consumers expect). `\r\n`, `\n` and
/// a lone `\r` (old Mac files; LSP counts it too) each end a line; a `\r` before `\n` is
/// never counted as a column. Built once per document; a lookup is a binary search plus a
/// count from the line start, never from the file start.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based position in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(line_ends(text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 0-based line and UTF-16 column of byte `offset`, as the Language Server Protocol counts
    /// them. Clamped like [`LineIndex::position`].
    pub fn utf16_position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
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
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        column_offset(text, start, self.starts.get(line + 1).copied(), column)
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
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let prefix = &text[start..offset];
        let column = prefix.trim_end_matches('\r').chars().count() + 1;
        Position { line, column }
    }

    /// Byte offset of the start of 1-based `line`, if the file has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
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

/// Byte index of the last byte of each line break: `\n`, or a `\r` not followed by `\n`.
/// memchr jumps between breaks: built for every file with a finding, a byte-at-a-time scan
/// cost 2% of a check.
fn line_ends(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
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
