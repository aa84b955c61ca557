//! Recurring series: weekly rules in the practice's zone whose occurrences are booking rows
//! (so the exclusion constraints cover them), booked a year ahead and further as time passes.
//! Edits follow calendar conventions: one occurrence through its booking (`PATCH` or cancel
//! `/v1/bookings/{id}`), "this and following" (`split`), "all future" (`PATCH`), and `end`.

pub mod body;
pub mod preview;

use self::body::{NewSeries, SeriesEnd, SeriesPatch, SeriesSplit, SeriesView, SeriesWritten, local_time, series_error};
use crate::auth::Caller;
use crate::concurrency::{Created, idempotent_create, if_match, optional_if_match, with_etag};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{Json, parse, require_json};
use crate::pagination::{Page, PageQuery};
use crate::references::{check_hours, check_room, check_service, check_therapist, ensure_own};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::TimeDelta;
use knead_domain::recurrence::{EditError, RecurrenceRule, SeriesChange};
use knead_domain::schedule::Span;
use knead_domain::{ClientId, SessionLength, StaffId};
use knead_persistence::StoreError;
use knead_persistence::series::edit::{SeriesChangeWrite, SeriesError, Written};
use knead_persistence::series::{self, SeriesQuery};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// How often a write that lost a race to an overlapping one is retried (it then sees the
/// winner's rows and reports them as clashes, or skips them).
const RACE_RETRIES: usize = 3;

fn lost_race(err: &SeriesError) -> bool {
    matches!(err, SeriesError::Store(StoreError::Conflict { constraint })
        if constraint.is_overlap())
}

pub(crate) fn duration(pointer: &str, minutes: i64) -> Result<TimeDelta, ApiError> {
    SessionLength::from_minutes(minutes)
        .map(SessionLength::delta)
        .map_err(|e| ApiError::invalid(pointer, e.0))
}

fn rule(raw: &str) -> Result<RecurrenceRule, ApiError> {
    RecurrenceRule::parse(raw).map_err(|e| ApiError::invalid("/rrule", e.0))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SeriesListQuery {
    pub client_id: Option<Uuid>,
    pub therapist_id: Option<Uuid>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// List booking series.
///
/// Series, oldest first, with their exceptions, filtered by client or therapist, one page at
/// a time. Their occurrences are in the calendar (`GET /v1/bookings?series_id=`).
#[utoipa::path(
    tag = "booking-series",
    operation_id = "list_booking_series",
    security(("bearer" = [])),
    params(SeriesListQuery),
    responses((status = 200, description = "One page of series.", body = Page<SeriesView>))
)]
#[get("/v1/booking-series")]
pub async fn list_booking_series(
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<SeriesListQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let q = query.into_inner();
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = page.limit()?;
    let query = SeriesQuery {
        client: q.client_id.map(ClientId),
        therapist: q.therapist_id.map(StaffId),
        after: page.cursor()?,
        limit: limit + 1,
    };
    let mut conn = state.conn().await?;
    let rows = series::list(&mut conn, caller.practice, &query).await?;
    Ok(HttpResponse::Ok().json(Page::from_rows(rows, limit, |s| s.id, SeriesView::from)))
}

/// Create a recurring series of bookings.
///
/// Books the occurrences a year ahead (further ones are booked as time passes). Occurrences
/// that clash with other bookings are all reported: with `on_conflict: reject` (the default)
/// nothing is written (409); with `skip` the rest is booked and the clashing dates are
/// recorded as skipped, unless every occurrence clashes (409 as with `reject`: a series with
/// nothing booked is not made). A therapist creates only their own series (403). Honours
/// `Idempotency-Key`: a retry with the same key and body gets the first answer.
#[utoipa::path(
    tag = "booking-series",
    operation_id = "create_booking_series",
    security(("bearer" = [])),
    request_body = NewSeries,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first answer", pattern = "^[!-~]{1,255}$")),
    responses(
        (status = 201, description = "Created and booked.", body = SeriesWritten, headers(("Location" = String), ("ETag" = String))),
        (status = 409, description = "Occurrences clash (the problem's `conflicts` names each with the booking in its way), or the Idempotency-Key belongs to a request that never finished.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/booking-series")]
