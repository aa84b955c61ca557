//! A client's races: name, date, distance and priority (A/B/C).

use crate::auth::Caller;
use crate::concurrency::{if_match, with_etag};
use crate::error::{ApiError, FieldErrors, Problem};
use crate::extract::Json;
use crate::references::load_client;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use knead_domain::Invalid;
use knead_domain::client::{RacePriority, optional_text};
use knead_persistence::races::{self, Race, RaceDetails};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "California International Marathon", "date": "2026-12-06", "distance_meters": 42195, "priority": "a"}))]
pub struct RaceInput {
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    pub date: NaiveDate,
    /// 100 m to 1000 km.
    #[schema(minimum = 100, maximum = 1_000_000)]
    #[serde(deserialize_with = "crate::extract::whole_number")]
    pub distance_meters: i64,
    pub priority: RacePriority,
}

impl RaceInput {
    fn validate(self) -> Result<RaceDetails, ApiError> {
        let mut errors = FieldErrors::default();
        let name = errors.check("/name", optional_text(Some(&self.name), 200)).flatten();
        if name.is_none() {
            errors.check::<()>("/name", Err(Invalid::new("must not be blank")));
        }
        let distance = i32::try_from(self.distance_meters)
            .ok()
            .filter(|d| (100..=1_000_000).contains(d));
        if distance.is_none() {
            errors.check::<()>("/distance_meters", Err(Invalid::new("must be between 100 and 1000000")));
        }
        errors.finish()?;
        Ok(RaceDetails {
            name: name.unwrap_or_default(),
            date: self.date,
            distance_meters: distance.unwrap_or_default(),
            priority: self.priority,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RaceView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub name: String,
    pub date: NaiveDate,
    pub distance_meters: i32,
    pub priority: RacePriority,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Race> for RaceView {
    fn from(r: Race) -> Self {
        Self {
            id: r.id,
            client_id: r.client_id.0,
            name: r.details.name,
            date: r.details.date,
            distance_meters: r.details.distance_meters,
            priority: r.details.priority,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A client's races.
///
/// By date: name, date, distance and priority (A, B or C), which care plans are built around.
#[utoipa::path(
    tag = "clients",
    operation_id = "list_races",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Client id")),
    responses((status = 200, description = "The races.", body = Vec<RaceView>))
)]
#[get("/v1/clients/{id}/races")]
pub async fn list_races(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let client = caller.authorise_item(load_client(&mut conn, &caller, *id)).await?;
    let list = races::for_client(&mut conn, caller.practice, client.id).await?;
    Ok(HttpResponse::Ok().json(list.into_iter().map(RaceView::from).collect::<Vec<_>>()))
}

/// Add a race to a client's season.
///
/// Name, date, distance (100 m to 1000 km) and priority. An active care plan built from races
/// follows the client's races as they are.
#[utoipa::path(
    tag = "clients",
    operation_id = "create_race",
    security(("bearer" = [])),
    request_body = RaceInput,
    params(("id" = Uuid, Path, description = "Client id")),
    responses((status = 201, description = "Added.", body = RaceView, headers(("Location" = String), ("ETag" = String))))
)]
#[post("/v1/clients/{id}/races")]
pub async fn create_race(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<RaceInput>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let client = caller.authorise_item(load_client(&mut conn, &caller, *id)).await?;
    let details = body.0.validate()?;
    let race = races::insert(
        &mut conn,
        caller.practice,
        client.id,
        details,
        state.settings.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/v1/races/{}", race.id)))
        .insert_header(("ETag", crate::concurrency::etag(race.version)))
        .json(RaceView::from(race)))
}

/// One race.
///
/// The race the change feed names by id (and a race's `Location`), with the ETag to send as
/// `If-Match` when changing it. 404 when it was deleted.
#[utoipa::path(
    tag = "clients",
    operation_id = "get_race",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Race id")),
    responses((status = 200, description = "The race.", body = RaceView, headers(("ETag" = String))))
)]
#[get("/v1/races/{id}")]
pub async fn get_race(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let race = caller
        .authorise_item(races::find(&mut conn, caller.practice, *id))
        .await?;
    Ok(with_etag(race.version, &RaceView::from(race)))
}

/// Change a race.
///
/// Replaces its name, date, distance and priority. `If-Match` is required (428 without it,
/// 412 when the race changed since it was read).
#[utoipa::path(
    tag = "clients",
    operation_id = "update_race",
    security(("bearer" = [])),
    request_body = RaceInput,
    params(("id" = Uuid, Path, description = "Race id"), ("If-Match" = String, Header, description = "The ETag from the last read", pattern = r#"^(\*|"v[0-9]+")$"#)),
    responses(
        (status = 200, description = "Updated.", body = RaceView),
        (status = 412, description = "Changed since it was read.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/v1/races/{id}")]
pub async fn update_race(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<RaceInput>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let race = caller
        .authorise_item(races::find(&mut conn, caller.practice, *id))
        .await?;
    let details = body.0.validate()?;
    let expected = if_match(&req)?;
    let now = state.settings.clock.now();
    let updated = races::update(&mut conn, caller.practice, race.id, expected, details, now).await?;
    Ok(with_etag(updated.version, &RaceView::from(updated)))
}

/// Remove a race.
///
/// Races are plans, not records, so they may be deleted.
#[utoipa::path(
    tag = "clients",
    operation_id = "delete_race",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Race id")),
    responses((status = 204, description = "Removed."))
)]
#[delete("/v1/races/{id}")]
pub async fn delete_race(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let race = caller
        .authorise_item(races::find(&mut conn, caller.practice, *id))
        .await?;
    races::delete(&mut conn, caller.practice, race.id).await?;
    Ok(HttpResponse::NoContent().finish())
}
