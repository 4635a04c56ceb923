//! `cargo xtask build-stats`: the build-cost figures the project tracks, measured in one run.
//!
//! In a fresh target directory: a cold `cargo build -p dokploy` (wall time and the peak RSS of
//! any compiler process), a no-op rebuild, and a rebuild after a one-line edit in `src/lib.rs`
//! (restored afterwards), checking that `build.rs` did not rerun. Also the size of the generated
//! client. Figures, not assertions: machines are shared and noisy.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The targets the figures are compared with.
pub const TARGET_COLD: Duration = Duration::from_secs(150);
/// Peak RSS target, in bytes.
pub const TARGET_RSS: u64 = 2_500_000_000;
/// Rebuild-after-edit target.
pub const TARGET_REBUILD: Duration = Duration::from_secs(20);

/// What one run measured.
#[derive(Debug)]
pub struct Stats {
    /// Cold build wall time.
    pub cold: Duration,
    /// Peak RSS of any process of the cold build, in bytes.
    pub cold_peak_rss: u64,
    /// No-op rebuild wall time.
    pub noop: Duration,
    /// Rebuild after a one-line edit in `src/lib.rs`.
    pub edit: Duration,
    /// Whether `build.rs` ran again for that edit (it must not).
    pub build_script_reran: bool,
    /// Lines of generated client code.
    pub generated_lines: usize,
}

/// Runs the measurements in `target_dir` (emptied first) for the workspace at `root`.
pub fn measure(root: &Path, target_dir: &Path) -> Result<Stats, String> {
    if target_dir.exists() {
        std::fs::remove_dir_all(target_dir)
            .map_err(|e| format!("cannot empty {}: {e}", target_dir.display()))?;
    }
    let (cold, _) = cargo_build(root, target_dir, false)?;
    let cold_peak_rss = children_peak_rss();
    let (noop, _) = cargo_build(root, target_dir, false)?;

    let lib = root.join("src/lib.rs");
    let original =
        std::fs::read(&lib).map_err(|e| format!("cannot read {}: {e}", lib.display()))?;
    let restore = Restore {
        path: lib.clone(),
        contents: original.clone(),
    };
    let mut edited = original.clone();
    edited.extend_from_slice(b"\n// build-stats: a one-line edit, removed when the run ends\n");
    std::fs::write(&lib, &edited).map_err(|e| format!("cannot edit {}: {e}", lib.display()))?;
    let (edit, log) = cargo_build(root, target_dir, true)?;
    drop(restore);
    let build_script_reran = log.lines().any(|l| {
        l.contains("Running") && l.contains("dokploy-") && l.contains("build-script-build")
    });

    Ok(Stats {
        cold,
        cold_peak_rss,
        noop,
        edit,
        build_script_reran,
        generated_lines: generated_lines(target_dir),
    })
}

/// Puts a file back as it was, even if the measurement fails half-way.
struct Restore {
    path: PathBuf,
    contents: Vec<u8>,
}

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.path, &self.contents);
    }
}

fn cargo_build(
    root: &Path,
    target_dir: &Path,
    verbose: bool,
) -> Result<(Duration, String), String> {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root)
        .args(["build", "-p", "dokploy"])
        .arg("--target-dir")
        .arg(target_dir);
    if verbose {
        cmd.arg("-v");
    }
    let started = Instant::now();
    let output = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let elapsed = started.elapsed();
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!("cargo build failed:\n{log}"));
    }
    Ok((elapsed, log))
}

/// The largest resident set of any finished child process (and their children), in bytes.
fn children_peak_rss() -> u64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    if rc != 0 {
        return 0;
    }
    // Linux reports kilobytes.
    (usage.ru_maxrss.max(0) as u64) * 1024
}

fn generated_lines(target_dir: &Path) -> usize {
    let build = target_dir.join("debug/build");
    std::fs::read_dir(&build)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("dokploy-"))
        .map(|e| e.path().join("out/client.rs"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.lines().count())
        .max()
        .unwrap_or(0)
}

/// The figures as a report, each with its target.
pub fn report(stats: &Stats) -> String {
    let ok = |pass: bool| if pass { "ok" } else { "MISSED" };
    format!(
        "cold build of dokploy:        {:>7.1} s   (target ≤ {} s: {})\n\
         peak RSS during it:           {:>7.2} GB  (target ≤ {:.1} GB: {})\n\
         no-op rebuild:                {:>7.1} s\n\
         rebuild after one-line edit:  {:>7.1} s   (target ≤ {} s: {})\n\
         build.rs reran for the edit:  {:>7}     (must not: {})\n\
         generated client:             {:>7} lines\n",
        stats.cold.as_secs_f64(),
        TARGET_COLD.as_secs(),
        ok(stats.cold <= TARGET_COLD),
        stats.cold_peak_rss as f64 / 1e9,
        TARGET_RSS as f64 / 1e9,
        ok(stats.cold_peak_rss <= TARGET_RSS),
        stats.noop.as_secs_f64(),
        stats.edit.as_secs_f64(),
        TARGET_REBUILD.as_secs(),
        ok(stats.edit <= TARGET_REBUILD),
        if stats.build_script_reran {
            "yes"
        } else {
            "no"
        },
        ok(!stats.build_script_reran),
        stats.generated_lines,
    )
}
