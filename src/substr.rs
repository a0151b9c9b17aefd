//! `&s[range]` and `s.split_at(i)` for the library's slicing of strings at
//! delimiters it found itself, without core's slice-error formatting.
//!
//! A failed `&s[a..b]` panics through `core::str::slice_error_fail`, which
//! formats the offending char with `Debug` and so links `char::escape_debug`
//! and core's Unicode printable tables into the .wasm (≈2 KB gzip, measured).
//! Every index given here sits next to an ASCII byte the caller found, so it
//! is a char boundary and the check cannot fail; if it ever did (a bug),
//! `Option::unwrap` still panics (a trap in the .wasm), with a fixed message.
//! `src/json.rs` (a crate of its own) has the same two lines for its slicing.

use core::slice::SliceIndex;

/// `&s[range]`, panicking without formatting when `range` is not on char boundaries.
#[inline]
pub(crate) fn sub<R: SliceIndex<str, Output = str>>(s: &str, range: R) -> &str {
    s.get(range).unwrap()
}

/// `s.split_at(mid)`, panicking without formatting when `mid` is not a char boundary.
#[inline]
pub(crate) fn split_at(s: &str, mid: usize) -> (&str, &str) {
    s.split_at_checked(mid).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_like_index() {
        let s = "a.bé.c";
        assert_eq!(sub(s, 2..5), "bé");
        assert_eq!(sub(s, ..1), "a");
        assert_eq!(sub(s, 5..), ".c");
        assert_eq!(split_at(s, 1), ("a", ".bé.c"));
    }

    #[test]
    #[should_panic]
    fn panics_inside_a_char() {
        let _ = sub("é", 0..1);
    }

    #[test]
    #[should_panic]
    fn split_panics_inside_a_char() {
        let _ = split_at("é", 1);
    }
}
