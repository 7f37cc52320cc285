//! Inline suppressions (docs/suppressions.md) on the fixtures under `fixtures/suppress/`: one
//! per form, each with findings before, inside and after what it covers.

use assert_cmd::Command;
use contentlint::config::Config;
use contentlint::engine::{LintOptions, Linter};
use contentlint::finding::Dimension;
use contentlint::report::FileReport;
use contentlint::report::json::file_json;
use contentlint::suppress::DirectiveKind;
use std::path::Path;

fn lint_with(path: &str, config: Config, options: LintOptions) -> FileReport {
    let source = std::fs::read_to_string(path).unwrap();
    let resolver = contentlint::config::ConfigResolver::fixed(config);
    Linter::new(resolver, options)
        .lint_source(Path::new(path), source)
        .unwrap()
}

fn lint(path: &str) -> FileReport {
    lint_with(path, Config::default(), LintOptions::default())
}

/// Lines of the reported findings of `rule`.
fn reported(report: &FileReport, rule: &str) -> Vec<usize> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.line)
        .collect()
}

/// Lines of the suppressed findings of `rule`.
fn suppressed(report: &FileReport, rule: &str) -> Vec<usize> {
    report
        .suppressed
        .iter()
        .filter(|s| s.finding.rule == rule)
        .map(|s| s.finding.line)
        .collect()
}

/// Messages of `meta/unused-suppression`, with their lines.
fn meta(report: &FileReport) -> Vec<(usize, String)> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == "meta/unused-suppression")
        .map(|f| (f.line, f.message.clone()))
        .collect()
}

/// The same text with every suppression comment blanked out (lines kept).
fn without_directives(path: &str) -> FileReport {
    let source = std::fs::read_to_string(path).unwrap();
    let plain: String = source
        .split_inclusive('\n')
        .map(|l| {
            if l.trim_start().starts_with("<!-- contentlint-") {
                "\n"
            } else {
                l
            }
        })
        .collect();
    Linter::with_config(Config::default())
        .lint_source(Path::new(path), plain)
        .unwrap()
}

#[test]
fn disable_next_line_covers_the_next_block_only() {
    let path = "fixtures/suppress/next-line.md";
    let r = lint(path);
    // line 7 before, lines 10-11 the paragraph after the comment, line 13 after it
    assert_eq!(
        reported(&without_directives(path), "style/shouting"),
        [7, 10, 11, 13]
    );
    assert_eq!(reported(&r, "style/shouting"), [7, 13]);
    assert_eq!(suppressed(&r, "style/shouting"), [10, 11]);
    let by = &r.suppressed[0].suppressed_by;
    assert_eq!(by.directive, DirectiveKind::DisableNextLine);
    assert_eq!(by.line, 9);
    assert_eq!(by.reason.as_deref(), Some("quoted from the old guide"));
    assert!(meta(&r).is_empty(), "{:?}", meta(&r));
}

#[test]
fn disable_and_enable_cover_a_range_per_rule_and_group() {
    let path = "fixtures/suppress/range.md";
    let r = lint(path);
    let all = without_directives(path);
    assert_eq!(reported(&all, "style/shouting"), [7, 16, 25]);
    assert_eq!(reported(&all, "claims/vague-attribution"), [12, 21, 30]);
    // `style/shouting` from line 9 to its own enable on line 18
    assert_eq!(reported(&r, "style/shouting"), [7, 25]);
    assert_eq!(suppressed(&r, "style/shouting"), [16]);
    // the group `claims` stands for its rules, until the enable of every rule on line 27
    assert_eq!(reported(&r, "claims/vague-attribution"), [30]);
    assert_eq!(suppressed(&r, "claims/vague-attribution"), [12, 21]);
    // a rule the comment does not name is untouched inside the range
    assert_eq!(
        reported(&r, "clarity/passive-voice"),
        reported(&all, "clarity/passive-voice")
    );
    assert!(meta(&r).is_empty(), "{:?}", meta(&r));
}

#[test]
fn no_rule_named_means_every_rule() {
    let r = lint("fixtures/suppress/every-rule.md");
    assert_eq!(suppressed(&r, "style/shouting"), [8]);
    assert_eq!(suppressed(&r, "claims/unsourced-statistic"), [8]);
    // the same sentence on the next paragraph is not covered
    assert_eq!(reported(&r, "style/shouting"), [10]);
    assert_eq!(reported(&r, "claims/unsourced-statistic"), [10]);
}

