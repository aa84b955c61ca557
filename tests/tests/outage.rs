//! PostgreSQL stopped under a running server: every call that needs the database answers 503
//! `/problems/unavailable` with `Retry-After`, quickly (the pool's wait and connect timeouts
//! bound it), never a 500 — clinical reads too, whose audit append is the last thing to fail;
//! and the server recovers by itself when the database is back. Runs on a cluster of its own.

use knead_tests::cluster::PrivateCluster;
use knead_tests::seed::PASSWORD;
use knead_tests::{Answer, Client, TestApp, test_settings};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The liveness bound the issue asks for: an outage is reported within 2 s.
const BOUND: Duration = Duration::from_secs(2);

/// Sends the request and checks the outage answer's shape; returns it with its time.
async fn during_outage(client: &Client, method: &str, path: &str, body: Option<&Value>) -> (Answer, Duration) {
    let started = Instant::now();
    let answer = match body {
        Some(body) => client.send_json(method, path, body).await,
        None => client.raw(method, path, None, Vec::new()).await,
    };
    let took = started.elapsed();
    let status = answer.status.as_u16();
    assert_ne!(
        status,
        500,
        "{method} {path} answered 500 with the database down: {}",
        String::from_utf8_lossy(&answer.body)
    );
    if status == 503 {
        let problem = answer.problem(503);
        assert_eq!(problem["type"], "/problems/unavailable", "{method} {path}");
        assert!(
            answer.header("retry-after").is_some(),
            "{method} {path}: no Retry-After"
        );
    }
    assert!(took < BOUND, "{method} {path} took {took:?} with the database down");
    (answer, took)
}

#[actix_rt::test]
async fn a_stopped_database_answers_503_fast_and_the_server_recovers() {
    let cluster = PrivateCluster::start().await;
    let app = TestApp::spawn_on(&cluster, test_settings()).await;
    let practice = app.seed_practice("outage").await;
    let client_id = app.add_client(practice.id, "Casey", "Runner").await;
    app.add_intake_form(practice.id, client_id).await;
    let owner = app.as_account(&practice.owner);
    // The therapist has not called yet: their token's account check is not cached either.
    let therapist = app.as_account(&practice.therapist);
    let intake_forms = format!("/v1/clients/{client_id}/intake-forms");
    assert_eq!(therapist.get(&intake_forms).await.status, 200, "control: up");

    cluster.stop().await;

    let front_desk = app.as_account(&practice.front_desk);
    let anonymous = app.client();
    let must_be_503: Vec<(&Client, &str, String, Option<Value>)> = vec![
        (&front_desk, "GET", "/v1/clients".into(), None),
        (&therapist, "GET", intake_forms.clone(), None),
        (&owner, "GET", format!("/v1/clients/{client_id}"), None),
        (&owner, "GET", "/v1/me".into(), None),
        (
            &owner,
            "POST",
            "/v1/clients".into(),
            Some(json!({"given_name": "Robin", "family_name": "Hill"})),
        ),
        (
            &owner,
            "GET",
            "/v1/bookings?from=2030-01-07T00:00:00Z&to=2030-01-14T00:00:00Z".into(),
            None,
        ),
        (
            &anonymous,
            "POST",
            "/v1/auth/login".into(),
            Some(json!({"email": practice.owner.email, "password": PASSWORD})),
        ),
        (
            &anonymous,
            "POST",
            "/v1/auth/refresh".into(),
            Some(json!({"refresh_token": practice.owner.refresh_token})),
        ),
        (&anonymous, "GET", "/readyz".into(), None),
    ];
    let mut slowest = Duration::ZERO;
    for (client, method, path, body) in &must_be_503 {
        let (answer, took) = during_outage(client, method, path, body.as_ref()).await;
        assert_eq!(
            answer.status.as_u16(),
            503,
            "{method} {path}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        slowest = slowest.max(took);
    }

    // Every operation of the spec, as the owner, with whatever ids and an empty body: some
    // refuse the input before reaching the database (4xx), none may answer 500.
    let mut unavailable = 0;
    let ops = knead_tests::spec::operations();
    for knead_tests::spec::SpecOp { method, path, .. } in &ops {
        let path = path
            .replace("{id}", &client_id.to_string())
            .replace("{token}", "kf1.x.y.z");
        let body = matches!(method.as_str(), "POST" | "PUT" | "PATCH").then(|| json!({}));
        let (answer, took) = during_outage(&owner, method, &path, body.as_ref()).await;
        slowest = slowest.max(took);
        unavailable += usize::from(answer.status.as_u16() == 503);
    }
    eprintln!(
        "database down: {unavailable} of {} operations answered 503; slowest answer {slowest:?}",
        ops.len()
    );
    assert!(
        unavailable > ops.len() / 3,
        "only {unavailable} operations reached the database"
    );

    cluster.restart().await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let answer = owner.get("/v1/clients").await;
        if answer.status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "no recovery: {}", answer.status);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        therapist.get(&intake_forms).await.status,
        200,
        "clinical read after recovery"
    );
    let created = owner
        .post("/v1/clients", &json!({"given_name": "Robin", "family_name": "Hill"}))
        .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    assert_eq!(app.client().get("/readyz").await.status, 200);
}

