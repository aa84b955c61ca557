//! Token pairs: a fresh access token with the refresh token stored for it, issued at the end
//! of a login (after the password, or after the second step when one is due).

use crate::auth::secrets::{self, Minted};
use crate::error::ApiError;
use crate::state::AppState;
use chrono::Duration;
use knead_domain::{PracticeId, Role};
use knead_persistence::staff::Staff;
use knead_persistence::{Connection, logins};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub const REFRESH_PREFIX: &str = "kr1";
const REFRESH_TTL_DAYS: i64 = 30;
const ACCOUNT_CHANGED: &str = "the account changed while logging in: log in again";

/// A fresh access token and the refresh token that renews it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque; rotates on every use. Reusing an old one revokes the whole family.
    pub refresh_token: String,
    pub practice_id: Uuid,
    pub staff_id: Uuid,
    pub role: Role,
    /// Whether this login passed the second factor.
    #[serde(default)]
    pub second_factor: bool,
}

/// A refresh token for an account of `practice`: what persistence stores, and the secret the
/// client gets.
pub fn mint_refresh(state: &AppState, practice: PracticeId, second_factor: bool) -> (logins::Minted, String) {
    let now = state.settings.clock.now();
    let Minted { id, token, hash } = secrets::mint(REFRESH_PREFIX, practice);
    let minted = logins::Minted {
        id,
        secret_hash: hash,
        expires_at: now + Duration::days(REFRESH_TTL_DAYS),
        created_at: now,
        second_factor,
    };
    (minted, token)
}

/// The token pair for `who`: a fresh access token with the refresh token stored for it.
pub fn token_pair(state: &AppState, who: &Staff, refresh: String, second_factor: bool) -> Result<TokenPair, ApiError> {
    let (access_token, claims) = state
        .tokens
        .issue_for(
            who.practice_id,
            who.id,
            who.role,
            second_factor,
            state.settings.clock.now(),
        )
        .map_err(ApiError::internal)?;
    Ok(TokenPair {
        access_token,
        token_type: "Bearer".into(),
        expires_in: claims.exp - claims.iat,
        refresh_token: refresh,
        practice_id: who.practice_id.0,
        staff_id: who.id.0,
        role: who.role,
        second_factor,
    })
}

/// Ends a login for `checked` (checked a moment ago without a lock): stores a new refresh
/// family and answers the pair; 401 when the account was deactivated or revoked since.
pub async fn log_in(
    state: &AppState,
    conn: &mut Connection,
    checked: &Staff,
    second_factor: bool,
) -> Result<TokenPair, ApiError> {
    let (minted, refresh) = mint_refresh(state, checked.practice_id, second_factor);
    let who = logins::log_in(conn, checked, minted).await?;
    let who = who.ok_or(ApiError::Unauthorized(ACCOUNT_CHANGED))?;
    token_pair(state, &who, refresh, second_factor)
}
