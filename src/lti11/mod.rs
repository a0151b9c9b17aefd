//! LTI 1.0/1.1 launches: OAuth 1.0a signatures (RFC 5849) and the LTI 1.1.2
//! security update (relaunch flow).

pub mod oauth1;
pub mod relaunch;
