//! The per-file signature: what the site checks read of a page, computed once while the file is
//! linted (phase one) so that the site checks (phase two) never read a file again. A run, a merge
//! of `--shard` runs and a record stream all give the site checks the same signatures, so they
//! give the same findings.

use super::SiteConfig;
use super::minhash;
use crate::document::Document;
use crate::seo::KeywordSource;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// A page's signature. The page's path is the file record's `path`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    /// The title: the front-matter title, else the first H1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The meta description (`description`, `meta_description` or `summary`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<String>,
    /// The primary keyword, as the SEO checks read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyword: Option<String>,
    /// Where the keyword came from: `front_matter`, `cli`, `derived` or `none`.
    pub keyword_source: String,
    /// Words of prose (blocks and headings).
    pub words: usize,
    /// MinHash sketch of the prose's word shingles (empty: too short). Held decoded: a site of
    /// 100,000 pages keeps every signature until its checks run; in JSON it is eight hex digits
    /// a value.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "sketch_to_hex",
        deserialize_with = "sketch_from_hex"
    )]
    pub sketch: Vec<u32>,
    /// Outgoing links that may point into the site (no scheme), in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<SiteLink>,
    /// The anchors the page defines: heading slugs, explicit `{#id}`s, HTML `id`/`name`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<String>,
    /// The page holds shortcodes or template syntax (`{{ }}`, `{% %}`): what they render may
    /// define more anchors than its Markdown shows, so a missing anchor is not judged there.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub templated: bool,
    /// The page's own address settings from the front matter: `slug`, `url`, `aliases`.
    #[serde(default, skip_serializing_if = "Address::is_empty")]
    pub address: Address,
}

fn sketch_to_hex<S: serde::Serializer>(sketch: &[u32], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&minhash::to_hex(sketch))
}

fn sketch_from_hex<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u32>, D::Error> {
    let text = String::deserialize(d)?;
    minhash::from_hex(&text).map_err(|e| serde::de::Error::custom(format!("bad sketch: {e}")))
}

/// Address keys of the front matter (Hugo, Jekyll, Zola): they change the page's URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Address {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        self.slug.is_none() && self.url.is_none() && self.aliases.is_empty()
    }
}

/// One outgoing link: its target as written, how it was written, and its 1-based line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteLink {
    pub target: String,
    /// `link` (Markdown or autolink) or `ref` (a Hugo `ref`/`relref` shortcode).
    pub kind: LinkKind,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Link,
    Ref,
}

impl Signature {
    /// The signature of a parsed page. `cli_keyword` is `--keyword`.
    pub fn of(
        doc: &Document,
        config: &crate::config::Config,
        cli_keyword: Option<&str>,
    ) -> Signature {
        let site = &config.site;
        let keyword = crate::seo::keyword(doc, cli_keyword, &config.seo);
        let prose = doc.prose();
        let words = (0..doc.blocks.len())
            .flat_map(|i| prose.block_words_of(doc, i).iter().map(|w| w.lower));
        let shingles = minhash::shingles(words, site.shingle_words);
        let sketch = if prose.word_count >= site.near_duplicate_min_words {
            minhash::sketch(&shingles, site.sketch_size)
        } else {
            Vec::new()
        };
        Signature {
            title: doc.title().filter(|t| !t.trim().is_empty()),
            meta: doc.front_matter.description(),
            keyword: keyword.phrase.clone(),
            keyword_source: keyword_source_name(keyword.source).to_string(),
            words: prose.word_count,
            sketch,
            links: links(doc, site),
            anchors: anchors(doc, site),
            templated: !doc.shortcodes.is_empty() || has_template_syntax(&doc.source),
            address: Address {
                slug: doc.front_matter.get_str("slug"),
                url: doc
                    .front_matter
                    .get_str("url")
                    .or_else(|| doc.front_matter.get_str("permalink")),
                aliases: match doc.front_matter.field("aliases") {
                    Some(serde_json::Value::Array(items)) => items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::trim))
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    Some(serde_json::Value::String(s)) if !s.trim().is_empty() => {
                        vec![s.trim().to_string()]
                    }
                    _ => Vec::new(),
                },
            },
        }
    }
}

fn keyword_source_name(source: KeywordSource) -> &'static str {
    match source {
        KeywordSource::Cli => "cli",
        KeywordSource::FrontMatter => "front_matter",
        KeywordSource::Derived => "derived",
        KeywordSource::None => "none",
    }
}

