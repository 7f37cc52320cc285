//! The phrase index's automaton: every occurrence of every phrase of a list, overlapping, in
//! one pass over a text read through a byte map of at most [`CLASSES`] classes (the index's
//! compact alphabet, [`super::phrases`]; or, for the short word lists of gates and rules,
//! [`CaselessWords`]).
//!
//! It is the textbook Aho-Corasick construction (Aho and Corasick, "Efficient string
//! matching: an aid to bibliographic search", CACM 18(6), 1975): a trie of the phrases, each
//! state's failure state found breadth-first, and every missing transition filled from the
//! failure state's, which makes it a DFA. aho-corasick builds the same DFA for any alphabet,
//! with one class per gap between the bytes its patterns use. With the classes known and few,
//! this one is cheaper on both sides, measured on the default rule set's 718 phrases:
//!
//! - it builds in about a fifth of the instructions (the breadth-first pass fills each row of
//!   32 from one other row): 7.2 M with the alphabet, where aho-corasick's build of its DFA
//!   was 38 M of every run over the Rust blog (a noncontiguous NFA, then the DFA from it);
//! - its scan reads the text's bytes through the byte map as it goes (no text written out in
//!   codes first) and has one test per byte for a match: states are numbered so that every
//!   state with a match comes after every state without, and ids are multiplied by the row
//!   length, so a step is a load and an add.

/// Row length of the transition table: byte classes 0 to 31.
pub(crate) const CLASSES: usize = 32;

/// A missing trie transition, while the trie is built.
const NONE: u32 = u32::MAX;

/// Tables past this many states are left to aho-corasick (a user's packs of many thousand
/// phrases: 4 MB of transitions).
const MAX_STATES: usize = 1 << 15;

/// See the module docs.
pub(crate) struct PhraseDfa {
    /// Next state by state and class; a state's id is its number times [`CLASSES`].
    next: Box<[u32]>,
    /// The first id of a state with matches: every id from here on has some.
    first_match: u32,
    /// Per state with matches (in id order), the end of its phrases in `matches`.
    match_ends: Box<[u32]>,
    /// The phrases that end at each state with matches, the state's own then those of its
    /// failure states.
    matches: Box<[u32]>,
    /// Length of each phrase.
    lengths: Box<[u32]>,
}

impl PhraseDfa {
    /// The DFA of `phrases`, each written in classes below [`CLASSES`]. `None` for an empty
    /// phrase (it would match everywhere), a class out of range, or too many states.
    pub(crate) fn new(phrases: &[Vec<u8>]) -> Option<PhraseDfa> {
        // The trie: `goto` holds a row per state, state 0 the root. Room for the most states
        // the phrases can make is reserved: growing by doubling would copy the table each time
        // (fresh pages), and the room never written is never touched.
        let most = phrases.iter().map(Vec::len).sum::<usize>().min(MAX_STATES) + 1;
        let mut goto: Vec<u32> = Vec::with_capacity(most * CLASSES);
        goto.extend([NONE; CLASSES]);
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        for (p, phrase) in phrases.iter().enumerate() {
            if phrase.is_empty() {
                return None;
            }
            let mut state = 0;
            for &class in phrase {
                let class = usize::from(class);
                if class >= CLASSES {
                    return None;
                }
                let at = state * CLASSES + class;
                state = match goto[at] {
                    NONE => {
                        let new = own.len();
                        if new >= MAX_STATES {
                            return None;
                        }
                        goto[at] = new as u32;
                        goto.extend([NONE; CLASSES]);
                        own.push(Vec::new());
                        new
                    }
                    next => next as usize,
                };
            }
            own[state].push(p as u32);
        }
        let states = own.len();
        // Breadth first: a state's failure state is shallower, so its row is already whole
        // and its matches already hold those of its own failure states.
        let mut fail = vec![0u32; states];
        let mut order: Vec<u32> = Vec::with_capacity(states);
        for next in &mut goto[..CLASSES] {
            if *next == NONE {
                *next = 0;
            } else {
                order.push(*next);
            }
        }
        let mut head = 0;
        while let Some(&state) = order.get(head) {
            head += 1;
            let state = state as usize;
            let failure = fail[state] as usize;
            if !own[failure].is_empty() {
                let inherited = own[failure].clone();
                own[state].extend(inherited);
            }
            for class in 0..CLASSES {
                let fallback = goto[failure * CLASSES + class];
                let at = state * CLASSES + class;
                if goto[at] == NONE {
                    goto[at] = fallback;
                } else {
                    fail[goto[at] as usize] = fallback;
                    order.push(goto[at]);
                }
            }
        }
        // Number the states without matches first (the root, which has none, stays 0).
        let with_matches = own.iter().filter(|m| !m.is_empty()).count();
        let first_match = states - with_matches;
        let mut number = vec![0u32; states];
        let (mut plain, mut matching) = (0, first_match);
        for (state, matches) in own.iter().enumerate() {
            let slot = if matches.is_empty() {
                &mut plain
            } else {
                &mut matching
            };
            number[state] = *slot as u32;
            *slot += 1;
        }
        // The rows move to their numbers in place, cycle by cycle (a second table would be
        // as many fresh pages again), then every transition takes its target's new id.
        let mut next = goto;
        let mut moved = vec![false; states];
        for start in 0..states {
            if moved[start] {
                continue;
            }
            let mut carried = [0u32; CLASSES];
            carried.copy_from_slice(&next[start * CLASSES..][..CLASSES]);
            let mut state = start;
            while !moved[state] {
                moved[state] = true;
                let to = number[state] as usize * CLASSES;
                carried.swap_with_slice(&mut next[to..to + CLASSES]);
                state = number[state] as usize;
            }
        }
        for id in &mut next {
            *id = number[*id as usize] * CLASSES as u32;
        }
        let mut by_number: Vec<&Vec<u32>> = vec![&own[0]; with_matches];
        for (state, matches) in own.iter().enumerate().filter(|(_, m)| !m.is_empty()) {
            by_number[number[state] as usize - first_match] = matches;
        }
        let mut match_ends = Vec::with_capacity(with_matches);
        let mut matches = Vec::new();
        for list in by_number {
            matches.extend_from_slice(list);
            match_ends.push(matches.len() as u32);
        }
        Some(PhraseDfa {
            next: next.into_boxed_slice(),
            first_match: (first_match * CLASSES) as u32,
            match_ends: match_ends.into_boxed_slice(),
            matches: matches.into_boxed_slice(),
            lengths: phrases.iter().map(|p| p.len() as u32).collect(),
        })
    }

