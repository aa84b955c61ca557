//! Forgot password: a public request that queues a reset link to the account's own address.

use crate::audit::client_ip;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, post, web};
use knead_domain::Email;
use knead_persistence::email::{self as outbox, Message, PASSWORD_RESET};
use knead_persistence::{staff, throttle};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "maya@stride.example"}))]
pub struct PasswordResetRequest {
    #[schema(example = "maya@stride.example", format = Email, max_length = 254)]
    pub email: String,
    /// The practice's slug, as at login; without it, every practice the address belongs to
    /// sends its own link.
    pub practice: Option<String>,
}

/// The same answer whether or not an account has the address.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"message": ACCEPTED}))]
pub struct PasswordResetAccepted {
    pub message: String,
}

const ACCEPTED: &str = "If an account exists for that address, we've sent a link to choose a new password.";

/// No answer comes sooner, known address or not, so that its timing tells nothing.
const MIN_ANSWER: Duration = Duration::from_millis(300);

/// How long one reset request stands: a repeat for the same account within it sends nothing.
const DEDUPE_WINDOW_SECS: i64 = 15 * 60;

/// Ask for a password-reset link by email.
///
/// Emails a one-time link (valid 24 hours; `set_password_with_link` takes its token) to the
/// active staff account with this address, or to each of them when it belongs to several
/// practices and `practice` is not given. The answer is the same 202, at the same pace,
/// whether or not an account exists. Repeats within 15 minutes send no second email; too many
/// requests for one address or from one client are 429 with `Retry-After`. A reset keeps the
/// account's two-factor sign-in.
#[utoipa::path(
    tag = "auth",
    operation_id = "request_password_reset",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "Accepted; a link is emailed if an account exists.", body = PasswordResetAccepted),
        (status = 429, description = "Too many requests for this address or from this client; see Retry-After.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/v1/auth/password-reset-requests")]
pub async fn request_password_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let floor = actix_web::rt::time::sleep(MIN_ANSWER);
    let body = body.0;
    let email = Email::parse(&body.email).map_err(|e| ApiError::invalid("/email", e.0))?;
    let ip = client_ip(&req, &state.settings.trusted_proxies).map_or_else(|| "unknown".into(), |ip| ip.to_string());
    let keys = [format!("reset:account:{}", email.as_str()), format!("reset:ip:{ip}")];
    let limits = &state.settings.throttle;
    let now = state.settings.clock.now();
    let mut conn = state.conn().await?;
    if let Some(wait) = throttle::locked_for(&mut conn, &keys, now).await? {
        return Err(ApiError::TooManyRequests {
            retry_after: wait.num_seconds().max(1) as u64,
        });
    }
    // Every request counts, known address or not.
    for (key, limit) in keys
        .iter()
        .zip([limits.reset_account_requests, limits.reset_ip_requests])
    {
        throttle::record_failure(&mut conn, key, now, limit, limits.window, limits.lockout).await?;
    }
    let accounts = staff::login_candidates(&mut conn, &email, body.practice.as_deref()).await?;
    let window = now.timestamp().div_euclid(DEDUPE_WINDOW_SECS);
    for account in accounts {
        let (practice, id) = (account.staff.practice_id, account.staff.id);
        let message = Message::queued(
            practice,
            PASSWORD_RESET,
            id,
            format!("{PASSWORD_RESET}:{}:{window}", id.0),
            &state.settings.mail.domain,
            now,
        );
        outbox::queue(&mut conn, &message).await?;
    }
    drop(conn);
    floor.await;
    Ok(HttpResponse::Accepted().json(PasswordResetAccepted {
        message: ACCEPTED.into(),
    }))
}
