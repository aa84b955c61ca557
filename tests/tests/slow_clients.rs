//! Slow senders: connections that send their headers and half a body, then stall. Each is
//! answered 408 once the body deadline passes and its connection is closed; while they
//! hang, every ordinary request is answered as usual, and none of the stalled writes lands.

use knead_tests::{TestApp, test_settings};
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SLOW: usize = 60;
const DEADLINE: Duration = Duration::from_millis(1500);

#[actix_rt::test]
async fn half_sent_bodies_get_408_while_everyone_else_is_served() {
    let settings = knead_api::state::Settings {
        body_timeout: DEADLINE,
        ..test_settings()
    };
    let app = TestApp::spawn_with(settings).await;
    let practice = app.seed_practice("slow").await;
    let owner = app.as_account(&practice.owner);
    let address = app.base.trim_start_matches("http://").to_owned();

    let started = Instant::now();
    let mut stalled = Vec::new();
    for i in 0..SLOW {
        let mut stream = TcpStream::connect(&address).await.expect("connect");
        let half = format!("{{\"given_name\": \"Slow{i}\", \"family_name\": \"Sen");
        let head = format!(
            "POST /v1/clients HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\n\
             Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{half}",
            practice.owner.access_token
        );
        stream.write_all(head.as_bytes()).await.expect("send half");
        stalled.push(stream);
    }

    // Meanwhile: ordinary reads and writes, all answered.
    let mut slowest = Duration::ZERO;
    let mut created = 0;
    for i in 0..40 {
        let sent = Instant::now();
        let listed = owner.get("/v1/clients").await;
        assert_eq!(listed.status, 200);
        let made = owner
            .post(
                "/v1/clients",
                &json!({"given_name": "Quick", "family_name": format!("Sender{i}")}),
            )
            .await;
        assert_eq!(made.status, 201, "{}", String::from_utf8_lossy(&made.body));
        created += 1;
        slowest = slowest.max(sent.elapsed());
    }

    for mut stream in stalled {
        let mut answer = Vec::new();
        let read = tokio::time::timeout(DEADLINE * 4, stream.read_to_end(&mut answer)).await;
        assert!(read.is_ok(), "a stalled connection was neither answered nor closed");
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 408"), "answered: {answer}");
        assert!(answer.contains("/problems/request-timeout"), "answered: {answer}");
    }
    let waited = started.elapsed();
    assert!(waited >= DEADLINE, "answered before the deadline: {waited:?}");

    let listed = owner.get("/v1/clients?limit=100").await.json();
    let names: Vec<&str> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|c| c["given_name"].as_str())
        .collect();
    assert_eq!(names.len(), created, "only the ordinary writes landed: {names:?}");
    eprintln!(
        "slow clients: {SLOW} stalled connections answered 408 after {waited:?}; \
         80 ordinary requests meanwhile, slowest read+write pair {slowest:?}"
    );
}

#[actix_rt::test]
async fn past_the_cap_on_bodies_in_flight_a_write_is_told_to_retry() {
    let settings = knead_api::state::Settings {
        body_timeout: DEADLINE,
        max_body_reads: 3,
        ..test_settings()
    };
    let app = TestApp::spawn_with(settings).await;
    let practice = app.seed_practice("slowcap").await;
    let owner = app.as_account(&practice.owner);
    let address = app.base.trim_start_matches("http://").to_owned();
    let mut stalled = Vec::new();
    for _ in 0..3 {
        let mut stream = TcpStream::connect(&address).await.expect("connect");
        let head = format!(
            "POST /v1/clients HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
             Content-Length: 50\r\n\r\n{{\"given"
        );
        stream.write_all(head.as_bytes()).await.expect("send half");
        stalled.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let refused = owner
        .post("/v1/clients", &json!({"given_name": "Robin", "family_name": "Hill"}))
        .await;
    let problem = refused.problem(503);
    assert_eq!(problem["type"], "/problems/busy");
    assert!(refused.header("retry-after").is_some());
    assert_eq!(owner.get("/v1/clients").await.status, 200, "bodiless requests pass");
    drop(stalled);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let made = owner
        .post("/v1/clients", &json!({"given_name": "Robin", "family_name": "Hill"}))
        .await;
    assert_eq!(made.status, 201, "permits come back when the senders go");
}
