//! The TOML data built into the binary (`rules/**/*.toml`: defaults, presets, packs, word
//! lists) written again as JSON in `OUT_DIR`, which `src/embedded.rs` reads at start-up.
//! The TOML files stay the source; parsing their JSON costs about a third of parsing them
//! (measured: 0.39 against 1.31 ms for the 108 KB of them), and every process that lints
//! one small article parses most of them.

use std::path::{Path, PathBuf};

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    println!("cargo::rerun-if-changed=rules");
    let mut files = Vec::new();
    toml_files(&root, Path::new("rules"), &mut files);
    for path in files {
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(root.join(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = serde_json::to_string(&value).expect("a TOML value is JSON");
        // Read back as the program will: a value JSON cannot carry (a TOML date) fails here.
        let back: toml::Value = serde_json::from_str(&json).expect("JSON of a TOML value");
        assert!(
            back == value,
            "{}: its JSON does not read back the same (a date or time?)",
            path.display()
        );
        let target = out.join(&path).with_extension("toml.json");
        std::fs::create_dir_all(target.parent().expect("under OUT_DIR"))
            .expect("OUT_DIR is writable");
        std::fs::write(&target, json).expect("OUT_DIR is writable");
    }
}

/// The `.toml` files under `dir` (from `root`), sorted, as paths from `root`.
fn toml_files(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| dir.join(e.expect("a directory entry").file_name()))
        .collect();
    entries.sort();
    for path in entries {
        if root.join(&path).is_dir() {
            toml_files(root, &path, out);
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
}
