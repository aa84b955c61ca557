//! Telling the owners that the server disabled a webhook endpoint after a run of failed
//! deliveries: which address, why, and what to do. The endpoint's description (free text) is
//! not included, nor anything about the events themselves.

use super::Outgoing;
use crate::error::ApiError;
use knead_domain::{PracticeId, StaffId};
use knead_persistence::email::{self as outbox, Message};
use knead_persistence::{Connection, StoreError, webhooks};

/// Composes `message` for its owner, or says why it is not sent.
pub async fn plan(conn: &mut Connection, message: &Message) -> Result<Result<Outgoing, &'static str>, ApiError> {
    let practice = PracticeId(message.practice_id);
    let (Some(staff), Some(endpoint)) = (message.staff_id.map(StaffId), message.webhook_endpoint_id) else {
        return Ok(Err("no recipient"));
    };
    let endpoint = match webhooks::find(conn, practice, endpoint).await {
        Ok(endpoint) => endpoint,
        Err(StoreError::NotFound) => return Ok(Err("the webhook was deleted")),
        Err(other) => return Err(other.into()),
    };
    if endpoint.enabled {
        return Ok(Err("the webhook was enabled again"));
    }
    let recipient = outbox::recipient(conn, practice, staff).await?;
    if !recipient.active {
        return Ok(Err("the account is deactivated"));
    }
    let (subject, body) = text(
        &recipient.display_name,
        &recipient.practice_name,
        &endpoint.url,
        endpoint.consecutive_failures,
        endpoint.disabled_reason.as_deref().unwrap_or(""),
    );
    Ok(Ok(Outgoing {
        name: Some(recipient.display_name),
        email: recipient.email,
        subject,
        body,
    }))
}

/// The subject and body; `reason` is the server's own (`disabled after …; the last: …`).
pub fn text(display_name: &str, practice_name: &str, url: &str, failures: i32, reason: &str) -> (String, String) {
    let last = reason.split_once("the last: ").map_or(reason, |(_, last)| last);
    let subject = format!("A webhook of {practice_name} was disabled");
    let body = format!(
        "Hello {display_name},\n\n\
         Knead stopped sending events to this webhook of {practice_name} after\n\
         {failures} deliveries in a row failed:\n\n\
         {url}\n\n\
         The last failure: {last}\n\n\
         Nothing is lost: the receiver can read the events it missed from GET /v1/events. Once it\n\
         works again, enable the webhook under Settings > Webhooks.\n"
    );
    (subject, body)
}
