//! RSA signature **verification** for the JOSE algorithms RS256/RS384/RS512
//! (RSASSA-PKCS1-v1_5, RFC 7518 §3.3) and PS256/PS384/PS512 (RSASSA-PSS,
//! RFC 7518 §3.5).
//!
//! Only the public-key operation is implemented, so everything handled here
//! (modulus, exponent, signature, message) is public and the arithmetic is
//! deliberately *variable time*: that is what makes it fast.
//!
//! # Arithmetic
//!
//! * Integers are little-endian arrays of limbs. The limb is `u64` (with `u128`
//!   products) on 64-bit native targets and `u32` (with `u64` products) on
//!   everything else, notably `wasm32`, which has a native 64-bit multiply but
//!   no 64×64→128 one. A single generic implementation over the private
//!   `Limb` trait serves both widths (and the tests run both on any host).
//! * Multiplication is Montgomery multiplication in product-scanning form
//!   with interleaved reduction ("FIPS"), summing each column in a wide
//!   accumulator without per-limb carry propagation; squarings compute each
//!   cross product once (`1.5 len²` instead of `2 len²` multiplications).
//!   `n' = -n⁻¹ mod 2^w`, `R² mod n` and a limb-reversed copy of `n` are
//!   computed once in [`RsaPublicKey::new`].
//! * `s^e mod n` (RSAVP1, RFC 8017 §5.2.2) is left-to-right square-and-multiply.
//!   Because `e` is odd, the final multiplication is by the *plain* `s` rather
//!   than its Montgomery form, which leaves the result out of Montgomery form
//!   with no extra conversion (for `e = 65537`: 1 conversion + 16 squarings +
//!   1 multiplication).
//! * A verification allocates its scratch space once (one limb buffer and one
//!   byte buffer, both sized by the modulus); the hot loops do not allocate and
//!   do not recurse.
//! * The hot loops are written with plain index loops over equal-length
//!   slices rather than iterator adapters, because the crate is built with
//!   `opt-level = "z"`, where adapters such as `Zip` are not inlined.
//!
//! # Padding checks
//!
//! * PKCS#1 v1.5 is checked by *encode and compare* (RFC 8017 §8.2.2 step 3,
//!   §9.2): the expected encoded message is built from the hash and compared
//!   to the recovered one in full, so no DER is ever parsed (which rules out
//!   BER / trailing-garbage forgeries).
//! * PSS follows EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with MGF1 over the same hash
//!   and a salt length fixed to the hash length, as RFC 7518 §3.5 requires.

use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use sha2::{Digest, Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;

use super::bigint::{MontModulus, Word};

/// Smallest accepted modulus, in bits (RFC 7518 §3.3 / §3.5: "A key of size
/// 2048 bits or larger MUST be used").
pub const MIN_MODULUS_BITS: usize = 2048;
/// Largest accepted modulus, in bits. Bounds the work done per verification.
pub const MAX_MODULUS_BITS: usize = 8192;
/// Largest accepted public exponent, `2^33 - 1` (the same limit as the `rsa`
/// crate).
pub const MAX_PUBLIC_EXPONENT: u64 = (1 << 33) - 1;

/// Hash used by RS*/PS* (RFC 7518 §3.3, §3.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RsaHash {
    /// SHA-256 (RS256, PS256).
    Sha256,
    /// SHA-384 (RS384, PS384).
    Sha384,
    /// SHA-512 (RS512, PS512).
    Sha512,
}

impl RsaHash {
    /// Output length of the hash in octets (`hLen` in RFC 8017).
    pub const fn output_len(self) -> usize {
        match self {
            RsaHash::Sha256 => 32,
            RsaHash::Sha384 => 48,
            RsaHash::Sha512 => 64,
        }
    }

    /// DER encoding of the `DigestInfo` up to (excluding) the digest value, from
    /// RFC 8017 §9.2, note 1 (the forms with explicit NULL parameters).
    const fn digest_info_prefix(self) -> &'static [u8] {
        match self {
            RsaHash::Sha256 => &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20,
            ],
            RsaHash::Sha384 => &[
                0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x02, 0x05, 0x00, 0x04, 0x30,
            ],
            RsaHash::Sha512 => &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x03, 0x05, 0x00, 0x04, 0x40,
            ],
        }
    }
}

