//! Token profiles built on [`crate::jwt::Validator`]: each adds its rules
//! after the generic JWS/JWT checks and never re-implements or skips them.

pub mod access_token;
pub mod iua;
pub mod lti;
