//! Recurring series over HTTP, in New York across the clocks going back on 1 November 2026:
//! wall-clock time held (UTC instants asserted), clashes rejected or skipped, single-occurrence
//! exceptions kept by later edits, "this and following" splits without gap or duplicate,
//! ending a series, the horizon job, bad input that writes nothing, and a 50-way race.

use knead_tests::series_desk::{Desk, at, starts};
use knead_tests::test_settings;
use serde_json::json;

#[actix_rt::test]
async fn wall_clock_time_holds_and_clashes_are_rejected_or_skipped() {
    let desk = Desk::new("series-clash").await;
    // Another client's booking on Tuesday 3 November at 10:30 EST.
    let other = desk.app.add_client(desk.practice.id, "Sam", "Lee").await;
    let blocker = desk
        .app
        .add_booking(
            desk.practice.id,
            other,
            desk.practice.therapist.staff_id,
            desk.service.parse().expect("uuid"),
            at("2026-11-03T15:30:00Z"),
        )
        .await;
    let body = desk.body(&desk.client, "2026-10-20T10:00:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=4");

    let refused = desk.create(&body).await.problem(409);
    assert_eq!(refused["type"], "/problems/double-booking");
    assert_eq!(refused["conflicts"].as_array().map(Vec::len), Some(1));
    assert_eq!(refused["conflicts"][0]["recurrence_id"], "2026-11-03T10:00:00");
    assert_eq!(refused["conflicts"][0]["booking_id"], blocker.to_string());
    assert_eq!(refused["conflicts"][0]["wanted_start"], "2026-11-03T15:00:00Z");
    assert_eq!(desk.count("SELECT count(*) AS n FROM booking_series").await, 0);
    assert_eq!(desk.count("SELECT count(*) AS n FROM bookings").await, 1);

    let mut skip = body.clone();
    skip["on_conflict"] = json!("skip");
    let created = desk.create(&skip).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let written = created.json();
    assert_eq!(
        (
            written["booked"].clone(),
            written["skipped"][0]["recurrence_id"].clone()
        ),
        (json!(3), json!("2026-11-03T10:00:00"))
    );
    assert_eq!(written["series"]["exceptions"][0]["kind"], "skipped");
    let id = written["series"]["id"].as_str().expect("id").to_owned();
    // 10:00 EDT is 14:00 UTC; after 1 November 10:00 EST is 15:00 UTC.
    assert_eq!(
        starts(&desk.occurrences(&id).await),
        vec![
            at("2026-10-20T14:00:00Z"),
            at("2026-10-27T14:00:00Z"),
            at("2026-11-10T15:00:00Z")
        ]
    );

    // The same Idempotency-Key and body: the first answer again, nothing new written.
    let front = desk
        .app
        .as_account(&desk.practice.front_desk)
        .with_header("Idempotency-Key", "series-1");
    let mut again = skip.clone();
    again["first_start"] = json!("2026-12-01T10:00:00");
    let first = front.post("/v1/booking-series", &again).await;
    let replay = front.post("/v1/booking-series", &again).await;
    assert_eq!((first.status.as_u16(), replay.status.as_u16()), (201, 201));
    assert_eq!(replay.header("Idempotent-Replayed"), Some("true"));
    assert_eq!(first.json()["series"]["id"], replay.json()["series"]["id"]);
    assert_eq!(desk.count("SELECT count(*) AS n FROM booking_series").await, 2);
}

