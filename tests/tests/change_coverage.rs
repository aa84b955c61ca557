//! No write to a mirrored table can skip the change feed: each mirrored table has an enabled
//! `record_change` AFTER row trigger for every operation the app may perform on it (checked in
//! PostgreSQL's catalog, with a control that breaks one), every table of the schema is either
//! mirrored or listed with the reason it is not, and a write the app makes as `knead_app`, with
//! no code of the feed's own, leaves a change.

use diesel::sql_types::Text;
use diesel_async::{RunQueryDsl, SimpleAsyncConnection};
use knead_persistence::changes::{MIRRORED, NOT_MIRRORED, untracked};
use knead_persistence::{GLOBAL_TABLES, admin};
use knead_tests::TestDb;
use std::collections::BTreeSet;

#[derive(diesel::QueryableByName)]
struct Table {
    #[diesel(sql_type = Text)]
    name: String,
}

#[actix_rt::test]
async fn every_mirrored_table_writes_the_feed() {
    let db = TestDb::create().await;
    let mut conn = admin::connect(&db.url).await.expect("connect");
    assert_eq!(untracked(&mut conn).await.expect("catalog"), Vec::<String>::new());
}

#[actix_rt::test]
async fn every_table_is_mirrored_or_says_why_not() {
    let db = TestDb::create().await;
    let mut conn = admin::connect(&db.url).await.expect("connect");
    let tables: Vec<Table> = diesel::sql_query(
        "SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')",
    )
    .load(&mut conn)
    .await
    .expect("tables");
    let placed: BTreeSet<&str> = MIRRORED
        .iter()
        .map(|(t, _, _)| *t)
        .chain(NOT_MIRRORED.iter().map(|(t, _)| *t))
        .chain(GLOBAL_TABLES.iter().map(|(t, _)| *t))
        .collect();
    let unplaced: Vec<&str> = tables
        .iter()
        .map(|t| t.name.as_str())
        .filter(|t| !placed.contains(t))
        .collect();
    assert!(
        unplaced.is_empty(),
        "tables neither mirrored nor listed in changes::NOT_MIRRORED: {unplaced:?}"
    );
    let names: BTreeSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let stale: Vec<&&str> = placed.iter().filter(|t| !names.contains(**t)).collect();
    assert!(stale.is_empty(), "listed tables that do not exist: {stale:?}");
}

#[actix_rt::test]
async fn the_check_fires_on_a_missing_or_disabled_or_partial_trigger() {
    let db = TestDb::create().await;
    let mut conn = admin::connect(&db.url).await.expect("connect");
    conn.batch_execute(
        "DROP TRIGGER races_change ON races;
         ALTER TABLE time_off DISABLE TRIGGER time_off_change;
         DROP TRIGGER bookings_change ON bookings;
         CREATE TRIGGER bookings_change AFTER INSERT OR UPDATE ON bookings
             FOR EACH ROW EXECUTE FUNCTION record_change('booking', 'id');
         DROP TRIGGER rooms_change ON rooms;
         CREATE TRIGGER rooms_change AFTER INSERT OR UPDATE OR DELETE ON rooms
             FOR EACH ROW EXECUTE FUNCTION record_change('service', 'id');",
    )
    .await
    .expect("break the triggers");
    let found = untracked(&mut conn).await.expect("catalog");
    assert_eq!(found, vec!["races", "bookings", "rooms", "time_off"]);
}

#[actix_rt::test]
async fn a_plain_statement_as_the_app_role_leaves_a_change() {
    let db = TestDb::create().await;
    let mut owner = admin::connect(&db.url).await.expect("connect");
    owner
        .batch_execute(
            "INSERT INTO practices (id, name, slug, time_zone) VALUES (gen_random_uuid(), 'P', 'plain', 'UTC')",
        )
        .await
        .expect("practice");
    let mut app = admin::connect(&db.app_url).await.expect("connect as knead_app");
    app.batch_execute(
        "INSERT INTO rooms (practice_id, id, name) SELECT id, gen_random_uuid(), 'Room' FROM practices;
         UPDATE rooms SET name = 'Room 2';
         DELETE FROM rooms;",
    )
    .await
    .expect("writes as knead_app");
    let kinds: Vec<Table> = diesel::sql_query("SELECT change AS name FROM changes ORDER BY seq")
        .load(&mut app)
        .await
        .expect("changes");
    let kinds: Vec<&str> = kinds.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(kinds, ["upsert", "upsert", "delete"]);
    // The app may add changes but not rewrite them.
    assert!(app.batch_execute("DELETE FROM changes").await.is_err());
}
