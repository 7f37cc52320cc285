//! Shared by the integration tests: a stub OpenAI-compatible server, a JSON Schema checker,
//! findings as snapshot text, and the Markdown files of a tree.

#![allow(dead_code)]

pub mod findings;
pub mod schema;
pub mod stub;

use std::path::{Path, PathBuf};

/// Every `.md` file under `dir`, recursively.
pub fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "md") {
            out.push(path);
        }
    }
}
