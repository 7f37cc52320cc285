//! The benchmark corpus generator (benches/corpus.rs) is itself tested here: the benchmarks
//! only mean something if their input is deterministic and is the kind of article the linter
//! is for (it parses, has the structure the rules look at, and is of realistic size).

#[path = "../benches/corpus.rs"]
mod corpus;

use contentlint::config::Config;
use contentlint::document::Document;
use contentlint::engine::Linter;

#[test]
fn same_seed_gives_the_same_article() {
    assert_eq!(corpus::article(7), corpus::article(7));
    assert_ne!(corpus::article(7), corpus::article(8));
    assert_eq!(corpus::articles(3, 7)[2], corpus::article(9));
}

#[test]
fn generated_articles_are_realistic_markdown() {
    let linter = Linter::with_config(Config::default());
    for (i, source) in corpus::articles(40, 1).into_iter().enumerate() {
        let len = source.len();
        assert!((2_000..40_000).contains(&len), "article {i} is {len} bytes");
        let doc = Document::parse(source.clone()).expect("front matter parses");
        assert!(
            doc.front_matter.title().is_some(),
            "article {i} has a title"
        );
        assert_eq!(doc.h1s().count(), 1, "article {i} has one H1");
        assert!(
            doc.headings.iter().filter(|h| h.level == 2).count() >= 3,
            "article {i} has H2 sections"
        );
        assert!(doc.prose().sentences.len() > 20, "article {i} has prose");
        let report = linter
            .lint_source("article.md".as_ref(), source)
            .expect("article lints");
        assert!(
            report.stats.words > 300,
            "article {i}: {} words",
            report.stats.words
        );
    }
}

#[test]
fn the_corpus_has_the_features_rules_look_at() {
    let docs: Vec<Document> = corpus::articles(40, 1)
        .into_iter()
        .map(|s| Document::parse(s).expect("parses"))
        .collect();
    let count = |f: &dyn Fn(&Document) -> usize| docs.iter().map(f).sum::<usize>();
    assert!(count(&|d| d.lists.len()) > 0, "lists");
    assert!(count(&|d| d.code_blocks.len()) > 0, "code blocks");
    assert!(count(&|d| d.inline_code.len()) > 0, "inline code");
    assert!(count(&|d| d.links.iter().filter(|l| l.is_external()).count()) > 0);
    assert!(count(&|d| d.links.iter().filter(|l| !l.is_external()).count()) > 0);
    assert!(count(&|d| d.images.iter().filter(|i| i.alt.is_empty()).count()) > 0);
    assert!(count(&|d| d.images.iter().filter(|i| !i.alt.is_empty()).count()) > 0);
    assert!(count(&|d| d.headings.iter().filter(|h| h.level == 3).count()) > 0);
}
