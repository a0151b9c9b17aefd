//! Strict JSON (RFC 8259) reading for untrusted token parts.
//!
//! Stricter than `JSON.parse` where that matters for security (RFC 7515 §5.2,
//! RFC 7519 §7.2, RFC 8725 §3.x):
//! - duplicate member names are rejected (compared after unescaping, so
//!   `"\u0061lg"` collides with `"alg"`);
//! - input must be valid UTF-8, and `\u` escapes may not leave lone surrogates;
//! - no BOM, comments, trailing commas, NaN/Infinity, leading zeros, or bytes
//!   after the value; numbers must be finite as `f64` (`1e400` is refused)
//!   and are rounded to the nearest `f64` as `JSON.parse` rounds them
//!   (`decimal`, without `core`'s table-heavy `str::parse::<f64>`);
//! - nesting deeper than the caller's limit is refused, and the parser is
//!   iterative, so a hostile document cannot deepen the native (or wasm) stack.
//!
//! This file is the root of the `tokencheck-json` crate (crates/json), so that
//! it can be built at opt-level 3 inside the size-optimised .wasm; the main
//! crate re-exports it as `tokencheck::json`.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

extern crate alloc;


pub use tokencheck_json_decimal::decimal_to_f64;

use alloc::string::String;
use alloc::vec::Vec;

/// `&s[range]` for ranges that end next to an ASCII byte this file found,
/// without core's slice-error formatting (which links char `Debug` and
/// Unicode tables into the .wasm; `src/substr.rs` says more): a range off a
/// char boundary would be a bug here, and still panics, with a fixed message.
#[inline]
fn sub<R: core::slice::SliceIndex<str, Output = str>>(s: &str, range: R) -> &str {
    s.get(range).unwrap()
}

/// Why a JSON text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JsonError {
    /// Not well-formed JSON (includes BOM, comments, NaN, trailing commas).
    Syntax,
    /// Bytes after the top-level value.
    TrailingData,
    /// Two members with the same name in one object.
    DuplicateMember,
    /// Nesting deeper than the limit.
    TooDeep,
    /// The bytes are not UTF-8.
    InvalidUtf8,
    /// A `\u` escape leaves an unpaired UTF-16 surrogate.
    LoneSurrogate,
    /// An unescaped control character inside a string.
    ControlCharacter,
    /// A number that does not fit a finite `f64`.
    NumberOutOfRange,
    /// An unknown escape sequence.
    InvalidEscape,
}

impl JsonError {
    /// Stable snake_case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            JsonError::Syntax => "json_syntax",
            JsonError::TrailingData => "json_trailing_data",
            JsonError::DuplicateMember => "json_duplicate_member",
            JsonError::TooDeep => "json_too_deep",
            JsonError::InvalidUtf8 => "json_invalid_utf8",
            JsonError::LoneSurrogate => "json_lone_surrogate",
            JsonError::ControlCharacter => "json_control_character",
            JsonError::NumberOutOfRange => "json_number_out_of_range",
            JsonError::InvalidEscape => "json_invalid_escape",
        }
    }
}

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// Every JSON number, as a finite `f64` (the same model as JavaScript).
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Object),
}

/// A JSON object: members in document order, names unique.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object {
    members: Vec<(String, Value)>,
}

impl Object {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// The member called `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        // length and last byte first: claim names are short and often of
        // one length ("iss", "sub", "aud", "exp", ...), and a full compare
        // is a memcmp call each
        let (len, last) = (name.len(), name.as_bytes().last());
        self.members.iter().find(|(k, _)| k.len() == len && k.as_bytes().last() == last && k == name).map(|(_, v)| v)
    }

    /// Whether a member called `name` exists (whatever its value, `null` included).
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Members in document order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.members.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Set `name` to `value`, replacing an existing member of that name.
    pub fn insert(&mut self, name: impl Into<String>, value: Value) {
        let name = name.into();
        match self.members.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => self.members.push((name, value)),
        }
    }

    /// Remove and return the member called `name`.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let i = self.members.iter().position(|(k, _)| k == name)?;
        Some(self.members.remove(i).1)
    }

    /// The member as a string, if it is one.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }

    /// Serialize to compact JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_object(self, &mut out);
        out
    }
}

