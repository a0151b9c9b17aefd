//! Decimal number text to the nearest `f64` (IEEE 754 round-to-nearest,
//! ties-to-even), as `JSON.parse` and `str::parse::<f64>` give it
//! (RFC 8259 §6: "the number ... with the precision of IEEE 754 binary64").
//!
//! Why not `core`'s `str::parse::<f64>`: its Eisel–Lemire step carries a
//! 10 KB table of 128-bit powers of five; with its code that is about 13 KB
//! of the gzipped .wasm. Here, with no tables, the value is `w × 10^q` for
//! the first 19 significant digits `w`:
//! - **fast path** (Clinger): `w < 2^53` and `q` in `-22..=22`, nothing
//!   dropped: `w` and `10^|q|` are exact doubles, so one IEEE multiplication
//!   or division is the correctly rounded result. Every `exp`, `iat` and
//!   `nbf` takes it.
//! - **exact path**: `w × 5^q` (or `w · 2^s / 5^-q`, with the remainder as
//!   a sticky bit) in a fixed-size big integer, then one rounding: about a
//!   microsecond, for any exponent. With more than 19 significant digits the
//!   value lies in `[w × 10^q, (w + 1) × 10^q)`; when both ends round to the
//!   same double, that is the answer (as `core` does).
//! - **otherwise** (a long number within a hair of a halfway point): Nigel
//!   Tao's "simple decimal conversion", the fallback of Wuffs and of `core`
//!   itself: the digits as a decimal string of at most 768 digits (a further
//!   non-zero digit is a sticky bit), shifted by powers of two into
//!   `[1/2, 1)`, shifted by 53 bits and rounded once. Exact and slow, and
//!   only reached by numbers long enough to carry such digits.
//!
//! `tests/json_numbers.rs` compares every path with `str::parse::<f64>`.
//!
//! This file is the root of the `tokencheck-json-decimal` crate
//! (crates/json-decimal says why it is a crate); `tokencheck-json` uses it.
#![no_std]
#![forbid(unsafe_code)]

/// At most this many significant digits are kept; 768 is enough for exact
/// rounding of any `f64` halfway case (they have at most 767 significant
/// digits), the rest only decide the sticky bit.
const MAX_DIGITS: usize = 768;
/// The largest shift per step: `9 << 60` still fits in a `u64`.
const MAX_SHIFT: u32 = 60;
/// The decimal point is kept within this range; beyond it the value is 0 or ∞.
const DECIMAL_POINT_RANGE: i32 = 2047;
/// Exact doubles `10^0 ..= 10^22`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// `-?\d+(\.\d+)?([eE][+-]?\d+)?` (leading zeros allowed; JSON's stricter
/// grammar is checked by its parser) to the nearest `f64`: `±∞` when the
/// value is beyond `f64::MAX` after rounding, `±0` below half the smallest
/// subnormal. `None` when the text is not of that form.
pub fn decimal_to_f64(text: &[u8]) -> Option<f64> {
    let number = Scan::new(text)?;
    let magnitude = number.magnitude(text);
    Some(if number.negative { -magnitude } else { magnitude })
}

/// One pass over the text: its shape, its first 19 significant digits and
/// where the decimal point is.
struct Scan {
    negative: bool,
    /// Where the integer digits start (after the sign).
    digits_start: usize,
    /// Where the exponent part starts (`e`/`E`), or the text's end.
    digits_end: usize,
    /// The decimal exponent, saturated to ±1_000_000.
    exponent: i32,
    /// Significant digits, from the first non-zero one (trailing zeros
    /// included).
    significant: usize,
    /// The first 19 of them.
    mantissa: u64,
    /// A non-zero digit after the first 19 significant ones.
    dropped: bool,
    /// Position of the decimal point relative to the first significant digit
    /// if the value is `0.d1d2d3… × 10^point` (before the exponent).
    point: i64,
}

