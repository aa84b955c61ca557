//! Calendar feeds over HTTP, read back with a real iCalendar parser and expanded with the
//! `rrule` crate: a therapist's feed shows exactly their live bookings (one-offs, and a weekly
//! 10:00 series in New York across the return to standard time, with a cancelled and a moved
//! occurrence); a client's feed exactly their upcoming ones. Neither shows a full name or
//! anything clinical; revoked and replaced URLs answer 404; tokens stay in their practice.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeDelta, Timelike, Utc, Weekday};
use chrono_tz::America::New_York;
use knead_api::clock::Clock;
use knead_domain::recurrence::{Exception, ExceptionKind, RecurrenceRule, RuleEnd, Series, SeriesPattern};
use knead_domain::{ClientId, Role, StaffId};
use knead_tests::feed_seed::{SeededSeries, SeriesParties};
use knead_tests::ics::{Instance, instances, read};
use knead_tests::seed::Practice;
use knead_tests::{Client, TestApp, test_settings};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

fn local(m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d)
        .and_then(|date| date.and_hms_opt(h, 0, 0))
        .expect("date")
}

const NOW: &str = "2026-10-01T12:00:00Z";
const WINDOW_START: &str = "2026-09-01T12:00:00Z";
const WINDOW_END: &str = "2026-12-31T00:00:00Z";

/// A practice with a client who has notes and alerts, a series and one-off bookings.
struct World {
    app: TestApp,
    practice: Practice,
    client: ClientId,
    other_therapist: StaffId,
    series: SeededSeries,
}

/// Mondays 10:00 in New York from 5 October, eight times; 19 October cancelled, 9 November
/// moved to Tuesday 10 November 09:00 for 90 minutes. Clocks go back on 1 November.
fn weekly_series() -> Series {
    let rule = RecurrenceRule::weekly(1, &[Weekday::Mon], RuleEnd::Count(8)).expect("rule");
    let pattern = SeriesPattern::new(local(10, 5, 10), New_York, rule).expect("pattern");
    let exceptions = [
        Exception {
            recurrence_id: local(10, 19, 10),
            kind: ExceptionKind::Cancelled,
        },
        Exception {
            recurrence_id: local(11, 9, 10),
            kind: ExceptionKind::Moved {
                local: local(11, 10, 9),
                duration: Some(TimeDelta::minutes(90)),
            },
        },
    ];
    Series::with_exceptions(pattern, TimeDelta::minutes(60), exceptions).expect("series")
}

impl World {
    async fn new(slug: &str) -> Self {
        let settings = knead_api::state::Settings {
            clock: Clock::fixed(at(NOW)),
            ..test_settings()
        };
        let app = TestApp::spawn_with(settings).await;
        let practice = app.seed_practice(slug).await;
        let desk = app.as_account(&practice.front_desk);
        let created = desk
            .post(
                "/v1/clients",
                &json!({"given_name": "Jordan", "family_name": "Doe", "pressure_preference": "light",
                        "notes": "Achilles tendinopathy flares after hill repeats", "areas_to_avoid": ["calf"]}),
            )
            .await;
        assert_eq!(created.status, 201, "{}", String::from_utf8_lossy(&created.body));
        let client = ClientId(created.json()["id"].as_str().expect("id").parse().expect("uuid"));
        // Warfarin and anticoagulants: the client now has handling alerts.
        app.add_intake_form(practice.id, client).await;
        let other_client = app.add_client(practice.id, "Sam", "Lee").await;
        let other_therapist = app
            .add_staff(practice.id, &format!("second@{slug}.test"), Role::Therapist)
            .await;
        let service = app.add_service(practice.id, "Sports massage").await;
        let room = app.add_room(practice.id, "Room 1").await;
        let therapist = practice.therapist.staff_id;
        for (start, who, with) in [
            ("2026-08-03T15:00:00Z", client, therapist),
            ("2026-09-20T15:00:00Z", client, therapist),
            ("2026-10-07T18:00:00Z", client, therapist),
            ("2026-10-08T18:00:00Z", client, therapist),
            ("2026-10-09T18:00:00Z", other_client, therapist),
            ("2026-10-14T18:00:00Z", client, other_therapist),
        ] {
            app.add_booking(practice.id, who, with, service, at(start)).await;
        }
        let cancel = json!({"reason": "Sick"});
        let list = desk
            .get("/v1/bookings?from=2026-10-08T00:00:00Z&to=2026-10-09T00:00:00Z")
            .await;
        let cancelled = list.json()["items"][0]["id"].as_str().expect("booking").to_owned();
        let path = format!("/v1/bookings/{cancelled}/cancel");
        assert_eq!(desk.post(&path, &cancel).await.status, 200);
        let who = SeriesParties {
            practice: practice.id,
            client,
            therapist,
            service,
            room: Some(room),
        };
        let series = app.add_series(who, &weekly_series(), at("2027-01-01T00:00:00Z")).await;
        Self {
            app,
            practice,
            client,
            other_therapist,
            series,
        }
    }

