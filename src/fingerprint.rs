//! Finding fingerprints that survive edits elsewhere in the file: the baseline's key and SARIF's
//! `partialFingerprints`.
//!
//! A fingerprint hashes the rule id, the path, and the whitespace-normalised text of the
//! finding's span with up to [`NEIGHBOURHOOD`] characters either side on the same line, then
//! appends the occurrence index among the file's findings with the same hash. Line numbers and
//! byte offsets are left out, so inserting lines above a finding does not change it; editing the
//! text around it does. Whole-article findings (structure gates, meta lengths, density: the rules
//! point them at the first body line) hash the rule and path alone, since the first line says
//! nothing about them. The hash is FNV-1a 64, written out in hex: stable across platforms,
//! versions and runs, unlike `std`'s `DefaultHasher`.

use crate::document::Document;
use crate::finding::Finding;
use crate::text::precheck::is_regex_space;
use rustc_hash::FxHashMap;

/// Characters of context kept on each side of a finding's span (on its own line). Enough to
/// tell two occurrences of one phrase apart; short enough that an edit one sentence away does
/// not change it.
pub const NEIGHBOURHOOD: usize = 40;

/// The fingerprints of `findings` (in order) in `doc`, reported under `path`.
pub fn fingerprints(doc: &Document, path: &str, findings: &[Finding]) -> Vec<String> {
    let path = normalise_path(path);
    let whole_article = doc.start_range();
    let mut seen: FxHashMap<u64, usize> = FxHashMap::default();
    findings
        .iter()
        .map(|f| {
            let mut hash = Fnv::new();
            hash.write(f.rule.as_bytes());
            hash.write(&[0]);
            hash.write(path.as_bytes());
            hash.write(&[0]);
            if f.range != whole_article {
                hash.write_words(neighbourhood(&doc.source, f.range.clone()));
            }
            let key = hash.finish();
            let n = seen.entry(key).or_insert(0);
            let occurrence = *n;
            *n += 1;
            fingerprint_text(key, occurrence)
        })
        .collect()
}

