//! Emailing an invitation: an owner asks, and the mail worker sends the staff member a
//! one-time link to choose their first password, minted when the message is sent (the owner
//! never sees it, and the outbox never holds it).

use super::load;
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use knead_persistence::email::{self as outbox, INVITATION, Message};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// How long one request stands: a repeat within it queues no second email.
const DEDUPE_WINDOW_SECS: i64 = 15 * 60;

/// The invitation is on its way to this address.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"email": "casey@stride.example", "message": "The invitation is on its way to casey@stride.example."}))]
pub struct InvitationEmailQueued {
    pub email: String,
    pub message: String,
}

/// Email an invitation to a staff member.
///
/// Queues an email to the staff member's own address with a one-time link to choose their
/// first password (valid 7 days, minted when the email is sent and shown to nobody else). A
/// repeat within 15 minutes sends nothing more. 409 when the account is deactivated or already
/// has a password (send a password reset instead).
#[utoipa::path(
    tag = "staff",
    operation_id = "email_staff_invitation",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Staff id")),
    responses(
        (status = 202, description = "Queued for the staff member's address.", body = InvitationEmailQueued),
        (status = 409, description = "The account is deactivated or has a password already.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/staff/{id}/invitation-emails")]
pub async fn email_staff_invitation(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let target = caller.authorise_item(load(&mut conn, &caller, *id)).await?;
    if !target.active {
        return Err(ApiError::Conflict("the account is deactivated".into()));
    }
    if target.has_password {
        return Err(ApiError::Conflict(
            "the account has a password already: send a password reset instead".into(),
        ));
    }
    let now = state.settings.clock.now();
    let window = now.timestamp().div_euclid(DEDUPE_WINDOW_SECS);
    let message = Message::queued(
        caller.practice,
        INVITATION,
        target.id,
        format!("{INVITATION}:{}:{window}", target.id.0),
        &state.settings.mail.domain,
        now,
    );
    outbox::queue(&mut conn, &message).await?;
    let email = target.email.as_str().to_owned();
    Ok(HttpResponse::Accepted().json(InvitationEmailQueued {
        message: format!("The invitation is on its way to {email}."),
        email,
    }))
}
