//! SOAP session notes: techniques applied by region, pain before and after, home care, and
//! the checks that types alone cannot make (technique minutes within the session, sides that
//! fit their regions).

use crate::Invalid;
use crate::Technique;
use crate::client::PressurePreference;
use crate::clinical::vocabulary;
use crate::clinical::{BodyRegion, PainIntensity, Side};
use serde::{Deserialize, Serialize};

vocabulary! {
    /// Self-care the therapist recommends between sessions.
    HomeCareKind {
        Stretching => ("stretching", "Stretching"),
        FoamRolling => ("foam_rolling", "Foam rolling"),
        Hydration => ("hydration", "Hydration"),
        Rest => ("rest", "Rest"),
        BallRelease => ("ball_release", "Ball release"),
        Ice => ("ice", "Ice"),
        FootwearCheck => ("footwear_check", "Footwear check"),
    }
}

/// A region on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegionSide {
    pub region: BodyRegion,
    pub side: Side,
}

/// One technique as applied in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TechniqueApplied {
    pub technique: Technique,
    pub regions: Vec<RegionSide>,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 480))]
    #[serde(deserialize_with = "crate::whole::number")]
    pub minutes: u16,
    pub pressure: PressurePreference,
}

/// Pain in one region before and after the session, on the 0–10 scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PainChange {
    pub region: BodyRegion,
    pub side: Side,
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 0, maximum = 10))]
    pub before: PainIntensity,
    #[cfg_attr(feature = "openapi", schema(value_type = u8, minimum = 0, maximum = 10))]
    pub after: PainIntensity,
}

/// One home-care recommendation with its details ("calf stretch 3 × 30 s after runs").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HomeCare {
    pub kind: HomeCareKind,
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub details: Option<String>,
}

/// What a session note says, checked as a whole by [`NoteContent::check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteContent {
    pub session_date: chrono::NaiveDate,
    pub duration_minutes: u16,
    pub subjective: Option<String>,
    pub objective: Option<String>,
    pub assessment: Option<String>,
    pub plan: Option<String>,
    pub techniques: Vec<TechniqueApplied>,
    pub pain: Vec<PainChange>,
    pub home_care: Vec<HomeCare>,
    /// Recommended days until the next visit.
    pub next_visit_in_days: Option<u16>,
}

const TEXT_LIMIT: usize = 10_000;

impl NoteContent {
    /// The first rule the note breaks, as (JSON pointer, reason).
    pub fn check(&self, today: chrono::NaiveDate) -> Result<(), (String, Invalid)> {
        let bad = |pointer: String, message: &str| Err((pointer, Invalid::new(message)));
        if let Err(e) = crate::SessionLength::from_minutes(i64::from(self.duration_minutes)) {
            return Err(("/duration_minutes".into(), e));
        }
        if self.session_date > today {
            return bad("/session_date".into(), "must not be in the future");
        }
        for (field, text) in [
            ("/subjective", &self.subjective),
            ("/objective", &self.objective),
            ("/assessment", &self.assessment),
            ("/plan", &self.plan),
        ] {
            if text.as_ref().is_some_and(|t| t.chars().count() > TEXT_LIMIT) {
                return bad(field.into(), "must be at most 10000 characters");
            }
        }
        let mut total: u32 = 0;
        for (i, applied) in self.techniques.iter().enumerate() {
            if applied.minutes == 0 {
                return bad(format!("/techniques/{i}/minutes"), "must be at least 1");
            }
            if applied.regions.is_empty() {
                return bad(format!("/techniques/{i}/regions"), "must name at least one region");
            }
            for (j, rs) in applied.regions.iter().enumerate() {
                rs.region
                    .check_side(rs.side)
                    .map_err(|e| (format!("/techniques/{i}/regions/{j}/side"), e))?;
                if applied.regions[..j].contains(rs) {
                    return bad(format!("/techniques/{i}/regions/{j}"), "lists this region twice");
                }
            }
            total += u32::from(applied.minutes);
        }
        if total > u32::from(self.duration_minutes) {
            return bad(
                "/techniques".into(),
                "technique minutes add up to more than the session's duration",
            );
        }
        for (i, change) in self.pain.iter().enumerate() {
            change
                .region
                .check_side(change.side)
                .map_err(|e| (format!("/pain/{i}/side"), e))?;
            if self.pain[..i]
                .iter()
                .any(|p| p.region == change.region && p.side == change.side)
            {
                return bad(format!("/pain/{i}"), "this region and side are already listed");
            }
        }
        for (i, care) in self.home_care.iter().enumerate() {
            if care.details.as_ref().is_some_and(|d| d.chars().count() > 500) {
                return bad(format!("/home_care/{i}/details"), "must be at most 500 characters");
            }
        }
        if self.next_visit_in_days.is_some_and(|d| d == 0 || d > 365) {
            return bad("/next_visit_in_days".into(), "must be between 1 and 365");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::BodyRegion as R;

    fn note(minutes: &[u16], duration: u16) -> NoteContent {
        NoteContent {
            session_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
            duration_minutes: duration,
            subjective: None,
            objective: None,
            assessment: None,
            plan: None,
            techniques: minutes
                .iter()
                .map(|m| TechniqueApplied {
                    technique: Technique::TriggerPoint,
                    regions: vec![RegionSide {
                        region: R::Calf,
                        side: Side::Left,
                    }],
                    minutes: *m,
                    pressure: PressurePreference::Firm,
                })
                .collect(),
            pain: vec![],
            home_care: vec![],
            next_visit_in_days: Some(14),
        }
    }

    #[test]
    fn minutes_fit_the_session() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        assert!(note(&[30, 30], 60).check(today).is_ok());
        assert_eq!(
            note(&[30, 31], 60).check(today).map_err(|e| e.0),
            Err("/techniques".to_owned())
        );
        let mut midline = note(&[10], 60);
        midline.techniques[0].regions[0] = RegionSide {
            region: R::LowerBack,
            side: Side::Left,
        };
        assert_eq!(
            midline.check(today).map_err(|e| e.0),
            Err("/techniques/0/regions/0/side".to_owned())
        );
    }
}
