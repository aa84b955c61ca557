//! Liveness and readiness probes.

use crate::error::{ApiError, Problem};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

/// A probe's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when answered with 200.
    pub status: &'static str,
}

/// Liveness: the process is up.
///
/// Answers 200 while the process serves requests. It does not touch the database, so an
/// unreachable database does not make a running instance look dead: for that, ask `readyz`.
#[utoipa::path(
    tag = "operations",
    operation_id = "healthz",
    responses((status = 200, description = "The process is up.", body = Health))
)]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// Readiness: the database answers.
///
/// Answers 200 when a query to the database succeeds and 503 when the database is
/// unreachable, so a load balancer sends this instance traffic only while it can serve it.
#[utoipa::path(
    tag = "operations",
    operation_id = "readyz",
    responses(
        (status = 200, description = "The database answers.", body = Health),
        (status = 503, description = "The database does not answer.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    match knead_persistence::pool::ping(&state.pool).await {
        Ok(()) => Ok(HttpResponse::Ok().json(Health { status: "ok" })),
        Err(err) => Err(ApiError::Unavailable(format!("readiness check failed: {err}"))),
    }
}
