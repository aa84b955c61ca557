//! Booking fixtures written straight through the repositories: services, rooms, time off and
//! bookings (booked outside working hours on purpose, so no template is needed).

use crate::TestApp;
use chrono::{DateTime, TimeDelta, Utc};
use knead_domain::recurrence::{RecurrenceRule, Series, SeriesPattern};
use knead_domain::schedule::Span;
use knead_domain::{ClientId, PracticeId, StaffId};
use knead_persistence::bookings::{self, Slot};
use knead_persistence::series::SeriesTerms;
use knead_persistence::series::edit::{self, OnConflict};
use knead_persistence::services::{self, ServiceDetails};
use std::sync::atomic::{AtomicI64, Ordering};

/// A start no other fixture booking shares: three hours apart, from 2030 on.
pub fn unique_start() -> DateTime<Utc> {
    static NEXT: AtomicI64 = AtomicI64::new(0);
    let base = DateTime::parse_from_rfc3339("2030-01-07T09:00:00Z")
        .expect("date")
        .to_utc();
    base + TimeDelta::hours(3 * NEXT.fetch_add(1, Ordering::Relaxed))
}

impl TestApp {
    /// A 60-minute service with a 15-minute buffer.
    pub async fn add_service(&self, practice: PracticeId, name: &str) -> uuid::Uuid {
        let mut conn = self.pool.get().await.expect("connection");
        let details = ServiceDetails {
            name: name.to_owned(),
            duration_minutes: 60,
            price_cents: 9_500,
            buffer_minutes: 15,
            preparation: Some("Wear shorts".into()),
            active: true,
        };
        services::insert_service(&mut conn, practice, details, self.clock.now())
            .await
            .expect("insert service")
            .id
    }

    pub async fn add_room(&self, practice: PracticeId, name: &str) -> uuid::Uuid {
        let mut conn = self.pool.get().await.expect("connection");
        services::insert_room(&mut conn, practice, name.to_owned(), true, self.clock.now())
            .await
            .expect("insert room")
            .id
    }

    pub async fn add_time_off(&self, practice: PracticeId, staff: StaffId) -> uuid::Uuid {
        let start = unique_start();
        let mut conn = self.pool.get().await.expect("connection");
        let span = Span::new(start, start + TimeDelta::hours(2));
        knead_persistence::schedule::insert_time_off(
            &mut conn,
            practice,
            staff,
            span,
            "Race weekend".into(),
            self.clock.now(),
        )
        .await
        .expect("insert time off")
        .id
    }

    /// A 60-minute booking (15-minute buffer) at `start`.
    pub async fn add_booking(
        &self,
        practice: PracticeId,
        client: ClientId,
        therapist: StaffId,
        service: uuid::Uuid,
        start: DateTime<Utc>,
    ) -> uuid::Uuid {
        let slot = Slot {
            client_id: client,
            therapist_id: therapist,
            service_id: service,
            room_id: None,
            starts_at: start,
            ends_at: start + TimeDelta::minutes(60),
            buffer_minutes: 15,
            outside_hours: true,
        };
        let mut conn = self.pool.get().await.expect("connection");
        bookings::insert(&mut conn, practice, &slot, therapist, self.clock.now())
            .await
            .expect("insert booking")
            .id
    }

    /// A one-occurrence weekly series on Tuesday 3 January 2034 at 10:00 in the practice's zone
    /// (beyond the booking horizon, so it takes no booking rows and clashes with nothing).
    pub async fn add_series(
        &self,
        practice: PracticeId,
        client: ClientId,
        therapist: StaffId,
        service: uuid::Uuid,
    ) -> uuid::Uuid {
        let mut conn = self.pool.get().await.expect("connection");
        let zone = knead_persistence::practices::find(&mut conn, practice)
            .await
            .expect("practice")
            .time_zone
            .tz();
        let rule = RecurrenceRule::parse("FREQ=WEEKLY;BYDAY=TU;COUNT=1").expect("rule");
        let pattern = SeriesPattern::new(SERIES_FIRST_START.parse().expect("local"), zone, rule).expect("pattern");
        let series = Series::new(pattern, TimeDelta::minutes(60)).expect("series");
        let terms = SeriesTerms {
            client_id: client,
            therapist_id: therapist,
            service_id: service,
            room_id: None,
            buffer_minutes: 15,
            outside_hours: true,
            overridden: None,
        };
        edit::create(
            &mut conn,
            practice,
            &terms,
            &series,
            OnConflict::Reject,
            Utc::now(),
            therapist,
        )
        .await
        .expect("insert series")
        .series
        .id
    }

    /// A manage-booking link for `booking`, as a confirmation email carries, valid for a day
    /// from the system clock: the token to put in `/v1/public/bookings/{token}`.
    pub async fn add_manage_link(&self, practice: PracticeId, booking: uuid::Uuid) -> String {
        let minted = knead_api::auth::secrets::mint(knead_api::mail::booking::MANAGE_PREFIX, practice);
        let link = knead_persistence::client_mail::BookingLink {
            practice_id: practice.0,
            id: minted.id,
            booking_id: booking,
            secret_hash: minted.hash,
            expires_at: Utc::now() + TimeDelta::days(1),
            used_at: None,
            created_at: Utc::now(),
        };
        let mut conn = self.pool.get().await.expect("connection");
        knead_persistence::client_mail::insert_booking_link(&mut conn, &link)
            .await
            .expect("insert booking link");
        minted.token
    }
}

/// The first (and only) occurrence of [`TestApp::add_series`]'s series.
pub const SERIES_FIRST_START: &str = "2034-01-03T10:00:00";
