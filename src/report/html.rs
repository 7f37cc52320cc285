//! `html`: one self-contained page for batch audits (no network: style, script and data are
//! inline). The data is embedded once as compact JSON (a string table for rule ids, messages
//! and advice, pages as arrays) and drawn by a small script of its own
//! (`html/report.js`): summary and charts, a per-rule table, and a page table that sorts,
//! filters and searches, each page opening to its findings with the source line and a link.

use super::{FileError, FileFormat, FileReport, Reporter, Skipped, Summary};
use crate::document::floor_char_boundary;
use crate::finding::{Dimension, Severity};
use crate::rule::RuleMeta;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

/// Characters of a finding's line kept in the report: a window around the finding, as the
/// human format crops (long lines would otherwise dominate the page's size).
const WINDOW: usize = 120;
/// Characters kept before the finding when its line is cropped.
const LEAD: usize = 40;

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What the rule table says of a rule that fired.
#[derive(Debug, Clone)]
pub struct HtmlRule {
    pub id: String,
    pub dimension: String,
    pub summary: String,
}

impl HtmlRule {
    pub fn from_meta(meta: &RuleMeta) -> HtmlRule {
        HtmlRule {
            id: meta.id.to_string(),
            dimension: meta.dimension.as_str().to_string(),
            summary: meta.summary.to_string(),
        }
    }
}

