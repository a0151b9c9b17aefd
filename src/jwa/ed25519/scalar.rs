//! Scalars modulo the group order L = 2^252 + 27742317777372353535851937790883648493
//! (RFC 8032 §5.1), as 32-byte little-endian strings.

/// L, little-endian.
pub(crate) const L_BYTES: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// Whether `s` is below L: the check RFC 8032 §5.1.7 step 1 makes on a
/// signature's S ("If any of the decodings fail (including S being out of
/// range), the signature is invalid").
pub fn is_canonical(s: &[u8; 32]) -> bool {
    for i in (0..32).rev() {
        if s[i] != L_BYTES[i] {
            return s[i] < L_BYTES[i];
        }
    }
    false // s = L
}

/// A 64-byte little-endian integer (a SHA-512 digest, RFC 8032 §5.1.7
/// step 2) reduced modulo L.
///
/// Byte-wise signed folding: 2^256 = -16·(L - 2^252) (mod L), so each top
/// byte x_i (i >= 32) is removed by subtracting 16·x_i·(L - 2^252) from the
/// 20 bytes 32 places lower, with carries kept in signed 64-bit limbs; then
/// the bits above 2^252 are removed the same way, and one conditional
/// correction brings the value into [0, L) (the method of TweetNaCl's
/// `modL`).
pub fn reduce_wide(h: &[u8; 64]) -> [u8; 32] {
    let l = L_BYTES.map(i64::from);
    let mut x = [0i64; 64];
    for (xi, &b) in x.iter_mut().zip(h.iter()) {
        *xi = i64::from(b);
    }
    for i in (32..64).rev() {
        let mut carry = 0i64;
        let top = x[i];
        for j in (i - 32)..(i - 12) {
            x[j] += carry - 16 * top * l[j - (i - 32)];
            carry = (x[j] + 128) >> 8;
            x[j] -= carry << 8;
        }
        x[i - 12] += carry;
        x[i] = 0;
    }
    let mut carry = 0i64;
    let top = x[31] >> 4;
    for j in 0..32 {
        x[j] += carry - top * l[j];
        carry = x[j] >> 8;
        x[j] &= 255;
    }
    for j in 0..32 {
        x[j] -= carry * l[j];
    }
    let mut out = [0u8; 32];
    for i in 0..32 {
        x[i + 1] += x[i] >> 8;
        out[i] = (x[i] & 255) as u8;
    }
    out
}

