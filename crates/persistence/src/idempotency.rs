//! Idempotency keys for POSTs that create: the first request with a key does the work and its
//! answer is stored; a retry with the same key and body gets that answer again. Keys are
//! scoped by practice and principal (a staff member, or an API key) and expire after 24 hours.
//!
//! The key, the work and the stored answer commit in one transaction ([`run_once`]): a
//! request that dies half-way (database gone, process killed) leaves nothing, so its retry
//! does the work afresh, exactly once. A second request with the same key waits on the
//! first's uncommitted key row and then replays its answer.

use crate::connection::Transactional;
use crate::{StoreError, schema::idempotency_keys};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::{PracticeId, StaffId};

pub const LIFETIME_HOURS: i64 = 24;

/// Who owns a key.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub practice: PracticeId,
    pub staff: StaffId,
    /// The API key calling on the staff member's behalf, if one is.
    pub api_key: Option<uuid::Uuid>,
}

impl Scope {
    fn key_column(&self) -> uuid::Uuid {
        self.api_key.unwrap_or(uuid::Uuid::nil())
    }
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
    /// A key claimed but never answered: only rows written before claims and answers
    /// committed together can be in this state.
    InProgress,
}

/// What [`run_once`] did.
#[derive(Debug)]
pub enum Once<T> {
    /// The work ran and its answer is stored under the key.
    Done(T),
    /// The same request was answered before: its stored answer.
    Replay(StoredResponse),
    /// The key was used with another operation or body.
    Mismatch,
    /// See [`Claim::InProgress`].
    InProgress,
}

/// Claims `key` at `now`, runs `work` and stores its answer (`answer_of`), all in one
/// transaction. When `work` fails, nothing is kept and the key stays free.
#[allow(clippy::too_many_arguments)]
pub async fn run_once<C, T, E, F>(
    conn: &mut C,
    scope: Scope,
    now: DateTime<Utc>,
    key: &str,
    operation: &str,
    request_hash: &[u8],
    work: F,
    answer_of: impl FnOnce(&T) -> StoredResponse,
) -> Result<Once<T>, E>
where
    C: Transactional + ?Sized,
    F: AsyncFnOnce(&mut C) -> Result<T, E>,
    E: From<StoreError>,
{
    crate::transaction::run(conn, async move |conn| {
        match claim(conn.diesel(), scope, now, key, operation, request_hash).await? {
            Claim::Fresh => {
                let done = work(conn).await?;
                complete(conn.diesel(), scope, key, &answer_of(&done)).await?;
                Ok(Once::Done(done))
            }
            Claim::Replay(stored) => Ok(Once::Replay(stored)),
            Claim::Mismatch => Ok(Once::Mismatch),
            Claim::InProgress => Ok(Once::InProgress),
        }
    })
    .await
}

async fn claim(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    now: DateTime<Utc>,
    key: &str,
    operation: &str,
    request_hash: &[u8],
) -> Result<Claim, StoreError> {
    let k = idempotency_keys::table.find((scope.practice.0, scope.staff.0, scope.key_column(), key));
    // An expired key is forgotten, so it can be used afresh.
    diesel::delete(k.filter(idempotency_keys::created_at.lt(now - Duration::hours(LIFETIME_HOURS))))
        .execute(conn)
        .await?;
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::practice_id.eq(scope.practice.0),
            idempotency_keys::staff_id.eq(scope.staff.0),
            idempotency_keys::api_key_id.eq(scope.key_column()),
            idempotency_keys::key.eq(key),
            idempotency_keys::operation.eq(operation),
            idempotency_keys::request_hash.eq(request_hash),
            idempotency_keys::created_at.eq(now),
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

async fn complete(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    key: &str,
    response: &StoredResponse,
) -> Result<(), StoreError> {
    diesel::update(idempotency_keys::table.find((scope.practice.0, scope.staff.0, scope.key_column(), key)))
        .set((
            idempotency_keys::response_status.eq(response.status),
            idempotency_keys::response_body.eq(&response.body),
            idempotency_keys::response_location.eq(&response.location),
        ))
        .execute(conn)
        .await?;
    Ok(())
}
