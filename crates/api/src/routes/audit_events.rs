//! The audit log, for owners. Reading it is itself audited: it tells who looked at whose
//! records.

use crate::auth::Caller;
use crate::error::{ApiError, FieldError};
use crate::pagination::{Page, PageQuery};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, Utc};
use knead_persistence::audit::{self, AuditRow, EventFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only events about this client.
    pub client_id: Option<Uuid>,
    /// Only events by this staff member.
    pub actor_id: Option<Uuid>,
    /// Events at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Events before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// How many events to return (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// One recorded call of a clinical operation. Holds ids and outcomes, never clinical text.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventView {
    pub id: Uuid,
    /// Position in the practice's hash chain (1, 2, 3, …).
    pub seq: i64,
    pub occurred_at: DateTime<Utc>,
    /// The staff member, or the API key (`actor_role` `api_key`: the key's id, see
    /// `list_api_keys`), or the intake link (`client_link`) that acted.
    pub actor_id: Option<Uuid>,
    /// The staff member's role, `api_key` or `client_link`.
    pub actor_role: Option<String>,
    /// When the actor is a client's intake link (`actor_role` `client_link`), the staff member
    /// who created that link.
    pub link_creator_id: Option<Uuid>,
    /// The operation called (its OpenAPI operationId).
    pub action: String,
    pub resource_type: String,
    pub resource_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub request_id: String,
    pub ip: Option<String>,
    /// `success`, `denied`, `not_found` or `failed`.
    pub outcome: String,
    pub status: i32,
    /// Hex SHA-256 chaining this event to the previous one.
    pub hash: String,
}

impl From<AuditRow> for AuditEventView {
    fn from(row: AuditRow) -> Self {
        Self {
            id: row.id,
            seq: row.seq,
            occurred_at: row.occurred_at,
            actor_id: row.actor_id,
            actor_role: row.actor_role,
            link_creator_id: row.link_creator_id,
            action: row.action,
            resource_type: row.resource_type,
            resource_id: row.resource_id,
            client_id: row.client_id,
            request_id: row.request_id,
            ip: row.ip,
            outcome: row.outcome,
            status: row.status,
            hash: hex::encode(row.hash),
        }
    }
}

/// List the audit log.
///
/// Every recorded call of a clinical operation (who, which operation, on which client's
/// record, with what outcome), newest first, filtered by client, actor and time, one page at
/// a time. Events hold ids and outcomes, never clinical text, and are hash-chained. Reading
/// the log is itself audited. 422 when `from` is after `to`.
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit_events",
    security(("bearer" = [])),
    params(AuditQuery),
    extensions(("x-clinical" = json!(true))),
    responses((status = 200, description = "One page of events.", body = Page<AuditEventView>))
)]
#[get("/v1/audit-events")]
pub async fn list_audit_events(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let query = query.into_inner();
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let before: Option<i64> = page.cursor()?;
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        return Err(ApiError::Validation(vec![FieldError::parameter(
            "from",
            "must not be after `to`",
        )]));
    }
    let filter = EventFilter {
        client_id: query.client_id,
        actor_id: query.actor_id,
        from: query.from,
        to: query.to,
    };
    let mut conn = state.read_conn(&req).await?;
    let rows = audit::list(&mut conn, caller.practice, &filter, before, limit + 1).await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, limit, |r| r.seq, AuditEventView::from)))
}
