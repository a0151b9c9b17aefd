//! `tokencheck::json::decimal_to_f64` (and so every JSON number and duration)
//! against Rust's own `str::parse::<f64>`, which rounds correctly: the same
//! bits for every input, on each of its paths (Clinger's fast path, the
//! decimal-shift conversion, subnormals, overflow, halfway cases decided by a
//! digit beyond the 768 kept ones).

use num_bigint::BigUint;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use tokencheck::json::{self, JsonError, Value, decimal_to_f64};

#[track_caller]
fn same(text: &str) {
    let want: f64 = text.parse().unwrap();
    let got = decimal_to_f64(text.as_bytes()).unwrap_or_else(|| panic!("refused {text}"));
    assert_eq!(got.to_bits(), want.to_bits(), "{text}: got {got:e}, want {want:e}");
}

#[test]
fn edge_cases() {
    for t in [
        "0", "-0", "0.0", "-0.0", "0e0", "0e-999999999", "0e999999999", "00012", "1", "-1", "9", "10", "1.5", "0.1", "0.2",
        "0.3", "3.14159", "123456789012345678", "9007199254740991", "9007199254740992", "9007199254740993",
        "18446744073709551615", "18446744073709551616", "1e22", "1e23", "9e22", "1.7976931348623157e308",
        "1.7976931348623158e308", "1.7976931348623159e308", "1.8e308", "1e309", "-1e309", "1e999999999",
        "2.2250738585072014e-308", "2.2250738585072011e-308", "2.2250738585072009e-308", "4.9406564584124654e-324",
        "2.4703282292062327e-324", "2.4703282292062328e-324", "2.47032822920623272e-324", "5e-324", "3e-324", "1e-324",
        "1e-325", "1e-400", "1e-999999999", "1732350000", "1732350000.5", "1700000000.000001", "0.000001",
        "123.456e-7", "7.2057594037927933e16", "8.98846567431158e307", "4.4501477170144023e-308",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126",
        "9007199254740993.0000000000000000000000000000000001", "0.1e1", "0.01e2", "100e-2",
    ] {
        same(t);
    }
}

#[test]
fn refuses_what_is_not_a_decimal() {
    for t in ["", "-", "+1", ".5", "5.", "1e", "1e+", "1.e5", "1..2", "0x10", "1_000", " 1", "1 ", "inf", "NaN", "1e1.5", "--1"] {
        assert_eq!(decimal_to_f64(t.as_bytes()), None, "{t:?}");
    }
}

#[test]
fn random_decimals() {
    let mut rng = ChaCha8Rng::seed_from_u64(0x6a73_6f6e);
    for _ in 0..200_000 {
        let len = rng.random_range(1..=40usize);
        let mut digits: String = (0..len).map(|_| char::from(b'0' + rng.random_range(0..10u8))).collect();
        if rng.random_range(0..4) == 0 {
            digits.push_str(&"0".repeat(rng.random_range(1..30usize)));
        }
        let mut text = String::new();
        if rng.random_range(0..2) == 0 {
            text.push('-');
        }
        let cut = rng.random_range(0..=digits.len());
        if cut == 0 || cut == digits.len() {
            text.push_str(&digits);
        } else {
            text.push_str(&digits[..cut]);
            text.push('.');
            text.push_str(&digits[cut..]);
        }
        if rng.random_range(0..3) > 0 {
            text.push_str(&format!("e{}", rng.random_range(-360..=360i32)));
        }
        same(&text);
    }
}

#[test]
fn random_doubles_round_trip() {
    let mut rng = ChaCha8Rng::seed_from_u64(0x0066_3634);
    for _ in 0..100_000 {
        let x = f64::from_bits(rng.random_range(0..0x7ff0_0000_0000_0000u64));
        same(&format!("{x:e}"));
        same(&format!("{x:.17e}"));
        same(&format!("{x:.25e}"));
    }
}

/// The exact decimal of the midpoint between `x` and the next double up, as
/// `D e-k` (integer digits `D`).
fn midpoint(x: f64) -> (String, u32) {
    let bits = x.to_bits();
    let biased = (bits >> 52) as i64;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if biased == 0 { (frac, -1074) } else { (frac | 1 << 52, biased - 1075) };
    // (2m + 1) × 2^(e - 1)
    let odd = BigUint::from(2 * m + 1);
    let e = e - 1;
    if e >= 0 { ((odd << e as usize).to_string(), 0) } else { ((odd * BigUint::from(5u8).pow((-e) as u32)).to_string(), (-e) as u32) }
}

#[test]
fn halfway_cases_and_the_sticky_digit() {
    let mut rng = ChaCha8Rng::seed_from_u64(0x6861_6c66);
    let mut xs: Vec<f64> = vec![0.0, f64::MIN_POSITIVE, 1.0, 9007199254740992.0, f64::MAX / 2.0, 5e-324, 1e-310, 1e300];
    for _ in 0..400 {
        xs.push(f64::from_bits(rng.random_range(0..0x7fef_ffff_ffff_ffffu64)));
    }
    for x in xs {
        let (d, k) = midpoint(x);
        // exactly halfway: ties to even
        same(&format!("{d}e-{k}"));
        // a non-zero digit far beyond the 768 kept ones decides upwards
        let pad = 800usize.saturating_sub(d.len()) + 5;
        same(&format!("{d}{}1e-{}", "0".repeat(pad), k as usize + pad + 1));
        // just below halfway, with as many digits
        let below = (d.parse::<BigUint>().unwrap() * BigUint::from(10u8).pow(pad as u32 + 1)) - 1u8;
        same(&format!("{below}e-{}", k as usize + pad + 1));
        // the same as a fraction with a decimal point
        if k > 0 && (k as usize) < d.len() {
            same(&format!("{}.{}", &d[..d.len() - k as usize], &d[d.len() - k as usize..]));
        }
    }
}

#[test]
fn long_inputs() {
    same(&format!("{}e-1000", "9".repeat(1000)));
    same(&format!("0.{}1", "0".repeat(1000)));
    same(&format!("1{}", "0".repeat(308)));
    same(&format!("1{}", "0".repeat(309)));
    same(&"1".repeat(5000));
    same(&format!("0.{}", "5".repeat(5000)));
}

#[test]
fn json_numbers_use_it() {
    let doc = r#"[1732350000, -0, 0.1, 1e-400, 2.4703282292062328e-324, 1.7976931348623157e308]"#;
    let Value::Array(items) = json::parse(doc.as_bytes(), 4).unwrap() else { panic!() };
    let want = [1732350000.0, -0.0, 0.1, 0.0, 5e-324, f64::MAX];
    for (v, w) in items.iter().zip(want) {
        assert_eq!(v.as_f64().unwrap().to_bits(), f64::to_bits(w));
    }
    assert_eq!(json::parse(b"1e309", 4), Err(JsonError::NumberOutOfRange));
    assert_eq!(json::parse(b"-1.8e308", 4), Err(JsonError::NumberOutOfRange));
    assert_eq!(json::parse(b"01", 4), Err(JsonError::Syntax));
}
