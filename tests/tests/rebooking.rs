//! The rebooking list with a fixed clock: on a 21–28 day window, a client whose last session
//! was 22 days ago is due, 30 days ago overdue; one booked since is absent, an archived one
//! never listed; the list names who, since when and the therapist's free slots — no phase,
//! reason or plan — and the front desk books from it.

use chrono::{DateTime, TimeDelta, Utc};
use knead_domain::ClientId;
use knead_tests::TestApp;
use serde_json::{Value, json};

const NOW: &str = "2026-12-03T17:00:00Z";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW).expect("now").to_utc()
}

/// Every key and text of an answer, ids, dates and instants left out (a cadence such as
/// "21–28 days" must not show, but an id may well contain "21").
fn words(value: &Value) -> String {
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(key, v)| format!("{key} {}", words(v)))
            .collect::<Vec<_>>()
            .join(" "),
        Value::Array(items) => items.iter().map(words).collect::<Vec<_>>().join(" "),
        Value::String(s) if uuid::Uuid::parse_str(s).is_ok() => String::new(),
        Value::String(s) if s.parse::<chrono::NaiveDate>().is_ok() => String::new(),
        Value::String(s) if DateTime::parse_from_rfc3339(s).is_ok() => String::new(),
        other => other.to_string(),
    }
}

#[actix_rt::test]
async fn due_overdue_rebooked_and_archived() {
    let (app, _clock) = TestApp::spawn_at(NOW).await;
    let practice = app.seed_practice("rebook").await;
    let therapist = practice.therapist.staff_id;
    let service = app.add_service(practice.id, "Sports massage").await;
    let mut clients: Vec<(ClientId, &str)> = Vec::new();
    let cases = [
        ("Due", 22),
        ("Overdue", 30),
        ("Rebooked", 22),
        ("Archived", 30),
        ("Soon", 10),
    ];
    for (hour, (name, days_ago)) in (0i64..).zip(cases) {
        let client = app.add_client(practice.id, name, "Runner").await;
        app.add_care_plan(practice.id, client, therapist, service).await;
        let held = app
            .add_booking(
                practice.id,
                client,
                therapist,
                service,
                now() - TimeDelta::days(days_ago) + TimeDelta::hours(2 * hour),
            )
            .await;
        app.complete_booking(held).await;
        clients.push((client, name));
    }
    let id_of = |name: &str| clients.iter().find(|(_, n)| *n == name).expect("client").0;
    app.add_booking(
        practice.id,
        id_of("Rebooked"),
        therapist,
        service,
        now() + TimeDelta::days(3),
    )
    .await;
    let owner = app.as_account(&practice.owner);
    let archive = owner
        .post(&format!("/v1/clients/{}/archive", id_of("Archived")), &json!({}))
        .await;
    assert!(
        archive.status.is_success(),
        "{}",
        String::from_utf8_lossy(&archive.body)
    );

    let desk = app.as_account(&practice.front_desk);
    let listed = |path: &'static str| {
        let desk = desk.clone();
        async move {
            let answer = desk.get(path).await;
            assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
            answer
        }
    };
    let answer = listed("/v1/rebooking/due").await;
    let rows = answer.json().as_array().expect("rows").clone();
    let status: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["given_name"].as_str().expect("name").to_owned(),
                r["status"].as_str().expect("status").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("Overdue".to_owned(), "overdue".to_owned()),
            ("Due".to_owned(), "due".to_owned())
        ],
        "overdue first; the rebooked, archived and not-yet-due are absent"
    );
    let due = &rows[1];
    assert_eq!(due["due_from"], json!((now() - TimeDelta::days(1)).date_naive()));
    let slots = due["slots"].as_array().expect("slots");
    assert_eq!(slots.len(), 3);
    let starts = |s: &Value| DateTime::parse_from_rfc3339(s["starts_at"].as_str().expect("start")).expect("instant");
    assert!(slots.iter().all(|s| starts(s) >= now()), "{slots:?}");
    let text = words(&answer.json()).to_lowercase();
    for word in ["maintenance", "phase", "reason", "plan", "21", "weekly", "rehab"] {
        assert!(!text.contains(word), "the due list says {word:?}: {text}");
    }
    // A start years ahead is refused naming it (its free slots would span the years between).
    let far = desk.get("/v1/rebooking/due?from=9316-10-05").await;
    let problem = far.problem(422);
    assert_eq!(problem["errors"][0]["parameter"], "from", "{problem}");
    let wider = listed("/v1/rebooking/due?to=2026-12-20").await.json();
    let names: Vec<&str> = wider
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["given_name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Overdue", "Due", "Soon"], "upcoming within the range");
    assert_eq!(wider[2]["status"], "upcoming");
    desk.get("/v1/rebooking/due?from=2026-12-10&to=2026-12-01")
        .await
        .problem(422);

    // Booking the first slot takes the client off the list.
    let slot: &Value = &slots[0];
    let booked = desk
        .post(
            "/v1/bookings",
            &json!({
                "client_id": due["client_id"],
                "therapist_id": due["therapist_id"],
                "service_id": due["service_id"],
                "starts_at": slot["starts_at"],
            }),
        )
        .await;
    assert_eq!(booked.status, 201, "{}", String::from_utf8_lossy(&booked.body));
    let after = listed("/v1/rebooking/due").await.json();
    let names: Vec<&str> = after
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["given_name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Overdue"]);
}
