//! Results of pure functions of a text (a sentence's statistic, its superlative), kept across
//! the documents a process lints. For the language server: after an edit it lints the whole
//! document again, and almost every sentence is one it judged a keystroke before. The
//! per-sentence searches of several regexes that these memos keep were a sixth of an edit's
//! rule work on a 1 MB article.
//!
//! Off until [`enable`]d (the language server does): a batch judges each text once, and
//! keeping the results would only cost memory. A memo is invisible in results: it answers
//! what the function would, for the same text.

use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Keep results in every [`TextMemo`] of the process from now on.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Texts a memo holds at most before it starts again (each memo; the texts of a 1 MB article
/// are about 10,000 sentences).
const MAX_TEXTS: usize = 1 << 16;
/// Bytes of text a memo holds at most before it starts again.
const MAX_BYTES: usize = 32 << 20;

/// The results of one function of a text, by text.
pub struct TextMemo<T> {
    held: Mutex<Held<T>>,
}

struct Held<T> {
    results: Option<FxHashMap<Box<str>, T>>,
    bytes: usize,
}

impl<T: Clone> TextMemo<T> {
    pub const fn new() -> TextMemo<T> {
        TextMemo {
            held: Mutex::new(Held {
                results: None,
                bytes: 0,
            }),
        }
    }

    /// `compute()`, the result for `text`: the one kept for the same text when memos are
    /// enabled and one is, else computed (and then kept).
    pub fn get_or(&self, text: &str, compute: impl FnOnce() -> T) -> T {
        self.get_or_sized(text, |_| 0, compute)
    }

    /// [`TextMemo::get_or`] for results that hold memory of their own: `size` tells how many
    /// bytes one holds, counted against the memo's bound with its text's.
    pub fn get_or_sized(
        &self,
        text: &str,
        size: impl FnOnce(&T) -> usize,
        compute: impl FnOnce() -> T,
    ) -> T {
        if !ENABLED.load(Ordering::Relaxed) {
            return compute();
        }
        if let Some(kept) = self.lock().results.as_ref().and_then(|r| r.get(text)) {
            return kept.clone();
        }
        // Computed without the lock, so that other rules' threads need not wait for it.
        let result = compute();
        let bytes = text.len() + size(&result);
        let mut held = self.lock();
        if held.bytes + bytes > MAX_BYTES
            || held.results.as_ref().is_some_and(|r| r.len() >= MAX_TEXTS)
        {
            held.results = None;
            held.bytes = 0;
        }
        held.bytes += bytes;
        held.results
            .get_or_insert_with(FxHashMap::default)
            .insert(text.into(), result.clone());
        result
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Held<T>> {
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().results.as_ref().map_or(0, |r| r.len())
    }
}

/// A [`TextMemo`] for a function of a text and of a key that rarely changes (the keyword of
/// the document the language server lints again after each edit): the memo of the last key,
/// started again when another key comes.
pub struct KeyedMemo<K, T> {
    last: Mutex<Option<(K, Arc<TextMemo<T>>)>>,
}

impl<K: PartialEq + Clone, T: Clone> KeyedMemo<K, T> {
    pub const fn new() -> KeyedMemo<K, T> {
        KeyedMemo {
            last: Mutex::new(None),
        }
    }

    /// The memo for `key`, or `None` when memos are not enabled.
    pub fn for_key(&self, key: &K) -> Option<Arc<TextMemo<T>>> {
        if !ENABLED.load(Ordering::Relaxed) {
            return None;
        }
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        match &*last {
            Some((kept, memo)) if kept == key => Some(memo.clone()),
            _ => {
                let memo = Arc::new(TextMemo::new());
                *last = Some((key.clone(), memo.clone()));
                Some(memo)
            }
        }
    }
}

impl<K: PartialEq + Clone, T: Clone> Default for KeyedMemo<K, T> {
    fn default() -> Self {
        KeyedMemo::new()
    }
}

/// A list of results from a [`SliceMemo`]: shared with the memo, or computed for this call
/// alone. Memos being off in a batch, the results stay the `Vec` they were computed in: a
/// shared copy of them (an allocation, even for none) per block and rule was 2% of a long
/// article's instructions.
#[derive(Debug, Clone)]
pub enum MemoList<T> {
    Shared(Arc<[T]>),
    Own(Vec<T>),
}

impl<T> std::ops::Deref for MemoList<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            MemoList::Shared(shared) => shared,
            MemoList::Own(own) => own,
        }
    }
}

