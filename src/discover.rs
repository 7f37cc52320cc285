//! Turn command-line paths into articles to lint: files as given, directories walked
//! recursively for `.md`/`.markdown` files (respecting `.gitignore`, even outside a git
//! repository), `-` for standard input. Sorted by path, so output order is stable.
//!
//! Nothing is skipped silently: a symbolic link to a Markdown file is followed (a broken one
//! is reported when read), and when the inputs yield no file at all, each directory says how
//! many Markdown files it skipped as hidden or ignored (an error: exit 2).

use crate::engine::Input;
use crate::report::FileError;
use std::path::{Path, PathBuf};

pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// The name standard input is shown as without `--stdin-filename`.
pub const STDIN_NAME: &str = "<stdin>";

/// How directories are walked.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiscoverOptions {
    /// Also walk hidden files and files excluded by `.gitignore`/`.ignore` (`--no-ignore`).
    pub no_ignore: bool,
}

/// The inputs named by `paths` and the paths that could not be used.
pub fn collect_inputs(
    paths: &[PathBuf],
    stdin_name: Option<&Path>,
) -> (Vec<Input>, Vec<FileError>) {
    collect_inputs_with(paths, stdin_name, DiscoverOptions::default())
}

/// [`collect_inputs`] with options.
pub fn collect_inputs_with(
    paths: &[PathBuf],
    stdin_name: Option<&Path>,
    options: DiscoverOptions,
) -> (Vec<Input>, Vec<FileError>) {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stdin = None;
    let mut errors = Vec::new();
    let mut dirs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            stdin = Some(Input::Stdin(
                stdin_name.map_or_else(|| PathBuf::from(STDIN_NAME), Path::to_path_buf),
            ));
        } else if path.is_dir() {
            dirs.push(path);
            walk(path, !options.no_ignore, &mut files, &mut errors);
        } else if std::fs::symlink_metadata(path).is_ok() {
            // Exists as a name (maybe a broken link, a loop, a FIFO): reading it says what
            // is wrong, in words.
            files.push(path.clone());
        } else {
            errors.push(FileError::new(
                &path.display().to_string(),
                None,
                "no such file or directory".into(),
            ));
        }
    }
    files.sort();
    files.dedup();
    if files.is_empty() && stdin.is_none() && errors.is_empty() {
        for dir in dirs {
            let mut all = Vec::new();
            walk(dir, false, &mut all, &mut Vec::new());
            let skipped = all.len();
            let hint = if skipped == 0 {
                "contentlint lints .md and .markdown files".to_string()
            } else {
                format!(
                    "{skipped} skipped as hidden or ignored (.gitignore/.ignore); pass them by name or use --no-ignore"
                )
            };
            errors.push(FileError::new(
                &dir.display().to_string(),
                None,
                format!("no Markdown files found; {hint}"),
            ));
        }
    }
    let mut inputs: Vec<Input> = stdin.into_iter().collect();
    inputs.extend(files.into_iter().map(Input::File));
    (inputs, errors)
}

/// `inputs` without those `skips` says to skip. `skips(path, named)`: `named` is true for a
/// file named in `paths` and for standard input given a `--stdin-filename`, false for a file
/// found by walking a directory (see [`crate::config::Config::skips`]: named files are skipped
/// only under `force_exclude`). Standard input without a name is never skipped.
pub fn without_excluded(
    inputs: Vec<Input>,
    paths: &[PathBuf],
    skips: impl Fn(&Path, bool) -> bool,
) -> Vec<Input> {
    inputs
        .into_iter()
        .filter(|input| match input {
            Input::File(p) => !skips(p, paths.contains(p)),
            Input::Stdin(p) => p.as_os_str() == STDIN_NAME || !skips(p, true),
        })
        .collect()
}