impl Scan {
    fn new(text: &[u8]) -> Option<Scan> {
        let negative = text.first() == Some(&b'-');
        let mut i = usize::from(negative);
        let digits_start = i;
        let mut s = Scan { negative, digits_start, digits_end: 0, exponent: 0, significant: 0, mantissa: 0, dropped: false, point: 0 };
        let mut int_digits = 0usize;
        while let Some(&c @ b'0'..=b'9') = text.get(i) {
            s.digit(c);
            if s.significant > 0 {
                s.point += 1;
            }
            int_digits += 1;
            i += 1;
        }
        if int_digits == 0 {
            return None;
        }
        if text.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while let Some(&c @ b'0'..=b'9') = text.get(i) {
                if s.significant == 0 && c == b'0' {
                    s.point -= 1;
                }
                s.digit(c);
                i += 1;
            }
            if i == start {
                return None;
            }
        }
        s.digits_end = i;
        if let Some(b'e' | b'E') = text.get(i) {
            i += 1;
            let negative_exponent = text.get(i) == Some(&b'-');
            if let Some(b'+' | b'-') = text.get(i) {
                i += 1;
            }
            let start = i;
            let mut e: i32 = 0;
            while let Some(&c @ b'0'..=b'9') = text.get(i) {
                e = (e * 10 + i32::from(c - b'0')).min(1_000_000);
                i += 1;
            }
            if i == start {
                return None;
            }
            s.exponent = if negative_exponent { -e } else { e };
        }
        (i == text.len()).then_some(s)
    }

    fn digit(&mut self, c: u8) {
        if self.significant == 0 && c == b'0' {
            return;
        }
        self.significant += 1;
        if self.significant <= 19 {
            self.mantissa = self.mantissa * 10 + u64::from(c - b'0');
        } else if c != b'0' {
            self.dropped = true;
        }
    }

    /// The value without its sign (see the module docs for the three paths).
    fn magnitude(&self, text: &[u8]) -> f64 {
        if self.significant == 0 {
            return 0.0;
        }
        // value = w × 10^q (+ what was dropped)
        let w = self.mantissa;
        let q = self.point + i64::from(self.exponent) - self.significant.min(19) as i64;
        if !self.dropped {
            if w < 1 << 53 {
                match q {
                    0..=22 => return w as f64 * POW10[q as usize],
                    -22..=-1 => return w as f64 / POW10[(-q) as usize],
                    _ => {}
                }
            }
            return exact(w, q);
        }
        let low = exact(w, q);
        if low.to_bits() == exact(w + 1, q).to_bits() {
            return low;
        }
        Decimal::from_scan(self, text).into_f64()
    }
}

/// `w × 10^q` (`w >= 1`) correctly rounded, by exact integer arithmetic.
fn exact(w: u64, q: i64) -> f64 {
    // w < 2^64 < 10^20: beyond these the value is ∞, or below half of the
    // smallest subnormal (≈ 2.5e-324)
    if q > 308 {
        return f64::INFINITY;
    }
    if q < -344 - 20 {
        return 0.0;
    }
    if q >= 0 {
        // w × 5^q × 2^q
        let mut n = Big::from_u64(w);
        n.mul_pow5(q as u32);
        let (top, e2, sticky) = n.top64();
        return round(top, e2 + q as i32, sticky);
    }
    // w / 5^-q × 2^q: the quotient of w · 2^s by 5^-q, with 55 or 56 bits
    // (more, up to 62, when w alone is long enough and s is 0)
    let mut p = Big::from_u64(1);
    p.mul_pow5((-q) as u32);
    let s = (p.bits() + 55).saturating_sub(64 - w.leading_zeros());
    let mut num = Big::from_u64(w);
    num.shl(s);
    let (quotient, remainder) = num.div_small_quotient(&p);
    let lead = 63 - quotient.leading_zeros();
    round(quotient << (63 - lead), q as i32 - s as i32 - (63 - lead) as i32, remainder)
}

