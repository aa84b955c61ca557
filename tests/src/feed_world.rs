//! The world the calendar feed tests share: a practice on a set clock (1 October 2026), a
//! client with notes and handling alerts, one-off bookings around the feed's window, and a
//! weekly series in New York across the return to standard time; with helpers that issue and
//! fetch feeds and list what the calendar API says they should show.

use crate::feed_seed::{SeededSeries, SeriesParties};
use crate::ics::Instance;
use crate::seed::Practice;
use crate::{Client, TestApp, test_settings};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc, Weekday};
use chrono_tz::America::New_York;
use knead_api::clock::Clock;
use knead_domain::recurrence::{Exception, ExceptionKind, RecurrenceRule, RuleEnd, Series, SeriesPattern};
use knead_domain::{ClientId, Role, StaffId};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

pub fn local(m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d)
        .and_then(|date| date.and_hms_opt(h, 0, 0))
        .expect("date")
}

pub const NOW: &str = "2026-10-01T12:00:00Z";
pub const WINDOW_START: &str = "2026-09-01T12:00:00Z";
pub const WINDOW_END: &str = "2026-12-31T00:00:00Z";

/// A practice with a client who has notes and alerts, a series and one-off bookings.
#[derive(Debug)]
pub struct World {
    pub app: TestApp,
    pub practice: Practice,
    pub client: ClientId,
    pub other_therapist: StaffId,
    pub series: SeededSeries,
}

/// Mondays 10:00 in New York from 5 October, eight times; 19 October cancelled, 9 November
/// moved to Tuesday 10 November 09:00 for 90 minutes. Clocks go back on 1 November.
pub fn weekly_series() -> Series {
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
    pub async fn new(slug: &str) -> Self {
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
        let cancel = json!({"reason": "illness"});
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
        let series = app
            .add_series_rows(who, &weekly_series(), at("2027-01-01T00:00:00Z"))
            .await;
        Self {
            app,
            practice,
            client,
            other_therapist,
            series,
        }
    }

    pub fn as_role(&self, role: Role) -> Client {
        self.app.as_account(self.practice.account(role))
    }

    /// Issues a feed and returns its URL.
    pub async fn issue(&self, role: Role, path: &str) -> String {
        let answer = self.as_role(role).raw("PUT", path, None, Vec::new()).await;
        assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
        assert_eq!(answer.header("cache-control"), Some("no-store"));
        let body = answer.json();
        assert!(body["created_at"].is_string());
        let url = body["url"].as_str().expect("url").to_owned();
        assert!(url.starts_with("/v1/calendar/kf1.") && url.ends_with(".ics"), "{url}");
        url
    }

    pub fn therapist_path(&self) -> String {
        format!("/v1/staff/{}/calendar-feed", self.practice.therapist.staff_id)
    }

    pub fn client_path(&self) -> String {
        format!("/v1/clients/{}/calendar-feed", self.client)
    }

    /// The feed's text, checked to be served as iCalendar.
    pub async fn fetch(&self, url: &str) -> String {
        let answer = self.app.client().get(url).await;
        assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
        assert_eq!(answer.content_type(), "text/calendar; charset=utf-8");
        String::from_utf8(answer.body).expect("UTF-8")
    }

    /// The live bookings the calendar API lists for `filter`, as instances with the UID each
    /// should have in a therapist's feed (a series' rows share the series' UID).
    pub async fn expected(&self, filter: &str, series_uid: bool) -> BTreeSet<Instance> {
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
    pub async fn forbidden(&self) -> Vec<String> {
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

pub fn within(found: BTreeSet<Instance>, from: DateTime<Utc>, to: DateTime<Utc>) -> BTreeSet<Instance> {
    found.into_iter().filter(|i| i.end > from && i.start < to).collect()
}

pub async fn assert_clean(world: &World, text: &str) {
    let lower = icalendar::parser::unfold(text).to_lowercase();
    for word in world.forbidden().await {
        assert!(
            !lower.contains(&word.to_lowercase()),
            "the feed shows {word:?}:\n{text}"
        );
    }
}
