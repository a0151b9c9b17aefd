//! Multi-precision arithmetic shared by the RSA and ECDSA verifiers: integers
//! as little-endian limb arrays, generic over the limb width, and Montgomery
//! multiplication modulo an odd modulus.
//!
//! Everything here runs in *variable time*: it only ever handles public data
//! (public keys, signatures, messages).
//!
//! * The limb is `u64` (with `u128` products) on 64-bit native targets and
//!   `u32` (with `u64` products) on everything else, notably `wasm32`, which
//!   has a native 64-bit multiply but no 64×64→128 one. A single generic
//!   implementation over the [`Limb`] trait serves both widths (and the tests
//!   run both on any host).
//! * Multiplication is Montgomery multiplication in product-scanning form
//!   with interleaved reduction ("FIPS"), summing each column in a wide
//!   accumulator without per-limb carry propagation; squarings compute each
//!   cross product once (`1.5 len²` instead of `2 len²` multiplications).
//! * The hot loops are written with plain index loops over equal-length
//!   slices rather than iterator adapters, because the crate is built with
//!   `opt-level = "z"`, where adapters such as `Zip` are not inlined.

use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

/// Limb of the platform: `u64` where the CPU has a 64x64->128 multiply,
/// `u32` elsewhere (wasm32/wasm64, 32-bit CPUs).
#[cfg(all(target_pointer_width = "64", not(target_family = "wasm")))]
pub(super) type Word = u64;
/// Limb of the platform: `u64` where the CPU has a 64x64->128 multiply,
/// `u32` elsewhere (wasm32/wasm64, 32-bit CPUs).
#[cfg(not(all(target_pointer_width = "64", not(target_family = "wasm"))))]
pub(super) type Word = u32;

/// An unsigned machine word used as a big-integer digit. Implemented for `u32`
/// (products in `u64`) and `u64` (products in `u128`).
pub(super) trait Limb: Copy + Eq + Ord + fmt::Debug {
    const BITS: usize;
    const BYTES: usize;
    const ZERO: Self;
    const ONE: Self;
    /// Column accumulator for product scanning (see [`Accumulator`]).
    type Acc: Accumulator<Self>;
    /// `a + b + carry` as `(sum, carry_out)`.
    fn adc(a: Self, b: Self, carry: bool) -> (Self, bool);
    /// `a - b - borrow` as `(difference, borrow_out)`.
    fn sbb(a: Self, b: Self, borrow: bool) -> (Self, bool);
    fn wrapping_mul(self, rhs: Self) -> Self;
    fn wrapping_sub(self, rhs: Self) -> Self;
    fn wrapping_neg(self) -> Self;
    /// `(self << 1) | carry_in` and the bit shifted out.
    fn shl1(self, carry_in: bool) -> (Self, bool);
    /// `(self >> 1) | (carry_in << (BITS - 1))` and the bit shifted out.
    fn shr1(self, carry_in: bool) -> (Self, bool);
    /// `byte << shift` (`shift < BITS`).
    fn from_byte(byte: u8, shift: usize) -> Self;
    /// `(self >> shift) as u8` (`shift < BITS`).
    fn byte(self, shift: usize) -> u8;
    fn leading_zeros(self) -> u32;
}

/// A non-negative integer of a few limbs that sums the products of one
/// column in product scanning without propagating carries limb by limb.
/// It never overflows for fewer than `2^32` products, far more than the
/// `2 * 8192 / 32 + 2` of one column here.
pub(super) trait Accumulator<L>: Copy {
    const ZERO: Self;
    /// `self += a * b`.
    fn mac(&mut self, a: L, b: L);
    /// `self += 2 * other`.
    fn add_twice(&mut self, other: Self);
    /// `self mod 2^w`.
    fn low(&self) -> L;
    /// `self >>= w`.
    fn shift(&mut self);
}

/// Accumulator for `u32` limbs: the value is `lo + hi * 2^32`. Low and high
/// halves of the 64-bit products are summed separately, so adding a product
/// is `and`, `shift` and two adds, with no carry detection (which wasm lacks).
#[derive(Clone, Copy)]
pub(super) struct Acc32 {
    lo: u64,
    hi: u64,
}

impl Accumulator<u32> for Acc32 {
    const ZERO: Self = Acc32 { lo: 0, hi: 0 };
    #[inline(always)]
    fn mac(&mut self, a: u32, b: u32) {
        let p = u64::from(a) * u64::from(b);
        self.lo += p & 0xffff_ffff;
        self.hi += p >> 32;
    }
    #[inline(always)]
    fn add_twice(&mut self, other: Self) {
        self.lo += other.lo << 1;
        self.hi += other.hi << 1;
    }
    #[inline(always)]
    fn low(&self) -> u32 {
        self.lo as u32
    }
    #[inline(always)]
    fn shift(&mut self) {
        self.lo = (self.lo >> 32) + self.hi;
        self.hi = 0;
    }
}

