//! The command tree: global options, the workflow commands (clap derive) and one command per
//! operation ([`crate::generated`], built at run time from the operation table).

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;
use dokploy::models::DatabaseSetting;

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
  dokploy deploy --application ID --wait
  dokploy env set --application ID NODE_ENV=production

Services are named the same way everywhere: --application ID, --compose ID,
--database KIND:ID, --project ID, --environment ID.

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
    /// How long a call may take in all, retries and the waits between them included, in
    /// seconds (default: no limit but 120 s per attempt; a query makes up to 4 attempts)
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "SECONDS",
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub timeout: Option<u64>,
    /// Trust the CA certificate (PEM) in FILE, for a Dokploy behind a private CA (default:
    /// $DOKPLOY_CA_CERT or the profile's ca_cert)
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "FILE"
    )]
    pub ca_cert: Option<PathBuf>,
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
    /// Print secrets (passwords, tokens, env blocks, private keys) as Dokploy sent them; by
    /// default they are shown as <redacted>
    #[arg(long, global = true, help_heading = "Global options")]
    pub show_secrets: bool,
    /// Dokploy's REST surface (the documented one) or tRPC (what its web UI uses: faster, and a
    /// rate-limited key lasts twice as many calls); default: the profile's `transport`, else rest
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        value_name = "rest|trpc",
        value_enum,
        hide_possible_values = true
    )]
    pub transport: Option<TransportArg>,
}

/// `--transport`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportArg {
    /// `/api/<procedure>`
    Rest,
    /// `/api/trpc/<procedure>`
    Trpc,
}

impl From<TransportArg> for dokploy::Transport {
    fn from(t: TransportArg) -> Self {
        match t {
            TransportArg::Rest => dokploy::Transport::Rest,
            TransportArg::Trpc => dokploy::Transport::Trpc,
        }
    }
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
            transport: self.transport.map(Into::into),
            ca_cert: self.ca_cert.clone(),
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
        after_help = "Examples:\n  dokploy deploy --application APP_ID --wait\n  dokploy deploy --compose STACK_ID --redeploy --wait --wait-timeout 600\n\n(`dokploy deploy application|compose ID`, the earlier spelling, still works.)"
    )]
    Deploy(DeployArgs),
    /// Environment variables of an application, compose stack, database, project or environment
    #[command(subcommand)]
    Env(EnvCommand),
    /// The log of a deployment (followed live with --follow), or the logs of a running
    /// application, compose stack or database
    #[command(after_help = crate::workflows::LOGS_HELP)]
    Logs(LogsArgs),
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
    /// Where the URL and API key come from: the config file, profiles, environment; `set-key`
    /// stores a key
    #[command(after_help = crate::config::FILE_HELP)]
    Config {
        /// What to do (default: show where the URL and key come from)
        #[command(subcommand)]
        command: Option<ConfigCommand>,
    },
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

/// `dokploy config …`.
#[derive(Subcommand, Debug)]
pub enum ConfigCommand {
    /// Store an API key in a profile of the config file (readable only by you): read from
    /// standard input, or asked for on a terminal, never from a flag
    #[command(
        after_help = "Examples:\n  dokploy config set-key --profile prod --url https://dokploy.example.com   # asks for the key\n  pass show dokploy/prod | dokploy config set-key --profile prod"
    )]
    SetKey,
}

/// `dokploy deploy`.
#[derive(Args, Debug)]
pub struct DeployArgs {
    /// What to deploy
    #[command(flatten)]
    pub target: DeployTargetArgs,
    /// The earlier spelling, `deploy application|compose ID` (kept working, not shown)
    #[arg(value_enum, hide = true, requires = "legacy_id")]
    pub legacy_kind: Option<DeployKind>,
    /// Its id, in the earlier spelling
    #[arg(hide = true, allow_hyphen_values = true)]
    pub legacy_id: Option<String>,
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
    /// Show the build's log lines live while waiting (the default on a terminal)
    #[arg(long, requires = "wait", conflicts_with = "no_logs")]
    pub logs: bool,
    /// Do not show the build's log while waiting (only its end if it fails)
    #[arg(long, requires = "wait")]
    pub no_logs: bool,
}

