//! Entries → [`Node`] trees: the one function both sides of a plan go through.

use super::spec::*;
use super::tree::{Kind, Node, Place, fields_of};

/// What an entry is, kept with its node (resolved secrets on the desired side; the live
/// values converted on the observed side).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) enum Entry {
    #[default]
    None,
    Project(ProjectSpec),
    Environment(EnvironmentSpec),
    Application(ApplicationSpec),
    Compose(ComposeSpec),
    Database(DatabaseSpec),
    Domain(DomainSpec),
    Port(PortSpec),
    Mount(MountSpec),
    Redirect(RedirectSpec),
    Security(SecuritySpec),
    Schedule(ScheduleSpec),
    Backup(BackupSpec),
    Destination(DestinationSpec),
    Notification(NotificationSpec),
}

/// What the live side knows of a node: its id and what apply needs besides.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct LiveRef {
    pub(crate) id: String,
    /// Whether it carries this tool's ownership marker (projects: the tag; environments and
    /// services: their description).
    pub(crate) owned: bool,
    /// The kind of a database.
    pub(crate) database: Option<DatabaseType>,
    /// Whether a mount is the data volume Dokploy created with its database.
    pub(crate) data_mount: bool,
    /// Whether an environment is its project's default one.
    pub(crate) default_environment: bool,
}

/// A node with its entry and, on the observed side, its live reference.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Item {
    pub(crate) node: Node,
    pub(crate) entry: Entry,
    pub(crate) live: Option<LiveRef>,
    pub(crate) children: Vec<Item>,
}

impl Item {
    pub(crate) fn kind(&self) -> Kind {
        self.node.kind()
    }

    pub(crate) fn at(mut self, file: usize, line: u32, column: u32) -> Self {
        self.node.place = Place { file, line, column };
        self
    }

    /// Every item of the tree, parents before children.
    pub(crate) fn walk(&self) -> Vec<&Item> {
        let mut out = vec![self];
        for c in &self.children {
            out.extend(c.walk());
        }
        out
    }
}

fn item<T: serde::Serialize>(
    kind: Kind,
    key: String,
    address: String,
    spec: &T,
    entry: Entry,
) -> Item {
    Item {
        node: Node {
            kind: Some(kind),
            key,
            address,
            fields: fields_of(kind, spec),
            ..Node::default()
        },
        entry,
        live: None,
        children: Vec::new(),
    }
}

/// A backup's key: destination and database.
pub(crate) fn backup_key(b: &BackupSpec, db: &DatabaseSpec) -> String {
    let database = b
        .database
        .clone()
        .or_else(|| db.database_name.clone())
        .unwrap_or_else(|| db.name.clone());
    format!("{}/{database}", b.destination)
}

/// A domain's key: host and path.
pub(crate) fn domain_key(d: &DomainSpec) -> String {
    format!("{}{}", d.host, d.path.as_deref().unwrap_or("/"))
}

/// A port's key: published port and protocol.
pub(crate) fn port_key(p: &PortSpec) -> String {
    format!(
        "{}/{}",
        p.published,
        p.protocol.unwrap_or_default().as_str()
    )
}

fn child_address(parent: &str, kind: Kind, key: &str) -> String {
    format!("{parent}/{kind}:{key}")
}

fn located<T: Clone, F: Fn(&T) -> Item>(file: usize, list: &[Located<T>], f: F) -> Vec<Item> {
    list.iter()
        .map(|l| f(&l.value).at(file, l.line, l.column))
        .collect()
}

/// The tree of a project.
pub(crate) fn project(file: usize, p: &Located<ProjectSpec>) -> Item {
    let address = p.name.clone();
    let mut it = item(
        Kind::Project,
        p.name.clone(),
        address.clone(),
        &p.value,
        Entry::Project(p.value.clone()),
    )
    .at(file, p.line, p.column);
    it.children = p
        .environments
        .iter()
        .map(|e| environment(file, &address, e))
        .collect();
    it
}

fn environment(file: usize, parent: &str, e: &Located<EnvironmentSpec>) -> Item {
    let address = format!("{parent}/{}", e.name);
    let mut it = item(
        Kind::Environment,
        e.name.clone(),
        address.clone(),
        &e.value,
        Entry::Environment(e.value.clone()),
    )
    .at(file, e.line, e.column);
    for a in &e.applications {
        it.children.push(application(file, &address, a));
    }
    for c in &e.compose {
        it.children.push(compose(file, &address, c));
    }
    for d in &e.databases {
        it.children.push(database(file, &address, d));
    }
    it
}

