//! Idempotency keys for POSTs that create: the first request with a key does the work and its
//! answer is stored; a retry with the same key and body gets that answer again. Keys are
//! scoped by practice and staff member and expire after 24 hours.

use crate::{StoreError, schema::idempotency_keys};
use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::{PracticeId, StaffId};

pub const LIFETIME_HOURS: i64 = 24;

/// Who owns a key.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub practice: PracticeId,
    pub staff: StaffId,
}

/// A stored answer.
#[derive(Debug, Clone)]
pub struct StoredResponse {
    pub status: i32,
    pub body: serde_json::Value,
    pub location: Option<String>,
}

/// What claiming a key found.
#[derive(Debug)]
pub enum Claim {
    /// The key is ours: do the work, then [`complete`] or [`release`].
    Fresh,
    /// The same request was answered before.
    Replay(StoredResponse),
    /// The key was used with another operation or body.
    Mismatch,
    /// The first request with this key is still being served.
    InProgress,
}

pub async fn claim(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    key: &str,
    operation: &str,
    request_hash: &[u8],
) -> Result<Claim, StoreError> {
    let k = idempotency_keys::table.find((scope.practice.0, scope.staff.0, key));
    // An expired key is forgotten, so it can be used afresh.
    diesel::delete(k.filter(idempotency_keys::created_at.lt(Utc::now() - Duration::hours(LIFETIME_HOURS))))
        .execute(conn)
        .await?;
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::practice_id.eq(scope.practice.0),
            idempotency_keys::staff_id.eq(scope.staff.0),
            idempotency_keys::key.eq(key),
            idempotency_keys::operation.eq(operation),
            idempotency_keys::request_hash.eq(request_hash),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    if inserted == 1 {
        return Ok(Claim::Fresh);
    }
    type Row = (String, Vec<u8>, Option<i32>, Option<serde_json::Value>, Option<String>);
    let (stored_op, stored_hash, status, body, location): Row = k
        .select((
            idempotency_keys::operation,
            idempotency_keys::request_hash,
            idempotency_keys::response_status,
            idempotency_keys::response_body,
            idempotency_keys::response_location,
        ))
        .first(conn)
        .await?;
    if stored_op != operation || stored_hash != request_hash {
        return Ok(Claim::Mismatch);
    }
    Ok(match status {
        Some(status) => Claim::Replay(StoredResponse {
            status,
            body: body.unwrap_or_default(),
            location,
        }),
        None => Claim::InProgress,
    })
}

pub async fn complete(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    key: &str,
    response: &StoredResponse,
) -> Result<(), StoreError> {
    diesel::update(idempotency_keys::table.find((scope.practice.0, scope.staff.0, key)))
        .set((
            idempotency_keys::response_status.eq(response.status),
            idempotency_keys::response_body.eq(&response.body),
            idempotency_keys::response_location.eq(&response.location),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Gives a key back after the work failed on our side, so a retry can do it again.
pub async fn release(conn: &mut AsyncPgConnection, scope: Scope, key: &str) -> Result<(), StoreError> {
    diesel::delete(idempotency_keys::table.find((scope.practice.0, scope.staff.0, key)))
        .execute(conn)
        .await?;
    Ok(())
}
