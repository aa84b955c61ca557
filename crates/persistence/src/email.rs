//! The email outbox: messages to send (what and to whom, never an address nor a secret), and
//! the queue the mail workers claim from.

use crate::StoreError;
use crate::schema::{email_messages, practices, staff};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::{PracticeId, StaffId};
use uuid::Uuid;

/// What a message is for; the worker composes its text from this.
pub const PASSWORD_RESET: &str = "password_reset";
/// An invitation to a staff member without a password yet (asked for by an owner).
pub const INVITATION: &str = "invitation";
/// A webhook endpoint the server disabled after a run of failures, to each owner (queued by
/// `webhooks::record`).
pub const WEBHOOK_DISABLED: &str = "webhook_disabled";
/// An intake form link, to a client (asked for by a staff member).
pub const INTAKE_LINK: &str = "intake_link";
/// A new booking, to its client (queued by a trigger on `bookings`).
pub const BOOKING_CONFIRMED: &str = "booking_confirmed";
/// A new recurring series, to its client: its sessions in one message (queued by the trigger
/// on `bookings`, once per series).
pub const SERIES_CONFIRMED: &str = "series_confirmed";
/// A booking moved, to its client (queued by a trigger on `bookings`).
pub const BOOKING_CHANGED: &str = "booking_changed";
/// A booking cancelled, to its client (queued by a trigger on `bookings`).
pub const BOOKING_CANCELLED: &str = "booking_cancelled";
/// A session coming up within the practice's lead time (queued by [`queue_reminders`]).
pub const BOOKING_REMINDER: &str = "booking_reminder";

/// One message in the outbox.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, QueryableByName)]
#[diesel(table_name = email_messages, check_for_backend(diesel::pg::Pg))]
pub struct Message {
    pub practice_id: Uuid,
    pub id: Uuid,
    pub intent: String,
    /// The recipient when staff (exactly one of `staff_id` and `client_id` is set).
    pub staff_id: Option<Uuid>,
    /// One intent sends once: a second message with the same key (per practice) is not queued.
    pub dedupe_key: String,
    /// The `Message-ID` header, the same on every attempt.
    pub message_id: String,
    pub status: String,
    /// Attempts begun (each claim counts one).
    pub attempts: i32,
    pub due_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The recipient when a client.
    pub client_id: Option<Uuid>,
    /// The booking a client's message is about.
    pub booking_id: Option<Uuid>,
    /// The booking's version the message was queued for.
    pub booking_version: Option<i64>,
    /// The start a reminder was queued for.
    pub booking_starts_at: Option<DateTime<Utc>>,
    /// Who asked for an intake link to be emailed.
    pub sent_by: Option<Uuid>,
    /// How long an emailed intake link stays valid.
    pub link_hours: Option<i32>,
    /// The webhook endpoint a `webhook_disabled` message is about.
    pub webhook_endpoint_id: Option<Uuid>,
}

impl Message {
    /// A message due at `now`, its `Message-ID` made from its id and `domain`.
    pub fn queued(
        practice: PracticeId,
        intent: &str,
        staff: StaffId,
        dedupe_key: String,
        domain: &str,
        now: DateTime<Utc>,
    ) -> Self {
        let id = Uuid::now_v7();
        Self {
            practice_id: practice.0,
            id,
            intent: intent.to_owned(),
            staff_id: Some(staff.0),
            dedupe_key,
            message_id: format!("<{}@{domain}>", id.simple()),
            status: "queued".into(),
            attempts: 0,
            due_at: now,
            sent_at: None,
            error: None,
            created_at: now,
            client_id: None,
            booking_id: None,
            booking_version: None,
            booking_starts_at: None,
            sent_by: None,
            link_hours: None,
            webhook_endpoint_id: None,
        }
    }

