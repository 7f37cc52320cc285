use super::*;

fn parse(src: &str) -> Document {
    Document::parse(src.to_string()).unwrap()
}

#[test]
fn atx_and_setext_headings_with_levels_and_text() {
    let doc = parse("Title\n=====\n\n## Part *one*\n\nSub\n---\n\n### Deep #\n");
    let hs: Vec<_> = doc
        .headings
        .iter()
        .map(|h| (h.level, h.plain().to_string(), h.setext))
        .collect();
    assert_eq!(
        hs,
        vec![
            (1, "Title".to_string(), true),
            (2, "Part one".to_string(), false),
            (2, "Sub".to_string(), true),
            (3, "Deep".to_string(), false),
        ]
    );
    assert_eq!(&doc.source[doc.headings[0].range.clone()], "Title\n=====");
}

#[test]
fn code_is_not_prose_or_headings() {
    let src = "# T\n\n```md\n# not a heading\nwords words\n```\n\n    # indented\n\nUse `# inline` here.\n";
    let doc = parse(src);
    assert_eq!(doc.headings.len(), 1);
    assert_eq!(doc.code_blocks.len(), 2);
    assert!(doc.code_blocks[0].fenced);
    assert_eq!(doc.code_blocks[0].info, "md");
    assert!(!doc.code_blocks[1].fenced);
    assert_eq!(doc.blocks.len(), 1);
    assert_eq!(doc.blocks[0].text.text, "Use  here.");
    assert_eq!(doc.inline_code.len(), 1);
    assert_eq!(doc.prose().word_count, 1 + 2);
}

#[test]
fn ranges_and_positions_count_front_matter_and_crlf() {
    let src = "---\r\ntitle: T\r\n---\r\n# Head\r\n\r\nSome text with café and a target.\r\n";
    let doc = parse(src);
    assert_eq!(doc.body_start, 20);
    let block = &doc.blocks[0];
    let at = block.text.text.find("target").unwrap();
    let range = block.text.range_to_source(at..at + 6);
    assert_eq!(&src[range.clone()], "target");
    let pos = doc.position(range.start);
    // line 6 (3 front-matter lines, heading, blank), column counted in characters
    assert_eq!(
        pos,
        Position {
            line: 6,
            column: 27
        }
    );
    assert_eq!(
        doc.position(doc.headings[0].range.start),
        Position { line: 4, column: 1 }
    );
}

#[test]
fn lists_links_images_quotes_and_sections() {
    let src = "# T\n\nIntro with [a link](https://x.org) and ![alt text](a.png).\n\n## Steps\n\n- one\n- two\n  - nested\n\n> quoted words\n\n## Empty\n## End\n\n1. first\n";
    let doc = parse(src);
    assert_eq!(doc.links.len(), 1);
    assert!(doc.links[0].is_external());
    assert_eq!(doc.links[0].text, "a link");
    assert_eq!(doc.images[0].alt, "alt text");
    assert_eq!(doc.blocks[0].text.text, "Intro with a link and .");
    let items: Vec<_> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::ListItem)
        .map(|b| b.text.text.as_str())
        .collect();
    assert_eq!(items, vec!["one", "two", "nested", "first"]);
    assert_eq!(doc.lists.len(), 3);
    assert_eq!(doc.lists[0].items, 2);
    assert_eq!(doc.lists[1].depth, 2);
    assert!(doc.lists[2].ordered);
    assert!(
        doc.blocks
            .iter()
            .any(|b| b.in_blockquote && b.text.text == "quoted words")
    );
    // sections: before-first-heading, T, Steps, Empty, End
    assert_eq!(doc.sections.len(), 5);
    assert_eq!(doc.sections[3].blocks.len(), 0);
    assert_eq!(doc.sections[2].blocks.len(), 4);
    assert_eq!(
        doc.first_paragraph().unwrap().text.text,
        "Intro with a link and ."
    );
}

#[test]
fn empty_and_whitespace_files() {
    for src in ["", "\n\n", "---\n---\n"] {
        let doc = parse(src);
        assert!(doc.headings.is_empty());
        assert_eq!(doc.prose().word_count, 0);
    }
}

#[test]
fn entities_and_escapes_map_to_their_source() {
    let src = "Fish &amp; chips \\*not\\* here.";
    let doc = parse(src);
    let t = &doc.blocks[0].text;
    assert_eq!(t.text, "Fish & chips *not* here.");
    let at = t.text.find("here").unwrap();
    assert_eq!(&src[t.range_to_source(at..at + 4)], "here");
}

