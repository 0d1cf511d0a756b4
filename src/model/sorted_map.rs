//! A small map kept as one vector sorted by key.
//!
//! What a provision reaches is held in many tiny maps: a few facets per provision, a few
//! values per facet, thousands of provisions per law in force. A `BTreeMap` reserves a whole
//! node (room for eleven entries) as soon as it holds one, so two values cost as much as
//! eleven; this map holds exactly its entries, in one allocation, and finds a key by binary
//! search. It iterates, compares and serializes in key order, exactly as a `BTreeMap` with the
//! same entries does (a unit test holds the two side by side), so it can stand in for one
//! without changing any output.
//!
//! Inserting is linear in the map's length: use it only for maps of a few dozen entries.

use std::borrow::Borrow;

/// A map from `K` to `V`, its entries in one vector sorted by key (no key twice).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty map with room for `n` entries: sized once when the number is known (the
    /// values a line states, the facets an offence tags), instead of growing from four.
    pub fn with_capacity(n: usize) -> Self {
        SortedMap {
            entries: Vec::with_capacity(n),
        }
    }

    /// Where `key` is (`Ok`), or where it would go (`Err`).
    fn find<Q>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let i = self.find(key).ok()?;
        self.entries.get(i).map(|(_, v)| v)
    }

    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        let i = self.find(key).ok()?;
        self.entries.get_mut(i).map(|(_, v)| v)
    }

    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`, and gives back the value it had, if any (as `BTreeMap::insert`:
    /// the key already there is kept).
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => self
                .entries
                .get_mut(i)
                .map(|(_, v)| std::mem::replace(v, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Sets `key` to `make()` if it has no value yet (as `BTreeMap`'s
    /// `entry(key).or_insert_with(make)`, the value not looked at); says whether it did.
    pub fn insert_if_absent(&mut self, key: K, make: impl FnOnce() -> V) -> bool {
        match self.find(&key) {
            Ok(_) => false,
            Err(i) => {
                self.entries.insert(i, (key, make()));
                true
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }
}

/// The entries of a [`SortedMap`] in key order.
pub type Iter<'a, K, V> =
    std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    /// As `BTreeMap`'s: of two entries with the same key, the later one's value is kept.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut entries: Vec<(K, V)> = iter.into_iter().collect();
        // Stable: entries with the same key stay in the order given, so the last one is the
        // one to keep.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(K, V)> = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = v,
                _ => out.push((k, v)),
            }
        }
        SortedMap { entries: out }
    }
}

impl<K: Ord, V> Extend<(K, V)> for SortedMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, K: Ord, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Serialized as the map it is, in key order (as a `BTreeMap`).
impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for SortedMap<K, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.entries.iter().map(|(k, v)| (k, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// One step of building a map.
    #[derive(Clone, Debug)]
    enum Op {
        Insert(u8, u8),
        IfAbsent(u8, u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u8..24, any::<u8>()).prop_map(|(k, v)| Op::Insert(k, v)),
            (0u8..24, any::<u8>()).prop_map(|(k, v)| Op::IfAbsent(k, v)),
        ]
    }

    proptest! {
        /// Built by the same steps, the sorted map and a `BTreeMap` hold the same entries in
        /// the same order, answer the same look-ups and serialize alike.
        #[test]
        fn a_sorted_map_is_a_btree_map(ops in proptest::collection::vec(op(), 0..60)) {
            let mut ours: SortedMap<String, u32> = SortedMap::new();
            let mut btree: BTreeMap<String, u32> = BTreeMap::new();
            for op in ops {
                match op {
                    Op::Insert(k, v) => {
                        let k = format!("v{k}");
                        prop_assert_eq!(ours.insert(k.clone(), v.into()), btree.insert(k, v.into()));
                    }
                    Op::IfAbsent(k, v) => {
                        let k = format!("v{k}");
                        let absent = !btree.contains_key(&k);
                        btree.entry(k.clone()).or_insert(v.into());
                        prop_assert_eq!(ours.insert_if_absent(k, || v.into()), absent);
                    }
                }
            }
            prop_assert!(ours.iter().eq(btree.iter()));
            prop_assert_eq!(ours.len(), btree.len());
            for k in 0..24 {
                let k = format!("v{k}");
                prop_assert_eq!(ours.get(k.as_str()), btree.get(k.as_str()));
                prop_assert_eq!(ours.contains_key(k.as_str()), btree.contains_key(k.as_str()));
            }
            prop_assert_eq!(
                serde_json::to_string(&ours).ok(),
                serde_json::to_string(&btree).ok()
            );
        }

        /// Collected from the same entries (keys repeated), both keep the last value of a key.
        #[test]
        fn collecting_keeps_the_last_value_of_a_key(
            pairs in proptest::collection::vec((0u8..16, any::<u8>()), 0..40)
        ) {
            let ours: SortedMap<u8, u8> = pairs.iter().copied().collect();
            let btree: BTreeMap<u8, u8> = pairs.iter().copied().collect();
            prop_assert!(ours.into_iter().eq(btree));
        }
    }
}
