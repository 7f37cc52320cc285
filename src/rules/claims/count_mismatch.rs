use super::{DATA, normalize};
use crate::document::{BlockKind, Document, words};
use crate::finding::Finding;
use crate::rules::seo::front_matter_line;
use crate::rules::{Context, Rule, RuleMeta};
use std::ops::Range;

declare_rule! {
    /// ### What
    ///
    /// A title that promises a count ("5 Ways to ...", "7 tips", "Top 10 ...", "Three reasons ...")
    /// and an article that delivers another: an item was cut or added in editing and the title was
    /// not updated.
    ///
    /// The promise: in the front-matter title or the H1, a number from 2 to 50 (digits or a word,
    /// two to twenty) at the start, after lead-ins ("Top", "The", "Here are"), or after a colon or
    /// dash, followed within three words by a plural noun ("5 Ways", "10 Best Python Libraries").
    /// Units are not items ("10 Minutes to ...", "5 Years of ...", [count] not_list_nouns). "10+
    /// tips" promises at least ten.
    ///
    /// Delivered if the number equals any of: the number of H2s that are not an introduction, a
    /// conclusion or a trailing section (the raw H2 count is not enough: four ways and a conclusion
    /// are not five ways) ("Introduction", "Overview", "Conclusion", "FAQ" ...: [count]
    /// intro_headings in rules/data/claims.toml and [structure] conclusion_headings and
    /// trailing_headings in the configuration); the number of H3s in all, or under one H2; the
    /// number of items of any list; the number of headings of one level that start with a number
    /// ("## 1. Use a CDN"). An article with a table is not judged (rows are not counted).
    ///
    /// ### Why
    ///
    /// Readers count.
    ///
    /// ### Example
    ///
    /// Bad: title "5 Ways to Cut Costs" over four H2 ways and a conclusion. Good: five H2 ways (an
    /// introduction and a conclusion may be added).
    pub CountMismatch {
        id: "claims/count-mismatch",
        dimension: FactualConsistency,
        severity: Warning,
        summary: "The title promises a number of items the article does not deliver",
        weight: 3.0,
        cap: 6.0,
        examples: {
            fire: [
                "# 5 Ways to Cut Cloud Costs\n\n## Delete idle machines\n\nText.\n\n## Buy reserved capacity\n\nText.\n\n## Move cold data\n\nText.\n\n## Right-size databases\n\nText.\n\n## Conclusion\n\nText.\n",
            ],
            pass: [
                "# 5 Ways to Cut Cloud Costs\n\n## Delete idle machines\n\nText.\n\n## Buy reserved capacity\n\nText.\n\n## Move cold data\n\nText.\n\n## Right-size databases\n\nText.\n\n## Turn off test systems at night\n\nText.\n\n## Conclusion\n\nText.\n",
                "# 10 Minutes to Your First Deploy\n\n## Install\n\nText.\n\n## Deploy\n\nText.\n",
            ],
        },
    }
}

/// A count promised by a title.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Promise {
    pub number: usize,
    /// "10+": at least the number.
    pub at_least: bool,
    pub noun: String,
}

fn number_word(word: &str) -> Option<usize> {
    DATA.number_words
        .iter()
        .position(|w| w.eq_ignore_ascii_case(word))
}

/// The count a title promises, if any.
pub(crate) fn promise(title: &str) -> Option<Promise> {
    let data = &*DATA;
    let ws: Vec<(usize, &str)> = words(title).collect();
    // Where a promise may start: the first word, and the first word after ":" or a dash.
    let mut starts = vec![0];
    for (i, &(at, _)) in ws.iter().enumerate().skip(1) {
        let gap = &title[ws[i - 1].0 + ws[i - 1].1.len()..at];
        if gap.contains([':', '\u{2013}', '\u{2014}', '|']) || gap.contains(" - ") {
            starts.push(i);
        }
    }
    for start in starts {
        let mut i = start;
        while i < ws.len()
            && i - start < 3
            && data
                .count_lead_ins_title
                .iter()
                .any(|l| l.eq_ignore_ascii_case(ws[i].1))
        {
            i += 1;
        }
        let Some(&(at, word)) = ws.get(i) else {
            continue;
        };
        let number = if word.bytes().all(|b| b.is_ascii_digit()) {
            word.parse::<usize>().ok()
        } else {
            number_word(word)
        };
        let Some(number) = number.filter(|n| (2..=50).contains(n)) else {
            continue;
        };
        let after = &title[at + word.len()..];
        let at_least = after.starts_with('+');
        // "5%", "3.5", "24/7", "1:1": not a count.
        if after.starts_with(['%', '.', '/', ':', ',', '-']) && !after.starts_with(": ") {
            continue;
        }
        for &(_, next) in ws.iter().skip(i + 1).take(3) {
            let lower = next.to_lowercase();
            if data.not_list_nouns.contains(&lower) {
                break;
            }
            if is_plural(&lower) {
                return Some(Promise {
                    number,
                    at_least,
                    noun: lower,
                });
            }
        }
    }
    None
}

