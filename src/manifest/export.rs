//! Export: live state as a manifest — the observed entries with every default left out,
//! secrets replaced by `${env:NAME}` references (their values handed back separately, for a
//! dotenv file), git sources by provider name, and the data volume Dokploy creates with each
//! database left out. Planning the export against the same Dokploy is empty.

use std::collections::HashSet;
use std::fmt;

use serde_json::{Map, Value};

use super::live::Live;
use super::load::{Manifest, to_yaml};
use super::observe::{self, Names};
use super::spec::*;
use super::tree::{Kind, strip_defaults};
use crate::models::DatabaseKind;

/// What to export.
///
/// ```
/// let options = dokploy::manifest::ExportOptions { project: Some("shop".into()) };
/// assert_eq!(options.project.as_deref(), Some("shop"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// One project by name (with the destinations its backups use); `None`: every project,
    /// destination and notification.
    pub project: Option<String>,
}

/// An export: the manifest (as YAML and parsed), and the secret values its references name
/// (for `dokploy export --secrets-out FILE`, a dotenv file). `Debug` hides the values.
#[derive(Clone)]
pub struct Export {
    /// The manifest.
    pub manifest: Manifest,
    /// The same, as YAML.
    pub yaml: String,
    /// `(NAME, value)` for every `${env:NAME}` the manifest holds.
    pub secrets: Vec<(String, String)>,
}

impl fmt::Debug for Export {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Export")
            .field("yaml", &self.yaml)
            .field(
                "secrets",
                &self
                    .secrets
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Export {
    /// The secrets as a dotenv file (`NAME='value'` lines).
    ///
    /// ```
    /// # let export = dokploy::manifest::Export { manifest: Default::default(), yaml: String::new(), secrets: vec![("A".into(), "it's".into())] };
    /// assert_eq!(export.secrets_dotenv(), "A='it'\\''s'\n");
    /// ```
    pub fn secrets_dotenv(&self) -> String {
        self.secrets
            .iter()
            .map(|(name, value)| format!("{name}='{}'\n", value.replace('\'', "'\\''")))
            .collect()
    }
}

/// Names references after where they are: `SHOP_PRODUCTION_DB_PASSWORD`.
struct References {
    used: HashSet<String>,
    out: Vec<(String, String)>,
}

impl References {
    fn name(&mut self, parts: &[&str]) -> String {
        let base: String = parts
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_uppercase()
                        } else {
                            '_'
                        }
                    })
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("_");
        let mut name = base.clone();
        let mut n = 2;
        while self.used.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }

    fn replace(&mut self, text: &mut SecretText, parts: &[&str]) {
        let value = text.as_written().to_string();
        let name = self.name(parts);
        *text = SecretText::new(format!("${{env:{name}}}"));
        self.out.push((name, value));
    }

    fn env(&mut self, env: &mut EnvMap, parts: &[&str]) {
        for (key, value) in env.iter_mut() {
            let mut p = parts.to_vec();
            p.push(key);
            self.replace(value, &p);
        }
    }
}

fn secretize_project(p: &mut ProjectSpec, refs: &mut References) {
    let project = p.name.clone();
    refs.env(&mut p.env, &[&project]);
    for e in &mut p.environments {
        let env = e.name.clone();
        refs.env(&mut e.value.env, &[&project, &env]);
        for a in &mut e.value.applications {
            let a = &mut a.value;
            let name = a.name.clone();
            refs.env(&mut a.env, &[&project, &env, &name]);
            refs.env(&mut a.build_args, &[&project, &env, &name, "BUILD_ARG"]);
            refs.env(
                &mut a.build_secrets,
                &[&project, &env, &name, "BUILD_SECRET"],
            );
            if let Some(r) = &mut a.registry {
                refs.replace(
                    &mut r.password,
                    &[&project, &env, &name, "REGISTRY_PASSWORD"],
                );
            }
            for s in &mut a.security {
                let user = s.username.clone();
                refs.replace(
                    &mut s.value.password,
                    &[&project, &env, &name, "AUTH", &user],
                );
            }
            secretize_mounts(&mut a.mounts, refs, &[&project, &env, &name]);
        }
        for c in &mut e.value.compose {
            let name = c.name.clone();
            refs.env(&mut c.value.env, &[&project, &env, &name]);
            secretize_mounts(&mut c.value.mounts, refs, &[&project, &env, &name]);
        }
        for d in &mut e.value.databases {
            let name = d.name.clone();
            let d = &mut d.value;
            refs.env(&mut d.env, &[&project, &env, &name]);
            if let Some(pw) = &mut d.password {
                refs.replace(pw, &[&project, &env, &name, "PASSWORD"]);
            }
            if let Some(pw) = &mut d.root_password {
                refs.replace(pw, &[&project, &env, &name, "ROOT_PASSWORD"]);
            }
            secretize_mounts(&mut d.mounts, refs, &[&project, &env, &name]);
        }
    }
}

