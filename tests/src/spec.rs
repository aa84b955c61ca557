//! The committed spec as test data: tests that walk every operation (the role and tenant
//! matrices, outages, hostile bodies, backups) read it from here, so a new operation is
//! covered without an edit.

use crate::workspace_root;
use serde_json::Value;

/// One operation of `openapi/openapi.json`.
#[derive(Debug, Clone)]
pub struct SpecOp {
    pub id: String,
    /// Upper case, e.g. `POST`.
    pub method: String,
    /// The templated path, e.g. `/v1/clients/{id}`.
    pub path: String,
    /// The operation object itself.
    pub op: Value,
}

/// The whole committed spec.
pub fn spec() -> Value {
    let raw = std::fs::read_to_string(workspace_root().join("openapi/openapi.json")).expect("spec");
    serde_json::from_str(&raw).expect("spec JSON")
}

/// Every operation of the committed spec, in the spec's order.
pub fn operations() -> Vec<SpecOp> {
    let spec = spec();
    let mut ops = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if let Some(id) = op["operationId"].as_str() {
                ops.push(SpecOp {
                    id: id.to_owned(),
                    method: method.to_uppercase(),
                    path: path.clone(),
                    op: op.clone(),
                });
            }
        }
    }
    ops
}
