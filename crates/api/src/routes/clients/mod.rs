//! Clients: every role manages demographics (list, search, create, update, archive); the
//! conditions behind a client's alerts are clinical and audited.

pub mod body;
pub mod races;

use self::body::{ClientPatch, ClientView, NewClient};
use crate::audit::{AuditTarget, note};
use crate::auth::Caller;
use crate::concurrency::{Created, idempotent_create, if_match, with_etag};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{Json, parse, require_json};
use crate::pagination::{Page, PageQuery, encode_cursor};
use crate::references::load_client;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use knead_domain::ClientId;
use knead_domain::clinical::{Contraindication, Severity};
use knead_persistence::clients::{self, ClientCursor, ClientOrder, ClientQuery};
use knead_persistence::intake;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClientSort {
    /// Family name, then given name.
    #[default]
    Name,
    /// Most recent visit first; clients never seen come last.
    LastVisit,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ClientListQuery {
    /// Search name, email or phone (any case, accents ignored); a query written like a phone
    /// number (digits, spaces and `+-().`) matches by its digits, so `303-555-0142` finds
    /// `+1 303 555 0142`.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// `true` lists archived clients instead of current ones.
    pub archived: Option<bool>,
    #[param(inline)]
    pub sort: Option<ClientSort>,
    /// How many clients to return (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

/// List and search clients.
///
/// Current clients (or, with `archived=true`, archived ones), one page at a time, by name or
/// by most recent visit. `q` searches name, email and phone, ignoring case and accents;
/// written like a phone number it matches by digits. A cursor from another sort order is 422.
#[utoipa::path(
    tag = "clients",
    operation_id = "list_clients",
    security(("bearer" = [])),
    params(ClientListQuery),
    responses((status = 200, description = "One page of clients.", body = Page<ClientView>))
)]
#[get("/v1/clients")]
pub async fn list_clients(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<ClientListQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let query = query.into_inner();
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let limit = page.limit()?;
    let after: Option<ClientCursor> = page.cursor()?;
    if query.q.as_ref().is_some_and(|q| q.chars().count() > 200) {
        return Err(ApiError::BadParameters(vec![FieldError::parameter(
            "q",
            "must be at most 200 characters",
        )]));
    }
    let order = match query.sort.unwrap_or_default() {
        ClientSort::Name => ClientOrder::Name,
        ClientSort::LastVisit => ClientOrder::LastVisit,
    };
    let matches_order = matches!(
        (&after, order),
        (None, _)
            | (Some(ClientCursor::Name { .. }), ClientOrder::Name)
            | (Some(ClientCursor::LastVisit { .. }), ClientOrder::LastVisit)
    );
    if !matches_order {
        return Err(ApiError::Validation(vec![FieldError::parameter(
            "cursor",
            "belongs to another sort order",
        )]));
    }
    let db_query = ClientQuery {
        q: query.q,
        archived: query.archived.unwrap_or(false),
        order,
        after,
        limit: limit + 1,
    };
    let mut conn = state.read_conn(&req).await?;
    let mut rows = clients::list(&mut conn, caller.practice, &db_query).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|c| encode_cursor(&c.cursor(order)))
    } else {
        None
    };
    Ok(HttpResponse::Ok().json(Page {
        items: rows.into_iter().map(ClientView::from).collect(),
        next_cursor,
    }))
}

/// Add a client.
///
/// Only the names are required; contact details, an emergency contact, a preferred therapist,
/// pressure preference, areas to avoid, a runner profile and practical notes may follow. 422
/// names each invalid field. Honours `Idempotency-Key`: a retry with the same key and body
/// gets the first answer.
#[utoipa::path(
    tag = "clients",
    operation_id = "create_client",
    security(("bearer" = [])),
    request_body = NewClient,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first answer", pattern = "^[!-~]{1,255}$")),
    responses(
        (status = 201, description = "Created.", body = ClientView, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "The Idempotency-Key belongs to a request that never finished.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/clients")]
pub async fn create_client(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    require_json(&req)?;
    let input: NewClient = parse(&body)?;
    let details = {
        let mut conn = state.conn().await?;
        input
            .validate(&mut conn, caller.practice, state.settings.clock.now().date_naive())
            .await?
    };
    idempotent_create(&req, &state, &caller, "create_client", &body, async |conn| {
        let client = clients::insert(conn, caller.practice, details, state.settings.clock.now()).await?;
        let location = format!("/v1/clients/{}", client.id);
        let version = client.version;
        Created::new(&ClientView::from(client), location, Some(version))
    })
    .await
}

