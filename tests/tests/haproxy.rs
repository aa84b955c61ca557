//! Two `knead serve` replicas behind HAProxy (Debian's `haproxy`, round robin, the replica's
//! name in an answer header), on one database: whatever must hold across replicas lives in
//! PostgreSQL, so a login throttle locks at the same count as on one replica, twenty
//! concurrent POSTs with one Idempotency-Key make one row, a refresh token reused at the other
//! replica ends the login, both outbox workers deliver each event once, and both series
//! horizon jobs book each occurrence once.

use diesel::QueryableByName;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use futures_util::future::join_all;
use knead_tests::booking_seed::unique_start;
use knead_tests::seed::PASSWORD;
use knead_tests::served::{free_port, kill, loopback_seeder, start_server, wait_for, wait_until_ready};
use knead_tests::webhook_receiver::Receiver;
use knead_tests::{Answer, Client, TestApp};
use serde_json::json;
use std::collections::{BTreeSet, HashSet};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const REPLICA_ENV: &[(&str, &str)] = &[
    ("KNEAD_TRUSTED_PROXIES", "127.0.0.1"),
    ("KNEAD_WEBHOOK_ALLOW", "127.0.0.1"),
    ("KNEAD_SERIES_EXTEND_SECS", "1"),
];

/// HAProxy in the foreground with a configuration of its own, killed when dropped.
struct Balancer {
    child: Child,
    dir: std::path::PathBuf,
    base: String,
}

