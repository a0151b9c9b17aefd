//! Domain parameters of the NIST curves P-256, P-384 and P-521
//! (FIPS 186-5 / SP 800-186 §3.2.1, SEC 2 v2 §2.4-2.6).

use crate::jwa::Curve;

/// Domain parameters of a short Weierstrass curve `y² = x³ - 3x + b` over
/// `GF(p)` with a base point `G` of prime order `n` (cofactor 1), as
/// big-endian octet strings of the coordinate length.
pub(super) struct CurveDef {
    pub(super) p: &'static [u8],
    pub(super) n: &'static [u8],
    pub(super) b: &'static [u8],
    pub(super) gx: &'static [u8],
    pub(super) gy: &'static [u8],
    /// Bit length of `n` (the length of the w-NAF of a scalar).
    pub(super) n_bits: usize,
    /// Output length of the curve's hash in octets.
    pub(super) hash_len: usize,
}

/// Decodes a hex string at compile time.
pub(super) const fn hex<const N: usize>(s: &str) -> [u8; N] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("bad hex digit"),
        }
    }
    let s = s.as_bytes();
    assert!(s.len() == 2 * N);
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = (nibble(s[2 * i]) << 4) | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

const P256_P: [u8; 32] = hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
const P256_N: [u8; 32] = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
const P256_B: [u8; 32] = hex("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
const P256_GX: [u8; 32] = hex("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
const P256_GY: [u8; 32] = hex("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");

const P384_P: [u8; 48] = hex(concat!(
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe",
    "ffffffff0000000000000000ffffffff"
));
const P384_N: [u8; 48] = hex(concat!(
    "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf",
    "581a0db248b0a77aecec196accc52973"
));
const P384_B: [u8; 48] = hex(concat!(
    "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875a",
    "c656398d8a2ed19d2a85c8edd3ec2aef"
));
const P384_GX: [u8; 48] = hex(concat!(
    "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a38",
    "5502f25dbf55296c3a545e3872760ab7"
));
const P384_GY: [u8; 48] = hex(concat!(
    "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c0",
    "0a60b1ce1d7e819d7a431d7c90ea0e5f"
));

const P521_P: [u8; 66] = hex(concat!(
    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "ffff"
));
const P521_N: [u8; 66] = hex(concat!(
    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "fffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e9138",
    "6409"
));
const P521_B: [u8; 66] = hex(concat!(
    "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef1",
    "09e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b50",
    "3f00"
));
const P521_GX: [u8; 66] = hex(concat!(
    "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d",
    "3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5",
    "bd66"
));
const P521_GY: [u8; 66] = hex(concat!(
    "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e",
    "662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd1",
    "6650"
));

pub(super) fn curve_def(curve: Curve) -> CurveDef {
    match curve {
        Curve::P256 => CurveDef {
            p: &P256_P,
            n: &P256_N,
            b: &P256_B,
            gx: &P256_GX,
            gy: &P256_GY,
            n_bits: 256,
            hash_len: 32,
        },
        Curve::P384 => CurveDef {
            p: &P384_P,
            n: &P384_N,
            b: &P384_B,
            gx: &P384_GX,
            gy: &P384_GY,
            n_bits: 384,
            hash_len: 48,
        },
        Curve::P521 => CurveDef {
            p: &P521_P,
            n: &P521_N,
            b: &P521_B,
            gx: &P521_GX,
            gy: &P521_GY,
            n_bits: 521,
            hash_len: 64,
        },
    }
}
