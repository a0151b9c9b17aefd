//! JWK Thumbprint (RFC 7638 §3): SHA-256 over the required members, in
//! lexicographic order, no whitespace, base64url-encoded.

use alloc::string::String;

use sha2::{Digest, Sha256};

use super::{Jwk, Params};
use crate::base64url;
use crate::json::write_string;

impl Jwk {
    /// RFC 7638 §3.2 canonical JSON of the required members.
    pub fn thumbprint_input(&self) -> String {
        let mut s = String::from("{");
        let mut member = |name: &str, value: &str, first: bool| {
            if !first {
                s.push(',');
            }
            write_string(name, &mut s);
            s.push(':');
            write_string(value, &mut s);
        };
        match self.params() {
            // RFC 7638 §3.2 + RFC 7518 §6.3.1: RSA values without leading zero octets.
            Params::Rsa { n, e } => {
                member("e", &base64url::encode(e), true);
                member("kty", "RSA", false);
                member("n", &base64url::encode(n), false);
            }
            // EC coordinates keep their full, fixed length.
            Params::Ec { crv, x, y } => {
                member("crv", crv.name(), true);
                member("kty", "EC", false);
                member("x", &base64url::encode(x), false);
                member("y", &base64url::encode(y), false);
            }
            Params::Ed25519 { x } => {
                member("crv", "Ed25519", true);
                member("kty", "OKP", false);
                member("x", &base64url::encode(x), false);
            }
            Params::Oct { k } => {
                member("k", &base64url::encode(k), true);
                member("kty", "oct", false);
            }
        }
        s.push('}');
        s
    }

    /// RFC 7638 §3.1 SHA-256 thumbprint, base64url.
    pub fn thumbprint_sha256(&self) -> String {
        base64url::encode(&Sha256::digest(self.thumbprint_input().as_bytes()))
    }
}
