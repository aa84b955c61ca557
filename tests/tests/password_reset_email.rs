//! Forgot password end to end, with a real SMTP server (aiosmtpd on loopback): a known
//! address gets one email whose link sets a new password (and keeps the second factor); an
//! unknown address is answered alike and gets nothing; a repeat within the window sends no
//! second email; the outbox row holds neither the link's token nor the address; requests past
//! the limit are 429 with Retry-After. An owner's emailed invitation reaches the invited
//! address with a link that sets the first password, and no one else sees the link.

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use knead_api::AppState;
use knead_api::mail::worker::send_due;
use knead_api::mail::{MailSettings, Transport};
use knead_tests::second_factor::{AT, challenge, enrol};
use knead_tests::smtp_sink::{SmtpSink, decoded};
use knead_tests::{TestApp, test_settings};
use serde_json::json;
use std::time::{Duration, Instant};

const REQUESTS: &str = "/v1/auth/password-reset-requests";
const NEW_PASSWORD: &str = "a brand new passphrase";

struct World {
    app: TestApp,
    worker: AppState,
    sink: SmtpSink,
}

impl World {
    async fn new() -> Self {
        let sink = SmtpSink::start();
        let at = chrono::DateTime::parse_from_rfc3339(AT).expect("instant").to_utc();
        let settings = knead_api::state::Settings {
            clock: knead_api::clock::Clock::fixed(at),
            mail: MailSettings {
                transport: Some(Transport::smtp(&sink.url(), Duration::from_secs(10)).expect("smtp")),
                ..MailSettings::configure(None, None, Some("Knead <no-reply@knead.test>"), "http://knead.test")
                    .expect("mail settings")
            },
            ..test_settings()
        };
        let app = TestApp::spawn_with(settings.clone()).await;
        let worker = AppState::new(app.pool.clone(), settings).expect("worker state");
        Self { app, worker, sink }
    }

    /// Runs the mail worker once; how many messages it claimed.
    async fn send(&self) -> usize {
        send_due(&self.worker).await.expect("a mail run")
    }

    /// The outbox, each row as JSON text (every column).
    async fn outbox(&self) -> Vec<String> {
        #[derive(QueryableByName)]
        struct Row {
            #[diesel(sql_type = Text)]
            row: String,
        }
        let mut conn = self.app.pool.get().await.expect("connection");
        let rows: Vec<Row> = diesel::sql_query("SELECT row_to_json(m)::text AS row FROM email_messages m")
            .load(&mut conn)
            .await
            .expect("outbox");
        rows.into_iter().map(|r| r.row).collect()
    }
}

fn header<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
    raw.lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(str::trim))
}

/// The link in a message and its token.
fn link(raw: &str) -> (String, String) {
    let text = decoded(raw);
    let url = text
        .split_whitespace()
        .find(|w| w.starts_with("http://knead.test/set-password#"))
        .unwrap_or_else(|| panic!("no reset link in:\n{text}"))
        .to_owned();
    let token = url.split("token=").nth(1).expect("a token").to_owned();
    (url, token)
}

