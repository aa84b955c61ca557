//! Authorisation, declared once per operation. The operation is the matched route's (from the
//! spec, see `Operations::of_route`), the roles are the access table's
//! (`knead_domain::access::ACCESS`); a handler only says *when* to check, in one of two ways:
//! [`Caller::authorise`] for collections and the caller's own things, and
//! [`Caller::authorise_item`] for anything named by an id in the path.

use crate::auth::Caller;
use crate::error::ApiError;
use knead_domain::access::{allows, key_allows};

impl Caller {
    /// Checks the access table for the matched route's operation: 403 when the caller's role
    /// (or, for an API key, its scope) lacks it; 500 (logged) when the operation is missing from the table.
    ///
    /// For operations on a collection or on the caller themself. An operation on one item,
    /// named by an id, goes through [`Caller::authorise_item`] instead.
    pub fn authorise(&self) -> Result<(), ApiError> {
        let Some(operation) = self.operation else {
            return Err(ApiError::internal(
                "the route's operation is missing from the access table",
            ));
        };
        let allowed = match self.api_key {
            Some(key) => key_allows(operation, self.reads, key.scope),
            None => allows(operation, self.role),
        };
        match allowed {
            Some(true) => Ok(()),
            Some(false) => Err(ApiError::Forbidden),
            None => Err(ApiError::internal(format!(
                "operation {operation} is missing from the access table"
            ))),
        }
    }

    /// 404 before 403: loads the item first, then checks the role. `load` must look the item
    /// up scoped to the caller's practice (`caller.practice`), so a missing id and another
    /// practice's id both end in 404 here, before the role is looked at; only an item that
    /// exists in the caller's own practice can earn a 403.
    ///
    /// Why this order: ids of another practice and ids that do not exist must look the same,
    /// or an id would tell whether some other practice holds it. Within the practice, that an
    /// item exists is no secret between its staff (the front desk books the client whose notes
    /// it may not read); the content is, and no content leaves before the role check passes.
    ///
    /// Every handler taking an `{id}` goes through this; `load` must have no side effect
    /// beyond noting the audit target.
    pub async fn authorise_item<T, E>(&self, load: impl Future<Output = Result<T, E>>) -> Result<T, ApiError>
    where
        ApiError: From<E>,
    {
        let item = load.await?;
        self.authorise()?;
        Ok(item)
    }
}
