use super::{DATA, source_label, units, year_value};
use crate::document::Document;
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use crate::text::memo::{MemoList, SliceMemo};
use crate::text::phrases::regex_alternation;
use crate::text::precheck::PhraseGate;
use crate::text::quick_regex::QuickRegex;
use std::ops::Range;
use std::sync::LazyLock;

declare_rule! {
    /// ### What
    ///
    /// A statement dated to a year that is old on the reference date: "As of 2023, the tool has 2
    /// million users", "the latest version (2022)", "the most recent data from 2021", "last
    /// updated: 2020".
    ///
    /// Fires when the year is more than `[temporal] stale_after_years` (default 2) calendar years
    /// before the reference year: in 2026, "as of 2024" passes and "as of 2023" fires. Time
    /// modifiers may stand between the phrase and the year ("as of the end of March 2023"). The
    /// phrases are in rules/data/temporal.toml ([stale]).
    ///
    /// Not checked: code, table cells, years after the reference date, a month's precision.
    ///
    /// ### Why
    ///
    /// The writer said when the fact was true; on the reference date it is probably no longer true,
    /// and "latest" certainly is not.
    ///
    /// ### Example
    ///
    /// Bad (dated 2026): "As of 2022, the plugin is the most popular." Good: "As of January 2026,
    /// ...", or no date claim.
    ///
    /// ### Source
    ///
    /// Source of the window: see rules/defaults.toml ([temporal]): no published standard; yearly
    /// sources publish one edition a year and citing the previous one is normal.
    pub StaleAsOf {
        id: "temporal/stale-as-of",
        dimension: TemporalCorrectness,
        severity: Warning,
        summary: "A statement dated \"as of\" an old year is probably out of date",
        weight: 2.0,
        cap: 10.0,
        examples: {
            fire: [
                "---\ndate: 2026-02-18\n---\nAs of 2022, the plugin is the most popular one for the editor.\n",
            ],
            pass: [
                "---\ndate: 2026-02-18\n---\nAs of January 2026, the plugin is the most popular one for the editor.\n",
                "---\ndate: 2026-02-18\n---\nAs of 2024, the plugin is the most popular one for the editor.\n",
            ],
        },
    }
}

/// The three forms of a dated phrase, each a regex compiled when a text first may need it, in
/// this order: "as of [modifiers] YEAR", "latest NOUN (YEAR)" and "latest YEAR NOUN". Each is
/// searched only in a text that holds the phrases every one of its matches holds
/// ([`NEEDED_GROUPS`], found in one pass by [`OPENERS`]; see [`crate::text::precheck`]). One
/// test for all three (an opener of any) built and searched all three on every text with one:
/// a run over a blog built the third, whose matches no corpus here holds, twice (ASCII and
/// Unicode).
static PATTERNS: [&LazyLock<QuickRegex>; 3] = [&AS_OF, &LATEST_NOUN, &LATEST_YEAR];

static AS_OF: LazyLock<QuickRegex> = LazyLock::new(|| {
    let d = &*DATA;
    stale_regex(format!(
        r"\b(?:{})[\s:,]+{}{{0,5}}{YEAR}\b",
        regex_alternation(&d.stale_as_of),
        modifier()
    ))
});

static LATEST_NOUN: LazyLock<QuickRegex> = LazyLock::new(|| {
    let d = &*DATA;
    stale_regex(format!(
        r"\b(?:{})\s+(?:[\w-]+\s+){{0,2}}?(?:{})\b\s*(?:\(\s*|,?\s*(?:from|of|in|dated|released in|published in)\s+){}{{0,3}}{YEAR}\b\)?",
        regex_alternation(&d.latest_adjectives),
        regex_alternation(&d.latest_nouns),
        modifier()
    ))
});

static LATEST_YEAR: LazyLock<QuickRegex> = LazyLock::new(|| {
    let d = &*DATA;
    stale_regex(format!(
        r"\b(?:{})\s+{YEAR}\s+(?:[\w-]+\s+)?(?:{})\b",
        regex_alternation(&d.latest_adjectives),
        regex_alternation(&d.latest_nouns)
    ))
});

/// The phrase lists of [`OPENERS`], by group bit.
const AS_OF_PHRASE: u64 = 1 << 0;
const ADJECTIVE: u64 = 1 << 1;
const NOUN: u64 = 1 << 2;
/// An adjective, white space and the first two digits of a [`YEAR`]: "latest 20".
const ADJECTIVE_THEN_CENTURY: u64 = 1 << 3;

/// The groups of [`OPENERS`] a text must hold for each of [`PATTERNS`] to match in it.
const NEEDED_GROUPS: [u64; 3] = [AS_OF_PHRASE, ADJECTIVE | NOUN, ADJECTIVE_THEN_CENTURY];

