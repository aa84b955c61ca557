//! Calendar feeds: a secret URL that a calendar app (Google, Apple, Outlook) subscribes to
//! without a login, showing a therapist's sessions or a client's upcoming bookings as
//! iCalendar. The URL carries `kf1.<practice>.<id>.<secret>` (256 random bits, stored hashed,
//! looked up within its practice); issuing a new one revokes the old.
//!
//! Owners manage anyone's feed and therapists their own; front desk, who book for everyone,
//! manage clients' feeds but not the therapists' (a therapist's feed is that therapist's own
//! credential). Failed lookups are not throttled per address, unlike intake links: calendar
//! services poll from shared addresses and keep polling revoked feeds, so a throttle would
//! lock out every other feed fetched from there, and a 256-bit secret is not guessed anyway.

use crate::auth::Caller;
use crate::auth::secrets;
use crate::error::{ApiError, FieldError, Problem};
use crate::ics;
use crate::references::ensure_own;
use crate::references::load_client;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, get, put, web};
use chrono::{DateTime, Utc};
use knead_domain::StaffId;
use knead_domain::calendar_feed::{client_feed, therapist_feed};
use knead_persistence::calendar_feeds::{self, FeedOwner};
use knead_persistence::feed_content::{self, FeedBookings};
use knead_persistence::{Connection, StoreError, practices, staff};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

pub const FEED_PREFIX: &str = "kf1";

/// A newly issued feed. The URL is the secret: it is shown this once.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"url": "/v1/calendar/kf1.0193c5a0000070008000000000000001.0193c5a0000070008000000000000009.3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics", "created_at": "2026-11-22T09:30:00Z"}))]
pub struct CalendarFeedLink {
    /// The feed's path, relative to the API's base URL: `/v1/calendar/<token>.ics`.
    pub url: String,
    pub created_at: DateTime<Utc>,
}

fn issued(token: &str, created_at: DateTime<Utc>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(CalendarFeedLink {
            url: format!("/v1/calendar/{token}.ics"),
            created_at,
        })
}

/// The staff member whose feed is managed: 404 outside the practice, 403 for a therapist
/// acting for someone else.
async fn feed_staff(conn: &mut Connection, caller: &Caller, id: Uuid) -> Result<staff::Staff, ApiError> {
    let member = caller
        .authorise_item(staff::find(conn, caller.practice, StaffId(id)))
        .await?;
    ensure_own(caller, member.id)?;
    Ok(member)
}

async fn issue(
    conn: &mut Connection,
    caller: &Caller,
    owner: FeedOwner,
    now: DateTime<Utc>,
) -> Result<HttpResponse, ApiError> {
    let minted = secrets::mint(FEED_PREFIX, caller.practice);
    let feed = calendar_feeds::replace(conn, caller.practice, owner, minted.id, minted.hash, caller.staff, now).await?;
    Ok(issued(&minted.token, feed.created_at))
}

/// Issue a therapist's calendar feed.
///
/// A secret iCalendar URL of their sessions for a calendar app to subscribe to; issuing one
/// revokes the previous URL. The URL is in this answer only. For a therapist or owner who
/// takes bookings (422 for front desk or a deactivated account); a therapist issues only
/// their own (403).
#[utoipa::path(
    tag = "calendar feeds",
    operation_id = "issue_staff_calendar_feed",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Staff id of a therapist or owner")),
    responses(
        (status = 200, description = "The new feed; the old URL stops working.", body = CalendarFeedLink),
        (status = 403, description = "Your role may not do this, or a therapist asked for someone else's feed.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The staff member is front desk or deactivated: there are no sessions to show.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/v1/staff/{id}/calendar-feed")]
pub async fn issue_staff_calendar_feed(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let member = feed_staff(&mut conn, &caller, *id).await?;
    if !member.active || !member.role.takes_bookings() {
        return Err(ApiError::Validation(vec![FieldError::parameter(
            "id",
            "must be an active therapist or owner",
        )]));
    }
    issue(
        &mut conn,
        &caller,
        FeedOwner::Staff(member.id),
        state.settings.clock.now(),
    )
    .await
}

/// Revoke a therapist's calendar feed.
///
/// Its URL answers 404 from now on; 204 also when there was none. A therapist revokes only
/// their own (403).
#[utoipa::path(
    tag = "calendar feeds",
    operation_id = "revoke_staff_calendar_feed",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Staff id")),
    responses(
        (status = 204, description = "Revoked (or there was none)."),
        (status = 403, description = "Your role may not do this, or a therapist asked for someone else's feed.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/v1/staff/{id}/calendar-feed")]
