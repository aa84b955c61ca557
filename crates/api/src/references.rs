//! The reference checks several resources share: a client loaded for the caller, the
//! therapist, service and room a booking or series names, a therapist acting only for
//! themselves, working hours and closed days. Routes import these, never one another.

use crate::auth::Caller;
use crate::error::ApiError;
use chrono::NaiveDate;
use chrono_tz::Tz;
use knead_domain::closed_days as rules;
use knead_domain::schedule::Span;
use knead_domain::{ClientId, PracticeId, Role, StaffId};
use knead_persistence::clients::{self, Client};
use knead_persistence::services::{self, Service};
use knead_persistence::{Connection, StoreError, closed_days, practices, schedule, staff};
use uuid::Uuid;

/// Loads a client of the caller's practice (another practice's id is a plain 404).
pub async fn load_client(conn: &mut Connection, caller: &Caller, id: Uuid) -> Result<Client, ApiError> {
    Ok(clients::find(conn, caller.practice, ClientId(id)).await?)
}

/// A therapist books and moves only their own sessions.
pub fn ensure_own(caller: &Caller, therapist: StaffId) -> Result<(), ApiError> {
    if caller.role == Role::Therapist && therapist != caller.staff {
        return Err(ApiError::Forbidden);
    }
    Ok(())
}

pub async fn check_client(conn: &mut Connection, practice: PracticeId, id: Uuid) -> Result<ClientId, ApiError> {
    let client = clients::find(conn, practice, ClientId(id))
        .await
        .map_err(|e| named("/client_id", "client", e))?;
    if client.archived {
        return Err(ApiError::invalid(
            "/client_id",
            "the client is archived: unarchive them first",
        ));
    }
    Ok(client.id)
}

pub async fn check_therapist(conn: &mut Connection, practice: PracticeId, id: Uuid) -> Result<StaffId, ApiError> {
    let member = staff::find(conn, practice, StaffId(id))
        .await
        .map_err(|e| named("/therapist_id", "staff member", e))?;
    if !member.active || !member.role.takes_bookings() {
        return Err(ApiError::invalid(
            "/therapist_id",
            "must be an active therapist or owner",
        ));
    }
    Ok(member.id)
}

pub async fn check_service(conn: &mut Connection, practice: PracticeId, id: Uuid) -> Result<Service, ApiError> {
    let service = services::find_service(conn, practice, id)
        .await
        .map_err(|e| named("/service_id", "service", e))?;
    if !service.details.active {
        return Err(ApiError::invalid("/service_id", "this service is no longer offered"));
    }
    Ok(service)
}

pub async fn check_room(conn: &mut Connection, practice: PracticeId, id: Option<Uuid>) -> Result<(), ApiError> {
    let Some(id) = id else { return Ok(()) };
    let room = services::find_room(conn, practice, id)
        .await
        .map_err(|e| named("/room_id", "room", e))?;
    if !room.active {
        return Err(ApiError::invalid("/room_id", "this room is no longer in use"));
    }
    Ok(())
}

/// 422 unless the session lies in the therapist's working hours, outside their time off and
/// off the practice's closed days.
pub async fn check_hours(
    conn: &mut Connection,
    practice: PracticeId,
    therapist: StaffId,
    session: Span,
) -> Result<(), ApiError> {
    let zone = practices::find(conn, practice).await?.time_zone.tz();
    check_open(conn, practice, zone, &[session], "/starts_at").await?;
    let hours = schedule::hours_of(conn, practice, &[therapist]).await?;
    let covered = hours.get(&therapist).is_some_and(|h| h.covers(zone, &session));
    if !covered {
        return Err(ApiError::invalid("/starts_at", OUTSIDE_HOURS));
    }
    let off = schedule::time_off_between(conn, practice, &[therapist], session.start, session.end).await?;
    if !off.is_empty() {
        return Err(ApiError::invalid("/starts_at", IN_TIME_OFF));
    }
    Ok(())
}

/// 422 at `pointer` when any of `sessions` touches a day the practice is closed, naming the
/// dates (one read whatever the number of sessions).
pub async fn check_open(
    conn: &mut Connection,
    practice: PracticeId,
    zone: Tz,
    sessions: &[Span],
    pointer: &str,
) -> Result<(), ApiError> {
    let (Some(first), Some(last)) = (
        sessions.iter().map(|s| s.start).min(),
        sessions.iter().map(|s| s.end).max(),
    ) else {
        return Ok(());
    };
    let (from, to) = rules::local_dates(zone, first, last);
    let closed = closed_days::dates_between(conn, practice, from, to).await?;
    let mut touched: Vec<NaiveDate> = sessions
        .iter()
        .filter_map(|s| rules::touched_by(zone, &closed, s))
        .collect();
    touched.dedup();
    if touched.is_empty() {
        return Ok(());
    }
    let dates: Vec<String> = touched.iter().map(NaiveDate::to_string).collect();
    Err(ApiError::invalid(
        pointer,
        format!(
            "the practice is closed on {}: set outside_hours to book it anyway",
            dates.join(", ")
        ),
    ))
}

/// The sessions a new series books at once (to the horizon), cancelled ones left out.
pub fn planned_sessions(series: &knead_domain::recurrence::Series, now: chrono::DateTime<chrono::Utc>) -> Vec<Span> {
    let first = series.pattern().first_start();
    series
        .occurrences_between(first, now + knead_domain::recurrence::HORIZON)
        .into_iter()
        .filter(|o| o.state != knead_domain::recurrence::OccurrenceState::Cancelled)
        .map(|o| Span::new(o.start, o.end))
        .collect()
}

/// 404 from a lookup of a body's reference becomes a 422 naming the field.
fn named(pointer: &str, what: &str, err: StoreError) -> ApiError {
    match err {
        StoreError::NotFound => ApiError::invalid(pointer, format!("no such {what} in this practice")),
        other => other.into(),
    }
}

pub const OUTSIDE_HOURS: &str = "outside the therapist's working hours: set outside_hours to book it anyway";
pub const IN_TIME_OFF: &str = "the therapist has time off then: set outside_hours to book it anyway";
