//! The practice (tenant): its name, URL-safe slug, time zone and cancellation window.

use crate::Invalid;
use serde::{Deserialize, Serialize};

/// The longest postal address a practice may give, in characters.
pub const ADDRESS_MAX_CHARS: usize = 500;

/// A practice's display name: 1–200 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PracticeName(String);

impl PracticeName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let trimmed = raw.trim();
        match trimmed.chars().count() {
            0 => Err(Invalid::new("must not be blank")),
            1..=200 => Ok(Self(trimmed.to_owned())),
            _ => Err(Invalid::new("must be at most 200 characters")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The practice's handle in logins and URLs: 2–63 lowercase letters, digits and inner hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PracticeSlug(String);

impl PracticeSlug {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let ok_chars = raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let ok_ends = !raw.starts_with('-') && !raw.ends_with('-');
        if (2..=63).contains(&raw.len()) && ok_chars && ok_ends {
            Ok(Self(raw.to_owned()))
        } else {
            Err(Invalid::new(
                "must be 2-63 lowercase letters, digits or hyphens, not starting or ending with a hyphen",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An IANA time zone such as `Europe/London`; every local date-time of a practice is in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeZone(chrono_tz::Tz);

impl TimeZone {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        raw.parse::<chrono_tz::Tz>()
            .map(Self)
            .map_err(|_| Invalid::new("must be an IANA time zone such as Europe/London"))
    }

    pub fn tz(self) -> chrono_tz::Tz {
        self.0
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

impl TryFrom<String> for TimeZone {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse(&raw)
    }
}

impl From<TimeZone> for String {
    fn from(zone: TimeZone) -> String {
        zone.name().to_owned()
    }
}

/// How many hours before a booking a cancellation still counts as on time: 0–168 (a week).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CancellationWindow(u8);

impl CancellationWindow {
    pub const DEFAULT: Self = Self(24);

    pub fn hours(raw: i64) -> Result<Self, Invalid> {
        u8::try_from(raw)
            .ok()
            .filter(|h| *h <= 168)
            .map(Self)
            .ok_or_else(|| Invalid::new("must be between 0 and 168 hours"))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// How long the web app waits without a keystroke, click or touch before it signs its user
/// out (HIPAA §164.312(a)(2)(iii) automatic logoff): 2 to 240 minutes, 15 unless the owner
/// sets another. The app warns a minute before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleLogoff(u8);

impl IdleLogoff {
    pub const DEFAULT: Self = Self(15);
    pub const MIN_MINUTES: u8 = 2;
    pub const MAX_MINUTES: u8 = 240;

    pub fn minutes(raw: i64) -> Result<Self, Invalid> {
        u8::try_from(raw)
            .ok()
            .filter(|m| (Self::MIN_MINUTES..=Self::MAX_MINUTES).contains(m))
            .map(Self)
            .ok_or_else(|| Invalid::new("must be between 2 and 240 minutes"))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_logoff_bounds() {
        assert_eq!(IdleLogoff::DEFAULT.get(), 15);
        assert_eq!(IdleLogoff::minutes(2).map(IdleLogoff::get), Ok(2));
        assert_eq!(IdleLogoff::minutes(240).map(IdleLogoff::get), Ok(240));
        for bad in [1, 0, -1, 241, 100_000] {
            assert!(IdleLogoff::minutes(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn slug_rules() {
        assert!(PracticeSlug::parse("stride-massage").is_ok());
        assert!(PracticeSlug::parse("a1").is_ok());
        for bad in ["", "a", "-ab", "ab-", "Ab", "a b", "ä-b", &"a".repeat(64)] {
            assert!(PracticeSlug::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn zone_and_window() {
        assert_eq!(
            TimeZone::parse("America/New_York").map(TimeZone::name),
            Ok("America/New_York")
        );
        assert!(TimeZone::parse("Mars/Olympus").is_err());
        assert_eq!(CancellationWindow::hours(168).map(CancellationWindow::get), Ok(168));
        assert!(CancellationWindow::hours(169).is_err());
        assert!(CancellationWindow::hours(-1).is_err());
    }

    #[test]
    fn name_is_trimmed_and_bounded() {
        assert_eq!(
            PracticeName::parse("  Stride  ").map(|n| n.as_str().to_owned()),
            Ok("Stride".into())
        );
        assert!(PracticeName::parse("   ").is_err());
        assert!(PracticeName::parse(&"x".repeat(201)).is_err());
    }
}
