//! What the mail worker reads to compose and re-check a client's booking message, and the
//! reminder job that queues `booking_reminder` messages.

use crate::StoreError;
use crate::email::{BOOKING_CANCELLED, BOOKING_CHANGED, BOOKING_CONFIRMED, Message};
use crate::schema::{bookings, clients, email_messages, practices, services, staff};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::Timestamptz;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::PracticeId;
use uuid::Uuid;

/// A booking as its client's message needs it: when, what, with whom, and for whom; no notes,
/// no reasons, nothing clinical.
#[derive(Debug, Clone, Queryable)]
pub struct BookingMail {
    pub status: String,
    pub version: i64,
    pub starts_at: DateTime<Utc>,
    pub series_id: Option<Uuid>,
    pub client_email: Option<String>,
    pub client_given_name: String,
    pub client_archived: bool,
    pub reminders_opt_out: bool,
    pub practice_name: String,
    pub time_zone: String,
    pub service_name: String,
    pub preparation: Option<String>,
    pub therapist_name: String,
    pub ends_at: DateTime<Utc>,
    /// For a cancelled booking: whether inside the practice's window.
    pub cancelled_late: Option<bool>,
    pub cancellation_window_hours: i32,
}

/// The booking `message` is about, as it is now; `None` when it is gone.
pub async fn booking(conn: &mut AsyncPgConnection, message: &Message) -> Result<Option<BookingMail>, StoreError> {
    match message.booking_id {
        Some(booking_id) => by_id(conn, PracticeId(message.practice_id), booking_id).await,
        None => Ok(None),
    }
}

/// A booking as a client may see it (its manage link's page); `None` when it is gone.
pub async fn by_id(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    booking_id: Uuid,
) -> Result<Option<BookingMail>, StoreError> {
    bookings::table
        .inner_join(
            clients::table.on(clients::practice_id
                .eq(bookings::practice_id)
                .and(clients::id.eq(bookings::client_id))),
        )
        .inner_join(practices::table.on(practices::id.eq(bookings::practice_id)))
        .inner_join(
            services::table.on(services::practice_id
                .eq(bookings::practice_id)
                .and(services::id.eq(bookings::service_id))),
        )
        .inner_join(
            staff::table.on(staff::practice_id
                .eq(bookings::practice_id)
                .and(staff::id.eq(bookings::therapist_id))),
        )
        .filter(bookings::practice_id.eq(practice.0))
        .filter(bookings::id.eq(booking_id))
        .select((
            bookings::status,
            bookings::version,
            bookings::starts_at,
            bookings::series_id,
            clients::email,
            clients::given_name,
            clients::archived,
            clients::reminders_opt_out,
            practices::name,
            practices::time_zone,
            services::name,
            services::preparation,
            staff::display_name,
            bookings::ends_at,
            bookings::cancelled_late,
            practices::cancellation_window_hours,
        ))
        .first::<BookingMail>(conn)
        .await
        .optional()
        .map_err(StoreError::from)
}

/// A series' sessions still ahead at `now` (not cancelled), the first `limit` by start, and how
/// many there are in all.
pub async fn series_sessions(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    series: Uuid,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<(Vec<DateTime<Utc>>, i64), StoreError> {
    let ahead = || {
        bookings::table
            .filter(bookings::practice_id.eq(practice.0))
            .filter(bookings::series_id.eq(series))
            .filter(bookings::status.ne("cancelled"))
            .filter(bookings::starts_at.gt(now))
    };
    let first = ahead()
        .order(bookings::starts_at)
        .select(bookings::starts_at)
        .limit(limit)
        .load(conn)
        .await?;
    let all = ahead().count().get_result(conn).await?;
    Ok((first, all))
}

/// Whether a newer confirmation, change or cancellation of the same booking is queued or sent:
/// the older one is then not sent.
pub async fn superseded(conn: &mut AsyncPgConnection, message: &Message) -> Result<bool, StoreError> {
    let (Some(booking_id), Some(version)) = (message.booking_id, message.booking_version) else {
        return Ok(false);
    };
    let newer = email_messages::table
        .filter(email_messages::practice_id.eq(message.practice_id))
        .filter(email_messages::booking_id.eq(booking_id))
        .filter(email_messages::intent.eq_any([BOOKING_CONFIRMED, BOOKING_CHANGED, BOOKING_CANCELLED]))
        .filter(email_messages::booking_version.gt(version))
        .filter(email_messages::status.ne("skipped"))
        .count()
        .get_result::<i64>(conn)
        .await?;
    Ok(newer > 0)
}

/// Queues a `booking_reminder` for every scheduled or confirmed booking starting after `now`
/// and within its practice's `reminder_lead_hours`, whose client has an address and has not
/// opted out; returns how many were queued. The dedupe key is the booking and its start, so a
/// second run (or a second server running it at once) queues nothing more, and a moved booking
/// gets a reminder for its new start. One statement.
pub async fn queue_reminders(conn: &mut AsyncPgConnection, now: DateTime<Utc>) -> Result<usize, StoreError> {
    diesel::sql_query(
        "INSERT INTO email_messages (practice_id, id, intent, client_id, booking_id, booking_starts_at,
                                     dedupe_key, message_id, status, due_at, created_at)
         SELECT b.practice_id, m.id, 'booking_reminder', b.client_id, b.id, b.starts_at,
                'booking_reminder:' || b.id || ':' || extract(epoch FROM b.starts_at)::bigint,
                '<' || replace(m.id::text, '-', '') || '@booking>', 'queued', $1, $1
         FROM bookings b
         JOIN practices p ON p.id = b.practice_id
         JOIN clients c ON c.practice_id = b.practice_id AND c.id = b.client_id
         CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id, b.id AS for_booking) m
         WHERE p.reminder_lead_hours IS NOT NULL
           AND b.status IN ('scheduled', 'confirmed')
           AND b.starts_at > $1
           AND b.starts_at <= $1 + make_interval(hours => p.reminder_lead_hours)
           AND c.email IS NOT NULL AND NOT c.archived AND NOT c.reminders_opt_out
         ON CONFLICT (practice_id, dedupe_key) DO NOTHING",
    )
    .bind::<Timestamptz, _>(now)
    .execute(conn)
    .await
    .map_err(StoreError::from)
}
