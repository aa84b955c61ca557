//! The outbox's depth across practices, for the metrics listener: webhook deliveries still
//! pending and emails still queued (both counted on their partial "due" indexes).

use crate::StoreError;
use diesel::QueryableByName;
use diesel::sql_types::BigInt;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// What the workers have yet to deliver.
#[derive(Debug, Clone, Copy, QueryableByName)]
pub struct Depth {
    #[diesel(sql_type = BigInt)]
    pub webhook_deliveries: i64,
    #[diesel(sql_type = BigInt)]
    pub emails: i64,
}

/// Counts pending webhook deliveries and queued emails in one statement.
pub async fn depth(conn: &mut AsyncPgConnection) -> Result<Depth, StoreError> {
    diesel::sql_query(
        "SELECT (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending') AS webhook_deliveries,
                (SELECT count(*) FROM email_messages WHERE status = 'queued') AS emails",
    )
    .get_result(conn)
    .await
    .map_err(StoreError::from)
}
