//! Who to call about their next session: clients on a window cadence ("every 3–4 weeks")
//! whose window has opened since their last completed session, with their therapist's next
//! free slots. For the front desk, so it carries who, since when and the slots — never the
//! phase, the reason or anything else of the plan (a reason such as "rehab: weekly" names an
//! injury).

use crate::auth::Caller;
use crate::error::{ApiError, FieldError};
use crate::free_time;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use knead_domain::care::rebooking::{DueStatus, Standing, due};
use knead_domain::recurrence::resolve_local;
use knead_domain::{ClientId, StaffId};
use knead_persistence::care_plans::{self, CarePlan, Contact};
use knead_persistence::{practices, services, staff};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Free slots offered per client.
const SLOTS_PER_CLIENT: usize = 3;
/// How far past the range slots are looked for.
const SLOT_REACH: TimeDelta = TimeDelta::days(14);
/// How far ahead of today the range may start.
const MAX_LEAD_DAYS: i64 = 366;
/// The longest range asked about.
const MAX_RANGE_DAYS: i64 = 62;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DueQuery {
    /// The first day of the range (default today, in the practice's zone).
    pub from: Option<NaiveDate>,
    /// The last day (default 7 days after `from`; at most 62 days after it).
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DueSlot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// One client to call. Nothing clinical: no phase, reason or plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueClient {
    pub client_id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub status: DueStatus,
    /// The last completed session's local date; absent when there was none.
    pub last_session_on: Option<NaiveDate>,
    /// When the window opens (the client is due from then)…
    pub due_from: NaiveDate,
    /// …and when it closes (overdue after).
    pub due_until: NaiveDate,
    /// Their usual therapist, and the service to book.
    pub therapist_id: Uuid,
    pub therapist_name: String,
    pub service_id: Uuid,
    /// The therapist's next free slots from when the window opens (or now).
    pub slots: Vec<DueSlot>,
}

/// Clients due for rebooking.
///
/// Clients due at some point in the range (default: the week from today, at most 62 days): on
/// a window cadence today, their window opening by `to`, and nothing booked since their last
/// completed session. Overdue first, then due, then upcoming; archived clients never. Each
/// comes with their therapist's next free slots, for the front desk to call; nothing clinical
/// (no phase, reason or plan).
#[utoipa::path(
    tag = "bookings",
    operation_id = "list_rebooking_due",
    security(("bearer" = [])),
    params(DueQuery),
    responses(
        (status = 200, description = "The clients to call.", body = Vec<DueClient>),
        (status = 422, description = "`from` is more than 366 days after today, or `to` is before `from` or more than 62 days after it.", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/rebooking/due")]
pub async fn list_rebooking_due(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<DueQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let mut conn = state.read_conn(&req).await?;
    let practice = practices::find(&mut conn, caller.practice).await?;
    let zone = practice.time_zone.tz();
    let now = state.settings.clock.now();
    let today = now.with_timezone(&zone).date_naive();
    let from = query.from.unwrap_or(today);
    // The slots offered run from now to the range's end: a start years ahead would have them
    // computed over every day between.
    if from - today > TimeDelta::days(MAX_LEAD_DAYS) {
        return Err(ApiError::Validation(vec![FieldError::parameter(
            "from",
            "must be at most a year (366 days) after today",
        )]));
    }
    let to = query.to.unwrap_or(from + TimeDelta::days(7));
    if to < from || to - from > TimeDelta::days(MAX_RANGE_DAYS) {
        return Err(ApiError::Validation(vec![FieldError::parameter(
            "to",
            "must be on or after `from`, at most 62 days after it",
        )]));
    }
    let plans = care_plans::active(&mut conn, caller.practice).await?;
    let ids: Vec<ClientId> = plans.iter().map(|(p, _)| p.client_id).collect();
    let histories = care_plans::histories(&mut conn, caller.practice, &ids).await?;
    let mut listed: Vec<(CarePlan, Contact, knead_domain::care::rebooking::Due, Option<NaiveDate>)> = Vec::new();
    for (plan, contact) in plans {
        let Some(phase) = plan.details.phases.iter().find(|p| p.contains(today)) else {
            continue;
        };
        let history = histories.get(&plan.client_id).cloned().unwrap_or_default();
        let last = history.last_completed;
        let standing = Standing {
            last_session: last.map(|at| at.with_timezone(&zone).date_naive()),
            phase_starts_on: phase.starts_on,
            rebooked: history.ahead.iter().any(|s| last.is_none_or(|l| s.start > l)),
        };
        if let Some(found) = due(standing, phase.cadence, today, to) {
            listed.push((plan, contact, found, standing.last_session));
        }
    }
    listed.sort_by_key(|(_, c, d, _)| (order(d.status), d.opens_on, c.family_name.clone()));
    let team = staff::list(&mut conn, caller.practice, None, 500).await?;
    let names: HashMap<StaffId, String> = team
        .into_iter()
        .map(|m| (m.id, m.display_name.as_str().to_owned()))
        .collect();
    let end = resolve_local(zone, (to + SLOT_REACH).and_time(NaiveTime::MIN));
    let mut free: HashMap<(StaffId, Uuid), Vec<DueSlot>> = HashMap::new();
    let mut out = Vec::with_capacity(listed.len());
    for (plan, contact, found, last) in listed {
        let (therapist, service) = (plan.details.therapist, plan.details.service);
        if let std::collections::hash_map::Entry::Vacant(slot) = free.entry((therapist, service)) {
            let offered = services::find_service(&mut conn, caller.practice, service).await?;
            let time = free_time::therapist(
                &mut conn,
                caller.practice,
                zone,
                therapist,
                &[&offered],
                (now, end),
                now,
                &[],
            )
            .await?;
            slot.insert(
                time.offers
                    .into_iter()
                    .map(|o| DueSlot {
                        starts_at: o.span.start,
                        ends_at: o.span.end,
                    })
                    .collect(),
            );
        }
        let opens = resolve_local(zone, found.opens_on.and_time(NaiveTime::MIN));
        let slots = free[&(therapist, service)]
            .iter()
            .filter(|s| s.starts_at >= opens)
            .take(SLOTS_PER_CLIENT)
            .map(|s| DueSlot {
                starts_at: s.starts_at,
                ends_at: s.ends_at,
            })
            .collect();
        out.push(DueClient {
            client_id: plan.client_id.0,
            given_name: contact.given_name,
            family_name: contact.family_name,
            email: contact.email,
            phone: contact.phone,
            status: found.status,
            last_session_on: last,
            due_from: found.opens_on,
            due_until: found.closes_on,
            therapist_id: therapist.0,
            therapist_name: names.get(&therapist).cloned().unwrap_or_default(),
            service_id: service,
            slots,
        });
    }
    Ok(HttpResponse::Ok().json(out))
}

fn order(status: DueStatus) -> u8 {
    match status {
        DueStatus::Overdue => 0,
        DueStatus::Due => 1,
        DueStatus::Upcoming => 2,
    }
}