pub async fn create_booking_series(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    require_json(&req)?;
    let input: NewSeries = parse(&body)?;
    let now = state.settings.clock.now();
    let (terms, series) = {
        let mut conn = state.conn().await?;
        let (terms, series, zone) = preview::checked(&mut conn, &caller, &input, now).await?;
        if !input.outside_hours {
            let first = series.pattern().first_start();
            let session = Span::new(first, first + series.duration());
            check_hours(&mut conn, caller.practice, terms.therapist_id, session).await?;
            let sessions = crate::references::planned_sessions(&series, now);
            crate::references::check_open(&mut conn, caller.practice, zone, &sessions, "/rrule").await?;
        }
        (terms, series)
    };
    let on_conflict = input.on_conflict.into();
    idempotent_create(&req, &state, &caller, "create_booking_series", &body, async |conn| {
        let mut attempt = 0;
        let written = loop {
            match series::edit::create(conn, caller.practice, &terms, &series, on_conflict, now, caller.staff).await {
                Err(e) if lost_race(&e) && attempt < RACE_RETRIES => attempt += 1,
                other => break other.map_err(series_error)?,
            }
        };
        let location = format!("/v1/booking-series/{}", written.series.id);
        let version = written.series.version;
        Created::new(&SeriesWritten::from(written), location, Some(version))
    })
    .await
}

/// One booking series.
///
/// With its exceptions and the ETag to send as `If-Match` when changing it.
#[utoipa::path(
    tag = "booking-series",
    operation_id = "get_booking_series",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Series id")),
    responses((status = 200, description = "The series.", body = SeriesView, headers(("ETag" = String))))
)]
#[get("/v1/booking-series/{id}")]
pub async fn get_booking_series(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let stored = caller
        .authorise_item(series::find(&mut conn, caller.practice, *id))
        .await?;
    Ok(with_etag(stored.version, &SeriesView::from(stored)))
}

