//! One shape for every built-in rule: `declare_rule!` declares a rule's unit struct, its
//! [`RuleMeta`](super::RuleMeta) (`static META`) and its [`RuleExamples`], with the doc comment
//! as the rule's documentation (rustdoc shows it on the struct; `contentlint explain ID` and
//! the SARIF rule table show it reflowed by [`doc_text`]). The rule file then only implements
//! [`Rule`](super::Rule) for the struct.

/// Declares a built-in rule: its unit struct, `static META: RuleMeta` and `EXAMPLES`.
///
/// ````ignore
/// declare_rule! {
///     /// ### What
///     ///
///     /// An article has exactly one H1: its title.
///     ///
///     /// ### Why
///     ///
///     /// No H1 leaves search engines and screen readers without a page title.
///     ///
///     /// ### Example
///     ///
///     /// ```markdown
///     /// # Pre-training
///     /// # Fine-tuning
///     /// ```
///     ///
///     /// ### Config
///     ///
///     /// `[structure] title_is_h1`.
///     ///
///     /// ### Source
///     ///
///     /// The writer brief's required structure.
///     pub SingleH1 {
///         id: "structure/single-h1",
///         dimension: WebStructure,   // a `finding::Dimension` variant
///         severity: Error,           // the default `finding::Severity` variant
///         summary: "The article has exactly one H1 heading",
///         weight: 3.0,               // cost of one finding (x the severity factor)
///         cap: 30.0,                 // most the rule can cost one article
///         examples: {
///             fire: ["# One\n\ntext\n\n# Two\n"],   // each must give at least one finding
///             pass: ["# One\n\n## Two\n"],          // each must give none
///         },
///     }
/// }
///
/// impl Rule for SingleH1 {
///     fn meta(&self) -> &RuleMeta {
///         &META
///     }
///     fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
///         // ... META.finding(range, message) ...
///     }
/// }
/// ````
///
/// The doc comment is Markdown written as ordinary `///` lines, in the sections What, Why,
/// Example, Config and Source (`### What` ...; leave out those that do not apply). Put code and
/// literal examples in fenced blocks with a language (```` ```markdown ````, ```` ```yaml ````,
/// ```` ```text ````): rustdoc would compile an unmarked or indented block as a Rust doctest.
///
/// Examples are whole articles (front matter allowed) checked with the default configuration
/// by `rules::declare::tests::built_in_rule_examples`, the same check as pack rules' examples.
/// Register the rule with one line in [`BUILTIN`](super::BUILTIN).
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis $name:ident {
            id: $id:literal,
            dimension: $dimension:ident,
            severity: $severity:ident,
            summary: $summary:literal,
            weight: $weight:literal,
            cap: $cap:literal,
            examples: {
                fire: [$($fire:expr),* $(,)?],
                pass: [$($pass:expr),* $(,)?] $(,)?
            } $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        // Rule docs name configuration as `[section] key`, which is text, not a link.
        #[allow(rustdoc::broken_intra_doc_links)]
        $vis struct $name;

        static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            id: ::std::borrow::Cow::Borrowed($id),
            dimension: $crate::finding::Dimension::$dimension,
            severity: $crate::finding::Severity::$severity,
            summary: ::std::borrow::Cow::Borrowed($summary),
            doc: ::std::borrow::Cow::Borrowed({
                const RAW: &str = concat!($($doc, "\n"),*);
                const LEN: usize = $crate::rules::declare::doc_text::<0>(RAW).1;
                const TEXT: [u8; LEN] = $crate::rules::declare::doc_text::<LEN>(RAW).0;
                match ::std::str::from_utf8(&TEXT) {
                    Ok(text) => text,
                    Err(_) => panic!("doc_text splits lines only at ASCII bytes"),
                }
            }),
            weight: $weight,
            cap: $cap,
        };

        impl $name {
            /// Texts this rule must fire on, and close texts it must pass.
            pub const EXAMPLES: $crate::rules::RuleExamples = $crate::rules::RuleExamples {
                fire: &[$($fire),*],
                pass: &[$($pass),*],
            };
        }
    };
}

/// Texts a built-in rule must fire on (each at least one finding of the rule) and close texts
/// it must pass (none), run by the test suite as pack rules' `[rule.examples]` are.
#[derive(Debug, Clone, Copy)]
pub struct RuleExamples {
    pub fire: &'static [&'static str],
    pub pass: &'static [&'static str],
}

