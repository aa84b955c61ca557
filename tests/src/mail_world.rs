//! A practice whose mail goes to a real SMTP server (aiosmtpd on loopback), with a mail worker
//! run directly at the app's fixed clock: what the email tests share.

use crate::seed::Practice;
use crate::smtp_sink::{SmtpSink, decoded};
use crate::{TestApp, test_settings};
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text};
use diesel_async::RunQueryDsl;
use knead_api::AppState;
use knead_api::clock::Clock;
use knead_api::mail::worker::send_due;
use knead_api::mail::{MailSettings, Transport};
use knead_domain::ClientId;
use serde_json::json;
use std::time::Duration;

/// Friday 20 November 2026, 05:00 in Denver.
pub const NOW: &str = "2026-11-20T12:00:00Z";
pub const SECRETS: [&str; 3] = ["CLIENT-NOTE-SECRET", "CANCEL-NOTE-SECRET", "client_request"];

#[allow(missing_debug_implementations)]
pub struct World {
    pub app: TestApp,
    pub worker: AppState,
    pub clock: Clock,
    pub sink: SmtpSink,
    pub practice: Practice,
    pub service: String,
}

impl World {
    pub async fn new(slug: &str) -> Self {
        Self::with(slug, test_settings()).await
    }

    /// As [`World::new`], on `base` settings (its clock and mail replaced).
    pub async fn with(slug: &str, base: knead_api::state::Settings) -> Self {
        let sink = SmtpSink::start();
        let clock = Clock::fixed(chrono::DateTime::parse_from_rfc3339(NOW).expect("instant").to_utc());
        let settings = knead_api::state::Settings {
            clock: clock.clone(),
            mail: MailSettings {
                transport: Some(Transport::smtp(&sink.url(), Duration::from_secs(10)).expect("smtp")),
                ..MailSettings::configure(None, None, Some("Knead <no-reply@knead.test>"), "http://knead.test")
                    .expect("mail settings")
            },
            ..base
        };
        let app = TestApp::spawn_with(settings.clone()).await;
        let worker = AppState::new(app.pool.clone(), settings).expect("worker state");
        let practice = app.seed_practice(slug).await;
        let service = app.add_service(practice.id, "Sports massage 60").await.to_string();
        Self {
            app,
            worker,
            clock,
            sink,
            practice,
            service,
        }
    }

    /// A client, with an address or without, whose notes hold text no email may carry.
    pub async fn client(&self, email: Option<&str>) -> ClientId {
        let mut conn = self.app.pool.get().await.expect("connection");
        let details = knead_persistence::clients::ClientDetails {
            given_name: "Alex".into(),
            family_name: "Rivera".into(),
            date_of_birth: None,
            email: email.map(str::to_owned),
            phone: None,
            emergency_contact_name: None,
            emergency_contact_phone: None,
            preferred_therapist_id: None,
            pressure_preference: None,
            areas_to_avoid: Vec::new(),
            notes: Some("CLIENT-NOTE-SECRET".into()),
            runner_profile: None,
        };
        knead_persistence::clients::insert(&mut conn, self.practice.id, details, self.clock.now())
            .await
            .expect("insert client")
            .id
    }

    pub fn front(&self) -> crate::http::Client {
        self.app.as_account(&self.practice.front_desk)
    }

    /// Books `client` at `start` (UTC); the booking's id.
    pub async fn book(&self, client: ClientId, start: &str) -> String {
        let body = json!({
            "client_id": client.to_string(),
            "therapist_id": self.practice.therapist.staff_id.to_string(),
            "service_id": self.service,
            "starts_at": start,
            "outside_hours": true, "override_reason": {"code": "client_request"},
        });
        let answer = self.front().post("/v1/bookings", &body).await;
        assert_eq!(answer.status, 201, "{}", String::from_utf8_lossy(&answer.body));
        answer.json()["id"].as_str().expect("id").to_owned()
    }

    pub async fn cancel(&self, booking: &str) {
        let answer = self
            .front()
            .with_header("If-Match", "*")
            .post(
                &format!("/v1/bookings/{booking}/cancel"),
                &json!({"reason": "client_request", "note": "CANCEL-NOTE-SECRET"}),
            )
            .await;
        assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    }

    pub async fn send(&self) -> usize {
        send_due(&self.worker).await.expect("a mail run")
    }

    /// Every message received, headers unfolded and the body decoded.
    pub fn received(&self) -> Vec<String> {
        self.sink.messages().iter().map(|raw| decoded(raw)).collect()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = BigInt)]
            n: i64,
        }
        let mut conn = self.app.pool.get().await.expect("connection");
        let row: Count = diesel::sql_query(sql).get_result(&mut conn).await.expect("count");
        row.n
    }

    /// (intent, status) of every outbox row, oldest first.
    pub async fn outbox(&self) -> Vec<(String, String)> {
        #[derive(QueryableByName)]
        struct Row {
            #[diesel(sql_type = Text)]
            intent: String,
            #[diesel(sql_type = Text)]
            status: String,
        }
        let mut conn = self.app.pool.get().await.expect("connection");
        let rows: Vec<Row> = diesel::sql_query("SELECT intent, status FROM email_messages ORDER BY created_at, intent")
            .load(&mut conn)
            .await
            .expect("outbox");
        rows.into_iter().map(|r| (r.intent, r.status)).collect()
    }
}

pub fn assert_nothing_typed(message: &str) {
    for secret in SECRETS {
        assert!(!message.contains(secret), "`{secret}` in:\n{message}");
    }
}

/// The token after `marker` (`/manage#`, `/intake#`) in a decoded message; panics without one.
pub fn token_after(message: &str, marker: &str) -> String {
    let start = message
        .find(marker)
        .unwrap_or_else(|| panic!("no `{marker}` in:\n{message}"))
        + marker.len();
    message[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .collect()
}
