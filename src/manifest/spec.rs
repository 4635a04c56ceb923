//! The manifest's types: what `dokploy.yaml` may say, one Rust type per kind. The YAML reader
//! ([`load`](super::load)) and the JSON Schema ([`schema`](super::schema)) are both derived
//! from these types, so they cannot disagree. Every struct refuses keys it does not name.
//!
//! ```
//! let manifest = dokploy::manifest::Manifest::from_yaml("dokploy.yaml", r#"
//! apiVersion: dokploy/v1
//! projects:
//!   - name: shop
//!     environments:
//!       - name: production
//!         applications:
//!           - name: web
//!             image: nginx:alpine
//! "#).unwrap();
//! assert_eq!(manifest.projects()[0].environments[0].applications[0].name, "web");
//! ```

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use indexmap::IndexMap;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value with the line and column (1-based) it was read from; `0` when it was not read
/// from a file (an exported manifest). Serialises as the value alone.
///
/// ```
/// let m = dokploy::manifest::Manifest::from_yaml("m.yaml", "apiVersion: dokploy/v1\nprojects:\n  - name: shop\n").unwrap();
/// let shop = &m.files()[0].manifest.projects[0];
/// assert_eq!((shop.line, shop.column), (3, 5));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// The line it starts on (1-based; 0: not from a file).
    pub line: u32,
    /// The column it starts at (1-based; 0: not from a file).
    pub column: u32,
}

impl<T> Located<T> {
    /// A value that was not read from a file.
    ///
    /// ```
    /// let name = dokploy::manifest::Located::new("web".to_string());
    /// assert_eq!((name.value.as_str(), name.line), ("web", 0));
    /// ```
    pub fn new(value: T) -> Self {
        Self {
            value,
            line: 0,
            column: 0,
        }
    }
}

impl<T> Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> std::ops::DerefMut for Located<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Located<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let at = spanned.referenced;
        Ok(Self {
            value: spanned.value,
            line: u32::try_from(at.line()).unwrap_or(u32::MAX),
            column: u32::try_from(at.column()).unwrap_or(u32::MAX),
        })
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// Text that may hold secret references: `${env:NAME}` (an environment variable),
/// `${file:PATH}` (a file's content, relative to the manifest, without its final newline) or
/// `${cmd:COMMAND}` (what `sh -c COMMAND` prints, without its final newline), alone or inside
/// other text (`postgres://app:${env:DB_PASSWORD}@db:5432/app`). `$${` writes a literal `${`.
/// Dokploy's own `${{project.X}}` references are left as they are.
///
/// ```
/// use dokploy::manifest::SecretText;
/// let text = SecretText::new("postgres://app:${env:DB_PASSWORD}@db/app");
/// assert!(text.has_references());
/// assert!(!SecretText::new("${{project.DATABASE_URL}}").has_references());
/// ```
#[derive(Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct SecretText(pub Located<String>);

impl SecretText {
    /// Text not read from a file.
    pub fn new(text: impl Into<String>) -> Self {
        Self(Located::new(text.into()))
    }

    /// The text as written (references unresolved).
    pub fn as_written(&self) -> &str {
        &self.0.value
    }

    /// Whether it holds at least one `${env:…}`, `${file:…}` or `${cmd:…}` reference.
    pub fn has_references(&self) -> bool {
        super::secrets::has_references(&self.0.value)
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // References name where a secret is, not what it is: they may be shown. Literals not.
        if self.has_references() {
            write!(f, "{:?}", self.0.value)
        } else {
            f.write_str(crate::redact::REDACTED)
        }
    }
}

impl JsonSchema for SecretText {
    fn schema_name() -> Cow<'static, str> {
        "SecretText".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A value, or a reference to one: ${env:NAME}, ${file:PATH}, ${cmd:COMMAND} (alone or inside other text; $${ is a literal ${). A literal secret is accepted with a warning."
        })
    }
}

/// Environment variables, in order: `NAME: value`. Values may hold secret references
/// ([`SecretText`]); every value is hidden in plans.
pub type EnvMap = IndexMap<String, SecretText>;

