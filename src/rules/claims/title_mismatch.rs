use super::DATA;
use crate::document::{Document, normalize_token, words};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ### What
    ///
    /// The front-matter `title` (what search results and browser tabs show) and the H1 (what the
    /// reader sees on the page) are about different things, or promise different numbers: one of
    /// them was edited and the other forgotten.
    ///
    /// Both are compared as sets of content words: lower case, apostrophes and punctuation removed,
    /// stop words dropped ([title] stop_words in rules/data/claims.toml), a plural -s removed. They
    /// agree when at least `[claims] title_min_overlap` (default 0.5) of the shorter set is found
    /// in the other: identical titles, one containing the other, a reordering, or an added subtitle
    /// pass. A brand suffix after " | " or a spaced dash in the front-matter title is ignored. They
    /// disagree anyway when both hold integers and these differ ("7 Tips ..." and "5 Tips ...",
    /// "... in 2025" and "... in 2026").
    ///
    /// Not judged: an article without both a front-matter title and an H1.
    ///
    /// ### Why
    ///
    /// Search engines may then rewrite the title, and readers who clicked one promise land on
    /// another.
    ///
    /// ### Example
    ///
    /// Bad: title "Best CRM Software for Startups", H1 "How We Grew Our Newsletter". Good: title
    /// "Best CRM Software for Startups | Acme", H1 "The Best CRM Software for Startups in 2026".
    ///
    /// ### Source
    ///
    /// Source of the threshold: none published; see rules/defaults.toml ([claims]).
    pub TitleMismatch {
        id: "claims/title-mismatch",
        dimension: FactualConsistency,
        severity: Warning,
        summary: "The front-matter title and the H1 disagree",
        weight: 2.0,
        cap: 2.0,
        examples: {
            fire: [
                "---\ntitle: Best CRM Software for Startups\n---\n# How We Grew Our Newsletter\n\nText.\n",
                "---\ntitle: 7 Tips for Faster Builds\n---\n# 5 Tips for Faster Builds\n\nText.\n",
            ],
            pass: [
                "---\ntitle: Best CRM Software for Startups | Acme\n---\n# The Best CRM Software for Startups in 2026\n\nText.\n",
            ],
        },
    }
}