/// A rule's doc comment (the `///` lines joined with newlines) as plain text for `explain`:
/// the one space after `///` removed; the lines of a paragraph or list item joined with spaces;
/// headings without their `#`s; fenced blocks without their fences, indented four spaces;
/// paragraphs separated by a blank line, list items by a newline; no trailing newline.
///
/// A `const fn` so that `META` stays a plain static: it writes at most `N` bytes and returns
/// the text's full length, so `doc_text::<0>` measures and `doc_text::<LEN>` writes.
pub const fn doc_text<const N: usize>(raw: &str) -> ([u8; N], usize) {
    let b = raw.as_bytes();
    let mut out = [0u8; N];
    let mut n = 0;
    // What was written last: nothing, running text (a paragraph or list item that the next
    // line continues), or a line that is complete (a heading or a code line).
    const NOTHING: u8 = 0;
    const RUNNING: u8 = 1;
    const COMPLETE: u8 = 2;
    let mut last = NOTHING;
    // A blank line (or a fence or heading) since the last write: the next block starts a new
    // paragraph.
    let mut blank = false;
    let mut in_fence = false;
    let mut at = 0;
    while at < b.len() {
        let mut end = at;
        while end < b.len() && b[end] != b'\n' {
            end += 1;
        }
        let next = end + 1;
        let mut start = at;
        if start < end && b[start] == b' ' {
            start += 1;
        }
        while end > start && (b[end - 1] == b' ' || b[end - 1] == b'\r') {
            end -= 1;
        }
        let mut indent = start;
        while indent < end && b[indent] == b' ' {
            indent += 1;
        }
        if end - indent >= 3 && b[indent] == b'`' && b[indent + 1] == b'`' && b[indent + 2] == b'`'
        {
            in_fence = !in_fence;
            blank = true;
        } else if in_fence {
            n = separator::<N>(&mut out, n, last, blank, false);
            if end > start {
                n = put::<N>(&mut out, n, b"    ", 0, 4);
                n = put::<N>(&mut out, n, b, start, end);
            }
            last = COMPLETE;
            blank = false;
        } else if indent == end {
            blank = true;
        } else if b[indent] == b'#' {
            let mut text = indent;
            while text < end && (b[text] == b'#' || b[text] == b' ') {
                text += 1;
            }
            n = separator::<N>(&mut out, n, last, true, false);
            n = put::<N>(&mut out, n, b, text, end);
            last = COMPLETE;
            blank = true;
        } else {
            let item = is_list_item(b, indent, end);
            let joins = last == RUNNING && !blank && !item;
            n = separator::<N>(&mut out, n, last, blank, joins);
            n = put::<N>(&mut out, n, b, indent, end);
            last = RUNNING;
            blank = false;
        }
        at = next;
    }
    (out, n)
}

/// Writes what goes between the last text and the next: nothing at the start, a space within
/// running text, a blank line between blocks, else a newline.
const fn separator<const N: usize>(
    out: &mut [u8; N],
    n: usize,
    last: u8,
    blank: bool,
    joins: bool,
) -> usize {
    if last == 0 {
        n
    } else if joins {
        put::<N>(out, n, b" ", 0, 1)
    } else if blank {
        put::<N>(out, n, b"\n\n", 0, 2)
    } else {
        put::<N>(out, n, b"\n", 0, 1)
    }
}

/// `- `, `* ` or `1. ` at `at`.
const fn is_list_item(b: &[u8], at: usize, end: usize) -> bool {
    if end - at >= 2 && (b[at] == b'-' || b[at] == b'*') && b[at + 1] == b' ' {
        return true;
    }
    let mut i = at;
    while i < end && b[i].is_ascii_digit() {
        i += 1;
    }
    i > at && i + 1 < end && b[i] == b'.' && b[i + 1] == b' '
}

/// Copies `src[from..to]` to `out` at `n` as far as it fits; returns the new length.
const fn put<const N: usize>(
    out: &mut [u8; N],
    mut n: usize,
    src: &[u8],
    from: usize,
    to: usize,
) -> usize {
    let mut i = from;
    while i < to {
        if n < N {
            out[n] = src[i];
        }
        n += 1;
        i += 1;
    }
    n
}

