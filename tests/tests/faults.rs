//! Faults under a bounded write load against the real `knead` binary on a cluster of the
//! test's own: PostgreSQL stopped for ten seconds and started again, then the server killed
//! with SIGKILL and started again. Every acknowledged write must be there afterwards; during
//! the outage every answer is a quick 503 (never a 500); the server recovers without a
//! restart; and retrying each unacknowledged write with its Idempotency-Key creates its row
//! exactly once.

use knead_tests::booking_seed::unique_start;
use knead_tests::cluster::PrivateCluster;
use knead_tests::seed::note_body;
use knead_tests::served::{free_port, start_server, wait_until_ready};
use knead_tests::{TestApp, test_settings};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

const OUTAGE: Duration = Duration::from_secs(10);
const BOUND: Duration = Duration::from_secs(2);
const MAX_WRITES: usize = 3_000;

/// `knead serve` as in production (migrating as the owner, serving as the app role), with two
/// workers.
const SERVER_ENV: &[(&str, &str)] = &[("KNEAD_WORKERS", "2")];

/// One write of the load: what was sent, and what came back.
#[derive(Debug, Clone)]
struct Write {
    path: String,
    token: String,
    key: String,
    body: Value,
    /// The created id, when the answer was a 2xx.
    acked: Option<String>,
}

#[derive(Debug)]
enum Sent {
    Answered {
        status: u16,
        id: Option<String>,
        took: Duration,
    },
    NoAnswer,
}

async fn send(base: &str, write: &Write) -> Sent {
    let client = awc::Client::builder().timeout(Duration::from_secs(10)).finish();
    let started = Instant::now();
    let sent = client
        .post(format!("{base}{}", write.path))
        .insert_header(("Authorization", format!("Bearer {}", write.token)))
        .insert_header(("Idempotency-Key", write.key.as_str()))
        .send_json(&write.body)
        .await;
    let Ok(mut res) = sent else { return Sent::NoAnswer };
    let status = res.status().as_u16();
    let body: Value = match res.body().limit(1 << 20).await {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        Err(_) => return Sent::NoAnswer,
    };
    Sent::Answered {
        status,
        id: body["id"].as_str().map(str::to_owned),
        took: started.elapsed(),
    }
}

#[derive(Debug, Default)]
struct Log {
    writes: Vec<Write>,
    statuses: Vec<(u16, Duration)>,
    acked_since_mark: usize,
    stop: bool,
}

