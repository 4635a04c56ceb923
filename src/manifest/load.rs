//! Reading manifests: one YAML file, or a directory of them, into a [`Manifest`], with every
//! problem found at once (unknown keys with the nearest valid one, duplicate names, entries
//! that contradict themselves) and warnings for literal secrets.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::problem::{ManifestError, Problem, nearest};
use super::spec::*;

/// A manifest: one or more files read as one.
///
/// ```
/// let manifest = dokploy::manifest::Manifest::from_yaml("dokploy.yaml", r#"
/// apiVersion: dokploy/v1
/// projects:
///   - name: shop
///     environments:
///       - name: production
///         databases:
///           - name: db
///             type: postgres
///             databaseName: app
///             user: app
///             password: hunter2
/// "#).unwrap();
/// let warning = &manifest.warnings()[0];
/// assert!(warning.to_string().starts_with("dokploy.yaml:12:23: a literal secret"), "{warning}");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    files: Vec<SourceFile>,
}

/// One file of a manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The SHA-256 of its bytes, in hex (what a saved plan checks).
    pub digest: String,
    /// What it says.
    pub manifest: ManifestFile,
}

impl SourceFile {
    /// The directory relative paths in it (`${file:…}`, a compose `file:`) start from.
    pub fn base_dir(&self) -> &Path {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    }
}

impl Manifest {
    /// Reads a file, or every `*.yaml` / `*.yml` file of a directory (not its subdirectories),
    /// in name order.
    pub fn load(path: impl AsRef<Path>) -> Result<Manifest, ManifestError> {
        let path = path.as_ref();
        let io = |e: std::io::Error, p: &Path| {
            ManifestError::one(Problem::at(p, 0, 0, format!("cannot be read: {e}")))
        };
        let mut paths = Vec::new();
        if path.is_dir() {
            for entry in std::fs::read_dir(path).map_err(|e| io(e, path))? {
                let p = entry.map_err(|e| io(e, path))?.path();
                let yaml = p.extension().is_some_and(|e| e == "yaml" || e == "yml");
                if yaml && p.is_file() {
                    paths.push(p);
                }
            }
            paths.sort();
            if paths.is_empty() {
                return Err(ManifestError::one(Problem::at(
                    path,
                    0,
                    0,
                    "the directory holds no .yaml or .yml file",
                )));
            }
        } else {
            paths.push(path.to_path_buf());
        }
        let mut texts = Vec::new();
        for p in paths {
            let text = std::fs::read_to_string(&p).map_err(|e| io(e, &p))?;
            texts.push((p, text));
        }
        Self::from_texts(texts)
    }

    /// Reads these files as one manifest (what a saved plan names).
    pub fn load_files(paths: &[PathBuf]) -> Result<Manifest, ManifestError> {
        let mut texts = Vec::new();
        for p in paths {
            let text = std::fs::read_to_string(p).map_err(|e| {
                ManifestError::one(Problem::at(p, 0, 0, format!("cannot be read: {e}")))
            })?;
            texts.push((p.clone(), text));
        }
        Self::from_texts(texts)
    }

    /// Reads one file's text; `name` is what problems call it.
    pub fn from_yaml(name: impl AsRef<Path>, text: &str) -> Result<Manifest, ManifestError> {
        Self::from_texts(vec![(name.as_ref().to_path_buf(), text.to_string())])
    }

    fn from_texts(texts: Vec<(PathBuf, String)>) -> Result<Manifest, ManifestError> {
        let mut problems = Vec::new();
        let mut files = Vec::new();
        for (path, text) in texts {
            match parse(&path, &text) {
                Ok(manifest) => files.push(SourceFile {
                    digest: hex(&Sha256::digest(text.as_bytes())),
                    path,
                    manifest,
                }),
                Err(p) => problems.push(p),
            }
        }
        if !problems.is_empty() {
            return Err(ManifestError { problems });
        }
        let manifest = Manifest { files };
        let problems = manifest.validate();
        if problems.is_empty() {
            Ok(manifest)
        } else {
            Err(ManifestError { problems })
        }
    }

