//! The series preview: the body of a create, the same 422s, the occurrences a create would
//! book with what stands in their way, and nothing written.

use knead_tests::series_desk::{Desk, at};
use serde_json::{Value, json};

const ROWS: &str = "SELECT (SELECT count(*) FROM bookings) + (SELECT count(*) FROM booking_series) \
     + (SELECT count(*) FROM booking_series_exceptions) + (SELECT count(*) FROM idempotency_keys) AS n";

async fn preview(desk: &Desk, body: &Value) -> knead_tests::Answer {
    let front = desk.app.as_account(&desk.practice.front_desk);
    front.post("/v1/booking-series/preview", body).await
}

#[actix_rt::test]
async fn a_preview_reports_clashes_time_off_and_closed_days_and_writes_nothing() {
    let desk = Desk::new("series-preview").await;
    let owner = desk.app.as_account(&desk.practice.owner);
    let intervals: Vec<Value> = ["monday", "tuesday", "wednesday", "thursday", "friday"]
        .iter()
        .map(|d| json!({"weekday": d, "starts": "09:00:00", "ends": "17:00:00"}))
        .collect();
    let hours_path = format!("/v1/staff/{}/working-hours", desk.therapist());
    let put = owner
        .send_json("PUT", &hours_path, &json!({"intervals": intervals}))
        .await;
    assert_eq!(put.status, 200);
    let therapist = desk.practice.therapist.staff_id;
    let client = knead_domain::ClientId(desk.client.parse().expect("client"));
    let service = desk.service.parse().expect("service");
    // 12 November 13:00 New York (UTC−5) is taken; 19 November is time off; 26 is closed.
    let taken = desk
        .app
        .add_booking(desk.practice.id, client, therapist, service, at("2026-11-12T18:00:00Z"))
        .await;
    let off = json!({"starts_at": "2026-11-19T17:00:00Z", "ends_at": "2026-11-19T20:00:00Z", "reason": "Physio"});
    let off_path = format!("/v1/staff/{}/time-off", desk.therapist());
    assert_eq!(owner.post(&off_path, &off).await.status, 201);
    let closed = owner
        .post(
            "/v1/closed-days",
            &json!({"date": "2026-11-26", "name": "Thanksgiving"}),
        )
        .await;
    assert_eq!(closed.status, 201);

    let before = desk.count(ROWS).await;
    let mut body = desk.body(&desk.client, "2026-11-05T13:00:00", "FREQ=WEEKLY;BYDAY=TH;COUNT=5");
    body["outside_hours"] = json!(false);
    let answer = preview(&desk, &body).await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    assert_eq!(desk.count(ROWS).await, before, "a preview writes nothing");
    let occurrences = answer.json()["occurrences"].as_array().expect("occurrences").clone();
    let ids: Vec<&str> = occurrences
        .iter()
        .map(|o| o["recurrence_id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "2026-11-05T13:00:00",
            "2026-11-12T13:00:00",
            "2026-11-19T13:00:00",
            "2026-11-26T13:00:00",
            "2026-12-03T13:00:00"
        ]
    );
    assert_eq!(occurrences[0]["starts_at"], "2026-11-05T18:00:00Z");
    assert_eq!(occurrences[0]["ends_at"], "2026-11-05T19:00:00Z");
    let clashes: Vec<usize> = occurrences
        .iter()
        .map(|o| o["clashes"].as_array().expect("clashes").len())
        .collect();
    assert_eq!(clashes, [0, 1, 0, 0, 0], "only the taken Thursday clashes");
    assert_eq!(occurrences[1]["clashes"][0]["booking_id"], taken.to_string());
    let unavailable: Vec<&Value> = occurrences.iter().map(|o| &o["unavailable"]).collect();
    assert_eq!(
        unavailable,
        [
            &Value::Null,
            &Value::Null,
            &json!("time_off"),
            &json!("closed_day"),
            &Value::Null
        ]
    );

    // Evenings are outside the working hours.
    let evening = desk.body(&desk.client, "2026-11-05T18:00:00", "FREQ=WEEKLY;BYDAY=TH;COUNT=2");
    let late = preview(&desk, &evening).await.json();
    assert_eq!(late["occurrences"][0]["unavailable"], "outside_hours");
    assert_eq!(late["occurrences"][1]["unavailable"], "outside_hours");

    // The 422s of a create.
    let mut bad = body.clone();
    bad["rrule"] = json!("FREQ=DAILY");
    assert_eq!(preview(&desk, &bad).await.pointers(), ["/rrule"]);
    let mut past = body.clone();
    past["first_start"] = json!("2026-09-03T13:00:00");
    assert_eq!(preview(&desk, &past).await.pointers(), ["/first_start"]);
    let mut unknown = body.clone();
    unknown["client_id"] = json!(uuid::Uuid::now_v7());
    assert_eq!(preview(&desk, &unknown).await.pointers(), ["/client_id"]);
    assert_eq!(desk.count(ROWS).await, before);
}
