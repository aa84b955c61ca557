//! Care plan fixtures written straight through the repositories, and bookings marked
//! completed (a session held) for the rebooking list.

use crate::TestApp;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use diesel::sql_types::{Text, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use knead_domain::care::{Cadence, Phase, PhaseKind};
use knead_domain::schedule::{WeeklyHours, WorkInterval};
use knead_domain::{ClientId, PracticeId, StaffId};
use knead_persistence::care_plans::{self, PlanDetails};
use knead_persistence::schedule;
use std::sync::atomic::{AtomicI64, Ordering};

/// A start no other care fixture shares: one a day at 18:00Z (11:00 or 12:00 in Denver), from
/// Monday 6 January 2031 on.
pub fn unique_care_start() -> DateTime<Utc> {
    static NEXT: AtomicI64 = AtomicI64::new(0);
    let base = DateTime::parse_from_rfc3339("2031-01-06T18:00:00Z")
        .expect("date")
        .to_utc();
    base + TimeDelta::days(NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Every day 06:00–20:00: any fixture time in the daytime is inside working hours.
pub fn every_day() -> WeeklyHours {
    use Weekday::*;
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).expect("time");
    WeeklyHours::new(
        [Mon, Tue, Wed, Thu, Fri, Sat, Sun]
            .into_iter()
            .map(|weekday| WorkInterval {
                weekday,
                starts: t(6),
                ends: t(20),
            })
            .collect(),
    )
    .expect("hours")
}

/// One maintenance phase (every 21–28 days) from `from` for 180 days.
pub fn maintenance_from(from: NaiveDate) -> Vec<Phase> {
    vec![Phase {
        kind: PhaseKind::Maintenance,
        starts_on: from,
        ends_on: from + TimeDelta::days(180),
        cadence: Cadence::Window {
            min_days: 21,
            max_days: 28,
        },
        service_id: None,
        race_id: None,
    }]
}

impl TestApp {
    /// An active plan (maintenance from today) with `therapist`, who works every day, so its
    /// proposals can be booked.
    pub async fn add_care_plan(
        &self,
        practice: PracticeId,
        client: ClientId,
        therapist: StaffId,
        service: uuid::Uuid,
    ) -> uuid::Uuid {
        let mut conn = self.pool.get().await.expect("connection");
        schedule::replace_hours(&mut conn, practice, therapist, &every_day())
            .await
            .expect("hours");
        let details = PlanDetails {
            therapist,
            service,
            light_service: None,
            phases: maintenance_from(self.clock.now().date_naive()),
            from_races: false,
        };
        care_plans::insert(&mut conn, practice, client, details, therapist, self.clock.now())
            .await
            .expect("insert plan")
            .id
    }

    /// Marks a booking as held (`completed`), as the desk does after the session.
    pub async fn complete_booking(&self, booking: uuid::Uuid) {
        let mut conn = self.pool.get().await.expect("connection");
        let changed = diesel::sql_query("UPDATE bookings SET status = $2 WHERE id = $1")
            .bind::<SqlUuid, _>(booking)
            .bind::<Text, _>("completed")
            .execute(&mut conn)
            .await
            .expect("complete booking");
        assert_eq!(changed, 1);
    }
}