/// Whether a link target names another site or a non-page scheme (`mailto:`, `tel:`, ...).
pub fn is_external(target: &str) -> bool {
    let t = target.trim();
    if t.starts_with("//") {
        return true;
    }
    // A scheme: letters, digits, `+`, `-`, `.` before a `:` (RFC 3986 section 3.1).
    match t.find(':') {
        Some(i) => {
            let scheme = &t[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `{{ ... }}` or `{% ... %}`: Go, Hugo, Jinja or Liquid template syntax, filled in when the
/// site is built.
fn has_template_syntax(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

fn links(doc: &Document, site: &SiteConfig) -> Vec<SiteLink> {
    let mut out: Vec<(usize, SiteLink)> = Vec::new();
    for link in &doc.links {
        let target = link.url.trim();
        // A destination built by a template is only known once the site is built.
        if target.is_empty() || is_external(target) || has_template_syntax(target) {
            continue;
        }
        out.push((
            link.range.start,
            SiteLink {
                target: target.to_string(),
                kind: LinkKind::Link,
                line: doc.position(link.range.start).line,
            },
        ));
    }
    for sc in &doc.shortcodes {
        if !site
            .ref_shortcodes
            .iter()
            .any(|n| n.eq_ignore_ascii_case(&sc.name))
        {
            continue;
        }
        let target = sc
            .param("path")
            .or_else(|| {
                sc.params
                    .iter()
                    .find(|p| p.name.is_none())
                    .map(|p| p.value.as_str())
            })
            .unwrap_or("")
            .trim();
        if target.is_empty() {
            continue;
        }
        out.push((
            sc.range.start,
            SiteLink {
                target: target.to_string(),
                kind: LinkKind::Ref,
                line: doc.position(sc.range.start).line,
            },
        ));
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, l)| l).collect()
}

/// `## Heading {#custom-id .class}`: the explicit id of a heading (Hugo, Pandoc, kramdown).
static EXPLICIT_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{[^}]*#([^\s}.#]+)[^}]*\}\s*#*\s*$").expect("valid regex"));

/// `<a name="x">`, `<span id="x">`: anchors written in HTML.
static HTML_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<[A-Za-z][^<>]*?\s(?:id|name)\s*=\s*["']([^"'<>]+)["']"#).expect("valid regex")
});

fn anchors(doc: &Document, site: &SiteConfig) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for h in &doc.headings {
        let source = doc.source.get(h.range.clone()).unwrap_or("");
        // Setext headings: the id sits on the text line, not the underline.
        let first_line = source.lines().next().unwrap_or("");
        if let Some(id) = EXPLICIT_ID.captures(first_line).and_then(|c| c.get(1)) {
            out.push(id.as_str().to_string());
            continue;
        }
        let base = slug(h.plain(), site.anchor_style);
        // GitHub and Hugo number repeated slugs: `intro`, `intro-1`, `intro-2`.
        let n = seen.entry(base.clone()).or_insert(0);
        let id = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        out.push(id);
    }
    if doc.body().contains('<') {
        for c in HTML_ID.captures_iter(doc.body()) {
            out.push(c[1].to_string());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// How headings become anchors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnchorStyle {
    /// GitHub's and Hugo's default (goldmark `autoHeadingIDType = "github"`): lower case,
    /// punctuation removed except `-` and `_`, spaces as `-`; letters of any script kept.
    Github,
    /// Hugo's `github-ascii`: as `github`, then non-ASCII characters dropped.
    GithubAscii,
}

/// The anchor a heading's text gets.
pub fn slug(text: &str, style: AnchorStyle) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            for l in c.to_lowercase() {
                out.push(l);
            }
        } else if c == ' ' {
            out.push('-');
        }
    }
    if style == AnchorStyle::GithubAscii {
        out.retain(|c| c.is_ascii());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn sig(source: &str) -> Signature {
        let doc = Document::parse(source.to_string()).unwrap();
        Signature::of(&doc, &Config::default(), None)
    }

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slug("Hello, World!", AnchorStyle::Github), "hello-world");
        assert_eq!(
            slug("What's new in v1.2?", AnchorStyle::Github),
            "whats-new-in-v12"
        );
        assert_eq!(slug("Café au lait", AnchorStyle::Github), "café-au-lait");
        assert_eq!(
            slug("Café au lait", AnchorStyle::GithubAscii),
            "caf-au-lait"
        );
        assert_eq!(
            slug("snake_case and-dash", AnchorStyle::Github),
            "snake_case-and-dash"
        );
    }

    #[test]
    fn a_signature_has_the_page_facts() {
        let s = sig(
            "---\ntitle: Tea\ndescription: All about tea.\nkeyword: green tea\n\
             slug: tea-guide\naliases: [/old/tea/]\n---\n# Tea\n\n## Intro\n\n## Intro {#custom}\n\n\
             ## Intro\n\nSee [the other](other.md#brew), [web](https://x.org), [mail](mailto:a@b.c), \
             {{< ref \"guides/pot.md\" >}} and <a name=\"legacy\"></a>.\n",
        );
        assert_eq!(s.title.as_deref(), Some("Tea"));
        assert_eq!(s.meta.as_deref(), Some("All about tea."));
        assert_eq!(s.keyword.as_deref(), Some("green tea"));
        assert_eq!(s.keyword_source, "front_matter");
        assert_eq!(
            s.anchors,
            vec!["custom", "intro", "intro-1", "legacy", "tea"]
        );
        let targets: Vec<(&str, LinkKind, usize)> = s
            .links
            .iter()
            .map(|l| (l.target.as_str(), l.kind, l.line))
            .collect();
        assert_eq!(
            targets,
            vec![
                ("other.md#brew", LinkKind::Link, 16),
                ("guides/pot.md", LinkKind::Ref, 16)
            ]
        );
        assert_eq!(s.address.slug.as_deref(), Some("tea-guide"));
        assert_eq!(s.address.aliases, vec!["/old/tea/"]);
        // Too short for a sketch.
        assert!(s.sketch.is_empty());
    }

    #[test]
    fn a_long_page_has_a_sketch_and_the_signature_round_trips() {
        let body: String = (0..120).map(|i| format!("word{i} ")).collect();
        let s = sig(&format!("# T\n\n{body}\n"));
        assert_eq!(s.sketch.len(), Config::default().site.sketch_size);
        let json = serde_json::to_string(&s).unwrap();
        let back: Signature = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn schemes_are_external() {
        for t in [
            "https://a.b",
            "mailto:x@y",
            "tel:123",
            "//cdn.x/y",
            "javascript:void(0)",
        ] {
            assert!(is_external(t), "{t}");
        }
        for t in ["a.md", "../b/", "/c/d", "#e", "f.md#g:h"] {
            assert!(!is_external(t), "{t}");
        }
    }
}