    /// A manifest made in code (an export): files named `path`, not read from disk.
    ///
    /// ```
    /// use dokploy::manifest::{Manifest, ManifestFile};
    /// let m = Manifest::from_files(vec![("exported.yaml".into(), ManifestFile::default())]).unwrap();
    /// assert!(m.to_yaml().starts_with("apiVersion: dokploy/v1"));
    /// ```
    pub fn from_files(files: Vec<(PathBuf, ManifestFile)>) -> Result<Manifest, ManifestError> {
        let manifest = Manifest {
            files: files
                .into_iter()
                .map(|(path, manifest)| SourceFile {
                    digest: String::new(),
                    path,
                    manifest,
                })
                .collect(),
        };
        let problems = manifest.validate();
        if problems.is_empty() {
            Ok(manifest)
        } else {
            Err(ManifestError { problems })
        }
    }

    /// The files, in the order they were read.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// Every project of every file.
    pub fn projects(&self) -> Vec<&ProjectSpec> {
        self.files
            .iter()
            .flat_map(|f| f.manifest.projects.iter().map(|p| &p.value))
            .collect()
    }

    /// The manifest as one YAML document (every file's entries, in order).
    pub fn to_yaml(&self) -> String {
        let mut merged = ManifestFile::default();
        for file in &self.files {
            merged
                .projects
                .extend(file.manifest.projects.iter().cloned());
            merged
                .destinations
                .extend(file.manifest.destinations.iter().cloned());
            merged
                .notifications
                .extend(file.manifest.notifications.iter().cloned());
        }
        to_yaml(&merged)
    }

    /// Warnings: literal secrets (a password written in the file rather than referenced).
    pub fn warnings(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        for file in &self.files {
            let mut w = Walker {
                file: &file.path,
                out: &mut out,
            };
            w.file(&file.manifest);
        }
        out
    }

    /// Structural problems (nothing live is needed to find them).
    fn validate(&self) -> Vec<Problem> {
        let mut v = Validator::default();
        let mut projects = HashMap::new();
        let mut destinations = HashMap::new();
        let mut notifications = HashMap::new();
        for file in &self.files {
            v.file = file.path.clone();
            for p in &file.manifest.projects {
                v.unique(&mut projects, "project", &p.name, p);
                v.project(p);
            }
            for d in &file.manifest.destinations {
                v.unique(&mut destinations, "destination", &d.name, d);
            }
            for n in &file.manifest.notifications {
                v.unique(&mut notifications, "notification", &n.name, n);
                let kinds = n.kinds();
                if kinds.len() != 1 {
                    v.at(
                        n,
                        format!(
                            "notification `{}` must have exactly one kind (slack, telegram, discord, email, resend, gotify, ntfy, mattermost, custom, lark, pushover, teams); it has {}",
                            n.name,
                            kinds.len()
                        ),
                    );
                }
            }
        }
        v.problems
    }
}

impl NotificationSpec {
    /// The kinds this entry sets (a valid entry sets one).
    pub(crate) fn kinds(&self) -> Vec<&'static str> {
        let set = [
            ("slack", self.slack.is_some()),
            ("telegram", self.telegram.is_some()),
            ("discord", self.discord.is_some()),
            ("email", self.email.is_some()),
            ("resend", self.resend.is_some()),
            ("gotify", self.gotify.is_some()),
            ("ntfy", self.ntfy.is_some()),
            ("mattermost", self.mattermost.is_some()),
            ("custom", self.custom.is_some()),
            ("lark", self.lark.is_some()),
            ("pushover", self.pushover.is_some()),
            ("teams", self.teams.is_some()),
        ];
        set.iter().filter(|(_, on)| *on).map(|(k, _)| *k).collect()
    }
}

