//! A streaming replica (`pg_basebackup -R`, a second private cluster) behind a real `knead
//! serve` with `KNEAD_READ_DATABASE_URL`. Replay on the replica is paused, so what it answers
//! is told apart from what the primary answers: a calendar read without `Knead-Lsn` misses a
//! booking made since (the replica served it), the same read carrying the booking's
//! `Knead-Lsn` shows it (the primary served it), one carrying an older position misses it
//! again (the replica has replayed that far). A clinical list served by the replica still
//! leaves its audit event on the primary, and answers 503 when the primary is down while the
//! calendar keeps answering from the replica. With the replica stopped, writes and reads
//! answer 2xx from the primary, without a 500.

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text};
use diesel_async::RunQueryDsl;
use knead_persistence::discovery::{self, APP_ROLE};
use knead_persistence::replication::Lsn;
use knead_tests::booking_seed::unique_start;
use knead_tests::cluster::PrivateCluster;
use knead_tests::served::{free_port, start_server, wait_for, wait_until_ready};
use knead_tests::{Answer, Client, TestApp, test_settings};
use serde_json::{Value, json};
use std::process::Child;
use std::time::{Duration, Instant};

/// The replay lag this test allows on one machine, an idle primary and replica (it measures
/// and prints the real one, which is far below).
const LAG_BOUND: Duration = Duration::from_secs(5);

/// A `knead serve` process, killed when the test ends, passes or not.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct PauseState {
    #[diesel(sql_type = Text)]
    state: String,
}

async fn count(url: &str, sql: &str) -> i64 {
    let mut conn = knead_persistence::admin::connect(url).await.expect("connection");
    let rows: Vec<Count> = diesel::sql_query(sql).load(&mut conn).await.expect(sql);
    rows[0].n
}

/// Pauses replay on the replica and waits until it has stopped.
async fn pause_replay(replica_url: &str) {
    let mut conn = knead_persistence::admin::connect(replica_url).await.expect("replica");
    diesel::sql_query("SELECT pg_wal_replay_pause()")
        .execute(&mut conn)
        .await
        .expect("pause replay");
    let paused = wait_for(Duration::from_secs(10), async || {
        let state: PauseState = diesel::sql_query("SELECT pg_get_wal_replay_pause_state() AS state")
            .get_result(&mut conn)
            .await
            .expect("pause state");
        state.state == "paused"
    })
    .await;
    assert!(paused, "replay never paused");
}

async fn resume_replay(replica_url: &str) {
    let mut conn = knead_persistence::admin::connect(replica_url).await.expect("replica");
    diesel::sql_query("SELECT pg_wal_replay_resume()")
        .execute(&mut conn)
        .await
        .expect("resume replay");
}