fn prose_texts(doc: &Document) -> Vec<&str> {
    doc.blocks.iter().map(|b| b.text.text.trim()).collect()
}

#[test]
fn shortcodes_are_not_prose_but_their_inner_markdown_is() {
    let src = "# T\n\n{{< tabpane >}}\n{{% tab header=\"Linux\" %}}\nRun the tool.\n{{% /tab %}}\n{{< /tabpane >}}\n\nSee{{< ref \"x\" >}}here and {{< new-in 0.12 >}} today.\n";
    let doc = parse(src);
    assert_eq!(prose_texts(&doc), ["Run the tool.", "See here and  today."]);
    assert_eq!(doc.prose().sentences.len(), 2);
    assert_eq!(doc.prose().word_count, 1 + 3 + 4);
    let names: Vec<_> = doc.shortcodes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["tabpane", "tab", "ref", "new-in"]);
    // Ranges still map to the source exactly.
    let b = &doc.blocks[1].text;
    let at = b.text.find("here").unwrap();
    assert_eq!(&src[b.range_to_source(at..at + 4)], "here");
    assert!(doc.in_syntax(src.find("ref").unwrap()));
    assert!(!doc.in_syntax(src.find("Run").unwrap()));
}

#[test]
fn template_syntax_in_code_stays_code() {
    let src = "Use `{{ .Title }}` in a {{ .Site.Title }} layout.\n\n```go-html-template\n{{ range .Pages }}{{ end }}\n```\n";
    let doc = parse(src);
    assert_eq!(prose_texts(&doc), ["Use  in a  layout."]);
    assert_eq!(doc.syntax.len(), 1);
    assert_eq!(&src[doc.syntax[0].range.clone()], "{{ .Site.Title }}");
}

#[test]
fn alerts_mdx_comments_and_html_are_not_prose() {
    let src = "import Tabs from '@theme/Tabs';\n\n> [!NOTE]\n> Read this first.\n\n<!-- a\n\nblock comment -->\n\n<Tabs>\n\nTab text here.\n\n</Tabs>\n\nInline <!-- hidden --> words.\n";
    let doc = parse(src);
    assert_eq!(
        prose_texts(&doc),
        ["Read this first.", "Tab text here.", "Inline  words."]
    );
    let kinds: Vec<_> = doc.syntax.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SyntaxKind::MdxStatement,
            SyntaxKind::AlertMarker,
            SyntaxKind::Comment,
            SyntaxKind::JsxTag,
            SyntaxKind::JsxTag,
            SyntaxKind::Comment,
        ]
    );
    assert_eq!(&src[doc.syntax[1].range.clone()], "[!NOTE]");
}

#[test]
fn a_paragraph_of_syntax_alone_is_other_content() {
    let doc = parse("## A\n\n{{< figure src=\"a.png\" >}}\n\n## B\n\n{{ partial \"x\" . }}\n");
    assert!(doc.blocks.is_empty());
    assert_eq!(doc.sections[1].other_content, 1);
    assert_eq!(doc.sections[2].other_content, 1);
}

#[test]
fn html_and_shortcode_images() {
    let src = "<p><img\n  class=\"x\" alt='A cat' src=\"cat.png\"></p>\n\nText <img src=b.png alt=\"\"> and {{< figure src=\"c.png\" title=\"Flow\" >}} and {{< gallery >}} ![](d.png).\n\n<!-- <img src=\"e.png\"> -->\n";
    let doc = parse(src);
    let md_html: Vec<_> = doc
        .images
        .iter()
        .map(|i| (i.kind, i.url.as_str(), i.alt.as_str(), i.decorative))
        .collect();
    assert_eq!(
        md_html,
        [
            (ImageKind::Html, "cat.png", "A cat", false),
            (ImageKind::Html, "b.png", "", true),
            (ImageKind::Markdown, "d.png", "", false),
        ]
    );
    let all = doc.images_with(&["figure".to_string()]);
    assert_eq!(all.len(), 4);
    assert_eq!(all[2].kind, ImageKind::Shortcode);
    assert_eq!(
        (all[2].url.as_str(), all[2].alt.as_str()),
        ("c.png", "Flow")
    );
    assert!(all[2].has_alt() && all[1].has_alt() && !all[3].has_alt());
    assert_eq!(
        &src[all[0].range.clone()],
        "<img\n  class=\"x\" alt='A cat' src=\"cat.png\">"
    );
}

