//! Booking outside the usual rules records who decided and why: a reason is required with
//! `outside_hours`, refused without it, and nothing is written when it is missing.

use knead_tests::series_desk::Desk;
use serde_json::{Value, json};

fn booking(desk: &Desk, extra: Value) -> Value {
    let mut body = json!({
        "client_id": desk.client,
        "therapist_id": desk.therapist(),
        "service_id": desk.service,
        "starts_at": "2026-11-10T15:00:00Z",
    });
    for (key, value) in extra.as_object().expect("object") {
        body[key] = value.clone();
    }
    body
}

#[actix_rt::test]
async fn a_booking_outside_the_rules_says_who_and_why() {
    let desk = Desk::new("override-booking").await;
    let front = desk.app.as_account(&desk.practice.front_desk);
    let count = || async {
        let page = front.get("/v1/bookings?limit=200").await.json();
        page["items"].as_array().expect("items").len()
    };

    let missing = front
        .post("/v1/bookings", &booking(&desk, json!({"outside_hours": true})))
        .await;
    assert_eq!(missing.pointers(), ["/override_reason"]);
    let unwanted = front
        .post(
            "/v1/bookings",
            &booking(&desk, json!({"override_reason": {"code": "client_request"}})),
        )
        .await;
    assert_eq!(unwanted.pointers(), ["/override_reason"]);
    let long_note = front
        .post(
            "/v1/bookings",
            &booking(
                &desk,
                json!({"outside_hours": true, "override_reason": {"code": "other", "note": "x".repeat(201)}}),
            ),
        )
        .await;
    assert_eq!(long_note.pointers(), ["/override_reason/note"]);
    let unknown = front
        .post(
            "/v1/bookings",
            &booking(
                &desk,
                json!({"outside_hours": true, "override_reason": {"code": "because"}}),
            ),
        )
        .await;
    assert_eq!(unknown.status, 422, "{}", String::from_utf8_lossy(&unknown.body));
    assert_eq!(count().await, 0, "nothing of a refused booking is written");

    let made = front
        .post(
            "/v1/bookings",
            &booking(&desk, json!({"outside_hours": true, "override_reason": {"code": "urgent_care", "note": "  Last session before the race "}})),
        )
        .await;
    assert_eq!(made.status, 201, "{}", String::from_utf8_lossy(&made.body));
    let made = made.json();
    let expected = json!({"by": desk.practice.front_desk.staff_id.to_string(), "code": "urgent_care", "note": "Last session before the race"});
    assert_eq!(made["override"], expected);
    let read = front
        .get(&format!("/v1/bookings/{}", made["id"].as_str().expect("id")))
        .await
        .json();
    assert_eq!(read["override"], expected);

    // Within the therapist's hours (Wednesdays 9 to 5 in New York), no override is recorded.
    let therapist = desk.app.as_account(&desk.practice.therapist);
    let hours = json!({"intervals": [{"weekday": "wednesday", "starts": "09:00:00", "ends": "17:00:00"}]});
    let path = format!("/v1/staff/{}/working-hours", desk.therapist());
    assert_eq!(therapist.send_json("PUT", &path, &hours).await.status, 200);
    let within = front
        .post(
            "/v1/bookings",
            &booking(&desk, json!({"starts_at": "2026-11-11T15:00:00Z"})),
        )
        .await;
    assert_eq!(within.status, 201, "{}", String::from_utf8_lossy(&within.body));
    assert_eq!(within.json()["override"], Value::Null);
}

#[actix_rt::test]
async fn a_series_outside_the_rules_carries_its_reason_to_every_occurrence() {
    let desk = Desk::new("override-series").await;
    let mut body = desk.body(&desk.client, "2026-10-06T10:00:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=3");
    body["override_reason"] = json!({"code": "therapist_agreed"});
    let made = desk.create(&body).await;
    assert_eq!(made.status, 201, "{}", String::from_utf8_lossy(&made.body));
    let series = made.json()["series"].clone();
    let by = desk.practice.front_desk.staff_id.to_string();
    assert_eq!(
        series["override"],
        json!({"by": by, "code": "therapist_agreed", "note": null})
    );
    let front = desk.app.as_account(&desk.practice.front_desk);
    let id = series["id"].as_str().expect("id");
    let page = front
        .get(&format!("/v1/bookings?series_id={id}&limit=200"))
        .await
        .json();
    let occurrences = page["items"].as_array().expect("items");
    assert_eq!(occurrences.len(), 3);
    for occurrence in occurrences {
        assert_eq!(occurrence["override"]["code"], "therapist_agreed");
    }

    body.as_object_mut().expect("object").remove("override_reason");
    body["first_start"] = json!("2026-10-13T10:00:00");
    let missing = desk.create(&body).await;
    assert_eq!(missing.pointers(), ["/override_reason"]);
    let preview = front.post("/v1/booking-series/preview", &body).await;
    assert_eq!(preview.pointers(), ["/override_reason"]);
}
