//! Writing output files safely: never half-written, never over an input.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: into a temporary file in the same folder, flushed to
/// disk, then renamed over `path`. A reader sees the old file or the new one, never a partial
/// one, and an interrupted run leaves at most a stray temporary file, never a truncated output.
///
/// When `path` is a symbolic link, the file it points to is replaced and the link kept; when it
/// replaces a file, the new file keeps the old one's permissions. The temporary file is created
/// exclusively (never through an existing file or link of that name).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let path = resolve_links(path)?;
    // Renaming over a device or a pipe would replace it (as root, `-o /dev/null` would leave a
    // plain file in its place); over a folder it fails obscurely. Only plain files are replaced.
    if let Ok(meta) = std::fs::metadata(&path)
        && !meta.is_file()
    {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a folder, device or pipe); lexgap writes only plain files \
             (without -o, a single report goes to standard output)",
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    let permissions = std::fs::metadata(&path).ok().map(|m| m.permissions());
    let (tmp, mut f) = create_temp(dir, name)?;
    let result = (|| {
        f.write_all(bytes)?;
        if let Some(p) = permissions {
            f.set_permissions(p)?;
        }
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, &path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The file a path finally names: a symbolic link is followed, so that writing replaces its
/// target rather than the link. A link to nothing is an error.
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

/// The marker in the name of every temporary file or folder lexgap makes:
/// `.<name>.lexgap-tmp-<pid>-<n>` (see [`temp_name`]). Only names of this pattern are ever
/// removed as stale (see [`remove_stale_temporaries`]).
const TEMP_MARK: &str = ".lexgap-tmp-";

/// At most this many bytes of the output's name go into its temporary name, so that the
/// temporary name stays within the 255 bytes most file systems allow: a 250-byte output name
/// used to fail, its temporary name being 30 bytes longer (issue 20, finding 12).
const TEMP_NAME_PREFIX: usize = 100;

/// The temporary name for output `name`, attempt `attempt` of process `pid`: at most
/// 1 + 100 + 12 + 10 + 1 + 10 bytes, whatever the length of `name`.
fn temp_name(name: &str, pid: u32, attempt: u32) -> String {
    let mut cut = name.len().min(TEMP_NAME_PREFIX);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let prefix = name.get(..cut).unwrap_or("output");
    format!(".{prefix}{TEMP_MARK}{pid}-{attempt}")
}

/// The process id written in a temporary name of ours, or `None` for any other name.
fn temp_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let (_, tail) = rest.rsplit_once(TEMP_MARK)?;
    let (pid, attempt) = tail.split_once('-')?;
    attempt.parse::<u32>().ok()?;
    pid.parse().ok()
}

/// Whether process `pid` may still be running (and writing its temporary files). Where this
/// cannot be told (no `/proc`), every process counts as running, so nothing is removed.
fn may_be_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if !Path::new("/proc/self").exists() {
        return true;
    }
    Path::new("/proc").join(pid.to_string()).exists()
}

/// Removes from `dir` the temporary files (and temporary report-set folders) that earlier runs
/// of lexgap left when they were killed: only names of lexgap's own pattern
/// (`.<name>.lexgap-tmp-<pid>-<n>`) whose process is no longer running, only plain files and
/// folders holding nothing but plain files, never through a symbolic link. Each folder is
/// looked at once per run. Errors are ignored: this is tidying, not the task.
pub fn remove_stale_temporaries(dir: &Path) {
    static DONE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    if let Ok(mut done) = DONE.lock() {
        if done.iter().any(|d| d == dir) {
            return;
        }
        done.push(dir.to_path_buf());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        if may_be_running(pid) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_file() {
            let _ = std::fs::remove_file(&path);
        } else if meta.is_dir() && only_plain_files(&path) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

fn only_plain_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .all(|e| e.file_type().is_ok_and(|t| t.is_file()))
    })
}

/// A new temporary file beside the output, created with `create_new` so that an existing file or
/// symbolic link of that name (left by an interrupted run, or planted) is never written through.
fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    remove_stale_temporaries(dir);
    let pid = std::process::id();
    let mut last = None;
    for attempt in 0..100u32 {
        let tmp = dir.join(temp_name(name, pid, attempt));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no temporary file name left")))
}

/// A set of output files (a report set) written into a temporary folder beside its destination
/// and moved into place only when every file is written: a run that fails or is killed part-way
/// leaves the destination as it was (issue 20, finding 12). [`SetWriter::finish`] renames the
/// folder into place when the destination does not exist yet, else moves each file in (each
/// replaced whole, as [`write_atomic`] would: links followed, permissions kept); files of the
/// destination the set does not write are left alone.
pub struct SetWriter {
    dest: PathBuf,
    tmp: PathBuf,
    names: Vec<String>,
}

impl SetWriter {
    /// Creates the temporary folder beside `dest` (whose parent folder must exist).
    pub fn new(dest: &Path) -> std::io::Result<SetWriter> {
        let parent = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        remove_stale_temporaries(parent);
        let name = dest
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("output");
        let pid = std::process::id();
        let mut last = None;
        for attempt in 0..100u32 {
            let tmp = parent.join(temp_name(name, pid, attempt));
            match std::fs::create_dir(&tmp) {
                Ok(()) => {
                    return Ok(SetWriter {
                        dest: dest.to_path_buf(),
                        tmp,
                        names: Vec::new(),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| std::io::Error::other("no temporary folder name left")))
    }

    /// Writes one file of the set (a plain name, no folder) into the temporary folder.
    pub fn put(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{name:?} is not a plain file name"),
            ));
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.tmp.join(name))?;
        f.write_all(bytes)?;
        f.sync_all()?;
        self.names.push(name.to_string());
        Ok(())
    }