#[test]
fn hyphenated_slashed_and_numeric_words_are_one_word() {
    let doc = parse("Fine-tuning and/or client/server costs 10,000 dollars in 2024.\n");
    assert_eq!(doc.prose().word_count, 8);
    let s = &doc.prose().sentences[0];
    assert_eq!(s.words, 8);
    // fine-tuning 3, and/or 2, client/server 4, costs 1, 10,000 1, dollars 2, in 1, 2024 1
    assert_eq!(s.syllables, 15);
}

#[test]
fn code_shortcodes_hold_code_not_prose() {
    let src = "Intro text.\n\n{{< highlight toml >}}\n# not a heading\ntitle = 'x'\n{{< /highlight >}}\n\n{{< code-toggle >}}\nbaseURL = 'y'\n{{< /code-toggle >}}\n";
    let doc = parse(src);
    assert!(doc.headings.is_empty());
    assert_eq!(prose_texts(&doc), ["Intro text.", "baseURL = 'y'"]);
    let names = ["code-toggle".to_string()];
    let doc = Document::parse_with(
        src.to_string(),
        &ParseOptions {
            code_shortcodes: &names,
        },
    )
    .unwrap();
    assert_eq!(doc.headings.len(), 1, "highlight is not configured here");
    assert_eq!(prose_texts(&doc), ["Intro text.", "title = 'x'"]);
    assert!(
        doc.syntax
            .iter()
            .any(|s| s.kind == SyntaxKind::ShortcodeCode)
    );
}

/// Every part of a block's text maps into the block's source span: rules test a block's span
/// first, and map a sentence's words only when the span says they may matter (inline code
/// next to a sentence's opener, in `clarity/consecutive-openers`).
#[test]
fn parts_of_a_block_map_within_its_span() {
    let src = "---\ntitle: T\n---\n# T &amp; U\n\nUse `a` and &copy; \\* esc *em* [link](u) \
               ![img](i.png \"t\")  \nline two[^1] {{< ref \"x\" >}} <b>html</b>.\r\n\r\n\
               - item `b` one\n  lazy &#42; line\n- two\n\n> quote **bold** `c`\n>\n> more\n\n\
               | a | b |\n|---|---|\n| `x` &lt; | y |\n\n[^1]: Note *here*.\n\nLast, \
               {{% shortcode %}}inner *md*{{% /shortcode %}} end.\n";
    let doc = parse(src);
    assert!(doc.blocks.len() >= 5);
    for block in &doc.blocks {
        let text = &block.text.text;
        let span = block.range();
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (a, &start) in bounds.iter().enumerate() {
            for &end in &bounds[a..] {
                let mapped = block.text.range_to_source(start..end);
                assert!(
                    span.start <= mapped.start && mapped.end <= span.end,
                    "{:?} of {text:?}: {mapped:?} outside {span:?}",
                    &text[start..end]
                );
            }
        }
    }
}

/// A file without an opener of template syntax is built from pulldown-cmark's events as they
/// come; one with an opener outside code keeps them, from the first that meets one, until the
/// syntax scan has the code ranges. Both paths build the same document from the same Markdown.
#[test]
fn events_read_as_they_come_build_what_kept_events_build() {
    let markdown = "---\ntitle: T\n---\n# Title\n\nA paragraph with `code`, a [link](https://x.y) \
and ![an image](i.png).\n\n## Part\n\n- one item\n- two *items*\n\n> A quote.[^1]\n\n| a | b |\n\
|---|---|\n| c | d |\n\n```rust\nlet x = 1;\n```\n\n[^1]: A note.\n";
    let streamed = parse(markdown);
    assert!(!syntax::may_hold_syntax(&markdown[streamed.body_start..]));
    let kept = parse(&format!("{markdown}\n<!-- the end -->\n"));
    assert_eq!(kept.syntax.len(), 1);
    let shape = |d: &Document| {
        format!(
            "{:?}",
            (
                &d.headings,
                &d.blocks,
                &d.links,
                &d.images,
                &d.code_blocks,
                &d.inline_code,
                &d.footnote_refs,
                &d.blockquotes,
                &d.lists,
            )
        )
    };
    assert_eq!(shape(&streamed), shape(&kept));
    assert_eq!(streamed.prose().word_count, kept.prose().word_count);
    assert!(streamed.blocks.len() >= 6, "{:?}", streamed.blocks);
}

/// The quick test for `<img` answers as the comparison of every four bytes it replaced.
#[test]
fn may_hold_img_tag_matches_a_search_of_every_window() {
    let pieces = [
        "<", "img", "IMG", "iMg", "<i", "mg", " ", "x", "<im", "g", "é", ">",
    ];
    let mut rng = crate::testing::Rng(5);
    for _ in 0..5_000 {
        let html: String = (0..rng.below(8)).map(|_| *rng.pick(&pieces)).collect();
        let expected = html
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"<img"));
        assert_eq!(
            super::may_hold_img_tag(html.as_bytes()),
            expected,
            "{html:?}"
        );
    }
}

