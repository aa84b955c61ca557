//! The async connection pool (deadpool over diesel-async).

use diesel_async::AsyncPgConnection;
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
use diesel_async::pooled_connection::deadpool;

pub type Pool = deadpool::Pool<AsyncPgConnection>;
pub type PooledConnection = deadpool::Object<AsyncPgConnection>;

/// Builds a pool; no connection is made until the first checkout.
pub fn build(database_url: &str, max_size: usize) -> Result<Pool, crate::StoreError> {
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(database_url);
    deadpool::Pool::builder(manager)
        .max_size(max_size)
        .wait_timeout(Some(std::time::Duration::from_secs(5)))
        .runtime(::deadpool::Runtime::Tokio1)
        .build()
        .map_err(|err| crate::StoreError::Pool(err.to_string()))
}

/// Checks out a connection and runs a trivial query: the readiness probe.
pub async fn ping(pool: &Pool) -> Result<(), crate::StoreError> {
    use diesel_async::RunQueryDsl;
    let mut conn = pool.get().await?;
    diesel::sql_query("SELECT 1").execute(&mut conn).await?;
    Ok(())
}
