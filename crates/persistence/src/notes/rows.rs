//! Row structs of the session note tables and their conversion to and from the domain's
//! `NoteContent`: children (techniques, pain) are rows so they can be indexed and aggregated.

use super::{Amendment, NoteStatus, SessionNote};
use crate::StoreError;
use crate::schema::{session_note_pain as pain, session_note_techniques as techniques, session_notes as notes};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::client::PressurePreference;
use knead_domain::clinical::{BodyRegion, PainIntensity, Side};
use knead_domain::notes::{HomeCare, NoteContent, PainChange, RegionSide, TechniqueApplied};
use knead_domain::{ClientId, PracticeId, StaffId, Technique};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = notes, check_for_backend(diesel::pg::Pg))]
pub(super) struct NoteRow {
    pub(super) practice_id: Uuid,
    pub(super) id: Uuid,
    pub(super) client_id: Uuid,
    pub(super) therapist_id: Uuid,
    pub(super) booking_id: Option<Uuid>,
    pub(super) session_date: NaiveDate,
    pub(super) duration_minutes: i32,
    pub(super) subjective: Option<String>,
    pub(super) objective: Option<String>,
    pub(super) assessment: Option<String>,
    pub(super) plan: Option<String>,
    pub(super) home_care: serde_json::Value,
    pub(super) next_visit_in_days: Option<i32>,
    pub(super) status: String,
    pub(super) signed_at: Option<DateTime<Utc>>,
    pub(super) content_hash: Option<Vec<u8>>,
    pub(super) version: i64,
    pub(super) created_at: DateTime<Utc>,
    pub(super) updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = techniques, check_for_backend(diesel::pg::Pg))]
pub(super) struct TechniqueRow {
    pub(super) practice_id: Uuid,
    pub(super) note_id: Uuid,
    pub(super) position: i32,
    pub(super) technique: String,
    pub(super) region: String,
    pub(super) side: String,
    pub(super) minutes: i32,
    pub(super) pressure: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pain, check_for_backend(diesel::pg::Pg))]
pub(super) struct PainRow {
    pub(super) practice_id: Uuid,
    pub(super) note_id: Uuid,
    pub(super) region: String,
    pub(super) side: String,
    pub(super) before: i32,
    pub(super) after: i32,
}

pub(super) fn corrupt(id: Uuid, what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("session note {id}: {what}"))
}

pub(super) fn assemble(
    row: NoteRow,
    technique_rows: &[TechniqueRow],
    pain_rows: &[PainRow],
    amendments: Vec<Amendment>,
) -> Result<SessionNote, StoreError> {
    let id = row.id;
    let mut applied: Vec<TechniqueApplied> = Vec::new();
    let mut last_position = None;
    for t in technique_rows {
        let region = RegionSide {
            region: BodyRegion::parse(&t.region).map_err(|e| corrupt(id, e))?,
            side: Side::parse(&t.side).map_err(|e| corrupt(id, e))?,
        };
        if last_position == Some(t.position) {
            if let Some(current) = applied.last_mut() {
                current.regions.push(region);
            }
            continue;
        }
        last_position = Some(t.position);
        applied.push(TechniqueApplied {
            technique: Technique::parse(&t.technique).map_err(|e| corrupt(id, e))?,
            regions: vec![region],
            minutes: u16::try_from(t.minutes).map_err(|e| corrupt(id, e))?,
            pressure: PressurePreference::parse(&t.pressure).map_err(|e| corrupt(id, e))?,
        });
    }
    let pain = pain_rows
        .iter()
        .map(|p| {
            Ok(PainChange {
                region: BodyRegion::parse(&p.region).map_err(|e| corrupt(id, e))?,
                side: Side::parse(&p.side).map_err(|e| corrupt(id, e))?,
                before: PainIntensity::new(p.before.into()).map_err(|e| corrupt(id, e))?,
                after: PainIntensity::new(p.after.into()).map_err(|e| corrupt(id, e))?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let home_care: Vec<HomeCare> = serde_json::from_value(row.home_care).map_err(|e| corrupt(id, e))?;
    let status = match (row.status.as_str(), row.signed_at, row.content_hash) {
        ("draft", _, _) => NoteStatus::Draft,
        ("signed", Some(at), Some(hash)) => NoteStatus::Signed { at, hash },
        (other, _, _) => return Err(corrupt(id, format!("status {other}"))),
    };
    Ok(SessionNote {
        practice_id: PracticeId(row.practice_id),
        id,
        client_id: ClientId(row.client_id),
        therapist_id: StaffId(row.therapist_id),
        booking_id: row.booking_id,
        content: NoteContent {
            session_date: row.session_date,
            duration_minutes: u16::try_from(row.duration_minutes).map_err(|e| corrupt(id, e))?,
            subjective: row.subjective,
            objective: row.objective,
            assessment: row.assessment,
            plan: row.plan,
            techniques: applied,
            pain,
            home_care,
            next_visit_in_days: row
                .next_visit_in_days
                .map(u16::try_from)
                .transpose()
                .map_err(|e| corrupt(id, e))?,
        },
        status,
        amendments,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

pub(super) async fn write_children(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    note: Uuid,
    content: &NoteContent,
) -> Result<(), StoreError> {
    diesel::delete(
        techniques::table
            .filter(techniques::practice_id.eq(practice.0))
            .filter(techniques::note_id.eq(note)),
    )
    .execute(conn)
    .await?;
    diesel::delete(
        pain::table
            .filter(pain::practice_id.eq(practice.0))
            .filter(pain::note_id.eq(note)),
    )
    .execute(conn)
    .await?;
    let technique_rows = technique_rows(practice, note, content);
    if !technique_rows.is_empty() {
        diesel::insert_into(techniques::table)
            .values(&technique_rows)
            .execute(conn)
            .await?;
    }
    let pain_rows = pain_rows(practice, note, content);
    if !pain_rows.is_empty() {
        diesel::insert_into(pain::table)
            .values(&pain_rows)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// A note's techniques as rows: one per region each was applied to.
pub(super) fn technique_rows(practice: PracticeId, note: Uuid, content: &NoteContent) -> Vec<TechniqueRow> {
    content
        .techniques
        .iter()
        .enumerate()
        .flat_map(|(position, applied)| {
            applied.regions.iter().map(move |rs| TechniqueRow {
                practice_id: practice.0,
                note_id: note,
                position: position as i32,
                technique: applied.technique.as_str().to_owned(),
                region: rs.region.as_str().to_owned(),
                side: rs.side.as_str().to_owned(),
                minutes: i32::from(applied.minutes),
                pressure: applied.pressure.as_str().to_owned(),
            })
        })
        .collect()
}

/// A note's pain scores as rows.
pub(super) fn pain_rows(practice: PracticeId, note: Uuid, content: &NoteContent) -> Vec<PainRow> {
    content
        .pain
        .iter()
        .map(|p| PainRow {
            practice_id: practice.0,
            note_id: note,
            region: p.region.as_str().to_owned(),
            side: p.side.as_str().to_owned(),
            before: i32::from(p.before.get()),
            after: i32::from(p.after.get()),
        })
        .collect()
}

pub(super) fn home_care_json(content: &NoteContent) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(&content.home_care).map_err(|e| StoreError::Corrupt(e.to_string()))
}