/// The width-5 non-adjacent form of a scalar below 2^253: digits that are
/// 0 or odd in [-15, 15], any nonzero digit followed by at least four
/// zeros, and Σ digit_i·2^i = s.
pub(crate) fn wnaf5(s: &[u8; 32]) -> [i8; 256] {
    const WIDTH: u64 = 1 << 5;
    let mut limbs = [0u64; 5];
    for (limb, chunk) in limbs.iter_mut().zip(s.chunks_exact(8)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        *limb = u64::from_le_bytes(word);
    }
    let mut naf = [0i8; 256];
    let mut pos = 0usize;
    let mut carry = 0u64;
    while pos < 256 {
        let (idx, bit) = (pos / 64, pos % 64);
        let bits = if bit < 64 - 5 { limbs[idx] >> bit } else { (limbs[idx] >> bit) | (limbs[idx + 1] << (64 - bit)) };
        let window = carry + (bits & (WIDTH - 1));
        if window & 1 == 0 {
            pos += 1;
            continue;
        }
        if window < WIDTH / 2 {
            carry = 0;
            naf[pos] = window as i8;
        } else {
            carry = 1;
            naf[pos] = window as i8 - WIDTH as i8;
        }
        pos += 5;
    }
    naf
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::{BigInt, BigUint};
    use std::{vec, vec::Vec};

    fn l() -> BigUint {
        BigUint::from_bytes_le(&L_BYTES)
    }

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn fill(&mut self, out: &mut [u8]) {
            for b in out.iter_mut() {
                *b = self.next() as u8;
            }
        }
    }

    #[test]
    fn l_is_the_group_order() {
        let expected: BigUint =
            (BigUint::from(1u8) << 252u32) + "27742317777372353535851937790883648493".parse::<BigUint>().unwrap();
        assert_eq!(l(), expected);
    }

    #[test]
    fn canonical_means_below_l() {
        let l = l();
        let mut cases: Vec<BigUint> = vec![
            BigUint::from(0u8),
            BigUint::from(1u8),
            &l - 1u8,
            l.clone(),
            &l + 1u8,
            (BigUint::from(1u8) << 256u32) - 1u8,
        ];
        cases.push(BigUint::from(1u8) << 252u32);
        cases.push((BigUint::from(1u8) << 253u32) - 1u8);
        let mut rng = Rng(9);
        for _ in 0..2000 {
            let mut b = [0u8; 32];
            rng.fill(&mut b);
            b[31] &= [0x0f, 0x1f, 0xff][b[0] as usize % 3];
            cases.push(BigUint::from_bytes_le(&b));
        }
        for v in cases {
            let mut b = v.to_bytes_le();
            b.resize(32, 0);
            assert_eq!(is_canonical(&b.try_into().unwrap()), v < l, "{v}");
        }
    }

    #[test]
    fn reduce_wide_agrees_with_big_integers() {
        let l = l();
        let mut inputs: Vec<[u8; 64]> = vec![[0; 64], [0xff; 64]];
        // multiples of L and their neighbours, and values just below 2^512
        for k in [1u32, 2, 15, 16, 17, 255, 65535] {
            for delta in [-1i64, 0, 1] {
                let v = BigInt::from(l.clone()) * k + delta;
                let mut b = v.to_biguint().unwrap().to_bytes_le();
                b.resize(64, 0);
                inputs.push(b.try_into().unwrap());
            }
        }
        let big = (BigUint::from(1u8) << 512u32) / &l * &l; // the largest multiple of L below 2^512
        for delta in [0u8, 1, 2] {
            let mut b = (&big + delta).to_bytes_le();
            b.resize(64, 0);
            inputs.push(b.try_into().unwrap());
        }
        let mut rng = Rng(10);
        for n in 0..20000 {
            let mut b = [0u8; 64];
            rng.fill(&mut b);
            // also inputs with long runs of 0x00 / 0xff bytes
            if n % 4 == 1 {
                let at = (rng.next() % 64) as usize;
                b[at..].fill(0xff);
            } else if n % 4 == 2 {
                let at = (rng.next() % 64) as usize;
                b[at..].fill(0);
            }
            inputs.push(b);
        }
        for b in inputs {
            let got = BigUint::from_bytes_le(&reduce_wide(&b));
            assert_eq!(got, BigUint::from_bytes_le(&b) % &l, "{b:02x?}");
        }
    }

    #[test]
    fn wnaf5_digits_sum_to_the_scalar() {
        let mut rng = Rng(11);
        let mut cases: Vec<[u8; 32]> = vec![[0; 32], L_BYTES, [0xff; 32].map(|_| 0xff)];
        cases[2][31] = 0x1f; // 2^253 - 1
        for _ in 0..2000 {
            let mut b = [0u8; 32];
            rng.fill(&mut b);
            b[31] &= 0x1f;
            cases.push(b);
        }
        for s in cases {
            let naf = wnaf5(&s);
            let mut v = BigInt::from(0);
            for (i, &d) in naf.iter().enumerate() {
                assert!(d == 0 || (d % 2 != 0 && (-15..=15).contains(&d)), "digit {d}");
                if d != 0 {
                    assert!(
                        naf[i + 1..(i + 5).min(256)].iter().all(|&z| z == 0),
                        "a nonzero digit is followed by four zeros"
                    );
                }
                v += BigInt::from(d) << i;
            }
            assert_eq!(v, BigInt::from(BigUint::from_bytes_le(&s)));
        }
    }
}