/// The one manifest format this release reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ApiVersion {
    /// `dokploy/v1`.
    #[default]
    #[serde(rename = "dokploy/v1")]
    V1,
}

/// One manifest file: `apiVersion`, then projects, and the instance-wide destinations and
/// notifications. A directory of files is read as one manifest (each project, destination and
/// notification named once in all of them).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "Dokploy manifest (dokploy.yaml)")]
pub struct ManifestFile {
    /// The format: `dokploy/v1`.
    pub api_version: ApiVersion,
    /// Projects, each with its environments and services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<Located<ProjectSpec>>,
    /// S3-compatible backup destinations (instance-wide), referred to by name from backups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destinations: Vec<Located<DestinationSpec>>,
    /// Notifications (instance-wide).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notifications: Vec<Located<NotificationSpec>>,
}

/// A project. Matched to Dokploy's by name.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ProjectSpec {
    /// The project's name (unique in the manifest).
    pub name: String,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Project-level environment variables (`${{project.NAME}}` in services).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub env: EnvMap,
    /// Environments. `production`, which Dokploy creates with every project, need not be
    /// listed unless something is in it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub environments: Vec<Located<EnvironmentSpec>>,
}

/// An environment of a project. Matched by name within the project.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EnvironmentSpec {
    /// The environment's name (unique in the project).
    pub name: String,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Environment-level variables (`${{environment.NAME}}` in services).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub env: EnvMap,
    /// Applications.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applications: Vec<Located<ApplicationSpec>>,
    /// Compose stacks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compose: Vec<Located<ComposeSpec>>,
    /// Databases of the six kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub databases: Vec<Located<DatabaseSpec>>,
}

/// An application: a Docker image or a git source, built and run by Dokploy. Matched by name
/// within the environment (service names are unique across kinds in an environment).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ApplicationSpec {
    /// The application's name.
    pub name: String,
    /// A description (changing it does not redeploy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The server it runs on, by name (servers are not created by manifests). Set at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// A Docker image to run (`nginx:alpine`, `registry.example.com/team/app:1.2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Credentials for a private registry the image is pulled from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<RegistrySpec>,
    /// A git source to build from (instead of `image`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git: Option<GitSource>,
    /// How a git source is built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<BuildSpec>,
    /// Runtime environment variables.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub env: EnvMap,
    /// Build arguments (`--build-arg`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub build_args: EnvMap,
    /// Build secrets (`--secret`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub build_secrets: EnvMap,
    /// Whether Dokploy writes the env block to a `.env` file in the build context (default
    /// `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_env_file: Option<bool>,
    /// How many replicas run (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    /// Memory and CPU limits and reservations.
    #[serde(default, skip_serializing_if = "Resources::is_empty")]
    pub resources: Resources,
    /// The command the container runs instead of the image's (split on spaces by Dokploy: use
    /// `args` for arguments with spaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// The command's arguments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<String>>,
    /// Domains routed to it. Matched by host and path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Located<DomainSpec>>,
    /// Published ports. Matched by published port and protocol.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<Located<PortSpec>>,
    /// Volume, bind and file mounts. Matched by mount path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mounts: Vec<Located<MountSpec>>,
    /// Redirects (Traefik middlewares). Matched by regex.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<Located<RedirectSpec>>,
    /// HTTP basic-auth users. Matched by user name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<Located<SecuritySpec>>,
    /// Scheduled commands in the container. Matched by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<Located<ScheduleSpec>>,
    /// Whether `apply --prune` may delete volume mounts this entry does not list (default
    /// `false`: volumes, and the data in them, are kept).
    #[serde(default, skip_serializing_if = "is_false")]
    pub prune_volumes: bool,
}

/// A private registry's credentials.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RegistrySpec {
    /// The registry's URL (empty: Docker Hub).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The user name.
    pub username: String,
    /// The password or token.
    pub password: SecretText,
}

