//! Two-factor sign-in: each account's TOTP secret (stored as the API encrypted it; pending
//! until confirmed), the last time step a code was accepted for (so no code works twice), its
//! single-use recovery codes (hashed), and the practice-wide requirement.

use crate::practices::{self, Practice, PracticeChanges};
use crate::schema::{practices as practices_table, refresh_tokens, staff, staff_recovery_codes, staff_second_factors};
use crate::{StoreError, tokens, transaction};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::{PracticeId, StaffId};

/// An account's second factor as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondFactor {
    /// The encrypted TOTP secret.
    pub secret: String,
    /// False while enrolment awaits its first code.
    pub confirmed: bool,
    pub last_step: Option<i64>,
}

pub async fn find(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
) -> Result<Option<SecondFactor>, StoreError> {
    let row: Option<(String, Option<DateTime<Utc>>, Option<i64>)> = staff_second_factors::table
        .find((practice.0, id.0))
        .select((
            staff_second_factors::secret,
            staff_second_factors::confirmed_at,
            staff_second_factors::last_step,
        ))
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(|(secret, confirmed_at, last_step)| SecondFactor {
        secret,
        confirmed: confirmed_at.is_some(),
        last_step,
    }))
}

/// Whether the account has a confirmed second factor.
pub async fn is_enrolled(conn: &mut AsyncPgConnection, practice: PracticeId, id: StaffId) -> Result<bool, StoreError> {
    Ok(find(conn, practice, id).await?.is_some_and(|f| f.confirmed))
}

/// Starts (or restarts) enrolment with a new pending secret; `false` (nothing written) when
/// the account already has a confirmed one.
pub async fn begin(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    transaction::run(conn, async |conn| {
        let current: Option<Option<DateTime<Utc>>> = staff_second_factors::table
            .find((practice.0, id.0))
            .select(staff_second_factors::confirmed_at)
            .for_update()
            .first(conn)
            .await
            .optional()?;
        match current {
            Some(Some(_)) => return Ok(false),
            Some(None) => {
                diesel::delete(staff_second_factors::table.find((practice.0, id.0)))
                    .execute(conn)
                    .await?;
            }
            None => {}
        }
        diesel::insert_into(staff_second_factors::table)
            .values((
                staff_second_factors::practice_id.eq(practice.0),
                staff_second_factors::staff_id.eq(id.0),
                staff_second_factors::secret.eq(secret),
                staff_second_factors::created_at.eq(now),
            ))
            .execute(conn)
            .await?;
        Ok(true)
    })
    .await
}

/// Confirms a pending enrolment with the step of its first code and stores the recovery
/// codes' hashes (replacing any older ones); `false` when there was no pending enrolment.
pub async fn confirm(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
    step: i64,
    recovery_hashes: &[Vec<u8>],
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    transaction::run(conn, async |conn| {
        let confirmed = diesel::update(
            staff_second_factors::table
                .find((practice.0, id.0))
                .filter(staff_second_factors::confirmed_at.is_null()),
        )
        .set((
            staff_second_factors::confirmed_at.eq(now),
            staff_second_factors::last_step.eq(step),
        ))
        .execute(conn)
        .await?;
        if confirmed == 0 {
            return Ok(false);
        }
        delete_recovery_codes(conn, practice, id).await?;
        let rows: Vec<_> = recovery_hashes
            .iter()
            .map(|hash| {
                (
                    staff_recovery_codes::practice_id.eq(practice.0),
                    staff_recovery_codes::staff_id.eq(id.0),
                    staff_recovery_codes::code_hash.eq(hash.clone()),
                    staff_recovery_codes::created_at.eq(now),
                )
            })
            .collect();
        diesel::insert_into(staff_recovery_codes::table)
            .values(rows)
            .execute(conn)
            .await?;
        Ok(true)
    })
    .await
}

/// Records that a code of `step` was accepted; `false` when a code of this step or a later
/// one was accepted before (a reused code), or the factor is not confirmed.
pub async fn use_step(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
    step: i64,
) -> Result<bool, StoreError> {
    let updated = diesel::update(
        staff_second_factors::table
            .find((practice.0, id.0))
            .filter(staff_second_factors::confirmed_at.is_not_null())
            .filter(
                staff_second_factors::last_step
                    .is_null()
                    .or(staff_second_factors::last_step.lt(step)),
            ),
    )
    .set(staff_second_factors::last_step.eq(step))
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

/// Uses up the recovery code with this hash; `false` when there is none unused.
pub async fn use_recovery_code(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
    hash: &[u8],
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let updated = diesel::update(
        staff_recovery_codes::table
            .find((practice.0, id.0, hash.to_vec()))
            .filter(staff_recovery_codes::used_at.is_null()),
    )
    .set(staff_recovery_codes::used_at.eq(now))
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

/// How many unused recovery codes the account has.
pub async fn recovery_codes_left(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
) -> Result<i64, StoreError> {
    Ok(staff_recovery_codes::table
        .filter(staff_recovery_codes::practice_id.eq(practice.0))
        .filter(staff_recovery_codes::staff_id.eq(id.0))
        .filter(staff_recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
        .await?)
}

async fn delete_recovery_codes(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
) -> Result<(), StoreError> {
    diesel::delete(
        staff_recovery_codes::table
            .filter(staff_recovery_codes::practice_id.eq(practice.0))
            .filter(staff_recovery_codes::staff_id.eq(id.0)),
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes an account's second factor and recovery codes and ends every login of the account
/// (an owner's reset, or `knead admin reset-mfa`): whoever held the device is signed out.
/// `false` when the account had no second factor (its logins end all the same).
pub async fn reset(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    transaction::run(conn, async |conn| {
        let moved = diesel::update(staff::table.find((practice.0, id.0)))
            .set((staff::valid_after.eq(now), staff::version.eq(staff::version + 1)))
            .execute(conn)
            .await?;
        if moved == 0 {
            return Err(StoreError::NotFound);
        }
        tokens::revoke_all_for(conn, practice, id, now).await?;
        delete_recovery_codes(conn, practice, id).await?;
        let removed = diesel::delete(staff_second_factors::table.find((practice.0, id.0)))
            .execute(conn)
            .await?;
        Ok(removed == 1)
    })
    .await
}

/// Whether the practice requires a second factor of everyone.
pub async fn required(conn: &mut AsyncPgConnection, practice: PracticeId) -> Result<bool, StoreError> {
    Ok(practices_table::table
        .find(practice.0)
        .select(practices_table::require_second_factor)
        .first(conn)
        .await?)
}

/// [`practices::update`] with the requirement: when it turns on, every refresh token of the
/// practice issued without the second factor is revoked in the same transaction (access
/// tokens without it are refused from then on, see the API's `Caller`).
pub async fn update_practice(
    conn: &mut AsyncPgConnection,
    id: PracticeId,
    expected_version: Option<i64>,
    changes: PracticeChanges,
    now: DateTime<Utc>,
) -> Result<Practice, StoreError> {
    transaction::run(conn, async |conn| {
        let turned_on = changes.require_second_factor == Some(true) && !required(conn, id).await?;
        let practice = practices::update(conn, id, expected_version, changes, now).await?;
        if turned_on {
            diesel::update(
                refresh_tokens::table
                    .filter(refresh_tokens::practice_id.eq(id.0))
                    .filter(refresh_tokens::second_factor.eq(false))
                    .filter(refresh_tokens::revoked_at.is_null()),
            )
            .set(refresh_tokens::revoked_at.eq(now))
            .execute(conn)
            .await?;
        }
        Ok(practice)
    })
    .await
}