#[actix_rt::test]
async fn single_changes_survive_series_edits_and_splits_leave_no_gap() {
    let desk = Desk::new("series-edit").await;
    let body = desk.body(&desk.client, "2026-10-06T10:00:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=8");
    let id = desk.create(&body).await.json()["series"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let all = desk
        .app
        .as_account(&desk.practice.front_desk)
        .get(&format!("/v1/bookings?series_id={id}"))
        .await
        .json();
    let booking = |n: usize| all["items"][n]["id"].as_str().expect("booking").to_owned();
    let front = desk
        .app
        .as_account(&desk.practice.front_desk)
        .with_header("If-Match", "*");

    // One occurrence (13 Oct) moved to 08:00 for 90 minutes, one (20 Oct) cancelled.
    let moved = front
        .send_json(
            "PATCH",
            &format!("/v1/bookings/{}", booking(1)),
            &json!({"starts_at": "2026-10-13T12:00:00Z", "ends_at": "2026-10-13T13:30:00Z", "outside_hours": true}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", String::from_utf8_lossy(&moved.body));
    let cancelled = front
        .post(
            &format!("/v1/bookings/{}/cancel", booking(2)),
            &json!({"reason": "client_request", "note": "Race week"}),
        )
        .await;
    assert_eq!(cancelled.status, 200);
    let series = front.get(&format!("/v1/booking-series/{id}")).await.json();
    assert_eq!(series["exceptions"][0]["kind"], "moved");
    assert_eq!(series["exceptions"][0]["moved_start"], "2026-10-13T08:00:00");
    assert_eq!(series["exceptions"][1]["kind"], "cancelled");

    // All future occurrences to 11:00: the exceptions stay where they were.
    let changed = front
        .send_json(
            "PATCH",
            &format!("/v1/booking-series/{id}"),
            &json!({"first_start": "2026-10-06T11:00:00"}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", String::from_utf8_lossy(&changed.body));
    let occurrences = desk.occurrences(&id).await;
    assert_eq!(occurrences.len(), 8);
    assert_eq!(
        occurrences[1],
        (
            at("2026-10-13T12:00:00Z"),
            "scheduled".into(),
            "2026-10-13T11:00:00".into()
        )
    );
    assert_eq!(occurrences[2].1, "cancelled");
    assert_eq!(occurrences[3].0, at("2026-10-27T15:00:00Z"));
    assert_eq!(occurrences[4].0, at("2026-11-03T16:00:00Z"));
    let moved_id = desk
        .app
        .as_account(&desk.practice.front_desk)
        .get(&format!("/v1/bookings/{}", booking(1)))
        .await;
    assert_eq!(moved_id.status, 200, "the moved occurrence keeps its booking");

    // Time passes to 14 October; this and following from 3 November, every two weeks.
    desk.clock.set(at("2026-10-14T12:00:00Z"));
    let split = front
        .post(
            &format!("/v1/booking-series/{id}/split"),
            &json!({"from": "2026-11-03T11:00:00", "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=2"}),
        )
        .await;
    assert_eq!(split.status, 200, "{}", String::from_utf8_lossy(&split.body));
    let split = split.json();
    assert_eq!(
        split["previous"]["rrule"],
        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261103T155959Z"
    );
    assert_eq!(split["series"]["previous_id"], id);
    let new_id = split["series"]["id"].as_str().expect("new id").to_owned();
    let before: Vec<_> = desk
        .occurrences(&id)
        .await
        .into_iter()
        .filter(|o| o.1 != "cancelled")
        .collect();
    assert_eq!(
        starts(&before),
        vec![
            at("2026-10-06T15:00:00Z"),
            at("2026-10-13T12:00:00Z"),
            at("2026-10-27T15:00:00Z")
        ]
    );
    assert_eq!(
        starts(&desk.occurrences(&new_id).await),
        vec![at("2026-11-03T16:00:00Z"), at("2026-11-17T16:00:00Z")]
    );

    // The past is never rewritten: an occurrence that has started cannot be the cut.
    let past = front
        .post(
            &format!("/v1/booking-series/{id}/split"),
            &json!({"from": "2026-10-06T11:00:00"}),
        )
        .await;
    assert_eq!(past.status, 409);

    // Ending the new series on 10 November cancels exactly the 17 November occurrence.
    let ended = front
        .post(
            &format!("/v1/booking-series/{new_id}/end"),
            &json!({"at": "2026-11-10T00:00:00Z"}),
        )
        .await;
    assert_eq!(ended.status, 200, "{}", String::from_utf8_lossy(&ended.body));
    let statuses: Vec<_> = desk.occurrences(&new_id).await.into_iter().map(|o| o.1).collect();
    assert_eq!(statuses, vec!["scheduled", "cancelled"]);
    assert_eq!(
        front
            .post(&format!("/v1/booking-series/{new_id}/end"), &json!({}))
            .await
            .status,
        409
    );
}

#[actix_rt::test]
async fn the_horizon_job_books_what_comes_into_the_year_once() {
    let desk = Desk::new("series-horizon").await;
    let body = desk.body(&desk.client, "2026-10-05T09:00:00", "FREQ=WEEKLY;BYDAY=MO,TH");
    let created = desk.create(&body).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let id = created.json()["series"]["id"].as_str().expect("id").to_owned();
    let sql = format!("SELECT count(*) AS n FROM bookings WHERE series_id = '{id}'");
    // Mondays and Thursdays from 5 October 2026 to 1 October 2027 (a year from "now").
    assert_eq!(desk.count(&sql).await, 104);
    let state = knead_api::AppState::new(
        desk.app.pool.clone(),
        knead_api::state::Settings {
            clock: desk.clock.clone(),
            ..test_settings()
        },
    )
    .expect("state");
    assert_eq!(knead_api::horizon::extend_once(&state).await.expect("extend"), 0);
    desk.clock.set(at("2026-12-01T12:00:00Z"));
    let booked = knead_api::horizon::extend_once(&state).await.expect("extend");
    // 1 October to 1 December 2027: nine Mondays (4 Oct–29 Nov) and eight Thursdays (7 Oct–25 Nov).
    assert_eq!(booked, 17);
    assert_eq!(desk.count(&sql).await, 104 + 17);
    assert_eq!(knead_api::horizon::extend_once(&state).await.expect("again"), 0);
    assert_eq!(desk.count(&sql).await, 104 + booked as i64);
}

#[actix_rt::test]
async fn bad_series_input_writes_nothing() {
    let desk = Desk::new("series-bad").await;
    let cases = [
        (desk.body(&desk.client, "2026-10-20T10:00:00", "FREQ=DAILY"), "/rrule"),
        (
            desk.body(&desk.client, "2026-10-20T10:00:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=5000"),
            "/rrule",
        ),
        (
            desk.body(&desk.client, "2026-10-21T10:00:00", "FREQ=WEEKLY;BYDAY=TU"),
            "/first_start",
        ),
        (
            desk.body(&desk.client, "2026-09-01T10:00:00", "FREQ=WEEKLY;BYDAY=TU"),
            "/first_start",
        ),
        (
            desk.body(&desk.client, "20 October, 10am", "FREQ=WEEKLY;BYDAY=TU"),
            "/first_start",
        ),
        (
            desk.body(
                &uuid::Uuid::now_v7().to_string(),
                "2026-10-20T10:00:00",
                "FREQ=WEEKLY;BYDAY=TU",
            ),
            "/client_id",
        ),
    ];
    for (body, pointer) in cases {
        let answer = desk.create(&body).await;
        assert_eq!(answer.status, 422, "{body}: {}", String::from_utf8_lossy(&answer.body));
        assert_eq!(answer.pointers(), vec![pointer.to_owned()], "{body}");
    }
    assert_eq!(desk.count("SELECT count(*) AS n FROM booking_series").await, 0);
    assert_eq!(desk.count("SELECT count(*) AS n FROM bookings").await, 0);
}

#[actix_rt::test]
async fn fifty_overlapping_series_make_one() {
    let desk = Desk::new("series-race").await;
    let requests = (0..50).map(|i| {
        let desk = &desk;
        async move {
            let client = desk.app.add_client(desk.practice.id, "Racer", &format!("No {i}")).await;
            // 52 Tuesdays from 6 October 2026 all lie inside the one-year horizon.
            let minute = i % 30;
            let body = desk.body(
                &client.to_string(),
                &format!("2026-10-06T10:{minute:02}:00"),
                "FREQ=WEEKLY;BYDAY=TU;COUNT=52",
            );
            desk.create(&body).await
        }
    });
    let answers = futures_util::future::join_all(requests).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 49, "{statuses:?}");
    for refused in answers.iter().filter(|a| a.status == 409) {
        assert_eq!(refused.problem(409)["conflicts"].as_array().map(Vec::len), Some(52));
    }
    assert_eq!(desk.count("SELECT count(*) AS n FROM booking_series").await, 1);
    assert_eq!(desk.count("SELECT count(*) AS n FROM bookings").await, 52);
}