/// A git source: a provider configured in Dokploy, by name (`provider`), or any git URL
/// (`url`, with an SSH key by name for private repositories).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GitSource {
    /// A GitHub, GitLab, Gitea or Bitbucket provider's name in Dokploy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// A plain git URL (instead of `provider`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The SSH key (by name) for a private `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_key: Option<String>,
    /// The repository's owner (user or organisation; a provider source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The repository's name (a provider source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// The branch.
    pub branch: String,
    /// The directory to build in (default `/`); the compose file's path for a compose stack is
    /// `composePath`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_path: Option<String>,
}

/// How an application is built from source.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BuildSpec {
    /// The builder.
    #[serde(rename = "type")]
    pub build_type: BuildKind,
    /// The Dockerfile's path (`dockerfile` builds; default `Dockerfile`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dockerfile: Option<String>,
    /// The Docker build context (`dockerfile` builds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// The Docker build stage (`dockerfile` builds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// The directory to publish (`static` builds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_directory: Option<String>,
}

/// Dokploy's builders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BuildKind {
    /// Nixpacks (Dokploy's default).
    #[default]
    Nixpacks,
    /// A Dockerfile.
    Dockerfile,
    /// Heroku buildpacks.
    HerokuBuildpacks,
    /// Paketo buildpacks.
    PaketoBuildpacks,
    /// Static files served by nginx.
    Static,
    /// Railpack.
    Railpack,
}

impl BuildKind {
    /// The name Dokploy uses.
    pub fn as_str(self) -> &'static str {
        match self {
            BuildKind::Nixpacks => "nixpacks",
            BuildKind::Dockerfile => "dockerfile",
            BuildKind::HerokuBuildpacks => "heroku_buildpacks",
            BuildKind::PaketoBuildpacks => "paketo_buildpacks",
            BuildKind::Static => "static",
            BuildKind::Railpack => "railpack",
        }
    }
}

/// Memory and CPU limits and reservations. Memory: bytes, or a size with a unit (`256Mi`,
/// `1Gi`, `512M`); CPU: a number of CPUs (`0.5`).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Resources {
    /// The most memory the container may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_limit: Option<MemorySize>,
    /// The memory reserved for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<MemorySize>,
    /// The most CPUs it may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_limit: Option<f64>,
    /// The CPUs reserved for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_reservation: Option<f64>,
}

impl Resources {
    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        self.memory_limit.is_none()
            && self.memory_reservation.is_none()
            && self.cpu_limit.is_none()
            && self.cpu_reservation.is_none()
    }
}

/// A memory size in bytes, written as a number or with a unit (`K`, `M`, `G`: powers of 1000;
/// `Ki`, `Mi`, `Gi`: powers of 1024).
///
/// ```
/// use dokploy::manifest::MemorySize;
/// assert_eq!("256Mi".parse::<MemorySize>().unwrap().bytes(), 268_435_456);
/// assert_eq!(MemorySize::from_bytes(268_435_456).to_string(), "256Mi");
/// assert!("lots".parse::<MemorySize>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemorySize(u64);

impl MemorySize {
    /// A size of `bytes`.
    pub fn from_bytes(bytes: u64) -> Self {
        Self(bytes)
    }

    /// The size in bytes.
    pub fn bytes(self) -> u64 {
        self.0
    }
}

const MEMORY_UNITS: [(&str, u64); 6] = [
    ("Gi", 1 << 30),
    ("Mi", 1 << 20),
    ("Ki", 1 << 10),
    ("G", 1_000_000_000),
    ("M", 1_000_000),
    ("K", 1_000),
];

impl std::str::FromStr for MemorySize {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (digits, factor) = MEMORY_UNITS
            .iter()
            .find_map(|(unit, factor)| text.strip_suffix(unit).map(|d| (d, *factor)))
            .unwrap_or((text, 1));
        digits
            .trim()
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(factor))
            .map(MemorySize)
            .ok_or_else(|| {
                format!(
                    "`{text}` is not a memory size (bytes, or a number with K, M, G, Ki, Mi, Gi)"
                )
            })
    }
}

