//! Closed days: owners add and remove them, everyone reads them, availability offers nothing
//! on one, and a booking or series occurrence lands on one only by an override.

use knead_tests::series_desk::Desk;
use serde_json::{Value, json};

/// Thursday 26 November 2026, Thanksgiving; the days around it are ordinary working days.
const CLOSED: &str = "2026-11-26";

async fn desk_with_hours(slug: &str) -> Desk {
    let desk = Desk::new(slug).await;
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    let intervals: Vec<Value> = days
        .iter()
        .map(|d| json!({"weekday": d, "starts": "09:00:00", "ends": "17:00:00"}))
        .collect();
    let owner = desk.app.as_account(&desk.practice.owner);
    let path = format!("/v1/staff/{}/working-hours", desk.therapist());
    let answer = owner.send_json("PUT", &path, &json!({"intervals": intervals})).await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    desk
}

async fn close(desk: &Desk, date: &str) -> String {
    let owner = desk.app.as_account(&desk.practice.owner);
    let answer = owner
        .post("/v1/closed-days", &json!({"date": date, "name": "Thanksgiving"}))
        .await;
    assert_eq!(answer.status, 201, "{}", String::from_utf8_lossy(&answer.body));
    answer.json()["id"].as_str().expect("id").to_owned()
}

#[actix_rt::test]
async fn owners_manage_closed_days_and_everyone_reads_them() {
    let desk = Desk::new("closed-days").await;
    let (owner, therapist, front) = (
        desk.app.as_account(&desk.practice.owner),
        desk.app.as_account(&desk.practice.therapist),
        desk.app.as_account(&desk.practice.front_desk),
    );
    let created = owner
        .post("/v1/closed-days", &json!({"date": CLOSED, "name": "  Thanksgiving "}))
        .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let id = created.json()["id"].as_str().expect("id").to_owned();
    assert_eq!(
        created.header("location"),
        Some(format!("/v1/closed-days/{id}").as_str())
    );
    assert_eq!(
        created.json(),
        json!({"id": id, "date": CLOSED, "name": "Thanksgiving"})
    );

    let again = owner
        .post("/v1/closed-days", &json!({"date": CLOSED, "name": "Again"}))
        .await;
    let problem = again.problem(409);
    assert!(
        problem["detail"].as_str().is_some_and(|d| d.starts_with("date")),
        "{problem}"
    );

    let blank = owner
        .post("/v1/closed-days", &json!({"date": "2026-12-25", "name": " "}))
        .await;
    assert_eq!(blank.pointers(), ["/name"]);
    therapist
        .post("/v1/closed-days", &json!({"date": "2026-12-25", "name": "Christmas"}))
        .await
        .problem(403);
    front
        .send_json("DELETE", &format!("/v1/closed-days/{id}"), &json!({}))
        .await
        .problem(403);

    for reader in [&therapist, &front] {
        let listed = reader.get("/v1/closed-days?from=2026-11-01&to=2026-11-30").await;
        assert_eq!(listed.status, 200);
        assert_eq!(
            listed.json(),
            json!([{"id": id, "date": CLOSED, "name": "Thanksgiving"}])
        );
    }
    let outside = front.get("/v1/closed-days?from=2026-12-01&to=2026-12-31").await;
    assert_eq!(outside.json(), json!([]));
    let defaulted = front.get("/v1/closed-days").await;
    assert_eq!(
        defaulted.json().as_array().map(Vec::len),
        Some(1),
        "from today, a year on"
    );
    let backwards = front.get("/v1/closed-days?from=2026-11-30&to=2026-11-01").await;
    backwards.problem(422);

    let other = desk.app.seed_practice("closed-days-other").await;
    let elsewhere = desk.app.as_account(&other.owner);
    elsewhere
        .send_json("DELETE", &format!("/v1/closed-days/{id}"), &json!({}))
        .await
        .problem(404);
    assert_eq!(
        elsewhere
            .get("/v1/closed-days?from=2026-11-01&to=2026-11-30")
            .await
            .json(),
        json!([])
    );
    let gone = owner
        .send_json("DELETE", &format!("/v1/closed-days/{id}"), &json!({}))
        .await;
    assert_eq!(gone.status, 204);
    assert_eq!(
        front.get("/v1/closed-days?from=2026-11-01&to=2026-11-30").await.json(),
        json!([])
    );
}

#[actix_rt::test]
async fn availability_offers_no_slot_on_a_closed_day() {
    let desk = desk_with_hours("closed-slots").await;
    let front = desk.app.as_account(&desk.practice.front_desk);
    // Wednesday to Friday in New York (UTC−5).
    let path = format!(
        "/v1/availability?service_id={}&therapist_id={}&from=2026-11-25T05:00:00Z&to=2026-11-28T05:00:00Z&step_minutes=60",
        desk.service,
        desk.therapist()
    );
    let days = |answer: Value| -> Vec<String> {
        let mut days: Vec<String> = answer["slots"]
            .as_array()
            .expect("slots")
            .iter()
            .map(|s| {
                let start = knead_tests::series_desk::at(s["starts_at"].as_str().expect("start"));
                start
                    .with_timezone(&chrono_tz::America::New_York)
                    .date_naive()
                    .to_string()
            })
            .collect();
        days.dedup();
        days
    };
    let open = front.get(&path).await;
    assert_eq!(open.status, 200, "{}", String::from_utf8_lossy(&open.body));
    assert_eq!(days(open.json()), ["2026-11-25", CLOSED, "2026-11-27"]);
    close(&desk, CLOSED).await;
    assert_eq!(days(front.get(&path).await.json()), ["2026-11-25", "2026-11-27"]);
}

#[actix_rt::test]
async fn bookings_and_series_land_on_a_closed_day_only_by_override() {
    let desk = desk_with_hours("closed-bookings").await;
    close(&desk, CLOSED).await;
    let front = desk.app.as_account(&desk.practice.front_desk);
    let booking = |outside: bool| {
        json!({
            "client_id": desk.client,
            "therapist_id": desk.therapist(),
            "service_id": desk.service,
            "starts_at": "2026-11-26T15:00:00Z",
            "outside_hours": outside,
        })
    };
    let refused = front.post("/v1/bookings", &booking(false)).await;
    assert_eq!(refused.pointers(), ["/starts_at"]);
    assert!(String::from_utf8_lossy(&refused.body).contains(CLOSED));
    let overridden = front.post("/v1/bookings", &booking(true)).await;
    assert_eq!(overridden.status, 201, "{}", String::from_utf8_lossy(&overridden.body));
    let mut the_day_before = booking(false);
    the_day_before["starts_at"] = json!("2026-11-25T15:00:00Z");
    assert_eq!(front.post("/v1/bookings", &the_day_before).await.status, 201);

    // Weekly on Thursdays from 19 November at 13:00: the second occurrence is Thanksgiving.
    let mut series = desk.body(&desk.client, "2026-11-19T13:00:00", "FREQ=WEEKLY;BYDAY=TH;COUNT=3");
    series["outside_hours"] = json!(false);
    let refused = desk.create(&series).await;
    assert_eq!(refused.pointers(), ["/rrule"]);
    assert!(String::from_utf8_lossy(&refused.body).contains(CLOSED));
    assert_eq!(desk.count("SELECT count(*) AS n FROM booking_series").await, 0);
    series["outside_hours"] = json!(true);
    let created = desk.create(&series).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
}