/// Runs a rule's `fire` and `pass` examples, one document each, under `config`: shared by the
/// built-in rules ([`RuleExamples`]) and pack rules (`[rule.examples]`). Returns one line per
/// failure, so that a test can list every broken example at once.
#[cfg(test)]
pub(crate) fn example_failures<S: AsRef<str>>(
    rule: &dyn super::Rule,
    fire: &[S],
    pass: &[S],
    config: &crate::config::Config,
) -> Vec<String> {
    use crate::document::Document;
    use crate::engine::Linter;
    let id = &rule.meta().id;
    let mut failures = Vec::new();
    if fire.is_empty() {
        failures.push(format!("{id} has no fire examples"));
    }
    if pass.is_empty() {
        failures.push(format!("{id} has no pass examples"));
    }
    // One linter, so the rule set is built once for all examples.
    let linter = Linter::with_config(config.clone());
    let config = linter.config_for_tests();
    let run = |text: &str| -> Result<Vec<String>, String> {
        if rule.reported_by_engine() {
            let report = linter
                .lint_with_config("example.md", text.to_string(), &config)
                .map_err(|e| format!("{id}: example {text:?} does not lint: {e}"))?;
            return Ok(report
                .findings
                .into_iter()
                .filter(|f| f.rule == id.as_ref())
                .map(|f| f.message)
                .collect());
        }
        match Document::parse(text.to_string()) {
            Ok(doc) => Ok(rule
                .check(&doc, &linter.context(&doc, &config))
                .into_iter()
                .map(|f| f.message)
                .collect()),
            Err(e) => Err(format!("{id}: example {text:?} does not parse: {e:?}")),
        }
    };
    for text in fire.iter().map(AsRef::as_ref) {
        match run(text) {
            Ok(found) if found.is_empty() => {
                failures.push(format!("{id} should fire on {text:?}"));
            }
            Ok(_) => {}
            Err(e) => failures.push(e),
        }
    }
    for text in pass.iter().map(AsRef::as_ref) {
        match run(text) {
            Ok(found) if !found.is_empty() => {
                failures.push(format!("{id} should pass {text:?}, got {:?}", found[0]))
            }
            Ok(_) => {}
            Err(e) => failures.push(e),
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn text(raw: &str) -> String {
        let (out, len) = doc_text::<4096>(raw);
        assert_eq!(doc_text::<0>(raw).1, len, "measuring and writing agree");
        String::from_utf8(out[..len].to_vec()).unwrap()
    }

    #[test]
    fn doc_comments_reflow_into_paragraphs() {
        let raw = " ### What\n\n An article has\n exactly one H1.\n\n - a list item\n   continued\n \
                   - another\n\n ```markdown\n # Title\n\n text\n ```\n\n Source: é.\n";
        assert_eq!(
            text(raw),
            "What\n\nAn article has exactly one H1.\n\n- a list item continued\n- another\n\n    \
             # Title\n\n    text\n\nSource: é."
        );
        assert_eq!(text(""), "");
        assert_eq!(text(" 1. first\n 2. second"), "1. first\n2. second");
    }

    #[test]
    fn every_declared_rule_has_sections_and_a_file_named_by_its_id() {
        for entry in super::super::BUILTIN {
            let m = entry.rule.meta();
            let path = format!(
                "{}/src/rules/{}.rs",
                env!("CARGO_MANIFEST_DIR"),
                m.id.replace('-', "_")
            );
            assert!(std::path::Path::new(&path).exists(), "{}: no {path}", m.id);
            for section in ["What\n\n", "Example\n\n"] {
                assert!(m.doc.contains(section), "{}: no {section:?} section", m.id);
            }
            assert!(
                !m.doc.lines().any(|l| l.trim_start().starts_with("```")),
                "{}: a fence was left in",
                m.id
            );
        }
    }

    #[test]
    fn the_registry_holds_every_seo_rule_once_and_unique_ids() {
        let ids: Vec<&str> = super::super::BUILTIN
            .iter()
            .map(|e| e.rule.meta().id.as_ref())
            .collect();
        let seo = crate::rules::seo::RULES
            .iter()
            .map(|r| r.meta().id.as_ref());
        for id in seo {
            assert_eq!(ids.iter().filter(|i| **i == id).count(), 1, "{id}");
        }
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "duplicate ids in BUILTIN");
    }

    /// Every built-in rule declared with `declare_rule!` fires on its `fire` examples and not
    /// on its `pass` examples, as pack rules must (`packs::tests::embedded_pack_examples`).
    #[test]
    fn built_in_rule_examples() {
        let mut failures = Vec::new();
        for entry in super::super::BUILTIN {
            failures.extend(example_failures(
                entry.rule,
                entry.examples.fire,
                entry.examples.pass,
                &Config::default(),
            ));
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
