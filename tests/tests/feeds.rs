//! Calendar feeds over HTTP, read back with a real iCalendar parser and expanded with the
//! `rrule` crate: a therapist's feed shows exactly their live bookings (one-offs, and a weekly
//! 10:00 series in New York across the return to standard time, with a cancelled and a moved
//! occurrence); a client's feed exactly their upcoming ones. Neither shows a full name or
//! anything clinical; revoked and replaced URLs answer 404; tokens stay in their practice.

use chrono::{Datelike, Timelike, Weekday};
use chrono_tz::America::New_York;
use knead_domain::Role;
use knead_tests::feed_world::{NOW, WINDOW_END, WINDOW_START, World, assert_clean, at, within};
use knead_tests::ics::{Instance, instances, read};
use serde_json::Value;
use std::collections::BTreeSet;

#[actix_rt::test]
async fn a_therapists_feed_expands_to_exactly_their_bookings() {
    let world = World::new("feeds").await;
    let url = world.issue(Role::Therapist, &world.therapist_path()).await;
    let text = world.fetch(&url).await;
    let calendar = read(&text);
    assert_eq!(calendar.value("VERSION"), Some("2.0"));
    assert_eq!(calendar.value("PRODID"), Some("-//Knead//Calendar feed//EN"));
    let name = calendar.value("X-WR-CALNAME").expect("name");
    assert!(name.contains("Practice feeds"), "{name}");

    let (from, to) = (at(WINDOW_START), at(WINDOW_END));
    let found = within(instances(&calendar, to), from, to);
    let therapist = world.practice.therapist.staff_id;
    let expected = world
        .expected(
            &format!("therapist_id={therapist}&from={WINDOW_START}&to={WINDOW_END}"),
            true,
        )
        .await;
    assert_eq!(found, expected);
    // Six one-offs but one older, one cancelled and one with another therapist; eight
    // occurrences but one cancelled.
    assert_eq!(found.len(), 3 + 7);

    // One recurring event for the series, with its moved occurrence as an override.
    let series_uid = format!("{}@knead", world.series.id);
    let events = calendar.children("VEVENT");
    let of_series: Vec<_> = events
        .iter()
        .filter(|e| e.value("UID") == Some(series_uid.as_str()))
        .collect();
    assert_eq!(of_series.len(), 2);
    let master = of_series.iter().find(|e| e.one("RRULE").is_some()).expect("master");
    let start = master.one("DTSTART").expect("DTSTART");
    assert_eq!(
        (start.param("TZID"), start.value.as_str()),
        (Some("America/New_York"), "20261005T100000")
    );
    assert_eq!(master.value("RRULE"), Some("FREQ=WEEKLY;BYDAY=MO;COUNT=8"));
    assert_eq!(master.all("EXDATE").len(), 1);
    assert_eq!(master.value("SUMMARY"), Some("J.D. · Sports massage"));
    assert_eq!(master.value("LOCATION"), Some("Room 1"));
    // Wall-clock 10:00 holds on both sides of 1 November: 14:00 UTC, then 15:00 UTC.
    let hours: BTreeSet<(bool, u32)> = found
        .iter()
        .filter(|i| i.uid == series_uid && i.start.with_timezone(&New_York).weekday() == Weekday::Mon)
        .map(|i| (i.start < at("2026-11-01T06:00:00Z"), i.start.hour()))
        .collect();
    assert_eq!(hours, BTreeSet::from([(true, 14), (false, 15)]));
    let moved = Instance {
        start: at("2026-11-10T14:00:00Z"),
        end: at("2026-11-10T15:30:00Z"),
        uid: series_uid.clone(),
    };
    assert!(found.contains(&moved));

    // The zone the events name is defined, with both offsets of the season.
    let zones = calendar.children("VTIMEZONE");
    assert_eq!(zones.len(), 1);
    assert_eq!(zones[0].value("TZID"), Some("America/New_York"));
    let offsets: BTreeSet<&str> = zones[0].children.iter().filter_map(|o| o.value("TZOFFSETTO")).collect();
    assert!(offsets.contains("-0400") && offsets.contains("-0500"), "{offsets:?}");

    // Stable: the same text on the next request.
    assert_eq!(world.fetch(&url).await, text);
    assert_clean(&world, &text).await;
}

#[actix_rt::test]
async fn a_clients_feed_lists_their_upcoming_bookings_only() {
    let world = World::new("client-feed").await;
    let url = world.issue(Role::FrontDesk, &world.client_path()).await;
    let text = world.fetch(&url).await;
    let calendar = read(&text);
    let found = instances(&calendar, at(WINDOW_END));
    let expected = world
        .expected(&format!("client_id={}&from={NOW}", world.client), false)
        .await;
    assert_eq!(found, expected);
    // Two one-offs (one with the other therapist) and seven series occurrences ahead.
    assert_eq!(found.len(), 2 + 7);
    let events = calendar.children("VEVENT");
    assert!(events.iter().all(|e| e.one("RRULE").is_none()));
    let summaries: BTreeSet<&str> = events.iter().filter_map(|e| e.value("SUMMARY")).collect();
    let therapist_name = format!("therapist {}", world.practice.therapist.email);
    let other_name = "therapist second@client-feed.test";
    assert_eq!(
        summaries,
        BTreeSet::from([
            format!("Sports massage with {therapist_name}").as_str(),
            format!("Sports massage with {other_name}").as_str(),
        ])
    );
    assert_clean(&world, &text).await;
}