#[test]
fn disable_file_and_front_matter_suppress_whole_article_findings() {
    for (path, kind, line) in [
        ("fixtures/suppress/file.md", DirectiveKind::DisableFile, 18),
        (
            "fixtures/suppress/front-matter.md",
            DirectiveKind::FrontMatter,
            5,
        ),
        (
            "fixtures/suppress/front-matter-toml.md",
            DirectiveKind::FrontMatter,
            6,
        ),
    ] {
        let r = lint(path);
        let plain = without_directives(path);
        if kind == DirectiveKind::DisableFile {
            assert_eq!(reported(&plain, "seo/text-length").len(), 1, "{path}");
        }
        assert!(reported(&r, "seo/text-length").is_empty(), "{path}");
        assert_eq!(suppressed(&r, "seo/text-length").len(), 1, "{path}");
        assert_eq!(r.suppressed[0].suppressed_by.directive, kind, "{path}");
        assert_eq!(r.suppressed[0].suppressed_by.line, line, "{path}");
        // other whole-article findings stay
        assert!(!reported(&r, "seo/image-alt").is_empty(), "{path}");
        assert!(meta(&r).is_empty(), "{path}: {:?}", meta(&r));
    }
}

#[test]
fn directives_in_code_are_examples_not_directives() {
    let r = lint("fixtures/suppress/in-code.md");
    assert_eq!(reported(&r, "style/shouting"), [8, 14, 18]);
    assert!(r.suppressed.is_empty());
    assert!(meta(&r).is_empty(), "{:?}", meta(&r));
}

#[test]
fn hard_gates_are_suppressed_only_where_allowed() {
    let path = "fixtures/suppress/gate.md";
    let r = lint(path);
    assert_eq!(r.hard_gates, ["structure/min-h2"]);
    assert!(!r.valid);
    assert_eq!(reported(&r, "structure/min-h2").len(), 1);
    let m = meta(&r);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].0, 7);
    assert!(
        m[0].1
            .contains("cannot suppress `structure/min-h2` (a hard gate)")
            && m[0].1.contains("allow_gates"),
        "{}",
        m[0].1
    );
    let allowed = Config::from_toml_str("[suppressions]\nallow_gates = true\n", None).unwrap();
    let r = lint_with(path, allowed, LintOptions::default());
    assert!(r.hard_gates.is_empty(), "{:?}", r.hard_gates);
    assert_eq!(suppressed(&r, "structure/min-h2").len(), 1);
    assert!(meta(&r).is_empty(), "{:?}", meta(&r));
    assert_eq!(
        r.rubric.details[&Dimension::WebStructure].gates,
        Vec::<String>::new()
    );
}

#[test]
fn unused_and_unknown_suppressions_are_reported() {
    let r = lint("fixtures/rules/meta/unused-suppression/bad.md");
    let m = meta(&r);
    assert_eq!(m.len(), 3, "{m:?}");
    assert_eq!(m[0].0, 7);
    assert!(
        m[0].1.contains("of `style/shouting` suppresses nothing"),
        "{}",
        m[0].1
    );
    assert_eq!(m[1].0, 12);
    assert!(
        m[1].1.contains(
            "no rule or group is named `style/shoutting`; did you mean `style/shouting`?"
        ),
        "{}",
        m[1].1
    );
    assert_eq!(m[2].0, 15);
    assert!(m[2].1.contains("enables nothing"), "{}", m[2].1);
    // a warning that costs nothing and fails nothing
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "meta/unused-suppression")
        .unwrap();
    assert_eq!(f.severity, contentlint::finding::Severity::Warning);
    assert_eq!(f.cost, 0.0);
    // like any rule: ignored, or re-graded
    let ignoring = LintOptions {
        ignore: vec!["meta".into()],
        ..LintOptions::default()
    };
    let r = lint_with(
        "fixtures/rules/meta/unused-suppression/bad.md",
        Config::default(),
        ignoring,
    );
    assert!(meta(&r).is_empty());
    let strict =
        Config::from_toml_str("[rules]\n\"meta/unused-suppression\" = \"error\"\n", None).unwrap();
    let r = lint_with(
        "fixtures/rules/meta/unused-suppression/bad.md",
        strict,
        LintOptions::default(),
    );
    assert_eq!(
        r.violations()
            .filter(|f| f.rule.starts_with("meta/"))
            .count(),
        3
    );
    assert!(!r.valid);
}

#[test]
fn a_rule_that_did_not_run_makes_no_unused_report() {
    // `--select structure`: style/shouting does not run, so its suppression proves nothing
    let options = LintOptions {
        select: vec!["structure".into(), "meta".into()],
        ..LintOptions::default()
    };
    let r = lint_with(
        "fixtures/rules/meta/unused-suppression/bad.md",
        Config::default(),
        options,
    );
    let m = meta(&r);
    assert!(
        m.iter().all(|(_, msg)| !msg.contains("suppresses nothing")),
        "{m:?}"
    );
    // the misspelt name is still a misspelt name
    assert!(
        m.iter().any(|(_, msg)| msg.contains("style/shoutting")),
        "{m:?}"
    );
}

