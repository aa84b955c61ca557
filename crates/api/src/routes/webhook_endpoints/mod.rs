//! Webhook endpoints (owners): registered with the URL and the event types they receive, the
//! signing secret shown once; changed, disabled, deleted; their secret rotated and their
//! delivery log read ([`deliveries`]). No API key may call these: an integration cannot point
//! the practice's events somewhere else.

pub mod body;
pub mod deliveries;

use crate::auth::Caller;
use crate::auth::caller::SECOND_FACTOR_REQUIRED;
use crate::error::{ApiError, FieldErrors};
use crate::extract::Json;
use crate::state::AppState;
use crate::webhooks::{mint_secret, seal};
use actix_web::{HttpResponse, delete, get, patch, post, web};
use body::{NewWebhookEndpoint, WebhookEndpointPatch, WebhookEndpointView, WebhookEndpointWithSecret};
use knead_domain::webhooks::{WebhookUrl, event_types};
use knead_persistence::second_factors;
use knead_persistence::webhooks::{self as store, Endpoint, EndpointChanges};
use uuid::Uuid;

fn description(raw: Option<String>, errors: &mut FieldErrors) -> Option<String> {
    let text = raw.map(|d| d.trim().to_owned()).filter(|d| !d.is_empty());
    if text.as_ref().is_some_and(|d| d.chars().count() > 500) {
        errors.push("/description", "must be at most 500 characters");
    }
    text
}

/// List the practice's webhook endpoints.
///
/// Newest first, without their secrets; a disabled endpoint says why the server disabled it.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "list_webhook_endpoints",
    security(("bearer" = [])),
    responses((status = 200, description = "The endpoints.", body = Vec<WebhookEndpointView>))
)]
#[get("/v1/webhook-endpoints")]
pub async fn list_webhook_endpoints(caller: Caller, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let mut conn = state.conn().await?;
    let now = state.settings.clock.now();
    let endpoints = store::list(&mut conn, caller.practice).await?;
    let views: Vec<_> = endpoints
        .into_iter()
        .map(|e| WebhookEndpointView::new(e, now))
        .collect();
    Ok(HttpResponse::Ok().json(views))
}

/// Register a webhook endpoint.
///
/// Events of the chosen types are POSTed to the URL, signed per Standard Webhooks with the
/// secret in this answer (shown only here; `Cache-Control: no-store`). The URL must be
/// `https` with no user name or password, and its host must not be a private, loopback,
/// link-local or other non-public address (422 naming `url`). Only a `clinical` endpoint may
/// receive `intake.*` and `note.*` events (422 naming `event_types`). Where the practice
/// requires two-factor sign-in, your login must have passed it (401 otherwise).
#[utoipa::path(
    tag = "webhooks",
    operation_id = "create_webhook_endpoint",
    security(("bearer" = [])),
    request_body = NewWebhookEndpoint,
    responses(
        (status = 201, description = "Created: copy the secret now.", body = WebhookEndpointWithSecret, headers(("Location" = String))),
    )
)]
#[post("/v1/webhook-endpoints")]
pub async fn create_webhook_endpoint(
    caller: Caller,
    state: web::Data<AppState>,
    body: Json<NewWebhookEndpoint>,
) -> Result<HttpResponse, ApiError> {
    caller.authorise()?;
    let input = body.0;
    let mut errors = FieldErrors::default();
    let url = errors.check("/url", WebhookUrl::parse(&input.url, &state.settings.webhooks.allow));
    let types = errors.check("/event_types", event_types(&input.event_types, input.clinical));
    let description = description(input.description, &mut errors);
    errors.finish()?;
    let (Some(url), Some(types)) = (url, types) else {
        return Err(ApiError::internal("validated fields missing"));
    };
    let mut conn = state.conn().await?;
    if !caller.second_factor && second_factors::required(&mut conn, caller.practice).await? {
        return Err(ApiError::Unauthorized(SECOND_FACTOR_REQUIRED));
    }
    let now = state.settings.clock.now();
    let id = Uuid::now_v7();
    let secret = mint_secret();
    let endpoint = Endpoint {
        practice_id: caller.practice.0,
        id,
        url: url.as_str().to_owned(),
        description,
        event_types: types.into_iter().map(Some).collect(),
        clinical: input.clinical,
        enabled: true,
        secret: seal(&state.settings.encryption, caller.practice, id, &secret),
        previous_secret: None,
        previous_secret_expires_at: None,
        consecutive_failures: 0,
        disabled_reason: None,
        created_by: caller.staff.0,
        created_at: now,
        updated_at: now,
    };
    store::insert(&mut conn, &endpoint).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/v1/webhook-endpoints/{id}")))
        .insert_header(("Cache-Control", "no-store"))
        .json(WebhookEndpointWithSecret {
            endpoint: WebhookEndpointView::new(endpoint, now),
            secret: secret.reveal(),
        }))
}