#[actix_rt::test]
async fn revoked_and_replaced_urls_answer_404() {
    let world = World::new("rotate").await;
    let first = world.issue(Role::Owner, &world.therapist_path()).await;
    let second = world.issue(Role::Therapist, &world.therapist_path()).await;
    assert_ne!(first, second);
    world.app.client().get(&first).await.problem(404);
    world.fetch(&second).await;
    let revoke = world
        .as_role(Role::Therapist)
        .raw("DELETE", &world.therapist_path(), None, Vec::new())
        .await;
    assert_eq!(revoke.status, 204);
    world.app.client().get(&second).await.problem(404);

    let client_url = world.issue(Role::Therapist, &world.client_path()).await;
    world.fetch(&client_url).await;
    let revoke = world
        .as_role(Role::FrontDesk)
        .raw("DELETE", &world.client_path(), None, Vec::new())
        .await;
    assert_eq!(revoke.status, 204);
    world.app.client().get(&client_url).await.problem(404);

    // Malformed, unknown and tampered tokens: 404 (or 400 for a path that is not UTF-8), never 500.
    let third = world.issue(Role::Owner, &world.therapist_path()).await;
    let tampered = third.replace(".ics", "x.ics");
    for path in [
        "/v1/calendar/nonsense.ics",
        "/v1/calendar/kf1.a.b.c.ics",
        "/v1/calendar/.ics",
        "/v1/calendar/kr1.00000000000000000000000000000000.00000000000000000000000000000000.x.ics",
        tampered.as_str(),
    ] {
        world.app.client().get(path).await.problem(404);
    }
    let odd = world.app.client().get("/v1/calendar/%FF%FE.ics").await;
    assert!(matches!(odd.status.as_u16(), 400 | 404), "{}", odd.status);
    world.fetch(&third).await;
}

#[actix_rt::test]
async fn who_may_issue_which_feed() {
    let world = World::new("who").await;
    let other = format!("/v1/staff/{}/calendar-feed", world.other_therapist);
    for method in ["PUT", "DELETE"] {
        let mine = world
            .as_role(Role::Therapist)
            .raw(method, &other, None, Vec::new())
            .await;
        mine.problem(403);
        let desk = world
            .as_role(Role::FrontDesk)
            .raw(method, &world.therapist_path(), None, Vec::new())
            .await;
        desk.problem(403);
    }
    world.issue(Role::Owner, &other).await;
    let desk_path = format!("/v1/staff/{}/calendar-feed", world.practice.front_desk.staff_id);
    let refused = world
        .as_role(Role::Owner)
        .raw("PUT", &desk_path, None, Vec::new())
        .await;
    refused.problem(422);
    let anonymous = world
        .app
        .client()
        .raw("PUT", &world.client_path(), None, Vec::new())
        .await;
    anonymous.problem(401);
}

#[actix_rt::test]
async fn a_token_never_leaves_its_practice() {
    let world = World::new("alpha-feed").await;
    let bravo = world.app.seed_practice("bravo-feed").await;
    let b_client = world.app.add_client(bravo.id, "Beatrix", "Bravo").await;
    let b_service = world.app.add_service(bravo.id, "Bravo recovery flush").await;
    let b_booking = world
        .app
        .add_booking(
            bravo.id,
            b_client,
            bravo.therapist.staff_id,
            b_service,
            at("2026-10-07T18:00:00Z"),
        )
        .await;
    let b_path = format!("/v1/staff/{}/calendar-feed", bravo.therapist.staff_id);
    let b_answer = world
        .app
        .as_account(&bravo.therapist)
        .raw("PUT", &b_path, None, Vec::new())
        .await;
    let b_url = b_answer.json()["url"].as_str().expect("url").to_owned();
    let b_text = icalendar::parser::unfold(&world.fetch(&b_url).await);
    assert!(b_text.contains(&format!("{b_booking}@knead")) && b_text.contains("B.B. · Bravo recovery flush"));

    let a_urls = [
        world.issue(Role::Therapist, &world.therapist_path()).await,
        world.issue(Role::Therapist, &world.client_path()).await,
    ];
    for url in &a_urls {
        let text = icalendar::parser::unfold(&world.fetch(url).await);
        for leak in [b_booking.to_string(), "Bravo".into(), "B.B.".into()] {
            assert!(!text.contains(&leak), "A's feed shows B's {leak}");
        }
    }
    assert!(!b_text.contains(&world.series.id.to_string()));
    // B's feed id and secret under A's practice: not found, as the lookup stays in A.
    let b_token = b_url.trim_start_matches("/v1/calendar/").trim_end_matches(".ics");
    let mut parts: Vec<String> = b_token.split('.').map(str::to_owned).collect();
    parts[1] = world.practice.id.0.simple().to_string();
    world
        .app
        .client()
        .get(&format!("/v1/calendar/{}.ics", parts.join(".")))
        .await
        .problem(404);
    // Another practice's staff id answers 404 to A's owner.
    let cross: Value = world
        .as_role(Role::Owner)
        .raw("PUT", &b_path, None, Vec::new())
        .await
        .problem(404);
    assert_eq!(cross["status"], 404);
}
