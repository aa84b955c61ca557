//! Reading `GET /v1/changes` (and `GET /v1/events`, paged the same way) the way an integrator
//! does: page after page from a cursor.

use crate::http::Client;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// One delivered change: its place in the feed (the cursor, decoded), and the item.
#[derive(Debug, Clone)]
pub struct Seen {
    pub position: (i64, i64),
    pub item: Value,
}

impl Seen {
    pub fn id(&self) -> &str {
        self.item["resource_id"].as_str().expect("resource_id")
    }

    pub fn kind(&self) -> &str {
        self.item["change"].as_str().expect("change")
    }

    pub fn resource_type(&self) -> &str {
        self.item["resource_type"].as_str().expect("resource_type")
    }
}

/// The cursor's (xid, seq): opaque to integrators, read here to check the order.
pub fn position(cursor: &str) -> (i64, i64) {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).expect("base64url cursor");
    serde_json::from_slice(&bytes).expect("cursor json")
}

/// Every change delivered after `since` now, page by page (`limit` per page): the changes and
/// the cursor to continue from.
pub async fn drain(client: &Client, since: Option<String>, query: &str, limit: u32) -> (Vec<Seen>, Option<String>) {
    drain_at(client, "/v1/changes", since, query, limit).await
}

/// [`drain`] of another feed paged as the change feed is (`/v1/events`).
pub async fn drain_at(
    client: &Client,
    feed: &str,
    since: Option<String>,
    query: &str,
    limit: u32,
) -> (Vec<Seen>, Option<String>) {
    let mut since = since;
    let mut seen = Vec::new();
    loop {
        let mut path = format!("{feed}?limit={limit}{query}");
        if let Some(s) = &since {
            path.push_str(&format!("&since={s}"));
        }
        let answer = client.get(&path).await;
        assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
        let page = answer.json();
        let items = page["items"].as_array().expect("items").clone();
        let next = page["next_cursor"].as_str().map(str::to_owned);
        if let Some(last) = items.last() {
            assert_eq!(
                last["cursor"].as_str(),
                next.as_deref(),
                "next_cursor is the last item's"
            );
        } else {
            assert_eq!(next, since, "an empty page keeps the cursor");
        }
        let full = items.len() == limit as usize;
        seen.extend(items.into_iter().map(|item| Seen {
            position: position(item["cursor"].as_str().expect("cursor")),
            item,
        }));
        since = next;
        if !full {
            return (seen, since);
        }
    }
}

/// Pages on from `since` until every id in `expected` has been delivered (other databases'
/// transactions on the same server may hold the horizon back for a moment).
pub async fn drain_until(
    owner: &Client,
    since: Option<String>,
    expected: &BTreeSet<String>,
) -> (Vec<Seen>, Option<String>) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let (mut seen, mut since) = (Vec::new(), since);
    loop {
        let (more, next) = drain(owner, since, "", 3).await;
        seen.extend(more);
        since = next;
        let ids: BTreeSet<String> = seen.iter().map(|s| s.id().to_owned()).collect();
        if expected.is_subset(&ids) {
            return (seen, since);
        }
        assert!(
            Instant::now() < deadline,
            "still missing {:?}",
            expected.difference(&ids)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Every event of `GET /v1/events` (with `query`) that `client` may read now, once `done`
/// holds of them (other databases' transactions may hold the horizon back for a moment).
pub async fn events_until(client: &Client, query: &str, done: impl Fn(&[Seen]) -> bool) -> Vec<Seen> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (seen, _) = drain_at(client, "/v1/events", None, query, 200).await;
        if done(&seen) {
            return seen;
        }
        assert!(Instant::now() < deadline, "never complete: {seen:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Changes delivered in strictly increasing feed order, each once.
pub fn assert_in_order(seen: &[Seen]) {
    for pair in seen.windows(2) {
        assert!(
            pair[0].position < pair[1].position,
            "out of order or repeated: {:?} then {:?}",
            pair[0].item,
            pair[1].item
        );
    }
}

/// The events about one resource, in feed order.
pub fn of<'a>(seen: &'a [Seen], resource_id: &str) -> Vec<&'a Value> {
    seen.iter()
        .map(|s| &s.item)
        .filter(|e| e["resource_id"] == resource_id)
        .collect()
}

/// The events' types.
pub fn event_types(events: &[&Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["type"].as_str().expect("type").to_owned())
        .collect()
}

/// The fields of an event's `data`.
pub fn data_keys(event: &Value) -> BTreeSet<String> {
    event["data"].as_object().expect("data").keys().cloned().collect()
}