/// Why a key was refused at import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RsaKeyError {
    /// The modulus has fewer than [`MIN_MODULUS_BITS`] significant bits
    /// (this includes a modulus of value zero).
    ModulusTooSmall,
    /// The modulus has more than [`MAX_MODULUS_BITS`] significant bits.
    ModulusTooLarge,
    /// The modulus is even, so it cannot be an RSA modulus (and Montgomery
    /// arithmetic would not work).
    ModulusEven,
    /// The public exponent is even, smaller than 3 or larger than
    /// [`MAX_PUBLIC_EXPONENT`].
    ExponentInvalid,
    /// The modulus or the exponent is an empty octet string.
    Malformed,
}

impl fmt::Display for RsaKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RsaKeyError::ModulusTooSmall => "RSA modulus is smaller than 2048 bits",
            RsaKeyError::ModulusTooLarge => "RSA modulus is larger than 8192 bits",
            RsaKeyError::ModulusEven => "RSA modulus is even",
            RsaKeyError::ExponentInvalid => "RSA public exponent must be odd and in 3..=2^33-1",
            RsaKeyError::Malformed => "RSA modulus or exponent is empty",
        })
    }
}

/// A validated RSA public key, ready for fast repeated verification
/// (the Montgomery constants are precomputed once, in [`RsaPublicKey::new`]).
#[derive(Clone)]
pub struct RsaPublicKey {
    /// Modulus, minimal big-endian (no leading zero octet).
    n_be: Vec<u8>,
    /// Public exponent, odd, `3..=MAX_PUBLIC_EXPONENT`.
    e: u64,
    /// Significant bits of `n` (`modBits` in RFC 8017).
    bits: usize,
    /// Montgomery form of `n` with the platform limb.
    modulus: MontModulus<Word>,
}

/// Two keys are equal when their modulus and exponent are.
impl PartialEq for RsaPublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.e == other.e && self.n_be == other.n_be
    }
}

impl Eq for RsaPublicKey {}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPublicKey")
            .field("bits", &self.bits)
            .field("e", &self.e)
            .finish_non_exhaustive()
    }
}

impl RsaPublicKey {
    /// Imports a public key from its modulus `n` and exponent `e`, both unsigned
    /// big-endian octet strings as decoded from a JWK's `n`/`e` (RFC 7518 §6.3.1).
    /// Leading zero octets are tolerated and stripped.
    ///
    /// Rules (RFC 8017 §3.1 for the shape of a key, RFC 7518 §3.3 for the size):
    /// `n` odd with `2048 <= bits(n) <= 8192`; `e` odd with `3 <= e <= 2^33 - 1`.
    /// Empty `n` or `e` is [`RsaKeyError::Malformed`].
    pub fn new(n: &[u8], e: &[u8]) -> Result<Self, RsaKeyError> {
        if n.is_empty() || e.is_empty() {
            return Err(RsaKeyError::Malformed);
        }
        let n = strip_leading_zeros(n);
        let bits = bit_length_be(n);
        if bits < MIN_MODULUS_BITS {
            return Err(RsaKeyError::ModulusTooSmall);
        }
        if bits > MAX_MODULUS_BITS {
            return Err(RsaKeyError::ModulusTooLarge);
        }
        if n.last().is_none_or(|b| b & 1 == 0) {
            return Err(RsaKeyError::ModulusEven);
        }

        let e = strip_leading_zeros(e);
        if e.len() > 8 {
            return Err(RsaKeyError::ExponentInvalid);
        }
        let e = e.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        if e < 3 || e & 1 == 0 || e > MAX_PUBLIC_EXPONENT {
            return Err(RsaKeyError::ExponentInvalid);
        }

        Ok(RsaPublicKey {
            n_be: n.to_vec(),
            e,
            bits,
            modulus: MontModulus::new(n),
        })
    }

    /// Number of significant bits of the modulus (`modBits`, RFC 8017 §8.1.2).
    pub fn modulus_bits(&self) -> usize {
        self.bits
    }

    /// Length of the modulus in octets (`k`, RFC 8017 §8.1.2 / §8.2.2); also the
    /// exact length a signature must have.
    pub fn modulus_len(&self) -> usize {
        self.n_be.len()
    }

