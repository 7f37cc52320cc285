use crate::document::{BlockKind, Document};
use crate::finding::Finding;
use crate::rules::filler::is_all_caps;
use crate::rules::{Context, Rule, RuleMeta, data_file};
use crate::text::memo::{MemoList, SliceMemo};
use rustc_hash::FxHashSet as HashSet;
use serde::Deserialize;
use std::ops::Range;
use std::sync::LazyLock;

declare_rule! {
    /// ### What
    ///
    /// Capitals read as shouting: "NEVER do this", "it returns ALL items". Use italics or bold for
    /// the rare word that needs stress, or rephrase. Applies to every tone profile.
    ///
    /// Capitals are common and legitimate for acronyms (API, HTTP, JSON), constants (TRUE, NULL),
    /// operators (AND, NOT), keys (CTRL, ENTER), labels (NOTE, IMPORTANT), RFC 2119 keywords (MUST,
    /// SHOULD) and PowerShell or environment names, so the rule does not guess: it only flags
    /// capitalised forms of ordinary English words from a list (rules/data/shouting.toml: never,
    /// always, really, all, only, you, free, now, ...) that are never acronyms. Headings, table
    /// cells, quotes and link text are skipped, and so is a paragraph mostly in capitals (a licence
    /// disclaimer is a convention, not emphasis).
    ///
    /// ### Example
    ///
    /// Bad: You should NEVER commit secrets.
    ///
    /// Good: Never commit secrets.
    ///
    /// ### Source
    ///
    /// Microsoft Writing Style Guide, "Capitalization" (don't use all caps for emphasis); the word
    /// list is contentlint's own, checked against 4,800 real docs and blog posts.
    pub Shouting {
        id: "style/shouting",
        dimension: PersonaStyle,
        severity: Warning,
        summary: "Ordinary words written in capitals for emphasis (shouting)",
        weight: 1.0,
        cap: 6.0,
        examples: {
            fire: [
                "You should NEVER commit secrets to the repository.\n",
            ],
            pass: [
                "Never commit secrets to the repository.\n",
                "Send the API token in an HTTP header, as the JSON docs say.\n",
            ],
        },
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Lexicon {
    words: Vec<String>,
}

static SHOUT_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let lexicon: Lexicon = data_file(
        "shouting.toml",
        crate::embedded_json!("rules/data/shouting.toml"),
    );
    lexicon
        .words
        .into_iter()
        .map(|w| w.to_lowercase())
        .collect()
});

impl Rule for Shouting {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, _ctx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        for (index, block) in doc.blocks.iter().enumerate() {
            if block.kind == BlockKind::TableCell || block.in_blockquote {
                continue;
            }
            let text = &block.text.text;
            for word in shouted_words(doc, index).iter() {
                let range = block.text.range_to_source(word.clone());
                if doc.links.iter().any(|l| l.range.contains(&range.start)) {
                    continue;
                }
                let w = &text[word.clone()];
                out.push(
                    META.finding(range, format!("\"{w}\" in capitals reads as shouting"))
                        .with_help("Write it in lower case; use italics if it needs stress"),
                );
            }
        }
        out
    }
}

/// The shouted words of block `index` (ranges in its text), apart from links: a function of
/// the block's text (its words are split from it), which the language server keeps by text.
fn shouted_words(doc: &Document, index: usize) -> MemoList<Range<usize>> {
    static BY_TEXT: SliceMemo<Range<usize>> = SliceMemo::new();
    let text = &doc.blocks[index].text.text;
    let search = || -> Vec<Range<usize>> {
        // Most paragraphs have no two capitals in a row: skip them without segmenting.
        if !crate::text::has_ascii_capital_pair(text) {
            return Vec::new();
        }
        let words = doc.prose().block_words_of(doc, index);
        // The shouted words first: most paragraphs with capitals hold only acronyms, and
        // then the share of capitals below need not be counted.
        // A word that starts with a lower-case ASCII letter is not in capitals: turned away by
        // its first byte, before the word and its lower case are read (a paragraph with an
        // acronym had every word read).
        let mut shouted = (0..words.len())
            .filter(|&i| !words.first_byte(i).is_ascii_lowercase())
            .filter_map(|i| words.get(i))
            .filter(|w| is_all_caps(w.text) && SHOUT_WORDS.contains(w.lower))
            .peekable();
        if shouted.peek().is_none() {
            return Vec::new();
        }
        let (mut total, mut caps) = (0, 0);
        for w in words.iter().map(|w| w.text) {
            if w.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                total += 1;
                caps += usize::from(is_all_caps(w));
            }
        }
        // A paragraph mostly in capitals is a convention (a licence disclaimer), not emphasis.
        if caps >= 4 && caps * 2 >= total {
            return Vec::new();
        }
        shouted
            .filter(|word| {
                let (at, w) = (word.at, word.text);
                // Part of an identifier or a host name: YOUR-TLD.example.com, MY_VAR. A period
                // joins only when a letter follows it, not at the end of a sentence.
                let before = text[..at].chars().next_back();
                let mut rest = text[at + w.len()..].chars();
                let (after, after2) = (rest.next(), rest.next());
                let glued_before = matches!(before, Some('-' | '.' | '_' | '/' | '@'));
                let glued_after = matches!(after, Some('-' | '_' | '/' | '@'))
                    || (after == Some('.') && after2.is_some_and(char::is_alphanumeric));
                !(glued_before || glued_after)
            })
            .map(|word| word.at..word.end())
            .collect()
    };
    BY_TEXT.get_or(text, search)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn flags_emphatic_capitals() {
        let src = "# T\n\nYou should NEVER commit secrets. It returns **ALL** items. DON'T.\n";
        let f = run(&Shouting, src);
        let words: Vec<&str> = f.iter().map(|f| &src[f.range.clone()]).collect();
        assert_eq!(words, vec!["NEVER", "ALL", "DON'T"]);
    }

    #[test]
    fn acronyms_labels_and_conventions_pass() {
        for ok in [
            "# T\n\nThe API returns JSON over HTTP. NOTE: use TLS. Press CTRL+C.\n",
            "# T\n\nSet it to TRUE. The client MUST send a header. Use AND or NOT. Ask IT.\n",
            "# T\n\nRead [How it REALLY works](https://x.y) first.\n",
            "# T\n\nTHE SOFTWARE IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND, ALL RIGHTS.\n",
            "# NEVER GIVE UP\n\nText.\n",
            "# T\n\n> I NEVER said that.\n",
            "# T\n\nUse `NEVER` as the value.\n",
            "# T\n\nExport YOUR-TLD.wordpress.com first.\n",
        ] {
            assert!(run(&Shouting, ok).is_empty(), "{ok:?}");
        }
    }
}