/// `(top + f) × 2^e2` with bit 63 of `top` set and `0 <= f < 1`, `f > 0`
/// exactly when `sticky`: the nearest `f64`, ties to even.
fn round(top: u64, e2: i32, sticky: bool) -> f64 {
    // the exponent of the leading bit
    let lead = 63 + e2;
    if lead > 1023 {
        return f64::INFINITY;
    }
    // low bits to drop: 11 keep 53 (normal); subnormals keep bits down to 2^-1074
    let drop = if lead >= -1022 { 11 } else { -1011 - lead };
    if drop > 64 {
        return 0.0; // below 2^-1075, half the smallest subnormal
    }
    let (m, rest, half) = if drop == 64 { (0, top, 1 << 63) } else { (top >> drop, top & ((1 << drop) - 1), 1u64 << (drop - 1)) };
    let up = rest > half || (rest == half && (sticky || m & 1 == 1));
    let m = m + u64::from(up);
    if lead < -1022 {
        // a subnormal; rounding up to 2^52 gives the smallest normal's bits
        return f64::from_bits(m);
    }
    let (m, lead) = if m == 1 << 53 { (1 << 52, lead + 1) } else { (m, lead) };
    if lead > 1023 {
        return f64::INFINITY;
    }
    f64::from_bits(((lead + 1023) as u64) << 52 | (m & ((1 << 52) - 1)))
}

/// A non-negative integer below 2^1024 in 32-bit limbs, least significant
/// first: enough for `w × 5^308`, `5^364` and `w · 2^s` above.
#[derive(Clone)]
struct Big {
    limbs: [u32; 32],
    len: usize,
}

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big { limbs: [0; 32], len: 2 };
        b.limbs[0] = v as u32;
        b.limbs[1] = (v >> 32) as u32;
        b.normalize();
        b
    }

    fn normalize(&mut self) {
        while self.len > 0 && self.limbs[self.len - 1] == 0 {
            self.len -= 1;
        }
    }

    fn bits(&self) -> u32 {
        if self.len == 0 { 0 } else { 32 * self.len as u32 - self.limbs[self.len - 1].leading_zeros() }
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry: u64 = 0;
        for limb in &mut self.limbs[..self.len] {
            let t = u64::from(*limb) * u64::from(m) + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry > 0 {
            self.limbs[self.len] = carry as u32;
            self.len += 1;
        }
    }

    fn mul_pow5(&mut self, mut e: u32) {
        // 5^13 is the largest power of five below 2^32
        while e >= 13 {
            self.mul_small(1_220_703_125);
            e -= 13;
        }
        let mut m = 1;
        for _ in 0..e {
            m *= 5;
        }
        self.mul_small(m);
    }

    fn shl(&mut self, s: u32) {
        let (whole, part) = ((s / 32) as usize, s % 32);
        if self.len == 0 {
            return;
        }
        let mut out = [0u32; 32];
        for i in 0..self.len {
            let v = u64::from(self.limbs[i]) << part;
            out[i + whole] |= v as u32;
            if v >> 32 != 0 {
                out[i + whole + 1] |= (v >> 32) as u32;
            }
        }
        self.limbs = out;
        self.len += whole + 1;
        self.normalize();
    }

    /// `self >> k`, which the caller knows to be below 2^128.
    fn shr_u128(&self, k: u32) -> u128 {
        let (first, b) = ((k / 32) as usize, k % 32);
        let mut v: u128 = 0;
        // whole limbs above `first`, then the part of limb `first` above bit b
        for i in (first + 1..self.len).rev() {
            v = v << 32 | u128::from(self.limbs[i]);
        }
        if first < self.len {
            v = v << (32 - b) | u128::from(self.limbs[first] >> b);
        }
        v
    }

    /// The 64 bits from the leading one down, the power of two of the lowest
    /// of them, and whether any bit below them is set.
    fn top64(&self) -> (u64, i32, bool) {
        let bits = self.bits();
        if bits <= 64 {
            let v = self.shr_u128(0) as u64;
            return (v << (64 - bits), bits as i32 - 64, false);
        }
        let low = bits - 64;
        let (first, b) = ((low / 32) as usize, low % 32);
        let sticky = self.limbs[..first].iter().any(|&l| l != 0) || self.limbs[first] & ((1 << b) - 1) != 0;
        (self.shr_u128(low) as u64, low as i32, sticky)
    }

    fn cmp(&self, other: &Big) -> core::cmp::Ordering {
        self.len.cmp(&other.len).then_with(|| self.limbs[..self.len].iter().rev().cmp(other.limbs[..other.len].iter().rev()))
    }

    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for i in 0..self.len {
            let t = i64::from(self.limbs[i]) - i64::from(if i < other.len { other.limbs[i] } else { 0 }) - borrow;
            self.limbs[i] = t as u32;
            borrow = i64::from(t < 0);
        }
        self.normalize();
    }

    fn mul_u64(&self, m: u64) -> Big {
        let mut hi = self.clone();
        hi.mul_small((m >> 32) as u32);
        hi.shl(32);
        let mut lo = self.clone();
        lo.mul_small(m as u32);
        // hi + lo
        let mut carry = 0u64;
        let len = hi.len.max(lo.len);
        for i in 0..len {
            let t = u64::from(hi.limbs[i]) + u64::from(lo.limbs[i]) + carry;
            hi.limbs[i] = t as u32;
            carry = t >> 32;
        }
        hi.len = len;
        if carry > 0 {
            hi.limbs[len] = carry as u32;
            hi.len += 1;
        }
        hi.normalize();
        hi
    }

    /// `floor(self / d)` when it is below 2^64, and whether a remainder is left.
    fn div_small_quotient(&self, d: &Big) -> (u64, bool) {
        // estimate from the top 64 bits of d: q <= estimate <= q + 2
        let k = d.bits().saturating_sub(64);
        let mut q = (self.shr_u128(k) / d.shr_u128(k)) as u64;
        let mut t = d.mul_u64(q);
        while t.cmp(self) == core::cmp::Ordering::Greater {
            t.sub(d);
            q -= 1;
        }
        (q, t.cmp(self) != core::cmp::Ordering::Equal)
    }
}