    /// The modulus as a minimal big-endian octet string (e.g. for JWK
    /// thumbprints, RFC 7638 §3.2).
    pub fn n_bytes(&self) -> Vec<u8> {
        self.n_be.clone()
    }

    /// The public exponent as a minimal big-endian octet string.
    pub fn e_bytes(&self) -> Vec<u8> {
        let bytes = self.e.to_be_bytes();
        strip_leading_zeros(&bytes).to_vec()
    }

    /// The public exponent as an integer.
    pub fn exponent(&self) -> u64 {
        self.e
    }

    /// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) of `sig` over `msg`.
    ///
    /// 1. `sig` must be exactly `k` octets (step 1).
    /// 2. RSAVP1 (§5.2.2): `s < n` or reject, `m = s^e mod n`, `EM = I2OSP(m, k)`.
    /// 3. EMSA-PKCS1-v1_5 encoding (§9.2) of `Hash(msg)` into `EM'`, with the
    ///    fixed `DigestInfo` prefixes of §9.2 note 1.
    /// 4. Accept iff `EM == EM'` (whole-buffer comparison, no DER parsing).
    pub fn verify_pkcs1v15(&self, hash: RsaHash, msg: &[u8], sig: &[u8]) -> bool {
        let k = self.modulus_len();
        if sig.len() != k {
            return false;
        }
        let digest = HashOutput::of(hash, &[msg]);
        let digest = digest.as_slice();
        let prefix = hash.digest_info_prefix();
        let t_len = prefix.len() + digest.len();
        // §9.2 step 3: emLen < tLen + 11 => "intended encoded message length too
        // short". Cannot happen for k >= 256, kept for robustness.
        if k < t_len + 11 {
            return false;
        }

        let mut buf = vec![0u8; 2 * k];
        let (em, expected) = buf.split_at_mut(k);
        if !self.rsavp1(sig, em) {
            return false;
        }

        // EM' = 0x00 || 0x01 || PS (0xff..., k - tLen - 3 octets) || 0x00 || T,
        // with T = DigestInfo prefix || H.
        let ps_end = k - t_len - 1;
        expected[1] = 0x01;
        for b in &mut expected[2..ps_end] {
            *b = 0xff;
        }
        let (prefix_dst, digest_dst) = expected[ps_end + 1..].split_at_mut(prefix.len());
        prefix_dst.copy_from_slice(prefix);
        digest_dst.copy_from_slice(digest);

        bool::from(em.ct_eq(expected))
    }

    /// RSASSA-PSS verification (RFC 8017 §8.1.2) of `sig` over `msg`, with
    /// EMSA-PSS-VERIFY (§9.1.2), MGF1 (§B.2.1) over the same hash, and a salt
    /// length of exactly `hLen` (RFC 7518 §3.5). A signature made with any other
    /// salt length is rejected.
    pub fn verify_pss(&self, hash: RsaHash, msg: &[u8], sig: &[u8]) -> bool {
        let k = self.modulus_len();
        // §8.1.2 step 1.
        if sig.len() != k {
            return false;
        }
        let mut em_full = vec![0u8; k];
        // §8.1.2 step 2a-2b (RSAVP1).
        if !self.rsavp1(sig, &mut em_full) {
            return false;
        }
        // §8.1.2 step 2c: EM = I2OSP(m, emLen) with emLen = ceil((modBits - 1) / 8).
        // When modBits - 1 is a multiple of 8, emLen = k - 1 and the leading octet of
        // the k-octet value must be zero or I2OSP fails ("integer too large").
        let em_bits = self.bits - 1;
        let em_len = em_bits.div_ceil(8);
        let em: &mut [u8] = if em_len < k {
            match em_full.split_first_mut() {
                Some((&mut 0, rest)) => rest,
                _ => return false,
            }
        } else {
            &mut em_full
        };
        emsa_pss_verify(hash, msg, em, em_bits)
    }

