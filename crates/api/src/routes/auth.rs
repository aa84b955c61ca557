//! Login, refresh-token rotation, logout and one-time password links.

use crate::audit::client_ip;
use crate::auth::challenge::Step;
use crate::auth::pairs::{self, REFRESH_PREFIX, TokenPair};
use crate::auth::secrets::{self, LINK_PREFIX};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use knead_domain::{Email, NewPassword, PracticeId, StaffId};
use knead_persistence::staff;
use knead_persistence::tokens::{self, RefreshToken};
use knead_persistence::{Connection, StoreError, accounts, logins, second_factors, throttle};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "maya@stride.example", "password": "stride-demo-2026"}))]
pub struct LoginRequest {
    #[schema(example = "maya@stride.example", format = Email, max_length = 254)]
    pub email: String,
    #[schema(min_length = 1, max_length = 1024)]
    pub password: String,
    /// The practice's slug; needed only when the email belongs to several practices.
    pub practice: Option<String>,
}

const WRONG_CREDENTIALS: &str = "the email or password is wrong";

/// Log in with email and password.
///
/// Answers a token pair (a short-lived access token and a refresh token), or 202 with a
/// challenge when a second step is due: a code from the account's authenticator app
/// (`verify_second_factor`), or enrolment first where the practice requires a second factor
/// the account lacks (`enrol: true`). A wrong email and a wrong password get the same 401;
/// repeated failures lock the account and the address for a while (429 with `Retry-After`).
/// When the email belongs to staff of several practices, `practice` (the slug) says which
/// (422 otherwise).
#[utoipa::path(
    tag = "auth",
    operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in.", body = TokenPair),
        (status = 202, description = "The password is right and a second step is due: answer the challenge with a code (`verify_second_factor`), or enrol first when `enrol` is true.", body = SecondStep),
        (status = 401, description = "Wrong email or password.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see Retry-After.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "Too many logins at once; retry shortly.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.0;
    let email = Email::parse(&body.email).map_err(|e| ApiError::invalid("/email", e.0))?;
    let ip = client_ip(&req, &state.settings.trusted_proxies).map_or_else(|| "unknown".into(), |ip| ip.to_string());
    let keys = [format!("account:{}", email.as_str()), format!("ip:{ip}")];
    let limits = &state.settings.throttle;
    let mut conn = state.conn().await?;
    if let Some(wait) = throttle::locked_for(&mut conn, &keys, state.settings.clock.now()).await? {
        return Err(ApiError::TooManyRequests {
            retry_after: wait.num_seconds().max(1) as u64,
        });
    }
    let candidates = staff::login_candidates(&mut conn, &email, body.practice.as_deref()).await?;
    if candidates.len() > 1 {
        return Err(ApiError::invalid(
            "/practice",
            "this email belongs to several practices: give the practice's slug",
        ));
    }
    let candidate = candidates.into_iter().next();
    // Release the connection while hashing: argon2 takes tens of milliseconds.
    drop(conn);
    let stored = candidate.as_ref().and_then(|c| c.password_hash.clone());
    let ok = state.passwords.verify(body.password, stored).await?;
    let mut conn = state.conn().await?;
    let Some(candidate) = candidate.filter(|_| ok) else {
        let now = state.settings.clock.now();
        throttle::record_failure(
            &mut conn,
            &keys[0],
            now,
            limits.account_failures,
            limits.window,
            limits.lockout,
        )
        .await?;
        throttle::record_failure(
            &mut conn,
            &keys[1],
            now,
            limits.ip_failures,
            limits.window,
            limits.lockout,
        )
        .await?;
        return Err(ApiError::Unauthorized(WRONG_CREDENTIALS));
    };
    throttle::clear(&mut conn, &keys[0]).await?;
    let checked = &candidate.staff;
    // The password was checked without a lock; a revocation since (password change or reset,
    // deactivation, role change) moved `valid_after`, and must not be outlived by this login.
    let enrolled = second_factors::is_enrolled(&mut conn, checked.practice_id, checked.id).await?;
    let step = if enrolled {
        Some(Step::Verify)
    } else if second_factors::required(&mut conn, checked.practice_id).await? {
        Some(Step::Enrol)
    } else {
        None
    };
    if let Some(step) = step {
        let now = state.settings.clock.now();
        let challenge = state
            .challenges
            .issue(checked.practice_id, checked.id, step, checked.valid_after, now)
            .map_err(ApiError::internal)?;
        return Ok(HttpResponse::Accepted().json(SecondStep {
            challenge,
            enrol: step == Step::Enrol,
            expires_in: crate::auth::challenge::CHALLENGE_TTL_SECONDS,
        }));
    }
    Ok(HttpResponse::Ok().json(pairs::log_in(&state, &mut conn, checked, false).await?))
}

/// The password was right; the login goes on with a second step.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SecondStep {
    /// Send back with the code (or to enrol); valid for `expires_in` seconds.
    pub challenge: String,
    /// True when the practice requires a second factor and the account has none yet: enrol
    /// (`begin_enrolment_at_login`, then `confirm_enrolment_at_login`) to finish logging in.
    pub enrol: bool,
    pub expires_in: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"refresh_token": "kr1.0190a0b1c2d37e8f9a0b1c2d3e4f5a6b.0190a0b1c2d37e8f9a0b1c2d3e4f5a6c.x7Qm…"}))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

