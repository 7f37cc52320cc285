use super::{DATA, Sent, sentences};
use crate::document::Document;
use crate::finding::{Dimension, Finding, Severity};
use crate::rules::temporal::{inside_quotes, year_value};
use crate::rules::{Context, Rule, RuleMeta};
use regex::{Regex, RegexBuilder};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// `claims/unsupported-superlative`: "industry-leading", "the best CRM platform" with no measure.
pub struct UnsupportedSuperlative;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed("claims/unsupported-superlative"),
    dimension: Dimension::FactualConsistency,
    severity: Severity::Warning,
    summary: Cow::Borrowed("A promotional superlative has no measure behind it"),
    doc: Cow::Borrowed(
        "A claim to be the best, the first or the leading, with nothing that measures \
it: \"our industry-leading platform\", \"the best CRM software\", \"a proven \
strategy\", \"guaranteed results\", \"the #1 tool\". Readers discount it, and regulators treat \
unqualified superlatives in advertising as claims that need substantiation (U.S. FTC \
Advertising Substantiation Policy; UK CAP Code 3.7).\n\n\
What fires: phrases that are promotional on their own (industry-leading, world-class, \
best-in-class, award-winning, unparalleled, the world's best/first, proven \
results/strategy/track record, guaranteed results, unmatched performance ...); and a superlative head after a \
determiner followed within three words by a product or vendor noun (\"the best CRM platform\", \
\"our most advanced AI model\", \"the #1 tool\") when it is a claim: about the writer's own \
product (\"our\", \"its\", \"their\"), with a name or \"we\" as its subject (\"Acme is the \
best CRM platform\", \"We are the leading agency\"), or claiming a market (\"the fastest host \
on the market\"). Lists: rules/data/claims.toml ([superlative]).\n\n\
What does not fire: superlatives in how-to text (\"the best way to cache is\", \"This is the \
easiest solution\", \"best practices\", \"the top of a program loop\": a function word \
between head and noun); \"the only\" (in technical text it states a fact: \"the only parameter \
that accepts\", \"the only solution is to\"); \"unmatched\" alone (\"each unmatched \
argument\"); an aim rather than a claim (\"to build the ultimate solution\"); \"#1\" as an \
issue number; a claim with a measure in the same or an adjacent sentence: a number other than \
a year, a link, a footnote, or a measure word (\"according to\", \"benchmark\", \"rated\", \
\"ranked\", \"voted\", \"G2\", \"than\" ...); quoted text; code; table cells.\n\n\
One finding per sentence.\n\n\
Bad: \"Acme is the best CRM platform for small teams.\" Good: \"Acme is rated 4.8/5 by 2,000 \
G2 reviewers, the highest among CRM platforms for small teams.\"",
    ),
    weight: 1.5,
    cap: 9.0,
};

