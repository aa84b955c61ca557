//! Embedded migrations, run under a PostgreSQL advisory lock so that several replicas starting
//! at once apply each migration exactly once.
//!
//! diesel's migration harness is synchronous; it runs on a plain thread through
//! `AsyncConnectionWrapper`, never on the async runtime's threads.

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

/// The advisory lock key held while migrating ("knead" in ASCII).
const MIGRATION_LOCK: i64 = 0x006b_6e65_6164;

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("advisory lock: {0}")]
    Lock(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("migration thread died")]
    Thread,
}

/// Applies pending migrations and returns their names. Blocks; call from a plain thread or
/// through [`run`].
pub fn run_blocking(database_url: &str) -> Result<Vec<String>, MigrateError> {
    let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(database_url)?;
    conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map(|versions| versions.iter().map(ToString::to_string).collect())
        .map_err(|err| MigrateError::Migration(err.to_string()));
    conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))?;
    applied
}

/// Applies pending migrations from async code without blocking the runtime, then the one-time
/// steps that need the application's own code: sealing the amendment chains of notes signed
/// before amendments were chained (`notes::seal_unchained`; hashes are computed in Rust only).
pub async fn run(database_url: &str) -> Result<Vec<String>, MigrateError> {
    let url = database_url.to_owned();
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = tx.send(run_blocking(&url));
    });
    let applied = rx.await.map_err(|_| MigrateError::Thread)??;
    let mut conn = <AsyncPgConnection as diesel_async::AsyncConnection>::establish(database_url).await?;
    crate::notes::seal_unchained(&mut conn)
        .await
        .map_err(|err| MigrateError::Migration(format!("sealing amendment chains: {err}")))?;
    Ok(applied)
}

/// Reverts the newest `count` migrations. For tests of a migration's backfill; never run by
/// the app.
pub fn revert_last_blocking(database_url: &str, count: usize) -> Result<Vec<String>, MigrateError> {
    let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(database_url)?;
    (0..count)
        .map(|_| {
            conn.revert_last_migration(MIGRATIONS)
                .map(|version| version.to_string())
                .map_err(|err| MigrateError::Migration(err.to_string()))
        })
        .collect()
}

/// Reverts every migration (newest first). For the up → down → up test; never run by the app.
pub fn revert_all_blocking(database_url: &str) -> Result<usize, MigrateError> {
    let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(database_url)?;
    conn.revert_all_migrations(MIGRATIONS)
        .map(|reverted| reverted.len())
        .map_err(|err| MigrateError::Migration(err.to_string()))
}
