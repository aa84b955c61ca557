//! Care plan request and response bodies.

use crate::error::{ApiError, FieldError};
use chrono::{DateTime, NaiveDate, Utc};
use knead_domain::care::{Phase, PhaseKind, check_phases, suggest::Proposal};
use knead_persistence::care_plans::CarePlan;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A new plan. Without `phases` it is built from the client's A and B races with the
/// practice's conventions (build, taper, race, recovery, maintenance between and after) from
/// today to `ends_on`; with them, it is set by hand.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"service_id": "0193a1b2-0000-7000-8000-000000000001", "light_service_id": "0193a1b2-0000-7000-8000-000000000002"}))]
pub struct NewCarePlan {
    /// Who the sessions are with; the client's preferred therapist when absent.
    pub therapist_id: Option<Uuid>,
    pub service_id: Uuid,
    /// The lighter session before a race.
    pub light_service_id: Option<Uuid>,
    /// The last day a plan built from races covers (default: 26 weeks from today, or two
    /// weeks after the last race if later).
    pub ends_on: Option<NaiveDate>,
    /// Phases set by hand, in order, not overlapping.
    #[schema(max_items = 100)]
    pub phases: Option<Vec<Phase>>,
}

/// A plan as a whole, replacing what it said (`If-Match` required).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CarePlanInput {
    pub therapist_id: Uuid,
    pub service_id: Uuid,
    pub light_service_id: Option<Uuid>,
    #[schema(min_items = 1, max_items = 100)]
    pub phases: Vec<Phase>,
}

/// Checks hand-made phases, naming the bad one.
pub fn checked_phases(phases: Vec<Phase>) -> Result<Vec<Phase>, ApiError> {
    if phases.len() > 100 {
        return Err(ApiError::invalid("/phases", "at most 100 phases"));
    }
    check_phases(&phases)
        .map_err(|(i, e)| ApiError::Validation(vec![FieldError::body(format!("/phases/{i}"), e.0)]))?;
    Ok(phases)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CarePlanView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub therapist_id: Uuid,
    pub service_id: Uuid,
    pub light_service_id: Option<Uuid>,
    pub phases: Vec<Phase>,
    /// Built from the client's races, and following them while active (a race added, moved
    /// or deleted reshapes the phases); else set by hand.
    #[schema(read_only)]
    pub from_races: bool,
    /// Only a client's newest plan is active; older ones are history.
    #[schema(read_only)]
    pub active: bool,
    #[schema(read_only)]
    pub created_by: Uuid,
    #[schema(read_only)]
    pub created_at: DateTime<Utc>,
    #[schema(read_only)]
    pub updated_at: DateTime<Utc>,
}

impl From<CarePlan> for CarePlanView {
    fn from(p: CarePlan) -> Self {
        Self {
            id: p.id,
            client_id: p.client_id.0,
            therapist_id: p.details.therapist.0,
            service_id: p.details.service,
            light_service_id: p.details.light_service,
            phases: p.details.phases,
            from_races: p.details.from_races,
            active: p.active,
            created_by: p.created_by.0,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// How far ahead to propose.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestInput {
    /// Weeks from today (1–26, default 12).
    #[schema(minimum = 1, maximum = 26)]
    pub weeks: Option<i64>,
}

/// One proposed session.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalView {
    /// Stable for the same plan and bookings: accept or reject by it.
    #[schema(max_length = 100)]
    pub key: String,
    pub phase: PhaseKind,
    pub therapist_id: Uuid,
    pub service_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Why, for a person: "taper: 3 days before Boston Marathon".
    #[schema(max_length = 200)]
    pub reason: String,
}

impl ProposalView {
    pub fn new(p: Proposal, therapist: Uuid) -> Self {
        Self {
            key: p.key,
            phase: p.phase,
            therapist_id: therapist,
            service_id: p.service,
            starts_at: p.span.start,
            ends_at: p.span.end,
            reason: p.reason,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Proposals {
    pub plan_id: Uuid,
    /// In time order.
    pub proposals: Vec<ProposalView>,
}

/// The proposals to book, as they were proposed.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptInput {
    #[schema(min_items = 1, max_items = 60)]
    pub proposals: Vec<ProposalView>,
}

/// One booked proposal.
#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptedView {
    pub key: String,
    pub booking_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    pub plan_id: Uuid,
    pub bookings: Vec<AcceptedView>,
}

/// Proposals turned down: never proposed again for this plan.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectInput {
    #[schema(min_items = 1, max_items = 60)]
    pub keys: Vec<String>,
}

/// A proposal key is `<phase>:<date or race id>`: checked so nothing else is stored.
pub fn check_key(pointer: &str, key: &str) -> Result<(), ApiError> {
    let (phase, rest) = key.split_once(':').unwrap_or_default();
    let fits = PhaseKind::parse(phase).is_ok()
        && (NaiveDate::parse_from_str(rest, "%Y-%m-%d").is_ok() || Uuid::parse_str(rest).is_ok());
    if fits {
        Ok(())
    } else {
        Err(ApiError::invalid(pointer, "not a proposal key (e.g. build:2026-12-10)"))
    }
}
