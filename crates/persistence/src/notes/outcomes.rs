//! The technique-outcome report: its totals, kept in `outcome_totals` as notes are signed (one
//! row per month, region, technique and client), and the report read from them. Months the
//! report's dates cut are read from the notes themselves, so every answer is exact: the same
//! as [`from_notes`], which reads only the notes and is kept to check the totals against.

use super::reports::TechniqueOutcome;
use crate::StoreError;
use chrono::{Datelike, NaiveDate};
use diesel::sql_types::{Array, Date, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::PracticeId;
use knead_domain::clinical::{BodyRegion, Side};
use uuid::Uuid;

type Query = diesel::query_builder::BoxedSqlQuery<'static, diesel::pg::Pg, diesel::query_builder::SqlQuery>;

/// The measurements of signed notes: each (technique application, pain score) pair once, the
/// score on the same region and on a side the technique reached (`Side::technique_reaches`).
/// DISTINCT because one application on both the left and the right reaches a bilateral score
/// twice through the join. `$1` is the practice; `conditions` narrow it further.
fn measured(conditions: &str) -> String {
    format!(
        "SELECT DISTINCT t.technique, t.note_id, t.position, n.client_id, n.session_date,
                         p.region, p.side, p.before, p.after
         FROM session_note_techniques t
         JOIN session_notes n ON n.practice_id = t.practice_id AND n.id = t.note_id
         JOIN session_note_pain p ON p.practice_id = t.practice_id AND p.note_id = t.note_id
                                 AND p.region = t.region AND (t.side, p.side) IN ({})
         WHERE t.practice_id = $1 AND n.practice_id = $1 AND n.status = 'signed' {conditions}",
        reaching_sides_sql()
    )
}

/// [`measured`] for the notes named in `$2` (an array of ids), note by note through the keys.
/// A practice being generated has no statistics yet: planned as one join, PostgreSQL took its
/// few pain rows for certain and read all of them against every id (a hundred million rows
/// filtered for a chunk of a thousand notes, ten seconds). `OFFSET 0` keeps the subquery from
/// being merged into such a join, so each id is looked up by its notes' primary keys.
fn measured_notes() -> String {
    format!(
        "SELECT m.* FROM unnest($2::uuid[]) AS named (id)
         CROSS JOIN LATERAL ({} OFFSET 0) AS m",
        measured("AND n.id = named.id AND t.note_id = named.id AND p.note_id = named.id")
    )
}

/// The side pairs, as SQL row literals generated from the domain's rule (the sides are the
/// closed vocabulary's own words, never input).
fn reaching_sides_sql() -> String {
    Side::reaching_pairs()
        .into_iter()
        .map(|(technique, pain)| format!("('{}', '{}')", technique.as_str(), pain.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds the newly signed `notes` to the practice's totals; called in the signing transaction.
/// Rows are upserted in key order, so two signings touching the same totals wait for each other
/// rather than deadlock.
pub async fn record_signed(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    notes: &[Uuid],
) -> Result<usize, StoreError> {
    if notes.is_empty() {
        return Ok(0);
    }
    let sql = format!(
        "WITH measured AS ({}),
         per_region AS (
             SELECT technique, note_id, client_id, session_date, region,
                    count(*) AS measurements, sum(before) AS sum_before, sum(after) AS sum_after,
                    region = min(region) OVER (PARTITION BY technique, note_id) AS first_region
             FROM measured
             GROUP BY technique, note_id, client_id, session_date, region)
         INSERT INTO outcome_totals AS o (practice_id, month, region, technique, client_id, sessions,
                                          first_region_sessions, measurements, sum_before, sum_after)
         SELECT $1, date_trunc('month', session_date)::date AS month, region, technique, client_id,
                count(*), count(*) FILTER (WHERE first_region), sum(measurements), sum(sum_before),
                sum(sum_after)
         FROM per_region
         GROUP BY 2, 3, 4, 5
         ORDER BY 2, 3, 4, 5
         ON CONFLICT (practice_id, month, region, technique, client_id) DO UPDATE SET
             sessions = o.sessions + excluded.sessions,
             first_region_sessions = o.first_region_sessions + excluded.first_region_sessions,
             measurements = o.measurements + excluded.measurements,
             sum_before = o.sum_before + excluded.sum_before,
             sum_after = o.sum_after + excluded.sum_after",
        measured_notes()
    );
    Ok(diesel::sql_query(sql)
        .bind::<SqlUuid, _>(practice.0)
        .bind::<Array<SqlUuid>, _>(notes)
        .execute(conn)
        .await?)
}

/// The report's filter: a region, and session dates in `[from, to)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutcomeFilter {
    pub region: Option<BodyRegion>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// How a date range falls on months: whole months read from the totals, `[start, end)` from
/// the notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Split {
    /// The first whole month and the month after the last (unbounded when `None`); `None` in
    /// `whole` when no month is whole.
    whole: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
    /// Date ranges read from the notes (a cut month at either end).
    cut: [Option<(NaiveDate, NaiveDate)>; 2],
}

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month_start(d: NaiveDate) -> NaiveDate {
    month_start(d).checked_add_months(chrono::Months::new(1)).unwrap_or(d)
}

fn split(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Split {
    let first = from.map(|f| if f.day() == 1 { f } else { next_month_start(f) });
    let end = to.map(month_start);
    if let (Some(f), Some(t), Some(first), Some(end)) = (from, to, first, end)
        && first >= end
    {
        return Split {
            whole: None,
            cut: [(f < t).then_some((f, t)), None],
        };
    }
    Split {
        whole: Some((first, end)),
        cut: [
            from.zip(first).filter(|(f, first)| f < first),
            to.zip(end).filter(|(t, end)| end < t).map(|(t, end)| (end, t)),
        ],
    }
}

/// Outcomes per technique over signed notes, from the totals (and the notes of cut months).
pub async fn technique_outcomes(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    filter: OutcomeFilter,
) -> Result<Vec<TechniqueOutcome>, StoreError> {
    Ok(outcomes_query(practice, filter).load(conn).await?)
}

/// The report's query with its parameters bound (for running and for `EXPLAIN`).
pub fn outcomes_query(practice: PracticeId, filter: OutcomeFilter) -> Query {
    let parts = split(filter.from, filter.to);
    let mut binds = Binds::new(practice, filter.region);
    let mut sources = Vec::new();
    if let Some((first, end)) = parts.whole {
        // Over all regions a note counts once per technique: on its first region only.
        let sessions = if filter.region.is_some() {
            "sessions"
        } else {
            "first_region_sessions"
        };
        let mut sql = format!(
            "SELECT technique, client_id, {sessions}::int8 AS sessions, measurements::int8 AS measurements,
                    sum_before, sum_after, NULL::uuid AS note_id
             FROM outcome_totals WHERE practice_id = $1"
        );
        if filter.region.is_some() {
            sql.push_str(" AND region = $2");
        }
        if let Some(first) = first {
            sql.push_str(&format!(" AND month >= {}", binds.date(first)));
        }
        if let Some(end) = end {
            sql.push_str(&format!(" AND month < {}", binds.date(end)));
        }
        sources.push(sql);
    }
    let cuts: Vec<String> = parts
        .cut
        .into_iter()
        .flatten()
        .map(|(start, end)| {
            format!(
                "(n.session_date >= {} AND n.session_date < {})",
                binds.date(start),
                binds.date(end)
            )
        })
        .collect();
    if !cuts.is_empty() {
        sources.push(from_notes_source(
            filter.region,
            &format!("AND ({})", cuts.join(" OR ")),
        ));
    }
    if sources.is_empty() {
        // An empty range (`from` = `to`): the report's shape, with no rows.
        sources.push(from_notes_source(filter.region, "AND false"));
    }
    binds.finish(&sources)
}

/// The same report computed from the notes alone, ignoring the totals.
pub fn from_notes(practice: PracticeId, filter: OutcomeFilter) -> Query {
    let mut binds = Binds::new(practice, filter.region);
    let mut conditions = String::new();
    if let Some(from) = filter.from {
        conditions.push_str(&format!(" AND n.session_date >= {}", binds.date(from)));
    }
    if let Some(to) = filter.to {
        conditions.push_str(&format!(" AND n.session_date < {}", binds.date(to)));
    }
    let source = from_notes_source(filter.region, &conditions);
    binds.finish(&[source])
}

/// Rows of the report's shape from the notes: one per measurement, `note_id` to count
/// sessions by.
fn from_notes_source(region: Option<BodyRegion>, conditions: &str) -> String {
    let region = if region.is_some() { " AND t.region = $2" } else { "" };
    format!(
        "SELECT technique, client_id, 0::int8 AS sessions, 1::int8 AS measurements,
                before::int8 AS sum_before, after::int8 AS sum_after, note_id
         FROM ({}) AS m",
        measured(&format!("{region} {conditions}"))
    )
}

/// Parameters in the order the SQL names them: the practice, the region when there is one,
/// then dates.
struct Binds {
    practice: PracticeId,
    region: Option<BodyRegion>,
    dates: Vec<NaiveDate>,
}

impl Binds {
    fn new(practice: PracticeId, region: Option<BodyRegion>) -> Self {
        Self {
            practice,
            region,
            dates: Vec::new(),
        }
    }

    fn date(&mut self, d: NaiveDate) -> String {
        self.dates.push(d);
        format!("${}", 1 + usize::from(self.region.is_some()) + self.dates.len())
    }

    /// The report over the union of `sources`: sessions are the totals' counts plus the
    /// distinct notes of the rows read from notes (whose `note_id` is set).
    fn finish(self, sources: &[String]) -> Query {
        let sql = format!(
            "SELECT technique,
                    (sum(sessions) + count(DISTINCT note_id))::int8 AS sessions,
                    count(DISTINCT client_id) AS clients,
                    sum(measurements)::int8 AS measurements,
                    (sum(sum_before)::float8 / sum(measurements)::float8) AS mean_before,
                    (sum(sum_after)::float8 / sum(measurements)::float8) AS mean_after
             FROM ({}) AS rows
             GROUP BY technique ORDER BY technique",
            sources.join(" UNION ALL ")
        );
        let mut query = diesel::sql_query(sql).into_boxed().bind::<SqlUuid, _>(self.practice.0);
        if let Some(region) = self.region {
            query = query.bind::<Text, _>(region.as_str());
        }
        for d in self.dates {
            query = query.bind::<Date, _>(d);
        }
        query
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn whole_months_come_from_the_totals_and_cut_ones_from_the_notes() {
        assert_eq!(
            split(None, None),
            Split {
                whole: Some((None, None)),
                cut: [None, None]
            }
        );
        assert_eq!(
            split(Some(d(2026, 1, 1)), Some(d(2026, 3, 1))),
            Split {
                whole: Some((Some(d(2026, 1, 1)), Some(d(2026, 3, 1)))),
                cut: [None, None]
            }
        );
        assert_eq!(
            split(Some(d(2026, 1, 10)), Some(d(2026, 3, 20))),
            Split {
                whole: Some((Some(d(2026, 2, 1)), Some(d(2026, 3, 1)))),
                cut: [
                    Some((d(2026, 1, 10), d(2026, 2, 1))),
                    Some((d(2026, 3, 1), d(2026, 3, 20)))
                ]
            }
        );
        assert_eq!(
            split(Some(d(2026, 1, 10)), None),
            Split {
                whole: Some((Some(d(2026, 2, 1)), None)),
                cut: [Some((d(2026, 1, 10), d(2026, 2, 1))), None]
            }
        );
        assert_eq!(
            split(None, Some(d(2026, 3, 20))),
            Split {
                whole: Some((None, Some(d(2026, 3, 1)))),
                cut: [None, Some((d(2026, 3, 1), d(2026, 3, 20)))]
            }
        );
        // Inside one month, or across a month's end without a whole month: all from the notes.
        assert_eq!(
            split(Some(d(2026, 1, 10)), Some(d(2026, 1, 20))),
            Split {
                whole: None,
                cut: [Some((d(2026, 1, 10), d(2026, 1, 20))), None]
            }
        );
        assert_eq!(
            split(Some(d(2026, 1, 10)), Some(d(2026, 2, 20))),
            Split {
                whole: None,
                cut: [Some((d(2026, 1, 10), d(2026, 2, 20))), None]
            }
        );
        // An empty range reads nothing.
        for day in [1, 10] {
            let empty = split(Some(d(2026, 2, day)), Some(d(2026, 2, day)));
            assert_eq!(
                empty,
                Split {
                    whole: None,
                    cut: [None, None]
                }
            );
        }
    }

    #[test]
    fn parameters_are_numbered_in_the_order_they_are_bound() {
        let mut with_region = Binds::new(PracticeId(Uuid::nil()), Some(BodyRegion::Calf));
        assert_eq!(with_region.date(d(2026, 1, 1)), "$3");
        assert_eq!(with_region.date(d(2026, 2, 1)), "$4");
        let mut without = Binds::new(PracticeId(Uuid::nil()), None);
        assert_eq!(without.date(d(2026, 1, 1)), "$2");
    }
}