/// The Markdown files under `dir`; `filters`: skip hidden and ignored files.
fn walk(dir: &Path, filters: bool, files: &mut Vec<PathBuf>, errors: &mut Vec<FileError>) {
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(filters)
        .require_git(false)
        // Siblings by name, compared as their whole paths' bytes: siblings share the parent's
        // path and separator, so this is the order of their names, without the walk taking
        // each name out of its path at every comparison (`file_name`, which parses the path's
        // components: 10 K instructions a file for a blog's one directory of posts).
        .sort_by_file_path(|a, b| a.as_os_str().cmp(b.as_os_str()))
        .build();
    for entry in walker {
        match entry {
            Ok(e) if !is_markdown(e.path()) => {}
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => files.push(e.into_path()),
            // A link to a Markdown file (or a broken one: reading it reports it). Links to
            // directories are not followed, so no loop.
            Ok(e) if e.path_is_symlink() => {
                let target_is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
                if !target_is_dir {
                    files.push(e.into_path());
                }
            }
            Ok(_) => {}
            Err(e) => errors.push(FileError::new(
                &dir.display().to_string(),
                None,
                format!("cannot walk directory: {e}"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(inputs: &[Input]) -> Vec<String> {
        inputs
            .iter()
            .map(|i| match i {
                Input::File(p) | Input::Stdin(p) => {
                    p.file_name().unwrap().to_string_lossy().into_owned()
                }
            })
            .collect()
    }

    #[test]
    fn item13_zero_files_says_what_was_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".hidden.md"), "# x\n").unwrap();
        std::fs::write(dir.path().join(".ignore"), "skipped.md\n").unwrap();
        std::fs::write(dir.path().join("skipped.md"), "# x\n").unwrap();
        let (inputs, errors) = collect_inputs(&[dir.path().to_path_buf()], None);
        assert!(inputs.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("2 skipped as hidden or ignored"),
            "{}",
            errors[0].message
        );
        let (inputs, errors) = collect_inputs_with(
            &[dir.path().to_path_buf()],
            None,
            DiscoverOptions { no_ignore: true },
        );
        assert!(errors.is_empty());
        assert_eq!(names(&inputs), [".hidden.md", "skipped.md"]);
    }

    #[test]
    fn excludes_skip_walked_files_and_named_ones_only_when_asked() {
        let inputs = vec![
            Input::Stdin(PathBuf::from(STDIN_NAME)),
            Input::Stdin(PathBuf::from("drafts/new.md")),
            Input::File(PathBuf::from("drafts/named.md")),
            Input::File(PathBuf::from("dir/drafts/walked.md")),
            Input::File(PathBuf::from("dir/kept.md")),
        ];
        let named = [PathBuf::from("drafts/named.md")];
        // as Config::skips: excluded paths are under drafts/; `force` also skips named ones
        let run = |force: bool| {
            let kept = without_excluded(inputs.clone(), &named, |p, is_named| {
                (force || !is_named) && p.to_string_lossy().contains("drafts/")
            });
            kept.iter().map(Input::display).collect::<Vec<_>>()
        };
        assert_eq!(
            run(false),
            [
                STDIN_NAME,
                "drafts/new.md",
                "drafts/named.md",
                "dir/kept.md"
            ]
        );
        assert_eq!(run(true), [STDIN_NAME, "dir/kept.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn item13_symlinked_markdown_is_followed_and_loops_are_kept_for_reading() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        std::fs::write(&real, "# x\n").unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("link.md")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("b.md"), dir.path().join("a.md")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("a.md"), dir.path().join("b.md")).unwrap();
        let (inputs, errors) = collect_inputs(&[dir.path().to_path_buf()], None);
        assert!(errors.is_empty());
        // the loop is an input, so reading it reports "symbolic link" rather than nothing
        assert_eq!(names(&inputs), ["a.md", "b.md", "link.md"]);
        let (inputs, errors) = collect_inputs(&[dir.path().join("a.md")], None);
        assert!(errors.is_empty());
        assert_eq!(names(&inputs), ["a.md"]);
    }
}
