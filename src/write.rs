//! The one write path for a user's files (`regenerate`, and any future `check --fix`).
//!
//! What it guarantees, so that nothing a user wrote is ever lost:
//! - a run never writes over one of its own inputs (same canonical path, or the same file
//!   identity: device and inode on Unix, so hard links and `./a.md` vs `a.md` are caught);
//! - it writes only regular files: a device, FIFO or socket is refused by name, never
//!   replaced; a symlink is followed and its target rewritten in place (the link stays a link);
//! - the backup of an original is `NAME.orig` when none exists, else `NAME.orig.1`, `.orig.2`,
//!   ...: an existing backup (the true original of an earlier run) is never overwritten;
//! - the write is atomic: a temporary file in the target's directory, synced, renamed over the
//!   target. The temporary name, `.NAME.contentlint-tmp-PID`, is obviously stale when a run is
//!   killed, and [`clean_stale_temps`] removes such files at the start of the next run there;
//! - the original's UTF-8 byte order mark, line endings (CRLF/LF) and permissions are kept.

use std::collections::HashSet;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The marker in every temporary file name this module creates.
const TMP_MARKER: &str = ".contentlint-tmp-";

/// What makes two paths the same file: its identity where the platform has one (device and
/// inode on Unix), else the canonical path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FileId {
    #[cfg(unix)]
    Inode {
        dev: u64,
        ino: u64,
    },
    Path(PathBuf),
}

impl FileId {
    /// The identity of the file at `path` (symlinks followed); `None` if it does not exist.
    pub fn of(path: &Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = &meta;
            Some(FileId::Inode {
                dev: meta.dev(),
                ino: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            std::fs::canonicalize(path).ok().map(FileId::Path)
        }
    }
}

/// The inputs of one run, by canonical path and by identity: what a write must never replace.
#[derive(Debug, Default, Clone)]
pub struct Inputs {
    paths: HashSet<PathBuf>,
    ids: HashSet<FileId>,
}

impl Inputs {
    pub fn new() -> Inputs {
        Inputs::default()
    }

    /// Record `path` as an input. Returns `false` when it is already one (the same file under
    /// another name: `a.md` and `./a.md`), so callers can deduplicate.
    pub fn add(&mut self, path: &Path) -> bool {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| absolute(path));
        let id = FileId::of(path);
        let seen =
            self.paths.contains(&canonical) || id.as_ref().is_some_and(|i| self.ids.contains(i));
        self.paths.insert(canonical);
        if let Some(id) = id {
            self.ids.insert(id);
        }
        !seen
    }

    /// Whether `path` names one of the inputs.
    pub fn contains(&self, path: &Path) -> bool {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| absolute(path));
        self.paths.contains(&canonical) || FileId::of(path).is_some_and(|i| self.ids.contains(&i))
    }
}

/// `path` made absolute without touching the file system beyond the current directory (for
/// paths that do not exist yet: their parent may, so canonicalise that).
fn absolute(path: &Path) -> PathBuf {
    if let (Some(parent), Some(name)) = (path.parent(), path.file_name()) {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(p) = std::fs::canonicalize(parent) {
            return p.join(name);
        }
    }
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether `a` and `b` name the same file (or the same path, when neither exists yet).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let mut one = Inputs::new();
    one.add(a);
    one.contains(b)
}

/// Why a write was refused, or failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path} is also an input of this run; refusing to write over it")]
    IsInput { path: PathBuf },
    #[error(
        "{path} is not a regular file ({kind}); contentlint writes only regular files, refusing to replace it"
    )]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl WriteError {
    /// The reason without the path, for messages that name the file themselves.
    pub fn reason(&self) -> String {
        match self {
            WriteError::Io { source, .. } => source.to_string(),
            other => other.to_string(),
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The kind of a file that is not regular, for messages.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    "not a regular file"
}

/// Check that `path` may be read as an article: it exists and is a regular file (or a link
/// to one). `Err` names what it is instead.
pub fn check_regular(path: &Path) -> Result<(), WriteError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(()),
        Ok(meta) => Err(WriteError::NotRegular {
            path: path.to_path_buf(),
            kind: kind_of(&meta),
        }),
        Err(e) => Err(WriteError::Io {
            path: path.to_path_buf(),
            source: e,
        }),
    }
}