/// The value as `0.d1d2d3… × 10^point` with `d1 != 0` (unless there are no
/// digits: the value 0), at most [`MAX_DIGITS`] digits kept.
struct Decimal {
    digits: [u8; MAX_DIGITS],
    len: usize,
    point: i32,
    /// A non-zero digit was dropped after the kept ones.
    truncated: bool,
}

impl Decimal {
    fn from_scan(scan: &Scan, text: &[u8]) -> Decimal {
        let mut d = Decimal { digits: [0; MAX_DIGITS], len: 0, point: 0, truncated: false };
        for &c in &text[scan.digits_start..scan.digits_end] {
            if c == b'.' || (d.len == 0 && c == b'0') {
                continue;
            }
            if d.len < MAX_DIGITS {
                d.digits[d.len] = c - b'0';
                d.len += 1;
            } else if c != b'0' {
                d.truncated = true;
            }
        }
        d.trim();
        // |point| <= text length + 10^6: far inside i64; clamp into i32
        let point = scan.point + i64::from(scan.exponent);
        d.point = point.clamp(-(1 << 30), 1 << 30) as i32;
        d
    }

    fn trim(&mut self) {
        while self.len > 0 && self.digits[self.len - 1] == 0 {
            self.len -= 1;
        }
    }

    /// Tao's simple decimal conversion (see the module docs).
    fn into_f64(mut self) -> f64 {
        // f64: 52 explicit mantissa bits, exponent bias 1023, all-ones exponent ∞
        const MANTISSA_BITS: u32 = 52;
        const MIN_EXP: i32 = -1022;
        const INFINITE: i32 = 0x7ff;
        if self.len == 0 || self.point < -326 {
            return 0.0;
        }
        if self.point > 310 {
            return f64::INFINITY;
        }
        // value = 0.d × 10^point × 2^exp2 throughout
        let mut exp2: i32 = 0;
        while self.point > 0 {
            let shift = shift_for(self.point);
            self.right_shift(shift);
            if self.point < -DECIMAL_POINT_RANGE {
                return 0.0;
            }
            exp2 += shift as i32;
        }
        while self.point < 0 || (self.point == 0 && self.digits[0] < 5) {
            if self.len == 0 {
                return 0.0;
            }
            let shift = if self.point == 0 {
                // 0.1.. and 0.2..0.4..: ×4 or ×2 reaches [0.5, 1)
                if self.digits[0] < 2 { 2 } else { 1 }
            } else {
                shift_for(-self.point)
            };
            self.left_shift(shift);
            if self.point > DECIMAL_POINT_RANGE {
                return f64::INFINITY;
            }
            exp2 -= shift as i32;
        }
        // value in [1/2, 1): as 1.x × 2^(exp2 - 1)
        exp2 -= 1;
        // subnormals: shift down to the smallest exponent
        while exp2 < MIN_EXP {
            let shift = ((MIN_EXP - exp2) as u32).min(MAX_SHIFT);
            self.right_shift(shift);
            exp2 += shift as i32;
        }
        if exp2 - MIN_EXP + 1 >= INFINITE {
            return f64::INFINITY;
        }
        // the hidden bit and the 52 explicit bits as an integer, rounded once
        self.left_shift(MANTISSA_BITS + 1);
        let mut mantissa = self.round();
        if mantissa >= 1 << (MANTISSA_BITS + 1) {
            // rounding carried into a new bit
            self.right_shift(1);
            exp2 += 1;
            mantissa = self.round();
            if exp2 - MIN_EXP + 1 >= INFINITE {
                return f64::INFINITY;
            }
        }
        let mut biased = exp2 - MIN_EXP + 1;
        if mantissa < 1 << MANTISSA_BITS {
            // no hidden bit: a subnormal (biased exponent 0)
            biased -= 1;
        }
        let bits = (u64::from(biased as u32) << MANTISSA_BITS) | (mantissa & ((1 << MANTISSA_BITS) - 1));
        f64::from_bits(bits)
    }

