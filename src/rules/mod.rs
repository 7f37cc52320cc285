//! The rule engine: the [`Rule`] trait, rule metadata, and the registry of built-in rules.
//!
//! A rule lives in one file under `src/rules/<group>/<name>.rs` for id `<group>/<name>`
//! (declarative rules live in `rules/*.toml`, see [`crate::packs`]): `declare_rule!` declares
//! its struct, metadata, doc comment (shown by `contentlint explain ID`) and examples; the file
//! implements [`Rule`] and holds its tests. [`BUILTIN`] registers it with one line
//! (`scripts/new-rule` writes all of it).

#[macro_use]
pub mod declare;

pub mod claims;
pub mod clarity;
pub mod filler;
pub mod frontmatter;
pub mod meta;
pub mod seo;
pub mod structure;
pub mod style;
pub mod temporal;

pub use crate::rule::{Context, DateSource, Rule, RuleMeta};
pub use declare::RuleExamples;

/// A built-in rule with the texts it must fire on and pass.
pub struct Builtin {
    pub rule: &'static dyn Rule,
    pub examples: RuleExamples,
}

/// The registry entry of a rule declared with `declare_rule!`: `builtin!(group::Type)`.
macro_rules! builtin {
    ($group:ident :: $rule:ident) => {
        Builtin {
            rule: &$group::$rule,
            examples: $group::$rule::EXAMPLES,
        }
    };
}

/// The registry: every built-in (Rust) rule, in `contentlint rules` order (rubric order, SEO
/// last). A new rule is one line here (`scripts/new-rule` writes it).
pub static BUILTIN: &[Builtin] = &[
    builtin!(temporal::PastYearAsFuture),
    builtin!(temporal::FutureAsPast),
    builtin!(temporal::StaleAsOf),
    builtin!(temporal::AiDisclaimer),
    builtin!(temporal::RelativeTime),
    builtin!(claims::UnsourcedStatistic),
    builtin!(claims::VagueAttribution),
    builtin!(claims::UnsupportedSuperlative),
    builtin!(claims::CountMismatch),
    builtin!(claims::TitleMismatch),
    builtin!(structure::SingleH1),
    builtin!(structure::MinH2),
    builtin!(structure::Conclusion),
    builtin!(structure::HeadingIncrement),
    builtin!(structure::EmptySection),
    builtin!(filler::BuzzwordDensity),
    builtin!(filler::LlmArtifact),
    builtin!(style::Shouting),
    builtin!(clarity::SentenceLength),
    builtin!(clarity::ParagraphLength),
    builtin!(clarity::PassiveVoice),
    builtin!(clarity::ReadabilityLevel),
    builtin!(clarity::ConsecutiveOpeners),
    builtin!(clarity::LongSection),
    builtin!(seo::KeywordDensity),
    builtin!(seo::KeywordInTitle),
    builtin!(seo::KeywordInFirstParagraph),
    builtin!(seo::KeywordInMetaDescription),
    builtin!(seo::KeywordInSubheading),
    builtin!(seo::MetaDescriptionLength),
    builtin!(seo::TitleLength),
    builtin!(seo::TextLength),
    builtin!(seo::ImageAlt),
    builtin!(seo::SubheadingDistribution),
    builtin!(seo::NoKeyword),
    builtin!(frontmatter::InvalidDate),
    builtin!(frontmatter::InvalidField),
    builtin!(meta::UnusedSuppression),
];

/// Every built-in (Rust) rule, in `contentlint rules` order.
pub fn builtin() -> Vec<&'static dyn Rule> {
    BUILTIN.iter().map(|entry| entry.rule).collect()
}

/// Read an embedded TOML data file (a word list under rules/data/) from its JSON
/// (`crate::embedded_json!`). Embedded files are tested, so a file that does not read is a bug
/// in the build, not a user error.
pub(crate) fn data_file<T: serde::de::DeserializeOwned>(name: &str, json: &str) -> T {
    crate::embedded::read(&format!("rules/data/{name}"), json)
}

/// A finding's "12.3%" figure.
pub(crate) fn percent(x: f64) -> String {
    format!("{:.1}%", x)
}

/// Test helpers shared by the rules' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::config::Config;
    use crate::document::Document;
    use crate::engine::Linter;
    use crate::finding::Finding;

    use std::collections::HashMap;
    use std::sync::{Arc, LazyLock, Mutex};

    /// One linter per distinct configuration, shared by every test: building a linter's rule
    /// set (embedded packs, their prefilter automaton, name validation) costs far more than
    /// running one rule on a short text, and was paid per call. Keyed by the configuration's
    /// `Debug` text, which holds every setting (maps are `BTreeMap`s, so the text is stable).
    static LINTERS: LazyLock<Mutex<HashMap<String, Arc<Linter>>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));

    fn linter_for(config: Config) -> Arc<Linter> {
        let key = format!("{config:?}");
        if let Some(linter) = LINTERS.lock().expect("linter cache").get(&key) {
            return linter.clone();
        }
        // Built outside the lock, so that tests on other threads are not held up; two threads
        // building the same linter at once both get a correct one.
        let linter = Arc::new(Linter::with_config(config));
        LINTERS
            .lock()
            .expect("linter cache")
            .entry(key)
            .or_insert(linter)
            .clone()
    }

    /// Run one rule over `source` with `config` and return its findings.
    pub fn run_with(rule: &dyn Rule, source: &str, config: Config) -> Vec<Finding> {
        let doc = Document::parse(source.to_string()).expect("valid front matter");
        let linter = linter_for(config);
        let config = linter.config_for_tests();
        let ctx = linter.context(&doc, &config);
        rule.check(&doc, &ctx)
    }

    pub fn run(rule: &dyn Rule, source: &str) -> Vec<Finding> {
        run_with(rule, source, Config::default())
    }

    /// `f` of `source`'s document and the context a rule would see, with the default
    /// configuration: for tests of a rule's parts.
    pub fn with_context<R>(source: &str, f: impl FnOnce(&Document, &Context) -> R) -> R {
        let doc = Document::parse(source.to_string()).expect("valid front matter");
        let linter = linter_for(Config::default());
        let config = linter.config_for_tests();
        let ctx = linter.context(&doc, &config);
        f(&doc, &ctx)
    }

    #[test]
    fn run_with_reuses_one_linter_per_configuration() {
        let a = linter_for(Config::default());
        let b = linter_for(Config::default());
        assert!(
            Arc::ptr_eq(&a, &b),
            "the default configuration is built once"
        );
        let mut other = Config::default();
        other.brief.tone = "casual".into();
        let c = linter_for(other);
        assert!(
            !Arc::ptr_eq(&a, &c),
            "another configuration gets its own linter"
        );
        assert_eq!(c.config_for_tests().brief.tone, "casual");
    }
}
