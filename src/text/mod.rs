//! The text layer between the parsed [`crate::document::Document`] and the rules.

pub mod ascii_spelling;
pub mod memo;
pub mod phrases;
pub mod precheck;
pub mod quick_regex;

/// Whether `text` holds an ASCII digit: eight bytes at a time (a byte-by-byte test of every
/// sentence was a third of what the statistic rule asked of a sentence before its regexes).
pub fn has_ascii_digit(text: &str) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const ZEROS: u64 = u64::from_ne_bytes([b'0'; 8]);
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
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

#[cfg(test)]
mod tests {
    use super::has_ascii_digit;

    /// The eight-byte test agrees with a test of each byte, on every byte value at every
    /// position of texts around the chunk size.
    #[test]
    fn digit_test_agrees_with_each_byte() {
        let mut rng = crate::testing::Rng(0xd161_7e57);
        let mut found = [0usize; 2];
        for len in 0..40 {
            for _ in 0..200 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        // Any byte; now and then one of or next to the digits ('/' to ':').
                        match rng.below(16) {
                            0 => b'/' + rng.below(12) as u8,
                            _ => rng.below(256) as u8,
                        }
                    })
                    .collect();
                let text = String::from_utf8_lossy(&bytes);
                let expected = text.bytes().any(|b| b.is_ascii_digit());
                assert_eq!(has_ascii_digit(&text), expected, "{text:?}");
                found[usize::from(expected)] += 1;
            }
        }
        for b in 0..=255u8 {
            let text = String::from_utf8_lossy(&[b'a', b'b', b'c', b'd', b'e', b'f', b'g', b])
                .into_owned();
            assert_eq!(has_ascii_digit(&text), b.is_ascii_digit(), "{b:#x}");
        }
        assert!(found[0] > 1000 && found[1] > 1000, "{found:?}");
    }
}
