//! Every fixture pair under fixtures/rules/<group>/<name>/: `bad.md` triggers rule
//! `<group>/<name>`, `good.md` does not. Each is linted whole, with the default configuration.

use contentlint::config::Config;
use contentlint::engine::Linter;
use std::path::{Path, PathBuf};

fn fixture_dirs() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let mut out = Vec::new();
    for group in std::fs::read_dir(&root).expect("fixtures/rules") {
        let group = group.unwrap().path();
        for rule in std::fs::read_dir(&group).unwrap() {
            let rule = rule.unwrap().path();
            let id = format!(
                "{}/{}",
                group.file_name().unwrap().to_string_lossy(),
                rule.file_name().unwrap().to_string_lossy()
            );
            out.push((id, rule));
        }
    }
    out.sort();
    out
}

fn findings_of(linter: &Linter, path: &Path, id: &str) -> Vec<String> {
    let source = std::fs::read_to_string(path).unwrap();
    let report = linter.lint_source(path, source).unwrap();
    report
        .findings
        .iter()
        .filter(|f| f.rule == id)
        .map(|f| f.message.clone())
        .collect()
}

#[test]
fn bad_fixtures_fire_and_good_ones_do_not() {
    let linter = Linter::with_config(Config::default());
    let dirs = fixture_dirs();
    assert!(dirs.len() >= 15, "only {} fixture pairs", dirs.len());
    for (id, dir) in dirs {
        assert!(
            linter
                .rule_set(&Config::default())
                .unwrap()
                .get(&id)
                .is_some(),
            "fixture for unknown rule {id}"
        );
        let bad = findings_of(&linter, &dir.join("bad.md"), &id);
        assert!(!bad.is_empty(), "{id}: bad.md does not trigger it");
        let good = findings_of(&linter, &dir.join("good.md"), &id);
        assert!(good.is_empty(), "{id}: good.md triggers it: {good:?}");
    }
}
