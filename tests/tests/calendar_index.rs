//! The calendar's index scan starts at the range it shows: with years of bookings before the
//! week, the start index is bounded from below as well as above (a booking lasts at most eight
//! hours, a check the database holds), and a long session still running at the week's start
//! is shown. The free-time read of a therapist's bookings is bounded the same way.

use chrono::{DateTime, TimeDelta, Utc};
use diesel_async::SimpleAsyncConnection;
use knead_persistence::bookings::{busy_between, explain_busy_between};
use knead_persistence::calendar::{CalendarQuery, calendar, explain_calendar};
use knead_tests::TestApp;
use serde_json::Value;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

/// Every `Index Cond` in the plan on an index whose last column is the start
/// (`bookings_start_idx`, or the therapist's `bookings_therapist_idx`).
fn start_index_conditions(plan: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![plan];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if map
                    .get("Index Name")
                    .is_some_and(|n| n == "bookings_start_idx" || n == "bookings_therapist_idx")
                    && let Some(Value::String(cond)) = map.get("Index Cond")
                {
                    found.push(cond.clone());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

#[actix_rt::test]
async fn a_week_is_read_from_its_own_place_in_the_start_index() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("calendar-index").await;
    let client = app.add_client(practice.id, "Casey", "Runner").await;
    let service = app.add_service(practice.id, "Sports massage").await;
    let (p, therapist) = (practice.id, practice.therapist.staff_id);
    let from = at("2030-03-04T00:00:00Z");
    let mut conn = knead_persistence::admin::connect(&app.db.url).await.expect("connect");
    // Years of completed sessions before the week, and one seven-and-a-half-hour session
    // running across the week's start.
    conn.batch_execute(&format!(
        "SET session_replication_role = replica;
         INSERT INTO bookings (practice_id, id, client_id, therapist_id, service_id, starts_at, ends_at,
                               buffer_minutes, occupied_until, status, created_by)
         SELECT '{p}', gen_random_uuid(), '{client}', '{therapist}', '{service}',
                TIMESTAMPTZ '2025-01-01 09:00Z' + i * INTERVAL '61 minutes',
                TIMESTAMPTZ '2025-01-01 10:00Z' + i * INTERVAL '61 minutes', 0,
                TIMESTAMPTZ '2025-01-01 10:00Z' + i * INTERVAL '61 minutes', 'completed', '{therapist}'
         FROM generate_series(1, 40000) AS i;
         INSERT INTO bookings (practice_id, id, client_id, therapist_id, service_id, starts_at, ends_at,
                               buffer_minutes, occupied_until, status, created_by)
         VALUES ('{p}', gen_random_uuid(), '{client}', '{therapist}', '{service}',
                 TIMESTAMPTZ '2030-03-03 16:30Z', TIMESTAMPTZ '2030-03-04 00:00Z' + INTERVAL '1 minute', 0,
                 TIMESTAMPTZ '2030-03-04 00:00Z' + INTERVAL '1 minute', 'scheduled', '{therapist}');
         SET session_replication_role = origin;
         ANALYZE bookings;"
    ))
    .await
    .expect("seed bookings");

    let week = CalendarQuery {
        from: Some(from),
        to: Some(from + TimeDelta::days(7)),
        limit: 201,
        ..CalendarQuery::default()
    };
    let mut pg = app.pool.get().await.expect("connection");
    let plan = explain_calendar(&mut pg, p, &week).await.expect("explain");
    let conditions = start_index_conditions(&plan);
    assert!(
        conditions
            .iter()
            .any(|c| c.contains("starts_at >") && c.contains("starts_at <")),
        "the start index is not bounded on both sides: {conditions:?}\n{plan:#}"
    );
    let shown = calendar(&mut pg, p, &week).await.expect("calendar");
    assert_eq!(shown.len(), 1, "the session running across the week's start is shown");

    // The free-time read (availability, rebooking slots, care-plan proposals) likewise.
    let (day_from, day_to) = (from, from + TimeDelta::days(1));
    let plan = explain_busy_between(&mut pg, p, &[therapist], day_from, day_to)
        .await
        .expect("explain");
    let conditions = start_index_conditions(&plan);
    assert!(
        conditions
            .iter()
            .any(|c| c.contains("starts_at >") && c.contains("starts_at <")),
        "the busy read's index is not bounded on both sides: {conditions:?}\n{plan:#}"
    );
    let busy = busy_between(&mut pg, p, &[therapist], day_from, day_to)
        .await
        .expect("busy");
    assert_eq!(
        busy.len(),
        1,
        "the long session occupies the day's first minute: {busy:?}"
    );

    // The database holds the bound the query relies on.
    let too_long = conn
        .batch_execute(&format!(
            "INSERT INTO bookings (practice_id, id, client_id, therapist_id, service_id, starts_at, ends_at,
                                   buffer_minutes, occupied_until, status, created_by)
             VALUES ('{p}', gen_random_uuid(), '{client}', '{therapist}', '{service}',
                     TIMESTAMPTZ '2031-01-01 08:00Z', TIMESTAMPTZ '2031-01-01 16:01Z', 0,
                     TIMESTAMPTZ '2031-01-01 16:01Z', 'scheduled', '{therapist}')"
        ))
        .await
        .expect_err("a booking over eight hours is refused");
    assert!(too_long.to_string().contains("bookings_length"), "{too_long}");
}