fn application(file: usize, parent: &str, a: &Located<ApplicationSpec>) -> Item {
    let address = format!("{parent}/{}", a.name);
    let mut it = item(
        Kind::Application,
        a.name.clone(),
        address.clone(),
        &a.value,
        Entry::Application(a.value.clone()),
    )
    .at(file, a.line, a.column);
    let ad = address.as_str();
    it.children
        .extend(located(file, &a.domains, |d| domain(ad, d)));
    it.children.extend(located(file, &a.ports, |p| {
        let key = port_key(p);
        item(
            Kind::Port,
            key.clone(),
            child_address(ad, Kind::Port, &key),
            p,
            Entry::Port(p.clone()),
        )
    }));
    it.children
        .extend(located(file, &a.mounts, |m| mount(ad, m)));
    it.children.extend(located(file, &a.redirects, |r| {
        item(
            Kind::Redirect,
            r.regex.clone(),
            child_address(ad, Kind::Redirect, &r.regex),
            r,
            Entry::Redirect(r.clone()),
        )
    }));
    it.children.extend(located(file, &a.security, |s| {
        item(
            Kind::Security,
            s.username.clone(),
            child_address(ad, Kind::Security, &s.username),
            s,
            Entry::Security(s.clone()),
        )
    }));
    it.children
        .extend(located(file, &a.schedules, |s| schedule(ad, s)));
    it
}

fn compose(file: usize, parent: &str, c: &Located<ComposeSpec>) -> Item {
    let address = format!("{parent}/{}", c.name);
    let mut it = item(
        Kind::Compose,
        c.name.clone(),
        address.clone(),
        &c.value,
        Entry::Compose(c.value.clone()),
    )
    .at(file, c.line, c.column);
    // `file:` was read into `composeFile` when secrets were resolved; it is not a field.
    it.node.fields.remove("file");
    let ad = address.as_str();
    it.children
        .extend(located(file, &c.domains, |d| domain(ad, d)));
    it.children
        .extend(located(file, &c.mounts, |m| mount(ad, m)));
    it.children
        .extend(located(file, &c.schedules, |s| schedule(ad, s)));
    it
}

fn database(file: usize, parent: &str, d: &Located<DatabaseSpec>) -> Item {
    let address = format!("{parent}/{}", d.name);
    let mut it = item(
        Kind::Database,
        d.name.clone(),
        address.clone(),
        &d.value,
        Entry::Database(d.value.clone()),
    )
    .at(file, d.line, d.column);
    let ad = address.as_str();
    it.children
        .extend(located(file, &d.mounts, |m| mount(ad, m)));
    it.children.extend(located(file, &d.backups, |b| {
        let key = backup_key(b, d);
        let mut resolved = b.clone();
        if resolved.database.is_none() {
            resolved.database = Some(
                key.split_once('/')
                    .map(|(_, db)| db.to_string())
                    .unwrap_or_default(),
            );
        }
        item(
            Kind::Backup,
            key.clone(),
            child_address(ad, Kind::Backup, &key),
            &resolved,
            Entry::Backup(resolved.clone()),
        )
    }));
    it
}

fn domain(parent: &str, d: &DomainSpec) -> Item {
    let key = domain_key(d);
    item(
        Kind::Domain,
        key.clone(),
        child_address(parent, Kind::Domain, &key),
        d,
        Entry::Domain(d.clone()),
    )
}

fn mount(parent: &str, m: &MountSpec) -> Item {
    let mut resolved = m.clone();
    if resolved.content.is_some() && resolved.file_path.is_none() {
        resolved.file_path = Some(default_file_path(&m.path));
    }
    item(
        Kind::Mount,
        m.path.clone(),
        child_address(parent, Kind::Mount, &m.path),
        &resolved,
        Entry::Mount(resolved.clone()),
    )
}

/// A file mount's default file name: the last part of where it is mounted.
pub(crate) fn default_file_path(mount_path: &str) -> String {
    mount_path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(mount_path)
        .to_string()
}

fn schedule(parent: &str, s: &ScheduleSpec) -> Item {
    item(
        Kind::Schedule,
        s.name.clone(),
        child_address(parent, Kind::Schedule, &s.name),
        s,
        Entry::Schedule(s.clone()),
    )
}

/// The node of a destination.
pub(crate) fn destination(file: usize, d: &Located<DestinationSpec>) -> Item {
    item(
        Kind::Destination,
        d.name.clone(),
        d.name.clone(),
        &d.value,
        Entry::Destination(d.value.clone()),
    )
    .at(file, d.line, d.column)
}

/// The node of a notification.
pub(crate) fn notification(file: usize, n: &Located<NotificationSpec>) -> Item {
    item(
        Kind::Notification,
        n.name.clone(),
        n.name.clone(),
        &n.value,
        Entry::Notification(n.value.clone()),
    )
    .at(file, n.line, n.column)
}
