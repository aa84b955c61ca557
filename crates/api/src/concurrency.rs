//! Shared concurrency controls: strong ETags from a record's version with `If-Match` required
//! on updates (428 when missing, 412 when stale), and `Idempotency-Key` on POSTs that create.

use crate::auth::Caller;
use crate::auth::secrets::digest;
use crate::error::{ApiError, FieldError};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName};
use actix_web::{HttpRequest, HttpResponse};
use knead_persistence::idempotency::{self, Once, Scope, StoredResponse};
use knead_persistence::{Connection, transaction};
use serde::Serialize;

pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// For updates where `If-Match` is optional: the version it names, or `None` when it is absent,
/// empty or `*`.
pub fn optional_if_match(req: &HttpRequest) -> Result<Option<i64>, ApiError> {
    let given = req
        .headers()
        .get(header::IF_MATCH)
        .is_some_and(|v| !v.as_bytes().trim_ascii().is_empty());
    if given { if_match(req) } else { Ok(None) }
}

/// The strong ETag of a record at `version`.
pub fn etag(version: i64) -> String {
    format!("\"v{version}\"")
}

/// The version an update expects, from `If-Match`; `None` for `If-Match: *` (any version).
pub fn if_match(req: &HttpRequest) -> Result<Option<i64>, ApiError> {
    let raw = req
        .headers()
        .get(header::IF_MATCH)
        .ok_or(ApiError::PreconditionRequired)?
        .to_str()
        .unwrap_or("\u{1}");
    // An empty header names no version: the same as a missing one.
    if raw.trim().is_empty() {
        return Err(ApiError::PreconditionRequired);
    }
    if raw.trim() == "*" {
        return Ok(None);
    }
    let digits = raw
        .trim()
        .strip_prefix("\"v")
        .and_then(|v| v.strip_suffix('"'))
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| {
            ApiError::BadParameters(vec![FieldError::parameter(
                "If-Match",
                "must be an ETag this API issued (\"v<number>\") or *",
            )])
        })?;
    // A version too large to exist is simply not the current one.
    digits.parse().map(Some).map_err(|_| ApiError::PreconditionFailed)
}

/// 200 with the body and its ETag.
pub fn with_etag<T: Serialize>(version: i64, body: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

/// What a creating handler answers: status, body, `Location`.
#[derive(Debug)]
pub struct Created {
    pub body: serde_json::Value,
    pub location: String,
    pub etag: Option<String>,
}

impl Created {
    pub fn new<T: Serialize>(body: &T, location: String, version: Option<i64>) -> Result<Self, ApiError> {
        Ok(Self {
            body: serde_json::to_value(body).map_err(ApiError::internal)?,
            location,
            etag: version.map(etag),
        })
    }

    fn respond(self, replayed: bool) -> HttpResponse {
        let mut res = HttpResponse::Created();
        res.insert_header((header::LOCATION, self.location));
        if let Some(tag) = self.etag {
            res.insert_header((header::ETAG, tag));
        }
        if replayed {
            res.insert_header(("Idempotent-Replayed", "true"));
        }
        res.json(self.body)
    }
}

pub fn key_of(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(raw) = req.headers().get(&IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = raw.to_str().unwrap_or("");
    let ok = (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(Some(key.to_owned()))
    } else {
        Err(ApiError::BadParameters(vec![FieldError::parameter(
            "Idempotency-Key",
            "must be 1-255 visible ASCII characters",
        )]))
    }
}

/// Runs `create` in one transaction, at most once per `Idempotency-Key`: a retry with the
/// same key and body gets the first answer again; the same key with another body is a 422.
/// The key, the created rows and the stored answer commit together, so a request that never
/// answered (database gone, server killed) left nothing and its retry creates the record
/// once. A retry while the first is still running waits for it and replays its answer.
/// Without the header, `create` simply runs in its transaction.
pub async fn idempotent_create<F>(
    req: &HttpRequest,
    state: &AppState,
    caller: &Caller,
    operation: &str,
    body: &[u8],
    create: F,
) -> Result<HttpResponse, ApiError>
where
    F: AsyncFnOnce(&mut Connection) -> Result<Created, ApiError>,
{
    let key = key_of(req)?;
    let mut conn = state.conn().await?;
    let Some(key) = key else {
        return Ok(transaction::run(&mut conn, create).await?.respond(false));
    };
    let scope = Scope {
        practice: caller.practice,
        staff: caller.staff,
        api_key: caller.api_key.map(|key| key.id),
    };
    let answer_of = |created: &Created| StoredResponse {
        status: i32::from(StatusCode::CREATED.as_u16()),
        body: created.body.clone(),
        location: Some(created.location.clone()),
    };
    let once = idempotency::run_once(
        &mut conn,
        scope,
        state.settings.clock.now(),
        &key,
        operation,
        &digest(body),
        create,
        answer_of,
    )
    .await?;
    match once {
        Once::Done(created) => Ok(created.respond(false)),
        Once::Replay(stored) => Ok(Created {
            body: stored.body,
            location: stored.location.unwrap_or_default(),
            etag: None,
        }
        .respond(true)),
        Once::Mismatch => Err(ApiError::Validation(vec![FieldError::parameter(
            "Idempotency-Key",
            "this key was already used with a different request",
        )])),
        Once::InProgress => Err(ApiError::Conflict(
            "a request with this Idempotency-Key never finished; retry with a new key".into(),
        )),
    }
}
