//! Structural checks over the workspace: which crates the domain crate may depend on, read
//! from `cargo metadata`'s resolved graph (normal dependencies, transitively).

use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// Crates the domain must never reach: it knows nothing of SQL or HTTP.
pub const FORBIDDEN_IN_DOMAIN: &[&str] = &["diesel", "diesel-async", "actix-web", "tokio-postgres", "awc"];

/// The resolved metadata of this workspace.
pub fn cargo_metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(crate::workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
}

/// The forbidden crates that `package` reaches through normal (non-dev, non-build) dependencies.
pub fn forbidden_dependencies(metadata: &Value, package: &str, forbidden: &[&str]) -> BTreeSet<String> {
    let names: HashMap<&str, &str> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?)))
        .collect();
    let nodes: HashMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let root = names
        .iter()
        .find(|(_, name)| **name == package)
        .map(|(id, _)| *id)
        .unwrap_or_else(|| panic!("{package} is not in the workspace"));
    let mut seen = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes.get(id).and_then(|n| n["deps"].as_array()).into_iter().flatten() {
            let normal = dep["dep_kinds"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|k| k["kind"].is_null()));
            if normal && let Some(dep_id) = dep["pkg"].as_str() {
                stack.push(dep_id);
            }
        }
    }
    seen.iter()
        .filter_map(|id| names.get(id))
        .filter(|name| forbidden.contains(name))
        .map(|name| (*name).to_owned())
        .collect()
}
