//! The staff repository: accounts, profiles, passwords and what access-token checks need.

use crate::{StoreError, schema::practices, schema::staff};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::{DisplayName, Email, PracticeId, Role, StaffId, Technique};
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = staff, check_for_backend(diesel::pg::Pg))]
struct StaffRow {
    practice_id: Uuid,
    id: Uuid,
    email: String,
    display_name: String,
    role: String,
    password_hash: Option<String>,
    active: bool,
    credentials: Option<String>,
    licence_number: Option<String>,
    techniques: Vec<Option<String>>,
    valid_after: DateTime<Utc>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// A staff member as stored (the password hash is kept apart, see [`LoginCandidate`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Staff {
    pub practice_id: PracticeId,
    pub id: StaffId,
    pub email: Email,
    pub display_name: DisplayName,
    pub role: Role,
    pub active: bool,
    /// Whether a password has been set (false until the invitation is used).
    pub has_password: bool,
    pub credentials: Option<String>,
    pub licence_number: Option<String>,
    pub techniques: Vec<Technique>,
    pub valid_after: DateTime<Utc>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<StaffRow> for Staff {
    type Error = StoreError;
    fn try_from(row: StaffRow) -> Result<Self, StoreError> {
        let corrupt =
            |field: &str, err: knead_domain::Invalid| StoreError::Corrupt(format!("staff {} {field}: {err}", row.id));
        let techniques = row
            .techniques
            .iter()
            .flatten()
            .map(|t| Technique::parse(t).map_err(|e| corrupt("techniques", e)))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            practice_id: PracticeId(row.practice_id),
            id: StaffId(row.id),
            email: Email::parse(&row.email).map_err(|e| corrupt("email", e))?,
            display_name: DisplayName::parse(&row.display_name).map_err(|e| corrupt("display_name", e))?,
            role: Role::parse(&row.role).map_err(|e| corrupt("role", e))?,
            active: row.active,
            has_password: row.password_hash.is_some(),
            credentials: row.credentials,
            licence_number: row.licence_number,
            techniques,
            valid_after: row.valid_after,
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// A new staff member; the password is set later through the invitation link (or directly,
/// for the first owner created from the command line).
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub practice_id: PracticeId,
    pub email: Email,
    pub display_name: DisplayName,
    pub role: Role,
    pub password_hash: Option<String>,
    pub credentials: Option<String>,
    pub licence_number: Option<String>,
    pub techniques: Vec<Technique>,
}

/// Profile fields an owner may change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct StaffChanges {
    pub display_name: Option<DisplayName>,
    pub role: Option<Role>,
    pub credentials: Option<Option<String>>,
    pub licence_number: Option<Option<String>>,
    pub techniques: Option<Vec<Technique>>,
}

fn technique_names(techniques: &[Technique]) -> Vec<Option<String>> {
    techniques.iter().map(|t| Some(t.as_str().to_owned())).collect()
}

pub async fn insert(conn: &mut AsyncPgConnection, new: NewStaff, now: DateTime<Utc>) -> Result<Staff, StoreError> {
    let row = StaffRow {
        practice_id: new.practice_id.0,
        id: StaffId::new().0,
        email: new.email.as_str().to_owned(),
        display_name: new.display_name.as_str().to_owned(),
        role: new.role.as_str().to_owned(),
        password_hash: new.password_hash,
        active: true,
        credentials: new.credentials,
        licence_number: new.licence_number,
        techniques: technique_names(&new.techniques),
        valid_after: now,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let stored: StaffRow = diesel::insert_into(staff::table)
        .values(&row)
        .returning(StaffRow::as_returning())
        .get_result(conn)
        .await?;
    stored.try_into()
}

pub async fn find(conn: &mut AsyncPgConnection, practice: PracticeId, id: StaffId) -> Result<Staff, StoreError> {
    let row: StaffRow = staff::table
        .find((practice.0, id.0))
        .select(StaffRow::as_select())
        .first(conn)
        .await?;
    row.try_into()
}

/// Reads a staff member and holds their row (shared) to the end of the transaction, for
/// issuing tokens. Every account-wide revocation (role change, deactivation, password) updates
/// this row before it revokes refresh tokens, so tokens issued under this lock are either seen
/// and revoked by it, or issued after it with the account as it left it.
pub async fn lock_for_tokens(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
) -> Result<Staff, StoreError> {
    let row: StaffRow = staff::table
        .find((practice.0, id.0))
        .select(StaffRow::as_select())
        .for_share()
        .first(conn)
        .await?;
    row.try_into()
}

/// One page of a practice's staff, ordered by id, after `cursor`.
pub async fn list(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    cursor: Option<StaffId>,
    limit: i64,
) -> Result<Vec<Staff>, StoreError> {
    let mut query = staff::table
        .filter(staff::practice_id.eq(practice.0))
        .select(StaffRow::as_select())
        .order(staff::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = cursor {
        query = query.filter(staff::id.gt(after.0));
    }
    let rows: Vec<StaffRow> = query.load(conn).await?;
    rows.into_iter().map(Staff::try_from).collect()
}

/// An account that could be the one logging in, with its hash and its practice's slug.
#[derive(Debug, Clone)]
pub struct LoginCandidate {
    pub staff: Staff,
    pub password_hash: Option<String>,
    pub practice_slug: String,
}

/// Active accounts with this email, in every practice (or the one with this slug).
pub async fn login_candidates(
    conn: &mut AsyncPgConnection,
    email: &Email,
    practice_slug: Option<&str>,
) -> Result<Vec<LoginCandidate>, StoreError> {
    let mut query = staff::table
        .inner_join(practices::table.on(practices::id.eq(staff::practice_id)))
        .filter(staff::email.eq(email.as_str()))
        .filter(staff::active.eq(true))
        .select((StaffRow::as_select(), practices::slug))
        .into_boxed();
    if let Some(slug) = practice_slug {
        query = query.filter(practices::slug.eq(slug));
    }
    let rows: Vec<(StaffRow, String)> = query.load(conn).await?;
    rows.into_iter()
        .map(|(row, practice_slug)| {
            let password_hash = row.password_hash.clone();
            Ok(LoginCandidate {
                staff: row.try_into()?,
                password_hash,
                practice_slug,
            })
        })
        .collect()
}

/// The stored hash of an active account, for re-checking the current password.
pub async fn password_hash(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
) -> Result<Option<String>, StoreError> {
    Ok(staff::table
        .find((practice.0, id.0))
        .filter(staff::active.eq(true))
        .select(staff::password_hash)
        .first(conn)
        .await?)
}

/// Applies `changes` if the stored version is `expected_version`; [`StoreError::Stale`] if
/// another write came first, [`StoreError::NotFound`] if there is no such staff member.
/// A role change revokes every login of the account (access and refresh tokens); call it in
/// a transaction so the change and the revocation land together.
pub async fn update(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
    expected_version: Option<i64>,
    changes: StaffChanges,
    now: DateTime<Utc>,
) -> Result<Staff, StoreError> {
    let current = find(conn, practice, id).await?;
    // `None`: the caller accepts any version (`If-Match: *`).
    let expected_version = expected_version.unwrap_or(current.version);
    if current.version != expected_version {
        return Err(StoreError::Stale);
    }
    let role_changed = changes.role.is_some_and(|r| r != current.role);
    let techniques = changes.techniques.as_deref().map(technique_names);
    let target = staff::table
        .find((practice.0, id.0))
        .filter(staff::version.eq(expected_version));
    let row: Option<StaffRow> = diesel::update(target)
        .set((
            staff::display_name.eq(changes
                .display_name
                .as_ref()
                .map_or(current.display_name.as_str(), |n| n.as_str())),
            staff::role.eq(changes.role.unwrap_or(current.role).as_str()),
            staff::credentials.eq(changes.credentials.unwrap_or(current.credentials)),
            staff::licence_number.eq(changes.licence_number.unwrap_or(current.licence_number)),
            staff::techniques.eq(techniques.unwrap_or_else(|| technique_names(&current.techniques))),
            // A new role takes effect on the next token: revoke the ones that carry the old one.
            staff::valid_after.eq(if role_changed { now } else { current.valid_after }),
            staff::version.eq(expected_version + 1),
            staff::updated_at.eq(now),
        ))
        .returning(StaffRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    let updated = row.ok_or(StoreError::Stale)?.try_into()?;
    if role_changed {
        // Refresh tokens would mint access tokens for the old role's session: end them too.
        crate::tokens::revoke_all_for(conn, practice, id, now).await?;
    }
    Ok(updated)
}

/// Sets a new password hash and revokes every access token issued before `now`.
pub async fn set_password(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let updated = diesel::update(staff::table.find((practice.0, id.0)).filter(staff::active.eq(true)))
        .set((
            staff::password_hash.eq(password_hash),
            staff::valid_after.eq(now),
            staff::version.eq(staff::version + 1),
            staff::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    if updated == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// Deactivates an account and revokes its access tokens.
pub async fn deactivate(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    id: StaffId,
    now: DateTime<Utc>,
) -> Result<Staff, StoreError> {
    let row: StaffRow = diesel::update(staff::table.find((practice.0, id.0)))
        .set((
            staff::active.eq(false),
            staff::valid_after.eq(now),
            staff::version.eq(staff::version + 1),
            staff::updated_at.eq(now),
        ))
        .returning(StaffRow::as_returning())
        .get_result(conn)
        .await?;
    row.try_into()
}

/// How many active owners a practice has (the last one cannot be demoted or deactivated).
pub async fn active_owner_count(conn: &mut AsyncPgConnection, practice: PracticeId) -> Result<i64, StoreError> {
    Ok(staff::table
        .filter(staff::practice_id.eq(practice.0))
        .filter(staff::active.eq(true))
        .filter(staff::role.eq(Role::Owner.as_str()))
        .count()
        .get_result(conn)
        .await?)
}
