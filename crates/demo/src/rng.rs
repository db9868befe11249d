//! A small, documented, stable pseudo-random generator, so that the same seed gives the same
//! bytes on every platform and with every version of every dependency (`rand`'s `StdRng` makes
//! no such promise).
//!
//! The state is seeded with SplitMix64 (Steele, Lea and Flood, 2014) and the stream is
//! xoshiro256** 1.0 (Blackman and Vigna, 2018), both exactly as their reference C code. Neither
//! is cryptographic: the demo's signing keys come from it on purpose (a demo is meant to be
//! reproducible, never to protect anything).

/// One step of SplitMix64: advances `state` and returns the next output.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256**, seeded by SplitMix64.
#[derive(Clone, Debug)]
pub(crate) struct Rng {
    state: [u64; 4],
}

impl Rng {
    /// A generator for `seed`. Four consecutive SplitMix64 outputs are never all zero (it is a
    /// bijection of its counter), so the xoshiro state is always valid.
    pub(crate) fn new(seed: u64) -> Rng {
        let mut counter = seed;
        let state = [
            splitmix64(&mut counter),
            splitmix64(&mut counter),
            splitmix64(&mut counter),
            splitmix64(&mut counter),
        ];
        debug_assert!(state.iter().any(|word| *word != 0));
        Rng { state }
    }

    /// An independent stream `stream` of `seed` (one per circle, one for the support team), so
    /// that a circle's bytes do not depend on which other circles are generated, nor in what
    /// order or on which thread.
    pub(crate) fn derive(seed: u64, stream: u64) -> Rng {
        let mut counter = seed ^ stream.wrapping_mul(0xD134_2543_DE82_EF95);
        Rng::new(splitmix64(&mut counter))
    }

    /// The next 64 bits (xoshiro256** 1.0).
    pub(crate) fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A number in `0..bound` (`0` when `bound` is `0`). Lemire's multiply-shift: the bias is
    /// below `bound / 2^64`, irrelevant for a demo.
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(bound)) >> 64) as u64
    }

    /// A number in `low..=high` (`low` when `high < low`).
    pub(crate) fn between(&mut self, low: u64, high: u64) -> u64 {
        if high <= low {
            return low;
        }
        low + self.below(high - low + 1)
    }

    /// `true` with probability `per_mille / 1000`.
    pub(crate) fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// An index into a slice of `length` items (`0` for an empty one: callers check).
    pub(crate) fn index(&mut self, length: usize) -> usize {
        usize::try_from(self.below(length as u64)).unwrap_or(0)
    }

    /// One item of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let position = self.index(items.len());
        items.get(position)
    }

    /// Shuffle in place (Fisher–Yates).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for last in (1..items.len()).rev() {
            let other = self.index(last + 1);
            items.swap(last, other);
        }
    }

    /// 32 bytes, e.g. a signing key's seed.
    pub(crate) fn bytes32(&mut self) -> [u8; 32] {
        let mut bytes = [0u8; 32];
        for chunk in bytes.chunks_exact_mut(8) {
            chunk.copy_from_slice(&self.next_u64().to_le_bytes());
        }
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_matches_the_reference_implementation() {
        // SplitMix64 from 1234567: the first outputs of the reference C code.
        let mut counter = 1_234_567u64;
        assert_eq!(splitmix64(&mut counter), 6_457_827_717_110_365_317);
        assert_eq!(splitmix64(&mut counter), 3_203_168_211_198_807_973);
        // xoshiro256** from the state [1, 2, 3, 4]: the reference C code gives 11520, 0, 1509978240.
        let mut rng = Rng { state: [1, 2, 3, 4] };
        assert_eq!([rng.next_u64(), rng.next_u64(), rng.next_u64()], [11_520, 0, 1_509_978_240]);
    }

    #[test]
    fn bounds_hold() {
        let mut rng = Rng::new(7);
        for _ in 0..1000 {
            assert!(rng.below(10) < 10);
            assert!((5..=9).contains(&rng.between(5, 9)));
        }
        assert_eq!(rng.between(4, 4), 4);
        assert_eq!(rng.below(0), 0);
    }
}
