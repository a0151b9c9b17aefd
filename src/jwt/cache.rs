//! A bounded cache of verified tokens (opt-in), so that a token presented
//! again is not signature-checked again.
//!
//! Security reasoning (what a hit may and may not skip):
//! - An entry is only ever created from a successful verification done by
//!   this crate ([`Validator::verify`], or [`external::prepare`] followed by
//!   [`PendingSignature`] resolution): signature AND claims passed. Failures
//!   are never stored, so a bad token costs a full check every time.
//! - A hit skips exactly the steps whose outcome is a pure function of what
//!   the entry records: the exact token bytes, the key set
//!   ([`JwkSet::identity`]), the algorithm allow-list and the parsing limits.
//!   Parsing, header rules, allow-list, key selection and the signature
//!   depend on nothing else, so they would give the same result again.
//! - Everything that depends on the instant or on the caller's claim options
//!   is re-checked on EVERY hit with the caller's [`Validator`] at the
//!   caller's `now`: `typ`, required claims, registered claim types, `iss`,
//!   `sub`, `aud`, `nbf`, `exp`, `iat`/`maxTokenAge`. A hit therefore gives
//!   the verdict a fresh verification would give at that instant.
//! - Collisions: the table is indexed by a 64-bit hash, but a hit requires
//!   the stored token to equal the presented one byte for byte, and the key
//!   set identity, allow-list and limits to be equal; a hash collision is a
//!   miss, never a wrong answer. The hash is not secret; an attacker can
//!   only insert tokens the key set's owner signed, so probe sequences stay
//!   short (open addressing at load <= 1/2).
//! - Key rotation: a new key set has a new identity; entries verified with
//!   the old set never match it and age out of the LRU.
//! - Bounded memory: at most `max_entries` entries and `max_bytes` bytes of
//!   token text (each entry also holds the parsed header and claims, about
//!   two to three times the token's size); the least recently used entry is
//!   evicted first. A token longer than `max_bytes` is verified, not stored.

use alloc::vec::Vec;

use super::claims::Claims;
use super::time::UnixTime;
use super::validator::Validator;
use crate::error::Error;
use crate::jwa::AlgorithmSet;
use crate::jwk::JwkSet;
use crate::jws::external::{self, HostChecks, PendingSignature, Provenance, Resolution, SignatureCheck};
use crate::jws::{Header, Limits, Verified};

const NIL: u32 = u32::MAX;

/// Largest `max_entries` accepted (slot numbers stay below 2^20).
pub const MAX_ENTRIES: usize = 1 << 20;

/// A cache entry's position and the insertion it belongs to: a slot is
/// reused after eviction, the stamp is not (until it wraps at 2^32 inserts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    index: u32,
    stamp: u32,
}

impl Slot {
    pub fn index(self) -> u32 {
        self.index
    }
    pub fn stamp(self) -> u32 {
        self.stamp
    }
}

/// Result of a cached verification that succeeded.
#[derive(Debug)]
pub enum Outcome {
    /// Found, and the claims passed at `now`.
    Hit(Slot),
    /// Verified now and stored.
    Inserted(Slot),
    /// Verified now, not stored (longer than the cache's byte budget).
    Uncached(Verified<Claims>),
}

/// First step of a cached verification whose signature may be checked by the host.
#[derive(Debug)]
pub enum Begin {
    Done(Outcome),
    /// Finish with [`VerifiedCache::complete`].
    Pending(PendingSignature),
}

#[derive(Debug)]
struct Entry {
    hash: u64,
    provenance: Provenance,
    header: Header,
    claims: Claims,
    stamp: u32,
    prev: u32,
    next: u32,
}

impl Entry {
    /// Whether this entry's check was made with this key set, allow-list and limits.
    fn made_with(&self, key_set: u64, algorithms: AlgorithmSet, limits: &Limits) -> bool {
        self.provenance.key_set == key_set && self.provenance.algorithms == algorithms && self.provenance.limits == *limits
    }
}

/// A bounded LRU of verified tokens (see the module docs for what a hit skips).
#[derive(Debug)]
pub struct VerifiedCache {
    max_entries: usize,
    max_bytes: usize,
    bytes: usize,
    entries: Vec<Option<Entry>>,
    free: Vec<u32>,
    table: Vec<u32>,
    mask: usize,
    head: u32,
    tail: u32,
    stamp: u32,
}

