//! The practice's closed days (holidays). Everyone reads them (the calendar greys them out);
//! owners add and remove them. Availability offers no slot on one, and a booking or series
//! occurrence lands on one only with `outside_hours` and an override reason.

use crate::auth::Caller;
use crate::error::{ApiError, FieldError};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{NaiveDate, TimeDelta};
use knead_domain::closed_days::ClosedDayName;
use knead_persistence::closed_days::{self, ClosedDay};
use knead_persistence::{Constraint, StoreError, practices};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The longest range one list may ask about.
const MAX_RANGE_DAYS: i64 = 3 * 366;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClosedDayParams {
    /// First date (included); today in the practice's zone when absent.
    pub from: Option<NaiveDate>,
    /// Last date (included); a year after `from` when absent, at most three years after it.
    pub to: Option<NaiveDate>,
}

/// A day the whole practice is closed, as a local date in the practice's zone.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193c5a0-0000-7000-8000-000000000009", "date": "2026-12-25", "name": "Christmas Day"}))]
pub struct ClosedDayView {
    pub id: Uuid,
    pub date: NaiveDate,
    pub name: String,
}

impl From<ClosedDay> for ClosedDayView {
    fn from(c: ClosedDay) -> Self {
        Self {
            id: c.id,
            date: c.day,
            name: c.name,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2026-12-25", "name": "Christmas Day"}))]
pub struct NewClosedDay {
    pub date: NaiveDate,
    /// Shown on the calendar to everyone.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
}

/// List the practice's closed days.
///
/// The days the whole practice is closed, by date, from `from` (default: today in the
/// practice's zone) to `to` (default: a year later). 422 when the range is backwards or
/// longer than three years.
#[utoipa::path(
    tag = "schedule",
    operation_id = "list_closed_days",
    security(("bearer" = [])),
    params(ClosedDayParams),
    responses(
        (status = 200, description = "The closed days, by date.", body = Vec<ClosedDayView>),
        (status = 422, description = "The range is backwards or longer than three years.", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/closed-days")]
pub async fn list_closed_days(
    caller: Caller,
    state: web::Data<AppState>,
    params: web::Query<ClosedDayParams>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let mut conn = state.conn().await?;
    let from = match params.from {
        Some(from) => from,
        None => {
            let zone = practices::find(&mut conn, caller.practice).await?.time_zone.tz();
            state.settings.clock.now().with_timezone(&zone).date_naive()
        }
    };
    let to = params.to.unwrap_or(from + TimeDelta::days(366));
    if to < from {
        return Err(bad_range("must not be before from"));
    }
    if to - from > TimeDelta::days(MAX_RANGE_DAYS) {
        return Err(bad_range("at most three years after from"));
    }
    let days = closed_days::between(&mut conn, caller.practice, from, to).await?;
    Ok(HttpResponse::Ok().json(days.into_iter().map(ClosedDayView::from).collect::<Vec<_>>()))
}

fn bad_range(message: &str) -> ApiError {
    ApiError::Validation(vec![FieldError::parameter("to", message)])
}

/// Close the practice for a day.
///
/// A local date in the practice's zone, with the name everyone sees on the calendar.
/// Availability offers no slot on it; bookings already on it stay, and new ones there need
/// `outside_hours` and an override reason. 409 when the date is already closed.
#[utoipa::path(
    tag = "schedule",
    operation_id = "create_closed_day",
    security(("bearer" = [])),
    request_body = NewClosedDay,
    responses(
        (status = 201, description = "Recorded.", body = ClosedDayView, headers(("Location" = String))),
        (status = 409, description = "The practice is already closed on that date.", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/closed-days")]
pub async fn create_closed_day(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<NewClosedDay>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let input = body.0;
    let name = ClosedDayName::parse(&input.name).map_err(|e| ApiError::invalid("/name", e.0))?;
    let mut conn = state.conn().await?;
    let now = state.settings.clock.now();
    let created = match closed_days::insert(&mut conn, caller.practice, input.date, &name, now).await {
        Err(StoreError::Conflict {
            constraint: Constraint::ClosedDayTaken,
        }) => {
            return Err(ApiError::Conflict(format!(
                "date: the practice is already closed on {}",
                input.date
            )));
        }
        other => other?,
    };
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/v1/closed-days/{}", created.id)))
        .json(ClosedDayView::from(created)))
}

/// Open the practice again on a closed day.
///
/// New bookings on the date no longer need an override for it.
#[utoipa::path(
    tag = "schedule",
    operation_id = "delete_closed_day",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Closed-day id")),
    responses((status = 204, description = "Removed."))
)]
#[delete("/v1/closed-days/{id}")]
pub async fn delete_closed_day(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let day = caller
        .authorise_item(closed_days::find(&mut conn, caller.practice, *id))
        .await?;
    closed_days::delete(&mut conn, caller.practice, day.id).await?;
    Ok(HttpResponse::NoContent().finish())
}
