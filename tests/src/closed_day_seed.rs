//! Closed days written straight through the repository.

use crate::TestApp;
use chrono::{NaiveDate, TimeDelta};
use knead_domain::PracticeId;
use knead_domain::closed_days::ClosedDayName;
use std::sync::atomic::{AtomicI64, Ordering};

/// A date no other call of this process returns (from 2040 on, clear of the booking fixtures).
pub fn unique_closed_date() -> NaiveDate {
    static NEXT: AtomicI64 = AtomicI64::new(0);
    let base = NaiveDate::from_ymd_opt(2040, 1, 1).expect("date");
    base + TimeDelta::days(NEXT.fetch_add(1, Ordering::Relaxed))
}

impl TestApp {
    /// Closes the practice on `day`.
    pub async fn add_closed_day(&self, practice: PracticeId, day: NaiveDate, name: &str) -> uuid::Uuid {
        let mut conn = self.pool.get().await.expect("connection");
        let name = ClosedDayName::parse(name).expect("name");
        knead_persistence::closed_days::insert(&mut conn, practice, day, &name, self.clock.now())
            .await
            .expect("insert closed day")
            .id
    }
}
