//! A series before it exists: `POST /v1/booking-series/preview` takes the body a create takes,
//! checks it the same way, and answers the occurrences a create would book, each with the
//! booking in its way and whether it falls outside working hours, in time off or on a closed
//! day. Nothing is written. The plan and the clash read are persistence's own
//! ([`series_preview::preview`]), the ones a create uses.

use super::body::{NewSeries, clash_view, local_time};
use super::duration;
use crate::auth::Caller;
use crate::error::{ApiError, BookingClash};
use crate::extract::{parse, require_json};
use crate::references::{check_client, check_room, check_service, check_therapist, ensure_own};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use knead_domain::closed_days::{local_dates, touched_by};
use knead_domain::recurrence::{RecurrenceRule, Series, SeriesPattern};
use knead_domain::schedule::Span;
use knead_persistence::series::SeriesTerms;
use knead_persistence::series::preview as series_preview;
use knead_persistence::{Connection, closed_days, practices, schedule};
use serde::Serialize;
use utoipa::ToSchema;

/// Why an occurrence could not be booked without `outside_hours`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unavailable {
    OutsideHours,
    TimeOff,
    ClosedDay,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewOccurrence {
    /// The occurrence's rule-given local start in the practice's zone (its RECURRENCE-ID).
    #[schema(value_type = String, pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")]
    pub recurrence_id: NaiveDateTime,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The booking in its way (with `on_conflict: reject` the create would be refused; with
    /// `skip` this occurrence would be skipped). Empty when it is free.
    pub clashes: Vec<BookingClash>,
    /// Set when the occurrence falls on a closed day, in the therapist's time off, or outside
    /// their working hours (in that order); the create then needs `outside_hours`.
    pub unavailable: Option<Unavailable>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesPreview {
    /// What a create now would book (to a year ahead), by start.
    pub occurrences: Vec<PreviewOccurrence>,
}

/// A new series' body checked against the practice (the same 422s for a create and a
/// preview): its terms, its series and the practice's zone.
pub async fn checked(
    conn: &mut Connection,
    caller: &Caller,
    input: &NewSeries,
    now: DateTime<Utc>,
) -> Result<(SeriesTerms, Series, Tz), ApiError> {
    let client_id = check_client(conn, caller.practice, input.client_id).await?;
    let therapist_id = check_therapist(conn, caller.practice, input.therapist_id).await?;
    ensure_own(caller, therapist_id)?;
    let service = check_service(conn, caller.practice, input.service_id).await?;
    check_room(conn, caller.practice, input.room_id).await?;
    let zone = practices::find(conn, caller.practice).await?.time_zone.tz();
    let first_local = local_time("/first_start", &input.first_start)?;
    let rule = RecurrenceRule::parse(&input.rrule).map_err(|e| ApiError::invalid("/rrule", e.0))?;
    let pattern = SeriesPattern::new(first_local, zone, rule).map_err(|e| ApiError::invalid("/first_start", e.0))?;
    let minutes = input
        .duration_minutes
        .unwrap_or(i64::from(service.details.duration_minutes));
    let series = Series::new(pattern, duration("/duration_minutes", minutes)?)
        .map_err(|e| ApiError::invalid("/duration_minutes", e.0))?;
    if series.pattern().first_start() < now {
        return Err(ApiError::invalid("/first_start", "must not be in the past"));
    }
    let terms = SeriesTerms {
        client_id,
        therapist_id,
        service_id: service.id,
        room_id: input.room_id,
        buffer_minutes: service.details.buffer_minutes,
        outside_hours: input.outside_hours,
        overridden: crate::overrides::checked(input.outside_hours, caller.staff, input.override_reason.as_ref())?,
    };
    Ok((terms, series, zone))
}

/// Preview a series before creating it.
///
/// What creating this series would book, without booking anything: each occurrence to a year
/// ahead with the booking in its way and whether it falls outside working hours, in time off
/// or on a closed day. The body and its 422s are those of `create_booking_series`, and a
/// therapist previews only their own series (403).
#[utoipa::path(
    tag = "booking-series",
    operation_id = "preview_booking_series",
    security(("bearer" = [])),
    request_body = NewSeries,
    responses((status = 200, description = "The occurrences a create would book.", body = SeriesPreview))
)]
#[post("/v1/booking-series/preview")]
pub async fn preview_booking_series(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    require_json(&req)?;
    let input: NewSeries = parse(&body)?;
    let now = state.settings.clock.now();
    let mut conn = state.conn().await?;
    let (terms, series, zone) = checked(&mut conn, &caller, &input, now).await?;
    let planned = series_preview::preview(&mut conn, caller.practice, &terms, &series, now).await?;
    let (Some(first), Some(last)) = (
        planned.first().map(|p| p.occurrence.start),
        planned.iter().map(|p| p.occurrence.end).max(),
    ) else {
        return Ok(HttpResponse::Ok().json(SeriesPreview {
            occurrences: Vec::new(),
        }));
    };
    let therapist = [terms.therapist_id];
    let hours = schedule::hours_of(&mut conn, caller.practice, &therapist).await?;
    let week = hours.get(&terms.therapist_id).cloned().unwrap_or_default();
    let off: Vec<Span> = schedule::time_off_between(&mut conn, caller.practice, &therapist, first, last)
        .await?
        .iter()
        .map(|t| t.span())
        .collect();
    let (from, to) = local_dates(zone, first, last);
    let closed = closed_days::dates_between(&mut conn, caller.practice, from, to).await?;
    let occurrences = planned
        .into_iter()
        .map(|p| {
            let session = Span::new(p.occurrence.start, p.occurrence.end);
            let unavailable = if touched_by(zone, &closed, &session).is_some() {
                Some(Unavailable::ClosedDay)
            } else if off.iter().any(|o| o.overlaps(&session)) {
                Some(Unavailable::TimeOff)
            } else if !week.covers(zone, &session) {
                Some(Unavailable::OutsideHours)
            } else {
                None
            };
            PreviewOccurrence {
                recurrence_id: p.occurrence.recurrence_id,
                starts_at: session.start,
                ends_at: session.end,
                clashes: p.clash.into_iter().map(clash_view).collect(),
                unavailable,
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(SeriesPreview { occurrences }))
}
