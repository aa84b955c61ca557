//! Administration behind the command line: creating a practice with its first owner
//! (`knead admin create-practice`), resetting a second factor (`knead admin reset-mfa`), the audit chains' heads (`knead audit head`) and their
//! verification (`knead audit verify [--expect FILE]`), and verifying signed notes.

use crate::auth::passwords::hash_blocking;
use knead_domain::{CancellationWindow, DisplayName, Email, NewPassword, PracticeName, PracticeSlug, Role, TimeZone};
use knead_persistence::practices::NewPractice;
use knead_persistence::staff::NewStaff;
use knead_persistence::{Connection, StoreError, accounts};

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

pub async fn create_practice(conn: &mut Connection, input: NewPracticeInput) -> anyhow::Result<CreatedPractice> {
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
    // The command line acts at the system's time: it has no app state (and no test clock).
    let now = crate::clock::Clock::system().now();
    let owner = |practice_id| NewStaff {
        practice_id,
        email,
        display_name,
        role: Role::Owner,
        password_hash: Some(hash),
        credentials: None,
        licence_number: None,
        techniques: Vec::new(),
    };
    let created = accounts::create_practice(conn, practice, owner, now)
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

/// Removes the second factor of `email` in the practice `slug` and ends their logins
/// (`knead admin reset-mfa`); whether one was set up.
pub async fn reset_second_factor(conn: &mut Connection, slug: &str, email: &str) -> anyhow::Result<bool> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("email {e}"))?;
    let found = knead_persistence::staff::login_candidates(conn, &email, Some(slug)).await?;
    let Some(candidate) = found.into_iter().next() else {
        anyhow::bail!("no active staff member {} in practice `{slug}`", email.as_str());
    };
    let now = crate::clock::Clock::system().now();
    let who = &candidate.staff;
    Ok(knead_persistence::second_factors::reset(conn, who.practice_id, who.id, now).await?)
}

/// Every practice's audit chain, verified: the number of events, or the first break.
pub async fn verify_audit_chains(
    conn: &mut Connection,
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

/// One practice's audit head, as `knead audit head` prints it and `--expect` reads it back:
/// `<practice id> <sequence> <hex hash>`, one line per practice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    pub practice_id: uuid::Uuid,
    pub seq: i64,
    pub hash: Vec<u8>,
}

impl std::fmt::Display for AuditHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.practice_id, self.seq, hex::encode(&self.hash))
    }
}

/// Reads heads written by `knead audit head` (blank lines and `#` comments are skipped).
pub fn parse_audit_heads(text: &str) -> anyhow::Result<Vec<AuditHead>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .map(|(i, line)| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [practice, seq, hash] = fields.as_slice() else {
                anyhow::bail!("line {}: expected `<practice id> <sequence> <hex hash>`", i + 1);
            };
            Ok(AuditHead {
                practice_id: practice
                    .parse()
                    .map_err(|e| anyhow::anyhow!("line {}: practice id: {e}", i + 1))?,
                seq: seq
                    .parse()
                    .map_err(|e| anyhow::anyhow!("line {}: sequence: {e}", i + 1))?,
                hash: hex::decode(hash).map_err(|e| anyhow::anyhow!("line {}: hash: {e}", i + 1))?,
            })
        })
        .collect()
}

/// Every practice's stored audit head, to be kept outside the database.
pub async fn audit_heads(conn: &mut Connection) -> Result<Vec<AuditHead>, StoreError> {
    Ok(knead_persistence::audit::heads(conn)
        .await?
        .into_iter()
        .map(|(practice_id, seq, hash)| AuditHead { practice_id, seq, hash })
        .collect())
}

/// [`verify_audit_chains`], and each chain checked against the head recorded for it earlier:
/// a chain shorter than its recorded head, or different at it, is broken even when it agrees
/// with the head stored in the database. A recorded practice with no chain at all is shorter.
pub async fn verify_audit_chains_against(
    conn: &mut Connection,
    expected: &[AuditHead],
) -> Result<Vec<(uuid::Uuid, Result<usize, knead_domain::audit::ChainBreak>)>, StoreError> {
    use knead_domain::audit::{ChainBreak, check_expected, verify};
    let chains = knead_persistence::audit::chains(conn).await?;
    let mut results: Vec<_> = chains
        .iter()
        .map(|(practice, (head_seq, head_hash), events)| {
            let checked = verify(events, Some((*head_seq, head_hash))).and_then(|count| {
                match expected.iter().find(|e| e.practice_id == *practice) {
                    Some(head) => check_expected(events, head.seq, &head.hash).map(|()| count),
                    None => Ok(count),
                }
            });
            (*practice, checked)
        })
        .collect();
    for head in expected {
        if head.seq > 0 && !chains.iter().any(|(practice, _, _)| *practice == head.practice_id) {
            let missing = ChainBreak::ShorterThanExpected {
                last: 0,
                expected: head.seq,
            };
            results.push((head.practice_id, Err(missing)));
        }
    }
    Ok(results)
}

/// Every signed note whose content no longer matches the hash taken at signing, or whose
/// amendment chain is broken (practice, note, what is wrong), and how many were checked.
pub async fn verify_signed_notes(
    conn: &mut Connection,
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
