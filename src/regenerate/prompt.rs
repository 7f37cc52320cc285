//! The repair prompt: the brief (hard rules, required structure, tone, technical level,
//! keyword, current date, SEO targets), the findings grouped by section (rule, quoted excerpt,
//! what to do), and the article, within `[regenerate] prompt_max_chars`.

use super::backend::ChatPrompt;
use crate::config::Config;
use crate::document::Document;
use crate::finding::Severity;
use crate::report::{FileReport, ReportedFinding};
use std::fmt::Write as _;

/// Longest excerpt quoted from the article for one finding, in characters.
const EXCERPT_CHARS: usize = 160;
/// Findings of one rule shown in full; the rest are counted.
const PER_RULE: usize = 5;

pub const SYSTEM: &str = "You are the Writer of a content pipeline. You revise a Markdown \
article so that it passes an automated content and SEO review. Fix every finding listed, keep \
what is already good, keep the facts, keep the language of the article, and never invent \
sources, numbers or quotes. Answer with the complete revised article in Markdown and nothing \
else: no preamble, no explanation, no code fence around it.";

/// A prompt and what went into it.
#[derive(Debug, Clone)]
pub struct RepairPrompt {
    pub chat: ChatPrompt,
    pub findings_included: usize,
    pub findings_omitted: usize,
}

impl RepairPrompt {
    pub fn chars(&self) -> usize {
        self.chat.system.chars().count() + self.chat.user.chars().count()
    }
}

/// Everything the prompt is built from.
pub struct PromptInput<'a> {
    pub report: &'a FileReport,
    pub doc: &'a Document,
    pub config: &'a Config,
    /// A rule's one-line summary, for findings without help.
    pub summary: &'a dyn Fn(&str) -> Option<String>,
    /// Revision number this prompt asks for (1-based) and the most.
    pub revision: u32,
    pub max_revisions: u32,
}

/// Build the prompt. `Err` when the brief and the article alone exceed the size limit.
pub fn build(input: &PromptInput) -> Result<RepairPrompt, String> {
    let max = input.config.regenerate.prompt_max_chars;
    let brief = brief(input);
    let article = format!(
        "# Article to revise\n\n<article>\n{}\n</article>\n\nAnswer with the whole revised \
article, front matter first if it has one.\n",
        input.doc.source.trim_end()
    );
    let report = input.report;
    let status = format!(
        "# Findings to fix\n\nThe review scored this article {}/100 and {} it (revision {} of {}). \
Fix each finding below; errors first.\n\n",
        report.score,
        if report.valid { "passed" } else { "failed" },
        input.revision,
        input.max_revisions
    );
    let fixed = SYSTEM.chars().count()
        + brief.chars().count()
        + status.chars().count()
        + article.chars().count();
    if fixed > max {
        return Err(format!(
            "the article and its brief make a prompt of {fixed} characters, more than [regenerate] prompt_max_chars = {max}; raise it (a model with a larger context) or shorten the article"
        ));
    }
    let (findings, included, omitted) = findings_section(input, max - fixed);
    let mut user = String::with_capacity(fixed + findings.len());
    user.push_str(&brief);
    user.push_str(&status);
    user.push_str(&findings);
    user.push_str(&article);
    Ok(RepairPrompt {
        chat: ChatPrompt {
            system: SYSTEM.to_string(),
            user,
        },
        findings_included: included,
        findings_omitted: omitted,
    })
}

