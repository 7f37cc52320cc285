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
