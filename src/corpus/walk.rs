//! Walking the data folder: every directory entry below it is either a
//! candidate file or a [`Rejected`] entry, so the count of files on disk
//! always equals indexed plus rejected. Symlinked folders are never followed
//! (a link loop cannot trap the walk); symlinks to regular files are read
//! only when the file's real path is inside the data folder (issue #14).
//! Nothing here opens a file, so a FIFO or socket cannot block start-up;
//! the reads themselves check again ([`super::open`]), since a path can
//! change between the walk and the read.

use std::path::{Path, PathBuf};

use super::{RejectReason, Rejected};

/// A regular file (or a symlink to one) found by the walk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    /// Path relative to the data folder, with `/` separators (lossy for
    /// names that are not UTF-8).
    pub rel: String,
    /// The real path, which stays exact even when `rel` is lossy.
    pub path: PathBuf,
}

/// Every entry below `root`: files to read, and entries that cannot be.
/// Only an unreadable `root` is an error.
pub fn walk(root: &Path) -> std::io::Result<(Vec<Found>, Vec<Rejected>)> {
    let mut files = Vec::new();
    let mut odd = Vec::new();
    let real_root = super::open::real_root(root);
    walk_dir(root, &real_root, root, &mut files, &mut odd)?;
    files.sort();
    Ok((files, odd))
}

fn walk_dir(
    root: &Path,
    real_root: &Path,
    dir: &Path,
    files: &mut Vec<Found>,
    odd: &mut Vec<Rejected>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                // The entry's name is unknown; report it against the folder.
                odd.push(unreadable(relative(root, dir), &e));
                continue;
            }
        };
        let path = entry.path();
        let rel = relative(root, &path);
        let Ok(kind) = entry.file_type() else {
            odd.push(not_a_file(rel));
            continue;
        };
        classify(root, real_root, path, rel, kind, files, odd);
    }
    Ok(())
}

/// One directory entry, as the walk sorts it: a folder walked, a file
/// found, anything else rejected.
fn classify(
    root: &Path,
    real_root: &Path,
    path: PathBuf,
    rel: String,
    kind: std::fs::FileType,
    files: &mut Vec<Found>,
    odd: &mut Vec<Rejected>,
) {
    {
        if kind.is_dir() {
            if let Err(e) = walk_dir(root, real_root, &path, files, odd) {
                odd.push(unreadable(rel, &e));
            }
        } else if kind.is_symlink() {
            // `metadata` follows the link: a loop or a dangling target fails
            // here (ELOOP, ENOENT) and is reported, never retried.
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_file() => {
                    match super::open::resolves_inside(&path, real_root) {
                        Ok(true) => files.push(Found { rel, path }),
                        Ok(false) => odd.push(Rejected {
                            file: rel,
                            reason: RejectReason::OutsideDataFolder,
                        }),
                        Err(e) => odd.push(unreadable(rel, &e)),
                    }
                }
                Ok(_) => odd.push(not_a_file(rel)),
                Err(e) => odd.push(unreadable(rel, &e)),
            }
        } else if kind.is_file() {
            files.push(Found { rel, path });
        } else {
            // FIFOs, sockets, devices: opening a FIFO would block for ever.
            odd.push(not_a_file(rel));
        }
    }
}

/// The result of a walk, kept so that the next one need only look at
/// what changed.
#[derive(Debug, Clone, Default)]
pub struct Walked {
    /// Sorted, as [`walk`] gives them.
    pub files: Vec<Found>,
    pub odd: Vec<Rejected>,
}

/// Why [`rewalk`] could not bring a walk up to date from the paths given:
/// the whole folder is walked instead.
#[derive(Debug, thiserror::Error)]
pub enum RewalkError {
    #[error("a changed path is not inside the data folder: {0}")]
    Outside(PathBuf),
    #[error("the data folder itself changed")]
    Root,
    /// Inside a folder the walk does not enter (a symlinked one), or one
    /// that is gone without being reported.
    #[error("a changed path is below something that is not a folder: {0}")]
    NotBelowFolder(PathBuf),
}

