//! Front-matter rules (`frontmatter/*`): values the linter relies on (the publication date, the
//! title, description and keyword) that are present but cannot be read. Such a value is
//! reported, never silently dropped: a dropped date would make the clock judge the article.

mod invalid_date;
mod invalid_field;

pub use invalid_date::InvalidDate;
pub use invalid_field::InvalidField;

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::engine::{LintOptions, Linter};
    use crate::finding::Severity;
    use crate::rules::DateSource;
    use std::path::Path;

    const BODY: &str = "# Shipping plans\n\nIn 2025, we will ship the new importer to every \
        customer.\n";

    fn lint(front: &str, today: Option<&str>) -> crate::report::FileReport {
        let mut config = Config::default();
        config.brief.current_date = None;
        let linter = Linter::new(
            crate::config::ConfigResolver::fixed(config),
            LintOptions {
                today: today.map(|d| d.parse().unwrap()),
                ..LintOptions::default()
            },
        );
        linter
            .lint_source(Path::new("a.md"), format!("---\n{front}\n---\n{BODY}"))
            .unwrap()
    }

    fn past_year(r: &crate::report::FileReport) -> Vec<(Severity, String)> {
        r.findings
            .iter()
            .filter(|f| f.rule == "temporal/past-year-as-future")
            .map(|f| (f.severity, f.message.clone()))
            .collect()
    }

    #[test]
    fn a_lenient_date_is_the_reference_date() {
        for front in [
            "date: 2024-4-9",
            "created_at: 2024-04-09",
            "ms.date: 04/09/2024",
        ] {
            let r = lint(front, None);
            assert_eq!(r.reference_date_source, DateSource::FrontMatter, "{front}");
            assert!(past_year(&r).is_empty(), "{front}: {:?}", past_year(&r));
            assert!(
                !r.hard_gates.iter().any(|g| g.starts_with("temporal/")),
                "{front}: {:?}",
                r.hard_gates
            );
        }
    }

    /// The rules the engine stops gating when the article's date cannot be read: those that
    /// compare the text's years with the reference date, and no other.
    #[test]
    fn the_year_rules_say_they_compare_with_the_reference_date() {
        let mut ids: Vec<String> = crate::rules::builtin()
            .into_iter()
            .filter(|r| r.compares_with_reference_date())
            .map(|r| r.meta().id.to_string())
            .collect();
        ids.sort();
        assert_eq!(
            ids,
            vec![
                "temporal/future-as-past",
                "temporal/past-year-as-future",
                "temporal/relative-time",
                "temporal/stale-as-of",
            ]
        );
    }

    #[test]
    fn an_unreadable_date_is_reported_and_the_year_rules_do_not_gate() {
        let r = lint("date: 2024-4-31", None);
        assert_eq!(r.reference_date_source, DateSource::Clock);
        assert!(
            r.findings
                .iter()
                .any(|f| f.rule == "frontmatter/invalid-date"),
            "{:?}",
            r.findings
        );
        // judged by the clock (2026 or later), "in 2025 we will" still shows, as a warning
        let found = past_year(&r);
        assert!(!found.is_empty());
        for (severity, message) in &found {
            assert_eq!(*severity, Severity::Warning);
            assert!(message.contains("not a gate"), "{message}");
        }
        assert!(
            !r.hard_gates.iter().any(|g| g.starts_with("temporal/")),
            "{:?}",
            r.hard_gates
        );
        // --today is the user's own date: it gates as usual
        let r = lint("date: 2024-4-31", Some("2026-01-01"));
        assert!(
            r.hard_gates
                .iter()
                .any(|g| g == "temporal/past-year-as-future"),
            "{:?}",
            r.hard_gates
        );
    }
}