    /// Calls `found(start, end, phrase)` for every occurrence in `text` of a phrase, each
    /// byte `b` of the text read as class `class[b]` (below [`CLASSES`]), in order of their
    /// end.
    pub(crate) fn for_each(
        &self,
        text: &[u8],
        class: &[u8; 256],
        found: impl FnMut(usize, usize, u32),
    ) {
        self.walk_from(text, class, 0, 0, found);
    }

    /// [`PhraseDfa::for_each`] from byte `at` of `text` in `state`.
    fn walk_from(
        &self,
        text: &[u8],
        class: &[u8; 256],
        mut at: usize,
        mut state: u32,
        mut found: impl FnMut(usize, usize, u32),
    ) {
        while let Some((end, matched)) = self.next_match(text, class, at, state) {
            for &p in self.matches_of(matched) {
                found(end - self.lengths[p as usize] as usize, end, p);
            }
            (at, state) = (end, matched);
        }
    }

    /// [`PhraseDfa::for_each`] over each of `texts`: `found(text, start, end, phrase)` for
    /// every occurrence, each text's in order of their end. The texts are walked as two
    /// streams side by side, the first half of their bytes and the second: a step of one
    /// walk waits on its table load (stop 42 found 81% of the scan's samples right after
    /// it), and two walks that do not depend on each other wait together.
    pub(crate) fn for_each_of(
        &self,
        texts: &[&[u8]],
        class: &[u8; 256],
        mut found: impl FnMut(usize, usize, usize, u32),
    ) {
        let total: usize = texts.iter().map(|t| t.len()).sum();
        let mut half = 0;
        let mut bytes = 0;
        while half < texts.len() && 2 * bytes < total {
            bytes += texts[half].len();
            half += 1;
        }
        let mut a = Walk::new(0, half);
        let mut b = Walk::new(half, texts.len());
        loop {
            a.settle(texts);
            b.settle(texts);
            let (Some(ta), Some(tb)) = (a.rest(texts), b.rest(texts)) else {
                break;
            };
            let (steps, sa, sb) = self.next_match_of_two(ta, tb, class, a.state, b.state);
            for (walk, state) in [(&mut a, sa), (&mut b, sb)] {
                walk.at += steps;
                walk.state = state;
                if state >= self.first_match {
                    for &p in self.matches_of(state) {
                        let end = walk.at;
                        found(walk.text, end - self.lengths[p as usize] as usize, end, p);
                    }
                }
            }
        }
        // One stream is done: the other's texts are walked alone, from where it stands.
        for walk in [a, b] {
            let (mut at, mut state) = (walk.at, walk.state);
            for (text, bytes) in texts.iter().enumerate().take(walk.end).skip(walk.text) {
                self.walk_from(bytes, class, at, state, |s, e, p| found(text, s, e, p));
                (at, state) = (0, 0);
            }
        }
    }

