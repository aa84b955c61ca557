//! The one rule that turns a practice's wall-clock time into an instant, used by every part of
//! recurrence (pattern occurrences, moved occurrences, first starts) so that the same local time
//! always lands on the same instant.
//!
//! - A local time that exists once maps to that instant.
//! - A local time that does not exist (the clocks jump forward over it) is read with the offset in
//!   force just before the jump, which moves it forward by the length of the gap: 02:30 on the
//!   day New York springs forward becomes 03:30 EDT (07:30 UTC).
//! - A local time that exists twice (the clocks fall back over it) takes the earlier instant, the
//!   one still on summer time: 01:30 on the day New York falls back is 01:30 EDT (05:30 UTC).
//!
//! This is what RFC 5545 (section 3.3.5) asks for and what common calendar programs do.

use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// How far back [`resolve_local`] looks for the offset in force before a gap. The longest gap in
/// the time zone database is a whole day (Pacific/Apia skipped 30 December 2011).
const GAP_SEARCH: TimeDelta = TimeDelta::hours(26);
const GAP_STEP: TimeDelta = TimeDelta::minutes(15);

/// The instant of a wall-clock time in `zone`, by the rule in the module documentation.
pub fn resolve_local(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(at) => at.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, later) => earlier.min(later).with_timezone(&Utc),
        LocalResult::None => resolve_in_gap(zone, local),
    }
}

/// Reads `local` with the offset of the last wall-clock time before the gap that contains it.
fn resolve_in_gap(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let mut probe = local;
    while local - probe <= GAP_SEARCH {
        probe -= GAP_STEP;
        if let Some(before) = zone.from_local_datetime(&probe).latest() {
            let offset = before.offset().fix();
            return (local - offset).and_utc();
        }
    }
    // The zone database has no gap this long; reading the time as UTC keeps the function total.
    local.and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use chrono_tz::{America, Australia, Europe, Pacific};

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|date| date.and_hms_opt(h, min, 0))
            .unwrap_or_default()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        local(y, m, d, h, min).and_utc()
    }

    #[test]
    fn ordinary_time_is_exact() {
        assert_eq!(
            resolve_local(America::New_York, local(2026, 1, 5, 10, 0)),
            utc(2026, 1, 5, 15, 0)
        );
    }

    #[test]
    fn skipped_time_moves_forward_by_the_gap() {
        assert_eq!(
            resolve_local(America::New_York, local(2026, 3, 8, 2, 30)),
            utc(2026, 3, 8, 7, 30)
        );
        assert_eq!(
            resolve_local(Europe::Berlin, local(2026, 3, 29, 2, 0)),
            utc(2026, 3, 29, 1, 0)
        );
        // Lord Howe Island moves its clocks by half an hour.
        assert_eq!(
            resolve_local(Australia::Lord_Howe, local(2026, 10, 4, 2, 15)),
            utc(2026, 10, 3, 15, 45)
        );
        // Samoa skipped a whole day: Friday 10:00 is read as Saturday 10:00.
        assert_eq!(
            resolve_local(Pacific::Apia, local(2011, 12, 30, 10, 0)),
            resolve_local(Pacific::Apia, local(2011, 12, 31, 10, 0))
        );
    }

    #[test]
    fn repeated_time_takes_the_earlier_instant() {
        assert_eq!(
            resolve_local(America::New_York, local(2026, 11, 1, 1, 30)),
            utc(2026, 11, 1, 5, 30)
        );
        assert_eq!(
            resolve_local(Australia::Sydney, local(2026, 4, 5, 2, 30)),
            utc(2026, 4, 4, 15, 30)
        );
    }
}
