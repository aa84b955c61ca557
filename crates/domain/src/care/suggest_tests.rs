//! Proposals against a fixed clock and the real free-slot function, and properties that hold
//! whatever the races, time off and bookings.

use super::*;
use crate::care::{Cadence, derive_phases};
use crate::client::RacePriority;
use crate::recurrence::resolve_local;
use crate::schedule::{AvailabilityQuery, WeeklyHours, WorkInterval, free_slots};
use chrono::{NaiveTime, Weekday};
use chrono_tz::America::New_York as ZONE;
use proptest::prelude::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    resolve_local(ZONE, date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap()))
}

/// Thursday 3 December 2026, noon in New York.
fn now() -> DateTime<Utc> {
    at(day("2026-12-03"), 12)
}

const SERVICE: Uuid = Uuid::from_u128(1);
const LIGHT: Uuid = Uuid::from_u128(2);

/// Monday to Saturday, 09:00–17:00.
fn hours() -> WeeklyHours {
    use Weekday::*;
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    WeeklyHours::new(
        [Mon, Tue, Wed, Thu, Fri, Sat]
            .into_iter()
            .map(|weekday| WorkInterval {
                weekday,
                starts: t(9),
                ends: t(17),
            })
            .collect(),
    )
    .unwrap()
}

/// Free 60-minute slots (and 45-minute light ones) through `until`, on an hourly grid.
fn offers(until: NaiveDate, time_off: &[Span], busy: &[Span], closed: &[NaiveDate]) -> Vec<Offer> {
    let week = hours();
    [(SERVICE, 60), (LIGHT, 45)]
        .into_iter()
        .flat_map(|(service, minutes)| {
            free_slots(&AvailabilityQuery {
                zone: ZONE,
                from: now(),
                to: at(until + TimeDelta::days(1), 0),
                not_before: now(),
                hours: &week,
                time_off,
                closed_days: closed,
                busy,
                duration: TimeDelta::minutes(minutes),
                buffer: TimeDelta::zero(),
                step: TimeDelta::minutes(60),
            })
            .into_iter()
            .map(move |span| Offer { service, span })
        })
        .collect()
}

struct World {
    races: Vec<RaceDay>,
    time_off: Vec<Span>,
    busy: Vec<Span>,
    sessions: Vec<DateTime<Utc>>,
    until: NaiveDate,
}

fn run(world: &World, rejected: &[String]) -> (Vec<Proposal>, Vec<Span>) {
    let phases = derive_phases(&world.races, &Conventions::DEFAULT, now().date_naive(), world.until);
    let offers = offers(world.until, &world.time_off, &world.busy, &[]);
    let mut taken = world.time_off.clone();
    taken.extend(world.busy.iter().copied());
    let proposals = suggest(&SuggestInput {
        zone: ZONE,
        now: now(),
        until: world.until,
        phases: &phases,
        races: &world.races,
        conventions: &Conventions::DEFAULT,
        service: SERVICE,
        light_service: Some(LIGHT),
        sessions: &world.sessions,
        offers: &offers,
        taken: &taken,
        rejected,
    });
    (proposals, taken)
}

fn local_day(p: &Proposal) -> NaiveDate {
    p.span.start.with_timezone(&ZONE).date_naive()
}

fn marathon() -> RaceDay {
    RaceDay {
        id: Uuid::from_u128(9),
        name: "Boston Marathon".to_owned(),
        date: day("2027-02-14"),
        priority: RacePriority::A,
    }
}

