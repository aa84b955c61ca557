//! The tenant-key check, read from PostgreSQL's own catalog: every table not listed in
//! [`crate::GLOBAL_TABLES`] must have a `practice_id` column, and each of its primary key,
//! unique, exclusion and foreign-key constraints must include that column. This is what lets
//! the schema be distributed by practice and keeps one practice's rows out of another's keys.
//! The few keys global on purpose are listed in [`crate::GLOBAL_KEYS`].

use crate::StoreError;
use diesel::sql_types::{Array, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// One way a table breaks the tenant-key rule.
#[derive(Debug, Clone, PartialEq, Eq, diesel::QueryableByName)]
pub struct TenantKeyViolation {
    #[diesel(sql_type = Text)]
    pub table_name: String,
    /// The constraint that leaves out `practice_id`, or `(no practice_id column)`.
    #[diesel(sql_type = Text)]
    pub constraint_name: String,
}

impl std::fmt::Display for TenantKeyViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} leaves out practice_id",
            self.table_name, self.constraint_name
        )
    }
}

const QUERY: &str = "
    SELECT t.relname::text AS table_name, '(no practice_id column)' AS constraint_name
    FROM pg_class t
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND t.relkind IN ('r', 'p')
      AND t.relname <> ALL ($1)
      AND NOT EXISTS (
          SELECT 1 FROM pg_attribute a
          WHERE a.attrelid = t.oid AND a.attname = 'practice_id' AND NOT a.attisdropped)
    UNION ALL
    SELECT t.relname::text, c.conname::text
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND c.contype IN ('p', 'u', 'x', 'f')
      AND t.relname <> ALL ($1)
      AND NOT EXISTS (
          SELECT 1 FROM pg_attribute a
          WHERE a.attrelid = c.conrelid AND a.attname = 'practice_id'
            AND a.attnum = ANY (c.conkey))
    ORDER BY 1, 2";

/// Lists every violation of the tenant-key rule in the connected database's `public` schema.
pub async fn tenant_key_violations(
    conn: &mut AsyncPgConnection,
    global_tables: &[&str],
) -> Result<Vec<TenantKeyViolation>, StoreError> {
    let exempt: Vec<String> = global_tables.iter().map(|t| (*t).to_owned()).collect();
    let found: Vec<TenantKeyViolation> = diesel::sql_query(QUERY)
        .bind::<Array<Text>, _>(exempt)
        .load(conn)
        .await?;
    Ok(found
        .into_iter()
        .filter(|v| {
            !crate::GLOBAL_KEYS
                .iter()
                .any(|(table, key, _)| v.table_name == *table && v.constraint_name == *key)
        })
        .collect())
}
