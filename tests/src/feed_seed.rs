//! Booking series written straight into the tables, as the series code stores them: the
//! series row (first local start, zone, RRULE text, length, horizon), its exceptions, and one
//! booking row per occurrence (cancelled ones with a cancelled row), each with `series_id` and
//! `recurrence_id`. Values come from the domain's own expansion.

use crate::TestApp;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use knead_domain::recurrence::{ExceptionKind, OccurrenceState, PlannedOccurrence, Series};
use knead_domain::{ClientId, PracticeId, StaffId};
use knead_persistence::schema::{booking_series, booking_series_exceptions, bookings};
use uuid::Uuid;

/// Who and what a seeded series books.
#[derive(Debug, Clone, Copy)]
pub struct SeriesParties {
    pub practice: PracticeId,
    pub client: ClientId,
    pub therapist: StaffId,
    pub service: Uuid,
    pub room: Option<Uuid>,
}

/// A stored series and its booking rows.
#[derive(Debug, Clone)]
pub struct SeededSeries {
    pub id: Uuid,
    /// Each occurrence's row id and plan, cancelled ones included.
    pub rows: Vec<(Uuid, PlannedOccurrence)>,
}

impl TestApp {
    /// Stores `series` with rows for every occurrence whose rule-given start is before
    /// `materialised_until`.
    pub async fn add_series_rows(
        &self,
        who: SeriesParties,
        series: &Series,
        materialised_until: DateTime<Utc>,
    ) -> SeededSeries {
        let mut conn = self.pool.get().await.expect("connection");
        let pattern = series.pattern();
        let id = Uuid::now_v7();
        diesel::insert_into(booking_series::table)
            .values((
                booking_series::practice_id.eq(who.practice.0),
                booking_series::id.eq(id),
                booking_series::client_id.eq(who.client.0),
                booking_series::therapist_id.eq(who.therapist.0),
                booking_series::service_id.eq(who.service),
                booking_series::room_id.eq(who.room),
                booking_series::first_local.eq(pattern.first_local()),
                booking_series::time_zone.eq(pattern.zone().name()),
                booking_series::rrule.eq(pattern.rule().to_rrule_string()),
                booking_series::duration_minutes.eq(series.duration().num_minutes() as i32),
                booking_series::buffer_minutes.eq(0),
                booking_series::materialised_until.eq(materialised_until),
                booking_series::created_by.eq(who.therapist.0),
            ))
            .execute(&mut conn)
            .await
            .expect("insert series");
        for exception in series.exceptions() {
            let (kind, moved_local, moved_minutes) = match exception.kind {
                ExceptionKind::Cancelled => ("cancelled", None, None),
                ExceptionKind::Moved { local, duration } => {
                    ("moved", Some(local), duration.map(|d| d.num_minutes() as i32))
                }
            };
            diesel::insert_into(booking_series_exceptions::table)
                .values((
                    booking_series_exceptions::practice_id.eq(who.practice.0),
                    booking_series_exceptions::series_id.eq(id),
                    booking_series_exceptions::recurrence_id.eq(exception.recurrence_id),
                    booking_series_exceptions::kind.eq(kind),
                    booking_series_exceptions::moved_local.eq(moved_local),
                    booking_series_exceptions::moved_minutes.eq(moved_minutes),
                ))
                .execute(&mut conn)
                .await
                .expect("insert exception");
        }
        let mut rows = Vec::new();
        for planned in series.occurrences_between(pattern.first_start(), materialised_until) {
            let row = Uuid::now_v7();
            let cancelled = planned.state == OccurrenceState::Cancelled;
            diesel::insert_into(bookings::table)
                .values((
                    bookings::practice_id.eq(who.practice.0),
                    bookings::id.eq(row),
                    bookings::client_id.eq(who.client.0),
                    bookings::therapist_id.eq(who.therapist.0),
                    bookings::service_id.eq(who.service),
                    bookings::room_id.eq(who.room),
                    bookings::starts_at.eq(planned.start),
                    bookings::ends_at.eq(planned.end),
                    bookings::buffer_minutes.eq(0),
                    bookings::occupied_until.eq(planned.end),
                    bookings::status.eq(if cancelled { "cancelled" } else { "scheduled" }),
                    bookings::cancel_reason.eq(cancelled.then_some("Away at a race")),
                    bookings::cancelled_late.eq(cancelled.then_some(false)),
                    bookings::cancelled_at.eq(cancelled.then_some(planned.start)),
                    bookings::outside_hours.eq(true),
                    bookings::created_by.eq(who.therapist.0),
                    bookings::series_id.eq(Some(id)),
                    bookings::recurrence_id.eq(Some(planned.recurrence_id)),
                ))
                .execute(&mut conn)
                .await
                .expect("insert occurrence row");
            rows.push((row, planned));
        }
        SeededSeries { id, rows }
    }
}
