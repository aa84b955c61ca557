//! Progress signals from signed notes, for clinical staff: per region and side, the trend of
//! the before-session pain scores, and flags — pain rising over the last three sessions, an
//! `avoid` contraindication on the latest intake, no improvement after N sessions of one
//! technique on one region. They are practice aids that ask for a look (and perhaps a
//! referral), not diagnoses.

use crate::clinical::{BodyRegion, Contraindication, Severity, Side};
use crate::notes::NoteContent;
use crate::staff::Technique;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// One region's before-session scores over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionTrend {
    pub region: BodyRegion,
    pub side: Side,
    /// Signed sessions with a score here.
    pub sessions: u32,
    pub first: u8,
    pub last: u8,
    /// Last minus first: negative is better.
    pub change: i32,
    /// Least-squares slope of the scores, in points per week; absent with one session or
    /// all on one day.
    pub slope_per_week: Option<f64>,
}

crate::clinical::vocabulary! {
    /// What a flag is about.
    FlagKind {
        RisingPain => ("rising_pain", "Pain rising"),
        AvoidContraindication => ("avoid_contraindication", "Needs clearance"),
        NoImprovement => ("no_improvement", "No improvement"),
    }
}

/// A signal worth a look: what it is about and a sentence for the therapist.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Flag {
    pub kind: FlagKind,
    pub region: Option<BodyRegion>,
    pub side: Option<Side>,
    pub technique: Option<Technique>,
    /// The scores the flag was read from, oldest first.
    pub scores: Vec<u8>,
    pub message: String,
}

/// A signed note's content (it carries the session's date).
pub type Reading<'a> = &'a NoteContent;

/// Scores per (region, side) in session order: `(date, before)`.
fn series(notes: &[Reading<'_>]) -> BTreeMap<(BodyRegion, Side), Vec<(NaiveDate, u8)>> {
    let mut sorted: Vec<Reading<'_>> = notes.to_vec();
    sorted.sort_by_key(|n| n.session_date);
    let mut out: BTreeMap<(BodyRegion, Side), Vec<(NaiveDate, u8)>> = BTreeMap::new();
    for note in sorted {
        for pain in &note.pain {
            out.entry((pain.region, pain.side))
                .or_default()
                .push((note.session_date, pain.before.get()));
        }
    }
    out
}

/// The trend of each region's before-session scores.
pub fn trends(notes: &[Reading<'_>]) -> Vec<RegionTrend> {
    series(notes)
        .into_iter()
        .filter_map(|((region, side), points)| {
            let (first, last) = (points.first()?.1, points.last()?.1);
            Some(RegionTrend {
                region,
                side,
                sessions: u32::try_from(points.len()).unwrap_or(u32::MAX),
                first,
                last,
                change: i32::from(last) - i32::from(first),
                slope_per_week: slope(&points),
            })
        })
        .collect()
}

fn slope(points: &[(NaiveDate, u8)]) -> Option<f64> {
    let origin = points.first()?.0;
    let xs: Vec<f64> = points
        .iter()
        .map(|(d, _)| (*d - origin).num_days() as f64 / 7.0)
        .collect();
    let ys: Vec<f64> = points.iter().map(|(_, s)| f64::from(*s)).collect();
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    Some(((sxy / sxx) * 100.0).round() / 100.0)
}

fn place(region: BodyRegion, side: Side) -> String {
    match side {
        Side::Midline => region.label().to_lowercase(),
        Side::Bilateral => format!("{} (both sides)", region.label().to_lowercase()),
        side => format!("{} {}", side.label().to_lowercase(), region.label().to_lowercase()),
    }
}

fn listed(scores: &[u8]) -> String {
    scores.iter().map(u8::to_string).collect::<Vec<_>>().join(" → ")
}

/// The flags for a client: from their signed notes, the contraindications on their latest
/// intake, and the practice's `no_improvement_after` (sessions).
pub fn flags(notes: &[Reading<'_>], latest_intake: &[Contraindication], no_improvement_after: u8) -> Vec<Flag> {
    let mut out = Vec::new();
    if latest_intake.iter().any(|c| c.severity() == Severity::Avoid) {
        out.push(Flag {
            kind: FlagKind::AvoidContraindication,
            region: None,
            side: None,
            technique: None,
            scores: Vec::new(),
            message: "The latest intake lists a condition that needs clearance before treatment: \
                      confirm clearance, or consider referral."
                .to_owned(),
        });
    }
    for ((region, side), points) in series(notes) {
        let scores: Vec<u8> = points.iter().map(|(_, s)| *s).collect();
        if let [.., a, b, c] = scores[..]
            && a < b
            && b < c
        {
            out.push(Flag {
                kind: FlagKind::RisingPain,
                region: Some(region),
                side: Some(side),
                technique: None,
                scores: vec![a, b, c],
                message: format!(
                    "Pain in the {} rose over the last three sessions ({}): review the plan; consider referral.",
                    place(region, side),
                    listed(&[a, b, c])
                ),
            });
        }
    }
    out.extend(no_improvement(notes, usize::from(no_improvement_after.max(2))));
    out
}

/// For each technique and region it was applied to, the before-scores of the sessions it was
/// applied in (pain on a side the technique reached, as in the outcome report); a flag when
/// the last `n` show no improvement (the last is not below the first of them).
fn no_improvement(notes: &[Reading<'_>], n: usize) -> Vec<Flag> {
    let mut sorted: Vec<Reading<'_>> = notes.to_vec();
    sorted.sort_by_key(|note| note.session_date);
    let mut runs: BTreeMap<(Technique, BodyRegion, Side), Vec<u8>> = BTreeMap::new();
    for note in sorted {
        for applied in &note.techniques {
            for reached in &applied.regions {
                let score = note
                    .pain
                    .iter()
                    .filter(|p| p.region == reached.region && reached.side.technique_reaches(p.side))
                    .map(|p| p.before.get())
                    .max();
                if let Some(score) = score {
                    let run = runs
                        .entry((applied.technique, reached.region, reached.side))
                        .or_default();
                    run.push(score);
                }
            }
        }
    }
    runs.into_iter()
        .filter_map(|((technique, region, side), run)| {
            let last_n = run.get(run.len().checked_sub(n)?..)?;
            let (first, last) = (*last_n.first()?, *last_n.last()?);
            (last >= first).then(|| Flag {
                kind: FlagKind::NoImprovement,
                region: Some(region),
                side: Some(side),
                technique: Some(technique),
                scores: last_n.to_vec(),
                message: format!(
                    "No improvement in the {} after {n} sessions of {} ({}): consider another approach or referral.",
                    place(region, side),
                    technique.as_str().replace('_', " "),
                    listed(last_n)
                ),
            })
        })
        .collect()
}

#[cfg(test)]
#[path = "flags_tests.rs"]
mod tests;
