//! `site/near-duplicate`.

use crate::site::{PageRef, Site, SiteFinding, minhash};
use std::collections::{BTreeSet, HashMap};

super::site_meta!(
    "site/near-duplicate",
    Warning,
    "Pages whose prose is nearly the same",
    "### What\n\nGroups of pages whose prose shares most of its word shingles: the estimated \
     Jaccard similarity of their sets of `[site] shingle_words`-word shingles is at least \
     `[site] near_duplicate_threshold`. One finding names every page of a group, with the \
     highest similarity in it. Pages with fewer than `[site] near_duplicate_min_words` words \
     are not compared.\n\n### How\n\nEach page keeps a MinHash sketch of `[site] sketch_size` \
     values (Broder, \"On the resemblance and containment of documents\", 1997); sketches are \
     cut into `[site] lsh_bands` bands and only pages that share a band are compared \
     (locality-sensitive hashing; Leskovec, Rajaraman and Ullman, *Mining of Massive \
     Datasets*, section 3.4). The work grows with the number of pages, never with the number \
     of pairs. With the defaults (128 values, 16 bands of 8) a pair at similarity 0.8 becomes \
     a candidate with probability 1 - (1 - 0.8^8)^16 = 0.95, at 0.9 with probability 0.9998; \
     the estimate's standard error is at most 1/sqrt(128) = 0.09.\n\n### Why\n\nNear-copies \
     split links and ranking between two URLs, and search engines show one and fold the \
     other (Google Search Central, \"Consolidate duplicate URLs\").\n\n### Source\n\n\
     Shingles of 5 words and a threshold of 0.8: Broder (1997) calls documents whose \
     resemblance is \"close to 1\" roughly the same; 0.8 is a common cut for near-duplicate \
     web pages (Henzinger, \"Finding near-duplicate web pages\", SIGIR 2006, compares \
     shingling at such thresholds).\n\n### Config\n\n`[site] shingle_words`, `sketch_size`, \
     `lsh_bands`, `near_duplicate_threshold`, `near_duplicate_min_words`."
);

/// Buckets larger than this compare each member with the bucket's first page only, so that a
/// band shared by thousands of identical stubs costs a pass, not all their pairs.
const MAX_BUCKET_PAIRS: usize = 64;

pub fn check(site: &Site) -> Vec<SiteFinding> {
    let config = site.config();
    let pages = site.pages();
    let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        let sketch = &page.signature.sketch;
        if sketch.len() != config.sketch_size {
            continue;
        }
        for key in minhash::band_keys(sketch, config.lsh_bands) {
            buckets.entry(key).or_default().push(i);
        }
    }
    // Candidate pairs, ordered (the buckets' order does not matter).
    let mut candidates: BTreeSet<(usize, usize)> = BTreeSet::new();
    for members in buckets.values() {
        if members.len() < 2 {
            continue;
        }
        if members.len() <= MAX_BUCKET_PAIRS {
            for (n, &a) in members.iter().enumerate() {
                for &b in &members[n + 1..] {
                    candidates.insert((a.min(b), a.max(b)));
                }
            }
        } else {
            let first = members[0];
            for &b in &members[1..] {
                candidates.insert((first.min(b), first.max(b)));
            }
        }
    }
    // Verified pairs joined into groups (union-find).
    let mut parent: Vec<usize> = (0..pages.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut best: HashMap<usize, f64> = HashMap::new();
    let mut pairs = Vec::new();
    for (a, b) in candidates {
        let sim = minhash::similarity(&pages[a].signature.sketch, &pages[b].signature.sketch);
        if sim >= config.near_duplicate_threshold {
            pairs.push((a, b, sim));
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    for (a, _, sim) in &pairs {
        let r = root(&mut parent, *a);
        let e = best.entry(r).or_insert(0.0);
        *e = e.max(*sim);
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (a, b, _) in &pairs {
        for i in [*a, *b] {
            let r = root(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
    }
    groups
        .into_iter()
        .map(|(r, mut members)| {
            members.sort_unstable();
            members.dedup();
            let sim = best.get(&r).copied().unwrap_or(0.0);
            SiteFinding {
                rule: META.id.to_string(),
                severity: META.severity,
                message: format!(
                    "{} pages are near-copies of each other (estimated similarity up to {:.2})",
                    members.len(),
                    sim
                ),
                pages: members
                    .iter()
                    .map(|&i| PageRef::new(&pages[i].path))
                    .collect(),
                similarity: Some(crate::seo::round2(sim)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::rules::testing::{config, paths, site, site_with};

    fn prose(seed: usize, n: usize) -> String {
        (0..n)
            .map(|i| format!("w{} ", (i * 7 + seed * 13) % 997))
            .collect()
    }

    #[test]
    fn a_near_copy_is_found_and_a_distant_page_is_not() {
        let base = prose(1, 300);
        // The copy changes two words of 300: most shingles survive.
        let copy = base
            .replacen("w7 ", "changed ", 1)
            .replacen("w14 ", "edited ", 1);
        let distant = prose(5, 300);
        let a = format!("# A\n\n{base}\n");
        let b = format!("# B\n\n{copy}\n");
        let c = format!("# C\n\n{distant}\n");
        let s = site(&[("a.md", &a), ("b.md", &b), ("c.md", &c)]);
        let found = check(&s);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(paths(&found[0]), vec!["a.md", "b.md"]);
        assert!(found[0].similarity.unwrap() >= 0.8);
    }

    #[test]
    fn short_pages_are_not_compared_and_the_threshold_is_configurable() {
        let a = "# A\n\nthe same short text here\n";
        assert!(check(&site(&[("a.md", a), ("b.md", a)])).is_empty());
        let base = prose(1, 300);
        let half: String =
            base.split(' ').take(150).collect::<Vec<_>>().join(" ") + " " + &prose(9, 150);
        let pages = [
            ("a.md", format!("# A\n\n{base}\n")),
            ("b.md", format!("# B\n\n{half}\n")),
        ];
        let pages: Vec<(&str, &str)> = pages.iter().map(|(p, s)| (*p, s.as_str())).collect();
        assert!(
            check(&site(&pages)).is_empty(),
            "half shared is not a near-copy at 0.8"
        );
        let loose = config(|s| {
            s.near_duplicate_threshold = 0.2;
            s.lsh_bands = 64;
        });
        assert_eq!(check(&site_with(&pages, &loose)).len(), 1);
    }
}
