//! Webhook delivery end to end, against real PostgreSQL and a real HTTP receiver on loopback
//! (allowed by the test's allow-list, as `KNEAD_WEBHOOK_ALLOW` would): an event is delivered
//! once per endpoint, signed so that the `standardwebhooks` package verifies it; failures are
//! retried with the same `webhook-id`; free text never travels; loopback, names resolving to
//! it, redirects and IPv4-mapped loopback are refused when not allow-listed; two workers
//! deliver each event once; an endpoint that keeps failing is disabled with the reason.

use knead_api::AppState;
use knead_api::webhooks::WebhookSettings;
use knead_api::webhooks::worker::deliver_due;
use knead_domain::webhooks::AllowList;
use knead_tests::booking_seed::unique_start;
use knead_tests::seed::Practice;
use knead_tests::webhook_receiver::{Receiver, Reply, verify_with_standardwebhooks};
use knead_tests::{TestApp, test_settings};
use serde_json::{Value, json};
use std::time::Duration;

fn settings(disable_after: i32, max_attempts: i32) -> knead_api::state::Settings {
    knead_api::state::Settings {
        webhooks: WebhookSettings {
            allow: AllowList::parse("127.0.0.1"),
            backoff_base: Duration::from_millis(20),
            max_attempts,
            disable_after,
            timeout: Duration::from_secs(5),
            ..WebhookSettings::default()
        },
        ..test_settings()
    }
}

struct World {
    app: TestApp,
    worker: AppState,
    practice: Practice,
    client: knead_domain::ClientId,
    service: uuid::Uuid,
}

impl World {
    async fn new(slug: &str, settings: knead_api::state::Settings) -> Self {
        let app = TestApp::spawn_with(settings.clone()).await;
        let worker = AppState::new(app.pool.clone(), settings).expect("worker state");
        let practice = app.seed_practice(slug).await;
        let client = app.add_client(practice.id, "Casey", "Runner").await;
        let service = app.add_service(practice.id, "Sports massage").await;
        Self {
            app,
            worker,
            practice,
            client,
            service,
        }
    }

    async fn book(&self) -> uuid::Uuid {
        self.app
            .add_booking(
                self.practice.id,
                self.client,
                self.practice.therapist.staff_id,
                self.service,
                unique_start(),
            )
            .await
    }