async fn admin_sql(url: &str, sql: &str) {
    let mut conn = knead_persistence::admin::connect(url).await.expect("connect");
    diesel_async::SimpleAsyncConnection::batch_execute(&mut conn, sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Sets `default_transaction_read_only` on the test database and ends its sessions, so the
/// pool's next connections are read-only (or writable again).
async fn set_read_only(app: &TestApp, on: bool) {
    let value = if on { "on" } else { "off" };
    admin_sql(
        &app.db.admin_url,
        &format!(
            "ALTER DATABASE {0} SET default_transaction_read_only = {value};
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = '{0}' AND pid <> pg_backend_pid();",
            app.db.name
        ),
    )
    .await;
}

#[actix_rt::test]
async fn a_read_only_database_refuses_writes_with_503_and_keeps_serving_reads() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("readonly").await;
    let client_id = app.add_client(practice.id, "Casey", "Runner").await;
    app.add_intake_form(practice.id, client_id).await;
    let owner = app.as_account(&practice.owner);
    let therapist = app.as_account(&practice.therapist);
    let intake_forms = format!("/v1/clients/{client_id}/intake-forms");

    set_read_only(&app, true).await;
    let listed = owner.get("/v1/clients").await;
    assert_eq!(listed.status, 200, "plain reads keep working");
    assert_eq!(listed.json()["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(owner.get(&format!("/v1/clients/{client_id}")).await.status, 200);
    let anonymous = app.client();
    let writes: Vec<(&Client, &str, String, Option<Value>)> = vec![
        (
            &owner,
            "POST",
            "/v1/clients".into(),
            Some(json!({"given_name": "Robin", "family_name": "Hill"})),
        ),
        // A clinical read writes its audit event: without it nothing is served.
        (&therapist, "GET", intake_forms.clone(), None),
        // A login writes its refresh token.
        (
            &anonymous,
            "POST",
            "/v1/auth/login".into(),
            Some(json!({"email": practice.owner.email, "password": PASSWORD})),
        ),
    ];
    for (client, method, path, body) in &writes {
        let (answer, _) = during_outage(client, method, path, body.as_ref()).await;
        assert_eq!(
            answer.status.as_u16(),
            503,
            "{method} {path}: {}",
            String::from_utf8_lossy(&answer.body)
        );
    }

    set_read_only(&app, false).await;
    let listed = owner.get("/v1/clients").await;
    assert_eq!(
        listed.json()["items"].as_array().map(Vec::len),
        Some(1),
        "nothing was written"
    );
    assert_eq!(therapist.get(&intake_forms).await.status, 200);
    let created = owner
        .post("/v1/clients", &json!({"given_name": "Robin", "family_name": "Hill"}))
        .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
}

#[actix_rt::test]
async fn a_statement_past_the_timeout_answers_503() {
    let options = knead_persistence::pool::Options {
        statement_timeout: Some(Duration::from_millis(300)),
        ..knead_tests::test_pool()
    };
    let app = TestApp::spawn_with_pool(test_settings(), options).await;
    let practice = app.seed_practice("slowquery").await;
    app.add_client(practice.id, "Casey", "Runner").await;
    let owner = app.as_account(&practice.owner);
    assert_eq!(owner.get("/v1/clients").await.status, 200, "control");

    // Another session holds the clients table: the list waits for the lock until cancelled.
    let mut blocker = knead_persistence::admin::connect(&app.db.url).await.expect("connect");
    diesel_async::SimpleAsyncConnection::batch_execute(
        &mut blocker,
        "BEGIN; LOCK TABLE clients IN ACCESS EXCLUSIVE MODE;",
    )
    .await
    .expect("lock");
    let (answer, took) = during_outage(&owner, "GET", "/v1/clients", None).await;
    assert_eq!(answer.status.as_u16(), 503, "{}", String::from_utf8_lossy(&answer.body));
    assert!(
        took >= Duration::from_millis(300),
        "answered before the timeout: {took:?}"
    );
    diesel_async::SimpleAsyncConnection::batch_execute(&mut blocker, "ROLLBACK")
        .await
        .expect("unlock");
    assert_eq!(owner.get("/v1/clients").await.status, 200, "served again");
}

/// The pool sends no check on checkout, yet never hands out a connection whose backend is gone:
/// after every backend of the database is terminated, reads keep answering 200.
#[actix_rt::test]
async fn terminated_backends_are_dropped_by_the_pool() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("terminated").await;
    let client_id = app.add_client(practice.id, "Casey", "Runner").await;
    let desk = app.as_account(&practice.front_desk);
    let path = format!("/v1/clients/{client_id}");
    // Fill the pool with several connections, then end their backends.
    let warm: Vec<_> = (0..6).map(|_| desk.get(&path)).collect();
    for answer in futures_util::future::join_all(warm).await {
        assert_eq!(answer.status, 200);
    }
    admin_sql(
        &app.db.admin_url,
        &format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = '{0}' AND pid <> pg_backend_pid();",
            app.db.name
        ),
    )
    .await;
    // The closed sockets are seen by each connection's driver task as the server's notice lands.
    tokio::time::sleep(Duration::from_millis(200)).await;
    for _ in 0..12 {
        let answer = desk.get(&path).await;
        assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    }
}