/// One client.
///
/// Details and runner profile, with the ETag to send as `If-Match` when updating.
#[utoipa::path(
    tag = "clients",
    operation_id = "get_client",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Client id")),
    responses((status = 200, description = "The client.", body = ClientView, headers(("ETag" = String))))
)]
#[get("/v1/clients/{id}")]
pub async fn get_client(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let client = caller
        .authorise_item(clients::read(&state.shared_reads, caller.practice, ClientId(*id)))
        .await?;
    Ok(with_etag(client.version, &ClientView::from(client)))
}

/// Change a client's details.
///
/// Absent fields stay as they are; `null` clears an optional one. `If-Match` is required (428
/// without it, 412 when the client changed since it was read).
#[utoipa::path(
    tag = "clients",
    operation_id = "update_client",
    security(("bearer" = [])),
    request_body = ClientPatch,
    params(("id" = Uuid, Path, description = "Client id"), ("If-Match" = String, Header, description = "The ETag from the last read", pattern = r#"^(\*|"v[0-9]+")$"#)),
    responses(
        (status = 200, description = "Updated.", body = ClientView, headers(("ETag" = String))),
        (status = 412, description = "The client changed since it was read.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/v1/clients/{id}")]
pub async fn update_client(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<ClientPatch>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let current = caller.authorise_item(load_client(&mut conn, &caller, *id)).await?;
    let patch = body.0;
    let reminders_opt_out = patch.reminders_opt_out;
    let details = patch
        .apply(&current.details)
        .validate(&mut conn, caller.practice, state.settings.clock.now().date_naive())
        .await?;
    let expected = if_match(&req)?;
    let now = state.settings.clock.now();
    let updated = clients::update(
        &mut conn,
        caller.practice,
        current.id,
        expected,
        details,
        reminders_opt_out,
        now,
    )
    .await?;
    Ok(with_etag(updated.version, &ClientView::from(updated)))
}

async fn set_archived(caller: Caller, state: &AppState, id: Uuid, archived: bool) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let current = caller.authorise_item(load_client(&mut conn, &caller, id)).await?;
    let now = state.settings.clock.now();
    let client = clients::set_archived(&mut conn, caller.practice, current.id, archived, now).await?;
    Ok(with_etag(client.version, &ClientView::from(client)))
}

/// Archive a client.
///
/// The client leaves the default list and keeps all their records. Until they are brought
/// back they cannot be booked, and no intake link or calendar feed is issued for them.
#[utoipa::path(
    tag = "clients",
    operation_id = "archive_client",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Client id")),
    responses((status = 200, description = "Archived.", body = ClientView))
)]
#[post("/v1/clients/{id}/archive")]
pub async fn archive_client(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    set_archived(caller, &state, *id, true).await
}

/// Bring an archived client back.
///
/// The client is listed and can be booked again.
#[utoipa::path(
    tag = "clients",
    operation_id = "unarchive_client",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Client id")),
    responses((status = 200, description = "Restored.", body = ClientView))
)]
#[post("/v1/clients/{id}/unarchive")]
pub async fn unarchive_client(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    set_archived(caller, &state, *id, false).await
}

/// One alert with the condition behind it (clinical).
#[derive(Debug, Serialize, ToSchema)]
pub struct ClinicalAlert {
    pub condition: Contraindication,
    /// The condition as a person reads it.
    pub label: String,
    pub severity: Severity,
    pub handling: String,
}

/// The conditions behind a client's alerts.
///
/// The contraindications on the client's latest intake, most severe first, each with its
/// label, severity and handling. Calendars show only the neutral handling; this names the
/// condition, so it is clinical and every call is audited.
#[utoipa::path(
    tag = "clients",
    operation_id = "get_client_alerts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Client id")),
    extensions(("x-clinical" = json!(true))),
    responses((status = 200, description = "Most severe first.", body = Vec<ClinicalAlert>))
)]
#[get("/v1/clients/{id}/alerts")]
pub async fn get_client_alerts(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    note(&req, AuditTarget::client(*id, Some(*id)));
    let mut conn = state.conn().await?;
    let client = caller.authorise_item(load_client(&mut conn, &caller, *id)).await?;
    let latest = intake::latest(&mut conn, caller.practice, client.id).await?;
    let mut alerts: Vec<ClinicalAlert> = latest
        .map(|form| form.content.contraindications)
        .unwrap_or_default()
        .into_iter()
        .map(|c| ClinicalAlert {
            condition: c,
            label: c.label().to_owned(),
            severity: c.severity(),
            handling: c.handling().to_owned(),
        })
        .collect();
    alerts.sort_by_key(|a| (a.severity, a.condition));
    Ok(HttpResponse::Ok().json(alerts))
}
