//! Email to clients about their bookings, end to end with a real SMTP server (aiosmtpd on
//! loopback) and the mail worker run directly at the app's clock: a booking is confirmed once
//! (local date and time, service), with nothing typed into notes or reasons; a confirmation
//! for a booking cancelled before it went is not sent; cancelling one occurrence of a weekly
//! series names that occurrence and says the others are unchanged; tomorrow's reminder arrives
//! once with the service's preparation, however often and by however many workers the job
//! runs; a reminder for a booking cancelled after it was queued, or for an opted-out client, is
//! not sent; a client without an address gets nothing and nothing fails.

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text};
use diesel_async::RunQueryDsl;
use knead_api::AppState;
use knead_api::clock::Clock;
use knead_api::mail::worker::send_due;
use knead_api::mail::{MailSettings, Transport};
use knead_domain::ClientId;
use knead_tests::seed::Practice;
use knead_tests::smtp_sink::{SmtpSink, decoded};
use knead_tests::{TestApp, test_settings};
use serde_json::{Value, json};
use std::time::Duration;

/// Friday 20 November 2026, 05:00 in Denver.
const NOW: &str = "2026-11-20T12:00:00Z";
const SECRETS: [&str; 3] = ["CLIENT-NOTE-SECRET", "CANCEL-NOTE-SECRET", "client_request"];

struct World {
    app: TestApp,
    worker: AppState,
    clock: Clock,
    sink: SmtpSink,
    practice: Practice,
    service: String,
}

