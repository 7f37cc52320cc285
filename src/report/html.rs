//! `html`: one self-contained page for batch audits: the summary, a sortable-by-eye table of
//! files with their rubric and SEO scores, and each file's findings in a collapsible list.

use super::{FileError, FileFormat, FileReport, Reporter, Summary};
use crate::finding::Dimension;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

#[derive(Default)]
pub struct HtmlReporter {
    rows: String,
    errors: String,
    skipped: String,
}

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

fn score_class(score: u32) -> &'static str {
    match score {
        90.. => "good",
        70..90 => "ok",
        _ => "bad",
    }
}

/// A file's row of the table.
struct HtmlRow;

impl FileFormat for HtmlRow {
    fn format(&self, r: &FileReport, buf: &mut Vec<u8>) -> io::Result<()> {
        let mut row = String::new();
        let mut cells = String::new();
        for dim in Dimension::RUBRIC {
            let s = r.rubric.dimensions.get(&dim).copied().unwrap_or(100);
            let _ = write!(cells, "<td class=\"{}\">{s}</td>", score_class(s));
        }
        let mut findings = String::new();
        for f in &r.findings {
            let _ = write!(
                findings,
                "<li class=\"{sev}\"><code>{line}:{col}</code> <b>{rule}</b> {msg}{help}</li>",
                sev = f.severity,
                line = f.line,
                col = f.column,
                rule = escape(&f.rule),
                msg = escape(&f.message),
                help = f
                    .help
                    .as_ref()
                    .map(|h| format!(" <i>— {}</i>", escape(h)))
                    .unwrap_or_default()
            );
        }
        for rec in &r.seo.recommendations {
            let _ = write!(findings, "<li class=\"seo\">SEO: {}</li>", escape(rec));
        }
        let _ = writeln!(
            row,
            "<tr><td><details><summary>{path}</summary><ul>{findings}</ul></details></td>\
             <td class=\"{vclass}\">{verdict}</td><td class=\"{sclass}\">{score}</td>{cells}\
             <td class=\"{seoclass}\">{seo}</td><td>{n}</td><td>{gates}</td></tr>",
            path = escape(&r.path),
            vclass = if r.valid { "good" } else { "bad" },
            verdict = if r.valid { "pass" } else { "fail" },
            sclass = score_class(r.score),
            score = r.score,
            seoclass = score_class(r.seo.seo_score),
            seo = r.seo.seo_score,
            n = r.findings.len(),
            gates = escape(&r.hard_gates.join(", ")),
        );
        buf.extend_from_slice(row.as_bytes());
        Ok(())
    }
}

impl Reporter for HtmlReporter {
    fn file_format(&self) -> Arc<dyn FileFormat> {
        Arc::new(HtmlRow)
    }

    // Rows are held: the page's head shows the summary, known only at the end.
    fn formatted(&mut self, _out: &mut dyn Write, bytes: &[u8]) -> io::Result<()> {
        self.rows.push_str(&String::from_utf8_lossy(bytes));
        Ok(())
    }

    fn error(&mut self, _out: &mut dyn Write, e: &FileError) -> io::Result<()> {
        let _ = write!(self.errors, "<li>{}</li>", escape(&e.to_string()));
        Ok(())
    }

    fn skipped(&mut self, _out: &mut dyn Write, s: &super::Skipped) -> io::Result<()> {
        let _ = write!(
            self.skipped,
            "<li>{}: {}</li>",
            escape(&s.path),
            escape(&s.reason)
        );
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let dims: String = Dimension::RUBRIC
            .iter()
            .map(|d| format!("<th>{}</th>", d.as_str().replace('_', " ")))
            .collect();
        let mut errors = if self.errors.is_empty() {
            String::new()
        } else {
            format!(
                "<h2>Files that could not be linted</h2><ul>{}</ul>",
                self.errors
            )
        };
        if !self.skipped.is_empty() {
            errors.push_str(&format!("<h2>Files skipped</h2><ul>{}</ul>", self.skipped));
        }
        write!(
            out,
            r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>contentlint report</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2rem;color:#222}}
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}}
.good{{color:#176f2c}}.ok{{color:#8a6100}}.bad{{color:#b3261e;font-weight:600}}
li.error{{color:#b3261e}}li.warning{{color:#8a6100}}li.info,li.seo{{color:#555}}
summary{{cursor:pointer}}code{{color:#555}}
</style></head><body>
<h1>contentlint report</h1>
<p>{files} files: <span class="good">{passed} passed</span>, <span class="bad">{failed} failed</span>, {errors_n} could not be linted; mean score {mean}.</p>
{errors}
<table><thead><tr><th>file (click for findings)</th><th>result</th><th>score</th>{dims}<th>SEO</th><th>findings</th><th>hard gates</th></tr></thead>
<tbody>
{rows}</tbody></table>
</body></html>
"#,
            files = s.files,
            passed = s.passed,
            failed = s.failed,
            errors_n = s.errors,
            mean = s.mean_score,
            rows = self.rows,
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
