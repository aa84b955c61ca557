//! Reads on a streaming replica (`KNEAD_READ_DATABASE_URL`; docs/scaling.md section 3). The
//! handlers of the calendar, availability, lists, reports and calendar feeds check out with
//! [`AppState::read_conn`]; everything else, writes first, keeps [`AppState::conn`] (the
//! primary). A write's answer carries the primary's WAL position in `Knead-Lsn`
//! ([`commit_lsn`]); a read that sends one back is served by the replica only once the
//! replica has replayed that far, else by the primary. No state in the process: any API
//! process behind a balancer routes the same read the same way.
//!
//! A replica that cannot be reached, or errs while asked how far it has replayed, is never
//! the caller's problem: the read goes to the primary, and the replica is left alone for a
//! few seconds ([`RESTING`]) so that a dead host does not cost each read a connect timeout.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpRequest, web};
use knead_persistence::replication::{self, Lsn};
use knead_persistence::{Connection, Pool};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The response header naming how far a write reached in the primary's WAL, and the request
/// header a client echoes (the highest it has seen) to read its own writes.
pub const KNEAD_LSN: HeaderName = HeaderName::from_static("knead-lsn");

/// How long the replica is passed over after a checkout from its pool failed.
pub const RESTING: Duration = Duration::from_secs(5);

/// The replica's pool, and until when it is passed over.
#[derive(Clone)]
pub struct ReadPool {
    pool: Pool,
    resting_until: Arc<Mutex<Option<Instant>>>,
}

impl std::fmt::Debug for ReadPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadPool")
            .field("pool", &self.pool.status())
            .field("resting", &self.resting())
            .finish()
    }
}

impl ReadPool {
    pub fn new(pool: Pool) -> Self {
        Self {
            pool,
            resting_until: Arc::new(Mutex::new(None)),
        }
    }

    pub fn status(&self) -> deadpool::Status {
        self.pool.status()
    }

    fn resting(&self) -> bool {
        self.resting_until
            .lock()
            .map(|until| until.is_some_and(|t| Instant::now() < t))
            .unwrap_or(false)
    }

    fn rest(&self) {
        if let Ok(mut until) = self.resting_until.lock() {
            *until = Some(Instant::now() + RESTING);
        }
    }

    /// A replica connection fit for `wanted`, or `None`: the read goes to the primary.
    async fn serving(&self, wanted: Wanted) -> Option<Connection> {
        let past = match wanted {
            Wanted::Primary => return None,
            Wanted::Anything => None,
            Wanted::Past(lsn) => Some(lsn),
        };
        if self.resting() {
            return None;
        }
        let mut conn = match knead_persistence::checkout(&self.pool).await {
            Ok(conn) => conn,
            Err(err) => {
                tracing::warn!(%err, "replica unavailable: reading from the primary");
                self.rest();
                return None;
            }
        };
        let Some(lsn) = past else {
            return Some(conn);
        };
        match replication::replayed(&mut conn, lsn).await {
            Ok(true) => Some(conn),
            Ok(false) => None,
            Err(err) => {
                tracing::warn!(%err, "replica did not say how far it replayed: reading from the primary");
                None
            }
        }
    }
}

/// What a read asks of the server that answers it.
#[derive(Debug, Clone, Copy)]
enum Wanted {
    /// No `Knead-Lsn`: any replica, however far behind.
    Anything,
    /// A server that has replayed past the write the client saw last.
    Past(Lsn),
    /// A `Knead-Lsn` that names no position: only the primary is sure to be fresh enough.
    Primary,
}

fn wanted(req: &HttpRequest) -> Wanted {
    match req.headers().get(KNEAD_LSN) {
        None => Wanted::Anything,
        Some(value) => match value.to_str().ok().and_then(Lsn::parse) {
            Some(lsn) => Wanted::Past(lsn),
            None => Wanted::Primary,
        },
    }
}

impl AppState {
    /// A connection for a read that a replica may serve: the replica's when one is configured,
    /// reachable, and (when the request carries `Knead-Lsn`) has replayed past it; otherwise
    /// the primary's. Never for a read that a write follows (single resources whose ETag
    /// feeds `If-Match`), nor for anything that writes.
    pub async fn read_conn(&self, req: &HttpRequest) -> Result<Connection, ApiError> {
        if let Some(replica) = &self.read_pool
            && let Some(conn) = replica.serving(wanted(req)).await
        {
            return Ok(conn);
        }
        self.conn().await
    }
}

/// After a successful write, when a replica is configured: `Knead-Lsn` with the primary's
/// WAL position, read after the handler's transaction (and a clinical call's audit event)
/// committed, so at or past them. Without a replica no header and no statement. A write
/// whose position cannot be read is answered without it (it has committed; the client's
/// reads then go by the last position it holds).
pub async fn commit_lsn(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let writes = !req.method().is_safe();
    let mut response = next.call(req).await?;
    if !writes || !response.status().is_success() {
        return Ok(response);
    }
    let Some(state) = response.request().app_data::<web::Data<AppState>>().cloned() else {
        return Ok(response);
    };
    if state.read_pool.is_none() {
        return Ok(response);
    }
    let position = match state.conn().await {
        Ok(mut conn) => replication::written_up_to(&mut conn).await.map_err(ApiError::from),
        Err(err) => Err(err),
    };
    match position.map(|lsn| HeaderValue::from_str(&lsn.to_string())) {
        Ok(Ok(value)) => {
            response.headers_mut().insert(KNEAD_LSN, value);
        }
        Ok(Err(err)) => tracing::warn!(%err, "write answered without Knead-Lsn"),
        Err(err) => tracing::warn!(%err, "write answered without Knead-Lsn"),
    }
    Ok(response)
}
