//! A booking's states follow the app's clock: check-in opens an hour before the start,
//! `completed` and `no_show` wait for the start (so a visit is never recorded in the future),
//! and a mistaken check-in or no-show is undone on the session's day in the practice's zone
//! (America/Denver here), and not after.

use chrono::{DateTime, Utc};
use knead_api::clock::Clock;
use knead_tests::seed::Practice;
use knead_tests::{Answer, TestApp};
use serde_json::json;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

struct Day {
    app: TestApp,
    practice: Practice,
    client: String,
    clock: Clock,
}

impl Day {
    /// A Denver practice on 24 November 2026 at 09:00 local (16:00 UTC).
    async fn new(slug: &str) -> Self {
        let (app, clock) = TestApp::spawn_at("2026-11-24T16:00:00Z").await;
        let practice = app.seed_practice(slug).await;
        let client = app.add_client(practice.id, "Alex", "Rivera").await.to_string();
        Self {
            app,
            practice,
            client,
            clock,
        }
    }

    /// A booking at `start`, by the front desk; its path.
    async fn book(&self, start: &str) -> String {
        let service = self
            .app
            .add_service(self.practice.id, &format!("Massage {start}"))
            .await;
        let booked = self
            .app
            .as_account(&self.practice.front_desk)
            .post(
                "/v1/bookings",
                &json!({
                    "client_id": self.client,
                    "therapist_id": self.practice.therapist.staff_id.to_string(),
                    "service_id": service.to_string(),
                    "starts_at": start,
                    "outside_hours": true, "override_reason": {"code": "client_request"},
                }),
            )
            .await;
        assert_eq!(booked.status, 201, "{}", String::from_utf8_lossy(&booked.body));
        format!("/v1/bookings/{}", booked.json()["id"].as_str().expect("id"))
    }

    async fn status(&self, path: &str, status: &str) -> Answer {
        self.app
            .patch_json(&self.practice.front_desk, path, "*", &json!({"status": status}))
            .await
    }

    async fn last_visit(&self) -> serde_json::Value {
        let client = self
            .app
            .as_account(&self.practice.front_desk)
            .get(&format!("/v1/clients/{}", self.client))
            .await;
        client.json()["last_visit_at"].clone()
    }
}

/// A refusal names `/status` and says why.
fn refused(answer: Answer, why: &str) {
    let problem = answer.problem(422);
    assert_eq!(problem["errors"][0]["pointer"], "/status", "{problem}");
    assert!(problem.to_string().contains(why), "{problem} lacks {why:?}");
}

#[actix_rt::test]
async fn a_booking_a_week_ahead_cannot_be_checked_in_or_completed_today() {
    let day = Day::new("times-ahead").await;
    let path = day.book("2026-12-01T17:00:00Z").await;
    refused(day.status(&path, "checked_in").await, "60 minutes before");
    refused(day.status(&path, "no_show").await, "once it has started");
    assert_eq!(day.last_visit().await, serde_json::Value::Null);

    // 61 minutes before the start: still too early; 60 minutes before: checked in.
    day.clock.set(at("2026-12-01T15:59:00Z"));
    refused(day.status(&path, "checked_in").await, "60 minutes before");
    day.clock.set(at("2026-12-01T16:00:00Z"));
    assert_eq!(day.status(&path, "checked_in").await.status, 200);
    refused(day.status(&path, "completed").await, "once it has started");
    day.clock.set(at("2026-12-01T18:00:00Z"));
    assert_eq!(day.status(&path, "completed").await.status, 200);
    assert_eq!(day.last_visit().await, "2026-12-01T17:00:00Z");
}

#[actix_rt::test]
async fn a_mistaken_check_in_or_no_show_is_undone_on_the_day_only() {
    let day = Day::new("times-undo").await;
    // 10:00 in Denver on 1 December.
    let checked = day.book("2026-12-01T17:00:00Z").await;
    let missed = day.book("2026-12-01T19:00:00Z").await;
    day.clock.set(at("2026-12-01T16:30:00Z"));
    assert_eq!(day.status(&checked, "checked_in").await.status, 200);
    let undone = day.status(&checked, "confirmed").await;
    assert_eq!(undone.status, 200, "{}", String::from_utf8_lossy(&undone.body));
    assert_eq!(undone.json()["status"], "confirmed");

    day.clock.set(at("2026-12-01T19:20:00Z"));
    assert_eq!(day.status(&missed, "no_show").await.status, 200);
    // 23:30 in Denver (06:30 UTC on the 2nd) is still the session's day.
    day.clock.set(at("2026-12-02T06:30:00Z"));
    let reopened = day.status(&missed, "scheduled").await;
    assert_eq!(reopened.status, 200, "{}", String::from_utf8_lossy(&reopened.body));
    assert_eq!(day.status(&missed, "no_show").await.status, 200);
    // 00:30 in Denver on the 2nd: the day has passed.
    day.clock.set(at("2026-12-02T07:30:00Z"));
    refused(day.status(&missed, "scheduled").await, "only on the day");
    assert_eq!(day.status(&checked, "checked_in").await.status, 200);
    refused(day.status(&checked, "confirmed").await, "only on the day");
}
