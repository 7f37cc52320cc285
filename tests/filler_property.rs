//! Document-level property of the filler rules and the scoring: adding a generic filler phrase
//! to an article never raises any rubric score (overall or any dimension), and removing the text
//! of a `filler/generic-phrase` finding never lowers one.
//!
//! A deterministic generator builds articles from a pool of sentences (short, long, passive,
//! with buzzwords, with repeated openers, with exclamations), then appends a phrase of the
//! built-in lexicon to one sentence, before its final period ("..., a testament to."). The
//! phrase goes at the end so that it changes no sentence's first word and splits no passive
//! construction: what the property is about is the phrase, not an edit that rewrites the
//! sentence around it. The SEO score is not a rubric score and is left out: like Yoast's, it
//! rewards length (text length, keyword density).

use contentlint::config::Config;
use contentlint::engine::Linter;
use contentlint::report::FileReport;
use std::path::Path;

/// A small deterministic generator (64-bit LCG, Knuth's MMIX constants).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SENTENCES: &[&str] = &[
    "The cache cuts response times by half.",
    "Rust checks every borrow at compile time.",
    "Rust is fast.",
    "Rust is safe.",
    "The build was finished by the release team on Monday.",
    "Our robust and seamless platform empowers teams to leverage transformative tools.",
    "When the nightly backup job starts while the import is still writing to the same table, every request that touches the table waits in the queue for minutes.",
    "The parser reads each file once and keeps the byte range of every token it finds.",
    "This release is huge!",
    "Tests run on three platforms.",
    "The index was rebuilt after the upgrade.",
    "Comprehensive organisational interoperability necessitates institutional alignment.",
    "We moved the backup to four in the morning.",
    "Users got the update within an hour.",
    "It is slow on large inputs, and the fix needs a new data structure that keeps the sorted order without copying.",
];

const HEADINGS: &[&str] = &[
    "Background",
    "The problem",
    "How it works",
    "Results",
    "Costs",
    "Next steps",
];

fn article(rng: &mut Rng) -> String {
    let mut s = String::from("---\ndate: 2026-02-18\n---\n\n# A generated article\n\n");
    let sections = 2 + rng.below(3);
    for _ in 0..sections {
        s.push_str(&format!("## {}\n\n", rng.pick(HEADINGS)));
        for _ in 0..1 + rng.below(3) {
            let n = 2 + rng.below(8);
            let sentences: Vec<&str> = (0..n).map(|_| rng.pick(SENTENCES)).collect();
            s.push_str(&sentences.join(" "));
            s.push_str("\n\n");
        }
    }
    s.push_str("## Conclusion\n\nMeasure before you change anything.\n");
    s
}

/// The phrases of the built-in generic-phrase lexicon.
fn lexicon() -> Vec<String> {
    let pack: toml::Table = toml::from_str(include_str!("../rules/filler.toml")).unwrap();
    let rules = pack["rule"].as_array().unwrap();
    let rule = rules
        .iter()
        .find(|r| r["id"].as_str() == Some("filler/generic-phrase"))
        .unwrap();
    rule["phrases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

/// Append `phrase` to the `k`-th sentence of the body (counting sentence-final periods).
fn insert_phrase(source: &str, k: usize, phrase: &str) -> Option<String> {
    let body = source.find("\n# ")?;
    let ends: Vec<usize> = source[body..]
        .match_indices(". ")
        .chain(source[body..].match_indices(".\n"))
        .map(|(i, _)| body + i)
        .collect();
    let mut ends = ends;
    ends.sort_unstable();
    let at = *ends.get(k % ends.len().max(1))?;
    Some(format!("{}, {phrase}{}", &source[..at], &source[at..]))
}

fn lint(linter: &Linter, source: &str) -> FileReport {
    linter
        .lint_source(Path::new("generated.md"), source.to_string())
        .expect("lints")
}

/// (name, score) of the overall score and every dimension.
fn scores(r: &FileReport) -> Vec<(String, u32)> {
    let mut v = vec![("overall".to_string(), r.rubric.overall_score)];
    v.extend(
        r.rubric
            .dimensions
            .iter()
            .map(|(d, s)| (d.as_str().to_string(), *s)),
    );
    v
}

fn assert_not_higher(before: &FileReport, after: &FileReport, what: &str) {
    for ((name, a), (_, b)) in scores(before).iter().zip(scores(after)) {
        assert!(
            b <= *a,
            "{what}: {name} is {b} with the phrase, {a} without"
        );
    }
}

fn generic_phrase_ranges(r: &FileReport) -> Vec<(usize, usize)> {
    r.findings
        .iter()
        .filter(|f| f.rule == "filler/generic-phrase")
        .map(|f| (f.offset, f.length))
        .collect()
}

/// Remove generic-phrase findings' text, one at a time (every `stride`-th finding, to keep the
/// test fast), and check that no score drops.
fn check_removals(linter: &Linter, source: &str, report: &FileReport, what: &str, stride: usize) {
    for (offset, length) in generic_phrase_ranges(report).into_iter().step_by(stride) {
        let removed = format!("{}{}", &source[..offset], &source[offset + length..]);
        let after = lint(linter, &removed);
        // Every score after the removal is at least what it was before.
        let what = format!("{what}, removing {:?}", &source[offset..offset + length]);
        assert_not_higher(&after, report, &what);
    }
}

#[test]
fn adding_filler_never_raises_a_score_and_removing_it_never_lowers_one() {
    let linter = Linter::with_config(Config::default());
    let phrases = lexicon();
    assert!(
        phrases.len() >= 150,
        "the lexicon has {} phrases",
        phrases.len()
    );
    let mut rng = Rng(0x5EED_F111);
    let mut lowered = 0;
    for case in 0..30 {
        let base = article(&mut rng);
        let before = lint(&linter, &base);
        // Two insertions per article: one phrase, then a second on top of it.
        let mut current = base.clone();
        let mut current_report = before;
        for step in 0..2 {
            let phrase = phrases[rng.below(phrases.len())].clone();
            let k = rng.below(64);
            let Some(padded) = insert_phrase(&current, k, &phrase) else {
                continue;
            };
            let after = lint(&linter, &padded);
            let what = format!("case {case} step {step}: adding {phrase:?}");
            assert_not_higher(&current_report, &after, &what);
            assert!(
                generic_phrase_ranges(&after).len() > generic_phrase_ranges(&current_report).len(),
                "{what}: the phrase was not found"
            );
            if after.rubric.overall_score < current_report.rubric.overall_score {
                lowered += 1;
            }
            check_removals(&linter, &padded, &after, &what, 1);
            current = padded;
            current_report = after;
        }
    }
    // The property must not hold vacuously: filler does cost points.
    assert!(
        lowered > 15,
        "filler lowered the overall score only {lowered} times"
    );
}

#[test]
fn removing_filler_from_the_seed_never_lowers_a_score() {
    let linter = Linter::with_config(Config::default());
    let seed = include_str!("../fixtures/seed.md");
    let report = lint(&linter, seed);
    assert!(generic_phrase_ranges(&report).len() >= 5);
    check_removals(&linter, seed, &report, "seed", 3);
}
