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
    entries
        .iter()
        .filter(|e| e.kind == kind)
        .find(|e| e.key.downcast_ref::<K>() == Some(key))
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

    #[test]
    fn a_fact_may_ask_for_another() {
        let cache = FactCache::default();
        let outer = cache.get_or_compute(1u8, || *cache.get_or_compute(2u8, || 20u32) + 1);
        assert_eq!(*outer, 21);
    }
}