/// Accumulator for `u64` limbs: the value is `lo + hi * 2^128`, i.e. the
/// classic three-word Comba accumulator (`mul`, `add`, `adc`, `adc`).
#[derive(Clone, Copy)]
pub(super) struct Acc64 {
    lo: u128,
    hi: u64,
}

impl Accumulator<u64> for Acc64 {
    const ZERO: Self = Acc64 { lo: 0, hi: 0 };
    #[inline(always)]
    fn mac(&mut self, a: u64, b: u64) {
        let (lo, carry) = self.lo.overflowing_add(u128::from(a) * u128::from(b));
        self.lo = lo;
        self.hi += u64::from(carry);
    }
    #[inline(always)]
    fn add_twice(&mut self, other: Self) {
        let twice_hi = (other.hi << 1) | (other.lo >> 127) as u64;
        let (lo, carry) = self.lo.overflowing_add(other.lo << 1);
        self.lo = lo;
        self.hi += twice_hi + u64::from(carry);
    }
    #[inline(always)]
    fn low(&self) -> u64 {
        self.lo as u64
    }
    #[inline(always)]
    fn shift(&mut self) {
        self.lo = (self.lo >> 64) | (u128::from(self.hi) << 64);
        self.hi = 0;
    }
}

macro_rules! impl_limb {
    ($t:ty, $acc:ty) => {
        impl Limb for $t {
            const BITS: usize = <$t>::BITS as usize;
            const BYTES: usize = <$t>::BITS as usize / 8;
            const ZERO: Self = 0;
            const ONE: Self = 1;
            type Acc = $acc;
            #[inline(always)]
            fn adc(a: Self, b: Self, carry: bool) -> (Self, bool) {
                let (s, c1) = a.overflowing_add(b);
                let (s, c2) = s.overflowing_add(carry as $t);
                (s, c1 | c2)
            }
            #[inline(always)]
            fn sbb(a: Self, b: Self, borrow: bool) -> (Self, bool) {
                let (d, b1) = a.overflowing_sub(b);
                let (d, b2) = d.overflowing_sub(borrow as $t);
                (d, b1 | b2)
            }
            #[inline(always)]
            fn wrapping_mul(self, rhs: Self) -> Self {
                <$t>::wrapping_mul(self, rhs)
            }
            #[inline(always)]
            fn wrapping_sub(self, rhs: Self) -> Self {
                <$t>::wrapping_sub(self, rhs)
            }
            #[inline(always)]
            fn wrapping_neg(self) -> Self {
                <$t>::wrapping_neg(self)
            }
            #[inline(always)]
            fn shl1(self, carry_in: bool) -> (Self, bool) {
                (
                    (self << 1) | (carry_in as $t),
                    (self >> (<$t>::BITS - 1)) != 0,
                )
            }
            #[inline(always)]
            fn shr1(self, carry_in: bool) -> (Self, bool) {
                (
                    (self >> 1) | ((carry_in as $t) << (<$t>::BITS - 1)),
                    self & 1 != 0,
                )
            }
            #[inline(always)]
            fn from_byte(byte: u8, shift: usize) -> Self {
                (byte as $t) << shift
            }
            #[inline(always)]
            fn byte(self, shift: usize) -> u8 {
                (self >> shift) as u8
            }
            #[inline(always)]
            fn leading_zeros(self) -> u32 {
                <$t>::leading_zeros(self)
            }
        }
    };
}

impl_limb!(u32, Acc32);
impl_limb!(u64, Acc64);

/// An odd modulus `n` with its Montgomery constants, for `R = 2^(w * len)`.
#[derive(Clone)]
pub(super) struct MontModulus<L: Limb> {
    /// `n`, little-endian limbs, most significant limb non-zero.
    n: Vec<L>,
    /// `n` with its limbs in reverse order (see [`Self::mont_product`]).
    n_rev: Vec<L>,
    /// `-n^-1 mod 2^w`.
    n0_inv: L,
    /// `R^2 mod n`.
    rr: Vec<L>,
}

impl<L: Limb> MontModulus<L> {
    /// `n_be`: big-endian, odd, first octet non-zero, at least 2 bits
    /// (guaranteed by the callers: RSA key import, ECDSA curve constants).
    pub(super) fn new(n_be: &[u8]) -> Self {
        let len = n_be.len().div_ceil(L::BYTES).max(1);
        let mut n = vec![L::ZERO; len];
        limbs_from_be(n_be, &mut n);
        let n0_inv = neg_inv_limb(n[0]);
        let mut n_rev = vec![L::ZERO; len];
        reverse_into(&mut n_rev, &n);
        let mut m = MontModulus {
            n,
            n_rev,
            n0_inv,
            rr: Vec::new(),
        };
        m.rr = m.compute_rr();
        m
    }

