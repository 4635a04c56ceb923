//! The command tree: global options, the workflow commands (clap derive) and one command per
//! operation ([`crate::generated`], built at run time from the operation table).

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::config::Sources;
use crate::failure::EXIT_CODES;
use crate::generated::{self, Full};

const ABOUT: &str = "Drive a Dokploy instance from a shell, a CI job or a script: every operation of \
Dokploy's API, deploy-and-wait, env vars, logs, and an embedded fake Dokploy to try it on.";

const AFTER_HELP: &str = "\
Every other command is one of Dokploy's routers: `dokploy <router> <procedure> [--<field> VALUE]...`
(`dokploy application --help` lists its procedures, `dokploy application one --help` its fields).

Examples:
  dokploy fake > fake.env & sleep 1; . ./fake.env  # try it on an embedded fake Dokploy
  export DOKPLOY_API_URL=https://dokploy.example.com
  dokploy --api-key-file ~/.dokploy-key projects   # or: export DOKPLOY_API_KEY=...
  dokploy application one --application-id ID
  dokploy deploy application ID --wait
  dokploy env set --application ID NODE_ENV=production

";

/// The parsed workflow command line (the operation commands are read from the matches).
#[derive(Parser, Debug)]
#[command(
    name = "dokploy",
    version,
    about = ABOUT,
    after_help = format!("{AFTER_HELP}{EXIT_CODES}"),
    disable_help_subcommand = true
)]
pub struct Cli {
    /// The options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// The workflow command.
    #[command(subcommand)]
    pub command: Workflow,
}

/// Options every command takes (they may follow the command).
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Dokploy's address, with or without /api (default: $DOKPLOY_API_URL or the profile's)
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "URL"
    )]
    pub url: Option<String>,
    /// Read the API key from FILE (- for standard input) instead of $DOKPLOY_API_KEY or the
    /// profile; the key is never given as a flag value
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "FILE"
    )]
    pub api_key_file: Option<PathBuf>,
    /// Use this profile of the config file (default: $DOKPLOY_PROFILE, then the file's
    /// default_profile)
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "NAME"
    )]
    pub profile: Option<String>,
    /// The config file (default: $DOKPLOY_CONFIG, then <config dir>/dokploy/config.toml)
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "FILE"
    )]
    pub config_file: Option<PathBuf>,
    /// How long one request may take, in seconds (default 120)
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "SECONDS"
    )]
    pub timeout: Option<u64>,
    /// Run destructive commands (remove, delete, clean…) without asking
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub yes: bool,
    /// Print JSON on one line (the default when output is not a terminal)
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        conflicts_with = "pretty"
    )]
    pub compact: bool,
    /// Print JSON indented (the default on a terminal)
    #[arg(long, global = true, help_heading = "Global options")]
    pub pretty: bool,
}

impl Global {
    /// Where Dokploy is, as these options say.
    pub fn sources(&self) -> Sources {
        Sources {
            url: self.url.clone(),
            api_key_file: self.api_key_file.clone(),
            profile: self.profile.clone(),
            config_file: self.config_file.clone(),
            timeout: self.timeout,
        }
    }
}

