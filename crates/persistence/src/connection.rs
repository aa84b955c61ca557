//! The connection the layers above hold: opaque, so that they name no SQL type and open no
//! transaction of their own. They check one out ([`checkout`]) or open one ([`connect`]) and
//! hand it to repository functions, which see the diesel connection inside.

use crate::StoreError;
use crate::pool::{Pool, PooledConnection};
use diesel_async::AsyncPgConnection;
use std::ops::{Deref, DerefMut};

/// A connection to the database: one from the pool, or one opened on its own (command line).
pub struct Connection(Inner);

enum Inner {
    Pooled(Box<PooledConnection>),
    Direct(Box<AsyncPgConnection>),
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            Inner::Pooled(_) => "Connection(pooled)",
            Inner::Direct(_) => "Connection(direct)",
        })
    }
}

impl Deref for Connection {
    type Target = AsyncPgConnection;
    fn deref(&self) -> &AsyncPgConnection {
        match &self.0 {
            Inner::Pooled(conn) => conn,
            Inner::Direct(conn) => conn,
        }
    }
}

impl DerefMut for Connection {
    fn deref_mut(&mut self) -> &mut AsyncPgConnection {
        match &mut self.0 {
            Inner::Pooled(conn) => conn,
            Inner::Direct(conn) => conn,
        }
    }
}

impl From<PooledConnection> for Connection {
    fn from(conn: PooledConnection) -> Self {
        Self(Inner::Pooled(Box::new(conn)))
    }
}

impl From<AsyncPgConnection> for Connection {
    fn from(conn: AsyncPgConnection) -> Self {
        Self(Inner::Direct(Box::new(conn)))
    }
}

/// A connection from the pool (within its checkout bound, else [`StoreError::Unavailable`]).
pub async fn checkout(pool: &Pool) -> Result<Connection, StoreError> {
    Ok(pool.get().await?.into())
}

/// A connection of its own to `url`, outside any pool (the command line).
pub async fn connect(url: &str) -> Result<Connection, StoreError> {
    Ok(crate::admin::connect(url).await?.into())
}

/// What [`crate::transaction::run`] can open a transaction on: a diesel connection inside
/// this crate, a [`Connection`] above it. Sealed.
pub trait Transactional: sealed::Sealed {
    #[doc(hidden)]
    fn diesel(&mut self) -> &mut AsyncPgConnection;
}

impl Transactional for AsyncPgConnection {
    fn diesel(&mut self) -> &mut AsyncPgConnection {
        self
    }
}

impl Transactional for Connection {
    fn diesel(&mut self) -> &mut AsyncPgConnection {
        self
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for diesel_async::AsyncPgConnection {}
    impl Sealed for super::Connection {}
}
