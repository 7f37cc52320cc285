use super::{DATA, names_source, names_source_masked, sentences};
use crate::document::Document;
use crate::finding::{Dimension, Finding, Severity};
use crate::rules::temporal::inside_quotes;
use crate::rules::{Context, Rule, RuleMeta};
use std::borrow::Cow;

/// `claims/vague-attribution`: "studies show", "experts agree" with no source nearby.
pub struct VagueAttribution;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed("claims/vague-attribution"),
    dimension: Dimension::FactualConsistency,
    severity: Severity::Warning,
    summary: Cow::Borrowed("A claim is attributed to unnamed studies or experts"),
    doc: Cow::Borrowed(
        "An appeal to authorities nobody can check: \"studies show\", \"research suggests\", \
\"experts agree\", \"it is widely believed\", \"many believe\", \"according to experts\". \
Wikipedia calls these weasel words; generated text is full of them. Name the study or the \
expert, or link it.\n\n\
Fires unless the sentence or the one before or after it (same section) holds a link, a \
footnote reference, a bare URL, an attribution (\"according to Gartner\"), an academic \
citation, or a cue word with a proper name besides the vague phrase itself (\"A recent study \
by Stanford found ...\"), or its paragraph touches a code block or an image (\"The numbers \
show ...\" under the chart that shows them). The phrases are in rules/data/claims.toml ([vague]).\n\n\
Not flagged: the phrase inside quotation marks, code, table cells, footnotes.\n\n\
Bad: \"Studies show that remote teams ship faster.\" Good: \"A 2024 Stanford study of 1,600 \
workers found that remote teams ship faster [link].\"\n\n\
Source: Wikipedia's Manual of Style, \"Unsupported attributions\" (MOS:WEASEL).",
    ),
    weight: 1.5,
    cap: 9.0,
};

impl Rule for VagueAttribution {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, _ctx: &Context) -> Vec<Finding> {
        let sents = sentences(doc);
        let mut out = Vec::new();
        for (i, sent) in sents.iter().enumerate() {
            let Some((range, _)) = DATA
                .vague
                .find(sent.text)
                .find(|(r, _)| !inside_quotes(sent.text, r.start))
            else {
                continue;
            };
            let section = sent.section;
            let neighbour_sourced = [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| sents.get(j))
                .any(|s| s.section == section && names_source(doc, s));
            if neighbour_sourced
                || super::evidence_adjacent(doc, sent.block)
                || names_source_masked(doc, sent, Some(range.clone()))
            {
                continue;
            }
            let phrase = &sent.text[range.clone()];
            let at = sent.range.start;
            out.push(
                META.finding(
                    doc.blocks[sent.block]
                        .text
                        .range_to_source(at + range.start..at + range.end),
                    format!("\"{phrase}\": which ones? No source is named"),
                )
                .with_help(
                    "Name the study, report or expert and link it, or state the claim as your \
own and support it",
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
        run(&VagueAttribution, text).len()
    }

    #[test]
    fn fires_on_unnamed_authorities() {
        for text in [
            "Studies show that remote teams ship faster.",
            "Experts agree this is the future.",
            "Research suggests Python is easy to learn.",
            "It is widely believed that SEO is dead.",
            "Many believe the market will recover.",
            "According to experts, the market will recover.",
            "It’s widely believed that SEO is dead.",
        ] {
            assert_eq!(fires(text), 1, "{text}");
        }
    }

    #[test]
    fn passes_named_or_linked_sources() {
        for text in [
            "Studies show ([Stanford, 2024](https://example.com)) remote teams ship faster.",
            "A recent study by Stanford found that remote teams ship faster.",
            "Studies show remote teams ship faster.[^1]\n\n[^1]: Bloom, 2015.",
            "Experts agree. According to Gartner, agents are next.",
            "He wrote \"studies show\" as a joke.",
            "Our studies of the logs are below.",
            "Use `studies show` in code.",
            "![Build times](times.png)\n\nThe numbers show that caching helps.",
        ] {
            assert_eq!(fires(text), 0, "{text}");
        }
    }
}