/// The workflow commands, over the library's typed layer.
#[derive(Subcommand, Debug)]
pub enum Workflow {
    /// The tree of projects, environments and services, with ids and statuses
    #[command(after_help = "Example:\n  dokploy projects")]
    Projects,
    /// Deploy an application or compose stack, optionally waiting for the deployment to finish
    #[command(
        after_help = "Examples:\n  dokploy deploy application APP_ID --wait\n  dokploy deploy compose STACK_ID --redeploy --wait --wait-timeout 600"
    )]
    Deploy(DeployArgs),
    /// Environment variables of an application, compose stack, database, project or environment
    #[command(subcommand)]
    Env(EnvCommand),
    /// The log of a deployment
    #[command(
        after_help = "Examples:\n  dokploy logs DEPLOYMENT_ID\n  dokploy logs DEPLOYMENT_ID --tail 20"
    )]
    Logs {
        /// The deployment's id (from `dokploy deployment all --application-id ID`)
        #[arg(allow_hyphen_values = true)]
        deployment_id: String,
        /// Only the last N lines (Dokploy's default: 100)
        #[arg(long, value_name = "N")]
        tail: Option<u32>,
    },
    /// Create an application, database or compose stack by project and environment name
    #[command(subcommand)]
    Create(CreateCommand),
    /// Start the embedded fake Dokploy and print the export lines that point at it
    #[command(
        after_help = "Examples:\n  dokploy fake --port 3000\n  dokploy fake > fake.env & sleep 1; . ./fake.env   # in the background, pointed at from this shell"
    )]
    Fake {
        /// The port on 127.0.0.1 (default: a free one)
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  dokploy completions bash > ~/.local/share/bash-completion/completions/dokploy\n  dokploy completions zsh > \"${fpath[1]}/_dokploy\"\n  dokploy completions fish > ~/.config/fish/completions/dokploy.fish"
    )]
    Completions {
        /// The shell
        shell: Shell,
    },
    /// Where the URL and API key come from: the config file, profiles, environment
    #[command(after_help = crate::config::FILE_HELP)]
    Config,
    /// What applying a manifest would change (exit 0: nothing, 2: changes, 1: failure)
    #[command(
        after_help = "Examples:\n  dokploy plan -f dokploy.yaml\n  dokploy plan -f manifests/ --out plan.json\n  dokploy plan --format json | jq '.changes[] | select(.action != \"noOp\")'"
    )]
    Plan(crate::workflows::manifest::PlanArgs),
    /// Make Dokploy match a manifest (or apply a saved plan); deploys what changed and waits
    #[command(
        after_help = "Examples:\n  dokploy apply -f dokploy.yaml\n  dokploy apply -f plan.json\n  dokploy apply -f dokploy.yaml --prune --yes --no-deploy"
    )]
    Apply(crate::workflows::manifest::ApplyArgs),
    /// Write live state as a manifest (secrets as ${env:NAME} references)
    #[command(
        after_help = "Example:\n  dokploy export --project shop -o shop.yaml --secrets-out shop.env"
    )]
    Export(crate::workflows::manifest::ExportArgs),
    /// The manifest format
    #[command(subcommand)]
    Manifest(crate::workflows::manifest::ManifestCommand),
}

/// `dokploy deploy`.
#[derive(Args, Debug)]
pub struct DeployArgs {
    /// What to deploy
    #[arg(value_enum)]
    pub kind: DeployKind,
    /// Its id
    #[arg(allow_hyphen_values = true)]
    pub id: String,
    /// Wait for the deployment to finish: progress on stderr, the log tail and exit code 1 if
    /// it fails
    #[arg(long)]
    pub wait: bool,
    /// Rebuild without pulling the source again (Dokploy's redeploy)
    #[arg(long)]
    pub redeploy: bool,
    /// Give up waiting after this many seconds (default 1800)
    #[arg(long, value_name = "SECONDS", requires = "wait")]
    pub wait_timeout: Option<u64>,
}

/// What `dokploy deploy` deploys.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeployKind {
    /// An application
    Application,
    /// A compose stack
    Compose,
}

/// `dokploy env …`.
#[derive(Subcommand, Debug)]
pub enum EnvCommand {
    /// Every variable, as KEY=VALUE lines
    #[command(
        after_help = "Examples:\n  dokploy env list --application APP_ID\n  dokploy env list --database postgres:DB_ID --keys"
    )]
    List {
        /// Whose variables
        #[command(flatten)]
        target: EnvTargetArgs,
        /// Only the names
        #[arg(long)]
        keys: bool,
    },
    /// One variable's value (exit 1 if it is not set)
    #[command(after_help = "Example:\n  dokploy env get --project PROJECT_ID DATABASE_URL")]
    Get {
        /// Whose variables
        #[command(flatten)]
        target: EnvTargetArgs,
        /// The variable
        key: String,
    },
    /// Set variables (one read and one write; build args, build secrets and createEnvFile are
    /// kept as they are)
    #[command(
        after_help = "Example:\n  dokploy env set --application APP_ID NODE_ENV=production PORT=3000"
    )]
    Set {
        /// Whose variables
        #[command(flatten)]
        target: EnvTargetArgs,
        /// KEY=VALUE pairs
        #[arg(required = true, value_name = "KEY=VALUE")]
        pairs: Vec<String>,
    },
    /// Remove variables (nothing is written if none was set)
    #[command(after_help = "Example:\n  dokploy env unset --compose STACK_ID DEBUG OLD_FLAG")]
    Unset {
        /// Whose variables
        #[command(flatten)]
        target: EnvTargetArgs,
        /// The variables
        #[arg(required = true, value_name = "KEY")]
        keys: Vec<String>,
    },
}

