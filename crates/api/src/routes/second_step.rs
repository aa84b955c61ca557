//! The second step of a login (after the password answered a challenge): a code or recovery
//! code, or, where the practice requires a second factor the account lacks, enrolment first.

use crate::auth::challenge::{BAD_CHALLENGE, ChallengeClaims, Step};
use crate::auth::pairs::{self, TokenPair};
use crate::auth::second_factor::{self, Enrolment, EnrolmentConfirmed};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use knead_persistence::staff::{self, Staff};
use knead_persistence::{Connection, StoreError};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"challenge": "eyJ0eXAiOiJKV1Qi…", "code": "287082"}))]
pub struct SecondFactorRequest {
    /// The challenge the password step answered.
    pub challenge: String,
    /// The six digits the authenticator app shows.
    #[schema(pattern = "^[0-9]{6}$")]
    pub code: Option<String>,
    /// Instead of a code: one of the recovery codes (each works once).
    #[schema(max_length = 64)]
    pub recovery_code: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChallengeRequest {
    pub challenge: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmAtLoginRequest {
    pub challenge: String,
    /// A code the authenticator app shows for the new secret.
    #[schema(pattern = "^[0-9]{6}$")]
    pub code: String,
}

/// The account a challenge of kind `step` names, if the challenge is valid and the account
/// unchanged since it was issued (401 otherwise).
async fn challenged(
    state: &AppState,
    conn: &mut Connection,
    challenge: &str,
    step: Step,
) -> Result<(ChallengeClaims, Staff), ApiError> {
    let claims = state
        .challenges
        .verify(challenge, step, state.settings.clock.now())
        .ok_or(ApiError::Unauthorized(BAD_CHALLENGE))?;
    let who = match staff::find(conn, claims.prt, claims.sub).await {
        Err(StoreError::NotFound) => return Err(ApiError::Unauthorized(BAD_CHALLENGE)),
        other => other?,
    };
    if !who.active || who.valid_after.timestamp_micros() != claims.vaf {
        return Err(ApiError::Unauthorized(BAD_CHALLENGE));
    }
    Ok((claims, who))
}

/// Finish a login with a second-factor code.
///
/// Answers the challenge `login` gave (202) with the six digits the authenticator app shows,
/// or one of the recovery codes, and returns the token pair. A code works once; wrong codes
/// count towards the same lockout as wrong passwords (429). An invalid or expired challenge,
/// or an account changed since it was issued, is 401: log in again.
#[utoipa::path(
    tag = "auth",
    operation_id = "verify_second_factor",
    request_body = SecondFactorRequest,
    responses(
        (status = 200, description = "Logged in.", body = TokenPair),
        (status = 401, description = "The challenge is invalid or expired: log in again.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see Retry-After.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/v1/auth/second-factor")]
pub async fn verify_second_factor(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<SecondFactorRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.0;
    let mut conn = state.conn().await?;
    let (_, who) = challenged(&state, &mut conn, &body.challenge, Step::Verify).await?;
    second_factor::verify(
        &state,
        &req,
        &mut conn,
        who.practice_id,
        who.id,
        body.code.as_deref(),
        body.recovery_code.as_deref(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(pairs::log_in(&state, &mut conn, &who, true).await?))
}

/// Start second-factor enrolment during a login.
///
/// For a login the practice's two-factor requirement holds back (`login` answered 202 with
/// `enrol: true`): a new secret and its QR code for an authenticator app; confirm it with
/// `confirm_enrolment_at_login`. 409 when the account is already enrolled, 401 when the
/// challenge is invalid or expired.
#[utoipa::path(
    tag = "auth",
    operation_id = "begin_enrolment_at_login",
    request_body = ChallengeRequest,
    responses(
        (status = 200, description = "Scan the QR code, then confirm with a code.", body = Enrolment),
        (status = 401, description = "The challenge is invalid or expired: log in again.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account is already enrolled.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/auth/second-factor/enrolment")]
pub async fn begin_enrolment_at_login(
    state: web::Data<AppState>,
    body: Json<ChallengeRequest>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let (_, who) = challenged(&state, &mut conn, &body.0.challenge, Step::Enrol).await?;
    let enrolment = second_factor::begin(&state, &mut conn, who.practice_id, who.id, who.email.as_str()).await?;
    Ok(HttpResponse::Ok().json(enrolment))
}

/// Confirm enrolment with a first code and finish the login.
///
/// Takes the challenge and a code for the new secret; answers the recovery codes (shown only
/// now) and the token pair. A wrong code is 422, 409 means no enrolment was started, and an
/// invalid or expired challenge is 401.
#[utoipa::path(
    tag = "auth",
    operation_id = "confirm_enrolment_at_login",
    request_body = ConfirmAtLoginRequest,
    responses(
        (status = 200, description = "Enrolled and logged in.", body = EnrolmentConfirmed),
        (status = 401, description = "The challenge is invalid or expired: log in again.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No enrolment was started.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/auth/second-factor/enrolment/confirm")]
pub async fn confirm_enrolment_at_login(
    state: web::Data<AppState>,
    body: Json<ConfirmAtLoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.0;
    let mut conn = state.conn().await?;
    let (_, who) = challenged(&state, &mut conn, &body.challenge, Step::Enrol).await?;
    let recovery_codes = second_factor::confirm(&state, &mut conn, who.practice_id, who.id, &body.code).await?;
    let tokens = pairs::log_in(&state, &mut conn, &who, true).await?;
    Ok(HttpResponse::Ok().json(EnrolmentConfirmed { recovery_codes, tokens }))
}