    /// RSAVP1 (RFC 8017 §5.2.2): writes `I2OSP(sig^e mod n, k)` into `out`
    /// (`out.len()` must be `k`). Returns `false` when `sig` is not `k` octets or
    /// its value is not smaller than `n` (step 1, "signature representative out
    /// of range").
    fn rsavp1(&self, sig: &[u8], out: &mut [u8]) -> bool {
        let k = self.modulus_len();
        if sig.len() != k || out.len() != k {
            return false;
        }
        self.modulus.pow_be(sig, self.e, out)
    }
}

/// EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with `sLen = hLen` and MGF1 over `hash`.
/// `em` is the `emLen`-octet encoded message; it is unmasked in place.
fn emsa_pss_verify(hash: RsaHash, msg: &[u8], em: &mut [u8], em_bits: usize) -> bool {
    let em_len = em.len();
    let h_len = hash.output_len();
    let s_len = h_len;
    // Step 3.
    if em_len < h_len + s_len + 2 || em_len != em_bits.div_ceil(8) {
        return false;
    }
    // Step 4.
    if em.last() != Some(&0xbc) {
        return false;
    }
    // Step 5: maskedDB = EM[..emLen - hLen - 1], H = next hLen octets.
    let (masked_db, rest) = em.split_at_mut(em_len - h_len - 1);
    let h = &rest[..h_len];
    // Step 6: the leftmost 8*emLen - emBits bits of maskedDB must be zero.
    let unused_bits = 8 * em_len - em_bits; // 0..=7
    let top_mask = 0xffu8 >> unused_bits;
    match masked_db.first() {
        Some(&b) if b & !top_mask == 0 => {}
        _ => return false,
    }
    // Steps 7-8: DB = maskedDB XOR MGF1(H, emLen - hLen - 1).
    mgf1_xor(hash, h, masked_db);
    let db = masked_db;
    // Step 9: clear the unused leftmost bits.
    if let Some(first) = db.first_mut() {
        *first &= top_mask;
    }
    // Step 10: DB = PS (zeros, emLen - hLen - sLen - 2 octets) || 0x01 || salt.
    let ps_len = em_len - h_len - s_len - 2;
    let (ps, rest) = db.split_at(ps_len);
    if ps.iter().any(|&b| b != 0) {
        return false;
    }
    let salt = match rest.split_first() {
        Some((&0x01, salt)) if salt.len() == s_len => salt,
        _ => return false,
    };
    // Steps 2, 12-13: H' = Hash(0x00 * 8 || Hash(M) || salt).
    let m_hash = HashOutput::of(hash, &[msg]);
    let h_prime = HashOutput::of(hash, &[&[0u8; 8], m_hash.as_slice(), salt]);
    // Step 14.
    bool::from(h.ct_eq(h_prime.as_slice()))
}

/// `out ^= MGF1(seed, out.len())` (RFC 8017 §B.2.1). `out.len()` is bounded by
/// the modulus length, so the 32-bit counter never wraps.
fn mgf1_xor(hash: RsaHash, seed: &[u8], out: &mut [u8]) {
    let mut counter: u32 = 0;
    for chunk in out.chunks_mut(hash.output_len()) {
        let block = HashOutput::of(hash, &[seed, &counter.to_be_bytes()]);
        for (o, m) in chunk.iter_mut().zip(block.as_slice()) {
            *o ^= m;
        }
        counter = counter.wrapping_add(1);
    }
}

/// A SHA-2 digest held on the stack.
struct HashOutput {
    buf: [u8; 64],
    len: usize,
}

impl HashOutput {
    /// Hashes the concatenation of `parts`.
    fn of(hash: RsaHash, parts: &[&[u8]]) -> Self {
        fn run<D: Digest>(parts: &[&[u8]]) -> HashOutput {
            let mut d = D::new();
            for p in parts {
                d.update(*p);
            }
            let digest = d.finalize();
            let mut out = HashOutput {
                buf: [0u8; 64],
                len: digest.len().min(64),
            };
            for (o, b) in out.buf.iter_mut().zip(digest.iter()) {
                *o = *b;
            }
            out
        }
        match hash {
            RsaHash::Sha256 => run::<Sha256>(parts),
            RsaHash::Sha384 => run::<Sha384>(parts),
            RsaHash::Sha512 => run::<Sha512>(parts),
        }
    }

    fn as_slice(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&self.buf)
    }
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

