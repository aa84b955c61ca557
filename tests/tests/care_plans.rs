//! Care plans over HTTP with a fixed clock: a runner with an A marathon ten weeks out gets
//! weekly proposals through the build, one lighter session 2–4 days before the race and one
//! recovery session 24–48 h after, none in time off, on a booking or on race day; accepting
//! books exactly the accepted ones, once per Idempotency-Key, and a clash books nothing.
//! Plans are clinical: the front desk gets 403 and sees no trace of them on the calendar.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Timelike, Utc, Weekday};
use chrono_tz::America::Denver;
use knead_tests::TestApp;
use knead_tests::seed::Practice;
use serde_json::{Value, json};

const NOW: &str = "2026-12-03T17:00:00Z";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn local(v: &Value) -> chrono::DateTime<chrono_tz::Tz> {
    at(v.as_str().expect("instant")).with_timezone(&Denver)
}

fn local_day(p: &Value) -> NaiveDate {
    local(&p["starts_at"]).date_naive()
}

struct Runner {
    app: TestApp,
    practice: Practice,
    client: String,
    other: knead_domain::ClientId,
    service: uuid::Uuid,
    light: String,
}

/// Mon–Sat 09:00–17:00; Christmas week off; another client booked 10 December at 10:00; this
/// client booked 5 January at 10:00; Boston Marathon (A) on Sunday 14 February.
async fn runner() -> Runner {
    let (app, _clock) = TestApp::spawn_at(NOW).await;
    let practice = app.seed_practice("care").await;
    let therapist = practice.therapist.staff_id;
    let me = app.as_account(&practice.therapist);
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
    let intervals: Vec<Value> = days
        .iter()
        .map(|d| json!({"weekday": d, "starts": "09:00:00", "ends": "17:00:00"}))
        .collect();
    let path = format!("/v1/staff/{}/working-hours", therapist.0);
    assert_eq!(
        me.send_json("PUT", &path, &json!({"intervals": intervals}))
            .await
            .status,
        200
    );
    let off = json!({"starts_at": "2026-12-21T07:00:00Z", "ends_at": "2026-12-28T07:00:00Z", "reason": "Holiday"});
    assert_eq!(
        me.post(&format!("/v1/staff/{}/time-off", therapist.0), &off)
            .await
            .status,
        201
    );
    let service = app.add_service(practice.id, "Sports massage").await;
    let light = app
        .as_account(&practice.owner)
        .post(
            "/v1/services",
            &json!({"name": "Pre-race flush", "duration_minutes": 30, "price_cents": 5000}),
        )
        .await
        .json()["id"]
        .as_str()
        .expect("light service")
        .to_owned();
    let client = app.add_client(practice.id, "Alex", "Rivera").await;
    let other = app.add_client(practice.id, "Sam", "Other").await;
    app.add_booking(practice.id, other, therapist, service, at("2026-12-10T17:00:00Z"))
        .await;
    app.add_booking(practice.id, client, therapist, service, at("2027-01-05T17:00:00Z"))
        .await;
    let race = json!({"name": "Boston Marathon", "date": "2027-02-14", "distance_meters": 42195, "priority": "a"});
    let added = me.post(&format!("/v1/clients/{client}/races"), &race).await;
    assert_eq!(added.status, 201);
    Runner {
        app,
        practice,
        client: client.to_string(),
        other,
        service,
        light,
    }
}

impl Runner {
    async fn plan(&self) -> String {
        let me = self.app.as_account(&self.practice.therapist);
        let path = format!("/v1/clients/{}/care-plans", self.client);
        let body = json!({"service_id": self.service, "light_service_id": self.light});
        // The client has no preferred therapist: the plan must name one.
        assert_eq!(me.post(&path, &body).await.pointers(), ["/therapist_id"]);
        let mut body = body;
        body["therapist_id"] = json!(self.practice.therapist.staff_id.0);
        let created = me.post(&path, &body).await;
        assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
        let plan = created.json();
        let kinds: Vec<&str> = plan["phases"]
            .as_array()
            .expect("phases")
            .iter()
            .map(|p| p["kind"].as_str().expect("kind"))
            .collect();
        assert_eq!(kinds, ["build", "taper", "race", "recovery", "maintenance"]);
        assert_eq!(plan["from_races"], true);
        plan["id"].as_str().expect("id").to_owned()
    }

    async fn suggest(&self, plan: &str) -> Vec<Value> {
        let me = self.app.as_account(&self.practice.therapist);
        let answer = me
            .post(&format!("/v1/care-plans/{plan}/suggest"), &json!({"weeks": 13}))
            .await;
        assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
        answer.json()["proposals"].as_array().expect("proposals").clone()
    }

    async fn client_bookings(&self) -> Vec<Value> {
        let path = format!(
            "/v1/bookings?client_id={}&from=2026-12-01T00:00:00Z&to=2027-04-01T00:00:00Z&limit=200",
            self.client
        );
        let answer = self.app.as_account(&self.practice.front_desk).get(&path).await;
        assert_eq!(answer.status, 200);
        answer.json()["items"].as_array().expect("items").clone()
    }
}

