//! Extractors whose failures are problem+json naming the bad field: a JSON body parsed with
//! a pointer to the first bad value, and handlers for actix's own path and query errors that
//! name the bad parameter.

mod objects;
mod parameters;

pub use parameters::QueryParameters;

use crate::error::{ApiError, FieldError};
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, web};
use actix_web::{HttpMessage, mime};
use futures_util::future::LocalBoxFuture;
use objects::Objects;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

/// Largest accepted JSON body.
pub const JSON_LIMIT: usize = 256 * 1024;

/// Largest accepted CSV body (a client import, `text/csv`).
pub const CSV_LIMIT: usize = 1024 * 1024;

/// A JSON request body. Wrong content type → 415, too large → 413, not JSON → 400,
/// wrong shape (type, missing or unknown field) → 422 with a JSON pointer.
#[derive(Debug)]
pub struct Json<T>(pub T);

/// 415 unless the request says its body is JSON (`application/json` or `…+json`).
pub fn require_json(req: &HttpRequest) -> Result<(), ApiError> {
    if is_json(req) {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType)
    }
}

fn is_json(req: &HttpRequest) -> bool {
    req.mime_type()
        .ok()
        .flatten()
        .is_some_and(|m| m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON))
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = is_json(req);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::UnsupportedMediaType);
            }
            let bytes = body.await.map_err(|err| {
                if err.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::MalformedBody(err.to_string())
                }
            })?;
            parse(&bytes).map(Json)
        })
    }
}

/// Parses a JSON document into `T`, naming the first bad value by JSON pointer. Structs read
/// only JSON objects, at any depth (see [`objects`]).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(Objects(&mut de)).map_err(|err| {
        let path = pointer_of(err.path());
        let inner = err.into_inner();
        let message = strip_position(&inner.to_string());
        match inner.classify() {
            Category::Data => {
                let pointer = match named_field(&message) {
                    Some(field) => format!("{path}/{}", escape(field)),
                    None => path,
                };
                ApiError::Validation(vec![FieldError::body(pointer, message)])
            }
            Category::Syntax | Category::Eof | Category::Io => ApiError::MalformedBody(message),
        }
    })?;
    de.end()
        .map_err(|err| ApiError::MalformedBody(strip_position(&err.to_string())))?;
    if let Some(pointer) = nul_pointer(bytes) {
        return Err(ApiError::Validation(vec![FieldError::body(
            pointer,
            "must not contain NUL characters",
        )]));
    }
    Ok(value)
}

/// Text with NUL cannot be stored (PostgreSQL refuses it): the pointer of the first string
/// that holds one. Only bodies that spell `\u0000` are parsed a second time.
fn nul_pointer(bytes: &[u8]) -> Option<String> {
    fn walk(value: &serde_json::Value, at: &str) -> Option<String> {
        match value {
            serde_json::Value::String(s) if s.contains('\0') => Some(at.to_owned()),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, v)| walk(v, &format!("{at}/{i}"))),
            serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| {
                let here = format!("{at}/{}", escape(k));
                if k.contains('\0') { Some(here) } else { walk(v, &here) }
            }),
            _ => None,
        }
    }
    let needle = b"\\u0000";
    if !bytes.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle)) {
        return None;
    }
    walk(&serde_json::from_slice(bytes).ok()?, "")
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(format!("/{index}")),
            Segment::Map { key } => Some(format!("/{}", escape(key))),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// serde reports a missing field at its parent; the pointer should name the field.
/// (serde_path_to_error already puts an unknown field's name in the path.)
fn named_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// The parameter a query-string error names, missing, unknown or repeated.
fn named_parameter(message: &str) -> Option<&str> {
    let rest = message
        .strip_prefix("missing field `")
        .or_else(|| message.strip_prefix("unknown field `"))
        .or_else(|| message.strip_prefix("duplicate field `"))?;
    rest.split('`').next()
}

fn strip_position(message: &str) -> String {
    message.split(" at line ").next().unwrap_or(message).to_owned()
}

