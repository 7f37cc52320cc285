use crate::document::{BlockKind, Document, PlainText, words};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta, data_file};
use crate::text::phrases::{PhraseSet, doc_text, doc_text_count};
use crate::text::precheck::{LazyGate, LiteralGate, Needles};
use crate::text::quick_regex::QuickRegex;
use serde::Deserialize;
use std::ops::Range;
use std::sync::LazyLock;

declare_rule! {
    /// ### What
    ///
    /// Text that shows an article was pasted from a chat with a language model without editing, in
    /// four forms:
    ///
    /// - an assistant's preamble at the start of the first paragraph or heading ("Certainly! Here
    ///   is the article...", "Sure, here's..."), or a phrase only an assistant writes anywhere ("As
    ///   an AI language model", "I hope this helps", "my knowledge cutoff");
    /// - an unfilled placeholder: "[Insert statistic]", "[Your Name]", "{{keyword}}", "TODO: add",
    ///   "Lorem ipsum", "XX%", `<your name>`. Template syntax is not a placeholder: Go/Hugo, Jinja
    ///   and Liquid actions (`{{ .Title }}`, `{{ end }}`, `{{- if -}}`, `{% include %}`),
    ///   shortcodes (`{{< x >}}`, `{{% x %}}`), and, on a page that uses template actions, any `{{
    ///   name }}`; a braced name is a fill-in only when one of its words names what to fill in
    ///   (`{{author_name}}`, `{{ Your Keyword }}`: rules/data/llm-artifacts.toml). The message
    ///   quotes the file's own bytes;
    /// - the whole article wrapped in a code fence (```markdown ... ```), so it renders as code;
    /// - a cut-off ending: the last paragraph, with nothing after it, stops without terminal
    ///   punctuation on a word a sentence cannot end with ("the", "and", "of", ...), on a comma or
    ///   a dash, or on an ordinary lower-case word after 12 or more words (a list of names or a
    ///   bare URL is a complete ending). Lists, headings, code, tables, quotes and a paragraph that
    ///   ends with a link are never judged cut off.
    ///
    /// Each is an error: the article is not publishable as it is.
    ///
    /// ### Example
    ///
    /// Bad: Certainly! Here is the article you asked for.
    ///
    /// Good: The article, starting with its first real sentence.
    ///
    /// ### Source
    ///
    /// The phrase lists are contentlint's own (rules/data/llm-artifacts.toml). The 12-word length
    /// for an unpunctuated last sentence is contentlint's choice: sign-offs and credits ("The Rust
    /// Release Team", "Happy hacking") are shorter.
    pub LlmArtifact {
        id: "filler/llm-artifact",
        dimension: PersonaStyle,
        severity: Error,
        summary: "Leftovers of an LLM chat: preamble, placeholder, wrapper, cut-off",
        weight: 3.0,
        cap: 15.0,
        examples: {
            fire: [
                "Certainly! Here is the article you asked for.\n\nThe importer reads CSV files.\n",
                "Our customers save [Insert statistic] every month.\n",
            ],
            pass: [
                "The importer reads CSV files.\n",
                "The page title is {{ .Title }} and the site name is {{ .Site.Title }}.\n",
            ],
        },
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lexicon {
    openers: Vec<String>,
    anywhere: Vec<String>,
    placeholders: Vec<String>,
    placeholder_needles: Vec<String>,
    brace_fill_in: String,
    brace_fill_in_needles: Vec<String>,
    template_keywords: Vec<String>,
    fill_in_words: Vec<String>,
    angle_fill_in: String,
    dangling_words: Vec<String>,
}

struct Artifacts {
    openers: Vec<String>,
    anywhere: PhraseSet,
    /// All placeholder patterns as one alternation: one pass over the text.
    placeholders: QuickRegex,
    /// What every match of `placeholders` holds ("[", "todo" ...): see [`Needles`].
    placeholder_needles: Needles,
    brace_fill_in: QuickRegex,
    brace_fill_in_needles: Needles,
    template_keywords: Vec<String>,
    fill_in_words: Vec<String>,
    angle_fill_in: QuickRegex,
    dangling: Vec<String>,
}

/// What every match of `placeholders` / `brace_fill_in` starts with (`[`, `TODO`, `{{` ...):
/// most texts hold none and are not searched.
static PLACEHOLDERS_GATE: LazyGate =
    LazyGate::new(|| LiteralGate::of(ARTIFACTS.placeholders.as_str()));
static BRACE_FILL_IN_GATE: LazyGate =
    LazyGate::new(|| LiteralGate::of(ARTIFACTS.brace_fill_in.as_str()));

static ARTIFACTS: LazyLock<Artifacts> = LazyLock::new(|| {
    let lexicon: Lexicon = data_file(
        "llm-artifacts.toml",
        crate::embedded_json!("rules/data/llm-artifacts.toml"),
    );
    let anywhere = PhraseSet::of(&lexicon.anywhere);
    let alternation = lexicon
        .placeholders
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    let placeholders = QuickRegex::new(alternation, "llm-artifacts.toml placeholders");
    let regex = |name: &'static str, re: &str| QuickRegex::new(re, name);
    Artifacts {
        openers: lexicon.openers.iter().map(|o| o.to_lowercase()).collect(),
        anywhere,
        placeholders,
        placeholder_needles: Needles::new(&lexicon.placeholder_needles),
        brace_fill_in: regex("llm-artifacts.toml brace_fill_in", &lexicon.brace_fill_in),
        brace_fill_in_needles: Needles::new(&lexicon.brace_fill_in_needles),
        template_keywords: lexicon.template_keywords,
        fill_in_words: lexicon.fill_in_words,
        angle_fill_in: regex("llm-artifacts.toml angle_fill_in", &lexicon.angle_fill_in),
        dangling: lexicon.dangling_words,
    }
});

impl Rule for LlmArtifact {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn phrase_sets(&self) -> Vec<&PhraseSet> {
        let a = &*ARTIFACTS;
        vec![
            &a.anywhere,
            a.placeholder_needles.phrase_set(),
            a.brace_fill_in_needles.phrase_set(),
        ]
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        let a = &*ARTIFACTS;
        let mut out = Vec::new();
        out.extend(preamble(doc, a));
        let template_doc = has_template_actions(doc, a);
        for i in 0..doc_text_count(doc) {
            let text = doc_text(doc, i).0;
            let plain = text.text.as_str();
            for m in ctx.phrases.find_all(doc, &a.anywhere, i) {
                out.push(
                    META.finding(
                        text.range_to_source(m.range.clone()),
                        format!("Chat assistant phrase: \"{}\"", &plain[m.range]),
                    )
                    .with_help("Delete the assistant's words; keep only the article"),
                );
            }
            let mut fill_ins: Vec<Range<usize>> = Vec::new();
            if a.placeholder_needles.may_match(&ctx.phrases, doc, i)
                && PLACEHOLDERS_GATE.may_match(plain)
            {
                fill_ins.extend(a.placeholders.find_iter(plain).map(|m| m.range()));
            }
            if a.brace_fill_in_needles.may_match(&ctx.phrases, doc, i)
                && BRACE_FILL_IN_GATE.may_match(plain)
            {
                fill_ins.extend(
                    a.brace_fill_in
                        .captures_iter(plain)
                        .filter(|c| !template_doc && is_fill_in(a, &c[1]))
                        .filter_map(|c| c.get(0).map(|m| m.range())),
                );
            }
            for range in fill_ins {
                let source = text.range_to_source(range.clone());
                // Quote only what the file holds: a match that spans removed markup (inline code,
                // an HTML tag) is not a placeholder a reader sees, and its text is not in the file.
                if doc.source.get(source.clone()) != Some(&plain[range])
                    || in_filled_link(doc, &source)
                {
                    continue;
                }
                out.push(unfilled(&doc.source, source));
            }
        }
        out.extend(angle_placeholders(doc, a));
        out.extend(fenced_article(doc));
        out.extend(cut_off(doc, a));
        out.sort_by_key(|f| f.range.start);
        out
    }
}

fn unfilled(source: &str, range: Range<usize>) -> Finding {
    META.finding(
        range.clone(),
        format!("Unfilled placeholder: \"{}\"", &source[range]),
    )
    .with_help("Replace the placeholder with the real content")
}

/// The words of a name: split at `_`, `-`, spaces and lower-to-upper case changes.
fn name_words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if (matches!(c, '_' | '-' | ' ') || (c.is_uppercase() && prev_lower)) && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if !matches!(c, '_' | '-' | ' ') {
            cur.extend(c.to_lowercase());
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `{{ name }}` is a fill-in when it is not template syntax (`{{ end }}`, `{{ raw }}`) and one of
/// its words names what to fill in (`{{author_name}}`, `{{ Your Keyword }}`).
fn is_fill_in(a: &Artifacts, inner: &str) -> bool {
    let first = inner.split_whitespace().next().unwrap_or("");
    if a.template_keywords.iter().any(|k| k == first) {
        return false;
    }
    name_words(inner)
        .iter()
        .any(|w| a.fill_in_words.iter().any(|f| f.eq_ignore_ascii_case(w)))
}

/// The body uses template actions (Go/Hugo `{{ .Title }}`, `{{- if }}`, `{{ end }}`, Jinja or
/// Liquid `{% ... %}`): there a `{{ name }}` is a template variable, not a writer's fill-in.
/// Shortcodes (`{{< x >}}`, `{{% x %}}`) do not count: Hugo leaves other braces in content as text.
/// Nor does code: an action in a code span or block is shown to the reader as an example ("In
/// `{{ .Site.Params.currency }}` templates ..."), so it says nothing about the page's own braces.
fn has_template_actions(doc: &Document, a: &Artifacts) -> bool {
    let in_code = |at: usize| {
        doc.inline_code
            .iter()
            .chain(doc.code_blocks.iter().map(|c| &c.range))
            .any(|r| r.contains(&at))
    };
    let source: &str = &doc.source;
    let from = doc.body_start;
    // memmem: `match_indices` searches with two-way, byte by byte (3% of a blog's CPU).
    let outside = |pat: &'static str| {
        memchr::memmem::find_iter(&source.as_bytes()[from..], pat.as_bytes())
            .map(move |at| from + at)
            .filter(move |&at| !in_code(at))
    };
    if outside("{%").next().is_some() && outside("%}").next().is_some() {
        return true;
    }
    outside("{{").any(|at| {
        let rest = source[at + 2..].trim_start_matches('-').trim_start();
        if rest.starts_with(['.', '$', '/', '#', '^', '(']) {
            return true;
        }
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        a.template_keywords.contains(&word)
    })
}

/// A bracketed word that is itself the text of a link with a real target (`[[link]](https://…)`)
/// has been filled in.
fn in_filled_link(doc: &Document, range: &Range<usize>) -> bool {
    doc.links.iter().any(|l| {
        l.range.start <= range.start && range.end <= l.range.end && !l.url.trim().is_empty()
    })
}

/// `<your name>`, `<insert link>`: Markdown takes these for HTML tags and drops them from the
/// plain text, so they are searched in the source of each paragraph, outside inline code.
fn angle_placeholders(doc: &Document, a: &Artifacts) -> Vec<Finding> {
    let mut out = Vec::new();
    for block in &doc.blocks {
        let span = block.range();
        // Every match starts with `<`: a block without one is not searched (and an article
        // without one never compiles the regex). memchr: `str::contains` with a `char`
        // searches a word at a time, and this reads every paragraph's source.
        let Some(src) = doc
            .source
            .get(span.clone())
            .filter(|s| memchr::memchr(b'<', s.as_bytes()).is_some())
        else {
            continue;
        };
        for m in a.angle_fill_in.find_iter(src) {
            let range = span.start + m.start()..span.start + m.end();
            let in_code = doc
                .inline_code
                .iter()
                .chain(doc.code_blocks.iter().map(|c| &c.range))
                .any(|c| c.start < range.end && range.start < c.end);
            // `*<Your_Product_Name>*.Types.ps1xml`, `/home/<your name>/`: a documented naming
            // pattern in a path or file name, not a leftover.
            let after = doc.source[range.end..].trim_start_matches(['*', '_']);
            let before = doc.source[..range.start].trim_end_matches(['*', '_']);
            let in_name = after.starts_with(|c: char| c.is_alphanumeric() || c == '/' || c == '\\')
                || (after.starts_with('.') && after[1..].starts_with(char::is_alphanumeric))
                || before
                    .ends_with(|c: char| c.is_alphanumeric() || c == '/' || c == '\\' || c == '.');
            if !in_code && !in_name {
                out.push(unfilled(&doc.source, range));
            }
        }
    }
    out
}

/// An assistant's opening at the start of the first paragraph or the first heading.
fn preamble(doc: &Document, a: &Artifacts) -> Option<Finding> {
    let first_block = doc.blocks.first().map(|b| &b.text);
    let first_heading = doc.headings.first().map(|h| &h.text);
    for text in [first_block, first_heading].into_iter().flatten() {
        let plain = text.text.trim_start();
        let lead = text.text.len() - plain.len();
        let lower = plain.to_lowercase().replace('\u{2019}', "'");
        if let Some(opener) = a.openers.iter().find(|o| lower.starts_with(o.as_str())) {
            // The opener's length in the original text (lower-casing keeps ASCII lengths; the
            // curly apostrophe is 3 bytes, the straight one 1).
            let end = plain
                .char_indices()
                .nth(opener.chars().count())
                .map_or(plain.len(), |(i, _)| i);
            let range = text.range_to_source(lead..lead + end);
            return Some(
                META.finding(
                    range,
                    format!(
                        "The article opens like a chat reply: \"{}\"",
                        plain[..end].trim()
                    ),
                )
                .with_help("Delete the assistant's preamble; start with the article itself"),
            );
        }
    }
    None
}

/// The whole body is one fenced block of Markdown.
fn fenced_article(doc: &Document) -> Option<Finding> {
    if !doc.headings.is_empty() || doc.code_blocks.len() != 1 {
        return None;
    }
    let block = &doc.code_blocks[0];
    let info = block.info.trim().to_ascii_lowercase();
    let inner = doc.source.get(block.range.clone())?;
    let looks_markdown = matches!(info.as_str(), "markdown" | "md" | "mdx")
        || (info.is_empty()
            && inner.lines().skip(1).any(|l| {
                let t = l.trim_start();
                t.starts_with("# ") || t.starts_with("## ")
            }));
    // Only a short preamble may stand outside the fence.
    let outside: usize = doc.prose().block_words.iter().map(|&n| n as usize).sum();
    let body = doc.body().trim();
    let covers = block.range.len() * 10 >= body.len() * 8;
    (looks_markdown && covers && outside <= 30).then(|| {
        META.finding(
            block.range.start..block.range.start + inner.find('\n').unwrap_or(inner.len()),
            "The whole article is wrapped in a code fence, so it renders as code",
        )
        .with_help("Remove the opening and closing ``` lines")
    })
}

/// The last paragraph stops in mid-sentence.
fn cut_off(doc: &Document, a: &Artifacts) -> Option<Finding> {
    let (index, block) = doc.blocks.iter().enumerate().next_back()?;
    if block.kind != BlockKind::Paragraph
        || block.in_list
        || block.in_blockquote
        || block.in_footnote
    {
        return None;
    }
    let span = block.range();
    // Nothing but closing markup may follow it: no code, HTML, list, table, footnote or link.
    let rest = doc.source.get(span.end..)?;
    if !rest
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '*' | '_' | '~' | '`'))
    {
        return None;
    }
    if doc.headings.iter().any(|h| h.range.start >= span.end)
        || doc.code_blocks.iter().any(|c| c.range.start >= span.end)
        || doc.links.iter().any(|l| l.range.end >= span.end)
    {
        return None;
    }
    let text = block.text.text.trim_end();
    let last = text.chars().next_back()?;
    let words_in_text: Vec<(usize, &str)> = words(text).collect();
    let (last_at, last_word) = *words_in_text.last()?;
    let ends_on_word = last_at + last_word.len() == text.len();
    let dangling_punct = matches!(last, ',' | '-' | '\u{2013}' | '\u{2014}');
    if !(dangling_punct || (ends_on_word && last.is_alphabetic())) {
        return None;
    }
    let sentence_words = doc
        .prose()
        .sentences
        .iter()
        .rev()
        .find(|s| s.block == index)
        .map_or(0, |s| s.words);
    let dangling_word =
        ends_on_word && a.dangling.iter().any(|d| d.eq_ignore_ascii_case(last_word));
    // A long unpunctuated sentence is cut off only if it stops on an ordinary lower-case word:
    // a list of names ("..., Y. T. Chung") or a bare URL or path is a complete ending.
    let last_token = text.rsplit(char::is_whitespace).next().unwrap_or("");
    let plain_word = last_word.starts_with(|c: char| c.is_lowercase())
        && !last_token.contains(['/', '\\', '@', '=', '_', '.']);
    if !(dangling_punct || dangling_word || (sentence_words >= 12 && plain_word)) {
        return None;
    }
    let tail = tail_range(&block.text, text, last_at);
    // Stopping on a word that cannot end a sentence ("the", "and") or on a comma is a cut; a
    // long last sentence that only lacks its full stop may be a complete one, so that is a
    // warning, not an error (a post on a real blog ended that way).
    let certain = dangling_punct || dangling_word;
    let mut finding = META
        .finding(
            tail,
            if certain {
                format!(
                    "The article ends in mid-sentence: \"...{}\"",
                    tail_excerpt(text)
                )
            } else {
                format!(
                    "The article's last sentence has no final punctuation: \"...{}\"; was it \
                     cut off?",
                    tail_excerpt(text)
                )
            },
        )
        .with_help("Finish the last sentence, or delete it");
    if !certain {
        finding.severity = crate::finding::Severity::Warning;
    }
    Some(finding)
}

