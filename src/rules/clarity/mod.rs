//! Clarity rules (dimension `clarity`): Yoast-style readability assessments (sentence and
//! paragraph length, passive voice, consecutive sentence openers, subheading distribution)
//! and the Flesch readability formulas by technical level. Thresholds live in `[clarity]`.

mod consecutive_openers;
mod long_section;
mod paragraph_length;
mod passive_voice;
mod readability;
mod sentence_length;

pub use consecutive_openers::ConsecutiveOpeners;
pub use long_section::LongSection;
pub use paragraph_length::ParagraphLength;
pub use passive_voice::PassiveVoice;
pub use readability::ReadabilityLevel;
pub use sentence_length::SentenceLength;

use crate::document::{Document, Sentence, SentenceScope};
use crate::finding::Severity;

/// The sentences the share rules judge: the author's own, so not those in block quotes or
/// footnotes.
pub(crate) fn own_sentences(doc: &Document) -> impl Iterator<Item = &Sentence> {
    doc.prose()
        .sentences_in(doc, SentenceScope::OWN)
        .map(|s| s.sentence)
}

/// Yoast's three bands for a share: good up to `ok`, ok (info) up to `bad`, bad (warning)
/// beyond. `None` is good.
pub(crate) fn band(value: f64, ok: f64, bad: f64) -> Option<Severity> {
    if value <= ok {
        None
    } else if value <= bad {
        Some(Severity::Info)
    } else {
        Some(Severity::Warning)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn bands() {
        use super::band;
        use crate::finding::Severity;
        assert_eq!(band(25.0, 25.0, 30.0), None);
        assert_eq!(band(25.1, 25.0, 30.0), Some(Severity::Info));
        assert_eq!(band(30.0, 25.0, 30.0), Some(Severity::Info));
        assert_eq!(band(30.1, 25.0, 30.0), Some(Severity::Warning));
    }
}
