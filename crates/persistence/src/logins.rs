//! Logins as transactions: issuing a refresh token to an account checked a moment ago,
//! rotating a presented refresh token (with reuse detection), and logging out. Each takes
//! the locks every token writer takes, in the same order: the account's row (shared), then
//! the token's family.

use crate::staff::{self, Staff};
use crate::tokens::{self, RefreshToken};
use crate::{StoreError, transaction};
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use knead_domain::{PracticeId, StaffId};
use uuid::Uuid;

/// A refresh token minted by the caller (only its hash is stored); the account and family
/// are filled in here.
#[derive(Debug, Clone)]
pub struct Minted {
    pub id: Uuid,
    pub secret_hash: Vec<u8>,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// Whether the login passed the second factor (a rotation carries the presented token's).
    pub second_factor: bool,
}

impl Minted {
    fn row(self, who: &Staff, family: Uuid) -> RefreshToken {
        RefreshToken {
            practice_id: who.practice_id.0,
            id: self.id,
            staff_id: who.id.0,
            family_id: family,
            secret_hash: self.secret_hash,
            expires_at: self.expires_at,
            used_at: None,
            revoked_at: None,
            created_at: self.created_at,
            second_factor: self.second_factor,
        }
    }
}

/// Stores `minted` in a new family for `checked`, whose password was checked without a lock:
/// `None` (nothing stored) when the account was deactivated or had its logins revoked since
/// (`valid_after` moved).
pub async fn log_in(
    conn: &mut AsyncPgConnection,
    checked: &Staff,
    minted: Minted,
) -> Result<Option<Staff>, StoreError> {
    transaction::run(conn, async |conn| {
        let who = staff::lock_for_tokens(conn, checked.practice_id, checked.id).await?;
        if !who.active || who.valid_after != checked.valid_after {
            return Ok(None);
        }
        tokens::insert_refresh(conn, &minted.row(&who, Uuid::now_v7())).await?;
        Ok(Some(who))
    })
    .await
}

/// Locks what a refresh token's login depends on; `None` when the account is gone.
async fn lock_login(conn: &mut AsyncPgConnection, token: &RefreshToken) -> Result<Option<Staff>, StoreError> {
    let who = match staff::lock_for_tokens(conn, PracticeId(token.practice_id), StaffId(token.staff_id)).await {
        Ok(who) => who,
        Err(StoreError::NotFound) => return Ok(None),
        Err(other) => return Err(other),
    };
    tokens::lock_family(conn, PracticeId(token.practice_id), token.family_id).await?;
    Ok(Some(who))
}

/// Uses `presented` once and stores `minted` in its family, under the family's lock: the
/// account, or `None` when the token cannot be used (expired, account inactive or gone). A
/// token used or revoked before is a reuse: its whole family is revoked, and that
/// revocation commits.
pub async fn rotate(
    conn: &mut AsyncPgConnection,
    presented: &RefreshToken,
    minted: Minted,
    now: DateTime<Utc>,
) -> Result<Option<Staff>, StoreError> {
    transaction::run(conn, async |conn| {
        let Some(who) = lock_login(conn, presented).await? else {
            return Ok(None);
        };
        let stored = tokens::find_refresh(conn, PracticeId(presented.practice_id), presented.id).await?;
        if stored.used_at.is_some() || stored.revoked_at.is_some() {
            let revoked = tokens::revoke_family(conn, PracticeId(stored.practice_id), stored.family_id, now).await?;
            tracing::warn!(family = %stored.family_id, revoked, "refresh token reused: family revoked");
            return Ok(None);
        }
        if stored.expires_at < now || !who.active {
            return Ok(None);
        }
        if !tokens::use_refresh(conn, PracticeId(stored.practice_id), stored.id, now).await? {
            return Ok(None);
        }
        tokens::insert_refresh(conn, &minted.row(&who, stored.family_id)).await?;
        Ok(Some(who))
    })
    .await
}

/// Revokes `presented` and every token of the same login.
pub async fn log_out(
    conn: &mut AsyncPgConnection,
    presented: &RefreshToken,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    transaction::run(conn, async |conn| {
        lock_login(conn, presented).await?;
        tokens::revoke_family(conn, PracticeId(presented.practice_id), presented.family_id, now).await?;
        Ok(())
    })
    .await
}
