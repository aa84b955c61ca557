//! An endpoint's secret rotation and its delivery log.

use super::body::{WebhookDeliveryView, WebhookEndpointView, WebhookEndpointWithSecret};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::webhooks::{mint_secret, seal};
use actix_web::{HttpResponse, get, post, web};
use knead_persistence::webhooks as store;
use uuid::Uuid;

/// The attempts a delivery log shows, newest first.
const LOG_LENGTH: i64 = 200;

/// Rotate a webhook endpoint's signing secret.
///
/// Answers the new secret, once. For the next 24 hours each delivery carries two signatures,
/// one with the new secret and one with the previous, so the receiver can switch without
/// missing an event; after that only the new one signs.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "rotate_webhook_secret",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Webhook endpoint id")),
    responses((status = 200, description = "Rotated: copy the new secret now.", body = WebhookEndpointWithSecret))
)]
#[post("/v1/webhook-endpoints/{id}/rotate-secret")]
pub async fn rotate_webhook_secret(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let endpoint = caller
        .authorise_item(store::find(&mut conn, caller.practice, *id))
        .await?;
    let now = state.settings.clock.now();
    let secret = mint_secret();
    let sealed = seal(&state.settings.encryption, caller.practice, endpoint.id, &secret);
    let until = now + state.settings.webhooks.rotation_overlap;
    let rotated = store::rotate_secret(
        &mut conn,
        caller.practice,
        endpoint.id,
        &sealed,
        &endpoint.secret,
        until,
        now,
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(WebhookEndpointWithSecret {
            endpoint: WebhookEndpointView::new(rotated, now),
            secret: secret.reveal(),
        }))
}

/// List a webhook endpoint's delivery attempts.
///
/// The latest 200 attempts, newest first: the event and its type, the attempt's number, its
/// status (`pending` until made), the receiver's answer or why there was none, and when. Bodies
/// are never stored.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "list_webhook_deliveries",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Webhook endpoint id")),
    responses((status = 200, description = "The attempts.", body = Vec<WebhookDeliveryView>))
)]
#[get("/v1/webhook-endpoints/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let endpoint = caller
        .authorise_item(store::find(&mut conn, caller.practice, *id))
        .await?;
    let log = store::deliveries(&mut conn, caller.practice, endpoint.id, LOG_LENGTH).await?;
    Ok(HttpResponse::Ok().json(log.into_iter().map(WebhookDeliveryView::from).collect::<Vec<_>>()))
}

/// Deliver an event again.
///
/// Queues the event of this attempt for its endpoint once more, as a new first attempt due
/// now (with the same `webhook-id`, so a receiver that already has it can tell).
#[utoipa::path(
    tag = "webhooks",
    operation_id = "redeliver_webhook",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Delivery attempt id (from the delivery log)")),
    responses((status = 202, description = "Queued.", body = WebhookDeliveryView))
)]
#[post("/v1/webhook-endpoints/deliveries/{id}/redeliver")]
pub async fn redeliver_webhook(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let delivery = caller
        .authorise_item(store::find_delivery(&mut conn, caller.practice, *id))
        .await?;
    let queued = store::redeliver(&mut conn, &delivery, state.settings.clock.now()).await?;
    Ok(HttpResponse::Accepted().json(WebhookDeliveryView::from(queued)))
}
