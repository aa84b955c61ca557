//! The change feed never skips a change when transactions commit out of order: a reader
//! paging the feed while a writer that began first commits last still receives every change
//! exactly once, in the feed's order, and nothing of a rolled-back transaction.

use diesel_async::RunQueryDsl;
use knead_domain::PracticeId;
use knead_persistence::{Pool, pool, services};
use knead_tests::change_feed::{Seen, assert_in_order, drain, drain_until};
use knead_tests::{TestApp, test_pool};
use std::collections::BTreeSet;
use std::time::Duration;

async fn sql(conn: &mut knead_persistence::AsyncPgConnection, statement: &str) {
    diesel::sql_query(statement).execute(conn).await.expect(statement);
}

async fn room(
    conn: &mut knead_persistence::AsyncPgConnection,
    practice: PracticeId,
    clock: &knead_api::clock::Clock,
) -> String {
    let name = format!("Room {}", uuid::Uuid::now_v7().simple());
    services::insert_room(conn, practice, name, true, clock.now())
        .await
        .expect("room")
        .id
        .to_string()
}

fn writers(app: &TestApp) -> Pool {
    pool::build(&app.db.app_url, test_pool()).expect("writer pool")
}

/// The cursor past everything the practice's seeding committed. Another transaction anywhere
/// in the cluster (a parallel test's) holds the feed's horizon back, so reading "up to now"
/// may stop short of the seed: a marker is written and the feed read until it appears, and
/// everything committed before it has a smaller xid and came first.
async fn caught_up(
    owner: &knead_tests::Client,
    conn: &mut knead_persistence::AsyncPgConnection,
    practice: PracticeId,
    clock: &knead_api::clock::Clock,
) -> Option<String> {
    let marker = room(conn, practice, clock).await;
    drain_until(owner, None, &BTreeSet::from([marker])).await.1
}

#[actix_rt::test]
async fn a_writer_that_began_first_and_commits_last_is_not_skipped() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("changes-order").await;
    let owner = app.as_account(&practice.owner);
    let pool = writers(&app);
    let (mut a, mut b, mut c) = (
        pool.get().await.expect("a"),
        pool.get().await.expect("b"),
        pool.get().await.expect("c"),
    );
    let start = caught_up(&owner, &mut c, practice.id, &app.clock).await;

    // Committed before A begins: delivered while A is still open.
    let early = room(&mut c, practice.id, &app.clock).await;
    sql(&mut a, "BEGIN").await;
    let a1 = room(&mut a, practice.id, &app.clock).await; // A takes its xid here.
    sql(&mut b, "BEGIN").await;
    let b1 = room(&mut b, practice.id, &app.clock).await; // B's xid is later than A's…
    sql(&mut b, "COMMIT").await; // …and B commits first.
    let later = room(&mut c, practice.id, &app.clock).await; // Committed on its own, after B.

    let (first, cursor) = drain_until(&owner, start, &BTreeSet::from([early.clone()])).await;
    let ids: Vec<&str> = first.iter().map(Seen::id).collect();
    assert_eq!(
        ids,
        vec![early.as_str()],
        "nothing after A's start is delivered while A is open"
    );
    // Reading again while A is open still delivers nothing: the horizon is A's xid.
    let (again, cursor) = drain(&owner, cursor, "", 3).await;
    assert!(again.is_empty(), "{again:?}");

    let a2 = room(&mut a, practice.id, &app.clock).await; // A writes again, after B committed.
    sql(&mut a, "COMMIT").await;

    let expected = BTreeSet::from([a1.clone(), a2.clone(), b1.clone(), later.clone()]);
    let (second, _) = drain_until(&owner, cursor, &expected).await;
    let ids: Vec<&str> = second.iter().map(Seen::id).collect();
    // A's changes first (its xid is the smallest), in the order written, then B's, then the last.
    assert_eq!(ids, vec![a1.as_str(), a2.as_str(), b1.as_str(), later.as_str()]);
    let mut all = first;
    all.extend(second);
    assert_in_order(&all);
}

#[actix_rt::test]
async fn overlapping_writers_and_a_reader_meet_every_change_once() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("changes-stress").await;
    let owner = app.as_account(&practice.owner);
    let pool = writers(&app);
    let start = caught_up(
        &owner,
        &mut pool.get().await.expect("a connection"),
        practice.id,
        &app.clock,
    )
    .await;

    let writer = |w: u64| {
        let (pool, clock) = (pool.clone(), app.clock.clone());
        async move {
            let mut conn = pool.get().await.expect("writer connection");
            let mut committed = Vec::new();
            for t in 0..6u64 {
                sql(&mut conn, "BEGIN").await;
                let first = room(&mut conn, practice.id, &clock).await;
                // Staggered pauses, so transactions overlap and commit out of their start order.
                tokio::time::sleep(Duration::from_millis((w * 7 + t * 13) % 40)).await;
                let second = room(&mut conn, practice.id, &clock).await;
                if (w + t).is_multiple_of(5) {
                    sql(&mut conn, "ROLLBACK").await;
                } else {
                    sql(&mut conn, "COMMIT").await;
                    committed.extend([first, second]);
                }
            }
            committed
        }
    };
    let reader = async {
        let (mut seen, mut since) = (Vec::new(), start.clone());
        for _ in 0..40 {
            let (more, next) = drain(&owner, since, "", 2).await;
            seen.extend(more);
            since = next;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        (seen, since)
    };
    let (written, (mut seen, since)) =
        futures_util::future::join(futures_util::future::join_all((0..5).map(writer)), reader).await;
    let expected: BTreeSet<String> = written.into_iter().flatten().collect();
    let delivered: BTreeSet<String> = seen.iter().map(|s| s.id().to_owned()).collect();
    let (rest, _) = drain_until(&owner, since, &(&expected - &delivered)).await;
    seen.extend(rest);

    assert_in_order(&seen);
    let ids: Vec<String> = seen.iter().map(|s| s.id().to_owned()).collect();
    let unique: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len(), unique.len(), "a change delivered twice");
    assert_eq!(unique, expected, "delivered exactly the committed changes");
    assert!(expected.len() >= 40, "most transactions committed: {}", expected.len());
}