    /// An intake link for `client`, asked for by `sender`, valid `hours` once sent. Its dedupe
    /// key holds the quarter hour: a second request within it (a double click) queues nothing.
    pub fn intake_link(
        practice: PracticeId,
        client: knead_domain::ClientId,
        sender: StaffId,
        hours: i32,
        domain: &str,
        now: DateTime<Utc>,
    ) -> Self {
        let quarter = now.timestamp() / 900;
        Self {
            staff_id: None,
            client_id: Some(client.0),
            sent_by: Some(sender.0),
            link_hours: Some(hours),
            ..Self::queued(
                practice,
                INTAKE_LINK,
                sender,
                format!("intake_link:{}:{}:{quarter}", client.0, sender.0),
                domain,
                now,
            )
        }
    }
}

/// Queues `message` unless one with its dedupe key is already there; true when it was queued.
/// One statement, so two requests at once queue one message.
pub async fn queue(conn: &mut AsyncPgConnection, message: &Message) -> Result<bool, StoreError> {
    let inserted = diesel::insert_into(email_messages::table)
        .values(message)
        .on_conflict((email_messages::practice_id, email_messages::dedupe_key))
        .do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted == 1)
}

/// Claims up to `limit` due messages: each one's `due_at` moves to `lease_until` and its
/// `attempts` grows by one, so no other worker claims it meanwhile (rows another worker is
/// claiming are skipped, not waited for), and one left unfinished becomes due again when the
/// lease ends.
pub async fn claim_due(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Message>, StoreError> {
    diesel::sql_query(
        "UPDATE email_messages m SET due_at = $2, attempts = m.attempts + 1
         FROM (SELECT practice_id, id FROM email_messages
               WHERE status = 'queued' AND due_at <= $1
               ORDER BY due_at LIMIT $3
               FOR UPDATE SKIP LOCKED) c
         WHERE m.practice_id = c.practice_id AND m.id = c.id
         RETURNING m.*",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Timestamptz, _>(lease_until)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
    .map_err(StoreError::from)
}

/// Whom a message goes to, read when it is sent.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub email: String,
    pub display_name: String,
    pub active: bool,
    /// False until an invitation has been accepted.
    pub has_password: bool,
    pub practice_name: String,
}

pub async fn recipient(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
) -> Result<Recipient, StoreError> {
    let (email, display_name, active, has_password, practice_name) = staff::table
        .inner_join(practices::table.on(practices::id.eq(staff::practice_id)))
        .filter(staff::practice_id.eq(practice.0))
        .filter(staff::id.eq(id.0))
        .select((
            staff::email,
            staff::display_name,
            staff::active,
            staff::password_hash.is_not_null(),
            practices::name,
        ))
        .first::<(String, String, bool, bool, String)>(conn)
        .await?;
    Ok(Recipient {
        email,
        display_name,
        active,
        has_password,
        practice_name,
    })
}

/// Records a message as sent.
pub async fn mark_sent(conn: &mut AsyncPgConnection, message: &Message, now: DateTime<Utc>) -> Result<(), StoreError> {
    diesel::update(email_messages::table.find((message.practice_id, message.id)))
        .set((
            email_messages::status.eq("sent"),
            email_messages::sent_at.eq(now),
            email_messages::error.eq(None::<String>),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Records a message not sent on purpose (its booking was cancelled, moved or superseded, or
/// its client opted out or has no address now), with why.
pub async fn mark_skipped(conn: &mut AsyncPgConnection, message: &Message, why: &str) -> Result<(), StoreError> {
    diesel::update(email_messages::table.find((message.practice_id, message.id)))
        .set((email_messages::status.eq("skipped"), email_messages::error.eq(why)))
        .execute(conn)
        .await?;
    Ok(())
}

/// Records a failed attempt: due again at `retry_at`, or failed for good when `None`.
pub async fn mark_failed(
    conn: &mut AsyncPgConnection,
    message: &Message,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    let target = email_messages::table.find((message.practice_id, message.id));
    match retry_at {
        Some(due) => {
            diesel::update(target)
                .set((email_messages::due_at.eq(due), email_messages::error.eq(error)))
                .execute(conn)
                .await?
        }
        None => {
            diesel::update(target)
                .set((email_messages::status.eq("failed"), email_messages::error.eq(error)))
                .execute(conn)
                .await?
        }
    };
    Ok(())
}
