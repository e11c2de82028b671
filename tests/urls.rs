//! Issue 15 Part 1: every path is built in `src/web/urls.rs`. A path spelled
//! out anywhere else (a `format!("/…")` in the sources, a hand-written
//! article, speaker, forum or search link in a template) fails here, so the
//! URL schema stays in one file.

use crate::support::repo_path;

fn files(dir: &str, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![repo_path(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn no_path_is_built_outside_web_urls() {
    let mut found = Vec::new();
    for p in files("src", "rs") {
        if p.ends_with("web/urls.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.contains("format!(\"/") {
                found.push(format!("{}:{}: {}", p.display(), i + 1, line.trim()));
            }
        }
    }
    for p in files("templates", "html") {
        let text = std::fs::read_to_string(&p).unwrap();
        for (i, line) in text.lines().enumerate() {
            for spelled in [
                "\"/articles/",
                "\"/speakers/",
                "\"/forums/",
                "\"/search?",
                "\"/api/",
            ] {
                if line.contains(spelled) {
                    found.push(format!("{}:{}: {}", p.display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "paths spelled outside src/web/urls.rs:\n{}",
        found.join("\n")
    );
    // The check itself sees a spelled path.
    assert!(
        std::fs::read_to_string(repo_path("src/web/urls.rs"))
            .unwrap()
            .contains("format!(\"/articles/")
    );
}