/// Change all future occurrences of a series.
///
/// `If-Match` is required. Occurrences that have started stay as they were: the series splits
/// at the next occurrence, and `previous` is the part that ends. Single-occurrence changes
/// (exceptions) are kept on their day. 409 when occurrences clash (see `conflicts`) or the
/// series has ended or has no future occurrence. A therapist changes only their own series
/// (403).
#[utoipa::path(
    tag = "booking-series",
    operation_id = "update_booking_series",
    security(("bearer" = [])),
    request_body = SeriesPatch,
    params(("id" = Uuid, Path, description = "Series id"), ("If-Match" = String, Header, description = "The ETag from the last read", pattern = r#"^(\*|"v[0-9]+")$"#)),
    responses(
        (status = 200, description = "Changed.", body = SeriesWritten, headers(("ETag" = String))),
        (status = 409, description = "Occurrences clash (see `conflicts`), or the series has ended or has no future occurrence.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/v1/booking-series/{id}")]
pub async fn update_booking_series(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<SeriesPatch>,
) -> Result<HttpResponse, ApiError> {
    change(&req, &caller, &state, *id, body.0, None).await
}

/// Change this occurrence and the following ones.
///
/// `If-Match` is required. The series ends one second before occurrence `from` starts, and a
/// new series, linking back, starts at it with the change applied, the remaining exceptions
/// and COUNT recomputed. 409 when occurrences clash, the occurrence has started or the series
/// has ended. A therapist changes only their own series (403).
#[utoipa::path(
    tag = "booking-series",
    operation_id = "split_booking_series",
    security(("bearer" = [])),
    request_body = SeriesSplit,
    params(("id" = Uuid, Path, description = "Series id"), ("If-Match" = String, Header, description = "The ETag from the last read", pattern = r#"^(\*|"v[0-9]+")$"#)),
    responses(
        (status = 200, description = "Split; `series` is the new part.", body = SeriesWritten, headers(("ETag" = String))),
        (status = 409, description = "Occurrences clash (see `conflicts`), the occurrence has started, or the series has ended.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/booking-series/{id}/split")]
pub async fn split_booking_series(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<SeriesSplit>,
) -> Result<HttpResponse, ApiError> {
    let (from, patch) = body.0.into_parts();
    change(&req, &caller, &state, *id, patch, Some(from)).await
}

async fn change(
    req: &HttpRequest,
    caller: &Caller,
    state: &AppState,
    id: Uuid,
    patch: SeriesPatch,
    from: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let current = caller
        .authorise_item(series::find(&mut conn, caller.practice, id))
        .await?;
    ensure_own(caller, current.terms.therapist_id)?;
    let expected = if_match(req)?.unwrap_or(current.version);
    if current.ended_at.is_some() {
        return Err(ApiError::Conflict("an ended series cannot be changed".into()));
    }
    let mut terms = current.terms.clone();
    let mut minutes = patch.duration_minutes;
    if let Some(therapist) = patch.therapist_id {
        terms.therapist_id = check_therapist(&mut conn, caller.practice, therapist).await?;
        ensure_own(caller, terms.therapist_id)?;
    }
    if let Some(service) = patch.service_id {
        let service = check_service(&mut conn, caller.practice, service).await?;
        terms.service_id = service.id;
        terms.buffer_minutes = service.details.buffer_minutes;
        minutes = minutes.or(Some(i64::from(service.details.duration_minutes)));
    }
    if let Some(room) = patch.room_id {
        check_room(&mut conn, caller.practice, room).await?;
        terms.room_id = room;
    }
    terms.outside_hours = patch.outside_hours.unwrap_or(terms.outside_hours);
    if !terms.outside_hours {
        // Back within the rules: no override stands.
        terms.overridden = None;
    }
    let change = SeriesChange {
        first_local: patch
            .first_start
            .as_deref()
            .map(|raw| local_time("/first_start", raw))
            .transpose()?,
        rule: patch.rrule.as_deref().map(rule).transpose()?,
        duration: minutes.map(|m| duration("/duration_minutes", m)).transpose()?,
    };
    let now = state.settings.clock.now();
    let series = current.series()?;
    let cut = match from {
        Some(raw) => local_time("/from", &raw)?,
        None => {
            series
                .pattern()
                .first_at_or_after(now)
                .ok_or_else(|| ApiError::Conflict("the series has no future occurrence".into()))?
                .local
        }
    };
    let changed = series.change_from(cut, &change, now).map_err(|e| match e {
        EditError::NotAnOccurrence(_) => ApiError::invalid("/from", e.to_string()),
        EditError::Past(_) | EditError::NoFutureOccurrence => ApiError::Conflict(e.to_string()),
        EditError::Invalid(invalid) => {
            let pointer = if change.rule.is_some() {
                "/rrule"
            } else {
                "/first_start"
            };
            ApiError::invalid(pointer, invalid.0)
        }
    })?;
    let mut attempt = 0;
    let written: Written = loop {
        let edit = SeriesChangeWrite {
            id,
            expected,
            cut,
            changed: &changed,
            terms: &terms,
            on_conflict: patch.on_conflict.into(),
            now,
            by: caller.staff,
        };
        match series::edit::change(&mut conn, caller.practice, edit).await {
            Err(e) if lost_race(&e) && attempt < RACE_RETRIES => attempt += 1,
            other => break other.map_err(series_error)?,
        }
    };
    Ok(with_etag(written.series.version, &SeriesWritten::from(written)))
}

/// End a series.
///
/// Occurrences from `at` (default: now) on are cancelled; earlier ones, and everything that
/// has started, stay. `If-Match` is honoured when given. 409 when the series has already
/// ended. A therapist ends only their own series (403).
#[utoipa::path(
    tag = "booking-series",
    operation_id = "end_booking_series",
    security(("bearer" = [])),
    request_body = SeriesEnd,
    params(("id" = Uuid, Path, description = "Series id"), ("If-Match" = Option<String>, Header, description = "The ETag from the last read", pattern = r#"^(\*|"v[0-9]+")$"#)),
    responses(
        (status = 200, description = "Ended.", body = SeriesView, headers(("ETag" = String))),
        (status = 409, description = "The series has already ended.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since it was read.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/booking-series/{id}/end")]
pub async fn end_booking_series(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<SeriesEnd>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let current = caller
        .authorise_item(series::find(&mut conn, caller.practice, *id))
        .await?;
    ensure_own(&caller, current.terms.therapist_id)?;
    let expected = optional_if_match(&req)?.unwrap_or(current.version);
    let now = state.settings.clock.now();
    let at = body.0.at.unwrap_or(now);
    if at < now {
        return Err(ApiError::Validation(vec![FieldError::body(
            "/at",
            "must not be in the past",
        )]));
    }
    if current.ended_at.is_some() {
        return Err(ApiError::Conflict("the series has already ended".into()));
    }
    let stored = series::edit::end(&mut conn, caller.practice, current.id, expected, at, now).await?;
    Ok(with_etag(stored.version, &SeriesView::from(stored)))
}
