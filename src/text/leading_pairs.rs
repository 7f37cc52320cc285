//! Which first two ASCII bytes start some word of a set: a word as written is turned away by
//! two loads and a bit test before its lower case is made and hashed. Words are recorded in
//! both ASCII cases, so a word is asked about as written, without folding its bytes (a fold
//! per question cost the passive rule 31% more instructions). The keyword vocabulary
//! ([`crate::seo`]) and the passive rule's forms of "be" both test every word of a document
//! this way.

/// See the module docs.
#[derive(Debug, Clone)]
pub(crate) struct LeadingPairs {
    /// By a word's first byte (ASCII, either case): bit `b` when a word goes on with the
    /// ASCII byte `b` (either case); bit 0 when a word is that one byte, or goes on with a
    /// byte beyond ASCII. No bit: no word starts with the byte.
    seconds: [u128; 128],
}

impl Default for LeadingPairs {
    fn default() -> LeadingPairs {
        LeadingPairs { seconds: [0; 128] }
    }
}

impl LeadingPairs {
    /// Records a word that starts with the ASCII byte `first`, then `second` if that is an
    /// ASCII byte (`None`: the word ends there, or goes on beyond ASCII).
    pub(crate) fn insert(&mut self, first: u8, second: Option<u8>) {
        debug_assert!(first.is_ascii() && second.is_none_or(|b| b.is_ascii()));
        let bits = second.map_or(1, |b| {
            (1u128 << (b.to_ascii_lowercase() & 0x7F)) | (1u128 << (b.to_ascii_uppercase() & 0x7F))
        });
        self.seconds[usize::from(first.to_ascii_lowercase() & 0x7F)] |= bits;
        self.seconds[usize::from(first.to_ascii_uppercase() & 0x7F)] |= bits;
    }

    /// The bits of words that start with `first`; `None` for a byte beyond ASCII.
    fn seconds(&self, first: u8) -> Option<u128> {
        self.seconds.get(usize::from(first)).copied()
    }

    /// Whether some word starts with the ASCII byte `first` (false beyond ASCII).
    pub(crate) fn starts(&self, first: u8) -> bool {
        self.seconds(first).is_some_and(|s| s != 0)
    }

    /// Whether some word starts with the ASCII bytes `first` and `second`.
    pub(crate) fn starts_pair(&self, first: u8, second: u8) -> bool {
        second.is_ascii()
            && self
                .seconds(first)
                .is_some_and(|s| s & (1u128 << second) != 0)
    }

    /// Whether the word of the one ASCII byte `first` was recorded (or a word that goes on
    /// beyond ASCII after it).
    pub(crate) fn ends_after(&self, first: u8) -> bool {
        self.seconds(first).is_some_and(|s| s & 1 != 0)
    }
}
