//! Hostile bodies, generated from the committed spec for every operation that takes a JSON
//! body (a new operation is covered without an edit here): broken and truncated JSON,
//! arrays and scalars where objects belong, deep nesting, huge strings and numbers, invalid
//! UTF-8, NUL, lone surrogates, duplicate keys, and the spec's own example with each
//! server-owned field added (mass assignment). Every answer is a 4xx problem+json, and the
//! database is the same before and after each operation's cases, except the tables that
//! record refusals by design.

use knead_domain::ClientId;
use knead_tests::booking_seed::unique_start;
use knead_tests::{Client, TestApp};
use serde_json::{Value, json};

/// Tables that record refused requests on purpose: the audit chain (every clinical call,
/// denied and failed ones too, and its head) and the throttle counts (failed logins and
/// failed public-link lookups share `login_throttles`).
const RECORDS_REFUSALS: &[&str] = &["audit_events", "audit_heads", "login_throttles"];

/// Fields the server owns: never taken from a body.
const SERVER_OWNED: &[&str] = &[
    "id",
    "practice_id",
    "version",
    "created_at",
    "updated_at",
    "created_by",
    "signed_at",
    "signed_by",
    "content_hash",
    "archived_at",
    "last_visit_at",
    "password_hash",
    "valid_after",
    "series_id",
    "recurrence_id",
    "late",
    "author_id",
];

struct Op {
    id: String,
    method: String,
    path: String,
    example: Value,
}

fn writing_operations() -> Vec<Op> {
    let spec = knead_tests::spec::spec();
    knead_tests::spec::operations()
        .into_iter()
        .filter_map(|op| {
            let content = op.op["requestBody"]["content"]["application/json"].as_object()?.clone();
            let schema_ref = content["schema"]["$ref"].as_str().unwrap_or_default();
            let name = schema_ref.rsplit('/').next().unwrap_or_default();
            let example = content
                .get("example")
                .cloned()
                .or_else(|| spec["components"]["schemas"][name].get("example").cloned())
                .unwrap_or_else(|| json!({}));
            Some(Op {
                id: op.id,
                method: op.method,
                path: op.path,
                example,
            })
        })
        .collect()
}

/// The hostile bodies for one operation, each with a name for the failure message.
fn corpus(example: &Value) -> Vec<(String, Vec<u8>)> {
    let mut cases: Vec<(String, Vec<u8>)> = vec![
        ("truncated".into(), b"{\"a\": ".to_vec()),
        ("trailing garbage".into(), b"{} x".to_vec()),
        ("empty".into(), Vec::new()),
        ("array".into(), b"[]".to_vec()),
        ("array of one".into(), b"[1]".to_vec()),
        ("string".into(), b"\"x\"".to_vec()),
        ("number".into(), b"1".to_vec()),
        ("null".into(), b"null".to_vec()),
        (
            "deep arrays".into(),
            [b"[".repeat(10_000), b"]".repeat(10_000)].concat(),
        ),
        (
            "deep objects".into(),
            [b"{\"a\":".repeat(10_000), b"1".to_vec(), b"}".repeat(10_000)].concat(),
        ),
        (
            "huge string".into(),
            format!("{{\"a\":\"{}\"}}", "x".repeat(300_000)).into_bytes(),
        ),
        (
            "huge number".into(),
            format!("{{\"a\":1{}}}", "0".repeat(5_000)).into_bytes(),
        ),
        ("number overflow".into(), b"{\"a\":1e400}".to_vec()),
        ("invalid UTF-8".into(), b"{\"a\":\"\xff\xfe\"}".to_vec()),
        ("NUL".into(), b"{\"a\":\"x\\u0000y\"}".to_vec()),
        ("lone surrogate".into(), b"{\"a\":\"\\ud800\"}".to_vec()),
    ];
    if let Some(fields) = example.as_object() {
        // The example with each of its string or number fields replaced by hostile values.
        for (field, value) in fields {
            let mut nul = example.clone();
            nul[field] = json!("bad\u{0}value");
            cases.push((format!("NUL in /{field}"), nul.to_string().into_bytes()));
            let mut huge = example.clone();
            huge[field] = if value.is_number() {
                json!(1e300)
            } else {
                json!("y".repeat(200_000))
            };
            cases.push((format!("huge /{field}"), huge.to_string().into_bytes()));
            let mut wrong = example.clone();
            wrong[field] = json!([{"nested": [1, 2, 3]}]);
            cases.push((format!("array in /{field}"), wrong.to_string().into_bytes()));
            // A duplicate key: the first valid, the second hostile.
            let raw = example.to_string();
            let duplicated = raw.replacen('{', &format!("{{\"{field}\":{{\"x\":1}},"), 1);
            cases.push((format!("duplicate /{field}"), duplicated.into_bytes()));
        }
        for field in SERVER_OWNED {
            let mut forged = example.clone();
            forged[*field] = json!("00000000-0000-7000-8000-000000000000");
            cases.push((format!("server-owned /{field}"), forged.to_string().into_bytes()));
        }
    }
    cases
}

