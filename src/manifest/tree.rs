//! The engine's one representation of both sides: a tree of [`Node`]s (kind, natural key,
//! flattened fields) built by the same function from the manifest's entries (desired) and from
//! the live state converted into entries (observed), so that plan, apply and export cannot
//! disagree about what a field is, what its default is, or whether it is secret.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::spec::*;

/// What a resource is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// A backup destination.
    Destination,
    /// A notification.
    Notification,
    /// A project.
    Project,
    /// An environment of a project.
    Environment,
    /// An application.
    Application,
    /// A compose stack.
    Compose,
    /// A database.
    Database,
    /// A domain of an application or compose stack.
    Domain,
    /// A published port of an application.
    Port,
    /// A mount of a service.
    Mount,
    /// A redirect of an application.
    Redirect,
    /// A basic-auth user of an application.
    Security,
    /// A scheduled command.
    Schedule,
    /// A scheduled backup of a database.
    Backup,
}

impl Kind {
    /// The word plans use.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Destination => "destination",
            Kind::Notification => "notification",
            Kind::Project => "project",
            Kind::Environment => "environment",
            Kind::Application => "application",
            Kind::Compose => "compose",
            Kind::Database => "database",
            Kind::Domain => "domain",
            Kind::Port => "port",
            Kind::Mount => "mount",
            Kind::Redirect => "redirect",
            Kind::Security => "security",
            Kind::Schedule => "schedule",
            Kind::Backup => "backup",
        }
    }

    /// Whether it is a service (what gets deployed).
    pub fn is_service(self) -> bool {
        matches!(self, Kind::Application | Kind::Compose | Kind::Database)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a desired entry was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) file: usize,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

/// One resource: its kind, its key among its siblings, its fields (flattened: `git.branch`,
/// `resources.cpuLimit`; maps such as `env` stay whole). The tree is made of
/// [`Item`](super::nodes::Item)s.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Node {
    pub(crate) kind: Option<Kind>,
    /// The natural key among siblings of the same kind family (a name, `host/path`…).
    pub(crate) key: String,
    /// The path shown in plans: `shop/production/web`, `shop/production/web/domain shop.example.com/`.
    pub(crate) address: String,
    pub(crate) fields: BTreeMap<String, Value>,
    pub(crate) place: Place,
}

impl Node {
    pub(crate) fn kind(&self) -> Kind {
        self.kind.unwrap_or(Kind::Project)
    }
}

/// Whether a field's value is a secret (never shown in plans).
pub(crate) fn is_sensitive(path: &str) -> bool {
    const SECRET_LEAVES: [&str; 13] = [
        "password",
        "rootPassword",
        "accessKey",
        "secretAccessKey",
        "webhookUrl",
        "botToken",
        "apiKey",
        "appToken",
        "accessToken",
        "userKey",
        "apiToken",
        "content",
        "composeFile",
    ];
    let first = path.split('.').next().unwrap_or(path);
    let last = path.rsplit('.').next().unwrap_or(path);
    matches!(first, "env" | "buildArgs" | "buildSecrets")
        || SECRET_LEAVES.contains(&last)
        || path.starts_with("custom.")
}

/// Fields whose value is a map compared key by key (a change names the key).
pub(crate) fn is_map_field(path: &str) -> bool {
    matches!(
        path,
        "env" | "buildArgs" | "buildSecrets" | "custom.headers"
    )
}

/// Fields that change only metadata: a service whose changes are all of these is not
/// redeployed.
pub(crate) fn is_metadata(path: &str) -> bool {
    matches!(path, "description")
}

/// Groups of fields managed only when the manifest names the group (`git`, `build`,
/// `registry`, a notification's kind); a named group's missing fields take their defaults.
const GROUPS: [&str; 15] = [
    "git",
    "build",
    "registry",
    "slack",
    "telegram",
    "discord",
    "email",
    "resend",
    "gotify",
    "ntfy",
    "mattermost",
    "custom",
    "lark",
    "pushover",
    "teams",
];

