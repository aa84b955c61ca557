//! Availability over HTTP against slots worked out by hand for a week with split hours, a
//! time-off afternoon, bookings with buffers and Denver's return to standard time.

use chrono::{DateTime, Utc};
use knead_api::clock::Clock;
use knead_tests::{TestApp, test_settings};
use serde_json::json;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

#[actix_rt::test]
async fn availability_over_http_matches_the_week_by_hand() {
    let clock = Clock::fixed(at("2026-10-30T12:00:00Z"));
    let app = TestApp::spawn_with(knead_api::state::Settings {
        clock,
        ..test_settings()
    })
    .await;
    let practice = app.seed_practice("slots").await; // America/Denver
    let service = app.add_service(practice.id, "Sports massage 60").await; // 60 min + 15 buffer
    let client = app.add_client(practice.id, "Alex", "Rivera").await;
    let therapist = practice.therapist.staff_id;
    let me = app.as_account(&practice.therapist);
    let hours = json!({"intervals": [
        {"weekday": "monday", "starts": "09:00:00", "ends": "12:00:00"},
        {"weekday": "monday", "starts": "13:00:00", "ends": "17:00:00"},
        {"weekday": "tuesday", "starts": "09:00:00", "ends": "12:00:00"},
        {"weekday": "saturday", "starts": "10:00:00", "ends": "12:00:00"},
        {"weekday": "sunday", "starts": "10:00:00", "ends": "12:00:00"}
    ]});
    assert_eq!(
        me.send_json("PUT", &format!("/v1/staff/{}/working-hours", therapist.0), &hours)
            .await
            .status,
        200
    );
    // Monday afternoon off from 14:00 MST (21:00Z); a booking Monday 09:00 MST (16:00Z) with
    // its 15-minute buffer; Tuesday 10:30–11:30 MST (17:30Z).
    let off = json!({"starts_at": "2026-11-02T21:00:00Z", "ends_at": "2026-11-03T00:00:00Z", "reason": "Physio"});
    assert_eq!(
        me.post(&format!("/v1/staff/{}/time-off", therapist.0), &off)
            .await
            .status,
        201
    );
    app.add_booking(practice.id, client, therapist, service, at("2026-11-02T16:00:00Z"))
        .await;
    app.add_booking(practice.id, client, therapist, service, at("2026-11-03T17:30:00Z"))
        .await;

    let path = format!(
        "/v1/availability?service_id={service}&therapist_id={}&from=2026-10-31T06:00:00Z&to=2026-11-04T07:00:00Z&step_minutes=30",
        therapist.0
    );
    let answer = app.as_account(&practice.front_desk).get(&path).await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    let starts: Vec<String> = answer.json()["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|s| s["starts_at"].as_str().expect("start").to_owned())
        .collect();
    let expected = [
        // Saturday, MDT (UTC−6): 10:00, 10:30, 11:00.
        "2026-10-31T16:00:00Z",
        "2026-10-31T16:30:00Z",
        "2026-10-31T17:00:00Z",
        // Sunday after 02:00, MST (UTC−7): the same wall-clock times an hour later in UTC.
        "2026-11-01T17:00:00Z",
        "2026-11-01T17:30:00Z",
        "2026-11-01T18:00:00Z",
        // Monday: busy 09:00–10:15 → 10:30, 11:00; 13:00 ends as the time off begins.
        "2026-11-02T17:30:00Z",
        "2026-11-02T18:00:00Z",
        "2026-11-02T20:00:00Z",
        // Tuesday: 09:00 (buffer to 10:15, before 10:30); then nothing fits before 12:00
        // (the 10:30 booking with its buffer runs to 11:45).
        "2026-11-03T16:00:00Z",
    ];
    assert_eq!(starts, expected);

    // Bounded: more than 31 days is a 422 naming the parameter.
    let long = format!("/v1/availability?service_id={service}&from=2026-11-01T00:00:00Z&to=2026-12-15T00:00:00Z");
    let too_long = app.as_account(&practice.front_desk).get(&long).await.problem(422);
    assert_eq!(too_long["errors"][0]["parameter"], "to");
}
