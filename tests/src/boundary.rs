//! Checks on the boundary between the api and persistence crates: which crates the api
//! depends on directly, whether its sources name SQL types, and whether the persistence
//! modules import each other in a circle.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Crates the api must not depend on directly: persistence owns SQL.
pub const FORBIDDEN_IN_API: &[&str] = &["diesel", "diesel-async"];

/// Words in source that name a SQL crate or type.
pub const SQL_WORDS: &[&str] = &["diesel", "AsyncPgConnection"];

/// The crates `package` depends on directly through normal (non-dev, non-build) dependencies.
pub fn direct_dependencies(metadata: &Value, package: &str) -> BTreeSet<String> {
    let packages = metadata["packages"].as_array().into_iter().flatten();
    let names: BTreeMap<&str, &str> = packages
        .filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?)))
        .collect();
    let root = names
        .iter()
        .find(|(_, name)| **name == package)
        .map(|(id, _)| *id)
        .unwrap_or_else(|| panic!("{package} is not in the workspace"));
    let node = metadata["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|n| n["id"] == root);
    node.and_then(|n| n["deps"].as_array())
        .into_iter()
        .flatten()
        .filter(|dep| {
            dep["dep_kinds"]
                .as_array()
                .is_some_and(|kinds| kinds.iter().any(|k| k["kind"].is_null()))
        })
        .filter_map(|dep| names.get(dep["pkg"].as_str()?))
        .map(|name| (*name).to_owned())
        .collect()
}

/// The 1-based lines of `source` whose code (comments left out) names a SQL crate or type.
pub fn sql_lines(source: &str) -> Vec<usize> {
    source
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            let code = line.split("//").next().unwrap_or("");
            SQL_WORDS.iter().any(|word| code.contains(word))
        })
        .map(|(index, _)| index + 1)
        .collect()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("source dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Every `path:line` of the api crate's sources that names a SQL crate or type.
pub fn sql_in_api() -> Vec<String> {
    let root = crate::workspace_root();
    let mut uses = Vec::new();
    for path in rust_files(&root.join("crates/api/src")) {
        let source = std::fs::read_to_string(&path).expect("source file");
        let shown = path.strip_prefix(&root).unwrap_or(&path).display().to_string();
        uses.extend(sql_lines(&source).into_iter().map(|n| format!("{shown}:{n}")));
    }
    uses
}

/// The module a source file under a crate's `src/` is: `a.rs` → `a`, `a/mod.rs` → `a`,
/// `a/b.rs` → `a::b`; `lib.rs` → `""`.
fn module_of(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
}

/// The first segments of each path after `prefix` (`crate::`), group imports
/// (`crate::{a, b::c}`) included.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        let rest = &code[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => return true,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    false
                })
                .map_or(group.len(), |(i, _)| i);
            let mut depth = 0usize;
            let mut item = String::new();
            for c in group[..end].chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth = depth.saturating_sub(1),
                    ',' if depth == 0 => {
                        found.push(segments(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else {
            found.push(segments(rest));
        }
    }
    found.retain(|p| !p.is_empty());
    found
}

fn segments(path: &str) -> Vec<String> {
    let ident = |s: &str| {
        s.trim()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<String>()
    };
    let mut out = Vec::new();
    for part in path.trim().split("::") {
        let name = ident(part);
        if name.is_empty() {
            break;
        }
        out.push(name);
        if part.trim() != out.last().map_or("", String::as_str) {
            break;
        }
    }
    out
}

/// The longest known module that `path` (segments from the crate root) names.
fn resolve(modules: &BTreeSet<String>, path: &[String]) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| modules.contains(m))
}

fn related(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

/// The `use crate::…` / `crate::…` / `super::…` edges between the modules of the crate whose
/// sources are under `src`: module → the modules it names. Edges between a folder module and
/// its own parts are left out (from outside, they are one module).
pub fn module_edges(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files: Vec<(String, String)> = rust_files(src)
        .into_iter()
        .map(|path| {
            let module = module_of(path.strip_prefix(src).unwrap_or(&path));
            (module, std::fs::read_to_string(&path).expect("source file"))
        })
        .collect();
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).filter(|m| !m.is_empty()).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, source) in &files {
        if module.is_empty() {
            continue;
        }
        let parent: Vec<String> = module.split("::").map(str::to_owned).collect();
        let parent = &parent[..parent.len() - 1];
        for line in source.lines() {
            let code = line.split("//").next().unwrap_or("");
            let mut named: Vec<Vec<String>> = paths_after(code, "crate::");
            for relative in paths_after(code, "super::") {
                named.push(parent.iter().cloned().chain(relative).collect());
            }
            for path in named {
                if let Some(target) = resolve(&modules, &path)
                    && !related(module, &target)
                {
                    edges.entry(module.clone()).or_default().insert(target);
                }
            }
        }
    }
    edges
}

/// The groups of modules that reach each other (each a circle of imports), largest first.
pub fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeSet<String>> {
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&str> = edges.get(from).into_iter().flatten().map(String::as_str).collect();
        while let Some(m) = stack.pop() {
            if seen.insert(m.to_owned()) {
                stack.extend(edges.get(m).into_iter().flatten().map(String::as_str));
            }
        }
        seen
    };
    let reached: BTreeMap<&str, BTreeSet<String>> = edges.keys().map(|m| (m.as_str(), reach(m))).collect();
    let mut groups: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    for (m, seen) in &reached {
        if !seen.contains(*m) {
            continue;
        }
        let group: BTreeSet<String> = seen
            .iter()
            .filter(|n| reached.get(n.as_str()).is_some_and(|back| back.contains(*m)))
            .cloned()
            .collect();
        groups.insert(group);
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
    groups
}

/// The circles of imports among the persistence crate's modules.
pub fn persistence_cycles() -> Vec<BTreeSet<String>> {
    cycles(&module_edges(&crate::workspace_root().join("crates/persistence/src")))
}