/// Bytes of the token's end that the hash reads: the end of the signature
/// part, which differs between any two signed tokens. The hash only picks the
/// table position; a hit still compares every byte (module docs).
const HASHED_SUFFIX: usize = 64;

/// 64-bit hash of the key set identity, the token length and the token's
/// last [`HASHED_SUFFIX`] bytes (word at a time, murmur3's finaliser). Not a
/// security boundary: see the module docs.
fn hash(key_set: u64, token: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = key_set.wrapping_mul(K) ^ (token.len() as u64);
    let token = &token[token.len().saturating_sub(HASHED_SUFFIX)..];
    let mut chunks = token.chunks_exact(8);
    for c in &mut chunks {
        let w = <[u8; 8]>::try_from(c).map(u64::from_le_bytes).unwrap_or(0);
        h = (h.rotate_left(23) ^ w).wrapping_mul(K);
    }
    let mut last = [0u8; 8];
    let rest = chunks.remainder();
    last[..rest.len()].copy_from_slice(rest);
    h = (h.rotate_left(23) ^ u64::from_le_bytes(last)).wrapping_mul(K);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

impl VerifiedCache {
    /// A cache of at most `max_entries` tokens (1..=2^20) totalling at most
    /// `max_bytes` bytes of token text (>= 1).
    pub fn new(max_entries: usize, max_bytes: usize) -> Result<Self, Error> {
        if max_entries == 0 || max_entries > MAX_ENTRIES {
            return Err(Error::InvalidOptions("cache maxEntries must be between 1 and 1048576"));
        }
        if max_bytes == 0 {
            return Err(Error::InvalidOptions("cache maxBytes must be positive"));
        }
        let size = (2 * max_entries).next_power_of_two();
        Ok(VerifiedCache {
            max_entries,
            max_bytes,
            bytes: 0,
            entries: Vec::new(),
            free: Vec::new(),
            table: alloc::vec![NIL; size],
            mask: size - 1,
            head: NIL,
            tail: NIL,
            stamp: 0,
        })
    }

    /// Number of stored tokens.
    pub fn len(&self) -> usize {
        self.entries.len() - self.free.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of token text stored.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Drop every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.free.clear();
        self.table.iter_mut().for_each(|s| *s = NIL);
        self.head = NIL;
        self.tail = NIL;
        self.bytes = 0;
    }

    /// The verified header and claims of a slot returned by this cache, while
    /// that entry is still stored.
    pub fn entry(&self, slot: Slot) -> Option<(&Header, &Claims)> {
        match self.entries.get(slot.index as usize) {
            Some(Some(e)) if e.stamp == slot.stamp => Some((&e.header, &e.claims)),
            _ => None,
        }
    }

    /// The token text of a slot returned by this cache, while that entry is
    /// still stored.
    pub(crate) fn token(&self, slot: Slot) -> Option<&str> {
        match self.entries.get(slot.index as usize) {
            Some(Some(e)) if e.stamp == slot.stamp => Some(&e.provenance.token),
            _ => None,
        }
    }

    /// The live slot with this index and stamp, if that entry is still stored.
    pub fn slot(&self, index: u32, stamp: u32) -> Option<Slot> {
        let s = Slot { index, stamp };
        self.entry(s).map(|_| s)
    }

    /// RFC 7519 §7.2 through the cache: a hit re-checks the claims with `v` at
    /// `now`; a miss verifies fully with `v` and stores the success.
    pub fn verify(&mut self, v: &Validator, token: &str, keys: &JwkSet, now: UnixTime) -> Result<Outcome, Error> {
        if let Some(slot) = self.lookup(v, token, keys, now)? {
            return Ok(Outcome::Hit(slot));
        }
        let verified = v.verify(token, keys, now)?;
        Ok(self.store(provenance(v, token, keys), verified))
    }

    /// As [`verify`](Self::verify), but a signature of an algorithm in
    /// `host` is handed out for the host to check ([`Begin::Pending`]).
    pub fn begin(&mut self, v: &Validator, token: &str, keys: &JwkSet, now: UnixTime, host: HostChecks) -> Result<Begin, Error> {
        if let Some(slot) = self.lookup(v, token, keys, now)? {
            return Ok(Begin::Done(Outcome::Hit(slot)));
        }
        match external::prepare_for(token, v.get_limits(), keys, v.algorithms(), host)? {
            SignatureCheck::Verified(jws) => {
                let verified = v.finish(jws, now)?;
                Ok(Begin::Done(self.store(provenance(v, token, keys), verified)))
            }
            SignatureCheck::External(p) => Ok(Begin::Pending(p)),
        }
    }

    /// Second step after [`Begin::Pending`]: the signature's resolution, then
    /// the claims with `v` at `now`; a success is stored.
    pub fn complete(&mut self, v: &Validator, pending: PendingSignature, how: Resolution<'_>, now: UnixTime) -> Result<Outcome, Error> {
        let (provenance, jws) = pending.resolve(how)?;
        let verified = v.finish(jws, now)?;
        Ok(self.store(provenance, verified))
    }

    /// A hit by slot instead of by token text, for a caller that remembers
    /// which slot [`verify`](Self::verify) / [`complete`](Self::complete)
    /// answered for a token (the npm package keeps `token -> slot` on the JS
    /// side, so a repeat does not copy the token into wasm again). The slot
    /// must still hold the very entry of that answer (same stamp: a slot
    /// reused after eviction has a new one), made with this key set,
    /// allow-list and limits; then the claims are re-checked with `v` at
    /// `now` exactly as in a hit by token. `Ok(None)`: not (or no longer)
    /// stored — verify the token in full.
    pub fn hit(&mut self, v: &Validator, slot: Slot, keys: &JwkSet, now: UnixTime) -> Result<Option<Slot>, Error> {
        let Some(Some(e)) = self.entries.get(slot.index as usize) else {
            return Ok(None);
        };
        if e.stamp != slot.stamp || !e.made_with(keys.identity(), v.algorithms(), v.get_limits()) {
            return Ok(None);
        }
        v.validate(&e.header, &e.claims, now)?;
        self.touch(slot.index);
        Ok(Some(slot))
    }

    /// A stored entry for exactly this token, key set, allow-list and limits,
    /// with the claims re-checked with `v` at `now` (a hit moves it to the
    /// front); `None` when there is none.
    pub(crate) fn lookup(&mut self, v: &Validator, token: &str, keys: &JwkSet, now: UnixTime) -> Result<Option<Slot>, Error> {
        if self.head == NIL {
            return Ok(None);
        }
        let key_set = keys.identity();
        let h = hash(key_set, token.as_bytes());
        let Some(index) = self.find(h, token, key_set, v.algorithms(), v.get_limits()) else {
            return Ok(None);
        };
        let Some(e) = self.entries[index as usize].as_ref() else {
            return Ok(None);
        };
        v.validate(&e.header, &e.claims, now)?;
        let stamp = e.stamp;
        self.touch(index);
        Ok(Some(Slot { index, stamp }))
    }

    fn find(&self, h: u64, token: &str, key_set: u64, algorithms: AlgorithmSet, limits: &Limits) -> Option<u32> {
        let mut i = (h as usize) & self.mask;
        loop {
            let s = self.table[i];
            if s == NIL {
                return None;
            }
            if let Some(e) = &self.entries[s as usize]
                && e.hash == h
                && e.made_with(key_set, algorithms, limits)
                && e.provenance.token.as_bytes() == token.as_bytes()
            {
                return Some(s);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Store a verification that passed (signature and every rule of the
    /// caller); a token longer than the byte budget comes back `Uncached`.
    pub(crate) fn store(&mut self, provenance: Provenance, verified: Verified<Claims>) -> Outcome {
        let len = provenance.token.len();
        if len > self.max_bytes {
            return Outcome::Uncached(verified);
        }
        let h = hash(provenance.key_set, provenance.token.as_bytes());
        // the same token may have been stored meanwhile (concurrent async checks)
        if let Some(old) = self.find(h, &provenance.token, provenance.key_set, provenance.algorithms, &provenance.limits) {
            self.remove(old);
        }
        while self.len() >= self.max_entries || (self.bytes + len > self.max_bytes && self.tail != NIL) {
            self.remove(self.tail);
        }
        self.stamp = self.stamp.wrapping_add(1);
        let (header, claims) = verified.into_parts();
        let entry = Entry { hash: h, provenance, header, claims, stamp: self.stamp, prev: NIL, next: NIL };
        let index = match self.free.pop() {
            Some(i) => {
                self.entries[i as usize] = Some(entry);
                i
            }
            None => {
                self.entries.push(Some(entry));
                (self.entries.len() - 1) as u32
            }
        };
        self.bytes += len;
        let mut i = (h as usize) & self.mask;
        while self.table[i] != NIL {
            i = (i + 1) & self.mask;
        }
        self.table[i] = index;
        self.push_front(index);
        Outcome::Inserted(Slot { index, stamp: self.stamp })
    }

    fn node(&mut self, index: u32) -> &mut Entry {
        match self.entries.get_mut(index as usize) {
            Some(Some(e)) => e,
            // every index reached here is a live entry (linked list / table invariant)
            _ => unreachable!("cache slot {index} is empty"),
        }
    }

    fn unlink(&mut self, index: u32) {
        let (prev, next) = {
            let e = self.node(index);
            (e.prev, e.next)
        };
        if prev == NIL {
            self.head = next;
        } else {
            self.node(prev).next = next;
        }
        if next == NIL {
            self.tail = prev;
        } else {
            self.node(next).prev = prev;
        }
    }

    fn push_front(&mut self, index: u32) {
        let old = self.head;
        {
            let e = self.node(index);
            e.prev = NIL;
            e.next = old;
        }
        if old == NIL {
            self.tail = index;
        } else {
            self.node(old).prev = index;
        }
        self.head = index;
    }

    fn touch(&mut self, index: u32) {
        if self.head != index {
            self.unlink(index);
            self.push_front(index);
        }
    }

    /// Evict one entry: out of the list, out of the table (backward-shift
    /// deletion keeps every probe sequence intact), slot freed.
    fn remove(&mut self, index: u32) {
        self.unlink(index);
        let (h, len) = {
            let e = self.node(index);
            (e.hash, e.provenance.token.len())
        };
        let mut hole = (h as usize) & self.mask;
        while self.table[hole] != index {
            hole = (hole + 1) & self.mask;
        }
        let mut j = (hole + 1) & self.mask;
        loop {
            let t = self.table[j];
            if t == NIL {
                break;
            }
            let ideal = (self.node(t).hash as usize) & self.mask;
            // move t back into the hole unless its ideal position lies after the hole
            if (j.wrapping_sub(ideal) & self.mask) >= (j.wrapping_sub(hole) & self.mask) {
                self.table[hole] = t;
                hole = j;
            }
            j = (j + 1) & self.mask;
        }
        self.table[hole] = NIL;
        self.entries[index as usize] = None;
        self.free.push(index);
        self.bytes -= len;
    }
}

/// What an entry for `token` verified by `v` with `keys` records.
pub(crate) fn provenance(v: &Validator, token: &str, keys: &JwkSet) -> Provenance {
    Provenance { token: token.into(), key_set: keys.identity(), algorithms: v.algorithms(), limits: *v.get_limits() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_depends_on_the_set_the_length_and_the_end() {
        let a = hash(1, b"abcdefghij");
        assert_ne!(a, hash(2, b"abcdefghij"));
        assert_ne!(a, hash(1, b"abcdefghik"));
        assert_ne!(a, hash(1, b"bbcdefghij"));
        assert_ne!(hash(1, b""), hash(1, b"\0"));
        // bytes before the hashed suffix only count through the length
        let long = [b'x'; 100];
        let mut other = long;
        other[0] = b'y';
        assert_eq!(hash(1, &long), hash(1, &other));
    }

    #[test]
    fn limits_are_checked() {
        assert!(VerifiedCache::new(0, 10).is_err());
        assert!(VerifiedCache::new(MAX_ENTRIES + 1, 10).is_err());
        assert!(VerifiedCache::new(1, 0).is_err());
        assert!(VerifiedCache::new(MAX_ENTRIES, 1).is_ok());
    }
}