    /// Two walks of [`PhraseDfa::next_match`] at once, over as many bytes as the shorter
    /// text has: how many bytes were read when either reached a state with matches (or all
    /// were), and the two states.
    #[inline(never)]
    fn next_match_of_two(
        &self,
        a: &[u8],
        b: &[u8],
        class: &[u8; 256],
        mut state_a: u32,
        mut state_b: u32,
    ) -> (usize, u32, u32) {
        let (next, first_match) = (&*self.next, self.first_match);
        let n = a.len().min(b.len());
        for (i, (&x, &y)) in a[..n].iter().zip(&b[..n]).enumerate() {
            state_a = next[(state_a + u32::from(class[usize::from(x)])) as usize];
            state_b = next[(state_b + u32::from(class[usize::from(y)])) as usize];
            if state_a >= first_match || state_b >= first_match {
                return (i + 1, state_a, state_b);
            }
        }
        (n, state_a, state_b)
    }

    /// The occurrences [`PhraseDfa::for_each`] reports, as `(start, end, phrase)`, for a
    /// search that may stop early.
    pub(crate) fn occurrences<'a>(
        &'a self,
        text: &'a [u8],
        class: &'a [u8; 256],
    ) -> Occurrences<'a> {
        Occurrences {
            dfa: self,
            text,
            class,
            at: 0,
            state: 0,
            pending: [].iter(),
        }
    }

    /// The phrases that end at `state`, a state with matches.
    fn matches_of(&self, state: u32) -> &[u32] {
        let k = ((state - self.first_match) as usize) / CLASSES;
        let from = k.checked_sub(1).map_or(0, |j| self.match_ends[j] as usize);
        &self.matches[from..self.match_ends[k] as usize]
    }

    /// From `state` at byte `at` of `text`, the first state with matches: the byte after
    /// the one that led to it, and the state. Apart from [`PhraseDfa::for_each`] so that
    /// the walk keeps its state in a register: inlined with the caller's handling of
    /// matches, it went through the stack at every byte (perf put 55% of the scan's samples
    /// on that store, right after the table load).
    #[inline(never)]
    fn next_match(
        &self,
        text: &[u8],
        class: &[u8; 256],
        at: usize,
        mut state: u32,
    ) -> Option<(usize, u32)> {
        let (next, first_match) = (&*self.next, self.first_match);
        for (i, &b) in text.get(at..)?.iter().enumerate() {
            state = next[(state + u32::from(class[usize::from(b)])) as usize];
            if state >= first_match {
                return Some((at + i + 1, state));
            }
        }
        None
    }

    /// Bytes held by the tables.
    #[cfg(test)]
    pub(crate) fn memory_usage(&self) -> usize {
        4 * (self.next.len() + self.match_ends.len() + self.matches.len() + self.lengths.len())
    }
}

/// One stream of [`PhraseDfa::for_each_of`]: texts `text..end`, at byte `at` of `text` in
/// `state`.
struct Walk {
    text: usize,
    end: usize,
    at: usize,
    state: u32,
}

impl Walk {
    fn new(text: usize, end: usize) -> Walk {
        Walk {
            text,
            end,
            at: 0,
            state: 0,
        }
    }

    /// Past the texts read to their end, to the next with bytes left (from the root).
    fn settle(&mut self, texts: &[&[u8]]) {
        while self.text < self.end && self.at >= texts[self.text].len() {
            (self.text, self.at, self.state) = (self.text + 1, 0, 0);
        }
    }

    /// The bytes of the current text not read yet; `None` when every text is read.
    fn rest<'t>(&self, texts: &[&'t [u8]]) -> Option<&'t [u8]> {
        (self.text < self.end).then(|| &texts[self.text][self.at..])
    }
}

/// See [`PhraseDfa::occurrences`].
pub(crate) struct Occurrences<'a> {
    dfa: &'a PhraseDfa,
    text: &'a [u8],
    class: &'a [u8; 256],
    /// The byte after the last one read, and the state it led to.
    at: usize,
    state: u32,
    /// The phrases of that state not yet reported.
    pending: std::slice::Iter<'a, u32>,
}

