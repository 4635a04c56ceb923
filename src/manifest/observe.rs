//! The observed side: live rows converted into manifest entries (every field as Dokploy has
//! it, secrets as their values), then into [`Item`] trees by the same builder the manifest
//! goes through, with each item's id and ownership attached. Export starts from the same
//! entries.

use indexmap::IndexMap;

use super::live::{Live, ProjectDetail};
use super::nodes::{self, Item, LiveRef};
use super::spec::*;
use crate::env_vars::EnvVars;
use crate::models::{
    Application, Compose, Database, DatabaseKind, Destination, Domain, GitProviderKind, Mount,
    Notification, NotificationKind, Schedule,
};
use crate::redact::Secret;

/// The text this tool appends to the description of environments and services it creates:
/// what marks them as its own (the only free field every service has; recordings 375–378).
pub const OWNERSHIP_MARKER: &str = "[managed by dokploy.yaml]";

/// The tag this tool assigns to projects it creates (recordings 380–384).
pub const OWNERSHIP_TAG: &str = "dokploy.yaml";

/// A description with the ownership marker.
pub(crate) fn mark(description: Option<&str>) -> String {
    match description.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => format!("{d} {OWNERSHIP_MARKER}"),
        None => OWNERSHIP_MARKER.to_string(),
    }
}

/// A live description without the marker, and whether it had one.
pub(crate) fn unmark(description: Option<&str>) -> (Option<String>, bool) {
    let Some(d) = description else {
        return (None, false);
    };
    match d.strip_suffix(OWNERSHIP_MARKER) {
        Some(rest) => {
            let rest = rest.trim_end();
            (Some(rest.to_string()).filter(|r| !r.is_empty()), true)
        }
        None => (Some(d.to_string()).filter(|r| !r.is_empty()), false),
    }
}

/// The live state as trees of items.
#[derive(Clone, Debug, Default)]
pub(crate) struct Observed {
    pub(crate) projects: Vec<Item>,
    pub(crate) destinations: Vec<Item>,
    pub(crate) notifications: Vec<Item>,
}

/// Names of things referred to by id.
pub(crate) struct Names<'a> {
    live: &'a Live,
}

impl<'a> Names<'a> {
    pub(crate) fn new(live: &'a Live) -> Self {
        Self { live }
    }

    pub(crate) fn server(&self, id: Option<&str>) -> Option<String> {
        let id = id?;
        self.live
            .servers
            .iter()
            .find(|s| s.server_id == id)
            .map(|s| s.name.clone())
    }

    pub(crate) fn ssh_key(&self, id: Option<&str>) -> Option<String> {
        let id = id?;
        self.live
            .ssh_keys
            .iter()
            .find(|k| k.ssh_key_id == id)
            .map(|k| k.name.clone())
    }

    pub(crate) fn destination(&self, id: Option<&str>) -> String {
        let id = id.unwrap_or_default();
        self.live
            .destinations
            .iter()
            .find(|d| d.destination_id == id)
            .map_or_else(|| id.to_string(), |d| d.name.clone())
    }

    /// The name of the git provider whose `kind` id is `id`.
    pub(crate) fn git_provider(&self, kind: GitProviderKind, id: Option<&str>) -> Option<String> {
        let id = id?;
        self.live
            .git_providers
            .iter()
            .find(|p| {
                p.provider_type == kind
                    && match kind {
                        GitProviderKind::Github => p.github.as_ref().map(|g| g.github_id.as_str()),
                        GitProviderKind::Gitlab => p.gitlab.as_ref().map(|g| g.gitlab_id.as_str()),
                        GitProviderKind::Gitea => p.gitea.as_ref().map(|g| g.gitea_id.as_str()),
                        GitProviderKind::Bitbucket => {
                            p.bitbucket.as_ref().map(|g| g.bitbucket_id.as_str())
                        }
                        _ => None,
                    } == Some(id)
            })
            .map(|p| p.name.clone())
    }
}

fn env_map(block: Option<&Secret>) -> EnvMap {
    let mut out = IndexMap::new();
    if let Some(block) = block {
        for (key, value) in EnvVars::parse(block.expose()).iter() {
            out.insert(key.to_string(), SecretText::new(value));
        }
    }
    out
}

fn text(value: Option<&str>) -> Option<String> {
    value.map(str::to_string).filter(|v| !v.is_empty())
}

fn extra_str(extra: &crate::models::Extra, key: &str) -> Option<String> {
    extra.get(key).and_then(|v| v.as_str()).map(str::to_string)
}

