//! The per-request context: a request id (taken from a well-formed `X-Request-Id` or made
//! fresh), echoed in the response and carried by the tracing span of everything the request
//! logs; an access log line naming the route pattern (never the raw path, which may carry a
//! secret such as a calendar token); the guarantee that every error answer, including
//! the ones actix writes itself, is problem+json; and the security headers of every answer.
//! A `HEAD` is routed as the `GET` it stands for (RFC 9110 §9.3.2: the same answer without a
//! body, which the connection leaves out since the request line said HEAD), so every GET
//! operation answers HEAD as its `Allow` says, recorded and cached as that GET.
//! A writing request's id also reaches the database with every connection it checks out, for
//! the activity log (`knead_persistence::activity`).

use crate::error::{PROBLEM_JSON, Problem};
use crate::operations::Operations;
use crate::state::AppState;
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HeaderName, HeaderValue, REFERRER_POLICY,
    STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};
use knead_persistence::activity;
use knead_persistence::pool::counting_statements;
use std::time::Instant;
use tracing::Instrument;

pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being served, in request extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

fn incoming_id(req: &ServiceRequest) -> Option<String> {
    let raw = req.headers().get(&X_REQUEST_ID)?.to_str().ok()?;
    let ok = (1..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then(|| raw.to_owned())
}

pub async fn request_context(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, Error> {
    let id = incoming_id(&req).unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id, method = %req.method());
    let started = Instant::now();
    let method = req.method().clone();
    if method == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    // Only a request that may write carries its actor to the database: a read (which writes no
    // row the activity log records) then checks out connections without a statement of its own.
    let writes = !req.method().is_safe();
    let served = next.call(req).instrument(span.clone());
    let (response, statements) = if writes {
        counting_statements(activity::within(id.clone(), served)).await
    } else {
        counting_statements(served).await
    };
    let response = response?;
    let status = response.status();
    let route = response
        .request()
        .match_pattern()
        .unwrap_or_else(|| "(unmatched)".into());
    if let Some(state) = response.request().app_data::<web::Data<AppState>>() {
        state
            .metrics
            .observe(method.as_str(), &route, status.as_u16(), started.elapsed());
    }
    span.in_scope(|| {
        tracing::info!(
            status = status.as_u16(),
            route = %route,
            elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
            statements,
            "served"
        );
    });
    let mut response = ensure_problem(response);
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(X_REQUEST_ID, value);
    }
    Ok(response)
}

/// Rewrites an error answer that is not already problem+json (e.g. one actix wrote itself).
fn ensure_problem<B: MessageBody>(response: ServiceResponse<B>) -> ServiceResponse<EitherBody<B, BoxBody>> {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|ct| ct.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if status.as_u16() < 400 || is_problem {
        return response.map_into_left_body();
    }
    let problem = Problem {
        kind: "about:blank".into(),
        title: status.canonical_reason().unwrap_or("Error").into(),
        status: status.as_u16(),
        detail: None,
        errors: Vec::new(),
        conflicts: Vec::new(),
    };
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    let (req, mut res) = response.into_parts();
    res.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    let res = res.set_body(BoxBody::new(body));
    ServiceResponse::new(req, res).map_into_right_body()
}

/// Operations whose answers carry a secret (tokens, one-time links, feed URLs) or that the
/// public reaches through a secret URL. Clinical operations are added from the spec.
const NOT_STORED: &[&str] = &[
    "login",
    "refresh_token",
    "get_me",
    "get_draft_key",
    "verify_second_factor",
    "begin_enrolment_at_login",
    "confirm_enrolment_at_login",
    "begin_my_enrolment",
    "confirm_my_enrolment",
    "create_intake_link",
    "create_staff_link",
    "issue_client_calendar_feed",
    "issue_staff_calendar_feed",
    "get_calendar_feed",
    "get_public_intake",
    "submit_public_intake",
];

/// Swagger UI's page: its scripts are files of its own, but it inserts a `<style>` element
/// as it renders and its stylesheet embeds images as `data:` URLs. Scripts stay same-origin.
const DOCS_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// Headers every answer carries: `nosniff`; `no-referrer`, since intake and feed tokens live
/// in URLs; HSTS when the public URL is https; and `Cache-Control: no-store` on answers that
/// hold clinical content or a secret, so no browser or proxy cache keeps them.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let https = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| state.settings.public_url.to_ascii_lowercase().starts_with("https://"));
    let docs = req.path() == "/docs" || req.path().starts_with("/docs/");
    let mut response = next.call(req).await?;
    let not_stored = response
        .request()
        .app_data::<web::Data<Operations>>()
        .and_then(|ops| ops.of_request(response.request()))
        .is_some_and(|op| op.clinical || NOT_STORED.contains(&op.operation_id.as_str()));
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if https {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if not_stored {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if docs {
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(DOCS_POLICY));
    }
    Ok(response)
}
