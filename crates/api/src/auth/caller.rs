//! The `Caller` extractor: a verified access token whose account is still active and whose
//! tokens have not been revoked since it was issued, or a live API key (`kk1_…`, looked up on
//! every request, so a revoked key is refused at once on every replica). The account check reads a small cache
//! (30 s), so revocation on another replica lands within a minute without a query per request.
//! The caller also carries the operation of the matched route, so handlers authorise without
//! naming it (see `auth::authorise`).

use crate::auth::key_secrets;
use crate::error::ApiError;
use crate::operations::Operations;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use chrono::{DateTime, Utc};
use futures_util::future::LocalBoxFuture;
use knead_domain::access::{ACCESS, KeyScope, Principal};
use knead_domain::{PracticeId, Role, StaffId};
use knead_persistence::{StoreError, activity, api_keys, second_factors, staff};
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

/// An API key making the request: its own principal, authorised by its scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyCaller {
    pub id: uuid::Uuid,
    pub scope: KeyScope,
}

/// The authenticated staff member, or API key, making the request.
///
/// For a key, `staff` is the owner who created it (rows that name who made them name that
/// owner; the audit log names the key) and `role` is `Owner` for the handlers' checks of
/// whose schedule or booking it is; what a key may call at all is its scope's, never the
/// role's (see [`Caller::authorise`]).
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    pub practice: PracticeId,
    pub staff: StaffId,
    pub role: Role,
    /// The API key, when a key rather than a staff login is calling.
    pub api_key: Option<KeyCaller>,
    /// Whether the login passed the second factor (the token's `mfa` claim).
    pub second_factor: bool,
    /// The access-table key of the matched route's operation; `None` when the route's
    /// operation is not in the spec or not in the table (authorising then answers 500).
    pub(super) operation: Option<&'static str>,
    /// Whether the request only reads (GET or HEAD): a key needs `write` for anything else.
    pub(super) reads: bool,
}

impl Principal for Caller {
    fn sees_clinical(&self) -> bool {
        match self.api_key {
            Some(key) => key.scope.clinical,
            None => self.role.sees_clinical(),
        }
    }
}

fn reads(req: &HttpRequest) -> bool {
    matches!(req.method().as_str(), "GET" | "HEAD")
}

/// The access-table key of the operation the request's matched route serves.
fn operation_of(req: &HttpRequest) -> Option<&'static str> {
    let operation_id = req
        .app_data::<web::Data<Operations>>()
        .and_then(|ops| ops.of_request(req))
        .map(|op| op.operation_id.as_str());
    let listed = operation_id.and_then(|id| ACCESS.iter().map(|(key, _)| *key).find(|key| *key == id));
    if listed.is_none() {
        tracing::error!(
            method = %req.method(),
            pattern = req.match_pattern().as_deref().unwrap_or("(no route)"),
            operation = operation_id.unwrap_or("(not in the spec)"),
            "the route's operation is missing from the access table"
        );
    }
    listed
}

pub(crate) const SECOND_FACTOR_REQUIRED: &str = "the practice requires two-factor sign-in: sign in again";
const UNAUTHENTICATED: &str = "a valid access token is required (Authorization: Bearer …)";
const KEY_REFUSED: &str = "this API key is unknown, revoked or expired";

/// A key: found by its hash, live (not revoked, not expired), within its rate; its use noted
/// at most once a minute.
async fn authenticate_key(req: &HttpRequest, state: &AppState, token: &str) -> Result<Caller, ApiError> {
    let hash = key_secrets::lookup_hash(token).ok_or(ApiError::Unauthorized(KEY_REFUSED))?;
    let mut conn = state.conn().await?;
    let key = match api_keys::by_hash(&mut conn, &hash).await {
        Ok(key) => key,
        Err(StoreError::NotFound) => return Err(ApiError::Unauthorized(KEY_REFUSED)),
        Err(other) => return Err(other.into()),
    };
    let now = state.settings.clock.now();
    if !key.live_at(now) {
        return Err(ApiError::Unauthorized(KEY_REFUSED));
    }
    let verdict = state.key_limits.take(key.id);
    req.extensions_mut().insert(verdict);
    if let Some(retry_after) = verdict.retry_after {
        return Err(ApiError::TooManyRequests { retry_after });
    }
    let practice = PracticeId(key.practice_id);
    if api_keys::needs_mark(key.last_used_at, now) {
        api_keys::mark_used(&mut conn, practice, key.id, now).await?;
    }
    Ok(Caller {
        practice,
        staff: api_keys::creator(&key),
        role: Role::Owner,
        api_key: Some(KeyCaller {
            id: key.id,
            scope: KeyScope {
                write: key.can_write,
                clinical: key.clinical,
            },
        }),
        second_factor: false,
        operation: operation_of(req),
        reads: reads(req),
    })
}

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
    if key_secrets::is_key(token.trim()) {
        return authenticate_key(req, state, token.trim()).await;
    }
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
        api_key: None,
        operation: operation_of(req),
        reads: reads(req),
    })
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = authenticate(&req).await?;
            // The audit middleware reads who called from here; the activity log, from the
            // connections the request checks out from now on.
            req.extensions_mut().insert(caller);
            activity::act_as(match caller.api_key {
                Some(key) => activity::Actor::ApiKey { id: key.id },
                None => activity::Actor::Staff {
                    id: caller.staff.0,
                    role: caller.role,
                },
            });
            Ok(caller)
        })
    }
}
