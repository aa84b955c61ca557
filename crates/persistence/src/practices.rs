//! The practices repository.

use crate::{StoreError, schema::practices};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::care::Conventions;
use knead_domain::{CancellationWindow, IdleLogoff, PracticeId, PracticeName, PracticeSlug, TimeZone};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = practices, check_for_backend(diesel::pg::Pg))]
struct PracticeRow {
    id: Uuid,
    name: String,
    slug: String,
    time_zone: String,
    cancellation_window_hours: i32,
    address: Option<String>,
    idle_logoff_minutes: i32,
    require_second_factor: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
    care_conventions: Option<serde_json::Value>,
    reminder_lead_hours: Option<i32>,
}

/// The hours a reminder may be sent ahead of a session.
pub const REMINDER_LEAD_HOURS: std::ops::RangeInclusive<u8> = 1..=168;
/// A new practice's reminder lead time.
pub const DEFAULT_REMINDER_LEAD_HOURS: u8 = 24;

/// A practice as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Practice {
    pub id: PracticeId,
    pub name: PracticeName,
    pub slug: PracticeSlug,
    pub time_zone: TimeZone,
    pub cancellation_window: CancellationWindow,
    pub address: Option<String>,
    pub idle_logoff: IdleLogoff,
    /// The practice's care conventions (the documented defaults unless it changed them).
    pub care: Conventions,
    /// Whether everyone must sign in with a second factor.
    pub require_second_factor: bool,
    /// Hours before a session its client is emailed a reminder; `None`: no reminders.
    pub reminder_lead_hours: Option<u8>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// What it takes to create a practice.
#[derive(Debug, Clone)]
pub struct NewPractice {
    pub name: PracticeName,
    pub slug: PracticeSlug,
    pub time_zone: TimeZone,
    pub cancellation_window: CancellationWindow,
    pub address: Option<String>,
}

impl TryFrom<PracticeRow> for Practice {
    type Error = StoreError;
    fn try_from(row: PracticeRow) -> Result<Self, StoreError> {
        let corrupt = |field: &str, err: knead_domain::Invalid| {
            StoreError::Corrupt(format!("practice {} {field}: {err}", row.id))
        };
        Ok(Self {
            id: PracticeId(row.id),
            name: PracticeName::parse(&row.name).map_err(|e| corrupt("name", e))?,
            slug: PracticeSlug::parse(&row.slug).map_err(|e| corrupt("slug", e))?,
            time_zone: TimeZone::parse(&row.time_zone).map_err(|e| corrupt("time_zone", e))?,
            cancellation_window: CancellationWindow::hours(row.cancellation_window_hours.into())
                .map_err(|e| corrupt("cancellation_window_hours", e))?,
            address: row.address,
            idle_logoff: IdleLogoff::minutes(row.idle_logoff_minutes.into())
                .map_err(|e| corrupt("idle_logoff_minutes", e))?,
            care: match row.care_conventions {
                None => Conventions::DEFAULT,
                Some(value) => serde_json::from_value::<Conventions>(value)
                    .map_err(|e| corrupt("care_conventions", knead_domain::Invalid::new(e.to_string())))?
                    .check()
                    .map_err(|(_, e)| corrupt("care_conventions", e))?,
            },
            require_second_factor: row.require_second_factor,
            reminder_lead_hours: row
                .reminder_lead_hours
                .map(|h| {
                    u8::try_from(h)
                        .ok()
                        .filter(|h| REMINDER_LEAD_HOURS.contains(h))
                        .ok_or_else(|| corrupt("reminder_lead_hours", knead_domain::Invalid::new(h.to_string())))
                })
                .transpose()?,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        })
    }
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    new: NewPractice,
    now: DateTime<Utc>,
) -> Result<Practice, StoreError> {
    let row = PracticeRow {
        id: PracticeId::new().0,
        name: new.name.as_str().to_owned(),
        slug: new.slug.as_str().to_owned(),
        time_zone: new.time_zone.name().to_owned(),
        cancellation_window_hours: new.cancellation_window.get().into(),
        address: new.address,
        idle_logoff_minutes: IdleLogoff::DEFAULT.get().into(),
        require_second_factor: false,
        created_at: now,
        updated_at: now,
        version: 1,
        care_conventions: None,
        reminder_lead_hours: Some(DEFAULT_REMINDER_LEAD_HOURS.into()),
    };
    let stored: PracticeRow = diesel::insert_into(practices::table)
        .values(&row)
        .returning(PracticeRow::as_returning())
        .get_result(conn)
        .await?;
    stored.try_into()
}

