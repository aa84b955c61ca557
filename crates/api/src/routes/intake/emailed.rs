//! An intake link sent to the client by email: a staff member asks, and the mail worker mints
//! the link when it sends the message (nobody sees it but the client). Whether its form shows
//! the client's last answers is decided then: only for a therapist's or owner's request, and
//! only while the client's address is the one they had at their last intake.

use super::links::NewIntakeLink;
use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::references::load_client;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use knead_persistence::email::{self as outbox, Message};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The link is on its way.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"status": "queued", "email": "alex@example.com"}))]
pub struct IntakeLinkEmailQueued {
    /// Always `queued`.
    pub status: String,
    /// Where it goes: the client's address now.
    pub email: String,
}

/// Email an intake link to a client.
///
/// Queues an email to the client's address with a one-time link to their intake form, valid
/// 1 to 336 hours from when it is sent (default 72), minted then and shown to nobody else. The
/// form shows the client's last answers only when a therapist or owner asked for it **and**
/// the address is unchanged since their last intake; otherwise it starts empty. A repeat within
/// the same quarter hour queues nothing more. 409 when the client is archived or has no
/// address.
#[utoipa::path(
    tag = "intake",
    operation_id = "email_intake_link",
    security(("bearer" = [])),
    request_body = NewIntakeLink,
    params(("id" = Uuid, Path, description = "Client id")),
    responses(
        (status = 202, description = "Queued for the client's address.", body = IntakeLinkEmailQueued),
        (status = 409, description = "The client is archived or has no email address.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/clients/{id}/intake-link-emails")]
pub async fn email_intake_link(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<NewIntakeLink>,
) -> Result<HttpResponse, ApiError> {
    let hours = body.0.expires_in_hours.unwrap_or(72);
    if !(1..=336).contains(&hours) {
        return Err(ApiError::invalid("/expires_in_hours", "must be between 1 and 336"));
    }
    let mut conn = state.conn().await?;
    let client = caller.authorise_item(load_client(&mut conn, &caller, *id)).await?;
    if client.archived {
        return Err(ApiError::Conflict("the client is archived".into()));
    }
    let Some(email) = client.details.email.clone() else {
        return Err(ApiError::Conflict(
            "the client has no email address: add one, or create a link to hand over".into(),
        ));
    };
    let now = state.settings.clock.now();
    let message = Message::intake_link(
        caller.practice,
        client.id,
        caller.staff,
        hours as i32,
        &state.settings.mail.domain,
        now,
    );
    outbox::queue(&mut conn, &message).await?;
    Ok(HttpResponse::Accepted().json(IntakeLinkEmailQueued {
        status: message.status,
        email,
    }))
}
