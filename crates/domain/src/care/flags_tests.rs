//! Flags against notes made by hand.

use super::*;
use crate::client::PressurePreference;
use crate::clinical::PainIntensity;
use crate::notes::{PainChange, RegionSide, TechniqueApplied};

fn note(date: &str, region: BodyRegion, side: Side, before: u8, technique: Option<Technique>) -> NoteContent {
    NoteContent {
        session_date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        duration_minutes: 60,
        subjective: None,
        objective: None,
        assessment: None,
        plan: None,
        techniques: technique
            .into_iter()
            .map(|technique| TechniqueApplied {
                technique,
                regions: vec![RegionSide { region, side }],
                minutes: 20,
                pressure: PressurePreference::Medium,
            })
            .collect(),
        pain: vec![PainChange {
            region,
            side,
            before: PainIntensity::new(i64::from(before)).unwrap(),
            after: PainIntensity::new(i64::from(before.saturating_sub(1))).unwrap(),
        }],
        home_care: vec![],
        next_visit_in_days: None,
    }
}

fn calf(scores: &[u8], technique: Option<Technique>) -> Vec<NoteContent> {
    scores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            note(
                &format!("2026-11-{:02}", 1 + 7 * i),
                BodyRegion::Calf,
                Side::Left,
                *s,
                technique,
            )
        })
        .collect()
}

fn kinds(notes: &[NoteContent], intake: &[Contraindication], n: u8) -> Vec<FlagKind> {
    let refs: Vec<&NoteContent> = notes.iter().collect();
    flags(&refs, intake, n).into_iter().map(|f| f.kind).collect()
}

#[test]
fn rising_pain_over_three_sessions_flags_and_falling_or_flat_does_not() {
    assert_eq!(kinds(&calf(&[2, 4, 6], None), &[], 4), vec![FlagKind::RisingPain]);
    assert_eq!(kinds(&calf(&[7, 2, 4, 6], None), &[], 4), vec![FlagKind::RisingPain]);
    assert!(kinds(&calf(&[6, 4, 2], None), &[], 4).is_empty());
    assert!(kinds(&calf(&[4, 4, 4], None), &[], 4).is_empty());
    assert!(kinds(&calf(&[2, 4, 4], None), &[], 4).is_empty());
    assert!(kinds(&calf(&[2, 4], None), &[], 4).is_empty());
}

#[test]
fn an_avoid_contraindication_flags_and_a_caution_does_not() {
    assert_eq!(
        kinds(&[], &[Contraindication::StressFracture], 4),
        vec![FlagKind::AvoidContraindication]
    );
    assert!(kinds(&[], &[Contraindication::Anticoagulants], 4).is_empty());
}

#[test]
fn no_improvement_fires_at_n_sessions_and_not_at_n_minus_one() {
    let trigger = Some(Technique::TriggerPoint);
    assert!(kinds(&calf(&[5, 5, 5], trigger), &[], 4).is_empty());
    assert_eq!(
        kinds(&calf(&[5, 5, 5, 5], trigger), &[], 4),
        vec![FlagKind::NoImprovement]
    );
    assert!(kinds(&calf(&[6, 6, 5, 4], trigger), &[], 4).is_empty(), "improving");
    assert_eq!(
        kinds(&calf(&[5, 6, 5, 6, 5], trigger), &[], 5),
        vec![FlagKind::NoImprovement]
    );
    assert!(kinds(&calf(&[5, 6, 5, 6], trigger), &[], 5).is_empty());
}

#[test]
fn trends_give_change_and_slope_per_week() {
    let notes = calf(&[6, 5, 3], None);
    let refs: Vec<&NoteContent> = notes.iter().collect();
    let trend = &trends(&refs)[0];
    assert_eq!((trend.sessions, trend.first, trend.last, trend.change), (3, 6, 3, -3));
    assert_eq!(trend.slope_per_week, Some(-1.5));
    let one = calf(&[4], None);
    let refs: Vec<&NoteContent> = one.iter().collect();
    assert_eq!(trends(&refs)[0].slope_per_week, None);
}
