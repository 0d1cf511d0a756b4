//! A table from 64-bit hashes to indices, open-addressed with linear probing: what
//! [`super::law::ActVersion::unit_by_path`] looks units up in.
//!
//! It replaced a sorted `(hash, index)` vector: sorting every unit's hash cost about 220
//! instructions a unit, a seventh of lowering an act, where placing it in a slot costs a few.

/// Indices by hash. Each distinct hash has one slot, holding the first and last index inserted
/// with it; the indices of one hash are chained in insertion order through `next`. The slots
/// are at least twice the distinct hashes, so a probe always meets a free slot, and an insert
/// costs a probe whatever the number of entries of its hash: a file of 100,000 units of one
/// number (hostile, or a consolidation gone wrong) must not make lowering quadratic, as
/// probing past every earlier duplicate would.
#[derive(Clone, Debug)]
pub struct HashSlots {
    /// `(hash, first, last)`, or [`FREE`] as the first index of a free slot; a power of two long.
    slots: Vec<(u64, usize, usize)>,
    /// For each index, the next index inserted with the same hash ([`FREE`]: none).
    next: Vec<usize>,
    /// How far a hash is shifted right to give its home slot (its top bits).
    shift: u32,
}

/// The index of a free slot, or of no next entry (no act has that many units).
const FREE: usize = usize::MAX;

impl Default for HashSlots {
    fn default() -> Self {
        HashSlots::build(std::iter::empty())
    }
}

impl HashSlots {
    /// The table of `hashes`, the `i`-th entry standing for index `i`.
    pub fn build(hashes: impl ExactSizeIterator<Item = u64>) -> HashSlots {
        let size = (2 * hashes.len()).max(2).next_power_of_two();
        let mut table = HashSlots {
            slots: vec![(0, FREE, FREE); size],
            next: vec![FREE; hashes.len()],
            shift: u64::BITS - size.trailing_zeros(),
        };
        for (index, hash) in hashes.enumerate() {
            table.insert(hash, index);
        }
        table
    }

    fn home(&self, hash: u64) -> usize {
        // The shift leaves as many bits as the slot count has: the home is below it.
        usize::try_from(hash >> self.shift).unwrap_or(0)
    }

    /// The slot of `hash`, or the free slot where it would go: the first of the two met from
    /// its home on (wrapping around).
    fn slot_of(&self, hash: u64) -> Option<usize> {
        let home = self.home(hash).min(self.slots.len());
        (home..self.slots.len()).chain(0..home).find(|&i| {
            self.slots
                .get(i)
                .is_some_and(|&(h, first, _)| first == FREE || h == hash)
        })
    }

    fn insert(&mut self, hash: u64, index: usize) {
        let Some(slot) = self.slot_of(hash).and_then(|i| self.slots.get_mut(i)) else {
            return;
        };
        if slot.1 == FREE {
            *slot = (hash, index, index);
        } else {
            let last = std::mem::replace(&mut slot.2, index);
            if let Some(link) = self.next.get_mut(last) {
                *link = index;
            }
        }
    }

    /// The indices inserted with `hash`, in the order they were inserted.
    pub fn get(&self, hash: u64) -> impl Iterator<Item = usize> + '_ {
        let first = self
            .slot_of(hash)
            .and_then(|i| self.slots.get(i))
            .map_or(FREE, |s| s.1);
        std::iter::successors(Some(first), |&i| self.next.get(i).copied())
            .take_while(|&i| i != FREE)
    }

    /// How many slots hold a hash (one per distinct hash).
    #[cfg(test)]
    fn occupied(&self) -> usize {
        self.slots.iter().filter(|s| s.1 != FREE).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reference: every index whose hash is `hash`, in index order.
    fn scan(hashes: &[u64], hash: u64) -> Vec<usize> {
        (0..hashes.len()).filter(|&i| hashes[i] == hash).collect()
    }

    #[test]
    fn an_empty_table_finds_nothing() {
        assert_eq!(HashSlots::default().get(7).count(), 0);
        assert_eq!(HashSlots::default().get(u64::MAX).count(), 0);
    }

    #[test]
    fn duplicates_and_a_full_wrap_come_in_insertion_order() {
        // Every hash has the top bits set: all share the last home slot and wrap around.
        let hashes = [u64::MAX, u64::MAX - 1, u64::MAX, u64::MAX];
        let t = HashSlots::build(hashes.iter().copied());
        assert_eq!(t.get(u64::MAX).collect::<Vec<_>>(), vec![0, 2, 3]);
        assert_eq!(t.get(u64::MAX - 1).collect::<Vec<_>>(), vec![1]);
        assert_eq!(t.get(0).count(), 0);
        assert_eq!(t.occupied(), 2);
    }

    /// Regression (session 11): duplicates of one hash took a slot each, so every insert
    /// probed past all the earlier ones — quadratic in a file of many units of one number.
    /// They share one slot now, chained.
    #[test]
    fn duplicates_of_one_hash_share_one_slot() {
        let t = HashSlots::build(std::iter::repeat_n(42, 10_000));
        assert_eq!(t.occupied(), 1);
        assert!(t.get(42).eq(0..10_000));
    }

    proptest! {
        /// The table finds what a scan finds, in the same order. Hashes are drawn from a few
        /// top-bit patterns and low values so that homes collide, duplicates occur and probes
        /// wrap past the end of the slots.
        #[test]
        fn the_table_finds_what_a_scan_finds(
            hashes in proptest::collection::vec(
                prop_oneof![0u64..8, (0u64..8).prop_map(|x| u64::MAX - x), any::<u64>()],
                0..64,
            ),
            probes in proptest::collection::vec(
                prop_oneof![0u64..8, (0u64..8).prop_map(|x| u64::MAX - x), any::<u64>()],
                0..16,
            ),
        ) {
            let t = HashSlots::build(hashes.iter().copied());
            for h in hashes.iter().chain(&probes) {
                prop_assert_eq!(t.get(*h).collect::<Vec<_>>(), scan(&hashes, *h));
            }
            let distinct: std::collections::BTreeSet<&u64> = hashes.iter().collect();
            prop_assert_eq!(t.occupied(), distinct.len());
        }
    }
}
