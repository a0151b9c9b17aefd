//! ITI-72 with a verified-token cache ([`IuaCache`], whose documentation
//! has the security reasoning); built on the JWT cache ([`crate::jwt::cache`]).

use alloc::vec::Vec;

use super::{IuaToken, IuaVerifier, RequestContext, jws_source};
use crate::error::Error;
use crate::jwk::JwkSet;
use crate::jws::external::{self, HostChecks, Provenance, SignatureCheck};
use crate::jws::{self, Verified};
use crate::jwt::UnixTime;
use crate::jwt::cache::{self, Outcome, Slot, VerifiedCache};

/// The verified-token cache of one [`IuaVerifier`] (and its clones), made
/// by [`IuaVerifier::new_cache`] and used by
/// [`IuaVerifier::verify_request_cached`].
///
/// A resource server sees the same access token on every request of a
/// client's session; a token the verifier accepted before is not parsed and
/// signature-checked again. The store is the JWT cache
/// ([`crate::jwt::cache::VerifiedCache`]: a bounded LRU keyed by the exact
/// token bytes, the key set's identity, the allow-list and the limits; read
/// its security reasoning first). What the profile adds:
///
/// - An entry is stored only when the whole verification passed: the scheme
///   rules, the signature, the `typ` refusal, the JWT claims (step 3) and
///   every IUA rule of step 4, the request's patient and the custom check
///   included. A refusal is never stored.
/// - A cache serves only the verifier that made it (clones of that verifier
///   share its rules and its identity): a hit skips that verifier's own
///   rules (issuer, audiences, `typ` set, claim forms, required scopes), so
///   a call of any other verifier with it is refused (`ERR_INVALID_OPTIONS`),
///   and the plain JWT cache, whose entries never passed step 4, is another
///   type.
/// - A hit re-checks at the caller's `now` every claim rule of step 3 (times
///   included) and, when the request names a patient or the verifier has a
///   custom check, all of step 4 on the stored claims: step 4 depends on
///   nothing but the claims, the configuration, the request and that check.
///   Without either, step 4's verdict is the one stored.
/// - The key is the token, not the `Authorization` value: `Bearer X` and a
///   bare `X` share an entry; the scheme rules run on every call.
#[derive(Debug)]
pub struct IuaCache {
    verifier: u64,
    entries: VerifiedCache,
}

impl IuaCache {
    /// Tokens stored.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Forget every token.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The entry at `index` if it still holds the insertion `stamp` (see
    /// [`Slot`]).
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn slot(&self, index: u32, stamp: u32) -> Option<Slot> {
        self.entries.slot(index, stamp)
    }
}

impl IuaVerifier {
    /// A verified-token cache for this verifier: at most `max_entries`
    /// tokens (1 to 2^20) and `max_bytes` bytes of token text.
    pub fn new_cache(&self, max_entries: usize, max_bytes: usize) -> Result<IuaCache, Error> {
        Ok(IuaCache { verifier: self.identity, entries: VerifiedCache::new(max_entries, max_bytes)? })
    }

