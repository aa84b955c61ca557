//! Login throttling with its state in PostgreSQL, so every replica sees the same counts.
//! A key (an account, or a client IP) that fails `max_failures` times within a window is
//! locked for `lockout`.

use crate::{StoreError, schema::login_throttles};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Interval, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// How long until the first of `keys` unlocks, if any of them is locked at `now`.
pub async fn locked_for(
    conn: &mut AsyncPgConnection,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<Option<Duration>, StoreError> {
    let until: Option<Option<DateTime<Utc>>> = login_throttles::table
        .filter(login_throttles::key.eq_any(keys))
        .filter(login_throttles::locked_until.gt(now))
        .select(diesel::dsl::max(login_throttles::locked_until))
        .first(conn)
        .await
        .optional()?;
    Ok(until.flatten().map(|t| t - now))
}

/// Counts one failure for `key` at `now`; locks it once `max_failures` fall inside one `window`.
pub async fn record_failure(
    conn: &mut AsyncPgConnection,
    key: &str,
    now: DateTime<Utc>,
    max_failures: i32,
    window: std::time::Duration,
    lockout: std::time::Duration,
) -> Result<(), StoreError> {
    let to_interval =
        |d: std::time::Duration| diesel::pg::data_types::PgInterval::from_microseconds(d.as_micros() as i64);
    diesel::sql_query(
        "INSERT INTO login_throttles AS t (key, window_started_at, failures, locked_until)
         VALUES ($1, $2, 1, CASE WHEN $3 <= 1 THEN $2 + $5 END)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.window_started_at + $4 < $2 THEN 1 ELSE t.failures + 1 END,
           window_started_at = CASE WHEN t.window_started_at + $4 < $2 THEN $2 ELSE t.window_started_at END,
           locked_until = CASE
             WHEN (CASE WHEN t.window_started_at + $4 < $2 THEN 1 ELSE t.failures + 1 END) >= $3
             THEN $2 + $5 ELSE t.locked_until END",
    )
    .bind::<Text, _>(key)
    .bind::<Timestamptz, _>(now)
    .bind::<Integer, _>(max_failures)
    .bind::<Interval, _>(to_interval(window))
    .bind::<Interval, _>(to_interval(lockout))
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets an account's failures after a successful login.
pub async fn clear(conn: &mut AsyncPgConnection, key: &str) -> Result<(), StoreError> {
    diesel::delete(login_throttles::table.find(key)).execute(conn).await?;
    Ok(())
}
