//! Bookings: the calendar, booking, moving through the day's states, and cancelling. No double
//! booking is the database's guarantee (exclusion constraints); a refusal answers 409 with the
//! booking in the way. Front desk and owners manage every booking; therapists their own.

pub mod body;

use self::body::{BookingPatch, BookingView, CancelInput, NewBooking, double_booking, new_slot, session_end};
use crate::auth::Caller;
use crate::concurrency::{Created, idempotent_create, if_match, optional_if_match, with_etag};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{Json, parse, require_json};
use crate::overrides;
use crate::pagination::{Page, PageQuery};
use crate::references::{check_hours, check_room, check_service, check_therapist, ensure_own};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use knead_domain::booking::{BookingStatus, StatusMoment, is_late_cancellation};
use knead_domain::reasons::ReasonNote;
use knead_domain::schedule::Span;
use knead_domain::{ClientId, StaffId};
use knead_persistence::booking_create::{self, References, Wanted};
use knead_persistence::bookings::{self, CalendarQuery, Cancellation};
use knead_persistence::practices;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BookingListQuery {
    /// Bookings that end after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Bookings that start before this instant.
    pub to: Option<DateTime<Utc>>,
    pub therapist_id: Option<Uuid>,
    pub client_id: Option<Uuid>,
    pub room_id: Option<Uuid>,
    /// The occurrences of one series.
    pub series_id: Option<Uuid>,
    /// Only bookings in this state.
    pub status: Option<BookingStatus>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// The calendar: list bookings.
///
/// Bookings by start, with client names and neutral handling alerts, filtered by time range,
/// therapist, client, room, series and status, one page at a time. 422 when `to` is not after
/// `from`.
#[utoipa::path(
    tag = "bookings",
    operation_id = "list_bookings",
    security(("bearer" = [])),
    params(BookingListQuery),
    responses((status = 200, description = "One page of bookings.", body = Page<BookingView>))
)]
#[get("/v1/bookings")]
pub async fn list_bookings(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<BookingListQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let q = query.into_inner();
    if let (Some(from), Some(to)) = (q.from, q.to)
        && to <= from
    {
        return Err(ApiError::Validation(vec![FieldError::parameter(
            "to",
            "must be after from",
        )]));
    }
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = page.limit()?;
    let calendar = CalendarQuery {
        id: None,
        from: q.from,
        to: q.to,
        therapist: q.therapist_id.map(StaffId),
        client: q.client_id.map(ClientId),
        room: q.room_id,
        series: q.series_id,
        statuses: q.status.into_iter().collect(),
        after: page.cursor()?,
        limit: limit + 1,
    };
    let mut conn = state.read_conn(&req).await?;
    let rows = bookings::calendar(&mut conn, caller.practice, &calendar).await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(
        rows,
        limit,
        |e| (e.booking.slot.starts_at, e.booking.id),
        BookingView::from,
    )))
}

/// Book a session.
///
/// A client, a therapist (or owner) who takes bookings, a service and a start; the end
/// follows from the service's length unless `ends_at` is given. 409 (the problem's
/// `conflicts` names the booking in the way) when the therapist, the room or the client is
/// already booked then. 422 outside the therapist's working hours, in their time off or on a
/// closed day unless `outside_hours` is set with an override reason, and for an archived
/// client, a service no longer offered or a retired room. A therapist books only for themself
/// (403). Honours `Idempotency-Key`: a retry with the same key and body gets the first
/// answer.
#[utoipa::path(
    tag = "bookings",
    operation_id = "create_booking",
    security(("bearer" = [])),
    request_body = NewBooking,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first answer", pattern = "^[!-~]{1,255}$")),
    responses(
        (status = 201, description = "Booked.", body = BookingView, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "Double booking (the problem's `conflicts` names the booking in the way), or the Idempotency-Key belongs to a request that never finished.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/bookings")]
