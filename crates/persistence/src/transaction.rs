//! One transaction around work composed from repository functions: the handle every write
//! uses when its steps must commit together or not at all (a booking with its checks, a
//! login, a password change with the revocation of every login, an idempotent create and its
//! stored answer). Persistence owns every transaction: the api crate opens none of its own
//! and passes its opaque [`crate::Connection`] in; a nested `run` (or a repository function's
//! own transaction) becomes a savepoint, so a refused insert can be rolled back and its reason
//! read within the same transaction.
//!
//! Rows a write must add in its own transaction that depend on what the write means are to
//! be added here, so that they commit with the change that causes them or not at all;
//! `tests/tests/structure.rs` keeps the api crate free of diesel, so it cannot open a
//! transaction any other way. Not every write
//! passes through `run`, though: a repository's single statement commits on its own. The
//! change feed therefore is not written here but by PostgreSQL AFTER row triggers on each
//! mirrored table ([`crate::changes`]), which no statement can bypass, inside or outside `run`;
//! so are the events outbox ([`crate::events`]) and the activity log ([`crate::activity`]).

use crate::StoreError;
use crate::connection::Transactional;
use diesel_async::{AnsiTransactionManager, TransactionManager};

/// Runs `work` in a transaction: committed when it returns `Ok`, rolled back otherwise.
/// Unlike diesel-async's own `transaction`, the work need not be `Send`. `C` is the diesel
/// connection inside this crate, or the opaque [`crate::Connection`] for work composed
/// above it (an idempotent create).
pub async fn run<C, T, E, F>(conn: &mut C, work: F) -> Result<T, E>
where
    C: Transactional + ?Sized,
    F: AsyncFnOnce(&mut C) -> Result<T, E>,
    E: From<StoreError>,
{
    AnsiTransactionManager::begin_transaction(conn.diesel())
        .await
        .map_err(|e| E::from(StoreError::from(e)))?;
    match work(conn).await {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(conn.diesel())
                .await
                .map_err(|e| E::from(StoreError::from(e)))?;
            Ok(value)
        }
        Err(err) => {
            // A failed rollback leaves the connection marked broken; the pool then drops it.
            if let Err(rollback) = AnsiTransactionManager::rollback_transaction(conn.diesel()).await {
                tracing::warn!(%rollback, "rollback failed");
            }
            Err(err)
        }
    }
}
