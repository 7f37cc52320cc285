//! The content model on site syntax: each `fixtures/content-model/*.md` is parsed and its prose
//! view (blocks, sentences, masked syntax, shortcodes, images) plus the report's `stats` and
//! image figures are an insta snapshot (review by reading `tests/snapshots/content_model__*`).

use contentlint::config::Config;
use contentlint::document::Document;
use contentlint::engine::Linter;
use contentlint::report::json::file_json;
use serde_json::{Value, json};
use std::path::Path;

fn prose_view(path: &Path) -> Value {
    let source = std::fs::read_to_string(path).unwrap();
    let doc = Document::parse(source.clone()).unwrap();
    let prose = doc.prose();
    let config = Config::default();
    let images: Vec<Value> = doc
        .images_with(&config.content.image_shortcodes)
        .iter()
        .map(|i| {
            json!({ "kind": format!("{:?}", i.kind), "url": i.url, "alt": i.alt,
                    "decorative": i.decorative, "source": &source[i.range.clone()] })
        })
        .collect();
    let linter = Linter::with_config(Config::default());
    let report = file_json(&linter.lint_source(path, source.clone()).unwrap());
    let image_alt: Vec<String> = ["violations", "warnings"]
        .iter()
        .flat_map(|k| report[*k].as_array().unwrap().iter())
        .filter(|f| f["rule"] == "seo/image-alt")
        .map(|f| {
            format!(
                "{}:{} {}",
                f["line"],
                f["column"],
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    json!({
        "blocks": doc.blocks.iter().map(|b| b.text.text.trim()).collect::<Vec<_>>(),
        "sentences": prose.sentences.iter().map(|s| prose.text(&doc, s)).collect::<Vec<_>>(),
        "headings": doc.headings.iter().map(|h| h.plain()).collect::<Vec<_>>(),
        "syntax": doc.syntax.iter()
            .map(|s| format!("{:?}: {}", s.kind, &source[s.range.clone()]))
            .collect::<Vec<_>>(),
        "shortcodes": doc.shortcodes.iter().map(|s| json!({
            "name": s.name,
            "params": s.params.iter()
                .map(|p| format!("{}={}", p.name.as_deref().unwrap_or("_"), p.value))
                .collect::<Vec<_>>(),
            "inner": s.inner.clone().map(|r| source[r].trim().to_string()),
        })).collect::<Vec<_>>(),
        "images": images,
        "images_total": report["seo"]["images_total"],
        "images_optimized": report["seo"]["images_optimized"],
        "stats": report["stats"],
        "image_alt": image_alt,
    })
}

#[test]
fn content_model_fixtures() {
    let mut paths: Vec<_> = std::fs::read_dir("fixtures/content-model")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 6, "{paths:?}");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(true);
    settings.bind(|| {
        for path in paths {
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            insta::assert_json_snapshot!(name, prose_view(&path));
        }
    });
}

/// No word of the prose comes from template syntax: every word's source bytes lie outside
/// the masked spans, and text maps back to the same bytes in the file.
#[test]
fn prose_words_never_come_from_syntax() {
    for entry in std::fs::read_dir("fixtures/content-model").unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        let doc = Document::parse(source.clone()).unwrap();
        for block in &doc.blocks {
            for (at, w) in contentlint::document::words(&block.text.text) {
                let range = block.text.range_to_source(at..at + w.len());
                assert_eq!(&source[range.clone()], w, "{path:?}");
                assert!(!doc.in_syntax(range.start), "{path:?}: {w:?} is syntax");
            }
        }
    }
}
