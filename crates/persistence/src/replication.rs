//! Where a streaming replica stands against the primary, in WAL positions (LSNs): the
//! position a write reached on the primary, and whether a replica has replayed up to one.
//! The api routes a read to a replica only when it has (read-your-writes without state in
//! the process; docs/scaling.md section 3).

use crate::StoreError;
use diesel::sql_types::{Bool, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// A position in the write-ahead log, written as PostgreSQL writes a `pg_lsn`: two hex
/// numbers of up to eight digits, `16/B374D848`. Ordered as positions are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lsn(u64);

impl Lsn {
    /// The position `text` names, or `None` when it is not a `pg_lsn`.
    pub fn parse(text: &str) -> Option<Self> {
        let (high, low) = text.trim().split_once('/')?;
        let half = |part: &str| {
            let ok = (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_hexdigit());
            ok.then(|| u32::from_str_radix(part, 16).ok()).flatten()
        };
        Some(Self((u64::from(half(high)?) << 32) | u64::from(half(low)?)))
    }
}

impl std::fmt::Display for Lsn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:X}/{:X}", self.0 >> 32, self.0 & 0xFFFF_FFFF)
    }
}

#[derive(diesel::QueryableByName)]
struct Position {
    #[diesel(sql_type = Text)]
    lsn: String,
}

#[derive(diesel::QueryableByName)]
struct CaughtUp {
    #[diesel(sql_type = Bool)]
    caught_up: bool,
}

/// How far the primary's WAL reaches now: at or past the commit of every transaction that
/// committed before this call, on any connection. The insert position, not the write
/// position: with `synchronous_commit = off` a commit returns before its record is written,
/// and a replica that has replayed to the insert position has replayed that record too.
pub async fn written_up_to(conn: &mut AsyncPgConnection) -> Result<Lsn, StoreError> {
    let row: Position = diesel::sql_query("SELECT pg_current_wal_insert_lsn()::text AS lsn")
        .get_result(conn)
        .await?;
    Lsn::parse(&row.lsn).ok_or_else(|| StoreError::Corrupt(format!("PostgreSQL answered {:?} for an LSN", row.lsn)))
}

/// Whether this server, a replica, has replayed the WAL up to `lsn`. A server that is not
/// replaying (a primary, or a promoted replica) answers no: it cannot say what it holds
/// of another server's WAL.
pub async fn replayed(conn: &mut AsyncPgConnection, lsn: Lsn) -> Result<bool, StoreError> {
    let row: CaughtUp =
        diesel::sql_query("SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS caught_up")
            .bind::<Text, _>(lsn.to_string())
            .get_result(conn)
            .await?;
    Ok(row.caught_up)
}

#[cfg(test)]
mod tests {
    use super::Lsn;

    #[test]
    fn an_lsn_reads_and_writes_as_postgresql_does() {
        let lsn = Lsn::parse("16/B374D848").expect("an LSN");
        assert_eq!(lsn.to_string(), "16/B374D848");
        assert_eq!(Lsn::parse("0/0").map(|l| l.to_string()).as_deref(), Some("0/0"));
        assert_eq!(Lsn::parse("0/3000060"), Lsn::parse("0/03000060"));
        assert!(Lsn::parse("1/0") > Lsn::parse("0/FFFFFFFF"));
        for bad in ["", "16", "16/", "/1", "G/1", "123456789/0", "1/2/3", "-1/0", "+1/0"] {
            assert_eq!(Lsn::parse(bad), None, "{bad:?}");
        }
    }
}
