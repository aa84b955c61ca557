//! Demo data for a first look: loaded by `knead dev` when the database holds no practice.
//! A practice in Boulder with an owner, two therapists and a front-desk login.

use knead_domain::{CancellationWindow, DisplayName, Email, PracticeName, PracticeSlug, Role, Technique, TimeZone};
use knead_persistence::practices::{self, NewPractice};
use knead_persistence::staff::{self, NewStaff};
use knead_persistence::{AsyncPgConnection, StoreError};

/// The demo logins' shared password.
pub const DEMO_PASSWORD: &str = "stride-demo-2026";

/// What the demo loader created, for the start-up banner.
#[derive(Debug, Default)]
pub struct DemoSummary {
    pub practice_slug: Option<String>,
    /// (email, role) of each demo login.
    pub logins: Vec<(String, Role)>,
}

/// email, name, role, credentials, techniques
type DemoPerson = (
    &'static str,
    &'static str,
    Role,
    Option<&'static str>,
    &'static [Technique],
);

fn parsed<T>(field: &str, result: Result<T, knead_domain::Invalid>) -> Result<T, StoreError> {
    result.map_err(|e| StoreError::Corrupt(format!("demo {field}: {e}")))
}

/// Loads the demo practice unless the database already holds a practice.
pub async fn load_if_empty(conn: &mut AsyncPgConnection, password_hash: &str) -> Result<DemoSummary, StoreError> {
    if practices::count(conn).await? > 0 {
        return Ok(DemoSummary::default());
    }
    let practice = practices::insert(
        conn,
        NewPractice {
            name: parsed("name", PracticeName::parse("Stride Sports Massage"))?,
            slug: parsed("slug", PracticeSlug::parse("stride"))?,
            time_zone: parsed("zone", TimeZone::parse("America/Denver"))?,
            cancellation_window: CancellationWindow::DEFAULT,
            address: Some("1850 Folsom St, Boulder, CO 80302".into()),
        },
    )
    .await?;
    let people: [DemoPerson; 4] = [
        ("owner@stride.example", "Riley Owens", Role::Owner, None, &[]),
        (
            "maya@stride.example",
            "Maya Chen",
            Role::Therapist,
            Some("LMT"),
            &[
                Technique::SportsMassage,
                Technique::DeepTissue,
                Technique::MyofascialRelease,
                Technique::Cupping,
            ],
        ),
        (
            "jordan@stride.example",
            "Jordan Diaz",
            Role::Therapist,
            Some("LMT, CSCS"),
            &[
                Technique::TriggerPoint,
                Technique::ActiveRelease,
                Technique::Stretching,
                Technique::InstrumentAssisted,
            ],
        ),
        ("sam@stride.example", "Sam Patel", Role::FrontDesk, None, &[]),
    ];
    let mut logins = Vec::new();
    for (email, name, role, credentials, techniques) in people {
        staff::insert(
            conn,
            NewStaff {
                practice_id: practice.id,
                email: parsed("email", Email::parse(email))?,
                display_name: parsed("display_name", DisplayName::parse(name))?,
                role,
                password_hash: Some(password_hash.to_owned()),
                credentials: credentials.map(str::to_owned),
                licence_number: credentials.map(|_| format!("CO-MT-{:05}", logins.len() * 7919 + 1021)),
                techniques: techniques.to_vec(),
            },
        )
        .await?;
        logins.push((email.to_owned(), role));
    }
    Ok(DemoSummary {
        practice_slug: Some(practice.slug.as_str().to_owned()),
        logins,
    })
}
