//! The writes on staff accounts whose steps commit together: a practice with its first
//! owner, a password change (or a reset through a one-time link) with the revocation of every
//! login, a staff change or deactivation that must leave the practice an active owner.

use crate::error::Constraint;
use crate::practices::{self, NewPractice, Practice};
use crate::staff::{self, NewStaff, Staff, StaffChanges};
use crate::tokens::{self, StaffLink};
use crate::{StoreError, transaction};
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use knead_domain::{PracticeId, Role, StaffId};

/// A practice and its first owner (`owner` is given the new practice's id), together.
pub async fn create_practice(
    conn: &mut AsyncPgConnection,
    practice: NewPractice,
    owner: impl FnOnce(PracticeId) -> NewStaff,
    now: DateTime<Utc>,
) -> Result<(Practice, Staff), StoreError> {
    transaction::run(conn, async |conn| {
        let practice = practices::insert(conn, practice, now).await?;
        let owner = staff::insert(conn, owner(practice.id), now).await?;
        Ok((practice, owner))
    })
    .await
}

/// A new password hash; every login of the account ends with it.
pub async fn change_password(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    transaction::run(conn, async |conn| {
        staff::set_password(conn, practice, id, password_hash, now).await?;
        tokens::revoke_all_for(conn, practice, id, now).await?;
        Ok(())
    })
    .await
}

/// Sets a password through a one-time link: the link is used up, the password set and every
/// login of the account revoked, together. `false` (nothing written) when the link was used
/// or expired in the meantime, or its account is gone or inactive.
pub async fn redeem_password_link(
    conn: &mut AsyncPgConnection,
    link: &StaffLink,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let (practice, id) = (PracticeId(link.practice_id), StaffId(link.staff_id));
    let redeemed = transaction::run(conn, async |conn| {
        if !tokens::consume_link(conn, link.practice_id, link.id, now).await? {
            return Err(StoreError::NotFound);
        }
        staff::set_password(conn, practice, id, password_hash, now).await?;
        tokens::revoke_all_for(conn, practice, id, now).await?;
        Ok(())
    })
    .await;
    match redeemed {
        Ok(()) => Ok(true),
        Err(StoreError::NotFound) => Ok(false),
        Err(other) => Err(other),
    }
}

/// The practice still has an active owner, or the write is refused with
/// [`Constraint::LastOwner`] (and rolled back).
async fn keep_an_owner(conn: &mut AsyncPgConnection, practice: PracticeId) -> Result<(), StoreError> {
    if staff::active_owner_count(conn, practice).await? == 0 {
        return Err(StoreError::Conflict {
            constraint: Constraint::LastOwner,
        });
    }
    Ok(())
}

/// [`staff::update`] in a transaction; when it may demote an owner (`demotes_owner`), the
/// practice must keep an active one.
pub async fn update_staff(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
    expected_version: Option<i64>,
    changes: StaffChanges,
    demotes_owner: bool,
    now: DateTime<Utc>,
) -> Result<Staff, StoreError> {
    transaction::run(conn, async |conn| {
        let updated = staff::update(conn, practice, id, expected_version, changes, now).await?;
        if demotes_owner {
            keep_an_owner(conn, practice).await?;
        }
        Ok(updated)
    })
    .await
}

/// Deactivates an account and ends its logins; the practice must keep an active owner.
pub async fn deactivate_staff(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
    role: Role,
    now: DateTime<Utc>,
) -> Result<Staff, StoreError> {
    transaction::run(conn, async |conn| {
        let done = staff::deactivate(conn, practice, id, now).await?;
        tokens::revoke_all_for(conn, practice, id, now).await?;
        if role == Role::Owner {
            keep_an_owner(conn, practice).await?;
        }
        Ok(done)
    })
    .await
}
