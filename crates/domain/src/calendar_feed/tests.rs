//! Feeds built from hand-made series and rows: a weekly 10:00 in New York across the return
//! to standard time on 1 November 2026.

use super::*;
use crate::recurrence::{Exception, ExceptionKind, RecurrenceRule, RuleEnd, SeriesPattern};
use chrono::{NaiveDate, Weekday};
use chrono_tz::America::New_York;

fn local(m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

fn utc(m: u32, d: u32, h: u32) -> DateTime<Utc> {
    local(m, d, h).and_utc()
}

fn labels(room: Option<&str>) -> Labels {
    Labels {
        client_given_name: "Jordan".into(),
        client_family_name: "Doe".into(),
        therapist_name: "Dana Reyes".into(),
        service: "Sports massage".into(),
        room: room.map(str::to_owned),
    }
}

const THERAPIST: StaffId = StaffId(Uuid::from_u128(1));
const OTHER: StaffId = StaffId(Uuid::from_u128(2));
const SERIES: Uuid = Uuid::from_u128(10);

/// Mondays at 10:00 from 5 October, six times: 14:00 UTC in October, 15:00 UTC in November.
fn series(exceptions: Vec<Exception>, materialised_until: DateTime<Utc>) -> FeedSeries {
    let rule = RecurrenceRule::weekly(1, &[Weekday::Mon], RuleEnd::Count(6)).unwrap();
    let pattern = SeriesPattern::new(local(10, 5, 10), New_York, rule).unwrap();
    FeedSeries {
        id: SERIES,
        series: Series::with_exceptions(pattern, TimeDelta::minutes(60), exceptions).unwrap(),
        materialised_until,
        labels: labels(Some("Room 1")),
        updated_at: utc(9, 1, 0),
    }
}

fn row(n: u128, occurrence: Option<NaiveDateTime>, start: DateTime<Utc>) -> FeedBooking {
    FeedBooking {
        id: Uuid::from_u128(100 + n),
        therapist: THERAPIST,
        occurrence: occurrence.map(|local| (SERIES, local)),
        start,
        end: start + TimeDelta::minutes(60),
        labels: labels(Some("Room 1")),
        updated_at: utc(9, 2, 0),
    }
}

/// The rows a fully materialised series has, but for the occurrences listed in `except`.
fn rows(except: &[u32]) -> Vec<FeedBooking> {
    let starts = [(5, 14), (12, 14), (19, 14), (26, 14), (33, 15), (40, 15)];
    starts
        .iter()
        .enumerate()
        .filter(|(i, _)| !except.contains(&(*i as u32)))
        .map(|(i, (day, hour))| {
            let date = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap() + chrono::Days::new(*day as u64 - 1);
            let rid = date.and_hms_opt(10, 0, 0).unwrap();
            row(i as u128, Some(rid), date.and_hms_opt(*hour, 0, 0).unwrap().and_utc())
        })
        .collect()
}

fn feed(series: &[FeedSeries], bookings: &[FeedBooking]) -> Feed {
    therapist_feed("Stride · Dana Reyes", THERAPIST, series, bookings, utc(10, 1, 12))
}

#[test]
fn a_series_whose_rows_follow_the_rule_is_one_event() {
    let feed = feed(&[series(Vec::new(), utc(12, 31, 0))], &rows(&[]));
    assert_eq!(feed.events.len(), 1);
    let master = &feed.events[0];
    assert_eq!(master.uid, format!("{SERIES}@knead"));
    assert_eq!(master.summary, "J.D. · Sports massage");
    assert_eq!(master.location.as_deref(), Some("Room 1"));
    assert_eq!(
        master.when,
        When::Zoned {
            zone: New_York,
            local: local(10, 5, 10),
            end: ZonedEnd::Local(local(10, 5, 11))
        }
    );
    let recurrence = master.recurrence.as_ref().unwrap();
    assert_eq!(recurrence.rule, "FREQ=WEEKLY;BYDAY=MO;COUNT=6");
    assert!(recurrence.exdates.is_empty());
    assert_eq!(feed.zones.len(), 1);
    assert_eq!(feed.zones[0].zone, New_York);
    assert!(feed.zones[0].observances.iter().any(|o| o.onset == local(11, 1, 2)));
}

#[test]
fn missing_rows_are_excluded_and_moved_rows_override() {
    let mut bookings = rows(&[1, 3]);
    // The 2 November occurrence moved to 12:00 local (17:00 UTC), for 90 minutes.
    let moved = bookings
        .iter_mut()
        .find(|b| b.occurrence.unwrap().1 == local(11, 2, 10))
        .unwrap();
    moved.start = utc(11, 2, 17);
    moved.end = utc(11, 2, 17) + TimeDelta::minutes(90);
    let exceptions = vec![
        Exception {
            recurrence_id: local(10, 12, 10),
            kind: ExceptionKind::Cancelled,
        },
        Exception {
            recurrence_id: local(11, 2, 10),
            kind: ExceptionKind::Moved {
                local: local(11, 2, 12),
                duration: Some(TimeDelta::minutes(90)),
            },
        },
    ];
    let feed = feed(&[series(exceptions, utc(12, 31, 0))], &bookings);
    let recurrence = feed.events[0].recurrence.as_ref().unwrap();
    // 12 October by its exception and its missing row; 26 October by its missing row alone.
    assert_eq!(recurrence.exdates, vec![local(10, 12, 10), local(10, 26, 10)]);
    assert_eq!(feed.events.len(), 2);
    let moved = &feed.events[1];
    assert_eq!(moved.uid, feed.events[0].uid);
    assert_eq!(moved.recurrence_id, Some((New_York, local(11, 2, 10))));
    assert_eq!(
        moved.when,
        When::Zoned {
            zone: New_York,
            local: local(11, 2, 12),
            end: ZonedEnd::Local(local(11, 2, 13) + TimeDelta::minutes(30))
        }
    );
    assert!(moved.recurrence.is_none());
}

#[test]
fn exceptions_decide_where_there_are_no_rows() {
    // Rows stop at 20 October: the later occurrences come from the rule and its exceptions.
    let exceptions = vec![
        Exception {
            recurrence_id: local(10, 26, 10),
            kind: ExceptionKind::Cancelled,
        },
        Exception {
            recurrence_id: local(11, 9, 10),
            kind: ExceptionKind::Moved {
                local: local(11, 10, 9),
                duration: None,
            },
        },
    ];
    let feed = feed(&[series(exceptions, utc(10, 20, 0))], &rows(&[3, 4, 5]));
    assert_eq!(
        feed.events[0].recurrence.as_ref().unwrap().exdates,
        vec![local(10, 26, 10)]
    );
    assert_eq!(feed.events.len(), 2);
    assert_eq!(
        feed.events[1].when,
        When::Zoned {
            zone: New_York,
            local: local(11, 10, 9),
            end: ZonedEnd::Local(local(11, 10, 10))
        }
    );
}

#[test]
fn a_row_with_another_therapist_or_room_is_not_the_rule() {
    let mut bookings = rows(&[]);
    bookings[0].therapist = OTHER;
    bookings[1].labels.room = Some("Room 2".into());
    let feed = feed(&[series(Vec::new(), utc(12, 31, 0))], &bookings);
    assert_eq!(
        feed.events[0].recurrence.as_ref().unwrap().exdates,
        vec![local(10, 5, 10)]
    );
    assert_eq!(feed.events.len(), 2);
    assert_eq!(feed.events[1].recurrence_id, Some((New_York, local(10, 12, 10))));
    assert_eq!(feed.events[1].location.as_deref(), Some("Room 2"));
}

#[test]
fn a_series_with_every_occurrence_gone_is_left_out() {
    let cancelled = [5, 12, 19, 26]
        .into_iter()
        .map(|d| local(10, d, 10))
        .chain([local(11, 2, 10), local(11, 9, 10)])
        .map(|recurrence_id| Exception {
            recurrence_id,
            kind: ExceptionKind::Cancelled,
        })
        .collect();
    let feed = feed(&[series(cancelled, utc(12, 31, 0))], &[]);
    assert!(feed.events.is_empty());
    assert!(feed.zones.is_empty());
}

#[test]
fn one_off_bookings_and_stray_rows_are_events_of_their_own() {
    let mut bookings = rows(&[]);
    let one_off = row(50, None, utc(10, 7, 18));
    // A row of some other therapist's series that this therapist took over.
    let mut stray = row(51, Some(local(10, 8, 9)), utc(10, 8, 13));
    stray.occurrence = Some((Uuid::from_u128(99), local(10, 8, 9)));
    bookings.extend([one_off.clone(), stray.clone()]);
    let feed = feed(&[series(Vec::new(), utc(12, 31, 0))], &bookings);
    let singles: Vec<_> = feed.events.iter().filter(|e| e.recurrence.is_none()).collect();
    assert_eq!(singles.len(), 2);
    let first = singles
        .iter()
        .find(|e| e.uid == format!("{}@knead", one_off.id))
        .unwrap();
    assert_eq!(
        first.when,
        When::Utc {
            start: utc(10, 7, 18),
            end: utc(10, 7, 19)
        }
    );
    assert_eq!(first.stamp, one_off.updated_at);
    assert!(singles.iter().any(|e| e.uid == format!("{}@knead", stray.id)));
}

#[test]
fn a_repeated_local_time_is_written_in_utc() {
    let mut bookings = rows(&[]);
    // Moved to 01:30 EST on 1 November, the second 01:30 of that night.
    let late = local(11, 1, 6) + TimeDelta::minutes(30);
    bookings[4].start = late.and_utc();
    bookings[4].end = late.and_utc() + TimeDelta::minutes(60);
    let feed = feed(&[series(Vec::new(), utc(12, 31, 0))], &bookings);
    assert_eq!(
        feed.events[1].when,
        When::Utc {
            start: late.and_utc(),
            end: late.and_utc() + TimeDelta::minutes(60)
        }
    );
}

#[test]
fn labels_carry_initials_and_nothing_unsafe() {
    let mut labels = labels(None);
    labels.client_given_name = "élodie".into();
    labels.client_family_name = "  van Berg".into();
    labels.service = "Deep tissue\r\nBOOKED".into();
    assert_eq!(labels.for_therapist(), "É.V. · Deep tissue  BOOKED");
    assert_eq!(labels.for_client(), "Deep tissue  BOOKED with Dana Reyes");
    labels.client_given_name.clear();
    labels.client_family_name.clear();
    assert!(labels.for_therapist().starts_with("Client · "));
}

#[test]
fn a_client_feed_lists_only_what_is_still_ahead() {
    let past = row(1, None, utc(9, 1, 15));
    let ahead = row(2, None, utc(10, 9, 15));
    let feed = client_feed("Stride", &[past, ahead.clone()], utc(10, 1, 12));
    assert_eq!(feed.events.len(), 1);
    assert_eq!(feed.events[0].uid, format!("{}@knead", ahead.id));
    assert_eq!(feed.events[0].summary, "Sports massage with Dana Reyes");
    assert!(feed.zones.is_empty());
}

#[test]
fn a_series_over_before_the_window_leaves_its_rows_to_stand_alone() {
    // A month after the last occurrence, a row moved past it is all that is left.
    let mut late = row(9, Some(local(11, 9, 10)), utc(12, 20, 15));
    late.end = utc(12, 20, 16);
    let feed = therapist_feed(
        "Stride",
        THERAPIST,
        &[series(Vec::new(), utc(12, 31, 0))],
        std::slice::from_ref(&late),
        utc(12, 31, 0),
    );
    assert_eq!(feed.events.len(), 1);
    assert_eq!(feed.events[0].uid, format!("{}@knead", late.id));
    assert!(feed.zones.is_empty());
}

#[test]
fn rows_decide_before_the_window_too() {
    // A month on, 5 October is before the window; its exception says cancelled, but its row
    // was moved to Wednesday 7 October and is live.
    let mut bookings = rows(&[]);
    bookings[0].start = utc(10, 7, 14);
    bookings[0].end = utc(10, 7, 15);
    let cancelled = Exception {
        recurrence_id: local(10, 5, 10),
        kind: ExceptionKind::Cancelled,
    };
    let entry = series(vec![cancelled], utc(12, 31, 0));
    let feed = therapist_feed("Stride", THERAPIST, &[entry], &bookings, utc(11, 5, 12));
    assert!(feed.events[0].recurrence.as_ref().unwrap().exdates.is_empty());
    assert_eq!(feed.events.len(), 2);
    assert_eq!(feed.events[1].recurrence_id, Some((New_York, local(10, 5, 10))));
    assert_eq!(
        feed.events[1].when,
        When::Zoned {
            zone: New_York,
            local: local(10, 7, 10),
            end: ZonedEnd::Local(local(10, 7, 11))
        }
    );
}

/// Sundays at `first`'s time from `first`, `count` times, without rows.
fn sunday_series(first: NaiveDateTime, count: u32) -> FeedSeries {
    let rule = RecurrenceRule::weekly(1, &[Weekday::Sun], RuleEnd::Count(count)).unwrap();
    let pattern = SeriesPattern::new(first, New_York, rule).unwrap();
    FeedSeries {
        series: Series::with_exceptions(pattern, TimeDelta::minutes(60), Vec::new()).unwrap(),
        materialised_until: utc(9, 1, 0),
        ..series(Vec::new(), utc(9, 1, 0))
    }
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

#[test]
fn an_occurrence_at_a_repeated_or_skipped_local_time_is_written_in_utc() {
    // 01:30 on 1 November 2026 happens twice; the first (EDT, 05:30 UTC) is the occurrence,
    // and it ends at 01:30 EST: no wall-clock DTEND says 60 minutes, so the master's is UTC.
    let repeated = feed(&[sunday_series(at(2026, 11, 1, 1, 30), 3)], &[]);
    let first_end = at(2026, 11, 1, 6, 30).and_utc();
    assert_eq!(
        repeated.events[0].when,
        When::Zoned {
            zone: New_York,
            local: at(2026, 11, 1, 1, 30),
            end: ZonedEnd::Utc(first_end)
        }
    );
    let overrides: Vec<_> = repeated.events[1..].iter().map(|e| (e.recurrence_id, e.when)).collect();
    let first = When::Utc {
        start: at(2026, 11, 1, 5, 30).and_utc(),
        end: first_end,
    };
    assert_eq!(overrides, [(Some((New_York, at(2026, 11, 1, 1, 30))), first)]);

    // 02:30 on 14 March 2027 does not happen: the occurrence is 03:30 EDT (07:30 UTC) to
    // 04:30 EDT, which 02:30 plus 60 minutes in wall-clock time would make 0 minutes long.
    let skipped = feed(&[sunday_series(at(2027, 3, 7, 2, 30), 3)], &[]);
    assert_eq!(
        skipped.events[0].when,
        When::Zoned {
            zone: New_York,
            local: at(2027, 3, 7, 2, 30),
            end: ZonedEnd::Local(at(2027, 3, 7, 3, 30))
        }
    );
    let overrides: Vec<_> = skipped.events[1..].iter().map(|e| (e.recurrence_id, e.when)).collect();
    let moved_on = When::Utc {
        start: at(2027, 3, 14, 7, 30).and_utc(),
        end: at(2027, 3, 14, 8, 30).and_utc(),
    };
    assert_eq!(overrides, [(Some((New_York, at(2027, 3, 14, 2, 30))), moved_on)]);

    // At 10:00 the clock changes touch nothing: one event, no overrides.
    let day = feed(&[sunday_series(at(2026, 10, 25, 10, 0), 3)], &[]);
    assert_eq!(day.events.len(), 1);
}
