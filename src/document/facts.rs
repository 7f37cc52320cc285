//! Facts about a document that need an input besides the document (a keyword, a word list):
//! computed on first use, cached on the document per input, and the same for every reader
//! whatever rules are enabled.
//!
//! The cache is keyed by the fact's type and its input, so that the modules that compute
//! facts (`crate::seo`, the filler padding, ...) sit above `document` and `document` names
//! none of them: no import cycle. A document holds a handful of facts, so a short list
//! searched in order is enough.

use std::any::{Any, TypeId};
use std::sync::{Arc, Mutex};

type Shared = Arc<dyn Any + Send + Sync>;

struct Entry {
    /// `TypeId` of `(K, T)`: the key type and the fact type together.
    kind: TypeId,
    key: Box<dyn Any + Send + Sync>,
    value: Shared,
}

#[derive(Default)]
pub struct FactCache {
    entries: Mutex<Vec<Entry>>,
}

impl std::fmt::Debug for FactCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.entries.lock().map_or(0, |e| e.len());
        write!(f, "FactCache({n} facts)")
    }
}

impl FactCache {
    /// The fact of type `T` for `key`, computed by `compute` the first time it is asked for.
    pub fn get_or_compute<K, T>(&self, key: K, compute: impl FnOnce() -> T) -> Arc<T>
    where
        K: PartialEq + Send + Sync + 'static,
        T: Send + Sync + 'static,
    {
        let kind = TypeId::of::<(K, T)>();
        if let Some(hit) = self.find::<K, T>(kind, &key) {
            return hit;
        }
        // Computed without the lock: a fact may ask for another fact. Two threads asking at
        // once (a large document's rules run in parallel) may both compute it; both get the
        // first one stored, and a fact is the same whoever computes it.
        let value = Arc::new(compute());
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(hit) = find_in::<K, T>(&entries, kind, &key) {
            return hit;
        }
        entries.push(Entry {
            kind,
            key: Box::new(key),
            value: value.clone(),
        });
        value
    }

    /// [`FactCache::get_or_compute`] for a key that is costly to make (one that owns copies
    /// of settings): looked up by `matches`, and made by `key` only when the fact is computed.
    /// Every SEO rule asks for the keyword: a key made per question was 37,000 of the Rust
    /// blog's 560,000 allocations.
    pub fn get_or_compute_by<K, T>(
        &self,
        matches: impl Fn(&K) -> bool,
        key: impl FnOnce() -> K,
        compute: impl FnOnce() -> T,
    ) -> Arc<T>
    where
        K: PartialEq + Send + Sync + 'static,
        T: Send + Sync + 'static,
    {
        let kind = TypeId::of::<(K, T)>();
        let hit = {
            let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            find_by::<K, T>(&entries, kind, &matches)
        };
        if let Some(hit) = hit {
            return hit;
        }
        self.get_or_compute(key(), compute)
    }

    fn find<K: PartialEq + 'static, T: Send + Sync + 'static>(
        &self,
        kind: TypeId,
        key: &K,
    ) -> Option<Arc<T>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        find_in(&entries, kind, key)
    }
}

fn find_in<K: PartialEq + 'static, T: Send + Sync + 'static>(
    entries: &[Entry],
    kind: TypeId,
    key: &K,
) -> Option<Arc<T>> {
    find_by::<K, T>(entries, kind, |k| k == key)
}

fn find_by<K: 'static, T: Send + Sync + 'static>(
    entries: &[Entry],
    kind: TypeId,
    matches: impl Fn(&K) -> bool,
) -> Option<Arc<T>> {
    entries
        .iter()
        .filter(|e| e.kind == kind)
        .find(|e| e.key.downcast_ref::<K>().is_some_and(&matches))
        .and_then(|e| e.value.clone().downcast::<T>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_fact_is_computed_once_per_key_and_type() {
        let cache = FactCache::default();
        let calls = AtomicUsize::new(0);
        let compute = |n: usize| {
            calls.fetch_add(1, Ordering::Relaxed);
            n * 2
        };
        assert_eq!(*cache.get_or_compute("a".to_string(), || compute(1)), 2);
        assert_eq!(*cache.get_or_compute("a".to_string(), || compute(5)), 2);
        assert_eq!(*cache.get_or_compute("b".to_string(), || compute(5)), 10);
        assert_eq!(calls.load(Ordering::Relaxed), 2);
        // the same key for another fact type is another fact
        let other: Arc<String> = cache.get_or_compute("a".to_string(), || "x".to_string());
        assert_eq!(*other, "x");
        assert_eq!(format!("{cache:?}"), "FactCache(3 facts)");
    }

    /// A fact looked up by a test of its key is the fact of that key, whichever way it was
    /// first asked for, and the key is made only when the fact is computed.
    #[test]
    fn a_fact_found_by_its_key_is_the_fact_of_that_key() {
        let cache = FactCache::default();
        let made = AtomicUsize::new(0);
        let key = |k: &str| {
            made.fetch_add(1, Ordering::Relaxed);
            k.to_string()
        };
        let by = |k: &'static str, v: usize| {
            cache.get_or_compute_by(|have: &String| have == k, || key(k), || v)
        };
        assert_eq!(*by("a", 1), 1);
        assert_eq!(*by("a", 2), 1);
        assert_eq!(made.load(Ordering::Relaxed), 1);
        assert_eq!(*cache.get_or_compute("a".to_string(), || 3usize), 1);
        assert_eq!(*cache.get_or_compute("b".to_string(), || 4usize), 4);
        assert_eq!(*by("b", 5), 4);
        assert_eq!(*by("c", 6), 6);
        assert_eq!(made.load(Ordering::Relaxed), 2);
        // Another type of fact under an equal key is another fact.
        let other: Arc<u8> = cache.get_or_compute_by(|k: &String| k == "a", || key("a"), || 7);
        assert_eq!(*other, 7);
    }

    #[test]
    fn a_fact_may_ask_for_another() {
        let cache = FactCache::default();
        let outer = cache.get_or_compute(1u8, || *cache.get_or_compute(2u8, || 20u32) + 1);
        assert_eq!(*outer, 21);
    }
}
