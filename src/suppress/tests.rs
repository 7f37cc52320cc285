use super::*;
use crate::engine::Linter;

fn parse(inner: &str) -> Result<(DirectiveKind, Vec<String>, Option<String>), String> {
    parse_comment(inner)
}

#[test]
fn comments_parse_into_kind_names_and_reason() {
    assert_eq!(
        parse("contentlint-disable-next-line a/b, c -- quoted, verbatim -- twice"),
        Ok((
            DirectiveKind::DisableNextLine,
            vec!["a/b".into(), "c".into()],
            Some("quoted, verbatim -- twice".into())
        ))
    );
    assert_eq!(
        parse("contentlint-disable"),
        Ok((DirectiveKind::Disable, vec![], None))
    );
    assert_eq!(
        parse("contentlint-disable -- why"),
        Ok((DirectiveKind::Disable, vec![], Some("why".into())))
    );
    assert_eq!(
        parse("contentlint-enable a b"),
        Ok((DirectiveKind::Enable, vec!["a".into(), "b".into()], None))
    );
    // an empty reason is no reason
    assert_eq!(
        parse("contentlint-disable-file x --"),
        Ok((DirectiveKind::DisableFile, vec!["x".into()], None))
    );
    // a hyphen pair inside a name is not a reason
    assert_eq!(
        parse("contentlint-disable my--pack/x"),
        Ok((DirectiveKind::Disable, vec!["my--pack/x".into()], None))
    );
    let e = parse("contentlint-disable-nextline x").unwrap_err();
    assert!(
        e.contains("did you mean `contentlint-disable-next-line`?"),
        "{e}"
    );
    assert!(parse("contentlint-disable:x").is_err());
}

fn doc(text: &str) -> Document {
    Document::parse(text.to_string()).unwrap()
}

fn target_text(text: &str, after: &str) -> Option<String> {
    let d = doc(text);
    let at = text.find(after).unwrap() + after.len();
    next_line_target(&d, at).map(|r| text[r].to_string())
}

#[test]
fn next_line_is_the_next_non_blank_line_and_the_block_it_starts() {
    let c = "<!-- c -->";
    assert_eq!(
        target_text(&format!("{c}\n\n\nOne\ntwo.\n\nThree.\n"), c).as_deref(),
        Some("One\ntwo.")
    );
    // a list item, not the whole list
    assert_eq!(
        target_text(&format!("- a\n  {c}\n- b\n  c\n- d\n"), c).as_deref(),
        Some("- b\n  c")
    );
    // a whole table
    assert_eq!(
        target_text(
            &format!("{c}\n| a | b |\n|---|---|\n| c | d |\n\nAfter.\n"),
            c
        )
        .as_deref(),
        Some("| a | b |\n|---|---|\n| c | d |")
    );
    // a fenced block
    assert_eq!(
        target_text(&format!("{c}\n```\nx\n\ny\n```\n\nAfter.\n"), c).as_deref(),
        Some("```\nx\n\ny\n```")
    );
    // a heading
    assert_eq!(
        target_text(&format!("{c}\n## H\n\nText.\n"), c).as_deref(),
        Some("## H")
    );
    // a comment inside a paragraph: the rest of its line is not the next line
    assert_eq!(
        target_text(&format!("One {c} more\ntwo\nthree\n"), c).as_deref(),
        Some("two")
    );
    // nothing after it
    assert_eq!(target_text(&format!("Text.\n{c}\n\n"), c), None);
    assert_eq!(target_text(&format!("Text.\n{c}"), c), None);
}

#[test]
fn front_matter_disable_reads_yaml_and_toml_and_reports_what_it_cannot_read() {
    let found = directives(&doc(
        "---\ntitle: T\ncontentlint: { disable: [a/b, c], reason: why }\n---\n# T\n",
    ));
    let d = &found.directives[0];
    assert_eq!(d.kind, DirectiveKind::FrontMatter);
    assert_eq!(d.names, ["a/b", "c"]);
    assert_eq!(d.reason.as_deref(), Some("why"));
    let found = directives(&doc(
        "+++\ntitle = \"T\"\n[contentlint]\ndisable = \"a/b\"\n+++\n# T\n",
    ));
    assert_eq!(found.directives[0].names, ["a/b"]);
    for bad in [
        "contentlint: [a/b]",
        "contentlint: { disabel: [a/b] }",
        "contentlint: { disable: [1] }",
        "contentlint: { reason: why }",
    ] {
        let found = directives(&doc(&format!("---\n{bad}\n---\n# T\n")));
        assert!(found.directives.is_empty(), "{bad}");
        assert_eq!(found.malformed.len(), 1, "{bad}");
        // pointed at the key's line
        assert_eq!(found.malformed[0].range.start, 4, "{bad}");
    }
}