fn is_plural(word: &str) -> bool {
    word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
        && !word.ends_with("'s")
        && !word.ends_with("\u{2019}s")
        && word.chars().all(char::is_alphabetic)
}

/// What the article delivers: every count the promise may refer to.
struct Delivered {
    h2: usize,
    h2_items: usize,
    counts: Vec<usize>,
}

fn delivered(doc: &Document, ctx: &Context) -> Delivered {
    let cfg = &ctx.config.structure;
    let h2s: Vec<_> = doc.headings.iter().filter(|h| h.level == 2).collect();
    let h2_items = h2s
        .iter()
        .filter(|h| {
            let n = normalize(h.plain());
            !crate::rules::structure::heading_is_any(&n, &DATA.intro_headings)
                && !crate::rules::structure::heading_is_any(&n, &cfg.conclusion_headings)
                && !crate::rules::structure::heading_is_any(&n, &cfg.trailing_headings)
        })
        .count();
    // Not the raw H2 count: "5 ways" over four ways and a conclusion is the commonest slip.
    let mut counts = vec![h2_items];
    // H3s in all, and under each H2.
    counts.push(doc.headings.iter().filter(|h| h.level == 3).count());
    let mut under = 0;
    for h in &doc.headings {
        match h.level {
            0..=2 => {
                counts.push(under);
                under = 0;
            }
            3 => under += 1,
            _ => {}
        }
    }
    counts.push(under);
    counts.extend(doc.lists.iter().map(|l| l.items));
    for level in 2..=4u8 {
        counts.push(
            doc.headings
                .iter()
                .filter(|h| h.level == level && starts_with_number(h.plain()))
                .count(),
        );
    }
    Delivered {
        h2: h2s.len(),
        h2_items,
        counts,
    }
}

/// "1. Use a CDN", "#2 Cache", "Step 3: ...", "Tip 4 -".
fn starts_with_number(text: &str) -> bool {
    let t = text.trim_start_matches(['#', ' ']);
    let t = [
        "step ", "tip ", "way ", "no. ", "no ", "reason ", "rule ", "day ", "part ",
    ]
    .iter()
    .find_map(|p| {
        t.get(..p.len())
            .filter(|h| h.eq_ignore_ascii_case(p))
            .map(|_| &t[p.len()..])
    })
    .unwrap_or(t);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && digits <= 3
}

