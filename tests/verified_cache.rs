//! The verified-token cache (src/jwt/cache.rs): a hit gives the verdict a
//! fresh verification would give at that instant with those options;
//! failures are never stored; the key set, allow-list and limits are part of
//! the key; memory stays bounded (LRU by entries and by bytes).

mod common;

use common::*;
use tokencheck::jws::external::{HostChecks, Resolution};
use tokencheck::jwt::cache::{Begin, Outcome, Slot, VerifiedCache};
use tokencheck::{Algorithm, Limits, UnixTime, Validator};

fn cache(n: usize) -> VerifiedCache {
    VerifiedCache::new(n, 1 << 20).unwrap()
}

fn hmac_token(jti: usize) -> String {
    let claims = format!(r#"{{"iss":"{ISS}","aud":"{AUD}","sub":"user-1","iat":{},"exp":{},"jti":"{jti}"}}"#, NOW - 10, NOW + 3600);
    signed(HMAC, Algorithm::HS256, r#"{"alg":"HS256","kid":"hmac"}"#, claims.as_bytes())
}

fn inserted(o: Outcome) -> Slot {
    match o {
        Outcome::Inserted(s) => s,
        other => panic!("expected Inserted, got {other:?}"),
    }
}

fn hit(o: Outcome) -> Slot {
    match o {
        Outcome::Hit(s) => s,
        other => panic!("expected Hit, got {other:?}"),
    }
}

#[test]
fn miss_then_hit_with_the_same_header_and_claims() {
    let keys = set_of(&[HMAC]);
    let v = validator(&[Algorithm::HS256]);
    let mut c = cache(10);
    let t = hmac_token(1);
    let a = inserted(c.verify(&v, &t, &keys, now()).unwrap());
    let b = hit(c.verify(&v, &t, &keys, now()).unwrap());
    assert_eq!(a, b);
    let fresh = v.verify(&t, &keys, now()).unwrap();
    let (h, claims) = c.entry(b).unwrap();
    assert_eq!(h, fresh.header());
    assert_eq!(claims, fresh.value());
    assert_eq!(c.len(), 1);
}

#[test]
fn time_claims_are_rechecked_on_every_hit() {
    let keys = set_of(&[HMAC]);
    let v = validator(&[Algorithm::HS256]);
    let mut c = cache(10);
    let t = hmac_token(1);
    inserted(c.verify(&v, &t, &keys, now()).unwrap());
    // exp = NOW + 3600
    let later = UnixTime::from_secs(NOW + 3600);
    let e = c.verify(&v, &t, &keys, later).unwrap_err();
    assert_eq!(e.code(), "ERR_JWT_EXPIRED");
    assert_eq!(e.code(), v.verify(&t, &keys, later).unwrap_err().code());
    // the tolerance of the caller's validator applies on the hit
    let lenient = validator(&[Algorithm::HS256]).clock_tolerance(60.0).unwrap();
    hit(c.verify(&lenient, &t, &keys, later).unwrap());
    // maxTokenAge (iat = NOW - 10)
    let strict = validator(&[Algorithm::HS256]).max_token_age(5.0).unwrap();
    let e = c.verify(&strict, &t, &keys, now()).unwrap_err();
    assert_eq!((e.code(), e.claim()), ("ERR_JWT_EXPIRED", Some("iat")));
    // before iat with maxTokenAge, before nbf-like instants: the fresh verdicts
    let early = UnixTime::from_secs(NOW - 3600);
    let max_age = validator(&[Algorithm::HS256]).max_token_age(7200.0).unwrap();
    let fresh = max_age.verify(&t, &keys, early).unwrap_err();
    let cached = c.verify(&max_age, &t, &keys, early).unwrap_err();
    assert_eq!((fresh.code(), fresh.claim(), fresh.reason()), (cached.code(), cached.claim(), cached.reason()));
    // still stored, still a hit at a good instant
    hit(c.verify(&v, &t, &keys, now()).unwrap());
}

#[test]
fn the_callers_claim_options_are_rechecked_on_every_hit() {
    let keys = set_of(&[HMAC]);
    let mut c = cache(10);
    let t = hmac_token(1);
    inserted(c.verify(&validator(&[Algorithm::HS256]), &t, &keys, now()).unwrap());
    let cases: Vec<Validator> = vec![
        validator(&[Algorithm::HS256]).issuer("https://other.example"),
        validator(&[Algorithm::HS256]).audience("other"),
        validator(&[Algorithm::HS256]).subject("user-2"),
        validator(&[Algorithm::HS256]).typ("at+jwt"),
        validator(&[Algorithm::HS256]).required_claims(&["nonce"]),
    ];
    for v in cases {
        let fresh = v.verify(&t, &keys, now()).unwrap_err();
        let cached = c.verify(&v, &t, &keys, now()).unwrap_err();
        assert_eq!((fresh.code(), fresh.claim(), fresh.reason()), (cached.code(), cached.claim(), cached.reason()), "{v:?}");
    }
    assert_eq!(c.len(), 1);
}

#[test]
fn failures_are_never_stored() {
    let keys = set_of(&[HMAC]);
    let v = validator(&[Algorithm::HS256]);
    let mut c = cache(10);
    let good = hmac_token(1);
    let mut sig = signature_of(&good);
    sig[0] ^= 1;
    let forged = with_signature(&good, &sig);
    for _ in 0..2 {
        expect_sig_fail(c.verify(&v, &forged, &keys, now()));
        assert!(c.is_empty());
    }
    // a good signature whose claims fail now is not stored either
    let expired = UnixTime::from_secs(NOW + 7200);
    assert_eq!(c.verify(&v, &good, &keys, expired).unwrap_err().code(), "ERR_JWT_EXPIRED");
    assert!(c.is_empty());
    // the stored good token does not vouch for the forged one (same header and payload)
    inserted(c.verify(&v, &good, &keys, now()).unwrap());
    expect_sig_fail(c.verify(&v, &forged, &keys, now()));
    assert_eq!(c.len(), 1);
}

#[test]
fn key_set_allow_list_and_limits_are_part_of_the_key() {
    let keys = set_of(&[HMAC]);
    let v = validator(&[Algorithm::HS256]);
    let mut c = cache(10);
    let t = hmac_token(1);
    inserted(c.verify(&v, &t, &keys, now()).unwrap());
    // the same keys in another set (e.g. a refreshed JWKS): verified again
    let rotated = set_of(&[HMAC]);
    inserted(c.verify(&v, &t, &rotated, now()).unwrap());
    // a set without the key: refused, whatever is stored
    let other = set_of(&[P256]);
    assert_eq!(c.verify(&v, &t, &other, now()).unwrap_err().code(), v.verify(&t, &other, now()).unwrap_err().code());
    // an allow-list without HS256: refused as a fresh check would
    let es = validator(&[Algorithm::ES256]);
    assert_eq!(c.verify(&es, &t, &keys, now()).unwrap_err().code(), "ERR_JOSE_ALG_NOT_ALLOWED");
    // a wider allow-list: another entry
    let wide = validator(&[Algorithm::HS256, Algorithm::HS384]);
    inserted(c.verify(&wide, &t, &keys, now()).unwrap());
    // tighter limits: refused as a fresh check would
    let tight = validator(&[Algorithm::HS256]).limits(Limits { max_token_len: 50, max_json_depth: 32 }).unwrap();
    assert_eq!(c.verify(&tight, &t, &keys, now()).unwrap_err().code(), "ERR_JWS_INVALID");
    assert_eq!(c.len(), 3);
    hit(c.verify(&v, &t, &keys, now()).unwrap());
    hit(c.verify(&v, &t, &rotated, now()).unwrap());
}

#[test]
fn least_recently_used_is_evicted() {
    let keys = set_of(&[HMAC]);
    let v = validator(&[Algorithm::HS256]);
    let mut c = cache(2);
    let (a, b, d) = (hmac_token(1), hmac_token(2), hmac_token(3));
    inserted(c.verify(&v, &a, &keys, now()).unwrap());
    let sb = inserted(c.verify(&v, &b, &keys, now()).unwrap());
    hit(c.verify(&v, &a, &keys, now()).unwrap());
    inserted(c.verify(&v, &d, &keys, now()).unwrap());
    assert_eq!(c.len(), 2);
    assert!(c.entry(sb).is_none(), "b was evicted; its slot no longer answers");
    hit(c.verify(&v, &a, &keys, now()).unwrap());
    hit(c.verify(&v, &d, &keys, now()).unwrap());
    inserted(c.verify(&v, &b, &keys, now()).unwrap());
}

#[test]
fn byte_budget_bounds_memory() {
    let keys = set_of(&[HMAC]);
    let v = validator(&[Algorithm::HS256]);
    let t = hmac_token(1);
    let mut c = VerifiedCache::new(100, 2 * t.len() + 10).unwrap();
    for i in 0..10 {
        inserted(c.verify(&v, &hmac_token(i), &keys, now()).unwrap());
        assert!(c.bytes() <= 2 * t.len() + 10);
        assert!(c.len() <= 2);
    }
    let mut tiny = VerifiedCache::new(100, t.len() - 1).unwrap();
    for _ in 0..2 {
        match tiny.verify(&v, &t, &keys, now()).unwrap() {
            Outcome::Uncached(verified) => assert_eq!(verified.value().jti(), Some("1")),
            other => panic!("{other:?}"),
        }
    }
    assert!(tiny.is_empty());
}

/// Against a simple model (a Vec in recency order): the open-addressing
/// table with backward-shift deletion never loses or invents an entry.
#[test]
fn table_agrees_with_a_model_under_churn() {
    let keys = set_of(&[HMAC]);
    let v = validator(&[Algorithm::HS256]);
    let tokens: Vec<String> = (0..40).map(hmac_token).collect();
    let mut c = cache(7);
    let mut model: Vec<usize> = Vec::new(); // most recent last
    let mut x: u64 = 12345;
    for _ in 0..3000 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let i = (x >> 33) as usize % tokens.len();
        let out = c.verify(&v, &tokens[i], &keys, now()).unwrap();
        match model.iter().position(|&m| m == i) {
            Some(p) => {
                assert!(matches!(out, Outcome::Hit(_)), "token {i} should hit");
                model.remove(p);
            }
            None => {
                assert!(matches!(out, Outcome::Inserted(_)), "token {i} should miss");
                if model.len() == 7 {
                    model.remove(0);
                }
            }
        }
        model.push(i);
        assert_eq!(c.len(), model.len());
    }
    c.clear();
    assert!(c.is_empty());
    inserted(c.verify(&v, &tokens[0], &keys, now()).unwrap());
}

#[test]
fn host_checked_signatures_are_stored_only_after_a_true_verdict() {
    let keys = set_of(&[P256]);
    let v = validator(&[Algorithm::ES256]);
    let mut c = cache(10);
    let t = good_jwt(P256, Algorithm::ES256);
    let Begin::Pending(p) = c.begin(&v, &t, &keys, now(), HostChecks::RSA_ECDSA).unwrap() else { panic!("ES256 goes to the host") };
    expect_sig_fail(c.complete(&v, p, Resolution::Host(false), now()));
    assert!(c.is_empty());
    let Begin::Pending(p) = c.begin(&v, &t, &keys, now(), HostChecks::RSA_ECDSA).unwrap() else { panic!() };
    let ok = keys.keys()[p.key_index()].verify(p.algorithm(), p.signing_input(), p.signature()).is_ok();
    let slot = inserted(c.complete(&v, p, Resolution::Host(ok), now()).unwrap());
    match c.begin(&v, &t, &keys, now(), HostChecks::RSA_ECDSA).unwrap() {
        Begin::Done(Outcome::Hit(s)) => assert_eq!(s, slot),
        other => panic!("{other:?}"),
    }
    // verify_here through the cache, and the sync API shares the entries
    let t2 = signed(P256, Algorithm::ES256, r#"{"alg":"ES256","kid":"p256","typ":"JWT"}"#, good_claims().as_bytes());
    let Begin::Pending(p) = c.begin(&v, &t2, &keys, now(), HostChecks::RSA_ECDSA).unwrap() else { panic!() };
    inserted(c.complete(&v, p, Resolution::Here(&keys), now()).unwrap());
    hit(c.verify(&v, &t2, &keys, now()).unwrap());
    // claims are checked after the host's verdict (expired: not stored)
    let t3 = signed(P256, Algorithm::ES256, r#"{"alg":"ES256","kid":"p256","typ":"at+jwt"}"#, good_claims().as_bytes());
    let Begin::Pending(p) = c.begin(&v, &t3, &keys, UnixTime::from_secs(NOW + 7200), HostChecks::RSA_ECDSA).unwrap() else { panic!() };
    assert_eq!(c.complete(&v, p, Resolution::Host(true), UnixTime::from_secs(NOW + 7200)).unwrap_err().code(), "ERR_JWT_EXPIRED");
    assert_eq!(c.len(), 2);
    // HMAC and Ed25519 are verified in the first step
    let keys = set_of(&[ED25519]);
    let v = validator(&[Algorithm::EdDSA]);
    let t = good_jwt(ED25519, Algorithm::EdDSA);
    assert!(matches!(c.begin(&v, &t, &keys, now(), HostChecks::RSA_ECDSA).unwrap(), Begin::Done(Outcome::Inserted(_))));
    assert!(matches!(c.begin(&v, &t, &keys, now(), HostChecks::RSA_ECDSA).unwrap(), Begin::Done(Outcome::Hit(_))));
}

/// Two tokens of the same length ending in the same bytes land on the same
/// hash (it reads only the end of the token); the full comparison keeps them
/// apart: the forgery is verified afresh and refused.
#[test]
fn a_hash_collision_is_a_miss_never_a_wrong_answer() {
    let keys = set_of(&[HMAC]);
    let v = validator(&[Algorithm::HS256]);
    let mut c = cache(10);
    let good = hmac_token(1);
    // change one character of the payload, far from the end: same length, same suffix
    let dot = good.find('.').unwrap();
    let mut forged: Vec<u8> = good.clone().into_bytes();
    forged[dot + 2] = if forged[dot + 2] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    assert_eq!(forged.len(), good.len());
    assert_eq!(&forged[forged.len() - 64..], &good[good.len() - 64..]);
    inserted(c.verify(&v, &good, &keys, now()).unwrap());
    let e = c.verify(&v, &forged, &keys, now()).unwrap_err();
    assert!(matches!(e.code(), "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" | "ERR_JWS_INVALID"), "{e:?}");
    hit(c.verify(&v, &good, &keys, now()).unwrap());
    assert_eq!(c.len(), 1);
}

/// A hit by slot (what the npm package uses for a token it has seen): the
/// same re-checks as a hit by token text, and a slot that no longer holds
/// that very entry is a miss.
#[test]
fn a_hit_by_slot_rechecks_claims_and_refuses_stale_slots() {
    let keys = set_of(&[HMAC]);
    let v = validator(&[Algorithm::HS256]);
    let mut c = cache(2);
    let (a, b, d) = (hmac_token(1), hmac_token(2), hmac_token(3));
    let sa = inserted(c.verify(&v, &a, &keys, now()).unwrap());
    assert_eq!(c.hit(&v, sa, &keys, now()).unwrap(), Some(sa));
    // the claims are re-checked at the caller's instant and with its options
    let later = UnixTime::from_secs(NOW + 3600);
    let fresh = v.verify(&a, &keys, later).unwrap_err();
    let cached = c.hit(&v, sa, &keys, later).unwrap_err();
    assert_eq!((fresh.code(), fresh.claim()), (cached.code(), cached.claim()));
    let strict = validator(&[Algorithm::HS256]).max_token_age(5.0).unwrap();
    assert_eq!(c.hit(&strict, sa, &keys, now()).unwrap_err().code(), "ERR_JWT_EXPIRED");
    // another key set (same keys, new identity), allow-list or limits: a miss
    assert_eq!(c.hit(&v, sa, &set_of(&[HMAC]), now()).unwrap(), None);
    assert_eq!(c.hit(&validator(&[Algorithm::HS256, Algorithm::HS384]), sa, &keys, now()).unwrap(), None);
    let tight = validator(&[Algorithm::HS256]).limits(Limits { max_token_len: 50, max_json_depth: 32 }).unwrap();
    assert_eq!(c.hit(&tight, sa, &keys, now()).unwrap(), None);
    // a hit by slot counts as a use: b, not a, is evicted next
    inserted(c.verify(&v, &b, &keys, now()).unwrap());
    assert_eq!(c.hit(&v, sa, &keys, now()).unwrap(), Some(sa));
    let sd = inserted(c.verify(&v, &d, &keys, now()).unwrap());
    assert_eq!(c.hit(&v, sa, &keys, now()).unwrap(), Some(sa));
    // evicted, then its index reused by another token: the old slot is a miss
    let sb = inserted(c.verify(&v, &b, &keys, now()).unwrap());
    assert_eq!(c.hit(&v, sd, &keys, now()).unwrap(), None);
    assert_eq!(sb.index(), sd.index(), "b took d's index, with a new stamp");
    assert_ne!(sb.stamp(), sd.stamp());
    assert_eq!(c.hit(&v, sb, &keys, now()).unwrap(), Some(sb));
    c.clear();
    assert_eq!(c.hit(&v, sb, &keys, now()).unwrap(), None);
}
