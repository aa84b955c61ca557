//! Per-key rate limiting: a token bucket per API key, in this process. Each replica keeps its
//! own buckets, so with N replicas behind a balancer a key gets up to N times the configured
//! rate; set the limit with that in mind. Every key request is answered with the IETF draft
//! fields `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the
//! bucket is full again), and a refused one with 429 and `Retry-After`.
//!
//! A `Mutex<HashMap>` rather than a crate such as `governor`: one lock for a few microseconds
//! per key request, the headers need the remaining count (which `governor` does not report
//! directly), and no new dependency to keep.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// What one request's take left, for the headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the bucket is full.
    pub reset: u64,
    /// Seconds until the next request may pass, when this one may not.
    pub retry_after: Option<u64>,
}

/// The buckets of every key seen by this replica.
#[derive(Debug, Clone)]
pub struct KeyLimiter {
    per_minute: u32,
    buckets: Arc<Mutex<HashMap<Uuid, Bucket>>>,
}

impl KeyLimiter {
    /// Up to `per_minute` requests a minute per key, all of them at once from a full bucket.
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: per_minute.max(1),
            buckets: Arc::default(),
        }
    }

    /// Takes one request's token for `key` at `now`.
    pub fn take_at(&self, key: Uuid, now: Instant) -> Verdict {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let Ok(mut buckets) = self.buckets.lock() else {
            // A poisoned lock must not stop every key: let the request through.
            return Verdict {
                limit: self.per_minute,
                remaining: 0,
                reset: 0,
                retry_after: None,
            };
        };
        if buckets.len() > 100_000 {
            buckets.retain(|_, b| now.saturating_duration_since(b.at) < Duration::from_secs(60));
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.at = now;
        let retry_after = if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            None
        } else {
            Some(((1.0 - bucket.tokens) / per_second).ceil().max(1.0) as u64)
        };
        Verdict {
            limit: self.per_minute,
            remaining: bucket.tokens.floor() as u32,
            reset: ((capacity - bucket.tokens) / per_second).ceil() as u64,
            retry_after,
        }
    }

    pub fn take(&self, key: Uuid) -> Verdict {
        self.take_at(key, Instant::now())
    }
}

/// Adds the `RateLimit-*` fields to the answer of every request an API key made.
pub async fn headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let mut response = next.call(req).await?.map_into_boxed_body();
    let verdict = response.request().extensions().get::<Verdict>().copied();
    if let Some(v) = verdict {
        let fields = [
            ("ratelimit-limit", u64::from(v.limit)),
            ("ratelimit-remaining", u64::from(v.remaining)),
            ("ratelimit-reset", v.reset),
        ];
        for (name, value) in fields {
            response
                .headers_mut()
                .insert(HeaderName::from_static(name), HeaderValue::from(value));
        }
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_empties_and_refills() {
        let limiter = KeyLimiter::new(60);
        let (key, start) = (Uuid::now_v7(), Instant::now());
        for n in 0..60 {
            let v = limiter.take_at(key, start);
            assert_eq!((v.remaining, v.retry_after), (59 - n, None));
        }
        let refused = limiter.take_at(key, start);
        assert_eq!(refused.retry_after, Some(1));
        assert_eq!(refused.reset, 60);
        let later = limiter.take_at(key, start + Duration::from_secs(2));
        assert_eq!(later.retry_after, None);
        assert_eq!(limiter.take_at(Uuid::now_v7(), start).remaining, 59);
    }
}