fn resources(
    memory_limit: Option<&str>,
    memory_reservation: Option<&str>,
    cpu_limit: Option<&str>,
    cpu_reservation: Option<&str>,
) -> Resources {
    let memory = |v: Option<&str>| {
        v.and_then(|s| s.trim().parse::<u64>().ok())
            .map(MemorySize::from_bytes)
    };
    let cpu = |v: Option<&str>| {
        v.and_then(|s| s.trim().parse::<f64>().ok())
            .map(|nano| nano / 1e9)
    };
    Resources {
        memory_limit: memory(memory_limit),
        memory_reservation: memory(memory_reservation),
        cpu_limit: cpu(cpu_limit),
        cpu_reservation: cpu(cpu_reservation),
    }
}

fn domain(d: &Domain, compose: bool) -> DomainSpec {
    DomainSpec {
        host: d.host.clone(),
        path: text(d.path.as_deref()),
        port: d.port.and_then(|p| u16::try_from(p).ok()),
        service: if compose {
            d.service_name.clone()
        } else {
            None
        },
        https: d.https,
        certificate: match d.certificate_type.as_ref().map(|c| c.as_str()) {
            Some("letsencrypt") => Some(Certificate::Letsencrypt),
            Some("custom") => Some(Certificate::Custom),
            _ => Some(Certificate::None),
        },
        strip_path: d
            .extra
            .get("stripPath")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false),
    }
}

fn mount(m: &Mount) -> MountSpec {
    let mut spec = MountSpec {
        path: m.mount_path.clone(),
        ..MountSpec::default()
    };
    match m.mount_type.as_str() {
        "bind" => spec.host_path = m.host_path.clone(),
        "file" => {
            spec.content = Some(SecretText::new(
                m.content
                    .as_ref()
                    .map(|c| c.expose().to_string())
                    .unwrap_or_default(),
            ));
            spec.file_path = m.file_path.clone();
        }
        _ => spec.volume = m.volume_name.clone(),
    }
    spec
}

fn schedule(s: &Schedule) -> ScheduleSpec {
    ScheduleSpec {
        name: s.name.clone(),
        cron: s.cron_expression.clone(),
        command: s.command.clone(),
        service: s.service_name.clone().filter(|n| !n.is_empty()),
        shell: match s.shell_type.as_deref() {
            Some("sh") => Some(Shell::Sh),
            _ => Some(Shell::Bash),
        },
        enabled: s.enabled.or(Some(true)),
        timezone: s.timezone.clone().filter(|t| !t.is_empty()),
    }
}

/// An application's git source, from the columns of its `sourceType`.
fn app_git(app: &Application, names: &Names<'_>) -> Option<GitSource> {
    let e = &app.extra;
    let source = app.source_type.as_ref().map(|s| s.as_str().to_string())?;
    let (kind, prefix, id_key) = match source.as_str() {
        "github" => (Some(GitProviderKind::Github), "", "githubId"),
        "gitlab" => (Some(GitProviderKind::Gitlab), "gitlab", "gitlabId"),
        "gitea" => (Some(GitProviderKind::Gitea), "gitea", "giteaId"),
        "bitbucket" => (Some(GitProviderKind::Bitbucket), "bitbucket", "bitbucketId"),
        "git" => (None, "customGit", ""),
        _ => return None,
    };
    let col = |name: &str| {
        if prefix.is_empty() {
            let lower = name[..1].to_ascii_lowercase() + &name[1..];
            match lower.as_str() {
                "repository" => app.repository.clone(),
                "owner" => app.owner.clone(),
                "branch" => app.branch.clone(),
                other => extra_str(e, other),
            }
        } else {
            extra_str(e, &format!("{prefix}{name}"))
        }
    };
    // A source type without its provider or URL (a new application's default `github`)
    // is no source at all.
    Some(match kind {
        Some(kind) => GitSource {
            provider: Some(names.git_provider(kind, extra_str(e, id_key).as_deref())?),
            owner: col("Owner"),
            repository: col("Repository"),
            branch: col("Branch").unwrap_or_default(),
            build_path: col("BuildPath"),
            ..GitSource::default()
        },
        None => GitSource {
            url: Some(col("Url")?),
            ssh_key: names.ssh_key(extra_str(e, "customGitSSHKeyId").as_deref()),
            branch: col("Branch").unwrap_or_default(),
            build_path: col("BuildPath"),
            ..GitSource::default()
        },
    })
}