fn of<'a>(proposals: &'a [Value], phase: &str) -> Vec<&'a Value> {
    proposals.iter().filter(|p| p["phase"] == phase).collect()
}

#[actix_rt::test]
async fn a_marathon_ten_weeks_out_is_planned_around_and_booked_once() {
    let r = runner().await;
    let plan = r.plan().await;
    let proposals = r.suggest(&plan).await;
    let race_day = day("2027-02-14");
    let taken = [
        (at("2026-12-10T17:00:00Z"), at("2026-12-10T18:15:00Z")),
        (at("2027-01-05T17:00:00Z"), at("2027-01-05T18:15:00Z")),
    ];
    for p in &proposals {
        let (start, end) = (local(&p["starts_at"]), local(&p["ends_at"]));
        let d = start.date_naive();
        assert_ne!(d, race_day, "on race day: {p}");
        assert!(!(day("2026-12-21")..day("2026-12-28")).contains(&d), "in time off: {p}");
        assert!(start.weekday() != Weekday::Sun && start.hour() >= 9 && end.hour() * 60 + end.minute() <= 17 * 60);
        let (s, e) = (start.to_utc(), end.to_utc());
        assert!(taken.iter().all(|(a, b)| e <= *a || *b <= s), "over a booking: {p}");
        assert!(d > day("2026-12-03"));
    }
    // Weekly through the build: a session (proposed or booked) in every week but Christmas's.
    let build = of(&proposals, "build");
    assert!((8..=10).contains(&build.len()), "{build:#?}");
    assert!(build.iter().all(|p| p["reason"] == "build: weekly"));
    let mut sessions: Vec<NaiveDate> = build.iter().map(|p| local_day(p)).collect();
    sessions.push(day("2027-01-05"));
    let mut monday = day("2026-12-07");
    while monday < day("2027-02-08") {
        if monday != day("2026-12-21") {
            let week = monday..monday + TimeDelta::days(7);
            assert!(
                sessions.iter().any(|d| week.contains(d)),
                "no session in the week of {monday}"
            );
        }
        monday += TimeDelta::days(7);
    }
    sessions.sort();
    assert!(
        sessions.windows(2).all(|w| (w[1] - w[0]).num_days() >= 4),
        "{sessions:?}"
    );
    let taper = of(&proposals, "taper");
    assert_eq!(taper.len(), 1, "{proposals:#?}");
    let before = (race_day - local_day(taper[0])).num_days();
    assert!((2..=4).contains(&before));
    assert_eq!(
        taper[0]["reason"],
        format!("taper: {before} days before Boston Marathon")
    );
    assert_eq!(
        taper[0]["service_id"].as_str(),
        Some(r.light.as_str()),
        "the lighter service"
    );
    let recovery = of(&proposals, "recovery");
    assert_eq!(recovery.len(), 1);
    let after = (local_day(recovery[0]) - race_day).num_days();
    assert!((1..=2).contains(&after));

    // Turned down: not proposed again.
    let first = build[0]["key"].clone();
    let me = r.app.as_account(&r.practice.therapist);
    let rejected = me
        .post(&format!("/v1/care-plans/{plan}/reject"), &json!({"keys": [first]}))
        .await;
    assert_eq!(rejected.status, 204);
    let proposals = r.suggest(&plan).await;
    assert!(proposals.iter().all(|p| p["key"] != first));

    // Accept two build sessions, the taper and the recovery: exactly those are booked, once.
    let chosen: Vec<Value> = of(&proposals, "build")[..2]
        .iter()
        .chain(of(&proposals, "taper").iter())
        .chain(of(&proposals, "recovery").iter())
        .map(|p| (*p).clone())
        .collect();
    let accept = |key: &'static str, chosen: Vec<Value>| {
        let c = r
            .app
            .as_account(&r.practice.therapist)
            .with_header("Idempotency-Key", key);
        let path = format!("/v1/care-plans/{plan}/accept");
        async move { c.post(&path, &json!({"proposals": chosen})).await }
    };
    let booked = accept("accept-1", chosen.clone()).await;
    assert_eq!(booked.status, 201, "{}", String::from_utf8_lossy(&booked.body));
    let again = accept("accept-1", chosen.clone()).await;
    assert_eq!(again.status, 201);
    assert_eq!(again.json(), booked.json(), "the same key answers the first answer");
    let starts: Vec<String> = r
        .client_bookings()
        .await
        .iter()
        .map(|b| b["starts_at"].as_str().expect("start").to_owned())
        .collect();
    assert_eq!(starts.len(), 5, "the held booking and the four accepted: {starts:?}");
    for p in &chosen {
        let wanted = at(p["starts_at"].as_str().expect("start"));
        assert!(starts.iter().any(|s| at(s) == wanted), "{p} not booked");
    }
    let proposals = r.suggest(&plan).await;
    assert!(of(&proposals, "taper").is_empty() && of(&proposals, "recovery").is_empty());

    // A clash found at accept time: 409 naming the proposal, and nothing booked.
    let next = of(&proposals, "build");
    let (p1, p2) = (next[0].clone(), next[1].clone());
    let therapist = r.practice.therapist.staff_id;
    r.app
        .add_booking(
            r.practice.id,
            r.other,
            therapist,
            r.service,
            at(p2["starts_at"].as_str().expect("start")),
        )
        .await;
    let clash = accept("accept-2", vec![p1, p2.clone()]).await;
    let problem = clash.problem(409);
    let detail = problem["detail"].as_str().expect("detail");
    assert!(
        detail.starts_with(&format!("proposal {}", p2["key"].as_str().expect("key"))),
        "{problem}"
    );
    assert_eq!(r.client_bookings().await.len(), 5, "nothing booked");
}

