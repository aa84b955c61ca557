//! What the booking-series endpoints read and write: the request bodies, wall-clock times in
//! the practice's zone, and the views of a series, its exceptions and its clashes.

use crate::error::{ApiError, BookingClash};
use chrono::{DateTime, NaiveDateTime, Utc};
use knead_persistence::series::edit::{OnConflict, SeriesError, Written};
use knead_persistence::series::plan::Clash;
use knead_persistence::series::{StoredKind, StoredSeries};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A wall-clock time without offset, e.g. `2026-12-01T10:00:00`.
pub const LOCAL_PATTERN: &str = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$";

/// Parses a wall-clock time (seconds optional).
pub fn local_time(pointer: &str, raw: &str) -> Result<NaiveDateTime, ApiError> {
    NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M"))
        .map_err(|_| ApiError::invalid(pointer, "must be a local date-time such as 2026-12-01T10:00:00"))
}

/// What a series does with occurrences that clash with other bookings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConflictMode {
    /// Write nothing and report every clashing occurrence (409).
    #[default]
    Reject,
    /// Book the rest and record the clashing occurrences as skipped; when every occurrence
    /// to book clashes, nothing is written and the answer is 409 as with `reject`.
    Skip,
}

impl From<ConflictMode> for OnConflict {
    fn from(mode: ConflictMode) -> Self {
        match mode {
            ConflictMode::Reject => Self::Reject,
            ConflictMode::Skip => Self::Skip,
        }
    }
}

/// A new recurring series. Times are wall-clock times in the practice's zone: a 10:00 series
/// stays at 10:00 when the clocks change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"client_id": "0193c5a0-0000-7000-8000-000000000001", "therapist_id": "0193c5a0-0000-7000-8000-000000000002", "service_id": "0193c5a0-0000-7000-8000-000000000003", "first_start": "2026-12-01T10:00:00", "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=10"}))]
pub struct NewSeries {
    pub client_id: Uuid,
    pub therapist_id: Uuid,
    pub service_id: Uuid,
    pub room_id: Option<Uuid>,
    /// The first occurrence's local start (no offset), on one of the rule's weekdays.
    #[schema(pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")]
    pub first_start: String,
    /// An RFC 5545 rule without DTSTART: FREQ=WEEKLY, INTERVAL 1–4, BYDAY weekdays, and COUNT
    /// (≤ 1040), UNTIL (UTC) or neither (open-ended).
    #[schema(example = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=12")]
    pub rrule: String,
    /// Overrides the service's length.
    #[schema(minimum = 5, maximum = 480)]
    #[serde(default, deserialize_with = "crate::extract::optional_whole_number")]
    pub duration_minutes: Option<i64>,
    /// Book outside the therapist's working hours on purpose.
    #[serde(default)]
    pub outside_hours: bool,
    #[serde(default)]
    pub on_conflict: ConflictMode,
}

/// A change of a series from an occurrence on; only the fields given change.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"first_start": "2026-12-08T11:00:00"}))]
pub struct SeriesPatch {
    /// The new local start of the first changed occurrence (another time, or another day).
    #[schema(pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")]
    pub first_start: Option<String>,
    /// The new rule; its COUNT counts from the first changed occurrence.
    pub rrule: Option<String>,
    #[schema(minimum = 5, maximum = 480)]
    #[serde(default, deserialize_with = "crate::extract::optional_whole_number")]
    pub duration_minutes: Option<i64>,
    pub therapist_id: Option<Uuid>,
    pub service_id: Option<Uuid>,
    /// `null` takes the occurrences out of their room.
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    pub room_id: Option<Option<Uuid>>,
    pub outside_hours: Option<bool>,
    #[serde(default)]
    pub on_conflict: ConflictMode,
}

/// "This and following": the occurrence to split at, and the change (the fields of
/// [`SeriesPatch`]; only those given change).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"from": "2026-12-15T10:00:00", "first_start": "2026-12-15T11:00:00"}))]
pub struct SeriesSplit {
    /// The occurrence's rule-given local start (its RECURRENCE-ID).
    #[schema(pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")]
    pub from: String,
    #[schema(pattern = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")]
    pub first_start: Option<String>,
    pub rrule: Option<String>,
    #[schema(minimum = 5, maximum = 480)]
    #[serde(default, deserialize_with = "crate::extract::optional_whole_number")]
    pub duration_minutes: Option<i64>,
    pub therapist_id: Option<Uuid>,
    pub service_id: Option<Uuid>,
    #[serde(default, deserialize_with = "crate::extract::double_option")]
    pub room_id: Option<Option<Uuid>>,
    pub outside_hours: Option<bool>,
    #[serde(default)]
    pub on_conflict: ConflictMode,
}