impl Iterator for Occurrences<'_> {
    type Item = (usize, usize, u32);

    fn next(&mut self) -> Option<(usize, usize, u32)> {
        loop {
            if let Some(&p) = self.pending.next() {
                let start = self.at - self.dfa.lengths[p as usize] as usize;
                return Some((start, self.at, p));
            }
            let (end, state) = self
                .dfa
                .next_match(self.text, self.class, self.at, self.state)?;
            (self.at, self.state) = (end, state);
            self.pending = self.dfa.matches_of(state).iter();
        }
    }
}

/// A [`PhraseDfa`] of a few words matched ASCII case-insensitively (bytes beyond ASCII as
/// written), with its byte map: for the small lists a rule or a gate searches every sentence
/// for, in place of aho-corasick's automata (an NFA, or a DFA to build: 1 to 2% of a run's
/// instructions went to their searches). Each distinct byte of the words, in lower case, is a
/// class; every other byte is the last.
pub(crate) struct CaselessWords {
    dfa: PhraseDfa,
    class: [u8; 256],
}

impl std::fmt::Debug for CaselessWords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaselessWords")
            .field("words", &self.dfa.lengths.len())
            .finish()
    }
}

impl CaselessWords {
    /// `None` when the words use more than 31 distinct bytes, or one is empty.
    pub(crate) fn new<W: AsRef<[u8]>>(words: &[W]) -> Option<CaselessWords> {
        let outside = (CLASSES - 1) as u8;
        let mut class = [outside; 256];
        let mut used = 0;
        for &b in words.iter().flat_map(|w| w.as_ref()) {
            let b = usize::from(b.to_ascii_lowercase());
            if class[b] == outside {
                if used == outside {
                    return None;
                }
                class[b] = used;
                used += 1;
            }
        }
        for upper in b'A'..=b'Z' {
            class[usize::from(upper)] = class[usize::from(upper.to_ascii_lowercase())];
        }
        let coded: Vec<Vec<u8>> = words
            .iter()
            .map(|w| {
                w.as_ref()
                    .iter()
                    .map(|&b| class[usize::from(b.to_ascii_lowercase())])
                    .collect()
            })
            .collect();
        Some(CaselessWords {
            dfa: PhraseDfa::new(&coded)?,
            class,
        })
    }

    /// Every occurrence of a word in `text`, `(start, end, word index)`, in order of their
    /// end.
    pub(crate) fn occurrences<'a>(&'a self, text: &'a [u8]) -> Occurrences<'a> {
        self.dfa.occurrences(text, &self.class)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

    /// Every occurrence aho-corasick's overlapping search finds, and only those, on random
    /// phrases over a few classes (so that phrases share prefixes and suffixes, and one is
    /// often inside another) in random texts, duplicates included.
    #[test]
    fn finds_what_an_overlapping_search_finds() {
        let mut rng = crate::testing::Rng(0x9d_4f1e_22c7_03b5);
        for round in 0..40 {
            let classes = 2 + rng.below(CLASSES - 1);
            let mut phrases: Vec<Vec<u8>> = (0..1 + rng.below(60))
                .map(|_| {
                    (0..1 + rng.below(7))
                        .map(|_| rng.below(classes) as u8)
                        .collect()
                })
                .collect();
            if round % 4 == 0 {
                phrases.push(phrases[0].clone());
            }
            let dfa = PhraseDfa::new(&phrases).expect("phrases fit");
            let expected_dfa = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&phrases)
                .unwrap();
            // Bytes 0-31 are their own class, the others fold onto them.
            let class: [u8; 256] = std::array::from_fn(|b| (b % CLASSES) as u8);
            for _ in 0..50 {
                let text: Vec<u8> = (0..rng.below(80))
                    .map(|_| rng.below(classes) as u8 + CLASSES as u8 * rng.below(2) as u8)
                    .collect();
                let folded: Vec<u8> = text.iter().map(|&b| class[usize::from(b)]).collect();
                let mut expected: Vec<(usize, usize, u32)> = expected_dfa
                    .find_overlapping_iter(&folded[..])
                    .map(|m| (m.start(), m.end(), m.pattern().as_u32()))
                    .collect();
                let mut found = Vec::new();
                dfa.for_each(&text, &class, |s, e, p| found.push((s, e, p)));
                assert!(found.is_sorted_by_key(|&(_, end, _)| end));
                found.sort_unstable();
                expected.sort_unstable();
                assert_eq!(found, expected, "{phrases:?} in {text:?}");
            }
        }
    }

