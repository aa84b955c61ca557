//! Listing notes: filters, keyset pages, and the plan of the first page (for index tests).

use super::{SessionNote, find_many};
use crate::StoreError;
use crate::schema::{session_note_techniques as techniques, session_notes as notes};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::clinical::BodyRegion;
use knead_domain::{ClientId, PracticeId, StaffId, Technique};
use uuid::Uuid;

/// Filters for listing notes; all optional.
#[derive(Debug, Clone, Default)]
pub struct NoteFilter {
    pub client_id: Option<ClientId>,
    pub therapist_id: Option<StaffId>,
    pub technique: Option<Technique>,
    /// Notes with a technique applied to this region.
    pub region: Option<BodyRegion>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Newest session first, then id; the cursor is the last note's `(session_date, id)`.
type NoteIdQuery = notes::BoxedQuery<'static, diesel::pg::Pg, diesel::sql_types::Uuid>;

/// The query for one page of note ids, built once for running and for `EXPLAIN`.
fn list_query(practice: PracticeId, filter: &NoteFilter, after: Option<(NaiveDate, Uuid)>, limit: i64) -> NoteIdQuery {
    use diesel::dsl::{exists, sql};
    use diesel::sql_types::{Bool, Date, Uuid as SqlUuid};
    let mut query = notes::table
        .into_boxed()
        .select(notes::id)
        .filter(notes::practice_id.eq(practice.0))
        .order((notes::session_date.desc(), notes::id.asc()))
        .limit(limit);
    if let Some(client) = filter.client_id {
        query = query.filter(notes::client_id.eq(client.0));
    }
    if let Some(therapist) = filter.therapist_id {
        query = query.filter(notes::therapist_id.eq(therapist.0));
    }
    if let Some(from) = filter.from {
        query = query.filter(notes::session_date.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(notes::session_date.lt(to));
    }
    if let Some(technique) = filter.technique {
        query = query.filter(exists(
            techniques::table
                .filter(techniques::practice_id.eq(notes::practice_id))
                .filter(techniques::note_id.eq(notes::id))
                .filter(techniques::technique.eq(technique.as_str())),
        ));
    }
    if let Some(region) = filter.region {
        query = query.filter(exists(
            techniques::table
                .filter(techniques::practice_id.eq(notes::practice_id))
                .filter(techniques::note_id.eq(notes::id))
                .filter(techniques::region.eq(region.as_str())),
        ));
    }
    if let Some((date, id)) = after {
        query = query.filter(
            sql::<Bool>("(session_date < ")
                .bind::<Date, _>(date)
                .sql(" OR (session_date = ")
                .bind::<Date, _>(date)
                .sql(" AND id > ")
                .bind::<SqlUuid, _>(id)
                .sql("))"),
        );
    }
    query
}

pub async fn list(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    filter: &NoteFilter,
    after: Option<(NaiveDate, Uuid)>,
    limit: i64,
) -> Result<Vec<SessionNote>, StoreError> {
    let ids: Vec<Uuid> = list_query(practice, filter, after, limit).load(conn).await?;
    find_many(conn, practice, &ids).await
}

/// PostgreSQL's plan for the first page of [`list`] (`EXPLAIN (FORMAT JSON)`).
pub async fn explain_list(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    filter: &NoteFilter,
    limit: i64,
) -> Result<serde_json::Value, StoreError> {
    crate::explain::explain(conn, list_query(practice, filter, None, limit)).await
}