/// Get a webhook endpoint.
///
/// Its URL, event types, whether it is enabled (and, when the server disabled it, why); never
/// its secret.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "get_webhook_endpoint",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Webhook endpoint id")),
    responses((status = 200, description = "The endpoint.", body = WebhookEndpointView))
)]
#[get("/v1/webhook-endpoints/{id}")]
pub async fn get_webhook_endpoint(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let endpoint = caller
        .authorise_item(store::find(&mut conn, caller.practice, *id))
        .await?;
    Ok(HttpResponse::Ok().json(WebhookEndpointView::new(endpoint, state.settings.clock.now())))
}

/// Change a webhook endpoint.
///
/// Only the fields given change, under the same rules as at creation. `enabled: false` stops
/// deliveries: events meanwhile are not queued for the endpoint, and attempts already queued
/// wait until it is enabled again. Enabling an endpoint the server disabled clears
/// `disabled_reason`.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "update_webhook_endpoint",
    security(("bearer" = [])),
    request_body = WebhookEndpointPatch,
    params(("id" = Uuid, Path, description = "Webhook endpoint id")),
    responses((status = 200, description = "Updated.", body = WebhookEndpointView))
)]
#[patch("/v1/webhook-endpoints/{id}")]
pub async fn update_webhook_endpoint(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<WebhookEndpointPatch>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let current = caller
        .authorise_item(store::find(&mut conn, caller.practice, *id))
        .await?;
    let input = body.0;
    let mut errors = FieldErrors::default();
    let allow = &state.settings.webhooks.allow;
    let url = input
        .url
        .and_then(|raw| errors.check("/url", WebhookUrl::parse(&raw, allow)));
    let types = input
        .event_types
        .and_then(|t| errors.check("/event_types", event_types(&t, current.clinical)));
    let description = input.description.map(|d| description(Some(d), &mut errors));
    errors.finish()?;
    let now = state.settings.clock.now();
    let enabling = input.enabled == Some(true) && !current.enabled;
    let changes = EndpointChanges {
        url: url.map(|u| u.as_str().to_owned()),
        description,
        event_types: types.map(|t| t.into_iter().map(Some).collect()),
        enabled: input.enabled,
        disabled_reason: enabling.then_some(None),
        consecutive_failures: enabling.then_some(0),
        updated_at: Some(now),
    };
    let updated = store::update(&mut conn, caller.practice, current.id, &changes).await?;
    Ok(HttpResponse::Ok().json(WebhookEndpointView::new(updated, now)))
}

/// Delete a webhook endpoint.
///
/// Nothing more is delivered to it, and its delivery log goes with it.
#[utoipa::path(
    tag = "webhooks",
    operation_id = "delete_webhook_endpoint",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Webhook endpoint id")),
    responses((status = 204, description = "Deleted."))
)]
#[delete("/v1/webhook-endpoints/{id}")]
pub async fn delete_webhook_endpoint(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let endpoint = caller
        .authorise_item(store::find(&mut conn, caller.practice, *id))
        .await?;
    store::delete(&mut conn, caller.practice, endpoint.id).await?;
    Ok(HttpResponse::NoContent().finish())
}
