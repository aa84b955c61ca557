//! Demo data for a first look: loaded by `knead dev` when the database holds no practice.

use knead_domain::{CancellationWindow, PracticeName, PracticeSlug, TimeZone};
use knead_persistence::practices::{self, NewPractice};
use knead_persistence::{AsyncPgConnection, StoreError};

/// What the demo loader created, for the start-up banner.
#[derive(Debug, Default)]
pub struct DemoSummary {
    pub practice_slug: Option<String>,
}

/// Loads the demo practice unless the database already holds a practice.
pub async fn load_if_empty(conn: &mut AsyncPgConnection) -> Result<DemoSummary, StoreError> {
    if practices::count(conn).await? > 0 {
        return Ok(DemoSummary::default());
    }
    let parse = |field: &str, err: knead_domain::Invalid| {
        StoreError::Corrupt(format!("demo {field}: {err}"))
    };
    let practice = practices::insert(
        conn,
        NewPractice {
            name: PracticeName::parse("Stride Sports Massage").map_err(|e| parse("name", e))?,
            slug: PracticeSlug::parse("stride").map_err(|e| parse("slug", e))?,
            time_zone: TimeZone::parse("America/Denver").map_err(|e| parse("zone", e))?,
            cancellation_window: CancellationWindow::DEFAULT,
            address: Some("1850 Folsom St, Boulder, CO 80302".into()),
        },
    )
    .await?;
    Ok(DemoSummary {
        practice_slug: Some(practice.slug.as_str().to_owned()),
    })
}
