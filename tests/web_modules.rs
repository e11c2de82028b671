//! Issue 15 Part 1: no import circle between the files of `src/web`. Each
//! file's `super::…` and `crate::web::…` paths (in `use` lines or inline)
//! are edges to the sibling or cousin file they name; a module's own
//! parent and children are structure, not borrowing, and are left out.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::repo_path;

/// Module path (below `web`) of every `.rs` file under `src/web`, with its text.
fn modules() -> BTreeMap<Vec<String>, String> {
    let root = repo_path("src/web");
    let mut out = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(&root).unwrap().with_extension("");
            let mut path: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if path.last().is_some_and(|l| l == "mod") {
                path.pop();
            }
            out.insert(path, std::fs::read_to_string(&p).unwrap());
        }
    }
    out
}

/// The module paths a file's code names: `super::x`, `super::super::x`,
/// `crate::web::x`, and each name of a `{a, b}` group after them.
fn references(module: &[String], text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find(['s', 'c']) {
            let tail = &rest[at..];
            let before = rest[..at].chars().next_back();
            rest = &rest[at + 1..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let (base, after) = if let Some(t) = tail.strip_prefix("crate::web::") {
                (Vec::new(), t)
            } else if tail.starts_with("super::") {
                let mut base = module.to_vec();
                let mut t = tail;
                while let Some(next) = t.strip_prefix("super::") {
                    base.pop();
                    t = next;
                }
                (base, t)
            } else {
                continue;
            };
            let names: Vec<&str> = if let Some(group) = after.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                group[..end].split(',').map(str::trim).collect()
            } else {
                let end = after
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                vec![&after[..end]]
            };
            for name in names {
                let name = name.split("::").next().unwrap_or("").trim();
                if name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && name != "self" {
                    let mut path = base.clone();
                    path.push(name.to_string());
                    out.push(path);
                }
            }
        }
    }
    out
}

fn is_prefix(a: &[String], b: &[String]) -> bool {
    a.len() <= b.len() && b[..a.len()] == *a
}

#[test]
fn no_import_circle_between_files_of_src_web() {
    let modules = modules();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, text) in &modules {
        for path in references(module, text) {
            // The file the path lands in: its longest known prefix.
            let Some(target) = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| modules.contains_key(p))
            else {
                continue;
            };
            if is_prefix(&target, module) || is_prefix(module, &target) {
                continue;
            }
            edges.entry(module.clone()).or_default().insert(target);
        }
    }
    assert!(
        edges.values().any(|e| !e.is_empty()),
        "no edges found: the reader of paths is broken"
    );
    // Depth-first search with colours: grey on the stack, black done.
    fn visit(
        m: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        state.insert(m.clone(), 1);
        stack.push(m.clone());
        for n in edges.get(m).into_iter().flatten() {
            match state.get(n).copied().unwrap_or(0) {
                1 => {
                    let at = stack.iter().position(|s| s == n).unwrap_or(0);
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(n.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(n, edges, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(m.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in modules.keys() {
        if state.get(m).copied().unwrap_or(0) == 0
            && let Some(cycle) = visit(m, &edges, &mut state, &mut Vec::new())
        {
            let names: Vec<String> = cycle.iter().map(|p| p.join("/")).collect();
            panic!("import circle in src/web: {}", names.join(" -> "));
        }
    }
}

/// Issue 15 Part 1, "and none elsewhere": the crate's stages (`corpus`,
/// `extract`, `search`, `archive`, `web`, …) name each other in one
/// direction only. Each file's `crate::STAGE` paths outside comments are
/// edges from its own stage; the graph must have no circle.
#[test]
fn the_crates_stages_borrow_in_one_direction() {
    let root = repo_path("src");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(&root).unwrap();
            let stage = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if matches!(stage.as_str(), "lib" | "main") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (i, _) in line.match_indices("crate::") {
                    let name: String = line[i + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != stage {
                        edges.entry(stage.clone()).or_default().insert(name);
                    }
                }
            }
        }
    }
    // Depth-first search for a path back to where it started.
    fn reaches(
        edges: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
        to: &str,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        edges.get(from).is_some_and(|next| {
            next.iter()
                .any(|n| n == to || (seen.insert(n.clone()) && reaches(edges, n, to, seen)))
        })
    }
    for (stage, next) in &edges {
        for n in next {
            assert!(
                !reaches(&edges, n, stage, &mut BTreeSet::new()),
                "{stage} -> {n} closes a circle: {edges:?}"
            );
        }
    }
    assert!(
        edges.contains_key("web") && edges.contains_key("archive"),
        "{edges:?}"
    );
}
