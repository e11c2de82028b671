//! The layers of `src/extract`, lowest first, and a test that holds every
//! file to them: a module may name (by `super::…` or `crate::extract::…`)
//! only modules declared below it, so no two files of the extractor can
//! need each other. A new file must be given its place in [`LAYERS`].

use std::collections::HashMap;
use std::path::Path;

/// Every module of `src/extract`, lowest first (`""` is `extract` itself).
/// A folder's files come before its `mod.rs`, which only puts them together.
const LAYERS: &[&str] = &[
    "text::case",
    "text::words",
    "text::stopwords",
    "text::sentences",
    "text",
    // Tests of a folder that read it through its mod.rs sit above it.
    "text::tests",
    "language",
    "layout",
    "gazetteer",
    "date::written",
    "date::complete",
    "date",
    "clean",
    "tokens",
    "lexicon::roles",
    "lexicon::names",
    "lexicon::speech",
    "lexicon",
    "people",
    "byline",
    "header",
    "title::shape",
    "title::story",
    "title",
    "imprint",
    "source",
    "forums",
    "statements::body",
    "statements::quotes",
    "statements::subject",
    "statements::cjk",
    "statements::conversation",
    "statements::passive",
    "statements::transcript",
    "statements::authorship",
    "statements::discourse",
    "statements::reading",
    "statements::finish",
    "statements",
    "kind::voice",
    "kind",
    "",
];

/// This file: it names the others only as data.
const SELF: &str = "layering";

/// The module a file under `src/extract` is: `people.rs` → `people`,
/// `title/mod.rs` → `title`, `title/story.rs` → `title::story`.
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" {
            parts.push(stem.to_string());
        }
    }
    parts.join("::")
}

fn parent(module: &str) -> &str {
    module.rsplit_once("::").map_or("", |(p, _)| p)
}

fn child(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_string()
    } else {
        format!("{module}::{name}")
    }
}

/// Follows `segments` down from `from` as far as they name modules: the
/// module a path refers to (an item's path ends at the module holding it).
fn resolve(from: &str, segments: &[&str], modules: &[String]) -> String {
    let mut at = from.to_string();
    for s in segments {
        let next = child(&at, s);
        if modules.contains(&next) {
            at = next;
        } else {
            break;
        }
    }
    at
}

/// Whether `c` may be part of a path (`people::is_name_word`).
fn in_path(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == ':'
}

/// The paths after a prefix, as segments: `gazetteer::{Gazetteer,
/// fold_name}` gives `gazetteer::Gazetteer` and `gazetteer::fold_name`;
/// `people::is_name_word(w)` gives `people::is_name_word`.
fn paths_after(rest: &str) -> Vec<Vec<&str>> {
    let head_len = rest.find(|c| !in_path(c)).unwrap_or(rest.len());
    let head = &rest[..head_len];
    let segs: Vec<&str> = head.split("::").filter(|s| !s.is_empty()).collect();
    let Some(group) = rest[head_len..].strip_prefix('{') else {
        return vec![segs];
    };
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
        .into_iter()
        .flat_map(|item| paths_after(item.trim()))
        .map(|tail| segs.iter().copied().chain(tail).collect())
        .collect()
}

/// Every module of `src/extract` that a file names, resolved: `super::`
/// chains (counted from the file's module, or from inside an inline `mod`
/// block such as `mod tests`) and `crate::extract::` paths.
fn references(module: &str, source: &str, modules: &[String]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut inline_mod = false;
    for (n, line) in source.lines().enumerate() {
        let opens_mod = line.starts_with("mod ") || line.starts_with("pub mod ");
        if opens_mod && line.ends_with('{') {
            inline_mod = true;
        } else if line == "}" {
            inline_mod = false;
        }
        let mut rest = line;
        loop {
            let found = [rest.find("super::"), rest.find("crate::extract::")];
            let Some(at) = found.into_iter().flatten().min() else {
                break;
            };
            let tail = &rest[at..];
            let (base, path) = match tail.strip_prefix("crate::extract::") {
                Some(p) => (String::new(), p),
                None => {
                    // In an inline `mod` block, the first `super` is the file's module.
                    let mut base = if inline_mod {
                        module.to_string()
                    } else {
                        parent(module).to_string()
                    };
                    let mut p = &tail["super::".len()..];
                    while let Some(more) = p.strip_prefix("super::") {
                        base = parent(&base).to_string();
                        p = more;
                    }
                    (base, p)
                }
            };
            for segs in paths_after(path) {
                out.push((n + 1, resolve(&base, &segs, modules)));
            }
            // Past this path, to the next one on the line.
            let run = tail.find(|c| !in_path(c)).unwrap_or(tail.len());
            rest = &tail[run.max(1)..];
        }
    }
    out
}

/// The references that break the layers: `(file's module, line, target)`.
fn violations(files: &[(String, String)]) -> Vec<String> {
    let modules: Vec<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let rank: HashMap<&str, usize> = LAYERS.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut out = Vec::new();
    for (module, source) in files {
        let Some(&own) = rank.get(module.as_str()) else {
            out.push(format!("{module}: not in LAYERS; give it its place"));
            continue;
        };
        for (line, target) in references(module, source, &modules) {
            if target == *module {
                continue;
            }
            match rank.get(target.as_str()) {
                Some(&r) if r < own => {}
                _ => out.push(format!(
                    "{module} (line {line}) names `{}`, which is not below it",
                    if target.is_empty() {
                        "extract"
                    } else {
                        &target
                    }
                )),
            }
        }
    }
    out
}

#[test]
fn every_file_of_extract_names_only_lower_layers() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/extract");
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let module = module_of(path.strip_prefix(&dir).unwrap());
                if module != SELF {
                    files.push((module, std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
    }
    assert!(files.len() >= 20, "{} files", files.len());
    let bad = violations(&files);
    assert!(bad.is_empty(), "layering broken:\n{}", bad.join("\n"));
}

#[test]
fn a_circle_is_caught() {
    let file = |m: &str, s: &str| (m.to_string(), s.to_string());
    // Fine: statements uses people, people uses tokens.
    let ok = [
        file("tokens", "pub fn tokenize() {}\n"),
        file("people", "use super::tokens::tokenize;\n"),
        file("statements", "use super::people::Mention;\n"),
    ];
    assert!(violations(&ok).is_empty(), "{:?}", violations(&ok));
    // people naming statements (inline or by `use`) closes a circle.
    let circle = [
        file("people", "if super::statements::is_speech_verb(w) {}\n"),
        file("statements", "use super::people::Mention;\n"),
    ];
    assert_eq!(violations(&circle).len(), 1, "{:?}", violations(&circle));
    // In a group, each path counts: text is below tokens, statements is not.
    let grouped = [
        file(
            "tokens",
            "use crate::extract::{text::words, statements::attribute};\n",
        ),
        file("text", ""),
        file("statements", ""),
    ];
    assert_eq!(violations(&grouped).len(), 1, "{:?}", violations(&grouped));
    // A folder's file naming its own mod.rs, and two levels up.
    let up = [
        file(
            "statements::quotes",
            "use super::BodyPara;\nuse super::super::kind::infer;\n",
        ),
        file("statements", ""),
        file("kind", ""),
    ];
    assert_eq!(violations(&up).len(), 2, "{:?}", violations(&up));
    // `use super::*` in a file's test module is the file itself.
    let tests = [file(
        "people",
        "#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
    )];
    assert!(violations(&tests).is_empty(), "{:?}", violations(&tests));
    // A file the layers do not know.
    assert_eq!(violations(&[file("newthing", "")]).len(), 1);
}
