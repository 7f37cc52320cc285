//! Reading inputs with limits: only regular files (and standard input) are read, never more
//! than a maximum size, so `/dev/zero`, a FIFO or a socket named by mistake is an error that
//! names it instead of a hang or an exhausted memory.

use std::fs::{FileType, Metadata};
use std::io::{self, BufRead, Read};
use std::path::Path;

/// Default largest input (articles, `--config`): 64 MiB. No Markdown article comes near it
/// (the five sample sites top out under 200 KB); it only stops runaway inputs. `check
/// --max-file-size` changes it.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// What kind of file this is, in words, when it is not a regular file.
fn kind_of(file_type: FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_char_device() {
            return Some("a character device");
        }
        if file_type.is_block_device() {
            return Some("a block device");
        }
    }
    Some("a special file")
}

/// The metadata of the regular file at `path` (symbolic links followed), or a plain message
/// saying why it cannot be read. Nothing is opened: opening a FIFO would block.
pub fn regular_file_metadata(path: &Path) -> Result<Metadata, String> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => {
            let is_link = std::fs::symlink_metadata(path)
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false);
            return Err(match e.kind() {
                io::ErrorKind::NotFound if is_link => {
                    "broken symbolic link: its target does not exist".to_string()
                }
                io::ErrorKind::NotFound => "no such file or directory".to_string(),
                io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ if is_link => format!("cannot follow symbolic link: {}", os_message(&e)),
                _ => os_message(&e),
            });
        }
    };
    match kind_of(meta.file_type()) {
        None => Ok(meta),
        Some("a directory") => Err("is a directory".to_string()),
        Some(kind) => Err(format!("not a regular file: it is {kind}")),
    }
}

/// `Too many levels of symbolic links (os error 40)` -> `too many levels of symbolic links`.
fn os_message(e: &io::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" (os error") {
        Some(i) => &text[..i],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Why an input could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Over the size limit: `size` bytes or more (reading stopped at the limit).
    TooLarge { size: u64, max: u64 },
    /// Anything else, in plain words.
    Other(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::TooLarge { size, max } => {
                write!(f, "larger than the {max}-byte limit ({size} bytes or more)")
            }
            ReadError::Other(message) => f.write_str(message),
        }
    }
}

impl From<String> for ReadError {
    fn from(message: String) -> Self {
        ReadError::Other(message)
    }
}

/// Read at most `max` bytes from `reader`; more is an error (the excess is never buffered).
pub fn read_bounded(reader: impl Read, max: u64, size_hint: u64) -> Result<Vec<u8>, ReadError> {
    // Never trust the hint for the allocation beyond the limit.
    let mut bytes = Vec::with_capacity(size_hint.min(max) as usize);
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| os_message(&e))?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

/// Read the regular file at `path`, at most `max` bytes.
pub fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let meta = regular_file_metadata(path)?;
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            max,
        });
    }
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => os_message(&e),
    })?;
    // The size can change between the check and the read (or lie, as in /proc): bounded anyway.
    read_bounded(file, max, meta.len())
}

/// One article of a record stream (`check --input-format jsonl`): a JSON object a line with
/// `path` (how the article is reported and configured) and `text` (its Markdown); other keys
/// (a CMS's ids, dates) are ignored.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Record {
    pub path: std::path::PathBuf,
    pub text: String,
}

/// A line of a record stream: a record, or why it is not one (an error in the report, in
/// the record's place; the stream goes on).
pub type RecordLine = Result<Record, crate::report::FileError>;

