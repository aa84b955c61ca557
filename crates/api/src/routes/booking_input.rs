//! What the booking endpoints read and write: the request bodies, their checks against the
//! practice's clients, staff, services and rooms, and the calendar view of a booking.

use crate::auth::Caller;
use crate::error::{ApiError, BookingClash};
use chrono::{DateTime, TimeDelta, Utc};
use knead_domain::PracticeId;
use knead_domain::booking::BookingStatus;
use knead_domain::clinical::HandlingAlert;
use knead_domain::reasons::CancellationReason;
use knead_domain::schedule::Span;
use knead_domain::{ClientId, Role, SessionLength, StaffId};
use knead_persistence::booking_create::{References, Refusal};
use knead_persistence::bookings::{self, Booking, CalendarEntry, Slot};
use knead_persistence::services::{self, Service};
use knead_persistence::{Connection, Constraint, StoreError, clients, practices, schedule, staff};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A new booking. The end follows from the service unless given; the service's buffer is
/// copied onto the booking.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"client_id": "0193c5a0-0000-7000-8000-000000000001", "therapist_id": "0193c5a0-0000-7000-8000-000000000002", "service_id": "0193c5a0-0000-7000-8000-000000000003", "starts_at": "2026-12-01T10:00:00-05:00"}))]
pub struct NewBooking {
    pub client_id: Uuid,
    pub therapist_id: Uuid,
    pub service_id: Uuid,
    pub room_id: Option<Uuid>,
    pub starts_at: DateTime<Utc>,
    /// Overrides the service's length.
    pub ends_at: Option<DateTime<Utc>>,
    /// Book outside the therapist's working hours or in their time off on purpose.
    #[serde(default)]
    pub outside_hours: bool,
}

/// Changes to a booking; only the fields given change. Moving (time, therapist, room,
/// service) is for scheduled and confirmed bookings; cancelling has its own endpoint.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "confirmed"}))]
pub struct BookingPatch {
    pub therapist_id: Option<Uuid>,
    pub service_id: Option<Uuid>,
    /// `null` takes the booking out of its room.
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    pub room_id: Option<Option<Uuid>>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub outside_hours: Option<bool>,
    /// The next state: scheduled → confirmed → checked_in → completed, or no_show.
    pub status: Option<BookingStatus>,
}

impl BookingPatch {
    pub fn moves(&self) -> bool {
        self.therapist_id.is_some()
            || self.service_id.is_some()
            || self.room_id.is_some()
            || self.starts_at.is_some()
            || self.ends_at.is_some()
    }
}

/// Why a booking is cancelled: a code from the vocabulary's `cancellation_reasons`, and a
/// short note if the code needs one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "injury", "note": "Rebooking next week"}))]
pub struct CancelInput {
    pub reason: CancellationReason,
    /// No health details: the front desk and emails see it.
    #[schema(max_length = 200)]
    pub note: Option<String>,
}

