//! What every handler shares, and the settings it is built from.

use crate::auth::{Passwords, TokenKeys, ValidAfterCache};
use knead_persistence::Pool;
use std::net::IpAddr;

/// Login throttling limits: failures per window before a lockout.
#[derive(Debug, Clone)]
pub struct ThrottleSettings {
    pub account_failures: i32,
    pub ip_failures: i32,
    /// Failed one-time-link lookups (public intake) per client IP.
    pub link_failures: i32,
    pub window: std::time::Duration,
    pub lockout: std::time::Duration,
    /// Password-reset requests per address within a window before a lockout.
    pub reset_account_requests: i32,
    /// Password-reset requests per client IP within a window before a lockout.
    pub reset_ip_requests: i32,
}

impl Default for ThrottleSettings {
    fn default() -> Self {
        let fifteen = std::time::Duration::from_secs(15 * 60);
        Self {
            account_failures: 5,
            ip_failures: 50,
            link_failures: 20,
            window: fifteen,
            lockout: fifteen,
            reset_account_requests: 5,
            reset_ip_requests: 20,
        }
    }
}

/// Settings the app needs beyond the database.
#[derive(Debug, Clone)]
pub struct Settings {
    pub jwt_secret: Vec<u8>,
    /// The keys that encrypt secrets at rest (`KNEAD_ENCRYPTION_KEYS`).
    pub encryption: crate::encryption::Keyring,
    /// Proxies whose `X-Forwarded-For` is believed; empty: the peer address is the client.
    pub trusted_proxies: Vec<IpAddr>,
    /// Base URL the one-time links point at (the frontend).
    pub public_url: String,
    pub throttle: ThrottleSettings,
    /// How many password hashes may run at once.
    pub hash_concurrency: usize,
    /// The built frontend served at `/`, when there is one.
    pub frontend_dir: Option<std::path::PathBuf>,
    /// Origins allowed to call the API from a browser (a frontend on its own origin).
    pub cors_origins: Vec<String>,
    /// What "now" is (the system clock but in tests).
    pub clock: crate::clock::Clock,
    /// How long a request body may take to arrive before the answer is 408.
    pub body_timeout: std::time::Duration,
    /// Request bodies read at once; past that a request is answered 503 at once.
    pub max_body_reads: usize,
    /// Requests a minute each API key may make, per replica (see `auth::rate_limit`).
    pub api_key_requests_per_minute: u32,
    /// How webhooks are delivered, and where they may go.
    pub webhooks: crate::webhooks::WebhookSettings,
    /// How email is sent (`KNEAD_SMTP_URL`, `KNEAD_MAIL_DIR`, `KNEAD_MAIL_FROM`).
    pub mail: crate::mail::MailSettings,
}

#[derive(Clone)]
pub struct AppState {
    /// The primary: every write, and every read that is not routed (see [`crate::replica`]).
    pub pool: Pool,
    /// A streaming replica for the reads that may lag (`KNEAD_READ_DATABASE_URL`); `None`:
    /// every read goes to `pool`.
    pub read_pool: Option<crate::replica::ReadPool>,
    /// Each server thread's connection to the primary for one-statement reads by key, shared
    /// by the requests the thread serves at once (see `knead_persistence::shared_reads`).
    pub shared_reads: knead_persistence::SharedReads,
    pub tokens: TokenKeys,
    pub challenges: crate::auth::challenge::Challenges,
    pub passwords: Passwords,
    pub accounts: ValidAfterCache,
    /// Per-API-key rate limits (this replica's).
    pub key_limits: crate::auth::rate_limit::KeyLimiter,
    pub settings: std::sync::Arc<Settings>,
    /// Permits for reading request bodies (see [`crate::body_deadline`]).
    pub body_reads: std::sync::Arc<tokio::sync::Semaphore>,
    /// Request counts and latencies, pool and outbox gauges (served by [`crate::metrics`]).
    pub metrics: std::sync::Arc<crate::metrics::Metrics>,
}

impl AppState {
    pub fn new(pool: Pool, settings: Settings) -> Result<Self, crate::auth::passwords::PasswordError> {
        Ok(Self {
            shared_reads: knead_persistence::SharedReads::new(pool.clone()),
            pool,
            read_pool: None,
            tokens: TokenKeys::new(&settings.jwt_secret),
            challenges: crate::auth::challenge::Challenges::new(&settings.jwt_secret),
            passwords: Passwords::new(settings.hash_concurrency)?,
            accounts: ValidAfterCache::default(),
            key_limits: crate::auth::rate_limit::KeyLimiter::new(settings.api_key_requests_per_minute),
            body_reads: std::sync::Arc::new(tokio::sync::Semaphore::new(settings.max_body_reads.max(1))),
            settings: std::sync::Arc::new(settings),
            metrics: std::sync::Arc::new(crate::metrics::Metrics::new()),
        })
    }
}

impl AppState {
    /// The same state with a replica's pool for the reads that may lag.
    pub fn with_read_pool(self, pool: Pool) -> Self {
        Self {
            read_pool: Some(crate::replica::ReadPool::new(pool)),
            ..self
        }
    }

    /// A pooled connection to the primary; pool exhaustion or a lost database is an internal error.
    pub async fn conn(&self) -> Result<knead_persistence::Connection, crate::error::ApiError> {
        Ok(knead_persistence::checkout(&self.pool).await?)
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("pool", &self.pool.status())
            .field(
                "read_pool",
                &self.read_pool.as_ref().map(crate::replica::ReadPool::status),
            )
            .finish_non_exhaustive()
    }
}
