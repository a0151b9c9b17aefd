//! LTI 1.3 tool side (see ../shared/specs/lti.md).

/// LTI-specific failures (`ERR_LTI_*`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LtiError {}

impl LtiError {
    /// Stable `ERR_LTI_*` code.
    pub fn code(&self) -> &'static str {
        match *self {}
    }
}