fn ids(answer: &Answer) -> Vec<String> {
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
    answer.json()["items"]
        .as_array()
        .expect("a page")
        .iter()
        .map(|item| item["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// The written position a write answered with (the header parses as a `pg_lsn`).
fn lsn(answer: &Answer) -> String {
    let value = answer.header("knead-lsn").expect("a write answers with Knead-Lsn");
    assert!(Lsn::parse(value).is_some(), "Knead-Lsn {value:?}");
    value.to_owned()
}

struct Desk {
    client: Client,
    body: Value,
}

impl Desk {
    /// Books a session; its id and `Knead-Lsn`.
    async fn book(&self) -> (String, String) {
        let mut body = self.body.clone();
        body["starts_at"] = json!(unique_start());
        let answer = self.client.post("/v1/bookings", &body).await;
        assert_eq!(answer.status, 201, "{}", String::from_utf8_lossy(&answer.body));
        (answer.json()["id"].as_str().expect("id").to_owned(), lsn(&answer))
    }
}

const CALENDAR: &str = "/v1/bookings?from=2030-01-01T00:00:00Z&to=2031-01-01T00:00:00Z&limit=200";

#[actix_rt::test]
async fn the_replica_serves_the_calendar_and_the_primary_every_write_and_fresh_read() {
    let primary = PrivateCluster::start().await;
    let seeder = TestApp::spawn_on(&primary, test_settings()).await;
    let practice = seeder.seed_practice("replica").await;
    let client_id = seeder.add_client(practice.id, "Casey", "Runner").await;
    let service = seeder.add_service(practice.id, "Sports massage").await;
    let replica = PrivateCluster::replica_of(&primary).await;
    let replica_url = replica.url(&seeder.db.name);

    let port = free_port();
    let read_url = discovery::with_user(&replica_url, APP_ROLE);
    let mut served = Served(start_server(
        &seeder.db,
        port,
        &[("KNEAD_READ_DATABASE_URL", &read_url)],
    ));
    let base = format!("http://127.0.0.1:{port}");
    wait_until_ready(&base, &mut served.0).await;
    let desk = Desk {
        client: Client::new(&base).with_token(&practice.front_desk.access_token),
        body: json!({
            "client_id": client_id.to_string(),
            "therapist_id": practice.therapist.staff_id.to_string(),
            "service_id": service,
            "outside_hours": true, "override_reason": {"code": "client_request"},
        }),
    };
    let calendar = &desk.client;
    let therapist = Client::new(&base).with_token(&practice.therapist.access_token);
    let owner = Client::new(&base).with_token(&practice.owner.access_token);

    // A booking reaches the replica within the lag bound.
    let (first, first_lsn) = desk.book().await;
    let started = Instant::now();
    let replayed = wait_for(LAG_BOUND, async || ids(&calendar.get(CALENDAR).await).contains(&first)).await;
    assert!(replayed, "the replica never showed the booking");
    println!("replayed within {:?}", started.elapsed());

    // With replay paused, what the replica answers misses every later write.
    pause_replay(&replica_url).await;
    let (second, second_lsn) = desk.book().await;
    let stale = ids(&calendar.get(CALENDAR).await);
    assert!(
        stale.contains(&first) && !stale.contains(&second),
        "a read without Knead-Lsn is the replica's"
    );
    let fresh = ids(&calendar.with_header("Knead-Lsn", &second_lsn).get(CALENDAR).await);
    assert!(
        fresh.contains(&second),
        "a read carrying the write's position is the primary's while the replica lags"
    );
    let older = ids(&calendar.with_header("Knead-Lsn", &first_lsn).get(CALENDAR).await);
    assert!(
        !older.contains(&second),
        "a read carrying a position the replica has replayed is the replica's"
    );
    let garbled = ids(&calendar.with_header("Knead-Lsn", "yesterday").get(CALENDAR).await);
    assert!(garbled.contains(&second), "a position that does not parse: the primary");
    let one = calendar.get(&format!("/v1/bookings/{second}")).await;
    assert_eq!(one.status, 200, "a single booking is read on the primary");

    // Lists: a client created since is the primary's to show until the replica replays it.
    let made = calendar
        .post("/v1/clients", &json!({"given_name": "Robin", "family_name": "Hill"}))
        .await;
    assert_eq!(made.status, 201);
    let robin = made.json()["id"].as_str().expect("id").to_owned();
    assert!(!ids(&calendar.get("/v1/clients?limit=200").await).contains(&robin));
    let with_lsn = calendar.with_header("Knead-Lsn", &lsn(&made));
    assert!(ids(&with_lsn.get("/v1/clients?limit=200").await).contains(&robin));

    // A clinical list served by the replica is audited on the primary.
    let note = seeder
        .add_session_note(practice.id, client_id.0, practice.therapist.staff_id, true)
        .await;
    let audited = "SELECT count(*) AS n FROM audit_events WHERE action = 'list_session_notes'";
    let before = count(&seeder.db.url, audited).await;
    let notes = ids(&therapist.get("/v1/session-notes?limit=200").await);
    assert!(!notes.contains(&note.to_string()), "the notes list is the replica's");
    assert_eq!(
        count(&seeder.db.url, audited).await,
        before + 1,
        "and audited on the primary"
    );

    // Replay resumes: the replica catches up within the bound.
    resume_replay(&replica_url).await;
    let started = Instant::now();
    let caught_up = wait_for(LAG_BOUND, async || ids(&calendar.get(CALENDAR).await).contains(&second)).await;
    assert!(caught_up, "the replica never caught up after replay resumed");
    println!("caught up within {:?}", started.elapsed());

    // The primary down: the calendar still answers from the replica; a clinical read, which
    // cannot be audited, answers 503; so does a write.
    primary.stop().await;
    let from_replica = calendar.get(CALENDAR).await;
    assert!(
        ids(&from_replica).contains(&second),
        "the replica serves the calendar alone"
    );
    let clinical = therapist.get("/v1/session-notes?limit=200").await;
    assert_eq!(clinical.status, 503, "never unaudited");
    let mut body = desk.body.clone();
    body["starts_at"] = json!(unique_start());
    assert_eq!(calendar.post("/v1/bookings", &body).await.status, 503);
    primary.restart().await;
    let back = wait_for(Duration::from_secs(10), async || {
        therapist.get("/v1/session-notes?limit=200").await.status == 200
    })
    .await;
    assert!(back, "the primary serves again after its restart");

    // The replica down: writes and reads answer from the primary, fast and never 500.
    replica.stop().await;
    let (third, third_lsn) = desk.book().await;
    for reader in [calendar.clone(), calendar.with_header("Knead-Lsn", &third_lsn)] {
        let started = Instant::now();
        let answer = reader.get(CALENDAR).await;
        assert!(ids(&answer).contains(&third), "the primary serves the calendar");
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    }
    for path in [
        "/v1/clients?limit=200",
        "/v1/staff",
        "/v1/services",
        "/v1/activity",
        "/v1/audit-events",
    ] {
        let started = Instant::now();
        let answer = owner.get(path).await;
        assert_eq!(answer.status, 200, "{path}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{path}: {:?}",
            started.elapsed()
        );
    }
    assert_eq!(therapist.get("/v1/session-notes").await.status, 200);
}
