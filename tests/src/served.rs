//! The real `knead serve` binary run as a process (with its background workers), for tests
//! that kill it or run several side by side.

use crate::{TEST_JWT_SECRET, TestApp, TestDb, knead_binary, test_settings};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// `knead serve` on `db` at `127.0.0.1:port`, one worker and a small pool, with `env` added
/// (a mail transport, a webhook allow-list).
pub fn start_server(db: &TestDb, port: u16, env: &[(&str, &str)]) -> Child {
    let mut command = Command::new(knead_binary());
    command
        .arg("serve")
        .env("KNEAD_MIGRATE_DATABASE_URL", &db.url)
        .env("DATABASE_URL", &db.app_url)
        .env("KNEAD_BIND", format!("127.0.0.1:{port}"))
        .env("KNEAD_WORKERS", "1")
        .env("KNEAD_DB_POOL_SIZE", "4")
        .env("KNEAD_LOG", "error")
        .env("KNEAD_FRONTEND_DIR", "/nonexistent")
        .env(
            "KNEAD_JWT_SECRET",
            std::str::from_utf8(TEST_JWT_SECRET).expect("ASCII key"),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (name, value) in env {
        command.env(name, value);
    }
    command.spawn().expect("knead serve starts")
}

/// Waits until `/readyz` answers 200 (a minute at most); panics if the server exits first.
pub async fn wait_until_ready(base: &str, server: &mut Child) {
    let client = awc::Client::builder().timeout(Duration::from_secs(2)).finish();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(res) = client.get(format!("{base}/readyz")).send().await
            && res.status() == 200
        {
            return;
        }
        if let Ok(Some(status)) = server.try_wait() {
            panic!("knead serve exited before it was ready: {status}");
        }
        assert!(Instant::now() < deadline, "the server never became ready");
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits up to `limit` for `done`; whether it came.
pub async fn wait_for(limit: Duration, mut done: impl AsyncFnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if done().await {
            return true;
        }
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// SIGKILL, then reap.
pub fn kill(server: &mut Child) {
    server.kill().expect("SIGKILL");
    server.wait().expect("the killed server is reaped");
}

/// An app to seed with (it runs no worker) that accepts webhook endpoints on loopback, as the
/// servers started with `KNEAD_WEBHOOK_ALLOW=127.0.0.1` do.
pub async fn loopback_seeder() -> TestApp {
    TestApp::spawn_with(knead_api::state::Settings {
        webhooks: knead_api::webhooks::WebhookSettings {
            allow: knead_domain::webhooks::AllowList::parse("127.0.0.1"),
            ..Default::default()
        },
        ..test_settings()
    })
    .await
}
