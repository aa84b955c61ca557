//! A query or path parameter that does not parse is named in the problem (`parameter`), for
//! every kind of parameter the spec declares: uuid, date-time, date, integer, boolean, enum.

use knead_tests::TestApp;
use serde_json::Value;

#[actix_rt::test]
async fn bad_parameters_are_named() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("parameters").await;
    let owner = app.as_account(&practice.owner);
    let client = app.add_client(practice.id, "Casey", "Runner").await.0;
    let service = uuid::Uuid::now_v7();
    let (from, to) = ("2026-12-07T08:00:00Z", "2026-12-07T18:00:00Z");
    let availability = format!("/v1/availability?service_id={service}&from={from}&to={to}");
    let cases: Vec<(String, &str)> = vec![
        (
            format!("/v1/availability?service_id={service}&from=garbage&to={to}"),
            "from",
        ),
        (
            format!("/v1/availability?service_id={service}&from={from}&to=garbage"),
            "to",
        ),
        (format!("{availability}&step_minutes=abc"), "step_minutes"),
        (format!("{availability}&therapist_id=not-a-uuid"), "therapist_id"),
        (
            format!("/v1/availability?service_id=nope&from={from}&to={to}"),
            "service_id",
        ),
        (format!("/v1/availability?from={from}&to={to}"), "service_id"),
        ("/v1/bookings?from=garbage".into(), "from"),
        ("/v1/bookings?to=garbage".into(), "to"),
        ("/v1/bookings?therapist_id=not-a-uuid".into(), "therapist_id"),
        (format!("/v1/bookings?from={from}&client_id=7"), "client_id"),
        ("/v1/bookings?room_id=x".into(), "room_id"),
        ("/v1/bookings?series_id=x".into(), "series_id"),
        ("/v1/bookings?status=asleep".into(), "status"),
        ("/v1/bookings?limit=ten".into(), "limit"),
        ("/v1/booking-series?client_id=x".into(), "client_id"),
        ("/v1/clients?archived=maybe".into(), "archived"),
        ("/v1/clients?sort=age".into(), "sort"),
        ("/v1/services?include_inactive=yes".into(), "include_inactive"),
        ("/v1/session-notes?from=2026-13-45".into(), "from"),
        ("/v1/session-notes?technique=hugging".into(), "technique"),
        ("/v1/session-notes?therapist_id=1".into(), "therapist_id"),
        ("/v1/reports/technique-outcomes?region=elbow".into(), "region"),
        ("/v1/reports/technique-outcomes?to=yesterday".into(), "to"),
        (format!("/v1/clients/{client}/pain-trend?region=elbow"), "region"),
        ("/v1/audit-events?actor_id=me".into(), "actor_id"),
        ("/v1/audit-events?from=now".into(), "from"),
        ("/v1/staff?limit=ten".into(), "limit"),
        ("/v1/bookings/not-a-uuid".into(), "id"),
        ("/v1/clients/not-a-uuid/pain-trend".into(), "id"),
        ("/v1/staff/not-a-uuid/working-hours".into(), "id"),
    ];
    let mut wrong = Vec::new();
    for (path, parameter) in &cases {
        let answer = owner.get(path).await;
        let named = if answer.status == 400 {
            answer.problem(400)["errors"][0]["parameter"].clone()
        } else {
            serde_json::json!(format!("status {}", answer.status))
        };
        if named != *parameter {
            wrong.push(format!("{path}: expected {parameter}, got {named}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} named wrongly:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

/// A value that does not parse as `schema`, and one that does (`None` for free text).
fn values_for(schema: &Value) -> Option<(&'static str, String)> {
    if schema.get("enum").is_some() {
        let first = schema["enum"][0].as_str()?.to_owned();
        return Some(("no_such_value", first));
    }
    match (schema["type"].as_str(), schema["format"].as_str()) {
        (Some("integer"), _) => Some(("abc", "30".into())),
        (Some("boolean"), _) => Some(("maybe", "true".into())),
        (Some("string"), Some("uuid")) => Some(("not-a-uuid", uuid::Uuid::now_v7().to_string())),
        (Some("string"), Some("date-time")) => Some(("garbage", "2026-12-07T08:00:00Z".into())),
        (Some("string"), Some("date")) => Some(("2026-13-45", "2026-12-07".into())),
        _ => None,
    }
}

/// Walks the spec: every query parameter of every operation that can fail to parse is
/// given a bad value (the operation's other required parameters good ones) and must be named.
#[actix_rt::test]
async fn every_query_parameter_of_the_spec_is_named() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("spec-parameters").await;
    let owner = app.as_account(&practice.owner);
    let raw = std::fs::read(knead_tests::workspace_root().join("openapi/openapi.json")).expect("spec");
    let spec: Value = serde_json::from_slice(&raw).expect("spec JSON");
    let resolve = |schema: &Value| match schema["$ref"].as_str() {
        Some(r) => spec["components"]["schemas"][r.rsplit('/').next().expect("name")].clone(),
        None => schema.clone(),
    };
    let (mut checked, mut wrong) = (0, Vec::new());
    for (path, item) in spec["paths"].as_object().expect("paths") {
        let Some(params) = item["get"]["parameters"].as_array() else {
            continue;
        };
        let concrete = params.iter().filter(|p| p["in"] == "path").fold(path.clone(), |at, p| {
            let name = p["name"].as_str().expect("name");
            at.replace(&format!("{{{name}}}"), &uuid::Uuid::now_v7().to_string())
        });
        let query: Vec<(&str, Value)> = params
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| (p["name"].as_str().expect("name"), p.clone()))
            .collect();
        for (name, param) in &query {
            let Some((bad, _)) = values_for(&resolve(&param["schema"])) else {
                continue;
            };
            let mut pairs = vec![format!("{name}={bad}")];
            for (other, other_param) in &query {
                if other != name && other_param["required"] == true {
                    let (_, good) = values_for(&resolve(&other_param["schema"])).expect("a checkable shape");
                    pairs.push(format!("{other}={good}"));
                }
            }
            let url = format!("{concrete}?{}", pairs.join("&"));
            let answer = owner.get(&url).await;
            checked += 1;
            let named = (answer.status == 400).then(|| answer.problem(400)["errors"][0]["parameter"].clone());
            if named != Some(Value::from(*name)) {
                wrong.push(format!("{url}: {} {named:?}", answer.status));
            }
        }
    }
    assert!(checked >= 30, "only {checked} parameters walked");
    assert!(wrong.is_empty(), "named wrongly:\n{}", wrong.join("\n"));
}
