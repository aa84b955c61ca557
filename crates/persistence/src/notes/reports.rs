//! Reports over signed notes: outcomes per technique, and a client's pain over time.

use crate::StoreError;
use crate::schema::{session_note_pain as pain, session_notes as notes};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::clinical::{BodyRegion, Side};
use knead_domain::{ClientId, PracticeId};

/// One technique's outcomes: sessions, clients, and pain before/after on the regions it was
/// applied to.
#[derive(Debug, Clone, PartialEq, diesel::QueryableByName)]
pub struct TechniqueOutcome {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub technique: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub sessions: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub clients: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub measurements: i64,
    #[diesel(sql_type = diesel::sql_types::Double)]
    pub mean_before: f64,
    #[diesel(sql_type = diesel::sql_types::Double)]
    pub mean_after: f64,
}

/// The measurements: each (technique application, pain score) pair once, the score on the
/// same region and on a side the technique reached. DISTINCT because one application on both
/// the left and the right reaches a bilateral score twice through the join.
const MEASUREMENTS: &str = "
    SELECT DISTINCT t.technique, t.note_id, t.position, n.client_id, p.region, p.side, p.before, p.after
    FROM session_note_techniques t
    JOIN session_notes n ON n.practice_id = t.practice_id AND n.id = t.note_id
    JOIN session_note_pain p ON p.practice_id = t.practice_id AND p.note_id = t.note_id
                            AND p.region = t.region AND (t.side, p.side) IN (";

const OUTCOMES_WHERE: &str = ")
    WHERE t.practice_id = $1 AND n.practice_id = $1 AND n.status = 'signed'";

const PER_TECHNIQUE: &str = "
    SELECT technique,
           count(DISTINCT note_id) AS sessions,
           count(DISTINCT client_id) AS clients,
           count(*) AS measurements,
           avg(before)::float8 AS mean_before,
           avg(after)::float8 AS mean_after
    FROM (";

/// The side pairs the report joins on, as SQL row literals, generated from the domain's rule
/// `Side::technique_reaches` (the sides are the closed vocabulary's own words, never input).
fn reaching_sides_sql() -> String {
    Side::reaching_pairs()
        .into_iter()
        .map(|(technique, pain)| format!("('{}', '{}')", technique.as_str(), pain.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Outcomes per technique over signed notes, counting only the regions each technique was
/// applied to (a pain score on a region the technique did not touch is not its outcome), and
/// on those regions only the sides it reached (`Side::technique_reaches`: a one-sided
/// technique counts a bilateral score, a bilateral technique a one-sided score).
pub async fn technique_outcomes(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    region: Option<BodyRegion>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<TechniqueOutcome>, StoreError> {
    Ok(outcomes_query(practice, region, from, to).load(conn).await?)
}

/// The report's query with its parameters bound (for running and for `EXPLAIN`).
pub fn outcomes_query(
    practice: PracticeId,
    region: Option<BodyRegion>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> diesel::query_builder::BoxedSqlQuery<'static, diesel::pg::Pg, diesel::query_builder::SqlQuery> {
    use diesel::sql_types::{Date, Text, Uuid as SqlUuid};
    // Only the conditions that apply, so each can use its index (an `$n IS NULL OR …` would not).
    let mut sql = format!("{PER_TECHNIQUE}{MEASUREMENTS}{}{OUTCOMES_WHERE}", reaching_sides_sql());
    let mut n = 1;
    let mut next = || {
        n += 1;
        n
    };
    if region.is_some() {
        sql.push_str(&format!(" AND t.region = ${}", next()));
    }
    if from.is_some() {
        sql.push_str(&format!(" AND n.session_date >= ${}", next()));
    }
    if to.is_some() {
        sql.push_str(&format!(" AND n.session_date < ${}", next()));
    }
    sql.push_str(") AS m GROUP BY technique ORDER BY technique");
    let mut query = diesel::sql_query(sql).into_boxed().bind::<SqlUuid, _>(practice.0);
    if let Some(region) = region {
        query = query.bind::<Text, _>(region.as_str());
    }
    if let Some(from) = from {
        query = query.bind::<Date, _>(from);
    }
    if let Some(to) = to {
        query = query.bind::<Date, _>(to);
    }
    query
}

/// Pain before and after, per region, from a client's notes (every side as scored: no
/// technique is matched here, so the report's side rule does not apply): `(session date, region, side,
/// before, after)` in date order.
pub async fn pain_for_client(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    client: ClientId,
    region: Option<BodyRegion>,
) -> Result<Vec<(NaiveDate, String, String, i32, i32)>, StoreError> {
    let mut query = pain::table
        .inner_join(
            notes::table.on(notes::practice_id
                .eq(pain::practice_id)
                .and(notes::id.eq(pain::note_id))),
        )
        .filter(pain::practice_id.eq(practice.0))
        .filter(notes::client_id.eq(client.0))
        .select((notes::session_date, pain::region, pain::side, pain::before, pain::after))
        .order((notes::session_date, notes::id, pain::region, pain::side))
        .into_boxed();
    if let Some(region) = region {
        query = query.filter(pain::region.eq(region.as_str()));
    }
    Ok(query.load(conn).await?)
}
