//! The spec's top-level `webhooks` section: one entry per event type, each the POST a receiver
//! gets (Standard Webhooks headers, the event as its body), built from the domain's list of
//! types so that a new type cannot be left out.

use chrono::{DateTime, Utc};
use knead_domain::events::{EventResource, EventType};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa::openapi::path::{HttpMethod, Operation, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{ContentBuilder, PathItem, Paths, PathsBuilder, Ref, Required, ResponseBuilder};
use utoipa::openapi::{Object, Type};
use uuid::Uuid;

/// An event as a webhook delivers it (the request body).
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEvent {
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// When it happened (RFC 3339, milliseconds).
    pub timestamp: DateTime<Utc>,
    pub data: WebhookEventData,
}

/// The event's ids, and its type's allow-listed fields beside them (ids, times, statuses;
/// never free text nor clinical content).
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEventData {
    /// The event's id: the same as the `webhook-id` header, on every attempt.
    pub id: Uuid,
    pub resource_type: EventResource,
    pub resource_id: Uuid,
    /// The resource's version after the event, where it has one.
    pub version: Option<i64>,
}

fn header(name: &str, description: &str, example: &str) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(Required::True)
        .description(Some(description))
        .schema(Some(Object::with_type(Type::String)))
        .example(Some(serde_json::Value::from(example)))
        .build()
}

fn operation(event: EventType) -> Operation {
    let (what, fields) = event.describe();
    let scope = if event.is_clinical() {
        "Sent only to endpoints with the clinical scope."
    } else {
        "Sent to every endpoint subscribed to it."
    };
    let description = format!(
        "{what} `data` holds the event's `id`, `resource_type` (`{}`), `resource_id` and \
         `version`, and: {fields}. {scope} Fetch the resource with an API key for the rest.\n\n\
         Signed per Standard Webhooks: `webhook-signature` is `v1,` and the base64 HMAC-SHA256, \
         keyed with the endpoint's `whsec_` secret, of `webhook-id.webhook-timestamp.body`; \
         during a secret's rotation two signatures, space-separated. Any 2xx answer within 10 \
         seconds acknowledges it; anything else, a redirect included, is retried with \
         exponential backoff and jitter for about three days, with the same `webhook-id`.",
        event.resource().as_str()
    );
    OperationBuilder::new()
        .tag("webhooks")
        .operation_id(Some(format!("webhook_{}", event.as_str().replace('.', "_"))))
        .summary(Some(format!("The `{}` event", event.as_str())))
        .description(Some(description))
        .parameter(header(
            "webhook-id",
            "The event's id: receive each id once.",
            "01939f8e-7a4c-7d5e-9b1f-2f6d3c1a0b9e",
        ))
        .parameter(header(
            "webhook-timestamp",
            "Seconds since the Unix epoch when this attempt was signed: refuse one far from now.",
            "1764931200",
        ))
        .parameter(header(
            "webhook-signature",
            "`v1,<base64 signature>`, two space-separated during a secret's rotation.",
            "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
        ))
        .request_body(Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("WebhookEvent")))
                        .build(),
                )
                .build(),
        ))
        .response(
            "200",
            ResponseBuilder::new().description("Received (any 2xx acknowledges)."),
        )
        .response(
            "400",
            ResponseBuilder::new().description("Refused (any answer but a 2xx is retried, up to about three days)."),
        )
        .security(SecurityRequirement::default())
        .build()
}

/// One webhook per event type, named by the type.
pub fn paths() -> Paths {
    EventType::ALL
        .into_iter()
        .fold(PathsBuilder::new(), |paths, event| {
            paths.path(event.as_str(), PathItem::new(HttpMethod::Post, operation(event)))
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_type_has_its_webhook() {
        let paths = paths();
        for event in EventType::ALL {
            let item = paths.paths.get(event.as_str()).expect("listed");
            let post = item.post.as_ref().expect("a POST");
            assert!(
                post.description
                    .as_deref()
                    .is_some_and(|d| d.contains(event.resource().as_str()))
            );
        }
        assert_eq!(paths.paths.len(), EventType::ALL.len());
    }
}