    /// Two streams side by side find in each text what a walk of that text alone finds, in
    /// the same order: random phrases, and random lists of texts (none, empty ones, one much
    /// longer than the rest, so that one stream ends long before the other).
    #[test]
    fn texts_walked_two_at_a_time_find_what_each_walk_finds() {
        let mut rng = crate::testing::Rng(0x51_7cc1_b7e2_a9f3);
        let class: [u8; 256] = std::array::from_fn(|b| (b % CLASSES) as u8);
        for _ in 0..40 {
            let classes = 2 + rng.below(6);
            let phrases: Vec<Vec<u8>> = (0..1 + rng.below(20))
                .map(|_| {
                    (0..1 + rng.below(4))
                        .map(|_| rng.below(classes) as u8)
                        .collect()
                })
                .collect();
            let dfa = PhraseDfa::new(&phrases).expect("phrases fit");
            for _ in 0..30 {
                let texts: Vec<Vec<u8>> = (0..rng.below(7))
                    .map(|_| {
                        let len = match rng.below(5) {
                            0 => 0,
                            1 => rng.below(300),
                            _ => rng.below(25),
                        };
                        (0..len).map(|_| rng.below(classes) as u8).collect()
                    })
                    .collect();
                let slices: Vec<&[u8]> = texts.iter().map(Vec::as_slice).collect();
                let mut expected = vec![Vec::new(); texts.len()];
                for (i, text) in texts.iter().enumerate() {
                    dfa.for_each(text, &class, |s, e, p| expected[i].push((s, e, p)));
                }
                let mut found = vec![Vec::new(); texts.len()];
                dfa.for_each_of(&slices, &class, |t, s, e, p| found[t].push((s, e, p)));
                assert_eq!(found, expected, "{phrases:?} in {texts:?}");
            }
        }
    }

    /// Caseless words find what aho-corasick's ASCII case-insensitive overlapping search
    /// finds, in texts of both cases with bytes beyond ASCII, and through the iterator the
    /// same occurrences as through `for_each`.
    #[test]
    fn caseless_words_find_what_a_caseless_search_finds() {
        let words = ["one", "on", "Ten", "tenth", "é", "n", "hundred"];
        let caseless = CaselessWords::new(&words).expect("few bytes");
        let expected_ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .unwrap();
        let pieces = ["o", "N", "e", "T", "h", "é", "É", " ", "x", "u", "d", "r"];
        let mut rng = crate::testing::Rng(0x3c_5a17_9e01_44d3);
        for _ in 0..500 {
            let text: String = (0..rng.below(30)).map(|_| *rng.pick(&pieces)).collect();
            let t = text.as_bytes();
            let mut expected: Vec<(usize, usize, u32)> = expected_ac
                .find_overlapping_iter(t)
                .map(|m| (m.start(), m.end(), m.pattern().as_u32()))
                .collect();
            let mut found: Vec<_> = caseless.occurrences(t).collect();
            let mut each = Vec::new();
            caseless
                .dfa
                .for_each(t, &caseless.class, |s, e, p| each.push((s, e, p)));
            assert_eq!(found, each);
            found.sort_unstable();
            expected.sort_unstable();
            assert_eq!(found, expected, "{text:?}");
        }
        let many: Vec<String> = (b'a'..=b'z')
            .chain(b'0'..=b'9')
            .map(|b| char::from(b).to_string())
            .collect();
        assert!(CaselessWords::new(&many[..31]).is_some());
        assert!(CaselessWords::new(&many[..32]).is_none());
    }

    #[test]
    fn refuses_what_it_cannot_hold() {
        assert!(PhraseDfa::new(&[vec![]]).is_none());
        assert!(PhraseDfa::new(&[vec![CLASSES as u8]]).is_none());
        // Phrases of 100 classes that part after their first two: 100 states less one each.
        let phrases = |n: usize| -> Vec<Vec<u8>> {
            (0..n)
                .map(|i| {
                    let mut p = vec![(i % CLASSES) as u8, (i / CLASSES) as u8];
                    p.resize(100, 7);
                    p
                })
                .collect()
        };
        assert!(PhraseDfa::new(&phrases(MAX_STATES / 100)).is_some());
        assert!(PhraseDfa::new(&phrases(MAX_STATES / 99 + 1)).is_none());
        assert!(PhraseDfa::new(&[vec![1, 2], vec![2]]).is_some());
    }
}
