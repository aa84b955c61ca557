//! The logged-in staff member: their profile and their password.

use super::StaffView;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use knead_domain::NewPassword;
use knead_persistence::{accounts, practices, staff};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Who is logged in, and where.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub staff: StaffView,
    pub practice_name: String,
    pub practice_slug: String,
}

/// The logged-in staff member.
///
/// Your staff record (role, credentials, techniques) with your practice's name and slug: what
/// the web app shows once you are logged in.
#[utoipa::path(
    tag = "me",
    operation_id = "get_me",
    security(("bearer" = [])),
    responses((status = 200, description = "The logged-in staff member.", body = Me))
)]
#[get("/v1/me")]
pub async fn get_me(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let mut conn = state.conn().await?;
    let me = staff::find(&mut conn, caller.practice, caller.staff).await?;
    let practice = practices::find(&mut conn, caller.practice).await?;
    Ok(HttpResponse::Ok().json(Me {
        staff: StaffView::from(me),
        practice_name: practice.name.as_str().to_owned(),
        practice_slug: practice.slug.as_str().to_owned(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"current_password": "stride-demo-2026", "new_password": "a longer passphrase of mine"}))]
pub struct ChangePassword {
    pub current_password: String,
    /// At least 12 characters.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}

/// Change your own password.
///
/// Needs your current password (422 at `/current_password` when it is wrong) and a new one of
/// at least 12 characters. Every other login of yours ends: refresh tokens at once, access
/// tokens within a minute.
#[utoipa::path(
    tag = "me",
    operation_id = "change_my_password",
    security(("bearer" = [])),
    request_body = ChangePassword,
    responses((status = 204, description = "Changed."))
)]
#[post("/v1/me/password")]
pub async fn change_my_password(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<ChangePassword>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let body = body.0;
    let new = NewPassword::parse(&body.new_password).map_err(|e| ApiError::invalid("/new_password", e.0))?;
    let stored = {
        let mut conn = state.conn().await?;
        staff::password_hash(&mut conn, caller.practice, caller.staff).await?
    };
    if !state.passwords.verify(body.current_password, stored).await? {
        return Err(ApiError::invalid("/current_password", "is not your current password"));
    }
    let hash = state.passwords.hash(new.expose().to_owned()).await?;
    let mut conn = state.conn().await?;
    let now = state.settings.clock.now();
    accounts::change_password(&mut conn, caller.practice, caller.staff, &hash, now).await?;
    state.accounts.forget(caller.practice, caller.staff);
    Ok(HttpResponse::NoContent().finish())
}