/// Every table's row count and a digest of its rows, as one JSON object.
async fn snapshot(app: &TestApp) -> Value {
    use diesel::sql_types::Text;
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let mut conn = knead_persistence::admin::connect(&app.db.url).await.expect("connect");
    let tables: Vec<Row> = diesel_async::RunQueryDsl::load(
        diesel::sql_query(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'
              AND tablename <> '__diesel_schema_migrations' ORDER BY 1",
        ),
        &mut conn,
    )
    .await
    .expect("tables");
    let mut digests = serde_json::Map::new();
    for table in tables.iter().filter(|t| !RECORDS_REFUSALS.contains(&t.name.as_str())) {
        let sql = format!(
            "SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS name FROM {} t",
            table.name
        );
        let digest: Row = diesel_async::RunQueryDsl::get_result(diesel::sql_query(sql), &mut conn)
            .await
            .expect("digest");
        digests.insert(table.name.clone(), json!(digest.name));
    }
    Value::Object(digests)
}

#[actix_rt::test]
async fn hostile_bodies_are_refused_with_4xx_and_change_nothing() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("hostile").await;
    let client = app.add_client(practice.id, "Casey", "Runner").await;
    let service = app.add_service(practice.id, "Sports massage").await;
    let room = app.add_room(practice.id, "Room 1").await;
    let therapist = practice.therapist.staff_id;
    let booking = app
        .add_booking(practice.id, client, therapist, service, unique_start())
        .await;
    let series = app.add_series(practice.id, client, therapist, service).await;
    let draft = app.add_session_note(practice.id, client.0, therapist, false).await;
    let race = app.add_race(practice.id, client.0).await;
    let plan = app.add_care_plan(practice.id, client, therapist, service).await;
    let owner = app.as_account(&practice.owner);
    let link = app
        .as_account(&practice.therapist)
        .post(&format!("/v1/clients/{client}/intake-links"), &json!({}))
        .await
        .json();
    let token = link["token"].as_str().expect("intake token").to_owned();
    let ClientId(client) = client;
    let endpoint = app
        .add_webhook_endpoint(&practice, "https://hooks.example.com/in", &["booking.created"])
        .await
        .id;

    let ops = writing_operations();
    let mut cases_sent = 0;
    let mut failures = Vec::new();
    for op in &ops {
        let id = match op.path.as_str() {
            p if p.starts_with("/v1/staff/") => therapist.0.to_string(),
            p if p.starts_with("/v1/clients/") => client.to_string(),
            p if p.starts_with("/v1/bookings/") => booking.to_string(),
            p if p.starts_with("/v1/booking-series/") => series.to_string(),
            p if p.starts_with("/v1/session-notes/") => draft.to_string(),
            p if p.starts_with("/v1/races/") => race.to_string(),
            p if p.starts_with("/v1/care-plans/") => plan.to_string(),
            p if p.starts_with("/v1/services/") => service.to_string(),
            p if p.starts_with("/v1/rooms/") => room.to_string(),
            p if p.starts_with("/v1/webhook-endpoints/") => endpoint.clone(),
            p => {
                assert!(!p.contains("{id}"), "no fixture id for {p}: add one here");
                String::new()
            }
        };
        let path = op.path.replace("{id}", &id).replace("{token}", &token);
        // The note's author writes it; everything else as the owner.
        let caller: Client = if op.path.starts_with("/v1/session-notes/") {
            app.as_account(&practice.therapist)
        } else {
            owner.clone()
        }
        .with_header("If-Match", "*");
        let before = snapshot(&app).await;
        for (name, body) in corpus(&op.example) {
            cases_sent += 1;
            let answer = caller.raw(&op.method, &path, Some("application/json"), body).await;
            let status = answer.status.as_u16();
            if !(400..500).contains(&status) || answer.content_type() != "application/problem+json" {
                failures.push(format!(
                    "{} ({name}) answered {status} {}: {}",
                    op.id,
                    answer.content_type(),
                    String::from_utf8_lossy(&answer.body[..answer.body.len().min(200)])
                ));
            }
        }
        let after = snapshot(&app).await;
        if before != after {
            failures.push(format!("{} changed the database while refusing", op.id));
        }
    }
    eprintln!("hostile corpus: {} operations, {cases_sent} cases", ops.len());
    assert!(
        failures.is_empty(),
        "{} refusals went wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
