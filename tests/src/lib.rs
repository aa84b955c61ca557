//! The black-box test harness: each test gets its own database, cloned from a migrated
//! template, and the real app serving on a free port; the database is dropped afterwards.
//!
//! The template is built once per migration set (its name carries a hash of `migrations/`),
//! under an advisory lock, so parallel test processes neither race nor rebuild it.

use knead_persistence::discovery::{self, Server};
use knead_persistence::{Pool, admin, migrate, pool};
use std::hash::{Hash, Hasher};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use tokio::sync::OnceCell;

pub mod api_key_seed;
pub mod booking_seed;
pub mod boundary;
pub mod care_seed;
pub mod change_feed;
pub mod closed_day_seed;
pub mod cluster;
pub mod feed_seed;
pub mod feed_world;
pub mod http;
pub mod ics;
pub mod mail_world;
pub mod matrix_fixtures;
pub mod second_factor;
pub mod seed;
pub mod series_desk;
pub mod served;
pub mod smtp_sink;
pub mod spec;
pub mod structure;
pub mod webhook_receiver;
pub mod webhook_seed;

pub use http::{Answer, Client};

const TEMPLATE_LOCK: i64 = 0x6b6e_6561_6474_706c;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct Template {
    server: Server,
    name: String,
}

static TEMPLATE: OnceCell<Template> = OnceCell::const_new();

fn migrations_hash() -> u64 {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![workspace_root().join("migrations")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("reading {dir:?}: {e}"))
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path)
            } else {
                files.push(path)
            }
        }
    }
    files.sort();
    let mut hasher = std::hash::DefaultHasher::new();
    for file in files {
        file.file_name().hash(&mut hasher);
        std::fs::read(&file).unwrap_or_default().hash(&mut hasher);
    }
    hasher.finish()
}

async fn template() -> &'static Template {
    TEMPLATE
        .get_or_init(|| async {
            let server = discovery::find_server(&workspace_root())
                .await
                .expect("a PostgreSQL server");
            let name = format!("knead_tpl_{:016x}", migrations_hash());
            let mut conn = admin::connect(&server.url).await.expect("admin connection");
            admin::advisory_lock(&mut conn, TEMPLATE_LOCK)
                .await
                .expect("template lock");
            if !admin::database_exists(&mut conn, &name).await.expect("template lookup") {
                let building = format!("{name}_wip");
                admin::drop_database(&mut conn, &building)
                    .await
                    .expect("drop stale template");
                admin::create_database(&mut conn, &building, None)
                    .await
                    .expect("create template");
                migrate::run(&server.database_url(&building))
                    .await
                    .expect("migrate template");
                admin::rename_database(&mut conn, &building, &name)
                    .await
                    .expect("rename template");
            }
            admin::advisory_unlock(&mut conn, TEMPLATE_LOCK)
                .await
                .expect("template unlock");
            Template { server, name }
        })
        .await
}

/// A fresh, migrated database of its own, dropped when this value is dropped.
#[derive(Debug)]
pub struct TestDb {
    pub name: String,
    /// As the superuser: for fixtures that tamper, inspect plans or change settings.
    pub url: String,
    /// As the app role (`knead_app`, DML only): what the app under test connects as.
    pub app_url: String,
    pub admin_url: String,
}

impl TestDb {
    pub async fn create() -> Self {
        let template = template().await;
        let name = format!("knead_test_{}", uuid::Uuid::now_v7().simple());
        let mut conn = admin::connect(&template.server.url).await.expect("admin connection");
        let mut attempt = 0;
        // A clone fails while anything is still connected to the template; that clears fast.
        while let Err(err) = admin::create_database(&mut conn, &name, Some(&template.name)).await {
            attempt += 1;
            assert!(attempt < 20, "cloning the template failed: {err}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let url = template.server.database_url(&name);
        Self {
            app_url: discovery::with_user(&url, discovery::APP_ROLE),
            url,
            admin_url: template.server.url.clone(),
            name,
        }
    }
}

impl TestDb {
    /// A migrated database on a test's own cluster.
    pub async fn on_cluster(cluster: &cluster::PrivateCluster) -> Self {
        let admin_url = cluster.url("postgres");
        let name = format!("knead_test_{}", uuid::Uuid::now_v7().simple());
        let mut conn = admin::connect(&admin_url).await.expect("admin connection");
        admin::create_database(&mut conn, &name, None)
            .await
            .expect("create database");
        let url = cluster.url(&name);
        migrate::run(&url).await.expect("migrate");
        Self {
            name,
            app_url: discovery::with_user(&url, discovery::APP_ROLE),
            url,
            admin_url,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        // Drop runs inside the test's runtime, which cannot be blocked on: use a thread of its own.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            rt.block_on(async {
                let mut conn = admin::connect(&admin_url).await?;
                admin::drop_database(&mut conn, &name).await
            })
            .map_err(std::io::Error::other)
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop test database {}: {dropped:?}", self.name);
        }
    }
}

