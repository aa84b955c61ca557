//! Services (what clients book). Owners manage them; everyone reads them. Treatment rooms are
//! `rooms.rs`.

use crate::auth::Caller;
use crate::concurrency::{etag, if_match, with_etag};
use crate::error::{ApiError, FieldErrors, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use knead_domain::SessionLength;
use knead_domain::booking::{check_buffer, check_label, check_price};
use knead_domain::client::optional_text;
use knead_persistence::services::{self, Service, ServiceDetails};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A new service: name, length and price are required.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Sports massage 60", "duration_minutes": 60, "price_cents": 9500, "buffer_minutes": 15, "preparation": "Wear shorts; no oil before myofascial work."}))]
pub struct NewService {
    #[schema(min_length = 1, max_length = 120)]
    pub name: String,
    /// 5 to 480.
    #[schema(minimum = 5, maximum = 480)]
    #[serde(deserialize_with = "crate::extract::whole_number")]
    pub duration_minutes: i64,
    #[schema(minimum = 0, maximum = 10_000_000)]
    #[serde(deserialize_with = "crate::extract::whole_number")]
    pub price_cents: i64,
    /// Kept free after each session (0 to 120, default 0), copied onto each booking.
    #[schema(minimum = 0, maximum = 120)]
    #[serde(default, deserialize_with = "crate::extract::optional_whole_number")]
    pub buffer_minutes: Option<i64>,
    /// What the client should know beforehand (e.g. "no oil, wear shorts").
    #[schema(max_length = 1000)]
    pub preparation: Option<String>,
    /// Offered (default `true`).
    pub active: Option<bool>,
}

impl From<NewService> for ServicePatch {
    fn from(new: NewService) -> Self {
        Self {
            name: Some(new.name),
            duration_minutes: Some(new.duration_minutes),
            price_cents: Some(new.price_cents),
            buffer_minutes: new.buffer_minutes,
            preparation: new.preparation.map(Some),
            active: new.active,
        }
    }
}

/// Changes to a service: every field is optional and only those given change.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"price_cents": 10500, "buffer_minutes": 10}))]
pub struct ServicePatch {
    #[schema(min_length = 1, max_length = 120)]
    pub name: Option<String>,
    /// 5 to 480.
    #[schema(minimum = 5, maximum = 480)]
    #[serde(default, deserialize_with = "crate::extract::optional_whole_number")]
    pub duration_minutes: Option<i64>,
    #[schema(minimum = 0, maximum = 10_000_000)]
    #[serde(default, deserialize_with = "crate::extract::optional_whole_number")]
    pub price_cents: Option<i64>,
    /// Kept free after each session (0 to 120), copied onto each booking.
    #[schema(minimum = 0, maximum = 120)]
    #[serde(default, deserialize_with = "crate::extract::optional_whole_number")]
    pub buffer_minutes: Option<i64>,
    /// What the client should know beforehand (e.g. "no oil, wear shorts"). `null` clears it.
    #[schema(max_length = 1000)]
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    pub preparation: Option<Option<String>>,
    pub active: Option<bool>,
}

impl ServicePatch {
    /// The service after this change, starting from `base` (a PATCH) or from nothing (a POST,
    /// where [`NewService`] has made name, duration and price present).
    fn apply(self, base: Option<ServiceDetails>) -> Result<ServiceDetails, ApiError> {
        let mut errors = FieldErrors::default();
        let required = |field: &str, errors: &mut FieldErrors| {
            errors.check::<()>(&format!("/{field}"), Err(knead_domain::Invalid::new("is required")));
        };
        let name = match (self.name, &base) {
            (Some(n), _) => errors.check("/name", check_label(&n, 120)),
            (None, Some(b)) => Some(b.name.clone()),
            (None, None) => {
                required("name", &mut errors);
                None
            }
        };
        let duration = match (self.duration_minutes, &base) {
            (Some(d), _) => errors.check(
                "/duration_minutes",
                SessionLength::from_minutes(d).map(SessionLength::minutes),
            ),
            (None, Some(b)) => Some(b.duration_minutes),
            (None, None) => {
                required("duration_minutes", &mut errors);
                None
            }
        };
        let price = match (self.price_cents, &base) {
            (Some(p), _) => errors.check("/price_cents", check_price(p)),
            (None, Some(b)) => Some(b.price_cents),
            (None, None) => {
                required("price_cents", &mut errors);
                None
            }
        };
        let buffer = match self.buffer_minutes {
            Some(m) => errors.check("/buffer_minutes", check_buffer(m)),
            None => Some(base.as_ref().map_or(0, |b| b.buffer_minutes)),
        };
        let preparation = match self.preparation {
            Some(p) => errors.check("/preparation", optional_text(p.as_deref(), 1000)),
            None => Some(base.as_ref().and_then(|b| b.preparation.clone())),
        };
        errors.finish()?;
        Ok(ServiceDetails {
            name: name.unwrap_or_default(),
            duration_minutes: duration.unwrap_or_default(),
            price_cents: price.unwrap_or_default(),
            buffer_minutes: buffer.unwrap_or_default(),
            preparation: preparation.flatten(),
            active: self.active.unwrap_or(base.is_none_or(|b| b.active)),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceView {
    pub id: Uuid,
    pub name: String,
    pub duration_minutes: i32,
    pub price_cents: i32,
    pub buffer_minutes: i32,
    pub preparation: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Service> for ServiceView {
    fn from(s: Service) -> Self {
        Self {
            id: s.id,
            name: s.details.name,
            duration_minutes: s.details.duration_minutes,
            price_cents: s.details.price_cents,
            buffer_minutes: s.details.buffer_minutes,
            preparation: s.details.preparation,
            active: s.details.active,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceListQuery {
    /// Include services no longer offered.
    pub include_inactive: Option<bool>,
}

/// List the services.
///
/// What clients book (name, length, price, buffer, preparation), by name;
/// `include_inactive=true` adds those no longer offered.
#[utoipa::path(
    tag = "services",
    operation_id = "list_services",
    security(("bearer" = [])),
    params(ServiceListQuery),
    responses((status = 200, description = "The services.", body = Vec<ServiceView>))
)]
#[get("/v1/services")]
pub async fn list_services(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<ServiceListQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let mut conn = state.read_conn(&req).await?;
    let list = services::list_services(&mut conn, caller.practice, query.include_inactive.unwrap_or(false)).await?;
    Ok(HttpResponse::Ok().json(list.into_iter().map(ServiceView::from).collect::<Vec<_>>()))
}

/// Offer a new service.
///
/// Name, length and price are required; a buffer after each session and preparation advice
/// for the client are optional. 409 when a service of that name exists.
#[utoipa::path(
    tag = "services",
    operation_id = "create_service",
    security(("bearer" = [])),
    request_body = NewService,
    responses(
        (status = 201, description = "Created.", body = ServiceView, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "A service with this name exists.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/services")]
pub async fn create_service(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<NewService>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let details = ServicePatch::from(body.0).apply(None)?;
    let mut conn = state.conn().await?;
    let service = services::insert_service(&mut conn, caller.practice, details, state.settings.clock.now()).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/v1/services/{}", service.id)))
        .insert_header(("ETag", etag(service.version)))
        .json(ServiceView::from(service)))
}

/// One service.
///
/// With the ETag to send as `If-Match` when updating.
#[utoipa::path(
    tag = "services",
    operation_id = "get_service",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Service id")),
    responses((status = 200, description = "The service.", body = ServiceView, headers(("ETag" = String))))
)]
#[get("/v1/services/{id}")]
pub async fn get_service(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let service = caller
        .authorise_item(services::find_service(&mut conn, caller.practice, *id))
        .await?;
    Ok(with_etag(service.version, &ServiceView::from(service)))
}

/// Change a service.
///
/// Only the fields given change; bookings already made keep their length and buffer.
/// `If-Match` is required (428 without it, 412 when the service changed since it was read).
/// 409 when another service has the new name.
#[utoipa::path(
    tag = "services",
    operation_id = "update_service",
    security(("bearer" = [])),
    request_body = ServicePatch,
    params(("id" = Uuid, Path, description = "Service id"), ("If-Match" = String, Header, description = "The ETag from the last read", pattern = r#"^(\*|"v[0-9]+")$"#)),
    responses(
        (status = 200, description = "Updated.", body = ServiceView),
        (status = 409, description = "A service with this name exists.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/v1/services/{id}")]
pub async fn update_service(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<ServicePatch>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let current = caller
        .authorise_item(services::find_service(&mut conn, caller.practice, *id))
        .await?;
    let expected = if_match(&req)?;
    let details = body.0.apply(Some(current.details))?;
    let now = state.settings.clock.now();
    let updated = services::update_service(&mut conn, caller.practice, current.id, expected, details, now).await?;
    Ok(with_etag(updated.version, &ServiceView::from(updated)))
}