/// The client as a calendar shows them: name and neutral handling alerts only.
#[derive(Debug, Serialize, ToSchema)]
pub struct BookingClient {
    pub id: Uuid,
    pub given_name: String,
    pub family_name: String,
    pub alerts: Vec<HandlingAlert>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CancellationView {
    /// A code of the vocabulary's `cancellation_reasons`; for a cancellation the system made
    /// (a series ended or changed), a sentence saying so.
    pub reason: String,
    /// What the person cancelling added. No health details: the front desk and emails see it.
    pub note: Option<String>,
    /// Inside the practice's cancellation window (or after the start).
    pub late: bool,
    pub cancelled_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BookingView {
    pub id: Uuid,
    pub client: BookingClient,
    pub therapist_id: Uuid,
    pub service_id: Uuid,
    pub service_name: String,
    pub room_id: Option<Uuid>,
    pub room_name: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Kept free after the session (copied from the service when booked).
    pub buffer_minutes: i32,
    pub status: BookingStatus,
    pub cancellation: Option<CancellationView>,
    /// Booked outside working hours or in time off on purpose.
    pub outside_hours: bool,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The series this booking is an occurrence of.
    pub series_id: Option<Uuid>,
    /// The occurrence's rule-given local start in the practice's zone (its RECURRENCE-ID).
    #[schema(value_type = Option<String>, pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")]
    pub recurrence_id: Option<chrono::NaiveDateTime>,
}

impl From<CalendarEntry> for BookingView {
    fn from(e: CalendarEntry) -> Self {
        let b = e.booking;
        Self {
            id: b.id,
            client: BookingClient {
                id: b.slot.client_id.0,
                given_name: e.client_given_name,
                family_name: e.client_family_name,
                alerts: e.client_alerts,
            },
            therapist_id: b.slot.therapist_id.0,
            service_id: b.slot.service_id,
            service_name: e.service_name,
            room_id: b.slot.room_id,
            room_name: e.room_name,
            starts_at: b.slot.starts_at,
            ends_at: b.slot.ends_at,
            buffer_minutes: b.slot.buffer_minutes,
            status: b.status,
            cancellation: b.cancellation.map(|c| CancellationView {
                reason: c.reason,
                note: c.note,
                late: c.late,
                cancelled_at: c.at,
            }),
            outside_hours: b.slot.outside_hours,
            created_by: b.created_by.0,
            created_at: b.created_at,
            updated_at: b.updated_at,
            series_id: b.occurrence.map(|o| o.series_id),
            recurrence_id: b.occurrence.map(|o| o.recurrence_id),
        }
    }
}

/// A therapist books and moves only their own sessions.
pub fn ensure_own(caller: &Caller, therapist: StaffId) -> Result<(), ApiError> {
    if caller.role == Role::Therapist && therapist != caller.staff {
        return Err(ApiError::Forbidden);
    }
    Ok(())
}

/// 404 from a lookup of a body's reference becomes a 422 naming the field.
fn named(pointer: &str, what: &str, err: StoreError) -> ApiError {
    match err {
        StoreError::NotFound => ApiError::invalid(pointer, format!("no such {what} in this practice")),
        other => other.into(),
    }
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

/// The end of a session: as given, else the start plus the service's length.
pub fn session_end(
    start: DateTime<Utc>,
    given: Option<DateTime<Utc>>,
    minutes: i32,
) -> Result<DateTime<Utc>, ApiError> {
    let end = given.unwrap_or(start + TimeDelta::minutes(i64::from(minutes)));
    if end <= start {
        return Err(ApiError::invalid("/ends_at", "must be after starts_at"));
    }
    SessionLength::from_delta(end - start).map_err(|e| ApiError::invalid("/ends_at", e.0))?;
    Ok(end)
}

/// A write the database refused as a double booking, as a 409 naming what is in the way.
pub async fn double_booking(
    conn: &mut Connection,
    practice: PracticeId,
    err: StoreError,
    slot: &Slot,
    except: Option<Uuid>,
) -> ApiError {
    let StoreError::Conflict { constraint } = &err else {
        return err.into();
    };
    if !constraint.is_overlap() {
        return err.into();
    }
    match bookings::blocking(conn, practice, constraint, slot, except).await {
        Ok(found) => clash(constraint, found),
        Err(e) => e.into(),
    }
}

/// The 409 for a slot the exclusion constraint `constraint` refused, naming `found` in the way.
fn clash(constraint: &Constraint, found: Option<Booking>) -> ApiError {
    let (resource, message) = match constraint {
        Constraint::TherapistOverlap => ("therapist", "the therapist is already booked then (buffers included)"),
        Constraint::RoomOverlap => ("room", "the room is already booked then (buffers included)"),
        _ => ("client", "the client already has a booking then"),
    };
    let clashes = found
        .into_iter()
        .map(|b| BookingClash {
            resource: resource.to_owned(),
            booking_id: b.id,
            starts_at: b.slot.starts_at,
            ends_at: b.slot.ends_at,
            wanted_start: None,
            recurrence_id: None,
        })
        .collect();
    ApiError::DoubleBooking {
        message: message.to_owned(),
        clashes,
    }
}

const OUTSIDE_HOURS: &str = "outside the therapist's working hours: set outside_hours to book it anyway";
const IN_TIME_OFF: &str = "the therapist has time off then: set outside_hours to book it anyway";

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::OutsideHours => ApiError::invalid("/starts_at", OUTSIDE_HOURS),
            Refusal::TimeOff => ApiError::invalid("/starts_at", IN_TIME_OFF),
            Refusal::ClosedDay(day) => ApiError::invalid(
                "/starts_at",
                format!("the practice is closed on {day}: set outside_hours to book it anyway"),
            ),
            Refusal::Clash { constraint, blocking } => clash(&constraint, blocking.map(|b| *b)),
        }
    }
}

/// The slot a new booking asks for, if its references pass (each refusal a 422 naming the
/// field, in the order the body lists them; a therapist booking for another is 403).
pub fn new_slot(caller: &Caller, input: &NewBooking, found: &References) -> Result<Slot, ApiError> {
    let Some((client_id, archived)) = found.client else {
        return Err(ApiError::invalid("/client_id", "no such client in this practice"));
    };
    if archived {
        return Err(ApiError::invalid(
            "/client_id",
            "the client is archived: unarchive them first",
        ));
    }
    let Some((therapist_id, active, role)) = found.therapist else {
        return Err(ApiError::invalid(
            "/therapist_id",
            "no such staff member in this practice",
        ));
    };
    if !active || role == Role::FrontDesk {
        return Err(ApiError::invalid(
            "/therapist_id",
            "must be an active therapist or owner",
        ));
    }
    ensure_own(caller, therapist_id)?;
    let Some(service) = found.service else {
        return Err(ApiError::invalid("/service_id", "no such service in this practice"));
    };
    if !service.active {
        return Err(ApiError::invalid("/service_id", "this service is no longer offered"));
    }
    match (input.room_id, found.room) {
        (Some(_), None) => return Err(ApiError::invalid("/room_id", "no such room in this practice")),
        (_, Some((_, false))) => return Err(ApiError::invalid("/room_id", "this room is no longer in use")),
        _ => {}
    }
    let ends_at = session_end(input.starts_at, input.ends_at, service.duration_minutes)?;
    Ok(Slot {
        client_id,
        therapist_id,
        service_id: service.id,
        room_id: input.room_id,
        starts_at: input.starts_at,
        ends_at,
        buffer_minutes: service.buffer_minutes,
        outside_hours: input.outside_hours,
    })
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
    crate::routes::closed_days::check_open(conn, practice, zone, &[session], "/starts_at").await?;
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
