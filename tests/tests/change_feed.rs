//! The change feed reports every kind of change an integrator mirrors: deletes as tombstones
//! (a race, time off, a closed day, the bookings a series edit removes), archived clients and
//! cancelled bookings as upserts with their new version; session-note changes never reach a
//! principal that does not see clinical content; bad parameters are 4xx naming the parameter.

use knead_tests::TestApp;
use knead_tests::change_feed::{Seen, assert_in_order, drain, drain_until};
use knead_tests::series_desk::Desk;
use serde_json::json;
use std::collections::BTreeSet;

/// The version a resource's ETag (`"v3"`) names.
async fn version_of(client: &knead_tests::http::Client, path: &str) -> i64 {
    let answer = client.get(path).await;
    assert_eq!(answer.status, 200, "{path}");
    let etag = answer.header("ETag").expect("ETag");
    etag.trim_matches('"')
        .trim_start_matches('v')
        .parse()
        .expect("a version")
}

fn find<'a>(seen: &'a [Seen], kind: &str, resource_type: &str, id: &str) -> Vec<&'a Seen> {
    seen.iter()
        .filter(|s| s.kind() == kind && s.resource_type() == resource_type && s.id() == id)
        .collect()
}

#[actix_rt::test]
async fn deletes_are_tombstones_and_archives_and_cancellations_are_upserts() {
    let desk = Desk::new("changes-kinds").await;
    let owner = desk.app.as_account(&desk.practice.owner);
    let (_, start) = drain(&owner, None, "", 50).await;

    // A race created, then deleted outright.
    let race = owner
        .post(
            &format!("/v1/clients/{}/races", desk.client),
            &json!({"name": "Bolder Boulder", "date": "2027-05-31", "distance_meters": 10000, "priority": "b"}),
        )
        .await;
    assert_eq!(race.status, 201, "{}", String::from_utf8_lossy(&race.body));
    let race = race.json()["id"].as_str().expect("race").to_owned();
    assert_eq!(
        owner
            .raw("DELETE", &format!("/v1/races/{race}"), None, vec![])
            .await
            .status,
        204
    );

    // Time off and a closed day, each deleted.
    let therapist = desk.therapist();
    let off = owner
        .post(
            &format!("/v1/staff/{therapist}/time-off"),
            &json!({"starts_at": "2026-11-02T14:00:00Z", "ends_at": "2026-11-02T18:00:00Z", "reason": "Race"}),
        )
        .await;
    assert_eq!(off.status, 201, "{}", String::from_utf8_lossy(&off.body));
    let off = off.json()["id"].as_str().expect("time off").to_owned();
    assert_eq!(
        owner
            .raw("DELETE", &format!("/v1/time-off/{off}"), None, vec![])
            .await
            .status,
        204
    );
    let day = owner
        .post("/v1/closed-days", &json!({"date": "2026-12-25", "name": "Christmas"}))
        .await;
    assert_eq!(day.status, 201, "{}", String::from_utf8_lossy(&day.body));
    let day = day.json()["id"].as_str().expect("closed day").to_owned();
    assert_eq!(
        owner
            .raw("DELETE", &format!("/v1/closed-days/{day}"), None, vec![])
            .await
            .status,
        204
    );

    // Working hours set, then replaced (their rows deleted): upserts of the therapist's
    // template, never a tombstone.
    for ends in ["17:00:00", "15:00:00"] {
        let hours = owner
            .send_json(
                "PUT",
                &format!("/v1/staff/{therapist}/working-hours"),
                &json!({"intervals": [{"weekday": "monday", "starts": "09:00:00", "ends": ends}]}),
            )
            .await;
        assert_eq!(hours.status, 200, "{}", String::from_utf8_lossy(&hours.body));
    }

    // A series of eight, one occurrence cancelled, then every future occurrence moved an hour:
    // the bookings the edit replaces are deleted.
    let series = desk
        .create(&desk.body(&desk.client, "2026-10-06T10:00:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=8"))
        .await;
    assert_eq!(series.status, 201, "{}", String::from_utf8_lossy(&series.body));
    let series = series.json()["series"]["id"].as_str().expect("series").to_owned();
    let before: BTreeSet<String> = desk.booking_ids(&series).await.into_iter().collect();
    let cancelled = desk.booking_ids(&series).await[2].clone();
    let answer = owner
        .post(
            &format!("/v1/bookings/{cancelled}/cancel"),
            &json!({"reason": "illness"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    let cancelled_version = version_of(&owner, &format!("/v1/bookings/{cancelled}")).await;
    let edit = owner
        .with_header("If-Match", "*")
        .send_json(
            "PATCH",
            &format!("/v1/booking-series/{series}"),
            &json!({"first_start": "2026-10-06T11:00:00"}),
        )
        .await;
    assert_eq!(edit.status, 200, "{}", String::from_utf8_lossy(&edit.body));
    let after: BTreeSet<String> = desk.booking_ids(&series).await.into_iter().collect();
    let removed: Vec<&String> = before.difference(&after).collect();
    assert!(!removed.is_empty(), "the edit replaced bookings");

    // The client archived.
    let archived = owner
        .post(&format!("/v1/clients/{}/archive", desk.client), &json!({}))
        .await;
    assert_eq!(archived.status, 200, "{}", String::from_utf8_lossy(&archived.body));
    let client_version = version_of(&owner, &format!("/v1/clients/{}", desk.client)).await;

    // Written last, one transaction after another: once it is delivered, so is all the rest.
    let last = desk.app.add_room(desk.practice.id, "Last").await.to_string();
    let expected = BTreeSet::from([last]);
    let (seen, _) = drain_until(&owner, start, &expected).await;
    assert_in_order(&seen);
    for (kind_of, id) in [("race", &race), ("time_off", &off), ("closed_day", &day)] {
        let upserts = find(&seen, "upsert", kind_of, id);
        let deletes = find(&seen, "delete", kind_of, id);
        assert_eq!((upserts.len(), deletes.len()), (1, 1), "{kind_of} {id}: {seen:?}");
        assert!(upserts[0].position < deletes[0].position);
        assert!(
            deletes[0].item.get("version").is_none_or(|v| v.is_null()),
            "a tombstone has no version"
        );
    }
    for id in &removed {
        assert_eq!(find(&seen, "delete", "booking", id).len(), 1, "removed booking {id}");
    }
    for id in &after {
        assert!(!find(&seen, "upsert", "booking", id).is_empty(), "booking {id}");
        assert!(
            find(&seen, "delete", "booking", id).is_empty(),
            "booking {id} still exists"
        );
    }
    assert!(
        find(&seen, "upsert", "booking", &cancelled)
            .iter()
            .any(|s| s.item["version"] == cancelled_version),
        "the cancellation is an upsert with its version"
    );
    assert!(!find(&seen, "upsert", "booking_series", &series).is_empty());
    assert!(!find(&seen, "upsert", "working_hours", &therapist).is_empty());
    assert!(find(&seen, "delete", "working_hours", &therapist).is_empty());
    let client = find(&seen, "upsert", "client", &desk.client);
    assert_eq!(client.last().expect("client change").item["version"], client_version);

    // Asking for some types only.
    let (races, _) = drain(&owner, None, "&types=race,closed_day", 3).await;
    assert!(
        races
            .iter()
            .all(|s| ["race", "closed_day"].contains(&s.resource_type()))
    );
    assert_eq!(races.len(), 4, "{races:?}");
}

#[actix_rt::test]
async fn session_note_changes_are_clinical_and_bad_parameters_are_named() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("changes-notes").await;
    let owner = app.as_account(&practice.owner);
    let client = app.add_client(practice.id, "Casey", "Runner").await;
    let note = app
        .add_session_note(practice.id, client.0, practice.owner.staff_id, true)
        .await
        .to_string();
    drain_until(&owner, None, &BTreeSet::from([note.clone()])).await;
    let (seen, _) = drain(&owner, None, "&types=session_note", 50).await;
    assert!(seen.iter().any(|s| s.id() == note), "{seen:?}");
    assert!(seen.iter().all(|s| s.resource_type() == "session_note"), "{seen:?}");
    // The front desk and therapists are not given the feed at all (the role matrix checks
    // every role); the domain rule keeps notes from any non-clinical principal later.
    let front = app.as_account(&practice.front_desk);
    assert_eq!(front.get("/v1/changes").await.status, 403);

    // Every resource type is accepted (the spec's pattern for `types` names them all).
    let all: Vec<&str> = knead_domain::changes::ResourceType::ALL
        .iter()
        .map(|t| t.as_str())
        .collect();
    let every = owner.get(&format!("/v1/changes?types={}", all.join(","))).await;
    assert_eq!(every.status, 200, "{}", String::from_utf8_lossy(&every.body));

    let bad = owner.get("/v1/changes?types=client,notes").await;
    assert_eq!(bad.problem(400)["errors"][0]["parameter"], "types");
    let bad = owner.get("/v1/changes?since=not-a-cursor").await;
    assert_eq!(bad.problem(422)["errors"][0]["parameter"], "since");
    let bad = owner.get("/v1/changes?limit=0").await;
    assert_eq!(bad.problem(400)["errors"][0]["parameter"], "limit");
}

#[actix_rt::test]
async fn bookings_the_hourly_series_job_adds_are_in_the_feed() {
    let desk = Desk::new("changes-horizon").await;
    let owner = desk.app.as_account(&desk.practice.owner);
    let created = desk
        .create(&desk.body(&desk.client, "2026-10-05T09:00:00", "FREQ=WEEKLY;BYDAY=MO"))
        .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let series = created.json()["series"]["id"].as_str().expect("id").to_owned();
    let before: BTreeSet<String> = desk.booking_ids(&series).await.into_iter().collect();
    let last = desk.app.add_room(desk.practice.id, "Before the job").await.to_string();
    let (_, since) = drain_until(&owner, None, &BTreeSet::from([last])).await;

    let state = knead_api::AppState::new(
        desk.app.pool.clone(),
        knead_api::state::Settings {
            clock: desk.clock.clone(),
            ..knead_tests::test_settings()
        },
    )
    .expect("state");
    desk.clock.set(knead_tests::series_desk::at("2026-12-01T12:00:00Z"));
    let booked = knead_api::horizon::extend_once(&state).await.expect("extend");
    assert!(booked > 0);
    let added: BTreeSet<String> = desk
        .booking_ids(&series)
        .await
        .into_iter()
        .filter(|id| !before.contains(id))
        .collect();
    assert_eq!(added.len(), booked);
    let (seen, _) = drain_until(&owner, since, &added).await;
    for id in &added {
        assert_eq!(find(&seen, "upsert", "booking", id).len(), 1, "booking {id}");
    }
}

/// A race in the feed names only its own id: the integrator fetches it at the `Location` its
/// creation answered, `/v1/races/{id}`, with the ETag to update it; once deleted, 404.
#[actix_rt::test]
async fn a_race_in_the_feed_can_be_fetched_by_its_id() {
    let desk = Desk::new("changes-race").await;
    let owner = desk.app.as_account(&desk.practice.owner);
    let created = owner
        .post(
            &format!("/v1/clients/{}/races", desk.client),
            &json!({"name": "Pikes Peak Ascent", "date": "2027-08-21", "distance_meters": 21300, "priority": "a"}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let location = created.header("Location").expect("Location").to_owned();
    let id = created.json()["id"].as_str().expect("race").to_owned();
    assert_eq!(location, format!("/v1/races/{id}"));

    // Another test's open transaction may hold the feed back for a moment: wait for it.
    let (seen, _) = drain_until(&owner, None, &BTreeSet::from([id.clone()])).await;
    assert_eq!(find(&seen, "upsert", "race", &id).len(), 1, "{seen:?}");

    let read = owner.get(&location).await;
    assert_eq!(read.status, 200, "{}", String::from_utf8_lossy(&read.body));
    assert_eq!(read.json(), created.json());
    assert_eq!(read.header("ETag"), created.header("ETag"));

    // The front desk reads races too (they are the client's season, not clinical); another
    // practice's owner does not find it.
    let desk_reads = desk.app.as_account(&desk.practice.front_desk).get(&location).await;
    assert_eq!(desk_reads.status, 200);
    let other = desk.app.seed_practice("changes-race-other").await;
    assert_eq!(desk.app.as_account(&other.owner).get(&location).await.status, 404);

    assert_eq!(owner.raw("DELETE", &location, None, vec![]).await.status, 204);
    assert_eq!(owner.get(&location).await.status, 404);
}
