//! One rule for how long a session may be (5 to 480 minutes), held by services, bookings,
//! series and notes alike: at each edge the same answer, and out of range a 422 naming the
//! field.

use knead_tests::TestApp;
use knead_tests::http::Answer;
use serde_json::{Value, json};

const EDGES: [(i64, bool); 4] = [(4, false), (5, true), (480, true), (481, false)];

#[track_caller]
fn held(answer: &Answer, minutes: i64, allowed: bool, pointer: &str) {
    if allowed {
        assert_eq!(
            answer.status.as_u16(),
            201,
            "{minutes} minutes: {}",
            String::from_utf8_lossy(&answer.body)
        );
    } else {
        assert_eq!(answer.pointers(), [pointer], "{minutes} minutes");
        let detail = answer.json()["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(detail.contains("between 5 and 480 minutes"), "{detail}");
    }
}

#[actix_rt::test]
async fn services_bookings_series_and_notes_share_five_to_480_minutes() {
    let (app, _clock) = TestApp::spawn_at("2026-11-20T12:00:00Z").await;
    let practice = app.seed_practice("session-length").await;
    let owner = app.as_account(&practice.owner);
    let desk = app.as_account(&practice.front_desk);
    let therapist = app.as_account(&practice.therapist);
    let client = app.add_client(practice.id, "Alex", "Rivera").await;
    let service = app.add_service(practice.id, "Sports massage 60").await;

    for (day, (minutes, allowed)) in EDGES.into_iter().enumerate() {
        let body = json!({"name": format!("Massage {minutes}"), "duration_minutes": minutes, "price_cents": 9500});
        held(
            &owner.post("/v1/services", &body).await,
            minutes,
            allowed,
            "/duration_minutes",
        );

        let start = chrono::DateTime::parse_from_rfc3339("2030-01-07T09:00:00Z").expect("date")
            + chrono::TimeDelta::days(i64::try_from(day).expect("day"));
        let end = start + chrono::TimeDelta::minutes(minutes);
        let booking = json!({"client_id": client.0, "therapist_id": practice.therapist.staff_id,
            "service_id": service, "starts_at": start.to_rfc3339(), "ends_at": end.to_rfc3339(),
            "outside_hours": true});
        held(&desk.post("/v1/bookings", &booking).await, minutes, allowed, "/ends_at");

        let series = json!({"client_id": client.0, "therapist_id": practice.therapist.staff_id,
            "service_id": service, "first_start": format!("2031-02-{:02}T10:00:00", day + 3),
            "rrule": "FREQ=WEEKLY;COUNT=1", "duration_minutes": minutes, "outside_hours": true});
        held(
            &desk.post("/v1/booking-series", &series).await,
            minutes,
            allowed,
            "/duration_minutes",
        );

        let mut note: Value = knead_tests::seed::note_body(&client.0.to_string());
        note["duration_minutes"] = json!(minutes);
        note["techniques"] = json!([]);
        held(
            &therapist.post("/v1/session-notes", &note).await,
            minutes,
            allowed,
            "/duration_minutes",
        );
    }
}