impl fmt::Display for MemorySize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (unit, factor) in MEMORY_UNITS.iter().take(3) {
            if self.0 >= *factor && self.0.is_multiple_of(*factor) {
                return write!(f, "{}{unit}", self.0 / factor);
            }
        }
        write!(f, "{}", self.0)
    }
}

impl Serialize for MemorySize {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MemorySize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bytes(u64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Bytes(n) => Ok(MemorySize(n)),
            Raw::Text(t) => t.parse().map_err(serde::de::Error::custom),
        }
    }
}

impl JsonSchema for MemorySize {
    fn schema_name() -> Cow<'static, str> {
        "MemorySize".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Bytes, or a number with a unit: K, M, G (powers of 1000), Ki, Mi, Gi (powers of 1024).",
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": "^\\s*[0-9]+\\s*(K|M|G|Ki|Mi|Gi)?\\s*$"}
            ]
        })
    }
}

/// A compose stack: an inline compose file, a file beside the manifest, or a git source.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ComposeSpec {
    /// The stack's name.
    pub name: String,
    /// A description (changing it does not redeploy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The server it runs on, by name. Set at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// `docker-compose` (default) or `stack` (Docker Swarm).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compose_type: Option<ComposeKind>,
    /// The compose file, inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compose_file: Option<String>,
    /// The compose file, read from this path (relative to the manifest file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// A git source (instead of a compose file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git: Option<GitSource>,
    /// The compose file's path in the repository (default `./docker-compose.yml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compose_path: Option<String>,
    /// Environment variables (written to `.env` beside the compose file).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub env: EnvMap,
    /// Domains routed to the stack's services (`service` required). Matched by host and path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Located<DomainSpec>>,
    /// Mounts. Matched by mount path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mounts: Vec<Located<MountSpec>>,
    /// Scheduled commands in one of the stack's services (`service` required). Matched by
    /// name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<Located<ScheduleSpec>>,
    /// Whether `apply --prune` may delete volume mounts this entry does not list (default
    /// `false`). Deleting the whole stack never deletes its volumes.
    #[serde(default, skip_serializing_if = "is_false")]
    pub prune_volumes: bool,
}

/// How Dokploy runs a compose stack.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ComposeKind {
    /// `docker compose up`.
    #[default]
    DockerCompose,
    /// `docker stack deploy`.
    Stack,
}

impl ComposeKind {
    /// The name Dokploy uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ComposeKind::DockerCompose => "docker-compose",
            ComposeKind::Stack => "stack",
        }
    }
}

/// A database of one of the six kinds Dokploy runs. Matched by name within the environment;
/// a different `type` under the same name is a replacement (the old one's data is lost).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DatabaseSpec {
    /// The database service's name.
    pub name: String,
    /// The kind.
    #[serde(rename = "type")]
    pub kind: DatabaseType,
    /// A description (changing it does not redeploy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The server it runs on, by name. Set at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// The Docker image (default: Dokploy's for the kind, e.g. `postgres:18`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// The database created in it (postgres, mysql, mariadb).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_name: Option<String>,
    /// The user (postgres, mysql, mariadb, mongo, libsql).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The user's password, by reference (`${env:DB_PASSWORD}`). Left out: Dokploy generates
    /// one at creation, and it is not managed after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<SecretText>,
    /// The root password (mysql, mariadb), by reference. Left out: generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_password: Option<SecretText>,
    /// The port it is published on, on the host (none: not published).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_port: Option<u16>,
    /// Environment variables.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub env: EnvMap,
    /// How many replicas run (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<u32>,
    /// Memory and CPU limits and reservations.
    #[serde(default, skip_serializing_if = "Resources::is_empty")]
    pub resources: Resources,
    /// The command the container runs instead of the image's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Mounts besides the data volume Dokploy creates with every database (which is kept
    /// whatever this lists, unless `pruneVolumes`). Matched by mount path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mounts: Vec<Located<MountSpec>>,
    /// Scheduled backups (not redis). Matched by destination and database.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backups: Vec<Located<BackupSpec>>,
    /// Whether `apply --prune` may delete volume mounts this entry does not list, the data
    /// volume included (default `false`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub prune_volumes: bool,
}

