//! The key a therapist's browser encrypts offline note drafts with.

use crate::auth::{Caller, draft_keys};
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

/// A symmetric key for encrypting note drafts kept in the browser (AES-GCM or the like). The
/// same for this user at every sign-in and on every device; never stored by the server.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"key": "q2Xh1C0sBvS3l3eP3Zt3y8m1rKk8aH1lNn0oQm3dF4w", "key_id": "v1.5f0c3a9e12b47d68"}))]
pub struct DraftKeyView {
    /// 32 random-looking bytes, base64url without padding.
    pub key: String,
    /// Store it beside each encrypted draft: when it changes (the server's secret or the key
    /// version changed), drafts made under the old id can no longer be decrypted.
    pub key_id: String,
}

/// Your key for encrypting offline note drafts.
///
/// The symmetric key the web app encrypts session-note drafts with while they wait in the
/// browser: the same for you at every login and on every device, derived by the server and
/// never stored. Answered with `Cache-Control: no-store`. The front desk writes no notes and
/// gets 403.
#[utoipa::path(
    tag = "me",
    operation_id = "get_draft_key",
    security(("bearer" = [])),
    responses((status = 200, description = "Your draft key.", body = DraftKeyView))
)]
#[get("/v1/me/draft-key")]
pub async fn get_draft_key(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let key = draft_keys::derive(&state.settings.jwt_secret, caller.practice, caller.staff);
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(DraftKeyView {
            key: key.key,
            key_id: key.key_id,
        }))
}
