//! The intake form's request and response bodies, shared by staff and the public link.

use crate::error::{ApiError, FieldErrors};
use chrono::{DateTime, NaiveDate, Utc};
use knead_domain::Invalid;
use knead_domain::client::optional_text;
use knead_domain::clinical::CONSENT_TEXT_VERSION;
use knead_domain::clinical::{Contraindication, PainArea};
use knead_persistence::intake::{IntakeContent, IntakeForm, Submitter};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The client's agreement, as they typed it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// The signer's full name, typed.
    #[schema(min_length = 1, max_length = 200, example = "Alex Rivera")]
    pub signer_name: String,
    /// Must be `true`.
    pub agreed: bool,
    /// The consent text version shown (see `/v1/vocabulary`).
    #[schema(example = "2026-11-01")]
    pub text_version: String,
}

/// An intake form as submitted. Each submission becomes a new, read-only version.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "chief_complaint": "Heel pain on first steps in the morning since increasing mileage",
    "pain_areas": [
        {"region": "plantar_fascia", "side": "left", "intensity": 6, "qualities": ["sharp"],
         "onset": "2026-10-01", "aggravating": ["first_steps_in_the_morning", "after_long_runs"]},
        {"region": "calf", "side": "bilateral", "intensity": 3, "qualities": ["tight"], "aggravating": ["hills"]}
    ],
    "medications": "Ibuprofen as needed",
    "contraindications": ["anticoagulants"],
    "goals": "Run the CIM marathon pain-free",
    "consent": {"signer_name": "Alex Rivera", "agreed": true, "text_version": "2026-11-01"}
}))]
pub struct IntakeInput {
    #[schema(max_length = 2000)]
    pub chief_complaint: Option<String>,
    #[serde(default)]
    pub pain_areas: Vec<PainArea>,
    /// Diagnosed conditions, in the client's words.
    #[schema(max_length = 4000)]
    pub conditions: Option<String>,
    #[schema(max_length = 4000)]
    pub medical_history: Option<String>,
    #[schema(max_length = 2000)]
    pub medications: Option<String>,
    #[serde(default)]
    pub contraindications: Vec<Contraindication>,
    #[schema(max_length = 2000)]
    pub goals: Option<String>,
    pub consent: ConsentInput,
}

impl IntakeInput {
    /// Validates every field as of `today`.
    pub fn validate(self, today: NaiveDate) -> Result<IntakeContent, ApiError> {
        let mut errors = FieldErrors::default();
        let mut text = |pointer: &str, value: Option<String>, max: usize| {
            errors.check(pointer, optional_text(value.as_deref(), max)).flatten()
        };
        let chief_complaint = text("/chief_complaint", self.chief_complaint, 2000);
        let conditions = text("/conditions", self.conditions, 4000);
        let medical_history = text("/medical_history", self.medical_history, 4000);
        let medications = text("/medications", self.medications, 2000);
        let goals = text("/goals", self.goals, 2000);
        if self.pain_areas.len() > 40 {
            errors.check::<()>("/pain_areas", Err(Invalid::new("at most 40 pain areas")));
        }
        for (i, area) in self.pain_areas.iter().enumerate() {
            if let Err((field, e)) = area.check(today) {
                errors.check::<()>(&format!("/pain_areas/{i}{field}"), Err(e));
            }
            let repeat = self.pain_areas[..i]
                .iter()
                .any(|a| a.region == area.region && a.side == area.side);
            if repeat {
                errors.check::<()>(
                    &format!("/pain_areas/{i}"),
                    Err(Invalid::new("this region and side are already listed")),
                );
            }
        }
        let consent = &self.consent;
        let signer = errors
            .check("/consent/signer_name", optional_text(Some(&consent.signer_name), 200))
            .flatten();
        if signer.is_none() {
            errors.check::<()>("/consent/signer_name", Err(Invalid::new("must not be blank")));
        }
        if !consent.agreed {
            errors.check::<()>(
                "/consent/agreed",
                Err(Invalid::new("the client must agree to the consent text")),
            );
        }
        if consent.text_version != CONSENT_TEXT_VERSION {
            errors.check::<()>(
                "/consent/text_version",
                Err(Invalid::new(format!(
                    "must be the current version, {CONSENT_TEXT_VERSION}"
                ))),
            );
        }
        errors.finish()?;
        let mut contraindications = self.contraindications;
        contraindications.sort();
        contraindications.dedup();
        let pain_areas = self
            .pain_areas
            .into_iter()
            .map(|mut a| {
                a.notes = a.notes.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
                a
            })
            .collect();
        Ok(IntakeContent {
            chief_complaint,
            pain_areas,
            conditions,
            medical_history,
            medications,
            contraindications,
            goals,
            consent_name: signer.unwrap_or_default(),
            consent_text_version: CONSENT_TEXT_VERSION.to_owned(),
        })
    }
}

/// How the form reached us.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SubmittedBy {
    /// Entered by a staff member.
    Staff { staff_id: Uuid },
    /// Filled in by the client through a one-time link.
    ClientLink { link_id: Uuid },
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentView {
    pub signer_name: String,
    pub text_version: String,
    pub consented_at: DateTime<Utc>,
}

/// A submitted intake form (clinical, read-only).
#[derive(Debug, Serialize, ToSchema)]
pub struct IntakeFormView {
    pub id: Uuid,
    pub client_id: Uuid,
    /// 1 for the first intake, then 2, 3, …
    pub form_version: i32,
    pub chief_complaint: Option<String>,
    pub pain_areas: Vec<PainArea>,
    pub conditions: Option<String>,
    pub medical_history: Option<String>,
    pub medications: Option<String>,
    pub contraindications: Vec<Contraindication>,
    pub goals: Option<String>,
    pub consent: ConsentView,
    pub submitted_by: SubmittedBy,
    pub created_at: DateTime<Utc>,
}

impl From<IntakeForm> for IntakeFormView {
    fn from(f: IntakeForm) -> Self {
        let c = f.content;
        Self {
            id: f.id.0,
            client_id: f.client_id.0,
            form_version: f.form_version,
            chief_complaint: c.chief_complaint,
            pain_areas: c.pain_areas,
            conditions: c.conditions,
            medical_history: c.medical_history,
            medications: c.medications,
            contraindications: c.contraindications,
            goals: c.goals,
            consent: ConsentView {
                signer_name: c.consent_name,
                text_version: c.consent_text_version,
                consented_at: f.consented_at,
            },
            submitted_by: match f.submitted_by {
                Submitter::Staff(s) => SubmittedBy::Staff { staff_id: s.0 },
                Submitter::Link(l) => SubmittedBy::ClientLink { link_id: l },
            },
            created_at: f.created_at,
        }
    }
}