/// The `knead` binary beside the running test's own (target/<profile>/knead), for tests that
/// run it as a process of its own (to kill it, or to call its commands).
pub fn knead_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let bin = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|profile| profile.join("knead"))
        .expect("target folder");
    assert!(
        bin.exists(),
        "{} is missing: build it first (cargo build -p knead-api --bin knead; scripts/test does)",
        bin.display()
    );
    bin
}

/// The key test servers sign access tokens with, so tests can forge signed-but-wrong tokens.
pub const TEST_JWT_SECRET: &[u8] = b"knead-test-signing-key-0123456789-abcdef";

pub fn test_settings() -> knead_api::state::Settings {
    knead_api::state::Settings {
        jwt_secret: TEST_JWT_SECRET.to_vec(),
        encryption: knead_api::encryption::Keyring::development(),
        trusted_proxies: Vec::new(),
        public_url: "http://knead.test".into(),
        throttle: knead_api::state::ThrottleSettings::default(),
        hash_concurrency: 1,
        frontend_dir: None,
        cors_origins: Vec::new(),
        clock: knead_api::clock::Clock::system(),
        body_timeout: std::time::Duration::from_secs(10),
        max_body_reads: 256,
        api_key_requests_per_minute: 10_000,
        webhooks: knead_api::webhooks::WebhookSettings::default(),
        mail: knead_api::mail::MailSettings::default(),
    }
}

/// The pool test servers use: the server's defaults with fewer connections and a longer
/// checkout timeout. The suite runs many apps at once on a small machine, where making a connection can take longer than a second, and a
/// 503 there would be the machine's load, not the code under test. (The outage tests see
/// connections refused at once, so their 2 s bound does not lean on this.)
pub fn test_pool() -> pool::Options {
    pool::Options {
        max_size: 8,
        timeout: std::time::Duration::from_secs(5),
        ..pool::Options::default()
    }
}

/// The real app, serving on a free port against its own database.
pub struct TestApp {
    pub base: String,
    pub pool: Pool,
    pub db: TestDb,
    /// The app's clock: seeds written straight to the database take their times from it too.
    pub clock: knead_api::clock::Clock,
    /// The app's token issuer: an account's client renews its token at the clock with it.
    pub keys: knead_api::auth::tokens::TokenKeys,
    server: actix_web::dev::ServerHandle,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(test_settings()).await
    }

    /// The app with settings of the test's own (a frontend folder, CORS origins, a clock).
    pub async fn spawn_with(settings: knead_api::state::Settings) -> Self {
        Self::serve(TestDb::create().await, settings, test_pool())
    }

    /// The app on a clock fixed at `instant` (RFC 3339), with the clock to move it.
    pub async fn spawn_at(instant: &str) -> (Self, knead_api::clock::Clock) {
        let at = chrono::DateTime::parse_from_rfc3339(instant).expect("instant").to_utc();
        let clock = knead_api::clock::Clock::fixed(at);
        let app = Self::spawn_with(knead_api::state::Settings {
            clock: clock.clone(),
            ..test_settings()
        })
        .await;
        (app, clock)
    }

    /// The app with a pool of the test's own (a short statement timeout, say).
    pub async fn spawn_with_pool(settings: knead_api::state::Settings, options: pool::Options) -> Self {
        Self::serve(TestDb::create().await, settings, options)
    }

    /// The app against a database the test made (a restored copy, say).
    pub async fn spawn_on_db(db: TestDb, settings: knead_api::state::Settings) -> Self {
        Self::serve(db, settings, test_pool())
    }

    /// The app against a database on a test's own cluster (which the test may stop).
    pub async fn spawn_on(cluster: &cluster::PrivateCluster, settings: knead_api::state::Settings) -> Self {
        Self::serve(TestDb::on_cluster(cluster).await, settings, test_pool())
    }

    fn serve(db: TestDb, settings: knead_api::state::Settings, options: pool::Options) -> Self {
        let pool = pool::build(&db.app_url, options).expect("pool");
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let base = format!("http://{}", listener.local_addr().expect("local addr"));
        let clock = settings.clock.clone();
        let keys = knead_api::auth::tokens::TokenKeys::new(&settings.jwt_secret);
        let state = knead_api::AppState::new(pool.clone(), settings).expect("app state");
        let server = knead_api::server(state, listener, 2).expect("server");
        let handle = server.handle();
        actix_rt::spawn(server);
        Self {
            base,
            pool,
            db,
            clock,
            keys,
            server: handle,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }
}

impl std::fmt::Debug for TestApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestApp")
            .field("base", &self.base)
            .field("db", &self.db)
            .finish()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // The stop command is sent when `stop` is called; waiting for completion is not needed.
        drop(self.server.stop(false));
    }
}

/// Every index an `EXPLAIN (FORMAT JSON)` plan touches.
pub fn plan_indexes(plan: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    let mut found = Vec::new();
    let mut stack = vec![plan];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(name)) = map.get("Index Name") {
                    found.push(name.clone());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}