/// `dokploy logs`.
#[derive(Args, Debug)]
pub struct LogsArgs {
    /// A deployment's id
    #[arg(allow_hyphen_values = true, value_name = "DEPLOYMENT_ID")]
    pub deployment_id: Option<String>,
    /// Whose logs: a running service
    #[command(flatten)]
    pub target: ServiceTargetArgs,
    /// The earlier spelling's id, `logs application|compose|database ID` (kept working, not
    /// shown)
    #[arg(hide = true, allow_hyphen_values = true)]
    pub legacy_id: Option<String>,
    /// Keep reading as lines are written: a deployment until it is over, a service until
    /// Ctrl-C
    #[arg(short, long)]
    pub follow: bool,
    /// Only the last N lines (default 100; a service: 0 to 10000)
    #[arg(long, value_name = "N")]
    pub tail: Option<u32>,
    /// A service: only lines from the last DURATION (90s, 10m, 1h, 2d)
    #[arg(long, value_name = "DURATION")]
    pub since: Option<String>,
    /// A service: only lines containing TEXT, ignoring case
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// A compose stack: only this service's containers
    #[arg(long, value_name = "NAME")]
    pub service: Option<String>,
}

/// A running service, named as in every workflow: one of these.
#[derive(Args, Debug, Clone)]
#[group(required = false, multiple = false)]
pub struct ServiceTargetArgs {
    /// An application, by id
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub application: Option<String>,
    /// A compose stack, by id
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub compose: Option<String>,
    /// A database, as KIND:ID (postgres, mysql, mariadb, mongo, redis, libsql)
    #[arg(long, value_name = "KIND:ID", allow_hyphen_values = true)]
    pub database: Option<String>,
}

/// What `dokploy deploy` deploys: one of these (or the earlier positional spelling).
#[derive(Args, Debug, Clone)]
#[group(required = false, multiple = false)]
pub struct DeployTargetArgs {
    /// An application, by id
    #[arg(
        long,
        value_name = "ID",
        allow_hyphen_values = true,
        conflicts_with = "legacy_kind"
    )]
    pub application: Option<String>,
    /// A compose stack, by id
    #[arg(
        long,
        value_name = "ID",
        allow_hyphen_values = true,
        conflicts_with = "legacy_kind"
    )]
    pub compose: Option<String>,
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
        after_help = "Examples:\n  dokploy env set --application APP_ID NODE_ENV=production PORT=3000\n  dokploy env set --application APP_ID @secrets.env     # every KEY=VALUE of a dotenv file\n  pass show shop/db | dokploy env set --compose STACK_ID -   # from standard input"
    )]
    Set {
        /// Whose variables
        #[command(flatten)]
        target: EnvTargetArgs,
        /// KEY=VALUE pairs; @FILE or - (standard input) for the pairs of a dotenv block, which
        /// keeps secret values out of ps and shell history
        #[arg(
            required = true,
            value_name = "KEY=VALUE|@FILE|-",
            allow_hyphen_values = true
        )]
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
    /// A project (with Dokploy's default environment, `production`)
    #[command(
        after_help = "Example:\n  dokploy create project shop --description \"the web shop\""
    )]
    Project {
        /// The project's name
        name: String,
        /// Its description
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
    },
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
    #[command(after_help = crate::workflows::create::database_help())]
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
        #[arg(long, value_name = "NAME", help = crate::workflows::create::setting_help(DatabaseSetting::DatabaseName))]
        database_name: Option<String>,
        /// The database user
        #[arg(long, value_name = "USER", help = crate::workflows::create::setting_help(DatabaseSetting::User))]
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
