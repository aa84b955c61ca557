//! Keyset pagination: `?limit=&cursor=` → `{items, next_cursor}`. A cursor is opaque to
//! clients (the last item's key, base64url).

use crate::error::{ApiError, FieldError};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many items to return (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` from the previous page.
    pub cursor: Option<String>,
}

impl PageQuery {
    pub fn limit(&self) -> Result<i64, ApiError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            Some(_) => Err(ApiError::BadParameters(vec![FieldError::parameter(
                "limit",
                "must be between 1 and 200",
            )])),
        }
    }

    /// The decoded cursor, if any. A string this API did not issue is a 422: it fits the
    /// parameter's type, but names no place in the list.
    pub fn cursor<K: for<'de> Deserialize<'de>>(&self) -> Result<Option<K>, ApiError> {
        // An empty cursor is the same as none (clients often send `cursor=` for the first page).
        decode_cursor("cursor", self.cursor.as_deref())
    }
}

/// A cursor read from the query parameter `name` (empty or absent: none). A string this API
/// did not issue is a 422 naming the parameter.
pub fn decode_cursor<K: for<'de> Deserialize<'de>>(name: &str, raw: Option<&str>) -> Result<Option<K>, ApiError> {
    let Some(raw) = raw.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    URL_SAFE_NO_PAD
        .decode(raw)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .map(Some)
        .ok_or_else(|| ApiError::Validation(vec![FieldError::parameter(name, "is not a cursor this API issued")]))
}

pub fn encode_cursor<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` loaded rows (the extra one says whether more exist).
    pub fn from_rows<R, K: Serialize>(
        mut rows: Vec<R>,
        limit: i64,
        key: impl Fn(&R) -> K,
        map: impl Fn(R) -> T,
    ) -> Self {
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = if more {
            rows.last().map(|r| encode_cursor(&key(r)))
        } else {
            None
        };
        Self {
            items: rows.into_iter().map(map).collect(),
            next_cursor,
        }
    }
}

/// A feed's position: the `(xid, seq)` of the last item delivered (the change feed and the
/// events outbox page the same way; `knead_persistence::changes` says why).
pub type FeedPosition = (i64, i64);

impl<T> Page<T> {
    /// A page of a feed read with `since`: its `next_cursor` is never absent once anything has
    /// been read, because a feed has no last page, only a present end. It is the last item's
    /// position, or `since` again when nothing new has committed.
    pub fn of_feed<R>(
        rows: Vec<R>,
        since: Option<FeedPosition>,
        position: impl Fn(&R) -> FeedPosition,
        map: impl Fn(R) -> T,
    ) -> Self {
        let next_cursor = rows
            .last()
            .map(|r| encode_cursor(&position(r)))
            .or_else(|| since.map(|s| encode_cursor(&s)));
        Self {
            items: rows.into_iter().map(map).collect(),
            next_cursor,
        }
    }
}

/// A comma-separated list parameter (`types=a,b`), each name parsed by `parse`; a name it does
/// not know is a 400 naming it.
pub fn parse_list<T>(
    parameter: &str,
    raw: Option<&str>,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<Vec<T>>, ApiError> {
    let Some(raw) = raw else { return Ok(None) };
    raw.split(',')
        .map(|name| {
            parse(name).ok_or_else(|| {
                ApiError::BadParameters(vec![FieldError::parameter(
                    parameter,
                    format!("`{name}` is not {what}"),
                )])
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}
