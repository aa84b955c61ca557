//! The audit log: clinical operations are recorded (denied calls too), the table refuses edits,
//! concurrent appends keep one chain, and verification finds edits and deleted tail events.

use diesel_async::SimpleAsyncConnection;
use knead_api::admin::verify_audit_chains;
use knead_domain::audit::ChainBreak;
use knead_persistence::admin;
use knead_tests::TestApp;

async fn verify(app: &TestApp) -> Vec<Result<usize, ChainBreak>> {
    let mut conn = knead_persistence::connect(&app.db.url).await.expect("connect");
    verify_audit_chains(&mut conn)
        .await
        .expect("verify")
        .into_iter()
        .map(|(_, r)| r)
        .collect()
}

/// Runs SQL as the superuser with triggers off, as an attacker with database access could.
async fn superuser(app: &TestApp, sql: &str) {
    let mut conn = admin::connect(&app.db.url).await.expect("connect");
    conn.batch_execute(&format!("SET session_replication_role = replica; {sql}"))
        .await
        .expect("superuser edit");
}

#[actix_rt::test]
async fn clinical_calls_are_recorded_and_the_chain_verifies() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("audited").await;
    let owner = app.as_account(&practice.owner);
    assert_eq!(owner.get("/v1/audit-events").await.status, 200);
    app.as_account(&practice.therapist)
        .get("/v1/audit-events")
        .await
        .problem(403);
    app.as_account(&practice.front_desk)
        .get("/v1/audit-events")
        .await
        .problem(403);

    let page = owner.get("/v1/audit-events").await.json();
    let items = page["items"].as_array().expect("items");
    // Newest first: two denials, the first read (this read is recorded after it answers).
    let outcomes: Vec<&str> = items.iter().filter_map(|e| e["outcome"].as_str()).collect();
    assert_eq!(outcomes, ["denied", "denied", "success"]);
    assert_eq!(items[0]["actor_id"], practice.front_desk.staff_id.to_string());
    assert_eq!(items[0]["action"], "list_audit_events");
    assert_eq!(items[0]["status"], 403);
    assert!(items[0]["request_id"].as_str().is_some_and(|r| !r.is_empty()));

    let by_actor = owner
        .get(&format!("/v1/audit-events?actor_id={}", practice.therapist.staff_id))
        .await
        .json();
    assert_eq!(by_actor["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(verify(&app).await, [Ok(5)]);
}

#[actix_rt::test]
async fn the_log_is_append_only() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("appendonly").await;
    app.as_account(&practice.owner).get("/v1/audit-events").await;
    let mut conn = admin::connect(&app.db.url).await.expect("connect");
    for sql in [
        "UPDATE audit_events SET outcome = 'failed'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
    ] {
        let refused = conn.batch_execute(sql).await;
        assert!(refused.is_err(), "{sql} was allowed");
    }
}

#[actix_rt::test]
async fn concurrent_appends_keep_one_chain() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("concurrent").await;
    let owner = app.as_account(&practice.owner);
    let answers = futures_util::future::join_all((0..24).map(|_| owner.get("/v1/audit-events?limit=1"))).await;
    assert!(answers.iter().all(|a| a.status == 200));
    assert_eq!(verify(&app).await, [Ok(24)]);
}

#[actix_rt::test]
async fn verification_reports_an_edit_and_a_deleted_tail() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("tampered").await;
    let owner = app.as_account(&practice.owner);
    for _ in 0..3 {
        owner.get("/v1/audit-events").await;
    }
    assert_eq!(verify(&app).await, [Ok(3)]);
    superuser(&app, "UPDATE audit_events SET outcome = 'denied' WHERE seq = 2").await;
    assert_eq!(verify(&app).await, [Err(ChainBreak::Tampered { seq: 2 })]);
    superuser(&app, "UPDATE audit_events SET outcome = 'success' WHERE seq = 2").await;
    assert_eq!(verify(&app).await, [Ok(3)]);
    superuser(&app, "DELETE FROM audit_events WHERE seq = 3").await;
    assert_eq!(verify(&app).await, [Err(ChainBreak::Truncated { last: 2, head: 3 })]);
}

/// A HEAD on a clinical read is that read without its body: it answers as the GET would, is
/// recorded as the GET is, and is not stored by caches.
#[actix_rt::test]
async fn a_head_on_a_clinical_read_is_recorded_and_not_stored() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("headread").await;
    let client = app.add_client(practice.id, "Sam", "Hill").await;
    let path = format!("/v1/clients/{client}/alerts");
    let therapist = app.as_account(&practice.therapist);
    let get = therapist.get(&path).await;
    assert_eq!(get.status, 200);
    let head = therapist.raw("HEAD", &path, None, Vec::new()).await;
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("cache-control"), get.header("cache-control"));
    assert!(head.header("cache-control").is_some_and(|v| v.contains("no-store")));

    let page = app.as_account(&practice.owner).get("/v1/audit-events").await.json();
    let reads = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["action"] == "get_client_alerts" && e["client_id"] == client.to_string())
        .count();
    assert_eq!(reads, 2, "the GET and the HEAD are both recorded: {page}");
}