impl FromIterator<(String, Value)> for Object {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut o = Object::new();
        for (k, v) in iter {
            o.insert(k, v);
        }
        o
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    /// An array of strings, copied (`None` for any other value, or an
    /// array with a member that is not a string).
    pub fn to_string_vec(&self) -> Option<Vec<String>> {
        let items = self.as_array()?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(String::from(item.as_str()?));
        }
        Some(out)
    }
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Serialize to compact JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_value(self, &mut out);
        out
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.into())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}
impl From<f64> for Value {
    fn from(n: f64) -> Self {
        Value::Number(n)
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(n as f64)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<Object> for Value {
    fn from(o: Object) -> Self {
        Value::Object(o)
    }
}
impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Self {
        Value::Array(v.into_iter().map(Into::into).collect())
    }
}

/// Largest nesting depth a caller may configure. Values are dropped and
/// serialized recursively, so this bounds that recursion too.
pub const MAX_DEPTH_LIMIT: usize = 128;

/// Parse one JSON text, allowing at most `max_depth` nested arrays/objects
/// (capped at [`MAX_DEPTH_LIMIT`]).
pub fn parse(input: &[u8], max_depth: usize) -> Result<Value, JsonError> {
    let text = core::str::from_utf8(input).map_err(|_| JsonError::InvalidUtf8)?;
    parse_str(text, max_depth)
}

/// [`parse`] of text already known to be UTF-8 (not validated again).
pub fn parse_str(text: &str, max_depth: usize) -> Result<Value, JsonError> {
    Parser { s: text, b: text.as_bytes(), i: 0 }.run(max_depth.min(MAX_DEPTH_LIMIT))
}

/// Parse one JSON text that must be an object. `Ok(None)` if it is valid
/// JSON of another type.
pub fn parse_object(input: &[u8], max_depth: usize) -> Result<Option<Object>, JsonError> {
    object_only(parse(input, max_depth)?)
}

/// [`parse_object`] of text already known to be UTF-8.
pub fn parse_object_str(text: &str, max_depth: usize) -> Result<Option<Object>, JsonError> {
    object_only(parse_str(text, max_depth)?)
}

fn object_only(v: Value) -> Result<Option<Object>, JsonError> {
    match v {
        Value::Object(o) => Ok(Some(o)),
        _ => Ok(None),
    }
}

enum Frame {
    Array(Vec<Value>),
    Object(Vec<(String, Value)>, String),
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn run(mut self, max_depth: usize) -> Result<Value, JsonError> {
        let mut stack: Vec<Frame> = Vec::new();
        'value: loop {
            self.ws();
            let mut v = match self.peek().ok_or(JsonError::Syntax)? {
                b'{' => {
                    self.i += 1;
                    if stack.len() >= max_depth {
                        return Err(JsonError::TooDeep);
                    }
                    self.ws();
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                        Value::Object(Object::new())
                    } else {
                        let key = self.key()?;
                        stack.push(Frame::Object(Vec::new(), key));
                        continue 'value;
                    }
                }
                b'[' => {
                    self.i += 1;
                    if stack.len() >= max_depth {
                        return Err(JsonError::TooDeep);
                    }
                    self.ws();
                    if self.peek() == Some(b']') {
                        self.i += 1;
                        Value::Array(Vec::new())
                    } else {
                        stack.push(Frame::Array(Vec::new()));
                        continue 'value;
                    }
                }
                b'"' => Value::String(self.string()?),
                b't' => self.literal("true", Value::Bool(true))?,
                b'f' => self.literal("false", Value::Bool(false))?,
                b'n' => self.literal("null", Value::Null)?,
                b'-' | b'0'..=b'9' => Value::Number(self.number()?),
                _ => return Err(JsonError::Syntax),
            };
            // Attach the finished value to its container; close containers.
            loop {
                let Some(top) = stack.last_mut() else {
                    self.ws();
                    return if self.i == self.b.len() { Ok(v) } else { Err(JsonError::TrailingData) };
                };
                self.ws();
                match top {
                    Frame::Array(items) => {
                        items.push(v);
                        match self.next_byte()? {
                            b',' => continue 'value,
                            b']' => {}
                            _ => return Err(JsonError::Syntax),
                        }
                    }
                    Frame::Object(members, key) => {
                        members.push((core::mem::take(key), v));
                        match self.next_byte()? {
                            b',' => {
                                self.ws();
                                *key = self.key()?;
                                continue 'value;
                            }
                            b'}' => {}
                            _ => return Err(JsonError::Syntax),
                        }
                    }
                }
                v = match stack.pop() {
                    Some(Frame::Array(items)) => Value::Array(items),
                    Some(Frame::Object(members, _)) => {
                        reject_duplicates(&members)?;
                        Value::Object(Object { members })
                    }
                    None => return Err(JsonError::Syntax),
                };
            }
        }
    }

    // inlined even at opt-level "z": called per byte
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    // inlined even at opt-level "z": called per byte
    #[inline(always)]
    fn next_byte(&mut self) -> Result<u8, JsonError> {
        let c = self.peek().ok_or(JsonError::Syntax)?;
        self.i += 1;
        Ok(c)
    }

    // inlined even at opt-level "z": called per byte
    #[inline(always)]
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// A member name followed by `:`.
    fn key(&mut self) -> Result<String, JsonError> {
        if self.peek() != Some(b'"') {
            return Err(JsonError::Syntax);
        }
        let k = self.string()?;
        self.ws();
        if self.next_byte()? != b':' {
            return Err(JsonError::Syntax);
        }
        Ok(k)
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, JsonError> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(JsonError::Syntax)
        }
    }

    // inlined even at opt-level "z": called per byte
    #[inline(always)]
    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<f64, JsonError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.i += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(JsonError::Syntax);
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(JsonError::Syntax),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(JsonError::Syntax);
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(JsonError::Syntax);
            }
        }
        let n = decimal_to_f64(&self.b[start..self.i]).ok_or(JsonError::Syntax)?;
        if n.is_finite() { Ok(n) } else { Err(JsonError::NumberOutOfRange) }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let h = self.b.get(self.i..self.i + 4).ok_or(JsonError::InvalidEscape)?;
        let mut v = 0u32;
        for &c in h {
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(JsonError::InvalidEscape),
            };
            v = (v << 4) | u32::from(d);
        }
        self.i += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        let mut run = self.i;
        'scan: loop {
            let c = self.peek().ok_or(JsonError::Syntax)?;
            match c {
                b'"' => {
                    let text = sub(self.s, run..self.i);
                    self.i += 1;
                    // no escape seen (the usual case): one exact allocation
                    if out.is_empty() {
                        return Ok(String::from(text));
                    }
                    out.push_str(text);
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(sub(self.s, run..self.i));
                    self.i += 1;
                    let e = self.next_byte().map_err(|_| JsonError::InvalidEscape)?;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(JsonError::InvalidEscape),
                    };
                    out.push(ch);
                    run = self.i;
                }
                0x00..=0x1f => return Err(JsonError::ControlCharacter),
                _ => {
                    // the rest of the plain run: eight bytes at a time, a
                    // word's first ender found from its flags; the last few
                    // bytes of the input one by one
                    self.i += 1;
                    while let Some(w) = self.b.get(self.i..).and_then(|r| r.first_chunk::<8>()) {
                        let found = run_enders(u64::from_le_bytes(*w));
                        if found != 0 {
                            // the lowest flagged byte is the first ender
                            self.i += (found.trailing_zeros() / 8) as usize;
                            continue 'scan;
                        }
                        self.i += 8;
                    }
                    while let Some(&c) = self.b.get(self.i) {
                        if c == b'"' || c == b'\\' || c < 0x20 {
                            break;
                        }
                        self.i += 1;
                    }
                }
            }
        }
    }

    /// After `\u`: one code point, pairing surrogates (RFC 8259 §7).
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let hi = self.hex4()?;
        let cp = match hi {
            0xd800..=0xdbff => {
                if self.b.get(self.i..self.i + 2) != Some(b"\\u") {
                    return Err(JsonError::LoneSurrogate);
                }
                self.i += 2;
                let lo = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&lo) {
                    return Err(JsonError::LoneSurrogate);
                }
                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
            }
            0xdc00..=0xdfff => return Err(JsonError::LoneSurrogate),
            _ => hi,
        };
        char::from_u32(cp).ok_or(JsonError::LoneSurrogate)
    }
}