/// A [`TextMemo`] of a list of results per text.
pub struct SliceMemo<T> {
    by_text: TextMemo<Arc<[T]>>,
}

impl<T: Clone> SliceMemo<T> {
    pub const fn new() -> SliceMemo<T> {
        SliceMemo {
            by_text: TextMemo::new(),
        }
    }

    /// `compute()`, the results for `text` (see [`TextMemo::get_or`]); `size` tells how many
    /// bytes they hold beyond the list itself.
    pub fn get_or_sized(
        &self,
        text: &str,
        size: impl FnOnce(&[T]) -> usize,
        compute: impl FnOnce() -> Vec<T>,
    ) -> MemoList<T> {
        if !ENABLED.load(Ordering::Relaxed) {
            return MemoList::Own(compute());
        }
        MemoList::Shared(self.by_text.get_or_sized(
            text,
            |results| std::mem::size_of_val(&**results) + size(results),
            || compute().into(),
        ))
    }

    /// [`SliceMemo::get_or_sized`] for results that hold no memory of their own.
    pub fn get_or(&self, text: &str, compute: impl FnOnce() -> Vec<T>) -> MemoList<T> {
        self.get_or_sized(text, |_| 0, compute)
    }
}

impl<T: Clone> Default for SliceMemo<T> {
    fn default() -> Self {
        SliceMemo::new()
    }
}

/// Results for each sentence of a block, kept by the block's text: for a search whose answer
/// for a sentence depends on its block's text alone. A block's sentences and words are split
/// from its text (its kind aside: a table cell has no sentences), so the same text has the
/// same sentences, in the same order.
pub struct SentenceMemo<T> {
    by_block: SliceMemo<T>,
}

impl<T: Clone> SentenceMemo<T> {
    pub const fn new() -> SentenceMemo<T> {
        SentenceMemo {
            by_block: SliceMemo::new(),
        }
    }

    /// The results for the `count` sentences of a block with text `text`: those kept for the
    /// same text when memos are enabled (else computed and kept), or, memos being off, pushed
    /// by `compute` into `buffer` (emptied first), which the caller keeps from block to block:
    /// a list allocated per block and rule was an eighth (the Rust blog) to a fifth (the
    /// PowerShell docs) of a batch's allocations.
    pub fn get_or<'b>(
        &self,
        text: &str,
        count: usize,
        buffer: &'b mut Vec<T>,
        compute: impl Fn(&mut Vec<T>),
    ) -> BlockResults<'b, T> {
        if ENABLED.load(Ordering::Relaxed) {
            let kept = self.by_block.get_or(text, || {
                let mut results = Vec::with_capacity(count);
                compute(&mut results);
                results
            });
            // Checked all the same, as it costs nothing.
            if let MemoList::Shared(kept) = kept
                && kept.len() == count
            {
                return BlockResults::Kept(kept);
            }
        }
        buffer.clear();
        compute(buffer);
        BlockResults::Computed(buffer)
    }
}

/// The results of [`SentenceMemo::get_or`]: kept by the memo, or computed into the caller's
/// buffer.
#[derive(Debug)]
pub enum BlockResults<'b, T> {
    Kept(Arc<[T]>),
    Computed(&'b [T]),
}

impl<T> std::ops::Deref for BlockResults<'_, T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            BlockResults::Kept(kept) => kept,
            BlockResults::Computed(computed) => computed,
        }
    }
}

impl<T: Clone> Default for SentenceMemo<T> {
    fn default() -> Self {
        SentenceMemo::new()
    }
}

/// The index ranges of the runs of `items` (sentences in document order) in the same block.
pub fn runs_by_block<'s, S>(
    items: &'s [S],
    block: impl Fn(&S) -> usize + 's,
) -> impl Iterator<Item = Range<usize>> + 's {
    let mut start = 0;
    std::iter::from_fn(move || {
        let first = items.get(start)?;
        let len = items[start..]
            .iter()
            .take_while(|s| block(s) == block(first))
            .count();
        let run = start..start + len;
        start += len;
        Some(run)
    })
}