#[actix_rt::test]
async fn a_known_address_gets_one_link_that_sets_a_new_password() {
    let world = World::new().await;
    let practice = world.app.seed_practice("resetmail").await;
    let owner = &practice.owner;
    let client = world.app.client();

    let started = Instant::now();
    let known = client.post(REQUESTS, &json!({"email": owner.email})).await;
    let known_took = started.elapsed();
    let started = Instant::now();
    let unknown = client.post(REQUESTS, &json!({"email": "nobody@resetmail.test"})).await;
    let unknown_took = started.elapsed();
    assert_eq!(known.status, 202, "{}", String::from_utf8_lossy(&known.body));
    assert_eq!(unknown.status, known.status);
    assert_eq!(unknown.body, known.body, "the answer tells nothing");
    assert_eq!(unknown.content_type(), known.content_type());
    assert!(
        known_took >= Duration::from_millis(300) && unknown_took >= Duration::from_millis(300),
        "both answers wait the same floor: {known_took:?} {unknown_took:?}"
    );

    assert_eq!(world.send().await, 1, "one message queued, for the known address");
    assert_eq!(world.send().await, 0, "and sent once");
    let messages = world.sink.messages();
    assert_eq!(messages.len(), 1, "the unknown address got nothing");
    let raw = &messages[0];
    assert!(header(raw, "To").is_some_and(|to| to.contains(&owner.email)), "{raw}");
    assert!(
        header(raw, "Subject").is_some_and(|s| s.contains("Practice resetmail")),
        "{raw}"
    );
    let (url, token) = link(raw);
    assert!(url.contains("purpose=password_reset"), "{url}");

    let outbox = world.outbox().await;
    assert_eq!(outbox.len(), 1);
    let row = &outbox[0];
    assert!(row.contains("\"status\":\"sent\""), "{row}");
    let message_id = header(raw, "Message-ID").expect("a Message-ID");
    assert!(
        row.contains(&message_id.replace('"', "\\\"")),
        "the row keeps the Message-ID: {row}"
    );
    let secret = token.rsplit('.').next().expect("the token's secret");
    assert!(
        !row.contains(&token) && !row.contains(secret),
        "no token in the outbox: {row}"
    );
    assert!(!row.contains(&owner.email), "no address in the outbox: {row}");

    // A repeat within the window sends nothing more.
    let again = client.post(REQUESTS, &json!({"email": owner.email})).await;
    assert_eq!(again.status, 202);
    assert_eq!(again.body, known.body);
    assert_eq!(world.send().await, 0);
    assert_eq!(world.sink.messages().len(), 1);
    assert_eq!(world.outbox().await.len(), 1);

    // The link sets a new password through the existing operation; the old one stops working.
    let set = client
        .post("/v1/auth/password", &json!({"token": token, "password": NEW_PASSWORD}))
        .await;
    assert_eq!(set.status, 204, "{}", String::from_utf8_lossy(&set.body));
    let login = client
        .post(
            "/v1/auth/login",
            &json!({"email": owner.email, "password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(login.status, 200, "{}", String::from_utf8_lossy(&login.body));
    let old = world
        .app
        .client()
        .post(
            "/v1/auth/login",
            &json!({"email": owner.email, "password": knead_tests::seed::PASSWORD}),
        )
        .await;
    assert_eq!(old.status, 401);
    let reused = client
        .post(
            "/v1/auth/password",
            &json!({"token": token, "password": "yet another passphrase"}),
        )
        .await;
    assert_eq!(
        reused.problem(422)["errors"][0]["pointer"],
        "/token",
        "a link works once"
    );
}

#[actix_rt::test]
async fn a_reset_keeps_the_second_factor() {
    let world = World::new().await;
    let practice = world.app.seed_practice("resetmfa").await;
    let therapist = &practice.therapist;
    enrol(&world.app, &therapist.access_token).await;
    let client = world.app.client();
    let asked = client.post(REQUESTS, &json!({"email": therapist.email})).await;
    assert_eq!(asked.status, 202);
    assert_eq!(world.send().await, 1);
    let messages = world.sink.messages();
    assert_eq!(messages.len(), 1);
    let (_, token) = link(&messages[0]);
    let set = client
        .post("/v1/auth/password", &json!({"token": token, "password": NEW_PASSWORD}))
        .await;
    assert_eq!(set.status, 204);
    let (_, enrol_instead) = challenge(&world.app, &therapist.email, NEW_PASSWORD).await;
    assert!(!enrol_instead, "the new password still leads to the code step");
}

#[actix_rt::test]
async fn requests_past_the_limit_are_429_for_known_and_unknown_addresses_alike() {
    let world = World::new().await;
    let practice = world.app.seed_practice("resetlimit").await;
    let client = world.app.client();
    for email in [practice.front_desk.email.as_str(), "nobody@resetlimit.test"] {
        let limit = test_settings().throttle.reset_account_requests;
        for n in 0..limit {
            let answer = client.post(REQUESTS, &json!({"email": email})).await;
            assert_eq!(answer.status, 202, "request {n} for {email}");
        }
        let refused = client.post(REQUESTS, &json!({"email": email})).await;
        let problem = refused.problem(429);
        assert_eq!(problem["status"], 429);
        let wait: u64 = refused
            .header("retry-after")
            .expect("Retry-After")
            .parse()
            .expect("seconds");
        assert!(wait > 0);
    }
    let bad = client.post(REQUESTS, &json!({"email": "not an address"})).await;
    assert_eq!(bad.problem(422)["errors"][0]["pointer"], "/email");
    assert_eq!(world.send().await, 1, "the known address's requests queued one message");
}

#[actix_rt::test]
async fn two_workers_send_each_message_once() {
    let world = World::new().await;
    let practice = world.app.seed_practice("resettwo").await;
    let client = world.app.client();
    for account in [&practice.owner, &practice.therapist, &practice.front_desk] {
        let asked = client.post(REQUESTS, &json!({"email": account.email})).await;
        assert_eq!(asked.status, 202);
    }
    let other = AppState::new(world.app.pool.clone(), (*world.worker.settings).clone()).expect("a second worker");
    let (one, two) = futures_util::future::join(send_due(&world.worker), send_due(&other)).await;
    assert_eq!(
        one.expect("one") + two.expect("two"),
        3,
        "each message claimed by one worker"
    );
    assert_eq!(world.send().await, 0);
    let messages = world.sink.messages();
    assert_eq!(messages.len(), 3);
    let mut ids: Vec<_> = messages.iter().filter_map(|m| header(m, "Message-ID")).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 3, "three messages, none twice");
}

#[actix_rt::test]
async fn a_message_the_server_could_not_take_is_sent_later_with_the_same_message_id() {
    let world = World::new().await;
    let practice = world.app.seed_practice("resetretry").await;
    let asked = world
        .app
        .client()
        .post(REQUESTS, &json!({"email": practice.owner.email}))
        .await;
    assert_eq!(asked.status, 202);

    // A worker whose SMTP server is not listening: the attempt fails and is kept for later.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let unreachable = knead_api::state::Settings {
        mail: MailSettings {
            transport: Some(
                Transport::smtp(&format!("smtp://127.0.0.1:{closed}"), Duration::from_secs(5)).expect("smtp"),
            ),
            ..world.worker.settings.mail.clone()
        },
        ..(*world.worker.settings).clone()
    };
    let failing = AppState::new(world.app.pool.clone(), unreachable).expect("worker state");
    assert_eq!(send_due(&failing).await.expect("a mail run"), 1);
    let row = &world.outbox().await[0];
    assert!(
        row.contains("\"status\":\"queued\"") && row.contains("\"attempts\":1"),
        "{row}"
    );
    assert!(!row.contains("\"error\":null"), "the error is kept: {row}");
    assert_eq!(
        send_due(&failing).await.expect("a mail run"),
        0,
        "not due again before the backoff"
    );

    // After the wait, the real server takes it: one message, with the Message-ID queued first.
    world
        .app
        .clock
        .set(world.app.clock.now() + chrono::Duration::minutes(5));
    assert_eq!(world.send().await, 1);
    let messages = world.sink.messages();
    assert_eq!(messages.len(), 1);
    let row = &world.outbox().await[0];
    assert!(
        row.contains("\"status\":\"sent\"") && row.contains("\"attempts\":2"),
        "{row}"
    );
    let message_id = header(&messages[0], "Message-ID").expect("a Message-ID");
    assert!(row.contains(message_id), "{row}");
}

#[actix_rt::test]
async fn an_emailed_invitation_sets_the_first_password() {
    let world = World::new().await;
    let practice = world.app.seed_practice("invitemail").await;
    let owner = world.app.as_account(&practice.owner);
    let created = owner
        .post(
            "/v1/staff",
            &json!({"email": "casey@invitemail.test", "display_name": "Casey Moreno", "role": "therapist"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let location = created.header("location").expect("Location").to_owned();
    let emails = format!("{location}/invitation-emails");

    let front_desk = world.app.as_account(&practice.front_desk);
    let refused = front_desk.raw("POST", &emails, None, Vec::new()).await;
    assert_eq!(refused.status, 403, "owners only");
    let queued = owner.raw("POST", &emails, None, Vec::new()).await;
    assert_eq!(queued.status, 202, "{}", String::from_utf8_lossy(&queued.body));
    assert_eq!(queued.json()["email"], "casey@invitemail.test");
    let body = String::from_utf8_lossy(&queued.body).into_owned();
    assert!(
        !body.contains("token") && !body.contains("http"),
        "the owner is not shown the link: {body}"
    );
    assert_eq!(owner.raw("POST", &emails, None, Vec::new()).await.status, 202);

    assert_eq!(world.send().await, 1, "a repeat within the window queues nothing more");
    let messages = world.sink.messages();
    assert_eq!(messages.len(), 1);
    let raw = &messages[0];
    assert!(
        header(raw, "To").is_some_and(|to| to.contains("casey@invitemail.test")),
        "{raw}"
    );
    assert!(
        header(raw, "Subject").is_some_and(|s| s.contains("Practice invitemail")),
        "{raw}"
    );
    let (url, token) = link(raw);
    assert!(url.contains("purpose=invitation"), "{url}");
    let secret = token.rsplit('.').next().expect("the token's secret");
    assert!(
        world.outbox().await.iter().all(|row| !row.contains(secret)),
        "no token in the outbox"
    );

    let client = world.app.client();
    let set = client
        .post("/v1/auth/password", &json!({"token": token, "password": NEW_PASSWORD}))
        .await;
    assert_eq!(set.status, 204, "{}", String::from_utf8_lossy(&set.body));
    let login = client
        .post(
            "/v1/auth/login",
            &json!({"email": "casey@invitemail.test", "password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(login.status, 200, "{}", String::from_utf8_lossy(&login.body));
    let accepted = owner.raw("POST", &emails, None, Vec::new()).await;
    assert!(
        accepted.problem(409)["detail"]
            .as_str()
            .is_some_and(|d| d.contains("password reset")),
        "an accepted invitation is not sent again"
    );
}