pub async fn find(conn: &mut AsyncPgConnection, id: PracticeId) -> Result<Practice, StoreError> {
    let row: PracticeRow = practices::table
        .find(id.0)
        .select(PracticeRow::as_select())
        .first(conn)
        .await?;
    row.try_into()
}

pub async fn count(conn: &mut AsyncPgConnection) -> Result<i64, StoreError> {
    Ok(practices::table.count().get_result(conn).await?)
}

/// Settings an owner may change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct PracticeChanges {
    pub name: Option<PracticeName>,
    pub time_zone: Option<TimeZone>,
    pub cancellation_window: Option<CancellationWindow>,
    pub address: Option<Option<String>>,
    pub idle_logoff: Option<IdleLogoff>,
    pub care: Option<Conventions>,
    /// Set through [`crate::second_factors::update_practice`], which revokes logins without it.
    pub require_second_factor: Option<bool>,
    /// `Some(None)` turns reminders off.
    pub reminder_lead_hours: Option<Option<u8>>,
}

/// Applies `changes` if the stored version is `expected_version` (else [`StoreError::Stale`]);
/// `None` accepts any version.
pub async fn update(
    conn: &mut AsyncPgConnection,
    id: PracticeId,
    expected_version: Option<i64>,
    changes: PracticeChanges,
    now: DateTime<Utc>,
) -> Result<Practice, StoreError> {
    let current = find(conn, id).await?;
    // `None`: the caller accepts any version (`If-Match: *`).
    let expected_version = expected_version.unwrap_or(current.version);
    if current.version != expected_version {
        return Err(StoreError::Stale);
    }
    let row: Option<PracticeRow> = diesel::update(
        practices::table
            .find(id.0)
            .filter(practices::version.eq(expected_version)),
    )
    .set((
        practices::name.eq(changes.name.as_ref().unwrap_or(&current.name).as_str()),
        practices::time_zone.eq(changes.time_zone.unwrap_or(current.time_zone).name()),
        practices::cancellation_window_hours.eq(i32::from(
            changes.cancellation_window.unwrap_or(current.cancellation_window).get(),
        )),
        practices::address.eq(changes.address.unwrap_or(current.address)),
        practices::idle_logoff_minutes.eq(i32::from(changes.idle_logoff.unwrap_or(current.idle_logoff).get())),
        practices::care_conventions.eq(conventions_json(changes.care.unwrap_or(current.care))?),
        practices::require_second_factor.eq(changes.require_second_factor.unwrap_or(current.require_second_factor)),
        practices::reminder_lead_hours.eq(changes
            .reminder_lead_hours
            .unwrap_or(current.reminder_lead_hours)
            .map(i32::from)),
        practices::version.eq(expected_version + 1),
        practices::updated_at.eq(now),
    ))
    .returning(PracticeRow::as_returning())
    .get_result(conn)
    .await
    .optional()?;
    row.ok_or(StoreError::Stale)?.try_into()
}

pub async fn find_by_slug(conn: &mut AsyncPgConnection, slug: &str) -> Result<Practice, StoreError> {
    let row: PracticeRow = practices::table
        .filter(practices::slug.eq(slug))
        .select(PracticeRow::as_select())
        .first(conn)
        .await?;
    row.try_into()
}

/// The conventions as stored: null while they are the defaults, so a later change of the
/// defaults reaches every practice that never set its own.
fn conventions_json(care: Conventions) -> Result<Option<serde_json::Value>, StoreError> {
    if care == Conventions::DEFAULT {
        return Ok(None);
    }
    serde_json::to_value(care)
        .map(Some)
        .map_err(|e| StoreError::Corrupt(format!("care conventions: {e}")))
}