    /// The integer part, rounded half to even (the fraction decides, the
    /// sticky bit included). Called with at most 54 bits of integer part.
    fn round(&self) -> u64 {
        if self.len == 0 || self.point < 0 {
            return 0;
        }
        if self.point >= 20 {
            return u64::MAX; // not reached: callers have at most 54 bits
        }
        let point = self.point as usize;
        let mut n: u64 = 0;
        for i in 0..point {
            n = n * 10 + if i < self.len { u64::from(self.digits[i]) } else { 0 };
        }
        let up = match self.digits.get(point) {
            Some(&d) if point < self.len => {
                if d == 5 && point + 1 == self.len {
                    // exactly .5 unless digits were dropped: ties to even
                    self.truncated || n & 1 == 1
                } else {
                    d >= 5
                }
            }
            _ => false,
        };
        n + u64::from(up)
    }

    /// × 2^shift (`shift <= MAX_SHIFT`).
    fn left_shift(&mut self, shift: u32) {
        if self.len == 0 {
            return;
        }
        // at most 19 new leading digits (2^60 < 10^19): written right-aligned
        const ROOM: usize = 19;
        let mut out = [0u8; MAX_DIGITS + ROOM];
        let mut n: u64 = 0;
        for i in (0..self.len).rev() {
            n += u64::from(self.digits[i]) << shift;
            out[ROOM + i] = (n % 10) as u8;
            n /= 10;
        }
        let mut first = ROOM;
        while n > 0 {
            first -= 1;
            out[first] = (n % 10) as u8;
            n /= 10;
        }
        let new_len = ROOM + self.len - first;
        let kept = new_len.min(MAX_DIGITS);
        if out[first + kept..ROOM + self.len].iter().any(|&d| d != 0) {
            self.truncated = true;
        }
        self.digits[..kept].copy_from_slice(&out[first..first + kept]);
        self.len = kept;
        self.point += (ROOM - first) as i32;
        self.trim();
    }

