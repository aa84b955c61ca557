//! Property tests of series expansion and edits, for random rules, zones, exceptions, split
//! points and end instants: a split loses and doubles nothing, exceptions survive later edits,
//! ending a series cancels exactly the occurrences from the end on, windows far from the first
//! start are exact, and the expansion agrees with the `rrule` crate's iterator.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::{America, Asia, Australia, Europe, Tz, UTC};
use knead_domain::recurrence::{
    Exception, ExceptionKind, OccurrenceState, PlannedOccurrence, RecurrenceRule, RuleEnd, Series, SeriesChange,
    SeriesPattern, resolve_local,
};
use proptest::prelude::*;
use proptest::sample::{Index, select};

const ZONES: [Tz; 7] = [
    America::New_York,
    Europe::Berlin,
    Australia::Sydney,
    Australia::Lord_Howe,
    America::Havana,
    Asia::Kolkata,
    UTC,
];

/// Times of day around the transitions of the zones above, and ordinary ones.
const TIMES: [(u32, u32); 9] = [
    (0, 0),
    (0, 30),
    (1, 30),
    (2, 0),
    (2, 30),
    (3, 0),
    (10, 0),
    (17, 45),
    (23, 30),
];

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Far enough to hold every occurrence of the bounded series generated here.
fn horizon(pattern: &SeriesPattern) -> DateTime<Utc> {
    pattern.first_start() + TimeDelta::days(7 * 4 * 80 + 14)
}

fn fail(err: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(err.to_string())
}

prop_compose! {
    fn patterns()(
        zone in select(ZONES.to_vec()),
        day in 0u64..5_800,
        time in select(TIMES.to_vec()),
        interval in 1u8..=4,
        extra_days in 0u8..128,
        week_start in select(WEEK.to_vec()),
        end_kind in 0u8..3,
        count in 1u32..=80,
        until_minutes in 0i64..(400 * 24 * 60),
    ) -> SeriesPattern {
        let date = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default() + chrono::Days::new(day);
        let first = date.and_time(NaiveTime::from_hms_opt(time.0, time.1, 0).unwrap_or_default());
        let mut weekdays: Vec<Weekday> =
            WEEK.iter().enumerate().filter(|(i, _)| extra_days & (1 << i) != 0).map(|(_, d)| *d).collect();
        weekdays.push(chrono::Datelike::weekday(&first));
        let start = resolve_local(zone, first);
        let end = match end_kind {
            0 => RuleEnd::Open,
            1 => RuleEnd::Count(count),
            _ => RuleEnd::Until(start + TimeDelta::minutes(until_minutes)),
        };
        let rule = RecurrenceRule::weekly(interval, &weekdays, end)
            .and_then(|rule| {
                let text = format!("{};WKST={}", rule.to_rrule_string(), ical(week_start));
                RecurrenceRule::parse(&text)
            })
            .unwrap_or_else(|err| panic!("rule: {err}"));
        SeriesPattern::new(first, zone, rule).unwrap_or_else(|err| panic!("pattern: {err}"))
    }
}

fn ical(day: Weekday) -> String {
    day.to_string().to_uppercase()[..2].to_owned()
}

/// A series with exceptions on some of its occurrences: cancelled, or moved by up to two hours
/// with or without a new length.
fn series_with_exceptions() -> impl Strategy<Value = Series> {
    (
        patterns(),
        prop::collection::vec((any::<Index>(), 0u8..3, -120i64..=120), 0..6),
    )
        .prop_map(|(pattern, picks)| {
            let all = pattern.occurrences_between(pattern.first_start(), horizon(&pattern));
            let exceptions = picks.into_iter().map(|(index, kind, shift)| {
                let occurrence = all[index.index(all.len())];
                let local = occurrence.local + TimeDelta::minutes(shift);
                let kind = match kind {
                    0 => ExceptionKind::Cancelled,
                    1 => ExceptionKind::Moved { local, duration: None },
                    _ => ExceptionKind::Moved {
                        local,
                        duration: Some(TimeDelta::minutes(90)),
                    },
                };
                Exception {
                    recurrence_id: occurrence.local,
                    kind,
                }
            });
            Series::with_exceptions(pattern, TimeDelta::minutes(60), exceptions).unwrap_or_else(|err| panic!("{err}"))
        })
}

fn planned(series: &Series, horizon: DateTime<Utc>) -> Vec<PlannedOccurrence> {
    series.occurrences_between(series.pattern().first_start(), horizon)
}

