//! The mail worker: every server runs one. It claims due messages (`FOR UPDATE SKIP LOCKED`
//! with a lease, so several servers never send the same message at once), composes each one
//! (a reset or invitation link's token is minted here, at send time, and never stored but as a
//! hash), sends it, and records the outcome.
//!
//! The crash window: a server that dies after the SMTP server accepted a message and before
//! the outbox row says `sent` leaves the row claimed; when its lease runs out another worker
//! sends it again, with the same `Message-ID` and a fresh link (both links work, once each,
//! until they expire). So a crash there costs at most one duplicate message; recording first
//! and sending after would lose the message instead, which for a reset link is worse.

use super::booking::{self, Plan};
use super::{MailSettings, Outgoing, Transport, invitation_text, password_reset_text};
use crate::auth::links;
use crate::error::ApiError;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use knead_domain::{PracticeId, StaffId};
use knead_persistence::Connection;
use knead_persistence::booking_mail;
use knead_persistence::email::{self as outbox, INTAKE_LINK, INVITATION, Message, PASSWORD_RESET, WEBHOOK_DISABLED};
use knead_persistence::tokens::LinkPurpose;

/// Messages claimed at once by one worker.
const BATCH: i64 = 16;

/// Queues the reminders now due (see [`booking_mail::queue_reminders`]), then claims and sends
/// the messages due now; returns how many it claimed. Without a transport it does nothing.
pub async fn send_due(state: &AppState) -> Result<usize, ApiError> {
    let settings = &state.settings.mail;
    let Some(transport) = &settings.transport else {
        return Ok(0);
    };
    let now = state.settings.clock.now();
    // A lease longer than an SMTP exchange can take (several steps, each bounded by the
    // timeout), so a claimed message is not claimed twice.
    let lease = chrono::Duration::from_std(settings.timeout * 6).unwrap_or(chrono::Duration::minutes(2));
    let claimed = {
        let mut conn = state.conn().await?;
        booking_mail::queue_reminders(&mut conn, now).await?;
        outbox::claim_due(&mut conn, now, now + lease, BATCH).await?
    };
    let count = claimed.len();
    for message in claimed {
        if let Err(err) = send_one(state, settings, transport, &message).await {
            tracing::warn!(%err, message = %message.id, "email not recorded");
        }
    }
    Ok(count)
}

/// A message to a staff member with a one-time link (a password reset or an invitation), its
/// link minted now; `Err` when it is not to be sent.
async fn staff_link(
    state: &AppState,
    conn: &mut Connection,
    message: &Message,
    now: DateTime<Utc>,
) -> Result<Result<Outgoing, &'static str>, ApiError> {
    let practice = PracticeId(message.practice_id);
    let Some(staff) = message.staff_id.map(StaffId) else {
        return Ok(Err("no recipient"));
    };
    let recipient = outbox::recipient(conn, practice, staff).await?;
    if !recipient.active {
        return Ok(Err("the account is deactivated"));
    }
    let invitation = message.intent == INVITATION;
    if invitation && recipient.has_password {
        return Ok(Err("the invitation was accepted before it was sent"));
    }
    let purpose = if invitation {
        LinkPurpose::Invitation
    } else {
        LinkPurpose::PasswordReset
    };
    let issued = links::issue(conn, practice, staff, purpose, &state.settings.public_url, now).await?;
    let text = if invitation {
        invitation_text
    } else {
        password_reset_text
    };
    let (subject, body) = text(&recipient.display_name, &recipient.practice_name, &issued.url);
    Ok(Ok(Outgoing {
        name: Some(recipient.display_name),
        email: recipient.email,
        subject,
        body,
    }))
}

async fn send_one(
    state: &AppState,
    settings: &MailSettings,
    transport: &Transport,
    message: &Message,
) -> Result<(), ApiError> {
    let now = state.settings.clock.now();
    let mut conn = state.conn().await?;
    let to_staff = message.intent == PASSWORD_RESET || message.intent == INVITATION;
    let outgoing = if to_staff {
        match staff_link(state, &mut conn, message, now).await? {
            Ok(outgoing) => outgoing,
            Err(why) => {
                outbox::mark_failed(&mut conn, message, why, None).await?;
                return Ok(());
            }
        }
    } else if message.intent == WEBHOOK_DISABLED {
        match super::webhook::plan(&mut conn, message).await? {
            Ok(outgoing) => outgoing,
            Err(why) => {
                outbox::mark_skipped(&mut conn, message, why).await?;
                return Ok(());
            }
        }
    } else if message.intent == INTAKE_LINK {
        match super::intake::plan(&mut conn, message, &state.settings.public_url, now).await? {
            Ok(outgoing) => outgoing,
            Err(why) => {
                outbox::mark_skipped(&mut conn, message, why).await?;
                return Ok(());
            }
        }
    } else if booking::is_booking(&message.intent) {
        match booking::plan(&mut conn, message, &state.settings.public_url, now).await? {
            Plan::Send(outgoing) => outgoing,
            Plan::Skip(why) => {
                outbox::mark_skipped(&mut conn, message, why).await?;
                return Ok(());
            }
        }
    } else {
        outbox::mark_failed(&mut conn, message, "unknown intent", None).await?;
        return Ok(());
    };
    drop(conn);
    // A booking message (or a disabled webhook's) is queued by SQL, which cannot know the mail
    // domain: its Message-ID is made here from its id, the same on every attempt.
    let message_id = if to_staff || message.intent == INTAKE_LINK {
        message.message_id.clone()
    } else {
        format!("<{}@{}>", message.id.simple(), settings.domain)
    };
    let sent = match outgoing.email.parse::<lettre::Address>() {
        Ok(address) => {
            let to = lettre::message::Mailbox::new(outgoing.name.clone(), address);
            match settings
                .message(&message_id, now)
                .to(to)
                .subject(outgoing.subject)
                .body(outgoing.body)
            {
                Ok(email) => transport.send(email).await,
                Err(err) => Err(err.to_string()),
            }
        }
        Err(err) => Err(format!("the recipient's address is not valid: {err}")),
    };
    // The crash window (see the module's comment) is here: sent, not yet recorded.
    let mut conn = state.conn().await?;
    let now = state.settings.clock.now();
    match sent {
        Ok(()) => outbox::mark_sent(&mut conn, message, now).await?,
        Err(error) => {
            let retry_at = (message.attempts < settings.max_attempts).then(|| {
                now + chrono::Duration::from_std(settings.backoff(message.attempts))
                    .unwrap_or(chrono::Duration::hours(1))
            });
            tracing::info!(message = %message.id, attempts = message.attempts, %error, "email not sent");
            outbox::mark_failed(&mut conn, message, &error, retry_at).await?;
        }
    }
    Ok(())
}

/// Runs [`send_due`] every poll interval for as long as the server runs (at once again when a
/// batch was full); a failed run is logged and retried at the next tick.
pub fn spawn(state: AppState) {
    if state.settings.mail.transport.is_none() {
        return;
    }
    actix_web::rt::spawn(async move {
        let mut ticks = actix_web::rt::time::interval(state.settings.mail.poll);
        loop {
            ticks.tick().await;
            loop {
                match send_due(&state).await {
                    Ok(made) if made as i64 == BATCH => continue,
                    Ok(_) => break,
                    Err(err) => {
                        tracing::warn!(%err, "email run failed");
                        break;
                    }
                }
            }
        }
    });
}
