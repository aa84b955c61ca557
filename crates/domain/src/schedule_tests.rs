//! Availability against slots computed by hand, across New York's return to standard time.

use super::*;
use chrono::NaiveDateTime;
use chrono_tz::America::New_York;

fn t(hh: u32, mm: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hh, mm, 0).unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

fn local(s: &str) -> DateTime<Utc> {
    resolve_local(New_York, NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
}

fn span(from: &str, to: &str) -> Span {
    Span::new(local(from), local(to))
}

fn week() -> WeeklyHours {
    let w = |weekday, a, b| WorkInterval {
        weekday,
        starts: a,
        ends: b,
    };
    WeeklyHours::new(vec![
        // Split hours on Monday; a single block on the other days.
        w(Weekday::Mon, t(13, 0), t(17, 0)),
        w(Weekday::Mon, t(9, 0), t(12, 0)),
        w(Weekday::Tue, t(9, 0), t(12, 0)),
        w(Weekday::Sat, t(10, 0), t(12, 0)),
        w(Weekday::Sun, t(10, 0), t(12, 0)),
    ])
    .unwrap()
}

/// Saturday 31 October to Wednesday 4 November 2026; clocks go back at 02:00 on Sunday.
/// A 60-minute service with 15 minutes of buffer, on a 30-minute grid.
/// Monday: a booking 09:00–10:00 (+15 buffer) and time off 14:00–17:00.
/// Tuesday: a 30-minute booking 10:30–11:00 with no buffer.
fn the_week_by_hand(not_before: DateTime<Utc>) -> Vec<Span> {
    let hours = week();
    let time_off = [span("2026-11-02 14:00", "2026-11-02 17:00")];
    let busy = [
        span("2026-11-02 09:00", "2026-11-02 10:15"),
        span("2026-11-03 10:30", "2026-11-03 11:00"),
    ];
    free_slots(&AvailabilityQuery {
        zone: New_York,
        from: local("2026-10-31 00:00"),
        to: local("2026-11-04 00:00"),
        not_before,
        hours: &hours,
        time_off: &time_off,
        closed_days: &[],
        busy: &busy,
        duration: TimeDelta::minutes(60),
        buffer: TimeDelta::minutes(15),
        step: TimeDelta::minutes(30),
    })
}

#[test]
fn a_week_with_split_hours_time_off_buffers_and_a_dst_change() {
    let starts: Vec<DateTime<Utc>> = the_week_by_hand(utc("2026-01-01T00:00:00Z"))
        .iter()
        .map(|s| s.start)
        .collect();
    let expected = [
        // Saturday, still EDT (UTC−4): 10:00, 10:30, 11:00 (11:30 would end past 12:00).
        "2026-10-31T14:00:00Z",
        "2026-10-31T14:30:00Z",
        "2026-10-31T15:00:00Z",
        // Sunday, EST (UTC−5) after 02:00: the same wall-clock times, an hour later in UTC.
        "2026-11-01T15:00:00Z",
        "2026-11-01T15:30:00Z",
        "2026-11-01T16:00:00Z",
        // Monday: 09:00 and 09:30 hit the booking (busy to 10:15 with its buffer), so 10:30
        // and 11:00; then 13:00 (its session ends as the time off begins; the buffer may run
        // into it), 13:30 onwards is time off.
        "2026-11-02T15:30:00Z",
        "2026-11-02T16:00:00Z",
        "2026-11-02T18:00:00Z",
        // Tuesday: 09:00 (its buffer ends 10:15, before the 10:30 booking); 09:30 and 10:00
        // would run into it with their buffer; 11:00 after it.
        "2026-11-03T14:00:00Z",
        "2026-11-03T16:00:00Z",
    ]
    .map(utc);
    assert_eq!(starts, expected);
}

#[test]
fn no_slot_starts_in_the_past() {
    let slots = the_week_by_hand(local("2026-10-31 10:15"));
    assert_eq!(slots[0].start, utc("2026-10-31T14:30:00Z"));
    assert_eq!(slots.len(), 10);
}

#[test]
fn working_hours_refuse_bad_and_overlapping_intervals() {
    let w = |a, b| WorkInterval {
        weekday: Weekday::Wed,
        starts: a,
        ends: b,
    };
    assert_eq!(WeeklyHours::new(vec![w(t(9, 0), t(9, 0))]).unwrap_err().0, 0);
    let (index, why) = WeeklyHours::new(vec![w(t(9, 0), t(12, 0)), w(t(11, 0), t(14, 0))]).unwrap_err();
    assert_eq!(index, 1);
    assert!(why.0.contains("overlaps"));
    assert!(WeeklyHours::new(vec![w(t(9, 0), t(12, 0)), w(t(12, 0), t(14, 0))]).is_ok());
}

#[test]
fn covers_means_inside_one_interval() {
    let hours = week();
    assert!(hours.covers(New_York, &span("2026-11-02 09:00", "2026-11-02 12:00")));
    assert!(!hours.covers(New_York, &span("2026-11-02 11:30", "2026-11-02 13:30")));
    assert!(!hours.covers(New_York, &span("2026-11-04 09:00", "2026-11-04 10:00")));
    // Sunday after the change: 10:00 EST is 15:00 UTC.
    assert!(hours.covers(
        New_York,
        &Span::new(utc("2026-11-01T15:00:00Z"), utc("2026-11-01T16:00:00Z"))
    ));
    assert!(!hours.covers(
        New_York,
        &Span::new(utc("2026-11-01T14:00:00Z"), utc("2026-11-01T15:00:00Z"))
    ));
}
