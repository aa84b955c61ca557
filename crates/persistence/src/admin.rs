//! Creating and dropping whole databases: the dev database and the per-test databases.

use crate::StoreError;
use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

#[derive(diesel::QueryableByName)]
struct Exists {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    exists: bool,
}

/// A database name we create ourselves: only lowercase letters, digits and underscores, so it
/// can be spliced into DDL, which takes no bind parameters.
fn checked(name: &str) -> Result<&str, StoreError> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(name)
    } else {
        Err(StoreError::Corrupt(format!("unusable database name {name:?}")))
    }
}

pub async fn connect(url: &str) -> Result<AsyncPgConnection, StoreError> {
    AsyncPgConnection::establish(url)
        .await
        .map_err(|err| StoreError::Pool(err.to_string()))
}

pub async fn database_exists(conn: &mut AsyncPgConnection, name: &str) -> Result<bool, StoreError> {
    let row: Exists = diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
        .bind::<Text, _>(name)
        .get_result(conn)
        .await?;
    Ok(row.exists)
}

/// Creates `name` (optionally as a copy of `template`) unless it exists. Returns whether it
/// was created.
pub async fn create_database(
    conn: &mut AsyncPgConnection,
    name: &str,
    template: Option<&str>,
) -> Result<bool, StoreError> {
    if database_exists(conn, name).await? {
        return Ok(false);
    }
    let ddl = match template {
        Some(t) => format!("CREATE DATABASE {} TEMPLATE {}", checked(name)?, checked(t)?),
        None => format!("CREATE DATABASE {}", checked(name)?),
    };
    diesel::sql_query(ddl).execute(conn).await?;
    Ok(true)
}

pub async fn rename_database(conn: &mut AsyncPgConnection, from: &str, to: &str) -> Result<(), StoreError> {
    let ddl = format!("ALTER DATABASE {} RENAME TO {}", checked(from)?, checked(to)?);
    diesel::sql_query(ddl).execute(conn).await?;
    Ok(())
}

pub async fn drop_database(conn: &mut AsyncPgConnection, name: &str) -> Result<(), StoreError> {
    let ddl = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", checked(name)?);
    diesel::sql_query(ddl).execute(conn).await?;
    Ok(())
}

/// Session-level advisory lock, held until [`advisory_unlock`] or the connection closes.
pub async fn advisory_lock(conn: &mut AsyncPgConnection, key: i64) -> Result<(), StoreError> {
    diesel::sql_query("SELECT pg_advisory_lock($1)")
        .bind::<diesel::sql_types::BigInt, _>(key)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn advisory_unlock(conn: &mut AsyncPgConnection, key: i64) -> Result<(), StoreError> {
    diesel::sql_query("SELECT pg_advisory_unlock($1)")
        .bind::<diesel::sql_types::BigInt, _>(key)
        .execute(conn)
        .await?;
    Ok(())
}
