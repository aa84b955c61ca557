//! One therapist's free slots over a stretch of days, for a few services at once, with what
//! stands in the way: what care plan proposals and the rebooking list offer. The same
//! computation as `GET /v1/availability` (the domain's `free_slots`), for one therapist
//! over a longer range, with the client's own bookings counted as busy too.

use crate::error::ApiError;
use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use knead_domain::care::suggest::Offer;
use knead_domain::schedule::{AvailabilityQuery, Span, free_slots};
use knead_domain::{PracticeId, StaffId};
use knead_persistence::services::Service;
use knead_persistence::{Connection, bookings, closed_days, schedule};

/// Free slots and everything taken, for one therapist.
#[derive(Debug)]
pub struct FreeTime {
    pub offers: Vec<Offer>,
    /// Time off, the therapist's bookings (buffers included) and the client's bookings.
    pub taken: Vec<Span>,
}

/// Slots start on this grid from the start of each working interval.
pub const STEP: TimeDelta = TimeDelta::minutes(30);

/// The therapist's free slots for each of `services` starting in `[from, to)` and not before
/// `now`, clear of `also_busy` (the client's bookings).
#[allow(clippy::too_many_arguments)]
pub async fn therapist(
    conn: &mut Connection,
    practice: PracticeId,
    zone: Tz,
    therapist: StaffId,
    services: &[&Service],
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
    also_busy: &[Span],
) -> Result<FreeTime, ApiError> {
    let who = [therapist];
    let hours = schedule::hours_of(conn, practice, &who).await?;
    let until = to + knead_domain::booking::LONGEST_OCCUPATION;
    let off: Vec<Span> = schedule::time_off_between(conn, practice, &who, from, until)
        .await?
        .iter()
        .map(|t| t.span())
        .collect();
    let mut busy: Vec<Span> = bookings::busy_between(conn, practice, &who, from, until)
        .await?
        .into_iter()
        .map(|(_, span)| span)
        .collect();
    busy.extend_from_slice(also_busy);
    let (first_day, last_day) = knead_domain::closed_days::local_dates(zone, from, until);
    let closed = closed_days::dates_between(conn, practice, first_day, last_day).await?;
    let mut offers = Vec::new();
    if let Some(week) = hours.get(&therapist) {
        for service in services {
            let found = free_slots(&AvailabilityQuery {
                zone,
                from,
                to,
                not_before: now,
                hours: week,
                time_off: &off,
                closed_days: &closed,
                busy: &busy,
                duration: TimeDelta::minutes(i64::from(service.details.duration_minutes)),
                buffer: TimeDelta::minutes(i64::from(service.details.buffer_minutes)),
                step: STEP,
            });
            offers.extend(found.into_iter().map(|span| Offer {
                service: service.id,
                span,
            }));
        }
    }
    let mut taken = off;
    taken.extend(busy);
    Ok(FreeTime { offers, taken })
}