    /// Runs the worker until `done` or ten seconds pass.
    async fn deliver_until(&self, done: impl Fn() -> bool) {
        for _ in 0..200 {
            deliver_due(&self.worker).await.expect("a delivery run");
            if done() {
                return;
            }
            actix_rt::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs the worker a while longer, for what should not happen.
    async fn settle(&self) {
        for _ in 0..30 {
            deliver_due(&self.worker).await.expect("a delivery run");
            actix_rt::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn log(&self, endpoint: &str) -> Vec<Value> {
        let answer = self
            .app
            .as_account(&self.practice.owner)
            .get(&format!("/v1/webhook-endpoints/{endpoint}/deliveries"))
            .await;
        assert_eq!(answer.status, 200);
        answer.json().as_array().cloned().unwrap_or_default()
    }
}

#[actix_rt::test]
async fn a_new_booking_is_delivered_signed_as_standard_webhooks_verifies() {
    let world = World::new("hookdeliver", settings(45, 5)).await;
    let receiver = Receiver::start(vec![]);
    let endpoint = world
        .app
        .add_webhook_endpoint(&world.practice, &receiver.url("/in"), &["booking.created"])
        .await;
    let booking = world.book().await;
    world.deliver_until(|| !receiver.requests().is_empty()).await;
    // Nothing more is owed: more runs deliver nothing again.
    world.settle().await;

    let got = receiver.requests();
    assert_eq!(got.len(), 1, "delivered once");
    let request = &got[0];
    let verified = verify_with_standardwebhooks(&endpoint.secret, request);
    assert!(verified.is_ok(), "standardwebhooks refused it: {verified:?}");
    let payload = request.json();
    assert_eq!(payload["type"], "booking.created");
    assert_eq!(payload["data"]["resource_type"], "booking");
    assert_eq!(payload["data"]["resource_id"], booking.to_string());
    assert_eq!(payload["data"]["id"].as_str(), request.header("webhook-id"));
    assert!(payload["timestamp"].is_string());

    // Control: another secret does not verify, so the check above can fail.
    let other = knead_api::webhooks::mint_secret().reveal();
    assert!(verify_with_standardwebhooks(&other, request).is_err());

    let log = world.log(&endpoint.id).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["status"], "delivered");
    assert_eq!(log[0]["response_status"], 200);
    assert_eq!(log[0]["event_id"].as_str(), request.header("webhook-id"));
}

#[actix_rt::test]
async fn a_receiver_that_fails_twice_gets_the_event_again_with_the_same_id() {
    let world = World::new("hookretry", settings(45, 5)).await;
    let receiver = Receiver::start(vec![Reply::Status(500), Reply::Status(503)]);
    let endpoint = world
        .app
        .add_webhook_endpoint(&world.practice, &receiver.url("/in"), &["booking.created"])
        .await;
    world.book().await;
    world.deliver_until(|| receiver.requests().len() >= 3).await;
    world.settle().await;

    let got = receiver.requests();
    assert_eq!(got.len(), 3, "two failures, then the success; nothing after");
    let ids: Vec<_> = got.iter().map(|r| r.header("webhook-id")).collect();
    assert!(ids[0].is_some() && ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    for request in &got {
        assert!(verify_with_standardwebhooks(&endpoint.secret, request).is_ok());
    }
    let mut log = world.log(&endpoint.id).await;
    log.sort_by_key(|d| d["attempt"].as_i64());
    let summary: Vec<_> = log
        .iter()
        .map(|d| {
            (
                d["attempt"].as_i64(),
                d["status"].as_str(),
                d["response_status"].as_i64(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (Some(1), Some("failed"), Some(500)),
            (Some(2), Some("failed"), Some(503)),
            (Some(3), Some("delivered"), Some(200)),
        ]
    );
}

#[actix_rt::test]
async fn a_cancellations_reason_never_travels() {
    let world = World::new("hookcancel", settings(45, 5)).await;
    let receiver = Receiver::start(vec![]);
    world
        .app
        .add_webhook_endpoint(&world.practice, &receiver.url("/in"), &["booking.cancelled"])
        .await;
    let booking = world.book().await;
    let cancelled = world
        .app
        .as_account(&world.practice.owner)
        .post(
            &format!("/v1/bookings/{booking}/cancel"),
            &json!({"reason": "injury", "note": "Calf strain after the marathon"}),
        )
        .await;
    assert_eq!(cancelled.status, 200, "{}", String::from_utf8_lossy(&cancelled.body));
    world.deliver_until(|| !receiver.requests().is_empty()).await;
    let got = receiver.requests();
    assert_eq!(got.len(), 1, "only the cancellation was subscribed to");
    let body = String::from_utf8_lossy(&got[0].body).into_owned();
    assert_eq!(got[0].json()["type"], "booking.cancelled");
    assert!(body.contains(&booking.to_string()), "{body}");
    for secret in ["injury", "Calf strain", "marathon"] {
        assert!(!body.contains(secret), "{secret} travelled: {body}");
    }
}

#[actix_rt::test]
async fn loopback_in_every_disguise_is_refused_unless_allow_listed() {
    // Only 127.0.0.1 is allow-listed: `localhost` and the IPv4-mapped form are not.
    let world = World::new("hookssrf", settings(45, 1)).await;
    let owner = world.app.as_account(&world.practice.owner);
    let target = Receiver::start(vec![]);
    let port = target.addr.port();

    // At registration: an address literal that is loopback, plainly or IPv4-mapped.
    for url in [
        format!("https://[::ffff:127.0.0.1]:{port}/"),
        format!("https://[::1]:{port}/"),
        "https://[::ffff:127.0.0.1]/".to_owned(),
    ] {
        let body = json!({"url": url, "event_types": ["booking.created"], "clinical": false});
        assert_eq!(
            owner.post("/v1/webhook-endpoints", &body).await.pointers(),
            ["/url"],
            "{url}"
        );
    }

    // At delivery: a name that resolves to loopback is accepted as a URL but never called.
    let by_name = world
        .app
        .add_webhook_endpoint(
            &world.practice,
            &format!("https://localhost:{port}/in"),
            &["booking.created"],
        )
        .await;
    // A redirect from an allowed receiver to loopback by name is not followed.
    let redirecting = Receiver::start(vec![Reply::Redirect(format!("http://localhost:{port}/stolen"))]);
    let redirected = world
        .app
        .add_webhook_endpoint(&world.practice, &redirecting.url("/in"), &["booking.created"])
        .await;
    // A URL that reached the table by another way than the API is judged again when sent.
    let smuggled = world
        .app
        .add_webhook_endpoint(&world.practice, "https://hooks.example.com/in", &["booking.created"])
        .await;
    {
        use diesel_async::RunQueryDsl;
        let mut conn = world.app.pool.get().await.expect("connection");
        diesel::sql_query(format!(
            "UPDATE webhook_endpoints SET url = 'https://[::ffff:127.0.0.1]:{port}/in' WHERE id = '{}'",
            smuggled.id
        ))
        .execute(&mut conn)
        .await
        .expect("smuggle");
    }

    world.book().await;
    world.settle().await;
    assert!(
        target.requests().is_empty(),
        "loopback was called: {:?}",
        target.requests()
    );
    assert_eq!(
        redirecting.requests().len(),
        1,
        "the redirecting receiver was called once"
    );

    let by_name_log = world.log(&by_name.id).await;
    assert_eq!(by_name_log.len(), 1, "one attempt (max_attempts 1): {by_name_log:?}");
    let error = by_name_log[0]["error"].as_str().unwrap_or_default();
    assert!(error.contains("loopback"), "{error}");
    let redirect_log = world.log(&redirected.id).await;
    assert_eq!(redirect_log[0]["status"], "failed");
    assert_eq!(redirect_log[0]["response_status"], 302);
    let smuggled_log = world.log(&smuggled.id).await;
    let error = smuggled_log[0]["error"].as_str().unwrap_or_default();
    assert!(error.contains("loopback"), "{error}");
}

#[actix_rt::test]
async fn two_workers_deliver_each_event_once() {
    let settings = settings(45, 5);
    let world = World::new("hooktwo", settings.clone()).await;
    let second = AppState::new(world.app.pool.clone(), settings).expect("second worker");
    let receiver = Receiver::start(vec![]);
    world
        .app
        .add_webhook_endpoint(&world.practice, &receiver.url("/in"), &["booking.created"])
        .await;
    let events = 12;
    for _ in 0..events {
        world.book().await;
    }
    for _ in 0..100 {
        let (a, b) = futures_util::future::join(deliver_due(&world.worker), deliver_due(&second)).await;
        a.expect("first worker");
        b.expect("second worker");
        if receiver.requests().len() >= events {
            break;
        }
    }
    world.settle().await;
    let mut ids: Vec<String> = receiver
        .requests()
        .iter()
        .filter_map(|r| r.header("webhook-id").map(str::to_owned))
        .collect();
    assert_eq!(ids.len(), events, "each event delivered once");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), events, "no event twice");
}

#[actix_rt::test]
async fn an_endpoint_that_keeps_failing_is_disabled_with_the_reason() {
    let world = World::new("hookdisable", settings(3, 1)).await;
    let receiver = Receiver::start(vec![Reply::Status(500); 3]);
    let endpoint = world
        .app
        .add_webhook_endpoint(&world.practice, &receiver.url("/in"), &["booking.created"])
        .await;
    for n in 1..=3 {
        world.book().await;
        world.deliver_until(|| receiver.requests().len() >= n).await;
    }
    world.book().await;
    world.settle().await;
    assert_eq!(receiver.requests().len(), 3, "nothing after the third failure");
    let owner = world.app.as_account(&world.practice.owner);
    let path = format!("/v1/webhook-endpoints/{}", endpoint.id);
    let view = owner.get(&path).await.json();
    assert_eq!(view["enabled"], false);
    let reason = view["disabled_reason"].as_str().unwrap_or_default();
    assert!(reason.contains("3 consecutive") && reason.contains("500"), "{reason}");

    // An event while it is disabled is not queued for it; enabled again, it gets the next.
    let enabled = owner.send_json("PATCH", &path, &json!({"enabled": true})).await.json();
    assert_eq!(enabled["disabled_reason"], Value::Null);
    let next = world.book().await;
    world.deliver_until(|| receiver.requests().len() >= 4).await;
    world.settle().await;
    let got = receiver.requests();
    assert_eq!(got.len(), 4);
    assert_eq!(got[3].json()["data"]["resource_id"], next.to_string());
}

#[actix_rt::test]
async fn during_a_rotation_both_secrets_verify_and_after_it_only_the_new() {
    let world = World::new("hookrotate", settings(45, 5)).await;
    let receiver = Receiver::start(vec![]);
    let endpoint = world
        .app
        .add_webhook_endpoint(&world.practice, &receiver.url("/in"), &["booking.created"])
        .await;
    let owner = world.app.as_account(&world.practice.owner);
    let rotate = format!("/v1/webhook-endpoints/{}/rotate-secret", endpoint.id);
    let rotated = owner.post(&rotate, &json!({})).await.json();
    let new = rotated["secret"].as_str().unwrap_or_default().to_owned();
    world.book().await;
    world.deliver_until(|| !receiver.requests().is_empty()).await;
    let request = &receiver.requests()[0];
    let signatures = request.header("webhook-signature").unwrap_or_default();
    assert_eq!(signatures.split(' ').count(), 2, "{signatures}");
    assert!(verify_with_standardwebhooks(&new, request).is_ok(), "the new secret");
    assert!(
        verify_with_standardwebhooks(&endpoint.secret, request).is_ok(),
        "the previous one"
    );

    // The overlap over (moved into the past here), only the new secret signs.
    {
        use diesel_async::RunQueryDsl;
        let mut conn = world.app.pool.get().await.expect("connection");
        diesel::sql_query("UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 second'")
            .execute(&mut conn)
            .await
            .expect("expire");
    }
    world.book().await;
    world.deliver_until(|| receiver.requests().len() >= 2).await;
    let later = &receiver.requests()[1];
    assert_eq!(later.header("webhook-signature").map(|s| s.split(' ').count()), Some(1));
    assert!(verify_with_standardwebhooks(&new, later).is_ok());
    assert!(verify_with_standardwebhooks(&endpoint.secret, later).is_err());
}
