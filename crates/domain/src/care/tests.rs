//! Phases derived from races against dates worked out by hand.

use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn race(name: &str, date: &str, priority: RacePriority) -> RaceDay {
    RaceDay {
        id: Uuid::now_v7(),
        name: name.to_owned(),
        date: day(date),
        priority,
    }
}

fn shape(phases: &[Phase]) -> Vec<(PhaseKind, String, String)> {
    phases
        .iter()
        .map(|p| (p.kind, p.starts_on.to_string(), p.ends_on.to_string()))
        .collect()
}

#[test]
fn an_a_race_ten_weeks_out_builds_from_today() {
    let marathon = race("Boston Marathon", "2027-02-14", RacePriority::A);
    let phases = derive_phases(&[marathon], &Conventions::DEFAULT, day("2026-12-03"), day("2027-04-30"));
    let s = |k, a: &str, b: &str| (k, a.to_owned(), b.to_owned());
    assert_eq!(
        shape(&phases),
        vec![
            s(PhaseKind::Build, "2026-12-03", "2027-02-09"),
            s(PhaseKind::Taper, "2027-02-10", "2027-02-13"),
            s(PhaseKind::Race, "2027-02-14", "2027-02-14"),
            s(PhaseKind::Recovery, "2027-02-15", "2027-02-16"),
            s(PhaseKind::Maintenance, "2027-02-17", "2027-04-30"),
        ]
    );
    assert_eq!(phases[0].cadence, Cadence::Every { days: 7 });
    assert_eq!(phases[4].cadence, Conventions::DEFAULT.maintenance);
    check_phases(&phases).unwrap();
}

#[test]
fn a_b_race_inside_an_a_block_cuts_it_and_c_races_shape_nothing() {
    let races = [
        race("Half", "2027-01-10", RacePriority::B),
        race("Park run", "2027-01-23", RacePriority::C),
        race("Marathon", "2027-03-07", RacePriority::A),
    ];
    let phases = derive_phases(&races, &Conventions::DEFAULT, day("2026-12-03"), day("2027-03-31"));
    let kinds: Vec<PhaseKind> = phases.iter().map(|p| p.kind).collect();
    use PhaseKind::*;
    assert_eq!(
        kinds,
        vec![Build, Taper, Race, Recovery, Build, Taper, Race, Recovery, Maintenance]
    );
    // The B race's block: 6 weeks before would be 29 November, so it starts today, biweekly.
    assert_eq!(phases[0].cadence, Cadence::Every { days: 14 });
    // The A build resumes the day after the B race's recovery.
    assert_eq!(phases[4].starts_on, day("2027-01-13"));
    check_phases(&phases).unwrap();
}

#[test]
fn no_races_is_maintenance_throughout() {
    let phases = derive_phases(&[], &Conventions::DEFAULT, day("2026-12-03"), day("2027-06-01"));
    assert_eq!(shape(&phases).len(), 1);
    assert_eq!(phases[0].kind, PhaseKind::Maintenance);
}

#[test]
fn hand_made_phases_are_checked() {
    let p = |kind, a: &str, b: &str, cadence| Phase {
        kind,
        starts_on: day(a),
        ends_on: day(b),
        cadence,
        service_id: None,
        race_id: None,
    };
    let weekly = Cadence::Every { days: 7 };
    assert!(check_phases(&[p(PhaseKind::Rehab, "2026-12-03", "2027-01-31", weekly)]).is_ok());
    let overlapping = [
        p(PhaseKind::Rehab, "2026-12-03", "2027-01-31", weekly),
        p(PhaseKind::Maintenance, "2027-01-31", "2027-03-01", weekly),
    ];
    assert_eq!(check_phases(&overlapping).unwrap_err().0, 1);
    let backwards = [p(PhaseKind::Rehab, "2026-12-03", "2026-12-01", weekly)];
    assert!(check_phases(&backwards).is_err());
    let taper_without_race = [p(PhaseKind::Taper, "2026-12-03", "2026-12-05", Cadence::RaceRelative)];
    assert!(check_phases(&taper_without_race).is_err());
    let silly_window = [p(
        PhaseKind::Maintenance,
        "2026-12-03",
        "2027-01-31",
        Cadence::Window {
            min_days: 28,
            max_days: 21,
        },
    )];
    assert!(check_phases(&silly_window).is_err());
    assert!(check_phases(&[]).is_err());
}

#[test]
fn conventions_refuse_nonsense() {
    let mut c = Conventions::DEFAULT;
    assert!(c.check().is_ok());
    c.taper_days_max = 1;
    assert_eq!(c.check().unwrap_err().0, "taper_days_max");
    let mut c = Conventions::DEFAULT;
    c.maintenance = Cadence::RaceRelative;
    assert_eq!(c.check().unwrap_err().0, "maintenance");
}
