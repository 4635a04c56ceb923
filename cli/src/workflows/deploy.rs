//! `dokploy deploy --application ID | --compose ID [--wait]` (or the earlier
//! `deploy application|compose ID`): trigger, and optionally follow the new deployment until it
//! finishes (a spinner on a terminal, plain lines when piped), showing the build's log lines as
//! they are written (on a terminal, or with `--logs`). Ctrl-C stops waiting; the deployment goes
//! on.

use std::io::IsTerminal;
use std::time::Duration;

use dokploy::{Client, DeployEvent, WaitOptions};
use indicatif::{ProgressBar, ProgressStyle};

use crate::app::{DeployArgs, DeployKind};
use crate::failure::Failure;
use crate::output::{self, Output};

/// What the flags (or the earlier positional spelling) name.
fn target(args: &DeployArgs) -> Result<(DeployKind, &str), Failure> {
    match (
        &args.target.application,
        &args.target.compose,
        args.legacy_kind,
        &args.legacy_id,
    ) {
        (Some(id), None, None, _) => Ok((DeployKind::Application, id)),
        (None, Some(id), None, _) => Ok((DeployKind::Compose, id)),
        (None, None, Some(kind), Some(id)) => Ok((kind, id)),
        _ => Err(Failure::Usage(
            "say what to deploy: --application ID or --compose ID".into(),
        )),
    }
}

/// Runs `dokploy deploy`.
pub async fn run(client: &Client, args: &DeployArgs, output: Output) -> Result<(), Failure> {
    let (kind, id) = target(args)?;
    let what = match kind {
        DeployKind::Application => format!("application {id}"),
        DeployKind::Compose => format!("compose stack {id}"),
    };
    if !args.wait {
        match (kind, args.redeploy) {
            (DeployKind::Application, false) => client.applications().deploy(id).await?,
            (DeployKind::Application, true) => client.applications().redeploy(id).await?,
            (DeployKind::Compose, false) => client.compose().deploy(id).await?,
            (DeployKind::Compose, true) => client.compose().redeploy(id).await?,
        }
        eprintln!(
            "{} of {what} queued (use --wait to follow it)",
            verb(args.redeploy)
        );
        return Ok(());
    }

    let mut request = match kind {
        DeployKind::Application => client.deploy_application(id),
        DeployKind::Compose => client.deploy_compose(id),
    };
    if args.redeploy {
        request = request.redeploy();
    }
    if let Some(seconds) = args.wait_timeout {
        request = request.options(WaitOptions {
            timeout: Duration::from_secs(seconds),
            ..WaitOptions::default()
        });
    }
    // The build's lines, live: on a terminal, or when asked.
    let follow = args.logs || (!args.no_logs && std::io::stderr().is_terminal());
    if follow {
        request = request.follow_logs();
    }
    let progress = Progress::new(output);
    let mut log_lost = false;
    let waiting = request
        .on_progress(|event| {
            log_lost |= matches!(event, DeployEvent::LogUnavailable { .. });
            progress.show(event);
        })
        .wait();
    let ctrl_c = tokio::signal::ctrl_c();
    let outcome = tokio::select! {
        outcome = waiting => outcome,
        _ = ctrl_c => {
            progress.done();
            return Err(Failure::Failed(format!(
                "stopped waiting: the {} goes on in Dokploy (see `dokploy deployment all`, and `dokploy logs DEPLOYMENT_ID --follow`)",
                verb(args.redeploy)
            )));
        }
    };
    progress.done();
    let outcome = outcome?;
    let line = format!(
        "deployment {} of {what} {} after {:.1}s",
        outcome.deployment.deployment_id,
        outcome.status(),
        outcome.elapsed.as_secs_f64()
    );
    if outcome.succeeded() {
        return output::line(&line);
    }
    // The log already went by live, unless following it failed.
    let shown = follow && !log_lost;
    if let Some(tail) = outcome
        .log_tail
        .as_deref()
        .filter(|t| !t.trim().is_empty() && !shown)
    {
        eprintln!(
            "the end of its log:\n{}",
            output.visible_text(tail.trim_end())
        );
    }
    Err(Failure::Failed(line))
}

fn verb(redeploy: bool) -> &'static str {
    if redeploy { "redeploy" } else { "deploy" }
}

/// A spinner on a terminal; one line per event otherwise (both on stderr).
struct Progress {
    spinner: Option<ProgressBar>,
    /// Log lines are printed with their secrets redacted unless `--show-secrets`.
    output: Output,
}

impl Progress {
    fn new(output: Output) -> Self {
        let spinner = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self { spinner, output }
    }

    fn show(&self, event: &DeployEvent) {
        let shown = event.to_string();
        let shown = self.output.visible_text(&shown);
        match &self.spinner {
            // Log lines scroll above the spinner; the spinner keeps the last status.
            Some(bar) if matches!(event, DeployEvent::LogLine { .. }) => bar.println(shown),
            Some(bar) => {
                if matches!(
                    event,
                    DeployEvent::Started { .. } | DeployEvent::Finished { .. }
                ) {
                    bar.println(&shown);
                }
                bar.set_message(shown.into_owned());
            }
            None => eprintln!("{shown}"),
        }
    }

    fn done(&self) {
        if let Some(bar) = &self.spinner {
            bar.finish_and_clear();
        }
    }
}
