//! `EXPLAIN` for any diesel query, with its real bind values: tests read the plan PostgreSQL
//! picks for the exact SQL the repositories run.

use crate::StoreError;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

#[derive(Debug, Clone)]
struct Explain<Q>(Q);

impl<Q: QueryFragment<Pg>> QueryFragment<Pg> for Explain<Q> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> diesel::QueryResult<()> {
        out.push_sql("EXPLAIN (FORMAT JSON) ");
        self.0.walk_ast(out.reborrow())
    }
}

impl<Q> QueryId for Explain<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q> Query for Explain<Q> {
    type SqlType = diesel::sql_types::Json;
}

impl<Q> diesel::RunQueryDsl<AsyncPgConnection> for Explain<Q> {}

/// The plan of `query` as PostgreSQL's JSON.
pub async fn explain<Q>(conn: &mut AsyncPgConnection, query: Q) -> Result<serde_json::Value, StoreError>
where
    Q: QueryFragment<Pg> + Send + 'static,
{
    Ok(RunQueryDsl::get_result(Explain(query), conn).await?)
}
