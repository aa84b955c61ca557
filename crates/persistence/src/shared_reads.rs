//! One connection per server thread for single-statement reads, shared by every request that
//! thread serves at once: their statements go out pipelined on one socket (diesel-async runs a
//! query through a shared reference), one backend answers them back to back, and no request
//! waits for or checks out a pooled connection. For reads that need no session state and no
//! transaction (a resource by its key); everything else takes a pooled connection.
//!
//! The connection is made on its thread by the pool's manager (so it is set up as pooled ones
//! are: statement timeout, statement counting) and lives outside the pool. Made there, its
//! driver (the task that reads and writes its socket) runs on that thread too: a pooled
//! connection's driver stays on whichever thread first made it, and every statement then
//! crosses threads twice, the wake-ups costing more than the statement. One that fails with the
//! database unavailable is dropped and the read tried once on a fresh one, so a PostgreSQL
//! restart costs no request an error when the server is back.

use crate::StoreError;
use crate::pool::Pool;
use ::deadpool::managed::Manager;
use diesel_async::AsyncPgConnection;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

thread_local! {
    /// This thread's shared connection of each [`SharedReads`] (by its id): a server has one;
    /// a test process may run several servers on one thread.
    static SHARED: RefCell<HashMap<u64, Rc<AsyncPgConnection>>> = RefCell::new(HashMap::new());
}

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// How long making a shared connection may take when the pool sets no bound of its own.
const CONNECT_LIMIT: std::time::Duration = std::time::Duration::from_secs(1);

/// The shared connections of one pool (one per thread that reads through it).
#[derive(Clone)]
pub struct SharedReads {
    id: u64,
    pool: Pool,
}

impl std::fmt::Debug for SharedReads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedReads")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl SharedReads {
    pub fn new(pool: Pool) -> Self {
        Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            pool,
        }
    }

    async fn connection(&self) -> Result<Rc<AsyncPgConnection>, StoreError> {
        if let Some(conn) = SHARED.with(|s| s.borrow().get(&self.id).cloned()) {
            return Ok(conn);
        }
        let made = self.pool.manager().create();
        let limit = self.pool.timeouts().create.unwrap_or(CONNECT_LIMIT);
        let taken = match tokio::time::timeout(limit, made).await {
            Ok(Ok(conn)) => conn,
            Ok(Err(err)) => return Err(StoreError::Unavailable(format!("cannot connect: {err}"))),
            Err(_) => return Err(StoreError::Unavailable(format!("cannot connect within {limit:?}"))),
        };
        // Another request of this thread may have made one meanwhile: use the first.
        Ok(SHARED.with(|s| s.borrow_mut().entry(self.id).or_insert_with(|| Rc::new(taken)).clone()))
    }

    fn forget(&self, conn: &Rc<AsyncPgConnection>) {
        SHARED.with(|s| {
            let mut slots = s.borrow_mut();
            if slots.get(&self.id).is_some_and(|c| Rc::ptr_eq(c, conn)) {
                slots.remove(&self.id);
            }
        });
    }

    /// Runs `read` (one statement, no transaction) on this thread's shared connection.
    pub async fn read<T>(
        &self,
        read: impl AsyncFn(&AsyncPgConnection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let conn = self.connection().await?;
        match read(&conn).await {
            Err(StoreError::Unavailable(_)) => {
                self.forget(&conn);
                let fresh = self.connection().await?;
                let answer = read(&fresh).await;
                if matches!(answer, Err(StoreError::Unavailable(_))) {
                    self.forget(&fresh);
                }
                answer
            }
            answer => answer,
        }
    }
}
