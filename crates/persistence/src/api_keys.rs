//! API keys: created by owners, found by the hash of their secret on every request (so a
//! revocation is felt at once on every replica), revoked, and marked used at most once a
//! minute.

use crate::StoreError;
use crate::schema::api_keys;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::{PracticeId, StaffId};
use uuid::Uuid;

/// How stale `last_used_at` may grow before a use writes it again.
pub const LAST_USED_GRANULARITY_SECONDS: i64 = 60;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_keys, check_for_backend(diesel::pg::Pg))]
pub struct ApiKey {
    pub practice_id: Uuid,
    pub id: Uuid,
    pub name: String,
    pub hint: String,
    pub can_write: bool,
    pub clinical: bool,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiKey {
    /// Whether the key authenticates at `now`: not revoked, not expired.
    pub fn live_at(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|at| at > now)
    }
}

/// Stores a new key with the hash of its secret.
pub async fn insert(conn: &mut AsyncPgConnection, key: &ApiKey, secret_hash: &[u8]) -> Result<(), StoreError> {
    diesel::insert_into(api_keys::table)
        .values((key.clone(), api_keys::secret_hash.eq(secret_hash)))
        .execute(conn)
        .await?;
    Ok(())
}

/// The key whose secret hashes to `hash`, in any practice (the secret names no practice);
/// `NotFound` when none does.
pub async fn by_hash(conn: &mut AsyncPgConnection, hash: &[u8]) -> Result<ApiKey, StoreError> {
    api_keys::table
        .filter(api_keys::secret_hash.eq(hash))
        .select(ApiKey::as_select())
        .first(conn)
        .await
        .map_err(StoreError::from)
}

pub async fn find(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<ApiKey, StoreError> {
    api_keys::table
        .find((practice.0, id))
        .select(ApiKey::as_select())
        .first(conn)
        .await
        .map_err(StoreError::from)
}

/// The practice's keys, newest first, revoked ones included.
pub async fn list(conn: &mut AsyncPgConnection, practice: PracticeId) -> Result<Vec<ApiKey>, StoreError> {
    api_keys::table
        .filter(api_keys::practice_id.eq(practice.0))
        .order((api_keys::created_at.desc(), api_keys::id.desc()))
        .select(ApiKey::as_select())
        .load(conn)
        .await
        .map_err(StoreError::from)
}

/// Revokes a key at `now` (a second revocation keeps the first instant).
pub async fn revoke(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<ApiKey, StoreError> {
    diesel::update(
        api_keys::table
            .find((practice.0, id))
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(now))
    .execute(conn)
    .await?;
    find(conn, practice, id).await
}

/// Records a use at `now` when the stored one is older than a minute (or absent): at most one
/// write a minute per key, however busy it is.
pub async fn mark_used(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let stale = now - Duration::seconds(LAST_USED_GRANULARITY_SECONDS);
    diesel::update(
        api_keys::table
            .find((practice.0, id))
            .filter(api_keys::last_used_at.is_null().or(api_keys::last_used_at.lt(stale))),
    )
    .set(api_keys::last_used_at.eq(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether `used` is stale enough at `now` that a use should be written.
pub fn needs_mark(used: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    used.is_none_or(|at| at < now - Duration::seconds(LAST_USED_GRANULARITY_SECONDS))
}

/// The staff member who created the key (its calls act in their name where a row needs one).
pub fn creator(key: &ApiKey) -> StaffId {
    StaffId(key.created_by)
}