    fn as_role(&self, role: Role) -> Client {
        self.app.as_account(self.practice.account(role))
    }

    /// Issues a feed and returns its URL.
    async fn issue(&self, role: Role, path: &str) -> String {
        let answer = self.as_role(role).raw("PUT", path, None, Vec::new()).await;
        assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
        assert_eq!(answer.header("cache-control"), Some("no-store"));
        let body = answer.json();
        assert!(body["created_at"].is_string());
        let url = body["url"].as_str().expect("url").to_owned();
        assert!(url.starts_with("/v1/calendar/kf1.") && url.ends_with(".ics"), "{url}");
        url
    }

    fn therapist_path(&self) -> String {
        format!("/v1/staff/{}/calendar-feed", self.practice.therapist.staff_id)
    }

    fn client_path(&self) -> String {
        format!("/v1/clients/{}/calendar-feed", self.client)
    }

    /// The feed's text, checked to be served as iCalendar.
    async fn fetch(&self, url: &str) -> String {
        let answer = self.app.client().get(url).await;
        assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
        assert_eq!(answer.content_type(), "text/calendar; charset=utf-8");
        String::from_utf8(answer.body).expect("UTF-8")
    }

    /// The live bookings the calendar API lists for `filter`, as instances with the UID each
    /// should have in a therapist's feed (a series' rows share the series' UID).
    async fn expected(&self, filter: &str, series_uid: bool) -> BTreeSet<Instance> {
        let series_rows: HashMap<String, String> = self
            .series
            .rows
            .iter()
            .map(|(row, _)| (row.to_string(), self.series.id.to_string()))
            .collect();
        let path = format!("/v1/bookings?{filter}&limit=200");
        let page = self.as_role(Role::FrontDesk).get(&path).await.json();
        assert!(page["next_cursor"].is_null());
        let items = page["items"].as_array().expect("items").iter();
        items
            .filter(|b| b["status"] != "cancelled")
            .map(|b| {
                let id = b["id"].as_str().expect("id");
                let owner = series_rows.get(id).filter(|_| series_uid).map_or(id, String::as_str);
                Instance {
                    start: at(b["starts_at"].as_str().expect("start")),
                    end: at(b["ends_at"].as_str().expect("end")),
                    uid: format!("{owner}@knead"),
                }
            })
            .collect()
    }

    /// Text a feed must never carry: the full name, the notes, intake and alert wording.
    async fn forbidden(&self) -> Vec<String> {
        let booking = self
            .as_role(Role::Owner)
            .get(&format!("/v1/bookings?client_id={}", self.client))
            .await;
        let alerts = booking.json()["items"][0]["client"]["alerts"].clone();
        let mut words: Vec<String> = [
            "Jordan",
            "Doe",
            "achilles",
            "hill",
            "warfarin",
            "anticoagul",
            "heel",
            "marathon",
        ]
        .map(str::to_owned)
        .to_vec();
        let alerts = alerts.as_array().expect("alerts");
        assert!(!alerts.is_empty(), "the client has handling alerts");
        words.extend(
            alerts
                .iter()
                .map(|a| a["handling"].as_str().expect("handling").to_owned()),
        );
        words
    }
}

fn within(found: BTreeSet<Instance>, from: DateTime<Utc>, to: DateTime<Utc>) -> BTreeSet<Instance> {
    found.into_iter().filter(|i| i.end > from && i.start < to).collect()
}

async fn assert_clean(world: &World, text: &str) {
    let lower = icalendar::parser::unfold(text).to_lowercase();
    for word in world.forbidden().await {
        assert!(
            !lower.contains(&word.to_lowercase()),
            "the feed shows {word:?}:\n{text}"
        );
    }
}

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