/// The bytes of `w` (little-endian: byte k is bits 8k..8k+7) that are `"`,
/// `\` or below 0x20, the bytes that end a plain run inside a string,
/// flagged by their top bits (0x80 << 8k). Nonzero exactly when one of the
/// eight is such a byte (bytes >= 0x80, UTF-8's, never match), and the
/// LOWEST flag is always a true one: a zero-byte test's borrow can only
/// misflag bytes above a true match. So its position is where the run
/// ends; flags above it may be false.
#[inline(always)]
fn run_enders(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    has_zero(w ^ (ONES * u64::from(b'"'))) | has_zero(w ^ (ONES * u64::from(b'\\'))) | below_space
}

/// Duplicate names make a token mean different things to different parsers
/// (RFC 7515 §5.2, RFC 8725 §3.x): refuse them. Up to 8 members, each name
/// against the ones before it; up to [`FILTERED`], the same, but only against
/// the names in its filter bucket ([`bucket`]: a claims set's names, of
/// many lengths and endings, rarely share one); bigger objects sort a list
/// of the names (O(n log n) whatever the names are).
fn reject_duplicates(members: &[(String, Value)]) -> Result<(), JsonError> {
    if members.len() <= 8 {
        for (i, (k, _)) in members.iter().enumerate() {
            if members[..i].iter().any(|(p, _)| p == k) {
                return Err(JsonError::DuplicateMember);
            }
        }
        return Ok(());
    }
    if members.len() <= FILTERED {
        let mut seen = 0u64;
        let mut buckets = [0u8; FILTERED];
        for (i, (k, _)) in members.iter().enumerate() {
            let b = bucket(k);
            if seen & (1 << b) != 0 && members[..i].iter().zip(&buckets).any(|((p, _), &pb)| pb == b && p == k) {
                return Err(JsonError::DuplicateMember);
            }
            seen |= 1 << b;
            buckets[i] = b;
        }
        return Ok(());
    }
    let mut names: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    heapsort(&mut names);
    if names.windows(2).any(|w| w[0] == w[1]) {
        return Err(JsonError::DuplicateMember);
    }
    Ok(())
}