impl World {
    async fn new(slug: &str) -> Self {
        let sink = SmtpSink::start();
        let clock = Clock::fixed(chrono::DateTime::parse_from_rfc3339(NOW).expect("instant").to_utc());
        let settings = knead_api::state::Settings {
            clock: clock.clone(),
            mail: MailSettings {
                transport: Some(Transport::smtp(&sink.url(), Duration::from_secs(10)).expect("smtp")),
                ..MailSettings::configure(None, None, Some("Knead <no-reply@knead.test>"), "http://knead.test")
                    .expect("mail settings")
            },
            ..test_settings()
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
    async fn client(&self, email: Option<&str>) -> ClientId {
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

    fn front(&self) -> knead_tests::http::Client {
        self.app.as_account(&self.practice.front_desk)
    }

    /// Books `client` at `start` (UTC); the booking's id.
    async fn book(&self, client: ClientId, start: &str) -> String {
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

    async fn cancel(&self, booking: &str) {
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

    async fn send(&self) -> usize {
        send_due(&self.worker).await.expect("a mail run")
    }

    /// Every message received, headers unfolded and the body decoded.
    fn received(&self) -> Vec<String> {
        self.sink.messages().iter().map(|raw| decoded(raw)).collect()
    }

    async fn count(&self, sql: &str) -> i64 {
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
    async fn outbox(&self) -> Vec<(String, String)> {
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

fn assert_nothing_typed(message: &str) {
    for secret in SECRETS {
        assert!(!message.contains(secret), "`{secret}` in:\n{message}");
    }
}

#[actix_rt::test]
async fn a_booking_is_confirmed_once_and_a_cancelled_one_is_not_confirmed() {
    let world = World::new("mailbook").await;
    let client = world.client(Some("alex@client.test")).await;
    // Tuesday 1 December 2026, 10:00 in Denver.
    let booking = world.book(client, "2026-12-01T17:00:00Z").await;
    assert_eq!(world.send().await, 1);
    assert_eq!(world.send().await, 0, "sent once");
    let received = world.received();
    assert_eq!(received.len(), 1);
    let confirmation = &received[0];
    assert!(confirmation.contains("To: alex@client.test"), "{confirmation}");
    assert!(confirmation.contains("Tue 1 Dec at 10:00"), "{confirmation}");
    assert!(confirmation.contains("Sports massage 60"), "{confirmation}");
    assert!(confirmation.contains("Practice mailbook"), "{confirmation}");
    assert!(!confirmation.contains("Wear shorts"), "preparation is for the reminder");
    assert_nothing_typed(confirmation);

    world.cancel(&booking).await;
    // Booked and cancelled before the worker ran: the confirmation is skipped.
    let second = world.book(client, "2026-12-02T17:00:00Z").await;
    world.cancel(&second).await;
    assert_eq!(world.send().await, 3);
    let received = world.received();
    assert_eq!(received.len(), 3, "two cancellations, no second confirmation");
    for message in &received[1..] {
        assert!(message.contains("is cancelled"), "{message}");
        assert!(!message.contains("other sessions"), "{message}");
        assert_nothing_typed(message);
    }
    assert!(received.iter().any(|m| m.contains("Wed 2 Dec at 10:00 is cancelled")));
    let outbox = world.outbox().await;
    assert_eq!(
        outbox
            .iter()
            .filter(|(i, s)| i == "booking_confirmed" && s == "skipped")
            .count(),
        1,
        "{outbox:?}"
    );

    // A client without an address: nothing queued, nothing fails.
    let silent = world.client(None).await;
    let booking = world.book(silent, "2026-11-21T10:00:00Z").await;
    world.cancel(&booking).await;
    assert_eq!(world.send().await, 0);
    assert_eq!(world.received().len(), 3);
    assert_eq!(
        world
            .count("SELECT count(*) AS n FROM email_messages WHERE status = 'failed'")
            .await,
        0
    );
}

#[actix_rt::test]
async fn cancelling_one_occurrence_of_a_series_names_it_and_leaves_the_others() {
    let world = World::new("mailseries").await;
    let client = world.client(Some("sam@client.test")).await;
    let body = json!({
        "client_id": client.to_string(),
        "therapist_id": world.practice.therapist.staff_id.to_string(),
        "service_id": world.service,
        "first_start": "2026-12-01T10:00:00",
        "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=3",
        "outside_hours": true, "override_reason": {"code": "client_request"},
    });
    let created = world.front().post("/v1/booking-series", &body).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let id = created.json()["series"]["id"].as_str().expect("id").to_owned();
    let page: Value = world.front().get(&format!("/v1/bookings?series_id={id}")).await.json();
    let second = page["items"][1]["id"].as_str().expect("booking").to_owned();
    assert_eq!(page["items"][1]["starts_at"], "2026-12-08T17:00:00Z");
    world.send().await;
    let before = world.received().len();

    world.cancel(&second).await;
    world.send().await;
    let received = world.received();
    assert_eq!(received.len(), before + 1, "one message for one cancelled occurrence");
    let message = received.last().expect("a message");
    assert!(message.contains("To: sam@client.test"), "{message}");
    assert!(
        message.contains("Your session on Tue 8 Dec at 10:00 is cancelled; your other sessions are unchanged"),
        "{message}"
    );
    assert_nothing_typed(message);
}

#[actix_rt::test]
async fn tomorrows_reminder_arrives_once_with_the_preparation() {
    let world = World::new("mailremind").await;
    let client = world.client(Some("kim@client.test")).await;
    // Saturday 21 November 2026, 03:00 in Denver: 22 hours ahead.
    let first = world.book(client, "2026-11-21T10:00:00Z").await;
    assert_eq!(world.send().await, 2, "the confirmation and the reminder");
    assert_eq!(world.send().await, 0, "a second run queues and sends nothing");
    let reminders = |world: &World| {
        world
            .received()
            .into_iter()
            .filter(|m| m.contains("A reminder:"))
            .collect::<Vec<_>>()
    };
    let sent = reminders(&world);
    assert_eq!(sent.len(), 1);
    assert!(sent[0].contains("Sat 21 Nov at 03:00"), "{}", sent[0]);
    assert!(sent[0].contains("Wear shorts"), "{}", sent[0]);
    assert_nothing_typed(&sent[0]);

    // Two workers at once on a second booking: one reminder.
    let other = AppState::new(world.app.pool.clone(), (*world.worker.settings).clone()).expect("state");
    world.book(client, "2026-11-21T11:30:00Z").await;
    let (a, b) = futures_util::future::join(send_due(&world.worker), send_due(&other)).await;
    assert_eq!(a.expect("run") + b.expect("run"), 2);
    assert_eq!(reminders(&world).len(), 2);
    assert_eq!(
        world
            .count("SELECT count(*) AS n FROM email_messages WHERE intent = 'booking_reminder'")
            .await,
        2
    );

    // Moved a day later: not reminded yet; once the clock reaches it, a reminder for the new start.
    let moved = world
        .front()
        .with_header("If-Match", "*")
        .send_json(
            "PATCH",
            &format!("/v1/bookings/{first}"),
            &json!({"starts_at": "2026-11-22T10:00:00Z", "ends_at": "2026-11-22T11:00:00Z", "outside_hours": true}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", String::from_utf8_lossy(&moved.body));
    assert_eq!(world.send().await, 1, "the change");
    world.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z")
            .expect("t")
            .to_utc(),
    );
    assert_eq!(world.send().await, 1, "the new start's reminder");
    assert!(reminders(&world).iter().any(|m| m.contains("Sun 22 Nov at 03:00")));
}

#[actix_rt::test]
async fn no_reminder_after_a_cancellation_or_an_opt_out() {
    let world = World::new("mailquiet").await;
    let client = world.client(Some("lee@client.test")).await;
    let booking = world.book(client, "2026-11-21T10:00:00Z").await;
    let queued = {
        let mut conn = world.app.pool.get().await.expect("connection");
        knead_persistence::booking_mail::queue_reminders(&mut conn, world.clock.now())
            .await
            .expect("reminders")
    };
    assert_eq!(queued, 1);
    world.cancel(&booking).await;
    world.send().await;
    let received = world.received();
    assert!(received.iter().all(|m| !m.contains("A reminder:")), "{received:?}");
    assert!(received.iter().any(|m| m.contains("is cancelled")));
    assert!(
        world
            .outbox()
            .await
            .contains(&("booking_reminder".into(), "skipped".into()))
    );

    // Opted out after the reminder was queued: skipped at send; and never queued again.
    let quiet = world.client(Some("quiet@client.test")).await;
    world.book(quiet, "2026-11-21T11:30:00Z").await;
    {
        let mut conn = world.app.pool.get().await.expect("connection");
        let queued = knead_persistence::booking_mail::queue_reminders(&mut conn, world.clock.now())
            .await
            .expect("reminders");
        assert_eq!(queued, 1);
    }
    let opted = world
        .front()
        .with_header("If-Match", "*")
        .send_json(
            "PATCH",
            &format!("/v1/clients/{quiet}"),
            &json!({"reminders_opt_out": true}),
        )
        .await;
    assert_eq!(opted.status, 200, "{}", String::from_utf8_lossy(&opted.body));
    assert_eq!(opted.json()["reminders_opt_out"], true);
    world.send().await;
    world.send().await;
    assert!(world.received().iter().all(|m| !m.contains("A reminder:")));
    assert_eq!(
        world
            .count("SELECT count(*) AS n FROM email_messages WHERE intent = 'booking_reminder' AND status = 'sent'")
            .await,
        0
    );
    assert_eq!(
        world
            .count("SELECT count(*) AS n FROM email_messages WHERE intent = 'booking_reminder' AND status = 'skipped'")
            .await,
        2,
        "the cancelled booking's and the opted-out client's"
    );

    // The owner turns reminders off, then sets a lead time of two days.
    let owner = world.app.as_account(&world.practice.owner).with_header("If-Match", "*");
    let bad = owner
        .send_json("PATCH", "/v1/practice", &json!({"reminder_lead_hours": 500}))
        .await
        .problem(422);
    assert_eq!(bad["errors"][0]["pointer"], "/reminder_lead_hours");
    let off = owner
        .send_json("PATCH", "/v1/practice", &json!({"reminder_lead_hours": null}))
        .await;
    assert_eq!(off.status, 200, "{}", String::from_utf8_lossy(&off.body));
    assert_eq!(off.json()["reminder_lead_hours"], Value::Null);
    // Saturday 21 November, 15:00 in Denver: 34 hours ahead.
    world.book(client, "2026-11-21T22:00:00Z").await;
    world.send().await;
    let reminders = "SELECT count(*) AS n FROM email_messages WHERE intent = 'booking_reminder'";
    assert_eq!(world.count(reminders).await, 2, "reminders are off");
    let on = owner
        .send_json("PATCH", "/v1/practice", &json!({"reminder_lead_hours": 48}))
        .await;
    assert_eq!(on.json()["reminder_lead_hours"], 48);
    world.send().await;
    assert_eq!(world.count(reminders).await, 3);
    assert!(world.received().iter().any(|m| m.contains("A reminder:")));
}
