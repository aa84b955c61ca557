//! Golden tests: weekly series across both daylight-saving transitions of 2026 and 2027 in
//! New York, Berlin and Sydney, asserting UTC instants. The transition dates are first checked
//! against the time zone database itself, since the three zones change in different weeks.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::{America, Australia, Europe, Tz};
use knead_domain::recurrence::{RecurrenceRule, RuleEnd, SeriesPattern, resolve_local};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|err| panic!("{text}: {err}"))
}

fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap_or_else(|err| panic!("{text}: {err}"))
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|err| panic!("{text}: {err}"))
        .with_timezone(&Utc)
}

/// Days of `year` whose noon has another UTC offset than the noon before.
fn transition_days(zone: Tz, year: i32) -> Vec<NaiveDate> {
    let offset_at_noon = |date: NaiveDate| {
        let noon = date.and_hms_opt(12, 0, 0).unwrap_or_default();
        zone.offset_from_utc_datetime(&resolve_local(zone, noon).naive_utc())
            .fix()
    };
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    first
        .iter_days()
        .take_while(|date| date.year() == year)
        .filter(|date| {
            date.pred_opt()
                .is_some_and(|before| offset_at_noon(before) != offset_at_noon(*date))
        })
        .collect()
}

/// The `n`th (1-based) Sunday of a month, or the last one for `n == 0`.
fn sunday(year: i32, month: u32, n: u8) -> NaiveDate {
    if n == 0 {
        let next_month = NaiveDate::from_ymd_opt(year, month + 1, 1).unwrap_or_default();
        let mut date = next_month.pred_opt().unwrap_or_default();
        while date.weekday() != Weekday::Sun {
            date = date.pred_opt().unwrap_or_default();
        }
        date
    } else {
        NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, n).unwrap_or_default()
    }
}

#[test]
fn transition_dates_are_the_ones_the_goldens_assume() {
    for year in [2026, 2027] {
        // New York: second Sunday of March, first Sunday of November.
        assert_eq!(
            transition_days(America::New_York, year),
            vec![sunday(year, 3, 2), sunday(year, 11, 1)]
        );
        // Berlin: last Sunday of March, last Sunday of October.
        assert_eq!(
            transition_days(Europe::Berlin, year),
            vec![sunday(year, 3, 0), sunday(year, 10, 0)]
        );
        // Sydney: summer time ends the first Sunday of April, starts the first Sunday of October.
        assert_eq!(
            transition_days(Australia::Sydney, year),
            vec![sunday(year, 4, 1), sunday(year, 10, 1)]
        );
    }
    let expected = [
        (
            America::New_York,
            ["2026-03-08", "2026-11-01", "2027-03-14", "2027-11-07"],
        ),
        (Europe::Berlin, ["2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31"]),
        (
            Australia::Sydney,
            ["2026-04-05", "2026-10-04", "2027-04-04", "2027-10-03"],
        ),
    ];
    for (zone, dates) in expected {
        let mut found = transition_days(zone, 2026);
        found.extend(transition_days(zone, 2027));
        assert_eq!(found, dates.map(day).to_vec(), "{zone}");
    }
}

/// A weekly Sunday series of three occurrences from `first`, as UTC instants.
fn three_sundays(zone: Tz, first: &str) -> Vec<DateTime<Utc>> {
    let rule = RecurrenceRule::weekly(1, &[Weekday::Sun], RuleEnd::Count(3)).unwrap_or_else(|err| panic!("{err}"));
    let pattern = SeriesPattern::new(local(first), zone, rule).unwrap_or_else(|err| panic!("{err}"));
    let all = pattern.occurrences_between(pattern.first_start(), pattern.first_start() + TimeDelta::days(60));
    assert_eq!(all.len(), 3, "{zone} {first}");
    all.iter().map(|occurrence| occurrence.start).collect()
}

fn check(zone: Tz, first: &str, expected: [&str; 3]) {
    assert_eq!(
        three_sundays(zone, first),
        expected.map(utc).to_vec(),
        "{zone} from {first}"
    );
}

