//! Links made before intake links recorded their creator's clinical standing are backfilled
//! safely: clinical only when the creator's role is clinical now and unchanged since the link
//! was made; the front desk's, older than the creator's last role change, or by a creator
//! not on file, count as non-clinical (no prefill).

use diesel::QueryableByName;
use diesel_async::{RunQueryDsl, SimpleAsyncConnection};
use knead_tests::TestApp;
use uuid::Uuid;

#[derive(QueryableByName)]
struct Flag {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    creator_clinical: bool,
}

#[actix_rt::test]
async fn existing_links_are_backfilled_from_what_the_table_knows() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("backfill").await;
    let client = app.add_client(practice.id, "Casey", "Runner").await;
    let url = app.db.url.clone();
    // Back to just before migration 000008: it and every later one (they are applied again
    // below).
    let later = std::fs::read_dir(knead_tests::workspace_root().join("migrations"))
        .expect("migrations")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().as_ref() >= "2026-12-03-000008")
        .count();
    let reverted = std::thread::spawn(move || knead_persistence::migrate::revert_last_blocking(&url, later))
        .join()
        .expect("thread")
        .expect("revert");
    assert!(
        reverted.last().is_some_and(|v| v.contains("000008")) && reverted.iter().any(|v| v.contains("000009")),
        "{reverted:?}"
    );

    let p = practice.id.0;
    let (owner, therapist, desk) = (
        practice.owner.staff_id.0,
        practice.therapist.staff_id.0,
        practice.front_desk.staff_id.0,
    );
    // (creator, created how long before now, expected flag)
    let cases = [
        (owner, "0 minutes", true),
        (therapist, "0 minutes", true),
        (desk, "0 minutes", false),
        // Made before the therapist's account last changed (their role may have been another).
        (therapist, "1 day", false),
        // A creator not on file.
        (Uuid::now_v7(), "0 minutes", false),
    ];
    let ids: Vec<Uuid> = cases.iter().map(|_| Uuid::now_v7()).collect();
    let values: Vec<String> = cases
        .iter()
        .zip(&ids)
        .map(|((creator, age, _), id)| {
            format!(
                "('{p}', '{id}', '{}', decode('00', 'hex'), now() + interval '1 day', '{creator}', now() - interval '{age}')",
                client.0
            )
        })
        .collect();
    let mut superuser = knead_persistence::admin::connect(&app.db.url).await.expect("connect");
    superuser
        .batch_execute(&format!(
            "SET session_replication_role = replica;
             INSERT INTO intake_links (practice_id, id, client_id, secret_hash, expires_at, created_by, created_at)
             VALUES {};",
            values.join(", ")
        ))
        .await
        .expect("old-schema links");
    drop(superuser);

    knead_persistence::migrate::run(&app.db.url)
        .await
        .expect("migrate again");
    let mut conn = app.pool.get().await.expect("connection");
    let flags: Vec<Flag> = diesel::sql_query("SELECT id, creator_clinical FROM intake_links")
        .load(&mut conn)
        .await
        .expect("flags");
    for ((creator, age, expected), id) in cases.iter().zip(&ids) {
        let flag = flags.iter().find(|f| f.id == *id).expect("the link");
        assert_eq!(flag.creator_clinical, *expected, "link by {creator} made {age} ago");
    }
}