fn secretize_mounts(mounts: &mut [Located<MountSpec>], refs: &mut References, parts: &[&str]) {
    for m in mounts {
        if let Some(content) = &mut m.value.content {
            let mut p = parts.to_vec();
            p.push("FILE");
            let path = m.value.path.clone();
            p.push(&path);
            refs.replace(content, &p);
        }
    }
}

fn secretize_notification(n: &mut NotificationSpec, refs: &mut References) {
    let name = n.name.clone();
    let mut one =
        |text: &mut SecretText, what: &str| refs.replace(text, &["NOTIFICATION", &name, what]);
    if let Some(s) = &mut n.slack {
        one(&mut s.webhook_url, "WEBHOOK_URL");
    }
    if let Some(s) = &mut n.telegram {
        one(&mut s.bot_token, "BOT_TOKEN");
    }
    if let Some(s) = &mut n.discord {
        one(&mut s.webhook_url, "WEBHOOK_URL");
    }
    if let Some(s) = &mut n.email {
        one(&mut s.password, "PASSWORD");
    }
    if let Some(s) = &mut n.resend {
        one(&mut s.api_key, "API_KEY");
    }
    if let Some(s) = &mut n.gotify {
        one(&mut s.app_token, "APP_TOKEN");
    }
    if let Some(s) = &mut n.ntfy {
        one(&mut s.access_token, "ACCESS_TOKEN");
    }
    if let Some(s) = &mut n.mattermost {
        one(&mut s.webhook_url, "WEBHOOK_URL");
    }
    if let Some(s) = &mut n.lark {
        one(&mut s.webhook_url, "WEBHOOK_URL");
    }
    if let Some(s) = &mut n.teams {
        one(&mut s.webhook_url, "WEBHOOK_URL");
    }
    if let Some(s) = &mut n.pushover {
        one(&mut s.user_key, "USER_KEY");
        one(&mut s.api_token, "API_TOKEN");
    }
    if let Some(s) = &mut n.custom {
        one(&mut s.endpoint, "ENDPOINT");
        for (header, value) in s.headers.iter_mut() {
            refs.replace(value, &["NOTIFICATION", &name, "HEADER", header]);
        }
    }
}

/// The image Dokploy gives a database created without one (recordings 274–289, 385; the
/// document's defaults, which a test below holds this to).
fn default_image(kind: DatabaseKind) -> &'static str {
    match kind {
        DatabaseKind::Postgres => "postgres:18",
        DatabaseKind::Mysql => "mysql:8",
        DatabaseKind::Mariadb => "mariadb:6",
        DatabaseKind::Mongo => "mongo:15",
        DatabaseKind::Redis => "redis:8",
        DatabaseKind::Libsql => crate::resources::LIBSQL_DEFAULT_IMAGE,
    }
}

/// Leaves out what Dokploy fills in by itself.
fn drop_dokploy_defaults(p: &mut ProjectSpec, detail: &super::live::ProjectDetail) {
    for e in &mut p.environments {
        for d in &mut e.value.databases {
            let d = &mut d.value;
            let live = detail
                .databases
                .iter()
                .find(|db| db.name == d.name && DatabaseType::of(db.reference.kind) == d.kind);
            if let Some(live) = live {
                d.mounts.retain(|m| {
                    !live
                        .mounts
                        .iter()
                        .any(|lm| lm.mount_path == m.path && observe::is_data_mount(live, lm))
                });
            }
            if d.image.as_deref() == Some(default_image(d.kind.kind())) {
                d.image = None;
            }
            let database_name = d.database_name.clone().unwrap_or_else(|| d.name.clone());
            for b in &mut d.backups {
                if b.value.database.as_deref() == Some(database_name.as_str()) {
                    b.value.database = None;
                }
            }
        }
        let mounts = e
            .value
            .applications
            .iter_mut()
            .flat_map(|a| a.value.mounts.iter_mut())
            .chain(
                e.value
                    .compose
                    .iter_mut()
                    .flat_map(|c| c.value.mounts.iter_mut()),
            );
        for m in mounts {
            if m.value.file_path.as_deref() == Some(&super::nodes::default_file_path(&m.value.path))
            {
                m.value.file_path = None;
            }
        }
    }
}