/// Bit length of a big-endian integer whose first octet is non-zero (or empty).
fn bit_length_be(bytes: &[u8]) -> usize {
    match bytes.first() {
        None => 0,
        Some(&top) => 8 * (bytes.len() - 1) + (8 - top.leading_zeros() as usize),
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use crate::jwa::test_rng::SplitMix;
    use num_bigint::BigUint;
    use std::vec::Vec;


    /// A 2048-bit odd modulus (random, not an RSA modulus: the key import
    /// rules do not check primality).
    fn modulus_2048() -> Vec<u8> {
        SplitMix(1).odd_modulus(2048)
    }

    #[test]
    fn import_accepts_valid_keys_and_strips_leading_zeros() {
        let n = modulus_2048();
        let key = RsaPublicKey::new(&n, &[1, 0, 1]).unwrap();
        assert_eq!(key.modulus_bits(), 2048);
        assert_eq!(key.modulus_len(), 256);
        assert_eq!(key.n_bytes(), n);
        assert_eq!(key.e_bytes(), [1, 0, 1]);

        let mut padded_n = vec![0, 0, 0];
        padded_n.extend_from_slice(&n);
        let key = RsaPublicKey::new(&padded_n, &[0, 0, 0, 1, 0, 1]).unwrap();
        assert_eq!(key.n_bytes(), n);
        assert_eq!(key.e_bytes(), [1, 0, 1]);
        assert_eq!(key.exponent(), 65537);
        assert_eq!(key, RsaPublicKey::new(&n, &[1, 0, 1]).unwrap());
        assert_ne!(key, RsaPublicKey::new(&n, &[3]).unwrap());

        // Boundary sizes: 2048 and 8192 bits; e = 3 and e = 2^33 - 1.
        let n8192 = SplitMix(2).odd_modulus(8192);
        assert_eq!(
            RsaPublicKey::new(&n8192, &[3]).unwrap().modulus_bits(),
            8192
        );
        let max_e = MAX_PUBLIC_EXPONENT.to_be_bytes();
        let key = RsaPublicKey::new(&n, &max_e).unwrap();
        assert_eq!(key.e_bytes(), [1, 0xff, 0xff, 0xff, 0xff]);
        // Odd sizes that are not a multiple of the limb or octet size.
        for bits in [2049, 2050, 2055, 2056, 2057, 3000, 4095, 8191] {
            let n = SplitMix(bits as u64).odd_modulus(bits);
            assert_eq!(
                RsaPublicKey::new(&n, &[1, 0, 1]).unwrap().modulus_bits(),
                bits
            );
        }
    }

    #[test]
    fn import_rejects_each_rule() {
        let n = modulus_2048();
        let e = [1u8, 0, 1];
        assert_eq!(
            RsaPublicKey::new(&[], &e).unwrap_err(),
            RsaKeyError::Malformed
        );
        assert_eq!(
            RsaPublicKey::new(&n, &[]).unwrap_err(),
            RsaKeyError::Malformed
        );
        // Zero modulus / 2047-bit modulus.
        assert_eq!(
            RsaPublicKey::new(&[0; 256], &e).unwrap_err(),
            RsaKeyError::ModulusTooSmall
        );
        let n2047 = SplitMix(3).odd_modulus(2047);
        assert_eq!(
            RsaPublicKey::new(&n2047, &e).unwrap_err(),
            RsaKeyError::ModulusTooSmall
        );
        // 1024-bit modulus (what JOSE forbids) with leading zeros up to 256 octets.
        let mut n1024 = vec![0u8; 128];
        n1024.extend_from_slice(&SplitMix(4).odd_modulus(1024));
        assert_eq!(
            RsaPublicKey::new(&n1024, &e).unwrap_err(),
            RsaKeyError::ModulusTooSmall
        );
        // 8193-bit modulus.
        let n8193 = SplitMix(5).odd_modulus(8193);
        assert_eq!(
            RsaPublicKey::new(&n8193, &e).unwrap_err(),
            RsaKeyError::ModulusTooLarge
        );
        // Even modulus.
        let mut even = n.clone();
        *even.last_mut().unwrap() &= 0xfe;
        assert_eq!(
            RsaPublicKey::new(&even, &e).unwrap_err(),
            RsaKeyError::ModulusEven
        );
        // Exponents: 0, 1, 2, even, 2^33 + 1 (odd, too large), 9 octets.
        for bad_e in [
            &[0u8][..],
            &[0, 0],
            &[1],
            &[2],
            &[1, 0, 0],
            &[2, 0, 0, 0, 1],
            &[1, 0, 0, 0, 0, 0, 0, 0, 1],
        ] {
            assert_eq!(
                RsaPublicKey::new(&n, bad_e).unwrap_err(),
                RsaKeyError::ExponentInvalid,
                "e = {bad_e:?}"
            );
        }
    }

    #[test]
    fn digest_info_prefixes_match_rfc8017() {
        // RFC 8017 §9.2 note 1, as hex strings.
        let expected = [
            (RsaHash::Sha256, "3031300d060960864801650304020105000420"),
            (RsaHash::Sha384, "3041300d060960864801650304020205000430"),
            (RsaHash::Sha512, "3051300d060960864801650304020305000440"),
        ];
        for (hash, hex) in expected {
            let got: std::string::String = hash
                .digest_info_prefix()
                .iter()
                .map(|b| std::format!("{b:02x}"))
                .collect();
            assert_eq!(got, hex);
            // The last octet of the prefix is the digest length.
            assert_eq!(
                *hash.digest_info_prefix().last().unwrap() as usize,
                hash.output_len()
            );
        }
    }

    /// Signatures are made here with a tiny "textbook" RSA private operation
    /// (via num-bigint) on a key whose factors are known, so the module can be
    /// tested without any other RSA implementation. The integration tests do
    /// the same against the `rsa` crate and Wycheproof.
    #[test]
    fn self_made_pkcs1_and_pss_signatures() {
        // RSA-2048 key from the `rsa` crate's own test suite (its
        // `algorithms::rsa` tests): n, d, with e = 65537.
        let n = hex(concat!(
            "d397b84d98a4c26138ed1b695a8106ead91d553bf06041b62d3fdc50a041e222",
            "b8f4529689c1b82c5e71554f5dd69fa2f4b6158cf0dbeb57811a0fc327e1f28e",
            "74fe74d3bc166c1eabdc1b8b57b934ca8be5b00b4f29975bcc99acaf415b59bb",
            "28a6782bb41a2c3c2976b3c18dbadef62f00c6bb226640095096c0cc60d22fe7",
            "ef987d75c6a81b10d96bf292028af110dc7cc1bbc43d22adab379a0cd5d8078c",
            "c780ff5cd6209dea34c922cf784f7717e428d75b5aec8ff30e5f0141510766e2",
            "e0ab8d473c84e8710b2b98227c3db095337ad3452f19e2b9bfbccdd8148abf67",
            "76fa552775e6e75956e45229ae5a9c46949bab1e622f0e48f56524a84ed3483b"
        ));
        let d = hex(concat!(
            "c4e70c689162c94c660828191b52b4d8392115df486a9adbe831e458d7395832",
            "0dc1b755456e93701e9702d76fb0b92f90e01d1fe248153281fe79aa9763a92f",
            "ae69d8d7ecd144de29fa135bd14f9573e349e45031e3b76982f583003826c552",
            "e89a397c1a06bd2163488630d92e8c2bb643d7abef700da95d685c941489a46f",
            "54b5316f62b5d2c3a7f1bbd134cb37353a44683fdc9d95d36458de22f6c44057",
            "fe74a0a436c4308f73f4da42f35c47ac16a7138d483afc91e41dc3a1127382e0",
            "c0f5119b0221b4fc639d6b9c38177a6de9b526ebd88c38d7982c07f98a0efd87",
            "7d508aae275b946915c02e2e1106d175d74ec6777f5e80d12c053d9c7be1e341"
        ));
        let key = RsaPublicKey::new(&n, &[1, 0, 1]).unwrap();
        let (nb, db) = (BigUint::from_bytes_be(&n), BigUint::from_bytes_be(&d));
        let sign_raw = |em: &[u8]| -> Vec<u8> {
            let s = BigUint::from_bytes_be(em).modpow(&db, &nb).to_bytes_be();
            let mut out = vec![0u8; 256 - s.len()];
            out.extend_from_slice(&s);
            out
        };
        let msg = b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0";
        for hash in [RsaHash::Sha256, RsaHash::Sha384, RsaHash::Sha512] {
            // PKCS#1 v1.5: EM = 00 01 FF..FF 00 || DigestInfo.
            let digest = HashOutput::of(hash, &[msg]);
            let mut t = hash.digest_info_prefix().to_vec();
            t.extend_from_slice(digest.as_slice());
            let mut em = vec![0x00, 0x01];
            em.resize(256 - t.len() - 1, 0xff);
            em.push(0x00);
            em.extend_from_slice(&t);
            let sig = sign_raw(&em);
            assert!(key.verify_pkcs1v15(hash, msg, &sig));
            assert!(!key.verify_pkcs1v15(hash, b"other message", &sig));
            assert!(!key.verify_pss(hash, msg, &sig));
            for other in [RsaHash::Sha256, RsaHash::Sha384, RsaHash::Sha512] {
                if other != hash {
                    assert!(!key.verify_pkcs1v15(other, msg, &sig));
                }
            }
            // Same encoding with the DigestInfo's NULL parameters omitted
            // (a BER-ish variant some libraries accept): must be rejected.
            let mut t2 = hash.digest_info_prefix().to_vec();
            t2[1] -= 2;
            t2[3] -= 2;
            t2.drain(15..17); // the `05 00` NULL
            t2.extend_from_slice(digest.as_slice());
            let mut em2 = vec![0x00, 0x01];
            em2.resize(256 - t2.len() - 1, 0xff);
            em2.push(0x00);
            em2.extend_from_slice(&t2);
            assert!(!key.verify_pkcs1v15(hash, msg, &sign_raw(&em2)));

            // PSS with sLen = hLen (RFC 8017 §9.1.1), modBits = 2048 so
            // emBits = 2047, emLen = 256, one unused top bit.
            let h_len = hash.output_len();
            for salt_len in [h_len, 0, h_len - 1, h_len + 1] {
                let salt: Vec<u8> = (0..salt_len as u8).collect();
                let m_hash = HashOutput::of(hash, &[msg]);
                let h = HashOutput::of(hash, &[&[0u8; 8], m_hash.as_slice(), &salt]);
                let mut db = vec![0u8; 256 - salt_len - h_len - 2];
                db.push(0x01);
                db.extend_from_slice(&salt);
                mgf1_xor(hash, h.as_slice(), &mut db);
                db[0] &= 0x7f;
                let mut em = db;
                em.extend_from_slice(h.as_slice());
                em.push(0xbc);
                let sig = sign_raw(&em);
                assert_eq!(
                    key.verify_pss(hash, msg, &sig),
                    salt_len == h_len,
                    "salt {salt_len}"
                );
                assert!(!key.verify_pss(hash, b"other message", &sig));
                assert!(!key.verify_pkcs1v15(hash, msg, &sig));
            }
        }
    }

    #[test]
    fn odd_signature_lengths_and_values_never_panic() {
        let n = modulus_2048();
        let key = RsaPublicKey::new(&n, &[1, 0, 1]).unwrap();
        let mut rng = SplitMix(10);
        for len in [0, 1, 2, 255, 257, 512, 1025] {
            let sig = rng.bytes(len);
            for hash in [RsaHash::Sha256, RsaHash::Sha384, RsaHash::Sha512] {
                assert!(!key.verify_pkcs1v15(hash, b"m", &sig));
                assert!(!key.verify_pss(hash, b"m", &sig));
            }
        }
        // s = 0, s = 1, s = n - 1, s = n, s = 2^2048 - 1.
        let nb = BigUint::from_bytes_be(&n);
        let n_minus_1 = (&nb - 1u32).to_bytes_be();
        let zero = vec![0u8; 256];
        let mut one = zero.clone();
        one[255] = 1;
        for sig in [&zero[..], &one, &n_minus_1, &n, &[0xff; 256]] {
            assert!(!key.verify_pkcs1v15(RsaHash::Sha256, b"m", sig));
            assert!(!key.verify_pss(RsaHash::Sha256, b"m", sig));
        }
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }
}
