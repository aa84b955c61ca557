//! Turning a series into booking rows: how far ahead rows exist, what to do with occurrences
//! that clash with other bookings, and what becomes of an occurrence's row when the series is
//! changed from it on.

use super::{OccurrenceState, PlannedOccurrence, Series};
use crate::booking::BookingStatus;
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

/// How far ahead occurrence rows exist (so the exclusion constraints cover them).
pub const HORIZON: TimeDelta = TimeDelta::days(365);

/// The end of the stretch whose occurrences have rows at `now`.
pub fn horizon_end(now: DateTime<Utc>) -> DateTime<Utc> {
    now + HORIZON
}

/// What to do with occurrences that clash with other bookings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnConflict {
    /// Write nothing and report them all.
    Reject,
    /// Write the rest and record them as skipped; with no rest, reject.
    Skip,
}

impl OnConflict {
    /// Whether writing goes on with `clashing` occurrences in the way.
    pub fn goes_on(self, clashing: usize) -> bool {
        clashing == 0 || self == OnConflict::Skip
    }
}

/// Whether a create or change whose every occurrence to book clashes is refused (as `reject`
/// would be): it would leave a series with nothing booked. `booked` counts the rows written and
/// the moved occurrences carried onto the series. The horizon job does not ask this: a series
/// that exists may find a stretch of its future taken.
pub fn refused_as_empty(clashing: usize, booked: usize) -> bool {
    booked == 0 && clashing > 0
}

/// The occurrences that need a booking row: planned, neither cancelled nor already written.
pub fn to_book(planned: &[PlannedOccurrence], written: &[NaiveDateTime]) -> Vec<PlannedOccurrence> {
    planned
        .iter()
        .filter(|o| o.state != OccurrenceState::Cancelled && !written.contains(&o.recurrence_id))
        .copied()
        .collect()
}

/// What becomes of an existing occurrence row when the series changes from it on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFate {
    /// A moved or cancelled occurrence the change keeps: the row follows it onto the changed
    /// series, under this recurrence id.
    Follow(NaiveDateTime),
    /// Kept as a single booking, out of the series.
    Detach,
    /// A plain future occurrence: written again from the changed series.
    Replace,
}

/// The fate of the row of occurrence `recurrence_id` (in `status`, an exception of the old
/// series or not, dropped by the change or not) when the series becomes `changed`. An
/// exception keeps its day and takes the changed series' time of day as its recurrence id;
/// a session under way or past stays as it is, out of the series.
pub fn row_fate(
    recurrence_id: NaiveDateTime,
    status: BookingStatus,
    exception: bool,
    dropped: bool,
    changed: &Series,
) -> RowFate {
    match (exception, dropped) {
        (true, true) => RowFate::Detach,
        (true, false) => RowFate::Follow(recurrence_id.date().and_time(changed.pattern().first_local().time())),
        (false, _) if status.is_open() => RowFate::Replace,
        (false, _) => RowFate::Detach,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recurrence::{Exception, ExceptionKind, RecurrenceRule, SeriesPattern};

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    fn weekly_at(first: &str) -> Series {
        let rule = RecurrenceRule::parse("FREQ=WEEKLY;COUNT=10").unwrap();
        let pattern = SeriesPattern::new(local(first), chrono_tz::Europe::London, rule).unwrap();
        Series::new(pattern, TimeDelta::minutes(60)).unwrap()
    }

    #[test]
    fn rows_exist_a_year_ahead() {
        let now = DateTime::parse_from_rfc3339("2026-12-03T12:00:00Z").unwrap().to_utc();
        assert_eq!(horizon_end(now), now + TimeDelta::days(365));
    }

    #[test]
    fn reject_stops_at_any_clash_skip_only_when_nothing_is_left() {
        assert!(OnConflict::Reject.goes_on(0));
        assert!(!OnConflict::Reject.goes_on(1));
        assert!(OnConflict::Skip.goes_on(3));
        assert!(refused_as_empty(2, 0));
        assert!(!refused_as_empty(2, 1));
        assert!(!refused_as_empty(0, 0));
    }

    #[test]
    fn only_uncancelled_unwritten_occurrences_are_booked() {
        let series = weekly_at("2027-01-05T10:00");
        let from = series.pattern().first_start();
        let planned = series.occurrences_between(from, from + TimeDelta::weeks(3));
        assert_eq!(planned.len(), 3);
        let cancelled = series
            .with_exception(Exception {
                recurrence_id: planned[2].recurrence_id,
                kind: ExceptionKind::Cancelled,
            })
            .unwrap()
            .occurrences_between(from, from + TimeDelta::weeks(3));
        let wanted = to_book(&cancelled, &[planned[0].recurrence_id]);
        assert_eq!(wanted, vec![planned[1]]);
    }

    #[test]
    fn a_kept_exception_follows_at_the_changed_time_of_day() {
        let changed = weekly_at("2027-01-12T14:30");
        let rid = local("2027-01-19T10:00");
        assert_eq!(
            row_fate(rid, BookingStatus::Scheduled, true, false, &changed),
            RowFate::Follow(local("2027-01-19T14:30"))
        );
        assert_eq!(
            row_fate(rid, BookingStatus::Scheduled, true, true, &changed),
            RowFate::Detach
        );
        for status in [BookingStatus::Scheduled, BookingStatus::Confirmed] {
            assert_eq!(row_fate(rid, status, false, false, &changed), RowFate::Replace);
        }
        for status in [
            BookingStatus::CheckedIn,
            BookingStatus::Completed,
            BookingStatus::Cancelled,
            BookingStatus::NoShow,
        ] {
            assert_eq!(
                row_fate(rid, status, false, false, &changed),
                RowFate::Detach,
                "{status:?}"
            );
        }
    }
}
