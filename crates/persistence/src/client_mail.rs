//! What clients' email needs beyond the outbox: a practice's templates, the one-time
//! manage-booking links the mail worker mints, and whether an emailed intake link may carry
//! the client's last answers.

use crate::StoreError;
use crate::bookings::{self, Booking, Cancellation};
use crate::schema::{booking_links, clients, email_templates, intake_forms};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use knead_domain::{ClientId, PracticeId, StaffId};
use uuid::Uuid;

/// A practice's own wording of one message.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = email_templates, check_for_backend(diesel::pg::Pg))]
pub struct StoredTemplate {
    pub practice_id: Uuid,
    pub intent: String,
    pub subject: String,
    pub body: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Uuid,
}

/// The practice's own templates (messages without one use the built-in text).
pub async fn templates(conn: &mut AsyncPgConnection, practice: PracticeId) -> Result<Vec<StoredTemplate>, StoreError> {
    Ok(email_templates::table
        .filter(email_templates::practice_id.eq(practice.0))
        .select(StoredTemplate::as_select())
        .load(conn)
        .await?)
}

/// The practice's template for `intent`, if it has one.
pub async fn template(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    intent: &str,
) -> Result<Option<StoredTemplate>, StoreError> {
    Ok(email_templates::table
        .find((practice.0, intent))
        .select(StoredTemplate::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Stores `template` in place of the practice's current one for its intent.
pub async fn save_template(conn: &mut AsyncPgConnection, template: &StoredTemplate) -> Result<(), StoreError> {
    diesel::insert_into(email_templates::table)
        .values(template)
        .on_conflict((email_templates::practice_id, email_templates::intent))
        .do_update()
        .set((
            email_templates::subject.eq(&template.subject),
            email_templates::body.eq(&template.body),
            email_templates::updated_at.eq(template.updated_at),
            email_templates::updated_by.eq(template.updated_by),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes the practice's template for `intent`: the built-in text is used again.
pub async fn delete_template(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    intent: &str,
) -> Result<(), StoreError> {
    diesel::delete(email_templates::table.find((practice.0, intent)))
        .execute(conn)
        .await?;
    Ok(())
}

/// A client's one-time link to one booking.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = booking_links, check_for_backend(diesel::pg::Pg))]
pub struct BookingLink {
    pub practice_id: Uuid,
    pub id: Uuid,
    pub booking_id: Uuid,
    pub secret_hash: Vec<u8>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl BookingLink {
    /// Whether the link still works at `now`: not used, not expired.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.used_at.is_none() && now < self.expires_at
    }
}

pub async fn insert_booking_link(conn: &mut AsyncPgConnection, link: &BookingLink) -> Result<(), StoreError> {
    diesel::insert_into(booking_links::table)
        .values(link)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find_booking_link(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
) -> Result<BookingLink, StoreError> {
    Ok(booking_links::table
        .find((practice.0, id))
        .select(BookingLink::as_select())
        .first(conn)
        .await?)
}

/// Cancels the link's booking and uses the link up, together: `None` when the link was used
/// or expired meanwhile (nothing is cancelled then).
pub async fn cancel_through_link(
    conn: &mut AsyncPgConnection,
    link: &BookingLink,
    cancellation: Cancellation,
) -> Result<Option<Booking>, StoreError> {
    let practice = PracticeId(link.practice_id);
    let at = cancellation.at;
    conn.transaction(async move |conn| {
        let used = diesel::update(
            booking_links::table
                .find((link.practice_id, link.id))
                .filter(booking_links::used_at.is_null())
                .filter(booking_links::expires_at.gt(at)),
        )
        .set(booking_links::used_at.eq(at))
        .execute(conn)
        .await?;
        if used == 0 {
            return Ok(None);
        }
        bookings::cancel(conn, practice, link.booking_id, None, cancellation)
            .await
            .map(Some)
    })
    .await
}

/// Whether an intake link emailed to `client` now may show their last answers: only when
/// their last intake was submitted while they had the address it goes to (see migration
/// 000105). A client without an intake, or whose address changed since, gets an empty form.
pub async fn address_unchanged_since_last_intake(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    client: ClientId,
) -> Result<bool, StoreError> {
    let current: Option<String> = clients::table
        .find((practice.0, client.0))
        .select(clients::email)
        .first(conn)
        .await?;
    let at_last_intake: Option<Option<String>> = intake_forms::table
        .filter(intake_forms::practice_id.eq(practice.0))
        .filter(intake_forms::client_id.eq(client.0))
        .order(intake_forms::form_version.desc())
        .select(intake_forms::client_email)
        .first(conn)
        .await
        .optional()?;
    Ok(match (current, at_last_intake) {
        (Some(now), Some(Some(then))) => now.trim().eq_ignore_ascii_case(then.trim()),
        _ => false,
    })
}

/// The staff member who asked for a message, if still active: their role decides what an
/// emailed intake link may carry.
pub async fn sender_role(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    sender: StaffId,
) -> Result<Option<String>, StoreError> {
    use crate::schema::staff;
    Ok(staff::table
        .find((practice.0, sender.0))
        .filter(staff::active.eq(true))
        .select(staff::role)
        .first(conn)
        .await
        .optional()?)
}