fn alternation(items: &[String]) -> String {
    let mut items: Vec<&String> = items.iter().collect();
    items.sort_by_key(|s| std::cmp::Reverse(s.len()));
    items
        .iter()
        .map(|s| regex::escape(s).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

/// "<determiner> <head> [up to three words] <product noun>".
static HEADED: LazyLock<Regex> = LazyLock::new(|| {
    let d = &*DATA;
    RegexBuilder::new(&format!(
        r"(?:^|\b|\s)({})\s+(?:{})\s+((?:[\w'-]+\s+){{0,3}}?)(?:{})\b",
        alternation(&d.determiners),
        alternation(&d.heads),
        alternation(&d.product_nouns)
    ))
    .case_insensitive(true)
    .build()
    .expect("superlative regex")
});

/// The first promotional superlative of a sentence.
fn find_superlative(text: &str) -> Option<Range<usize>> {
    let strong = DATA
        .strong_superlatives
        .find(text)
        .map(|(r, _)| r)
        .find(|r| !inside_quotes(text, r.start) && !issue_number(text, r) && !aim(text, r));
    let headed = HEADED
        .captures_iter(text)
        .filter_map(|c| Some((c.get(0)?.range(), c.get(1)?.as_str(), c.get(2)?.range())))
        .find(|(r, det, between)| {
            !inside_quotes(text, r.start)
                && !how_to(text, r)
                && !text[between.clone()]
                    .split_whitespace()
                    .any(|w| DATA.not_between.contains(&w.to_lowercase()))
                && is_claim(text, r, det)
        })
        .map(|(r, _, _)| r);
    match (strong, headed) {
        (Some(a), Some(b)) => Some(if a.start <= b.start { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// A headed superlative is a claim when it is about the writer's own product ("our"), when a
/// name or "we" is its subject ("Acme is the best CRM"), or when it claims a market ("on the
/// market").
fn is_claim(text: &str, r: &Range<usize>, determiner: &str) -> bool {
    let data = &*DATA;
    if data.vendor_determiners.contains(&determiner.to_lowercase()) {
        return true;
    }
    if data.market_scopes.any(&text[r.end..]) {
        return true;
    }
    // "<Name> is the best ...", "We are the leading ..."
    let before = text[..r.start].trim_end().replace('\u{2019}', "'");
    let lower = before.to_lowercase();
    let Some(verb) = data.subject_verbs.iter().find(|v| {
        lower.ends_with(v.as_str())
            && (v.starts_with('\'')
                || lower.len() == v.len()
                || lower[..lower.len() - v.len()].ends_with(' '))
    }) else {
        return false;
    };
    let subject_part = before[..before.len() - verb.len()].trim_end();
    let subject = subject_part
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let lower_subject = subject.to_lowercase();
    lower_subject == "we"
        || (subject.starts_with(char::is_uppercase)
            && !data.not_names.contains(&lower_subject)
            && !lower_subject.ends_with("'s"))
}

/// "to build the ultimate solution", "to promote best-in-class functionality": an aim, not a
/// claim (the phrase follows "to <verb>").
fn aim(text: &str, r: &Range<usize>) -> bool {
    let mut before = text[..r.start].split_whitespace().rev().map(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    });
    let (Some(first), Some(second)) = (before.next(), before.next()) else {
        return false;
    };
    // "to build the ultimate", "to promote best-in-class"
    let verb_then = |verb: &str, to: &str| to == "to" && verb.chars().all(char::is_alphabetic);
    if verb_then(&first, &second) {
        return true;
    }
    matches!(first.as_str(), "the" | "a" | "an")
        && before.next().is_some_and(|to| verb_then(&second, &to))
}

/// "#1" as an issue or pull-request number ("fixes #1", "issue #1").
fn issue_number(text: &str, r: &Range<usize>) -> bool {
    if !text[r.clone()].starts_with('#') {
        return false;
    }
    let before = text[..r.start].trim_end().to_lowercase();
    [
        "issue",
        "pr",
        "pull request",
        "bug",
        "ticket",
        "fixes",
        "fixed",
        "closes",
        "see",
    ]
    .iter()
    .any(|w| before.ends_with(w))
}

/// "The best choice depends on ...", "the best choice for you": advice, not a claim. (Other
/// how-to superlatives, "the best way to", never reach a product noun.)
fn how_to(text: &str, r: &Range<usize>) -> bool {
    let rest = text[r.end..].trim_start().to_lowercase();
    let matched = text[r.clone()].to_lowercase();
    matched.ends_with("choice") && (rest.starts_with("depends") || rest.starts_with("for you"))
}

/// A measure in a sentence, outside `mask` (the superlative itself: "#1" holds a digit).
fn has_measure(doc: &Document, sent: &Sent, mask: Option<&Range<usize>>) -> bool {
    if super::has_link_or_footnote(doc, sent) {
        return true;
    }
    let outside = |at: usize| mask.is_none_or(|m| at < m.start || at >= m.end);
    if DATA.measures.find(sent.text).any(|(r, _)| outside(r.start)) {
        return true;
    }
    // A number that is not a year.
    crate::document::words(sent.text).any(|(at, w)| {
        outside(at) && w.starts_with(|c: char| c.is_ascii_digit()) && year_value(w).is_none()
    })
}

impl Rule for UnsupportedSuperlative {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, _ctx: &Context) -> Vec<Finding> {
        let sents = sentences(doc);
        let mut out = Vec::new();
        for (i, sent) in sents.iter().enumerate() {
            let Some(range) = find_superlative(sent.text) else {
                continue;
            };
            let section = sent.section;
            let measured = has_measure(doc, sent, Some(&range))
                || [i.checked_sub(1), Some(i + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|j| sents.get(j))
                    .any(|s| s.section == section && has_measure(doc, s, None));
            if measured {
                continue;
            }
            let phrase = sent.text[range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let at = sent.range.start;
            out.push(
                META.finding(
                    doc.blocks[sent.block]
                        .text
                        .range_to_source(at + range.start..at + range.end),
                    format!("\"{phrase}\": a superlative with nothing to measure it by"),
                )
                .with_help(
                    "Back it with a measure (a benchmark, a rating, a ranking, a figure with its \
source) or say what it is specifically good at",
                ),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    fn fires(text: &str) -> usize {
        run(&UnsupportedSuperlative, text).len()
    }

    #[test]
    fn fires_on_unmeasured_superlatives() {
        for text in [
            "Acme is the best CRM platform for small teams.",
            "Our industry-leading platform scales with you.",
            "Try our cheapest hosting plan today.",
            "We offer world-class support.",
            "Get proven results with our strategy.",
            "Guaranteed results or your money back.",
            "Acme is the #1 tool for marketers.",
            "It is the fastest hosting provider on the market.",
            "Acme’s the top-rated CRM for startups.",
            "Meet our most advanced AI model yet.",
            "We are the leading digital agency in Leeds.",
        ] {
            assert_eq!(fires(text), 1, "{text}");
        }
    }

    #[test]
    fn passes_how_to_and_measured_claims() {
        for text in [
            "The best way to cache pages is a CDN.",
            "The fastest option is the -Filter parameter.",
            "Follow these best practices for naming.",
            "It is the only parameter that accepts pipeline input.",
            "Acme is the best CRM platform, according to G2.",
            "Acme is rated the best CRM platform by 2,000 reviewers.",
            "Acme is the best CRM platform. It scored 4.8 in the 2025 benchmark.",
            "It is the fastest engine ([benchmarks](https://example.com)).",
            "He called it \"the best tool ever\" in jest.",
            "This fixes issue #1 in the tracker.",
            "The order isn't guaranteed.",
            "This is the easiest solution with the least impact.",
            "The only solution is to make large architectural changes.",
            "Rustc is not the only tool that improved.",
            "It returns to the top of a program loop.",
            "The leading dot in the extension is optional.",
            "On the most popular operating systems they are older programs.",
            "Linux was the most popular choice.",
            "The number one cause of pages is slow downloads.",
            "The parser reports each unmatched argument.",
            "We met to build the ultimate solution.",
            "Some features make it hard to promote best-in-class functionality.",
            "The best choice depends on your needs.",
        ] {
            assert_eq!(fires(text), 0, "{text}");
        }
    }
}
