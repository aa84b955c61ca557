//! Administration behind the command line: creating a practice with its first owner
//! (`knead admin create-practice`) and verifying the audit chains (`knead audit verify`).

use crate::auth::passwords::hash_blocking;
use diesel_async::AsyncConnection;
use knead_domain::{CancellationWindow, DisplayName, Email, NewPassword, PracticeName, PracticeSlug, Role, TimeZone};
use knead_persistence::practices::{self, NewPractice};
use knead_persistence::staff::{self, NewStaff};
use knead_persistence::{AsyncPgConnection, StoreError};

#[derive(Debug)]
pub struct NewPracticeInput {
    pub name: String,
    pub slug: String,
    pub zone: String,
    pub owner_email: String,
    pub owner_name: String,
    pub password: String,
}

#[derive(Debug)]
pub struct CreatedPractice {
    pub practice_id: uuid::Uuid,
    pub slug: String,
    pub owner_email: String,
}

pub async fn create_practice(conn: &mut AsyncPgConnection, input: NewPracticeInput) -> anyhow::Result<CreatedPractice> {
    let field = |name: &'static str| move |e: knead_domain::Invalid| anyhow::anyhow!("{name} {e}");
    let practice = NewPractice {
        name: PracticeName::parse(&input.name).map_err(field("name"))?,
        slug: PracticeSlug::parse(&input.slug).map_err(field("slug"))?,
        time_zone: TimeZone::parse(&input.zone).map_err(field("zone"))?,
        cancellation_window: CancellationWindow::DEFAULT,
        address: None,
    };
    let email = Email::parse(&input.owner_email).map_err(field("owner email"))?;
    let display_name = DisplayName::parse(&input.owner_name).map_err(field("owner name"))?;
    let password = NewPassword::parse(&input.password).map_err(field("password"))?;
    let hash = actix_web::web::block(move || hash_blocking(password.expose())).await??;
    let created = conn
        .transaction(async |conn| {
            let practice = practices::insert(conn, practice).await?;
            let owner = NewStaff {
                practice_id: practice.id,
                email,
                display_name,
                role: Role::Owner,
                password_hash: Some(hash),
                credentials: None,
                licence_number: None,
                techniques: Vec::new(),
            };
            let owner = staff::insert(conn, owner).await?;
            Ok::<_, StoreError>((practice, owner))
        })
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => {
                anyhow::anyhow!("a practice with slug `{}` already exists", input.slug)
            }
            other => other.into(),
        })?;
    Ok(CreatedPractice {
        practice_id: created.0.id.0,
        slug: created.0.slug.as_str().to_owned(),
        owner_email: created.1.email.as_str().to_owned(),
    })
}

/// Every practice's audit chain, verified: the number of events, or the first break.
pub async fn verify_audit_chains(
    conn: &mut AsyncPgConnection,
) -> Result<Vec<(uuid::Uuid, Result<usize, knead_domain::audit::ChainBreak>)>, StoreError> {
    let chains = knead_persistence::audit::chains(conn).await?;
    Ok(chains
        .into_iter()
        .map(|(practice, (head_seq, head_hash), events)| {
            (
                practice,
                knead_domain::audit::verify(&events, Some((head_seq, &head_hash))),
            )
        })
        .collect())
}

/// Every signed note whose content no longer matches the hash taken at signing, or whose
/// amendment chain is broken (practice, note, what is wrong), and how many were checked.
pub async fn verify_signed_notes(
    conn: &mut AsyncPgConnection,
) -> Result<(usize, Vec<(uuid::Uuid, uuid::Uuid, String)>), StoreError> {
    use knead_persistence::notes;
    let ids = notes::signed_ids(conn).await?;
    let mut broken = Vec::new();
    for chunk in ids.chunk_by(|a, b| a.0 == b.0) {
        let practice = chunk[0].0;
        for batch in chunk.chunks(500) {
            let note_ids: Vec<uuid::Uuid> = batch.iter().map(|(_, id)| *id).collect();
            let found = notes::find_many(conn, practice, &note_ids).await?;
            let verdicts = notes::verify_notes(conn, practice, &found).await?;
            for (note, verdict) in found.iter().zip(verdicts) {
                if verdict.valid() != Some(true) {
                    let problem = verdict.problem().unwrap_or_else(|| "not verifiable".into());
                    broken.push((practice.0, note.id, problem));
                }
            }
        }
    }
    Ok((ids.len(), broken))
}
