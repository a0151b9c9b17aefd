//! The demo: verifies the built-in sample tokens (samples/samples.json)
//! against the sample key sets at the sample clock and prints each verdict,
//! the selected key, and the claims.
//!
//! ```text
//! cargo run --example demo                      # the built-in samples
//! cargo run --example demo -- TOKEN JWKS_FILE ALG[,ALG...]   # your own token, now
//! ```
//! Exits non-zero if a sample's verdict differs from the one recorded with it.

use std::process::ExitCode;

use tokencheck::json::{self, Object, Value};
use tokencheck::{AlgorithmSet, JwkSet, UnixTime, Validator};

const SAMPLES: &str = include_str!("../samples/samples.json");

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(|x| x.as_str().map(String::from)).collect(),
        _ => Vec::new(),
    }
}

/// Build a validator from a jose-style options object (the sample's `options`).
fn validator(options: &Object) -> Result<Validator, tokencheck::Error> {
    let algs = AlgorithmSet::from_names(&strings(options.get("algorithms")))?;
    let mut v = Validator::new(algs);
    let iss = strings(options.get("issuer"));
    if !iss.is_empty() {
        v = v.issuers(&iss);
    }
    let aud = strings(options.get("audience"));
    if !aud.is_empty() {
        v = v.audiences(&aud);
    }
    if let Some(t) = options.get_str("typ") {
        v = v.typ(t);
    }
    Ok(v)
}

fn show_claims(o: &Object) {
    for (k, v) in o.iter() {
        let mut text = v.to_json();
        if text.len() > 100 {
            text.truncate(97);
            text.push_str("...");
        }
        println!("      {k:<60} {text}");
    }
}

fn verify_one(title: &str, token: &str, keys: &JwkSet, options: &Object, now: UnixTime) -> Result<(), tokencheck::Error> {
    println!("\n  {title}");
    let v = validator(options)?;
    let verified = v.verify(token, keys, now)?;
    let key = &keys.keys()[verified.key_index()];
    println!(
        "    VALID  alg={} key kid={} thumbprint={}",
        verified.header().alg(),
        key.kid().unwrap_or("-"),
        key.thumbprint_sha256()
    );
    show_claims(verified.value().as_object());
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [token, jwks_file, algs] = args.as_slice() {
        let jwks = std::fs::read_to_string(jwks_file).expect("read JWKS file");
        let keys = match JwkSet::from_json(&jwks) {
            Ok(k) => k,
            Err(e) => {
                eprintln!("key set refused: {} ({e})", e.code());
                return ExitCode::FAILURE;
            }
        };
        let mut options = Object::new();
        options.insert("algorithms", Value::Array(algs.split(',').map(Value::from).collect()));
        let now = UnixTime::from_secs(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64);
        return match verify_one("your token", token, &keys, &options, now) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                println!("    REFUSED  {}  reason={}  ({e})", e.code(), e.reason().unwrap_or("-"));
                ExitCode::FAILURE
            }
        };
    }

    let doc = json::parse_object(SAMPLES.as_bytes(), 32).expect("samples.json").expect("object");
    let now = UnixTime::from_secs(doc.get("verifyAt").and_then(Value::as_f64).expect("verifyAt") as i64);
    let sets = doc.get("jwks").and_then(Value::as_object).expect("jwks");
    println!("tokencheck demo: built-in samples, verified at the sample clock {} (unix {})", iso(now.as_secs()), now.as_secs());

    let mut mismatches = 0;
    for s in doc.get("samples").and_then(Value::as_array).expect("samples") {
        let s = s.as_object().expect("sample");
        let set_name = s.get_str("jwks").expect("jwks name");
        let keys = JwkSet::from_object(sets.get(set_name).and_then(Value::as_object).expect("set")).expect("sample JWKS");
        let title = format!("[{}] {}", s.get_str("id").unwrap_or("?"), s.get_str("title").unwrap_or(""));
        let options = s.get("options").and_then(Value::as_object).expect("options");
        let expect = s.get("expect").and_then(Value::as_object).expect("expect");
        let result = verify_one(&title, s.get_str("token").expect("token"), &keys, options, now);
        let expected_code = expect.get_str("code");
        match &result {
            Ok(()) if expected_code.is_none() => {}
            Err(e) if Some(e.code()) == expected_code => {
                println!("    REFUSED  {}  reason={}  ({e})  — as expected", e.code(), e.reason().unwrap_or("-"));
            }
            other => {
                mismatches += 1;
                println!("    UNEXPECTED verdict {:?}, recorded expectation {:?}", other.as_ref().err().map(|e| e.code()), expected_code);
            }
        }
    }
    if mismatches > 0 {
        println!("\n{mismatches} sample(s) did not give their recorded verdict");
        return ExitCode::FAILURE;
    }
    println!("\nall samples gave their recorded verdicts");
    ExitCode::SUCCESS
}

/// Civil date from Unix seconds (days-from-civil inverse), for display only.
fn iso(secs: i64) -> String {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}