/// The six database kinds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DatabaseType {
    /// PostgreSQL.
    #[default]
    Postgres,
    /// MySQL.
    Mysql,
    /// MariaDB.
    Mariadb,
    /// MongoDB.
    Mongo,
    /// Redis.
    Redis,
    /// libSQL (sqld).
    Libsql,
}

impl DatabaseType {
    /// The matching kind of the typed layer.
    pub fn kind(self) -> crate::models::DatabaseKind {
        use crate::models::DatabaseKind as K;
        match self {
            DatabaseType::Postgres => K::Postgres,
            DatabaseType::Mysql => K::Mysql,
            DatabaseType::Mariadb => K::Mariadb,
            DatabaseType::Mongo => K::Mongo,
            DatabaseType::Redis => K::Redis,
            DatabaseType::Libsql => K::Libsql,
        }
    }

    /// The kind for a typed-layer kind.
    pub fn of(kind: crate::models::DatabaseKind) -> Self {
        use crate::models::DatabaseKind as K;
        match kind {
            K::Postgres => DatabaseType::Postgres,
            K::Mysql => DatabaseType::Mysql,
            K::Mariadb => DatabaseType::Mariadb,
            K::Mongo => DatabaseType::Mongo,
            K::Redis => DatabaseType::Redis,
            K::Libsql => DatabaseType::Libsql,
        }
    }

    /// The name manifests and Dokploy's routers use (`postgres`…).
    pub fn as_str(self) -> &'static str {
        match self {
            DatabaseType::Postgres => "postgres",
            DatabaseType::Mysql => "mysql",
            DatabaseType::Mariadb => "mariadb",
            DatabaseType::Mongo => "mongo",
            DatabaseType::Redis => "redis",
            DatabaseType::Libsql => "libsql",
        }
    }
}

/// A domain routed by Traefik to an application, or to a compose stack's service.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DomainSpec {
    /// The host name.
    pub host: String,
    /// The path prefix (default `/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The container port traffic goes to (default 3000, as Dokploy's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The compose service it routes to (compose stacks only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// HTTPS on (default off).
    #[serde(default, skip_serializing_if = "is_false")]
    pub https: bool,
    /// The certificate (default `none`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<Certificate>,
    /// Whether the path prefix is stripped before the request reaches the container.
    #[serde(default, skip_serializing_if = "is_false")]
    pub strip_path: bool,
}

/// A domain's certificate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Certificate {
    /// None.
    #[default]
    None,
    /// Let's Encrypt.
    Letsencrypt,
    /// A custom certificate resolver.
    Custom,
}

impl Certificate {
    /// The name Dokploy uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Certificate::None => "none",
            Certificate::Letsencrypt => "letsencrypt",
            Certificate::Custom => "custom",
        }
    }
}

/// A published port of an application.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PortSpec {
    /// The port on the host.
    pub published: u16,
    /// The port in the container.
    pub target: u16,
    /// `tcp` (default) or `udp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<Protocol>,
    /// `ingress` (default: Swarm's routing mesh) or `host`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<PublishMode>,
}

/// A port's protocol.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// TCP.
    #[default]
    Tcp,
    /// UDP.
    Udp,
}

impl Protocol {
    /// The name Dokploy uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
        }
    }
}

/// How a port is published.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PublishMode {
    /// Swarm's routing mesh.
    #[default]
    Ingress,
    /// The node's port directly.
    Host,
}

impl PublishMode {
    /// The name Dokploy uses.
    pub fn as_str(self) -> &'static str {
        match self {
            PublishMode::Ingress => "ingress",
            PublishMode::Host => "host",
        }
    }
}

/// A mount: a named volume (`volume`), a host directory (`hostPath`) or a file Dokploy writes
/// (`content`) — exactly one of them.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MountSpec {
    /// Where it is mounted in the container.
    pub path: String,
    /// A named Docker volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    /// A directory of the host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_path: Option<String>,
    /// The content of a file mount (may hold secret references).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<SecretText>,
    /// The file's name in Dokploy's files directory (file mounts; default: the last part of
    /// `path`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_path: Option<String>,
}

