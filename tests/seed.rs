//! The seed article (fixtures/seed.md: the article of ../shared/seed rebuilt as Markdown) gives
//! the figures the seed's SEO auditor reported, and contentlint's score agrees with its advice.

use contentlint::config::Config;
use contentlint::engine::Linter;
use std::path::Path;

fn seed_report() -> contentlint::report::FileReport {
    let source = std::fs::read_to_string("fixtures/seed.md").unwrap();
    Linter::with_config(Config::default())
        .lint_source(Path::new("fixtures/seed.md"), source)
        .unwrap()
}

#[test]
fn seed_seo_figures_match_the_auditor_and_the_score_matches_the_advice() {
    let r = seed_report();
    let seo = &r.seo;
    assert_eq!(seo.heading_count, 9);
    assert_eq!(seo.meta_description_length, 163);
    assert_eq!(seo.keyword_density, 0.14);
    assert_eq!(seo.primary_keyword.as_deref(), Some("training phase pre"));
    assert!(
        seo.recommendations
            .iter()
            .any(|r| r == "Shorten meta description to fit search result preview (max 160 chars)"),
        "{:?}",
        seo.recommendations
    );
    assert!(seo.seo_score < 100);
    assert_eq!(r.reference_date, "2026-02-18");
}

#[test]
fn seed_is_caught_where_the_seed_critic_gave_97() {
    let r = seed_report();
    let filler = r
        .findings
        .iter()
        .filter(|f| f.rule == "filler/generic-phrase")
        .count();
    assert!(filler >= 5, "{filler} generic phrases");
    assert!(
        r.score <= 85,
        "overall {} should be well below the critic's 97",
        r.score
    );
    assert_eq!(r.rubric.dimensions.len(), 5);
    assert!(!r.valid, "below the default [scoring] min_score");
}

#[test]
fn seed_keyword_derived_without_front_matter_is_whole_title_words() {
    let source = std::fs::read_to_string("fixtures/seed.md")
        .unwrap()
        .replace("keyword: \"training phase pre\"\n", "");
    let r = Linter::with_config(Config::default())
        .lint_source(Path::new("seed.md"), source)
        .unwrap();
    let k = r.seo.primary_keyword.unwrap();
    assert_eq!(k, "fine-tuning");
    assert!(r.seo.keyword_density > 1.0, "{}", r.seo.keyword_density);
}
