//! The activity log, for owners: who wrote what (booked, cancelled, changed a service,
//! invited a therapist, archived a client, …). Entries are ids, an action and an actor, never
//! text; the audit log of clinical calls is separate (`/v1/audit-events`).

use crate::auth::Caller;
use crate::error::{ApiError, FieldError};
use crate::pagination::{Page, PageQuery};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use knead_domain::Role;
use knead_domain::activity::{ActorKind, ResourceType, parse_action};
use knead_persistence::activity::{self, Entry, Filter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ActivityQuery {
    /// Only what this staff member did.
    pub actor: Option<Uuid>,
    /// Only entries about this kind of resource (`booking`, `booking_series`, `client`,
    /// `service`, `room`, `staff`, `practice`, `webhook_endpoint`, `api_key`, `email_template`).
    #[param(example = "booking")]
    pub resource_type: Option<String>,
    /// Only entries about the resource with this id.
    pub resource_id: Option<Uuid>,
    /// Only this action: a resource type, a dot and what happened (`booking.cancelled`,
    /// `service.updated`, `staff.invited`, `client.archived`, …).
    #[param(example = "booking.cancelled")]
    pub action: Option<String>,
    /// Entries at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Entries before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// How many entries to return (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// Who made a write.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityActor {
    pub kind: ActorKind,
    /// The staff member's id (`staff`) or the API key's (`api_key`); null for a client's
    /// intake link and the system.
    pub id: Option<Uuid>,
    /// The staff member's display name or the key's name, as they are now.
    pub display_name: Option<String>,
    /// The staff member's role when they acted.
    pub role: Option<Role>,
}

/// One write: who did what to which resource, and when. Ids only, never text.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityView {
    /// The entry's place in the practice's log (1, 2, 3, …).
    pub seq: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor: ActivityActor,
    /// `<resource type>.<what happened>`, e.g. `booking.cancelled`.
    #[schema(example = "booking.cancelled")]
    pub action: String,
    #[schema(value_type = ResourceType)]
    pub resource_type: String,
    pub resource_id: Uuid,
    /// The request that made the write (its `X-Request-Id`); null for the system's.
    pub request_id: Option<String>,
}

impl From<Entry> for ActivityView {
    fn from(e: Entry) -> Self {
        Self {
            seq: e.seq,
            occurred_at: e.occurred_at,
            actor: ActivityActor {
                kind: e.actor_kind,
                id: e.actor_id,
                display_name: e.actor_name,
                role: e.actor_role,
            },
            action: e.action,
            resource_type: e.resource_type,
            resource_id: e.resource_id,
            request_id: e.request_id,
        }
    }
}

fn invalid(parameter: &str, message: &str) -> ApiError {
    ApiError::Validation(vec![FieldError::parameter(parameter, message)])
}

/// List the activity log.
///
/// Every write to the practice's bookings, series, clients, services, rooms, staff, settings,
/// webhook endpoints and API keys — who (a staff member with their role, an API key, a client
/// through an intake link, or the system), what (`booking.cancelled`, `service.updated`,
/// `staff.invited`, …), to which resource, when, and in which request — newest first, one page
/// at a time, filtered by actor, resource, action and time. Recorded in the writing
/// transaction, so a write that rolls back leaves none. Entries hold ids only: never names,
/// notes or reasons. 422 for an unknown resource type or action, or `from` after `to`.
#[utoipa::path(
    tag = "activity",
    operation_id = "list_activity",
    security(("bearer" = [])),
    params(ActivityQuery),
    responses((status = 200, description = "One page of entries.", body = Page<ActivityView>))
)]
#[get("/v1/activity")]
pub async fn list_activity(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<ActivityQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let query = query.into_inner();
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let before: Option<i64> = page.cursor()?;
    if let Some(raw) = &query.resource_type
        && ResourceType::parse(raw).is_none()
    {
        return Err(invalid(
            "resource_type",
            "is not a resource type the activity log records",
        ));
    }
    if let Some(raw) = &query.action
        && parse_action(raw).is_none()
    {
        return Err(invalid("action", "is not an action the activity log records"));
    }
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        return Err(invalid("from", "must not be after `to`"));
    }
    let filter = Filter {
        actor_staff_id: query.actor,
        resource_type: query.resource_type,
        resource_id: query.resource_id,
        action: query.action,
        from: query.from,
        to: query.to,
    };
    let mut conn = state.read_conn(&req).await?;
    let rows = activity::list(&mut conn, caller.practice, &filter, before, limit + 1).await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, limit, |r| r.seq, ActivityView::from)))
}