    fn entries<'c>(&self, cache: &'c mut IuaCache) -> Result<&'c mut VerifiedCache, Error> {
        if cache.verifier == self.identity {
            Ok(&mut cache.entries)
        } else {
            Err(Error::InvalidOptions("this cache belongs to another IUA verifier"))
        }
    }

    /// ITI-72 §3.72.4.3 ([`verify_request`](Self::verify_request)) with this
    /// verifier's cache: a token accepted before with the same key set is
    /// not parsed or signature-checked again (module docs).
    pub fn verify_request_cached(
        &self,
        cache: &mut IuaCache,
        input: &str,
        keys: &JwkSet,
        now: UnixTime,
        request: &RequestContext<'_>,
    ) -> Result<IuaToken, Error> {
        let entries = self.entries(cache)?;
        let token = self.credential(input)?;
        if let Some(slot) = entries.lookup(&self.jwt, token, keys, now)? {
            let (header, claims) = entries.entry(slot).ok_or(MISSING)?;
            return self.profile_rules(claims.clone(), jws_source(header), request);
        }
        let verified = jws::parse(token, self.jwt.get_limits())?.verify(keys, self.jwt.algorithms())?;
        let provenance = cache::provenance(&self.jwt, token, keys);
        self.finish_request_in(Some(cache), Some(provenance), verified, now, request, |t, _| t).map(|(_, t)| t)
    }

    /// [`prepare_request`](Self::prepare_request), with the provenance of
    /// a signature checked here when `keep` (a cache will store the token:
    /// [`finish_request_in`](Self::finish_request_in)). A host that keeps
    /// its own index of the inputs it answered finds repeats with
    /// [`hit`](Self::hit) first.
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn prepare_request_keeping(&self, input: &str, keys: &JwkSet, host: HostChecks, keep: bool) -> Result<(Option<Provenance>, SignatureCheck), Error> {
        let token = self.credential(input)?;
        let check = external::prepare_for(token, self.jwt.get_limits(), keys, self.jwt.algorithms(), host)?;
        let provenance = match check {
            SignatureCheck::Verified(_) if keep => Some(cache::provenance(&self.jwt, token, keys)),
            _ => None,
        };
        Ok((provenance, check))
    }

    /// [`finish_request_with`](Self::finish_request_with); with a cache and
    /// the `provenance` of the signature check, the accepted token is then
    /// stored: the slot (`None`: not stored, e.g. longer than the cache's
    /// byte budget) and the answer.
    pub(crate) fn finish_request_in<T>(
        &self,
        cache: Option<&mut IuaCache>,
        provenance: Option<Provenance>,
        verified: Verified<Vec<u8>>,
        now: UnixTime,
        request: &RequestContext<'_>,
        answer: impl FnOnce(IuaToken, &str) -> T,
    ) -> Result<(Option<Slot>, T), Error> {
        let (verified, payload) = self.finish_jws(verified, now)?;
        let (Some(cache), Some(provenance)) = (cache, provenance) else {
            let (header, claims) = verified.into_parts();
            return Ok((None, answer(self.profile_rules(claims, jws_source(&header), request)?, &payload)));
        };
        let entries = self.entries(cache)?;
        let token = self.profile_rules(verified.value().clone(), jws_source(verified.header()), request)?;
        let slot = match entries.store(provenance, verified) {
            Outcome::Inserted(slot) => Some(slot),
            _ => None,
        };
        Ok((slot, answer(token, &payload)))
    }

    /// A repeat of `input`, an input the host answered before from the
    /// entry at `slot` (its index of the inputs it answered, so step 1 was
    /// decided for this very input then): the entry must still be stored,
    /// hold the input's own token (the input is that token, or ends with a
    /// space and that token), have been made with this key set, and be
    /// accepted again at `now` for `request`. `Ok(None)`: not so, verify in
    /// full; an error is what a full verification would give. The host's
    /// index only points: it cannot make the core answer for another token.
    /// (The whole scheme parse would cost as much as the rest of the hit:
    /// a character test per byte of the token.)
    #[cfg_attr(not(feature = "wasm"), allow(dead_code))]
    pub(crate) fn hit(
        &self,
        cache: &mut IuaCache,
        slot: Slot,
        input: &str,
        keys: &JwkSet,
        now: UnixTime,
        request: &RequestContext<'_>,
    ) -> Result<Option<Slot>, Error> {
        let entries = self.entries(cache)?;
        let own = entries
            .token(slot)
            .and_then(|token| input.strip_suffix(token))
            .is_some_and(|scheme| scheme.is_empty() || scheme.ends_with(' '));
        if !own {
            return Ok(None);
        }
        let Some(slot) = entries.hit(&self.jwt, slot, keys, now)? else {
            return Ok(None);
        };
        self.recheck(entries, slot, request)?;
        Ok(Some(slot))
    }

    /// Step 4 again on a stored entry, when anything it depends on may have
    /// changed since the entry was stored: the request's patient, the custom
    /// check.
    fn recheck(&self, entries: &VerifiedCache, slot: Slot, request: &RequestContext<'_>) -> Result<(), Error> {
        if request.patient_id.is_none() && self.custom_check.is_none() {
            return Ok(());
        }
        let (header, claims) = entries.entry(slot).ok_or(MISSING)?;
        self.profile_rules(claims.clone(), jws_source(header), request).map(drop)
    }
}