fn brief(input: &PromptInput) -> String {
    let c = input.config;
    let doc = input.doc;
    let seo = &input.report.seo;
    let mut s = String::from("# Brief\n\n");
    let _ = writeln!(
        s,
        "- Current date: {}. Years before it are past: never describe them as future events.",
        input.report.reference_date
    );
    if let Some(k) = &seo.primary_keyword {
        let _ = writeln!(s, "- Primary keyword: \"{k}\".");
    }
    let tone = doc
        .front_matter
        .get_str("tone")
        .unwrap_or_else(|| c.brief.tone.clone());
    let _ = writeln!(s, "- Tone: {tone}.");
    let level = doc
        .front_matter
        .get_str("technical_level")
        .or_else(|| c.brief.technical_level.map(|l| l.to_string()));
    if let Some(level) = level {
        let _ = writeln!(s, "- Technical level: {level}.");
    }
    if !c.regenerate.hard_rules.is_empty() {
        s.push_str("\nHard rules:\n");
        for rule in &c.regenerate.hard_rules {
            let _ = writeln!(s, "- {rule}");
        }
    }
    let structure = required_structure(c);
    if !structure.is_empty() {
        s.push_str("\nRequired structure:\n");
        for item in structure {
            let _ = writeln!(s, "- {item}");
        }
    }
    s.push_str("\nSEO targets:\n");
    if let Some(k) = &seo.primary_keyword {
        let _ = writeln!(
            s,
            "- Use \"{k}\" in the title, the first paragraph, the meta description and at least one subheading; keep it between {}% and {}% of the words.",
            c.seo.density_min, c.seo.density_max
        );
    }
    let _ = writeln!(
        s,
        "- Title: at most {} characters. Meta description (front matter `description`): {}-{} characters.",
        c.seo.title_max, c.seo.meta_description_min, c.seo.meta_description_max
    );
    let _ = writeln!(
        s,
        "- At least {} words; a subheading at least every {} words; every image has alt text.",
        c.seo.min_words, c.seo.max_words_without_subheading
    );
    if doc.front_matter.format.is_some() {
        let pinned: Vec<&str> = c
            .regenerate
            .keep_front_matter
            .iter()
            .filter(|k| doc.front_matter.fields.contains_key(k.as_str()))
            .map(String::as_str)
            .collect();
        s.push_str(
            "\nFront matter: keep the block between the delimiter lines and every key in it",
        );
        if !pinned.is_empty() {
            let _ = write!(s, "; do not change {}", pinned.join(", "));
        }
        s.push_str(". You may improve `title` and `description`.\n");
    }
    s.push('\n');
    s
}

/// The brief's required structure, from the hard gates and `[structure]`.
fn required_structure(c: &Config) -> Vec<String> {
    let gate = |id: &str| c.brief.hard_gates.iter().any(|g| g == id);
    let mut items = Vec::new();
    if gate("structure/single-h1") {
        items.push(if c.structure.title_is_h1 {
            "No H1 heading in the body: the front-matter title is the page's H1".to_string()
        } else {
            "Exactly one H1 heading: the title".to_string()
        });
    }
    if gate("structure/min-h2") {
        items.push(format!("At least {} H2 sections", c.structure.min_h2));
    }
    if gate("structure/conclusion") {
        // Three accepted titles that differ more than by a plural ("conclusion(s)").
        let mut examples: Vec<&str> = Vec::new();
        for h in &c.structure.conclusion_headings {
            let stem: String = h.chars().take(6).collect();
            if examples.len() < 3 && !examples.iter().any(|e| e.starts_with(&stem)) {
                examples.push(h);
            }
        }
        let examples: Vec<String> = examples
            .iter()
            .map(|h| format!("\"{}\"", capitalise(h)))
            .collect();
        items.push(format!(
            "A clear conclusion section: the last H2 is a conclusion, such as {}",
            examples.join(", ")
        ));
    }
    items
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The findings, most important first, grouped by section in document order, within `budget`
/// characters. Returns the text and the numbers included and left out.
fn findings_section(input: &PromptInput, budget: usize) -> (String, usize, usize) {
    let report = input.report;
    let doc = input.doc;
    let mut order: Vec<&ReportedFinding> = report.findings.iter().collect();
    order.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.offset));
    // Pick what fits: each finding's text plus, the first time, its section's header.
    let mut chosen: Vec<(usize, usize, String)> = Vec::new(); // (section, offset, text)
    let mut headers_used: Vec<usize> = Vec::new();
    let mut per_rule: std::collections::HashMap<&str, usize> = Default::default();
    let mut used = 0;
    let mut omitted = 0;
    for f in order {
        let seen = per_rule.entry(f.rule.as_str()).or_default();
        *seen += 1;
        if *seen > PER_RULE {
            omitted += 1;
            continue;
        }
        let section = section_of(doc, f);
        let item = render(input, f, section.0 == 0);
        let header_cost = if headers_used.contains(&section.0) {
            0
        } else {
            section.1.chars().count() + 1
        };
        let cost = item.chars().count() + header_cost;
        // Keep room for the closing note about omitted findings.
        if used + cost + 120 > budget {
            omitted += 1;
            continue;
        }
        used += cost;
        if header_cost > 0 {
            headers_used.push(section.0);
        }
        chosen.push((section.0, f.offset, item));
    }
    chosen.sort_by_key(|(section, offset, _)| (*section, *offset));
    let mut s = String::new();
    let mut current = None;
    for (section, _, item) in &chosen {
        if current != Some(*section) {
            if current.is_some() {
                s.push('\n');
            }
            current = Some(*section);
            s.push_str(&section_title(doc, *section));
            s.push('\n');
        }
        s.push_str(item);
    }
    if chosen.is_empty() && omitted == 0 {
        s.push_str("No findings: improve the article only where the brief asks.\n");
    }
    if omitted > 0 {
        let _ = writeln!(
            s,
            "\n({omitted} more findings are not listed: repeats of a rule, or lower priority. Apply the same fixes wherever they occur.)"
        );
    }
    s.push('\n');
    (s, chosen.len(), omitted)
}