/// Reads records from a stream of JSON lines, one line at a time: memory holds one line, of
/// at most `max` bytes (the `--max-file-size` limit plus room for JSON escapes), whatever
/// the stream's length. Blank lines are skipped; a record's number is its line number.
pub struct Records<R> {
    reader: R,
    /// The stream as errors name it (`standard input` or the file's path).
    shown: String,
    max_text: u64,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: io::BufRead> Records<R> {
    pub fn new(reader: R, shown: &str, max_text: u64) -> Records<R> {
        Records {
            reader,
            shown: shown.to_string(),
            max_text,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// Largest line read: the text limit, doubled for escapes, and room for the keys.
    fn max_line(&self) -> u64 {
        self.max_text.saturating_mul(2).saturating_add(64 * 1024)
    }

    fn error(&self, message: String) -> crate::report::FileError {
        crate::report::FileError::new(
            &self.shown,
            Some(self.line),
            format!("record {}: {message}", self.line),
        )
    }

    /// Skips the rest of an over-long line without holding it.
    fn skip_line(&mut self) -> io::Result<()> {
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(());
            }
            match memchr::memchr(b'\n', chunk) {
                Some(at) => {
                    self.reader.consume(at + 1);
                    return Ok(());
                }
                None => {
                    let n = chunk.len();
                    self.reader.consume(n);
                }
            }
        }
    }

    fn parse(&self, bytes: &[u8]) -> RecordLine {
        let record: Record = serde_json::from_slice(bytes).map_err(|e| {
            // serde_json says "at line 1 column N": the line is always 1 here.
            let text = e.to_string();
            let text = text
                .rsplit_once(" at line ")
                .map_or(text.as_str(), |(t, _)| t);
            let what = if e.is_data() {
                format!("{text} (column {})", e.column())
            } else {
                format!("not a JSON object: {text} (column {})", e.column())
            };
            self.error(format!(
                "{what}; write one {{\"path\": \"...\", \"text\": \"...\"}} object a line"
            ))
        })?;
        if record.text.len() as u64 > self.max_text {
            return Err(self.error(format!(
                "the text is larger than the {}-byte limit; `check` takes a higher limit with \
                 --max-file-size",
                self.max_text
            )));
        }
        Ok(record)
    }
}

impl<R: io::BufRead> Iterator for Records<R> {
    type Item = RecordLine;

    fn next(&mut self) -> Option<RecordLine> {
        while !self.done {
            self.buf.clear();
            self.line += 1;
            let limit = self.max_line();
            let read = (&mut self.reader)
                .take(limit + 1)
                .read_until(b'\n', &mut self.buf);
            match read {
                Err(e) => {
                    self.done = true;
                    return Some(Err(
                        self.error(format!("cannot read the stream: {}", os_message(&e)))
                    ));
                }
                Ok(0) => self.done = true,
                Ok(_) if self.buf.len() as u64 > limit => {
                    let skipped = self.skip_line();
                    self.done = skipped.is_err();
                    return Some(Err(self.error(format!(
                        "the line is longer than {limit} bytes; `check` takes a higher limit \
                         with --max-file-size"
                    ))));
                }
                Ok(_) => {
                    let bytes = self.buf.trim_ascii();
                    if bytes.is_empty() {
                        continue;
                    }
                    return Some(self.parse(bytes));
                }
            }
        }
        None
    }
}

/// Records linted together: enough to keep every thread busy, few enough that memory stays
/// bounded (by this many records of at most `--max-file-size` each, and by
/// [`CHUNK_BYTES`]) whatever the stream's length.
pub const CHUNK_RECORDS: usize = 512;
/// Most text held at once by a chunk of records.
pub const CHUNK_BYTES: usize = 32 * 1024 * 1024;

/// Lints a record stream on `jobs` threads, a chunk at a time: read up to [`CHUNK_RECORDS`]
/// records, lint them in parallel, hand each result (or the record's error) to `sink` in
/// stream order, then read on. `finish` runs on the worker that linted the record (as in
/// [`crate::engine::Linter::lint_batch_map`]); indexes count the stream's records from `first`. Returns the
/// next index.
pub fn lint_records<R: io::BufRead, T: Send>(
    linter: &crate::engine::Linter,
    records: Records<R>,
    jobs: usize,
    first: usize,
    finish: impl Fn(usize, Result<crate::report::FileReport, crate::report::FileError>) -> T + Sync,
    mut sink: impl crate::engine::Sink<T>,
) -> usize {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    let lint = |record: &Record| -> Result<_, crate::report::FileError> {
        let shown = record.path.display().to_string();
        // The same checks as a file's bytes (a NUL byte is a binary file).
        let text = crate::engine::decode(&shown, record.text.clone().into_bytes())?;
        catch_unwind(AssertUnwindSafe(|| linter.lint_source(&record.path, text))).unwrap_or_else(
            |_| {
                Err(crate::report::FileError::new(
                    &shown,
                    None,
                    "internal error while linting this record; please report it".into(),
                ))
            },
        )
    };
    let mut records = records.peekable();
    let mut next = first;
    let mut chunk: Vec<RecordLine> = Vec::with_capacity(CHUNK_RECORDS);
    while records.peek().is_some() {
        chunk.clear();
        let mut bytes = 0;
        while chunk.len() < CHUNK_RECORDS && bytes < CHUNK_BYTES {
            let Some(line) = records.next() else { break };
            bytes += line.as_ref().map_or(0, |r| r.text.len());
            chunk.push(line);
        }
        let base = next;
        crate::engine::map_in_order(
            &chunk,
            jobs,
            |i, line| {
                let result = match line {
                    Ok(record) => lint(record),
                    Err(e) => Err(e.clone()),
                };
                finish(base + i, result)
            },
            Shifted {
                base,
                sink: &mut sink,
            },
        );
        next += chunk.len();
    }
    next
}

/// A sink of one chunk's results: their indexes counted from the chunk's first record.
struct Shifted<'s, S> {
    base: usize,
    sink: &'s mut S,
}