/// `before` (a walk of `root`) as a walk would find it now, when only
/// `changed` paths (files or folders, added, written or removed, as
/// file-system events name them) can differ: entries at or below each are
/// dropped and whatever is there now is walked. Nothing else is stat'ed,
/// so the cost is that of the change, not of the folder. Returns the walk
/// and the relative paths of the files found below a changed path (those
/// whose stat must be taken again).
pub fn rewalk(
    root: &Path,
    before: &Walked,
    changed: &[PathBuf],
) -> Result<(Walked, rustc_hash::FxHashSet<String>), RewalkError> {
    let real_root = super::open::real_root(root);
    let canonical = std::fs::canonicalize(root).ok();
    let mut rels: Vec<String> = Vec::with_capacity(changed.len());
    for path in changed {
        let inside = path
            .strip_prefix(root)
            .ok()
            .or_else(|| canonical.as_deref().and_then(|c| path.strip_prefix(c).ok()))
            .ok_or_else(|| RewalkError::Outside(path.clone()))?;
        let rel = relative(Path::new(""), inside);
        if rel.is_empty() {
            return Err(RewalkError::Root);
        }
        rels.push(rel);
    }
    rels.sort();
    rels.dedup();
    // A path below another changed one is walked with it.
    let below_other = |r: &str| {
        let mut at = r;
        while let Some((parent, _)) = at.rsplit_once('/') {
            if rels.binary_search_by(|x| x.as_str().cmp(parent)).is_ok() {
                return true;
            }
            at = parent;
        }
        false
    };
    let rels: Vec<&String> = rels.iter().filter(|r| !below_other(r)).collect();
    // Each changed path's parent folders must be folders the walk enters.
    for r in &rels {
        let mut at = root.to_path_buf();
        for part in r
            .split('/')
            .rev()
            .skip(1)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            at.push(part);
            match std::fs::symlink_metadata(&at) {
                Ok(m) if m.is_dir() => {}
                _ => return Err(RewalkError::NotBelowFolder(root.join(r.as_str()))),
            }
        }
    }
    let covers = |rel: &str, r: &str| {
        rel == r || (rel.len() > r.len() && rel.starts_with(r) && rel.as_bytes()[r.len()] == b'/')
    };
    let mut drop = vec![false; before.files.len()];
    for r in &rels {
        let r = r.as_str();
        // Sorted by path: the entries at `r` and below it are one run from
        // where `r` would be, through the names starting `r` (`r.txt`, `r/…`).
        let from = before.files.partition_point(|f| f.rel.as_str() < r);
        for (i, f) in before.files[from..].iter().enumerate() {
            if !f.rel.starts_with(r) {
                break;
            }
            if covers(&f.rel, r) {
                drop[from + i] = true;
            }
        }
    }
    let mut files: Vec<Found> = before
        .files
        .iter()
        .zip(&drop)
        .filter(|(_, d)| !**d)
        .map(|(f, _)| f.clone())
        .collect();
    let mut odd: Vec<Rejected> = before
        .odd
        .iter()
        .filter(|o| !rels.iter().any(|r| covers(&o.file, r)))
        .cloned()
        .collect();
    let mut fresh = Vec::new();
    for r in &rels {
        let path = root.join(r.as_str());
        // Gone: nothing to add (its entries were dropped above).
        if let Ok(meta) = std::fs::symlink_metadata(&path) {
            classify(
                root,
                &real_root,
                path,
                (*r).clone(),
                meta.file_type(),
                &mut fresh,
                &mut odd,
            );
        }
    }
    let touched = fresh.iter().map(|f| f.rel.clone()).collect();
    files.extend(fresh);
    files.sort();
    files.dedup_by(|a, b| a.rel == b.rel);
    odd.sort_by(|a, b| a.file.cmp(&b.file));
    Ok((Walked { files, odd }, touched))
}

fn not_a_file(file: String) -> Rejected {
    Rejected {
        file,
        reason: RejectReason::NotAFile,
    }
}

fn unreadable(file: String, e: &std::io::Error) -> Rejected {
    Rejected {
        file,
        reason: RejectReason::Unreadable {
            error: e.to_string(),
        },
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(w: &Walked) -> Vec<&str> {
        w.files.iter().map(|f| f.rel.as_str()).collect()
    }

    fn odd(w: &Walked) -> Vec<String> {
        let mut odd: Vec<String> = w.odd.iter().map(|r| format!("{r:?}")).collect();
        odd.sort();
        odd
    }

    /// Issue 13 §1: the walk brought up to date from the paths that
    /// changed is the walk of the whole folder, and only the files found
    /// below those paths are to be stat'ed again.
    #[test]
    fn a_rewalk_of_the_changed_paths_is_a_walk_of_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("d")).unwrap();
        for f in ["a.txt", "d/b.txt", "d/c.txt", "d.txt", "z.txt"] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let (files0, odd0) = walk(root).unwrap();
        let before = Walked {
            files: files0,
            odd: odd0,
        };
        std::fs::remove_file(root.join("d/b.txt")).unwrap();
        std::fs::write(root.join("d/e.txt"), "new").unwrap();
        std::fs::create_dir_all(root.join("n/m")).unwrap();
        std::fs::write(root.join("n/m/x.txt"), "new").unwrap();
        std::fs::write(root.join("n/y.txt"), "new").unwrap();
        std::fs::remove_file(root.join("z.txt")).unwrap();
        let changed = [
            root.join("d/b.txt"),
            root.join("d/e.txt"),
            root.join("n"),
            root.join("n/y.txt"),
            root.join("z.txt"),
        ];
        let (after, touched) = rewalk(root, &before, &changed).unwrap();
        let (files1, odd1) = walk(root).unwrap();
        let fresh = Walked {
            files: files1,
            odd: odd1,
        };
        assert_eq!(files(&after), files(&fresh));
        assert_eq!(odd(&after), odd(&fresh));
        let mut touched: Vec<&str> = touched.iter().map(String::as_str).collect();
        touched.sort();
        assert_eq!(touched, ["d/e.txt", "n/m/x.txt", "n/y.txt"]);

        // A path that cannot be placed is refused (the whole folder is
        // walked instead).
        let elsewhere = tempfile::tempdir().unwrap();
        assert!(matches!(
            rewalk(root, &after, &[elsewhere.path().join("f.txt")]),
            Err(RewalkError::Outside(_))
        ));
        assert!(matches!(
            rewalk(root, &after, &[root.to_path_buf()]),
            Err(RewalkError::Root)
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("d"), root.join("link")).unwrap();
            assert!(matches!(
                rewalk(root, &after, &[root.join("link/c.txt")]),
                Err(RewalkError::NotBelowFolder(_))
            ));
        }
    }
}
