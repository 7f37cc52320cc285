//! `check --shard K/N`: a deterministic share of the inputs, so that N processes (a CI matrix,
//! a Kubernetes Indexed Job, a Slurm array) each lint one share and `contentlint merge`
//! combines their outputs. A file's shard is the FNV-1a 64 hash of its normalised path
//! ([`crate::fingerprint::normalise_path`]), mixed by MurmurHash3's 64-bit finaliser, modulo N:
//! the same on every machine, in every run, whatever the other files, so a file never moves
//! between shards when others are added. The finaliser matters: FNV-1a's low k bits depend only
//! on the low k bits of each byte, so without it, with N a power of two, paths that differ only
//! in letters sharing their low bits (`a`, `e`, `i`, `m`, ...) would all fall in one shard.

use super::minhash::{FNV_BASIS, fnv1a};

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// Whether this shard lints the file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        shard_of(path, self.count) == self.index - 1
    }
}

/// The 0-based shard of `path` among `count`.
pub fn shard_of(path: &str, count: usize) -> usize {
    let hash = fnv1a(
        crate::fingerprint::normalise_path(path).as_bytes(),
        FNV_BASIS,
    );
    (fmix64(hash) % count.max(1) as u64) as usize
}

/// MurmurHash3's `fmix64` (Appleby): every output bit depends on every input bit.
fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Parses `K/N` (1 <= K <= N).
pub fn parse_shard(text: &str) -> Result<Shard, String> {
    let usage = "write it as K/N, e.g. 2/8 for the second of eight shards";
    let (k, n) = text
        .trim()
        .split_once('/')
        .ok_or_else(|| format!("`{text}` is not a shard; {usage}"))?;
    let index: usize = k
        .trim()
        .parse()
        .map_err(|_| format!("`{k}` is not a shard number; {usage}"))?;
    let count: usize = n
        .trim()
        .parse()
        .map_err(|_| format!("`{n}` is not a number of shards; {usage}"))?;
    if count == 0 || index == 0 || index > count {
        return Err(format!(
            "shard {index}/{count} does not exist: K counts from 1 to N; {usage}"
        ));
    }
    Ok(Shard { index, count })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_in_exactly_one_shard_and_the_split_is_even() {
        let paths: Vec<String> = (0..3000).map(|i| format!("content/p{i}.md")).collect();
        let shards: Vec<Shard> = (1..=3).map(|index| Shard { index, count: 3 }).collect();
        let mut sizes = [0usize; 3];
        for p in &paths {
            let owners: Vec<usize> = shards
                .iter()
                .filter(|s| s.contains(p))
                .map(|s| s.index)
                .collect();
            assert_eq!(owners.len(), 1, "{p}");
            sizes[owners[0] - 1] += 1;
        }
        // Within 10% of an even split.
        assert!(
            sizes.iter().all(|&n| (900..=1100).contains(&n)),
            "{sizes:?}"
        );
        // Spelling of the path does not move a file.
        assert_eq!(shard_of("./content/p1.md", 7), shard_of("content/p1.md", 7));
    }

    /// Paths that differ only in letters with the same two low bits: raw FNV-1a modulo 4 put
    /// every one of them in the same shard.
    #[test]
    fn paths_differing_only_in_high_bits_still_spread() {
        let letters = ['a', 'e', 'i', 'm', 'q', 'u', 'y'];
        let mut sizes = [0usize; 4];
        let mut n = 0;
        for x in letters {
            for y in letters {
                for z in letters {
                    sizes[shard_of(&format!("docs/{x}{y}{z}.md"), 4)] += 1;
                    n += 1;
                }
            }
        }
        assert!(
            sizes
                .iter()
                .all(|&s| s * 100 >= n * 15 && s * 100 <= n * 35),
            "{sizes:?} of {n}"
        );
    }

    #[test]
    fn shard_arguments_are_checked() {
        assert_eq!(parse_shard("2/8").unwrap(), Shard { index: 2, count: 8 });
        for bad in ["0/3", "4/3", "1/0", "x/3", "3", "1/y"] {
            let e = parse_shard(bad).unwrap_err();
            assert!(e.contains("K/N"), "{bad}: {e}");
        }
    }
}