/// A page as the worker thread hands it over (strings whole; interned on the writing thread).
#[derive(Serialize, Deserialize)]
struct PageIn {
    path: String,
    valid: bool,
    score: u32,
    dims: Vec<u32>,
    seo: u32,
    words: usize,
    gates: Vec<String>,
    findings: Vec<FindingIn>,
    advice: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct FindingIn {
    rule: String,
    severity: u8,
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
    /// The finding's line, cropped, and the finding's start and length in it (characters).
    source: String,
    mark_start: usize,
    mark_len: usize,
}

/// 0 error, 1 warning, 2 info: the order the script sorts and filters by.
fn severity_code(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The finding's line, cropped to [`WINDOW`] characters around it, with the finding's start
/// and length inside the cropped text, in characters (`…` marks a cut).
fn source_line(
    report: &FileReport,
    offset: usize,
    length: usize,
    line: usize,
) -> (String, usize, usize) {
    let source = &report.source;
    let Some(start) = report.lines.line_start(source, line) else {
        return (String::new(), 0, 0);
    };
    let end = report
        .lines
        .line_start(source, line + 1)
        .unwrap_or(source.len());
    let end = start + source[start..end].trim_end_matches(['\n', '\r']).len();
    let at = floor_char_boundary(source, offset.clamp(start, end));
    let span_end = floor_char_boundary(source, (offset + length).min(end)).max(at);
    let from = source[start..at]
        .char_indices()
        .rev()
        .take(LEAD)
        .last()
        .map_or(at, |(i, _)| start + i);
    let to = source[from..end]
        .char_indices()
        .nth(WINDOW)
        .map_or(end, |(i, _)| from + i);
    let mut text = String::new();
    if from > start {
        text.push('…');
    }
    let mark_start = text.chars().count() + source[from..at].chars().count();
    let mark_len = source[at..span_end.min(to)].chars().count();
    text.push_str(&source[from..to]);
    if to < end {
        text.push('…');
    }
    (text, mark_start, mark_len)
}

/// A file's page record (JSON), made on the worker thread that linted it.
struct HtmlPage;

impl FileFormat for HtmlPage {
    fn format(&self, r: &FileReport, buf: &mut Vec<u8>) -> io::Result<()> {
        let findings: Vec<FindingIn> = r
            .findings
            .iter()
            .map(|f| {
                let (source, mark_start, mark_len) = source_line(r, f.offset, f.length, f.line);
                FindingIn {
                    rule: f.rule.clone(),
                    severity: severity_code(f.severity),
                    line: f.line,
                    column: f.column,
                    message: f.message.clone(),
                    help: f.help.clone(),
                    source,
                    mark_start,
                    mark_len,
                }
            })
            .collect();
        // SEO advice that only repeats a finding's message or help on this page is said once.
        let advice = r
            .seo
            .recommendations
            .iter()
            .filter(|a| {
                !findings
                    .iter()
                    .any(|f| &f.message == *a || f.help.as_ref() == Some(*a))
            })
            .cloned()
            .collect();
        let page = PageIn {
            path: r.path.clone(),
            valid: r.valid,
            score: r.score,
            dims: Dimension::RUBRIC
                .iter()
                .map(|d| r.rubric.dimensions.get(d).copied().unwrap_or(100))
                .collect(),
            seo: r.seo.seo_score,
            words: r.stats.words,
            gates: r.hard_gates.clone(),
            findings,
            advice,
        };
        serde_json::to_writer(buf, &page).map_err(io::Error::other)
    }
}

/// Strings said many times (rule ids, messages, advice) are stored once.
#[derive(Default)]
struct Strings {
    list: Vec<String>,
    index: HashMap<String, usize>,
}

impl Strings {
    fn id(&mut self, s: String) -> usize {
        if let Some(&i) = self.index.get(&s) {
            return i;
        }
        self.list.push(s.clone());
        self.index.insert(s, self.list.len() - 1);
        self.list.len() - 1
    }
}

/// The page's data, embedded once. Pages are arrays, in this order:
/// `[path, pass (0/1), score, [rubric dimensions], seo score, words, [gate ids],
/// [findings], [advice ids]]`; a finding is
/// `[rule id, severity (0 error, 1 warning, 2 info), line, column, message id, help id (-1:
/// none), source line, mark start, mark length]`; ids index `strings`.
#[derive(Serialize)]
struct Data<'a> {
    version: u32,
    dimensions: Vec<&'static str>,
    /// Link prefix of a page's path: `file:///dir/` or the configured base URL.
    base: &'a str,
    strings: &'a [String],
    /// `[rule id, dimension, summary, docs page]` of each rule that fired (the page's address
    /// is empty when the rule has none, e.g. a user's pack rule).
    rules: Vec<(usize, &'a str, &'a str, String)>,
    pages: &'a [serde_json::Value],
    errors: Vec<(&'a str, String)>,
    skipped: Vec<(&'a str, &'a str)>,
    /// Site-level findings (the `site` checks), when a run has them: a list of
    /// `{"rule", "severity", "message", "pages": [path, ...]}`; drawn only when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    site: Option<&'a serde_json::Value>,
}

pub struct HtmlReporter {
    rules: Vec<HtmlRule>,
    /// Prefix of page links; `file://` and the working directory when none is given.
    base_url: Option<String>,
    strings: Strings,
    pages: Vec<serde_json::Value>,
    /// Scores for the charts: overall, each rubric dimension, SEO.
    scores: Vec<Vec<u32>>,
    errors: Vec<FileError>,
    skipped: Vec<Skipped>,
    /// Site-level findings, for the site section (see [`Data::site`]).
    pub site: Option<serde_json::Value>,
}

impl Default for HtmlReporter {
    fn default() -> Self {
        HtmlReporter::new(Vec::new(), None)
    }
}

impl HtmlReporter {
    /// `rules`: what the rule table says of each rule; `base_url`: prefix of page links (a
    /// repository's web view, e.g. `https://github.com/o/r/blob/main/`).
    pub fn new(rules: Vec<HtmlRule>, base_url: Option<String>) -> HtmlReporter {
        HtmlReporter {
            rules,
            base_url,
            strings: Strings::default(),
            pages: Vec::new(),
            scores: vec![Vec::new(); Dimension::RUBRIC.len() + 2],
            errors: Vec::new(),
            skipped: Vec::new(),
            site: None,
        }
    }

    fn add_page(&mut self, page: PageIn) {
        use serde_json::json;
        let s = &mut self.strings;
        let gates: Vec<usize> = page.gates.into_iter().map(|g| s.id(g)).collect();
        let findings: Vec<serde_json::Value> = page
            .findings
            .into_iter()
            .map(|f| {
                let help = f.help.map_or(-1, |h| s.id(h) as i64);
                json!([
                    s.id(f.rule),
                    f.severity,
                    f.line,
                    f.column,
                    s.id(f.message),
                    help,
                    f.source,
                    f.mark_start,
                    f.mark_len
                ])
            })
            .collect();
        let advice: Vec<usize> = page.advice.into_iter().map(|a| s.id(a)).collect();
        self.scores[0].push(page.score);
        for (i, d) in page.dims.iter().enumerate() {
            self.scores[i + 1].push(*d);
        }
        self.scores[Dimension::RUBRIC.len() + 1].push(page.seo);
        self.pages.push(json!([
            page.path,
            u8::from(page.valid),
            page.score,
            page.dims,
            page.seo,
            page.words,
            gates,
            findings,
            advice
        ]));
    }

    /// The embedded data as JSON that is safe inside `<script>`: every `<` is written
    /// `\u003c`, so no `</script>` or `<!--` in a message can end the element.
    fn data_json(&self) -> io::Result<String> {
        let base = match &self.base_url {
            Some(url) => url.clone(),
            None => std::env::current_dir()
                .map(|d| format!("file://{}/", d.display()))
                .unwrap_or_default(),
        };
        let fired: Vec<(usize, &str, &str, String)> = self
            .rules
            .iter()
            .filter_map(|r| {
                let id = *self.strings.index.get(&r.id)?;
                let docs = crate::rule_docs::docs_url(&r.id).unwrap_or_default();
                Some((id, r.dimension.as_str(), r.summary.as_str(), docs))
            })
            .collect();
        let data = Data {
            version: 1,
            dimensions: Dimension::RUBRIC.iter().map(|d| d.as_str()).collect(),
            base: &base,
            strings: &self.strings.list,
            rules: fired,
            pages: &self.pages,
            errors: self
                .errors
                .iter()
                .map(|e| (e.path.as_str(), e.to_string()))
                .collect(),
            skipped: self
                .skipped
                .iter()
                .map(|s| (s.path.as_str(), s.reason.as_str()))
                .collect(),
            site: self.site.as_ref(),
        };
        let json = serde_json::to_string(&data).map_err(io::Error::other)?;
        Ok(json.replace('<', "\\u003c"))
    }
}

/// A histogram of 0-100 scores in ten bins (90-100 is the last), as inline SVG.
fn histogram(title: &str, scores: &[u32]) -> String {
    let mut bins = [0usize; 10];
    for &s in scores {
        bins[(s.min(100) as usize / 10).min(9)] += 1;
    }
    let most = bins.iter().copied().max().unwrap_or(0).max(1);
    let (w, h, bar) = (220, 90, 20);
    let mut svg = format!(
        "<figure class=\"chart\"><svg viewBox=\"0 0 {w} {}\" width=\"{w}\" height=\"{}\" \
         role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        h + 16,
        h + 16,
        t = escape(title)
    );
    for (i, &n) in bins.iter().enumerate() {
        let bh = (n * h).div_ceil(most);
        let x = 10 + i * (bar + 1);
        let class = match i {
            9 => "good",
            7 | 8 => "ok",
            _ => "bad",
        };
        let _ = write!(
            svg,
            "<rect class=\"{class}\" x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{bh}\">\
             <title>{}-{}: {n} {}</title></rect>",
            h - bh,
            i * 10,
            if i == 9 { 100 } else { i * 10 + 9 },
            if n == 1 { "page" } else { "pages" },
        );
    }
    let _ = write!(
        svg,
        "<text x=\"10\" y=\"{y}\">0</text><text x=\"{mid}\" y=\"{y}\">50</text>\
         <text x=\"{end}\" y=\"{y}\">100</text></svg><figcaption>{}</figcaption></figure>",
        escape(title),
        y = h + 13,
        mid = 10 + 5 * (bar + 1) - 6,
        end = 10 + 10 * (bar + 1) - 20,
    );
    svg
}

impl Reporter for HtmlReporter {
    fn file_format(&self) -> Arc<dyn FileFormat> {
        Arc::new(HtmlPage)
    }

    fn site(&mut self, _out: &mut dyn Write, site: &crate::site::SiteReport) -> io::Result<()> {
        let list = site
            .findings
            .iter()
            .map(|f| {
                serde_json::json!({
                    "rule": f.rule,
                    "severity": f.severity,
                    "message": f.message,
                    "pages": f.pages.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(),
                })
            })
            .collect();
        self.site = Some(serde_json::Value::Array(list));
        Ok(())
    }

    // Pages are held: the data is written once, with the summary, at the end.
    fn formatted(&mut self, _out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        let page: PageIn = serde_json::from_slice(bytes).map_err(io::Error::other)?;
        self.add_page(page);
        Ok(())
    }

    fn error(&mut self, _out: &mut dyn Write, e: &FileError) -> io::Result<()> {
        self.errors.push(e.clone());
        Ok(())
    }

    fn skipped(&mut self, _out: &mut dyn Write, s: &Skipped) -> io::Result<()> {
        self.skipped.push(s.clone());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let mut charts = histogram("Overall score", &self.scores[0]);
        for (i, d) in Dimension::RUBRIC.iter().enumerate() {
            charts.push_str(&histogram(
                &d.as_str().replace('_', " "),
                &self.scores[i + 1],
            ));
        }
        charts.push_str(&histogram(
            "SEO score",
            &self.scores[Dimension::RUBRIC.len() + 1],
        ));
        let data = self.data_json()?;
        let skipped = if s.skipped > 0 {
            format!(", {} skipped", s.skipped)
        } else {
            String::new()
        };
        write!(
            out,
            r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>contentlint report</title>
<style>{STYLE}</style></head><body>
<header><h1>contentlint report</h1>
<p id="summary">{files} pages: <span class="good">{passed} passed</span>, <span class="bad">{failed} failed</span>, {errors} could not be linted{skipped}; mean score {mean}.</p></header>
<section id="charts" aria-label="score distributions">{charts}</section>
<section id="site" hidden></section>
<section id="problems" hidden></section>
<section id="rules"><h2>Rules</h2><table id="rule-table"><thead><tr><th>rule</th><th>severity</th><th>dimension</th><th>findings</th><th>pages</th><th>what it checks</th></tr></thead><tbody></tbody></table></section>
<section id="pages"><h2>Pages</h2>
<div class="controls">
<input id="search" type="search" placeholder="Search paths, rules, messages" aria-label="search">
<select id="filter-result" aria-label="result"><option value="">pass and fail</option><option value="fail">fail</option><option value="pass">pass</option></select>
<select id="filter-severity" aria-label="severity"><option value="">any severity</option><option value="0">error</option><option value="1">warning</option><option value="2">info</option></select>
<select id="filter-rule" aria-label="rule"><option value="">any rule</option></select>
<select id="filter-folder" aria-label="folder"><option value="">any folder</option></select>
</div>
<p id="count"></p>
<table id="page-table"><thead><tr></tr></thead><tbody></tbody></table>
<button id="more" type="button" hidden>Show more</button>
</section>
<noscript>This report draws its tables with JavaScript; the summary and charts above need none.</noscript>
<script id="data" type="application/json">{data}</script>
<script>{SCRIPT}</script>
</body></html>
"#,
            files = s.files,
            passed = s.passed,
            failed = s.failed,
            errors = s.errors,
            mean = s.mean_score,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Linter;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    fn report_of(pages: &[(&str, &str)], base: Option<&str>) -> String {
        let linter = Linter::with_config(Config::default());
        let mut reporter = HtmlReporter::new(
            vec![HtmlRule {
                id: "structure/single-h1".into(),
                dimension: "web_structure".into(),
                summary: "One H1".into(),
            }],
            base.map(str::to_string),
        );
        let mut out = Vec::new();
        let mut summary = Summary::default();
        for (path, text) in pages {
            let report = linter.lint_source(path.as_ref(), text.to_string()).unwrap();
            summary.add_file(report.valid, report.score);
            reporter.file(&mut out, &report).unwrap();
        }
        reporter.finish(&mut out, &summary).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn embedded(html: &str) -> serde_json::Value {
        let start = html
            .find("<script id=\"data\" type=\"application/json\">")
            .unwrap();
        let rest = &html[start..];
        let json = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_script_end_in_a_message_cannot_close_the_data_element() {
        let html = report_of(
            &[(
                "a.md",
                "# T </script><script>alert(1)</script>\n\n# Two\n\ntext <!-- x\n",
            )],
            None,
        );
        assert_eq!(html.matches("</script>").count(), 2, "data and script only");
        let data = embedded(&html);
        let page = &data["pages"][0];
        assert_eq!(page[0], "a.md");
        assert!(
            page[7]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f[6].as_str().unwrap().contains("</script>")),
            "the source line keeps its text: {page}"
        );
    }

    #[test]
    fn strings_are_stored_once_and_pages_reference_them() {
        let text = "# Title\n\n# Second\n\ntext\n";
        let html = report_of(
            &[("a.md", text), ("b.md", text), ("c.md", text)],
            Some("https://x/"),
        );
        let data = embedded(&html);
        let strings: Vec<&str> = data["strings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let mut sorted = strings.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), strings.len(), "each string once");
        assert_eq!(data["base"], "https://x/");
        let pages = data["pages"].as_array().unwrap();
        assert_eq!(pages.len(), 3);
        let first = &pages[0][7][0];
        let second = &pages[1][7][0];
        assert_eq!(first[0], second[0], "one rule id index for both pages");
        assert_eq!(first[4], second[4], "one message index for both pages");
        let rule = strings[first[0].as_u64().unwrap() as usize];
        assert!(!rule.is_empty());
        // The rule table lists a rule that fired, by its string index.
        let h1 = strings
            .iter()
            .position(|s| *s == "structure/single-h1")
            .expect("two H1s fire structure/single-h1");
        assert_eq!(data["rules"][0][0], h1);
        assert_eq!(data["rules"][0][2], "One H1");
    }

    #[test]
    fn the_page_is_self_contained_with_charts() {
        let html = report_of(&[("a.md", "# T\n\ntext\n")], None);
        assert!(
            !html.contains("http://") && !html.contains("https://cdn"),
            "no network"
        );
        assert!(!html.contains("<script src") && !html.contains("<link "));
        assert!(html.contains("<svg"), "inline SVG charts");
        assert_eq!(
            html.matches("<figure class=\"chart\">").count(),
            2 + Dimension::RUBRIC.len()
        );
        for id in [
            "page-table",
            "rule-table",
            "search",
            "filter-rule",
            "filter-folder",
            "filter-severity",
            "filter-result",
        ] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
        }
        let data = embedded(&html);
        assert!(data["base"].as_str().unwrap().starts_with("file://"));
        assert!(
            data.get("site").is_none(),
            "no site block unless a run has one"
        );
    }

    #[test]
    fn a_long_line_is_cropped_around_the_finding() {
        let linter = Linter::with_config(Config::default());
        let long = format!("# T\n\n{} In 2019 we will ship.\n", "word ".repeat(200));
        let report = linter.lint_source("a.md".as_ref(), long).unwrap();
        let (text, start, len) = source_line(&report, report.source.find("2019").unwrap(), 4, 3);
        assert!(text.starts_with('…'));
        assert!(text.chars().count() <= WINDOW + 2);
        let marked: String = text.chars().skip(start).take(len).collect();
        assert_eq!(marked, "2019");
    }

    #[test]
    fn histogram_bins_hold_every_score() {
        let svg = histogram("x", &[0, 9, 10, 95, 100, 100]);
        assert!(svg.contains("<title>0-9: 2 pages</title>"));
        assert!(svg.contains("<title>10-19: 1 page</title>"));
        assert!(svg.contains("<title>90-100: 3 pages</title>"));
    }
}
