//! A backup that restores: the test database is dumped with `pg_dump -Fc`, restored with
//! `pg_restore` into a fresh database, and a second server on the copy answers every list
//! and detail read of the spec exactly as the first does; `knead audit verify` and
//! `knead notes verify` pass on the copy.

use knead_tests::booking_seed::unique_start;
use knead_tests::{Client, TestApp, TestDb, knead_binary, test_settings};
use serde_json::json;
use std::process::Command;

fn get_operations() -> Vec<(String, String)> {
    let mut ops: Vec<(String, String)> = knead_tests::spec::operations()
        .into_iter()
        .filter(|op| op.method == "GET")
        .map(|op| (op.id, op.path))
        .collect();
    // The audit log first: every clinical read after it appends events of its own, with
    // times and request ids that differ between the two servers.
    ops.sort_by_key(|(id, _)| id != "list_audit_events");
    ops
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{cmd:?} failed: {text}");
    text
}

#[actix_rt::test]
async fn a_dump_restores_into_a_database_that_answers_the_same() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("backup").await;
    let owner = app.as_account(&practice.owner);
    let therapist = practice.therapist.staff_id;
    let client = app.add_client(practice.id, "Casey", "Runner").await;
    let intake_form = app.add_intake_form(practice.id, client).await;
    let service = app.add_service(practice.id, "Sports massage").await;
    let room = app.add_room(practice.id, "Room 1").await;
    let booking = app
        .add_booking(practice.id, client, therapist, service, unique_start())
        .await;
    let series = app.add_series(practice.id, client, therapist, service).await;
    let note = app.add_session_note(practice.id, client.0, therapist, true).await;
    let race = app.add_race(practice.id, client.0).await;
    let time_off = app.add_time_off(practice.id, therapist).await;
    let endpoint = app
        .add_webhook_endpoint(&practice, "https://hooks.example.com/in", &["booking.created"])
        .await
        .id;
    let made = owner
        .with_header("Idempotency-Key", "backup-1")
        .post(
            "/v1/clients",
            &json!({"given_name": "Robin", "family_name": "Hill", "phone": "+1 303 555 0142"}),
        )
        .await;
    assert_eq!(made.status, 201);
    let amended = app
        .as_account(&practice.therapist)
        .post(
            &format!("/v1/session-notes/{note}/amendments"),
            &json!({"reason": "Correction", "body": "Pressure was moderate, not firm."}),
        )
        .await;
    assert_eq!(amended.status, 201, "{}", String::from_utf8_lossy(&amended.body));
    let feed = owner
        .send_json("PUT", &format!("/v1/staff/{}/calendar-feed", therapist.0), &json!({}))
        .await
        .json();
    let feed_token = feed["url"]
        .as_str()
        .and_then(|u| u.rsplit('/').next())
        .and_then(|t| t.strip_suffix(".ics"))
        .expect("feed url")
        .to_owned();
    let link = app
        .as_account(&practice.therapist)
        .post(&format!("/v1/clients/{client}/intake-links"), &json!({}))
        .await
        .json();
    let intake_token = link["token"].as_str().expect("intake token").to_owned();
    let manage_token = app.add_manage_link(practice.id, booking).await;
    // A clinical read, so the audit chain has events.
    assert_eq!(
        owner.get(&format!("/v1/clients/{client}/intake-forms")).await.status,
        200
    );

    let plan = app.add_care_plan(practice.id, client, therapist, service).await;

    let dump = std::env::temp_dir().join(format!("{}.dump", app.db.name));
    run(Command::new("pg_dump").args(["-Fc", "-f"]).arg(&dump).arg(&app.db.url));
    let restored_name = format!("{}_restored", app.db.name);
    let copy = TestDb {
        url: app.db.url.replace(&app.db.name, &restored_name),
        app_url: app.db.app_url.replace(&app.db.name, &restored_name),
        name: restored_name,
        admin_url: app.db.admin_url.clone(),
    };
    let mut admin = knead_persistence::admin::connect(&copy.admin_url).await.expect("admin");
    knead_persistence::admin::create_database(&mut admin, &copy.name, None)
        .await
        .expect("create the copy");
    run(Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "-d"])
        .arg(&copy.url)
        .arg(&dump));
    std::fs::remove_file(&dump).ok();
    let restored_url = copy.url.clone();
    let restored = TestApp::spawn_on_db(copy, test_settings()).await;

    let ClientId(client) = client;
    let mut compared = 0;
    for (id, path) in get_operations() {
        if ["healthz", "readyz", "get_vocabulary"].contains(&id.as_str()) {
            continue;
        }
        let fixture = match path.as_str() {
            p if p.starts_with("/v1/staff/") => therapist.0.to_string(),
            p if p.starts_with("/v1/clients/") => client.to_string(),
            p if p.starts_with("/v1/bookings/") => booking.to_string(),
            p if p.starts_with("/v1/booking-series/") => series.to_string(),
            p if p.starts_with("/v1/session-notes/") => note.to_string(),
            p if p.starts_with("/v1/intake-forms/") => intake_form.to_string(),
            p if p.starts_with("/v1/races/") => race.to_string(),
            p if p.starts_with("/v1/services/") => service.to_string(),
            p if p.starts_with("/v1/rooms/") => room.to_string(),
            p if p.starts_with("/v1/time-off/") => time_off.to_string(),
            p if p.starts_with("/v1/care-plans/") => plan.to_string(),
            p if p.starts_with("/v1/webhook-endpoints/") => endpoint.clone(),
            p => {
                assert!(!p.contains("{id}"), "no fixture id for {p}: add one here");
                String::new()
            }
        };
        let token = if path.starts_with("/v1/public/intake/") {
            &intake_token
        } else if path.starts_with("/v1/public/bookings/") {
            &manage_token
        } else {
            &feed_token
        };
        let mut url = path.replace("{id}", &fixture).replace("{token}", token);
        let query = match id.as_str() {
            "list_bookings" => "?from=2029-01-01T00:00:00Z&to=2029-01-31T00:00:00Z".to_owned(),
            "get_availability" => {
                format!("?service_id={service}&from=2030-01-07T00:00:00Z&to=2030-01-14T00:00:00Z")
            }
            "technique_outcomes" => "?region=calf".to_owned(),
            "pain_trend" => "?region=calf".to_owned(),
            _ => String::new(),
        };
        url.push_str(&query);
        let as_owner = |app: &TestApp| -> Client { app.as_account(&practice.owner) };
        let first = as_owner(&app).get(&url).await;
        let second = as_owner(&restored).get(&url).await;
        assert_eq!(
            first.status,
            200,
            "{id} {url} on the original: {}",
            String::from_utf8_lossy(&first.body)
        );
        assert_eq!(second.status, first.status, "{id} {url}");
        assert_eq!(
            String::from_utf8_lossy(&second.body),
            String::from_utf8_lossy(&first.body),
            "{id} {url} answers differently on the restored copy"
        );
        compared += 1;
    }
    eprintln!("backup: {compared} read operations answer the same on the restored copy");

    for check in ["audit", "notes"] {
        let out = run(Command::new(knead_binary())
            .args([check, "verify"])
            .env("DATABASE_URL", &restored_url)
            .env("KNEAD_LOG", "error"));
        eprintln!("knead {check} verify on the copy: {}", out.trim());
    }
}

use knead_domain::ClientId;
