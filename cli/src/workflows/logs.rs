//! `dokploy logs`: a deployment's log (its end, or followed live until the deployment is over)
//! and the logs of a running application, compose stack or database (the backlog, or followed
//! until Ctrl-C), through the library's [`dokploy::logs`]. Lines go to stdout as they come;
//! Ctrl-C stops cleanly.

use std::io::Write;

use dokploy::Client;
use dokploy::logs::{LogStream, LogTarget};

use crate::app::LogsArgs;
use crate::failure::Failure;
use crate::output::Output;

/// The examples `dokploy logs --help` shows.
pub const LOGS_HELP: &str = "\
Examples:
  dokploy logs DEPLOYMENT_ID --tail 20
  dokploy logs DEPLOYMENT_ID --follow                   # live, ends when the deployment is over
  dokploy logs --application APP_ID --follow --since 1h  # until Ctrl-C
  dokploy logs --compose STACK_ID --service web --tail 50
  dokploy logs --database postgres:DB_ID --search error";

/// What `dokploy logs` reads.
enum Source<'a> {
    Deployment(&'a str),
    Service(LogTarget),
}

/// What the arguments name: a service by its flag (or the earlier `KIND ID` spelling), else a
/// deployment.
fn source(args: &LogsArgs) -> Result<Source<'_>, Failure> {
    let t = &args.target;
    let flagged = match (&t.application, &t.compose, &t.database) {
        (Some(id), None, None) => Some(LogTarget::Application(id.clone())),
        (None, Some(id), None) => Some(LogTarget::Compose(id.clone())),
        (None, None, Some(db)) => Some(LogTarget::Database(super::env::database_ref(
            db,
            "--database",
        )?)),
        _ => None,
    };
    match (flagged, args.deployment_id.as_deref(), args.legacy_id.as_deref()) {
        (Some(target), None, None) => Ok(Source::Service(target)),
        (None, Some(id), None) => Ok(Source::Deployment(id)),
        (None, Some(kind), Some(id)) => match kind {
            "application" => Ok(Source::Service(LogTarget::Application(id.to_string()))),
            "compose" => Ok(Source::Service(LogTarget::Compose(id.to_string()))),
            "database" => Ok(Source::Service(LogTarget::Database(
                super::env::database_ref(id, "database")?,
            ))),
            other => Err(Failure::Usage(format!(
                "{other:?} is not application, compose or database (dokploy logs --application ID, or dokploy logs DEPLOYMENT_ID)"
            ))),
        },
        _ => Err(Failure::Usage(
            "say whose logs: DEPLOYMENT_ID, or one of --application ID, --compose ID, --database KIND:ID".into(),
        )),
    }
}

/// Runs `dokploy logs`.
pub async fn run(client: &Client, args: &LogsArgs, output: Output) -> Result<(), Failure> {
    match source(args)? {
        Source::Deployment(id) => deployment(client, args, id, output).await,
        Source::Service(target) => service(client, args, target, output).await,
    }
}

async fn deployment(
    client: &Client,
    args: &LogsArgs,
    id: &str,
    output: Output,
) -> Result<(), Failure> {
    if args.since.is_some() || args.search.is_some() || args.service.is_some() {
        return Err(Failure::Usage(
            "--since, --search and --service are for a service's logs (dokploy logs --application|--compose|--database …)".into(),
        ));
    }
    if !args.follow {
        let log = client.deployments().read_logs(id, args.tail).await?;
        return if log.is_empty() {
            Ok(())
        } else {
            output.text(&log)
        };
    }
    if args.tail.is_some() {
        return Err(Failure::Usage(
            "a followed deployment's log starts at its first line: --tail is for reading it without --follow".into(),
        ));
    }
    let deployment = client.deployments().find(id).await?;
    print(client.deployments().follow(&deployment), false, output).await
}

async fn service(
    client: &Client,
    args: &LogsArgs,
    target: LogTarget,
    output: Output,
) -> Result<(), Failure> {
    let compose = matches!(target, LogTarget::Compose(_));
    if args.service.is_some() && !compose {
        return Err(Failure::Usage(
            "--service picks a compose stack's service (dokploy logs --compose ID --service NAME)"
                .into(),
        ));
    }
    let mut logs = client.service_logs(target).follow(args.follow);
    if let Some(tail) = args.tail {
        logs = logs.tail(tail);
    }
    if let Some(since) = &args.since {
        logs = logs.since(since);
    }
    if let Some(search) = &args.search {
        logs = logs.search(search);
    }
    if let Some(service) = &args.service {
        logs = logs.service(service);
    }
    // Several containers: each line says whose it is.
    let several = logs.containers().await?.len() > 1;
    print(logs.stream().await?, several, output).await
}

/// Prints each line as it comes (its secrets redacted unless `--show-secrets`), until the stream
/// ends, Ctrl-C, or stdout closes (`| head`).
async fn print(mut stream: LogStream, with_source: bool, output: Output) -> Result<(), Failure> {
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        let line = tokio::select! {
            line = stream.next_line() => line,
            _ = &mut ctrl_c => return Ok(()), // dropping the stream closes the socket
        };
        let Some(line) = line else { return Ok(()) };
        let line = line?;
        let text = output.visible_text(&line.text);
        let mut out = std::io::stdout().lock();
        let written = match (&line.source, with_source) {
            (Some(source), true) => writeln!(out, "{source} | {text}"),
            _ => writeln!(out, "{text}"),
        };
        match written.and_then(|()| out.flush()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            Err(e) => {
                return Err(Failure::Failed(format!(
                    "could not write to standard output: {e}"
                )));
            }
        }
    }
}
