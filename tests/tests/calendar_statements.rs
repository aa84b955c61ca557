//! The calendar's statement count does not grow with the bookings it shows (no query per
//! booking). The statement counter is process-wide, so this binary holds this test alone.

use chrono::{DateTime, TimeDelta, Utc};
use knead_domain::{ClientId, Role};
use knead_persistence::pool::statements_total;
use knead_tests::TestApp;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

/// The only test in this binary: the statement counter is process-wide.
#[actix_rt::test]
async fn a_week_costs_the_same_statements_for_ten_bookings_or_two_hundred() {
    let app = TestApp::spawn().await;
    let practice = app.seed_practice("calendar").await;
    let service = app.add_service(practice.id, "Sports massage 60").await;
    let mut therapists = vec![practice.therapist.staff_id];
    for i in 0..4 {
        therapists.push(
            app.add_staff(practice.id, &format!("t{i}@calendar.test"), Role::Therapist)
                .await,
        );
    }
    let mut clients = Vec::new();
    for i in 0..40 {
        clients.push(app.add_client(practice.id, "Runner", &format!("No {i}")).await);
    }
    // Week one: 10 bookings; week two: 200 (5 therapists × 40 slots), each client an alert-free
    // name to join.
    let week_one = at("2030-01-07T00:00:00Z");
    let week_two = week_one + TimeDelta::days(7);
    for i in 0..10 {
        let start = week_one + TimeDelta::hours(2 * i);
        app.add_booking(practice.id, clients[i as usize], therapists[0], service, start)
            .await;
    }
    for (t, therapist) in therapists.iter().enumerate() {
        for slot in 0..40 {
            let start = week_two + TimeDelta::hours(4 * slot) + TimeDelta::minutes(t as i64);
            let client: ClientId = clients[(slot as usize + t * 8) % 40];
            app.add_booking(practice.id, client, *therapist, service, start).await;
        }
    }
    let desk = app.as_account(&practice.front_desk);
    let week = |from: DateTime<Utc>| {
        format!(
            "/v1/bookings?from={}&to={}&limit=200",
            from.format("%Y-%m-%dT%H:%M:%SZ"),
            (from + TimeDelta::days(7)).format("%Y-%m-%dT%H:%M:%SZ")
        )
    };
    // Warm the token's revocation cache so both reads start alike.
    desk.get(&week(week_one)).await;
    let mut counts = Vec::new();
    for (from, expected) in [(week_one, 10), (week_two, 200)] {
        let before = statements_total();
        let answer = desk.get(&week(from)).await;
        counts.push(statements_total() - before);
        let items = answer.json()["items"].as_array().expect("items").clone();
        assert_eq!(items.len(), expected);
        assert!(items.iter().all(|b| b["client"]["family_name"].is_string()));
    }
    assert_eq!(counts[0], counts[1], "statements per week: {counts:?}");
    assert!(counts[1] <= 2, "statements per week: {counts:?}");
}