fn strip_list(entry: &mut Map<String, Value>, key: &str, kind: Kind) {
    if let Some(Value::Array(items)) = entry.get_mut(key) {
        for item in items.iter_mut() {
            if let Value::Object(obj) = item {
                strip_defaults(kind, obj);
            }
        }
    }
}

fn strip_project(project: &mut Map<String, Value>) {
    strip_defaults(Kind::Project, project);
    if let Some(Value::Array(envs)) = project.get_mut("environments") {
        for env in envs.iter_mut().filter_map(Value::as_object_mut) {
            strip_defaults(Kind::Environment, env);
            for (list, kind) in [
                ("applications", Kind::Application),
                ("compose", Kind::Compose),
                ("databases", Kind::Database),
            ] {
                if let Some(Value::Array(services)) = env.get_mut(list) {
                    for s in services.iter_mut().filter_map(Value::as_object_mut) {
                        strip_defaults(kind, s);
                        strip_list(s, "domains", Kind::Domain);
                        strip_list(s, "ports", Kind::Port);
                        strip_list(s, "mounts", Kind::Mount);
                        strip_list(s, "redirects", Kind::Redirect);
                        strip_list(s, "security", Kind::Security);
                        strip_list(s, "schedules", Kind::Schedule);
                        strip_list(s, "backups", Kind::Backup);
                    }
                }
            }
        }
    }
}

/// Builds the export of `live` (already read with the projects wanted in depth).
pub(crate) fn export(live: &Live, options: &ExportOptions) -> crate::Result<Export> {
    let names = Names::new(live);
    let mut refs = References {
        used: HashSet::new(),
        out: Vec::new(),
    };
    let mut file = Map::new();
    file.insert("apiVersion".into(), Value::String("dokploy/v1".into()));
    let mut projects = Vec::new();
    let mut used_destinations: HashSet<String> = HashSet::new();
    for detail in &live.details {
        let (mut spec, _) = observe::project(detail, &names, false);
        drop_dokploy_defaults(&mut spec, detail);
        for e in &spec.environments {
            for d in &e.databases {
                used_destinations.extend(d.backups.iter().map(|b| b.destination.clone()));
            }
        }
        secretize_project(&mut spec, &mut refs);
        let mut json =
            serde_json::to_value(&spec).map_err(|e| crate::Error::InvalidInput(e.to_string()))?;
        if let Value::Object(obj) = &mut json {
            strip_project(obj);
        }
        projects.push(json);
    }
    let mut destinations = Vec::new();
    for d in &live.destinations {
        if options.project.is_some() && !used_destinations.contains(&d.name) {
            continue;
        }
        let mut spec = observe::destination(d);
        let name = spec.name.clone();
        refs.replace(&mut spec.access_key, &["DESTINATION", &name, "ACCESS_KEY"]);
        refs.replace(
            &mut spec.secret_access_key,
            &["DESTINATION", &name, "SECRET_ACCESS_KEY"],
        );
        let mut json =
            serde_json::to_value(&spec).map_err(|e| crate::Error::InvalidInput(e.to_string()))?;
        if let Value::Object(obj) = &mut json {
            strip_defaults(Kind::Destination, obj);
        }
        destinations.push(json);
    }
    let mut notifications = Vec::new();
    if options.project.is_none() {
        for n in &live.notifications {
            let mut spec = observe::notification(n);
            secretize_notification(&mut spec, &mut refs);
            let mut json = serde_json::to_value(&spec)
                .map_err(|e| crate::Error::InvalidInput(e.to_string()))?;
            if let Value::Object(obj) = &mut json {
                strip_defaults(Kind::Notification, obj);
            }
            notifications.push(json);
        }
    }
    for (key, list) in [
        ("projects", projects),
        ("destinations", destinations),
        ("notifications", notifications),
    ] {
        if !list.is_empty() {
            file.insert(key.into(), Value::Array(list));
        }
    }
    let typed: ManifestFile = serde_json::from_value(Value::Object(file)).map_err(|e| {
        crate::Error::InvalidInput(format!("the export is not a valid manifest: {e}"))
    })?;
    let yaml = to_yaml(&typed);
    let manifest = Manifest::from_yaml("exported.yaml", &yaml)?;
    Ok(Export {
        manifest,
        yaml,
        secrets: refs.out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_images_are_the_documents() {
        let document: Value =
            serde_json::from_str(include_str!("../../openapi/dokploy.json")).unwrap();
        for kind in DatabaseKind::ALL {
            let path = format!("/{}.create", kind.router());
            let default = &document["paths"][&path]["post"]["requestBody"]["content"]["application/json"]
                ["schema"]["properties"]["dockerImage"]["default"];
            assert_eq!(default, default_image(kind), "{kind}");
        }
    }
}
