//! Request bodies are read whole, up front, within a deadline: a client that sends its
//! headers and then part of a body (or nothing) is answered 408 and its connection closed,
//! instead of holding a connection and a worker's attention indefinitely. At most
//! `max_body_reads` bodies are being read at once; past that a request is answered 503 at
//! once, so slow senders cannot crowd out the rest. Bodies are small JSON (the limit is
//! [`crate::extract::JSON_LIMIT`]) or a client import's CSV ([`crate::extract::CSV_LIMIT`]),
//! so reading them here costs nothing the handlers would not spend anyway; handlers then
//! read the buffered bytes as before.

use crate::error::ApiError;
use crate::extract::{CSV_LIMIT, JSON_LIMIT};
use crate::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, ResponseError, web};
use futures_util::StreamExt;

/// Whether the request announces a body: a non-zero `Content-Length`, or chunked transfer.
fn has_body(req: &ServiceRequest) -> bool {
    let headers = req.headers();
    let chunked = headers
        .get(header::TRANSFER_ENCODING)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"chunked"));
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    chunked || length > 0
}

fn refuse(req: ServiceRequest, error: ApiError, close: bool) -> ServiceResponse<BoxBody> {
    let mut response = error.error_response();
    if close {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    req.into_response(response)
}

pub async fn read_body(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let Some(state) = state.filter(|_| has_body(&req)) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let Ok(permit) = state.body_reads.clone().try_acquire_owned() else {
        return Ok(refuse(req, ApiError::Busy, false));
    };
    // A CSV import has a limit of its own; every other body is JSON.
    let csv = req
        .mime_type()
        .ok()
        .flatten()
        .is_some_and(|m| m.essence_str() == "text/csv");
    let limit = if csv { CSV_LIMIT } else { JSON_LIMIT };
    let mut payload = req.take_payload();
    let read = async {
        let mut body = web::BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|e| ApiError::MalformedBody(e.to_string()))?;
            if body.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    };
    let body = match tokio::time::timeout(state.settings.body_timeout, read).await {
        Ok(Ok(body)) => body,
        Ok(Err(refused)) => return Ok(refuse(req, refused, true)),
        Err(_) => return Ok(refuse(req, ApiError::RequestTimeout, true)),
    };
    drop(permit);
    req.set_payload(Payload::from(body));
    Ok(next.call(req).await?.map_into_boxed_body())
}
