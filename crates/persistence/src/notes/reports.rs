//! Reports over signed notes: a technique's outcomes (the row; read in [`super::outcomes`]),
//! and a client's pain over time.

use crate::StoreError;
use crate::schema::{session_note_pain as pain, session_notes as notes};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::clinical::BodyRegion;
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