    pub(super) fn len(&self) -> usize {
        self.n.len()
    }

    /// `n`, little-endian limbs.
    pub(super) fn modulus(&self) -> &[L] {
        &self.n
    }

    /// `R^2 mod n`.
    pub(super) fn r_squared(&self) -> &[L] {
        &self.rr
    }

    /// `R^2 mod n`. With `R = 2^t`, write `t = a * 2^s`. Compute `2^a * R mod n`
    /// by modular doublings starting from `2^(bits-1) < n`, then square `s` times
    /// in Montgomery form: `MontSqr(2^c R) = 2^(2c) R`, ending at
    /// `2^t R = R^2 mod n`. A doubling costs about `len` limb operations and a
    /// squaring `1.5 len^2` multiplications, so `s` is lowered (and `a` raised)
    /// until `a` is about `2 len`.
    fn compute_rr(&self) -> Vec<L> {
        let len = self.len();
        let bits = limbs_bit_length(&self.n);
        let total = len * L::BITS;
        let mut s = total.trailing_zeros();
        while s > 0 && (total >> s) < 2 * len {
            s -= 1;
        }
        let a = total >> s;

        let mut buf = vec![L::ZERO; 3 * len];
        let (x, rest) = buf.split_at_mut(len);
        let (y, rev) = rest.split_at_mut(len);
        // x = 2^(bits - 1), which is < n because n is odd and has `bits` bits.
        let top = bits - 1;
        x[top / L::BITS] = L::from_byte(1, top % L::BITS);
        for _ in 0..(total - top + a) {
            mod_double(x, &self.n);
        }
        let (mut cur, mut next) = (x, y);
        for _ in 0..s {
            reverse_into(rev, cur);
            self.mont_sqr(next, cur, rev);
            core::mem::swap(&mut cur, &mut next);
        }
        cur.to_vec()
    }

    /// Montgomery multiplication `out = a * b * R^-1 mod n`, fully reduced, for
    /// `a, b < n`. `b_rev` is `b` with its `len` limbs in reverse order (see
    /// [`Self::mont_product`]); `out` has `len` limbs.
    pub(super) fn mont_mul(&self, out: &mut [L], a: &[L], b_rev: &[L]) {
        self.mont_product::<false>(out, a, b_rev);
    }

    /// Montgomery squaring `out = a * a * R^-1 mod n`, fully reduced, for
    /// `a < n`; `a_rev` is `a` in reverse limb order, `out` has `len` limbs.
    pub(super) fn mont_sqr(&self, out: &mut [L], a: &[L], a_rev: &[L]) {
        self.mont_product::<true>(out, a, a_rev);
    }

