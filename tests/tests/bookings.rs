//! Bookings over HTTP: no double booking under a 50-way race (and the database refuses a raw
//! overlapping INSERT), buffers for therapists but not clients, rooms, working hours with an
//! explicit override, the day's states, late cancellation on a set clock, and bad input that
//! writes nothing.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::RunQueryDsl;
use knead_api::clock::Clock;
use knead_domain::Role;
use knead_tests::seed::Practice;
use knead_tests::{Answer, TestApp};
use serde_json::{Value, json};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

struct Desk {
    app: TestApp,
    practice: Practice,
    client: String,
    service: String,
    clock: Clock,
}

impl Desk {
    async fn new(slug: &str) -> Self {
        let (app, clock) = TestApp::spawn_at("2026-11-20T12:00:00Z").await;
        let practice = app.seed_practice(slug).await;
        let client = app.add_client(practice.id, "Alex", "Rivera").await.to_string();
        let service = app.add_service(practice.id, "Sports massage 60").await.to_string();
        Self {
            app,
            practice,
            client,
            service,
            clock,
        }
    }

    fn body(&self, client: &str, therapist: &str, start: &str) -> Value {
        json!({
            "client_id": client,
            "therapist_id": therapist,
            "service_id": self.service,
            "starts_at": start,
            "outside_hours": true,
        })
    }

    async fn book(&self, client: &str, therapist: &str, start: &str) -> Answer {
        let desk = self.app.as_account(&self.practice.front_desk);
        desk.post("/v1/bookings", &self.body(client, therapist, start)).await
    }

    fn therapist(&self) -> String {
        self.practice.therapist.staff_id.to_string()
    }

    async fn count(&self) -> i64 {
        let mut conn = self.app.pool.get().await.expect("connection");
        let rows: Vec<Count> = diesel::sql_query("SELECT count(*) AS n FROM bookings")
            .load(&mut conn)
            .await
            .expect("count");
        rows[0].n
    }
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[actix_rt::test]
async fn fifty_overlapping_requests_make_one_booking() {
    let desk = Desk::new("race").await;
    let therapist = desk.therapist();
    let requests = (0..50).map(|i| {
        // Each request its own client (so only the therapist's constraint decides), its own
        // connection, and a start that overlaps all the others.
        let desk = &desk;
        let therapist = therapist.clone();
        async move {
            let client = desk.app.add_client(desk.practice.id, "Racer", &format!("No {i}")).await;
            let start = (at("2026-12-01T15:00:00Z") + TimeDelta::minutes(i % 30)).to_rfc3339();
            desk.book(&client.to_string(), &therapist, &start).await
        }
    });
    let answers = futures_util::future::join_all(requests).await;
    let created: Vec<&Answer> = answers.iter().filter(|a| a.status == 201).collect();
    let refused: Vec<&Answer> = answers.iter().filter(|a| a.status == 409).collect();
    assert_eq!((created.len(), refused.len()), (1, 49));
    let winner = created[0].json()["id"].clone();
    for answer in refused {
        let problem = answer.problem(409);
        assert_eq!(problem["type"], "/problems/double-booking");
        assert_eq!(problem["conflicts"][0]["booking_id"], winner);
        assert_eq!(problem["conflicts"][0]["resource"], "therapist");
    }
    assert_eq!(desk.count().await, 1);

    // The guarantee is the database's: a raw overlapping row is refused with 23P01.
    let mut conn = desk.app.pool.get().await.expect("connection");
    let raw = diesel::sql_query(
        "INSERT INTO bookings (practice_id, id, client_id, therapist_id, service_id, starts_at, ends_at,
             buffer_minutes, occupied_until, created_by)
         SELECT practice_id, gen_random_uuid(), client_id, therapist_id, service_id, starts_at + interval '10 minutes',
             ends_at + interval '10 minutes', 0, ends_at + interval '10 minutes', created_by FROM bookings",
    )
    .execute(&mut conn)
    .await;
    assert!(
        matches!(
            raw,
            Err(DieselError::DatabaseError(DatabaseErrorKind::ExclusionViolation, _))
        ),
        "{raw:?}"
    );
    assert_eq!(desk.count().await, 1);
}

