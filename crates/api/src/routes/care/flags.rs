//! A client's progress signals (clinical): region trends and flags read from signed notes and
//! the latest intake, by the domain's `care::flags`.

use crate::audit::{AuditTarget, note};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::references::load_client;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use knead_domain::care::flags::{Flag, RegionTrend, flags, trends};
use knead_persistence::notes::{self, NoteFilter, NoteStatus};
use knead_persistence::{intake, practices};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Notes read for the signals: years of weekly sessions.
const MOST_NOTES: i64 = 500;

/// What the signals say, and what they are not.
pub const AIDS_NOT_DIAGNOSES: &str = "Practice aids for the therapist, not diagnoses: a flag asks for a look at the \
plan and, where it fits, a referral.";

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressView {
    /// Practice aids, not diagnoses.
    pub about: String,
    /// Per region and side, from signed notes' before-session scores.
    pub trends: Vec<RegionTrend>,
    pub flags: Vec<Flag>,
    /// The practice's threshold for the no-improvement flag, in sessions.
    pub no_improvement_after: u8,
}

/// A client's progress trends and flags.
///
/// Per region, the trend of the before-session pain scores (change first to last and slope
/// per week), and flags: pain rising over the last three sessions, an `avoid`
/// contraindication on the latest intake, no improvement after the practice's number of
/// sessions of one technique on one region (default 4). Signed notes only. Practice aids, not
/// diagnoses ("consider referral"). Clinical: every call is audited.
#[utoipa::path(
    tag = "care plans",
    operation_id = "get_client_flags",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Client id")),
    extensions(("x-clinical" = json!(true))),
    responses((status = 200, description = "Trends and flags.", body = ProgressView))
)]
#[get("/v1/clients/{id}/flags")]
pub async fn get_client_flags(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    note(&req, AuditTarget::client(*id, None));
    let mut conn = state.conn().await?;
    let client = caller.authorise_item(load_client(&mut conn, &caller, *id)).await?;
    let filter = NoteFilter {
        client_id: Some(client.id),
        ..NoteFilter::default()
    };
    let found = notes::list(&mut conn, caller.practice, &filter, None, MOST_NOTES).await?;
    let signed: Vec<_> = found
        .iter()
        .filter(|n| matches!(n.status, NoteStatus::Signed { .. }))
        .map(|n| &n.content)
        .collect();
    let latest = intake::latest(&mut conn, caller.practice, client.id).await?;
    let conditions = latest.map(|f| f.content.contraindications).unwrap_or_default();
    let threshold = practices::find(&mut conn, caller.practice)
        .await?
        .care
        .no_improvement_sessions;
    Ok(HttpResponse::Ok().json(ProgressView {
        about: AIDS_NOT_DIAGNOSES.to_owned(),
        trends: trends(&signed),
        flags: flags(&signed, &conditions, threshold),
        no_improvement_after: threshold,
    }))
}
