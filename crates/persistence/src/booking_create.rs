//! Booking a session as one transaction: the references (client, therapist, service, room and
//! the practice's zone) read in one statement, the caller's rules applied to them, the
//! working hours and time off checked, the insert (refused by the exclusion constraints when
//! the time is taken) and the calendar entry read back. Nothing is read outside the
//! transaction that writes, so no check can go stale before the insert.

use crate::StoreError;
use crate::bookings::{self, Booking, CalendarEntry, Slot};
use crate::error::Constraint;
use crate::schedule;
use diesel::sql_types::{Bool, Int4, Nullable, Text, Uuid as SqlUuid};
use diesel::{QueryableByName, sql_query};
use diesel_async::RunQueryDsl;
use knead_domain::practice::TimeZone;
use knead_domain::schedule::Span;
use knead_domain::{ClientId, PracticeId, Role, StaffId};
use uuid::Uuid;

/// The rows a new booking names.
#[derive(Debug, Clone, Copy)]
pub struct Wanted {
    pub client: Uuid,
    pub therapist: Uuid,
    pub service: Uuid,
    pub room: Option<Uuid>,
    /// When the session would start: the practice's closed days around it are read with the
    /// references.
    pub starts_at: chrono::DateTime<chrono::Utc>,
}

/// What the wanted rows are in the practice; `None` where there is no such row in it.
#[derive(Debug, Clone)]
pub struct References {
    /// The client, and whether they are archived.
    pub client: Option<(ClientId, bool)>,
    /// The staff member, whether active, and their role.
    pub therapist: Option<(StaffId, bool, Role)>,
    pub service: Option<ServiceTerms>,
    /// The room, and whether it is in use. `None` also when no room was asked for.
    pub room: Option<(Uuid, bool)>,
}

/// What a booking takes from its service.
#[derive(Debug, Clone, Copy)]
pub struct ServiceTerms {
    pub id: Uuid,
    pub active: bool,
    pub duration_minutes: i32,
    pub buffer_minutes: i32,
}

/// Why a booking whose references passed was refused.
#[derive(Debug)]
pub enum Refusal {
    /// Outside the therapist's working hours, without `outside_hours`.
    OutsideHours,
    /// In the therapist's time off, without `outside_hours`.
    TimeOff,
    /// On a day the practice is closed, without `outside_hours`.
    ClosedDay(chrono::NaiveDate),
    /// The time is taken: which exclusion constraint refused it, and the booking in the way.
    Clash {
        constraint: Constraint,
        blocking: Option<Box<Booking>>,
    },
}

#[derive(QueryableByName)]
struct ReferenceRow {
    #[diesel(sql_type = Text)]
    time_zone: String,
    #[diesel(sql_type = Nullable<Bool>)]
    client_archived: Option<bool>,
    #[diesel(sql_type = Nullable<Bool>)]
    staff_active: Option<bool>,
    #[diesel(sql_type = Nullable<Text>)]
    staff_role: Option<String>,
    #[diesel(sql_type = Nullable<Bool>)]
    service_active: Option<bool>,
    #[diesel(sql_type = Nullable<Int4>)]
    duration_minutes: Option<i32>,
    #[diesel(sql_type = Nullable<Int4>)]
    buffer_minutes: Option<i32>,
    #[diesel(sql_type = Nullable<Bool>)]
    room_active: Option<bool>,
    #[diesel(sql_type = diesel::sql_types::Array<diesel::sql_types::Date>)]
    closed: Vec<chrono::NaiveDate>,
}

const REFERENCES: &str = "\
SELECT p.time_zone, c.archived AS client_archived, s.active AS staff_active, s.role AS staff_role,
       v.active AS service_active, v.duration_minutes, v.buffer_minutes, r.active AS room_active,
       -- A session lasts at most 480 minutes, so it touches its local start date and the next.
       ARRAY(SELECT d.day FROM closed_days d
              WHERE d.practice_id = p.id
                AND d.day BETWEEN ($6 AT TIME ZONE p.time_zone)::date
                              AND ($6 AT TIME ZONE p.time_zone)::date + 1) AS closed
  FROM practices p
  LEFT JOIN clients c ON c.practice_id = p.id AND c.id = $2
  LEFT JOIN staff s ON s.practice_id = p.id AND s.id = $3
  LEFT JOIN services v ON v.practice_id = p.id AND v.id = $4
  LEFT JOIN rooms r ON r.practice_id = p.id AND r.id = $5
 WHERE p.id = $1";