#[test]
fn ten_oclock_stays_ten_oclock_across_every_transition() {
    let ny = America::New_York;
    check(
        ny,
        "2026-03-01 10:00",
        ["2026-03-01T15:00:00Z", "2026-03-08T14:00:00Z", "2026-03-15T14:00:00Z"],
    );
    check(
        ny,
        "2026-10-25 10:00",
        ["2026-10-25T14:00:00Z", "2026-11-01T15:00:00Z", "2026-11-08T15:00:00Z"],
    );
    check(
        ny,
        "2027-03-07 10:00",
        ["2027-03-07T15:00:00Z", "2027-03-14T14:00:00Z", "2027-03-21T14:00:00Z"],
    );
    check(
        ny,
        "2027-10-31 10:00",
        ["2027-10-31T14:00:00Z", "2027-11-07T15:00:00Z", "2027-11-14T15:00:00Z"],
    );

    let berlin = Europe::Berlin;
    check(
        berlin,
        "2026-03-22 10:00",
        ["2026-03-22T09:00:00Z", "2026-03-29T08:00:00Z", "2026-04-05T08:00:00Z"],
    );
    check(
        berlin,
        "2026-10-18 10:00",
        ["2026-10-18T08:00:00Z", "2026-10-25T09:00:00Z", "2026-11-01T09:00:00Z"],
    );
    check(
        berlin,
        "2027-03-21 10:00",
        ["2027-03-21T09:00:00Z", "2027-03-28T08:00:00Z", "2027-04-04T08:00:00Z"],
    );
    check(
        berlin,
        "2027-10-24 10:00",
        ["2027-10-24T08:00:00Z", "2027-10-31T09:00:00Z", "2027-11-07T09:00:00Z"],
    );

    let sydney = Australia::Sydney;
    check(
        sydney,
        "2026-03-29 10:00",
        ["2026-03-28T23:00:00Z", "2026-04-05T00:00:00Z", "2026-04-12T00:00:00Z"],
    );
    check(
        sydney,
        "2026-09-27 10:00",
        ["2026-09-27T00:00:00Z", "2026-10-03T23:00:00Z", "2026-10-10T23:00:00Z"],
    );
    check(
        sydney,
        "2027-03-28 10:00",
        ["2027-03-27T23:00:00Z", "2027-04-04T00:00:00Z", "2027-04-11T00:00:00Z"],
    );
    check(
        sydney,
        "2027-09-26 10:00",
        ["2027-09-26T00:00:00Z", "2027-10-02T23:00:00Z", "2027-10-09T23:00:00Z"],
    );
}

#[test]
fn skipped_hour_moves_forward_by_the_gap_and_returns_next_week() {
    let ny = America::New_York;
    check(
        ny,
        "2026-03-01 02:30",
        ["2026-03-01T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-15T06:30:00Z"],
    );
    check(
        ny,
        "2027-03-07 02:30",
        ["2027-03-07T07:30:00Z", "2027-03-14T07:30:00Z", "2027-03-21T06:30:00Z"],
    );

    let berlin = Europe::Berlin;
    check(
        berlin,
        "2026-03-22 02:30",
        ["2026-03-22T01:30:00Z", "2026-03-29T01:30:00Z", "2026-04-05T00:30:00Z"],
    );
    check(
        berlin,
        "2027-03-21 02:30",
        ["2027-03-21T01:30:00Z", "2027-03-28T01:30:00Z", "2027-04-04T00:30:00Z"],
    );

    let sydney = Australia::Sydney;
    check(
        sydney,
        "2026-09-27 02:30",
        ["2026-09-26T16:30:00Z", "2026-10-03T16:30:00Z", "2026-10-10T15:30:00Z"],
    );
    check(
        sydney,
        "2027-09-26 02:30",
        ["2027-09-25T16:30:00Z", "2027-10-02T16:30:00Z", "2027-10-09T15:30:00Z"],
    );
}

#[test]
fn skipped_occurrence_keeps_its_wall_clock_id() {
    let rule = RecurrenceRule::parse("FREQ=WEEKLY;COUNT=3").unwrap_or_else(|err| panic!("{err}"));
    let pattern =
        SeriesPattern::new(local("2026-03-01 02:30"), America::New_York, rule).unwrap_or_else(|err| panic!("{err}"));
    let on_the_day = pattern.occurrence(local("2026-03-08 02:30"));
    assert_eq!(
        on_the_day.map(|o| (o.index, o.start)),
        Some((1, utc("2026-03-08T03:30:00-04:00")))
    );
    assert_eq!(pattern.occurrence(local("2026-03-08 03:30")), None);
}