/// The value Dokploy gives each field the manifest leaves out. A field not listed is managed
/// only when the manifest sets it (Dokploy fills it: a database's image and password, a
/// service's server).
pub(crate) fn defaults(kind: Kind) -> &'static [(&'static str, DefaultValue)] {
    use DefaultValue::*;
    match kind {
        Kind::Project | Kind::Environment => &[("description", Null), ("env", EmptyMap)],
        Kind::Application => &[
            ("description", Null),
            ("env", EmptyMap),
            ("buildArgs", EmptyMap),
            ("buildSecrets", EmptyMap),
            ("createEnvFile", True),
            ("replicas", One),
            ("resources.memoryLimit", Null),
            ("resources.memoryReservation", Null),
            ("resources.cpuLimit", Null),
            ("resources.cpuReservation", Null),
            ("command", Null),
            ("args", Null),
            ("registry.url", Null),
            ("git.provider", Null),
            ("git.url", Null),
            ("git.sshKey", Null),
            ("git.owner", Null),
            ("git.repository", Null),
            ("git.buildPath", Slash),
            ("build.type", Str("nixpacks")),
            ("build.dockerfile", Str("Dockerfile")),
            ("build.context", Null),
            ("build.stage", Null),
            ("build.publishDirectory", Null),
        ],
        Kind::Compose => &[
            ("description", Null),
            ("env", EmptyMap),
            ("composeType", Str("docker-compose")),
            ("composePath", Str("./docker-compose.yml")),
            ("git.provider", Null),
            ("git.url", Null),
            ("git.sshKey", Null),
            ("git.owner", Null),
            ("git.repository", Null),
            ("git.buildPath", Slash),
        ],
        Kind::Database => &[
            ("description", Null),
            ("env", EmptyMap),
            ("replicas", One),
            ("resources.memoryLimit", Null),
            ("resources.memoryReservation", Null),
            ("resources.cpuLimit", Null),
            ("resources.cpuReservation", Null),
            ("command", Null),
            ("externalPort", Null),
        ],
        Kind::Domain => &[
            ("path", Slash),
            ("port", Port3000),
            ("service", Null),
            ("https", False),
            ("certificate", Str("none")),
            ("stripPath", False),
        ],
        Kind::Port => &[("protocol", Str("tcp")), ("mode", Str("ingress"))],
        Kind::Mount => &[
            ("volume", Null),
            ("hostPath", Null),
            ("content", Null),
            ("filePath", Null),
        ],
        Kind::Redirect => &[("permanent", False)],
        Kind::Security => &[],
        Kind::Schedule => &[
            ("service", Null),
            ("shell", Str("bash")),
            ("enabled", True),
            ("timezone", Null),
        ],
        Kind::Backup => &[("prefix", Slash), ("keep", Null), ("enabled", True)],
        Kind::Destination => &[("provider", Null), ("additionalFlags", EmptyList)],
        Kind::Notification => &[
            ("events", EmptyList),
            ("slack.channel", Null),
            ("telegram.messageThreadId", Null),
            ("discord.decoration", True),
            ("gotify.priority", Five),
            ("gotify.decoration", True),
            ("ntfy.priority", Three),
            ("mattermost.channel", Null),
            ("mattermost.username", Null),
            ("custom.headers", EmptyMap),
            ("pushover.priority", Zero),
            ("pushover.retry", Null),
            ("pushover.expire", Null),
        ],
    }
}

/// A default, as a constant (a `Value` cannot be built in a `static`).
#[derive(Clone, Copy, Debug)]
pub(crate) enum DefaultValue {
    Null,
    True,
    False,
    Zero,
    One,
    Three,
    Five,
    Port3000,
    Slash,
    EmptyMap,
    EmptyList,
    Str(&'static str),
}

impl DefaultValue {
    pub(crate) fn value(self) -> Value {
        match self {
            DefaultValue::Null => Value::Null,
            DefaultValue::True => json!(true),
            DefaultValue::False => json!(false),
            DefaultValue::Zero => json!(0),
            DefaultValue::One => json!(1),
            DefaultValue::Three => json!(3),
            DefaultValue::Five => json!(5),
            DefaultValue::Port3000 => json!(3000),
            DefaultValue::Slash => json!("/"),
            DefaultValue::EmptyMap => json!({}),
            DefaultValue::EmptyList => json!([]),
            DefaultValue::Str(s) => json!(s),
        }
    }
}

/// Keys of an entry that are children or bookkeeping, not fields.
const NOT_FIELDS: [&str; 14] = [
    "name",
    "environments",
    "applications",
    "compose",
    "databases",
    "domains",
    "ports",
    "mounts",
    "redirects",
    "security",
    "schedules",
    "backups",
    "pruneVolumes",
    "server",
];

/// An entry's fields: its JSON flattened into dotted paths (maps such as `env` kept whole),
/// memory sizes in bytes, events in Dokploy's order, and the defaults of every field the
/// entry leaves out (a group's only when the entry names the group).
pub(crate) fn fields_of(kind: Kind, entry: &impl Serialize) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    if let Ok(Value::Object(map)) = serde_json::to_value(entry) {
        flatten("", &map, &mut out);
    }
    for key in NOT_FIELDS {
        out.remove(key);
    }
    // The database's type is its identity within the entry, not a field (a change replaces).
    if kind == Kind::Database {
        out.remove("type");
    }
    for path in ["resources.memoryLimit", "resources.memoryReservation"] {
        if let Some(Value::String(text)) = out.get(path)
            && let Ok(size) = text.parse::<MemorySize>()
        {
            out.insert(path.to_string(), json!(size.bytes()));
        }
    }
    if let Some(Value::Array(events)) = out.get_mut("events") {
        events.sort_by_key(|e| {
            Event::ALL
                .iter()
                .position(|known| serde_json::to_value(known).ok().as_ref() == Some(e))
        });
        events.dedup();
    }
    let named_groups: Vec<&str> = GROUPS
        .iter()
        .copied()
        .filter(|g| out.keys().any(|k| k.starts_with(&format!("{g}."))))
        .collect();
    for (path, default) in defaults(kind) {
        let group = path.split_once('.').map(|(g, _)| g);
        let applies = match group {
            Some(g) if GROUPS.contains(&g) => named_groups.contains(&g),
            _ => true,
        };
        if applies {
            out.entry((*path).to_string())
                .or_insert_with(|| default.value());
        }
    }
    out
}

