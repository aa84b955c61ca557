//! The technique-outcome report reads totals kept at signing (`outcome_totals`): its answers
//! match the same report computed from the notes alone, for whole months, months cut by the
//! dates, all time and one region, with the side rule and distinct clients intact; a draft adds
//! nothing; notes signed at once for one client, month and technique all count.

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Integer};
use diesel_async::RunQueryDsl;
use futures_util::future::join_all;
use knead_domain::clinical::BodyRegion;
use knead_persistence::notes::outcomes::{OutcomeFilter, from_notes};
use knead_persistence::notes::{TechniqueOutcome, technique_outcomes};
use knead_tests::{Client, TestApp};
use serde_json::{Value, json};

fn applied(technique: &str, regions: &[(&str, &str)]) -> Value {
    let regions: Vec<Value> = regions.iter().map(|(r, s)| json!({"region": r, "side": s})).collect();
    json!({"technique": technique, "regions": regions, "minutes": 20, "pressure": "firm"})
}

fn scored(region: &str, side: &str, before: u8, after: u8) -> Value {
    json!({"region": region, "side": side, "before": before, "after": after})
}

async fn note(therapist: &Client, client: &str, date: &str, techniques: Value, pain: Value, sign: bool) {
    let body = json!({"client_id": client, "session_date": date, "duration_minutes": 60,
                      "techniques": techniques, "pain": pain});
    let created = therapist.post("/v1/session-notes", &body).await;
    assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
    if sign {
        let location = created.header("location").expect("Location").to_owned();
        let signed = therapist.post(&format!("{location}/sign"), &json!({})).await;
        assert_eq!(signed.status, 200, "{}", String::from_utf8_lossy(&signed.body));
    }
}

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().expect("date")
}

#[derive(QueryableByName)]
struct Total {
    #[diesel(sql_type = Integer)]
    sessions: i32,
    #[diesel(sql_type = Integer)]
    first_region_sessions: i32,
    #[diesel(sql_type = Integer)]
    measurements: i32,
    #[diesel(sql_type = BigInt)]
    sum_before: i64,
}

