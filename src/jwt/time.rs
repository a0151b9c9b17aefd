//! Time as a parameter (the core never reads a clock) and NumericDate
//! arithmetic (RFC 7519 §2).

use crate::error::Error;
use crate::substr::sub;

/// Seconds since the Unix epoch, UTC, as the caller's clock says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// From whole seconds.
    pub fn from_secs(secs: i64) -> Self {
        UnixTime(secs)
    }

    /// From milliseconds (JavaScript `Date.now()`), rounded down to the second
    /// like jose's `epoch()`.
    pub fn from_millis(ms: f64) -> Result<Self, Error> {
        if !ms.is_finite() {
            return Err(Error::InvalidOptions("currentDate must be a valid date"));
        }
        Ok(UnixTime(floor(ms / 1000.0) as i64))
    }

    pub fn as_secs(self) -> i64 {
        self.0
    }

    pub(crate) fn as_f64(self) -> f64 {
        self.0 as f64
    }
}

/// `f64::floor` is not in `core`; exact for |x| < 2^63, saturating beyond
/// (callers bound the range).
fn floor(x: f64) -> f64 {
    let t = x as i64 as f64;
    if t > x { t - 1.0 } else { t }
}

/// Parse a time span such as `"30s"`, `"5 minutes"`, `"2h"`, `"1.5 days"`,
/// `"1w"`, `"1y"` (365.25 days), with an optional sign or `ago` / `from now`,
/// into whole seconds — the same grammar and rounding as jose's `secs()`.
pub fn parse_duration(input: &str) -> Result<i64, Error> {
    let bad = || Error::InvalidOptions("invalid time span (expected e.g. \"30s\", \"5m\", \"2h\", \"1d\")");
    let mut s = input;
    let mut negative = false;
    let mut signed = false;
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        signed = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        signed = true;
        s = rest;
    }
    s = s.strip_prefix(' ').unwrap_or(s);
    // number: \d+ or \d+\.\d+
    let num_end = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let num = sub(s, ..num_end);
    let valid_num = match num.split_once('.') {
        None => !num.is_empty(),
        Some((a, b)) => !a.is_empty() && !b.is_empty() && !b.contains('.'),
    };
    if !valid_num {
        return Err(bad());
    }
    let value = crate::json::decimal_to_f64(num.as_bytes()).ok_or_else(bad)?;
    let mut rest = sub(s, num_end..);
    rest = rest.strip_prefix(' ').unwrap_or(rest);
    let lower = rest.to_ascii_lowercase();
    let (unit, suffix) = match lower.split_once(' ') {
        Some((u, sfx)) => (u, Some(sfx)),
        None => (lower.as_str(), None),
    };
    const MINUTE: f64 = 60.0;
    const HOUR: f64 = 3600.0;
    const DAY: f64 = 86400.0;
    let factor = match unit {
        "sec" | "secs" | "second" | "seconds" | "s" => 1.0,
        "minute" | "minutes" | "min" | "mins" | "m" => MINUTE,
        "hour" | "hours" | "hr" | "hrs" | "h" => HOUR,
        "day" | "days" | "d" => DAY,
        "week" | "weeks" | "w" => DAY * 7.0,
        "year" | "years" | "yr" | "yrs" | "y" => DAY * 365.25,
        _ => return Err(bad()),
    };
    let ago = match suffix {
        None => false,
        Some("ago") if !signed => true,
        Some("from now") if !signed => false,
        _ => return Err(bad()),
    };
    // JavaScript Math.round: halves round up.
    let secs = floor(value * factor + 0.5);
    if !secs.is_finite() || secs > 1e15 {
        return Err(bad());
    }
    let secs = secs as i64;
    Ok(if negative || ago { -secs } else { secs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_like_jose() {
        for (s, v) in [
            ("30s", 30),
            ("30 s", 30),
            ("1 second", 1),
            ("2 mins", 120),
            ("1.5h", 5400),
            ("1 day", 86400),
            ("1w", 604800),
            ("1y", 31557600),
            ("2 HOURS", 7200),
            ("-5s", -5),
            ("- 5s", -5),
            ("+5s", 5),
            ("5s ago", -5),
            ("5s from now", 5),
            ("0.5s", 1),
            (" 5s", 5),
        ] {
            assert_eq!(parse_duration(s).unwrap(), v, "{s}");
        }
        for bad in ["", "s", "5", "5 parsecs", "1.s", ".5s", "1..5s", "-5s ago", "5s  ", "5s later", "1e3s", "  5s"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn millis_round_down() {
        assert_eq!(UnixTime::from_millis(1_700_000_000_999.0).unwrap(), UnixTime(1_700_000_000));
        assert!(UnixTime::from_millis(f64::NAN).is_err());
    }
}