#[test]
fn reasons_required_by_flag_or_config() {
    // next-line.md gives a reason; every-rule.md too; gate-free file.md as well. A copy of
    // next-line.md without its reason is not honoured when reasons are required.
    let source = std::fs::read_to_string("fixtures/suppress/next-line.md")
        .unwrap()
        .replace(" -- quoted from the old guide", "");
    let run = |config: Config, require: bool| {
        let options = LintOptions {
            require_reason: require,
            ..LintOptions::default()
        };
        Linter::new(contentlint::config::ConfigResolver::fixed(config), options)
            .lint_source(Path::new("next-line.md"), source.clone())
            .unwrap()
    };
    let lax = run(Config::default(), false);
    assert_eq!(suppressed(&lax, "style/shouting"), [10, 11]);
    let by_config = Config::from_toml_str("[suppressions]\nrequire_reason = true\n", None).unwrap();
    for strict in [run(Config::default(), true), run(by_config, false)] {
        assert!(strict.suppressed.is_empty());
        assert_eq!(reported(&strict, "style/shouting"), [7, 10, 11, 13]);
        let m = meta(&strict);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].0, 9);
        assert!(m[0].1.contains("gives no reason"), "{}", m[0].1);
    }
    // with a reason the requirement is met
    let with_reason = lint_with(
        "fixtures/suppress/next-line.md",
        Config::default(),
        LintOptions {
            require_reason: true,
            ..LintOptions::default()
        },
    );
    assert_eq!(suppressed(&with_reason, "style/shouting"), [10, 11]);
    assert!(meta(&with_reason).is_empty());
}

#[test]
fn a_suppressed_finding_costs_nothing() {
    // Two findings of `style/shouting`, one suppressed (fewer than the rule's cap, which
    // would otherwise absorb the difference).
    let path = "fixtures/suppress/every-rule.md";
    let r = lint(path);
    let plain = without_directives(path);
    let style = |r: &FileReport| r.rubric.details[&Dimension::PersonaStyle].clone();
    let spent: f64 = plain
        .findings
        .iter()
        .filter(|f| f.rule == "style/shouting")
        .map(|f| f.cost)
        .sum();
    assert!(spent > 0.0);
    // the suppressed finding's cost is gone from the dimension: only the one that remains
    let remaining: f64 = r
        .findings
        .iter()
        .filter(|f| f.rule == "style/shouting")
        .map(|f| f.cost)
        .sum();
    assert!(style(&r).cost < style(&plain).cost);
    assert!((style(&r).cost - (style(&plain).cost - spent + remaining)).abs() < 0.011);
    assert!(style(&r).score > style(&plain).score);
    assert!(r.suppressed.iter().all(|s| s.finding.cost == 0.0));
    // the SEO score: a suppressed check counts as passed
    let file = lint("fixtures/suppress/file.md");
    let plain = without_directives("fixtures/suppress/file.md");
    assert!(file.seo.seo_score > plain.seo.seo_score);
    assert!(
        !file
            .seo
            .recommendations
            .iter()
            .any(|r| r.contains("at least 300 words"))
    );
}

#[test]
fn json_lists_suppressed_findings_and_omits_the_list_when_empty() {
    let r = lint("fixtures/suppress/next-line.md");
    let json = file_json(&r);
    let list = json["suppressed"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["rule"], "style/shouting");
    assert_eq!(list[0]["line"], 10);
    assert!(list[0]["fingerprint"].as_str().unwrap().contains(':'));
    assert_eq!(
        list[0]["suppressed_by"],
        serde_json::json!({"directive": "disable-next-line", "line": 9,
            "reason": "quoted from the old guide"})
    );
    let none = lint("fixtures/suppress/in-code.md");
    assert!(file_json(&none).get("suppressed").is_none());
}

#[test]
fn cli_counts_suppressed_findings_and_takes_require_reason() {
    let json = |args: &[&str]| -> serde_json::Value {
        let out = Command::cargo_bin("contentlint")
            .unwrap()
            .args(["check", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = json(&[
        "fixtures/suppress/next-line.md",
        "fixtures/suppress/range.md",
        "fixtures/suppress/in-code.md",
    ]);
    assert_eq!(v["summary"]["suppressed"], 2 + 3);
    let v = json(&["fixtures/suppress/in-code.md"]);
    assert!(v["summary"].get("suppressed").is_none(), "{}", v["summary"]);
    // every fixture gives a reason, except the TOML front matter's
    let v = json(&["--require-reason", "fixtures/suppress/front-matter-toml.md"]);
    assert!(v["summary"].get("suppressed").is_none(), "{}", v["summary"]);
    let warnings = v["files"][0]["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w["rule"] == "meta/unused-suppression"
                && w["message"].as_str().unwrap().contains("gives no reason")),
        "{warnings:?}"
    );
    let human = Command::cargo_bin("contentlint")
        .unwrap()
        .args(["check", "fixtures/suppress/next-line.md"])
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("2 findings suppressed by contentlint-disable comments or front matter"),
        "{text}"
    );
}
