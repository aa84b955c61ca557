//! An intake link emailed to a client: the link is minted when the message is sent (only its
//! hash is stored), valid for the hours asked for from then. It shows the client's last answers
//! only when a therapist or owner asked for it and the address it goes to is the one the
//! client had at their last intake (`LinkCreator::emailed`); otherwise the form starts empty.

use super::Outgoing;
use crate::auth::secrets;
use crate::error::ApiError;
use crate::routes::intake::links::INTAKE_PREFIX;
use chrono::{DateTime, Duration, Utc};
use knead_domain::access::LinkCreator;
use knead_domain::mail_template::{ClientMessage, Values, render};
use knead_domain::staff::Role;
use knead_domain::{ClientId, PracticeId, StaffId};
use knead_persistence::email::Message;
use knead_persistence::intake::{self, IntakeLink};
use knead_persistence::{Connection, client_mail, clients, practices};

/// Composes `message` with a fresh link, or says why it is not sent.
pub async fn plan(
    conn: &mut Connection,
    message: &Message,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<Result<Outgoing, &'static str>, ApiError> {
    let (Some(client), Some(sender), Some(hours)) = (message.client_id, message.sent_by, message.link_hours) else {
        return Ok(Err("no recipient"));
    };
    let practice = PracticeId(message.practice_id);
    let (client, sender) = (ClientId(client), StaffId(sender));
    let row = clients::find(conn, practice, client).await?;
    let Some(email) = row.details.email.clone().filter(|_| !row.archived) else {
        return Ok(Err("the client has no email address now"));
    };
    let Some(role) = client_mail::sender_role(conn, practice, sender).await? else {
        return Ok(Err("the staff member who asked for it is deactivated"));
    };
    let role = Role::parse(&role).map_err(|_| ApiError::Internal(format!("staff role `{role}` is unknown")))?;
    let unchanged = client_mail::address_unchanged_since_last_intake(conn, practice, client).await?;
    let creator = LinkCreator::emailed(sender, &role, unchanged);
    let minted = secrets::mint(INTAKE_PREFIX, practice);
    let expires_at = now + Duration::hours(i64::from(hours));
    let link = IntakeLink {
        practice_id: practice.0,
        id: minted.id,
        client_id: client.0,
        secret_hash: minted.hash,
        expires_at,
        used_at: None,
        revoked_at: None,
        created_by: sender.0,
        created_at: now,
        creator_clinical: creator.clinical,
    };
    intake::insert_link(conn, &link).await?;
    let practice_row = practices::find(conn, practice).await?;
    let url = format!("{}/intake#{}", public_url.trim_end_matches('/'), minted.token);
    let expires = expires_at
        .with_timezone(&practice_row.time_zone.tz())
        .format("%a %-d %b at %H:%M")
        .to_string();
    let values = Values::default()
        .set("client_given_name", row.details.given_name.clone())
        .set("practice_name", practice_row.name.as_str().to_owned())
        .set("intake_link", url)
        .set("link_expires", expires);
    let template = super::template_for(conn, practice, ClientMessage::IntakeLink).await?;
    let rendered = render(&template, &values);
    Ok(Ok(Outgoing {
        name: None,
        email,
        subject: rendered.subject,
        body: rendered.body,
    }))
}