/// The source range of the last word (through the end of the text).
fn tail_range(text: &PlainText, trimmed: &str, last_word_at: usize) -> Range<usize> {
    text.range_to_source(last_word_at..trimmed.len())
}

/// The last few words of a text, for the message.
fn tail_excerpt(text: &str) -> &str {
    let starts: Vec<usize> = words(text).map(|(at, _)| at).collect();
    let from = starts.len().checked_sub(6).map_or(0, |i| starts[i]);
    &text[from..]
}

/// Every regex of the rule (the differential test of `quick_regex` reads them).
#[cfg(test)]
pub(crate) fn quick_regexes() -> Vec<&'static QuickRegex> {
    let a = &*ARTIFACTS;
    vec![&a.placeholders, &a.brace_fill_in, &a.angle_fill_in]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::rules::testing::run;

    fn messages(src: &str) -> Vec<String> {
        run(&LlmArtifact, src)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn preambles_at_the_start_only() {
        let src = "Certainly! Here is the article you asked for.\n\n# Title\n\nText.\n";
        let f = run(&LlmArtifact, src);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(&src[f[0].range.clone()], "Certainly!");
        let src = "# Sure, here’s the blog post\n\nText.\n";
        assert_eq!(messages(src).len(), 1);
        // later in the text, "certainly" is an ordinary word
        assert!(messages("# T\n\nIt will certainly help. Sure, it works.\n").is_empty());
    }

    #[test]
    fn assistant_phrases_anywhere() {
        let m = messages("# T\n\nAs an AI language model, I can't browse. I hope this helps!\n");
        assert_eq!(m.len(), 2, "{m:?}");
    }

    #[test]
    fn every_placeholder_holds_a_needle() {
        let lexicon: Lexicon = data_file(
            "llm-artifacts.toml",
            crate::embedded_json!("rules/data/llm-artifacts.toml"),
        );
        fn strs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        for pattern in &lexicon.placeholders {
            crate::text::precheck::testing::assert_needles_cover(
                pattern,
                &strs(&lexicon.placeholder_needles),
            );
        }
        crate::text::precheck::testing::assert_needles_cover(
            &lexicon.brace_fill_in,
            &strs(&lexicon.brace_fill_in_needles),
        );
        // `angle_placeholders` searches only source blocks that hold a `<`.
        crate::text::precheck::testing::assert_needles_cover(&lexicon.angle_fill_in, &["<"]);
    }

    #[test]
    fn the_gates_never_turn_away_a_placeholder() {
        let a = &*ARTIFACTS;
        let words = [
            "[insert link here]",
            "[ Your name ]",
            "[company",
            "TODO: add",
            "todo : check",
            "lorem ipsum",
            "LOREM IPSUM",
            "XX%",
            "nnn %",
            "{{ author_name }}",
            "{{name}}",
            "{{ .Title }}",
            "[",
            "]",
            "{{",
            "}}",
            "your",
            "name",
            "link",
            "the",
            "%",
        ];
        let texts = crate::text::precheck::testing::texts(&words, 13, 5_000);
        for (re, gate) in [
            (a.placeholders.full(), PLACEHOLDERS_GATE.get()),
            (a.brace_fill_in.full(), BRACE_FILL_IN_GATE.get()),
        ] {
            assert!(gate.is_selective(), "{re}");
            let (matched, skipped) = crate::text::precheck::testing::assert_sound(re, gate, &texts);
            assert!(matched > 100 && skipped > 100, "{re}: {matched} {skipped}");
        }
    }

    #[test]
    fn placeholders() {
        let src = "# T\n\nSales grew by XX% in [Insert year]. Contact {{author_name}}. \
TODO: add a chart. Lorem ipsum dolor.\n";
        let m = messages(src);
        assert_eq!(m.len(), 5, "{m:?}");
        // Hugo shortcodes, template actions and footnote-like brackets are not placeholders
        let ok = "# T\n\nUse {{< ref \"x\" >}} or {{ .Title }} here [see above]. The TODO list \
grows. Link [your profile](https://x.y).\n";
        assert!(messages(ok).is_empty(), "{:?}", messages(ok));
    }

    #[test]
    fn template_syntax_is_not_a_placeholder() {
        for ok in [
            // Go/Hugo actions, with trim markers, and Jinja/Liquid tags
            "# T\n\nThe loop closes with {{ end }} after {{- if .Draft -}} and {{ .Title }}.\n",
            "# T\n\nWrite {% include note.html %} then {{ page_name }} in the layout.\n",
            // shortcodes
            "# T\n\nSee {{< ref \"install\" >}} and {{% note %}}text{{% /note %}}.\n",
            // an action whose argument was inline code: `{{raw }}` is not in the file
            "# T\n\nRun `make` and keep {{raw `a{{b}}`}} as it is.\n",
            // a cross-reference macro, not a fill-in
            "# T\n\nPorts come from the registry at {{PrometheusPorts}} and {{normalization}}.\n",
            // a link whose text is a bracketed word is filled
            "# T\n\nFind me on LinkedIn: [[link]](https://example.com/me).\n",
            "# T\n\nThe tag `<your name>` in code is an example.\n",
            // a documented naming pattern
            "# T\n\nName the file *<Your_Product_Name>*.Types.ps1xml and save it.\n",
        ] {
            assert!(messages(ok).is_empty(), "{ok:?}: {:?}", messages(ok));
        }
    }

    #[test]
    fn a_template_action_shown_in_code_does_not_excuse_a_fill_in() {
        for src in [
            "# T\n\nWritten by {{author_name}}.\n\nIn `{{ .Site.Params.currency }}` templates the sign is set.\n",
            "# T\n\nWritten by {{author_name}}.\n\n```\n{{ range .Pages }}{{ end }}\n```\n",
        ] {
            assert_eq!(messages(src).len(), 1, "{src:?}: {:?}", messages(src));
        }
        // the same action in the prose makes the page a template: its braces are variables
        let template = "# T\n\nWritten by {{author_name}} in {{ .Site.Title }}.\n";
        assert!(messages(template).is_empty(), "{:?}", messages(template));
    }

    #[test]
    fn fill_ins_are_placeholders_and_quoted_from_the_file() {
        let src = "# T\n\nWritten by {{ Author Name }} for {{COMPANY_NAME}}, signed <your name>.\n";
        let f = run(&LlmArtifact, src);
        assert_eq!(f.len(), 3, "{f:?}");
        for finding in &f {
            let quoted = &src[finding.range.clone()];
            assert_eq!(
                finding.message,
                format!("Unfilled placeholder: \"{quoted}\"")
            );
        }
        assert_eq!(&src[f[2].range.clone()], "<your name>");
        // with template actions elsewhere, a braced name is a template variable
        let tpl = "# T\n\n{{ if .Params.show }}Written by {{ author_name }}{{ end }}.\n";
        assert!(messages(tpl).is_empty(), "{:?}", messages(tpl));
    }

    #[test]
    fn name_words_split() {
        assert_eq!(name_words("authorName"), ["author", "name"]);
        assert_eq!(name_words("COMPANY_NAME"), ["company", "name"]);
        assert_eq!(name_words("Your Keyword"), ["your", "keyword"]);
    }

    #[test]
    fn fenced_article() {
        let src = "```markdown\n# Title\n\nSome text here.\n\n## Part\n\nMore text.\n```\n";
        let f = run(&LlmArtifact, src);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(&src[f[0].range.clone()], "```markdown");
        // an article with a code sample is not wrapped
        let ok = "# Title\n\nText.\n\n```md\n# Example\n```\n";
        assert!(run(&LlmArtifact, ok).is_empty());
        // a code-only page in another language is not an article in a fence
        assert!(run(&LlmArtifact, "```rust\nfn main() {}\n```\n").is_empty());
    }

    #[test]
    fn cut_off_last_sentence() {
        let m = messages("# T\n\nFirst. The future of AI depends on the\n");
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].ends_with("depends on the\""), "{}", m[0]);
        let long = "# T\n\nFirst. Leaders can guide their organizations in leveraging models to \
innovate and improve efficiency across teams\n";
        assert_eq!(messages(long).len(), 1);
        assert_eq!(messages("# T\n\nFirst. It ends with a comma,\n").len(), 1);
        // A cut is certain on a dangling word or comma (an error); a long sentence that only
        // lacks its full stop may be complete (a warning).
        let severities = |src: &str| -> Vec<Severity> {
            run(&LlmArtifact, src).iter().map(|f| f.severity).collect()
        };
        assert_eq!(
            severities("# T\n\nFirst. The future of AI depends on the\n"),
            vec![Severity::Error]
        );
        assert_eq!(severities(long), vec![Severity::Warning]);
    }

    #[test]
    fn complete_or_exempt_endings() {
        for ok in [
            "# T\n\nIt ends well.\n",
            "# T\n\nDone!\n",
            "# T\n\nWhat next?\n",
            "# T\n\nThe Rust Release Team\n",
            "# T\n\nHappy hacking\n",
            "# T\n\nText.\n\n- a list item without the\n",
            "# T\n\nText.\n\n## Heading without the\n",
            "# T\n\nHere is the code for the\n\n```rust\nfn main() {}\n```\n",
            "# T\n\nSee the [announcement of the](https://x.y)\n",
            "# T\n\n> A quote that stops with the\n",
            "# T\n\nThe end is **near**\n",
            "# T\n\nThanks to Ann Lee, Bob Stone, Carl Diaz, Dana Ito, Eve Park and Y. T. Chung\n",
            "# T\n\nThe known issues for this release are listed at https://example.com/known-issues\n",
            "",
        ] {
            assert!(messages(ok).is_empty(), "{ok:?}: {:?}", messages(ok));
        }
    }
}