#[test]
fn a_marathon_ten_weeks_out_gets_weekly_build_a_taper_and_a_recovery() {
    let race = marathon();
    // A week of time off over Christmas, and a booking of someone else on 10 December.
    let time_off = vec![Span::new(at(day("2026-12-21"), 0), at(day("2026-12-28"), 0))];
    let busy = vec![Span::new(at(day("2026-12-10"), 9), at(day("2026-12-10"), 17))];
    let world = World {
        races: vec![race.clone()],
        time_off,
        busy,
        sessions: vec![],
        until: day("2027-02-28"),
    };
    let (proposals, _) = run(&world, &[]);
    let of = |kind| proposals.iter().filter(|p| p.phase == kind).collect::<Vec<_>>();
    let build = of(PhaseKind::Build);
    // 4 Dec .. 9 Feb weekly is ten sessions; the Christmas week's is dropped.
    assert!(
        (8..=10).contains(&build.len()),
        "{} build sessions: {build:#?}",
        build.len()
    );
    for pair in build.windows(2) {
        let gap = (local_day(pair[1]) - local_day(pair[0])).num_days();
        assert!(
            (6..=8).contains(&gap) || gap > 8 && local_day(pair[0]) < day("2026-12-28"),
            "gap {gap}"
        );
    }
    assert!(
        build
            .iter()
            .all(|p| p.reason == "build: weekly" && p.service == SERVICE)
    );
    let taper = of(PhaseKind::Taper);
    assert_eq!(taper.len(), 1);
    assert_eq!(local_day(taper[0]), day("2027-02-11"), "3 days before is preferred");
    assert_eq!(taper[0].reason, "taper: 3 days before Boston Marathon");
    assert_eq!(taper[0].service, LIGHT);
    let recovery = of(PhaseKind::Recovery);
    assert_eq!(recovery.len(), 1);
    assert_eq!(local_day(recovery[0]), day("2027-02-15"));
    assert_eq!(recovery[0].reason, "recovery: 1 day after Boston Marathon");
    assert!(proposals.iter().all(|p| local_day(p) != race.date));
    assert!(
        proposals
            .iter()
            .all(|p| !(day("2026-12-21")..day("2026-12-28")).contains(&local_day(p)))
    );
    let tenth = proposals.iter().find(|p| local_day(p) == day("2026-12-10"));
    assert!(tenth.is_none(), "the therapist is booked all day on the 10th");
}

#[test]
fn a_booked_session_counts_and_the_taper_moves_when_its_day_is_full() {
    let race = marathon();
    // Booked already on 8 December; the therapist is busy all day 11 February.
    let sessions = vec![at(day("2026-12-08"), 10)];
    let busy = vec![Span::new(at(day("2027-02-11"), 0), at(day("2027-02-12"), 0))];
    let world = World {
        races: vec![race.clone()],
        time_off: vec![],
        busy,
        sessions,
        until: day("2027-02-20"),
    };
    let (proposals, _) = run(&world, &[]);
    let build: Vec<NaiveDate> = proposals
        .iter()
        .filter(|p| p.phase == PhaseKind::Build)
        .map(local_day)
        .collect();
    assert_eq!(
        build.first(),
        Some(&day("2026-12-15")),
        "a week after the booked session"
    );
    let taper = proposals.iter().find(|p| p.phase == PhaseKind::Taper).unwrap();
    assert_eq!(local_day(taper), day("2027-02-12"));
    assert_eq!(taper.reason, "taper: 2 days before Boston Marathon");
}

#[test]
fn rejected_proposals_are_not_proposed_again() {
    let world = World {
        races: vec![marathon()],
        time_off: vec![],
        busy: vec![],
        sessions: vec![],
        until: day("2027-02-20"),
    };
    let (first, _) = run(&world, &[]);
    let rejected: Vec<String> = first.iter().take(2).map(|p| p.key.clone()).collect();
    let taper = first.iter().find(|p| p.phase == PhaseKind::Taper).unwrap().key.clone();
    let mut all_rejected = rejected.clone();
    all_rejected.push(taper.clone());
    let (second, _) = run(&world, &all_rejected);
    assert!(second.iter().all(|p| !all_rejected.contains(&p.key)));
    assert!(second.iter().all(|p| p.phase != PhaseKind::Taper));
    let (again, _) = run(&world, &[]);
    assert_eq!(first, again, "the same inputs propose the same sessions");
}

