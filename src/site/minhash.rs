//! MinHash sketches of word shingles (Broder 1997) and LSH banding (Indyk and Motwani 1998;
//! Leskovec, Rajaraman and Ullman, *Mining of Massive Datasets*, ch. 3.4), for
//! `site/near-duplicate`.
//!
//! A page's prose is read as its sequence of lower-case words; every run of `shingle_words`
//! consecutive words is a shingle, hashed with FNV-1a 64 and mixed. The sketch is a one
//! permutation MinHash (Li, Owen and Zhang, "One Permutation Hashing", NIPS 2012): the hash's
//! high bits pick one of `sketch_size` bins and each bin keeps the least low 32 bits that fall
//! in it; a bin no shingle fell in borrows from the next filled bin to its right, rehashed with
//! the distance (densification by rotation: Shrivastava and Li, ICML 2014). One hash per
//! shingle instead of `sketch_size` (on the PowerShell docs, the classic sketch of 128 hash
//! functions cost a fifth of a run). Two pages' share of equal bins estimates the Jaccard
//! similarity of their shingle sets, as with `sketch_size` independent hash functions.
//! Everything is deterministic: the same text gives the same sketch on every machine and run.

/// FNV-1a 64 (as `crate::fingerprint` uses): stable across platforms and runs.
pub(crate) fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// FNV-1a's offset basis.
pub(crate) const FNV_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// The SplitMix64 finaliser (Steele, Lea and Flood 2014): spreads FNV's bits over the word,
/// so that the high bits (the bin) and the low bits (the value) are independent enough.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hashes of the word shingles of `words` (lower-case words in order), one per shingle,
/// repeats included (a repeated shingle falls in the same bin with the same value, so the
/// sketch is of the set). Fewer than `k` words give none. Each word is hashed once and a
/// shingle's hash folds its words' hashes in order.
pub fn shingles<'a>(words: impl Iterator<Item = &'a str>, k: usize) -> Vec<u64> {
    let words: Vec<u64> = words.map(|w| fnv1a(w.as_bytes(), FNV_BASIS)).collect();
    let k = k.max(1);
    if words.len() < k {
        return Vec::new();
    }
    words
        .windows(k)
        .map(|w| w.iter().fold(FNV_BASIS, |h, &x| mix(h ^ x)))
        .collect()
}

/// The MinHash sketch of a shingle set: `size` values (empty if there are no shingles).
pub fn sketch(shingles: &[u64], size: usize) -> Vec<u32> {
    if shingles.is_empty() || size == 0 {
        return Vec::new();
    }
    let mut bins: Vec<Option<u32>> = vec![None; size];
    for &x in shingles {
        let h = mix(x);
        let bin = (((h >> 32) * size as u64) >> 32) as usize;
        let value = h as u32;
        let slot = &mut bins[bin];
        if slot.is_none_or(|v| value < v) {
            *slot = Some(value);
        }
    }
    (0..size)
        .map(|i| match bins[i] {
            Some(v) => v,
            None => {
                // The next filled bin to the right (there is one: a shingle fell somewhere).
                let (distance, v) = (1..size)
                    .find_map(|d| bins[(i + d) % size].map(|v| (d, v)))
                    .unwrap_or((0, 0));
                mix(u64::from(v) ^ ((distance as u64) << 32)) as u32
            }
        })
        .collect()
}

/// The estimated Jaccard similarity of two sketches of one size: the share of equal values.
pub fn similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

/// The band keys of a sketch: `bands` hashes, each of `sketch.len() / bands` consecutive
/// values (a trailing remainder is left out). Two sketches that share a key are candidates.
pub fn band_keys(sketch: &[u32], bands: usize) -> Vec<u64> {
    let bands = bands.clamp(1, sketch.len().max(1));
    let rows = sketch.len() / bands;
    if rows == 0 {
        return Vec::new();
    }
    (0..bands)
        .map(|band| {
            let mut h = fnv1a(&(band as u32).to_le_bytes(), FNV_BASIS);
            for v in &sketch[band * rows..(band + 1) * rows] {
                h = fnv1a(&v.to_le_bytes(), h);
            }
            h
        })
        .collect()
}

/// A sketch as hex, eight digits a value: compact in JSON, exact, and the same everywhere.
pub fn to_hex(sketch: &[u32]) -> String {
    let mut s = String::with_capacity(sketch.len() * 8);
    for v in sketch {
        s.push_str(&format!("{v:08x}"));
    }
    s
}

/// The inverse of [`to_hex`].
pub fn from_hex(text: &str) -> Result<Vec<u32>, String> {
    if !text.len().is_multiple_of(8) || !text.is_ascii() {
        return Err("a sketch is hex, eight digits a value".into());
    }
    (0..text.len() / 8)
        .map(|i| {
            u32::from_str_radix(&text[i * 8..i * 8 + 8], 16)
                .map_err(|_| format!("sketch value {} is not hex", i + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        text.split_whitespace().collect()
    }

    #[test]
    fn the_estimate_is_close_to_the_true_jaccard_similarity() {
        // Two texts of 200 distinct words sharing the first 150: shingle sets of 196 each with
        // 146 in common, J = 146 / 246 = 0.59.
        let a: Vec<String> = (0..200).map(|i| format!("w{i}")).collect();
        let mut b = a.clone();
        for (i, w) in b.iter_mut().enumerate().skip(150) {
            *w = format!("x{i}");
        }
        let sa = shingles(a.iter().map(String::as_str), 5);
        let sb = shingles(b.iter().map(String::as_str), 5);
        assert_eq!(sa.len(), 196);
        let inter = sa.iter().filter(|x| sb.contains(x)).count() as f64;
        let union = (sa.len() + sb.len()) as f64 - inter;
        let truth = inter / union;
        let est = similarity(&sketch(&sa, 256), &sketch(&sb, 256));
        // Three standard errors of a 256-value sketch: 3 / 16.
        assert!((est - truth).abs() < 0.19, "estimate {est}, truth {truth}");
        assert!(est > 0.3 && est < 0.9);
    }

    #[test]
    fn identical_texts_match_and_unrelated_ones_do_not() {
        let a = shingles(
            words("the quick brown fox jumps over the lazy dog again").into_iter(),
            3,
        );
        let b = shingles(
            words("lorem ipsum dolor sit amet consectetur adipiscing elit sed do").into_iter(),
            3,
        );
        assert_eq!(similarity(&sketch(&a, 64), &sketch(&a, 64)), 1.0);
        assert!(similarity(&sketch(&a, 64), &sketch(&b, 64)) < 0.1);
        assert!(shingles(words("too short").into_iter(), 3).is_empty());
        assert!(sketch(&[], 64).is_empty());
    }

    #[test]
    fn equal_sketches_share_every_band_and_hex_round_trips() {
        let s = sketch(&shingles(words("a b c d e f g h").into_iter(), 2), 16);
        assert_eq!(band_keys(&s, 4), band_keys(&s.clone(), 4));
        assert_eq!(band_keys(&s, 4).len(), 4);
        assert_eq!(from_hex(&to_hex(&s)).unwrap(), s);
        assert!(from_hex("abc").is_err());
        assert!(from_hex("zzzzzzzz").is_err());
    }
}
