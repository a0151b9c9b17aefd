//! The "signature checked by the host" path (src/jws/external.rs): same
//! verdicts as the in-crate check when the host answers truthfully, no way
//! to a `Verified` value without a verdict, and the structural signature
//! rules applied here before anything reaches the host.

mod common;

use common::*;
use tokencheck::jws::external::{self, HostChecks, PendingSignature, SignatureCheck, host_checkable};
use tokencheck::jws::{self, Limits};
use tokencheck::{Algorithm, Error, JwkSet};

const CASES: [(&str, Algorithm); 12] = [
    (HMAC, Algorithm::HS256),
    (HMAC, Algorithm::HS512),
    (RSA2048, Algorithm::RS256),
    (RSA2048, Algorithm::RS512),
    (RSA2048, Algorithm::PS256),
    (RSA2048, Algorithm::PS384),
    (P256, Algorithm::ES256),
    (P384, Algorithm::ES384),
    (P521, Algorithm::ES512),
    (ED25519, Algorithm::EdDSA),
    (RSA2048B, Algorithm::RS384),
    (P256B, Algorithm::ES256),
];

fn set_for(key: &str) -> JwkSet {
    set_of(&[key])
}

fn prepare(token: &str, keys: &JwkSet, alg: Algorithm) -> Result<SignatureCheck, Error> {
    external::prepare(token, &Limits::default(), keys, algs(&[alg]))
}

/// The verdict of the external path when the host is the crate's own primitive.
fn external_verdict(token: &str, keys: &JwkSet, alg: Algorithm) -> Result<Vec<u8>, Error> {
    match prepare(token, keys, alg)? {
        SignatureCheck::Verified(v) => Ok(v.into_parts().1),
        SignatureCheck::External(p) => {
            let key = &keys.keys()[p.key_index()];
            let host = key.verify(p.algorithm(), p.signing_input(), p.signature()).is_ok();
            p.complete(host).map(|v| v.into_parts().1)
        }
    }
}

fn sync_verdict(token: &str, keys: &JwkSet, alg: Algorithm) -> Result<Vec<u8>, Error> {
    jws::parse(token, &Limits::default())?.verify(keys, algs(&[alg])).map(|v| v.into_parts().1)
}

