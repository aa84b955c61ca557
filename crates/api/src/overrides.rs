//! The override a booking or a series records when it goes outside working hours, time off or
//! a closed day on purpose: the request's part (a reason code and a note) and the view's (who,
//! why). Bookings and series share it, so it lives beside the routes, not in one of them.

use crate::error::ApiError;
use knead_domain::StaffId;
use knead_domain::reasons::{Override, OverrideReason, ReasonNote};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Why a booking or series goes outside the usual rules.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "urgent_care", "note": "Last session before the marathon"}))]
pub struct OverrideInput {
    /// A code of `override_reasons` in `/v1/vocabulary`.
    pub code: OverrideReason,
    /// No health details: the front desk and emails see it.
    #[schema(max_length = 200)]
    pub note: Option<String>,
}

/// Who placed a booking or series outside the usual rules, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OverrideView {
    /// The staff member who decided.
    pub by: Uuid,
    pub code: OverrideReason,
    pub note: Option<String>,
}

impl From<&Override> for OverrideView {
    fn from(o: &Override) -> Self {
        Self {
            by: o.by.0,
            code: o.reason,
            note: o.note.as_ref().map(|n| n.as_str().to_owned()),
        }
    }
}

/// The override a request carries, checked against its `outside_hours` (422 at
/// `/override_reason` when one is missing or not wanted, at `/override_reason/note` when the
/// note is too long).
pub fn checked(outside_hours: bool, by: StaffId, input: Option<&OverrideInput>) -> Result<Option<Override>, ApiError> {
    let given = match input {
        Some(i) => Some((
            i.code,
            ReasonNote::parse(i.note.as_deref()).map_err(|e| ApiError::invalid("/override_reason/note", e.0))?,
        )),
        None => None,
    };
    Override::required(outside_hours, by, given).map_err(|e| ApiError::invalid("/override_reason", e.0))
}