/// Serialises a manifest file as YAML.
pub(crate) fn to_yaml(file: &ManifestFile) -> String {
    serde_saphyr::to_string(file).unwrap_or_else(|e| format!("# cannot be written: {e}\n"))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn parse(path: &Path, text: &str) -> Result<ManifestFile, Problem> {
    let options = serde_saphyr::options! {
        with_snippet: false,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
    };
    serde_saphyr::from_str_with_options::<ManifestFile>(text, options)
        .map_err(|e| problem_of(path, &e))
}

fn problem_of(path: &Path, error: &serde_saphyr::Error) -> Problem {
    let error = error.without_snippet();
    let (line, column) = error
        .location()
        .map(|l| {
            (
                u32::try_from(l.line()).unwrap_or(0),
                u32::try_from(l.column()).unwrap_or(0),
            )
        })
        .unwrap_or((0, 0));
    let message = match error {
        serde_saphyr::Error::SerdeUnknownField {
            field, expected, ..
        } => match nearest(field, expected) {
            Some(near) => format!("unknown key `{field}`; did you mean `{near}`?"),
            None => format!(
                "unknown key `{field}`; the keys here are {}",
                expected
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        serde_saphyr::Error::SerdeUnknownVariant {
            variant, expected, ..
        } => match nearest(variant, expected) {
            Some(near) => format!("unknown value `{variant}`; did you mean `{near}`?"),
            None => format!(
                "unknown value `{variant}`; it must be one of {}",
                expected
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        serde_saphyr::Error::SerdeMissingField { field, .. } => {
            format!("the key `{field}` is required here")
        }
        serde_saphyr::Error::DuplicateMappingKey { key, .. } => match key {
            Some(k) => format!("the key `{k}` is given twice"),
            None => "a key is given twice".to_string(),
        },
        other => strip_location(&other.to_string()),
    };
    Problem {
        file: Some(path.to_path_buf()),
        line,
        column,
        message,
    }
}

/// Drops the ` at line L, column C` serde-saphyr appends (the problem already says where).
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

#[derive(Default)]
struct Validator {
    file: PathBuf,
    problems: Vec<Problem>,
}

impl Validator {
    fn at<T>(&mut self, entry: &Located<T>, message: impl Into<String>) {
        self.problems
            .push(Problem::at(&self.file, entry.line, entry.column, message));
    }

    /// `name` must be new in `seen` (which remembers where each was first given).
    fn unique<T>(
        &mut self,
        seen: &mut HashMap<String, (PathBuf, u32, u32)>,
        what: &str,
        name: &str,
        entry: &Located<T>,
    ) {
        if let Some((file, line, column)) = seen.get(name) {
            let first = Problem::at(file, *line, *column, "").to_string();
            let first = first.trim_end_matches(": ");
            self.at(
                entry,
                format!("{what} `{name}` is declared twice (first at {first})"),
            );
        } else {
            seen.insert(
                name.to_string(),
                (self.file.clone(), entry.line, entry.column),
            );
        }
    }

    fn project(&mut self, p: &Located<ProjectSpec>) {
        let mut envs = HashMap::new();
        for e in &p.environments {
            self.unique(&mut envs, "environment", &e.name, e);
            let mut services = HashMap::new();
            for a in &e.applications {
                self.unique(&mut services, "service", &a.name, a);
                self.application(a);
            }
            for c in &e.compose {
                self.unique(&mut services, "service", &c.name, c);
                self.compose(c);
            }
            for d in &e.databases {
                self.unique(&mut services, "service", &d.name, d);
                self.database(d);
            }
        }
    }

    fn git(&mut self, entry: &Located<impl Sized>, owner: &str, git: &GitSource) {
        match (&git.provider, &git.url) {
            (Some(_), Some(_)) | (None, None) => self.at(
                entry,
                format!("`{owner}`: a git source names either a `provider` or a `url`"),
            ),
            (Some(provider), None) => {
                if git.repository.is_none() || git.owner.is_none() {
                    self.at(
                        entry,
                        format!(
                            "`{owner}`: a git source from provider `{provider}` needs `owner` and `repository`"
                        ),
                    );
                }
            }
            (None, Some(_)) => {}
        }
    }

    fn application(&mut self, a: &Located<ApplicationSpec>) {
        if a.image.is_some() && a.git.is_some() {
            self.at(
                a,
                format!("application `{}` has both `image` and `git`", a.name),
            );
        }
        if let Some(git) = &a.git {
            self.git(a, &a.name, git);
        }
        if a.registry.is_some() && a.image.is_none() {
            self.at(
                a,
                format!("application `{}`: `registry` needs `image`", a.name),
            );
        }
        self.children(&a.name, false, &a.domains, &a.mounts, &a.schedules);
        let mut keys = HashMap::new();
        for p in &a.ports {
            let key = format!(
                "{}/{}",
                p.published,
                p.protocol.unwrap_or_default().as_str()
            );
            self.unique(&mut keys, "port", &key, p);
        }
        let mut keys = HashMap::new();
        for r in &a.redirects {
            self.unique(&mut keys, "redirect", &r.regex, r);
        }
        let mut keys = HashMap::new();
        for s in &a.security {
            self.unique(&mut keys, "basic-auth user", &s.username, s);
        }
    }

    fn compose(&mut self, c: &Located<ComposeSpec>) {
        let sources = [c.compose_file.is_some(), c.file.is_some(), c.git.is_some()];
        if sources.iter().filter(|s| **s).count() != 1 {
            self.at(
                c,
                format!(
                    "compose stack `{}` needs exactly one of `composeFile`, `file` and `git`",
                    c.name
                ),
            );
        }
        if let Some(git) = &c.git {
            self.git(c, &c.name, git);
        }
        self.children(&c.name, true, &c.domains, &c.mounts, &c.schedules);
    }

    fn children(
        &mut self,
        owner: &str,
        compose: bool,
        domains: &[Located<DomainSpec>],
        mounts: &[Located<MountSpec>],
        schedules: &[Located<ScheduleSpec>],
    ) {
        let mut keys = HashMap::new();
        for d in domains {
            let key = format!("{}{}", d.host, d.path.as_deref().unwrap_or("/"));
            self.unique(&mut keys, "domain", &key, d);
            match (compose, d.service.is_some()) {
                (true, false) => self.at(
                    d,
                    format!(
                        "domain `{}` of compose stack `{owner}` needs `service`",
                        d.host
                    ),
                ),
                (false, true) => self.at(
                    d,
                    format!("domain `{}`: `service` is for compose stacks only", d.host),
                ),
                _ => {}
            }
        }
        self.mounts(mounts);
        let mut keys = HashMap::new();
        for s in schedules {
            self.unique(&mut keys, "schedule", &s.name, s);
            match (compose, s.service.is_some()) {
                (true, false) => self.at(
                    s,
                    format!(
                        "schedule `{}` of compose stack `{owner}` needs `service`",
                        s.name
                    ),
                ),
                (false, true) => self.at(
                    s,
                    format!(
                        "schedule `{}`: `service` is for compose stacks only",
                        s.name
                    ),
                ),
                _ => {}
            }
        }
    }

    fn mounts(&mut self, mounts: &[Located<MountSpec>]) {
        let mut keys = HashMap::new();
        for m in mounts {
            self.unique(&mut keys, "mount", &m.path, m);
            let kinds = [
                m.volume.is_some(),
                m.host_path.is_some(),
                m.content.is_some(),
            ];
            if kinds.iter().filter(|k| **k).count() != 1 {
                self.at(
                    m,
                    format!(
                        "mount `{}` needs exactly one of `volume`, `hostPath` and `content`",
                        m.path
                    ),
                );
            }
        }
    }

    fn database(&mut self, d: &Located<DatabaseSpec>) {
        use crate::models::DatabaseSetting;
        use DatabaseType as T;
        let kind = d.kind;
        // What `<kind>.create` requires, and refuses when given to another kind.
        let required = kind.kind().required_settings();
        for (setting, given, key) in [
            (
                DatabaseSetting::DatabaseName,
                d.database_name.is_some(),
                "databaseName",
            ),
            (DatabaseSetting::User, d.user.is_some(), "user"),
        ] {
            match (required.contains(&setting), given) {
                (true, false) => self.at(
                    d,
                    format!("{} database `{}` needs `{key}`", kind.as_str(), d.name),
                ),
                (false, true) => self.at(
                    d,
                    format!("`{key}` is not a setting of {} databases", kind.as_str()),
                ),
                _ => {}
            }
        }
        if d.root_password.is_some() && !matches!(kind, T::Mysql | T::Mariadb) {
            self.at(d, "`rootPassword` is for mysql and mariadb only");
        }
        if kind == T::Redis && !d.backups.is_empty() {
            self.at(d, "Dokploy does not back up redis databases");
        }
        self.mounts(&d.mounts);
        let mut keys = HashMap::new();
        for b in &d.backups {
            let database = b
                .database
                .clone()
                .or_else(|| d.database_name.clone())
                .unwrap_or_else(|| d.name.clone());
            let key = format!("{}/{database}", b.destination);
            self.unique(&mut keys, "backup", &key, b);
        }
    }
}

/// Walks a file for literal secrets.
struct Walker<'a> {
    file: &'a Path,
    out: &'a mut Vec<Problem>,
}

impl Walker<'_> {
    fn secret(&mut self, what: &str, text: &SecretText) {
        if !text.has_references() && !text.as_written().is_empty() {
            self.out.push(Problem::at(
                self.file,
                text.0.line,
                text.0.column,
                format!(
                    "a literal secret ({what}); prefer a reference such as ${{env:NAME}}, ${{file:PATH}} or ${{cmd:COMMAND}}"
                ),
            ));
        }
    }

    fn env(&mut self, env: &EnvMap) {
        for (key, value) in env {
            if crate::redact::is_secret_key(key) {
                self.secret(&format!("env `{key}`"), value);
            }
        }
    }

    fn file(&mut self, m: &ManifestFile) {
        for p in &m.projects {
            self.env(&p.env);
            for e in &p.environments {
                self.env(&e.env);
                for a in &e.applications {
                    self.env(&a.env);
                    self.env(&a.build_args);
                    self.env(&a.build_secrets);
                    if let Some(r) = &a.registry {
                        self.secret("registry password", &r.password);
                    }
                    for s in &a.security {
                        self.secret("basic-auth password", &s.password);
                    }
                }
                for c in &e.compose {
                    self.env(&c.env);
                }
                for d in &e.databases {
                    self.env(&d.env);
                    if let Some(pw) = &d.password {
                        self.secret("database password", pw);
                    }
                    if let Some(pw) = &d.root_password {
                        self.secret("root password", pw);
                    }
                }
            }
        }
        for d in &m.destinations {
            self.secret("access key", &d.access_key);
            self.secret("secret access key", &d.secret_access_key);
        }
        for n in &m.notifications {
            for (what, text) in n.secrets() {
                self.secret(what, text);
            }
        }
    }
}

impl NotificationSpec {
    /// The secret settings of the entry's kind, with what each is.
    pub(crate) fn secrets(&self) -> Vec<(&'static str, &SecretText)> {
        let mut out = Vec::new();
        if let Some(s) = &self.slack {
            out.push(("slack webhook URL", &s.webhook_url));
        }
        if let Some(s) = &self.telegram {
            out.push(("telegram bot token", &s.bot_token));
        }
        if let Some(s) = &self.discord {
            out.push(("discord webhook URL", &s.webhook_url));
        }
        if let Some(s) = &self.email {
            out.push(("email password", &s.password));
        }
        if let Some(s) = &self.resend {
            out.push(("resend API key", &s.api_key));
        }
        if let Some(s) = &self.gotify {
            out.push(("gotify app token", &s.app_token));
        }
        if let Some(s) = &self.ntfy {
            out.push(("ntfy access token", &s.access_token));
        }
        if let Some(s) = &self.mattermost {
            out.push(("mattermost webhook URL", &s.webhook_url));
        }
        if let Some(s) = &self.custom {
            out.push(("custom webhook endpoint", &s.endpoint));
            for (name, value) in &s.headers {
                if crate::redact::is_secret_key(name) {
                    out.push(("custom webhook header", value));
                }
            }
        }
        if let Some(s) = &self.lark {
            out.push(("lark webhook URL", &s.webhook_url));
        }
        if let Some(s) = &self.pushover {
            out.push(("pushover user key", &s.user_key));
            out.push(("pushover API token", &s.api_token));
        }
        if let Some(s) = &self.teams {
            out.push(("teams webhook URL", &s.webhook_url));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(yaml: &str) -> String {
        Manifest::from_yaml("m.yaml", yaml).unwrap_err().to_string()
    }

    #[test]
    fn an_unknown_key_names_file_line_column_and_the_nearest_key() {
        let e = err(
            "apiVersion: dokploy/v1\nprojects:\n  - name: shop\n    environments:\n      - name: production\n        applications:\n          - name: web\n            imgae: nginx\n",
        );
        assert!(
            e.contains("m.yaml:8:13: unknown key `imgae`; did you mean `image`?"),
            "{e}"
        );
    }

    #[test]
    fn an_unknown_key_far_from_any_lists_the_valid_ones() {
        let e = err("apiVersion: dokploy/v1\nwhatever: 1\n");
        assert!(
            e.contains("unknown key `whatever`; the keys here are `apiVersion`"),
            "{e}"
        );
    }

    #[test]
    fn a_wrong_api_version_and_a_duplicate_key_are_refused() {
        assert!(err("apiVersion: dokploy/v2\n").contains("`dokploy/v2`"));
        let e = err("apiVersion: dokploy/v1\nprojects: []\nprojects: []\n");
        assert!(
            e.contains("m.yaml:3:1: the key `projects` is given twice"),
            "{e}"
        );
    }

    #[test]
    fn duplicate_names_and_contradictions_are_all_reported() {
        let e = err(r#"apiVersion: dokploy/v1
projects:
  - name: shop
    environments:
      - name: production
        applications:
          - name: web
            image: nginx
            git: {url: "https://example.com/x.git", branch: main}
        databases:
          - name: web
            type: postgres
destinations:
  - {name: s3, endpoint: e, bucket: b, region: r, accessKey: a, secretAccessKey: s}
  - {name: s3, endpoint: e, bucket: b, region: r, accessKey: a, secretAccessKey: s}
"#);
        assert!(e.contains("(5 problems)"), "{e}");
        assert!(
            e.contains("m.yaml:7:13: application `web` has both `image` and `git`"),
            "{e}"
        );
        assert!(
            e.contains("m.yaml:11:13: service `web` is declared twice (first at m.yaml:7:13)"),
            "{e}"
        );
        assert!(
            e.contains("postgres database `web` needs `databaseName`"),
            "{e}"
        );
        assert!(e.contains("postgres database `web` needs `user`"), "{e}");
        assert!(
            e.contains("m.yaml:15:5: destination `s3` is declared twice"),
            "{e}"
        );
    }

    #[test]
    fn a_directory_is_read_as_one_manifest_in_name_order() {
        let dir = std::env::temp_dir().join(format!("dokploy-manifest-dir-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("b.yaml"),
            "apiVersion: dokploy/v1\nprojects: [{name: two}]\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("a.yml"),
            "apiVersion: dokploy/v1\nprojects: [{name: one}]\n",
        )
        .unwrap();
        std::fs::write(dir.join("notes.txt"), "not yaml").unwrap();
        let m = Manifest::load(&dir).unwrap();
        let names: Vec<&str> = m.projects().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["one", "two"]);
        std::fs::write(
            dir.join("c.yaml"),
            "apiVersion: dokploy/v1\nprojects: [{name: one}]\n",
        )
        .unwrap();
        let e = Manifest::load(&dir).unwrap_err().to_string();
        assert!(
            e.contains("c.yaml:2:12: project `one` is declared twice (first at"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn references_are_not_warned_about_but_literal_secrets_are() {
        let m = Manifest::from_yaml(
            "m.yaml",
            "apiVersion: dokploy/v1\nnotifications:\n  - name: ops\n    events: [appBuildError]\n    slack: {webhookUrl: \"${env:SLACK}\", channel: \"#ops\"}\n  - name: ops2\n    discord: {webhookUrl: https://discord.example/x}\n",
        )
        .unwrap();
        let warnings = m.warnings();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0]
                .to_string()
                .contains("m.yaml:7:27: a literal secret (discord webhook URL)")
        );
    }
}
