//! Care plans (clinical: therapists and owners, every call audited): a runner's treatment in
//! phases around their races, built from the race calendar with the practice's conventions
//! or set by hand; its proposals (`proposals.rs`) and the client's progress flags
//! (`flags.rs`).

pub mod body;
pub mod flags;
pub mod proposals;

use self::body::{CarePlanInput, CarePlanView, NewCarePlan, checked_phases};
use crate::audit::{AuditTarget, note};
use crate::auth::Caller;
use crate::concurrency::{Created, idempotent_create, if_match, with_etag};
use crate::error::{ApiError, Problem};
use crate::extract::{Json, parse, require_json};
use crate::references::{check_service, check_therapist, load_client};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::{NaiveDate, TimeDelta};
use knead_domain::care::{RaceDay, derive_phases};
use knead_domain::{ClientId, PracticeId};
use knead_persistence::care_plans::{self, CarePlan, PlanDetails};
use knead_persistence::{Connection, practices, races};
use uuid::Uuid;

/// How far a plan built from races reaches by default.
const DEFAULT_REACH: TimeDelta = TimeDelta::weeks(26);

/// A client's races as plans see them.
pub async fn race_days(
    conn: &mut Connection,
    practice: PracticeId,
    client: ClientId,
) -> Result<Vec<RaceDay>, ApiError> {
    Ok(races::for_client(conn, practice, client)
        .await?
        .into_iter()
        .map(|r| RaceDay {
            id: r.id,
            name: r.details.name,
            date: r.details.date,
            priority: r.details.priority,
        })
        .collect())
}

/// The lighter service, if named, must be one the practice offers (422 naming it).
async fn check_light(conn: &mut Connection, practice: PracticeId, id: Option<Uuid>) -> Result<(), ApiError> {
    let Some(id) = id else { return Ok(()) };
    match check_service(conn, practice, id).await {
        Err(ApiError::Validation(found)) => Err(ApiError::Validation(
            found
                .into_iter()
                .map(|f| crate::error::FieldError {
                    pointer: Some("/light_service_id".to_owned()),
                    ..f
                })
                .collect(),
        )),
        other => other.map(|_| ()),
    }
}

/// Loads a plan and names its client for the audit log.
async fn load(req: &HttpRequest, conn: &mut Connection, caller: &Caller, id: Uuid) -> Result<CarePlan, ApiError> {
    let plan = care_plans::find(conn, caller.practice, id).await?;
    note(req, AuditTarget::client(plan.client_id.0, Some(plan.id)));
    Ok(plan)
}

/// An active plan built from races follows them: its phases are derived again from the
/// client's races as they are now (one added, moved or deleted since), from today to the end
/// the plan had. Plans set by hand, and ended ones, are as stored.
pub async fn following_races(
    conn: &mut Connection,
    practice: PracticeId,
    today: NaiveDate,
    conventions: &knead_domain::care::Conventions,
    mut plan: CarePlan,
) -> Result<CarePlan, ApiError> {
    if !(plan.active && plan.details.from_races) {
        return Ok(plan);
    }
    let ends_on = plan.details.phases.iter().map(|p| p.ends_on).max().unwrap_or(today);
    if ends_on > today {
        let races = race_days(conn, practice, plan.client_id).await?;
        plan.details.phases = derive_phases(&races, conventions, today, ends_on);
    }
    Ok(plan)
}

/// [`following_races`] as of now in the practice's zone.
async fn as_of_now(
    conn: &mut Connection,
    state: &AppState,
    practice: PracticeId,
    plan: CarePlan,
) -> Result<CarePlan, ApiError> {
    let found = practices::find(conn, practice).await?;
    let today = state
        .settings
        .clock
        .now()
        .with_timezone(&found.time_zone.tz())
        .date_naive();
    following_races(conn, practice, today, &found.care, plan).await
}

/// A client's care plans.
///
/// Newest (the active one) first; earlier ones are history. An active plan built from races
/// shows its phases derived again from the client's races as they are now. Clinical: every
/// call is audited.
#[utoipa::path(
    tag = "care plans",
    operation_id = "list_care_plans",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Client id")),
    extensions(("x-clinical" = json!(true))),
    responses((status = 200, description = "The plans.", body = Vec<CarePlanView>))
)]
#[get("/v1/clients/{id}/care-plans")]
pub async fn list_care_plans(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    note(&req, AuditTarget::client(*id, None));
    let mut conn = state.conn().await?;
    let client = caller.authorise_item(load_client(&mut conn, &caller, *id)).await?;
    let mut views = Vec::new();
    for plan in care_plans::for_client(&mut conn, caller.practice, client.id).await? {
        let plan = as_of_now(&mut conn, &state, caller.practice, plan).await?;
        views.push(CarePlanView::from(plan));
    }
    Ok(HttpResponse::Ok().json(views))
}

/// Start a care plan for a client.
///
/// It becomes the active plan; the previous one is kept as history. Without `phases`, they
/// are built from the client's A and B races with the practice's conventions: a build block
/// before each (weekly for A, every two weeks for B by default), a taper (one lighter session
/// 2–4 days before), race day (no session), recovery (one session 24–48 h after) and
/// maintenance (every 21–28 days) between and after. Without `therapist_id`, the client's
/// preferred therapist (422 when they have none). 422 names an unknown therapist or service,
/// or phases out of order. Honours `Idempotency-Key`: a retry with the same key and body gets
/// the first answer.
#[utoipa::path(
    tag = "care plans",
    operation_id = "create_care_plan",
    security(("bearer" = [])),
    request_body = NewCarePlan,
    params(("id" = Uuid, Path, description = "Client id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body return the first answer", pattern = "^[!-~]{1,255}$")),
    extensions(("x-clinical" = json!(true))),
    responses(
        (status = 201, description = "Created.", body = CarePlanView, headers(("Location" = String), ("ETag" = String))),
        (status = 422, description = "A field is invalid: an unknown therapist or service, phases out of order.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/clients/{id}/care-plans")]