static OPENERS: LazyLock<PhraseGate> = LazyLock::new(|| {
    let d = &*DATA;
    let adjective_then_century: Vec<String> = d
        .latest_adjectives
        .iter()
        .flat_map(|adj| CENTURIES.map(|century| format!("{adj} {century}")))
        .collect();
    PhraseGate::of_groups(&[
        &d.stale_as_of[..],
        &d.latest_adjectives[..],
        &d.latest_nouns[..],
        &adjective_then_century[..],
    ])
});

/// Which of [`PATTERNS`] may match `text`, by the phrases it holds.
fn may_match(text: &str) -> [bool; 3] {
    let held = OPENERS.groups(text);
    NEEDED_GROUPS.map(|needed| held & needed == needed)
}

/// A year of a dated phrase: its first two digits are one of [`CENTURIES`].
const YEAR: &str = r"((?:19|20|21)\d\d)";
const CENTURIES: [&str; 3] = ["19", "20", "21"];

fn stale_regex(pattern: String) -> QuickRegex {
    QuickRegex::new(pattern, "rules/data/temporal.toml [stale]").ignore_case(true)
}

/// A time modifier or a day ("early", "3rd") and what follows it, before a year.
fn modifier() -> String {
    let mut m: Vec<String> = DATA.modifiers.iter().cloned().collect();
    m.sort();
    format!(
        r"(?:(?:{}|\d{{1,2}}(?:st|nd|rd|th)?)[\s,.-]+)",
        regex_alternation(&m)
    )
}

impl Rule for StaleAsOf {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn compares_with_reference_date(&self) -> bool {
        true
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let reference = i32::from(ctx.reference_date.year());
        let window = ctx.config.temporal.stale_after_years as i32;
        let mut out = Vec::new();
        'units: for unit in units(doc) {
            let text = unit.str();
            // A unit with a copyright or licence line dates nothing: asked only of a unit that
            // has a stale date (a lower-case copy of every unit with a digit was a third of
            // the rule's work on a long article).
            let mut skipped = None;
            let mut skip = || {
                *skipped.get_or_insert_with(|| {
                    let lower = text.to_lowercase();
                    DATA.stale_skip.iter().any(|w| lower.contains(w.as_str()))
                })
            };
            let mut seen_end = 0;
            for (whole, year) in dated_phrases(text).iter() {
                let (whole, year) = (whole.clone(), *year);
                let age = reference - year;
                if age <= window || whole.start < seen_end {
                    continue;
                }
                if skip() {
                    continue 'units;
                }
                seen_end = whole.end;
                let phrase = text[whole.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                out.push(
                    META.finding(
                        unit.source(whole),
                        format!(
                            "\"{phrase}\" dates this statement {age} years before the \
reference year {reference}"
                        ),
                    )
                    .with_help(format!(
                        "Check the fact and date it anew (\"as of {} {}\"), or drop the date \
claim. Stale after {window} years ([temporal] stale_after_years); reference date {} ({})",
                        super::month_name(ctx.reference_date.month()),
                        reference,
                        ctx.reference_date,
                        source_label(ctx.reference_date_source)
                    )),
                );
            }
        }
        out
    }
}

/// A dated phrase's range in its unit, and its year.
type DatedPhrase = (Range<usize>, i32);

/// The dated phrases of a unit ("as of 2019", "the latest 2021 figures"): each phrase and
/// its year, in the order the rule judges them. A function of the text alone, which the
/// language server keeps by text (the regexes' gate and searches were most of the rule's
/// work after an edit of a long article).
fn dated_phrases(text: &str) -> MemoList<DatedPhrase> {
    static BY_TEXT: SliceMemo<DatedPhrase> = SliceMemo::new();
    BY_TEXT.get_or(text, || {
        if !may_hold_year(text) {
            return Vec::new();
        }
        let mut found = Vec::new();
        let maybe = may_match(text);
        for re in PATTERNS
            .iter()
            .zip(maybe)
            .filter(|&(_, m)| m)
            .map(|(re, _)| &**re)
        {
            for caps in re.captures_iter(text) {
                let (Some(whole), Some(y)) = (caps.get(0), caps.get(1)) else {
                    continue;
                };
                // 2023.1, 2023%, 20231: not a year
                let after = &text[y.end()..];
                if after.starts_with('%')
                    || after.starts_with(|c: char| c.is_ascii_digit())
                    || (after.starts_with('.')
                        && after[1..].starts_with(|c: char| c.is_ascii_digit()))
                {
                    continue;
                }
                if let Some(year) = year_value(y.as_str()) {
                    found.push((whole.range(), year));
                }
            }
        }
        found
    })
}

