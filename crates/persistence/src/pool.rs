//! The async connection pool (deadpool over diesel-async), with every connection counting the
//! statements it sends: per request (for the access log, so an N+1 shows as a number) and in
//! total. A connection handed out carries the checking-out request's actor for the activity
//! log (see [`crate::activity`]).

use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel_async::pooled_connection::deadpool;
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

tokio::task_local! {
    static STATEMENTS: Cell<u64>;
}

static TOTAL: AtomicU64 = AtomicU64::new(0);

/// Statements sent by every pooled connection of this process so far.
pub fn statements_total() -> u64 {
    TOTAL.load(Ordering::Relaxed)
}

/// Runs `work`, counting the statements pooled connections send while it runs.
pub async fn counting_statements<F: Future>(work: F) -> (F::Output, u64) {
    STATEMENTS
        .scope(Cell::new(0), async {
            let out = work.await;
            (out, STATEMENTS.with(Cell::get))
        })
        .await
}

/// Each connection's counter, boxed by diesel once per connection. It is not zero-sized (it
/// keeps the connection's own count), so its box has an address of its own while the
/// connection lives: the activity log tells connections apart by it.
#[derive(Debug, Default)]
struct StatementCounter {
    sent: u64,
}

impl Instrumentation for StatementCounter {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event {
            self.sent += 1;
            TOTAL.fetch_add(1, Ordering::Relaxed);
            let _outside_a_request = STATEMENTS.try_with(|n| n.set(n.get() + 1));
        }
    }
}

pub type Pool = deadpool::Pool<AsyncPgConnection>;
pub type PooledConnection = deadpool::Object<AsyncPgConnection>;

/// How a pool behaves; `Options::default()` is the server's default configuration.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Connections in the pool.
    pub max_size: usize,
    /// How long a checkout waits for a free connection, and for a new connection to be made
    /// or an idle one checked, before the database counts as unavailable (503). A liveness
    /// bound: with the server down, connecting is refused at once; this caps a hung network
    /// or a pool that stays exhausted.
    pub timeout: Duration,
    /// PostgreSQL's `statement_timeout` on every pooled connection: a statement running (or
    /// waiting for a lock) longer is cancelled and the request answers 503. `None`: no bound.
    pub statement_timeout: Option<Duration>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            max_size: 16,
            timeout: Duration::from_millis(1000),
            statement_timeout: Some(Duration::from_secs(30)),
        }
    }
}

/// Builds a pool; no connection is made until the first checkout.
pub fn build(database_url: &str, options: Options) -> Result<Pool, crate::StoreError> {
    let mut config = ManagerConfig::<AsyncPgConnection>::default();
    let setup = options
        .statement_timeout
        .map(|t| format!("SET statement_timeout = {}", t.as_millis().max(1)));
    config.custom_setup = Box::new(move |url| {
        let url = url.to_owned();
        let setup = setup.clone();
        Box::pin(async move {
            let mut conn = AsyncPgConnection::establish(&url).await?;
            if let Some(sql) = setup {
                diesel_async::SimpleAsyncConnection::batch_execute(&mut conn, &sql)
                    .await
                    .map_err(|err| diesel::ConnectionError::BadConnection(err.to_string()))?;
            }
            conn.set_instrumentation(StatementCounter::default());
            crate::activity::fresh(&mut conn);
            crate::activity::apply(&mut conn)
                .await
                .map_err(|err| diesel::ConnectionError::BadConnection(err.to_string()))?;
            Ok(conn)
        })
    });
    // No `SELECT 1` on checkout: it doubled the statements of a one-row read. A connection whose
    // backend has gone (PostgreSQL restarted, backend terminated) is still dropped on return and
    // on checkout: `is_broken` sees the closed socket or a broken transaction without a round
    // trip. What a checkout may send is the activity log's actor, and only when the connection
    // does not hold it already (a writing request's; see `activity::apply`).
    config.recycling_method = RecyclingMethod::CustomFunction(Box::new(|conn| Box::pin(crate::activity::apply(conn))));
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(database_url, config);
    deadpool::Pool::builder(manager)
        .max_size(options.max_size)
        .wait_timeout(Some(options.timeout))
        .create_timeout(Some(options.timeout))
        .recycle_timeout(Some(options.timeout))
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
