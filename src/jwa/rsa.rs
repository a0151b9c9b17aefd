//! TEMPORARY STUB — replaced by the Montgomery implementation before commit.
use alloc::vec::Vec;
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RsaHash { Sha256, Sha384, Sha512 }
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RsaKeyError { ModulusTooSmall, ModulusTooLarge, ModulusEven, ExponentInvalid, Malformed }
#[derive(Clone, Debug)]
pub struct RsaPublicKey { n: Vec<u8>, e: Vec<u8> }
impl RsaPublicKey {
    pub fn new(n: &[u8], e: &[u8]) -> Result<Self, RsaKeyError> { Ok(Self { n: n.to_vec(), e: e.to_vec() }) }
    pub fn modulus_bits(&self) -> usize { self.n.len() * 8 }
    pub fn n_bytes(&self) -> Vec<u8> { self.n.clone() }
    pub fn e_bytes(&self) -> Vec<u8> { self.e.clone() }
    pub fn verify_pkcs1v15(&self, _h: RsaHash, _m: &[u8], _s: &[u8]) -> bool { false }
    pub fn verify_pss(&self, _h: RsaHash, _m: &[u8], _s: &[u8]) -> bool { false }
}