#[test]
fn jsx_comments_are_directives_too() {
    let found = directives(&doc("{/* contentlint-disable-file a/b */}\n\nText.\n"));
    assert_eq!(found.directives.len(), 1);
    assert_eq!(found.directives[0].kind, DirectiveKind::DisableFile);
}

/// Every finding of an article, suppressed through the language server's edit: inserted, the
/// comment takes out that finding, is used, and leaves the lists, tables and paragraphs as
/// they were.
#[test]
fn the_editor_edit_suppresses_its_finding_and_keeps_the_blocks() {
    let source = "---\ntitle: 12345\n---\n# Why we wait in order to win\n\nIntro text that \
                  you should NEVER skip,\nand ALWAYS read to the end.\n\n- one item\n- a second \
                  item you should NEVER skip\n  - nested, ALWAYS\n\n> A quote that says hi\n> on \
                  two lines, in order to win.\n\n| a | b |\n|---|---|\n| x | in order to do it \
                  |\n\n1. first\n2. ALWAYS second\n";
    let linter = Linter::with_config(Config::default());
    let before = linter
        .lint_source("e.md".as_ref(), source.to_string())
        .unwrap();
    let base = doc(source);
    let shape = |d: &Document| {
        (
            d.lists.len(),
            d.blocks.len(),
            d.blockquotes.len(),
            d.headings.len(),
        )
    };
    let mut tried = 0;
    for f in before.findings.iter().filter(|f| {
        matches!(
            f.rule.as_str(),
            "style/shouting"
                | "frontmatter/invalid-field"
                | "clarity/wordy-phrase"
                | "seo/text-length"
        )
    }) {
        let (at, text, _) = disable_comment_edit(&base, f.offset..f.offset + f.length, &f.rule);
        let mut edited = source.to_string();
        edited.insert_str(at, &text);
        let after = linter.lint_source("e.md".as_ref(), edited.clone()).unwrap();
        let gone = after
            .suppressed
            .iter()
            .any(|s| s.finding.rule == f.rule && s.finding.message == f.message);
        assert!(gone, "{} at {}:\n{edited}", f.rule, f.line);
        assert!(
            !after
                .findings
                .iter()
                .any(|g| g.rule == "meta/unused-suppression"),
            "{edited}"
        );
        assert_eq!(shape(&doc(&edited)), shape(&base), "{edited}");
        tried += 1;
    }
    assert_eq!(tried, 9, "{:#?}", before.findings);
}

#[test]
fn editor_edit_in_crlf_text_keeps_crlf() {
    let source = "# T\r\n\r\nYou should NEVER.\r\n";
    let at = source.find("NEVER").unwrap();
    let (at, text, kind) = disable_comment_edit(&doc(source), at..at + 5, "x/y");
    assert_eq!(kind, DirectiveKind::DisableNextLine);
    assert_eq!(at, source.find("You").unwrap());
    assert_eq!(text, "<!-- contentlint-disable-next-line x/y -->\r\n");
}

fn meta_messages(report: &crate::report::FileReport) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == META_RULE)
        .map(|f| f.message.clone())
        .collect()
}

#[test]
fn a_suppression_of_every_rule_keeps_the_gates_and_names_them() {
    let linter = Linter::with_config(Config::default());
    let source = "# One section\n\n<!-- contentlint-disable-file -- a stub -->\n\nYou should \
                  NEVER do this.\n";
    let r = linter.lint_source("g.md".as_ref(), source.into()).unwrap();
    // the gates stay, everything else is gone
    let mut gates = r.hard_gates.clone();
    gates.sort();
    assert_eq!(gates, ["structure/conclusion", "structure/min-h2"]);
    let left: Vec<&str> = r
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .filter(|id| *id != META_RULE)
        .collect();
    assert_eq!(left, ["structure/conclusion", "structure/min-h2"]);
    assert!(
        r.suppressed
            .iter()
            .any(|s| s.finding.rule == "style/shouting")
    );
    let m = meta_messages(&r);
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        m.iter()
            .any(|x| x.contains("`structure/min-h2` (a hard gate)")),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|x| x.contains("`structure/conclusion` (a hard gate)")),
        "{m:?}"
    );
}

#[test]
fn a_misspelt_enable_is_reported_once() {
    let linter = Linter::with_config(Config::default());
    let source = "# T\n\n<!-- contentlint-disable style/shouting -->\n\nYou should NEVER.\n\n\
                  <!-- contentlint-enable style/shoting -->\n";
    let r = linter.lint_source("e.md".as_ref(), source.into()).unwrap();
    let m = meta_messages(&r);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("did you mean `style/shouting`?"), "{}", m[0]);
    assert_eq!(r.suppressed.len(), 1);
}