fn compose_git(c: &Compose, names: &Names<'_>) -> Option<GitSource> {
    let e = &c.extra;
    let source = c.source_type.as_ref().map(|s| s.as_str().to_string())?;
    let (kind, prefix, id_key) = match source.as_str() {
        "github" => (Some(GitProviderKind::Github), "", "githubId"),
        "gitlab" => (Some(GitProviderKind::Gitlab), "gitlab", "gitlabId"),
        "gitea" => (Some(GitProviderKind::Gitea), "gitea", "giteaId"),
        "bitbucket" => (Some(GitProviderKind::Bitbucket), "bitbucket", "bitbucketId"),
        "git" => (None, "customGit", ""),
        _ => return None,
    };
    let col = |name: &str| {
        if prefix.is_empty() {
            extra_str(e, &(name[..1].to_ascii_lowercase() + &name[1..]))
        } else {
            extra_str(e, &format!("{prefix}{name}"))
        }
    };
    Some(match kind {
        Some(kind) => GitSource {
            provider: Some(names.git_provider(kind, extra_str(e, id_key).as_deref())?),
            owner: col("Owner"),
            repository: col("Repository"),
            branch: col("Branch").unwrap_or_default(),
            ..GitSource::default()
        },
        None => GitSource {
            url: Some(col("Url")?),
            ssh_key: names.ssh_key(extra_str(e, "customGitSSHKeyId").as_deref()),
            branch: col("Branch").unwrap_or_default(),
            ..GitSource::default()
        },
    })
}

fn build(app: &Application) -> Option<BuildSpec> {
    let kind = match app.build_type.as_ref().map(|b| b.as_str())? {
        "dockerfile" => BuildKind::Dockerfile,
        "heroku_buildpacks" => BuildKind::HerokuBuildpacks,
        "paketo_buildpacks" => BuildKind::PaketoBuildpacks,
        "static" => BuildKind::Static,
        "railpack" => BuildKind::Railpack,
        _ => BuildKind::Nixpacks,
    };
    Some(BuildSpec {
        build_type: kind,
        dockerfile: app.dockerfile.clone(),
        context: text(app.docker_context_path.as_deref()),
        stage: text(app.docker_build_stage.as_deref()),
        publish_directory: text(app.publish_directory.as_deref()),
    })
}

fn application(
    app: &Application,
    schedules: &[Schedule],
    names: &Names<'_>,
    refs: &mut Vec<LiveRef>,
) -> ApplicationSpec {
    let (description, owned) = unmark(app.description.as_deref());
    refs.push(LiveRef {
        id: app.application_id.clone(),
        owned,
        ..LiveRef::default()
    });
    let docker = app.source_type.as_ref().map(|s| s.as_str()) == Some("docker");
    let spec = ApplicationSpec {
        name: app.name.clone(),
        description,
        server: names.server(app.server_id.as_deref()),
        image: if docker {
            app.docker_image.clone()
        } else {
            None
        },
        registry: match (&app.username, docker) {
            (Some(user), true) if !user.is_empty() => Some(RegistrySpec {
                url: text(app.registry_url.as_deref()),
                username: user.clone(),
                password: SecretText::new(
                    app.password
                        .as_ref()
                        .map(|p| p.expose().to_string())
                        .unwrap_or_default(),
                ),
            }),
            _ => None,
        },
        git: app_git(app, names),
        build: build(app),
        env: env_map(app.env.as_ref()),
        build_args: env_map(app.build_args.as_ref()),
        build_secrets: env_map(app.build_secrets.as_ref()),
        create_env_file: app.create_env_file,
        replicas: app.replicas.and_then(|r| u32::try_from(r).ok()),
        resources: resources(
            app.memory_limit.as_deref(),
            app.memory_reservation.as_deref(),
            app.cpu_limit.as_deref(),
            app.cpu_reservation.as_deref(),
        ),
        command: text(app.command.as_deref()),
        args: app.args.clone().filter(|a| !a.is_empty()),
        domains: app
            .domains
            .iter()
            .map(|d| Located::new(domain(d, false)))
            .collect(),
        ports: app
            .ports
            .iter()
            .map(|p| {
                Located::new(PortSpec {
                    published: u16::try_from(p.published_port).unwrap_or(0),
                    target: u16::try_from(p.target_port).unwrap_or(0),
                    protocol: Some(if p.protocol.as_deref() == Some("udp") {
                        Protocol::Udp
                    } else {
                        Protocol::Tcp
                    }),
                    mode: Some(if p.publish_mode.as_deref() == Some("host") {
                        PublishMode::Host
                    } else {
                        PublishMode::Ingress
                    }),
                })
            })
            .collect(),
        mounts: app.mounts.iter().map(|m| Located::new(mount(m))).collect(),
        redirects: app
            .redirects
            .iter()
            .map(|r| {
                Located::new(RedirectSpec {
                    regex: r.regex.clone(),
                    replacement: r.replacement.clone(),
                    permanent: r.permanent,
                })
            })
            .collect(),
        security: app
            .security
            .iter()
            .map(|s| {
                Located::new(SecuritySpec {
                    username: s.username.clone(),
                    password: SecretText::new(s.password.expose()),
                })
            })
            .collect(),
        schedules: schedules
            .iter()
            .map(|s| Located::new(schedule(s)))
            .collect(),
        prune_volumes: false,
    };
    for d in &app.domains {
        refs.push(child(&d.domain_id));
    }
    for p in &app.ports {
        refs.push(child(&p.port_id));
    }
    for m in &app.mounts {
        refs.push(child(&m.mount_id));
    }
    for r in &app.redirects {
        refs.push(child(&r.redirect_id));
    }
    for s in &app.security {
        refs.push(child(&s.security_id));
    }
    for s in schedules {
        refs.push(child(&s.schedule_id));
    }
    spec
}

