//! The text layer between the parsed [`crate::document::Document`] and the rules.

pub mod ascii_spelling;
pub(crate) mod leading_pairs;
pub mod memo;
pub(crate) mod phrase_dfa;
pub mod phrases;
pub mod precheck;
pub mod quick_regex;

/// Whether `text` holds an ASCII digit: 32 bytes at a time, then eight (a byte-by-byte test
/// of every sentence was a third of what the statistic rule asked of a sentence before its
/// regexes).
pub fn has_ascii_digit(text: &str) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const ZEROS: u64 = u64::from_ne_bytes([b'0'; 8]);
    let bytes = text.as_bytes();
    let mut wide = bytes.chunks_exact(32);
    for chunk in &mut wide {
        // No early exit within a chunk: the compiler makes the fold a few vector compares
        // (the eight-byte test alone was an eighth of the statistic rule's instructions on a
        // documentation site).
        if chunk.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
            return true;
        }
    }
    let mut chunks = wide.remainder().chunks_exact(8);
    for chunk in &mut chunks {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(chunk);
        // A digit is a byte that is below 10 once '0' is xor-ed away: "has a byte less than
        // n" (Bit Twiddling Hacks, `hasless`), exact as a test of any byte, for n up to 128.
        let x = u64::from_ne_bytes(lanes) ^ ZEROS;
        if x.wrapping_sub(ONES * 10) & !x & HIGHS != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(u8::is_ascii_digit)
}

/// Whether `text` holds two ASCII capital letters in a row: eight bytes at a time (the shouting
/// rule asks it of every paragraph; byte pairs one at a time were most of its work).
pub fn has_ascii_capital_pair(text: &str) -> bool {
    const LOW7: u64 = u64::from_le_bytes([0x7f; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    // Per byte, exactly (Bit Twiddling Hacks, `hasbetween`, for 64 < byte < 91): with the high
    // bits cleared no sum or difference carries into the next byte, and `!x` drops bytes of
    // 128 and over.
    const BELOW_91: u64 = u64::from_le_bytes([127 + 91; 8]);
    const ABOVE_64: u64 = u64::from_le_bytes([127 - 64; 8]);
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    // Whether the last byte read was a capital.
    let mut last_capital = false;
    for chunk in &mut chunks {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(chunk);
        let x = u64::from_le_bytes(lanes);
        let low = x & LOW7;
        let capitals = BELOW_91.wrapping_sub(low) & !x & low.wrapping_add(ABOVE_64) & HIGHS;
        // Byte i and byte i + 1 (its flag shifted down onto byte i's), and the pair across
        // the chunk boundary.
        if capitals & (capitals >> 8) != 0 || (last_capital && capitals & 0x80 != 0) {
            return true;
        }
        last_capital = capitals >> 63 != 0;
    }
    chunks.remainder().iter().any(|b| {
        let capital = b.is_ascii_uppercase();
        let pair = last_capital && capital;
        last_capital = capital;
        pair
    })
}

#[cfg(test)]
mod tests {
    use super::{has_ascii_capital_pair, has_ascii_digit};

    /// The eight-byte test agrees with a test of each byte, on every byte value at every
    /// position of texts around the chunk size.
    #[test]
    fn digit_test_agrees_with_each_byte() {
        agrees_on_random_texts(
            0xd161_7e57,
            // Any byte; now and then one of or next to the digits ('/' to ':').
            |rng| match rng.below(16) {
                0 => b'/' + rng.below(12) as u8,
                _ => rng.below(256) as u8,
            },
            has_ascii_digit,
            |text| text.bytes().any(|b| b.is_ascii_digit()),
        );
        for b in 0..=255u8 {
            let text = String::from_utf8_lossy(&[b'a', b'b', b'c', b'd', b'e', b'f', b'g', b])
                .into_owned();
            assert_eq!(has_ascii_digit(&text), b.is_ascii_digit(), "{b:#x}");
        }
        // A digit (or a byte next to the digits) at every place of a text of two 32-byte
        // chunks, eight-byte chunks and single bytes.
        for at in 0..75 {
            for b in [b'/', b'0', b'5', b'9', b':'] {
                let mut bytes = vec![b'a'; 75];
                bytes[at] = b;
                let text = String::from_utf8(bytes).unwrap_or_default();
                assert_eq!(has_ascii_digit(&text), b.is_ascii_digit(), "{at} {b:#x}");
            }
        }
    }

    /// Random texts of every length from 0 to 39 bytes (`byte` draws each byte; invalid UTF-8
    /// is replaced): `fast` answers as `slow` on every one, and each answer comes up more than
    /// a thousand times.
    fn agrees_on_random_texts(
        seed: u64,
        mut byte: impl FnMut(&mut crate::testing::Rng) -> u8,
        fast: fn(&str) -> bool,
        slow: impl Fn(&str) -> bool,
    ) {
        let mut rng = crate::testing::Rng(seed);
        let mut found = [0usize; 2];
        for len in 0..40 {
            for _ in 0..200 {
                let bytes: Vec<u8> = (0..len).map(|_| byte(&mut rng)).collect();
                let text = String::from_utf8_lossy(&bytes);
                let expected = slow(&text);
                assert_eq!(fast(&text), expected, "{text:?}");
                found[usize::from(expected)] += 1;
            }
        }
        assert!(found[0] > 1000 && found[1] > 1000, "{found:?}");
    }

    /// The eight-byte test agrees with a test of each pair of bytes, on texts of every length
    /// around the chunk size, and on every byte value next to a capital at every position.
    #[test]
    fn capital_pair_test_agrees_with_each_pair() {
        agrees_on_random_texts(
            0xca91_7a15,
            |rng| match rng.below(4) {
                0 => b'@' + rng.below(28) as u8,
                1 => b'a' + rng.below(26) as u8,
                _ => rng.below(256) as u8,
            },
            has_ascii_capital_pair,
            |text| {
                text.as_bytes()
                    .windows(2)
                    .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase())
            },
        );
        for at in 0..16 {
            for b in 0..=255u8 {
                let mut bytes = vec![b'a'; 17];
                bytes[at] = b'Q';
                bytes[at + 1] = b;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let expected = b.is_ascii_uppercase();
                assert_eq!(has_ascii_capital_pair(&text), expected, "{at} {b:#x}");
            }
        }
    }
}
