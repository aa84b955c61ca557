//! Free slots: working hours − time off − closed days − bookings (with their buffers), for one
//! service, one therapist or all of them, over at most 31 days. A fixed number of queries
//! whatever the range; the computation is the domain's [`free_slots`].

use crate::auth::Caller;
use crate::error::{ApiError, FieldError};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, TimeDelta, Utc};
use knead_domain::StaffId;
use knead_domain::schedule::{AvailabilityQuery, Span, free_slots};
use knead_persistence::{StoreError, bookings, closed_days, practices, schedule, services, staff};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Staff members considered at once (a practice is a team, not a hospital).
const MAX_TEAM: i64 = 500;

/// The longest range one request may ask about.
pub const MAX_RANGE_DAYS: i64 = 31;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AvailabilityParams {
    pub service_id: Uuid,
    /// One therapist; all active therapists (and owners with working hours) when absent.
    pub therapist_id: Option<Uuid>,
    pub from: DateTime<Utc>,
    /// At most 31 days after `from`.
    pub to: DateTime<Utc>,
    /// Slots start on this grid from the start of each working interval (default 15).
    #[param(minimum = 5, maximum = 240)]
    pub step_minutes: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FreeSlot {
    pub therapist_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Availability {
    pub service_id: Uuid,
    pub duration_minutes: i32,
    pub buffer_minutes: i32,
    pub step_minutes: i64,
    /// By therapist, then start.
    pub slots: Vec<FreeSlot>,
}

/// A parameter that fits the schema but not the request (a range backwards or too long, an
/// id of nothing): 422, like a body that parses but does not hold.
fn bad(name: &str, message: &str) -> ApiError {
    ApiError::Validation(vec![FieldError::parameter(name, message)])
}

/// Free slots for a service.
///
/// When a service could be booked, and with whom: one therapist, or every active one with
/// working hours, over at most 31 days. Working hours minus time off, closed days and
/// bookings (with their buffers), on a grid of `step_minutes` (default 15). 422 when the
/// range is backwards or longer than 31 days, or an id names nothing.
#[utoipa::path(
    tag = "bookings",
    operation_id = "get_availability",
    security(("bearer" = [])),
    params(AvailabilityParams),
    responses(
        (status = 200, description = "The free slots.", body = Availability),
        (status = 422, description = "The range is backwards or longer than 31 days, or an id names nothing.", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/availability")]
pub async fn get_availability(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    params: web::Query<AvailabilityParams>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let p = params.into_inner();
    if p.to <= p.from {
        return Err(bad("to", "must be after from"));
    }
    if p.to - p.from > TimeDelta::days(MAX_RANGE_DAYS) {
        return Err(bad("to", "at most 31 days after from"));
    }
    let step = p.step_minutes.unwrap_or(15);
    if !(5..=240).contains(&step) {
        return Err(ApiError::BadParameters(vec![FieldError::parameter(
            "step_minutes",
            "must be between 5 and 240",
        )]));
    }
    let mut conn = state.read_conn(&req).await?;
    let service = match services::find_service(&mut conn, caller.practice, p.service_id).await {
        Err(StoreError::NotFound) => return Err(bad("service_id", "no such service in this practice")),
        other => other?,
    };
    let team = staff::list(&mut conn, caller.practice, None, MAX_TEAM).await?;
    let therapists: Vec<StaffId> = team
        .iter()
        .filter(|m| m.active && m.role.takes_bookings())
        .filter(|m| p.therapist_id.is_none_or(|id| m.id.0 == id))
        .map(|m| m.id)
        .collect();
    if let Some(id) = p.therapist_id
        && therapists.is_empty()
    {
        return Err(bad(
            "therapist_id",
            &format!("{id} is not an active therapist of this practice"),
        ));
    }
    let zone = practices::find(&mut conn, caller.practice).await?.time_zone.tz();
    let hours = schedule::hours_of(&mut conn, caller.practice, &therapists).await?;
    // A slot starting just before `to` runs past it: what lies there counts too.
    let until = p.to + knead_domain::booking::LONGEST_OCCUPATION;
    let off = schedule::time_off_between(&mut conn, caller.practice, &therapists, p.from, until).await?;
    let busy = bookings::busy_between(&mut conn, caller.practice, &therapists, p.from, until).await?;
    let (first_day, last_day) = knead_domain::closed_days::local_dates(zone, p.from, until);
    let closed = closed_days::dates_between(&mut conn, caller.practice, first_day, last_day).await?;
    let duration = TimeDelta::minutes(i64::from(service.details.duration_minutes));
    let buffer = TimeDelta::minutes(i64::from(service.details.buffer_minutes));
    let now = state.settings.clock.now();
    let mut slots = Vec::new();
    for therapist in therapists {
        let Some(week) = hours.get(&therapist) else { continue };
        let time_off: Vec<Span> = off
            .iter()
            .filter(|t| t.staff_id == therapist.0)
            .map(|t| t.span())
            .collect();
        let taken: Vec<Span> = busy
            .iter()
            .filter(|(id, _)| *id == therapist)
            .map(|(_, s)| *s)
            .collect();
        let found = free_slots(&AvailabilityQuery {
            zone,
            from: p.from,
            to: p.to,
            not_before: now,
            hours: week,
            time_off: &time_off,
            closed_days: &closed,
            busy: &taken,
            duration,
            buffer,
            step: TimeDelta::minutes(step),
        });
        slots.extend(found.into_iter().map(|s| FreeSlot {
            therapist_id: therapist.0,
            starts_at: s.start,
            ends_at: s.end,
        }));
    }
    Ok(HttpResponse::Ok().json(Availability {
        service_id: service.id,
        duration_minutes: service.details.duration_minutes,
        buffer_minutes: service.details.buffer_minutes,
        step_minutes: step,
        slots,
    }))
}
