//! Outcomes by technique across the practice, and one client's pain over time (clinical).

use crate::audit::{AuditTarget, note};
use crate::auth::Caller;
use crate::error::{ApiError, FieldError};
use crate::references::load_client;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;
use knead_domain::clinical::BodyRegion;
use knead_persistence::{intake, notes};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OutcomeQuery {
    /// Only this region (and only where the technique was applied to it).
    #[param(inline)]
    pub region: Option<BodyRegion>,
    /// Sessions on or after this date.
    pub from: Option<NaiveDate>,
    /// Sessions before this date.
    pub to: Option<NaiveDate>,
}

/// One technique's outcomes over signed notes.
#[derive(Debug, Serialize, ToSchema)]
pub struct TechniqueOutcomeView {
    pub technique: String,
    /// Notes in which it was applied with a pain score on one of its regions.
    pub sessions: i64,
    pub clients: i64,
    /// Region scores counted (a technique on two scored regions counts two; a score reached on
    /// two sides by one application counts once).
    pub measurements: i64,
    pub mean_pain_before: f64,
    pub mean_pain_after: f64,
    /// After minus before: negative is better.
    pub mean_change: f64,
}

/// Pain before and after, per technique.
///
/// Over signed notes, on the regions each technique was applied to, optionally for one region
/// and a range of session dates (422 when `from` is after `to`).
///
/// A pain score counts for a technique when it is on the same region and on a side the
/// technique reached: the same side; `bilateral` pain for a `left` or `right` technique (the
/// treated side is part of it — deep tissue on the left calf counts for calf pain scored
/// `bilateral`); `left` or `right` pain for a `bilateral` technique; `midline` only with
/// `midline`. `left` and `right` never count for each other. Each score counts once per
/// technique application, even when the application reaches it on two sides.
#[utoipa::path(
    tag = "reports",
    operation_id = "technique_outcomes",
    security(("bearer" = [])),
    params(OutcomeQuery),
    extensions(("x-clinical" = json!(true))),
    responses(
        (status = 200, description = "One row per technique.", body = Vec<TechniqueOutcomeView>),
        (status = 422, description = "`from` is after `to`.", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/reports/technique-outcomes")]
pub async fn technique_outcomes(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<OutcomeQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        return Err(ApiError::Validation(vec![FieldError::parameter(
            "from",
            "must not be after `to`",
        )]));
    }
    let mut conn = state.read_conn(&req).await?;
    let filter = notes::OutcomeFilter {
        region: query.region,
        from: query.from,
        to: query.to,
    };
    let rows = notes::technique_outcomes(&mut conn, caller.practice, filter).await?;
    let view: Vec<TechniqueOutcomeView> = rows
        .into_iter()
        .map(|r| TechniqueOutcomeView {
            technique: r.technique,
            sessions: r.sessions,
            clients: r.clients,
            measurements: r.measurements,
            mean_pain_before: r.mean_before,
            mean_pain_after: r.mean_after,
            mean_change: r.mean_after - r.mean_before,
        })
        .collect();
    Ok(HttpResponse::Ok().json(view))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TrendQuery {
    #[param(inline)]
    pub region: Option<BodyRegion>,
}

/// Where a pain score comes from.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PainSource {
    Intake,
    SessionBefore,
    SessionAfter,
}

/// One pain score in time.
#[derive(Debug, Serialize, ToSchema)]
pub struct PainPoint {
    pub date: NaiveDate,
    pub source: PainSource,
    pub region: String,
    pub side: String,
    pub intensity: i32,
}

/// A client's pain over time.
///
/// Pain scores per region and side from the client's intake forms and their session notes
/// (before and after each session), in date order, for a chart; optionally for one region.
/// Clinical: every call is audited.
#[utoipa::path(
    tag = "reports",
    operation_id = "pain_trend",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Client id"), TrendQuery),
    extensions(("x-clinical" = json!(true))),
    responses((status = 200, description = "Points in date order.", body = Vec<PainPoint>))
)]
#[get("/v1/clients/{id}/pain-trend")]
pub async fn pain_trend(
    req: HttpRequest,
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    query: web::Query<TrendQuery>,
) -> Result<HttpResponse, ApiError> {
    note(&req, AuditTarget::client(*id, None));
    let mut conn = state.read_conn(&req).await?;
    let client = caller.authorise_item(load_client(&mut conn, &caller, *id)).await?;
    let mut points: Vec<PainPoint> = Vec::new();
    for form in intake::for_client(&mut conn, caller.practice, client.id).await? {
        for area in form.content.pain_areas {
            if query.region.is_none_or(|r| r == area.region) {
                points.push(PainPoint {
                    date: form.created_at.date_naive(),
                    source: PainSource::Intake,
                    region: area.region.as_str().to_owned(),
                    side: area.side.as_str().to_owned(),
                    intensity: i32::from(area.intensity.get()),
                });
            }
        }
    }
    for (date, region, side, before, after) in
        notes::pain_for_client(&mut conn, caller.practice, client.id, query.region).await?
    {
        for (source, intensity) in [(PainSource::SessionBefore, before), (PainSource::SessionAfter, after)] {
            points.push(PainPoint {
                date,
                source,
                region: region.clone(),
                side: side.clone(),
                intensity,
            });
        }
    }
    points.sort_by_key(|p| p.date);
    Ok(HttpResponse::Ok().json(points))
}
