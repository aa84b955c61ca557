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

/// Calls that read the system clock; the api and persistence crates take "now" from the
/// injected `Clock` instead, so a test that sets the clock moves every path.
pub const SYSTEM_CLOCK_CALLS: &[&str] = &["Utc::now", "SystemTime::now", "Local::now"];

/// The 1-based lines of `source` that read the system clock, outside comments and outside
/// items marked `#[cfg(test)]` (skipped from the attribute to the close of the item's braces).
pub fn system_clock_lines(source: &str) -> Vec<usize> {
    let mut hits = Vec::new();
    let mut skipping = false;
    let mut depth = 0usize;
    let mut opened = false;
    for (index, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        if !skipping && code.trim_start().starts_with("#[cfg(test)]") {
            (skipping, depth, opened) = (true, 0, false);
            continue;
        }
        if skipping {
            for c in code.chars() {
                match c {
                    '{' => (depth, opened) = (depth + 1, true),
                    '}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            // An item without braces (`#[cfg(test)] use …;`) ends at its semicolon.
            if (opened && depth == 0) || (!opened && code.trim_end().ends_with(';')) {
                skipping = false;
            }
            continue;
        }
        if SYSTEM_CLOCK_CALLS.iter().any(|call| code.contains(call)) {
            hits.push(index + 1);
        }
    }
    hits
}

/// Every `path:line` under the api and persistence crates' sources that reads the system
/// clock, except the clock itself.
pub fn system_clock_uses() -> Vec<String> {
    let root = crate::workspace_root();
    let exempt = root.join("crates/api/src/clock.rs");
    let mut files = Vec::new();
    let mut dirs = vec![root.join("crates/api/src"), root.join("crates/persistence/src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("source dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && path != exempt {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut uses = Vec::new();
    for path in files {
        let source = std::fs::read_to_string(&path).expect("source file");
        let shown = path.strip_prefix(&root).unwrap_or(&path).display().to_string();
        uses.extend(system_clock_lines(&source).into_iter().map(|n| format!("{shown}:{n}")));
    }
    uses
}

/// What a handler writes when it names its own operation instead of taking the matched
/// route's; authorisation is declared once, in the spec and the access table.
pub const OPERATION_STRINGS: &[&str] = &["require(\"", "allows("];

/// Findings in one route module: `line: text` for each line outside comments that names an
/// operation to authorise, and `fn name` for each function that takes a path parameter
/// (`web::Path<`) yet authorises with `authorise()` rather than `authorise_item(…)`, which
/// is how a handler on one item would check the role before the 404.
pub fn authorisation_findings(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut function: Option<(String, bool, bool)> = None;
    let finish = |function: &mut Option<(String, bool, bool)>, found: &mut Vec<String>| {
        if let Some((name, true, true)) = function.take() {
            found.push(format!("fn {name}"));
        }
    };
    for (index, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let trimmed = code.trim_start();
        if let Some(rest) = ["pub async fn ", "async fn ", "pub fn ", "fn "]
            .iter()
            .find_map(|start| trimmed.strip_prefix(start))
        {
            finish(&mut function, &mut found);
            let name = rest.split(['(', '<']).next().unwrap_or(rest).to_owned();
            function = Some((name, false, false));
        }
        if let Some((_, path, whole)) = function.as_mut() {
            *path |= code.contains("web::Path<");
            *whole |= code.contains(".authorise()");
        }
        if OPERATION_STRINGS.iter().any(|s| code.contains(s)) {
            found.push(format!("{}: {}", index + 1, line.trim()));
        }
    }
    finish(&mut function, &mut found);
    found
}

/// `path:finding` for every finding of [`authorisation_findings`] under crates/api/src/routes.
pub fn authorisation_findings_in_routes() -> Vec<String> {
    let root = crate::workspace_root();
    let dir = root.join("crates/api/src/routes");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("routes dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut found = Vec::new();
    for path in files {
        let source = std::fs::read_to_string(&path).expect("route file");
        let shown = path.strip_prefix(&root).unwrap_or(&path).display().to_string();
        found.extend(
            authorisation_findings(&source)
                .into_iter()
                .map(|f| format!("{shown}:{f}")),
        );
    }
    found
}