/// Whose environment variables: exactly one of these.
#[derive(Args, Debug, Clone)]
#[group(required = true, multiple = false)]
pub struct EnvTargetArgs {
    /// An application, by id
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub application: Option<String>,
    /// A compose stack, by id
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub compose: Option<String>,
    /// A database, as KIND:ID (postgres, mysql, mariadb, mongo, redis, libsql)
    #[arg(long, value_name = "KIND:ID", allow_hyphen_values = true)]
    pub database: Option<String>,
    /// A project (variables its services use as ${{project.KEY}})
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub project: Option<String>,
    /// An environment (variables its services use as ${{environment.KEY}})
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub environment: Option<String>,
}

/// `dokploy create …`.
#[derive(Subcommand, Debug)]
pub enum CreateCommand {
    /// An application (then configure it with `dokploy application save-docker-provider` etc.)
    #[command(
        after_help = "Example:\n  dokploy create application web --project shop --environment staging"
    )]
    Application {
        /// The application's name
        name: String,
        /// Where
        #[command(flatten)]
        place: Place,
    },
    /// A database of any of the six kinds
    #[command(
        after_help = "Example:\n  dokploy create database postgres db --project shop --password-file ./db-password"
    )]
    Database {
        /// The kind
        #[arg(value_parser = ["postgres", "mysql", "mariadb", "mongo", "redis", "libsql"])]
        kind: String,
        /// The database service's name
        name: String,
        /// Where
        #[command(flatten)]
        place: Place,
        /// The Docker image (default: Dokploy's for the kind)
        #[arg(long, value_name = "IMAGE")]
        image: Option<String>,
        /// The database to create inside it
        #[arg(long, value_name = "NAME")]
        database_name: Option<String>,
        /// The database user
        #[arg(long, value_name = "USER")]
        user: Option<String>,
        /// Read the password from FILE (- for standard input; default: Dokploy generates one)
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
    /// A compose stack from a docker-compose file
    #[command(
        after_help = "Example:\n  dokploy create compose site --project shop --file docker-compose.yml"
    )]
    Compose {
        /// The stack's name
        name: String,
        /// Where
        #[command(flatten)]
        place: Place,
        /// The compose file (- for standard input)
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
}

/// A project and environment, by name.
#[derive(Args, Debug, Clone)]
pub struct Place {
    /// The project's name
    #[arg(long, value_name = "NAME")]
    pub project: String,
    /// The environment's name (default: the project's default environment)
    #[arg(long, value_name = "NAME")]
    pub environment: Option<String>,
}

/// The whole command: the workflow commands and Dokploy's routers (with the procedures of
/// those `full` names).
pub fn command(full: Full) -> clap::Command {
    Cli::command().subcommands(generated::commands(full))
}

/// Which router's procedures to build for these arguments: the one the command line names.
pub fn full_for(args: &[std::ffi::OsString]) -> Full {
    command_name(args)
        .and_then(|name| generated::router_named(&name))
        .map_or(Full::None, Full::Router)
}

/// The command the arguments name: the first one that is not an option (or an option's value).
pub fn command_name(args: &[std::ffi::OsString]) -> Option<String> {
    let globals = Cli::command();
    let takes_value: Vec<&str> = globals
        .get_arguments()
        .filter(|a| a.get_action().takes_values())
        .filter_map(|a| a.get_long())
        .collect();
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let text = arg.to_str()?;
        if text == "--" {
            break;
        }
        if let Some(long) = text.strip_prefix("--") {
            if !long.contains('=') && takes_value.contains(&long) {
                iter.next();
            }
            continue;
        }
        if text.starts_with('-') && text.len() > 1 {
            continue;
        }
        return Some(text.to_string());
    }
    None
}
