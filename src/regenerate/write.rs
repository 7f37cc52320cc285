//! Writing results: atomically (a temporary file in the same directory, synced, then renamed
//! over the target), so that a killed run leaves the old file or the new one, never half of
//! one; the `.orig` backup; the unified diff of `--dry-run`.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Replace (or create) `path` with `bytes` atomically, keeping the old file's permissions (a
/// new file gets the usual ones: 0666 less the umask).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_like(path, bytes, path)
}

/// [`write_atomic`], with the permissions of `like` if it exists (a backup gets the
/// article's).
pub fn write_atomic_like(path: &Path, bytes: &[u8], like: &Path) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A hidden name beside the target: the rename stays on one file system, and a file left
    // by a killed run is easy to recognise.
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".contentlint-tmp");
    // tempfile creates 0600 files; the open mode 0666 lets the umask decide, as for any file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(like) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// `article.md` -> `article.md.orig`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".orig");
    PathBuf::from(name)
}

/// A unified diff (3 lines of context) from `old` to `new`; empty when they are equal.
pub fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new text").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new text");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.md")]);
        assert_eq!(backup_path(&path), dir.path().join("a.md.orig"));
    }

    #[cfg(unix)]
    #[test]
    fn atomic_write_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"new").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o640);
        let backup = dir.path().join("a.md.orig");
        write_atomic_like(&backup, b"old", &path).unwrap();
        assert_eq!(
            mode(&backup),
            0o640,
            "a backup is as private as its article"
        );
        // A new file is not private to its owner: group and others may read it (umask 022
        // or 002, as on any sane system).
        let fresh = dir.path().join("trace.json");
        write_atomic(&fresh, b"[]").unwrap();
        assert_eq!(mode(&fresh) & 0o644, 0o644);
    }

    #[test]
    fn diff_is_unified() {
        let d = unified_diff("a\nb\nc\n", "a\nB\nc\n", "x.md", "x.md (regenerated)");
        assert!(
            d.starts_with("--- x.md\n+++ x.md (regenerated)\n@@ -1,3 +1,3 @@\n"),
            "{d}"
        );
        assert!(d.contains("-b\n+B\n"));
        assert_eq!(unified_diff("same", "same", "a", "b"), "");
    }
}
