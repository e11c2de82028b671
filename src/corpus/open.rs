//! Opening a file of the data folder safely: whatever the walk saw, the
//! path may by now be a symlink to somewhere else or a FIFO (issue #14,
//! items 4 and 5). So every open, at start-up and when an original is
//! served, resolves the path, refuses a real path outside the data folder,
//! opens without following a last-moment symlink and without blocking, and
//! checks the type of what was opened, not of the path.

use std::fs::File;
use std::path::{Path, PathBuf};

/// Why a file of the data folder was not opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Its real path (symlinks resolved) is not inside the data folder.
    #[error("resolves to a file outside the data folder")]
    Outside,
    /// A FIFO, socket, device or folder, found as such on the open file.
    #[error("not a regular file")]
    NotAFile,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The data folder's real path, against which every file is checked; the
/// folder as given when it cannot be resolved (opening will fail anyway).
pub fn real_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Whether `path` resolves to something inside `real_root` (see
/// [`real_root`]). Errors are those of resolving (dangling, loop).
pub fn resolves_inside(path: &Path, real_root: &Path) -> std::io::Result<bool> {
    Ok(path.canonicalize()?.starts_with(real_root))
}

/// Open `path` for reading if it is a regular file inside `real_root`.
pub fn open_in(path: &Path, real_root: &Path) -> Result<File, OpenError> {
    let real = path.canonicalize()?;
    if !real.starts_with(real_root) {
        return Err(OpenError::Outside);
    }
    let file = open_nonblocking(&real)?;
    // The type of what was opened: the path may have changed since.
    if !file.metadata()?.is_file() {
        return Err(OpenError::NotAFile);
    }
    Ok(file)
}

/// The whole of a small file of the data folder (its gazetteer), opened as
/// [`open_in`] does.
pub fn read_in(path: &Path, real_root: &Path) -> Result<Vec<u8>, OpenError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    open_in(path, real_root)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Open read-only without blocking: opening a FIFO for reading otherwise
/// waits for a writer, for ever. `O_NOFOLLOW` refuses a symlink swapped in
/// after `real` was resolved. Neither flag changes reading a regular file.
#[cfg(unix)]
fn open_nonblocking(real: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(real)
}

#[cfg(not(unix))]
fn open_nonblocking(real: &Path) -> std::io::Result<File> {
    File::open(real)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn outside_links_and_fifos_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = real_root(dir.path());
        std::fs::write(dir.path().join("a.txt"), "text").unwrap();
        std::os::unix::fs::symlink("a.txt", dir.path().join("in.txt")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("out.txt")).unwrap();
        let fifo = std::process::Command::new("mkfifo")
            .arg(dir.path().join("fifo.txt"))
            .status()
            .unwrap();
        assert!(fifo.success());
        assert!(open_in(&dir.path().join("a.txt"), &root).is_ok());
        assert!(open_in(&dir.path().join("in.txt"), &root).is_ok());
        assert!(matches!(
            open_in(&dir.path().join("out.txt"), &root),
            Err(OpenError::Outside)
        ));
        assert!(matches!(
            open_in(&dir.path().join("fifo.txt"), &root),
            Err(OpenError::NotAFile)
        ));
    }
}