    /// Montgomery multiplication (`SQUARE = false`) or squaring (`SQUARE =
    /// true`, then `b_rev` must be `a` reversed) in product-scanning form with
    /// the reduction interleaved ("FIPS", Koç, Acar & Kaliski, *Analyzing and
    /// comparing Montgomery multiplication algorithms*, IEEE Micro 1996).
    ///
    /// For each column `k = 0 .. 2 len - 1` the accumulator sums the product
    /// terms `a_j b_(k-j)` and the reduction terms `m_j n_(k-j)`, then
    ///
    /// * for `k < len`, `m_k = acc * n' mod 2^w` is chosen so that adding
    ///   `m_k n_0` makes the column zero;
    /// * for `k >= len`, the column is result limb `k - len`.
    ///
    /// Columns are summed in an [`Accumulator`] without per-limb carry
    /// propagation. For a square, each cross product `a_i a_j` (`i < j`) is
    /// computed once and doubled, so a squaring takes `1.5 len^2` limb
    /// multiplications instead of `2 len^2`. The result `(a b + m n) / R` is
    /// below `2n`, so one conditional subtraction reduces it fully.
    ///
    /// The second operand of each column sum is read from a reversed copy
    /// (`b_rev`, `n_rev`: `x_rev[i] = x[len - 1 - i]`, so `x_(k-j)` is
    /// `x_rev[len - 1 - k + j]`), which turns every column sum into a forward
    /// dot product of two slices ([`dot`]); this keeps the inner loop free of
    /// bounds checks and iterator adapters even at `opt-level = "z"`.
    ///
    /// `m_k` is stored in `out[k]`: output limb `k - len` is written only after
    /// the last read of `m_(k-len)`.
    #[inline(never)]
    fn mont_product<const SQUARE: bool>(&self, out: &mut [L], a: &[L], b_rev: &[L]) {
        let n = &self.n[..];
        let n_rev = &self.n_rev[..];
        let len = n.len();
        let out = &mut out[..len];
        let a = &a[..len];
        let b_rev = &b_rev[..len];
        let n0_inv = self.n0_inv;
        let mut acc = L::Acc::ZERO;
        for k in 0..2 * len - 1 {
            // Column k: terms x_j y_(k-j) with lo <= j <= min(k, len - 1), where
            // y_(k-j) = y_rev[j + len - 1 - k] = y_rev[j - lo + off].
            let lo = (k + 1).saturating_sub(len);
            let off = (len - 1).saturating_sub(k);
            if SQUARE {
                // 2 * (sum of a_j a_(k-j) over lo <= j < k - j) + a_(k/2)^2.
                let hi = k.div_ceil(2); // j < k - j  <=>  j < ceil(k / 2)
                if lo < hi {
                    let mut cross = L::Acc::ZERO;
                    dot(&mut cross, &a[lo..hi], &b_rev[off..]);
                    acc.add_twice(cross);
                }
                if k % 2 == 0 {
                    let h = a[k / 2];
                    acc.mac(h, h);
                }
            } else {
                let hi = if k < len { k } else { len - 1 };
                dot(&mut acc, &a[lo..=hi], &b_rev[off..]);
            }
            // m_j n_(k-j) for the m_j already known (lo <= j < min(k, len)).
            let m_hi = if k < len { k } else { len };
            dot(&mut acc, &out[lo..m_hi], &n_rev[off..]);
            if k < len {
                let mk = acc.low().wrapping_mul(n0_inv);
                acc.mac(mk, n[0]);
                debug_assert!(acc.low() == L::ZERO);
                out[k] = mk;
            } else {
                out[k - len] = acc.low();
            }
            acc.shift();
        }
        // Column 2 len - 1 has no product term: it is the last limb, and what
        // is left above it is the carry (0 or 1).
        out[len - 1] = acc.low();
        acc.shift();
        if acc.low() != L::ZERO || !limbs_lt(out, n) {
            limbs_sub_assign(out, n);
        }
    }

    /// `out = I2OSP(base^e mod n, out.len())` where `base = OS2IP(base_be)`.
    /// Returns `false` (leaving `out` unspecified) if `base >= n` or `e` is not an
    /// odd number >= 3 (always odd and >= 3 for an imported key).
    ///
    /// Left-to-right binary exponentiation in the Montgomery domain. The last
    /// step (bit 0, set because `e` is odd) multiplies by the plain `base`,
    /// which also converts the result back out of Montgomery form.
    pub(super) fn pow_be(&self, base_be: &[u8], e: u64, out: &mut [u8]) -> bool {
        if e < 3 || e & 1 == 0 {
            return false;
        }
        let len = self.len();
        // One allocation per exponentiation: base, base * R, two accumulators
        // and the reversed copies of the multiplication operands.
        let mut buf = vec![L::ZERO; 6 * len];
        let (base, rest) = buf.split_at_mut(len);
        let (base_rev, rest) = rest.split_at_mut(len);
        let (base_m_rev, rest) = rest.split_at_mut(len);
        let (acc, rest) = rest.split_at_mut(len);
        let (tmp, rev) = rest.split_at_mut(len);
        if !limbs_from_be(base_be, base) || !limbs_lt(base, &self.n) {
            return false;
        }
        reverse_into(base_rev, base);
        // acc = base * R mod n = MontMul(R^2, base).
        self.mont_mul(acc, &self.rr, base_rev);
        reverse_into(base_m_rev, acc);

        let (mut acc, mut tmp) = (acc, tmp);
        let top_bit = 63 - e.leading_zeros();
        for bit in (1..top_bit).rev() {
            reverse_into(rev, acc);
            self.mont_sqr(tmp, acc, rev);
            core::mem::swap(&mut acc, &mut tmp);
            if (e >> bit) & 1 == 1 {
                self.mont_mul(tmp, acc, base_m_rev);
                core::mem::swap(&mut acc, &mut tmp);
            }
        }
        // Bit 0 (always set): square, then multiply by the plain base:
        // MontMul(base^(e-1) R, base) = base^e mod n.
        reverse_into(rev, acc);
        self.mont_sqr(tmp, acc, rev);
        self.mont_mul(acc, tmp, base_rev);
        limbs_to_be(acc, out);
        true
    }
}

/// `acc += sum x[i] * y[i]` over the common length of `x` and `y`.
#[inline(always)]
fn dot<L: Limb>(acc: &mut L::Acc, x: &[L], y: &[L]) {
    let count = x.len().min(y.len());
    for i in 0..count {
        acc.mac(x[i], y[i]);
    }
}

