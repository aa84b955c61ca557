//! Refresh tokens (rotated on every use, revoked by family) and one-time staff links
//! (invitations and password resets). Only hashes of the secrets are stored.

use crate::{StoreError, schema::refresh_tokens, schema::staff_links};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::{PracticeId, StaffId};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = refresh_tokens, check_for_backend(diesel::pg::Pg))]
pub struct RefreshToken {
    pub practice_id: Uuid,
    pub id: Uuid,
    pub staff_id: Uuid,
    pub family_id: Uuid,
    pub secret_hash: Vec<u8>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// Whether the login passed the second factor.
    pub second_factor: bool,
}

pub async fn insert_refresh(conn: &mut AsyncPgConnection, token: &RefreshToken) -> Result<(), StoreError> {
    diesel::insert_into(refresh_tokens::table)
        .values(token)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find_refresh(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
) -> Result<RefreshToken, StoreError> {
    Ok(refresh_tokens::table
        .find((practice.0, id))
        .select(RefreshToken::as_select())
        .first(conn)
        .await?)
}

/// Locks a refresh family (its first token's row) to the end of the transaction, so that
/// rotation, reuse detection and logout of one login happen one at a time.
pub async fn lock_family(conn: &mut AsyncPgConnection, practice: PracticeId, family: Uuid) -> Result<(), StoreError> {
    refresh_tokens::table
        .filter(refresh_tokens::practice_id.eq(practice.0))
        .filter(refresh_tokens::family_id.eq(family))
        .order((refresh_tokens::created_at, refresh_tokens::id))
        .select(refresh_tokens::id)
        .limit(1)
        .for_update()
        .load::<Uuid>(conn)
        .await?;
    Ok(())
}

/// Marks a token used, only if it is still fresh; false means it was already used or revoked
/// (by a concurrent request too: the condition and the write are one statement).
pub async fn use_refresh(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let updated = diesel::update(
        refresh_tokens::table
            .find((practice.0, id))
            .filter(refresh_tokens::used_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now))
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

pub async fn revoke_family(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    family: Uuid,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::practice_id.eq(practice.0))
            .filter(refresh_tokens::family_id.eq(family))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)
    .await?)
}

/// Revokes every refresh token of one staff member (deactivation, password change, reset).
pub async fn revoke_all_for(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    staff: StaffId,
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::practice_id.eq(practice.0))
            .filter(refresh_tokens::staff_id.eq(staff.0))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)
    .await?)
}

/// What a one-time staff link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    Invitation,
    PasswordReset,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invitation => "invitation",
            Self::PasswordReset => "password_reset",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = staff_links, check_for_backend(diesel::pg::Pg))]
pub struct StaffLink {
    pub practice_id: Uuid,
    pub id: Uuid,
    pub staff_id: Uuid,
    pub purpose: String,
    pub secret_hash: Vec<u8>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_link(conn: &mut AsyncPgConnection, link: &StaffLink) -> Result<(), StoreError> {
    diesel::insert_into(staff_links::table)
        .values(link)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find_link(conn: &mut AsyncPgConnection, practice: PracticeId, id: Uuid) -> Result<StaffLink, StoreError> {
    Ok(staff_links::table
        .find((practice.0, id))
        .select(StaffLink::as_select())
        .first(conn)
        .await?)
}

/// Uses a link once at `now`: false when it was already used or has expired.
pub async fn consume_link(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let updated = diesel::update(
        staff_links::table
            .find((practice.0, id))
            .filter(staff_links::used_at.is_null())
            .filter(staff_links::expires_at.gt(now)),
    )
    .set(staff_links::used_at.eq(now))
    .execute(conn)
    .await?;
    Ok(updated == 1)
}
