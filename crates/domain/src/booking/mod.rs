//! Bookings and what they are booked for: the status a booking moves through, services and
//! rooms, and the rule that makes a cancellation late; what a booking occupies is in `slot`.

use crate::Invalid;
use crate::clinical::vocabulary;
use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

mod slot;
pub use slot::{Resource, Slot, clashes_with, occupied};

/// How early a client may be checked in: from an hour before the session starts (time for the
/// intake talk and changing). Earlier than that a check-in is a slip, most often the wrong
/// booking picked in the calendar, and it would let the booking be completed before its day.
pub const CHECK_IN_WINDOW: TimeDelta = TimeDelta::minutes(60);

/// When a status change is asked for, in the terms the rules about time need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusMoment {
    /// The session's start.
    pub start: DateTime<Utc>,
    /// Now, by the app's clock.
    pub now: DateTime<Utc>,
    /// Whether today is the session's day: its start's date in the practice's zone is today's
    /// date there. Mistaken states may be corrected only then.
    pub same_day: bool,
}

impl StatusMoment {
    pub fn new(start: DateTime<Utc>, now: DateTime<Utc>, zone: Tz) -> Self {
        Self {
            start,
            now,
            same_day: start.with_timezone(&zone).date_naive() == now.with_timezone(&zone).date_naive(),
        }
    }
}

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
    /// The states a booking may move to from this one, whatever the time. `completed` and
    /// `cancelled` are final; a booking is only ever cancelled through cancellation (with its
    /// reason). `checked_in → confirmed` and `no_show → scheduled` undo a mistake, and only on
    /// the session's day (see [`BookingStatus::transition_at`]).
    pub fn next(self) -> &'static [BookingStatus] {
        use BookingStatus::*;
        match self {
            Scheduled => &[Confirmed, CheckedIn, Cancelled, NoShow],
            Confirmed => &[CheckedIn, Cancelled, NoShow],
            CheckedIn => &[Completed, Confirmed],
            NoShow => &[Scheduled],
            Completed | Cancelled => &[],
        }
    }

    /// Whether moving from this state to `to` undoes a mistaken one.
    fn corrects(self, to: BookingStatus) -> bool {
        matches!(
            (self, to),
            (BookingStatus::CheckedIn, BookingStatus::Confirmed) | (BookingStatus::NoShow, BookingStatus::Scheduled)
        )
    }

    /// Checks a move to `to` at `moment`: allowed by [`BookingStatus::next`], and in time. A
    /// client is checked in from [`CHECK_IN_WINDOW`] before the start; a session is completed
    /// or marked a no-show only once it has started; a correction is made on the session's day.
    pub fn transition_at(self, to: BookingStatus, moment: StatusMoment) -> Result<BookingStatus, Invalid> {
        let to = self.transition(to)?;
        if to == self {
            return Ok(to);
        }
        let refused = |why: String| Err(Invalid::new(why));
        match to {
            BookingStatus::CheckedIn if moment.now < moment.start - CHECK_IN_WINDOW => refused(format!(
                "a booking can be checked in from {} minutes before its start ({}), not earlier",
                CHECK_IN_WINDOW.num_minutes(),
                moment.start.to_rfc3339()
            )),
            BookingStatus::Completed | BookingStatus::NoShow if moment.now < moment.start => refused(format!(
                "a booking can become {} only once it has started ({})",
                to.as_str(),
                moment.start.to_rfc3339()
            )),
            _ if self.corrects(to) && !moment.same_day => refused(format!(
                "a {} booking can go back to {} only on the day of the session",
                self.as_str(),
                to.as_str()
            )),
            _ => Ok(to),
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

/// The longest gap kept free after a session, in minutes.
pub const MAX_BUFFER_MINUTES: i64 = 120;

/// The longest a session and its buffer keep a therapist busy.
pub const LONGEST_OCCUPATION: TimeDelta = TimeDelta::minutes(crate::SessionLength::MAX_MINUTES + MAX_BUFFER_MINUTES);

/// The gap kept free after a session (0 to [`MAX_BUFFER_MINUTES`]).
pub fn check_buffer(minutes: i64) -> Result<i32, Invalid> {
    i32::try_from(minutes)
        .ok()
        .filter(|m| (0..=MAX_BUFFER_MINUTES).contains(&i64::from(*m)))
        .ok_or_else(|| Invalid::new(format!("must be between 0 and {MAX_BUFFER_MINUTES} minutes")))
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
        assert!(NoShow.transition(Completed).is_err());
        // No-show stopped being final when corrections came in: the "final" message moved to
        // `completed`, which still is.
        let message = Completed.transition(NoShow).unwrap_err().0;
        assert!(message.contains("final"), "{message}");
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    /// A session at 10:00 in Denver (16:00 UTC) on 1 December 2026, seen at `now`.
    fn moment(now: &str) -> StatusMoment {
        StatusMoment::new(utc("2026-12-01T17:00:00Z"), utc(now), chrono_tz::America::Denver)
    }

    #[test]
    fn check_in_opens_an_hour_before_the_start() {
        assert_eq!(CHECK_IN_WINDOW, TimeDelta::minutes(60));
        let early = Scheduled.transition_at(CheckedIn, moment("2026-12-01T15:59:59Z"));
        assert!(early.unwrap_err().0.contains("60 minutes before"));
        assert_eq!(
            Scheduled.transition_at(CheckedIn, moment("2026-12-01T16:00:00Z")),
            Ok(CheckedIn)
        );
        assert_eq!(
            Confirmed.transition_at(CheckedIn, moment("2026-12-01T18:30:00Z")),
            Ok(CheckedIn)
        );
        let week_ahead = Confirmed.transition_at(CheckedIn, moment("2026-11-24T17:00:00Z"));
        assert!(week_ahead.is_err());
    }

    #[test]
    fn completed_and_no_show_wait_for_the_start() {
        for to in [Completed, NoShow] {
            let from = if to == Completed { CheckedIn } else { Confirmed };
            let before = from.transition_at(to, moment("2026-12-01T16:59:59Z")).unwrap_err().0;
            assert!(before.contains("once it has started"), "{before}");
            assert_eq!(from.transition_at(to, moment("2026-12-01T17:00:00Z")), Ok(to));
            assert_eq!(from.transition_at(to, moment("2026-12-03T09:00:00Z")), Ok(to));
        }
        assert_eq!(
            Scheduled.transition_at(NoShow, moment("2026-12-01T17:10:00Z")),
            Ok(NoShow)
        );
    }

    #[test]
    fn mistakes_are_corrected_on_the_session_day_in_the_practice_zone() {
        // 23:30 in Denver on 1 December is 06:30 UTC on the 2nd: still the session's day.
        assert_eq!(
            CheckedIn.transition_at(Confirmed, moment("2026-12-02T06:30:00Z")),
            Ok(Confirmed)
        );
        assert_eq!(
            NoShow.transition_at(Scheduled, moment("2026-12-01T18:00:00Z")),
            Ok(Scheduled)
        );
        // 00:30 in Denver on the 2nd: the day has passed.
        let late = NoShow
            .transition_at(Scheduled, moment("2026-12-02T07:30:00Z"))
            .unwrap_err()
            .0;
        assert!(late.contains("only on the day"), "{late}");
        assert!(
            CheckedIn
                .transition_at(Confirmed, moment("2026-12-02T07:30:00Z"))
                .is_err()
        );
        // Confirming a scheduled booking is not a correction: any day will do.
        assert_eq!(
            Scheduled.transition_at(Confirmed, moment("2026-11-01T12:00:00Z")),
            Ok(Confirmed)
        );
    }

    #[test]
    fn the_whole_table_at_the_start_of_the_session() {
        // At the start, on its day, only the table itself decides.
        let at_start = moment("2026-12-01T17:00:00Z");
        for from in BookingStatus::ALL {
            for to in BookingStatus::ALL {
                let allowed = from == to || from.next().contains(to);
                assert_eq!(from.transition_at(*to, at_start).is_ok(), allowed, "{from:?} -> {to:?}");
            }
        }
        assert_eq!(CheckedIn.next(), &[Completed, Confirmed]);
        assert_eq!(NoShow.next(), &[Scheduled]);
        assert!(Completed.next().is_empty() && Cancelled.next().is_empty());
    }

    #[test]
    fn every_state_but_cancelled_occupies_its_slot() {
        for status in BookingStatus::ALL {
            assert_eq!(status.occupies(), *status != Cancelled);
        }
    }

    #[test]
    fn a_session_and_its_buffer_last_at_most_ten_hours() {
        assert_eq!(LONGEST_OCCUPATION, TimeDelta::hours(10));
        assert_eq!(check_buffer(120), Ok(120));
        assert_eq!(check_buffer(121).unwrap_err().0, "must be between 0 and 120 minutes");
        assert!(check_buffer(-1).is_err());
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