#[actix_rt::test]
async fn acknowledged_writes_survive_an_outage_and_a_killed_server() {
    let cluster = PrivateCluster::start().await;
    let seeder = TestApp::spawn_on(&cluster, test_settings()).await;
    let practice = seeder.seed_practice("faults").await;
    let client_id = seeder.add_client(practice.id, "Casey", "Runner").await;
    let service = seeder.add_service(practice.id, "Sports massage").await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_server(&seeder.db, port, SERVER_ENV);
    wait_until_ready(&base, &mut server).await;

    let log = Rc::new(RefCell::new(Log::default()));
    let writer = {
        let (log, base) = (log.clone(), base.clone());
        let owner = practice.owner.access_token.clone();
        let therapist = practice.therapist.access_token.clone();
        let therapist_id = practice.therapist.staff_id.0.to_string();
        actix_rt::spawn(async move {
            for i in 0..MAX_WRITES {
                if log.borrow().stop {
                    break;
                }
                let (path, token, body) = match i % 3 {
                    0 => (
                        "/v1/clients",
                        &owner,
                        json!({"given_name": "Fault", "family_name": format!("Runner{i}")}),
                    ),
                    1 => ("/v1/session-notes", &therapist, {
                        let mut note = note_body(&client_id.to_string());
                        note["subjective"] = json!(format!("fault write {i}"));
                        note
                    }),
                    _ => (
                        "/v1/bookings",
                        &owner,
                        json!({"client_id": client_id, "therapist_id": therapist_id,
                               "service_id": service, "starts_at": unique_start(),
                               "outside_hours": true, "override_reason": {"code": "client_request"}}),
                    ),
                };
                let mut write = Write {
                    path: path.into(),
                    token: token.clone(),
                    key: format!("fault-{i}"),
                    body,
                    acked: None,
                };
                match send(&base, &write).await {
                    Sent::Answered { status, id, took } => {
                        let mut log = log.borrow_mut();
                        log.statuses.push((status, took));
                        if (200..300).contains(&status) {
                            write.acked = id;
                            log.acked_since_mark += 1;
                        }
                    }
                    // A refused write is kept for the retry round; back off like a client
                    // that reads Retry-After.
                    Sent::NoAnswer => {}
                }
                let acked = write.acked.is_some();
                log.borrow_mut().writes.push(write);
                if !acked {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        })
    };
    let wait_for_acks = |log: Rc<RefCell<Log>>| async move {
        log.borrow_mut().acked_since_mark = 0;
        let deadline = Instant::now() + Duration::from_secs(30);
        while log.borrow().acked_since_mark < 5 {
            assert!(Instant::now() < deadline, "no write acknowledged after the fault");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };

    wait_for_acks(log.clone()).await;
    cluster.stop().await;
    let down_at = Instant::now();
    tokio::time::sleep(OUTAGE).await;
    cluster.restart().await;
    wait_for_acks(log.clone()).await;
    let recovered_after = down_at.elapsed() - OUTAGE;

    server.kill().expect("SIGKILL the server");
    server.wait().expect("reaped");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut server = start_server(&seeder.db, port, SERVER_ENV);
    wait_until_ready(&base, &mut server).await;
    wait_for_acks(log.clone()).await;
    log.borrow_mut().stop = true;
    writer.await.expect("writer");

    let Log {
        mut writes, statuses, ..
    } = Rc::try_unwrap(log).expect("one owner").into_inner();
    let refused: Vec<_> = statuses.iter().filter(|(s, _)| !(200..300).contains(s)).collect();
    for (status, took) in &refused {
        assert_eq!(*status, 503, "a write was refused with {status} during the faults");
        assert!(*took < BOUND, "a 503 took {took:?}");
    }
    // Unacknowledged writes, retried with their keys, each end in one row.
    for write in writes.iter_mut().filter(|w| w.acked.is_none()) {
        for attempt in 0.. {
            match send(&base, write).await {
                Sent::Answered { status, id, .. } if (200..300).contains(&status) => {
                    write.acked = id;
                    break;
                }
                other => assert!(attempt < 20, "retry of {} never succeeded: {other:?}", write.key),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    server.kill().expect("stop the server");
    server.wait().expect("reaped");

    let count = |table: &str, ids: Vec<String>| {
        let url = seeder.db.url.clone();
        let table = table.to_owned();
        async move {
            let mut conn = knead_persistence::admin::connect(&url).await.expect("connect");
            let list = ids.iter().map(|id| format!("'{id}'")).collect::<Vec<_>>().join(",");
            #[derive(diesel::QueryableByName)]
            struct N {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            let found: N = diesel_async::RunQueryDsl::get_result(
                diesel::sql_query(format!("SELECT count(*) AS n FROM {table} WHERE id IN ({list})")),
                &mut conn,
            )
            .await
            .expect("count");
            let all: N = diesel_async::RunQueryDsl::get_result(
                diesel::sql_query(format!(
                    "SELECT count(*) AS n FROM {table} WHERE practice_id = '{}'",
                    practice.id.0
                )),
                &mut conn,
            )
            .await
            .expect("count");
            (found.n, all.n)
        }
    };
    let acked_first = statuses.iter().filter(|(s, _)| (200..300).contains(s)).count();
    for (path, table, seeded) in [
        ("/v1/clients", "clients", 1),
        ("/v1/session-notes", "session_notes", 0),
        ("/v1/bookings", "bookings", 0),
    ] {
        let ids: Vec<String> = writes
            .iter()
            .filter(|w| w.path == path)
            .map(|w| w.acked.clone().expect("every write ends acknowledged"))
            .collect();
        let sent = ids.len() as i64;
        let (found, all) = count(table, ids).await;
        assert_eq!(found, sent, "{table}: every acknowledged row is there");
        assert_eq!(all, sent + seeded, "{table}: each write made exactly one row");
    }
    eprintln!(
        "faults: {} writes, {acked_first} acknowledged at first, {} refused with 503 (slowest {:?}), \
         {} without an answer (server killed); recovery {:?} after the database came back",
        writes.len(),
        refused.len(),
        refused.iter().map(|(_, t)| *t).max().unwrap_or_default(),
        writes.len() - statuses.len(),
        recovered_after,
    );
}