pub async fn create_booking(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    require_json(&req)?;
    let input: NewBooking = parse(&body)?;
    let overridden = overrides::checked(input.outside_hours, caller.staff, input.override_reason.as_ref())?;
    let wanted = Wanted {
        client: input.client_id,
        therapist: input.therapist_id,
        service: input.service_id,
        room: input.room_id,
        starts_at: input.starts_at,
    };
    let decide = |found: &References| new_slot(&caller, &input, &overridden, found);
    idempotent_create(&req, &state, &caller, "create_booking", &body, async |conn| {
        let now = state.settings.clock.now();
        let entry = booking_create::create(conn, caller.practice, &wanted, decide, caller.staff, now).await?;
        let (location, version) = (format!("/v1/bookings/{}", entry.booking.id), entry.booking.version);
        Created::new(&BookingView::from(entry), location, Some(version))
    })
    .await
}

/// One booking.
///
/// With the client's name and handling alerts, and the ETag to send as `If-Match` when
/// updating.
#[utoipa::path(
    tag = "bookings",
    operation_id = "get_booking",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Booking id")),
    responses((status = 200, description = "The booking.", body = BookingView, headers(("ETag" = String))))
)]
#[get("/v1/bookings/{id}")]
pub async fn get_booking(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let entry = caller
        .authorise_item(bookings::entry(&mut conn, caller.practice, *id))
        .await?;
    Ok(with_etag(entry.booking.version, &BookingView::from(entry)))
}