fn child(id: &str) -> LiveRef {
    LiveRef {
        id: id.to_string(),
        ..LiveRef::default()
    }
}

fn compose(
    c: &Compose,
    schedules: &[Schedule],
    names: &Names<'_>,
    refs: &mut Vec<LiveRef>,
) -> ComposeSpec {
    let (description, owned) = unmark(c.description.as_deref());
    refs.push(LiveRef {
        id: c.compose_id.clone(),
        owned,
        ..LiveRef::default()
    });
    let raw = c.source_type.as_ref().map(|s| s.as_str()) == Some("raw");
    let spec = ComposeSpec {
        name: c.name.clone(),
        description,
        server: names.server(c.server_id.as_deref()),
        compose_type: Some(match c.compose_type.as_ref().map(|t| t.as_str()) {
            Some("stack") => ComposeKind::Stack,
            _ => ComposeKind::DockerCompose,
        }),
        compose_file: if raw {
            Some(
                c.compose_file
                    .as_ref()
                    .map(|f| f.expose().to_owned())
                    .unwrap_or_default(),
            )
        } else {
            None
        },
        file: None,
        git: compose_git(c, names),
        compose_path: if raw { None } else { c.compose_path.clone() },
        env: env_map(c.env.as_ref()),
        domains: c
            .domains
            .iter()
            .map(|d| Located::new(domain(d, true)))
            .collect(),
        mounts: c.mounts.iter().map(|m| Located::new(mount(m))).collect(),
        schedules: schedules
            .iter()
            .map(|s| Located::new(schedule(s)))
            .collect(),
        prune_volumes: false,
    };
    for d in &c.domains {
        refs.push(child(&d.domain_id));
    }
    for m in &c.mounts {
        refs.push(child(&m.mount_id));
    }
    for s in schedules {
        refs.push(child(&s.schedule_id));
    }
    spec
}

/// Whether a database's mount is the data volume Dokploy created with it.
pub(crate) fn is_data_mount(db: &Database, m: &Mount) -> bool {
    m.mount_type == "volume"
        && db
            .app_name
            .as_deref()
            .is_some_and(|a| m.volume_name.as_deref() == Some(&format!("{a}-data")))
}