/// Where a finding belongs: 0 = the whole article (rules that point at the first line of the
/// body for want of a place, like "under 300 words"), 1 = front matter, 2 = before the first
/// heading, 3 + i = under heading i. With its header text.
fn section_of(doc: &Document, f: &ReportedFinding) -> (usize, String) {
    let id = if (f.offset..f.offset + f.length) == doc.start_range() {
        0
    } else if f.offset < doc.body_start && doc.front_matter.format.is_some() {
        1
    } else {
        match doc.headings.iter().rposition(|h| h.range.start <= f.offset) {
            Some(i) => 3 + i,
            None => 2,
        }
    };
    (id, section_title(doc, id))
}

fn section_title(doc: &Document, id: usize) -> String {
    match id {
        0 => "## The whole article".to_string(),
        1 => "## Front matter".to_string(),
        2 => "## Before the first heading".to_string(),
        i => {
            let h = &doc.headings[i - 3];
            let line = doc.position(h.range.start).line;
            format!(
                "## Section \"{}\" ({} H{}, line {line})",
                h.plain(),
                "#".repeat(h.level as usize),
                h.level
            )
        }
    }
}

/// One finding: rule, severity, where, the quoted excerpt, the problem and what to do.
/// `whole_article`: no line or excerpt (the finding is about the article as a whole).
fn render(input: &PromptInput, f: &ReportedFinding, whole_article: bool) -> String {
    let source = &input.doc.source;
    let end = (f.offset + f.length).min(source.len());
    let excerpt = source
        .get(f.offset.min(end)..end)
        .filter(|_| !whole_article)
        .map(one_line)
        .unwrap_or_default();
    let mut s = format!("- [{}] {}", f.rule, f.severity);
    if !whole_article {
        let _ = write!(s, ", line {}", f.line);
    }
    if !excerpt.is_empty() {
        let _ = write!(s, ": \"{excerpt}\"");
    }
    let _ = write!(s, "\n  Problem: {}\n", f.message);
    let todo = match &f.help {
        Some(help) => help.clone(),
        None => match (input.summary)(&f.rule) {
            Some(summary) => format!("Make this true: {summary}."),
            None => "Rewrite this passage so the problem goes away.".to_string(),
        },
    };
    let _ = writeln!(s, "  Do: {todo}");
    if f.severity == Severity::Error && input.report.hard_gates.contains(&f.rule) {
        s.push_str("  (Required: the article fails until this is fixed.)\n");
    }
    s
}

