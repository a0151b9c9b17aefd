//! Differential tests of the RSA verification module against the `rsa` crate
//! (RustCrypto, 0.10.0-rc.20) used as an oracle.
//!
//! Keys are generated deterministically (seeded ChaCha8) with the `rsa` crate,
//! messages are signed with its PKCS#1 v1.5 and PSS (salt length = hash length)
//! signers for SHA-256/384/512, and then for many derived inputs (the genuine
//! signature, bit-flipped signatures, modified messages, random signatures,
//! the other scheme's signature, the wrong hash) our verdict must equal the
//! oracle's. Genuine signatures must be accepted by both.

use rand::rngs::ChaCha8Rng;
use rand::{Rng, RngExt, SeedableRng};
use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, pkcs1v15, pss};
use tokencheck::jwa::rsa::{RsaHash, RsaPublicKey};
use sha2::{Sha256, Sha384, Sha512};

const HASHES: [RsaHash; 3] = [RsaHash::Sha256, RsaHash::Sha384, RsaHash::Sha512];

/// Oracle: `rsa` crate PKCS#1 v1.5 verification.
fn oracle_pkcs1v15(pk: &rsa::RsaPublicKey, hash: RsaHash, msg: &[u8], sig: &[u8]) -> bool {
    let Ok(sig) = pkcs1v15::Signature::try_from(sig) else {
        return false;
    };
    let pk = pk.clone();
    match hash {
        RsaHash::Sha256 => pkcs1v15::VerifyingKey::<Sha256>::new(pk)
            .verify(msg, &sig)
            .is_ok(),
        RsaHash::Sha384 => pkcs1v15::VerifyingKey::<Sha384>::new(pk)
            .verify(msg, &sig)
            .is_ok(),
        RsaHash::Sha512 => pkcs1v15::VerifyingKey::<Sha512>::new(pk)
            .verify(msg, &sig)
            .is_ok(),
    }
}

/// Oracle: `rsa` crate PSS verification, salt length = hash length
/// (`pss::VerifyingKey::new`).
fn oracle_pss(pk: &rsa::RsaPublicKey, hash: RsaHash, msg: &[u8], sig: &[u8]) -> bool {
    let Ok(sig) = pss::Signature::try_from(sig) else {
        return false;
    };
    let pk = pk.clone();
    match hash {
        RsaHash::Sha256 => pss::VerifyingKey::<Sha256>::new(pk)
            .verify(msg, &sig)
            .is_ok(),
        RsaHash::Sha384 => pss::VerifyingKey::<Sha384>::new(pk)
            .verify(msg, &sig)
            .is_ok(),
        RsaHash::Sha512 => pss::VerifyingKey::<Sha512>::new(pk)
            .verify(msg, &sig)
            .is_ok(),
    }
}

fn sign_pkcs1v15(sk: &RsaPrivateKey, hash: RsaHash, msg: &[u8]) -> Vec<u8> {
    let sk = sk.clone();
    match hash {
        RsaHash::Sha256 => pkcs1v15::SigningKey::<Sha256>::new(sk).sign(msg).to_vec(),
        RsaHash::Sha384 => pkcs1v15::SigningKey::<Sha384>::new(sk).sign(msg).to_vec(),
        RsaHash::Sha512 => pkcs1v15::SigningKey::<Sha512>::new(sk).sign(msg).to_vec(),
    }
}

fn sign_pss(sk: &RsaPrivateKey, hash: RsaHash, msg: &[u8], rng: &mut ChaCha8Rng) -> Vec<u8> {
    let sk = sk.clone();
    match hash {
        RsaHash::Sha256 => pss::SigningKey::<Sha256>::new(sk)
            .sign_with_rng(rng, msg)
            .to_vec(),
        RsaHash::Sha384 => pss::SigningKey::<Sha384>::new(sk)
            .sign_with_rng(rng, msg)
            .to_vec(),
        RsaHash::Sha512 => pss::SigningKey::<Sha512>::new(sk)
            .sign_with_rng(rng, msg)
            .to_vec(),
    }
}

