//! Booking a session costs a bounded number of statements: the references, the working hours,
//! the insert and the answer's read in one transaction. The statement counter is process-wide,
//! so this binary holds this test alone.

use knead_persistence::pool::statements_total;
use knead_tests::TestApp;
use serde_json::json;

/// Statements one `POST /v1/bookings` sends, room and working-hours check included (15 when
/// the checks ran on one connection and the insert with its read-back on another).
const MOST: u64 = 10;

/// The only test in this binary: the statement counter is process-wide.
#[actix_rt::test]
async fn booking_a_session_costs_a_fixed_number_of_statements() {
    let (app, _clock) = TestApp::spawn_at("2026-11-20T12:00:00Z").await;
    let practice = app.seed_practice("statements").await;
    let service = app.add_service(practice.id, "Sports massage 60").await;
    let room = app.add_room(practice.id, "Room 1").await;
    let therapist = practice.therapist.staff_id.to_string();
    let me = app.as_account(&practice.therapist);
    let hours = json!({"intervals": [{"weekday": "tuesday", "starts": "09:00:00", "ends": "17:00:00"}]});
    let path = format!("/v1/staff/{therapist}/working-hours");
    assert_eq!(me.send_json("PUT", &path, &hours).await.status, 200);
    let desk = app.as_account(&practice.front_desk);
    // Warm the token's revocation cache so every booking starts alike.
    desk.get("/v1/services").await;
    let mut counts = Vec::new();
    // Denver: 09:00 MST is 16:00 UTC on Tuesday 1 December.
    for (i, start) in ["2026-12-01T16:00:00Z", "2026-12-01T18:00:00Z"].iter().enumerate() {
        let client = app.add_client(practice.id, "Runner", &format!("No {i}")).await;
        let body = json!({
            "client_id": client.to_string(),
            "therapist_id": therapist,
            "service_id": service,
            "room_id": room,
            "starts_at": start,
        });
        let before = statements_total();
        let answer = desk.post("/v1/bookings", &body).await;
        counts.push(statements_total() - before);
        assert_eq!(answer.status, 201, "{:?}", answer.json());
        assert_eq!(answer.json()["room_id"], json!(room));
    }
    assert_eq!(counts[0], counts[1], "statements per booking: {counts:?}");
    assert!(counts[0] <= MOST, "statements per booking: {counts:?} (at most {MOST})");
    println!("statements per booking: {counts:?}");
}