/// Whitespace collapsed, at most [`EXCERPT_CHARS`] characters.
fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() > EXCERPT_CHARS {
        let cut: String = joined.chars().take(EXCERPT_CHARS).collect();
        format!("{cut}…")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Linter;

    const FAILING: &str = "---\ntitle: Rust error handling\ndate: 2024-05-01\nkeyword: rust errors\n---\n\
# Rust error handling\n\nRust errors are values.\n\n## Result\n\nUse Result for rust errors.\n\n## More\n\nText.\n";

    fn prompt_for(source: &str, config: Config) -> Result<RepairPrompt, String> {
        // The structure gates and the SEO rules only: the rule set grows, these tests should
        // not move.
        let options = crate::engine::LintOptions {
            select: vec![
                "structure/single-h1".into(),
                "structure/min-h2".into(),
                "structure/conclusion".into(),
                "seo".into(),
            ],
            ..Default::default()
        };
        let linter = Linter::new(
            crate::config::ConfigResolver::fixed(config.clone()),
            options,
        );
        let report = linter
            .lint_source("a.md".as_ref(), source.to_string())
            .unwrap();
        let doc = Document::parse(source.to_string()).unwrap();
        build(&PromptInput {
            report: &report,
            doc: &doc,
            config: &config,
            summary: &|_| None,
            revision: 1,
            max_revisions: 3,
        })
    }

    #[test]
    fn prompt_has_brief_findings_by_section_and_article() {
        let p = prompt_for(FAILING, Config::default()).unwrap();
        let u = &p.chat.user;
        assert!(u.contains("Current date: 2024-05-01"), "{u}");
        assert!(u.contains("Primary keyword: \"rust errors\""), "{u}");
        assert!(u.contains("Tone: professional"));
        assert!(u.contains("Do not describe past years as future events"));
        assert!(u.contains("At least 2 H2 sections"));
        assert!(u.contains("do not change date, keyword"), "{u}");
        // The conclusion finding sits under the last section, quotes it, and says what to do.
        assert!(
            u.contains("## Section \"More\" (## H2, line 14)\n- [structure/conclusion] error, line 14: \"## More\""),
            "{u}"
        );
        assert!(
            u.contains("such as \"Conclusion\", \"In conclusion\", \"Final thoughts\""),
            "{u}"
        );
        // "Under 300 words" is about the whole article: no line, no excerpt of the H1.
        assert!(
            u.contains("## The whole article\n- [seo/")
                && u.contains("- [seo/text-length] warning\n  Problem: The text has"),
            "{u}"
        );
        assert!(u.contains("Do: End the article with an H2"));
        assert!(u.contains("(Required: the article fails until this is fixed.)"));
        assert!(u.contains("<article>\n---\ntitle: Rust error handling"));
        assert!(p.findings_included > 0);
        assert_eq!(p.findings_omitted, 0);
    }

    #[test]
    fn findings_are_cut_to_fit_but_the_article_never_is() {
        let mut config = Config::default();
        let full = prompt_for(FAILING, config.clone()).unwrap();
        let findings_chars = full
            .chat
            .user
            .split("errors first.\n\n")
            .nth(1)
            .and_then(|rest| rest.split("# Article to revise").next())
            .unwrap()
            .chars()
            .count();
        // A limit that leaves room for about one finding.
        let article_and_brief = full.chars() - findings_chars;
        config.regenerate.prompt_max_chars = article_and_brief + 300;
        let p = prompt_for(FAILING, config.clone()).unwrap();
        assert!(
            p.chars() <= config.regenerate.prompt_max_chars,
            "{} chars",
            p.chars()
        );
        assert!(p.findings_omitted > 0);
        assert!(p.chat.user.contains("more findings are not listed"));
        assert!(p.chat.user.contains("Rust errors are values."));
        config.regenerate.prompt_max_chars = 1000;
        let e = prompt_for(FAILING, config).unwrap_err();
        assert!(e.contains("prompt_max_chars"), "{e}");
    }

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(one_line("a\n  b\tc"), "a b c");
        assert_eq!(
            one_line(&"x ".repeat(200)).chars().count(),
            EXCERPT_CHARS + 1
        );
    }
}