/// Objects up to this many members check duplicates with [`bucket`]'s
/// filter (at most 64 · 63 / 2 name compares, when every name falls in one
/// bucket), bigger ones by sorting.
const FILTERED: usize = 64;

/// One of 64 buckets for a member name, from its length, last byte and middle
/// byte: equal names always share one.
#[inline]
fn bucket(name: &str) -> u8 {
    let b = name.as_bytes();
    let (len, last, mid) = (b.len() as u32, b.last().copied().unwrap_or(0), b.get(b.len() / 2).copied().unwrap_or(0));
    // Fibonacci hashing of the three: the top six bits of the product
    let key = (len << 16) ^ (u32::from(last) << 8) ^ u32::from(mid);
    (key.wrapping_mul(0x9e37_79b1) >> 26) as u8
}

/// The order the duplicate check sorts names in: length first, then bytes.
/// Any total order puts equal names side by side; this one settles most
/// pairs by length alone, where claim names such as LTI's share a 42-byte
/// prefix (`https://purl.imsglobal.org/spec/lti/claim/`) that a byte-wise
/// compare would read again and again.
#[inline]
fn name_order(a: &str, b: &str) -> core::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.as_bytes().cmp(b.as_bytes()))
}

/// In-place heapsort in [`name_order`]: O(n log n) in the worst case, like
/// `sort_unstable`, but a few hundred bytes of wasm where `core`'s
/// pattern-defeating quicksort, instantiated at this crate's opt-level 3, is
/// about 9 KB.
fn heapsort(v: &mut [&str]) {
    use core::cmp::Ordering::Less;
    fn sift_down(v: &mut [&str], mut root: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= v.len() {
                return;
            }
            if child + 1 < v.len() && name_order(v[child], v[child + 1]) == Less {
                child += 1;
            }
            if name_order(v[root], v[child]) != Less {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    for root in (0..v.len() / 2).rev() {
        sift_down(v, root);
    }
    for end in (1..v.len()).rev() {
        v.swap(0, end);
        sift_down(&mut v[..end], 0);
    }
}

// ---- serialization (compact, for values this library builds or re-emits) ----

fn write_value(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_number(*n, out),
        Value::String(s) => write_string(s, out),
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(o) => write_object(o, out),
    }
}

fn write_object(o: &Object, out: &mut String) {
    out.push('{');
    for (i, (k, v)) in o.members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(k, out);
        out.push(':');
        write_value(v, out);
    }
    out.push('}');
}