/// A redirect (a Traefik middleware of the application's routers).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RedirectSpec {
    /// The regular expression the URL is matched with.
    pub regex: String,
    /// What it is replaced with (`$1`…).
    pub replacement: String,
    /// A permanent (301/308) redirect rather than a temporary one.
    #[serde(default, skip_serializing_if = "is_false")]
    pub permanent: bool,
}

/// An HTTP basic-auth user in front of an application.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SecuritySpec {
    /// The user name.
    pub username: String,
    /// The password, by reference.
    pub password: SecretText,
}

/// A command run on a schedule in an application's container (or a compose service's).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ScheduleSpec {
    /// The schedule's name.
    pub name: String,
    /// When it runs (cron: `0 3 * * *`).
    pub cron: String,
    /// The command.
    pub command: String,
    /// The compose service it runs in (compose stacks only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// `bash` (default) or `sh`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shell: Option<Shell>,
    /// Whether it runs (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// The cron expression's time zone (default: the server's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

/// The shell a schedule's command runs in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Shell {
    /// bash.
    #[default]
    Bash,
    /// sh.
    Sh,
}

impl Shell {
    /// The name Dokploy uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Sh => "sh",
        }
    }
}

/// A scheduled backup of a database to a destination.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BackupSpec {
    /// The destination, by name (declared in `destinations`, or existing in Dokploy).
    pub destination: String,
    /// When it runs (cron: `0 3 * * *` is daily at 03:00).
    pub schedule: String,
    /// The database to back up (default: the entry's `databaseName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// The prefix of the files in the bucket (default `/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// How many backups are kept (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep: Option<u32>,
    /// Whether it runs (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// An S3-compatible bucket backups go to. Matched by name.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DestinationSpec {
    /// The destination's name.
    pub name: String,
    /// The S3 provider as rclone names it (`AWS`, `Cloudflare`, `Minio`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The endpoint URL.
    pub endpoint: String,
    /// The bucket.
    pub bucket: String,
    /// The region.
    pub region: String,
    /// The access key id, by reference.
    pub access_key: SecretText,
    /// The secret access key, by reference.
    pub secret_access_key: SecretText,
    /// Extra rclone flags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_flags: Vec<String>,
}

/// A notification: which events, and one kind with its settings. Matched by name.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NotificationSpec {
    /// The notification's name.
    pub name: String,
    /// The events it is sent for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    /// Slack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slack: Option<SlackSpec>,
    /// Telegram.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telegram: Option<TelegramSpec>,
    /// Discord.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discord: Option<DiscordSpec>,
    /// Email over SMTP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailSpec>,
    /// Email through Resend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resend: Option<ResendSpec>,
    /// Gotify.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gotify: Option<GotifySpec>,
    /// ntfy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ntfy: Option<NtfySpec>,
    /// Mattermost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mattermost: Option<MattermostSpec>,
    /// A custom webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<CustomSpec>,
    /// Lark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lark: Option<WebhookSpec>,
    /// Pushover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pushover: Option<PushoverSpec>,
    /// Microsoft Teams.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<WebhookSpec>,
}

/// The events a notification can be sent for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Event {
    /// An application was deployed.
    AppDeploy,
    /// An application's build failed.
    AppBuildError,
    /// A database backup ran.
    DatabaseBackup,
    /// A volume backup ran.
    VolumeBackup,
    /// Dokploy restarted.
    DokployRestart,
    /// Dokploy's own backup ran.
    DokployBackup,
    /// Docker's cleanup ran.
    DockerCleanup,
    /// A server passed a threshold.
    ServerThreshold,
}

impl Event {
    /// The typed layer's event.
    pub fn event(self) -> crate::models::NotificationEvent {
        use crate::models::NotificationEvent as E;
        match self {
            Event::AppDeploy => E::AppDeploy,
            Event::AppBuildError => E::AppBuildError,
            Event::DatabaseBackup => E::DatabaseBackup,
            Event::VolumeBackup => E::VolumeBackup,
            Event::DokployRestart => E::DokployRestart,
            Event::DokployBackup => E::DokployBackup,
            Event::DockerCleanup => E::DockerCleanup,
            Event::ServerThreshold => E::ServerThreshold,
        }
    }

