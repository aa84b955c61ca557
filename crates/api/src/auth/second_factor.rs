//! The second factor's steps shared by the login and the settings: enrolment (a new secret,
//! encrypted at rest, shown as a QR code), its confirmation with a first code (which hands
//! out the recovery codes), and checking a code or a recovery code at sign-in, throttled like
//! the password.

use crate::audit::client_ip;
use crate::auth::pairs::TokenPair;
use crate::auth::totp;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::HttpRequest;
use knead_domain::{PracticeId, StaffId};
use knead_persistence::{Connection, second_factors, throttle};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const ISSUER: &str = "Knead";
const WRONG_CODE: &str = "the code is wrong, expired or already used";

/// A started enrolment: scan the QR code (or type the secret) into an authenticator app,
/// then confirm with a code it shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct Enrolment {
    /// The secret in base32, to type in when the QR code cannot be scanned.
    pub secret: String,
    /// The `otpauth://` URI the QR code holds.
    pub otpauth_uri: String,
    /// The QR code as an SVG `data:` URL, drawn by the server (no outside service).
    pub qr_code: String,
}

/// Enrolment is confirmed: the recovery codes (shown only now) and the login's tokens.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EnrolmentConfirmed {
    /// Keep these somewhere safe: each signs in once in place of a code.
    pub recovery_codes: Vec<String>,
    pub tokens: TokenPair,
}

/// The associated data binding a stored secret to its account (see `crate::encryption`).
fn context(practice: PracticeId, staff: StaffId) -> Vec<u8> {
    format!("second_factor:{}:{}", practice.0, staff.0).into_bytes()
}

/// Starts (or restarts) enrolment; 409 when the account already has a confirmed factor.
pub async fn begin(
    state: &AppState,
    conn: &mut Connection,
    practice: PracticeId,
    staff: StaffId,
    account: &str,
) -> Result<Enrolment, ApiError> {
    let secret = totp::new_secret();
    let stored = state.settings.encryption.encrypt(&secret, &context(practice, staff));
    let now = state.settings.clock.now();
    if !second_factors::begin(conn, practice, staff, &stored, now).await? {
        return Err(ApiError::Conflict(
            "two-factor sign-in is already set up: an owner can reset it".into(),
        ));
    }
    let otpauth_uri = totp::otpauth_uri(&secret, ISSUER, account);
    let qr_code = totp::qr_svg_data_url(&otpauth_uri).map_err(ApiError::internal)?;
    Ok(Enrolment {
        secret: totp::base32(&secret),
        otpauth_uri,
        qr_code,
    })
}

fn decrypt(
    state: &AppState,
    factor: &second_factors::SecondFactor,
    practice: PracticeId,
    staff: StaffId,
) -> Result<Vec<u8>, ApiError> {
    state
        .settings
        .encryption
        .decrypt(&factor.secret, &context(practice, staff))
        .map_err(ApiError::internal)
}

/// Confirms a pending enrolment with a code of its secret: the recovery codes, shown once.
pub async fn confirm(
    state: &AppState,
    conn: &mut Connection,
    practice: PracticeId,
    staff: StaffId,
    code: &str,
) -> Result<Vec<String>, ApiError> {
    let pending = second_factors::find(conn, practice, staff)
        .await?
        .filter(|f| !f.confirmed)
        .ok_or_else(|| ApiError::Conflict("there is no enrolment to confirm: start one".into()))?;
    let secret = decrypt(state, &pending, practice, staff)?;
    let now = state.settings.clock.now();
    let step = totp::matching_step(&secret, code, now).ok_or_else(|| ApiError::invalid("/code", WRONG_CODE))?;
    let codes = totp::new_recovery_codes();
    let hashes: Vec<Vec<u8>> = codes.iter().map(|c| totp::recovery_hash(c)).collect();
    if !second_factors::confirm(conn, practice, staff, step, &hashes, now).await? {
        return Err(ApiError::Conflict("there is no enrolment to confirm: start one".into()));
    }
    Ok(codes)
}

/// Checks a sign-in's code or recovery code, each usable once, under the password's throttle
/// (per account and per client IP).
pub async fn verify(
    state: &AppState,
    req: &HttpRequest,
    conn: &mut Connection,
    practice: PracticeId,
    staff: StaffId,
    code: Option<&str>,
    recovery_code: Option<&str>,
) -> Result<(), ApiError> {
    let ip = client_ip(req, &state.settings.trusted_proxies).map_or_else(|| "unknown".into(), |ip| ip.to_string());
    let keys = [format!("second_factor:{}:{}", practice.0, staff.0), format!("ip:{ip}")];
    let limits = &state.settings.throttle;
    let now = state.settings.clock.now();
    if let Some(wait) = throttle::locked_for(conn, &keys, now).await? {
        return Err(ApiError::TooManyRequests {
            retry_after: wait.num_seconds().max(1) as u64,
        });
    }
    let factor = second_factors::find(conn, practice, staff)
        .await?
        .filter(|f| f.confirmed)
        .ok_or(ApiError::Unauthorized(crate::auth::challenge::BAD_CHALLENGE))?;
    let (accepted, pointer) = match (code, recovery_code) {
        (Some(code), None) => {
            let secret = decrypt(state, &factor, practice, staff)?;
            let accepted = match totp::matching_step(&secret, code, now) {
                Some(step) => second_factors::use_step(conn, practice, staff, step).await?,
                None => false,
            };
            (accepted, "/code")
        }
        (None, Some(recovery)) => {
            let hash = totp::recovery_hash(recovery);
            (
                second_factors::use_recovery_code(conn, practice, staff, &hash, now).await?,
                "/recovery_code",
            )
        }
        _ => return Err(ApiError::invalid("/code", "give either a code or a recovery_code")),
    };
    if accepted {
        throttle::clear(conn, &keys[0]).await?;
        return Ok(());
    }
    throttle::record_failure(
        conn,
        &keys[0],
        now,
        limits.account_failures,
        limits.window,
        limits.lockout,
    )
    .await?;
    throttle::record_failure(conn, &keys[1], now, limits.ip_failures, limits.window, limits.lockout).await?;
    Err(ApiError::invalid(pointer, WRONG_CODE))
}
