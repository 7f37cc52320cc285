//! Reading inputs with limits: only regular files (and standard input) are read, never more
//! than a maximum size, so `/dev/zero`, a FIFO or a socket named by mistake is an error that
//! names it instead of a hang or an exhausted memory.

use std::fs::{FileType, Metadata};
use std::io::{self, Read};
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
}
