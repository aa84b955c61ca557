//! ETag / If-Match on updates and Idempotency-Key on creating POSTs.

use knead_tests::TestApp;
use serde_json::json;

#[actix_rt::test]
async fn updates_need_the_current_etag() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("etags").await;
    let owner = app.as_account(&practice.owner);
    let read = owner.get("/v1/practice").await;
    let etag = read.header("etag").expect("ETag").to_owned();
    assert!(etag.starts_with('"'), "strong ETag: {etag}");

    let missing = owner
        .send_json("PATCH", "/v1/practice", &json!({"name": "Renamed"}))
        .await;
    missing.problem(428);
    let first = app
        .patch_json(
            &practice.owner,
            "/v1/practice",
            &etag,
            &json!({"name": "Renamed", "cancellation_window_hours": 48}),
        )
        .await;
    assert_eq!(first.status, 200);
    assert_eq!(first.json()["cancellation_window_hours"], 48);
    let new_etag = first.header("etag").expect("new ETag").to_owned();
    assert_ne!(new_etag, etag);
    let stale = app
        .patch_json(&practice.owner, "/v1/practice", &etag, &json!({"name": "Lost update"}))
        .await;
    stale.problem(412);
    assert_eq!(owner.get("/v1/practice").await.json()["name"], "Renamed");

    let bad = app
        .patch_json(
            &practice.owner,
            "/v1/practice",
            &new_etag,
            &json!({"time_zone": "Mars/Base", "cancellation_window_hours": 999}),
        )
        .await;
    let problem = bad.problem(422);
    let pointers: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["pointer"].as_str())
        .collect();
    assert_eq!(pointers, ["/time_zone", "/cancellation_window_hours"]);
    // Nothing of the refused update was written.
    assert_eq!(owner.get("/v1/practice").await.header("etag"), Some(new_etag.as_str()));
}

#[actix_rt::test]
async fn idempotency_keys_replay_refuse_and_serialise() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("idem").await;
    let owner = app
        .as_account(&practice.owner)
        .with_header("Idempotency-Key", "create-ana-1");
    let body = json!({"email": "ana@idem.test", "display_name": "Ana", "role": "front_desk"});
    let first = owner.post("/v1/staff", &body).await;
    assert_eq!(first.status, 201);
    let replay = owner.post("/v1/staff", &body).await;
    assert_eq!(replay.status, 201);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.json()["id"], first.json()["id"]);
    assert_eq!(replay.header("location"), first.header("location"));

    let other_body = json!({"email": "bo@idem.test", "display_name": "Bo", "role": "front_desk"});
    owner.post("/v1/staff", &other_body).await.problem(422);

    // Without a key the same body is a second create, refused by the unique email.
    app.as_account(&practice.owner)
        .post("/v1/staff", &body)
        .await
        .problem(409);

    // Concurrent duplicates: one creates, the others replay or are told it is in progress.
    let racer = app.as_account(&practice.owner).with_header("Idempotency-Key", "race-1");
    let body = json!({"email": "cy@idem.test", "display_name": "Cy", "role": "therapist"});
    let answers = futures_util::future::join_all((0..6).map(|_| racer.post("/v1/staff", &body))).await;
    let created: Vec<_> = answers.iter().filter(|a| a.status == 201).collect();
    assert!(!created.is_empty());
    assert!(
        answers.iter().all(|a| a.status == 201 || a.status == 409),
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    let ids: std::collections::HashSet<String> = created.iter().map(|a| a.json()["id"].to_string()).collect();
    assert_eq!(ids.len(), 1, "one staff member created");
    let listed = app.as_account(&practice.owner).get("/v1/staff").await.json();
    let cys = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|s| s["email"] == "cy@idem.test")
        .count();
    assert_eq!(cys, 1);
}
