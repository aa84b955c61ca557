//! Treatment rooms. Owners add, rename and retire them; everyone reads them. A retired room
//! takes no new bookings.

use crate::auth::Caller;
use crate::concurrency::{etag, if_match, with_etag};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use knead_domain::booking::check_label;
use knead_persistence::services::{self, Room};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A new treatment room.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Room 2 (table with face cradle)"}))]
pub struct NewRoom {
    #[schema(min_length = 1, max_length = 120)]
    pub name: String,
    /// In use (default `true`).
    pub active: Option<bool>,
}

/// Changes to a room: both fields are optional and only those given change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"active": false}))]
pub struct RoomPatch {
    #[schema(min_length = 1, max_length = 120)]
    pub name: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoomView {
    pub id: Uuid,
    pub name: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Room> for RoomView {
    fn from(r: Room) -> Self {
        Self {
            id: r.id,
            name: r.name,
            active: r.active,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

fn room_name(raw: Option<String>, current: Option<&str>) -> Result<String, ApiError> {
    match (raw, current) {
        (Some(name), _) => check_label(&name, 120).map_err(|e| ApiError::invalid("/name", e.0)),
        (None, Some(current)) => Ok(current.to_owned()),
        (None, None) => Err(ApiError::invalid("/name", "is required")),
    }
}

/// List the treatment rooms.
///
/// Every room, in use or retired, by name.
#[utoipa::path(
    tag = "services",
    operation_id = "list_rooms",
    security(("bearer" = [])),
    responses((status = 200, description = "The rooms.", body = Vec<RoomView>))
)]
#[get("/v1/rooms")]
pub async fn list_rooms(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let mut conn = state.conn().await?;
    let list = services::list_rooms(&mut conn, caller.practice).await?;
    Ok(HttpResponse::Ok().json(list.into_iter().map(RoomView::from).collect::<Vec<_>>()))
}

/// Add a treatment room.
///
/// In use unless `active` is false. 409 when a room of that name exists.
#[utoipa::path(
    tag = "services",
    operation_id = "create_room",
    security(("bearer" = [])),
    request_body = NewRoom,
    responses(
        (status = 201, description = "Created.", body = RoomView, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "A room with this name exists.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/rooms")]
pub async fn create_room(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<NewRoom>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let name = room_name(Some(body.0.name), None)?;
    let mut conn = state.conn().await?;
    let (active, now) = (body.0.active.unwrap_or(true), state.settings.clock.now());
    let room = services::insert_room(&mut conn, caller.practice, name, active, now).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/v1/rooms/{}", room.id)))
        .insert_header(("ETag", etag(room.version)))
        .json(RoomView::from(room)))
}

/// Rename or retire a treatment room.
///
/// Only the fields given change; a retired room (`active: false`) takes no new bookings.
/// `If-Match` is required (428 without it, 412 when the room changed since it was read). 409
/// when another room has the new name.
#[utoipa::path(
    tag = "services",
    operation_id = "update_room",
    security(("bearer" = [])),
    request_body = RoomPatch,
    params(("id" = Uuid, Path, description = "Room id"), ("If-Match" = String, Header, description = "The ETag from the last read", pattern = r#"^(\*|"v[0-9]+")$"#)),
    responses(
        (status = 200, description = "Updated.", body = RoomView),
        (status = 409, description = "A room with this name exists.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/v1/rooms/{id}")]
pub async fn update_room(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<RoomPatch>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let current = caller
        .authorise_item(services::find_room(&mut conn, caller.practice, *id))
        .await?;
    let expected = if_match(&req)?;
    let name = room_name(body.0.name, Some(&current.name))?;
    let active = body.0.active.unwrap_or(current.active);
    let now = state.settings.clock.now();
    let updated = services::update_room(&mut conn, caller.practice, current.id, expected, name, active, now).await?;
    Ok(with_etag(updated.version, &RoomView::from(updated)))
}
