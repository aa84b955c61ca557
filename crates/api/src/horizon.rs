//! The horizon job: series are booked a year ahead, and as time passes the server books the
//! occurrences that come into that year. Each run is idempotent (a series is extended under its
//! row lock, and an occurrence already booked is never booked twice), so several servers may
//! run it at once.

use crate::state::AppState;
use std::time::Duration;

/// Books the occurrences that came into the horizon; returns how many rows it wrote.
pub async fn extend_once(state: &AppState) -> Result<usize, crate::error::ApiError> {
    let mut conn = state.conn().await?;
    let now = state.settings.clock.now();
    Ok(knead_persistence::series::horizon::extend_due(&mut conn, now).await?)
}

/// Runs [`extend_once`] now and then every `every`, on the server's runtime, for as long as
/// the server runs; a failed run is logged and retried at the next tick.
pub fn spawn(state: AppState, every: Duration) {
    actix_web::rt::spawn(async move {
        let mut ticks = actix_web::rt::time::interval(every);
        loop {
            ticks.tick().await;
            match extend_once(&state).await {
                Ok(booked) => tracing::info!(booked, "series horizon extended"),
                Err(err) => tracing::warn!(%err, "series horizon extension failed"),
            }
        }
    });
}
