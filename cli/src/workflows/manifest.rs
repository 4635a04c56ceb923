//! `dokploy plan`, `dokploy apply`, `dokploy export` and `dokploy manifest schema`: Dokploy as
//! code, over the library's `dokploy::manifest` engine (this file only parses and prints).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use dokploy::manifest::{
    ApplyEvent, ApplyOptions, ApplyReport, ExportOptions, Manifest, Plan, Secrets, StepOutcome,
};
use dokploy::{Client, WaitOptions};

use crate::failure::Failure;
use crate::output;

/// `dokploy plan`.
#[derive(Args, Debug)]
pub struct PlanArgs {
    /// The manifest: a file, or a directory of *.yaml / *.yml files
    #[arg(short, long, value_name = "FILE|DIR", default_value = "dokploy.yaml")]
    pub file: PathBuf,
    /// Also save the plan as JSON (no secret in it) for `dokploy apply -f FILE`
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// How to print the plan
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Read NAME=value lines for ${env:NAME} references from FILE (before the environment)
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
}

/// How a plan is printed.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Terraform's style: + ~ - -/+, old -> new, a summary line
    Text,
    /// The plan as JSON
    Json,
}

/// `dokploy apply`.
#[derive(Args, Debug)]
pub struct ApplyArgs {
    /// The manifest (a file or a directory), or a plan saved by `dokploy plan --out`
    #[arg(
        short,
        long,
        value_name = "FILE|DIR|PLAN.json",
        default_value = "dokploy.yaml"
    )]
    pub file: PathBuf,
    /// Delete what this tool created and the manifest no longer names (asks first)
    #[arg(long)]
    pub prune: bool,
    /// Do not deploy the services whose settings changed
    #[arg(long)]
    pub no_deploy: bool,
    /// Give up waiting for a deploy after this many seconds (default 1800)
    #[arg(long, value_name = "SECONDS")]
    pub wait_timeout: Option<u64>,
    /// Read NAME=value lines for ${env:NAME} references from FILE (before the environment)
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
}

/// `dokploy export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// One project, by name (default: every project, destination and notification)
    #[arg(long, value_name = "NAME")]
    pub project: Option<String>,
    /// Write the manifest to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the secrets its ${env:NAME} references name to FILE (mode 0600), for
    /// `dokploy plan --env-file FILE`
    #[arg(long, value_name = "FILE")]
    pub secrets_out: Option<PathBuf>,
}

/// `dokploy manifest …`.
#[derive(Subcommand, Debug)]
pub enum ManifestCommand {
    /// Print the manifest's JSON Schema (for editors: yaml.schemas, `# yaml-language-server: $schema=…`)
    Schema,
}

/// The exit code of a plan with changes (`terraform plan -detailed-exitcode`).
const CHANGES: u8 = 2;

fn secrets(env_file: Option<&Path>) -> Result<Secrets, Failure> {
    let secrets = Secrets::from_env();
    match env_file {
        Some(path) => secrets.env_file(path).map_err(|e| {
            Failure::Failed(format!(
                "the env file {} cannot be read: {e}",
                path.display()
            ))
        }),
        None => Ok(secrets),
    }
}

fn load(path: &Path) -> Result<Manifest, Failure> {
    let manifest = Manifest::load(path).map_err(dokploy::Error::from)?;
    for warning in manifest.warnings() {
        eprintln!("warning: {warning}");
    }
    Ok(manifest)
}

fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// `dokploy plan`: exit 0 without changes, 2 with changes, 1 when it fails (never 2).
pub async fn plan(
    client: impl FnOnce() -> Result<Client, Failure>,
    args: &PlanArgs,
) -> Result<(), Failure> {
    let run = async {
        let manifest = load(&args.file)?;
        let secrets = secrets(args.env_file.as_deref())?;
        let client = client()?;
        let plan = client.manifest().secrets(secrets).plan(&manifest).await?;
        if let Some(out) = &args.out {
            let json = serde_json::to_string_pretty(&plan)
                .map_err(|e| Failure::Failed(format!("the plan could not be written: {e}")))?;
            std::fs::write(out, json + "\n").map_err(|e| {
                Failure::Failed(format!(
                    "the plan could not be written to {}: {e}",
                    out.display()
                ))
            })?;
        }
        match args.format {
            Format::Text => output::line(&plan.render(colour()))?,
            Format::Json => output::line(
                &serde_json::to_string_pretty(&plan)
                    .map_err(|e| Failure::Failed(format!("the plan could not be printed: {e}")))?,
            )?,
        }
        Ok::<bool, Failure>(plan.has_changes())
    };
    match run.await {
        Ok(true) => Err(Failure::Exit(CHANGES)),
        Ok(false) => Ok(()),
        // Anything that goes wrong is 1 here: 2 means "changes".
        Err(f) if f.exit_code() == CHANGES => Err(Failure::Failed(f.to_string())),
        Err(f) => Err(f),
    }
}

fn is_saved_plan(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "json")
}

