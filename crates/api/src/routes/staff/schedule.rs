//! Therapists' working hours (a weekly template in the practice's zone) and time off. Owners
//! manage anyone's; a therapist manages their own; everyone reads them.

use crate::auth::Caller;
use crate::error::{ApiError, FieldErrors};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::{DateTime, NaiveTime, Utc, Weekday};
use knead_domain::booking::check_label;
use knead_domain::schedule::{Span, WeeklyHours, WorkInterval};
use knead_domain::{Role, StaffId};
use knead_persistence::schedule::{self, TimeOff};
use knead_persistence::{Connection, staff};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayOfWeek {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl From<DayOfWeek> for Weekday {
    fn from(d: DayOfWeek) -> Self {
        match d {
            DayOfWeek::Monday => Weekday::Mon,
            DayOfWeek::Tuesday => Weekday::Tue,
            DayOfWeek::Wednesday => Weekday::Wed,
            DayOfWeek::Thursday => Weekday::Thu,
            DayOfWeek::Friday => Weekday::Fri,
            DayOfWeek::Saturday => Weekday::Sat,
            DayOfWeek::Sunday => Weekday::Sun,
        }
    }
}

impl From<Weekday> for DayOfWeek {
    fn from(d: Weekday) -> Self {
        match d {
            Weekday::Mon => DayOfWeek::Monday,
            Weekday::Tue => DayOfWeek::Tuesday,
            Weekday::Wed => DayOfWeek::Wednesday,
            Weekday::Thu => DayOfWeek::Thursday,
            Weekday::Fri => DayOfWeek::Friday,
            Weekday::Sat => DayOfWeek::Saturday,
            Weekday::Sun => DayOfWeek::Sunday,
        }
    }
}

/// One working interval: local wall-clock times in the practice's zone.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntervalView {
    pub weekday: DayOfWeek,
    /// `HH:MM` (or `HH:MM:SS`).
    #[schema(value_type = String, example = "09:00:00")]
    pub starts: NaiveTime,
    #[schema(value_type = String, example = "12:30:00")]
    pub ends: NaiveTime,
}

/// A whole weekly template; PUT replaces the previous one.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"intervals": [
    {"weekday": "monday", "starts": "09:00:00", "ends": "12:00:00"},
    {"weekday": "monday", "starts": "13:00:00", "ends": "17:00:00"},
    {"weekday": "wednesday", "starts": "10:00:00", "ends": "18:00:00"}
]}))]
pub struct WorkingHoursView {
    #[schema(max_items = 70)]
    pub intervals: Vec<IntervalView>,
}

impl From<&WeeklyHours> for WorkingHoursView {
    fn from(hours: &WeeklyHours) -> Self {
        Self {
            intervals: hours
                .intervals()
                .iter()
                .map(|w| IntervalView {
                    weekday: w.weekday.into(),
                    starts: w.starts,
                    ends: w.ends,
                })
                .collect(),
        }
    }
}

/// The staff member a schedule belongs to; a therapist may only change their own.
async fn schedule_owner(conn: &mut Connection, caller: &Caller, id: Uuid, changing: bool) -> Result<StaffId, ApiError> {
    let member = caller
        .authorise_item(staff::find(conn, caller.practice, StaffId(id)))
        .await?;
    if changing && caller.role == Role::Therapist && member.id != caller.staff {
        return Err(ApiError::Forbidden);
    }
    Ok(member.id)
}

/// A staff member's weekly working hours.
///
/// The weekly template of working intervals, in local wall-clock times of the practice's
/// zone; empty when none is set.
#[utoipa::path(
    tag = "schedule",
    operation_id = "get_working_hours",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Staff id")),
    responses((status = 200, description = "The template (empty when none is set).", body = WorkingHoursView))
)]
#[get("/v1/staff/{id}/working-hours")]
pub async fn get_working_hours(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let member = schedule_owner(&mut conn, &caller, *id, false).await?;
    let hours = schedule::hours_of(&mut conn, caller.practice, &[member]).await?;
    let hours = hours.get(&member).cloned().unwrap_or_default();
    Ok(HttpResponse::Ok().json(WorkingHoursView::from(&hours)))
}

