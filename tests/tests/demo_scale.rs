//! `knead demo --scale`, scaled down: the counts asked for are in the tables, every signed
//! note verifies, the change feed and the events hold a row per generated row (the triggers
//! stayed on), the outcome report's totals match its notes, the week filled first is on the calendar, and a generated client reads back
//! through the API as the generated owner.

use diesel::QueryableByName;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use knead_api::demo_scale::{Scale, seed};
use knead_tests::TestApp;
use serde_json::json;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

async fn count(conn: &mut knead_persistence::Connection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(&mut **conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

#[actix_rt::test]
async fn a_scaled_down_practice_is_consistent_and_readable() {
    // A Sunday: this week's sessions are all over, next week's all ahead.
    let (app, _clock) = TestApp::spawn_at("2026-06-14T12:00:00Z").await;
    let hash = knead_api::auth::passwords::hash_blocking(knead_api::demo::DEMO_PASSWORD).expect("hash");
    let mut conn = knead_persistence::connect(&app.db.url).await.expect("connect");
    // Three weeks of 200 sessions: next week's, then two weeks back (400 past, with notes),
    // and 800 notes beyond the past bookings: more than one chunk of a thousand, so the
    // statistics are refreshed between chunks as at full scale.
    let scale = Scale {
        therapists: 10,
        clients: 50,
        bookings: 600,
        notes: 1_200,
    };
    let seeded = seed(&mut conn, "scaled", &hash, scale, app.clock.now())
        .await
        .expect("generated");
    assert_eq!((seeded.clients, seeded.bookings, seeded.notes), (50, 600, 1_200));
    let p = seeded.practice_id.0;
    let counted = [
        (
            format!("SELECT count(*) AS n FROM clients WHERE practice_id = '{p}'"),
            50,
        ),
        (
            format!("SELECT count(*) AS n FROM staff WHERE practice_id = '{p}' AND role = 'therapist'"),
            10,
        ),
        (
            format!("SELECT count(*) AS n FROM bookings WHERE practice_id = '{p}'"),
            600,
        ),
        (
            format!("SELECT count(*) AS n FROM bookings WHERE practice_id = '{p}' AND status = 'completed'"),
            400,
        ),
        (
            format!("SELECT count(*) AS n FROM session_notes WHERE practice_id = '{p}' AND status = 'signed'"),
            1_200,
        ),
        (
            format!("SELECT count(*) AS n FROM session_notes WHERE practice_id = '{p}' AND booking_id IS NOT NULL"),
            400,
        ),
        (
            format!("SELECT count(*) AS n FROM session_note_chain_heads WHERE practice_id = '{p}'"),
            1_200,
        ),
        (
            format!("SELECT count(*) AS n FROM changes WHERE practice_id = '{p}' AND resource_type = 'booking'"),
            600,
        ),
        (
            format!("SELECT count(*) AS n FROM changes WHERE practice_id = '{p}' AND resource_type = 'client'"),
            50,
        ),
        (
            format!("SELECT count(*) AS n FROM events WHERE practice_id = '{p}' AND type = 'booking.created'"),
            600,
        ),
        (
            format!("SELECT count(*) AS n FROM events WHERE practice_id = '{p}' AND type = 'note.signed'"),
            1_200,
        ),
    ];
    for (sql, expected) in counted {
        assert_eq!(count(&mut conn, &sql).await, expected, "{sql}");
    }
    let (checked, broken) = knead_api::admin::verify_signed_notes(&mut conn).await.expect("verify");
    assert_eq!((checked, broken), (1_200, Vec::new()));
    // Every note carries techniques and pain, and the outcome report's totals were kept as
    // they were signed: the report matches the one counted from the notes.
    let untreated = format!(
        "SELECT count(*) AS n FROM session_notes n WHERE practice_id = '{p}' AND NOT EXISTS
         (SELECT 1 FROM session_note_techniques t WHERE t.practice_id = n.practice_id AND t.note_id = n.id)"
    );
    assert_eq!(count(&mut conn, &untreated).await, 0);
    for (from, to) in [(None, None), (Some((2026, 3, 10)), Some((2026, 6, 1)))] {
        let day = |d: Option<(i32, u32, u32)>| d.and_then(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d));
        let filter = knead_persistence::notes::OutcomeFilter {
            region: None,
            from: day(from),
            to: day(to),
        };
        let reported = knead_persistence::notes::technique_outcomes(&mut conn, seeded.practice_id, filter)
            .await
            .expect("report");
        let counted: Vec<knead_persistence::notes::TechniqueOutcome> =
            knead_persistence::notes::outcomes::from_notes(seeded.practice_id, filter)
                .load(&mut *conn)
                .await
                .expect("from notes");
        assert!(reported.len() >= 5, "{reported:?}");
        assert_eq!(reported, counted, "{filter:?}");
    }

    let login = app
        .client()
        .post(
            "/v1/auth/login",
            &json!({"email": seeded.owner_email, "password": knead_api::demo::DEMO_PASSWORD}),
        )
        .await;
    assert_eq!(login.status, 200, "{}", String::from_utf8_lossy(&login.body));
    let owner = app
        .client()
        .with_token(login.json()["access_token"].as_str().expect("token"));
    let client = owner.get(&format!("/v1/clients/{}", seeded.client_id.0)).await;
    assert_eq!(client.status, 200);
    assert_eq!(client.json()["given_name"], "Ana");
    assert_eq!(client.json()["email"], "runner1@example.com");

    let week = owner
        .get(&format!(
            "/v1/bookings?from={}&to={}&limit=200",
            seeded.week_from.format("%Y-%m-%dT%H:%M:%SZ"),
            seeded.week_to.format("%Y-%m-%dT%H:%M:%SZ")
        ))
        .await;
    assert_eq!(week.status, 200, "{}", String::from_utf8_lossy(&week.body));
    let items = week.json()["items"].as_array().expect("items").clone();
    assert_eq!(items.len(), 200, "ten therapists, twenty sessions each");
    assert!(items.iter().all(|b| b["status"] == "scheduled"));

    let taken = seed(&mut conn, "scaled", &hash, scale, app.clock.now()).await;
    assert!(taken.is_err(), "a slug in use is refused");
}