fn database(db: &Database, names: &Names<'_>, refs: &mut Vec<LiveRef>) -> DatabaseSpec {
    let (description, owned) = unmark(db.description.as_deref());
    let kind = DatabaseType::of(db.reference.kind);
    refs.push(LiveRef {
        id: db.reference.id.clone(),
        owned,
        database: Some(kind),
        ..LiveRef::default()
    });
    let uses_name = matches!(
        db.reference.kind,
        DatabaseKind::Postgres | DatabaseKind::Mysql | DatabaseKind::Mariadb
    );
    let spec = DatabaseSpec {
        name: db.name.clone(),
        kind,
        description,
        server: names.server(db.server_id.as_deref()),
        image: db.docker_image.clone(),
        database_name: if uses_name {
            db.database_name.clone()
        } else {
            None
        },
        user: db.database_user.clone().filter(|u| !u.is_empty()),
        password: db
            .database_password
            .as_ref()
            .map(|p| SecretText::new(p.expose())),
        root_password: db
            .database_root_password
            .as_ref()
            .map(|p| SecretText::new(p.expose())),
        external_port: db.external_port.and_then(|p| u16::try_from(p).ok()),
        env: env_map(db.env.as_ref()),
        replicas: db.replicas.and_then(|r| u32::try_from(r).ok()),
        resources: resources(
            db.memory_limit.as_deref(),
            db.memory_reservation.as_deref(),
            db.cpu_limit.as_deref(),
            db.cpu_reservation.as_deref(),
        ),
        command: text(db.command.as_ref().map(crate::redact::Secret::expose)),
        mounts: db.mounts.iter().map(|m| Located::new(mount(m))).collect(),
        backups: db
            .backups
            .iter()
            .map(|b| {
                Located::new(BackupSpec {
                    destination: names.destination(b.destination_id.as_deref()),
                    schedule: b.schedule.clone().unwrap_or_default(),
                    database: b.database.clone(),
                    prefix: b.prefix.clone(),
                    keep: b.keep_latest_count.and_then(|k| u32::try_from(k).ok()),
                    enabled: b.enabled.or(Some(true)),
                })
            })
            .collect(),
        prune_volumes: false,
    };
    for m in &db.mounts {
        refs.push(LiveRef {
            id: m.mount_id.clone(),
            data_mount: is_data_mount(db, m),
            ..LiveRef::default()
        });
    }
    for b in &db.backups {
        refs.push(child(&b.backup_id));
    }
    spec
}

/// A project in depth as an entry, with the live references of its tree in the builder's
/// order.
pub(crate) fn project(
    detail: &ProjectDetail,
    names: &Names<'_>,
    tag_owned: bool,
) -> (ProjectSpec, Vec<LiveRef>) {
    let p = &detail.project;
    let mut refs = vec![LiveRef {
        id: p.project_id.clone(),
        owned: tag_owned,
        ..LiveRef::default()
    }];
    let mut spec = ProjectSpec {
        name: p.name.clone(),
        description: text(p.description.as_deref()),
        env: env_map(p.env.as_ref()),
        environments: Vec::new(),
    };
    for env in &p.environments {
        let (description, owned) = unmark(env.description.as_deref());
        refs.push(LiveRef {
            id: env.environment_id.clone(),
            owned,
            default_environment: env.is_default,
            ..LiveRef::default()
        });
        let mut e = EnvironmentSpec {
            name: env.name.clone(),
            description,
            env: env_map(env.env.as_ref()),
            ..EnvironmentSpec::default()
        };
        let in_env = |id: Option<&str>| id == Some(env.environment_id.as_str());
        for (app, schedules) in &detail.applications {
            if in_env(app.environment_id.as_deref()) {
                e.applications
                    .push(Located::new(application(app, schedules, names, &mut refs)));
            }
        }
        for (c, schedules) in &detail.compose {
            if in_env(c.environment_id.as_deref()) {
                e.compose
                    .push(Located::new(compose(c, schedules, names, &mut refs)));
            }
        }
        for db in &detail.databases {
            if in_env(db.environment_id.as_deref()) {
                e.databases
                    .push(Located::new(database(db, names, &mut refs)));
            }
        }
        spec.environments.push(Located::new(e));
    }
    (spec, refs)
}

/// A destination as an entry.
pub(crate) fn destination(d: &Destination) -> DestinationSpec {
    DestinationSpec {
        name: d.name.clone(),
        provider: d.provider.as_ref().map(|p| p.as_str().to_string()),
        endpoint: d.endpoint.clone().unwrap_or_default(),
        bucket: d.bucket.clone().unwrap_or_default(),
        region: d.region.clone().unwrap_or_default(),
        access_key: SecretText::new(d.access_key.clone().unwrap_or_default()),
        secret_access_key: SecretText::new(
            d.secret_access_key
                .as_ref()
                .map(|s| s.expose().to_string())
                .unwrap_or_default(),
        ),
        additional_flags: d.additional_flags.clone(),
    }
}

fn secret(s: &Secret) -> SecretText {
    SecretText::new(s.expose())
}