/// `dokploy apply`.
pub async fn apply(client: &Client, args: &ApplyArgs, yes: bool) -> Result<(), Failure> {
    let secrets = secrets(args.env_file.as_deref())?;
    let (manifest, plan) = if is_saved_plan(&args.file) {
        let text = std::fs::read_to_string(&args.file).map_err(|e| {
            Failure::Failed(format!(
                "the plan {} cannot be read: {e}",
                args.file.display()
            ))
        })?;
        let plan: Plan = serde_json::from_str(&text).map_err(|e| {
            Failure::Failed(format!("{} is not a saved plan: {e}", args.file.display()))
        })?;
        let files: Vec<PathBuf> = plan
            .manifest
            .iter()
            .map(|f| PathBuf::from(&f.path))
            .collect();
        let manifest = Manifest::load_files(&files).map_err(dokploy::Error::from)?;
        (manifest, plan)
    } else {
        let manifest = load(&args.file)?;
        let plan = client
            .manifest()
            .secrets(self::secrets(args.env_file.as_deref())?)
            .plan(&manifest)
            .await?;
        (manifest, plan)
    };
    output::line(&plan.render(colour()))?;
    if !plan.has_changes() {
        return Ok(());
    }
    let deletes = plan
        .changes
        .iter()
        .any(|c| c.action == dokploy::manifest::Action::Delete);
    let replaces = plan
        .changes
        .iter()
        .any(|c| c.action == dokploy::manifest::Action::Replace);
    if replaces || (deletes && args.prune) {
        crate::confirm::ask("Applying a plan that deletes resources", yes)?;
    }
    let mut wait = WaitOptions::default();
    if let Some(seconds) = args.wait_timeout {
        wait.timeout = std::time::Duration::from_secs(seconds);
    }
    let options = ApplyOptions {
        prune: args.prune,
        deploy: !args.no_deploy,
        wait,
        on_event: Some(Box::new(progress)),
    };
    let report = client
        .manifest()
        .secrets(secrets)
        .apply_plan(&manifest, &plan, options)
        .await?;
    summary(&report)
}

/// One line per step on stderr, as apply goes.
fn progress(event: &ApplyEvent<'_>) {
    match event {
        ApplyEvent::Started(change) => {
            eprintln!(
                "{} {} {} …",
                change.action.symbol(),
                change.kind,
                change.address
            )
        }
        ApplyEvent::Finished(result) => match &result.outcome {
            StepOutcome::Applied => eprintln!(
                "  {} {} {}: done",
                result.action, result.kind, result.address
            ),
            StepOutcome::Skipped(why) => eprintln!(
                "  {} {} {}: skipped ({why})",
                result.action, result.kind, result.address
            ),
            StepOutcome::Failed(why) => eprintln!(
                "  {} {} {}: FAILED: {why}",
                result.action, result.kind, result.address
            ),
        },
        ApplyEvent::Deploying { kind, address } => eprintln!("deploying {kind} {address} …"),
        ApplyEvent::Deploy { address, event } => eprintln!("  {address}: {event}"),
        _ => {}
    }
}

fn summary(report: &ApplyReport) -> Result<(), Failure> {
    let skipped = report
        .results
        .iter()
        .filter(|r| matches!(r.outcome, StepOutcome::Skipped(_)))
        .count();
    let deploys = report
        .results
        .iter()
        .filter(|r| r.action == "deploy")
        .count();
    let line = format!(
        "Apply: {} changed, {} deployed, {} skipped, {} failed.",
        report.applied(),
        deploys,
        skipped,
        report.failed()
    );
    if report.succeeded() {
        output::line(&line)
    } else {
        let failed: Vec<String> = report
            .results
            .iter()
            .filter_map(|r| match &r.outcome {
                StepOutcome::Failed(why) => {
                    Some(format!("{} {} {}: {why}", r.action, r.kind, r.address))
                }
                _ => None,
            })
            .collect();
        output::line(&line)?;
        Err(Failure::Failed(format!(
            "{} of the changes failed (the others were made; run apply again once fixed):\n  {}",
            failed.len(),
            failed.join("\n  ")
        )))
    }
}

/// `dokploy export`.
pub async fn export(client: &Client, args: &ExportArgs) -> Result<(), Failure> {
    let export = client
        .manifest()
        .export(&ExportOptions {
            project: args.project.clone(),
        })
        .await?;
    if let Some(path) = &args.secrets_out {
        write_private(path, &export.secrets_dotenv())?;
        eprintln!(
            "{} secret(s) written to {}",
            export.secrets.len(),
            path.display()
        );
    } else if !export.secrets.is_empty() {
        eprintln!(
            "the manifest references {} secret(s) as ${{env:NAME}}; --secrets-out FILE writes their values",
            export.secrets.len()
        );
    }
    match &args.output {
        Some(path) => std::fs::write(path, &export.yaml).map_err(|e| {
            Failure::Failed(format!(
                "the manifest could not be written to {}: {e}",
                path.display()
            ))
        }),
        None => output::line(&export.yaml),
    }
}

/// Writes a file only its owner can read.
fn write_private(path: &Path, text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()).map(|()| f))
        .map_err(|e| Failure::Failed(format!("{} could not be written: {e}", path.display())))?;
    file.flush()
        .map_err(|e| Failure::Failed(format!("{} could not be written: {e}", path.display())))
}

/// `dokploy manifest schema`.
pub fn schema() -> Result<(), Failure> {
    output::line(&dokploy::manifest::json_schema_text())
}
