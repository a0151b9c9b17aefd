//! Single-use values (OIDC Core §3.1.3.7 step 11 `nonce`, Security Framework
//! §5.1.1.1 `state`, RFC 5849 §3.3 `oauth_nonce`, LTI 1.1.2 `tool_state`).
//!
//! The core validates and then tells the caller which value to consume and
//! until when; the caller consumes it in any store. [`NonceStore`] is the
//! synchronous interface with a bounded in-memory implementation; an async
//! store (Workers KV, a Durable Object, Redis) is used through
//! [`super::PendingLaunch::nonce_consumed`] instead.

use alloc::string::String;
use alloc::vec::Vec;

use super::LtiError;
use super::login::LoginRecord;
use crate::jwt::UnixTime;

/// Outcome of consuming a single-use value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NonceCheck {
    /// First use: it is now recorded until its expiry.
    Fresh,
    /// Already seen and not yet expired.
    Replayed,
}

/// A store of used single-use values.
pub trait NonceStore {
    /// Atomically check and record `key` as used until `expires_at`. A store
    /// that cannot record (full, unavailable) must return an error, never
    /// `Fresh`.
    fn use_once(&mut self, key: &str, expires_at: UnixTime, now: UnixTime) -> Result<NonceCheck, LtiError>;
}

/// Default capacity of the in-memory stores.
pub const DEFAULT_CAPACITY: usize = 10_000;

/// Bounded in-memory [`NonceStore`]: expired entries are dropped when the
/// store fills up; a store full of live entries refuses (fail closed).
/// Values are only recorded after a token passed every other check, so an
/// attacker cannot fill it without valid platform signatures.
#[derive(Clone, Debug)]
pub struct MemoryNonceStore {
    /// Sorted by key (binary search; a sorted Vec keeps the .wasm small).
    used: Vec<(String, i64)>,
    capacity: usize,
}

impl Default for MemoryNonceStore {
    fn default() -> Self {
        Self::with_capacity(DEFAULT_CAPACITY)
    }
}

impl MemoryNonceStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_capacity(capacity: usize) -> Self {
        MemoryNonceStore { used: Vec::new(), capacity: capacity.max(1) }
    }

    pub fn len(&self) -> usize {
        self.used.len()
    }

    pub fn is_empty(&self) -> bool {
        self.used.is_empty()
    }

    /// Drop every entry whose expiry has passed.
    pub fn purge(&mut self, now: UnixTime) {
        self.used.retain(|(_, exp)| *exp > now.as_secs());
    }
}

impl NonceStore for MemoryNonceStore {
    fn use_once(&mut self, key: &str, expires_at: UnixTime, now: UnixTime) -> Result<NonceCheck, LtiError> {
        if let Ok(i) = self.used.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            if self.used[i].1 > now.as_secs() {
                return Ok(NonceCheck::Replayed);
            }
            self.used.remove(i);
        }
        if self.used.len() >= self.capacity {
            self.purge(now);
            if self.used.len() >= self.capacity {
                return Err(LtiError::NonceStoreFull);
            }
        }
        let at = self.used.binary_search_by(|(k, _)| k.as_str().cmp(key)).unwrap_or_else(|i| i);
        self.used.insert(at, (key.into(), expires_at.as_secs()));
        Ok(NonceCheck::Fresh)
    }
}

/// Bounded in-memory store of pending logins (`state` → [`LoginRecord`]),
/// each taken at most once.
#[derive(Clone, Debug)]
pub struct MemoryLoginStore {
    /// Sorted by `state`.
    records: Vec<LoginRecord>,
    capacity: usize,
}

impl Default for MemoryLoginStore {
    fn default() -> Self {
        MemoryLoginStore { records: Vec::new(), capacity: DEFAULT_CAPACITY }
    }
}

impl MemoryLoginStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_capacity(capacity: usize) -> Self {
        MemoryLoginStore { records: Vec::new(), capacity: capacity.max(1) }
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Remember a login. Expired records make room first; when the store is
    /// still full, the record closest to expiry is dropped. Login initiation
    /// is unauthenticated, so refusing would let anyone block every login;
    /// forgetting a pending login only makes that one launch fail
    /// (`ERR_LTI_STATE_UNKNOWN`), it never lets anything through.
    pub fn put(&mut self, record: LoginRecord, now: UnixTime) -> Result<(), LtiError> {
        if self.records.len() >= self.capacity {
            self.records.retain(|r| r.expires_at > now);
        }
        while self.records.len() >= self.capacity {
            let oldest = self.records.iter().enumerate().min_by_key(|(_, r)| r.expires_at).map(|(i, _)| i);
            match oldest {
                Some(i) => {
                    self.records.remove(i);
                }
                None => break,
            }
        }
        match self.records.binary_search_by(|r| r.state.as_str().cmp(&record.state)) {
            Ok(i) => self.records[i] = record,
            Err(i) => self.records.insert(i, record),
        }
        Ok(())
    }

    /// Security Framework §5.1.1.1: take the record for `state` (single use).
    pub fn take(&mut self, state: &str, now: UnixTime) -> Result<LoginRecord, LtiError> {
        let i = self.records.binary_search_by(|r| r.state.as_str().cmp(state)).map_err(|_| LtiError::StateUnknown)?;
        let record = self.records.remove(i);
        if record.expires_at <= now {
            return Err(LtiError::StateExpired);
        }
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_use_with_expiry_and_bound() {
        let mut s = MemoryNonceStore::with_capacity(2);
        let t = UnixTime::from_secs;
        assert_eq!(s.use_once("a", t(100), t(10)), Ok(NonceCheck::Fresh));
        assert_eq!(s.use_once("a", t(100), t(50)), Ok(NonceCheck::Replayed));
        assert_eq!(s.use_once("b", t(20), t(10)), Ok(NonceCheck::Fresh));
        assert_eq!(s.use_once("c", t(100), t(15)), Err(LtiError::NonceStoreFull));
        // "b" expired at 20: room again
        assert_eq!(s.use_once("c", t(100), t(21)), Ok(NonceCheck::Fresh));
        // "a" expired at 100: usable again, its slot reclaimed
        assert_eq!(s.use_once("a", t(200), t(100)), Ok(NonceCheck::Fresh));
    }

    #[test]
    fn login_store_is_single_use_and_never_blocks_logins() {
        let t = UnixTime::from_secs;
        let rec = |state: &str, exp: i64| LoginRecord {
            state: state.into(),
            nonce: "n".into(),
            issuer: "i".into(),
            client_id: "c".into(),
            target_link_uri: "t".into(),
            deployment_id: None,
            expires_at: t(exp),
        };
        let mut s = MemoryLoginStore::with_capacity(2);
        s.put(rec("a", 100), t(0)).unwrap();
        s.put(rec("b", 200), t(0)).unwrap();
        // full of live records: the one closest to expiry ("a") makes room
        s.put(rec("c", 300), t(0)).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s.take("a", t(1)), Err(LtiError::StateUnknown));
        assert_eq!(s.take("b", t(1)).unwrap().state, "b");
        assert_eq!(s.take("b", t(1)), Err(LtiError::StateUnknown));
        assert_eq!(s.take("c", t(300)), Err(LtiError::StateExpired));
    }
}
