//! API keys for integrations (owners): listed, created — the secret shown once — and revoked.
//! A key is its own principal: it is authorised by its scope (read or write, clinical or not;
//! see `knead_domain::access::key_scope`), audited as itself, and may never call these
//! operations nor any other account or credential operation.

use crate::auth::Caller;
use crate::auth::caller::SECOND_FACTOR_REQUIRED;
use crate::auth::key_secrets;
use crate::error::{ApiError, FieldErrors};
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use knead_domain::access::KeyScope;
use knead_persistence::api_keys::{self, ApiKey};
use knead_persistence::second_factors;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A key as listed: never its secret.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193c5a0-0000-7000-8000-00000000000a", "name": "Booking sync", "hint": "kk1_3f9a0c",
    "scopes": ["read"], "can_write": false, "clinical": false, "expires_at": null,
    "created_by": "0193c5a0-0000-7000-8000-000000000001", "created_at": "2026-12-03T10:00:00Z",
    "last_used_at": null, "revoked_at": null
}))]
pub struct ApiKeyView {
    pub id: Uuid,
    pub name: String,
    /// The secret's first characters, to recognise the key by.
    pub hint: String,
    /// `read` or `write` (which includes reading), and `clinical` when the key may read and
    /// write clinical content: the names each operation's `api_key` security lists.
    pub scopes: Vec<String>,
    pub can_write: bool,
    pub clinical: bool,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    /// When the key was last used, to the minute.
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiKey> for ApiKeyView {
    fn from(k: ApiKey) -> Self {
        let scope = KeyScope {
            write: k.can_write,
            clinical: k.clinical,
        };
        Self {
            id: k.id,
            name: k.name,
            hint: k.hint,
            scopes: scope.names().into_iter().map(str::to_owned).collect(),
            can_write: k.can_write,
            clinical: k.clinical,
            expires_at: k.expires_at,
            created_by: k.created_by,
            created_at: k.created_at,
            last_used_at: k.last_used_at,
            revoked_at: k.revoked_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Booking sync", "can_write": false, "clinical": false}))]
pub struct NewApiKey {
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// Whether the key may change things (else it only reads).
    pub can_write: bool,
    /// Whether the key may read (and, with `can_write`, write) clinical content.
    pub clinical: bool,
    /// When the key stops working; absent: when it is revoked.
    pub expires_at: Option<DateTime<Utc>>,
}

/// A new key with its secret: shown this once, never again.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKey {
    pub api_key: ApiKeyView,
    /// `kk1_` and 64 hex digits; send it as `Authorization: Bearer <secret>`.
    pub secret: String,
}

/// List the practice's API keys.
///
/// Newest first, revoked ones included, never their secrets: each with its scopes, the
/// secret's first characters to recognise it by, and when it was last used.
#[utoipa::path(
    tag = "practice",
    operation_id = "list_api_keys",
    security(("bearer" = [])),
    responses((status = 200, description = "The keys, without their secrets.", body = Vec<ApiKeyView>))
)]
#[get("/v1/api-keys")]
pub async fn list_api_keys(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let mut conn = state.conn().await?;
    let keys = api_keys::list(&mut conn, caller.practice).await?;
    Ok(HttpResponse::Ok().json(keys.into_iter().map(ApiKeyView::from).collect::<Vec<_>>()))
}

/// Create an API key for an integration.
///
/// The key reads, or also writes (`can_write`), with or without clinical content
/// (`clinical`), until it is revoked or `expires_at` passes. The secret is in this answer
/// only (`Cache-Control: no-store`); only its hash is stored. Where the practice requires
/// two-factor sign-in, your login must have passed it (401 otherwise).
#[utoipa::path(
    tag = "practice",
    operation_id = "create_api_key",
    security(("bearer" = [])),
    request_body = NewApiKey,
    responses(
        (status = 201, description = "Created: copy the secret now.", body = CreatedApiKey, headers(("Location" = String))),
    )
)]
#[post("/v1/api-keys")]
pub async fn create_api_key(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<NewApiKey>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let input = body.0;
    let now = state.settings.clock.now();
    let mut errors = FieldErrors::default();
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push("/name", "must be 1 to 100 characters");
    }
    if input.expires_at.is_some_and(|at| at <= now) {
        errors.push("/expires_at", "must be in the future");
    }
    errors.finish()?;
    let mut conn = state.conn().await?;
    // The token says whether the login passed the second factor; the requirement is read
    // afresh, so a replica's cached account state cannot let an older login through.
    if !caller.second_factor && second_factors::required(&mut conn, caller.practice).await? {
        return Err(ApiError::Unauthorized(SECOND_FACTOR_REQUIRED));
    }
    let minted = key_secrets::mint();
    let key = ApiKey {
        practice_id: caller.practice.0,
        id: Uuid::now_v7(),
        name: name.to_owned(),
        hint: minted.hint,
        can_write: input.can_write,
        clinical: input.clinical,
        expires_at: input.expires_at,
        created_by: caller.staff.0,
        created_at: now,
        last_used_at: None,
        revoked_at: None,
    };
    api_keys::insert(&mut conn, &key, &minted.hash).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/v1/api-keys/{}", key.id)))
        .insert_header(("Cache-Control", "no-store"))
        .json(CreatedApiKey {
            api_key: ApiKeyView::from(key),
            secret: minted.secret,
        }))
}

/// Revoke an API key.
///
/// The key is refused from the next request on, on every replica. It stays listed, as
/// revoked; revoking it again answers it unchanged.
#[utoipa::path(
    tag = "practice",
    operation_id = "revoke_api_key",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "API key id")),
    responses((status = 200, description = "Revoked (or already revoked).", body = ApiKeyView))
)]
#[delete("/v1/api-keys/{id}")]
pub async fn revoke_api_key(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let key = caller
        .authorise_item(api_keys::find(&mut conn, caller.practice, *id))
        .await?;
    let revoked = api_keys::revoke(&mut conn, caller.practice, key.id, state.settings.clock.now()).await?;
    Ok(HttpResponse::Ok().json(ApiKeyView::from(revoked)))
}
