//! The deterministic random source of the big-integer, RSA, ECDSA and Ed25519 unit
//! tests (SplitMix64), so a failure is reproducible from its seed.

extern crate std;

use num_bigint::BigUint;
use std::vec::Vec;

pub(crate) struct SplitMix(pub(crate) u64);

impl SplitMix {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }

    /// Random odd modulus with exactly `bits` bits, big-endian.
    pub(crate) fn odd_modulus(&mut self, bits: usize) -> Vec<u8> {
        let mut n = self.bytes(bits.div_ceil(8));
        let excess = 8 * n.len() - bits;
        n[0] &= 0xff >> excess;
        n[0] |= 0x80 >> excess;
        *n.last_mut().unwrap() |= 1;
        n
    }

    /// Uniform-ish value below `m` (random bytes mod m, or a random
    /// small or near-m value one time in four).
    pub(crate) fn below(&mut self, m: &BigUint) -> BigUint {
        let len = m.to_bytes_be().len() + 8;
        let v = BigUint::from_bytes_be(&self.bytes(len)) % m;
        match self.next_u64() % 8 {
            0 => v % 1000u32,
            1 => m - 1u32 - (v % 1000u32),
            _ => v,
        }
    }
}