#[test]
fn maintenance_proposes_inside_its_window() {
    let world = World {
        races: vec![],
        time_off: vec![],
        busy: vec![],
        sessions: vec![at(day("2026-11-20"), 10)],
        until: day("2027-03-31"),
    };
    let (proposals, _) = run(&world, &[]);
    let days: Vec<NaiveDate> = proposals.iter().map(local_day).collect();
    assert_eq!(days.first(), Some(&day("2026-12-11")), "21 days after the last session");
    for pair in days.windows(2) {
        assert!((21..=28).contains(&(pair[1] - pair[0]).num_days()));
    }
    assert!(proposals.iter().all(|p| p.reason == "maintenance: every 21–28 days"));
    let _ = Cadence::RaceRelative;
}

fn span_strategy() -> impl Strategy<Value = Span> {
    (1i64..90, 0u32..10, 1i64..72).prop_map(|(d, h, len)| {
        let start = at(day("2026-12-03") + TimeDelta::days(d), 8 + h);
        Span::new(start, start + TimeDelta::hours(len))
    })
}

fn race_strategy() -> impl Strategy<Value = RaceDay> {
    (2i64..100, 0usize..3, any::<u8>()).prop_map(|(d, p, n)| RaceDay {
        id: Uuid::from_u128(1000 + u128::from(n)),
        name: format!("Race {n}"),
        date: day("2026-12-03") + TimeDelta::days(d),
        priority: [RacePriority::A, RacePriority::B, RacePriority::C][p],
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn proposals_respect_time_off_bookings_and_race_windows(
        races in prop::collection::vec(race_strategy(), 0..3),
        time_off in prop::collection::vec(span_strategy(), 0..4),
        busy in prop::collection::vec(span_strategy(), 0..6),
        held in prop::collection::vec(1i64..100, 0..4),
        reject in prop::collection::vec(any::<prop::sample::Index>(), 0..3),
    ) {
        let mut races = races;
        races.sort_by_key(|r| r.id);
        races.dedup_by_key(|r| r.id);
        let world = World {
            races,
            time_off,
            busy,
            sessions: held.iter().map(|d| at(day("2026-12-03") + TimeDelta::days(*d), 7)).collect(),
            until: day("2027-03-31"),
        };
        let (proposals, taken) = run(&world, &[]);
        for (i, p) in proposals.iter().enumerate() {
            prop_assert!(!taken.iter().any(|t| t.overlaps(&p.span)), "over something taken: {p:?}");
            prop_assert!(!proposals[..i].iter().any(|q| q.span.overlaps(&p.span)), "two proposals overlap");
            prop_assert!(!world.races.iter().any(|r| r.date == local_day(p)), "on a race day: {p:?}");
            prop_assert!(local_day(p) > day("2026-12-03") && local_day(p) <= world.until);
            prop_assert!(!proposals[..i].iter().any(|q| q.key == p.key), "keys repeat");
            let race_of = |key: &str| world.races.iter().find(|r| key.ends_with(&r.id.to_string())).cloned();
            match p.phase {
                PhaseKind::Taper => {
                    let race = race_of(&p.key).unwrap();
                    prop_assert!((2..=4).contains(&(race.date - local_day(p)).num_days()), "taper {p:?}");
                }
                PhaseKind::Recovery => {
                    let race = race_of(&p.key).unwrap();
                    prop_assert!((1..=2).contains(&(local_day(p) - race.date).num_days()), "recovery {p:?}");
                }
                PhaseKind::Race => prop_assert!(false, "a race day was proposed"),
                _ => {}
            }
        }
        let rejected: Vec<String> = reject.iter().filter(|_| !proposals.is_empty()).map(|i| proposals[i.index(proposals.len())].key.clone()).collect();
        let (again, _) = run(&world, &rejected);
        prop_assert!(again.iter().all(|p| !rejected.contains(&p.key)));
    }
}