/// Replace a staff member's weekly working hours.
///
/// The body is the whole new template (at most 70 intervals in local times of the practice's
/// zone); each interval must end after it starts and not overlap another of its day (422
/// naming it). Bookings already made stay. A therapist may change only their own (403).
#[utoipa::path(
    tag = "schedule",
    operation_id = "replace_working_hours",
    security(("bearer" = [])),
    request_body = WorkingHoursView,
    params(("id" = Uuid, Path, description = "Staff id")),
    responses((status = 200, description = "The new template.", body = WorkingHoursView))
)]
#[put("/v1/staff/{id}/working-hours")]
pub async fn replace_working_hours(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<WorkingHoursView>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let member = schedule_owner(&mut conn, &caller, *id, true).await?;
    if body.0.intervals.len() > 70 {
        return Err(ApiError::invalid("/intervals", "at most 70 intervals"));
    }
    let intervals = body
        .0
        .intervals
        .iter()
        .map(|i| WorkInterval {
            weekday: i.weekday.into(),
            starts: i.starts,
            ends: i.ends,
        })
        .collect();
    let hours = WeeklyHours::new(intervals).map_err(|(i, e)| ApiError::invalid(&format!("/intervals/{i}"), e.0))?;
    schedule::replace_hours(&mut conn, caller.practice, member, &hours).await?;
    Ok(HttpResponse::Ok().json(WorkingHoursView::from(&hours)))
}

/// Time off: a dated range with a reason.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"starts_at": "2026-12-24T12:00:00-05:00", "ends_at": "2026-12-27T00:00:00-05:00", "reason": "Holidays"}))]
pub struct TimeOffInput {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[schema(min_length = 1, max_length = 200)]
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TimeOffView {
    pub id: Uuid,
    pub staff_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

impl From<TimeOff> for TimeOffView {
    fn from(t: TimeOff) -> Self {
        Self {
            id: t.id,
            staff_id: t.staff_id,
            starts_at: t.starts_at,
            ends_at: t.ends_at,
            reason: t.reason,
            created_at: t.created_at,
        }
    }
}

/// A staff member's time off.
///
/// Time off still running or yet to come, by start.
#[utoipa::path(
    tag = "schedule",
    operation_id = "list_time_off",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Staff id")),
    responses((status = 200, description = "Current and future time off.", body = Vec<TimeOffView>))
)]
#[get("/v1/staff/{id}/time-off")]
pub async fn list_time_off(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let member = schedule_owner(&mut conn, &caller, *id, false).await?;
    let now = state.settings.clock.now();
    let far = now + chrono::TimeDelta::days(3660);
    let list = schedule::time_off_between(&mut conn, caller.practice, &[member], now, far).await?;
    Ok(HttpResponse::Ok().json(list.into_iter().map(TimeOffView::from).collect::<Vec<_>>()))
}

/// Record time off for a staff member.
///
/// A range of at most a year, with a reason. Bookings already in that time stay; new ones
/// there need `outside_hours` and an override reason. A therapist may record only their own
/// (403).
#[utoipa::path(
    tag = "schedule",
    operation_id = "create_time_off",
    security(("bearer" = [])),
    request_body = TimeOffInput,
    params(("id" = Uuid, Path, description = "Staff id")),
    responses((status = 201, description = "Recorded.", body = TimeOffView, headers(("Location" = String))))
)]
#[post("/v1/staff/{id}/time-off")]
pub async fn create_time_off(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<TimeOffInput>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let member = schedule_owner(&mut conn, &caller, *id, true).await?;
    let input = body.0;
    let mut errors = FieldErrors::default();
    let reason = errors.check("/reason", check_label(&input.reason, 200));
    if input.ends_at <= input.starts_at {
        errors.check::<()>("/ends_at", Err(knead_domain::Invalid::new("must be after starts_at")));
    } else if input.ends_at - input.starts_at > chrono::TimeDelta::days(366) {
        errors.check::<()>(
            "/ends_at",
            Err(knead_domain::Invalid::new("at most a year after starts_at")),
        );
    }
    errors.finish()?;
    let span = Span::new(input.starts_at, input.ends_at);
    let (reason, now) = (reason.unwrap_or_default(), state.settings.clock.now());
    let created = schedule::insert_time_off(&mut conn, caller.practice, member, span, reason, now).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/v1/time-off/{}", created.id)))
        .json(TimeOffView::from(created)))
}

/// Remove time off.
///
/// New bookings in that time no longer need an override for it. A therapist may remove only
/// their own (403).
#[utoipa::path(
    tag = "schedule",
    operation_id = "delete_time_off",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Time-off id")),
    responses((status = 204, description = "Removed."))
)]
#[delete("/v1/time-off/{id}")]
pub async fn delete_time_off(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let entry = schedule::find_time_off(&mut conn, caller.practice, *id).await?;
    schedule_owner(&mut conn, &caller, entry.staff_id, true).await?;
    schedule::delete_time_off(&mut conn, caller.practice, entry.id).await?;
    Ok(HttpResponse::NoContent().finish())
}
