//! How long a session may be: the one rule for services, bookings, series (and their moved
//! occurrences) and session notes.

use crate::Invalid;
use chrono::TimeDelta;

/// The length of one session: 5 minutes to 8 hours. A service's length, a booking's span, a
/// series' (or a moved occurrence's) length and a note's duration are all one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionLength(TimeDelta);

impl SessionLength {
    /// The shortest session, in minutes.
    pub const MIN_MINUTES: i64 = 5;
    /// The longest session, in minutes.
    pub const MAX_MINUTES: i64 = 480;

    fn refused() -> Invalid {
        Invalid::new(format!(
            "must be between {} and {} minutes",
            Self::MIN_MINUTES,
            Self::MAX_MINUTES
        ))
    }

    /// A length given in whole minutes.
    pub fn from_minutes(minutes: i64) -> Result<Self, Invalid> {
        if (Self::MIN_MINUTES..=Self::MAX_MINUTES).contains(&minutes) {
            Ok(Self(TimeDelta::minutes(minutes)))
        } else {
            Err(Self::refused())
        }
    }

    /// A length given as a span of time (a booking's end minus its start, a series' length).
    pub fn from_delta(delta: TimeDelta) -> Result<Self, Invalid> {
        if delta >= TimeDelta::minutes(Self::MIN_MINUTES) && delta <= TimeDelta::minutes(Self::MAX_MINUTES) {
            Ok(Self(delta))
        } else {
            Err(Self::refused())
        }
    }

    /// The length in whole minutes (as stored).
    pub fn minutes(self) -> i32 {
        i32::try_from(self.0.num_minutes()).unwrap_or(i32::MAX)
    }

    pub fn delta(self) -> TimeDelta {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_minutes_to_eight_hours() {
        for refused in [i64::MIN, -5, 0, 4, 481, 720, i64::MAX] {
            let err = SessionLength::from_minutes(refused).unwrap_err();
            assert_eq!(err.0, "must be between 5 and 480 minutes", "{refused}");
        }
        for allowed in [5, 60, 480] {
            assert_eq!(
                SessionLength::from_minutes(allowed).map(SessionLength::minutes),
                Ok(allowed as i32)
            );
        }
    }

    #[test]
    fn spans_are_held_to_the_same_bounds() {
        let seconds = |s: i64| SessionLength::from_delta(TimeDelta::seconds(s));
        assert!(seconds(5 * 60 - 1).is_err());
        assert_eq!(seconds(5 * 60).map(SessionLength::delta), Ok(TimeDelta::minutes(5)));
        assert_eq!(seconds(480 * 60).map(SessionLength::minutes), Ok(480));
        assert!(seconds(480 * 60 + 1).is_err());
        assert!(seconds(-3600).is_err());
    }
}
