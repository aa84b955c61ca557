//! What the webhook endpoint operations read and write.

use chrono::{DateTime, Utc};
use knead_persistence::webhooks::{Delivery, Endpoint};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// An endpoint as owners see it: never its secret.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193c5a0-0000-7000-8000-00000000000b", "url": "https://hooks.example.com/knead",
    "description": "Bookings into the CRM", "event_types": ["booking.cancelled", "booking.created"],
    "clinical": false, "enabled": true, "disabled_reason": null, "secret_rotating_until": null,
    "created_at": "2026-12-03T10:00:00Z", "updated_at": "2026-12-03T10:00:00Z"
}))]
pub struct WebhookEndpointView {
    pub id: Uuid,
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<String>,
    /// Whether the endpoint receives clinical events (`intake.*`, `note.*`).
    pub clinical: bool,
    pub enabled: bool,
    /// Why the server disabled the endpoint (it failed too often); `null` when an owner did,
    /// or when it is enabled.
    pub disabled_reason: Option<String>,
    /// While a rotated-out secret still signs (each delivery then carries two signatures).
    pub secret_rotating_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl WebhookEndpointView {
    pub fn new(e: Endpoint, now: DateTime<Utc>) -> Self {
        Self {
            id: e.id,
            event_types: e.types(),
            url: e.url,
            description: e.description,
            clinical: e.clinical,
            enabled: e.enabled,
            disabled_reason: e.disabled_reason,
            secret_rotating_until: e.previous_secret_expires_at.filter(|at| *at > now),
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "url": "https://hooks.example.com/knead", "event_types": ["booking.created", "booking.cancelled"],
    "clinical": false, "description": "Bookings into the CRM"
}))]
pub struct NewWebhookEndpoint {
    /// An `https` URL whose host is a public address.
    #[schema(max_length = 2000)]
    pub url: String,
    /// The event types to receive; `intake.*` and `note.*` only when `clinical`.
    pub event_types: Vec<String>,
    /// Whether the endpoint may receive clinical events.
    pub clinical: bool,
    #[schema(max_length = 500)]
    pub description: Option<String>,
}

/// The fields to change; absent ones stay. Enabling an endpoint the server disabled clears its
/// `disabled_reason` and gives it a fresh count of failures.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": true}))]
pub struct WebhookEndpointPatch {
    #[schema(max_length = 2000)]
    pub url: Option<String>,
    pub event_types: Option<Vec<String>>,
    pub enabled: Option<bool>,
    #[schema(max_length = 500)]
    pub description: Option<String>,
}

/// An endpoint with its signing secret: shown this once (at creation or rotation).
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpointWithSecret {
    pub endpoint: WebhookEndpointView,
    /// `whsec_` and base64: the key the receiver verifies `webhook-signature` with.
    pub secret: String,
}

/// One attempt to deliver an event; never its body.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveryView {
    pub id: Uuid,
    /// The event's id: the `webhook-id` header, the same on every attempt.
    pub event_id: Uuid,
    pub event_type: String,
    pub attempt: i32,
    /// `pending` (due at `due_at`), `delivered` or `failed`.
    pub status: String,
    pub due_at: DateTime<Utc>,
    /// The status the receiver answered.
    pub response_status: Option<i32>,
    /// Why the attempt failed.
    pub error: Option<String>,
    pub attempted_at: Option<DateTime<Utc>>,
}

impl From<Delivery> for WebhookDeliveryView {
    fn from(d: Delivery) -> Self {
        Self {
            id: d.id,
            event_id: d.event_id,
            event_type: d.event_type,
            attempt: d.attempt,
            status: d.status,
            due_at: d.due_at,
            response_status: d.response_status,
            error: d.error,
            attempted_at: d.attempted_at,
        }
    }
}
