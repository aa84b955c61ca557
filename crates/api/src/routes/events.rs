//! The events outbox: what happened to bookings, series, clients, intake, session notes and
//! staff, in the change feed's order (`knead_persistence::events` says how they are written).
//! Each event carries its type's allow-listed data (ids, times, statuses), never free text;
//! intake and session-note events reach only principals that see clinical content.

use crate::auth::Caller;
use crate::error::ApiError;
use crate::pagination::{FeedPosition, Page, PageQuery, decode_cursor, encode_cursor, parse_list};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use knead_domain::access::Principal;
use knead_domain::events::{EventResource, EventType};
use knead_persistence::events::{self, Event, EventQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EventsQuery {
    /// `next_cursor` (or an item's `cursor`) from an earlier answer: events after it. Absent:
    /// from the first event.
    pub since: Option<String>,
    /// Comma-separated event types (`booking.created,booking.cancelled`, …; see `EventType`).
    /// Absent: all.
    #[param(
        pattern = r"^(booking\.(created|cancelled|moved|updated|deleted)|series\.(created|changed|ended|split)|client\.(created|updated|archived)|intake\.submitted|note\.(signed|amended)|staff\.invited)(,(booking\.(created|cancelled|moved|updated|deleted)|series\.(created|changed|ended|split)|client\.(created|updated|archived)|intake\.submitted|note\.(signed|amended)|staff\.invited))*$"
    )]
    pub types: Option<String>,
    /// How many events to return (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// One event: what happened to which resource, with the type's allow-listed data.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    /// The event's stable id: the same on every read and every webhook delivery of it.
    pub id: Uuid,
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// When it happened: the resource's own `updated_at` (or `created_at`), or the database's
    /// transaction time for a deletion. Order by `cursor`, never by this.
    pub occurred_at: DateTime<Utc>,
    pub resource_type: EventResource,
    pub resource_id: Uuid,
    /// The resource's version after the event, for resources that carry one (null for a
    /// deleted booking, an intake form and a staff invitation).
    pub version: Option<i64>,
    /// The type's allow-listed fields (see `EventType`): ids, times and statuses only.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    /// This event's place in the outbox: pass as `since` to continue after it.
    pub cursor: String,
}

impl From<Event> for EventView {
    fn from(e: Event) -> Self {
        Self {
            cursor: encode_cursor(&e.position()),
            id: e.id,
            event_type: e.event_type,
            occurred_at: e.occurred_at,
            resource_type: e.resource_type,
            resource_id: e.resource_id,
            version: e.version,
            data: e.data,
        }
    }
}

/// The events outbox: events after a cursor.
///
/// What happened to bookings (created, cancelled, moved, updated, deleted), booking series
/// (created, changed, ended, split), clients (created, updated, archived), intake forms
/// (submitted), session notes (signed, amended) and staff (invited), oldest first, after
/// `since`; `types` narrows it. Each event is written in the transaction of the change it
/// reports, so a change that rolled back has none. Its `data` holds only the type's
/// allow-listed ids, times and statuses (see `EventType`), never names, contact details,
/// notes or reasons: fetch the resource for more. `next_cursor` is where to continue, as in
/// the change feed. Intake and session-note events reach only callers that see clinical
/// content. 422 for a cursor this API did not issue.
#[utoipa::path(
    tag = "events",
    operation_id = "list_events",
    security(("bearer" = [])),
    params(EventsQuery),
    responses((status = 200, description = "One page of events.", body = Page<EventView>))
)]
#[get("/v1/events")]
pub async fn list_events(
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<EventsQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let query = query.into_inner();
    let limit = PageQuery {
        limit: query.limit,
        cursor: None,
    }
    .limit()?;
    let since: Option<FeedPosition> = decode_cursor("since", query.since.as_deref())?;
    let asked = parse_list("types", query.types.as_deref(), "an event type", EventType::parse)?;
    let types = EventType::visible_to(&caller, asked.as_deref());
    let mut conn = state.conn().await?;
    let read = EventQuery {
        after: since,
        types: &types,
        clinical: caller.sees_clinical(),
        limit,
    };
    let rows = events::list(&mut conn, caller.practice, read).await?;
    Ok(HttpResponse::Ok().json(Page::of_feed(rows, since, Event::position, EventView::from)))
}