    /// Moves the set into place (see [`SetWriter`]).
    pub fn finish(self) -> std::io::Result<()> {
        let result = self.move_into_place();
        // Whatever happened, nothing of ours stays behind (after a rename it is gone already).
        let _ = std::fs::remove_dir_all(&self.tmp);
        result
    }

    fn move_into_place(&self) -> std::io::Result<()> {
        if std::fs::symlink_metadata(&self.dest).is_err() {
            return std::fs::rename(&self.tmp, &self.dest);
        }
        if !std::fs::metadata(&self.dest)?.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a folder; a report set is written into a folder",
            ));
        }
        for name in &self.names {
            replace_with(&self.tmp.join(name), &self.dest.join(name))?;
        }
        Ok(())
    }
}

impl Drop for SetWriter {
    /// A set abandoned part-way (an error while rendering) takes its temporary folder with it.
    fn drop(&mut self) {
        if self.tmp.exists() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Moves the written file `tmp` over `path`, as [`write_atomic`] does with its temporary file:
/// a symbolic link at `path` is written through, a plain file's permissions are kept, anything
/// but a plain file is never replaced.
fn replace_with(tmp: &Path, path: &Path) -> std::io::Result<()> {
    let path = resolve_links(path)?;
    if let Ok(meta) = std::fs::metadata(&path) {
        if !meta.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{}: not a regular file; not replaced", path.display()),
            ));
        }
        std::fs::set_permissions(tmp, meta.permissions())?;
    }
    std::fs::rename(tmp, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn replaces_the_target_of_a_symbolic_link_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.law");
        let link = dir.path().join("link.law");
        std::fs::write(&real, b"old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_permissions_of_the_file_it_replaces() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("private.law");
        std::fs::write(&p, b"old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&p, b"new").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_planted_temporary_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"keep").unwrap();
        let planted = dir
            .path()
            .join(format!(".out.lexgap-tmp-{}-0", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        write_atomic(&dir.path().join("out"), b"data").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        assert_eq!(std::fs::read(dir.path().join("out")).unwrap(), b"data");
    }

    #[cfg(unix)]
    #[test]
    fn never_replaces_a_pipe_or_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(write_atomic(&fifo, b"x").is_err());
            use std::os::unix::fs::FileTypeExt as _;
            assert!(
                std::fs::symlink_metadata(&fifo)
                    .unwrap()
                    .file_type()
                    .is_fifo()
            );
        }
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        assert!(write_atomic(&sub, b"x").is_err());
        assert!(sub.is_dir());
    }

    #[test]
    fn a_long_output_name_has_a_short_enough_temporary_name() {
        // Issue 20, finding 12: names over ~225 bytes failed, the temporary name going past 255.
        let dir = tempfile::tempdir().unwrap();
        let name = format!("{}.html", "é".repeat(120));
        assert_eq!(name.len(), 245);
        write_atomic(&dir.path().join(&name), b"x").unwrap();
        assert_eq!(std::fs::read(dir.path().join(&name)).unwrap(), b"x");
        let longest = temp_name(&"x".repeat(255), u32::MAX, u32::MAX);
        assert!(longest.len() <= 255, "{}", longest.len());
        assert_eq!(temp_owner(&longest), Some(u32::MAX));
    }

    #[test]
    fn only_our_own_stale_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // A process id that is not running: the largest Linux allows is 2^22.
        let dead = 4_194_304 + 17;
        let stale = dir.path().join(temp_name("out.html", dead, 0));
        std::fs::write(&stale, b"half").unwrap();
        let stale_set = dir.path().join(temp_name("lexgap-report", dead, 1));
        std::fs::create_dir(&stale_set).unwrap();
        std::fs::write(stale_set.join("index.html"), b"half").unwrap();
        let live = dir
            .path()
            .join(temp_name("out.html", std::process::id(), 5));
        std::fs::write(&live, b"mine").unwrap();
        let other = dir.path().join(format!(".out.other-tmp-{dead}-0"));
        std::fs::write(&other, b"not ours").unwrap();
        let nested = dir.path().join(temp_name("set", dead, 2));
        std::fs::create_dir_all(nested.join("sub")).unwrap();
        remove_stale_temporaries(dir.path());
        if Path::new("/proc/self").exists() {
            assert!(!stale.exists() && !stale_set.exists());
        }
        assert!(live.exists() && other.exists());
        assert!(
            nested.join("sub").exists(),
            "a folder with folders is not ours"
        );
    }

    #[test]
    fn a_set_is_moved_into_place_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("set");
        // Abandoned part-way: nothing at the destination, nothing left beside it.
        let mut w = SetWriter::new(&dest).unwrap();
        w.put("a.html", b"a").unwrap();
        drop(w);
        assert!(!dest.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        // Finished: the folder appears whole.
        let mut w = SetWriter::new(&dest).unwrap();
        w.put("a.html", b"a").unwrap();
        w.put("b.html", b"b").unwrap();
        w.finish().unwrap();
        assert_eq!(std::fs::read(dest.join("b.html")).unwrap(), b"b");
        // Into an existing folder: its files are replaced, others kept.
        std::fs::write(dest.join("mine.txt"), b"keep").unwrap();
        let mut w = SetWriter::new(&dest).unwrap();
        w.put("a.html", b"A").unwrap();
        w.finish().unwrap();
        assert_eq!(std::fs::read(dest.join("a.html")).unwrap(), b"A");
        assert_eq!(std::fs::read(dest.join("mine.txt")).unwrap(), b"keep");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(SetWriter::new(&dest).unwrap().put("../x", b"x").is_err());
    }

    #[test]
    fn missing_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(&dir.path().join("no/such/a.txt"), b"x").is_err());
    }
}