pub async fn revoke_staff_calendar_feed(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let member = feed_staff(&mut conn, &caller, *id).await?;
    calendar_feeds::revoke(
        &mut conn,
        caller.practice,
        FeedOwner::Staff(member.id),
        state.settings.clock.now(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Issue a client's calendar feed.
///
/// A secret iCalendar URL of the client's upcoming bookings for their calendar app; issuing
/// one revokes the previous URL. The URL is in this answer only. 409 when the client is
/// archived.
#[utoipa::path(
    tag = "calendar feeds",
    operation_id = "issue_client_calendar_feed",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Client id")),
    responses(
        (status = 200, description = "The new feed; the old URL stops working.", body = CalendarFeedLink),
        (status = 409, description = "The client is archived.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/v1/clients/{id}/calendar-feed")]
pub async fn issue_client_calendar_feed(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let client = caller.authorise_item(load_client(&mut conn, &caller, *id)).await?;
    if client.archived {
        return Err(ApiError::Conflict("the client is archived".into()));
    }
    issue(
        &mut conn,
        &caller,
        FeedOwner::Client(client.id),
        state.settings.clock.now(),
    )
    .await
}

/// Revoke a client's calendar feed.
///
/// Its URL answers 404 from now on; 204 also when there was none.
#[utoipa::path(
    tag = "calendar feeds",
    operation_id = "revoke_client_calendar_feed",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Client id")),
    responses((status = 204, description = "Revoked (or there was none)."))
)]
#[delete("/v1/clients/{id}/calendar-feed")]
pub async fn revoke_client_calendar_feed(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let client = caller.authorise_item(load_client(&mut conn, &caller, *id)).await?;
    calendar_feeds::revoke(
        &mut conn,
        caller.practice,
        FeedOwner::Client(client.id),
        state.settings.clock.now(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The live feed a token names, or 404 for any token that is malformed, unknown, revoked or
/// wrong in its secret.
async fn open_feed(conn: &mut Connection, token: &str) -> Result<calendar_feeds::CalendarFeed, ApiError> {
    let parsed = secrets::parse(FEED_PREFIX, token).ok_or(ApiError::NotFound)?;
    match calendar_feeds::find_live(conn, parsed.practice, parsed.id).await {
        Ok(feed) if parsed.matches(&feed.secret_hash) => Ok(feed),
        Ok(_) | Err(StoreError::NotFound) => Err(ApiError::NotFound),
        Err(other) => Err(other.into()),
    }
}

/// A calendar feed, as iCalendar.
///
/// For calendar apps (RFC 5545); the URL is the secret. A therapist's feed: their bookings
/// from 30 days ago on, each series as one recurring event (client initials, service, room).
/// A client's feed: their upcoming bookings (service, therapist). Nothing clinical appears in
/// either. 404 for a token that is unknown or revoked, or whose therapist was deactivated.
#[utoipa::path(
    tag = "calendar feeds",
    operation_id = "get_calendar_feed",
    params(("token" = String, Path, description = "The secret from the feed's URL, without `.ics`")),
    responses(
        (status = 200, description = "The calendar.", body = String, content_type = "text/calendar"),
        (status = 404, description = "No such feed: unknown, revoked, or its therapist was deactivated.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/calendar/{token}.ics")]
pub async fn get_calendar_feed(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.read_conn(&req).await?;
    let feed = open_feed(&mut conn, &token).await?;
    let now = state.settings.clock.now();
    let practice = practices::find(&mut conn, feed.practice).await?;
    let content = match feed.owner {
        FeedOwner::Staff(therapist) => {
            let member = staff::find(&mut conn, feed.practice, therapist).await?;
            let series = feed_content::therapist_series(&mut conn, feed.practice, therapist, now).await?;
            let which = FeedBookings::Therapist { therapist, now };
            let bookings = feed_content::bookings(&mut conn, feed.practice, which).await?;
            let name = format!("{} · {}", practice.name.as_str(), member.display_name.as_str());
            therapist_feed(&name, therapist, &series, &bookings, now)
        }
        FeedOwner::Client(client) => {
            let which = FeedBookings::Client { client, now };
            let bookings = feed_content::bookings(&mut conn, feed.practice, which).await?;
            client_feed(practice.name.as_str(), &bookings, now)
        }
    };
    let body = ics::render(&content).map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(ics::CONTENT_TYPE)
        .insert_header(("Cache-Control", "no-store"))
        .body(body))
}
