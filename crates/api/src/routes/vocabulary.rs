//! The closed vocabularies, with labels and body-map grouping, so a frontend can draw pickers
//! and a body map without hard-coding any list.

use actix_web::{HttpResponse, get};
use knead_domain::Technique;
use knead_domain::client::{DistanceUnit, PressurePreference, RacePriority, Surface, UsualDistance};
use knead_domain::clinical::{AggravatingFactor, BodyRegion, BodyView, Contraindication, PainQuality, Severity, Side};
use knead_domain::clinical::{CONSENT_TEXT, CONSENT_TEXT_VERSION};
use knead_domain::reasons::{CancellationReason, OverrideReason};
use serde::Serialize;
use utoipa::ToSchema;

/// One item of a closed list: its wire id and what a person reads.
#[derive(Debug, Serialize, ToSchema)]
pub struct Term {
    pub id: &'static str,
    pub label: &'static str,
}

/// A reason from a closed list: its code and what a person reads.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonTerm {
    pub code: &'static str,
    pub label: &'static str,
}

/// A body region with where to draw it and which sides it accepts.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegionTerm {
    pub id: BodyRegion,
    pub label: &'static str,
    pub view: BodyView,
    pub sides: Vec<Side>,
}

/// A contraindication with its severity and the neutral handling instruction.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContraindicationTerm {
    pub id: Contraindication,
    pub label: &'static str,
    pub severity: Severity,
    pub handling: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Vocabulary {
    pub body_regions: Vec<RegionTerm>,
    pub body_views: Vec<Term>,
    pub sides: Vec<Term>,
    pub pain_qualities: Vec<Term>,
    pub aggravating_factors: Vec<Term>,
    /// The 0–10 numeric pain rating scale's bounds.
    pub pain_scale: PainScale,
    pub contraindications: Vec<ContraindicationTerm>,
    pub severities: Vec<Term>,
    pub techniques: Vec<Term>,
    pub pressure_preferences: Vec<Term>,
    pub surfaces: Vec<Term>,
    pub usual_distances: Vec<Term>,
    pub distance_units: Vec<Term>,
    pub race_priorities: Vec<Term>,
    pub consent_text_version: &'static str,
    pub consent_text: &'static str,
    /// Why a booking is cancelled (the `reason` of a cancellation).
    pub cancellation_reasons: Vec<ReasonTerm>,
    /// Why a booking is made outside working hours, in time off or on a closed day.
    pub override_reasons: Vec<ReasonTerm>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PainScale {
    pub min: u8,
    pub max: u8,
}

macro_rules! terms {
    ($ty:ty) => {
        <$ty>::ALL
            .iter()
            .map(|t| Term {
                id: t.as_str(),
                label: t.label(),
            })
            .collect()
    };
}

macro_rules! reasons {
    ($ty:ty) => {
        <$ty>::ALL
            .iter()
            .map(|r| ReasonTerm {
                code: r.as_str(),
                label: r.label(),
            })
            .collect()
    };
}

/// The closed lists the API uses, with labels.
///
/// Body regions (with where to draw them and the sides they take), sides, pain qualities and
/// scale, aggravating factors, contraindications (with severity and handling), techniques,
/// pressure preferences, running surfaces and distances, race priorities, cancellation and
/// override reasons, and the consent text: each item with what a person reads, so a frontend
/// draws pickers and a body map without hard-coding them. It holds nobody's data.
#[utoipa::path(
    tag = "vocabulary",
    operation_id = "get_vocabulary",
    responses((status = 200, description = "The vocabularies.", body = Vocabulary))
)]
#[get("/v1/vocabulary")]
pub async fn get_vocabulary() -> HttpResponse {
    let vocabulary = Vocabulary {
        body_regions: BodyRegion::ALL
            .iter()
            .map(|r| RegionTerm {
                id: *r,
                label: r.label(),
                view: r.view(),
                sides: r.sides().to_vec(),
            })
            .collect(),
        body_views: terms!(BodyView),
        sides: terms!(Side),
        pain_qualities: terms!(PainQuality),
        aggravating_factors: terms!(AggravatingFactor),
        pain_scale: PainScale { min: 0, max: 10 },
        contraindications: Contraindication::ALL
            .iter()
            .map(|c| ContraindicationTerm {
                id: *c,
                label: c.label(),
                severity: c.severity(),
                handling: c.handling(),
            })
            .collect(),
        severities: terms!(Severity),
        techniques: Technique::ALL
            .iter()
            .map(|t| Term {
                id: t.as_str(),
                label: t.as_str(),
            })
            .collect(),
        pressure_preferences: terms!(PressurePreference),
        surfaces: terms!(Surface),
        usual_distances: terms!(UsualDistance),
        distance_units: terms!(DistanceUnit),
        race_priorities: terms!(RacePriority),
        consent_text_version: CONSENT_TEXT_VERSION,
        consent_text: CONSENT_TEXT,
        cancellation_reasons: reasons!(CancellationReason),
        override_reasons: reasons!(OverrideReason),
    };
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(vocabulary)
}