    /// ÷ 2^shift (`shift <= MAX_SHIFT`), dropped bits kept as the sticky bit.
    fn right_shift(&mut self, shift: u32) {
        let mut read = 0;
        let mut n: u64 = 0;
        // enough leading digits for a first quotient digit
        while n >> shift == 0 {
            if read < self.len {
                n = n * 10 + u64::from(self.digits[read]);
                read += 1;
            } else if n == 0 {
                return; // the value is 0
            } else {
                while n >> shift == 0 {
                    n *= 10;
                    read += 1;
                }
                break;
            }
        }
        self.point -= read as i32 - 1;
        if self.point < -DECIMAL_POINT_RANGE {
            self.len = 0;
            self.point = 0;
            self.truncated = false;
            return;
        }
        let mask = (1u64 << shift) - 1;
        let mut write = 0;
        while read < self.len {
            let digit = (n >> shift) as u8;
            n = (n & mask) * 10 + u64::from(self.digits[read]);
            read += 1;
            self.digits[write] = digit;
            write += 1;
        }
        while n > 0 {
            let digit = (n >> shift) as u8;
            n = (n & mask) * 10;
            if write < MAX_DIGITS {
                self.digits[write] = digit;
                write += 1;
            } else if digit > 0 {
                self.truncated = true;
            }
        }
        self.len = write;
        self.trim();
    }
}

/// The shift that moves the decimal point by about `point` digits (one
/// decimal digit ≈ 3.32 bits), at most [`MAX_SHIFT`].
fn shift_for(point: i32) -> u32 {
    const BY_DIGITS: [u8; 19] = [0, 3, 6, 9, 13, 16, 19, 23, 26, 29, 33, 36, 39, 43, 46, 49, 53, 56, 59];
    BY_DIGITS.get(point as usize).map_or(MAX_SHIFT, |&s| u32::from(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::cmp::Ordering;

    /// A deterministic xorshift64 sequence.
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// `n = q·d + r` with `0 <= r < d`, checked by multiplying back.
    #[test]
    fn quotient_is_floor_and_remainder_flag_is_exact() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let mut d = Big::from_u64(next() | 1);
            d.mul_pow5((next() % 360) as u32);
            let mut n = Big::from_u64(next() | 1);
            // quotients of up to 57 bits, as exact() makes them
            let s = (d.bits() + (next() % 57) as u32).saturating_sub(64 - n.limbs[1].leading_zeros().min(32));
            n.shl(s);
            if n.cmp(&d) == Ordering::Less {
                continue;
            }
            let (q, rem) = n.div_small_quotient(&d);
            let qd = d.mul_u64(q);
            assert_ne!(qd.cmp(&n), Ordering::Greater);
            assert_eq!(d.mul_u64(q + 1).cmp(&n), Ordering::Greater);
            assert_eq!(rem, qd.cmp(&n) != Ordering::Equal);
        }
    }

    #[test]
    fn top64_and_sticky() {
        let mut b = Big::from_u64(0b1011);
        assert_eq!(b.top64(), (0b1011 << 60, -60, false));
        b.shl(100);
        assert_eq!(b.top64(), (0b1011 << 60, 40, false));
        let mut c = Big::from_u64(u64::MAX);
        c.mul_small(3);
        // 3·(2^64 - 1) = 2^65 + 2^64 - 3: 66 bits, the lowest two dropped
        let (top, e2, sticky) = c.top64();
        assert_eq!((e2, sticky), (2, true));
        assert_eq!(top, ((3u128 * u128::from(u64::MAX)) >> 2) as u64);
    }
}