/// Write `n` as JSON: integral values without a fraction, others in the
/// shortest form that reads back as the same `f64`, non-finite as `null`.
pub fn write_number(n: f64, out: &mut String) {
    use core::fmt::Write;
    if !n.is_finite() {
        out.push_str("null");
    } else if n == (n as i64) as f64 && n.abs() < 1e17 {
        // Integral values (NumericDates, counts) print exactly, without ".0".
        if n == 0.0 && n.is_sign_negative() {
            out.push_str("-0");
        } else {
            let _ = write!(out, "{}", n as i64);
        }
    } else {
        // Shortest round-trip digits (Ryu, "small" tables): what JSON.parse reads
        // back is the same f64. Keeps core's float formatting out of the .wasm.
        out.push_str(ryu::Buffer::new().format_finite(n));
    }
}

/// Write `s` as a JSON string literal.
pub fn write_string(s: &str, out: &mut String) {
    use core::fmt::Write;
    out.push('"');
    // copy runs of characters that need no escape in one push_str (a push
    // per character costs a call each at opt-level "z")
    let bytes = s.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x00..=0x1f => Some(""),
            _ => None,
        };
        if let Some(e) = escape {
            // every escaped byte is ASCII, so `run..i` ends on a char boundary
            out.push_str(sub(s, run..i));
            if e.is_empty() {
                let _ = write!(out, "\\u{:04x}", b);
            } else {
                out.push_str(e);
            }
            run = i + 1;
        }
    }
    out.push_str(sub(s, run..));
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec;

    fn p(s: &str) -> Result<Value, JsonError> {
        parse(s.as_bytes(), 32)
    }

    #[test]
    fn parses_all_types() {
        let v = p(r#" {"a":[1,-2.5e3,true,false,null,"x\n\u00e9\ud83d\ude00"],"b":{}} "#).unwrap();
        let o = v.as_object().unwrap();
        let a = o.get("a").unwrap().as_array().unwrap();
        assert_eq!(a[0], Value::Number(1.0));
        assert_eq!(a[1], Value::Number(-2500.0));
        assert_eq!(a[2], Value::Bool(true));
        assert_eq!(a[4], Value::Null);
        assert_eq!(a[5].as_str().unwrap(), "x\né😀");
        assert!(o.get("b").unwrap().as_object().unwrap().is_empty());
    }

    #[test]
    fn duplicates_rejected_after_unescaping() {
        assert_eq!(p(r#"{"alg":1,"alg":2}"#), Err(JsonError::DuplicateMember));
        assert_eq!(p(r#"{"alg":1,"\u0061lg":2}"#), Err(JsonError::DuplicateMember));
        assert_eq!(p(r#"{"x":{"sub":1,"sub":1}}"#), Err(JsonError::DuplicateMember));
        // the sorted path (> 8 members)
        let mut big = String::from("{");
        for i in 0..50 {
            big.push_str(&format!("\"k{i}\":{i},"));
        }
        big.push_str("\"k7\":0}");
        assert_eq!(p(&big), Err(JsonError::DuplicateMember));
        assert!(p(&big.replace("\"k7\":0}", "\"k70\":0}")).is_ok());
    }

    /// A deterministic xorshift64 sequence.
    pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    #[test]
    fn plain_run_word_test_matches_the_byte_test() {
        let special = |c: u8| c == b'"' || c == b'\\' || c < 0x20;
        let naive = |w: u64| w.to_le_bytes().iter().any(|&c| special(c));
        // where the run ends: the first special byte (8 if none), and what
        // the parser reads off the word test
        let first = |w: u64| w.to_le_bytes().iter().position(|&c| special(c)).unwrap_or(8);
        let found = |w: u64| match run_enders(w) {
            0 => 8,
            f => (f.trailing_zeros() / 8) as usize,
        };
        // every byte value at every position in a word of plain bytes,
        // including UTF-8 lead and continuation bytes around it, alone and
        // followed by every byte value at a later position
        for fill in [b'a', 0x7f, 0x80, 0xc3, 0xff, b' ', b'!', b'#', b']'] {
            for pos in 0..8 {
                for c in 0..=255u8 {
                    let mut b = [fill; 8];
                    b[pos] = c;
                    let w = u64::from_le_bytes(b);
                    assert_eq!(run_enders(w) != 0, naive(w), "{b:?}");
                    assert_eq!(found(w), first(w), "{b:?}");
                    for later in pos + 1..8 {
                        for d in [0u8, 0x01, 0x1f, 0x20, b'"', b'\\', 0x21, 0x5d, 0x80, 0xff] {
                            let mut b2 = b;
                            b2[later] = d;
                            let w2 = u64::from_le_bytes(b2);
                            assert_eq!(found(w2), first(w2), "{b2:?}");
                        }
                    }
                }
            }
        }
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..200_000 {
            let w = next();
            assert_eq!(run_enders(w) != 0, naive(w), "{w:#x}");
            assert_eq!(found(w), first(w), "{w:#x}");
        }
    }

    #[test]
    fn string_ends_found_at_every_offset() {
        // a quote, a backslash escape and a control character at each offset
        // of long plain runs (ASCII and multi-byte UTF-8), across word edges
        for plain in ["a", "\u{e9}", "\u{20ac}"] {
            for n in 0..40 {
                let run = plain.repeat(n);
                assert_eq!(p(&format!("\"{run}\"")), Ok(Value::String(run.clone())));
                let esc = format!("\"{run}\\n{run}\"");
                assert_eq!(p(&esc), Ok(Value::String(format!("{run}\n{run}"))));
                for ctl in ['\u{0}', '\u{1f}', '\n'] {
                    assert_eq!(p(&format!("\"{run}{ctl}{run}\"")), Err(JsonError::ControlCharacter), "{n} {ctl:?}");
                }
                // unterminated: the scan must stop at the end of the input
                assert_eq!(p(&format!("\"{run}")), Err(JsonError::Syntax));
            }
        }
    }

    #[test]
    fn heapsort_sorts_like_core_in_name_order() {
        // deterministic pseudo-random names from a small alphabet (many ties)
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let pool: Vec<String> = (0..40).map(|i| format!("{}{}", ["", "a", "b", "ab"][i % 4], i % 13)).collect();
        for len in 0..120 {
            for _ in 0..8 {
                let mut v: Vec<&str> = (0..len).map(|_| pool[(next() % 40) as usize].as_str()).collect();
                let mut want = v.clone();
                want.sort_unstable_by(|a, b| name_order(a, b));
                heapsort(&mut v);
                assert_eq!(v, want, "len {len}");
            }
        }
    }

    #[test]
    fn duplicate_found_at_every_pair_of_positions() {
        // the filtered path (9..=FILTERED members) and the sorted one: every
        // (i, j) position pair of one repeated name
        for n in (9..=24).chain([FILTERED - 1, FILTERED, FILTERED + 1, FILTERED + 16]) {
            for i in 0..n {
                for j in i + 1..n {
                    let members: Vec<(String, Value)> =
                        (0..n).map(|k| (if k == j { format!("m{i}") } else { format!("m{k}") }, Value::Null)).collect();
                    assert_eq!(reject_duplicates(&members), Err(JsonError::DuplicateMember), "n {n}, {i} and {j}");
                }
            }
            let distinct: Vec<(String, Value)> = (0..n).map(|k| (format!("m{k}"), Value::Null)).collect();
            assert_eq!(reject_duplicates(&distinct), Ok(()));
        }
    }

    #[test]
    fn duplicate_found_when_names_share_a_bucket() {
        // names that all fall in one filter bucket: each is compared with
        // every earlier one, and a repeat is still found (and only a repeat)
        // (one length, middle byte '|', last byte 'z')
        let names: Vec<String> = (0..FILTERED).map(|k| format!("n{k:06}|{:06}z", 7 * k)).collect();
        assert!(names.iter().all(|n| bucket(n) == bucket(&names[0])));
        for n in [9, 20, FILTERED] {
            let distinct: Vec<(String, Value)> = names[..n].iter().map(|k| (k.clone(), Value::Null)).collect();
            assert_eq!(reject_duplicates(&distinct), Ok(()));
            for (i, j) in [(0, n - 1), (n / 2, n / 2 + 1), (n - 2, n - 1)] {
                let mut members = distinct.clone();
                members[j].0 = members[i].0.clone();
                assert_eq!(reject_duplicates(&members), Err(JsonError::DuplicateMember), "n {n}, {i} and {j}");
            }
        }
    }

    #[test]
    fn rejects_non_json() {
        for (s, e) in [
            ("", JsonError::Syntax),
            ("\u{feff}{}", JsonError::Syntax),
            ("{} x", JsonError::TrailingData),
            ("{}{}", JsonError::TrailingData),
            ("{\"a\":1,}", JsonError::Syntax),
            ("[1,]", JsonError::Syntax),
            ("{\"a\":NaN}", JsonError::Syntax),
            ("{\"a\":Infinity}", JsonError::Syntax),
            ("{/*c*/}", JsonError::Syntax),
            ("{\"a\":01}", JsonError::Syntax),
            ("{\"a\":1.}", JsonError::Syntax),
            ("{\"a\":.5}", JsonError::Syntax),
            ("{\"a\":1e}", JsonError::Syntax),
            ("{\"a\":+1}", JsonError::Syntax),
            ("{'a':1}", JsonError::Syntax),
            ("{a:1}", JsonError::Syntax),
            ("{\"a\" 1}", JsonError::Syntax),
            ("{\"a\":tru}", JsonError::Syntax),
            ("{\"a\":1e400}", JsonError::NumberOutOfRange),
            ("{\"a\":-1e400}", JsonError::NumberOutOfRange),
            ("{\"a\":\"\\ud800\"}", JsonError::LoneSurrogate),
            ("{\"a\":\"\\udc00\"}", JsonError::LoneSurrogate),
            ("{\"a\":\"\\ud800\\u0041\"}", JsonError::LoneSurrogate),
            ("{\"a\":\"\\x41\"}", JsonError::InvalidEscape),
            ("{\"a\":\"\\u12\"}", JsonError::InvalidEscape),
            ("{\"a\":\"tab\there\"}", JsonError::ControlCharacter),
            ("{\"a\":\"open", JsonError::Syntax),
            ("[", JsonError::Syntax),
            ("{", JsonError::Syntax),
        ] {
            assert_eq!(p(s), Err(e), "{s:?}");
        }
        assert_eq!(parse(b"{\"a\":\"\xff\"}", 32), Err(JsonError::InvalidUtf8));
        assert_eq!(parse(b"{\"a\":\"\xed\xa0\x80\"}", 32), Err(JsonError::InvalidUtf8));
    }

    #[test]
    fn fractional_and_extreme_numbers() {
        assert_eq!(p("1.5").unwrap(), Value::Number(1.5));
        assert_eq!(p("-0").unwrap(), Value::Number(-0.0));
        assert_eq!(p("1e308").unwrap(), Value::Number(1e308));
        assert_eq!(p("1e-400").unwrap(), Value::Number(0.0));
    }

    #[test]
    fn depth_limit_without_recursion() {
        assert!(p(&"[".repeat(32).add_close(32)).is_ok());
        assert_eq!(p(&"[".repeat(33).add_close(33)), Err(JsonError::TooDeep));
        // 10^5 deep: refused quickly, no stack overflow.
        let deep = "[".repeat(100_000);
        assert_eq!(p(&deep), Err(JsonError::TooDeep));
        let deep_obj = "{\"a\":".repeat(100_000);
        assert_eq!(p(&deep_obj), Err(JsonError::TooDeep));
    }

    trait Close {
        fn add_close(self, n: usize) -> String;
    }
    impl Close for String {
        fn add_close(mut self, n: usize) -> String {
            self.push_str(&"]".repeat(n));
            self
        }
    }

    #[test]
    fn numbers_print_shortest() {
        for (n, text) in [
            (0.0, "0"),
            (-0.0, "-0"),
            (1700000000.0, "1700000000"),
            (-42.0, "-42"),
            (0.1, "0.1"),
            (1.5, "1.5"),
            (1e300, "1e300"),
            (-2.5e-8, "-2.5e-8"),
            (1e17, "1e17"),
        ] {
            assert_eq!(Value::Number(n).to_json(), text, "{n}");
            assert_eq!(parse(text.as_bytes(), 1).unwrap(), Value::Number(n));
        }
    }

    #[test]
    fn serializes_round_trip() {
        let src = r#"{"s":"a\"b\\c\n\u0001é","n":1.5,"i":1700000000,"arr":[true,null,{"x":[]}],"f":[-0,0.1,1e300,-2.5e-8,123456789012345678901234,1.7976931348623157e308,5e-324]}"#;
        let v = p(src).unwrap();
        let out = v.to_json();
        assert_eq!(p(&out).unwrap(), v);
        assert!(out.contains("\\u0001"));
        assert!(out.contains("1700000000,"));
        let o: Object = vec![("a".into(), Value::from(1i64))].into_iter().collect();
        assert_eq!(o.to_json(), "{\"a\":1}");
    }
}