#[actix_rt::test]
async fn buffers_hold_for_therapists_and_rooms_but_not_for_clients() {
    let desk = Desk::new("buffers").await;
    let (client, therapist) = (desk.client.clone(), desk.therapist());
    let other_therapist = desk
        .app
        .add_staff(desk.practice.id, "jordan@buffers.test", Role::Therapist)
        .await
        .to_string();
    let other_client = desk.app.add_client(desk.practice.id, "Sam", "Lee").await.to_string();

    let first = desk.book(&client, &therapist, "2026-12-01T15:00:00Z").await;
    assert_eq!(first.status, 201, "{}", String::from_utf8_lossy(&first.body));
    assert_eq!(first.json()["buffer_minutes"], 15);
    // The client goes straight on to another therapist: fine, a client has no buffer.
    assert_eq!(
        desk.book(&client, &other_therapist, "2026-12-01T16:00:00Z")
            .await
            .status,
        201
    );
    // The therapist's next client inside the 15-minute buffer: refused; after it: fine.
    let clash = desk
        .book(&other_client, &therapist, "2026-12-01T16:10:00Z")
        .await
        .problem(409);
    assert_eq!(clash["conflicts"][0]["booking_id"], first.json()["id"]);
    assert_eq!(
        desk.book(&other_client, &therapist, "2026-12-01T16:15:00Z")
            .await
            .status,
        201
    );
    // The client twice at once (with a third, free therapist): refused on the client's own.
    let third = desk
        .app
        .add_staff(desk.practice.id, "kim@buffers.test", Role::Therapist)
        .await;
    let twice = desk
        .book(&client, &third.to_string(), "2026-12-01T15:30:00Z")
        .await
        .problem(409);
    assert_eq!(twice["conflicts"][0]["resource"], "client");

    // Rooms: one booking at a time, buffer included.
    let room = desk.app.add_room(desk.practice.id, "Room 1").await.to_string();
    let mut in_room = desk.body(&client, &therapist, "2026-12-02T15:00:00Z");
    in_room["room_id"] = json!(room);
    let front = desk.app.as_account(&desk.practice.front_desk);
    assert_eq!(front.post("/v1/bookings", &in_room).await.status, 201);
    let mut next = desk.body(&other_client, &other_therapist, "2026-12-02T16:05:00Z");
    next["room_id"] = json!(room);
    assert_eq!(
        front.post("/v1/bookings", &next).await.problem(409)["conflicts"][0]["resource"],
        "room"
    );
    assert_eq!(desk.count().await, 4);
}

#[actix_rt::test]
async fn working_hours_and_time_off_need_an_explicit_override() {
    let desk = Desk::new("hours").await;
    let therapist = desk.therapist();
    let me = desk.app.as_account(&desk.practice.therapist);
    let hours = json!({"intervals": [{"weekday": "tuesday", "starts": "09:00:00", "ends": "12:00:00"}]});
    let path = format!("/v1/staff/{therapist}/working-hours");
    assert_eq!(me.send_json("PUT", &path, &hours).await.status, 200);
    // Denver: 09:00 MST is 16:00 UTC on Tuesday 1 December.
    let mut body = desk.body(&desk.client, &therapist, "2026-12-01T18:30:00Z");
    body["outside_hours"] = json!(false);
    let outside = me.post("/v1/bookings", &body).await.problem(422);
    assert_eq!(outside["errors"][0]["pointer"], "/starts_at");
    body["starts_at"] = json!("2026-12-01T16:00:00Z");
    let time_off = json!({"starts_at": "2026-12-01T15:00:00Z", "ends_at": "2026-12-01T17:00:00Z", "reason": "Dentist"});
    assert_eq!(
        me.post(&format!("/v1/staff/{therapist}/time-off"), &time_off)
            .await
            .status,
        201
    );
    me.post("/v1/bookings", &body).await.problem(422);
    assert_eq!(desk.count().await, 0);
    body["outside_hours"] = json!(true);
    let forced = me.post("/v1/bookings", &body).await;
    assert_eq!(forced.status, 201);
    assert_eq!(forced.json()["outside_hours"], true);
    body["starts_at"] = json!("2026-12-08T17:00:00Z");
    body["outside_hours"] = json!(false);
    assert_eq!(
        me.post("/v1/bookings", &body).await.status,
        201,
        "inside hours, no time off"
    );

    // A therapist books only for themself; the front desk for anyone.
    let other = desk
        .app
        .add_staff(desk.practice.id, "kim@hours.test", Role::Therapist)
        .await;
    let mut theirs = desk.body(&desk.client, &other.to_string(), "2026-12-09T17:00:00Z");
    me.post("/v1/bookings", &theirs).await.problem(403);
    me.send_json("PUT", &format!("/v1/staff/{other}/working-hours"), &hours)
        .await
        .problem(403);
    theirs["client_id"] = json!(desk.client);
    let front = desk.app.as_account(&desk.practice.front_desk);
    assert_eq!(front.post("/v1/bookings", &theirs).await.status, 201);
    front.send_json("PUT", &path, &hours).await.problem(403);
}

