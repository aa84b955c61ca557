//! Days the whole practice is closed (holidays): a local date in the practice's zone and a
//! name. Availability offers nothing on them; a booking lands on one only by an override.

use crate::Invalid;
use crate::booking::check_label;
use crate::recurrence::resolve_local;
use crate::schedule::Span;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;

/// What a closed day is called ("New Year's Day"): 1 to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedDayName(String);

impl ClosedDayName {
    pub const MAX: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        check_label(raw, Self::MAX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The instants a local day covers: from its first moment to the next day's (23 or 25 hours
/// across a daylight-saving change).
pub fn day_span(zone: Tz, day: NaiveDate) -> Span {
    let start = resolve_local(zone, day.and_time(NaiveTime::MIN));
    let end = resolve_local(zone, (day + TimeDelta::days(1)).and_time(NaiveTime::MIN));
    Span::new(start, end)
}

/// The spans of the closed days.
pub fn spans(zone: Tz, days: &[NaiveDate]) -> Vec<Span> {
    days.iter().map(|day| day_span(zone, *day)).collect()
}

/// The first closed day a session touches, if any.
pub fn touched_by(zone: Tz, days: &[NaiveDate], session: &Span) -> Option<NaiveDate> {
    days.iter().copied().find(|day| day_span(zone, *day).overlaps(session))
}

/// The local dates a span of instants touches: what to load to check it against closed days.
pub fn local_dates(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> (NaiveDate, NaiveDate) {
    (
        from.with_timezone(&zone).date_naive(),
        to.with_timezone(&zone).date_naive(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::America::New_York;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn a_day_spans_local_midnight_to_midnight_across_dst() {
        let fall_back = day_span(New_York, date("2026-11-01"));
        assert_eq!(fall_back.end - fall_back.start, TimeDelta::hours(25));
        assert_eq!(fall_back.start.to_rfc3339(), "2026-11-01T04:00:00+00:00");
        let ordinary = day_span(New_York, date("2026-12-25"));
        assert_eq!(ordinary.end - ordinary.start, TimeDelta::hours(24));
    }

    #[test]
    fn a_session_touching_a_closed_day_names_it() {
        let days = [date("2026-12-25"), date("2027-01-01")];
        let day = day_span(New_York, date("2026-12-25"));
        let on = Span::new(day.start + TimeDelta::hours(10), day.start + TimeDelta::hours(11));
        assert_eq!(touched_by(New_York, &days, &on), Some(date("2026-12-25")));
        let before = Span::new(day.start - TimeDelta::hours(2), day.start);
        assert_eq!(touched_by(New_York, &days, &before), None);
        assert!(ClosedDayName::parse("  ").is_err());
        assert!(ClosedDayName::parse(&"x".repeat(101)).is_err());
        assert_eq!(ClosedDayName::parse(" Christmas ").expect("name").as_str(), "Christmas");
    }

    /// Free slots skip a closed day whole and keep the days around it.
    #[test]
    fn free_slots_offer_nothing_on_a_closed_day() {
        use crate::schedule::{AvailabilityQuery, WeeklyHours, WorkInterval, free_slots};
        use chrono::Weekday;
        let nine = NaiveTime::from_hms_opt(9, 0, 0).expect("time");
        let noon = NaiveTime::from_hms_opt(12, 0, 0).expect("time");
        let hours = WeeklyHours::new(
            [Weekday::Thu, Weekday::Fri, Weekday::Sat]
                .into_iter()
                .map(|weekday| WorkInterval {
                    weekday,
                    starts: nine,
                    ends: noon,
                })
                .collect(),
        )
        .expect("hours");
        let closed = [date("2026-12-25")];
        let query = |closed_days| AvailabilityQuery {
            zone: New_York,
            from: day_span(New_York, date("2026-12-24")).start,
            to: day_span(New_York, date("2026-12-26")).end,
            not_before: day_span(New_York, date("2026-01-01")).start,
            hours: &hours,
            time_off: &[],
            closed_days,
            busy: &[],
            duration: TimeDelta::minutes(60),
            buffer: TimeDelta::zero(),
            step: TimeDelta::minutes(60),
        };
        let days = |slots: Vec<Span>| -> Vec<NaiveDate> {
            let mut days: Vec<NaiveDate> = slots
                .iter()
                .map(|s| s.start.with_timezone(&New_York).date_naive())
                .collect();
            days.dedup();
            days
        };
        assert_eq!(
            days(free_slots(&query(&[]))),
            [date("2026-12-24"), date("2026-12-25"), date("2026-12-26")]
        );
        let open = free_slots(&query(&closed));
        assert_eq!(open.len(), 6);
        assert_eq!(days(open), [date("2026-12-24"), date("2026-12-26")]);
    }
}
