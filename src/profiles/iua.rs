//! IHE IUA resource-server profile (see ../shared/specs/iua.md).

/// IUA-specific failures (`ERR_IUA_*`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IuaError {}

impl IuaError {
    /// Stable `ERR_IUA_*` code.
    pub fn code(&self) -> &'static str {
        match *self {}
    }
}
