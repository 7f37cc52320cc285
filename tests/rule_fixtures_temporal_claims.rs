//! The fixtures of the temporal and claims rules: `fixtures/rules/<group>/<name>/bad.md` fires
//! rule `<group>/<name>`, `good.md` does not, and neither fires another rule of those groups
//! unexpectedly in `good.md`.

use contentlint::config::Config;
use contentlint::engine::Linter;
use std::path::Path;

const GROUPS: &[&str] = &["temporal", "claims"];

fn rules_fired(path: &Path) -> Vec<String> {
    let source = std::fs::read_to_string(path).expect("fixture");
    let report = Linter::with_config(Config::default())
        .lint_source(path, source)
        .expect("fixture lints");
    report.findings.iter().map(|f| f.rule.clone()).collect()
}

#[test]
fn temporal_and_claims_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let mut checked = 0;
    for group in GROUPS {
        let mut names: Vec<_> = std::fs::read_dir(root.join(group))
            .expect("fixture group")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let id = format!("{group}/{name}");
            let dir = root.join(group).join(&name);
            let bad = rules_fired(&dir.join("bad.md"));
            assert!(
                bad.contains(&id),
                "{id}: bad.md should fire it, got {bad:?}"
            );
            let good = rules_fired(&dir.join("good.md"));
            let own: Vec<_> = good
                .iter()
                .filter(|r| GROUPS.iter().any(|g| r.starts_with(&format!("{g}/"))))
                .collect();
            assert!(own.is_empty(), "{id}: good.md fires {own:?}");
            checked += 1;
        }
    }
    assert_eq!(checked, 10, "one fixture pair per rule");
}
