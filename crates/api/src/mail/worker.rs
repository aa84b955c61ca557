//! The mail worker: every server runs one. It claims due messages (`FOR UPDATE SKIP LOCKED`
//! with a lease, so several servers never send the same message at once), composes each one
//! (a reset link's token is minted here, at send time, and never stored but as a hash), sends
//! it, and records the outcome.
//!
//! The crash window: a server that dies after the SMTP server accepted a message and before
//! the outbox row says `sent` leaves the row claimed; when its lease runs out another worker
//! sends it again, with the same `Message-ID` and a fresh link (both links work, once each,
//! until they expire). So a crash there costs at most one duplicate message; recording first
//! and sending after would lose the message instead, which for a reset link is worse.

use super::{MailSettings, Transport, password_reset_text};
use crate::auth::links;
use crate::error::ApiError;
use crate::state::AppState;
use knead_domain::{PracticeId, StaffId};
use knead_persistence::email::{self as outbox, Message, PASSWORD_RESET};
use knead_persistence::tokens::LinkPurpose;

/// Messages claimed at once by one worker.
const BATCH: i64 = 16;

/// Claims and sends the messages due now; returns how many it claimed. Without a transport
/// it claims nothing.
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

async fn send_one(
    state: &AppState,
    settings: &MailSettings,
    transport: &Transport,
    message: &Message,
) -> Result<(), ApiError> {
    let practice = PracticeId(message.practice_id);
    let staff = StaffId(message.staff_id);
    let now = state.settings.clock.now();
    let mut conn = state.conn().await?;
    let recipient = outbox::recipient(&mut conn, practice, staff).await?;
    if message.intent != PASSWORD_RESET {
        outbox::mark_failed(&mut conn, message, "unknown intent", None).await?;
        return Ok(());
    }
    if !recipient.active {
        outbox::mark_failed(&mut conn, message, "the account is deactivated", None).await?;
        return Ok(());
    }
    let issued = links::issue(
        &mut conn,
        practice,
        staff,
        LinkPurpose::PasswordReset,
        &state.settings.public_url,
        now,
    )
    .await?;
    drop(conn);
    let (subject, body) = password_reset_text(&recipient.display_name, &recipient.practice_name, &issued.url);
    let sent = match recipient.email.parse::<lettre::Address>() {
        Ok(address) => {
            let to = lettre::message::Mailbox::new(Some(recipient.display_name.clone()), address);
            match settings
                .message(&message.message_id, now)
                .to(to)
                .subject(subject)
                .body(body)
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