/// PSS signature with another salt length (valid for the oracle with that
/// salt length; must be rejected by a JOSE verifier).
fn sign_pss_salt(
    sk: &RsaPrivateKey,
    hash: RsaHash,
    msg: &[u8],
    salt: usize,
    rng: &mut ChaCha8Rng,
) -> Vec<u8> {
    let sk = sk.clone();
    match hash {
        RsaHash::Sha256 => pss::SigningKey::<Sha256>::new_with_salt_len(sk, salt)
            .sign_with_rng(rng, msg)
            .to_vec(),
        RsaHash::Sha384 => pss::SigningKey::<Sha384>::new_with_salt_len(sk, salt)
            .sign_with_rng(rng, msg)
            .to_vec(),
        RsaHash::Sha512 => pss::SigningKey::<Sha512>::new_with_salt_len(sk, salt)
            .sign_with_rng(rng, msg)
            .to_vec(),
    }
}

struct Checker<'a> {
    ours: RsaPublicKey,
    theirs: &'a rsa::RsaPublicKey,
    compared: usize,
    accepted: usize,
}

impl Checker<'_> {
    /// Both schemes, one hash: our verdict must equal the oracle's. Returns
    /// the (common) verdicts `(pkcs1v15, pss)`.
    fn check(&mut self, hash: RsaHash, msg: &[u8], sig: &[u8], what: &str) -> (bool, bool) {
        let p1 = self.ours.verify_pkcs1v15(hash, msg, sig);
        let p1_oracle = oracle_pkcs1v15(self.theirs, hash, msg, sig);
        assert_eq!(
            p1, p1_oracle,
            "PKCS#1 v1.5 {hash:?} {what}: ours {p1}, oracle {p1_oracle}"
        );
        let ps = self.ours.verify_pss(hash, msg, sig);
        let ps_oracle = oracle_pss(self.theirs, hash, msg, sig);
        assert_eq!(
            ps, ps_oracle,
            "PSS {hash:?} {what}: ours {ps}, oracle {ps_oracle}"
        );
        self.compared += 2;
        self.accepted += usize::from(p1) + usize::from(ps);
        (p1, ps)
    }
}

