//! Webhook deliveries survive a killed server: `knead serve` (the real binary, with its
//! delivery worker) fails to reach a receiver that is not up yet, is killed with SIGKILL while
//! that delivery waits for its retry, and a second event is queued while no server runs. Once
//! the receiver is up and the server is started again, each event arrives exactly once, signed
//! so that the `standardwebhooks` package verifies it, the first with the `webhook-id` its
//! failed attempts carried.

use knead_tests::booking_seed::unique_start;
use knead_tests::served::{free_port, loopback_seeder, start_server, wait_for, wait_until_ready};
use knead_tests::webhook_receiver::{Receiver, verify_with_standardwebhooks};
use serde_json::Value;
use std::time::Duration;

/// `knead serve` as in production, but for the allow-listed loopback receiver and short waits
/// between attempts.
const SERVER_ENV: &[(&str, &str)] = &[
    ("KNEAD_WEBHOOK_ALLOW", "127.0.0.1"),
    ("KNEAD_WEBHOOK_BACKOFF_BASE_MS", "300"),
];

#[actix_rt::test]
async fn deliveries_pending_when_the_server_is_killed_arrive_once_after_it_restarts() {
    // The seeding app (no delivery worker runs in it) allows the loopback receiver as the
    // server below does, so the endpoint's http URL is accepted.
    let seeder = loopback_seeder().await;
    let practice = seeder.seed_practice("hookrestart").await;
    let client = seeder.add_client(practice.id, "Casey", "Runner").await;
    let service = seeder.add_service(practice.id, "Sports massage").await;
    // Nothing listens here until the receiver starts: every attempt before then fails.
    let receiver_port = free_port();
    let endpoint = seeder
        .add_webhook_endpoint(
            &practice,
            &format!("http://127.0.0.1:{receiver_port}/in"),
            &["booking.created"],
        )
        .await;
    let owner = seeder.as_account(&practice.owner);
    let deliveries = format!("/v1/webhook-endpoints/{}/deliveries", endpoint.id);
    let log = async || -> Vec<Value> {
        let answer = owner.get(&deliveries).await;
        assert_eq!(answer.status, 200);
        answer.json().as_array().cloned().unwrap_or_default()
    };

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_server(&seeder.db, port, SERVER_ENV);
    wait_until_ready(&base, &mut server).await;
    let book = || {
        seeder.add_booking(
            practice.id,
            client,
            practice.therapist.staff_id,
            service,
            unique_start(),
        )
    };
    let first = book().await;
    let failed = wait_for(Duration::from_secs(30), async || {
        log().await.iter().any(|d| d["status"] == "failed")
    })
    .await;
    assert!(failed, "the server's worker never attempted the first event");
    let failed_ids: Vec<Value> = log()
        .await
        .iter()
        .filter(|d| d["status"] == "failed")
        .map(|d| d["event_id"].clone())
        .collect();

    server.kill().expect("SIGKILL");
    server.wait().expect("the killed server is reaped");
    let second = book().await;
    assert!(
        !log().await.iter().any(|d| d["status"] == "delivered"),
        "nothing could be delivered yet"
    );

    let receiver = Receiver::start_on(receiver_port, vec![]);
    let mut server = start_server(&seeder.db, port, SERVER_ENV);
    wait_until_ready(&base, &mut server).await;
    // A delivery claimed when the server died waits for its lease (three attempt timeouts).
    let arrived = wait_for(Duration::from_secs(60), async || receiver.requests().len() >= 2).await;
    // Anything owed twice would arrive within a few more polls.
    actix_rt::time::sleep(Duration::from_secs(3)).await;
    server.kill().expect("SIGKILL");
    server.wait().expect("the server is reaped");
    assert!(
        arrived,
        "got {} of the two events after the restart",
        receiver.requests().len()
    );

    let got = receiver.requests();
    assert_eq!(got.len(), 2, "each event exactly once");
    let mut resources = Vec::new();
    for request in &got {
        let payload = verify_with_standardwebhooks(&endpoint.secret, request)
            .unwrap_or_else(|e| panic!("standardwebhooks refused a delivery: {e}"));
        assert_eq!(payload["type"], "booking.created");
        resources.push(payload["data"]["resource_id"].as_str().expect("resource id").to_owned());
        if payload["data"]["resource_id"] == first.to_string() {
            let id = Value::from(request.header("webhook-id").expect("webhook-id"));
            assert!(
                failed_ids.iter().all(|f| *f == id),
                "the retried event kept its id: {failed_ids:?} vs {id}"
            );
        }
    }
    resources.sort();
    let mut expected = vec![first.to_string(), second.to_string()];
    expected.sort();
    assert_eq!(resources, expected);
    let delivered = log().await.iter().filter(|d| d["status"] == "delivered").count();
    assert_eq!(delivered, 2, "the log records one delivery per event");
}