impl Rule for CountMismatch {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        if doc.blocks.iter().any(|b| b.kind == BlockKind::TableCell) {
            return Vec::new();
        }
        let mut titles: Vec<(String, Range<usize>)> = Vec::new();
        if let Some(t) = doc.front_matter.title() {
            let range = front_matter_line(doc, &["title"]).unwrap_or_else(|| doc.start_range());
            titles.push((t, range));
        }
        if let Some(h) = super::title_h1(doc) {
            titles.push((h.plain().to_string(), h.range.clone()));
        }
        let mut out = Vec::new();
        let mut judged: Vec<usize> = Vec::new();
        let mut got: Option<Delivered> = None;
        for (title, range) in titles {
            let Some(p) = promise(&title) else {
                continue;
            };
            if judged.contains(&p.number) {
                continue;
            }
            judged.push(p.number);
            let d = got.get_or_insert_with(|| delivered(doc, ctx));
            let ok = if p.at_least {
                d.counts.iter().any(|&c| c >= p.number)
            } else {
                d.counts.contains(&p.number)
            };
            if ok {
                continue;
            }
            let lists = doc.lists.iter().map(|l| l.items).max().unwrap_or(0);
            out.push(
                META.finding(
                    range,
                    format!(
                        "\"{title}\" promises {}{} {}, but the article has {} H2 sections ({} \
besides introduction and conclusion){}",
                        p.number,
                        if p.at_least { "+" } else { "" },
                        p.noun,
                        d.h2,
                        d.h2_items,
                        if lists > 0 {
                            format!(" and lists of at most {lists} items")
                        } else {
                            " and no list".to_string()
                        }
                    ),
                )
                .with_help(format!(
                    "Give each of the {} {} its own H2 (or one list item each), or change the \
number in the title",
                    p.number, p.noun
                )),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn promises_are_read_from_titles() {
        let n = |t: &str| promise(t).map(|p| p.number);
        assert_eq!(n("5 Ways to Cut Costs"), Some(5));
        assert_eq!(n("Top 10 Python Libraries"), Some(10));
        assert_eq!(n("Three Reasons to Switch"), Some(3));
        assert_eq!(n("7 tips for better sleep"), Some(7));
        assert_eq!(n("Here are the 12 Best Editors"), Some(12));
        assert_eq!(n("Sleep better: 7 simple habits"), Some(7));
        assert!(promise("10+ Tools for Writers").unwrap().at_least);
        for t in [
            "2 Factor Authentication Explained",
            "10 Minutes to Better Code",
            "5 Years of Rust",
            "Announcing Rust 1.88.0",
            "Rust 2024 Edition",
            "24/7 Support Options",
            "1 Simple Trick",
            "What's New in Hugo",
        ] {
            assert_eq!(n(t), None, "{t}");
        }
    }

    fn fm(title: &str, body: &str) -> String {
        format!("---\ntitle: {title}\ndate: 2026-02-18\n---\n{body}")
    }

    #[test]
    fn fires_when_the_count_is_not_delivered() {
        let src = fm(
            "5 Ways to Cut Costs",
            "# 5 Ways to Cut Costs\n\n## Introduction\n\nx\n\n## Rent less\n\nx\n\n## Buy less\n\nx\n\n\
## Hire less\n\nx\n\n## Travel less\n\nx\n\n## Conclusion\n\nx\n",
        );
        let f = run(&CountMismatch, &src);
        assert_eq!(f.len(), 1, "one finding for one number");
        assert!(
            f[0].message.contains("6 H2 sections (4 besides"),
            "{}",
            f[0].message
        );
        // four ways and a conclusion are not five ways
        let four = "# 5 Ways\n\n## Rent less\n\n## Buy less\n\n## Hire less\n\n## Fly less\n\n\
## Conclusion\n";
        assert_eq!(run(&CountMismatch, four).len(), 1);
        let h1 = "# Three Reasons to Switch\n\n- one\n- two\n\n## A\n\n## B\n";
        assert_eq!(run(&CountMismatch, h1).len(), 1);
    }

    #[test]
    fn passes_delivered_counts() {
        for body in [
            // H2 count without intro and conclusion
            "# 4 Ways to Cut Costs\n\n## Introduction\n\n## Rent less\n\n## Buy less\n\n\
## Hire less\n\n## Travel less\n\n## Conclusion\n",
            // all H2s, none of them an intro or a conclusion
            "# 3 Tips\n\n## Rent less\n\n## Buy less\n\n## Hire less\n",
            // the main list
            "# Top 5 Editors\n\nIntro.\n\n1. Vim\n2. Emacs\n3. Helix\n4. Zed\n5. Nano\n\n## Conclusion\n",
            // H3s under one H2
            "# 3 Tips\n\n## The tips\n\n### A\n\n### B\n\n### C\n\n## Conclusion\n",
            // numbered headings
            "# 2 Reasons\n\n## Why\n\n### 1. Speed\n\n### 2. Cost\n\n### Aside\n\n## More\n\n\
## Extra\n\n## Misc\n",
            // at least
            "# 3+ Tips\n\n## A\n\n## B\n\n## C\n\n## D\n",
            // no promise
            "# 10 Minutes to Better Code\n\n## A\n",
            // a table may hold the items
            "# 5 Tools\n\n| Tool | Price |\n|---|---|\n| a | 1 |\n",
        ] {
            assert!(run(&CountMismatch, body).is_empty(), "{body}");
        }
    }
}
