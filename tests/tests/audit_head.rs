//! The audit chain's limit and its remedy: deleting the last events together with rewinding
//! `audit_heads` leaves a chain that agrees with itself, so `knead audit verify` alone cannot
//! see it. `knead audit head` prints each practice's head to be kept outside the database;
//! `knead audit verify --expect FILE` fails when a chain is shorter than, or differs at, it.

use diesel_async::SimpleAsyncConnection;
use knead_api::admin::{self, AuditHead};
use knead_tests::TestApp;
use knead_tests::seed::Practice;

/// Three audited clinical reads in the practice.
async fn audited_calls(app: &TestApp, practice: &Practice) {
    let client = app.add_client(practice.id, "Alex", "Rivera").await;
    for _ in 0..3 {
        let answer = app
            .as_account(&practice.therapist)
            .get(&format!("/v1/clients/{client}/alerts"))
            .await;
        assert_eq!(answer.status, 200);
    }
}

/// Deletes the practice's last event and rewinds its stored head to the one before.
async fn drop_last_event(app: &TestApp, practice: &Practice) {
    let p = practice.id.0;
    let mut superuser = knead_persistence::admin::connect(&app.db.url).await.expect("connect");
    superuser
        .batch_execute(&format!(
            "SET session_replication_role = replica;
             DELETE FROM audit_events WHERE practice_id = '{p}'
               AND seq = (SELECT max(seq) FROM audit_events WHERE practice_id = '{p}');
             UPDATE audit_heads SET seq = seq - 1,
               hash = (SELECT hash FROM audit_events WHERE practice_id = '{p}' ORDER BY seq DESC LIMIT 1)
             WHERE practice_id = '{p}';"
        ))
        .await
        .expect("superuser change");
}

async fn heads(app: &TestApp) -> Vec<AuditHead> {
    let mut conn = knead_persistence::connect(&app.db.url).await.expect("connect");
    admin::audit_heads(&mut conn).await.expect("heads")
}

async fn verdicts(app: &TestApp, expected: &[AuditHead]) -> Vec<(uuid::Uuid, Result<usize, String>)> {
    let mut conn = knead_persistence::connect(&app.db.url).await.expect("connect");
    admin::verify_audit_chains_against(&mut conn, expected)
        .await
        .expect("verify")
        .into_iter()
        .map(|(p, r)| (p, r.map_err(|e| e.to_string())))
        .collect()
}

#[actix_rt::test]
async fn the_printed_heads_read_back_and_verify() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("headsok").await;
    audited_calls(&app, &practice).await;
    let printed: String = heads(&app).await.iter().map(|h| format!("{h}\n")).collect();
    let line = printed.lines().next().expect("one line");
    assert_eq!(printed.lines().count(), 1, "{printed}");
    assert!(line.starts_with(&practice.id.0.to_string()), "{line}");
    let expected = admin::parse_audit_heads(&format!("# saved nightly\n\n{printed}")).expect("parse");
    assert_eq!(expected, heads(&app).await);
    assert_eq!(expected[0].seq, 3);
    assert_eq!(verdicts(&app, &expected).await, vec![(practice.id.0, Ok(3))]);

    // More events later still extend the saved head.
    audited_calls(&app, &practice).await;
    assert_eq!(verdicts(&app, &expected).await, vec![(practice.id.0, Ok(6))]);
    assert!(admin::parse_audit_heads("not a head line").is_err());
}

#[actix_rt::test]
async fn a_deleted_tail_with_a_rewound_head_fails_against_the_saved_head() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("headstail").await;
    audited_calls(&app, &practice).await;
    let saved = heads(&app).await;
    drop_last_event(&app, &practice).await;

    // The limit: without a head from outside, the chain agrees with itself.
    assert_eq!(verdicts(&app, &[]).await, vec![(practice.id.0, Ok(2))]);
    let against = verdicts(&app, &saved).await;
    assert_eq!(against.len(), 1);
    let failure = against[0].1.clone().expect_err("shorter than the saved head");
    assert!(
        failure.contains("ends at event 2") && failure.contains("says 3"),
        "{failure}"
    );

    // Appending again brings the length back, but not the hash at the saved head.
    audited_calls(&app, &practice).await;
    let failure = verdicts(&app, &saved).await[0]
        .1
        .clone()
        .expect_err("differs at the saved head");
    assert!(failure.contains("event 3 differs"), "{failure}");
}

#[actix_rt::test]
async fn a_practice_whose_chain_vanished_fails() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("headsgone").await;
    audited_calls(&app, &practice).await;
    let saved = heads(&app).await;
    let p = practice.id.0;
    let mut superuser = knead_persistence::admin::connect(&app.db.url).await.expect("connect");
    superuser
        .batch_execute(&format!(
            "SET session_replication_role = replica;
             DELETE FROM audit_events WHERE practice_id = '{p}';
             DELETE FROM audit_heads WHERE practice_id = '{p}';"
        ))
        .await
        .expect("superuser change");
    let against = verdicts(&app, &saved).await;
    assert_eq!(against.len(), 1, "{against:?}");
    assert!(against[0].1.is_err(), "{against:?}");
}