impl<T: Clone> Default for TextMemo<T> {
    fn default() -> Self {
        TextMemo::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn an_enabled_memo_computes_each_text_once_and_starts_again_when_full() {
        enable();
        let memo: TextMemo<usize> = TextMemo::new();
        let calls = Cell::new(0);
        let len = |text: &str| {
            calls.set(calls.get() + 1);
            text.len()
        };
        assert_eq!(memo.get_or("one", || len("one")), 3);
        assert_eq!(memo.get_or("three", || len("three")), 5);
        assert_eq!(memo.get_or("one", || len("one")), 3);
        assert_eq!(
            calls.get(),
            2,
            "the second question about \"one\" is answered"
        );
        for i in 0..MAX_TEXTS {
            let text = i.to_string();
            memo.get_or(&text, || len(&text));
        }
        assert!(memo.len() < MAX_TEXTS, "full, it started again");
        let before = calls.get();
        assert_eq!(memo.get_or("one", || len("one")), 3);
        assert_eq!(
            calls.get(),
            before + 1,
            "what it held before is computed again"
        );
    }

    #[test]
    fn a_keyed_memo_starts_again_for_another_key() {
        enable();
        let memo: KeyedMemo<String, usize> = KeyedMemo::new();
        let calls = Cell::new(0);
        let count = |n: usize| {
            calls.set(calls.get() + 1);
            n
        };
        let a = memo.for_key(&"a".to_string()).unwrap();
        assert_eq!(a.get_or("text", || count(1)), 1);
        let again = memo.for_key(&"a".to_string()).unwrap();
        assert_eq!(again.get_or("text", || count(9)), 1, "the same key: kept");
        let b = memo.for_key(&"b".to_string()).unwrap();
        assert_eq!(b.get_or("text", || count(2)), 2, "another key: computed");
        assert_eq!(calls.get(), 2);
    }

    #[test]
    fn runs_by_block_cover_the_items_in_order() {
        let blocks = [0, 0, 2, 3, 3, 3, 0];
        let runs: Vec<Range<usize>> = runs_by_block(&blocks, |&b| b).collect();
        assert_eq!(runs, vec![0..2, 2..3, 3..6, 6..7]);
        assert_eq!(runs_by_block(&[] as &[usize], |&b| b).count(), 0);
    }

    #[test]
    fn a_sentence_memo_answers_only_for_as_many_sentences() {
        enable();
        let memo: SentenceMemo<usize> = SentenceMemo::new();
        let calls = Cell::new(0);
        let compute = |n: usize, out: &mut Vec<usize>| {
            calls.set(calls.get() + 1);
            out.extend(0..n);
        };
        let mut buffer = Vec::new();
        let get = |n: usize, buffer: &mut Vec<usize>| {
            memo.get_or("a. b.", n, buffer, |out| compute(n, out))
                .to_vec()
        };
        assert_eq!(get(2, &mut buffer), [0, 1]);
        assert_eq!(get(2, &mut buffer), [0, 1]);
        assert_eq!(calls.get(), 1);
        // Another count for the same text is computed, never answered with the wrong length,
        // into the caller's buffer emptied first.
        buffer.extend([9, 9, 9, 9]);
        assert_eq!(get(3, &mut buffer), [0, 1, 2]);
        assert_eq!(calls.get(), 2);
    }

    #[test]
    fn the_memory_of_results_counts_against_the_bound() {
        enable();
        let memo: TextMemo<usize> = TextMemo::new();
        let result_bytes = MAX_BYTES / 4;
        for i in 0..3 {
            memo.get_or_sized(&i.to_string(), |_| result_bytes, || i);
        }
        assert_eq!(memo.len(), 3);
        memo.get_or_sized("3", |_| result_bytes, || 3);
        assert_eq!(
            memo.len(),
            1,
            "the fourth result passed the bound: started again"
        );
        assert_eq!(
            memo.get_or_sized("3", |_| 0, || 99),
            3,
            "and kept the fourth"
        );
    }
}
