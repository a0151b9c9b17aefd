//! JSON Web Signature (RFC 7515), compact serialization only.
//!
//! Untrusted bytes go through [`compact::parse`] (structure, base64url,
//! header rules) into an [`UntrustedJws`]; only [`UntrustedJws::verify`]
//! (allow-list, key selection, signature) produces a [`Verified`] value.

pub mod compact;
pub mod external;
pub mod header;
pub mod sign;

pub use compact::{Limits, ParseStage, UntrustedJws, decode_protected_header, decode_protected_header_text, parse, parse_staged};
pub use header::Header;

/// A value whose signature has been verified. Only verification constructs it.
#[derive(Clone, Debug)]
pub struct Verified<T> {
    header: Header,
    value: T,
    key_index: usize,
}

impl<T> Verified<T> {
    pub(crate) fn new(header: Header, value: T, key_index: usize) -> Self {
        Verified { header, value, key_index }
    }

    /// The verified protected header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The verified value (payload bytes for a JWS, claims for a JWT).
    pub fn value(&self) -> &T {
        &self.value
    }

    /// Position, in the key set's `keys()`, of the key that verified it.
    pub fn key_index(&self) -> usize {
        self.key_index
    }

    /// Header and value.
    pub fn into_parts(self) -> (Header, T) {
        (self.header, self.value)
    }

    pub(crate) fn try_map<U, E>(self, f: impl FnOnce(&Header, T) -> Result<U, E>) -> Result<Verified<U>, E> {
        let value = f(&self.header, self.value)?;
        Ok(Verified { header: self.header, value, key_index: self.key_index })
    }
}