/// Occurrences of the parts of a split, re-indexed as positions in the original series.
fn joined(parts: &[Option<&Series>], horizon: DateTime<Utc>) -> Vec<PlannedOccurrence> {
    let mut all = Vec::new();
    for part in parts.iter().flatten() {
        let offset = all.len() as u32;
        all.extend(planned(part, horizon).into_iter().map(|mut occurrence| {
            occurrence.index += offset;
            occurrence
        }));
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn split_reproduces_the_series(series in series_with_exceptions(), at in any::<Index>()) {
        let end = horizon(series.pattern());
        let original = planned(&series, end);
        let cut = original[at.index(original.len())];
        let split = series.split_at(cut.recurrence_id).map_err(fail)?;
        let parts = [split.before.as_ref(), Some(&split.from)];
        prop_assert_eq!(&joined(&parts, end), &original);

        let before_len = split.before.as_ref().map_or(0, |before| planned(before, end).len());
        prop_assert_eq!(before_len, cut.index as usize);
        // The second part starts at the cut occurrence's rule-given start; the first ends one
        // second before it, so its last occurrence is the one before the cut.
        let cut_start = series.pattern().occurrence(cut.recurrence_id).map(|o| o.start);
        let from_first = split.from.pattern().nth(0);
        prop_assert_eq!(from_first.map(|o| (o.local, Some(o.start))), Some((cut.recurrence_id, cut_start)));
        if let Some(before) = &split.before {
            let last = before.pattern().last();
            prop_assert_eq!(last.map(|o| o.index + 1), Some(cut.index));
            let until = cut_start.map(|start| RuleEnd::Until(start - TimeDelta::seconds(1)));
            prop_assert_eq!(Some(before.pattern().rule().end()), until);
        }
        if let RuleEnd::Count(count) = series.pattern().rule().end() {
            prop_assert_eq!(split.from.pattern().occurrence_count(), Some(count - cut.index));
        }
        let split_day = cut.recurrence_id.date();
        let on_day = |list: &[PlannedOccurrence]| list.iter().filter(|o| o.recurrence_id.date() == split_day).count();
        prop_assert_eq!(on_day(&joined(&parts, end)), on_day(&original));
    }

    #[test]
    fn exceptions_survive_later_splits(series in series_with_exceptions(), first in any::<Index>(), second in any::<Index>()) {
        let end = horizon(series.pattern());
        let original = planned(&series, end);
        let first_cut = original[first.index(original.len())];
        let split = series.split_at(first_cut.recurrence_id).map_err(fail)?;
        let from = planned(&split.from, end);
        let second_cut = from[second.index(from.len())];
        let again = split.from.split_at(second_cut.recurrence_id).map_err(fail)?;
        let parts = [split.before.as_ref(), again.before.as_ref(), Some(&again.from)];
        prop_assert_eq!(&joined(&parts, end), &original);
        let exceptions = parts.iter().flatten().map(|part| part.exceptions().count()).sum::<usize>();
        prop_assert_eq!(exceptions, series.exceptions().count());
    }

    #[test]
    fn change_from_keeps_exceptions_on_their_days(series in series_with_exceptions(), at in any::<Index>(), hour in 6u32..20) {
        let end = horizon(series.pattern());
        let original = planned(&series, end);
        let cut = original[at.index(original.len())];
        let now = series.pattern().first_start();
        let unchanged = series.change_from(cut.recurrence_id, &SeriesChange::default(), now).map_err(fail)?;
        prop_assert!(unchanged.detached.is_empty());
        prop_assert_eq!(&joined(&[unchanged.before.as_ref(), Some(&unchanged.from)], end), &original);

        let new_time = NaiveTime::from_hms_opt(hour, 15, 0).unwrap_or_default();
        let change = SeriesChange { first_local: Some(cut.recurrence_id.date().and_time(new_time)), ..SeriesChange::default() };
        // A user-given UNTIL stays where it was: a later time of day can push the last occurrence
        // past it, which detaches its exception or refuses a change of the last occurrence.
        let until_end = matches!(series.pattern().rule().end(), RuleEnd::Until(_));
        let new_first = resolve_local(series.pattern().zone(), cut.recurrence_id.date().and_time(new_time));
        match series.change_from(cut.recurrence_id, &change, now) {
            Ok(changed) => {
                if !until_end {
                    prop_assert!(changed.detached.is_empty());
                    let moved: Vec<_> = changed.from.exceptions().map(|e| (e.recurrence_id.date(), e.kind)).collect();
                    let expected: Vec<_> = series
                        .exceptions()
                        .filter(|e| e.recurrence_id >= cut.recurrence_id)
                        .map(|e| (e.recurrence_id.date(), e.kind))
                        .collect();
                    prop_assert_eq!(moved, expected);
                }
                for occurrence in planned(&changed.from, end + TimeDelta::days(1)) {
                    if occurrence.state != OccurrenceState::Moved {
                        prop_assert_eq!(occurrence.local.time(), new_time);
                    }
                }
            }
            // Otherwise only a new time before `now` on the first day is refused.
            Err(err) => prop_assert!(until_end || new_first < now, "{}", err),
        }
    }

    #[test]
    fn end_at_cancels_exactly_the_future(series in series_with_exceptions(), minutes in -(14 * 24 * 60i64)..(7 * 4 * 80 * 24 * 60)) {
        let end = horizon(series.pattern());
        let original = planned(&series, end);
        let instant = series.pattern().first_start() + TimeDelta::minutes(minutes);
        let ended = series.end_at(instant).map_err(fail)?;
        let kept = ended.kept.as_ref().map(|kept| planned(kept, end)).unwrap_or_default();
        let expected: Vec<_> = original.iter().filter(|o| rule_start(&series, o) < instant).copied().collect();
        prop_assert_eq!(kept, expected);
        let dropped: Vec<_> = series.exceptions()
            .filter(|e| series.pattern().occurrence(e.recurrence_id).is_some_and(|o| o.start >= instant))
            .collect();
        prop_assert_eq!(ended.dropped, dropped);
    }

    #[test]
    fn windows_far_from_the_first_start_are_exact(pattern in patterns(), from_days in 0i64..3_000, length_hours in 0i64..(24 * 60)) {
        let from = pattern.first_start() + TimeDelta::hours(from_days * 24 - 36);
        let to = from + TimeDelta::hours(length_hours);
        let walked: Vec<_> = pattern.occurrences_from(pattern.first_start())
            .skip_while(|o| o.start < from)
            .take_while(|o| o.start < to)
            .collect();
        prop_assert_eq!(&pattern.occurrences_between(from, to), &walked);
        for occurrence in walked {
            prop_assert_eq!(pattern.occurrence(occurrence.local), Some(occurrence));
            prop_assert_eq!(pattern.nth(occurrence.index), Some(occurrence));
        }
    }

    #[test]
    fn first_at_or_after_an_instant_near_an_occurrence(pattern in patterns(), at in any::<Index>(), minutes in -90i64..=90) {
        let some: Vec<_> = pattern.occurrences_from(pattern.first_start()).take(400).collect();
        let near = some[at.index(some.len())];
        let instant = near.start + TimeDelta::minutes(minutes);
        let walked = pattern.occurrences_from(pattern.first_start()).find(|o| o.start >= instant);
        prop_assert_eq!(pattern.first_at_or_after(instant), walked);
    }

    #[test]
    fn expansion_agrees_with_the_rrule_crate(pattern in patterns()) {
        // The crate cannot place a first start that does not exist once, and drops occurrences
        // on days whose midnight is skipped (Havana); elsewhere both must agree.
        prop_assume!(pattern.zone() != America::Havana);
        let zone = rrule::Tz::Tz(pattern.zone());
        let LocalResult::Single(start) = zone.from_local_datetime(&pattern.first_local()) else {
            return Err(TestCaseError::reject("first start is not a single instant"));
        };
        let set = pattern.rule().to_rrule_string().parse::<rrule::RRule<rrule::Unvalidated>>()
            .and_then(|rule| rule.build(start))
            .map_err(fail)?;
        let end = horizon(&pattern);
        let theirs: Vec<DateTime<Utc>> = set.into_iter().map(|at| at.with_timezone(&Utc)).take_while(|at| *at < end).take(400).collect();
        let ours: Vec<DateTime<Utc>> = pattern.occurrences_from(pattern.first_start()).map(|o| o.start).take_while(|at| *at < end).take(400).collect();
        prop_assert_eq!(ours, theirs);
    }
}

/// The instant the rule gives an occurrence, before any move.
fn rule_start(series: &Series, occurrence: &PlannedOccurrence) -> DateTime<Utc> {
    series
        .pattern()
        .occurrence(occurrence.recurrence_id)
        .map(|o| o.start)
        .unwrap_or_default()
}

#[test]
fn edits_refuse_the_past_and_strangers() {
    let first = NaiveDate::from_ymd_opt(2026, 5, 4)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .unwrap_or_default();
    let rule = RecurrenceRule::parse("FREQ=WEEKLY;BYDAY=MO,TH;COUNT=10").unwrap_or_else(|err| panic!("{err}"));
    let pattern = SeriesPattern::new(first, Europe::Berlin, rule).unwrap_or_else(|err| panic!("{err}"));
    let series = Series::new(pattern, TimeDelta::minutes(60)).unwrap_or_else(|err| panic!("{err}"));
    let now = Utc.with_ymd_and_hms(2026, 5, 8, 0, 0, 0).single().unwrap_or_default();
    let past = first;
    let stranger = first + TimeDelta::days(1);
    let next = first + TimeDelta::days(7);
    assert!(series.cancel_one(past, now).is_err());
    assert!(series.cancel_one(stranger, now).is_err());
    assert!(series.split_at(stranger).is_err());
    let cancelled = series.cancel_one(next, now).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(
        cancelled.occurrence(next).map(|o| o.state),
        Some(OccurrenceState::Cancelled)
    );
    let all_future = series
        .change_all_future(&SeriesChange::default(), now)
        .unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(all_future.from.pattern().first_local(), next);
    // Two of the ten occurrences (4 and 7 May) are past.
    assert_eq!(all_future.from.pattern().occurrence_count(), Some(8));
    let late = Utc.with_ymd_and_hms(2026, 7, 1, 0, 0, 0).single().unwrap_or_default();
    assert!(series.change_all_future(&SeriesChange::default(), late).is_err());
}
