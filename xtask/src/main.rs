//! Maintainer tasks: `cargo xtask refresh-spec`, `cargo xtask spec-diff`,
//! `cargo xtask upgrade`, `cargo xtask census`, `cargo xtask synthetic-release`,
//! `cargo xtask build-stats` and `cargo xtask package-check`.
//!
//! Exit codes: 0 done (for `spec-diff` and `upgrade`: no change at or above `--fail-on`; for
//! `census`: no drift), 1 `spec-diff` or `upgrade` found changes at or above `--fail-on`
//! (`census`: drift), 2 unreadable input, a failed refresh or census, a failed package check or
//! bad usage.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use xtask::diff::Level;
use xtask::diff::render::{self, Format};
use xtask::spec::{self, SpecSource};
use xtask::{VENDORED, refresh, workspace_root};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Maintainer tasks for the dokploy crate"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Vendor Dokploy's OpenAPI document as openapi/dokploy.json (validated, canonical, atomic),
    /// then print what changed.
    RefreshSpec {
        /// The running Dokploy to fetch from: base URL (with or without /api), or the URL of
        /// the document (REST or tRPC form). Default: $DOKPLOY_API_URL.
        #[arg(long, value_name = "URL", conflicts_with = "from")]
        url: Option<String>,
        /// The API key sent as x-api-key. Default: $DOKPLOY_API_KEY.
        #[arg(long, value_name = "KEY")]
        api_key: Option<String>,
        /// Read a saved document instead of fetching one.
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        /// The Dokploy release the document describes, for documents whose `info.version` does
        /// not name one (release builds say `1.0.0`).
        #[arg(long, value_name = "vX.Y.Z")]
        release: Option<String>,
        /// Only check that the vendored file is in canonical form.
        #[arg(long)]
        check: bool,
        /// The vendored file to replace (default: openapi/dokploy.json in the workspace).
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
    },
    /// Follow a Dokploy release in one command: vendor its document, compare it with the
    /// previous one, cross-reference every change with the hand-written code using it, append
    /// it to openapi/history/, rewrite the README lines about the release, bump the versions,
    /// write the changelog entry, and list what is left to do by hand.
    Upgrade {
        /// The running Dokploy to fetch from. Default: $DOKPLOY_API_URL.
        #[arg(long, value_name = "URL", conflicts_with = "from")]
        url: Option<String>,
        /// The API key sent as x-api-key. Default: $DOKPLOY_API_KEY.
        #[arg(long, value_name = "KEY")]
        api_key: Option<String>,
        /// Read a saved document instead of fetching one.
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        /// The Dokploy release the document describes, when its `info.version` does not say.
        #[arg(long, value_name = "vX.Y.Z")]
        release: Option<String>,
        /// Exit with 1 when a change at or above this level is found.
        #[arg(long, value_enum, default_value_t = FailOn::Breaking)]
        fail_on: FailOn,
        /// With --url: do not run the census of the running Dokploy's answers first.
        #[arg(long)]
        no_census: bool,
    },
    /// A census of a running Dokploy: every safe read operation (GETs only) called with ids
    /// found by listing, each answer checked against the typed models and the previous census
    /// (tests/fixtures/census), whose fixtures it then replaces. Exit 1 on response drift.
    Census {
        /// The running Dokploy. Default: $DOKPLOY_API_URL.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// The API key sent as x-api-key. Default: $DOKPLOY_API_KEY.
        #[arg(long, value_name = "KEY")]
        api_key: Option<String>,
        /// The previous census's fixtures, replaced by this one's. Default: tests/fixtures/census.
        #[arg(long, value_name = "DIR")]
        fixtures: Option<PathBuf>,
    },
    /// Write the synthetic next release (the README's worked example) built from the vendored
    /// document: a new required field, a renamed field, a removed operation, an enum value
    /// replaced, three new operations.
    SyntheticRelease {
        /// Where to write it.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Compare two documents semantically: what changes for callers of the client.
    SpecDiff {
        /// The old document: a file, git:REV (openapi/dokploy.json at that revision) or the URL
        /// of a running Dokploy.
        #[arg(default_value = "git:HEAD")]
        old: String,
        /// The new document (same forms). Default: the working tree's openapi/dokploy.json.
        new: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
        /// Exit with 1 when a change at or above this level is found.
        #[arg(long, value_enum, default_value_t = FailOn::Breaking)]
        fail_on: FailOn,
        /// The API key for URL sides. Default: $DOKPLOY_API_KEY.
        #[arg(long, value_name = "KEY")]
        api_key: Option<String>,
        /// When the old file or git revision does not exist (a first commit, a shallow
        /// clone), say so and exit 0 instead of failing.
        #[arg(long)]
        old_missing_ok: bool,
        /// Print how long reading, normalising and comparing took (to stderr).
        #[arg(long)]
        timing: bool,
    },
    /// Measure the build: cold build time and peak RSS, rebuild after a one-line edit (and
    /// whether build.rs reran), generated lines. Uses its own target directory.
    BuildStats {
        /// Where to build (emptied first). Default: target/build-stats.
        #[arg(long, value_name = "DIR")]
        target_dir: Option<PathBuf>,
    },
    /// Check the published crates: `cargo package` with verification for dokploy-codegen,
    /// dokploy and dokploy-cli; the dokploy package's contents and size; a crate outside the
    /// workspace using the packaged dokploy with its fake; `cargo install --path cli`. Offline.
    PackageCheck {
        /// Where to build. Default: $CARGO_TARGET_DIR, then target/.
        #[arg(long, value_name = "DIR")]
        target_dir: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Markdown,
    Json,
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Breaking,
    Warning,
    Info,
    None,
}

impl FailOn {
    fn threshold(self) -> Option<Level> {
        match self {
            FailOn::Breaking => Some(Level::Breaking),
            FailOn::Warning => Some(Level::Warning),
            FailOn::Info => Some(Level::Info),
            FailOn::None => None,
        }
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Census {
            url,
            api_key,
            fixtures,
        } => {
            let root = match workspace_root() {
                Ok(root) => root,
                Err(e) => return fail(&e),
            };
            let Some(url) = url.or_else(|| env("DOKPLOY_API_URL")) else {
                return fail("give --url URL (or set DOKPLOY_API_URL and DOKPLOY_API_KEY)");
            };
            let key = api_key.or_else(|| env("DOKPLOY_API_KEY"));
            let fixtures = fixtures.unwrap_or_else(|| root.join(xtask::census::FIXTURES));
            match xtask::census::run(&root, &url, key.as_deref(), &fixtures) {
                Ok((code, text)) => {
                    print!("{text}");
                    ExitCode::from(code as u8)
                }
                Err(e) => fail(&e),
            }
        }
        Command::Upgrade {
            url,
            api_key,
            from,
            release,
            fail_on,
            no_census,
        } => {
            let root = match workspace_root() {
                Ok(root) => root,
                Err(e) => return fail(&e),
            };
            let source = match (from, url.or_else(|| env("DOKPLOY_API_URL"))) {
                (Some(path), _) => refresh::Source::File(path),
                (None, Some(url)) => refresh::Source::Url {
                    url,
                    api_key: api_key.or_else(|| env("DOKPLOY_API_KEY")),
                },
                (None, None) => {
                    return fail(
                        "give --url URL (or set DOKPLOY_API_URL, with DOKPLOY_API_KEY) to fetch from a running Dokploy, or --from FILE",
                    );
                }
            };
            let started = Instant::now();
            let label = match &source {
                refresh::Source::File(p) => p.display().to_string(),
                refresh::Source::Url { url, .. } => url.clone(),
            };
            let bytes = match refresh::fetch(&source) {
                Ok(bytes) => bytes,
                Err(e) => return fail(&e),
            };
            // The census runs first, with the crate as it is (before the new document can
            // break its build): response drift is what no document diff can see.
            if let refresh::Source::Url { url, api_key } = &source
                && !no_census
            {
                let fixtures = root.join(xtask::census::FIXTURES);
                match xtask::census::run(&root, url, api_key.as_deref(), &fixtures) {
                    Ok((_, text)) => println!("{text}"),
                    Err(e) => {
                        println!("the census could not run ({e}); run `cargo xtask census` later\n")
                    }
                }
            }
            let request = xtask::upgrade::Request {
                root,
                bytes,
                release,
                source: label,
                date: xtask::upgrade::today(),
            };
            match xtask::upgrade::run(&request) {
                Ok(done) => {
                    print!("{}", xtask::upgrade::render(&done));
                    eprintln!("upgrade took {:.1} s", started.elapsed().as_secs_f64());
                    match (fail_on.threshold(), done.max_level()) {
                        (Some(threshold), Some(max)) if max >= threshold => ExitCode::from(1),
                        _ => ExitCode::SUCCESS,
                    }
                }
                Err(e) => fail(&e),
            }
        }
        Command::SyntheticRelease { out } => {
            let root = match workspace_root() {
                Ok(root) => root,
                Err(e) => return fail(&e),
            };
            let next = std::fs::read(root.join(VENDORED))
                .map_err(|e| e.to_string())
                .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
                .and_then(|doc| {
                    xtask::synthetic::next_release(&doc).ok_or_else(|| {
                        format!("{VENDORED} lacks what the synthetic release changes")
                    })
                });
            match next.and_then(|doc| {
                std::fs::write(&out, serde_json::to_vec_pretty(&doc).unwrap_or_default())
                    .map_err(|e| format!("cannot write {}: {e}", out.display()))
            }) {
                Ok(()) => {
                    println!(
                        "{}: the synthetic {} (then: cargo xtask upgrade --from {})",
                        out.display(),
                        xtask::synthetic::RELEASE,
                        out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        Command::PackageCheck { target_dir } => {
            let root = match workspace_root() {
                Ok(root) => root,
                Err(e) => return fail(&e),
            };
            let dir = target_dir
                .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from))
                .unwrap_or_else(|| root.join("target"));
            let started = Instant::now();
            match xtask::package_check::run(&root, &dir) {
                Ok(report) => {
                    print!("{}", xtask::package_check::report(&report));
                    println!(
                        "package check passed in {:.1} s",
                        started.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        Command::BuildStats { target_dir } => {
            let root = match workspace_root() {
                Ok(root) => root,
                Err(e) => return fail(&e),
            };
            let dir = target_dir.unwrap_or_else(|| root.join("target/build-stats"));
            println!(
                "measuring in {} (a cold build takes a minute or two)…",
                dir.display()
            );
            match xtask::build_stats::measure(&root, &dir) {
                Ok(stats) => {
                    print!("{}", xtask::build_stats::report(&stats));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
        Command::RefreshSpec {
            url,
            api_key,
            from,
            release,
            check,
            spec,
        } => {
            let (target, name) = match spec {
                Some(path) => {
                    let name = path.display().to_string();
                    (path, name)
                }
                None => match workspace_root() {
                    Ok(root) => (root.join(VENDORED), VENDORED.to_string()),
                    Err(e) => return fail(&e),
                },
            };
            if check {
                return match refresh::check(&target) {
                    Ok(()) => {
                        println!("{name} is in canonical form");
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(&e),
                };
            }
            let source = match (from, url.or_else(|| env("DOKPLOY_API_URL"))) {
                (Some(path), _) => refresh::Source::File(path),
                (None, Some(url)) => refresh::Source::Url {
                    url,
                    api_key: api_key.or_else(|| env("DOKPLOY_API_KEY")),
                },
                (None, None) => {
                    return fail(
                        "give --url URL (or set DOKPLOY_API_URL) to fetch from a running Dokploy, or --from FILE",
                    );
                }
            };
            refresh_spec(&source, release.as_deref(), &target, &name)
        }
        Command::SpecDiff {
            old,
            new,
            format,
            fail_on,
            api_key,
            old_missing_ok,
            timing,
        } => {
            let new = match new {
                Some(new) => (SpecSource::parse(&new), new),
                None => match workspace_root() {
                    Ok(root) => (SpecSource::File(root.join(VENDORED)), VENDORED.to_string()),
                    Err(e) => return fail(&e),
                },
            };
            let options = DiffOptions {
                format: match format {
                    FormatArg::Text => Format::Text,
                    FormatArg::Markdown => Format::Markdown,
                    FormatArg::Json => Format::Json,
                    FormatArg::Github => Format::Github,
                },
                threshold: fail_on.threshold(),
                api_key: api_key.or_else(|| env("DOKPLOY_API_KEY")),
                old_missing_ok,
                timing,
            };
            spec_diff((&SpecSource::parse(&old), &old), (&new.0, &new.1), &options)
        }
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn refresh_spec(
    source: &refresh::Source,
    release: Option<&str>,
    target: &std::path::Path,
    name: &str,
) -> ExitCode {
    let done = match refresh::fetch(source).and_then(|b| refresh::refresh(&b, release, target)) {
        Ok(done) => done,
        Err(e) => return fail(&format!("{name} was left unchanged: {e}")),
    };
    println!(
        "{name}: {} ({} operations, Dokploy {})",
        if done.changed {
            "updated"
        } else {
            "already up to date"
        },
        done.operations,
        done.release.as_deref().unwrap_or("release unknown")
    );
    if !done.changed {
        return ExitCode::SUCCESS;
    }
    let previous = done
        .previous
        .as_deref()
        .map(|bytes| spec::api_from_bytes(bytes, "the previous file"));
    match previous {
        None => println!("no previous document to compare with"),
        Some(Err(e)) => println!("cannot compare with the previous document: {e}"),
        Some(Ok(old)) => match spec::api_from_bytes(done.text.as_bytes(), "the new file") {
            Ok(new) => {
                let report = spec::report(&old, "previous", &new, "new");
                print!("{}", render::summary(&report));
            }
            Err(e) => println!("cannot compare with the previous document: {e}"),
        },
    }
    ExitCode::SUCCESS
}

struct DiffOptions {
    format: Format,
    threshold: Option<Level>,
    api_key: Option<String>,
    old_missing_ok: bool,
    timing: bool,
}

/// Compares two sides, each a source and how to name it.
fn spec_diff(
    (old, old_label): (&SpecSource, &str),
    (new, new_label): (&SpecSource, &str),
    options: &DiffOptions,
) -> ExitCode {
    // Only a `git:REV` side needs the checkout: two files (or URLs) compare from anywhere.
    let root = if matches!(old, SpecSource::Git(_)) || matches!(new, SpecSource::Git(_)) {
        match workspace_root() {
            Ok(root) => Some(root),
            Err(e) => return fail(&e),
        }
    } else {
        None
    };
    let root = root.as_deref();
    let key = options.api_key.as_deref();
    let started = Instant::now();
    let old_bytes = match spec::load(old, root, key) {
        Ok(bytes) => bytes,
        Err(e) if e.missing && options.old_missing_ok => {
            println!("no previous document to compare with ({})", e.message);
            return ExitCode::SUCCESS;
        }
        Err(e) => return fail(&e.message),
    };
    let new_bytes = match spec::load(new, root, key) {
        Ok(bytes) => bytes,
        Err(e) => return fail(&e.message),
    };
    let loaded = started.elapsed();
    let apis = spec::api_from_bytes(&old_bytes, old_label)
        .and_then(|o| Ok((o, spec::api_from_bytes(&new_bytes, new_label)?)));
    let (old_api, new_api) = match apis {
        Ok(apis) => apis,
        Err(e) => return fail(&e),
    };
    let normalised = started.elapsed();
    let report = spec::report(&old_api, old_label, &new_api, new_label);
    let compared = started.elapsed();
    // In a checkout, each change names the hand-written code that uses what it touches.
    let uses: Vec<Vec<xtask::xref::Use>> = match workspace_root() {
        Ok(root) => {
            let index = xtask::xref::Index::load(&root);
            report.changes.iter().map(|c| index.uses(c)).collect()
        }
        Err(_) => Vec::new(),
    };
    print!(
        "{}",
        render::render_with_uses(&report, options.format, &uses)
    );
    if options.timing {
        eprintln!(
            "timing: read {:.1} ms, parse + normalise both {:.1} ms, compare {:.1} ms, total {:.1} ms",
            ms(loaded),
            ms(normalised - loaded),
            ms(compared - normalised),
            ms(started.elapsed()),
        );
    }
    match (options.threshold, report.max_level()) {
        (Some(threshold), Some(max)) if max >= threshold => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
