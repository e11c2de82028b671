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
    Ok(())
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
