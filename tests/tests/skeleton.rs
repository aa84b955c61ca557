//! The skeleton's promises: probes, request ids, problem+json for every error, 405 with Allow,
//! and the docs page.

use knead_tests::TestApp;

#[actix_rt::test]
async fn probes_answer_and_echo_request_ids() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let health = client.get("/healthz").await;
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["status"], "ok");
    let request_id = health.header("x-request-id").expect("a request id");
    assert_eq!(uuid::Uuid::parse_str(request_id).map(|u| u.get_version_num()), Ok(7));
    assert_eq!(client.get("/readyz").await.status, 200);

    let mut req = awc::Client::new().get(app.url("/healthz"));
    req = req.insert_header(("X-Request-Id", "trace-abc-123"));
    let res = req.send().await.expect("answered");
    assert_eq!(
        res.headers().get("x-request-id").and_then(|v| v.to_str().ok()),
        Some("trace-abc-123")
    );
}

#[actix_rt::test]
async fn readyz_reports_a_lost_database() {
    let app = TestApp::spawn().await;
    let client = app.client();
    assert_eq!(client.get("/readyz").await.status, 200);
    let mut conn = knead_persistence::admin::connect(&app.db.admin_url)
        .await
        .expect("connect");
    // Terminate every other connection to this test's database, then refuse new ones.
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query(format!("ALTER DATABASE {0} ALLOW_CONNECTIONS false", app.db.name)),
        &mut conn,
    )
    .await
    .expect("refuse connections");
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query(format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}' AND pid <> pg_backend_pid()",
            app.db.name
        )),
        &mut conn,
    )
    .await
    .expect("terminate");
    client.get("/readyz").await.problem(503);
}

#[actix_rt::test]
async fn unknown_paths_and_methods_are_problems() {
    let app = TestApp::spawn().await;
    let client = app.client();
    client.get("/no/such/thing").await.problem(404);
    let wrong_method = client.raw("DELETE", "/healthz", None, Vec::new()).await;
    wrong_method.problem(405);
    assert_eq!(wrong_method.header("allow"), Some("GET, HEAD"));
}

#[actix_rt::test]
async fn docs_and_spec_are_served() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let redirect = client.get("/docs").await;
    assert_eq!(redirect.status, 308);
    let page = client.get("/docs/").await;
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("swagger-ui"));
    let spec = client.get("/openapi.json").await;
    assert_eq!(spec.status, 200);
    assert_eq!(spec.json()["info"]["title"], "Knead API");
}
