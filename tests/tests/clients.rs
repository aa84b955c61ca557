//! Clients: create, read, update with ETags, archive, search and pages; every validation error
//! names its field and writes nothing.

use knead_tests::TestApp;
use serde_json::{Value, json};

fn alex() -> Value {
    json!({
        "given_name": "Álex", "family_name": "Rivera", "date_of_birth": "1991-04-12",
        "email": "Alex.Rivera@Example.com", "phone": "+1 303 555 0100",
        "emergency_contact": {"name": "Sam Rivera", "phone": "+1 303 555 0101"},
        "pressure_preference": "firm", "areas_to_avoid": ["shin"], "notes": "Prefers early mornings",
        "runner_profile": {"weekly_distance": {"value": 55, "unit": "km"}, "surfaces": ["trail", "road"],
            "usual_distances": ["marathon"], "shoes": "Hoka Clifton 9", "goal": "Sub-3:30 at CIM"}
    })
}

#[actix_rt::test]
async fn a_client_is_created_read_updated_and_archived() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("clients").await;
    let desk = app.as_account(&practice.front_desk);
    let created = desk.post("/v1/clients", &alex()).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    let location = created.header("location").expect("Location").to_owned();
    let body = created.json();
    assert_eq!(body["email"], "alex.rivera@example.com");
    assert_eq!(body["runner_profile"]["surfaces"], json!(["road", "trail"]));
    assert_eq!(body["alerts"], json!([]));

    let read = desk.get(&location).await;
    let etag = read.header("etag").expect("ETag").to_owned();
    let updated = app
        .patch_json(
            &practice.front_desk,
            &location,
            &etag,
            &json!({"phone": null, "pressure_preference": "medium"}),
        )
        .await;
    assert_eq!(updated.status, 200);
    assert_eq!(updated.json()["phone"], Value::Null);
    assert_eq!(updated.json()["pressure_preference"], "medium");
    assert_eq!(updated.json()["given_name"], "Álex");

    let archived = desk.post(&format!("{location}/archive"), &json!({})).await;
    assert_eq!(archived.json()["archived"], true);
    let current = desk.get("/v1/clients").await.json();
    assert_eq!(current["items"].as_array().map(Vec::len), Some(0));
    let listed = desk.get("/v1/clients?archived=true").await.json();
    assert_eq!(listed["items"][0]["family_name"], "Rivera");
    assert_eq!(
        desk.post(&format!("{location}/unarchive"), &json!({})).await.json()["archived"],
        false
    );
}

#[actix_rt::test]
async fn two_editors_with_one_etag_the_second_gets_412() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("editors").await;
    let created = app.as_account(&practice.owner).post("/v1/clients", &alex()).await;
    let location = created.header("location").expect("Location").to_owned();
    let etag = created.header("etag").expect("ETag").to_owned();
    let first = app
        .patch_json(&practice.owner, &location, &etag, &json!({"notes": "first"}))
        .await;
    assert_eq!(first.status, 200);
    let second = app
        .patch_json(&practice.therapist, &location, &etag, &json!({"notes": "second"}))
        .await;
    second.problem(412);
    assert_eq!(
        app.as_account(&practice.owner).get(&location).await.json()["notes"],
        "first"
    );
}

#[actix_rt::test]
async fn an_owner_may_be_a_clients_preferred_therapist() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("owner-preferred").await;
    let desk = app.as_account(&practice.front_desk);
    for account in [&practice.owner, &practice.therapist] {
        let mut body = alex();
        body["preferred_therapist_id"] = json!(account.staff_id);
        let created = desk.post("/v1/clients", &body).await;
        assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
        assert_eq!(created.json()["preferred_therapist_id"], json!(account.staff_id));
    }
}

#[actix_rt::test]
async fn bad_client_input_is_named_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("badclients").await;
    let owner = app.as_account(&practice.owner);
    let with = |field: &str, value: Value| {
        let mut body = alex();
        body[field] = value;
        body
    };
    let cases: Vec<(Value, &str)> = vec![
        (with("given_name", json!("  ")), "/given_name"),
        (with("date_of_birth", json!("2999-01-01")), "/date_of_birth"),
        (with("date_of_birth", json!("12/04/1991")), "/date_of_birth"),
        (with("email", json!("not an email")), "/email"),
        (with("phone", json!("call me")), "/phone"),
        (with("pressure_preference", json!("crushing")), "/pressure_preference"),
        (with("areas_to_avoid", json!(["elbow"])), "/areas_to_avoid/0"),
        (
            with("preferred_therapist_id", json!(practice.front_desk.staff_id)),
            "/preferred_therapist_id",
        ),
        (
            with(
                "runner_profile",
                json!({"weekly_distance": {"value": 900, "unit": "km"}}),
            ),
            "/runner_profile/weekly_distance/value",
        ),
        (
            with("runner_profile", json!({"surfaces": ["sand"]})),
            "/runner_profile/surfaces/0",
        ),
        (with("id", json!("01a1fb34-9ece-7230-b0fc-de6aa0870479")), "/id"),
        (with("alerts", json!([])), "/alerts"),
        (with("archived", json!(true)), "/archived"),
        (with("nickname", json!("Al")), "/nickname"),
    ];
    for (body, pointer) in cases {
        let answer = owner.post("/v1/clients", &body).await;
        let pointers = answer.pointers();
        assert!(
            pointers.iter().any(|p| p == pointer),
            "expected {pointer}, got {pointers:?}"
        );
    }
    let mut missing = alex();
    missing.as_object_mut().expect("object").remove("family_name");
    assert_eq!(
        owner.post("/v1/clients", &missing).await.problem(422)["errors"][0]["pointer"],
        "/family_name"
    );
    let listed = owner.get("/v1/clients").await.json();
    assert_eq!(
        listed["items"].as_array().map(Vec::len),
        Some(0),
        "a refused create wrote something"
    );

    // A refused update changes nothing either.
    let created = owner.post("/v1/clients", &alex()).await;
    let location = created.header("location").expect("Location").to_owned();
    let etag = created.header("etag").expect("ETag").to_owned();
    let refused = app
        .patch_json(
            &practice.owner,
            &location,
            &etag,
            &json!({"email": "nope", "given_name": ""}),
        )
        .await;
    assert_eq!(refused.problem(422)["errors"].as_array().map(Vec::len), Some(2));
    let after = owner.get(&location).await;
    assert_eq!(after.header("etag"), Some(etag.as_str()));
    assert_eq!(after.json()["email"], "alex.rivera@example.com");
}