/// Events read as they come until one reaches an opener outside code build the document
/// that keeping every event of a file with an opener built: random files of template,
/// component and comment syntax, in code and out of it, in every kind of block.
#[test]
fn streamed_events_build_what_kept_events_build() {
    let pieces = [
        "# Heading {{< x >}}",
        "## Part",
        "Setext {{ .T }}\n---",
        "Text with `Vec<T>` and `{{ .Title }}` code.",
        "Text with {{< ref \"a.md\" >}} a shortcode.",
        "{{< highlight go >}}\n# not a heading\n{{< /highlight >}}",
        "```\nlet v: Vec<T> = {{ x }};\n<!-- in code -->\n```",
        "    indented <Tabs> code {{ y }}",
        "<!-- a comment -->",
        "Prose <!-- inline comment --> goes on.",
        "> [!NOTE]\n> An alert with `<T>`.",
        "> [!TIP] Titled\n> text",
        "> A quote with {{% q %}} in it.",
        "<Tabs>\n<TabItem value=\"a\">\n\nInner text.\n\n</TabItem>\n</Tabs>",
        "import Tabs from '@theme/Tabs';",
        "export const x = 1;",
        "<div><img src=\"a.png\" alt=\"A\"></div>",
        "Inline <img src=\"b.png\" alt=\"B\"> html and <span>x</span>.",
        "A [link {{% x %}}](https://a/{{ .URL }}) here.",
        "![alt {{ .Alt }}](i.png)",
        "- item `<Vec>`\n- item {{< y >}}\n  - nested <Note>n</Note>",
        "| a | `<T>` |\n|---|---|\n| {{ b }} | c |",
        "Text[^1].\n\n[^1]: Note {{< z >}}.",
        "{/* a jsx comment */}",
        "Plain sentence with no syntax at all.",
        "Unclosed {{ opener and <Open",
        "A `code` then <Capital> tag.",
        "Escaped \\{{ and &amp; entity `{{`.",
        "Line one  \nline two {{ .X }}",
        "`<T>` first, then [!NOTE] in text.",
        "{{< img src=\"c.png\" alt=\"C\" >}}",
        "[a link](https://a/{{.URL}})`code` after.",
        "![an image](x/{{.Y}}.png)`<T>`",
        "## `<T>` types",
        "<!--\na comment\nof lines\n-->",
        "<!-- x --> text after the comment on its line",
        "Starts <!-- opened\n\nin another paragraph --> closed.",
        "<!-- <img src=\"hidden.png\" alt=\"H\"> -->",
        "Inline <!-- <img src=\"h.png\"> --> and <img src=\"v.png\" alt=\"V\"> after.",
        "<!-->",
        "An empty <!--> comment and <!---> another.",
        "<!-- unclosed comment",
        "> <!-- in a quote -->\n> text",
        "- item <!-- c -->\n- item two",
        "| a <!-- c --> | b |\n|---|---|\n| c | d |",
        "### Heading <!-- c --> text",
        "[link <!-- c --> text](u)",
        "<div>\n<!-- c -->\n<img src=\"d.png\" alt=\"D\">\n</div>",
        "<!-- a --> {{ .T }} <!-- b -->",
        "<!-- {{< x >}} -->",
        "<!--> <img src=\"e.png\" alt=\"E\"> -->",
        "Inline <!--> <img src=\"f.png\" alt=\"F\"> --> here.",
    ];
    let mut rng = crate::testing::Rng(0x9e37_79b9_7f4a_7c15);
    let mut with_opener = 0;
    for _ in 0..3_000 {
        let mut markdown = String::new();
        if rng.below(3) == 0 {
            markdown.push_str("---\ntitle: T\n---\n");
        }
        for i in 0..1 + rng.below(8) {
            if i > 0 {
                markdown.push_str(if rng.below(4) == 0 { "\n" } else { "\n\n" });
            }
            markdown.push_str(pieces[rng.below(pieces.len())]);
        }
        let streamed = parse(&markdown);
        KEEP_EVENTS.set(true);
        let kept = parse(&markdown);
        KEEP_EVENTS.set(false);
        with_opener += usize::from(syntax::may_hold_syntax(&markdown[kept.body_start..]));
        assert_eq!(format!("{streamed:?}"), format!("{kept:?}"), "{markdown:?}");
    }
    assert!(with_opener > 2_000, "{with_opener}");
}