/// `format!("{key:016x}:{occurrence}")` without the formatting machinery (about a thousand
/// instructions a finding, 0.3% of a batch over a documentation site).
fn fingerprint_text(key: u64, occurrence: usize) -> String {
    const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = [0u8; 16 + 1 + 20];
    for (i, digit) in text[..16].iter_mut().enumerate() {
        *digit = HEX_DIGITS[((key >> (60 - 4 * i)) & 0xF) as usize];
    }
    text[16] = b':';
    let mut decimal = [0u8; 20];
    let mut start = decimal.len();
    let mut n = occurrence;
    loop {
        start -= 1;
        decimal[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let len = 17 + decimal.len() - start;
    text[17..len].copy_from_slice(&decimal[start..]);
    String::from_utf8(text[..len].to_vec()).expect("ASCII digits")
}

/// The fingerprint of a file-level verdict (a score below `min-score`, a hard gate): the
/// `rule` and the path, plus `detail` (the gate's rule id) where one file can have several.
/// Hashed like a whole-article finding, so it is stable however the file changes.
pub fn file_level(rule: &str, path: &str, detail: &str) -> String {
    let mut hash = Fnv::new();
    hash.write(rule.as_bytes());
    hash.write(&[0]);
    hash.write(normalise_path(path).as_bytes());
    hash.write(&[0]);
    hash.write(detail.as_bytes());
    format!("{:016x}:0", hash.finish())
}

/// Forward slashes, no leading `./`: the same file gives the same fingerprint on every OS and
/// however it was named on the command line.
pub fn normalise_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    rest.to_string()
}

/// The span and its neighbourhood on the same line(s), whose words make the fingerprint.
fn neighbourhood(source: &str, range: std::ops::Range<usize>) -> &str {
    let start = range.start.min(source.len());
    let end = range.end.clamp(start, source.len());
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[end..].find('\n').map_or(source.len(), |i| end + i);
    let before: usize = source[line_start..start]
        .char_indices()
        .rev()
        .nth(NEIGHBOURHOOD.saturating_sub(1))
        .map_or(line_start, |(i, _)| line_start + i);
    let after: usize = source[end..line_end]
        .char_indices()
        .nth(NEIGHBOURHOOD)
        .map_or(line_end, |(i, _)| end + i);
    source.get(before..after).unwrap_or("")
}

/// FNV-1a, 64 bits.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The words of `text` (split at white space) joined by single spaces: the bytes of
    /// `text.split_whitespace().collect::<Vec<_>>().join(" ")`, without the words or the
    /// string. ASCII text is read byte by byte, a run of white space written as one space
    /// between two words: the words of a finding that spans a section, split and hashed one
    /// by one, were most of the cost of fingerprints.
    fn write_words(&mut self, text: &str) {
        if !text.is_ascii() {
            for (i, word) in text.split_whitespace().enumerate() {
                if i > 0 {
                    self.write(b" ");
                }
                self.write(word.as_bytes());
            }
            return;
        }
        let (mut in_text, mut space) = (false, false);
        for &b in text.as_bytes() {
            // The ASCII white space of `char::is_whitespace` (the vertical tab as well) is
            // that of a Unicode `\s`.
            if is_regex_space(b) {
                space = in_text;
            } else {
                if space {
                    self.write(b" ");
                    space = false;
                }
                self.write(&[b]);
                in_text = true;
            }
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Dimension, Severity};

    fn finding(rule: &'static str, range: std::ops::Range<usize>) -> Finding {
        Finding {
            rule: rule.into(),
            severity: Severity::Warning,
            dimension: Dimension::Clarity,
            message: "m".into(),
            range,
            help: None,
            fix: None,
            cost: 0.0,
            rating: None,
        }
    }

    fn at(doc: &Document, needle: &str) -> std::ops::Range<usize> {
        let i = doc.source.find(needle).unwrap();
        i..i + needle.len()
    }

    #[test]
    fn fingerprint_text_is_the_formatted_key_and_occurrence() {
        let mut rng = crate::testing::Rng(3);
        let keys = [0, 1, 0xf, 0x10, u64::MAX, 0x0123_4567_89ab_cdef];
        let occurrences = [0, 1, 9, 10, 99, 100, 12_345, usize::MAX];
        let random = (0..500).map(|_| (rng.next(), rng.below(1_000_000)));
        for (key, occurrence) in keys
            .iter()
            .flat_map(|&k| occurrences.iter().map(move |&o| (k, o)))
            .chain(random)
        {
            assert_eq!(
                fingerprint_text(key, occurrence),
                format!("{key:016x}:{occurrence}")
            );
        }
    }

    /// Hashing a text's words is hashing them joined by single spaces, on random texts of
    /// ASCII and other white space, letters and words beyond ASCII.
    #[test]
    fn words_hash_as_their_joined_text() {
        let pieces = [
            "a", "Bc", "d.", " ", "  ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{a0}", "\u{2003}",
            "\u{85}", "é", "—", "x\u{1f}",
        ];
        let mut rng = crate::testing::Rng(0xbb67_ae85_84ca_a73b);
        for _ in 0..5_000 {
            let text: String = (0..rng.below(12)).map(|_| *rng.pick(&pieces)).collect();
            let mut words = Fnv::new();
            words.write_words(&text);
            let mut joined = Fnv::new();
            joined.write(
                text.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .as_bytes(),
            );
            assert_eq!(words.finish(), joined.finish(), "{text:?}");
        }
    }

    #[test]
    fn lines_inserted_above_keep_the_fingerprint_and_an_edit_nearby_changes_it() {
        let a = Document::parse("# T\n\nIt is very good.\n\nMore text here.\n".into()).unwrap();
        let b = Document::parse(
            "# T\n\nNew.\n\nLines.\n\nIt is very good.\n\nMore text here.\n".into(),
        )
        .unwrap();
        let c =
            Document::parse("# T\n\nIt is very good indeed.\n\nMore text here.\n".into()).unwrap();
        let fa = fingerprints(&a, "./x.md", &[finding("r/x", at(&a, "very"))]);
        let fb = fingerprints(&b, "x.md", &[finding("r/x", at(&b, "very"))]);
        let fc = fingerprints(&c, "x.md", &[finding("r/x", at(&c, "very"))]);
        assert_eq!(fa, fb);
        assert_ne!(fa, fc);
        assert!(fa[0].ends_with(":0"), "{fa:?}");
    }

    #[test]
    fn repeated_identical_findings_get_occurrence_indexes_and_rules_and_paths_differ() {
        let doc = Document::parse("# T\n\nvery\n\nvery\n".into()).unwrap();
        let first = doc.source.find("very").unwrap();
        let second = doc.source.rfind("very").unwrap();
        let f = [
            finding("r/x", first..first + 4),
            finding("r/x", second..second + 4),
            finding("r/y", first..first + 4),
        ];
        let prints = fingerprints(&doc, "x.md", &f);
        assert_eq!(prints[0].split(':').next(), prints[1].split(':').next());
        assert!(prints[0].ends_with(":0") && prints[1].ends_with(":1"));
        assert_ne!(prints[0], prints[2]);
        assert_ne!(prints, fingerprints(&doc, "y.md", &f));
    }

    #[test]
    fn whole_article_findings_ignore_the_first_line() {
        let a = Document::parse("# One\n\nText.\n".into()).unwrap();
        let b = Document::parse("# Two\n\nText.\n".into()).unwrap();
        let fa = fingerprints(&a, "x.md", &[finding("s/c", a.start_range())]);
        let fb = fingerprints(&b, "x.md", &[finding("s/c", b.start_range())]);
        assert_eq!(fa, fb);
    }

    #[test]
    fn neighbourhood_is_cut_on_char_boundaries() {
        let s = "ééééééééééééééééééééééééééééééééééééééééééééé word ééééééééééééééééééééééééééééééééééééééééé";
        let i = s.find("word").unwrap();
        let n = neighbourhood(s, i..i + 4)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(n.contains("word"));
        assert_eq!(n.chars().count(), 4 + 2 + 2 * (NEIGHBOURHOOD - 1));
    }
}
