//! Issue 12, items 10 and 11: configuration is never silently wrong. Unknown rule names are
//! errors with a suggestion, every number is finite and in range, and a pack can neither
//! break the scores nor switch off another pack's rules.

use assert_cmd::Command;
use contentlint::config::Config;
use contentlint::engine::Linter;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

const SEED: &str = include_str!("../fixtures/seed.md");
const GOOD: &str = include_str!("../fixtures/article.md");

fn contentlint() -> Command {
    Command::cargo_bin("contentlint").unwrap()
}

/// A directory with `a.md` (the good fixture) and `contentlint.toml` = `config`.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), GOOD).unwrap();
    fs::write(dir.path().join("contentlint.toml"), config).unwrap();
    dir
}

/// A pack file with one existence rule `id` of these phrases.
fn pack(id: &str, phrases: &[String]) -> String {
    let mut text = format!(
        "[pack]\nname = \"p\"\n\n[[rule]]\nid = \"{id}\"\nkind = \"existence\"\n\
         dimension = \"persona_style\"\nseverity = \"warning\"\nsummary = \"s\"\ndoc = \"d\"\n\
         message = \"m {{match}}\"\nexamples = {{ fire = [\"x\"], pass = [\"y\"] }}\nphrases = [\n"
    );
    for p in phrases {
        text.push_str(&format!("  {p:?},\n"));
    }
    text.push_str("]\n");
    text
}

#[test]
fn item10_select_typo_is_an_error_with_suggestion() {
    let dir = project("");
    contentlint()
        .args(["check", "--select", "strucutre"])
        .arg(dir.path().join("a.md"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "--select: no rule or group is named `strucutre`; did you mean `structure`?",
        ));
    contentlint()
        .args(["check", "--ignore", "structure/min-h3"])
        .arg(dir.path().join("a.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `structure/min-h2`?"));
    // a stray comma leaves an empty name
    contentlint()
        .args(["check", "--select", "structure,"])
        .arg(dir.path().join("a.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty rule name"));
    // known ids and groups still work
    contentlint()
        .args(["check", "--select", "structure,seo/title-length"])
        .arg(dir.path().join("a.md"))
        .assert()
        .code(0);
}

#[test]
fn item10_unknown_rules_key_and_hard_gate_are_errors_with_suggestion() {
    let dir = project("[rules]\n\"structure/heading-incremnt\" = \"off\"\n");
    contentlint()
        .arg("check")
        .arg(dir.path().join("a.md"))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("contentlint.toml"))
        .stdout(predicate::str::contains(
            "[rules]: no rule or group is named `structure/heading-incremnt`; did you mean \
             `structure/heading-increment`?",
        ));
    let dir = project("[brief]\nhard_gates = [\"structure/single-h\"]\n");
    contentlint()
        .arg("check")
        .arg(dir.path().join("a.md"))
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "[brief] hard_gates: no rule or group is named `structure/single-h`; did you mean \
             `structure/single-h1`?",
        ));
    // a group is no hard gate: the error lists its rules
    let dir = project("[brief]\nhard_gates = [\"temporal\"]\n");
    contentlint()
        .arg("check")
        .arg(dir.path().join("a.md"))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("`temporal` is a group"))
        .stdout(predicate::str::contains("temporal/ai-disclaimer"));
}

#[test]
fn item10_rules_accepts_groups_and_the_rule_beats_its_group() {
    let source = "# Title\n\nOne paragraph.\n";
    let run = |toml: &str| {
        let config = Config::from_toml_str(toml, None).unwrap();
        let r = Linter::with_config(config)
            .lint_source(Path::new("x.md"), source.to_string())
            .unwrap();
        let mut rules: Vec<String> = r
            .findings
            .iter()
            .filter(|f| f.rule.starts_with("structure/"))
            .map(|f| format!("{} {}", f.rule, f.severity.as_str()))
            .collect();
        rules.sort();
        rules.dedup();
        rules
    };
    assert_eq!(
        run(""),
        vec!["structure/conclusion error", "structure/min-h2 error"]
    );
    assert!(run("[rules]\nstructure = \"off\"\n").is_empty());
    assert_eq!(
        run("[rules]\nstructure = \"off\"\n\"structure/min-h2\" = \"info\"\n"),
        vec!["structure/min-h2 info"]
    );
}