async fn references(
    conn: &mut diesel_async::AsyncPgConnection,
    practice: PracticeId,
    wanted: &Wanted,
) -> Result<(References, TimeZone, Vec<chrono::NaiveDate>), StoreError> {
    let row: ReferenceRow = sql_query(REFERENCES)
        .bind::<SqlUuid, _>(practice.0)
        .bind::<SqlUuid, _>(wanted.client)
        .bind::<SqlUuid, _>(wanted.therapist)
        .bind::<SqlUuid, _>(wanted.service)
        .bind::<Nullable<SqlUuid>, _>(wanted.room)
        .bind::<diesel::sql_types::Timestamptz, _>(wanted.starts_at)
        .get_result(conn)
        .await?;
    let corrupt = |what: &str, e: knead_domain::Invalid| StoreError::Corrupt(format!("{what}: {}", e.0));
    let zone = TimeZone::parse(&row.time_zone).map_err(|e| corrupt("time_zone", e))?;
    let therapist = match (row.staff_active, row.staff_role) {
        (Some(active), Some(role)) => Some((
            StaffId(wanted.therapist),
            active,
            Role::parse(&role).map_err(|e| corrupt("role", e))?,
        )),
        _ => None,
    };
    let service = match (row.service_active, row.duration_minutes, row.buffer_minutes) {
        (Some(active), Some(duration_minutes), Some(buffer_minutes)) => Some(ServiceTerms {
            id: wanted.service,
            active,
            duration_minutes,
            buffer_minutes,
        }),
        _ => None,
    };
    let references = References {
        client: row.client_archived.map(|archived| (ClientId(wanted.client), archived)),
        therapist,
        service,
        room: wanted.room.zip(row.room_active),
    };
    Ok((references, zone, row.closed))
}

/// Books a session in one transaction (a savepoint inside the caller's). `decide` applies the
/// caller's rules to what the references are and returns the slot to book (or refuses);
/// unless the slot is booked outside hours on purpose, it must lie in the therapist's working
/// hours, outside their time off and off the practice's closed days. Returns the new booking as the calendar shows it.
pub async fn create<E, D>(
    conn: &mut diesel_async::AsyncPgConnection,
    practice: PracticeId,
    wanted: &Wanted,
    decide: D,
    created_by: StaffId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<CalendarEntry, E>
where
    E: From<StoreError> + From<Refusal>,
    D: FnOnce(&References) -> Result<Slot, E>,
{
    let mut wanted_slot = None;
    let attempt = crate::transaction::run(conn, async |conn| -> Result<CalendarEntry, Outcome<E>> {
        let (references, zone, closed) = references(conn, practice, wanted).await?;
        let slot = decide(&references).map_err(Outcome::Caller)?;
        if !slot.outside_hours {
            let session = Span::new(slot.starts_at, slot.ends_at);
            let therapist = [slot.therapist_id];
            let hours = schedule::hours_of(conn, practice, &therapist).await?;
            if !hours
                .get(&slot.therapist_id)
                .is_some_and(|h| h.covers(zone.tz(), &session))
            {
                return Err(Outcome::Caller(Refusal::OutsideHours.into()));
            }
            let off = schedule::time_off_between(conn, practice, &therapist, session.start, session.end).await?;
            if !off.is_empty() {
                return Err(Outcome::Caller(Refusal::TimeOff.into()));
            }
            if let Some(day) = knead_domain::closed_days::touched_by(zone.tz(), &closed, &session) {
                return Err(Outcome::Caller(Refusal::ClosedDay(day).into()));
            }
        }
        let inserted = bookings::insert_row(conn, practice, &slot, created_by, now).await;
        wanted_slot = Some(slot);
        let booking = inserted?;
        Ok(bookings::entry(conn, practice, booking.id).await?)
    })
    .await;
    match attempt {
        Ok(entry) => Ok(entry),
        Err(Outcome::Caller(err)) => Err(err),
        Err(Outcome::Store(err)) => Err(err.into()),
        // The refused insert is rolled back; what stands in the way is read after it.
        Err(Outcome::Clash(constraint)) => {
            let blocking = match &wanted_slot {
                Some(slot) => bookings::blocking(conn, practice, &constraint, slot, None)
                    .await?
                    .map(Box::new),
                None => None,
            };
            Err(Refusal::Clash { constraint, blocking }.into())
        }
    }
}

/// How the work inside the transaction ends when it does not book.
enum Outcome<E> {
    Caller(E),
    Store(StoreError),
    Clash(Constraint),
}

impl<E> From<StoreError> for Outcome<E> {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict { constraint } if constraint.is_overlap() => Self::Clash(constraint),
            other => Self::Store(other),
        }
    }
}
