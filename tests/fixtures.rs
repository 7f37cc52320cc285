//! One fixture pair per rule: `fixtures/rules/<group>/<name>/bad.md` must trigger the rule,
//! `good.md` must not, and the JSON report of each is an insta snapshot (review by reading
//! `tests/snapshots/`).

use contentlint::config::Config;
use contentlint::engine::{Linter, RuleSet};
use contentlint::report::json::file_json;
use std::path::{Path, PathBuf};

fn fixture_dirs() -> Vec<(String, PathBuf)> {
    let root = Path::new("fixtures/rules");
    let mut out = Vec::new();
    for group in std::fs::read_dir(root).unwrap() {
        let group = group.unwrap().path();
        for rule in std::fs::read_dir(&group).unwrap() {
            let rule = rule.unwrap().path();
            let id = format!(
                "{}/{}",
                group.file_name().unwrap().to_str().unwrap(),
                rule.file_name().unwrap().to_str().unwrap()
            );
            out.push((id, rule));
        }
    }
    out.sort();
    out
}

fn lint(path: &Path) -> serde_json::Value {
    // An undated fixture (temporal/relative-time judges those) is judged on a fixed day, not by
    // the clock, so its snapshot stays the same; dated fixtures use their own date.
    let mut config = Config::default();
    config.brief.current_date = Some("2026-02-18".into());
    let linter = Linter::with_config(config);
    let source = std::fs::read_to_string(path).unwrap();
    let report = linter
        .lint_source(
            Path::new(&path.to_string_lossy().replace('\\', "/")),
            source,
        )
        .unwrap();
    file_json(&report)
}

fn rules_in(report: &serde_json::Value) -> Vec<String> {
    ["violations", "warnings"]
        .iter()
        .flat_map(|k| report[k].as_array().unwrap().iter())
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_rule_has_fixtures() {
    let have: Vec<String> = fixture_dirs().into_iter().map(|(id, _)| id).collect();
    let set = RuleSet::for_config(&Config::default()).unwrap();
    let missing: Vec<String> = set
        .rules
        .iter()
        .map(|r| r.meta().id.to_string())
        .filter(|id| !have.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without fixtures/rules/<id>/: {missing:?}"
    );
}

#[test]
fn bad_fixtures_fire_and_good_ones_pass() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (id, dir) in fixture_dirs() {
            let bad = lint(&dir.join("bad.md"));
            assert!(
                rules_in(&bad).contains(&id),
                "{id}: bad.md should trigger it, got {:?}",
                rules_in(&bad)
            );
            let good = lint(&dir.join("good.md"));
            assert!(
                !rules_in(&good).contains(&id),
                "{id}: good.md should not trigger it"
            );
            let name = id.replace('/', "__");
            insta::assert_json_snapshot!(format!("{name}__bad"), bad);
            insta::assert_json_snapshot!(format!("{name}__good"), good);
        }
    });
}
