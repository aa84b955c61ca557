//! A plan's proposals: computed by the domain's `suggest` from the plan, the client's races,
//! the therapist's free slots (closed days and time off out), and what is booked; accepted
//! all in one transaction (a clash names the proposal, and nothing is booked) or turned
//! down for good.

use super::body::{AcceptInput, Accepted, AcceptedView, ProposalView, Proposals, RejectInput, SuggestInput, check_key};
use super::{load, race_days};
use crate::auth::Caller;
use crate::concurrency::{Created, idempotent_create};
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{Json, parse, require_json};
use crate::free_time;
use crate::references::ensure_own;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::{DateTime, NaiveTime, TimeDelta, Utc};
use knead_domain::care::suggest::{Proposal, SuggestInput as Inputs, suggest};
use knead_domain::recurrence::resolve_local;
use knead_persistence::booking_create::{self, References, Wanted};
use knead_persistence::bookings::Slot;
use knead_persistence::care_plans::{self, CarePlan};
use knead_persistence::{Connection, practices, services};
use uuid::Uuid;

/// The plan's proposals for the next `weeks`.
async fn proposals(
    conn: &mut Connection,
    caller: &Caller,
    plan: &CarePlan,
    weeks: i64,
    now: DateTime<Utc>,
) -> Result<Vec<Proposal>, ApiError> {
    let practice = practices::find(conn, caller.practice).await?;
    let zone = practice.time_zone.tz();
    let today = now.with_timezone(&zone).date_naive();
    let until = today + TimeDelta::weeks(weeks);
    let plan = super::following_races(conn, caller.practice, today, &practice.care, plan.clone()).await?;
    let details = &plan.details;
    let mut wanted: Vec<Uuid> = vec![details.service];
    wanted.extend(details.light_service);
    wanted.extend(details.phases.iter().filter_map(|p| p.service_id));
    wanted.sort();
    wanted.dedup();
    let mut found = Vec::with_capacity(wanted.len());
    for id in wanted {
        found.push(services::find_service(conn, caller.practice, id).await?);
    }
    let offered: Vec<&services::Service> = found.iter().filter(|s| s.details.active).collect();
    let history = care_plans::histories(conn, caller.practice, &[plan.client_id])
        .await?
        .remove(&plan.client_id)
        .unwrap_or_default();
    let end = resolve_local(zone, (until + TimeDelta::days(1)).and_time(NaiveTime::MIN));
    let free = free_time::therapist(
        conn,
        caller.practice,
        zone,
        details.therapist,
        &offered,
        (now, end),
        now,
        &history.ahead,
    )
    .await?;
    let mut sessions: Vec<DateTime<Utc>> = history.ahead.iter().map(|s| s.start).collect();
    sessions.extend(history.last_completed);
    let races = race_days(conn, caller.practice, plan.client_id).await?;
    let rejected = care_plans::rejected(conn, caller.practice, plan.id).await?;
    Ok(suggest(&Inputs {
        zone,
        now,
        until,
        phases: &details.phases,
        races: &races,
        conventions: &practice.care,
        service: details.service,
        light_service: details.light_service,
        sessions: &sessions,
        offers: &free.offers,
        taken: &free.taken,
        rejected: &rejected,
    }))
}

/// Propose sessions for a care plan.
///
/// Concrete sessions for the coming `weeks` (1 to 26, default 12): inside the therapist's
/// working hours, off closed days and time off, clear of the client's and the therapist's
/// bookings; a lighter session 2–4 days before each A or B race and a recovery session 24–48
/// h after it; never on a race day; never one already turned down. Each carries a reason.
/// Nothing is booked. 409 when the plan has ended.
#[utoipa::path(
    tag = "care plans",
    operation_id = "suggest_care_plan_sessions",
    security(("bearer" = [])),
    request_body = SuggestInput,
    params(("id" = Uuid, Path, description = "Care plan id")),
    extensions(("x-clinical" = json!(true))),
    responses(
        (status = 200, description = "The proposals, in time order.", body = Proposals),
        (status = 409, description = "The plan has ended.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/care-plans/{id}/suggest")]