/// `dst[i] = src[len - 1 - i]` over the common length.
pub(super) fn reverse_into<L: Limb>(dst: &mut [L], src: &[L]) {
    let count = dst.len().min(src.len());
    for i in 0..count {
        dst[i] = src[count - 1 - i];
    }
}

/// `-x^-1 mod 2^w` for odd `x` (Newton iteration; each step doubles the number
/// of correct low bits, starting from 3 since `x * x = 1 mod 8` for odd `x`).
pub(super) fn neg_inv_limb<L: Limb>(x: L) -> L {
    let two = L::adc(L::ONE, L::ONE, false).0;
    let mut inv = x;
    // 3 -> 6 -> 12 -> 24 -> 48 -> 96 correct bits: enough for 64-bit limbs.
    for _ in 0..5 {
        inv = inv.wrapping_mul(two.wrapping_sub(x.wrapping_mul(inv)));
    }
    inv.wrapping_neg()
}

/// Loads big-endian `bytes` into little-endian limbs `out` (fully overwritten).
/// Returns `false` if the value does not fit in `out`.
pub(super) fn limbs_from_be<L: Limb>(bytes: &[u8], out: &mut [L]) -> bool {
    for x in out.iter_mut() {
        *x = L::ZERO;
    }
    for (i, &b) in bytes.iter().rev().enumerate() {
        match out.get_mut(i / L::BYTES) {
            Some(limb) => *limb = L::adc(*limb, L::from_byte(b, 8 * (i % L::BYTES)), false).0,
            None if b == 0 => {}
            None => return false,
        }
    }
    true
}

/// Stores little-endian limbs as a big-endian octet string of exactly
/// `out.len()` octets (high limbs that do not fit are dropped; callers size
/// `out` so that the value fits).
pub(super) fn limbs_to_be<L: Limb>(limbs: &[L], out: &mut [u8]) {
    for (i, o) in out.iter_mut().rev().enumerate() {
        *o = match limbs.get(i / L::BYTES) {
            Some(limb) => limb.byte(8 * (i % L::BYTES)),
            None => 0,
        };
    }
}

pub(super) fn limbs_bit_length<L: Limb>(x: &[L]) -> usize {
    for (i, &limb) in x.iter().enumerate().rev() {
        if limb != L::ZERO {
            return i * L::BITS + (L::BITS - limb.leading_zeros() as usize);
        }
    }
    0
}

/// `a < b` for equal-length limb slices.
pub(super) fn limbs_lt<L: Limb>(a: &[L], b: &[L]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `a -= b` (mod 2^(w * len)); returns the final borrow.
pub(super) fn limbs_sub_assign<L: Limb>(a: &mut [L], b: &[L]) -> bool {
    let mut borrow = false;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d, bo) = L::sbb(*x, y, borrow);
        *x = d;
        borrow = bo;
    }
    borrow
}

/// `x = 2x mod n` for `x < n`.
pub(super) fn mod_double<L: Limb>(x: &mut [L], n: &[L]) {
    let mut carry = false;
    for limb in x.iter_mut() {
        let (v, c) = limb.shl1(carry);
        *limb = v;
        carry = c;
    }
    if carry || !limbs_lt(x, n) {
        limbs_sub_assign(x, n);
    }
}


/// `a += b` (mod 2^(w * len)) over the common length; returns the final carry.
pub(super) fn limbs_add_assign<L: Limb>(a: &mut [L], b: &[L]) -> bool {
    let count = a.len().min(b.len());
    let mut carry = false;
    for i in 0..count {
        let (s, c) = L::adc(a[i], b[i], carry);
        a[i] = s;
        carry = c;
    }
    carry
}

pub(super) fn limbs_is_zero<L: Limb>(x: &[L]) -> bool {
    for &limb in x {
        if limb != L::ZERO {
            return false;
        }
    }
    true
}

fn limbs_is_one<L: Limb>(x: &[L]) -> bool {
    match x.split_first() {
        Some((&first, rest)) => first == L::ONE && limbs_is_zero(rest),
        None => false,
    }
}

fn limb_is_odd<L: Limb>(x: &[L]) -> bool {
    x.first().is_some_and(|&l| l.shr1(false).1)
}

/// `x >>= 1`, shifting `carry_in` into the top bit.
pub(super) fn limbs_shr1<L: Limb>(x: &mut [L], carry_in: bool) {
    let mut carry = carry_in;
    for i in (0..x.len()).rev() {
        let (v, c) = x[i].shr1(carry);
        x[i] = v;
        carry = c;
    }
}

/// `a = a - b mod n` for `a, b < n` (equal-length slices).
pub(super) fn mod_sub_assign<L: Limb>(a: &mut [L], b: &[L], n: &[L]) {
    if limbs_sub_assign(a, b) {
        limbs_add_assign(a, n);
    }
}

