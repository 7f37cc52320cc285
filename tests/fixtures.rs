//! The fixtures: one pair per rule under `fixtures/rules/<group>/<name>/` (`bad.md` must fire
//! rule `<group>/<name>`, `good.md` must not), and three whole articles for scoring.
//!
//! Snapshots (review by reading them):
//! - `tests/snapshots/rules/<group>__<name>.snap`: only that rule's findings on its `bad.md`,
//!   as `line:col rule [severity] message` with the source excerpt (ruff's shape), so that a
//!   change to one rule changes one snapshot;
//! - `tests/snapshots/report__*.snap`: the whole JSON report (scores, SEO block, every finding)
//!   of the seed article, a good article and one failing a hard gate.

mod support;

use contentlint::config::Config;
use contentlint::engine::{Linter, RuleSet};
use contentlint::report::FileReport;
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

/// One linter for every fixture. An undated fixture (temporal/relative-time judges those) is
/// judged on a fixed day, not by the clock, so its snapshot stays the same; dated fixtures use
/// their own date.
fn linter() -> Linter {
    let mut config = Config::default();
    config.brief.current_date = Some("2026-02-18".into());
    Linter::with_config(config)
}

fn lint(linter: &Linter, path: &Path) -> FileReport {
    let source = std::fs::read_to_string(path).unwrap();
    // Forward slashes, so that the snapshots are the same on Windows.
    let shown = path.to_string_lossy().replace('\\', "/");
    linter.lint_source(Path::new(&shown), source).unwrap()
}

fn rules_in(report: &FileReport) -> Vec<&str> {
    report.findings.iter().map(|f| f.rule.as_str()).collect()
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
    let unknown: Vec<&String> = have.iter().filter(|id| set.get(id).is_none()).collect();
    assert!(
        unknown.is_empty(),
        "fixtures for unknown rules: {unknown:?}"
    );
}

/// Groups whose `good.md` fixtures must not fire any rule of the group, not only their own:
/// their rules read the same sentences, so a good fixture of one is a test of the others.
const CLEAN_GROUPS: &[&str] = &["temporal", "claims"];

#[test]
fn bad_fixtures_fire_and_good_ones_pass() {
    let linter = linter();
    let dirs = fixture_dirs();
    assert!(dirs.len() >= 15, "only {} fixture pairs", dirs.len());
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/rules");
    settings.bind(|| {
        for (id, dir) in dirs {
            let bad = lint(&linter, &dir.join("bad.md"));
            assert!(
                rules_in(&bad).contains(&id.as_str()),
                "{id}: bad.md should fire it, got {:?}",
                rules_in(&bad)
            );
            let good = lint(&linter, &dir.join("good.md"));
            let group = id.split('/').next().unwrap();
            let wrong: Vec<&str> = rules_in(&good)
                .into_iter()
                .filter(|r| {
                    *r == id
                        || (CLEAN_GROUPS.contains(&group)
                            && CLEAN_GROUPS.iter().any(|g| r.starts_with(&format!("{g}/"))))
                })
                .collect();
            assert!(wrong.is_empty(), "{id}: good.md fires {wrong:?}");
            let text = support::findings::render(&bad, |f| f.rule == id);
            insta::assert_snapshot!(id.replace('/', "__"), text, &format!("{id} on bad.md"));
        }
    });
}

#[test]
fn whole_reports_of_three_articles() {
    let linter = linter();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (name, path) in [
            // The seed article: below the minimum score, its SEO figures those of the auditor.
            ("report__seed", "fixtures/seed.md"),
            // A good article: valid, few findings.
            ("report__article", "fixtures/article.md"),
            // A failing one: a hard gate.
            (
                "report__hard-gate",
                "fixtures/rules/temporal/ai-disclaimer/bad.md",
            ),
        ] {
            let report = lint(&linter, Path::new(path));
            insta::assert_json_snapshot!(name, file_json(&report));
        }
    });
}

#[test]
fn the_three_articles_pass_and_fail_as_their_snapshots_say() {
    let linter = linter();
    let article = lint(&linter, Path::new("fixtures/article.md"));
    assert!(article.valid, "{:?}", rules_in(&article));
    assert!(article.hard_gates.is_empty());
    let seed = lint(&linter, Path::new("fixtures/seed.md"));
    assert!(!seed.valid && seed.hard_gates.is_empty());
    let gated = lint(
        &linter,
        Path::new("fixtures/rules/temporal/ai-disclaimer/bad.md"),
    );
    assert!(!gated.valid);
    assert_eq!(gated.hard_gates, ["temporal/ai-disclaimer"]);
}