#[test]
fn repeated_hour_takes_the_earlier_instant() {
    let ny = America::New_York;
    check(
        ny,
        "2026-10-25 01:30",
        ["2026-10-25T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-08T06:30:00Z"],
    );
    check(
        ny,
        "2027-10-31 01:30",
        ["2027-10-31T05:30:00Z", "2027-11-07T05:30:00Z", "2027-11-14T06:30:00Z"],
    );

    let berlin = Europe::Berlin;
    check(
        berlin,
        "2026-10-18 02:30",
        ["2026-10-18T00:30:00Z", "2026-10-25T00:30:00Z", "2026-11-01T01:30:00Z"],
    );
    check(
        berlin,
        "2027-10-24 02:30",
        ["2027-10-24T00:30:00Z", "2027-10-31T00:30:00Z", "2027-11-07T01:30:00Z"],
    );

    let sydney = Australia::Sydney;
    check(
        sydney,
        "2026-03-29 02:30",
        ["2026-03-28T15:30:00Z", "2026-04-04T15:30:00Z", "2026-04-11T16:30:00Z"],
    );
    check(
        sydney,
        "2027-03-28 02:30",
        ["2027-03-27T15:30:00Z", "2027-04-03T15:30:00Z", "2027-04-10T16:30:00Z"],
    );
}

#[test]
fn window_starting_in_the_second_repeated_hour_skips_the_earlier_occurrence() {
    let rule = RecurrenceRule::parse("FREQ=WEEKLY").unwrap_or_else(|err| panic!("{err}"));
    let pattern =
        SeriesPattern::new(local("2026-10-25 01:30"), America::New_York, rule).unwrap_or_else(|err| panic!("{err}"));
    // 01:30 EST on 1 November is an hour after the occurrence (01:30 EDT).
    let next = pattern.first_at_or_after(utc("2026-11-01T06:30:00Z"));
    assert_eq!(next.map(|o| o.local), Some(local("2026-11-08 01:30")));
}

#[test]
fn split_on_a_transition_day_ends_one_second_before_the_occurrence() {
    let rule = RecurrenceRule::parse("FREQ=WEEKLY;BYDAY=SU;COUNT=10").unwrap_or_else(|err| panic!("{err}"));
    let pattern =
        SeriesPattern::new(local("2026-10-18 10:00"), America::New_York, rule).unwrap_or_else(|err| panic!("{err}"));
    let series =
        knead_domain::recurrence::Series::new(pattern, TimeDelta::minutes(60)).unwrap_or_else(|e| panic!("{e}"));
    let split = series
        .split_at(local("2026-11-01 10:00"))
        .unwrap_or_else(|err| panic!("{err}"));
    let before = split.before.unwrap_or_else(|| panic!("no first part"));
    assert_eq!(
        before.pattern().rule().to_rrule_string(),
        "FREQ=WEEKLY;BYDAY=SU;UNTIL=20261101T145959Z"
    );
    assert_eq!(before.pattern().occurrence_count(), Some(2));
    assert_eq!(
        split.from.pattern().rule().to_rrule_string(),
        "FREQ=WEEKLY;BYDAY=SU;COUNT=8"
    );
    assert_eq!(split.from.pattern().first_start(), utc("2026-11-01T15:00:00Z"));
}

#[test]
fn a_zone_that_skips_midnight_still_places_the_occurrence() {
    // Havana springs forward at midnight: 00:30 on 8 March 2026 does not exist, nor does 00:00.
    let havana = America::Havana;
    assert_eq!(transition_days(havana, 2026).first(), Some(&day("2026-03-08")));
    check(
        havana,
        "2026-03-01 00:30",
        ["2026-03-01T05:30:00Z", "2026-03-08T05:30:00Z", "2026-03-15T04:30:00Z"],
    );

    // The rrule crate's iterator drops that occurrence, which is why expansion is done here.
    let zone = rrule::Tz::Tz(havana);
    let start = resolve_local(havana, local("2026-03-01 00:30")).with_timezone(&zone);
    let dates = "FREQ=WEEKLY;COUNT=3"
        .parse::<rrule::RRule<rrule::Unvalidated>>()
        .and_then(|rule| rule.build(start))
        .map(|set| set.all(10).dates)
        .unwrap_or_else(|err| panic!("{err}"));
    let days: Vec<NaiveDate> = dates.iter().map(|at| at.date_naive()).collect();
    assert!(!days.contains(&day("2026-03-08")), "{days:?}");
}

#[test]
fn window_starting_inside_the_gap_finds_the_moved_occurrence() {
    let rule = RecurrenceRule::parse("FREQ=WEEKLY").unwrap_or_else(|err| panic!("{err}"));
    let pattern =
        SeriesPattern::new(local("2026-03-01 02:30"), America::New_York, rule).unwrap_or_else(|err| panic!("{err}"));
    // 03:00 EDT on 8 March: the 02:30 occurrence, moved to 03:30 EDT, is still ahead.
    let next = pattern.first_at_or_after(utc("2026-03-08T07:00:00Z"));
    assert_eq!(
        next.map(|o| (o.local, o.start)),
        Some((local("2026-03-08 02:30"), utc("2026-03-08T07:30:00Z")))
    );
}