/// Whether `text` may hold the year of a match of [`PATTERNS`]: "19", "20" or "21" after a
/// byte that is no ASCII letter or digit, then a digit. Every pattern writes the year as
/// `(?:19|20|21)\d\d` after white space, `:`, `,`, `.`, `-` or `(` (no character of which ends
/// in an ASCII letter or digit in UTF-8), and `\d` is a digit of any script (ASCII, or a
/// character beyond ASCII: its first byte is 0x80 or above). Most sentences with a digit
/// hold no year (versions, counts): on the Rust blog the regexes now search 224 texts, not
/// the 593 with a digit and an opener.
fn may_hold_year(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'1', b'2', b).any(|i| {
        let century = matches!(
            (b[i], b.get(i + 1)),
            (b'1', Some(b'9')) | (b'2', Some(b'0' | b'1'))
        );
        century
            && i > 0
            && !b[i - 1].is_ascii_alphanumeric()
            && b.get(i + 2)
                .is_some_and(|&d| d.is_ascii_digit() || d >= 0x80)
    })
}

/// Every regex of the rule (the differential test of `quick_regex` reads them).
#[cfg(test)]
pub(crate) fn quick_regexes() -> Vec<&'static QuickRegex> {
    PATTERNS.iter().map(|re| &***re).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::rules::testing::{run, run_with};

    fn dated(body: &str) -> String {
        format!("---\ndate: 2026-02-18\n---\n{body}\n")
    }

    fn fires(body: &str) -> usize {
        run(&StaleAsOf, &dated(body)).len()
    }

    /// The year test never turns away a text a pattern matches: openers, modifiers, years in
    /// ASCII and other digits, versions and numbers that are no years, in every case.
    #[test]
    fn the_year_test_loses_no_dated_phrase() {
        let d = &*DATA;
        let mut words: Vec<&str> = vec![
            "2023",
            "1999",
            "2105",
            "20\u{0662}\u{0663}",
            "1.20",
            "v2019",
            "x2020",
            "12019",
            "(2021)",
            "2022.",
            "-2020",
            "the",
            "version",
            "in",
            "from",
            "(",
            ",",
            ":",
            "3rd",
            "\u{a0}2020",
            "\u{2009}2021",
        ];
        words.extend(d.stale_as_of.iter().map(String::as_str));
        words.extend(d.latest_adjectives.iter().map(String::as_str));
        words.extend(d.latest_nouns.iter().take(8).map(String::as_str));
        words.extend(d.modifiers.iter().take(6).map(String::as_str));
        let texts = crate::text::precheck::testing::texts(&words, 29, 20_000);
        let (mut matched, mut turned_away) = (0, 0);
        // Texts each pattern's own test turns away, and those of them beyond ASCII.
        let (mut by_pattern, mut beyond_ascii) = ([0; 3], 0);
        for text in &texts {
            let maybe = may_hold_year(text);
            if PATTERNS.iter().any(|re| re.full().is_match(text)) {
                matched += 1;
                assert!(maybe, "turned away: {text:?}");
            }
            turned_away += usize::from(!maybe && crate::text::has_ascii_digit(text));
            let maybe_patterns = may_match(text);
            for (k, re) in PATTERNS.iter().enumerate() {
                let maybe = maybe_patterns[k];
                if re.full().is_match(text) {
                    assert!(maybe, "pattern {k} turned away: {text:?}");
                }
                by_pattern[k] += usize::from(!maybe);
                beyond_ascii += usize::from(!maybe && !text.is_ascii());
            }
        }
        assert!(
            matched > 200 && turned_away > 200,
            "{matched} {turned_away}"
        );
        assert!(
            by_pattern.iter().all(|&n| n > 1_000) && beyond_ascii > 1_000,
            "{by_pattern:?} {beyond_ascii}"
        );
    }

    #[test]
    fn fires_on_old_dates() {
        for body in [
            "As of 2023, the tool has two million users.",
            "as of the end of March 2022 the API was free.",
            "Download the latest version (2022) from the site.",
            "Download the latest version (2022 edition) here.",
            "The most recent data from 2021 shows growth.",
            "Last updated: 2020.",
            "The latest 2021 model is the fastest.",
            "## Pricing as of 2019",
        ] {
            assert_eq!(fires(body), 1, "{body}");
        }
    }

    #[test]
    fn passes_recent_future_and_non_dates() {
        for body in [
            "As of 2024, the tool has two million users.",
            "As of January 2026, the tool is free.",
            "As of PowerShell 7.2, the cmdlet is removed.",
            "As of version 2019.3, the API changed.",
            "The latest version is 3.2.",
            "In 2021 we released the latest version.",
            "As of 2030, the rule applies.",
            "Use `as of 2020` in code.",
            "The manifest reserves all rights to Contoso as of 2022 (copyright).",
        ] {
            assert_eq!(fires(body), 0, "{body}");
        }
    }

    #[test]
    fn window_is_configurable() {
        let mut config = Config::default();
        config.temporal.stale_after_years = 1;
        let f = run_with(&StaleAsOf, &dated("As of 2024, it is free."), config);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("2 years"), "{}", f[0].message);
        assert!(f[0].help.as_ref().unwrap().contains("as of February 2026"));
    }
}