/// Bad path segments (e.g. an id that is not a UUID) → 400 naming the parameter.
pub fn path_error(err: actix_web::error::PathError, req: &HttpRequest) -> actix_web::Error {
    if let Some(allow) = req
        .app_data::<web::Data<crate::operations::Operations>>()
        .and_then(|table| table.allowed_on_literal(req.path()))
    {
        return ApiError::MethodNotAllowed { allow }.into();
    }
    let names: Vec<&str> = req.match_info().iter().map(|(name, _)| name).collect();
    let parameter = if names.len() == 1 {
        names[0].to_owned()
    } else {
        names.join(",")
    };
    let message = match &err {
        actix_web::error::PathError::Deserialize(inner) => inner.to_string(),
        other => other.to_string(),
    };
    ApiError::BadParameters(vec![FieldError::parameter(parameter, message)]).into()
}

/// Bad query strings → 400 naming the parameter: the one serde names (missing, unknown or
/// repeated), else the first whose value does not have the shape the spec declares for it.
pub fn query_error(err: actix_web::error::QueryPayloadError, req: &HttpRequest) -> actix_web::Error {
    let message = match &err {
        actix_web::error::QueryPayloadError::Deserialize(inner) => inner.to_string(),
        other => other.to_string(),
    };
    let error = match named_parameter(&message) {
        Some(name) => FieldError::parameter(name.to_owned(), message),
        None => match refused_by_shape(req) {
            Some((name, expected)) => FieldError::parameter(name, expected),
            // Every declared shape covers what serde refuses today; if a parameter's Rust
            // type ever grows stricter than its spec, say so where it will be seen.
            None => {
                tracing::warn!(route = ?req.match_pattern(), %message, "a query error no parameter explains");
                FieldError::parameter("query".to_owned(), message)
            }
        },
    };
    ApiError::BadParameters(vec![error]).into()
}

fn refused_by_shape(req: &HttpRequest) -> Option<(String, String)> {
    let table = req.app_data::<web::Data<QueryParameters>>()?;
    let pattern = req.match_pattern()?;
    let pairs = web::Query::<Vec<(String, String)>>::from_query(req.query_string()).ok()?;
    table.first_refused(req.method().as_str(), &pattern, &pairs)
}

/// An integer field that also takes `30.0` (JSON Schema's integer): the domain's one rule.
pub fn whole_number<'de, D: serde::Deserializer<'de>>(de: D) -> Result<i64, D::Error> {
    knead_domain::whole::number(de)
}

/// The optional form of [`whole_number`].
pub fn optional_whole_number<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Option<i64>, D::Error> {
    knead_domain::whole::optional(de)
}

/// For PATCH fields where `null` means "clear": absent → `None`, `null` → `Some(None)`.
pub fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(de).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        areas: Vec<Area>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Area {
        intensity: u8,
    }

    fn pointer(raw: &str) -> Option<String> {
        match parse::<Body>(raw.as_bytes()) {
            Err(ApiError::Validation(errors)) => errors[0].pointer.clone(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn pointers_name_the_bad_value() {
        assert_eq!(
            pointer(r#"{"name":"a","areas":[{"intensity":"x"}]}"#).as_deref(),
            Some("/areas/0/intensity")
        );
        assert_eq!(pointer(r#"{"areas":[]}"#).as_deref(), Some("/name"));
        assert_eq!(
            pointer(r#"{"name":"a","areas":[],"extra":1}"#).as_deref(),
            Some("/extra")
        );
        assert_eq!(
            pointer(r#"{"name":"a","areas":[{"intensity":300}]}"#).as_deref(),
            Some("/areas/0/intensity")
        );
    }

    #[test]
    fn arrays_are_not_structs_at_any_depth() {
        assert_eq!(pointer(r#"["a", []]"#).as_deref(), Some(""));
        assert_eq!(pointer(r#"[]"#).as_deref(), Some(""));
        assert_eq!(pointer(r#"{"name":"a","areas":[[3]]}"#).as_deref(), Some("/areas/0"));
        assert!(parse::<Body>(br#"{"name":"a","areas":[{"intensity":3}]}"#).is_ok());
        let pair: (u8, Vec<u8>) = parse(b"[1, [2]]").expect("tuples still read arrays");
        assert_eq!(pair, (1, vec![2]));
    }

    #[test]
    fn nul_characters_are_refused_with_a_pointer() {
        assert_eq!(pointer(r#"{"name":"a\u0000b","areas":[]}"#).as_deref(), Some("/name"));
    }

    #[test]
    fn syntax_errors_are_malformed() {
        for raw in [r#"{"name":"#, "not json", r#"{"name":"a","areas":[]} trailing"#] {
            assert!(
                matches!(parse::<Body>(raw.as_bytes()), Err(ApiError::MalformedBody(_))),
                "{raw}"
            );
        }
    }
}
