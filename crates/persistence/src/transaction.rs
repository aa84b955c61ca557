//! One transaction around work that the caller composes from repository functions: the
//! handle a write uses when its steps must commit together or not at all (an idempotent
//! create and its stored answer). Repository functions that open transactions of their own
//! become savepoints inside it, so a refused insert can be rolled back and its reason read
//! within the same transaction.

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
