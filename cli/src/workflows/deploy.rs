//! `dokploy deploy application|compose ID [--wait]`: trigger, and optionally follow the new
//! deployment until it finishes (a spinner on a terminal, plain lines when piped), showing the
//! build's log lines as they are written (on a terminal, or with `--logs`). Ctrl-C stops
//! waiting; the deployment goes on.

use std::io::IsTerminal;
use std::time::Duration;

use dokploy::{Client, DeployEvent, WaitOptions};
use indicatif::{ProgressBar, ProgressStyle};

use crate::app::{DeployArgs, DeployKind};
use crate::failure::Failure;
use crate::output;

/// Runs `dokploy deploy`.
pub async fn run(client: &Client, args: &DeployArgs) -> Result<(), Failure> {
    let what = match args.kind {
        DeployKind::Application => format!("application {}", args.id),
        DeployKind::Compose => format!("compose stack {}", args.id),
    };
    if !args.wait {
        match (args.kind, args.redeploy) {
            (DeployKind::Application, false) => client.applications().deploy(&args.id).await?,
            (DeployKind::Application, true) => client.applications().redeploy(&args.id).await?,
            (DeployKind::Compose, false) => client.compose().deploy(&args.id).await?,
            (DeployKind::Compose, true) => client.compose().redeploy(&args.id).await?,
        }
        eprintln!(
            "{} of {what} queued (use --wait to follow it)",
            verb(args.redeploy)
        );
        return Ok(());
    }

    let mut request = match args.kind {
        DeployKind::Application => client.deploy_application(&args.id),
        DeployKind::Compose => client.deploy_compose(&args.id),
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
    let progress = Progress::new();
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
        eprintln!("the end of its log:\n{}", tail.trim_end());
    }
    Err(Failure::Failed(line))
}

fn verb(redeploy: bool) -> &'static str {
    if redeploy { "redeploy" } else { "deploy" }
}

/// A spinner on a terminal; one line per event otherwise (both on stderr).
struct Progress {
    spinner: Option<ProgressBar>,
}

impl Progress {
    fn new() -> Self {
        let spinner = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Self { spinner }
    }

    fn show(&self, event: &DeployEvent) {
        match &self.spinner {
            // Log lines scroll above the spinner; the spinner keeps the last status.
            Some(bar) if matches!(event, DeployEvent::LogLine { .. }) => {
                bar.println(event.to_string())
            }
            Some(bar) => {
                if matches!(
                    event,
                    DeployEvent::Started { .. } | DeployEvent::Finished { .. }
                ) {
                    bar.println(event.to_string());
                }
                bar.set_message(event.to_string());
            }
            None => eprintln!("{event}"),
        }
    }

    fn done(&self) {
        if let Some(bar) = &self.spinner {
            bar.finish_and_clear();
        }
    }
}
