//! Two-factor sign-in from the settings: the logged-in staff member's own enrolment, and an
//! owner's reset of someone's (a lost device).

use super::load;
use crate::auth::Caller;
use crate::auth::pairs;
use crate::auth::second_factor::{self, Enrolment, EnrolmentConfirmed};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, post, web};
use knead_persistence::{second_factors, staff};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The caller's two-factor sign-in.
#[derive(Debug, Serialize, ToSchema)]
pub struct SecondFactorStatus {
    /// Whether a second factor is set up (confirmed).
    pub enrolled: bool,
    /// Unused recovery codes.
    pub recovery_codes_left: i64,
    /// Whether the practice requires it.
    pub required: bool,
    /// Whether this login passed it.
    pub used_at_login: bool,
}

/// Your two-factor sign-in: set up or not, recovery codes left.
///
/// Whether a second factor is set up, how many unused recovery codes are left, whether the
/// practice requires one, and whether this login passed it.
#[utoipa::path(
    tag = "me",
    operation_id = "get_my_second_factor",
    security(("bearer" = [])),
    responses((status = 200, description = "The caller's second factor.", body = SecondFactorStatus))
)]
#[get("/v1/me/second-factor")]
pub async fn get_my_second_factor(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let mut conn = state.conn().await?;
    let enrolled = second_factors::is_enrolled(&mut conn, caller.practice, caller.staff).await?;
    let recovery_codes_left = second_factors::recovery_codes_left(&mut conn, caller.practice, caller.staff).await?;
    let required = second_factors::required(&mut conn, caller.practice).await?;
    Ok(HttpResponse::Ok().json(SecondFactorStatus {
        enrolled,
        recovery_codes_left,
        required,
        used_at_login: caller.second_factor,
    }))
}

/// Start setting up two-factor sign-in.
///
/// A new secret and its QR code for an authenticator app; confirm with a code
/// (`confirm_my_enrolment`). Starting again replaces an unconfirmed secret. 409 when a second
/// factor is already set up.
#[utoipa::path(
    tag = "me",
    operation_id = "begin_my_enrolment",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Scan the QR code, then confirm with a code.", body = Enrolment),
        (status = 409, description = "Already set up.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/me/second-factor")]
pub async fn begin_my_enrolment(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let mut conn = state.conn().await?;
    let me = staff::find(&mut conn, caller.practice, caller.staff).await?;
    let enrolment = second_factor::begin(&state, &mut conn, caller.practice, caller.staff, me.email.as_str()).await?;
    Ok(HttpResponse::Ok().json(enrolment))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "287082"}))]
pub struct ConfirmRequest {
    /// A code the authenticator app shows for the new secret.
    #[schema(pattern = "^[0-9]{6}$")]
    pub code: String,
}

/// Confirm two-factor sign-in with a first code.
///
/// Answers the recovery codes (shown only now) and new tokens for this login, which has now
/// passed the second factor. A wrong code is 422; 409 means no enrolment was started.
#[utoipa::path(
    tag = "me",
    operation_id = "confirm_my_enrolment",
    security(("bearer" = [])),
    request_body = ConfirmRequest,
    responses(
        (status = 200, description = "Set up.", body = EnrolmentConfirmed),
        (status = 409, description = "No enrolment was started.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/me/second-factor/confirm")]
pub async fn confirm_my_enrolment(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<ConfirmRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let mut conn = state.conn().await?;
    let recovery_codes = second_factor::confirm(&state, &mut conn, caller.practice, caller.staff, &body.0.code).await?;
    let me = staff::find(&mut conn, caller.practice, caller.staff).await?;
    let tokens = pairs::log_in(&state, &mut conn, &me, true).await?;
    Ok(HttpResponse::Ok().json(EnrolmentConfirmed { recovery_codes, tokens }))
}

/// Reset a staff member's two-factor sign-in.
///
/// After a lost phone: their second factor and recovery codes are removed and every login of
/// theirs ends. Where the practice requires a second factor, they enrol again at their next
/// login. Answers 204 also when none was set up.
#[utoipa::path(
    tag = "staff",
    operation_id = "reset_staff_second_factor",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Staff id")),
    responses((status = 204, description = "Reset (also when none was set up)."))
)]
#[delete("/v1/staff/{id}/second-factor")]
pub async fn reset_staff_second_factor(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let target = caller.authorise_item(load(&mut conn, &caller, *id)).await?;
    second_factors::reset(&mut conn, caller.practice, target.id, state.settings.clock.now()).await?;
    state.accounts.forget(caller.practice, target.id);
    Ok(HttpResponse::NoContent().finish())
}