fn differential(bits: usize, exponent: u64, seed: u64, messages: usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let sk = if exponent == 65537 {
        RsaPrivateKey::new(&mut rng, bits).unwrap()
    } else {
        RsaPrivateKey::new_with_exp(&mut rng, bits, exponent.into()).unwrap()
    };
    let pk = sk.to_public_key();
    let ours = RsaPublicKey::new(&pk.n_bytes(), &pk.e_bytes()).unwrap();
    assert_eq!(ours.modulus_bits(), bits);
    assert_eq!(ours.n_bytes(), &pk.n_bytes()[..]);
    assert_eq!(ours.e_bytes(), &pk.e_bytes()[..]);
    let k = ours.modulus_len();
    let mut c = Checker {
        ours,
        theirs: &pk,
        compared: 0,
        accepted: 0,
    };

    for i in 0..messages {
        let msg_len = rng.random_range(0..300usize);
        let mut msg = vec![0u8; msg_len];
        rng.fill_bytes(&mut msg);
        for hash in HASHES {
            let rs = sign_pkcs1v15(&sk, hash, &msg);
            let ps = sign_pss(&sk, hash, &msg, &mut rng);
            assert_eq!((rs.len(), ps.len()), (k, k));

            // Genuine signatures: accepted by the right scheme only.
            assert_eq!(
                c.check(hash, &msg, &rs, "genuine PKCS#1 v1.5 sig"),
                (true, false)
            );
            assert_eq!(c.check(hash, &msg, &ps, "genuine PSS sig"), (false, true));
            // Wrong hash.
            for other in HASHES.into_iter().filter(|&h| h != hash) {
                assert_eq!(c.check(other, &msg, &rs, "wrong hash"), (false, false));
                assert_eq!(c.check(other, &msg, &ps, "wrong hash"), (false, false));
            }
            // One flipped bit anywhere in the signature.
            for sig in [&rs, &ps] {
                let mut bad = sig.clone();
                let bit = rng.random_range(0..8 * k);
                bad[bit / 8] ^= 1 << (bit % 8);
                c.check(hash, &msg, &bad, "bit-flipped sig");
            }
            // Last / first octet changed.
            for sig in [&rs, &ps] {
                let mut bad = sig.clone();
                bad[k - 1] = bad[k - 1].wrapping_add(1);
                c.check(hash, &msg, &bad, "last octet +1");
                let mut bad = sig.clone();
                bad[0] ^= 0x80;
                c.check(hash, &msg, &bad, "top bit flipped");
            }
            // Modified message: one bit flipped, one octet appended, truncated.
            let mut other_msg = msg.clone();
            if other_msg.is_empty() {
                other_msg.push(0);
            } else {
                let bit = rng.random_range(0..8 * other_msg.len());
                other_msg[bit / 8] ^= 1 << (bit % 8);
            }
            let mut longer = msg.clone();
            longer.push(b'.');
            for sig in [&rs, &ps] {
                assert_eq!(
                    c.check(hash, &other_msg, sig, "modified msg"),
                    (false, false)
                );
                assert_eq!(c.check(hash, &longer, sig, "extended msg"), (false, false));
                if !msg.is_empty() {
                    assert_eq!(
                        c.check(hash, &msg[..msg.len() - 1], sig, "truncated msg"),
                        (false, false)
                    );
                }
            }
            // PSS with other salt lengths: the oracle (salt = hLen) and we reject.
            if i == 0 {
                let h_len = hash.output_len();
                for salt in [0, 1, h_len - 1, h_len + 1, 2 * h_len] {
                    let sig = sign_pss_salt(&sk, hash, &msg, salt, &mut rng);
                    assert_eq!(
                        c.check(hash, &msg, &sig, "PSS other salt length"),
                        (false, false)
                    );
                }
            }
            // Random signatures (almost always >= n or garbage).
            let mut random = vec![0u8; k];
            rng.fill_bytes(&mut random);
            assert_eq!(c.check(hash, &msg, &random, "random sig"), (false, false));
        }
    }

    // Edge-case signature values: 0, 1, n - 1, n, n + 1, all-ones.
    let n = pk.n_bytes().to_vec();
    let mut n_minus_1 = n.clone();
    *n_minus_1.last_mut().unwrap() -= 1; // n is odd
    let mut n_plus_1 = n.clone();
    *n_plus_1.last_mut().unwrap() += 1; // n is odd, so no carry
    let zero = vec![0u8; k];
    let mut one = zero.clone();
    one[k - 1] = 1;
    for (sig, what) in [
        (&zero, "s = 0"),
        (&one, "s = 1"),
        (&n_minus_1, "s = n - 1"),
        (&n, "s = n"),
        (&n_plus_1, "s = n + 1"),
        (&vec![0xff; k], "s = 2^(8k) - 1"),
    ] {
        for hash in HASHES {
            assert_eq!(c.check(hash, b"msg", sig, what), (false, false));
        }
    }

    // Signatures of the wrong length never verify and never panic (including
    // a genuine signature with a leading zero octet added or removed).
    let rs = sign_pkcs1v15(&sk, RsaHash::Sha256, b"msg");
    let mut longer = vec![0u8];
    longer.extend_from_slice(&rs);
    for len in [0, 1, k - 1, k + 1, 2 * k] {
        let mut sig = vec![0u8; len];
        rng.fill_bytes(&mut sig);
        for hash in HASHES {
            assert!(!c.ours.verify_pkcs1v15(hash, b"msg", &sig));
            assert!(!c.ours.verify_pss(hash, b"msg", &sig));
        }
    }
    assert!(c.ours.verify_pkcs1v15(RsaHash::Sha256, b"msg", &rs));
    assert!(!c.ours.verify_pkcs1v15(RsaHash::Sha256, b"msg", &longer));
    assert!(!c.ours.verify_pkcs1v15(RsaHash::Sha256, b"msg", &rs[1..]));

    println!(
        "RSA-{bits} e={exponent}: {} verdicts compared with the oracle, {} accepts",
        c.compared, c.accepted
    );
    assert!(c.compared > 100 * messages);
}

#[test]
fn differential_2048() {
    differential(2048, 65537, 1, 8);
}

#[test]
fn differential_2048_e3() {
    differential(2048, 3, 2, 3);
}

/// modBits = 2049: k = 257 but the PSS encoded message has emLen = 256
/// (RFC 8017 §8.1.2 step 2c, emBits = modBits - 1 = 2048), the case where the
/// leading octet of the recovered integer must be zero.
#[test]
fn differential_2049() {
    differential(2049, 65537, 3, 3);
}

#[test]
fn differential_3072() {
    differential(3072, 65537, 4, 3);
}

#[test]
fn differential_4096() {
    differential(4096, 65537, 5, 2);
}