/// `x = x / 2 mod n` for `x < n`, `n` odd: `x / 2` or `(x + n) / 2`.
fn mod_half<L: Limb>(x: &mut [L], n: &[L]) {
    let carry = limb_is_odd(x) && limbs_add_assign(x, n);
    limbs_shr1(x, carry);
}

/// `x = x^-1 mod n` (plain integers, not Montgomery form) for an odd `n` and
/// `0 < x < n` with `gcd(x, n) = 1`, by the binary extended Euclidean
/// algorithm ("binary inversion", Hankerson, Menezes & Vanstone, *Guide to
/// Elliptic Curve Cryptography*, Algorithm 2.22). Variable time. `scratch`
/// is three work areas of `len` limbs each. Returns `false` (leaving `x`
/// unspecified) if `x` is out of range or not invertible; never loops forever
/// (every round strictly decreases `u + v`).
pub(super) fn mod_inv_vartime<L: Limb>(x: &mut [L], n: &[L], scratch: [&mut [L]; 3]) -> bool {
    let len = n.len();
    let [u, v, x2] = scratch;
    if len == 0
        || x.len() != len
        || u.len() != len
        || v.len() != len
        || x2.len() != len
        || !limb_is_odd(n)
        || limbs_is_zero(x)
        || !limbs_lt(x, n)
    {
        return false;
    }
    // Invariants: x1 * a = u (mod n) and x2 * a = v (mod n), where `a` is the
    // input and x1 lives in `x`.
    u.copy_from_slice(x);
    v.copy_from_slice(n);
    for i in 0..len {
        x[i] = L::ZERO;
        x2[i] = L::ZERO;
    }
    x[0] = L::ONE;
    loop {
        // u and v are non-zero here (gcd(u, v) = gcd(a, n) is preserved and
        // a subtraction only yields zero when u = v = gcd, caught below).
        while !limb_is_odd(u) {
            limbs_shr1(u, false);
            mod_half(x, n);
        }
        while !limb_is_odd(v) {
            limbs_shr1(v, false);
            mod_half(x2, n);
        }
        if limbs_lt(u, v) {
            limbs_sub_assign(v, u);
            mod_sub_assign(x2, x, n);
        } else {
            limbs_sub_assign(u, v);
            mod_sub_assign(x, x2, n);
        }
        if limbs_is_one(u) {
            return true;
        }
        if limbs_is_one(v) {
            x.copy_from_slice(x2);
            return true;
        }
        if limbs_is_zero(u) || limbs_is_zero(v) {
            return false; // gcd(a, n) = u + v > 1
        }
    }
}


