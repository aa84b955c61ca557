//! What the spec promises about request bodies, and the server keeping to it: each create has
//! a schema of its own listing every field it requires (an update's schema requires none), a
//! phone field carries the pattern the domain accepts, and an integer field takes a number
//! with no fractional part (`30.0`, an integer to JSON Schema) but refuses `30.5`.

use knead_tests::{TestApp, workspace_root};
use serde_json::{Value, json};

fn spec() -> Value {
    let text = std::fs::read_to_string(workspace_root().join("openapi/openapi.json")).expect("openapi.json");
    serde_json::from_str(&text).expect("a JSON spec")
}

/// The schema of an operation's JSON request body, its `$ref` followed.
fn body_schema<'a>(spec: &'a Value, method: &str, path: &str) -> &'a Value {
    let reference = spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .unwrap_or_else(|| panic!("{method} {path} has a request body by $ref"));
    let name = reference.trim_start_matches("#/components/schemas/");
    &spec["components"]["schemas"][name]
}

fn required(schema: &Value) -> Vec<&str> {
    let mut fields: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    fields.sort_unstable();
    fields
}

#[test]
fn each_create_lists_what_it_requires_and_updates_require_nothing() {
    let spec = spec();
    let cases = [
        ("post", "/v1/rooms", vec!["name"]),
        ("patch", "/v1/rooms/{id}", vec![]),
        ("post", "/v1/services", vec!["duration_minutes", "name", "price_cents"]),
        ("patch", "/v1/services/{id}", vec![]),
        ("post", "/v1/clients", vec!["family_name", "given_name"]),
        ("patch", "/v1/clients/{id}", vec![]),
        (
            "post",
            "/v1/booking-series",
            vec!["client_id", "first_start", "rrule", "service_id", "therapist_id"],
        ),
        ("patch", "/v1/booking-series/{id}", vec![]),
    ];
    for (method, path, expected) in cases {
        assert_eq!(required(body_schema(&spec, method, path)), expected, "{method} {path}");
    }
    let create = body_schema(&spec, "post", "/v1/rooms") as *const Value;
    assert_ne!(create, body_schema(&spec, "patch", "/v1/rooms/{id}") as *const Value);
}

#[test]
fn phone_fields_carry_the_pattern_the_domain_accepts() {
    let spec = spec();
    let schemas = &spec["components"]["schemas"];
    for (schema, field) in [
        ("NewClient", "phone"),
        ("ClientPatch", "phone"),
        ("EmergencyContact", "phone"),
    ] {
        let property = &schemas[schema]["properties"][field];
        assert_eq!(
            property["pattern"].as_str(),
            Some(knead_domain::client::PHONE_PATTERN),
            "{schema}.{field}: {property}"
        );
        assert_eq!(
            property["maxLength"],
            json!(knead_domain::client::PHONE_MAX_LENGTH),
            "{schema}.{field}"
        );
    }
}

#[actix_rt::test]
async fn rooms_and_services_without_a_name_are_refused_naming_it() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("spec-inputs").await;
    let owner = app.as_account(&practice.owner);
    let room = owner.post("/v1/rooms", &json!({"active": true})).await;
    assert_eq!(room.status, 422, "{}", String::from_utf8_lossy(&room.body));
    assert_eq!(room.pointers(), ["/name"]);
    let service = owner
        .post("/v1/services", &json!({"duration_minutes": 60, "price_cents": 9500}))
        .await;
    assert_eq!(service.status, 422, "{}", String::from_utf8_lossy(&service.body));
    assert_eq!(service.pointers(), ["/name"]);
}

#[actix_rt::test]
async fn an_integer_field_takes_a_whole_number_written_with_a_fraction() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("spec-numbers").await;
    let owner = app.as_account(&practice.owner);
    let body = |minutes: Value| json!({"name": format!("Massage {minutes}"), "duration_minutes": minutes, "price_cents": 9500.0});
    let whole = owner.post("/v1/services", &body(json!(30.0))).await;
    assert_eq!(whole.status, 201, "{}", String::from_utf8_lossy(&whole.body));
    assert_eq!(whole.json()["duration_minutes"], 30);
    let fraction = owner.post("/v1/services", &body(json!(30.5))).await;
    assert_eq!(fraction.status, 422, "{}", String::from_utf8_lossy(&fraction.body));
    assert_eq!(fraction.pointers(), ["/duration_minutes"]);

    // A series' length too.
    let client = app.add_client(practice.id, "Alex", "Rivera").await;
    let service = whole.json()["id"].as_str().expect("id").to_owned();
    let series = |minutes: Value| {
        json!({"client_id": client.0, "therapist_id": practice.therapist.staff_id.0, "service_id": service,
            "first_start": "2030-01-01T10:00:00", "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=2",
            "duration_minutes": minutes, "outside_hours": true, "override_reason": {"code": "client_request"}})
    };
    let desk = app.as_account(&practice.front_desk);
    let refused = desk.post("/v1/booking-series", &series(json!(45.5))).await;
    assert_eq!(refused.status, 422, "{}", String::from_utf8_lossy(&refused.body));
    assert_eq!(refused.pointers(), ["/duration_minutes"]);
    let created = desk.post("/v1/booking-series", &series(json!(45.0))).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    assert_eq!(created.json()["series"]["duration_minutes"], 45);
}

#[actix_rt::test]
async fn a_notes_whole_numbers_may_be_written_with_a_fraction() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("spec-note-numbers").await;
    let client = app.add_client(practice.id, "Alex", "Rivera").await;
    let therapist = app.as_account(&practice.therapist);
    let note = |duration: Value, minutes: Value, days: Value| {
        let mut body = knead_tests::seed::note_body(&client.0.to_string());
        body["duration_minutes"] = duration;
        body["techniques"][0]["minutes"] = minutes;
        body["next_visit_in_days"] = days;
        body
    };
    let written = therapist
        .post("/v1/session-notes", &note(json!(60.0), json!(25.0), json!(14.0)))
        .await;
    assert_eq!(written.status, 201, "{}", String::from_utf8_lossy(&written.body));
    let view = written.json();
    assert_eq!(
        (
            &view["duration_minutes"],
            &view["techniques"][0]["minutes"],
            &view["next_visit_in_days"]
        ),
        (&json!(60), &json!(25), &json!(14))
    );
    for (body, pointer) in [
        (note(json!(60.5), json!(25), json!(14)), "/duration_minutes"),
        (note(json!(60), json!(25.5), json!(14)), "/techniques/0/minutes"),
        (note(json!(60), json!(25), json!(14.5)), "/next_visit_in_days"),
        (note(json!(70000), json!(25), json!(14)), "/duration_minutes"),
    ] {
        let refused = therapist.post("/v1/session-notes", &body).await;
        assert_eq!(
            refused.pointers(),
            [pointer],
            "{}",
            String::from_utf8_lossy(&refused.body)
        );
    }
}