pub async fn suggest_care_plan_sessions(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<SuggestInput>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let plan = caller.authorise_item(load(&req, &mut conn, &caller, *id)).await?;
    if !plan.active {
        return Err(ApiError::Conflict("the plan has ended: start a new one".to_owned()));
    }
    let weeks = body.0.weeks.unwrap_or(12);
    if !(1..=26).contains(&weeks) {
        return Err(ApiError::invalid("/weeks", "must be between 1 and 26"));
    }
    let now = state.settings.clock.now();
    let found = proposals(&mut conn, &caller, &plan, weeks, now).await?;
    let therapist = plan.details.therapist.0;
    Ok(HttpResponse::Ok().json(Proposals {
        plan_id: plan.id,
        proposals: found.into_iter().map(|p| ProposalView::new(p, therapist)).collect(),
    }))
}

/// Book proposals as they were proposed.
///
/// All in one transaction: if any one is refused (the time was taken since, a rule changed),
/// the answer names it (a 409 whose message starts with its key, with the booking in the way)
/// and nothing is booked. A therapist accepts only for plans of their own (403). Honours
/// `Idempotency-Key`: accepting twice with one key books once.
#[utoipa::path(
    tag = "care plans",
    operation_id = "accept_care_plan_proposals",
    security(("bearer" = [])),
    request_body = AcceptInput,
    params(("id" = Uuid, Path, description = "Care plan id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first answer", pattern = "^[!-~]{1,255}$")),
    extensions(("x-clinical" = json!(true))),
    responses(
        (status = 201, description = "Booked.", body = Accepted, headers(("Location" = String))),
        (status = 409, description = "A proposal's time is taken (named, with the booking in the way); nothing was booked. Or the plan has ended.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A proposal is not one of this plan's, or a rule refuses it (named by its pointer).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/care-plans/{id}/accept")]
pub async fn accept_care_plan_proposals(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let plan = caller.authorise_item(load(&req, &mut conn, &caller, *id)).await?;
    if !plan.active {
        return Err(ApiError::Conflict("the plan has ended: start a new one".to_owned()));
    }
    require_json(&req)?;
    let input: AcceptInput = parse(&body)?;
    check_accepted(&input, &plan)?;
    ensure_own(&caller, plan.details.therapist)?;
    idempotent_create(
        &req,
        &state,
        &caller,
        "accept_care_plan_proposals",
        &body,
        async |conn| {
            let now = state.settings.clock.now();
            let mut bookings = Vec::with_capacity(input.proposals.len());
            for (i, proposal) in input.proposals.iter().enumerate() {
                let wanted = Wanted {
                    client: plan.client_id.0,
                    therapist: proposal.therapist_id,
                    service: proposal.service_id,
                    room: None,
                    starts_at: proposal.starts_at,
                };
                let decide = |found: &References| slot_of(found, proposal);
                let entry = booking_create::create(conn, caller.practice, &wanted, decide, caller.staff, now)
                    .await
                    .map_err(|e| naming(e, i, proposal))?;
                bookings.push(AcceptedView {
                    key: proposal.key.clone(),
                    booking_id: entry.booking.id,
                    starts_at: entry.booking.slot.starts_at,
                    ends_at: entry.booking.slot.ends_at,
                });
            }
            let accepted = Accepted {
                plan_id: plan.id,
                bookings,
            };
            Created::new(&accepted, format!("/v1/care-plans/{}", plan.id), None)
        },
    )
    .await
}

/// Proposals must be this plan's: its therapist, distinct keys of the right shape.
fn check_accepted(input: &AcceptInput, plan: &CarePlan) -> Result<(), ApiError> {
    if input.proposals.is_empty() || input.proposals.len() > 60 {
        return Err(ApiError::invalid("/proposals", "between 1 and 60 proposals"));
    }
    for (i, p) in input.proposals.iter().enumerate() {
        check_key(&format!("/proposals/{i}/key"), &p.key)?;
        if p.therapist_id != plan.details.therapist.0 {
            return Err(ApiError::invalid(
                &format!("/proposals/{i}/therapist_id"),
                "must be the plan's therapist",
            ));
        }
        if input.proposals[..i].iter().any(|q| q.key == p.key) {
            return Err(ApiError::invalid(&format!("/proposals/{i}/key"), "listed twice"));
        }
    }
    Ok(())
}