#[actix_rt::test]
async fn search_ignores_case_and_accents_and_pages_follow_the_order() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("search").await;
    let owner = app.as_account(&practice.owner);
    for (given, family, email) in [
        ("Zoë", "Ångström", "zoe@trail.example"),
        ("Marco", "Núñez", "marco@road.example"),
        ("Ana", "Nunes", "ana@track.example"),
        ("Léa", "Dubois", "lea@trail.example"),
        ("Bob", "Adams", "bob@road.example"),
    ] {
        let body = json!({"given_name": given, "family_name": family, "email": email});
        assert_eq!(owner.post("/v1/clients", &body).await.status, 201);
    }
    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|c| c["family_name"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    assert_eq!(names(&owner.get("/v1/clients?q=NUNEZ").await.json()), ["Núñez"]);
    assert_eq!(names(&owner.get("/v1/clients?q=angstr").await.json()), ["Ångström"]);
    assert_eq!(
        names(&owner.get("/v1/clients?q=trail.example").await.json()),
        ["Dubois", "Ångström"]
    );
    assert_eq!(
        names(&owner.get("/v1/clients?q=%25").await.json()),
        Vec::<String>::new()
    );

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/clients?limit=2&cursor={c}"),
            None => "/v1/clients?limit=2".into(),
        };
        let page = owner.get(&path).await.json();
        seen.extend(names(&page));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    // Pages of two walk the same order as one page of all (the collation decides where accents sort).
    let all = names(&owner.get("/v1/clients?limit=200").await.json());
    assert_eq!(seen, all);
    assert_eq!(seen.len(), 5);
    assert_eq!(seen[..2], ["Adams", "Dubois"]);

    let by_visit = owner.get("/v1/clients?sort=last_visit&limit=2").await.json();
    assert_eq!(by_visit["items"].as_array().map(Vec::len), Some(2));
    let visit_cursor = by_visit["next_cursor"].as_str().expect("a next page");
    let rest = owner
        .get(&format!("/v1/clients?sort=last_visit&cursor={visit_cursor}"))
        .await
        .json();
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(3));
    let mixed = owner.get(&format!("/v1/clients?sort=name&cursor={visit_cursor}")).await;
    assert_eq!(mixed.problem(422)["errors"][0]["parameter"], "cursor");
}

#[actix_rt::test]
async fn a_phone_number_is_found_by_its_digits_however_it_is_written() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("phones").await;
    let owner = app.as_account(&practice.owner);
    for (given, family, phone) in [
        ("Alex", "Rivera", "+1 303 555 0142"),
        ("Sam", "Lee", "(720) 555-0199"),
        ("Kim", "Park", "+44 20 7946 0958"),
    ] {
        let body = json!({"given_name": given, "family_name": family, "phone": phone});
        assert_eq!(owner.post("/v1/clients", &body).await.status, 201);
    }
    let found = |q: &str| {
        let owner = &owner;
        let path = format!(
            "/v1/clients?q={}",
            q.replace(' ', "%20")
                .replace('+', "%2B")
                .replace('(', "%28")
                .replace(')', "%29")
        );
        async move {
            let page = owner.get(&path).await.json();
            page["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|c| c["family_name"].as_str().unwrap_or("").to_owned())
                .collect::<Vec<_>>()
        }
    };
    for q in [
        "3035550142",
        "303-555-0142",
        "(303) 555 0142",
        "+13035550142",
        "555 0142",
        "303.555.0142",
    ] {
        assert_eq!(found(q).await, ["Rivera"], "{q}");
    }
    assert_eq!(found("7205550199").await, ["Lee"]);
    assert_eq!(
        found("020 7946 0958").await,
        Vec::<String>::new(),
        "a leading 0 the number lacks"
    );
    assert_eq!(found("2079460958").await, ["Park"]);
    // As written still works, and a name with digits is not read as a phone number.
    assert_eq!(found("+1 303").await, ["Rivera"]);
    assert_eq!(found("555").await, ["Lee", "Rivera"]);
}
