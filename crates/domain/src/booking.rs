//! Bookings and what they are booked for: the status a booking moves through, services and
//! rooms, and the rule that makes a cancellation late.

use crate::Invalid;
use crate::clinical::vocabulary;
use chrono::{DateTime, TimeDelta, Utc};

vocabulary! {
    /// Where a booking stands. Every state but `cancelled` occupies its slot.
    BookingStatus {
        Scheduled => ("scheduled", "Scheduled"),
        Confirmed => ("confirmed", "Confirmed"),
        CheckedIn => ("checked_in", "Checked in"),
        Completed => ("completed", "Completed"),
        Cancelled => ("cancelled", "Cancelled"),
        NoShow => ("no_show", "No-show"),
    }
}

impl BookingStatus {
    /// The states a booking may move to from this one. `completed`, `cancelled` and `no_show`
    /// are final; a booking is only ever cancelled through cancellation (with its reason).
    pub fn next(self) -> &'static [BookingStatus] {
        use BookingStatus::*;
        match self {
            Scheduled => &[Confirmed, CheckedIn, Cancelled, NoShow],
            Confirmed => &[CheckedIn, Cancelled, NoShow],
            CheckedIn => &[Completed],
            Completed | Cancelled | NoShow => &[],
        }
    }

    /// Whether the booking holds its time (and so counts against double booking).
    pub fn occupies(self) -> bool {
        self != BookingStatus::Cancelled
    }

    /// Whether its time, people and place may still be changed.
    pub fn is_open(self) -> bool {
        matches!(self, BookingStatus::Scheduled | BookingStatus::Confirmed)
    }

    /// Checks a move to `to`, saying what is allowed when it is not.
    pub fn transition(self, to: BookingStatus) -> Result<BookingStatus, Invalid> {
        if to == self {
            return Ok(to);
        }
        if self.next().contains(&to) {
            return Ok(to);
        }
        let allowed: Vec<&str> = self.next().iter().map(|s| s.as_str()).collect();
        let allowed = if allowed.is_empty() {
            "none: it is final".to_owned()
        } else {
            allowed.join(", ")
        };
        Err(Invalid::new(format!(
            "a {} booking cannot become {} (allowed: {allowed})",
            self.as_str(),
            to.as_str()
        )))
    }
}

/// Whether cancelling at `now` a booking that starts at `start` is late: inside the practice's
/// window (hours before the start), or after the start.
pub fn is_late_cancellation(start: DateTime<Utc>, now: DateTime<Utc>, window_hours: i32) -> bool {
    now > start - TimeDelta::hours(i64::from(window_hours))
}

/// A session's length in minutes (5 minutes to 8 hours).
pub fn check_duration(minutes: i64) -> Result<i32, Invalid> {
    i32::try_from(minutes)
        .ok()
        .filter(|m| (5..=480).contains(m))
        .ok_or_else(|| Invalid::new("must be between 5 and 480 minutes"))
}

/// The gap kept free after a session (0 to 2 hours).
pub fn check_buffer(minutes: i64) -> Result<i32, Invalid> {
    i32::try_from(minutes)
        .ok()
        .filter(|m| (0..=120).contains(m))
        .ok_or_else(|| Invalid::new("must be between 0 and 120 minutes"))
}

/// A price in cents (0 to 100,000.00).
pub fn check_price(cents: i64) -> Result<i32, Invalid> {
    i32::try_from(cents)
        .ok()
        .filter(|c| (0..=10_000_000).contains(c))
        .ok_or_else(|| Invalid::new("must be between 0 and 10000000 cents"))
}

/// A short required label (service, room, time-off reason): trimmed, 1 to `max` characters.
pub fn check_label(raw: &str, max: usize) -> Result<String, Invalid> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(Invalid::new("must not be blank"));
    }
    if trimmed.chars().count() > max {
        return Err(Invalid::new(format!("must be at most {max} characters")));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use BookingStatus::*;

    #[test]
    fn only_the_listed_moves_are_allowed() {
        assert_eq!(Scheduled.transition(Confirmed), Ok(Confirmed));
        assert_eq!(Confirmed.transition(CheckedIn), Ok(CheckedIn));
        assert_eq!(CheckedIn.transition(Completed), Ok(Completed));
        assert_eq!(Scheduled.transition(NoShow), Ok(NoShow));
        assert!(Completed.transition(Scheduled).is_err());
        assert!(Cancelled.transition(Confirmed).is_err());
        assert!(CheckedIn.transition(Cancelled).is_err());
        assert!(Confirmed.transition(Scheduled).is_err());
        let message = NoShow.transition(Completed).unwrap_err().0;
        assert!(message.contains("final"), "{message}");
    }

    #[test]
    fn every_state_but_cancelled_occupies_its_slot() {
        for status in BookingStatus::ALL {
            assert_eq!(status.occupies(), *status != Cancelled);
        }
    }

    #[test]
    fn late_means_inside_the_window() {
        let start = DateTime::parse_from_rfc3339("2026-12-01T15:00:00Z").unwrap().to_utc();
        let day_before = start - TimeDelta::hours(24);
        assert!(!is_late_cancellation(start, day_before - TimeDelta::seconds(1), 24));
        assert!(is_late_cancellation(start, day_before + TimeDelta::seconds(1), 24));
        assert!(is_late_cancellation(start, start + TimeDelta::hours(1), 0));
        assert!(!is_late_cancellation(start, start - TimeDelta::hours(1), 0));
    }
}