fn flatten(prefix: &str, map: &Map<String, Value>, out: &mut BTreeMap<String, Value>) {
    for (key, value) in map {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Object(inner)
                if !is_map_field(&path) && !NOT_FIELDS.contains(&path.as_str()) =>
            {
                flatten(&path, inner, out)
            }
            other => {
                out.insert(path, other.clone());
            }
        }
    }
}

/// Whether two field values say the same (`null`, `""` and an absent value are one; numbers
/// by value).
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::String(s)) | (Value::String(s), Value::Null) => s.is_empty(),
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => a == b,
    }
}

/// The JSON of an entry with every field equal to its default removed (an export leaves
/// defaults out), and groups left empty removed.
pub(crate) fn strip_defaults(kind: Kind, entry: &mut Map<String, Value>) {
    for (path, default) in defaults(kind) {
        let default = default.value();
        match path.split_once('.') {
            None => {
                if entry
                    .get(*path)
                    .is_some_and(|v| same(v, &default) || is_empty(v))
                {
                    entry.remove(*path);
                }
            }
            // A build's type is required when the group is written at all.
            Some(("build", "type")) => {}
            Some((group, leaf)) => {
                if let Some(Value::Object(inner)) = entry.get_mut(group)
                    && inner.get(leaf).is_some_and(|v| same(v, &default))
                {
                    inner.remove(leaf);
                }
            }
        }
    }
    let groups: Vec<String> = entry.keys().cloned().collect();
    for group in groups {
        let empty = match entry.get(&group) {
            Some(Value::Object(inner)) => inner.is_empty() && !is_map_field(&group),
            Some(Value::Null) => true,
            _ => false,
        };
        // A build group of only its type's default says nothing either.
        let default_build = group == "build"
            && entry.get("build").and_then(|b| b.get("type")) == Some(&json!("nixpacks"))
            && entry
                .get("build")
                .and_then(Value::as_object)
                .is_some_and(|b| b.len() == 1);
        if empty || default_build {
            entry.remove(&group);
        }
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Null => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_flattened_with_defaults_and_groups_only_when_named() {
        let app = ApplicationSpec {
            name: "web".into(),
            image: Some("nginx".into()),
            resources: Resources {
                memory_limit: Some("256Mi".parse().unwrap()),
                ..Resources::default()
            },
            ..ApplicationSpec::default()
        };
        let f = fields_of(Kind::Application, &app);
        assert_eq!(f["image"], json!("nginx"));
        assert_eq!(f["replicas"], json!(1));
        assert_eq!(f["resources.memoryLimit"], json!(268_435_456));
        assert_eq!(f["env"], json!({}));
        assert!(!f.contains_key("git.buildPath"), "git is not named");
        assert!(!f.contains_key("name"));
    }

    #[test]
    fn null_empty_and_absent_are_the_same_and_numbers_compare_by_value() {
        assert!(same(&Value::Null, &json!("")));
        assert!(same(&json!(2), &json!(2.0)));
        assert!(!same(&json!("a"), &Value::Null));
        assert!(same(&json!({"A": "1"}), &json!({"A": "1"})));
    }

    #[test]
    fn secrets_are_known_by_their_path() {
        for p in [
            "password",
            "env",
            "env.DB",
            "registry.password",
            "slack.webhookUrl",
            "composeFile",
            "custom.endpoint",
        ] {
            assert!(is_sensitive(p), "{p}");
        }
        for p in ["image", "replicas", "git.branch", "host"] {
            assert!(!is_sensitive(p), "{p}");
        }
    }
}
