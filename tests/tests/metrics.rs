//! `/metrics` on its own listener (`KNEAD_METRICS_BIND`), read with the Prometheus project's
//! own text-format parser (the `prometheus_client` Python package): requests counted under
//! their route pattern and never their raw path, latency histograms, the pool's connections,
//! the outbox's depth as the database counts it, the process's memory; and nothing at
//! `/metrics` on the public listener.

use diesel::QueryableByName;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use knead_tests::TestApp;
use knead_tests::booking_seed::unique_start;
use knead_tests::served::{free_port, kill, start_server, wait_until_ready};
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

/// Parses Prometheus text with `prometheus_client.parser` and answers every sample as
/// `[name, labels, value]`.
fn parsed_samples(text: &str) -> Vec<(String, Value, f64)> {
    let python = knead_tests::workspace_root().join(".knead/venv/bin/python");
    let script = "import json, sys\n\
                  from prometheus_client.parser import text_string_to_metric_families\n\
                  out = [[s.name, s.labels, s.value] for f in text_string_to_metric_families(sys.stdin.read()) for s in f.samples]\n\
                  print(json.dumps(out))\n";
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the venv's python (scripts/python-venv installs prometheus_client)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write metrics");
    let output = child.wait_with_output().expect("parser ran");
    assert!(output.status.success(), "the parser refused the metrics:\n{text}");
    let samples: Vec<Value> = serde_json::from_slice(&output.stdout).expect("parser's JSON");
    samples
        .into_iter()
        .map(|s| {
            (
                s[0].as_str().expect("name").to_owned(),
                s[1].clone(),
                s[2].as_f64().expect("value"),
            )
        })
        .collect()
}

fn value(samples: &[(String, Value, f64)], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|(n, l, _)| n == name && labels.iter().all(|(k, v)| l[*k] == *v))
        .map(|(_, _, v)| *v)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[actix_rt::test]
async fn metrics_are_served_apart_and_parse_as_prometheus_text() {
    let seeder = TestApp::spawn().await;
    let practice = seeder.seed_practice("metrics").await;
    let client = seeder.add_client(practice.id, "Casey", "Runner").await;
    seeder
        .set_client_email(practice.id, client, "casey@runner.example")
        .await;
    let service = seeder.add_service(practice.id, "Sports massage").await;
    // A confirmation email queued by the booking; no mail worker runs without a transport.
    seeder
        .add_booking(
            practice.id,
            client,
            practice.therapist.staff_id,
            service,
            unique_start(),
        )
        .await;

    let port = free_port();
    let metrics_port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let metrics_bind = format!("127.0.0.1:{metrics_port}");
    let mut server = start_server(&seeder.db, port, &[("KNEAD_METRICS_BIND", &metrics_bind)]);
    wait_until_ready(&base, &mut server).await;

    let http = awc::Client::default();
    let token = &practice.front_desk.access_token;
    let client_path = format!("{base}/v1/clients/{}", client.0);
    for _ in 0..3 {
        let res = http
            .get(&client_path)
            .bearer_auth(token)
            .send()
            .await
            .expect("client read");
        assert_eq!(res.status(), 200);
    }
    let missing = http
        .get(format!("{base}/v1/clients/not-a-uuid"))
        .send()
        .await
        .expect("bad read");
    assert_eq!(missing.status(), 401, "no token: refused before the path is read");

    let public = http
        .get(format!("{base}/metrics"))
        .send()
        .await
        .expect("public /metrics");
    assert_eq!(public.status(), 404, "metrics are never on the public listener");

    let mut res = http
        .get(format!("http://{metrics_bind}/metrics"))
        .send()
        .await
        .expect("scrape");
    assert_eq!(res.status(), 200);
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    let body = res.body().await.expect("metrics body");
    let text = std::str::from_utf8(&body).expect("UTF-8");
    assert!(
        !text.contains(&client.0.to_string()) && !text.contains("not-a-uuid"),
        "a raw path leaked into the metrics:\n{text}"
    );
    let samples = parsed_samples(text);

    let reads = value(
        &samples,
        "knead_http_requests_total",
        &[("method", "GET"), ("route", "/v1/clients/{id}"), ("status", "200")],
    );
    assert_eq!(reads, Some(3.0), "three reads under the route pattern");
    let refused = value(
        &samples,
        "knead_http_requests_total",
        &[("method", "GET"), ("route", "/v1/clients/{id}"), ("status", "401")],
    );
    assert_eq!(refused, Some(1.0));
    let timed = value(
        &samples,
        "knead_http_request_duration_seconds_count",
        &[("method", "GET"), ("route", "/v1/clients/{id}")],
    );
    assert_eq!(timed, Some(4.0), "every answer is timed");
    let slowest_bucket = value(
        &samples,
        "knead_http_request_duration_seconds_bucket",
        &[("method", "GET"), ("route", "/v1/clients/{id}"), ("le", "+Inf")],
    );
    assert_eq!(slowest_bucket, Some(4.0));

    assert_eq!(
        value(&samples, "knead_db_pool_max", &[]),
        Some(4.0),
        "KNEAD_DB_POOL_SIZE"
    );
    let in_use = value(&samples, "knead_db_pool_connections", &[("state", "in_use")]).expect("in use");
    let idle = value(&samples, "knead_db_pool_connections", &[("state", "idle")]).expect("idle");
    // Read before the scrape takes a connection of its own: nothing else is in flight, and the
    // reads above left at least one connection open.
    assert_eq!(in_use, 0.0);
    assert!((1.0..=4.0).contains(&idle), "idle {idle}");
    assert_eq!(value(&samples, "knead_db_pool_waiting", &[]), Some(0.0));
    assert_eq!(value(&samples, "knead_database_up", &[]), Some(1.0));

    let mut conn = seeder.pool.get().await.expect("connection");
    let queued: Vec<Count> = diesel::sql_query("SELECT count(*) AS n FROM email_messages WHERE status = 'queued'")
        .load(&mut conn)
        .await
        .expect("count");
    assert!(queued[0].n >= 1, "the booking queued its confirmation");
    assert_eq!(
        value(&samples, "knead_outbox_pending", &[("kind", "email")]),
        Some(queued[0].n as f64)
    );
    assert_eq!(
        value(&samples, "knead_outbox_pending", &[("kind", "webhook")]),
        Some(0.0)
    );

    let resident = value(&samples, "knead_process_resident_memory_bytes", &[]).expect("RSS");
    let peak = value(&samples, "knead_process_peak_resident_memory_bytes", &[]).expect("peak RSS");
    assert!(
        resident > 1_000_000.0 && peak >= resident,
        "RSS {resident}, peak {peak}"
    );
    kill(&mut server);
}

#[actix_rt::test]
async fn without_the_setting_no_metrics_listener_is_opened() {
    let seeder = TestApp::spawn().await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_server(&seeder.db, port, &[]);
    wait_until_ready(&base, &mut server).await;
    let res = awc::Client::default()
        .get(format!("{base}/metrics"))
        .send()
        .await
        .expect("public /metrics");
    assert_eq!(res.status(), 404);
    kill(&mut server);
}