impl Balancer {
    async fn start(replicas: &[u16]) -> Self {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("knead-haproxy-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).expect("config folder");
        let servers: String = replicas
            .iter()
            .enumerate()
            .map(|(n, p)| format!("  server replica{n} 127.0.0.1:{p}\n"))
            .collect();
        let config = format!(
            "global\n  maxconn 512\n\
             defaults\n  mode http\n  timeout connect 2s\n  timeout client 30s\n  timeout server 30s\n\
             frontend api\n  bind 127.0.0.1:{port}\n  option forwardfor\n  default_backend knead\n\
             backend knead\n  balance roundrobin\n  http-response set-header X-Replica %s\n{servers}"
        );
        let path = dir.join("haproxy.cfg");
        std::fs::write(&path, config).expect("write haproxy.cfg");
        let haproxy = ["/usr/sbin/haproxy", "/usr/bin/haproxy"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .expect("haproxy is installed (.ci/run installs Debian's haproxy)");
        let child = Command::new(haproxy)
            .arg("-db")
            .arg("-f")
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start haproxy");
        let mut balancer = Self {
            child,
            dir,
            base: format!("http://127.0.0.1:{port}"),
        };
        wait_until_ready(&balancer.base.clone(), &mut balancer.child).await;
        balancer
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn replica(answer: &Answer) -> String {
    answer
        .header("x-replica")
        .expect("HAProxy names the replica")
        .to_owned()
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let mut conn = app.pool.get().await.expect("connection");
    let rows: Vec<Count> = diesel::sql_query(sql).load(&mut conn).await.expect(sql);
    rows[0].n
}

async fn login_statuses(client: &Client, email: &str, tries: usize) -> (Vec<u16>, BTreeSet<String>) {
    let wrong = json!({"email": email, "password": "not-the-password"});
    let mut statuses = Vec::new();
    let mut replicas = BTreeSet::new();
    for _ in 0..tries {
        let answer = client.post("/v1/auth/login", &wrong).await;
        statuses.push(answer.status.as_u16());
        if let Some(name) = answer.header("x-replica") {
            replicas.insert(name.to_owned());
        }
    }
    (statuses, replicas)
}

#[actix_rt::test]
async fn two_replicas_behind_haproxy_share_every_guarantee() {
    // The seeding app runs no worker; it allows the loopback receiver as the replicas do.
    let seeder = loopback_seeder().await;
    let practice = seeder.seed_practice("balanced").await;
    let client_id = seeder.add_client(practice.id, "Casey", "Runner").await;
    let service = seeder.add_service(practice.id, "Sports massage").await;

    let ports = [free_port(), free_port()];
    let mut servers: Vec<Child> = ports
        .iter()
        .map(|port| start_server(&seeder.db, *port, REPLICA_ENV))
        .collect();
    for (port, server) in ports.iter().zip(servers.iter_mut()) {
        wait_until_ready(&format!("http://127.0.0.1:{port}"), server).await;
    }
    let direct = Client::new(&format!("http://127.0.0.1:{}", ports[0]));
    let other = Client::new(&format!("http://127.0.0.1:{}", ports[1]));
    let balancer = Balancer::start(&ports).await;
    let balanced = Client::new(&balancer.base);

    // A login throttle reached through both replicas locks at the same count as on one.
    let (through_both, seen) = login_statuses(&balanced, &practice.therapist.email, 7).await;
    let (on_one, _) = login_statuses(&direct, &practice.front_desk.email, 7).await;
    assert_eq!(seen.len(), 2, "the failures reached both replicas: {seen:?}");
    assert_eq!(through_both, on_one, "locked at the same count");
    // KNEAD_LOGIN_ACCOUNT_FAILURES (5) failures, then locked.
    assert_eq!(on_one, [401, 401, 401, 401, 401, 429, 429]);

    // Twenty concurrent creates with one Idempotency-Key, spread over the replicas: one row.
    let owner = balanced
        .with_token(&practice.owner.access_token)
        .with_header("Idempotency-Key", "balanced-create-1");
    let body = json!({"given_name": "Robin", "family_name": "Idempotent"});
    let answers = join_all((0..20).map(|_| owner.post("/v1/clients", &body))).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    let ids: HashSet<String> = answers
        .iter()
        .filter(|a| a.status == 201)
        .map(|a| a.json()["id"].to_string())
        .collect();
    assert_eq!(ids.len(), 1, "every success names one client: {statuses:?}");
    let replicas: HashSet<String> = answers.iter().map(replica).collect();
    assert_eq!(replicas.len(), 2, "the creates reached both replicas");
    let made = count(
        &seeder,
        "SELECT count(*) AS n FROM clients WHERE family_name = 'Idempotent'",
    )
    .await;
    assert_eq!(made, 1);

    // A refresh token used at one replica and reused at the other ends the whole login.
    let login = direct
        .post(
            "/v1/auth/login",
            &json!({"email": practice.owner.email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(login.status, 200);
    let first = login.json()["refresh_token"].as_str().expect("refresh").to_owned();
    let rotated = direct.post("/v1/auth/refresh", &json!({"refresh_token": first})).await;
    assert_eq!(rotated.status, 200);
    let second = rotated.json()["refresh_token"].as_str().expect("rotated").to_owned();
    let reused = other.post("/v1/auth/refresh", &json!({"refresh_token": first})).await;
    assert_eq!(reused.status, 401, "reuse is caught at the other replica");
    let after = direct.post("/v1/auth/refresh", &json!({"refresh_token": second})).await;
    assert_eq!(after.status, 401, "the rotated token died with its family");

    // Both replicas' outbox workers run: each event is delivered once.
    let receiver = Receiver::start(vec![]);
    seeder
        .add_webhook_endpoint(&practice, &receiver.url("/in"), &["booking.created"])
        .await;
    let events = 10;
    for _ in 0..events {
        seeder
            .add_booking(
                practice.id,
                client_id,
                practice.therapist.staff_id,
                service,
                unique_start(),
            )
            .await;
    }
    let arrived = wait_for(Duration::from_secs(30), async || receiver.requests().len() >= events).await;
    assert!(arrived, "{} of {events} events arrived", receiver.requests().len());
    actix_rt::time::sleep(Duration::from_secs(3)).await;
    let ids: Vec<String> = receiver
        .requests()
        .iter()
        .filter_map(|r| r.header("webhook-id").map(str::to_owned))
        .collect();
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!((ids.len(), distinct.len()), (events, events), "each event once");

    // Both horizon jobs (every second) extend a series whose far end was taken back: each
    // occurrence is booked once, round after round.
    let series = owner
        .with_header("Idempotency-Key", "balanced-series-1")
        .post(
            "/v1/booking-series",
            &json!({
                "client_id": client_id.to_string(),
                "therapist_id": practice.therapist.staff_id.to_string(),
                "service_id": service.to_string(),
                "first_start": "2027-01-04T07:00:00",
                "rrule": "FREQ=WEEKLY;BYDAY=MO",
                "outside_hours": true, "override_reason": {"code": "client_request"},
            }),
        )
        .await;
    assert_eq!(series.status, 201, "{}", String::from_utf8_lossy(&series.body));
    let series_id = series.json()["series"]["id"].as_str().expect("series id").to_owned();
    let booked = format!("SELECT count(*) AS n FROM bookings WHERE series_id = '{series_id}'");
    let full = count(&seeder, &booked).await;
    assert!(full >= 40, "a year of Mondays: {full}");
    let twice = format!(
        "SELECT count(*) AS n FROM (SELECT starts_at FROM bookings WHERE series_id = '{series_id}' \
         GROUP BY starts_at HAVING count(*) > 1) d"
    );
    for round in 0..3 {
        let mut conn = seeder.pool.get().await.expect("connection");
        diesel::sql_query(format!(
            "WITH cut AS (UPDATE booking_series SET materialised_until = now() + interval '180 days' \
             WHERE id = '{series_id}' RETURNING id) \
             DELETE FROM bookings WHERE series_id IN (SELECT id FROM cut) AND starts_at > now() + interval '180 days'"
        ))
        .execute(&mut conn)
        .await
        .expect("take the horizon back");
        drop(conn);
        let restored = wait_for(Duration::from_secs(20), async || count(&seeder, &booked).await == full).await;
        assert!(restored, "round {round}: the horizon jobs booked the far end again");
        actix_rt::time::sleep(Duration::from_millis(2500)).await;
        assert_eq!(
            count(&seeder, &booked).await,
            full,
            "round {round}: nothing booked twice"
        );
        assert_eq!(count(&seeder, &twice).await, 0, "round {round}");
    }

    drop(balancer);
    for server in &mut servers {
        kill(server);
    }
}
