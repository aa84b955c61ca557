//! Clients imported from a CSV file: who the practice already has (to find duplicates), and
//! every imported client inserted in one transaction, all or none.

use crate::clients::{self, ClientDetails};
use crate::schema::clients as rows;
use crate::{StoreError, transaction};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use knead_domain::client_import::Identity;
use knead_domain::{ClientId, PracticeId};
use uuid::Uuid;

/// Every client of the practice (archived ones too) as duplicates are recognised.
pub async fn identities(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
) -> Result<Vec<(ClientId, Identity)>, StoreError> {
    type Row = (Uuid, Option<String>, String, String, Option<NaiveDate>);
    let found: Vec<Row> = rows::table
        .filter(rows::practice_id.eq(practice.0))
        .select((
            rows::id,
            rows::email,
            rows::given_name,
            rows::family_name,
            rows::date_of_birth,
        ))
        .load(conn)
        .await?;
    Ok(found
        .into_iter()
        .map(|(id, email, given, family, dob)| {
            let identity = match email {
                Some(email) => Identity::Email(email.to_lowercase()),
                None => Identity::Person(given.to_lowercase(), family.to_lowercase(), dob),
            };
            (ClientId(id), identity)
        })
        .collect())
}

/// Inserts every client in one transaction: all of them, or none if one is refused.
pub async fn insert_all(
    conn: &mut AsyncPgConnection,
    practice: PracticeId,
    all: Vec<ClientDetails>,
    now: DateTime<Utc>,
) -> Result<Vec<ClientId>, StoreError> {
    transaction::run(conn, async |conn| {
        let mut ids = Vec::with_capacity(all.len());
        for details in all {
            ids.push(clients::insert(conn, practice, details, now).await?.id);
        }
        Ok(ids)
    })
    .await
}