/// Move a booking or take it to its next state.
///
/// Moves change time, therapist, room or service; `If-Match` is required. Completing a
/// booking records the client's visit. States follow the clock: check-in opens 60 minutes
/// before the start, `completed` and `no_show` need the start to have passed, and a mistaken
/// `checked_in` (back to `confirmed`) or `no_show` (back to `scheduled`) is undone only on
/// the session's day in the practice's zone; otherwise 422 naming `/status`. Cancelling is
/// `POST /v1/bookings/{id}/cancel`. 409 for a double booking or a booking that can no longer
/// be moved. A therapist changes only their own bookings (403).
#[utoipa::path(
    tag = "bookings",
    operation_id = "update_booking",
    security(("bearer" = [])),
    request_body = BookingPatch,
    params(("id" = Uuid, Path, description = "Booking id"), ("If-Match" = String, Header, description = "The ETag from the last read", pattern = r#"^(\*|"v[0-9]+")$"#)),
    responses(
        (status = 200, description = "Updated.", body = BookingView),
        (status = 409, description = "Double booking, or the booking can no longer be moved.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/v1/bookings/{id}")]
pub async fn update_booking(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<BookingPatch>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let current = caller
        .authorise_item(bookings::find(&mut conn, caller.practice, *id))
        .await?;
    ensure_own(&caller, current.slot.therapist_id)?;
    let expected = if_match(&req)?.unwrap_or(current.version);
    let patch = body.0;
    if patch.status == Some(BookingStatus::Cancelled) {
        return Err(ApiError::invalid(
            "/status",
            "cancel with POST /v1/bookings/{id}/cancel and a reason",
        ));
    }
    // The table alone is checked first, so a move that is refused anyway costs no lookup.
    if let Some(next) = patch.status {
        current
            .status
            .transition(next)
            .map_err(|e| ApiError::invalid("/status", e.0))?;
    }
    let mut slot = current.slot.clone();
    if patch.moves() {
        if !current.status.is_open() {
            return Err(ApiError::Conflict(format!(
                "a {} booking can no longer be moved",
                current.status.as_str()
            )));
        }
        if let Some(therapist) = patch.therapist_id {
            slot.therapist_id = check_therapist(&mut conn, caller.practice, therapist).await?;
            ensure_own(&caller, slot.therapist_id)?;
        }
        if let Some(service) = patch.service_id {
            let service = check_service(&mut conn, caller.practice, service).await?;
            slot.service_id = service.id;
            slot.buffer_minutes = service.details.buffer_minutes;
            slot.ends_at = session_end(slot.starts_at, None, service.details.duration_minutes)?;
        }
        if let Some(room) = patch.room_id {
            check_room(&mut conn, caller.practice, room).await?;
            slot.room_id = room;
        }
        if let Some(start) = patch.starts_at {
            let length = slot.ends_at - slot.starts_at;
            slot.starts_at = start;
            slot.ends_at = start + length;
        }
        if patch.ends_at.is_some() {
            slot.ends_at = session_end(slot.starts_at, patch.ends_at, 0)?;
        }
        slot.outside_hours = patch.outside_hours.unwrap_or(false);
        if !slot.outside_hours {
            check_hours(
                &mut conn,
                caller.practice,
                slot.therapist_id,
                Span::new(slot.starts_at, slot.ends_at),
            )
            .await?;
        }
    } else if let Some(outside) = patch.outside_hours {
        slot.outside_hours = outside;
    }
    let status = match patch.status {
        Some(next) if next != current.status => {
            let zone = practices::find(&mut conn, caller.practice).await?.time_zone.tz();
            let moment = StatusMoment::new(slot.starts_at, state.settings.clock.now(), zone);
            current
                .status
                .transition_at(next, moment)
                .map_err(|e| ApiError::invalid("/status", e.0))?
        }
        _ => current.status,
    };
    let moved = current.slot.moves_occurrence(&slot);
    let now = state.settings.clock.now();
    match bookings::update(
        &mut conn,
        caller.practice,
        current.id,
        expected,
        &slot,
        status,
        moved,
        now,
    )
    .await
    {
        Ok(_) => {}
        Err(e) => return Err(double_booking(&mut conn, caller.practice, e, &slot, Some(current.id)).await),
    }
    let entry = bookings::entry(&mut conn, caller.practice, current.id).await?;
    Ok(with_etag(entry.booking.version, &BookingView::from(entry)))
}

/// Cancel a booking.
///
/// With a reason from the closed list and an optional short note (no health details: the
/// front desk sees it); flagged late inside the practice's cancellation window. The slot is
/// free again at once. `If-Match` is honoured when given. 409 when the booking is already
/// cancelled or past its session. A therapist cancels only their own bookings (403).
#[utoipa::path(
    tag = "bookings",
    operation_id = "cancel_booking",
    security(("bearer" = [])),
    request_body = CancelInput,
    params(("id" = Uuid, Path, description = "Booking id"), ("If-Match" = Option<String>, Header, description = "The ETag from the last read", pattern = r#"^(\*|"v[0-9]+")$"#)),
    responses(
        (status = 200, description = "Cancelled.", body = BookingView),
        (status = 409, description = "The booking is already cancelled or past its session.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/bookings/{id}/cancel")]
pub async fn cancel_booking(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<CancelInput>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let current = caller
        .authorise_item(bookings::find(&mut conn, caller.practice, *id))
        .await?;
    ensure_own(&caller, current.slot.therapist_id)?;
    let expected = optional_if_match(&req)?;
    let note = ReasonNote::parse(body.0.note.as_deref()).map_err(|e| ApiError::invalid("/note", e.0))?;
    let reason = body.0.reason.as_str().to_owned();
    if !current.status.is_open() {
        return Err(ApiError::Conflict(format!(
            "a {} booking cannot be cancelled",
            current.status.as_str()
        )));
    }
    let practice = practices::find(&mut conn, caller.practice).await?;
    let now = state.settings.clock.now();
    let window = i32::from(practice.cancellation_window.get());
    let cancellation = Cancellation {
        late: is_late_cancellation(current.slot.starts_at, now, window),
        reason,
        note: note.map(|n| n.as_str().to_owned()),
        at: now,
    };
    bookings::cancel(&mut conn, caller.practice, current.id, expected, cancellation).await?;
    let entry = bookings::entry(&mut conn, caller.practice, current.id).await?;
    Ok(with_etag(entry.booking.version, &BookingView::from(entry)))
}