#[actix_rt::test]
async fn the_report_from_totals_matches_the_notes_for_every_kind_of_range() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("outcometotals").await;
    let one = app.add_client(practice.id, "Alex", "Rivera").await.to_string();
    let two = app.add_client(practice.id, "Sam", "Okafor").await.to_string();
    let three = app.add_client(practice.id, "Kim", "Castro").await.to_string();
    let therapist = app.as_account(&practice.therapist);

    // January: one application on both calves reaches a bilateral score once; trigger point on
    // the IT band.
    note(
        &therapist,
        &one,
        "2026-01-15",
        json!([
            applied("deep_tissue", &[("calf", "left"), ("calf", "right")]),
            applied("trigger_point", &[("it_band", "right")])
        ]),
        json!([scored("calf", "bilateral", 7, 4), scored("it_band", "right", 6, 3)]),
        true,
    )
    .await;
    // February: deep tissue on two regions, each scored (one session, two measurements);
    // a right-sided application never counts a left score; a draft counts nothing.
    note(
        &therapist,
        &one,
        "2026-02-03",
        json!([applied("deep_tissue", &[("calf", "left"), ("knee", "right")])]),
        json!([scored("calf", "left", 5, 2), scored("knee", "right", 4, 2)]),
        true,
    )
    .await;
    note(
        &therapist,
        &two,
        "2026-02-20",
        json!([applied("deep_tissue", &[("calf", "right")])]),
        json!([scored("calf", "left", 6, 5)]),
        true,
    )
    .await;
    note(
        &therapist,
        &three,
        "2026-02-10",
        json!([applied("deep_tissue", &[("calf", "left")])]),
        json!([scored("calf", "left", 9, 9)]),
        false,
    )
    .await;
    // March: a bilateral application reaches both one-sided scores.
    note(
        &therapist,
        &two,
        "2026-03-05",
        json!([applied("deep_tissue", &[("calf", "bilateral")])]),
        json!([scored("calf", "left", 8, 6), scored("calf", "right", 7, 5)]),
        true,
    )
    .await;

    let mut conn = app.pool.get().await.expect("connection");
    let totals: Vec<Total> = diesel::sql_query(
        "SELECT sessions, first_region_sessions, measurements, sum_before FROM outcome_totals
         WHERE practice_id = $1 AND technique = 'deep_tissue' ORDER BY month, region",
    )
    .bind::<diesel::sql_types::Uuid, _>(practice.id.0)
    .load(&mut conn)
    .await
    .expect("totals");
    let rows: Vec<(i32, i32, i32, i64)> = totals
        .iter()
        .map(|t| (t.sessions, t.first_region_sessions, t.measurements, t.sum_before))
        .collect();
    // Jan calf; Feb calf (first region), Feb knee; Mar calf with two measurements.
    assert_eq!(rows, vec![(1, 1, 1, 7), (1, 1, 1, 5), (1, 0, 1, 4), (1, 1, 2, 15)]);

    let deep = |report: &Value| -> Value {
        report
            .as_array()
            .and_then(|r| r.iter().find(|row| row["technique"] == "deep_tissue"))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let all_time = therapist.get("/v1/reports/technique-outcomes").await.json();
    let row = deep(&all_time);
    assert_eq!(
        (
            row["sessions"].clone(),
            row["clients"].clone(),
            row["measurements"].clone()
        ),
        (json!(3), json!(2), json!(5)),
        "{all_time}"
    );
    assert!(
        (row["mean_pain_before"].as_f64().expect("mean") - 6.2).abs() < 1e-9,
        "{row}"
    );
    assert!(
        (row["mean_pain_after"].as_f64().expect("mean") - 3.8).abs() < 1e-9,
        "{row}"
    );

    let february = deep(
        &therapist
            .get("/v1/reports/technique-outcomes?from=2026-02-01&to=2026-03-01")
            .await
            .json(),
    );
    assert_eq!(
        (
            february["sessions"].clone(),
            february["clients"].clone(),
            february["measurements"].clone()
        ),
        (json!(1), json!(1), json!(2))
    );
    let cut = deep(
        &therapist
            .get("/v1/reports/technique-outcomes?from=2026-01-20&to=2026-03-10")
            .await
            .json(),
    );
    assert_eq!(
        (
            cut["sessions"].clone(),
            cut["clients"].clone(),
            cut["measurements"].clone()
        ),
        (json!(2), json!(2), json!(4))
    );
    let calf = deep(&therapist.get("/v1/reports/technique-outcomes?region=calf").await.json());
    assert_eq!(
        (calf["sessions"].clone(), calf["measurements"].clone()),
        (json!(3), json!(4))
    );

    // Every kind of range, against the notes alone.
    let ranges = [
        (None, None),
        (Some("2026-01-01"), Some("2026-04-01")),
        (Some("2026-02-01"), Some("2026-03-01")),
        (Some("2026-01-20"), Some("2026-03-10")),
        (Some("2026-01-20"), None),
        (None, Some("2026-02-15")),
        (Some("2026-02-04"), Some("2026-02-28")),
        (Some("2026-01-15"), Some("2026-02-04")),
        (Some("2026-02-01"), Some("2026-02-01")),
        (Some("2026-02-03"), Some("2026-02-03")),
    ];
    for (from, to) in ranges {
        for region in [
            None,
            Some(BodyRegion::Calf),
            Some(BodyRegion::Knee),
            Some(BodyRegion::ItBand),
        ] {
            let filter = OutcomeFilter {
                region,
                from: from.map(date),
                to: to.map(date),
            };
            let reported = technique_outcomes(&mut conn, practice.id, filter)
                .await
                .expect("report");
            let counted: Vec<TechniqueOutcome> = from_notes(practice.id, filter)
                .load(&mut conn)
                .await
                .expect("from notes");
            assert_eq!(reported, counted, "{filter:?}");
        }
    }
}

#[actix_rt::test]
async fn notes_signed_at_once_for_one_client_and_month_all_count() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("outcomeraces").await;
    let client = app.add_client(practice.id, "Alex", "Rivera").await.to_string();
    let therapist = app.as_account(&practice.therapist);
    let mut locations = Vec::new();
    for day in 1..=8 {
        let body = json!({"client_id": client, "session_date": format!("2026-05-{day:02}"), "duration_minutes": 60,
                          "techniques": [applied("cupping", &[("calf", "left")])],
                          "pain": [scored("calf", "left", 6, 3)]});
        let created = therapist.post("/v1/session-notes", &body).await;
        assert_eq!(created.status, 201);
        locations.push(created.header("location").expect("Location").to_owned());
    }
    let signed = join_all(locations.iter().map(|l| {
        let therapist = therapist.clone();
        async move { therapist.post(&format!("{l}/sign"), &json!({})).await.status }
    }))
    .await;
    assert!(signed.iter().all(|s| *s == 200), "{signed:?}");
    let report = therapist
        .get("/v1/reports/technique-outcomes?from=2026-05-01&to=2026-06-01")
        .await
        .json();
    let cupping = &report[0];
    assert_eq!(
        (
            cupping["technique"].clone(),
            cupping["sessions"].clone(),
            cupping["measurements"].clone(),
            cupping["clients"].clone()
        ),
        (json!("cupping"), json!(8), json!(8), json!(1)),
        "{report}"
    );
}
