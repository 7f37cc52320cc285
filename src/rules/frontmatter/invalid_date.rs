use crate::document::{Document, FrontMatter};
use crate::finding::Finding;
use crate::rules::seo::front_matter_line;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// The publication date is read from the first of the front-matter keys `date`, `publishDate`,
    /// `pubDate`, `published`, `created_at`, `ms.date` (then `[brief] date_keys`) whose value is a
    /// date. Accepted forms: 2024-04-09, 2024-4-9, RFC 3339 (2024-04-09T10:00:00+02:00, ...Z),
    /// 2024-04-09 10:00:00 +0000, 2024-04-09 10:00:00, 2024/04/09, January 5, 2020, Jan 5, 2020, 5
    /// January 2020, YAML and TOML dates, and day/month/year with slashes when the order is
    /// unambiguous (25/12/2024 or 12/25/2024; 04/09/2024 could be either and is rejected). Under
    /// `ms.date` slashes are MM/DD/YYYY, Microsoft Learn's documented form.
    ///
    /// ### Why
    ///
    /// A date key whose value is none of these is reported here rather than dropped. The temporal
    /// rules judge the text against the article's date (`temporal/past-year-as-future`: "In 2025 we
    /// will ship" in a 2024 post is fine); without it the reference date falls back to `[brief]
    /// current_date` or the clock, which is not the article's date. So while no date can be read
    /// (and no --today is given), the temporal rules that compare years with the reference date
    /// report at most warnings and are never hard gates; `reference_date_source` says where the
    /// fallback came from.
    ///
    /// ### Example
    ///
    /// Bad:
    ///
    /// ```yaml
    /// date: 2024-13-09
    /// ```
    ///
    /// Good:
    ///
    /// ```yaml
    /// date: 2024-04-09
    /// ```
    pub InvalidDate {
        id: "frontmatter/invalid-date",
        dimension: TemporalCorrectness,
        severity: Warning,
        summary: "A front-matter date can be read",
        weight: 1.0,
        cap: 3.0,
        examples: {
            fire: [
                "---\ndate: 2024-13-09\n---\n# Release notes\n\nThe importer is faster.\n",
                "---\ndate: 04/09/2024\n---\n# Release notes\n\nThe importer is faster.\n",
            ],
            pass: [
                "---\ndate: 2024-04-09\n---\n# Release notes\n\nThe importer is faster.\n",
                "---\ndate: 25/12/2024\n---\n# Release notes\n\nThe importer is faster.\n",
            ],
        },
    }
}

impl Rule for InvalidDate {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let field = doc.front_matter.date_field(&ctx.config.brief.date_keys);
        field
            .invalid
            .iter()
            .map(|bad| {
                let range = front_matter_line(doc, &[bad.key.as_str()])
                    .unwrap_or_else(|| doc.start_range());
                let consequence = match (&field.key, field.date) {
                    (Some(key), Some(date)) => format!("the date {date} from `{key}` is used"),
                    _ if ctx.reference_date_unreadable => format!(
                        "temporal checks use {} ({}) and do not gate",
                        ctx.reference_date,
                        match ctx.reference_date_source {
                            crate::rules::DateSource::Config => "[brief] current_date",
                            _ => "the system clock",
                        }
                    ),
                    _ => format!("temporal checks use {} from --today", ctx.reference_date),
                };
                META.finding(
                    range,
                    format!(
                        "Front-matter `{}` is \"{}\", which cannot be read as a date: {}; {consequence}",
                        bad.key, bad.value, bad.error
                    ),
                )
                .with_help(format!(
                    "Write the date as YYYY-MM-DD; accepted forms: {}",
                    FrontMatter::DATE_FORMS
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn unreadable_dates_are_reported_with_key_value_and_forms() {
        for (value, why) in [
            ("2024-13-09", "does not exist"),
            ("04/09/2024", "month/day or day/month"),
            ("next tuesday", "not in a date form"),
            ("2024", "not text"),
        ] {
            let src = format!("---\ndate: {value}\n---\n# T\n\ntext\n");
            let f = run(&InvalidDate, &src);
            assert_eq!(f.len(), 1, "{value}: {f:?}");
            assert!(f[0].message.contains("`date`"), "{}", f[0].message);
            assert!(f[0].message.contains(value), "{}", f[0].message);
            assert!(f[0].message.contains(why), "{}", f[0].message);
            assert!(f[0].message.contains("do not gate"), "{}", f[0].message);
            assert!(f[0].help.as_deref().unwrap().contains("YYYY-MM-DD"));
            // the finding points at the key's line
            assert_eq!(&src[f[0].range.clone()], format!("date: {value}"));
        }
    }

    #[test]
    fn readable_dates_and_missing_dates_are_not_reported() {
        for src in [
            "---\ndate: 2024-4-9\n---\n# T\n",
            "---\ncreated_at: 2024-04-09\n---\n# T\n",
            "---\ntitle: no date\n---\n# T\n",
            "---\ndate:\n---\n# T\n",
            "# No front matter\n",
        ] {
            assert!(run(&InvalidDate, src).is_empty(), "{src}");
        }
    }

    #[test]
    fn a_bad_key_beside_a_good_one_is_reported_and_the_good_one_used() {
        let f = run(
            &InvalidDate,
            "---\ndate: soon\npubDate: 2024-04-09\n---\n# T\n",
        );
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("2024-04-09 from `pubDate` is used"),
            "{}",
            f[0].message
        );
    }
}
