//! The therapist's .ics feed as a common expander reads it: Python's recurring_ical_events
//! (installed into .knead/venv by scripts/python-venv, a step of scripts/test) expands the
//! feed, and every instance's start and end must be the calendar's live bookings exactly.
//! The series cross both of New York's clock changes, and two of them have an occurrence at
//! a local time that exists twice (01:30 on 1 November 2026, the first occurrence) or does not
//! exist (02:30 on 14 March 2027): a reader that adds a DURATION in wall-clock time makes
//! those 120 or 0 minutes long.

use chrono::{DateTime, Utc};
use diesel_async::RunQueryDsl;
use knead_api::clock::Clock;
use knead_tests::{TestApp, test_settings, workspace_root};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

/// (uid, start, end) of each instance recurring_ical_events finds in `[from, to)`.
fn expand(ics: &str, from: &str, to: &str) -> BTreeSet<(String, DateTime<Utc>, DateTime<Utc>)> {
    let python = workspace_root().join(".knead/venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/python-venv (scripts/test does) to install recurring_ical_events",
        python.display()
    );
    let script = workspace_root().join("tests/python/expand_feed.py");
    let mut child = Command::new(&python)
        .arg(&script)
        .args([from, to])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(ics.as_bytes())
        .expect("feed written to python");
    let out = child.wait_with_output().expect("python finishes");
    assert!(
        out.status.success(),
        "expand_feed.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let [uid, start, end]: [String; 3] = serde_json::from_str(line).expect("a JSON line");
            (uid, at(&start), at(&end))
        })
        .collect()
}

#[actix_rt::test]
async fn recurring_ical_events_expands_the_feed_into_the_bookings() {
    let app = TestApp::spawn_with(knead_api::state::Settings {
        clock: Clock::fixed(at("2026-10-01T12:00:00Z")),
        ..test_settings()
    })
    .await;
    let practice = app.seed_practice("feed-interop").await;
    let mut conn = app.pool.get().await.expect("connection");
    diesel::sql_query("UPDATE practices SET time_zone = 'America/New_York'")
        .execute(&mut conn)
        .await
        .expect("zone");
    let client = app.add_client(practice.id, "Jordan", "Doe").await;
    let service = app.add_service(practice.id, "Sports massage").await;
    let therapist = practice.therapist.staff_id;
    let desk = app.as_account(&practice.front_desk).with_header("If-Match", "*");
    let mut ids = Vec::new();
    for (first_start, rrule) in [
        // Tuesdays at 10:00 across the return to standard time (1 November 2026).
        ("2026-10-20T10:00:00", "FREQ=WEEKLY;BYDAY=TU;COUNT=4"),
        // Sundays at 01:30 from 1 November 2026, when 01:30 happens twice (the first, EDT, is
        // the one): the first occurrence itself cannot be written as wall-clock times.
        ("2026-11-01T01:30:00", "FREQ=WEEKLY;BYDAY=SU;COUNT=3"),
        // Sundays at 02:30: on 14 March 2027 02:30 does not happen (read as 03:30 EDT).
        ("2027-03-07T02:30:00", "FREQ=WEEKLY;BYDAY=SU;COUNT=3"),
    ] {
        let body = json!({"client_id": client.0, "therapist_id": therapist.0, "service_id": service,
            "first_start": first_start, "rrule": rrule, "outside_hours": true});
        let created = desk.post("/v1/booking-series", &body).await;
        assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
        ids.push(created.json()["series"]["id"].as_str().expect("id").to_owned());
    }
    // One occurrence cancelled, so EXDATE is read too.
    let rows = desk.get(&format!("/v1/bookings?series_id={}", ids[0])).await.json();
    let cancel = format!("/v1/bookings/{}/cancel", rows["items"][1]["id"].as_str().expect("row"));
    assert_eq!(
        desk.post(&cancel, &json!({"reason": "client_request", "note": "Race week"}))
            .await
            .status,
        200
    );

    let me = app.as_account(&practice.therapist);
    let issued = me
        .send_json("PUT", &format!("/v1/staff/{}/calendar-feed", therapist.0), &json!({}))
        .await;
    assert_eq!(issued.status, 200, "{}", String::from_utf8_lossy(&issued.body));
    let url = issued.json()["url"].as_str().expect("url").to_owned();
    let feed = app.client().get(&url).await;
    assert_eq!(feed.status, 200);
    let ics = String::from_utf8_lossy(&feed.body).into_owned();
    assert!(!ics.contains("DURATION"), "DTEND instead of DURATION:\n{ics}");

    let (from, to) = ("2026-09-01T00:00:00Z", "2027-06-01T00:00:00Z");
    let found = expand(&ics, from, to);
    let listed = desk
        .get(&format!("/v1/bookings?from={from}&to={to}&limit=200"))
        .await
        .json();
    let expected: BTreeSet<_> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|b| b["status"] != "cancelled")
        .map(|b: &Value| {
            (
                format!("{}@knead", b["series_id"].as_str().expect("series")),
                at(b["starts_at"].as_str().expect("start")),
                at(b["ends_at"].as_str().expect("end")),
            )
        })
        .collect();
    assert_eq!(expected.len(), 3 + 3 + 3, "{expected:#?}");
    // The two occurrences at clock changes are as the calendar has them: 60 minutes each.
    assert!(expected.contains(&(
        format!("{}@knead", ids[1]),
        at("2026-11-01T05:30:00Z"),
        at("2026-11-01T06:30:00Z")
    )));
    assert!(expected.contains(&(
        format!("{}@knead", ids[2]),
        at("2027-03-14T07:30:00Z"),
        at("2027-03-14T08:30:00Z")
    )));
    let missing: Vec<_> = expected.difference(&found).collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:#?}\nextra {extra:#?}\n{ics}"
    );
}