/// A notification as an entry.
pub(crate) fn notification(n: &Notification) -> NotificationSpec {
    let events = Event::ALL
        .into_iter()
        .filter(|e| n.events.contains(e.event()))
        .collect();
    let mut spec = NotificationSpec {
        name: n.name.clone(),
        events,
        ..NotificationSpec::default()
    };
    let prio = |p: Option<i64>| p.and_then(|p| u32::try_from(p).ok());
    match &n.kind {
        Some(NotificationKind::Slack(s)) => {
            spec.slack = Some(SlackSpec {
                webhook_url: secret(&s.webhook_url),
                channel: s.channel.clone(),
            })
        }
        Some(NotificationKind::Telegram(s)) => {
            spec.telegram = Some(TelegramSpec {
                bot_token: secret(&s.bot_token),
                chat_id: s.chat_id.clone(),
                message_thread_id: s.message_thread_id.clone(),
            })
        }
        Some(NotificationKind::Discord(s)) => {
            spec.discord = Some(DiscordSpec {
                webhook_url: secret(&s.webhook_url),
                decoration: s.decoration,
            })
        }
        Some(NotificationKind::Email(s)) => {
            spec.email = Some(EmailSpec {
                smtp_server: s.smtp_server.clone(),
                smtp_port: s.smtp_port.and_then(|p| u16::try_from(p).ok()).unwrap_or(0),
                username: s.username.clone(),
                password: secret(&s.password),
                from_address: s.from_address.clone(),
                to_addresses: s.to_addresses.clone(),
            })
        }
        Some(NotificationKind::Resend(s)) => {
            spec.resend = Some(ResendSpec {
                api_key: secret(&s.api_key),
                from_address: s.from_address.clone(),
                to_addresses: s.to_addresses.clone(),
            })
        }
        Some(NotificationKind::Gotify(s)) => {
            spec.gotify = Some(GotifySpec {
                server_url: s.server_url.clone(),
                app_token: secret(&s.app_token),
                priority: prio(s.priority),
                decoration: s.decoration,
            })
        }
        Some(NotificationKind::Ntfy(s)) => {
            spec.ntfy = Some(NtfySpec {
                server_url: s.server_url.clone(),
                topic: s.topic.clone(),
                access_token: secret(&s.access_token),
                priority: prio(s.priority),
            })
        }
        Some(NotificationKind::Mattermost(s)) => {
            spec.mattermost = Some(MattermostSpec {
                webhook_url: secret(&s.webhook_url),
                channel: s.channel.clone(),
                username: s.username.clone(),
            })
        }
        Some(NotificationKind::Custom(s)) => {
            spec.custom = Some(CustomSpec {
                endpoint: secret(&s.endpoint),
                headers: s
                    .headers
                    .iter()
                    .map(|(k, v)| (k.clone(), secret(v)))
                    .collect(),
            })
        }
        Some(NotificationKind::Lark(s)) => {
            spec.lark = Some(WebhookSpec {
                webhook_url: secret(&s.webhook_url),
            })
        }
        Some(NotificationKind::Pushover(s)) => {
            spec.pushover = Some(PushoverSpec {
                user_key: secret(&s.user_key),
                api_token: secret(&s.api_token),
                priority: s.priority.and_then(|p| i32::try_from(p).ok()),
                retry: prio(s.retry),
                expire: prio(s.expire),
            })
        }
        Some(NotificationKind::Teams(s)) => {
            spec.teams = Some(WebhookSpec {
                webhook_url: secret(&s.webhook_url),
            })
        }
        _ => {}
    }
    spec
}

impl Observed {
    /// The live state as items: the projects read in depth, every destination and
    /// notification.
    pub(crate) fn build(live: &Live) -> Observed {
        let names = Names::new(live);
        let owner_tag = live.tags.iter().find(|t| t.name == OWNERSHIP_TAG);
        let mut out = Observed::default();
        for detail in &live.details {
            let tagged = owner_tag.is_some_and(|tag| {
                detail
                    .project
                    .project_tags
                    .iter()
                    .any(|pt| pt.tag.as_ref().is_some_and(|t| t.tag_id == tag.tag_id))
            });
            let (spec, refs) = project(detail, &names, tagged);
            let mut item = nodes::project(0, &Located::new(spec));
            attach(&mut item, &mut refs.into_iter());
            out.projects.push(item);
        }
        for d in &live.destinations {
            let mut item = nodes::destination(0, &Located::new(destination(d)));
            item.live = Some(child(&d.destination_id));
            out.destinations.push(item);
        }
        for n in &live.notifications {
            let mut item = nodes::notification(0, &Located::new(notification(n)));
            item.live = Some(child(&n.notification_id));
            out.notifications.push(item);
        }
        out
    }
}

/// Gives each item of the tree, in the builder's order, its live reference.
fn attach(item: &mut Item, refs: &mut impl Iterator<Item = LiveRef>) {
    item.live = refs.next();
    for c in &mut item.children {
        attach(c, refs);
    }
}