/// Check, before anything is written, that `path` may be written: not one of `inputs`, and
/// either absent or a regular file (a symlink to one is fine).
pub fn check_target(path: &Path, inputs: &Inputs) -> Result<(), WriteError> {
    if inputs.contains(path) {
        return Err(WriteError::IsInput {
            path: path.to_path_buf(),
        });
    }
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(WriteError::NotRegular {
            path: path.to_path_buf(),
            kind: kind_of(&meta),
        }),
        _ => Ok(()),
    }
}

/// Where the bytes of `path` really live: a symlink (chain) is followed to its target, so the
/// target is rewritten and the link stays a link. A path that does not exist is itself.
pub fn resolve(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    // A bounded walk: a link loop is left for the write to report.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&current) {
                Ok(target) => {
                    current = match current.parent() {
                        Some(dir) if target.is_relative() => dir.join(target),
                        _ => target,
                    };
                }
                Err(_) => break,
            },
            _ => break,
        }
    }
    current
}

/// `article.md` -> `article.md.orig`, or the first free `article.md.orig.N` when that exists:
/// an existing backup holds an earlier original and is never replaced.
pub fn free_backup_path(path: &Path) -> PathBuf {
    let base = {
        let mut name = path.as_os_str().to_owned();
        name.push(".orig");
        PathBuf::from(name)
    };
    if std::fs::symlink_metadata(&base).is_err() {
        return base;
    }
    (1u32..)
        .map(|n| {
            let mut name: OsString = base.as_os_str().to_owned();
            name.push(format!(".{n}"));
            PathBuf::from(name)
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("a free backup name")
}

/// `text` with the byte order mark and line endings of `original`: a revision from a model
/// has neither, the user's editor wrote both.
pub fn keep_encoding(original: &str, text: &str) -> String {
    const BOM: char = '\u{feff}';
    let body = text.strip_prefix(BOM).unwrap_or(text);
    let crlf = original.matches("\r\n").count();
    let lf = original.matches('\n').count();
    let body = if crlf > 0 && crlf * 2 >= lf {
        body.replace("\r\n", "\n").replace('\n', "\r\n")
    } else if lf > 0 && crlf == 0 {
        body.replace("\r\n", "\n")
    } else {
        body.to_string()
    };
    if original.starts_with(BOM) {
        format!("{BOM}{body}")
    } else {
        body
    }
}

/// The temporary name beside `path` for this process.
fn temp_path(path: &Path) -> PathBuf {
    let dir = parent_dir(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}{TMP_MARKER}{}", std::process::id()))
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Replace (or create) the regular file at `path` with `bytes`, atomically. A symlink is
/// followed (its target is replaced, the link stays); anything but a regular file is refused.
/// The old file's permissions are kept, or those of `like` when given (a backup gets its
/// article's); a new file gets 0666 less the umask.
pub fn write_file(path: &Path, bytes: &[u8], like: Option<&Path>) -> Result<(), WriteError> {
    let target = resolve(path);
    if let Ok(meta) = std::fs::metadata(&target)
        && !meta.is_file()
    {
        return Err(WriteError::NotRegular {
            path: path.to_path_buf(),
            kind: kind_of(&meta),
        });
    }
    let permissions = std::fs::metadata(like.unwrap_or(&target))
        .ok()
        .map(|m| m.permissions());
    let tmp = temp_path(&target);
    let result = (|| {
        // create_new: never follow a link or reuse a file someone placed at the temporary
        // name; one of ours from an earlier write of this process is removed first.
        let _ = std::fs::remove_file(&tmp);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        // Permissions first: the content of a 0600 article is never readable by others,
        // not even for the moment between the write and the rename.
        if let Some(p) = &permissions {
            file.set_permissions(p.clone())?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, &target)?;
        // The rename is durable once the directory is synced (best effort: not every
        // platform lets a directory be opened).
        if let Ok(dir) = std::fs::File::open(parent_dir(&target)) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(path)(e)
    })
}

/// Remove temporary files that a killed run left in `dir` (`.NAME.contentlint-tmp-PID` whose
/// process is gone). Returns the paths removed. Errors are ignored: cleaning is a courtesy.
pub fn clean_stale_temps(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some(pid) = name
            .strip_prefix('.')
            .and_then(|n| n.rsplit_once(TMP_MARKER))
            .and_then(|(_, pid)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        if meta.is_file() && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

/// Whether process `pid` still runs. On Linux `/proc` says; elsewhere assume it does not
/// (a temporary file is only ever renamed by its own process, which is then gone).
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        proc.join(pid.to_string()).exists()
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        write_file(&path, b"new text", None).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new text");
        assert_eq!(names(dir.path()), ["a.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_file(&path, b"new", None).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o640);
        let backup = free_backup_path(&path);
        write_file(&backup, b"old", Some(&path)).unwrap();
        assert_eq!(
            mode(&backup),
            0o640,
            "a backup is as private as its article"
        );
        let fresh = dir.path().join("trace.json");
        write_file(&fresh, b"[]", None).unwrap();
        assert_eq!(mode(&fresh) & 0o644, 0o644, "a new file follows the umask");
    }

    #[test]
    fn backups_are_numbered_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        assert_eq!(free_backup_path(&path), dir.path().join("a.md.orig"));
        std::fs::write(dir.path().join("a.md.orig"), "first").unwrap();
        assert_eq!(free_backup_path(&path), dir.path().join("a.md.orig.1"));
        std::fs::write(dir.path().join("a.md.orig.1"), "second").unwrap();
        assert_eq!(free_backup_path(&path), dir.path().join("a.md.orig.2"));
    }

    #[test]
    fn inputs_are_deduplicated_by_identity() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "x").unwrap();
        let mut inputs = Inputs::new();
        assert!(inputs.add(&path));
        assert!(!inputs.add(&dir.path().join(".").join("a.md")));
        #[cfg(unix)]
        {
            let hard = dir.path().join("hard.md");
            std::fs::hard_link(&path, &hard).unwrap();
            assert!(!inputs.add(&hard), "a hard link is the same file");
        }
        assert!(matches!(
            check_target(&path, &inputs),
            Err(WriteError::IsInput { .. })
        ));
        assert!(check_target(&dir.path().join("new.md"), &inputs).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn fifos_are_refused_and_symlink_targets_updated() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = write_file(&fifo, b"x", None).unwrap_err();
            assert!(e.to_string().contains("a FIFO"), "{e}");
            assert!(check_target(&fifo, &Inputs::new()).is_err());
            assert!(check_regular(&fifo).is_err());
        }
        let target = dir.path().join("real.md");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        write_file(&link, b"new", None).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn encoding_of_the_original_is_kept() {
        assert_eq!(
            keep_encoding("\u{feff}a\r\nb\r\n", "x\ny\n"),
            "\u{feff}x\r\ny\r\n"
        );
        assert_eq!(keep_encoding("a\nb\n", "\u{feff}x\r\ny\r\n"), "x\ny\n");
        assert_eq!(keep_encoding("a\nb\n", "x\ny\n"), "x\ny\n");
    }

    #[test]
    fn stale_temps_of_dead_processes_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        // PID 0x7fff_fff0 is far above any pid_max.
        let stale = dir.path().join(".a.md.contentlint-tmp-2147483632");
        std::fs::write(&stale, "half").unwrap();
        let mine = dir
            .path()
            .join(format!(".b.md.contentlint-tmp-{}", std::process::id()));
        std::fs::write(&mine, "in progress").unwrap();
        std::fs::write(dir.path().join("a.md"), "keep").unwrap();
        let removed = clean_stale_temps(dir.path());
        assert_eq!(removed, vec![stale]);
        let mut left = names(dir.path());
        left.sort();
        assert_eq!(left.len(), 2, "{left:?}");
    }
}
