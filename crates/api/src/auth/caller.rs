//! The `Caller` extractor: a verified access token whose account is still active and whose
//! tokens have not been revoked since it was issued. The account check reads a small cache
//! (30 s), so revocation on another replica lands within a minute without a query per request.
//! The caller also carries the operation of the matched route, so handlers authorise without
//! naming it (see `auth::authorise`).

use crate::error::ApiError;
use crate::operations::Operations;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use chrono::{DateTime, Utc};
use futures_util::future::LocalBoxFuture;
use knead_domain::access::ACCESS;
use knead_domain::{PracticeId, Role, StaffId};
use knead_persistence::{StoreError, second_factors, staff};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CACHE_TTL: Duration = Duration::from_secs(30);

/// What the cache keeps per account.
#[derive(Debug, Clone, Copy)]
struct AccountState {
    active: bool,
    role: Role,
    valid_after: DateTime<Utc>,
    /// Whether the practice requires the second factor of every login.
    second_factor_required: bool,
    fetched: Instant,
}

/// Per-account "valid after" and role, cached briefly.
#[derive(Debug, Clone, Default)]
pub struct ValidAfterCache(Arc<Mutex<HashMap<(PracticeId, StaffId), AccountState>>>);

impl ValidAfterCache {
    fn get(&self, key: (PracticeId, StaffId)) -> Option<AccountState> {
        let map = self.0.lock().ok()?;
        map.get(&key).copied().filter(|s| s.fetched.elapsed() < CACHE_TTL)
    }

    fn put(&self, key: (PracticeId, StaffId), state: AccountState) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() > 50_000 {
                map.retain(|_, s| s.fetched.elapsed() < CACHE_TTL);
            }
            map.insert(key, state);
        }
    }

    /// Forgets every account of a practice (its two-factor requirement changed).
    pub fn forget_practice(&self, practice: PracticeId) {
        if let Ok(mut map) = self.0.lock() {
            map.retain(|(p, _), _| *p != practice);
        }
    }

    /// Forgets an account at once (this replica's own writes: deactivation, new password).
    pub fn forget(&self, practice: PracticeId, staff: StaffId) {
        if let Ok(mut map) = self.0.lock() {
            map.remove(&(practice, staff));
        }
    }
}

/// The authenticated staff member making the request.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    pub practice: PracticeId,
    pub staff: StaffId,
    pub role: Role,
    /// Whether the login passed the second factor (the token's `mfa` claim).
    pub second_factor: bool,
    /// The access-table key of the matched route's operation; `None` when the route's
    /// operation is not in the spec or not in the table (authorising then answers 500).
    pub(super) operation: Option<&'static str>,
}

/// The access-table key of the operation the request's matched route serves.
fn operation_of(req: &HttpRequest) -> Option<&'static str> {
    let pattern = req.match_pattern();
    let operation_id = req
        .app_data::<web::Data<Operations>>()
        .zip(pattern.as_deref())
        .and_then(|(ops, pattern)| ops.of_route(req.method().as_str(), pattern))
        .map(|op| op.operation_id.as_str());
    let listed = operation_id.and_then(|id| ACCESS.iter().map(|(key, _)| *key).find(|key| *key == id));
    if listed.is_none() {
        tracing::error!(
            method = %req.method(),
            pattern = pattern.as_deref().unwrap_or("(no route)"),
            operation = operation_id.unwrap_or("(not in the spec)"),
            "the route's operation is missing from the access table"
        );
    }
    listed
}

const SECOND_FACTOR_REQUIRED: &str = "the practice requires two-factor sign-in: sign in again";
const UNAUTHENTICATED: &str = "a valid access token is required (Authorization: Bearer …)";

async fn authenticate(req: &HttpRequest) -> Result<Caller, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal("AppState is not registered"))?;
    let token = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(ApiError::Unauthorized(UNAUTHENTICATED))?;
    let claims = state
        .tokens
        .verify(token.trim(), state.settings.clock.now())
        .ok_or(ApiError::Unauthorized(UNAUTHENTICATED))?;
    let key = (claims.prt, claims.sub);
    let account = match state.accounts.get(key) {
        Some(account) => account,
        None => {
            let mut conn = state.conn().await?;
            let found = match staff::find(&mut conn, key.0, key.1).await {
                Ok(found) => found,
                Err(StoreError::NotFound) => return Err(ApiError::Unauthorized(UNAUTHENTICATED)),
                Err(other) => return Err(other.into()),
            };
            let second_factor_required = second_factors::required(&mut conn, key.0).await?;
            let account = AccountState {
                active: found.active,
                role: found.role,
                valid_after: found.valid_after,
                second_factor_required,
                fetched: Instant::now(),
            };
            state.accounts.put(key, account);
            account
        }
    };
    // Tokens carry whole seconds; one issued in the same second as a revocation is let through.
    if !account.active || claims.iat < account.valid_after.timestamp() {
        return Err(ApiError::Unauthorized(UNAUTHENTICATED));
    }
    // A practice that requires the second factor refuses tokens of logins without it (the
    // requirement revoked their refresh tokens when it was turned on).
    if account.second_factor_required && !claims.mfa {
        return Err(ApiError::Unauthorized(SECOND_FACTOR_REQUIRED));
    }
    Ok(Caller {
        practice: key.0,
        staff: key.1,
        role: account.role,
        second_factor: claims.mfa,
        operation: operation_of(req),
    })
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = authenticate(&req).await?;
            // The audit middleware reads who called from here.
            req.extensions_mut().insert(caller);
            Ok(caller)
        })
    }
}