impl SeriesSplit {
    /// The occurrence to split at, and the change.
    pub fn into_parts(self) -> (String, SeriesPatch) {
        let patch = SeriesPatch {
            first_start: self.first_start,
            rrule: self.rrule,
            duration_minutes: self.duration_minutes,
            therapist_id: self.therapist_id,
            service_id: self.service_id,
            room_id: self.room_id,
            outside_hours: self.outside_hours,
            on_conflict: self.on_conflict,
        };
        (self.from, patch)
    }
}

/// Ending a series.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeriesEnd {
    /// No occurrence from this instant on (now when absent; never in the past).
    pub at: Option<DateTime<Utc>>,
}

/// A single occurrence changed on its own.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExceptionView {
    /// The occurrence's rule-given local start.
    #[schema(value_type = String)]
    pub recurrence_id: NaiveDateTime,
    /// `cancelled`, `skipped` (another booking was in the way) or `moved`.
    #[schema(pattern = "^(cancelled|skipped|moved)$")]
    pub kind: String,
    /// Where a moved occurrence now starts (local).
    #[schema(value_type = Option<String>)]
    pub moved_start: Option<NaiveDateTime>,
    pub moved_minutes: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesView {
    pub id: Uuid,
    pub client_id: Uuid,
    pub therapist_id: Uuid,
    pub service_id: Uuid,
    pub room_id: Option<Uuid>,
    /// The first occurrence's local start (DTSTART).
    #[schema(value_type = String)]
    pub first_start: NaiveDateTime,
    /// The zone the local times are in (the practice's when the series was made).
    pub time_zone: String,
    pub rrule: String,
    pub duration_minutes: i32,
    pub buffer_minutes: i32,
    pub outside_hours: bool,
    /// The series this one was split from.
    pub previous_id: Option<Uuid>,
    /// When the series was ended, if it was.
    pub ended_at: Option<DateTime<Utc>>,
    /// Occurrences starting before this instant are booked; the server books further ones as
    /// time passes.
    pub booked_until: DateTime<Utc>,
    pub exceptions: Vec<ExceptionView>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<StoredSeries> for SeriesView {
    fn from(s: StoredSeries) -> Self {
        Self {
            id: s.id,
            client_id: s.terms.client_id.0,
            therapist_id: s.terms.therapist_id.0,
            service_id: s.terms.service_id,
            room_id: s.terms.room_id,
            first_start: s.first_local,
            time_zone: s.time_zone.name().to_owned(),
            rrule: s.rrule,
            duration_minutes: s.duration_minutes,
            buffer_minutes: s.terms.buffer_minutes,
            outside_hours: s.terms.outside_hours,
            previous_id: s.previous_id,
            ended_at: s.ended_at,
            booked_until: s.materialised_until,
            exceptions: s.exceptions.into_iter().map(ExceptionView::from).collect(),
            created_by: s.created_by.0,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

impl From<knead_persistence::series::StoredException> for ExceptionView {
    fn from(e: knead_persistence::series::StoredException) -> Self {
        let (kind, moved_start, moved_minutes) = match e.kind {
            StoredKind::Cancelled => ("cancelled", None, None),
            StoredKind::Skipped => ("skipped", None, None),
            StoredKind::Moved { local, minutes } => ("moved", Some(local), minutes),
        };
        Self {
            recurrence_id: e.recurrence_id,
            kind: kind.to_owned(),
            moved_start,
            moved_minutes,
        }
    }
}

/// A series as written: the series, the part it was split from, and what was skipped.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesWritten {
    pub series: SeriesView,
    /// The series it was split from, as it now ends ("this and following", "all future").
    pub previous: Option<SeriesView>,
    /// Occurrences booked by this request.
    pub booked: usize,
    /// Occurrences skipped (`on_conflict: skip`), with the booking in the way of each.
    pub skipped: Vec<BookingClash>,
}

impl From<Written> for SeriesWritten {
    fn from(w: Written) -> Self {
        Self {
            series: w.series.into(),
            previous: w.previous.map(SeriesView::from),
            booked: w.booked,
            skipped: w.skipped.into_iter().map(clash_view).collect(),
        }
    }
}

pub fn clash_view(c: Clash) -> BookingClash {
    BookingClash {
        resource: c.resource.as_str().to_owned(),
        booking_id: c.booking.id,
        starts_at: c.booking.slot.starts_at,
        ends_at: c.booking.slot.ends_at,
        wanted_start: Some(c.wanted.start),
        recurrence_id: Some(c.recurrence_id),
    }
}

/// A series write refused for clashes becomes a 409 naming every clashing occurrence.
pub fn series_error(err: SeriesError) -> ApiError {
    match err {
        SeriesError::Store(e) => e.into(),
        SeriesError::Clashes(clashes) => ApiError::DoubleBooking {
            message: format!(
                "{} occurrence(s) clash with other bookings: nothing was written (on_conflict: skip books the rest)",
                clashes.len()
            ),
            clashes: clashes.into_iter().map(clash_view).collect(),
        },
    }
}