pub async fn create_care_plan(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    note(&req, AuditTarget::client(*id, None));
    let mut conn = state.conn().await?;
    let client = caller.authorise_item(load_client(&mut conn, &caller, *id)).await?;
    require_json(&req)?;
    let input: NewCarePlan = parse(&body)?;
    let therapist_id = match input
        .therapist_id
        .or(client.details.preferred_therapist_id.map(|s| s.0))
    {
        Some(t) => t,
        None => {
            return Err(ApiError::invalid(
                "/therapist_id",
                "the client has no preferred therapist: name one",
            ));
        }
    };
    let therapist = check_therapist(&mut conn, caller.practice, therapist_id).await?;
    check_service(&mut conn, caller.practice, input.service_id).await?;
    check_light(&mut conn, caller.practice, input.light_service_id).await?;
    let practice = practices::find(&mut conn, caller.practice).await?;
    let today = state
        .settings
        .clock
        .now()
        .with_timezone(&practice.time_zone.tz())
        .date_naive();
    let (phases, from_races) = match input.phases {
        Some(phases) => (checked_phases(phases)?, false),
        None => {
            let races = race_days(&mut conn, caller.practice, client.id).await?;
            let ends_on = reach(input.ends_on, &races, today)?;
            (derive_phases(&races, &practice.care, today, ends_on), true)
        }
    };
    let details = PlanDetails {
        therapist,
        service: input.service_id,
        light_service: input.light_service_id,
        phases,
        from_races,
    };
    idempotent_create(&req, &state, &caller, "create_care_plan", &body, async |conn| {
        let now = state.settings.clock.now();
        let plan = care_plans::insert(conn, caller.practice, client.id, details, caller.staff, now).await?;
        let (location, version) = (format!("/v1/care-plans/{}", plan.id), plan.version);
        Created::new(&CarePlanView::from(plan), location, Some(version))
    })
    .await
}

/// The last day a plan built from races covers.
fn reach(asked: Option<NaiveDate>, races: &[RaceDay], today: NaiveDate) -> Result<NaiveDate, ApiError> {
    if let Some(day) = asked {
        if day <= today || day - today > knead_domain::care::LONGEST_PLAN {
            return Err(ApiError::invalid("/ends_on", "must be after today and within 366 days"));
        }
        return Ok(day);
    }
    let last_race = races
        .iter()
        .map(|r| r.date + TimeDelta::weeks(2))
        .filter(|d| *d - today <= knead_domain::care::LONGEST_PLAN)
        .max();
    Ok(last_race.unwrap_or(today).max(today + DEFAULT_REACH))
}

/// One care plan.
///
/// With its phases and the ETag to send as `If-Match` when replacing it. Clinical: every call
/// is audited.
#[utoipa::path(
    tag = "care plans",
    operation_id = "get_care_plan",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Care plan id")),
    extensions(("x-clinical" = json!(true))),
    responses((status = 200, description = "The plan.", body = CarePlanView, headers(("ETag" = String))))
)]
#[get("/v1/care-plans/{id}")]
pub async fn get_care_plan(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let plan = caller.authorise_item(load(&req, &mut conn, &caller, *id)).await?;
    let plan = as_of_now(&mut conn, &state, caller.practice, plan).await?;
    Ok(with_etag(plan.version, &CarePlanView::from(plan)))
}

/// Replace an active care plan by hand.
///
/// Its therapist, services and phases; it no longer follows the races. `If-Match` is
/// required. An ended plan is history: 404.
#[utoipa::path(
    tag = "care plans",
    operation_id = "update_care_plan",
    security(("bearer" = [])),
    request_body = CarePlanInput,
    params(("id" = Uuid, Path, description = "Care plan id"), ("If-Match" = String, Header, description = "The ETag from the last read", pattern = r#"^(\*|"v[0-9]+")$"#)),
    extensions(("x-clinical" = json!(true))),
    responses(
        (status = 200, description = "Updated.", body = CarePlanView, headers(("ETag" = String))),
        (status = 412, description = "Changed since it was read.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/v1/care-plans/{id}")]
pub async fn update_care_plan(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<CarePlanInput>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let plan = caller.authorise_item(load(&req, &mut conn, &caller, *id)).await?;
    if !plan.active {
        return Err(ApiError::NotFound);
    }
    let expected = if_match(&req)?.unwrap_or(plan.version);
    let input = body.0;
    let therapist = check_therapist(&mut conn, caller.practice, input.therapist_id).await?;
    check_service(&mut conn, caller.practice, input.service_id).await?;
    check_light(&mut conn, caller.practice, input.light_service_id).await?;
    let details = PlanDetails {
        therapist,
        service: input.service_id,
        light_service: input.light_service_id,
        phases: checked_phases(input.phases)?,
        from_races: false,
    };
    let now = state.settings.clock.now();
    let updated = care_plans::update(&mut conn, caller.practice, plan.id, expected, details, now).await?;
    Ok(with_etag(updated.version, &CarePlanView::from(updated)))
}
