//! Calendar feed secrets: at most one live feed per therapist and per client (a partial unique
//! index), replaced in one transaction, revoked rather than deleted. Only a hash of the secret
//! is stored.

use crate::StoreError;
use crate::schema::{calendar_feeds, clients, staff};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use knead_domain::{ClientId, PracticeId, StaffId};
use uuid::Uuid;

/// Whose bookings a feed shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedOwner {
    /// A therapist's (or a treating owner's) sessions.
    Staff(StaffId),
    /// A client's own upcoming bookings.
    Client(ClientId),
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = calendar_feeds, check_for_backend(diesel::pg::Pg))]
struct FeedRow {
    practice_id: Uuid,
    id: Uuid,
    staff_id: Option<Uuid>,
    client_id: Option<Uuid>,
    secret_hash: Vec<u8>,
    created_by: Uuid,
    created_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

/// A stored feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFeed {
    pub practice: PracticeId,
    pub id: Uuid,
    pub owner: FeedOwner,
    pub secret_hash: Vec<u8>,
    pub created_by: StaffId,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl TryFrom<FeedRow> for CalendarFeed {
    type Error = StoreError;
    fn try_from(row: FeedRow) -> Result<Self, StoreError> {
        let owner = match (row.staff_id, row.client_id) {
            (Some(staff), None) => FeedOwner::Staff(StaffId(staff)),
            (None, Some(client)) => FeedOwner::Client(ClientId(client)),
            _ => {
                return Err(StoreError::Corrupt(format!(
                    "calendar feed {} has no single owner",
                    row.id
                )));
            }
        };
        Ok(Self {
            practice: PracticeId(row.practice_id),
            id: row.id,
            owner,
            secret_hash: row.secret_hash,
            created_by: StaffId(row.created_by),
            created_at: row.created_at,
            revoked_at: row.revoked_at,
        })
    }
}

fn owner_columns(owner: FeedOwner) -> (Option<Uuid>, Option<Uuid>) {
    match owner {
        FeedOwner::Staff(id) => (Some(id.0), None),
        FeedOwner::Client(id) => (None, Some(id.0)),
    }
}

/// Revokes the owner's live feed at `now`, if any; the number revoked (0 or 1).
pub async fn revoke(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    owner: FeedOwner,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let live = calendar_feeds::table
        .filter(calendar_feeds::practice_id.eq(practice.0))
        .filter(calendar_feeds::revoked_at.is_null());
    let revoked = match owner {
        FeedOwner::Staff(id) => {
            diesel::update(live.filter(calendar_feeds::staff_id.eq(id.0)))
                .set(calendar_feeds::revoked_at.eq(now))
                .execute(conn)
                .await?
        }
        FeedOwner::Client(id) => {
            diesel::update(live.filter(calendar_feeds::client_id.eq(id.0)))
                .set(calendar_feeds::revoked_at.eq(now))
                .execute(conn)
                .await?
        }
    };
    Ok(revoked)
}

/// Replaces the owner's live feed with a new one holding `secret_hash`. The owner's row is
/// locked first, so two concurrent replacements queue instead of colliding on the index.
pub async fn replace(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    owner: FeedOwner,
    id: Uuid,
    secret_hash: Vec<u8>,
    created_by: StaffId,
    now: DateTime<Utc>,
) -> Result<CalendarFeed, StoreError> {
    conn.transaction(async move |conn| {
        match owner {
            FeedOwner::Staff(staff_id) => {
                staff::table
                    .find((practice.0, staff_id.0))
                    .select(staff::id)
                    .for_no_key_update()
                    .first::<Uuid>(conn)
                    .await?;
            }
            FeedOwner::Client(client_id) => {
                clients::table
                    .find((practice.0, client_id.0))
                    .select(clients::id)
                    .for_no_key_update()
                    .first::<Uuid>(conn)
                    .await?;
            }
        }
        revoke(conn, practice, owner, now).await?;
        let (staff_id, client_id) = owner_columns(owner);
        let row = FeedRow {
            practice_id: practice.0,
            id,
            staff_id,
            client_id,
            secret_hash,
            created_by: created_by.0,
            created_at: now,
            revoked_at: None,
        };
        let stored: FeedRow = diesel::insert_into(calendar_feeds::table)
            .values(&row)
            .returning(FeedRow::as_returning())
            .get_result(conn)
            .await?;
        stored.try_into()
    })
    .await
}

/// The live feed `id` of the practice whose owner can still have one: a staff member who is
/// active, or any client. `NotFound` otherwise (unknown, revoked, or its therapist left).
pub async fn find_live(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
) -> Result<CalendarFeed, StoreError> {
    let row: FeedRow = calendar_feeds::table
        .left_join(
            staff::table.on(staff::practice_id
                .eq(calendar_feeds::practice_id)
                .and(staff::id.nullable().eq(calendar_feeds::staff_id))),
        )
        .filter(calendar_feeds::practice_id.eq(practice.0))
        .filter(calendar_feeds::id.eq(id))
        .filter(calendar_feeds::revoked_at.is_null())
        .filter(calendar_feeds::staff_id.is_null().or(staff::active.nullable().eq(true)))
        .select(FeedRow::as_select())
        .first(conn)
        .await?;
    row.try_into()
}
