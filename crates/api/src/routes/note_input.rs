//! Session note request and response bodies.

use crate::error::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use knead_domain::client::optional_text;
use knead_domain::notes::{HomeCare, NoteContent, PainChange, TechniqueApplied};
use knead_persistence::notes::{Amendment, NoteStatus, SessionNote};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A note's content: what the therapist writes, as a whole (drafts are replaced, not patched).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "client_id": "01a1fb41-2695-749f-bf64-40bf6bf02770",
    "session_date": "2026-11-18", "duration_minutes": 60,
    "subjective": "Left heel sore on first steps, easing after 10 minutes",
    "objective": "Taut band in medial gastrocnemius; tender at the plantar fascia insertion",
    "assessment": "Plantar fasciopathy with calf tightness",
    "plan": "Two more sessions; reassess",
    "techniques": [
        {"technique": "trigger_point", "regions": [{"region": "calf", "side": "left"}], "minutes": 25, "pressure": "firm"},
        {"technique": "myofascial_release", "regions": [{"region": "plantar_fascia", "side": "left"}], "minutes": 20, "pressure": "medium"}
    ],
    "pain": [{"region": "plantar_fascia", "side": "left", "before": 6, "after": 3}],
    "home_care": [{"kind": "ball_release", "details": "2 minutes every morning"}],
    "next_visit_in_days": 14
}))]
pub struct NoteInput {
    pub client_id: Uuid,
    /// A booking this note records (optional until bookings exist).
    pub booking_id: Option<Uuid>,
    pub session_date: NaiveDate,
    #[schema(minimum = 5, maximum = 480)]
    #[serde(deserialize_with = "knead_domain::whole::number")]
    pub duration_minutes: u16,
    #[schema(max_length = 10000)]
    pub subjective: Option<String>,
    #[schema(max_length = 10000)]
    pub objective: Option<String>,
    #[schema(max_length = 10000)]
    pub assessment: Option<String>,
    #[schema(max_length = 10000)]
    pub plan: Option<String>,
    #[serde(default)]
    pub techniques: Vec<TechniqueApplied>,
    #[serde(default)]
    pub pain: Vec<PainChange>,
    #[serde(default)]
    pub home_care: Vec<HomeCare>,
    #[schema(minimum = 1, maximum = 365)]
    #[serde(default, deserialize_with = "knead_domain::whole::optional")]
    pub next_visit_in_days: Option<u16>,
}

impl NoteInput {
    /// The note's content, its dates checked as of `today`.
    pub fn content(self, today: NaiveDate) -> Result<NoteContent, ApiError> {
        let trim = |v: Option<String>| optional_text(v.as_deref(), usize::MAX).ok().flatten();
        let home_care = self
            .home_care
            .into_iter()
            .map(|h| HomeCare {
                kind: h.kind,
                details: trim(h.details),
            })
            .collect();
        let content = NoteContent {
            session_date: self.session_date,
            duration_minutes: self.duration_minutes,
            subjective: trim(self.subjective),
            objective: trim(self.objective),
            assessment: trim(self.assessment),
            plan: trim(self.plan),
            techniques: self.techniques,
            pain: self.pain,
            home_care,
            next_visit_in_days: self.next_visit_in_days,
        };
        content
            .check(today)
            .map_err(|(pointer, e)| ApiError::invalid(&pointer, e.0))?;
        Ok(content)
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AmendmentView {
    pub id: Uuid,
    pub author_id: Uuid,
    pub reason: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl From<Amendment> for AmendmentView {
    fn from(a: Amendment) -> Self {
        Self {
            id: a.id,
            author_id: a.author_id,
            reason: a.reason,
            body: a.body,
            created_at: a.created_at,
        }
    }
}

/// `draft` until its author signs it; then `signed`, and it never changes.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoteStatusView {
    Draft,
    Signed,
}

/// A session note with its amendments in order (clinical).
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteView {
    pub id: Uuid,
    pub client_id: Uuid,
    /// The author.
    pub therapist_id: Uuid,
    pub booking_id: Option<Uuid>,
    pub session_date: NaiveDate,
    pub duration_minutes: u16,
    pub subjective: Option<String>,
    pub objective: Option<String>,
    pub assessment: Option<String>,
    pub plan: Option<String>,
    pub techniques: Vec<TechniqueApplied>,
    pub pain: Vec<PainChange>,
    pub home_care: Vec<HomeCare>,
    pub next_visit_in_days: Option<u16>,
    pub status: NoteStatusView,
    pub signed_at: Option<DateTime<Utc>>,
    /// Hex SHA-256 of the canonical note, taken at signing.
    pub content_hash: Option<String>,
    pub amendments: Vec<AmendmentView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<SessionNote> for NoteView {
    fn from(n: SessionNote) -> Self {
        let (status, signed_at, content_hash) = match n.status {
            NoteStatus::Draft => (NoteStatusView::Draft, None, None),
            NoteStatus::Signed { at, hash } => (NoteStatusView::Signed, Some(at), Some(hex::encode(hash))),
        };
        let c = n.content;
        Self {
            id: n.id,
            client_id: n.client_id.0,
            therapist_id: n.therapist_id.0,
            booking_id: n.booking_id,
            session_date: c.session_date,
            duration_minutes: c.duration_minutes,
            subjective: c.subjective,
            objective: c.objective,
            assessment: c.assessment,
            plan: c.plan,
            techniques: c.techniques,
            pain: c.pain,
            home_care: c.home_care,
            next_visit_in_days: c.next_visit_in_days,
            status,
            signed_at,
            content_hash,
            amendments: n.amendments.into_iter().map(AmendmentView::from).collect(),
            created_at: n.created_at,
            updated_at: n.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "Wrong side recorded", "body": "Pain was in the right heel, not the left."}))]
pub struct AmendmentInput {
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
    #[schema(min_length = 1, max_length = 10000)]
    pub body: String,
}

/// Whether a signed note still matches the hash taken when it was signed.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyView {
    /// `null` for a draft (nothing is signed yet); false when the note or any amendment was
    /// changed, or an amendment deleted, after it was written.
    pub valid: Option<bool>,
    /// What is wrong, when `valid` is false.
    pub problem: Option<String>,
}