#[test]
fn item10_pack_rule_ids_are_known_once_packs_load() {
    let dir = project("[packs]\ndirs = [\"packs\"]\n[rules]\n\"house/banned\" = \"error\"\n");
    fs::create_dir(dir.path().join("packs")).unwrap();
    fs::write(
        dir.path().join("packs/house.toml"),
        pack("house/banned", &["contentlint".to_string()]),
    )
    .unwrap();
    fs::write(dir.path().join("a.md"), "# Title\n\nWe like contentlint.\n").unwrap();
    contentlint()
        .args(["check", "--select", "house/banned", "--format", "json"])
        .arg(dir.path().join("a.md"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"rule\": \"house/banned\""));
    // a typo of a pack's id gets the pack's id as the suggestion
    contentlint()
        .args(["check", "--select", "house/baned"])
        .arg(dir.path().join("a.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `house/banned`?"));
}

#[test]
fn item11_negative_nan_and_infinite_numbers_are_errors() {
    for (toml, expected) in [
        (
            "[scoring]\nseverity_factor = { info = 1.0, warning = -3.0, error = 5.0 }\n",
            "[scoring] severity_factor.warning = -3 is out of range: it must be a finite number >= 0",
        ),
        (
            "[scoring.weights]\nclarity = nan\n",
            "[scoring] weights.clarity = NaN is out of range",
        ),
        (
            "[scoring]\ngate_cap = inf\n",
            "[scoring] gate_cap = inf is out of range: it must be a number from 0 to 100",
        ),
        (
            "[scoring]\nmin_score = 101\n",
            "[scoring] min_score = 101 is out of range: it must be a number from 0 to 100",
        ),
        (
            "[filler]\nbuzzword_density_max = -1\nbuzzword_min_count = 0\n",
            "[filler] buzzword_density_max = -1 is out of range",
        ),
        (
            "[clarity]\npassive_share_ok = -inf\n",
            "[clarity] passive_share_ok = -inf is out of range",
        ),
        ("[seo]\ndensity_min = nan\n", "[seo] density_min = NaN"),
    ] {
        let dir = project(toml);
        contentlint()
            .arg("check")
            .arg(dir.path().join("a.md"))
            .assert()
            .code(2)
            .stdout(predicate::str::contains(expected));
    }
    for bad in ["-5", "nan", "1e9", "many"] {
        contentlint()
            .args(["check", &format!("--min-score={bad}"), "x.md"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--min-score"));
    }
}

#[test]
fn item11_pack_weight_cap_empty_phrase_and_empty_regex_are_errors() {
    let dir = project("[packs]\ndirs = [\"packs\"]\n");
    fs::create_dir(dir.path().join("packs")).unwrap();
    let pack_file = dir.path().join("packs/house.toml");
    let good = pack("house/x", &["delve".to_string()]);
    let check = |text: String, expected: &str| {
        fs::write(&pack_file, text).unwrap();
        contentlint()
            .arg("check")
            .arg(dir.path().join("a.md"))
            .assert()
            .code(2)
            .stdout(predicate::str::contains("house.toml"))
            .stdout(predicate::str::contains("rule `house/x`"))
            .stdout(predicate::str::contains(expected));
    };
    check(
        pack("house/x", &["delve".into(), "  ".into()]),
        r#"phrases[1] = "  " is empty"#,
    );
    check(pack("house/x", &["".into()]), r#"phrases[0] = "" is empty"#);
    check(
        good.replace("phrases = [", "weight = -2.0\nphrases = ["),
        "weight = -2 is out of range",
    );
    check(
        good.replace("phrases = [", "cap = nan\nphrases = ["),
        "cap = NaN is out of range",
    );
    check(
        good.replace("phrases = [", "patterns = ['(very)?']\nphrases = ["),
        r#"patterns[0] = "(very)?" can match the empty string"#,
    );
    fs::write(&pack_file, good).unwrap();
    contentlint()
        .arg("check")
        .arg(dir.path().join("a.md"))
        .assert()
        .code(0);
}

/// The findings of every rule but `except` on the seed article (plus a paragraph for the
/// wordy-phrase pack), as comparable lines.
fn findings_except(config: Config, except: &str) -> Vec<String> {
    let source = format!("{SEED}\nIn order to ship, we met due to the fact that it was late.\n");
    let r = Linter::with_config(config)
        .lint_source(Path::new("seed.md"), source)
        .unwrap();
    r.findings
        .iter()
        .filter(|f| f.rule != except)
        .map(|f| format!("{} {} {} {}", f.rule, f.offset, f.length, f.message))
        .collect()
}

#[test]
fn item11_a_big_pack_does_not_switch_off_other_rules() {
    // 50,000 distinct phrases that never occur in English prose.
    let phrases: Vec<String> = (0..50_000u32)
        .map(|i| {
            let mut n = i;
            let mut w = String::from("qx");
            for _ in 0..4 {
                w.push(char::from(b'a' + (n % 26) as u8));
                n /= 26;
            }
            w
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("big.toml"), pack("big/words", &phrases)).unwrap();
    let mut with_pack = Config::default();
    with_pack.brief.current_date = Some("2026-02-18".into());
    let without = with_pack.clone();
    with_pack.packs.dirs = vec![dir.path().to_path_buf()];
    let before = findings_except(without, "big/words");
    let after = findings_except(with_pack, "big/words");
    // the seed has filler phrases and wordy phrases: the built-in phrase packs fire
    // (buzzword-density reads the padding the prefilter finds)
    for rule in [
        "filler/generic-phrase",
        "clarity/wordy-phrase",
        "filler/buzzword-density",
    ] {
        assert!(
            before.iter().any(|f| f.starts_with(rule)),
            "{rule} should fire on the seed"
        );
    }
    assert_eq!(before, after);
}

#[test]
fn item11_scores_stay_within_0_and_100() {
    // The largest allowed factors and a tiny constant: every dimension at its floor.
    let config = Config::from_toml_str(
        "[scoring]\nseverity_factor = { info = 1e300, warning = 1e300, error = 1e300 }\n\
         constants = { temporal_correctness = 1e-300, factual_consistency = 1e-300, \
         web_structure = 1e-300, persona_style = 1e-300, clarity = 1e-300 }\n\
         weights = { temporal_correctness = 1e300, factual_consistency = 0.0, \
         web_structure = 0.0, persona_style = 0.0, clarity = 0.0 }\n",
        None,
    )
    .unwrap();
    let r = Linter::with_config(config)
        .lint_source(Path::new("seed.md"), SEED.to_string())
        .unwrap();
    assert!(r.score <= 100, "{}", r.score);
    assert!(r.rubric.dimensions.values().all(|&s| s <= 100));
    assert_eq!(r.rubric.dimensions.values().min(), Some(&0));
}

/// Issue 9, item 3: every layer of a nested configuration is checked, and the error names the
/// file that holds the bad key, not the nearest one.
#[test]
fn errors_in_a_parent_layer_name_the_parent_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    fs::create_dir_all(root.join("posts")).unwrap();
    fs::write(root.join("posts/a.md"), GOOD).unwrap();
    let parent = root.join("contentlint.toml");
    let child = root.join("posts/contentlint.toml");
    fs::write(&child, "[seo]\ntitle_max = 70\n").unwrap();
    let expect = |parent_text: &str, file: &Path, message: &str| {
        fs::write(&parent, parent_text).unwrap();
        contentlint()
            .arg("check")
            .arg(root.join("posts/a.md"))
            .assert()
            .code(2)
            .stdout(predicate::str::contains(format!(
                "{}: {message}",
                file.display()
            )));
    };
    expect(
        "[seo]\ntitel_max = 70\n",
        &parent,
        "[seo] unknown field `titel_max`",
    );
    expect(
        "[rules]\n\"structure/heading-incremnt\" = \"off\"\n",
        &parent,
        "[rules]: no rule or group is named `structure/heading-incremnt`",
    );
    expect(
        "[brief]\nhard_gates = [\"structure/single-h\"]\n",
        &parent,
        "[brief] hard_gates: no rule or group is named `structure/single-h`",
    );
    expect(
        "[scoring]\ngate_cap = 150\n",
        &parent,
        "[scoring] gate_cap = 150 is out of range",
    );
    // a value wrong only together with another file's names the nearest file and the files
    expect(
        "[seo]\ntitle_min = 80\n",
        &child,
        "[seo] title_min = 80 is larger than title_max = 70 (in the configuration merged from",
    );
    // a bad key in the child names the child even when the parent is fine
    fs::write(&parent, "").unwrap();
    fs::write(&child, "[seo]\ntitle_mx = 70\n").unwrap();
    contentlint()
        .arg("check")
        .arg(root.join("posts/a.md"))
        .assert()
        .code(2)
        .stdout(predicate::str::contains(format!(
            "{}: [seo] unknown field `title_mx`",
            child.display()
        )));
}