impl<T, S: crate::engine::Sink<T>> crate::engine::Sink<T> for Shifted<'_, S> {
    fn deliver(&mut self, i: usize, result: T) {
        self.sink.deliver(self.base + i, result);
    }

    fn pause(&mut self) {
        self.sink.pause();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "hello").unwrap();
        assert_eq!(read_file(&path, 5).unwrap(), b"hello");
        let err = read_file(&path, 4).unwrap_err();
        assert_eq!(err, ReadError::TooLarge { size: 5, max: 4 });
    }

    #[test]
    fn bounded_reader_stops_at_the_limit() {
        // An endless reader: only limit + 1 bytes are ever read.
        let err = read_bounded(io::repeat(b'x'), 1000, u64::MAX).unwrap_err();
        assert_eq!(
            err,
            ReadError::TooLarge {
                size: 1001,
                max: 1000
            }
        );
    }

    #[test]
    fn directory_and_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = |p: &Path| read_file(p, 10).unwrap_err().to_string();
        assert_eq!(err(dir.path()), "is a directory");
        assert_eq!(
            err(&dir.path().join("nope.md")),
            "no such file or directory"
        );
    }

    #[cfg(unix)]
    #[test]
    fn device_and_symlink_loop_are_named() {
        let err = |p: &Path| read_file(p, 10).unwrap_err().to_string();
        assert_eq!(
            err(Path::new("/dev/zero")),
            "not a regular file: it is a character device"
        );
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
        std::os::unix::fs::symlink(&a, &b).unwrap();
        assert_eq!(err(&b), "broken symbolic link: its target does not exist");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        let loop_err = err(&a);
        assert!(
            loop_err.contains("cannot follow symbolic link"),
            "{loop_err}"
        );
        assert!(!loop_err.contains("no such file"), "{loop_err}");
    }

    fn records(text: &str, max: u64) -> Vec<Result<(String, String), String>> {
        Records::new(text.as_bytes(), "standard input", max)
            .map(|r| {
                r.map(|r| (r.path.display().to_string(), r.text))
                    .map_err(|e| e.to_string())
            })
            .collect()
    }

    #[test]
    fn reads_records_and_names_bad_ones_by_number() {
        let text = "{\"path\": \"a.md\", \"text\": \"# A\\n\", \"id\": 7}\n\
                    \n\
                    not json\n\
                    {\"path\": \"b.md\"}\n\
                    {\"path\": \"c.md\", \"text\": \"# C\"}";
        let got = records(text, 1000);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0], Ok(("a.md".into(), "# A\n".into())));
        let bad = got[1].as_ref().unwrap_err();
        assert!(
            bad.starts_with("standard input:3: record 3: not a JSON object"),
            "{bad}"
        );
        let missing = got[2].as_ref().unwrap_err();
        assert!(
            missing.starts_with("standard input:4: record 4: missing field `text`"),
            "{missing}"
        );
        assert_eq!(got[3], Ok(("c.md".into(), "# C".into())));
    }

    #[test]
    fn an_over_long_record_is_an_error_and_the_stream_goes_on() {
        let long = format!(
            "{{\"path\": \"a.md\", \"text\": \"{}\"}}\n",
            "x".repeat(70_000)
        );
        let big_text = format!(
            "{{\"path\": \"b.md\", \"text\": \"{}\"}}\n",
            "y".repeat(500)
        );
        let text = format!("{long}{big_text}{{\"path\": \"c.md\", \"text\": \"ok\"}}\n");
        let got = records(&text, 100);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(
            got[0]
                .as_ref()
                .unwrap_err()
                .contains("record 1: the line is longer than")
        );
        assert!(
            got[1]
                .as_ref()
                .unwrap_err()
                .contains("record 2: the text is larger than the 100-byte limit")
        );
        assert_eq!(got[2], Ok(("c.md".into(), "ok".into())));
    }
}
