//! The change feed: every change to a resource an integrator mirrors, in an order that never
//! skips one (`knead_persistence::changes` says how). Items name the resource; the integrator
//! fetches it from its own endpoint. Session-note changes reach only principals that see
//! clinical content.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::pagination::{FeedPosition, Page, PageQuery, decode_cursor, encode_cursor, parse_list};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use knead_domain::changes::{ChangeKind, ResourceType};
use knead_persistence::changes::{self, Change};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChangesQuery {
    /// `next_cursor` (or an item's `cursor`) from an earlier answer: changes after it. Absent:
    /// from the first change.
    pub since: Option<String>,
    /// Comma-separated resource types (`client,booking`, …; see `ResourceType`). Absent: all.
    #[param(
        pattern = r"^(client|race|booking|booking_series|service|room|staff|working_hours|time_off|closed_day|session_note)(,(client|race|booking|booking_series|service|room|staff|working_hours|time_off|closed_day|session_note))*$"
    )]
    pub types: Option<String>,
    /// How many changes to return (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// One change to a resource.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeView {
    /// This change's place in the feed: pass as `since` to continue after it.
    pub cursor: String,
    pub resource_type: ResourceType,
    pub resource_id: Uuid,
    /// The resource's version after the change, for resources that carry one (null for a
    /// tombstone, time off, closed days, working hours and a note's amendment).
    pub version: Option<i64>,
    /// `upsert` (created or changed, archived and cancelled included) or `delete` (gone).
    pub change: ChangeKind,
    /// When it changed: the resource's own `updated_at` (or `created_at`) for an upsert; the
    /// database's transaction time for a delete and for working hours. Order by `cursor`,
    /// never by this.
    pub changed_at: DateTime<Utc>,
}

impl From<Change> for ChangeView {
    fn from(c: Change) -> Self {
        Self {
            cursor: encode_cursor(&c.position()),
            resource_type: c.resource_type,
            resource_id: c.resource_id,
            version: c.version,
            change: c.change,
            changed_at: c.changed_at,
        }
    }
}

/// The change feed: changes after a cursor.
///
/// Every change to a resource an integrator mirrors (clients, races, bookings, series,
/// services, rooms, staff, schedules, closed days, session notes), oldest first, after
/// `since`; `types` narrows it. Items name the resource, to fetch from its own endpoint.
/// `next_cursor` is where to continue: the last item's cursor, or `since` again when nothing
/// new has committed. A change appears once all the transactions that began writing before it
/// have ended, so none is skipped. Session-note changes reach only callers that see clinical
/// content. 422 for a cursor this API did not issue.
#[utoipa::path(
    tag = "changes",
    operation_id = "list_changes",
    security(("bearer" = [])),
    params(ChangesQuery),
    responses((status = 200, description = "One page of changes.", body = Page<ChangeView>))
)]
#[get("/v1/changes")]
pub async fn list_changes(
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let query = query.into_inner();
    let limit = PageQuery {
        limit: query.limit,
        cursor: None,
    }
    .limit()?;
    let since: Option<FeedPosition> = decode_cursor("since", query.since.as_deref())?;
    let asked = parse_list("types", query.types.as_deref(), "a resource type", ResourceType::parse)?;
    let types = ResourceType::visible_to(&caller, asked.as_deref());
    let mut conn = state.conn().await?;
    let rows = changes::list(&mut conn, caller.practice, since, &types, limit).await?;
    Ok(HttpResponse::Ok().json(Page::of_feed(rows, since, Change::position, ChangeView::from)))
}