/// Content words of a title, as compared: a set, held as a sorted vector without repeats (a
/// title has a few words; a tree of them, and a second string per word for its stem, were
/// most of the rule's 13 K instructions a file).
fn content_words(title: &str) -> Vec<String> {
    let stop = &DATA.stop_words;
    let mut out: Vec<String> = words(title)
        .flat_map(|(_, w)| {
            // about_Intrinsic_Members, Microsoft.PowerShell.Host: compare the parts (but keep
            // versions such as 1.88.0 whole)
            let numeric = w.starts_with(|c: char| c.is_ascii_digit());
            let split_at: &[char] = if numeric { &[] } else { &['_', '.'] };
            w.split(split_at).filter(|p| !p.is_empty())
        })
        .map(|p| normalize_token(p).into_owned())
        .filter(|w| !stop.contains(w))
        .map(|mut w| {
            stem(&mut w);
            w
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A light stemmer, in place: plural -s and -ies, -ing, -ed (enough to match "Caching" with
/// "Cache" and "threads" with "threading").
fn stem(word: &mut String) {
    if let Some(base) = word.strip_suffix("ies").filter(|b| b.len() > 2) {
        let len = base.len();
        word.truncate(len);
        word.push('y');
        return;
    }
    for suffix in ["ing", "ed"] {
        if let Some(base) = word.strip_suffix(suffix).filter(|b| b.len() > 2) {
            let len = base.trim_end_matches('e').len();
            word.truncate(len);
            return;
        }
    }
    let base = match word.strip_suffix('s') {
        Some(base) if base.len() > 2 && !base.ends_with('s') && !base.ends_with('u') => base,
        _ => word.as_str(),
    };
    let len = base.trim_end_matches('e').len();
    word.truncate(len);
}

/// Two words match when equal, or when the shorter (of 4 letters or more) starts the longer
/// ("multi" and "multiple").
fn same_word(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long || (short.len() >= 4 && long.starts_with(short))
}

/// The integers of a title, leading zeros dropped: a set, as a sorted vector without repeats.
fn integers(title: &str) -> Vec<&str> {
    let mut out: Vec<&str> = words(title)
        .map(|(_, w)| w)
        .filter(|w| w.bytes().all(|b| b.is_ascii_digit()))
        .map(|w| w.trim_start_matches('0'))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Brand separators of a front-matter title; each starts with a space.
const SUFFIX_SEPARATORS: [&str; 5] = [" | ", " - ", " \u{2013} ", " \u{2014} ", " :: "];

/// The title without a brand suffix: "Best CRM | Acme" -> "Best CRM". The suffix starts at
/// the last separator: the last space that starts one (one pass, where a search per
/// separator built a searcher each).
fn without_suffix(title: &str) -> Option<&str> {
    memchr::memrchr_iter(b' ', title.as_bytes())
        .find(|&at| {
            SUFFIX_SEPARATORS
                .iter()
                .any(|sep| title.as_bytes()[at..].starts_with(sep.as_bytes()))
        })
        .map(|at| title[..at].trim())
        .filter(|t| !t.is_empty())
}

/// Share of the smaller set found in the other (1 when either is empty: nothing to compare).
fn overlap(a: &[String], b: &[String]) -> f64 {
    let min = a.len().min(b.len());
    if min == 0 {
        return 1.0;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let found = small
        .iter()
        .filter(|w| large.iter().any(|x| same_word(w, x)))
        .count();
    found as f64 / min as f64
}

impl Rule for TitleMismatch {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let (Some(title), Some(h1)) = (doc.front_matter.title(), super::title_h1(doc)) else {
            return Vec::new();
        };
        let heading = h1.plain();
        let h = content_words(heading);
        let mut best = overlap(&content_words(&title), &h);
        if let Some(short) = without_suffix(&title) {
            best = best.max(overlap(&content_words(short), &h));
        }
        let (ti, hi) = (integers(&title), integers(heading));
        let numbers_differ = !ti.is_empty() && !hi.is_empty() && ti != hi;
        let min = ctx.config.claims.title_min_overlap;
        if best >= min && !numbers_differ {
            return Vec::new();
        }
        let why = if numbers_differ {
            "different numbers".to_string()
        } else {
            format!("{:.0}% of words in common", best * 100.0)
        };
        vec![
            META.finding(
                h1.range.clone(),
                format!(
                    "The front-matter title \"{title}\" and the H1 \"{heading}\" disagree ({why})"
                ),
            )
            .with_help(
                "Make them say the same thing: the title may add a brand suffix or drop words, \
but not change the topic or the numbers",
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::rules::testing::{run, run_with};

    fn src(title: &str, h1: &str) -> String {
        format!("---\ntitle: \"{title}\"\n---\n# {h1}\n\ntext\n")
    }

    #[test]
    fn fires_on_different_topics_and_numbers() {
        for (t, h) in [
            (
                "Best CRM Software for Startups",
                "How We Grew Our Newsletter",
            ),
            ("7 Tips for Better Sleep", "5 Tips for Better Sleep"),
            ("SEO Trends in 2025", "SEO Trends in 2026"),
            ("Pricing", "About the team"),
        ] {
            let f = run(&TitleMismatch, &src(t, h));
            assert_eq!(f.len(), 1, "{t} / {h}");
        }
    }

    #[test]
    fn passes_same_contained_reordered_or_branded() {
        for (t, h) in [
            ("Getting Started", "Getting started"),
            (
                "Microsoft.PowerShell.Host",
                "Microsoft.PowerShell.Host Module",
            ),
            (
                "Best CRM Software for Startups | Acme",
                "The Best CRM Software for Startups in 2026",
            ),
            ("10 Tips for Better Sleep", "How to Sleep Better: 10 Tips"),
            ("Announcing Rust 1.88.0", "Rust 1.88.0 is out"),
            ("Cache strategies", "Caching Strategies for Static Sites"),
            ("about_Classes", "about_Classes"),
            ("about_Intrinsic_Members", "About intrinsic members"),
            (
                "Displaying progress while multi-threading",
                "Writing Progress across multiple threads",
            ),
        ] {
            assert!(run(&TitleMismatch, &src(t, h)).is_empty(), "{t} / {h}");
        }
        // only one of the two: nothing to compare
        assert!(run(&TitleMismatch, "# Only an H1\n").is_empty());
        assert!(run(&TitleMismatch, "---\ntitle: Only a title\n---\ntext\n").is_empty());
        // H1s used as sections (after prose, or several): not the article's title
        assert!(
            run(
                &TitleMismatch,
                &src("Rust turns three", "The People").replace("# The", "Intro.\n\n# The")
            )
            .is_empty()
        );
        let two = format!(
            "{}\n# Another part\n",
            src("Rust turns three", "The People")
        );
        assert!(run(&TitleMismatch, &two).is_empty());
    }

    #[test]
    fn threshold_is_configurable() {
        let s = src(
            "Sleep Better Tonight",
            "Better Sleep With Less Coffee and Screens",
        );
        assert!(run(&TitleMismatch, &s).is_empty());
        let mut config = Config::default();
        config.claims.title_min_overlap = 0.9;
        assert_eq!(run_with(&TitleMismatch, &s, config).len(), 1);
    }
}