const BAD_REFRESH: &str = "the refresh token is invalid, expired or already used";

/// Exchange a refresh token for a new token pair.
///
/// Each refresh token works once: the answer carries its successor. Presenting a used one
/// again revokes every token descended from the same login, so a stolen token is useless to
/// both holders. An invalid, expired, revoked or used token is 401.
#[utoipa::path(
    tag = "auth",
    operation_id = "refresh_token",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair.", body = TokenPair),
        (status = 401, description = "The refresh token is not valid.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/auth/refresh")]
pub async fn refresh_token(state: web::Data<AppState>, body: Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let presented = presented_refresh(&mut conn, &body.0.refresh_token).await?;
    // Use, rotation and reuse detection are one transaction under the family's lock: a reused
    // token's revocation cannot slip between the winner's use and its new token's insert.
    let now = state.settings.clock.now();
    let second_factor = presented.second_factor;
    let (minted, refresh) = pairs::mint_refresh(&state, PracticeId(presented.practice_id), second_factor);
    let who = logins::rotate(&mut conn, &presented, minted, now).await?;
    // Refusals answer after the commit, so a detected reuse's revocation is kept.
    let who = who.ok_or(ApiError::Unauthorized(BAD_REFRESH))?;
    Ok(HttpResponse::Ok().json(pairs::token_pair(&state, &who, refresh, second_factor)?))
}

/// The stored refresh token a client presents, if the string is one we issued (401 otherwise).
async fn presented_refresh(conn: &mut Connection, token: &str) -> Result<RefreshToken, ApiError> {
    let parsed = secrets::parse(REFRESH_PREFIX, token).ok_or(ApiError::Unauthorized(BAD_REFRESH))?;
    let stored = match tokens::find_refresh(conn, parsed.practice, parsed.id).await {
        Err(StoreError::NotFound) => return Err(ApiError::Unauthorized(BAD_REFRESH)),
        other => other?,
    };
    if parsed.matches(&stored.secret_hash) {
        Ok(stored)
    } else {
        Err(ApiError::Unauthorized(BAD_REFRESH))
    }
}

/// Log out.
///
/// Revokes the refresh token presented and every token of the same login. An invalid refresh
/// token is 401.
#[utoipa::path(
    tag = "auth",
    operation_id = "logout",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Logged out."),
        (status = 401, description = "The refresh token is not valid.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/auth/logout")]
pub async fn logout(state: web::Data<AppState>, body: Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let stored = presented_refresh(&mut conn, &body.0.refresh_token).await?;
    logins::log_out(&mut conn, &stored, state.settings.clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "kl1.0190a0b1c2d37e8f9a0b1c2d3e4f5a6b.0190a0b1c2d37e8f9a0b1c2d3e4f5a6c.p3Zk…", "password": "a long passphrase I remember"}))]
pub struct SetPasswordRequest {
    /// The token from an invitation or password-reset link.
    pub token: String,
    /// At least 12 characters.
    #[schema(min_length = 12, max_length = 128)]
    pub password: String,
}

/// Set a password through a one-time link.
///
/// Takes the token of an invitation or password-reset link (`create_staff_link`) and a new
/// password of at least 12 characters. A link works once and expires (an invitation after 7
/// days, a reset after 24 hours); an invalid, used or expired one is 422 at `/token`. Every
/// existing login of the account ends; log in with the new password.
#[utoipa::path(
    tag = "auth",
    operation_id = "set_password_with_link",
    request_body = SetPasswordRequest,
    responses(
        (status = 204, description = "The password is set; log in with it."),
    )
)]
#[post("/v1/auth/password")]
pub async fn set_password_with_link(
    state: web::Data<AppState>,
    body: Json<SetPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.0;
    let password = NewPassword::parse(&body.password).map_err(|e| ApiError::invalid("/password", e.0))?;
    let bad_link = || ApiError::invalid("/token", "this link is invalid, already used or expired");
    let parsed = secrets::parse(LINK_PREFIX, &body.token).ok_or_else(bad_link)?;
    let mut conn = state.conn().await?;
    let link = match tokens::find_link(&mut conn, parsed.practice, parsed.id).await {
        Err(StoreError::NotFound) => return Err(bad_link()),
        other => other?,
    };
    if !parsed.matches(&link.secret_hash) || link.used_at.is_some() || link.expires_at < state.settings.clock.now() {
        return Err(bad_link());
    }
    drop(conn);
    let hash = state.passwords.hash(password.expose().to_owned()).await?;
    let (practice, staff_id) = (PracticeId(link.practice_id), StaffId(link.staff_id));
    let mut conn = state.conn().await?;
    let now = state.settings.clock.now();
    if !accounts::redeem_password_link(&mut conn, &link, &hash, now).await? {
        return Err(bad_link());
    }
    state.accounts.forget(practice, staff_id);
    Ok(HttpResponse::NoContent().finish())
}
