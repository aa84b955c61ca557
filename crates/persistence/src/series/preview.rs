//! What creating a series would book, without writing: the same plan and the same clash
//! read as [`crate::series::edit::create`], so a preview and the create that follows agree.

use crate::Connection as AsyncPgConnection;
use crate::StoreError;
use crate::series::SeriesTerms;
use crate::series::plan::{self as series_plan, Clash};
use chrono::{DateTime, Utc};
use knead_domain::PracticeId;
use knead_domain::recurrence::HORIZON;
use knead_domain::recurrence::{PlannedOccurrence, Series};

/// One occurrence a create would book, and the booking in its way, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Previewed {
    pub occurrence: PlannedOccurrence,
    pub clash: Option<Clash>,
}

/// The occurrences from the first start to the horizon, each with its clash (one read).
pub async fn preview(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    terms: &SeriesTerms,
    series: &Series,
    now: DateTime<Utc>,
) -> Result<Vec<Previewed>, StoreError> {
    let planned = series.occurrences_between(series.pattern().first_start(), now + HORIZON);
    let wanted = knead_domain::recurrence::to_book(&planned, &[]);
    let mut clashes = series_plan::clashes(conn, practice, terms, &wanted).await?;
    Ok(wanted
        .into_iter()
        .map(|occurrence| {
            let at = clashes.iter().position(|c| c.recurrence_id == occurrence.recurrence_id);
            Previewed {
                occurrence,
                clash: at.map(|i| clashes.swap_remove(i)),
            }
        })
        .collect())
}
