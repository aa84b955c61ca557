//! Email to clients about their bookings, end to end with a real SMTP server (aiosmtpd on
//! loopback) and the mail worker run directly at the app's clock: a booking is confirmed once
//! (local date and time, service), with nothing typed into notes or reasons; a confirmation
//! for a booking cancelled before it went is not sent; cancelling one occurrence of a weekly
//! series names that occurrence and says the others are unchanged; tomorrow's reminder arrives
//! once with the service's preparation, however often and by however many workers the job
//! runs; a reminder for a booking cancelled after it was queued, or for an opted-out client, is
//! not sent; a client without an address gets nothing and nothing fails.

use knead_api::AppState;
use knead_api::mail::worker::send_due;
use knead_tests::mail_world::{World, assert_nothing_typed};
use serde_json::{Value, json};

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
async fn a_new_series_is_confirmed_once_with_its_sessions_and_a_split_sends_nothing_more() {
    let world = World::new("mailseriesnew").await;
    let client = world.client(Some("kim@client.test")).await;
    let series = |first: &str, rrule: &str| {
        json!({
            "client_id": client.to_string(),
            "therapist_id": world.practice.therapist.staff_id.to_string(),
            "service_id": world.service,
            "first_start": first,
            "rrule": rrule,
            "outside_hours": true, "override_reason": {"code": "client_request"},
        })
    };
    let confirmations = "SELECT count(*) AS n FROM email_messages WHERE intent = 'series_confirmed'";
    let created = world
        .front()
        .post(
            "/v1/booking-series",
            &series("2026-12-01T10:00:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=3"),
        )
        .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let id = created.json()["series"]["id"].as_str().expect("id").to_owned();
    assert_eq!(world.send().await, 1, "one message for the series, none per occurrence");
    let received = world.received();
    let message = received.last().expect("a message");
    assert!(message.contains("To: kim@client.test"), "{message}");
    assert!(
        message.contains("from Tue 1 Dec at 10:00"),
        "the subject names the first: {message}"
    );
    assert!(
        message.contains("- Tue 1 Dec at 10:00\n- Tue 8 Dec at 10:00\n- Tue 15 Dec at 10:00\n"),
        "{message}"
    );
    assert!(message.contains("Before each session:"), "{message}");
    assert_nothing_typed(message);

    // A split (this and following) is a new series, but not a new booking of the client's.
    let etag = world
        .front()
        .get(&format!("/v1/booking-series/{id}"))
        .await
        .header("etag")
        .expect("ETag")
        .to_owned();
    let split = world
        .front()
        .with_header("If-Match", &etag)
        .post(
            &format!("/v1/booking-series/{id}/split"),
            &json!({"from": "2026-12-08T10:00:00", "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=2"}),
        )
        .await;
    assert_eq!(split.status, 200, "{}", String::from_utf8_lossy(&split.body));
    world.send().await;
    assert_eq!(world.count(confirmations).await, 1);

    // A long series lists twelve sessions and counts the rest.
    let long = world
        .front()
        .post(
            "/v1/booking-series",
            &series("2027-01-07T09:00:00", "FREQ=WEEKLY;BYDAY=TH;COUNT=15"),
        )
        .await;
    assert_eq!(long.status, 201, "{}", String::from_utf8_lossy(&long.body));
    world.send().await;
    assert_eq!(world.count(confirmations).await, 2);
    let received = world.received();
    let message = received.last().expect("a message");
    assert!(
        message.contains("- Thu 25 Mar at 09:00\n- and 3 more, on the same pattern"),
        "{message}"
    );
    assert!(!message.contains("Thu 1 Apr"), "{message}");
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
