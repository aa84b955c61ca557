//! Prometheus metrics on a listener of their own (`KNEAD_METRICS_BIND`, off unless set), never
//! on the public one: requests and their latency by route pattern (never the raw path, which
//! may carry a token), the pool's connections, the outbox's depth and the process's memory.
//! Request figures are recorded by the request-context middleware; the rest is read when
//! scraped.

use crate::state::AppState;
use actix_web::{HttpResponse, HttpServer, web};
use knead_persistence::outbox;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::net::TcpListener;
use std::time::Duration;

/// The content type of the Prometheus text format (version 0.0.4).
const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabels {
    kind: &'static str,
}

type Latency = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// Latency buckets from 0.25 ms to about 8 s, doubling.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.000_25, 2.0, 16))
}

/// The process's metrics; one per process, shared by every worker.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Latency,
    pool_connections: Family<StateLabels, Gauge>,
    pool_waiting: Gauge,
    pool_max: Gauge,
    outbox_pending: Family<KindLabels, Gauge>,
    database_up: Gauge,
    resident_bytes: Gauge,
    peak_resident_bytes: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("knead");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route pattern and status",
            requests.clone(),
        );
        let latency: Latency = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its answer, by method and route pattern",
            latency.clone(),
        );
        let pool_connections = Family::<StateLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "The database pool's open connections, in use or idle",
            pool_connections.clone(),
        );
        let pool_waiting = Gauge::default();
        registry.register(
            "db_pool_waiting",
            "Requests waiting for a database connection",
            pool_waiting.clone(),
        );
        let pool_max = Gauge::default();
        registry.register("db_pool_max", "The database pool's size limit", pool_max.clone());
        let outbox_pending = Family::<KindLabels, Gauge>::default();
        registry.register(
            "outbox_pending",
            "Webhook deliveries and emails not yet delivered (all practices)",
            outbox_pending.clone(),
        );
        let database_up = Gauge::default();
        registry.register(
            "database_up",
            "1 when the last scrape reached the database, else 0",
            database_up.clone(),
        );
        let resident_bytes = Gauge::default();
        registry.register(
            "process_resident_memory_bytes",
            "Resident memory of this process (VmRSS)",
            resident_bytes.clone(),
        );
        let peak_resident_bytes = Gauge::default();
        registry.register(
            "process_peak_resident_memory_bytes",
            "The most resident memory this process has held (VmHWM)",
            peak_resident_bytes.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            pool_connections,
            pool_waiting,
            pool_max,
            outbox_pending,
            database_up,
            resident_bytes,
            peak_resident_bytes,
        }
    }

    /// Counts one answered request and its latency under its route pattern.
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status: status.to_string(),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                method: method.to_owned(),
                route: route.to_owned(),
            })
            .observe(elapsed.as_secs_f64());
    }

    fn set_pool(&self, status: &deadpool::Status) {
        let idle = status.available;
        let in_use = status.size.saturating_sub(idle);
        self.pool_connections
            .get_or_create(&StateLabels { state: "in_use" })
            .set(gauge_value(in_use));
        self.pool_connections
            .get_or_create(&StateLabels { state: "idle" })
            .set(gauge_value(idle));
        self.pool_waiting.set(gauge_value(status.waiting));
        self.pool_max.set(gauge_value(status.max_size));
    }

    fn set_memory(&self) {
        let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
            return;
        };
        if let Some(kib) = status_kib(&status, "VmRSS:") {
            self.resident_bytes.set(kib.saturating_mul(1024));
        }
        if let Some(kib) = status_kib(&status, "VmHWM:") {
            self.peak_resident_bytes.set(kib.saturating_mul(1024));
        }
    }

    /// The registry in the Prometheus text format.
    fn encoded(&self) -> String {
        let mut text = String::new();
        if encode(&mut text, &self.registry).is_err() {
            tracing::warn!("metrics could not be encoded");
        }
        text
    }
}

fn gauge_value(count: usize) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// A `/proc/self/status` line's value in KiB (`VmRSS:    12345 kB`).
fn status_kib(status: &str, field: &str) -> Option<i64> {
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..].split_whitespace().next()?.parse().ok()
}

/// `GET /metrics`: reads the pool, the outbox and memory, then encodes everything.
async fn scrape(state: web::Data<AppState>) -> HttpResponse {
    let metrics = &state.metrics;
    metrics.set_pool(&state.pool.status());
    metrics.set_memory();
    let depth = match knead_persistence::checkout(&state.pool).await {
        Ok(mut conn) => outbox::depth(&mut conn).await.ok(),
        Err(_) => None,
    };
    match depth {
        Some(depth) => {
            metrics.database_up.set(1);
            metrics
                .outbox_pending
                .get_or_create(&KindLabels { kind: "webhook" })
                .set(depth.webhook_deliveries);
            metrics
                .outbox_pending
                .get_or_create(&KindLabels { kind: "email" })
                .set(depth.emails);
        }
        None => {
            metrics.database_up.set(0);
        }
    }
    HttpResponse::Ok().content_type(TEXT_FORMAT).body(metrics.encoded())
}

/// The metrics listener: `GET /metrics` and nothing else, on one worker.
pub fn server(state: AppState, listener: TcpListener) -> std::io::Result<actix_web::dev::Server> {
    Ok(HttpServer::new(move || {
        actix_web::App::new()
            .app_data(web::Data::new(state.clone()))
            .route("/metrics", web::get().to(scrape))
    })
    .workers(1)
    .shutdown_timeout(5)
    .listen(listener)?
    .run())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kib_from_proc_status_lines() {
        let status = "Name:\tknead\nVmHWM:\t   20480 kB\nVmRSS:\t   10240 kB\n";
        assert_eq!(status_kib(status, "VmRSS:"), Some(10240));
        assert_eq!(status_kib(status, "VmHWM:"), Some(20480));
        assert_eq!(status_kib(status, "VmSwap:"), None);
    }

    #[test]
    fn a_request_appears_under_its_route_pattern() {
        let metrics = Metrics::new();
        metrics.observe("GET", "/v1/clients/{id}", 200, Duration::from_millis(3));
        let text = metrics.encoded();
        assert!(
            text.contains(r#"knead_http_requests_total{method="GET",route="/v1/clients/{id}",status="200"} 1"#),
            "{text}"
        );
        assert!(
            text.contains(r#"knead_http_request_duration_seconds_count{method="GET",route="/v1/clients/{id}"} 1"#),
            "{text}"
        );
    }
}