#[actix_rt::test]
async fn plans_are_clinical_and_leave_no_trace_for_the_front_desk() {
    let r = runner().await;
    let plan = r.plan().await;
    let proposals = r.suggest(&plan).await;
    let desk = r.app.as_account(&r.practice.front_desk);
    desk.get(&format!("/v1/clients/{}/care-plans", r.client))
        .await
        .problem(403);
    desk.get(&format!("/v1/care-plans/{plan}")).await.problem(403);
    desk.post(&format!("/v1/care-plans/{plan}/suggest"), &json!({}))
        .await
        .problem(403);
    desk.get(&format!("/v1/clients/{}/flags", r.client)).await.problem(403);
    let accepted = r
        .app
        .as_account(&r.practice.therapist)
        .post(
            &format!("/v1/care-plans/{plan}/accept"),
            &json!({"proposals": proposals[..3]}),
        )
        .await;
    assert_eq!(accepted.status, 201, "{}", String::from_utf8_lossy(&accepted.body));
    let calendar = desk
        .get("/v1/bookings?from=2026-12-01T00:00:00Z&to=2027-04-01T00:00:00Z&limit=200")
        .await;
    assert_eq!(calendar.status, 200);
    let text = String::from_utf8_lossy(&calendar.body).to_lowercase();
    assert!(text.contains(&r.client), "the accepted sessions are on the calendar");
    for word in [
        "build",
        "taper",
        "recovery",
        "maintenance",
        "weekly",
        "boston",
        "phase",
        "flag",
    ] {
        assert!(!text.contains(word), "the calendar says {word:?}");
    }
    let owner = r.app.as_account(&r.practice.owner);
    let actions = |actor: knead_domain::StaffId| {
        let owner = owner.clone();
        async move {
            let events = owner
                .get(&format!("/v1/audit-events?actor_id={}&limit=200", actor.0))
                .await
                .json();
            events["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|e| {
                    format!(
                        "{} {}",
                        e["action"].as_str().unwrap_or(""),
                        e["outcome"].as_str().unwrap_or("")
                    )
                })
                .collect::<Vec<String>>()
        }
    };
    let by_therapist = actions(r.practice.therapist.staff_id).await;
    for wanted in [
        "create_care_plan success",
        "suggest_care_plan_sessions success",
        "accept_care_plan_proposals success",
    ] {
        assert!(
            by_therapist.iter().any(|a| a == wanted),
            "{wanted} not audited: {by_therapist:?}"
        );
    }
    let by_desk = actions(r.practice.front_desk.staff_id).await;
    for wanted in [
        "list_care_plans denied",
        "suggest_care_plan_sessions denied",
        "get_client_flags denied",
    ] {
        assert!(by_desk.iter().any(|a| a == wanted), "{wanted} not audited: {by_desk:?}");
    }
}

#[actix_rt::test]
async fn a_plan_built_from_races_follows_them() {
    let r = runner().await;
    let plan = r.plan().await;
    let me = r.app.as_account(&r.practice.therapist);
    let half = json!({"name": "Frosty Half", "date": "2027-01-17", "distance_meters": 21097, "priority": "b"});
    assert_eq!(
        me.post(&format!("/v1/clients/{}/races", r.client), &half).await.status,
        201
    );
    let read = me.get(&format!("/v1/care-plans/{plan}")).await.json();
    let kinds: Vec<&str> = read["phases"]
        .as_array()
        .expect("phases")
        .iter()
        .map(|p| p["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        // The half's six-week build starts on 6 December: maintenance until then.
        [
            "maintenance",
            "build",
            "taper",
            "race",
            "recovery",
            "build",
            "taper",
            "race",
            "recovery",
            "maintenance"
        ]
    );
    let proposals = r.suggest(&plan).await;
    let tapers: Vec<&Value> = of(&proposals, "taper");
    assert_eq!(tapers.len(), 2, "one before each race: {proposals:#?}");
    assert!(
        tapers[0]["reason"]
            .as_str()
            .expect("reason")
            .ends_with("before Frosty Half")
    );
    assert!(proposals.iter().all(|p| local_day(p) != day("2027-01-17")));
}