    /// Every event, in Dokploy's order.
    pub const ALL: [Event; 8] = [
        Event::AppDeploy,
        Event::AppBuildError,
        Event::DatabaseBackup,
        Event::VolumeBackup,
        Event::DokployRestart,
        Event::DokployBackup,
        Event::DockerCleanup,
        Event::ServerThreshold,
    ];
}

/// Slack.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SlackSpec {
    /// The incoming webhook's URL, by reference.
    pub webhook_url: SecretText,
    /// The channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

/// Telegram.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TelegramSpec {
    /// The bot's token, by reference.
    pub bot_token: SecretText,
    /// The chat.
    pub chat_id: String,
    /// A topic of the chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_thread_id: Option<String>,
}

/// Discord.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DiscordSpec {
    /// The webhook's URL, by reference.
    pub webhook_url: SecretText,
    /// Whether messages are decorated (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decoration: Option<bool>,
}

/// Email over SMTP.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EmailSpec {
    /// The SMTP server.
    pub smtp_server: String,
    /// Its port.
    pub smtp_port: u16,
    /// The user.
    pub username: String,
    /// The password, by reference.
    pub password: SecretText,
    /// The sender.
    pub from_address: String,
    /// The recipients.
    pub to_addresses: Vec<String>,
}

/// Email through Resend.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ResendSpec {
    /// The API key, by reference.
    pub api_key: SecretText,
    /// The sender.
    pub from_address: String,
    /// The recipients.
    pub to_addresses: Vec<String>,
}

/// Gotify.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GotifySpec {
    /// The server's URL.
    pub server_url: String,
    /// The application token, by reference.
    pub app_token: SecretText,
    /// The priority (default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u32>,
    /// Whether messages are decorated (default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decoration: Option<bool>,
}

/// ntfy.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NtfySpec {
    /// The server's URL.
    pub server_url: String,
    /// The topic.
    pub topic: String,
    /// The access token, by reference.
    pub access_token: SecretText,
    /// The priority (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u32>,
}

/// Mattermost.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MattermostSpec {
    /// The webhook's URL, by reference.
    pub webhook_url: SecretText,
    /// The channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The user name messages are posted as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// A custom webhook.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CustomSpec {
    /// The endpoint, by reference (it may carry a token).
    pub endpoint: SecretText,
    /// Headers sent with each call (values may be references).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub headers: EnvMap,
}

/// A notification kind configured by a webhook URL alone (Lark, Teams).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WebhookSpec {
    /// The webhook's URL, by reference.
    pub webhook_url: SecretText,
}

/// Pushover.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PushoverSpec {
    /// The user key, by reference.
    pub user_key: SecretText,
    /// The application token, by reference.
    pub api_token: SecretText,
    /// The priority (-2 to 2; default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    /// Seconds between retries of an emergency (priority 2) message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry: Option<u32>,
    /// Seconds an emergency message is retried for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire: Option<u32>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// `Debug` through the crate's redaction: a manifest holds compose files, commands and env
/// values that can carry secrets.
macro_rules! redacted_debug {
    ($($spec:ident),+ $(,)?) => {
        $(impl std::fmt::Debug for $spec {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                crate::redact::debug_json(stringify!($spec), self, f)
            }
        })+
    };
}

redacted_debug! {
    ManifestFile, ProjectSpec, EnvironmentSpec, ApplicationSpec, RegistrySpec, GitSource, BuildSpec, Resources, ComposeSpec, DatabaseSpec, DomainSpec, PortSpec, MountSpec, RedirectSpec, SecuritySpec, ScheduleSpec, BackupSpec, DestinationSpec, NotificationSpec, SlackSpec, TelegramSpec, DiscordSpec, EmailSpec, ResendSpec, GotifySpec, NtfySpec, MattermostSpec, CustomSpec, WebhookSpec, PushoverSpec
}