/// A slot the cache itself just answered is always filled.
const MISSING: Error = Error::InvalidOptions("IUA cache entry missing");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwa::{Algorithm, AlgorithmSet};
    use crate::SigningKey;
    use alloc::string::String;
    use crate::json::Object;

    const SECRET: &[u8] = b"a shared secret of at least 32 bytes!!";
    const NOW: i64 = 1_700_000_000;

    fn token(jti: &str) -> String {
        let claims = crate::json::parse_object(
            alloc::format!(
                r#"{{"iss":"https://as.example","sub":"u","aud":"https://rs.example","exp":{},"iat":{},"jti":"{jti}","client_id":"c","scope":"s"}}"#,
                NOW + 60,
                NOW
            )
            .as_bytes(),
            8,
        )
        .unwrap()
        .unwrap();
        SigningKey::hmac(SECRET, Algorithm::HS256, None).unwrap().sign_compact(&Object::new(), claims.to_json().as_bytes()).unwrap()
    }

    fn keys() -> JwkSet {
        JwkSet::from_json(&alloc::format!(r#"{{"keys":[{{"kty":"oct","k":"{}"}}]}}"#, crate::base64url::encode(SECRET))).unwrap()
    }

    /// The npm package's path: stored through prepare + finish, then a hit by slot.
    fn stored(v: &IuaVerifier, cache: &mut IuaCache, input: &str, keys: &JwkSet) -> Slot {
        let (provenance, check) = v.prepare_request_keeping(input, keys, HostChecks::RSA_ECDSA, true).unwrap();
        let SignatureCheck::Verified(jws) = check else { panic!("HMAC is checked here") };
        let now = UnixTime::from_secs(NOW);
        let (slot, _) = v.finish_request_in(Some(cache), provenance, jws, now, &RequestContext::default(), |t, _| t).unwrap();
        slot.unwrap()
    }

    #[test]
    fn a_hit_by_slot_answers_only_for_the_token_stored_there() {
        let v = IuaVerifier::builder("https://as.example", "https://rs.example", AlgorithmSet::new(&[Algorithm::HS256]).unwrap()).build().unwrap();
        let keys = keys();
        let mut cache = v.new_cache(4, 1 << 16).unwrap();
        let (a, b) = (token("a"), token("b"));
        let slot = stored(&v, &mut cache, &a, &keys);
        let now = UnixTime::from_secs(NOW);
        let plain = RequestContext::default();
        assert_eq!(v.hit(&mut cache, slot, &a, &keys, now, &plain), Ok(Some(slot)));
        assert_eq!(v.hit(&mut cache, slot, &alloc::format!("Bearer {a}"), &keys, now, &plain), Ok(Some(slot)));
        // another token, even a valid one, is not answered from this slot
        assert_eq!(v.hit(&mut cache, slot, &b, &keys, now, &plain), Ok(None));
        // nor for an input that merely ends with the token
        assert_eq!(v.hit(&mut cache, slot, &alloc::format!("x{a}"), &keys, now, &plain), Ok(None));
        assert_eq!(v.hit(&mut cache, slot, &a[1..], &keys, now, &plain), Ok(None));
        // another key set (the same secret, a new set): not this entry
        assert_eq!(v.hit(&mut cache, slot, &a, &self::keys(), now, &plain), Ok(None));
        // the claims at the call's instant, and the request
        assert_eq!(v.hit(&mut cache, slot, &a, &keys, UnixTime::from_secs(NOW + 61), &plain), Err(Error::Expired { claim: "exp" }));
        assert_eq!(v.hit(&mut cache, slot, &a, &keys, now, &RequestContext::patient("42")).unwrap_err().code(), "ERR_IUA_REQUEST_MISMATCH");
        // a stale slot (its entry evicted and the index reused) is a miss
        cache.clear();
        assert_eq!(v.hit(&mut cache, slot, &a, &keys, now, &plain), Ok(None));
        // and a cache of another verifier is refused
        let other = IuaVerifier::builder("https://as.example", "https://rs.example", AlgorithmSet::new(&[Algorithm::HS256]).unwrap()).build().unwrap();
        assert!(matches!(other.hit(&mut cache, slot, &a, &keys, now, &plain), Err(Error::InvalidOptions(_))));
    }
}