#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use crate::jwa::test_rng::SplitMix;
    use num_bigint::BigUint;
    use std::vec::Vec;


    /// Largest RSA public exponent accepted by the RSA verifier (`2^33 - 1`).
    const MAX_PUBLIC_EXPONENT: u64 = (1 << 33) - 1;

    fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
        let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        &bytes[first..]
    }

    #[test]
    fn neg_inv_limb_is_correct() {
        let mut rng = SplitMix(6);
        for _ in 0..1000 {
            let x = rng.next_u64() | 1;
            assert_eq!(neg_inv_limb(x).wrapping_mul(x), u64::MAX);
            let x = x as u32;
            assert_eq!(neg_inv_limb(x).wrapping_mul(x), u32::MAX);
        }
    }

    /// Reference `b^e mod n` for small `n`, with u128 arithmetic.
    fn small_pow(mut b: u128, mut e: u64, n: u128) -> u128 {
        let mut r = 1u128;
        b %= n;
        while e > 0 {
            if e & 1 == 1 {
                r = r * b % n;
            }
            b = b * b % n;
            e >>= 1;
        }
        r
    }

    fn check_small<L: Limb>(n: u64, base: u64, e: u64) {
        let m = MontModulus::<L>::new(strip_leading_zeros(&n.to_be_bytes()));
        let mut out = [0u8; 8];
        assert!(m.pow_be(&base.to_be_bytes(), e, &mut out));
        let expected = small_pow(base as u128, e, n as u128) as u64;
        assert_eq!(u64::from_be_bytes(out), expected, "n={n} base={base} e={e}");
    }

    /// Known answers on small moduli (1 or 2 limbs), checked against plain
    /// `u128` arithmetic, for both limb widths.
    #[test]
    fn small_modexp_known_answers() {
        // 3^3 mod 7 = 6; 2^65537 mod 65539; edge bases 0, 1 and n - 1.
        check_small::<u32>(7, 3, 3);
        check_small::<u64>(7, 3, 3);
        assert_eq!(small_pow(3, 3, 7), 6);
        let mut rng = SplitMix(7);
        for _ in 0..2000 {
            let n = (rng.next_u64() >> (rng.next_u64() % 62)) | 1;
            let n = n.max(3);
            let e = match rng.next_u64() % 4 {
                0 => 3,
                1 => 65537,
                2 => MAX_PUBLIC_EXPONENT,
                _ => (rng.next_u64() & MAX_PUBLIC_EXPONENT) | 3,
            };
            for base in [0, 1, n - 1, rng.next_u64() % n] {
                check_small::<u32>(n, base, e);
                check_small::<u64>(n, base, e);
            }
        }
    }

    /// `pow_be` against `num-bigint` on random moduli of RSA sizes (including
    /// sizes that are not a multiple of the limb width), for both limb widths.
    #[test]
    fn modexp_matches_num_bigint() {
        fn check<L: Limb>(n_be: &[u8], base_be: &[u8], e: u64) {
            let m = MontModulus::<L>::new(n_be);
            let mut out = vec![0u8; n_be.len()];
            let ok = m.pow_be(base_be, e, &mut out);
            let (n, b) = (
                BigUint::from_bytes_be(n_be),
                BigUint::from_bytes_be(base_be),
            );
            if b >= n {
                assert!(!ok, "base >= n must be refused");
                return;
            }
            assert!(ok);
            let expected = b.modpow(&BigUint::from(e), &n);
            assert_eq!(BigUint::from_bytes_be(&out), expected, "e = {e}");
        }
        let mut rng = SplitMix(8);
        for bits in [2048, 2049, 2056, 2081, 3072, 4096, 4127, 8192] {
            let n = rng.odd_modulus(bits);
            let nb = BigUint::from_bytes_be(&n);
            let e = (rng.next_u64() & MAX_PUBLIC_EXPONENT) | 3;
            for e in [3, 65537, e, MAX_PUBLIC_EXPONENT] {
                let random = rng.bytes(n.len());
                let n_minus_1 = (&nb - 1u32).to_bytes_be();
                let two = [2u8];
                for base in [&random[..], &n_minus_1, &two, &[0], &[1], &n] {
                    check::<u32>(&n, base, e);
                    check::<u64>(&n, base, e);
                }
            }
        }
    }

    /// Montgomery multiplication and squaring against `num-bigint`:
    /// `MontMul(x, y) * R = x * y (mod n)`, and the results are fully reduced.
    #[test]
    fn mont_mul_and_sqr_match_num_bigint() {
        fn check<L: Limb>(n_be: &[u8], rng: &mut SplitMix) {
            let m = MontModulus::<L>::new(n_be);
            let len = m.len();
            let nb = BigUint::from_bytes_be(n_be);
            let r = BigUint::from(1u32) << (len * L::BITS);
            let to_big = |x: &[L]| {
                let mut be = vec![0u8; len * L::BYTES];
                limbs_to_be(x, &mut be);
                BigUint::from_bytes_be(&be)
            };
            let n_minus_1 = (&nb - 1u32).to_bytes_be();
            let random = |rng: &mut SplitMix| {
                (BigUint::from_bytes_be(&rng.bytes(n_be.len())) % &nb).to_bytes_be()
            };
            let values = [
                random(rng),
                random(rng),
                n_minus_1,
                vec![0],
                vec![1],
                vec![2],
            ];
            for x_be in &values {
                let mut x = vec![L::ZERO; len];
                assert!(limbs_from_be(x_be, &mut x));
                let xb = BigUint::from_bytes_be(x_be);
                let mut sq = vec![L::ZERO; len];
                let mut x_rev = vec![L::ZERO; len];
                reverse_into(&mut x_rev, &x);
                m.mont_sqr(&mut sq, &x, &x_rev);
                let sq = to_big(&sq);
                assert!(sq < nb);
                assert_eq!(&sq * &r % &nb, &xb * &xb % &nb);
                for y_be in &values {
                    let mut y = vec![L::ZERO; len];
                    assert!(limbs_from_be(y_be, &mut y));
                    let mut prod = vec![L::ZERO; len];
                    let mut y_rev = vec![L::ZERO; len];
                    reverse_into(&mut y_rev, &y);
                    m.mont_mul(&mut prod, &x, &y_rev);
                    let prod = to_big(&prod);
                    assert!(prod < nb);
                    assert_eq!(&prod * &r % &nb, &xb * BigUint::from_bytes_be(y_be) % &nb);
                }
            }
        }
        let mut rng = SplitMix(11);
        for bits in [2, 33, 64, 65, 127, 2048, 2049, 3072, 4096, 8192] {
            let n = rng.odd_modulus(bits);
            // Also the largest modulus of that size (all ones), which maximises carries.
            let mut ones = vec![0xffu8; bits.div_ceil(8)];
            ones[0] >>= 8 * ones.len() - bits;
            for n in [n, ones] {
                check::<u32>(&n, &mut rng);
                check::<u64>(&n, &mut rng);
            }
        }
    }

    #[test]
    fn r_squared_is_correct() {
        fn check<L: Limb>(n_be: &[u8]) {
            let m = MontModulus::<L>::new(n_be);
            let n = BigUint::from_bytes_be(n_be);
            let r = BigUint::from(1u32) << (m.len() * L::BITS);
            let mut rr = vec![0u8; m.len() * L::BYTES];
            limbs_to_be(&m.rr, &mut rr);
            assert_eq!(BigUint::from_bytes_be(&rr), (&r * &r) % &n);
        }
        let mut rng = SplitMix(9);
        for bits in [
            2, 3, 31, 32, 33, 63, 64, 65, 2048, 2049, 3000, 4096, 8191, 8192,
        ] {
            let n = rng.odd_modulus(bits);
            check::<u32>(&n);
            check::<u64>(&n);
        }
    }


    fn to_limbs<L: Limb>(x: &BigUint, len: usize) -> Vec<L> {
        let mut out = vec![L::ZERO; len];
        assert!(limbs_from_be(&x.to_bytes_be(), &mut out));
        out
    }

    fn from_limbs<L: Limb>(x: &[L]) -> BigUint {
        let mut be = vec![0u8; x.len() * L::BYTES];
        limbs_to_be(x, &mut be);
        BigUint::from_bytes_be(&be)
    }

    /// `mod_sub_assign`, `mod_half` and `mod_inv_vartime`
    /// against `num-bigint`, for both limb widths, on random odd moduli and on
    /// the NIST primes and group orders (including all-ones moduli, which
    /// maximise carries), with edge values 0, 1, 2 and n - 1.
    #[test]
    fn modular_helpers_match_num_bigint() {
        fn check<L: Limb>(n_be: &[u8], prime: bool, rng: &mut SplitMix) {
            let nb = BigUint::from_bytes_be(n_be);
            let len = n_be.len().div_ceil(L::BYTES);
            let n = to_limbs::<L>(&nb, len);
            let mut values = vec![
                BigUint::from(0u32),
                BigUint::from(1u32),
                BigUint::from(2u32),
                &nb - 1u32,
                &nb - 2u32,
            ];
            for _ in 0..6 {
                values.push(BigUint::from_bytes_be(&rng.bytes(n_be.len())) % &nb);
            }
            for a in &values {
                let al = to_limbs::<L>(a, len);
                // Halving.
                let mut h = al.clone();
                mod_half(&mut h, &n);
                let hb = from_limbs(&h);
                assert!(hb < nb);
                assert_eq!((&hb * 2u32) % &nb, a % &nb);
                // Inversion.
                let mut inv = al.clone();
                let mut scratch = vec![L::ZERO; 3 * len];
                let (s0, rest) = scratch.split_at_mut(len);
                let (s1, s2) = rest.split_at_mut(len);
                let ok = mod_inv_vartime(&mut inv, &n, [s0, s1, s2]);
                if *a == BigUint::from(0u32) {
                    assert!(!ok);
                } else if prime {
                    assert!(ok);
                    let ib = from_limbs(&inv);
                    assert!(ib < nb);
                    assert_eq!((ib * a) % &nb, BigUint::from(1u32));
                } else if ok {
                    assert_eq!((from_limbs(&inv) * a) % &nb, BigUint::from(1u32));
                }
                for b in &values {
                    let bl = to_limbs::<L>(b, len);
                    let mut diff = al.clone();
                    mod_sub_assign(&mut diff, &bl, &n);
                    assert_eq!(from_limbs(&diff), (a + &nb - b) % &nb);
                }
            }
        }
        let hex = |s: &str| -> Vec<u8> {
            let s = if s.len() % 2 == 1 { std::format!("0{s}") } else { s.into() };
            (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
        };
        let primes = [
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
            "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
            "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
            "1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
            "7", "10001",
        ];
        let mut rng = SplitMix(12);
        for p in primes {
            let n = hex(p);
            check::<u32>(&n, true, &mut rng);
            check::<u64>(&n, true, &mut rng);
        }
        for bits in [2, 31, 32, 33, 64, 65, 255, 256, 521, 544, 576] {
            let n = rng.odd_modulus(bits);
            let mut ones = vec![0xffu8; bits.div_ceil(8)];
            ones[0] >>= 8 * ones.len() - bits;
            for n in [n, ones] {
                check::<u32>(&n, false, &mut rng);
                check::<u64>(&n, false, &mut rng);
            }
        }
    }
}
