//! A client's manage-booking page: the one-time link in their confirmation, change or
//! reminder email opens their booking without a login (when, what, with whom; nothing else)
//! and lets them cancel it until it starts — inside the practice's cancellation window the
//! cancellation is recorded as late, and the page says so before they confirm. The token is
//! 256 random bits, stored hashed; it works until the session ends, and cancels once. Failed
//! lookups are throttled per client IP.

use crate::auth::link_throttle::LinkThrottle;
use crate::auth::secrets;
use crate::error::{ApiError, Problem};
use crate::mail::booking::MANAGE_PREFIX;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use knead_domain::PracticeId;
use knead_domain::booking::is_late_cancellation;
use knead_domain::reasons::CancellationReason;
use knead_persistence::activity::{self, Actor};
use knead_persistence::booking_mail::{self, BookingMail};
use knead_persistence::bookings::Cancellation;
use knead_persistence::client_mail::{self, BookingLink};
use knead_persistence::{Connection, StoreError};
use serde::Serialize;
use utoipa::ToSchema;

/// A booking as its client sees it through their link.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicBooking {
    pub practice_name: String,
    pub client_given_name: String,
    pub service_name: String,
    pub therapist_name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The practice's IANA time zone, to show the times in.
    pub time_zone: String,
    /// scheduled, confirmed, arrived, completed, cancelled or no_show.
    pub status: String,
    pub cancellation_window_hours: i32,
    /// Whether the client may cancel it now through this link.
    pub can_cancel: bool,
    /// Whether cancelling now would be late (inside the practice's window).
    pub late: bool,
    /// For a cancelled booking: whether it was cancelled late.
    pub late_cancellation: Option<bool>,
}

fn view(booking: BookingMail, link: &BookingLink, now: DateTime<Utc>) -> PublicBooking {
    let open = matches!(booking.status.as_str(), "scheduled" | "confirmed");
    PublicBooking {
        can_cancel: open && link.is_open(now) && now < booking.starts_at,
        late: is_late_cancellation(booking.starts_at, now, booking.cancellation_window_hours),
        late_cancellation: booking.cancelled_late,
        practice_name: booking.practice_name,
        client_given_name: booking.client_given_name,
        service_name: booking.service_name,
        therapist_name: booking.therapist_name,
        starts_at: booking.starts_at,
        ends_at: booking.ends_at,
        time_zone: booking.time_zone,
        status: booking.status,
        cancellation_window_hours: booking.cancellation_window_hours,
    }
}

const EXPIRED: &str = "this link has expired: the session is over";

/// Resolves a token to its link and booking, throttling failed lookups per client IP; 410 once
/// the session has ended.
async fn open(
    req: &HttpRequest,
    state: &AppState,
    conn: &mut Connection,
    token: &str,
) -> Result<(BookingLink, BookingMail), ApiError> {
    let throttle = LinkThrottle::check(req, state, conn, "manage").await?;
    let found = match secrets::parse(MANAGE_PREFIX, token) {
        Some(parsed) => match client_mail::find_booking_link(conn, parsed.practice, parsed.id).await {
            Ok(link) if parsed.matches(&link.secret_hash) => Some(link),
            Ok(_) | Err(StoreError::NotFound) => None,
            Err(other) => return Err(other.into()),
        },
        None => None,
    };
    let Some(link) = found else {
        return Err(throttle.missed(state, conn).await?);
    };
    activity::act_as(Actor::ClientLink);
    activity::attribute(conn).await?;
    if state.settings.clock.now() >= link.expires_at {
        return Err(ApiError::Gone(EXPIRED));
    }
    let booking = booking_mail::by_id(conn, PracticeId(link.practice_id), link.booking_id)
        .await?
        .ok_or(ApiError::Gone(EXPIRED))?;
    Ok((link, booking))
}

/// Open a manage-booking link.
///
/// What the client sees: the practice, the service, the therapist, when (with the practice's
/// time zone), the status, and whether they may cancel now and whether that would be late.
/// The token from the email is the credential: 404 for an unknown one, 410 once the session is
/// over, 429 after too many failed lookups from one address.
#[utoipa::path(
    tag = "public",
    operation_id = "get_public_booking",
    params(("token" = String, Path, description = "The token from the link")),
    responses(
        (status = 200, description = "The booking.", body = PublicBooking),
        (status = 404, description = "No such link.", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The session is over.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed lookups from this address.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/public/bookings/{token}")]
pub async fn get_public_booking(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let (link, booking) = open(&req, &state, &mut conn, &token).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(view(booking, &link, state.settings.clock.now())))
}

/// Cancel a booking through its link.
///
/// Cancels the booking as the client's request, late when inside the practice's cancellation
/// window; the link then cancels nothing more, and the client is emailed that this one
/// session is cancelled. 409 when it is no longer open or has started (or the link was used);
/// token rules as for opening it.
#[utoipa::path(
    tag = "public",
    operation_id = "cancel_public_booking",
    params(("token" = String, Path, description = "The token from the link")),
    responses(
        (status = 200, description = "Cancelled.", body = PublicBooking),
        (status = 404, description = "No such link.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It can no longer be cancelled here.", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The session is over.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed lookups from this address.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/public/bookings/{token}/cancel")]
pub async fn cancel_public_booking(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let (link, booking) = open(&req, &state, &mut conn, &token).await?;
    let now = state.settings.clock.now();
    if !view(booking.clone(), &link, now).can_cancel {
        return Err(ApiError::Conflict(format!(
            "this session can no longer be cancelled here ({}); please contact {}",
            booking.status, booking.practice_name
        )));
    }
    let cancellation = Cancellation {
        reason: CancellationReason::ClientRequest.as_str().to_owned(),
        note: None,
        late: is_late_cancellation(booking.starts_at, now, booking.cancellation_window_hours),
        at: now,
    };
    let practice = PracticeId(link.practice_id);
    match client_mail::cancel_through_link(&mut conn, &link, cancellation).await {
        Ok(Some(_)) => {}
        Ok(None) | Err(StoreError::Stale) => {
            return Err(ApiError::Conflict(
                "this session was changed or cancelled meanwhile: open the link again".into(),
            ));
        }
        Err(other) => return Err(other.into()),
    }
    let booking = booking_mail::by_id(&mut conn, practice, link.booking_id)
        .await?
        .ok_or(ApiError::Gone(EXPIRED))?;
    let link = client_mail::find_booking_link(&mut conn, practice, link.id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(view(booking, &link, now)))
}
