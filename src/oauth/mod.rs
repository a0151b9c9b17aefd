//! OAuth 2.0 helpers around token verification: PKCE (RFC 7636), state and
//! nonce values, authorization server metadata (RFC 8414 / OIDC discovery)
//! and token introspection (RFC 7662).

pub mod authorization;
pub mod bearer;
pub mod discovery;
pub mod introspection;
pub mod pkce;
pub mod state;
