//! The delivery worker: every server runs one. It claims due attempts (`FOR UPDATE SKIP
//! LOCKED` with a lease, so several servers never make the same attempt), builds each
//! event's thin payload, signs it with the endpoint's secret (and, during a rotation, the
//! previous one), sends it, and records the outcome with the next attempt's time.

use super::send::{self, Answer, Signed};
use super::{WebhookSettings, open};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use knead_domain::PracticeId;
use knead_domain::webhooks::signing::signature_header;
use knead_persistence::webhooks::{self as store, Delivery, EventRow, Outcome};
use serde_json::{Map, Value, json};

/// Attempts claimed at once by one worker.
const BATCH: i64 = 16;

/// The body a receiver gets: the event's type and time, and its ids and allow-listed fields
/// (never free text nor clinical content: the receiver fetches the resource for more).
pub fn payload(event: &EventRow) -> Value {
    let mut data = match &event.data {
        Value::Object(fields) => fields.clone(),
        _ => Map::new(),
    };
    data.insert("id".into(), json!(event.id));
    data.insert("resource_type".into(), json!(event.resource_type));
    data.insert("resource_id".into(), json!(event.resource_id));
    data.insert("version".into(), json!(event.version));
    json!({
        "type": event.r#type,
        "timestamp": event.occurred_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": data,
    })
}

/// Claims and makes the attempts due now; returns how many it made.
pub async fn deliver_due(state: &AppState) -> Result<usize, crate::error::ApiError> {
    let settings = &state.settings.webhooks;
    let now = state.settings.clock.now();
    // A lease longer than an attempt can take, so a claimed row is not claimed twice.
    let lease = chrono::Duration::from_std(settings.timeout * 3).unwrap_or(chrono::Duration::seconds(60));
    let claimed = {
        let mut conn = state.conn().await?;
        store::claim_due(&mut conn, now, now + lease, BATCH).await?
    };
    let count = claimed.len();
    let attempts = claimed.into_iter().map(|d| deliver_one(state, d));
    for result in futures_util::future::join_all(attempts).await {
        if let Err(err) = result {
            tracing::warn!(%err, "webhook attempt not recorded");
        }
    }
    Ok(count)
}

async fn deliver_one(state: &AppState, delivery: Delivery) -> Result<(), crate::error::ApiError> {
    let settings: &WebhookSettings = &state.settings.webhooks;
    let practice = PracticeId(delivery.practice_id);
    let mut conn = state.conn().await?;
    let endpoint = store::find(&mut conn, practice, delivery.endpoint_id).await?;
    let event = store::event(&mut conn, practice, delivery.event_id).await?;
    drop(conn);
    let now = state.settings.clock.now();
    let answer = match signed(state, &endpoint, &event, now) {
        Some(signed) => send::attempt(&endpoint.url, &settings.allow, settings.timeout, &signed).await,
        None => Answer {
            status: None,
            error: Some("the endpoint's secret cannot be decrypted (KNEAD_ENCRYPTION_KEYS)".into()),
        },
    };
    let delivered = answer.delivered();
    let retry_at = (!delivered && delivery.attempt < settings.max_attempts).then(|| {
        now + chrono::Duration::from_std(settings.backoff(delivery.attempt)).unwrap_or(chrono::Duration::hours(1))
    });
    let outcome = Outcome {
        delivered,
        response_status: answer.status.map(i32::from),
        error: answer.error,
        retry_at,
    };
    if !delivered {
        tracing::info!(endpoint = %endpoint.id, event = %event.id, attempt = delivery.attempt,
            error = outcome.error.as_deref().unwrap_or(""), "webhook attempt failed");
    }
    let mut conn = state.conn().await?;
    store::record(
        &mut conn,
        &delivery,
        &outcome,
        state.settings.clock.now(),
        settings.disable_after,
    )
    .await?;
    Ok(())
}

fn signed(state: &AppState, endpoint: &store::Endpoint, event: &EventRow, now: DateTime<Utc>) -> Option<Signed> {
    let keys = &state.settings.encryption;
    let practice = PracticeId(endpoint.practice_id);
    let current = open(keys, practice, endpoint.id, &endpoint.secret)?;
    let previous = match (&endpoint.previous_secret, endpoint.previous_secret_expires_at) {
        (Some(sealed), Some(until)) if until > now => open(keys, practice, endpoint.id, sealed),
        _ => None,
    };
    let mut secrets = vec![&current];
    secrets.extend(previous.as_ref());
    let body = serde_json::to_vec(&payload(event)).ok()?;
    let id = event.id.to_string();
    let timestamp = now.timestamp();
    Some(Signed {
        signature: signature_header(&secrets, &id, timestamp, &body),
        id,
        timestamp,
        body,
    })
}

/// Runs [`deliver_due`] every poll interval for as long as the server runs (at once again
/// when a batch was full); a failed run is logged and retried at the next tick.
pub fn spawn(state: AppState) {
    actix_web::rt::spawn(async move {
        let mut ticks = actix_web::rt::time::interval(state.settings.webhooks.poll);
        loop {
            ticks.tick().await;
            loop {
                match deliver_due(&state).await {
                    Ok(made) if made as i64 == BATCH => continue,
                    Ok(_) => break,
                    Err(err) => {
                        tracing::warn!(%err, "webhook delivery run failed");
                        break;
                    }
                }
            }
        }
    });
}
