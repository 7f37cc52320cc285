//! Turn command-line paths into articles to lint: files as given, directories walked
//! recursively for `.md`/`.markdown` files (respecting `.gitignore`, even outside a git
//! repository), `-` for standard input. Sorted by path, so output order is stable.

use crate::engine::Input;
use crate::report::FileError;
use std::path::{Path, PathBuf};

pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// The inputs named by `paths` and the paths that could not be used.
pub fn collect_inputs(
    paths: &[PathBuf],
    stdin_name: Option<&Path>,
) -> (Vec<Input>, Vec<FileError>) {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stdin = None;
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            stdin = Some(Input::Stdin(
                stdin_name.map_or_else(|| PathBuf::from("<stdin>"), Path::to_path_buf),
            ));
        } else if path.is_dir() {
            let walker = ignore::WalkBuilder::new(path)
                .require_git(false)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build();
            for entry in walker {
                match entry {
                    Ok(e)
                        if e.file_type().is_some_and(|t| t.is_file()) && is_markdown(e.path()) =>
                    {
                        files.push(e.into_path());
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(FileError::new(
                        &path.display().to_string(),
                        None,
                        format!("cannot walk directory: {e}"),
                    )),
                }
            }
        } else if path.exists() {
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
    let mut inputs: Vec<Input> = stdin.into_iter().collect();
    inputs.extend(files.into_iter().map(Input::File));
    (inputs, errors)
}