#[actix_rt::test]
async fn the_day_moves_through_allowed_states_and_late_cancellation_is_flagged() {
    let desk = Desk::new("states").await;
    let therapist = desk.therapist();
    let booked = desk.book(&desk.client, &therapist, "2026-11-21T15:00:00Z").await;
    let id = booked.json()["id"].as_str().expect("id").to_owned();
    let path = format!("/v1/bookings/{id}");
    let fd = &desk.practice.front_desk;
    let etag = booked.header("etag").expect("etag").to_owned();
    let skip = desk
        .app
        .patch_json(fd, &path, &etag, &json!({"status": "completed"}))
        .await;
    assert_eq!(skip.problem(422)["errors"][0]["pointer"], "/status");
    let mut etag = etag;
    // Check-in opens an hour before the start, so the day is played out on the session's
    // morning.
    desk.clock.set(at("2026-11-21T14:30:00Z"));
    for next in ["confirmed", "checked_in"] {
        let moved = desk.app.patch_json(fd, &path, &etag, &json!({"status": next})).await;
        assert_eq!(moved.status, 200, "{}", String::from_utf8_lossy(&moved.body));
        etag = moved.header("etag").expect("etag").to_owned();
    }
    // Checked in: no moving any more, and a stale ETag is refused.
    desk.app
        .patch_json(fd, &path, &etag, &json!({"starts_at": "2026-11-21T16:00:00Z"}))
        .await
        .problem(409);
    desk.clock.set(at("2026-11-21T15:30:00Z"));
    desk.app
        .patch_json(fd, &path, "\"v1\"", &json!({"status": "completed"}))
        .await
        .problem(412);
    let done = desk
        .app
        .patch_json(fd, &path, &etag, &json!({"status": "completed"}))
        .await;
    assert_eq!(done.json()["status"], "completed");
    let client = desk
        .app
        .as_account(fd)
        .get(&format!("/v1/clients/{}", desk.client))
        .await;
    assert_eq!(client.json()["last_visit_at"], "2026-11-21T15:00:00Z");
    desk.clock.set(at("2026-11-20T12:00:00Z"));

    // The window is 24 hours: cancelling 25 hours ahead is on time, 23 hours ahead is late.
    let front = desk.app.as_account(fd);
    let early = desk.book(&desk.client, &therapist, "2026-11-21T13:00:00Z").await.json();
    let late = desk.book(&desk.client, &therapist, "2026-11-22T11:00:00Z").await.json();
    let reason = json!({"reason": "injury", "note": "Calf strain"});
    let cancel = |id: &Value| format!("/v1/bookings/{}/cancel", id.as_str().expect("id"));
    desk.clock.set(at("2026-11-20T12:00:00Z"));
    let on_time = front.post(&cancel(&early["id"]), &reason).await;
    assert_eq!(on_time.json()["cancellation"]["late"], false);
    desk.clock.set(at("2026-11-21T12:00:00Z"));
    let late_one = front.post(&cancel(&late["id"]), &reason).await.json();
    assert_eq!(late_one["cancellation"]["late"], true);
    assert_eq!(late_one["status"], "cancelled");
    front.post(&cancel(&late["id"]), &reason).await.problem(409);
    // A cancelled slot is free again.
    assert_eq!(
        desk.book(&desk.client, &therapist, "2026-11-22T11:00:00Z").await.status,
        201
    );
}

#[actix_rt::test]
async fn bad_bookings_name_the_field_and_write_nothing() {
    let desk = Desk::new("refusals").await;
    let (client, therapist) = (desk.client.clone(), desk.therapist());
    let front_desk = desk.practice.front_desk.staff_id.to_string();
    let nobody = "0193c5a0-0000-7000-8000-000000000000";
    let cases: Vec<(Value, &str)> = vec![
        (desk.body(nobody, &therapist, "2026-12-01T15:00:00Z"), "/client_id"),
        (desk.body(&client, nobody, "2026-12-01T15:00:00Z"), "/therapist_id"),
        (desk.body(&client, &front_desk, "2026-12-01T15:00:00Z"), "/therapist_id"),
        (
            json!({"client_id": client, "therapist_id": therapist, "service_id": nobody, "starts_at": "2026-12-01T15:00:00Z"}),
            "/service_id",
        ),
        (
            json!({"client_id": client, "therapist_id": therapist, "service_id": desk.service, "starts_at": "2026-12-01T15:00:00Z", "ends_at": "2026-12-01T14:00:00Z"}),
            "/ends_at",
        ),
        (
            json!({"client_id": client, "therapist_id": therapist, "service_id": desk.service, "starts_at": "2026-12-01T15:00:00Z", "room_id": nobody}),
            "/room_id",
        ),
        (
            json!({"client_id": client, "therapist_id": therapist, "service_id": desk.service, "starts_at": "tomorrow"}),
            "/starts_at",
        ),
        (
            json!({"client_id": client, "therapist_id": therapist, "service_id": desk.service, "starts_at": "2026-12-01T15:00:00Z", "status": "completed"}),
            "/status",
        ),
    ];
    for (body, pointer) in cases {
        let answer = desk
            .app
            .as_account(&desk.practice.front_desk)
            .post("/v1/bookings", &body)
            .await;
        assert_eq!(answer.pointers(), vec![pointer.to_owned()], "{body}");
    }
    assert_eq!(desk.count().await, 0);
}
