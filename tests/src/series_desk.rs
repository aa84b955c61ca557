//! A New York practice on a set clock for the series tests: a front desk that creates series
//! and reads their bookings, and a way to count rows directly.

use crate::seed::Practice;
use crate::{Answer, TestApp};
use chrono::{DateTime, Utc};
use diesel_async::RunQueryDsl;
use knead_api::clock::Clock;
use serde_json::{Value, json};

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("instant").to_utc()
}

#[derive(Debug)]
pub struct Desk {
    pub app: TestApp,
    pub practice: Practice,
    pub client: String,
    pub service: String,
    pub clock: Clock,
}

impl Desk {
    /// A New York practice on 1 October 2026.
    pub async fn new(slug: &str) -> Self {
        let (app, clock) = TestApp::spawn_at("2026-10-01T12:00:00Z").await;
        let practice = app.seed_practice(slug).await;
        let mut conn = app.pool.get().await.expect("connection");
        diesel::sql_query("UPDATE practices SET time_zone = 'America/New_York'")
            .execute(&mut conn)
            .await
            .expect("zone");
        let client = app.add_client(practice.id, "Alex", "Rivera").await.to_string();
        let service = app.add_service(practice.id, "Sports massage 60").await.to_string();
        Self {
            app,
            practice,
            client,
            service,
            clock,
        }
    }

    pub fn therapist(&self) -> String {
        self.practice.therapist.staff_id.to_string()
    }

    pub fn body(&self, client: &str, first_start: &str, rrule: &str) -> Value {
        json!({
            "client_id": client,
            "therapist_id": self.therapist(),
            "service_id": self.service,
            "first_start": first_start,
            "rrule": rrule,
            "outside_hours": true, "override_reason": {"code": "client_request"},
        })
    }

    pub async fn create(&self, body: &Value) -> Answer {
        let desk = self.app.as_account(&self.practice.front_desk);
        desk.post("/v1/booking-series", body).await
    }

    /// The series' bookings by start: (start, status, recurrence id).
    pub async fn occurrences(&self, series: &str) -> Vec<(DateTime<Utc>, String, String)> {
        let desk = self.app.as_account(&self.practice.front_desk);
        let page = desk
            .get(&format!("/v1/bookings?series_id={series}&limit=200"))
            .await
            .json();
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|b| {
                (
                    at(b["starts_at"].as_str().expect("start")),
                    b["status"].as_str().expect("status").to_owned(),
                    b["recurrence_id"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// The booking ids of a series, by start.
    pub async fn booking_ids(&self, series: &str) -> Vec<String> {
        let desk = self.app.as_account(&self.practice.front_desk);
        let page = desk
            .get(&format!("/v1/bookings?series_id={series}&limit=200"))
            .await
            .json();
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|b| b["id"].as_str().expect("id").to_owned())
            .collect()
    }

    /// The single number a `SELECT count(*) AS n ...` answers.
    pub async fn count(&self, sql: &str) -> i64 {
        let mut conn = self.app.pool.get().await.expect("connection");
        let rows: Vec<Count> = diesel::sql_query(sql).load(&mut conn).await.expect("count");
        rows[0].n
    }
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

pub fn starts(occurrences: &[(DateTime<Utc>, String, String)]) -> Vec<DateTime<Utc>> {
    occurrences.iter().map(|o| o.0).collect()
}