/// The slot a proposal books, if its references still pass.
fn slot_of(
    found: &References,
    proposal: &ProposalView,
) -> Result<(Slot, Option<knead_domain::reasons::Override>), ApiError> {
    let Some((client_id, archived)) = found.client else {
        return Err(ApiError::invalid("/client_id", "no such client in this practice"));
    };
    if archived {
        return Err(ApiError::invalid(
            "/client_id",
            "the client is archived: unarchive them first",
        ));
    }
    let Some((therapist_id, active, role)) = found.therapist else {
        return Err(ApiError::invalid(
            "/therapist_id",
            "no such staff member in this practice",
        ));
    };
    if !active || !role.takes_bookings() {
        return Err(ApiError::invalid(
            "/therapist_id",
            "must be an active therapist or owner",
        ));
    }
    let Some(service) = found.service.filter(|s| s.active) else {
        return Err(ApiError::invalid("/service_id", "this service is no longer offered"));
    };
    if proposal.ends_at - proposal.starts_at != TimeDelta::minutes(i64::from(service.duration_minutes)) {
        return Err(ApiError::invalid(
            "/ends_at",
            "must be the service's length after starts_at",
        ));
    }
    let slot = Slot {
        client_id,
        therapist_id,
        service_id: service.id,
        room_id: None,
        starts_at: proposal.starts_at,
        ends_at: proposal.ends_at,
        buffer_minutes: service.buffer_minutes,
        outside_hours: false,
    };
    Ok((slot, None))
}

/// A refusal of one proposal, named: field pointers under `/proposals/{i}`, a clash's message
/// led by the proposal's key and time.
fn naming(err: ApiError, i: usize, proposal: &ProposalView) -> ApiError {
    match err {
        ApiError::Validation(fields) => ApiError::Validation(
            fields
                .into_iter()
                .map(|f| FieldError {
                    pointer: f.pointer.map(|p| format!("/proposals/{i}{p}")),
                    ..f
                })
                .collect(),
        ),
        ApiError::DoubleBooking { message, clashes } => ApiError::DoubleBooking {
            message: format!(
                "proposal {} at {}: {message}; nothing was booked",
                proposal.key,
                proposal.starts_at.to_rfc3339()
            ),
            clashes: clashes
                .into_iter()
                .map(|mut c| {
                    c.wanted_start = Some(proposal.starts_at);
                    c
                })
                .collect(),
        },
        other => other,
    }
}

/// Turn proposals down.
///
/// They are not proposed again for this plan. 409 when the plan has ended.
#[utoipa::path(
    tag = "care plans",
    operation_id = "reject_care_plan_proposals",
    security(("bearer" = [])),
    request_body = RejectInput,
    params(("id" = Uuid, Path, description = "Care plan id")),
    extensions(("x-clinical" = json!(true))),
    responses(
        (status = 204, description = "Recorded."),
        (status = 409, description = "The plan has ended.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/care-plans/{id}/reject")]
pub async fn reject_care_plan_proposals(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<RejectInput>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let plan = caller.authorise_item(load(&req, &mut conn, &caller, *id)).await?;
    if !plan.active {
        return Err(ApiError::Conflict("the plan has ended: start a new one".to_owned()));
    }
    let keys = body.0.keys;
    if keys.is_empty() || keys.len() > 60 {
        return Err(ApiError::invalid("/keys", "between 1 and 60 keys"));
    }
    for (i, key) in keys.iter().enumerate() {
        check_key(&format!("/keys/{i}"), key)?;
    }
    let now = state.settings.clock.now();
    care_plans::reject(&mut conn, caller.practice, plan.id, &keys, caller.staff, now).await?;
    Ok(HttpResponse::NoContent().finish())
}
