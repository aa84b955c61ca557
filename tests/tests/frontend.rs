//! Serving a built frontend beside the API, and CORS for a frontend on its own origin.

use knead_tests::{TestApp, test_settings};

fn built_frontend() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("knead-frontend-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(dir.join("assets")).expect("a temp folder");
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Knead</title>").expect("index");
    std::fs::write(dir.join("assets/app-1234.js"), "console.log(1)").expect("asset");
    dir
}

#[actix_rt::test]
async fn the_frontend_is_served_at_the_root_and_client_routes_reload() {
    let dir = built_frontend();
    let app = TestApp::spawn_with(knead_api::state::Settings {
        frontend_dir: Some(dir.clone()),
        ..test_settings()
    })
    .await;
    let http = app.client();

    let root = http.get("/").await;
    assert_eq!(root.status, 200);
    assert!(String::from_utf8_lossy(&root.body).contains("<title>Knead</title>"));
    assert_eq!(root.header("cache-control"), Some("no-cache"));

    let asset = http.get("/assets/app-1234.js").await;
    assert_eq!(asset.status, 200);
    assert_eq!(
        asset.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );

    let route = http.get("/clients/0193c5a0-0000-7000-8000-000000000000").await;
    assert_eq!(route.status, 200, "a client-side route answers index.html");
    assert!(String::from_utf8_lossy(&route.body).contains("<title>Knead</title>"));

    // The API's own paths keep their answers.
    assert_eq!(http.get("/v1/nothing-here").await.problem(404)["status"], 404);
    assert_eq!(http.raw("PUT", "/v1/staff", None, Vec::new()).await.status, 405);
    assert_eq!(http.raw("POST", "/clients", None, Vec::new()).await.status, 404);
    // Nothing outside the folder.
    assert_eq!(http.get("/../Cargo.toml").await.status, 200, "normalised to index.html");
    assert!(!String::from_utf8_lossy(&http.get("/%2e%2e/Cargo.toml").await.body).contains("[package]"));
    std::fs::remove_dir_all(dir).ok();
}

#[actix_rt::test]
async fn without_a_built_frontend_the_root_is_not_found() {
    let app = TestApp::spawn_with(knead_api::state::Settings {
        frontend_dir: Some(std::env::temp_dir().join("knead-no-such-frontend")),
        ..test_settings()
    })
    .await;
    app.client().get("/").await.problem(404);
}

#[actix_rt::test]
async fn allowed_origins_get_cors_headers_and_others_do_not() {
    let app = TestApp::spawn_with(knead_api::state::Settings {
        cors_origins: vec!["http://app.example".into()],
        ..test_settings()
    })
    .await;
    let preflight = app
        .client()
        .with_header("Origin", "http://app.example")
        .with_header("Access-Control-Request-Method", "PATCH")
        .with_header("Access-Control-Request-Headers", "authorization, if-match")
        .raw("OPTIONS", "/v1/clients", None, Vec::new())
        .await;
    assert_eq!(preflight.status, 200);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("http://app.example")
    );

    let read = app
        .client()
        .with_header("Origin", "http://app.example")
        .get("/healthz")
        .await;
    assert_eq!(read.status, 200);
    assert!(
        read.header("access-control-expose-headers")
            .is_some_and(|h| h.contains("etag"))
    );

    let stranger = app
        .client()
        .with_header("Origin", "http://evil.example")
        .get("/healthz")
        .await;
    assert_eq!(stranger.header("access-control-allow-origin"), None);
}
