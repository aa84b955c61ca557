//! Lookups of a client's one-time link (an intake form, a manage-booking page), throttled per
//! client address: a token that finds nothing counts as a failure, and past
//! `KNEAD_LINK_IP_FAILURES` within the window the address waits (429) before trying again.

use crate::audit::client_ip;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::HttpRequest;
use knead_persistence::{Connection, throttle};
use std::time::Duration;

/// The window failures are counted in, and how long a locked address then waits.
const WINDOW: Duration = Duration::from_secs(15 * 60);

/// One client address's lookups of one kind of link.
#[derive(Debug)]
pub struct LinkThrottle {
    key: String,
}

impl LinkThrottle {
    /// The address's throttle for links of `kind` (`intake`, `manage`); 429 while it is locked.
    pub async fn check(
        req: &HttpRequest,
        state: &AppState,
        conn: &mut Connection,
        kind: &str,
    ) -> Result<Self, ApiError> {
        let ip = client_ip(req, &state.settings.trusted_proxies).map_or_else(|| "unknown".into(), |ip| ip.to_string());
        let key = format!("{kind}-ip:{ip}");
        let now = state.settings.clock.now();
        if let Some(wait) = throttle::locked_for(conn, std::slice::from_ref(&key), now).await? {
            return Err(ApiError::TooManyRequests {
                retry_after: wait.num_seconds().max(1) as u64,
            });
        }
        Ok(Self { key })
    }

    /// Counts a token that found nothing, and answers what the client gets for it (404).
    pub async fn missed(self, state: &AppState, conn: &mut Connection) -> Result<ApiError, ApiError> {
        let limit = state.settings.throttle.link_failures;
        throttle::record_failure(conn, &self.key, state.settings.clock.now(), limit, WINDOW, WINDOW).await?;
        Ok(ApiError::NotFound)
    }
}