/// Tokens that must be accepted or refused the same way on both paths.
fn variants(key: &str, alg: Algorithm) -> Vec<String> {
    let good = good_jwt(key, alg);
    let sig = signature_of(&good);
    let mut flipped = sig.clone();
    flipped[sig.len() / 2] ^= 1;
    let mut out = vec![
        good.clone(),
        with_signature(&good, &flipped),
        with_signature(&good, &sig[..sig.len() - 1]),
        with_signature(&good, &[sig.as_slice(), &[0]].concat()),
        with_signature(&good, &[]),
        with_signature(&good, &vec![0u8; sig.len()]),
        with_signature(&good, &vec![0xffu8; sig.len()]),
        // a signature over other claims
        signed(key, alg, &format!(r#"{{"alg":"{}","kid":"{key}"}}"#, alg.name()), br#"{"iss":"x"}"#).rsplit('.').next().map(|s| format!("{}.{s}", &good[..good.rfind('.').unwrap()])).unwrap(),
        // no kid: selection by family
        signed(key, alg, &format!(r#"{{"alg":"{}"}}"#, alg.name()), good_claims().as_bytes()),
        // unknown kid
        signed(key, alg, &format!(r#"{{"alg":"{}","kid":"nope"}}"#, alg.name()), good_claims().as_bytes()),
    ];
    if sig.len() >= 2 {
        // a leading zero byte dropped (OpenSSL would read a short RSA signature as zero-padded)
        let mut short = sig.clone();
        short[0] = 0;
        out.push(with_signature(&good, &short[1..]));
    }
    out
}

#[test]
fn same_verdicts_as_the_in_crate_check() {
    for (key, alg) in CASES {
        let keys = set_for(key);
        for (i, token) in variants(key, alg).iter().enumerate() {
            let a = sync_verdict(token, &keys, alg);
            let b = external_verdict(token, &keys, alg);
            assert_eq!(a.as_ref().map_err(Error::code), b.as_ref().map_err(Error::code), "{alg} variant {i}");
            assert_eq!(a.as_ref().map_err(|e| e.reason()), b.as_ref().map_err(|e| e.reason()), "{alg} variant {i}");
            if i == 0 {
                assert!(a.is_ok(), "{alg}: the good token verifies");
            }
        }
        // a disallowed algorithm and a key of another family: refused before the host
        let good = good_jwt(key, alg);
        let other = if alg == Algorithm::EdDSA { Algorithm::ES256 } else { Algorithm::EdDSA };
        let e = prepare(&good, &keys, other).unwrap_err();
        assert_eq!(e.code(), sync_verdict(&good, &keys, other).unwrap_err().code());
    }
}

/// With [`HostChecks::WITH_ED25519`] (the workerd entry), Ed25519 goes to
/// the host too, with the same verdicts when the host answers truthfully.
#[test]
fn ed25519_goes_to_the_host_only_when_asked() {
    let keys = set_for(ED25519);
    let host = |token: &str| external::prepare_for(token, &Limits::default(), &keys, algs(&[Algorithm::EdDSA]), HostChecks::WITH_ED25519);
    let good = good_jwt(ED25519, Algorithm::EdDSA);
    assert!(matches!(prepare(&good, &keys, Algorithm::EdDSA).unwrap(), SignatureCheck::Verified(_)));
    let SignatureCheck::External(p) = host(&good).unwrap() else { panic!("EdDSA should go to the host") };
    assert_eq!(p.signing_input(), &good.as_bytes()[..good.rfind('.').unwrap()]);
    assert_eq!(p.signature(), signature_of(&good).as_slice());
    assert_eq!(p.algorithm(), Algorithm::EdDSA);
    for (i, token) in variants(ED25519, Algorithm::EdDSA).iter().enumerate() {
        let expected = sync_verdict(token, &keys, Algorithm::EdDSA);
        let got = host(token).and_then(|check| match check {
            SignatureCheck::Verified(v) => Ok(v.into_parts().1),
            SignatureCheck::External(p) => {
                let truthful = keys.keys()[p.key_index()].verify(p.algorithm(), p.signing_input(), p.signature()).is_ok();
                p.complete(truthful).map(|v| v.into_parts().1)
            }
        });
        assert_eq!(expected.as_ref().map_err(Error::code), got.as_ref().map_err(Error::code), "variant {i}");
    }
    // HMAC stays here unless asked for
    for check in [HostChecks::RSA_ECDSA, HostChecks::WITH_ED25519] {
        assert!(!check.includes(Algorithm::HS256));
        assert!(check.includes(Algorithm::RS256) && check.includes(Algorithm::ES512));
    }
    assert!(HostChecks::WITH_ED25519.includes(Algorithm::EdDSA) && !HostChecks::RSA_ECDSA.includes(Algorithm::EdDSA));
    let both = HostChecks::WITH_ED25519.with_hmac();
    assert!(both.includes(Algorithm::HS384) && both.includes(Algorithm::EdDSA) && both.includes(Algorithm::PS512));
    let hmac_only = HostChecks::RSA_ECDSA.with_hmac();
    assert!(hmac_only.includes(Algorithm::HS512) && !hmac_only.includes(Algorithm::EdDSA));
}

/// With [`HostChecks::with_hmac`] (the workerd entry), HMAC tags go to the
/// host, with the same verdicts when it answers truthfully; a tag of any
/// length but the hash's never reaches it (RFC 7518 §3.2: no truncation).
#[test]
fn hmac_goes_to_the_host_only_when_asked() {
    let keys = set_for(HMAC);
    for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
        let host = |token: &str| external::prepare_for(token, &Limits::default(), &keys, algs(&[alg]), HostChecks::WITH_ED25519.with_hmac());
        let good = good_jwt(HMAC, alg);
        assert!(matches!(prepare(&good, &keys, alg).unwrap(), SignatureCheck::Verified(_)), "{alg}");
        let SignatureCheck::External(p) = host(&good).unwrap() else { panic!("{alg} should go to the host") };
        assert_eq!(p.signing_input(), &good.as_bytes()[..good.rfind('.').unwrap()]);
        assert_eq!(p.signature(), signature_of(&good).as_slice());
        assert_eq!((p.algorithm(), p.key_index()), (alg, 0));
        for (i, token) in variants(HMAC, alg).iter().enumerate() {
            let expected = sync_verdict(token, &keys, alg);
            let got = host(token).and_then(|check| match check {
                SignatureCheck::Verified(_) => panic!("{alg} variant {i}: checked here"),
                SignatureCheck::External(p) => {
                    let truthful = keys.keys()[p.key_index()].verify(p.algorithm(), p.signing_input(), p.signature()).is_ok();
                    p.complete(truthful).map(|v| v.into_parts().1)
                }
            });
            assert_eq!(expected.as_ref().map_err(Error::code), got.as_ref().map_err(Error::code), "{alg} variant {i}");
            if i == 0 {
                assert!(got.is_ok(), "{alg}: the good token verifies");
            }
        }
        // wrong lengths fail here, whatever a host would say
        let sig = signature_of(&good);
        for bad in [&sig[..sig.len() - 1], &sig[..16], &[sig.as_slice(), &[0]].concat(), &[sig.as_slice(), sig.as_slice()].concat(), &[][..]] {
            expect_sig_fail(host(&with_signature(&good, bad)));
        }
    }
}

#[test]
fn only_rsa_and_ecdsa_go_to_the_host() {
    for (key, alg) in CASES {
        let keys = set_for(key);
        let good = good_jwt(key, alg);
        let external = matches!(prepare(&good, &keys, alg).unwrap(), SignatureCheck::External(_));
        assert_eq!(external, host_checkable(alg), "{alg}");
        assert_eq!(external, !matches!(alg, Algorithm::HS256 | Algorithm::HS512 | Algorithm::EdDSA), "{alg}");
    }
}

fn pending(key: &str, alg: Algorithm, token: &str) -> (JwkSet, PendingSignature) {
    let keys = set_for(key);
    match prepare(token, &keys, alg).unwrap() {
        SignatureCheck::External(p) => (keys, p),
        SignatureCheck::Verified(_) => panic!("{alg} should be external"),
    }
}

#[test]
fn hands_out_exactly_the_signing_input_and_signature() {
    for (key, alg) in [(RSA2048, Algorithm::PS256), (P384, Algorithm::ES384)] {
        let token = good_jwt(key, alg);
        let (_, p) = pending(key, alg, &token);
        assert_eq!(p.signing_input(), &token.as_bytes()[..token.rfind('.').unwrap()]);
        assert_eq!(p.signature(), signature_of(&token).as_slice());
        assert_eq!(p.algorithm(), alg);
        assert_eq!(p.key_index(), 0);
        assert_eq!(p.token(), token);
    }
}

#[test]
fn a_false_verdict_is_a_signature_failure_and_verify_here_checks() {
    let token = good_jwt(P256, Algorithm::ES256);
    let (_, p) = pending(P256, Algorithm::ES256, &token);
    expect_sig_fail(p.complete(false));
    let (keys, p) = pending(P256, Algorithm::ES256, &token);
    assert!(p.verify_here(&keys).is_ok());
    // a forged signature that is well-formed reaches the host; verify_here refuses it
    let mut sig = signature_of(&token);
    sig[40] ^= 0x40;
    let forged = with_signature(&token, &sig);
    let (keys, p) = pending(P256, Algorithm::ES256, &forged);
    expect_sig_fail(p.verify_here(&keys));
}

#[test]
fn verify_here_needs_the_same_key_set() {
    let token = good_jwt(RSA2048, Algorithm::RS256);
    let (_, p) = pending(RSA2048, Algorithm::RS256, &token);
    // same keys, but another set
    let other = set_for(RSA2048);
    let e = p.verify_here(&other).unwrap_err();
    assert_eq!(e.code(), "ERR_INVALID_OPTIONS");
}

#[test]
fn malformed_signatures_never_reach_the_host() {
    // RSA: not k octets, or not below the modulus
    let token = good_jwt(RSA2048, Algorithm::RS256);
    let keys = set_for(RSA2048);
    let n = member(RSA2048, "n");
    for sig in [vec![0u8; 255], vec![0u8; 257], n.clone(), vec![0xff; 256]] {
        let t = with_signature(&token, &sig);
        expect_sig_fail(prepare(&t, &keys, Algorithm::RS256));
    }
    let mut below = n.clone();
    *below.last_mut().unwrap() -= 1;
    assert!(matches!(prepare(&with_signature(&token, &below), &keys, Algorithm::RS256).unwrap(), SignatureCheck::External(_)));

    // ECDSA: not 2 × 32 octets, r or s zero, r or s >= n
    let token = good_jwt(P256, Algorithm::ES256);
    let keys = set_for(P256);
    let order = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    let sig = signature_of(&token);
    let (r, s) = sig.split_at(32);
    for bad in [
        [&[0u8; 32][..], s].concat(),
        [r, &[0u8; 32][..]].concat(),
        [&order[..], s].concat(),
        [r, &order[..]].concat(),
        [r, &[0xff; 32][..]].concat(),
        sig[..63].to_vec(),
        [&sig[..], &[0]].concat(),
    ] {
        expect_sig_fail(prepare(&with_signature(&token, &bad), &keys, Algorithm::ES256));
    }
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}
