//! The one diff: desired items against observed items → the [`Plan`]'s changes and the steps
//! apply executes. Matching is by name within the parent (children by their natural key);
//! deletions are proposed only for what this tool owns.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::desired::Desired;
use super::load::{Manifest, hex};
use super::nodes::{Entry, Item};
use super::observe::Observed;
use super::plan::{Action, Change, FieldChange, Plan, PlannedFile};
use super::problem::{ManifestError, Problem};
use super::tree::{Kind, defaults, is_map_field, is_metadata, is_sensitive, same};

/// One change with what apply needs to make it.
#[derive(Clone, Debug)]
pub(crate) struct Step {
    pub(crate) change: Change,
    /// The manifest's entry (secrets resolved), without children.
    pub(crate) desired: Option<Item>,
    /// The live item, without children (for a delete: with them).
    pub(crate) observed: Option<Item>,
    /// The parent's `kind address`.
    pub(crate) parent: Option<String>,
    /// The top-level fields that differ (`env`, `git.branch`…).
    pub(crate) changed: Vec<String>,
}

/// A plan with its steps.
#[derive(Clone, Debug, Default)]
pub(crate) struct Planned {
    pub(crate) plan: Plan,
    pub(crate) steps: Vec<Step>,
}

struct Ctx<'a> {
    manifest: &'a Manifest,
    problems: Vec<Problem>,
    steps: Vec<Step>,
    deletes: Vec<Step>,
    notes: Vec<String>,
    /// Destinations the plan creates (backups wait for them).
    new_destinations: HashSet<String>,
}

fn shallow(item: &Item) -> Item {
    Item {
        children: Vec::new(),
        ..item.clone()
    }
}

fn target(item: &Item) -> String {
    format!("{} {}", item.kind(), item.node.address)
}

impl Ctx<'_> {
    fn problem(&mut self, item: &Item, message: String) {
        let place = &item.node.place;
        let file = self
            .manifest
            .files()
            .get(place.file)
            .map(|f| f.path.clone())
            .unwrap_or_default();
        self.problems
            .push(Problem::at(file, place.line, place.column, message));
    }

    fn push(&mut self, step: Step) {
        self.steps.push(step);
    }
}

/// Field changes between two field maps (`observed` none: a create).
pub(crate) fn field_changes(
    desired: &BTreeMap<String, Value>,
    observed: Option<&BTreeMap<String, Value>>,
) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for (path, new) in desired {
        let old = observed.and_then(|o| o.get(path)).cloned();
        if observed.is_none() && (new.is_null() || new == &Value::Object(Default::default())) {
            continue;
        }
        if is_map_field(path) {
            let empty = serde_json::Map::new();
            let new_map = new.as_object().unwrap_or(&empty);
            let old_map = old.as_ref().and_then(Value::as_object).unwrap_or(&empty);
            for (key, value) in new_map {
                let symbol = match old_map.get(key) {
                    None => "+",
                    Some(o) if same(o, value) => continue,
                    Some(_) => "~",
                };
                out.push(FieldChange {
                    field: format!("{path}.{key}"),
                    old: None,
                    new: None,
                    sensitive: true,
                    change: Some(symbol.into()),
                });
            }
            for key in old_map.keys().filter(|k| !new_map.contains_key(*k)) {
                out.push(FieldChange {
                    field: format!("{path}.{key}"),
                    old: None,
                    new: None,
                    sensitive: true,
                    change: Some("-".into()),
                });
            }
            continue;
        }
        let old_value = old.clone().unwrap_or(Value::Null);
        if observed.is_some() && same(&old_value, new) {
            continue;
        }
        if is_sensitive(path) {
            let symbol = match (old_value.is_null(), new.is_null()) {
                (true, false) => "+",
                (false, true) => "-",
                _ => "~",
            };
            out.push(FieldChange {
                field: path.clone(),
                old: None,
                new: None,
                sensitive: true,
                change: Some(symbol.into()),
            });
        } else {
            out.push(FieldChange {
                field: path.clone(),
                old: observed.map(|_| old_value),
                new: Some(new.clone()),
                sensitive: false,
                change: None,
            });
        }
    }
    out
}

/// Whether a created field only says what Dokploy would do anyway (not shown).
fn is_default(kind: Kind, field: &FieldChange) -> bool {
    defaults(kind).iter().any(|(path, default)| {
        *path == field.field
            && field
                .new
                .as_ref()
                .is_some_and(|v| same(v, &default.value()))
    })
}

/// The top-level paths of a list of field changes (`env.X` → `env`).
fn changed_paths(fields: &[FieldChange]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in fields {
        let path = if let Some((head, _)) = f.field.split_once('.') {
            if is_map_field(head) {
                head.to_string()
            } else if f.field.starts_with("custom.headers.") {
                "custom.headers".to_string()
            } else {
                f.field.clone()
            }
        } else {
            f.field.clone()
        };
        if !out.contains(&path) {
            out.push(path);
        }
    }
    out
}

/// Whether a new service starts something when deployed.
fn deployable(entry: &Entry) -> bool {
    match entry {
        Entry::Application(a) => a.image.is_some() || a.git.is_some(),
        Entry::Compose(_) | Entry::Database(_) => true,
        _ => false,
    }
}

/// Whether a change to a child of `service` needs the service redeployed.
fn child_redeploys(service: Kind, child: Kind) -> bool {
    match child {
        Kind::Port | Kind::Mount => true,
        Kind::Domain => service == Kind::Compose,
        _ => false,
    }
}

fn prune_volumes(entry: &Entry) -> bool {
    match entry {
        Entry::Application(a) => a.prune_volumes,
        Entry::Compose(c) => c.prune_volumes,
        Entry::Database(d) => d.prune_volumes,
        _ => false,
    }
}

fn database_type(item: &Item) -> Option<super::spec::DatabaseType> {
    match &item.entry {
        Entry::Database(d) => Some(d.kind),
        _ => None,
    }
}

impl Ctx<'_> {
    /// Plans `desired` against `observed` siblings under `parent` (its `kind address`, its
    /// live item, whether it is being created). Returns whether any change under here needs
    /// the parent service redeployed.
    fn siblings(
        &mut self,
        parent: Option<(&str, Kind, Option<&Item>, bool)>,
        desired: &[Item],
        observed: &[Item],
    ) -> bool {
        let mut redeploy_parent = false;
        let mut matched: HashSet<usize> = HashSet::new();
        let parent_target = parent.map(|(t, ..)| t.to_string());
        let parent_new = parent.is_some_and(|(_, _, _, new)| new);
        for d in desired {
            let candidates: Vec<usize> = observed
                .iter()
                .enumerate()
                .filter(|(_, o)| o.kind() == d.kind() && o.node.key == d.node.key)
                .map(|(i, _)| i)
                .collect();
            if candidates.len() > 1 {
                self.problem(
                    d,
                    format!(
                        "{} `{}` matches {} resources in Dokploy (ids {}): rename or remove the extra ones so that the name is unique",
                        d.kind(),
                        d.node.key,
                        candidates.len(),
                        candidates
                            .iter()
                            .filter_map(|i| observed[*i].live.as_ref().map(|l| l.id.clone()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                matched.extend(candidates);
                continue;
            }
            let o = candidates.first().map(|i| &observed[*i]);
            matched.extend(candidates.iter().copied());
            let mut depends_on: Vec<String> = Vec::new();
            if let Some(t) = parent_target.as_ref().filter(|_| parent_new) {
                depends_on.push(t.clone());
            }
            if let Entry::Backup(b) = &d.entry
                && self.new_destinations.contains(&b.destination)
            {
                depends_on.push(format!("{} {}", Kind::Destination, b.destination));
            }
            let replace = match (o, database_type(d)) {
                (Some(o), Some(want)) => database_type(o).is_some_and(|have| have != want),
                _ => false,
            };
            if replace {
                let o = o.expect("replace has a live item");
                let owned = o.live.as_ref().is_some_and(|l| l.owned);
                if !owned {
                    self.problem(
                        d,
                        format!(
                            "database `{}` is a {} in Dokploy and a {} in the manifest; it was not created by this tool, so it is not replaced (rename one of them)",
                            d.node.key,
                            database_type(o).map(|t| t.as_str()).unwrap_or_default(),
                            database_type(d).map(|t| t.as_str()).unwrap_or_default()
                        ),
                    );
                    continue;
                }
            }
            let action = match (o, replace) {
                (None, _) => Action::Create,
                (Some(_), true) => Action::Replace,
                (Some(o), false) => {
                    if field_changes(&d.node.fields, Some(&o.node.fields)).is_empty() {
                        Action::NoOp
                    } else {
                        Action::Update
                    }
                }
            };
            let fields = match action {
                Action::Create | Action::Replace => field_changes(&d.node.fields, None)
                    .into_iter()
                    .filter(|f| !is_default(d.kind(), f))
                    .collect(),
                _ => field_changes(&d.node.fields, o.map(|o| &o.node.fields)),
            };
            let changed = changed_paths(&fields);
            let new_here = matches!(action, Action::Create | Action::Replace);
            let mut redeploy = match action {
                Action::Create | Action::Replace => deployable(&d.entry),
                Action::Update => d.kind().is_service() && changed.iter().any(|p| !is_metadata(p)),
                _ => false,
            };
            let reason = if replace {
                Some(format!(
                    "type {} -> {}: the old database and its data are deleted",
                    o.and_then(database_type)
                        .map(|t| t.as_str())
                        .unwrap_or_default(),
                    database_type(d).map(|t| t.as_str()).unwrap_or_default()
                ))
            } else {
                None
            };
            let index = self.steps.len();
            self.push(Step {
                change: Change {
                    action,
                    kind: d.kind(),
                    address: d.node.address.clone(),
                    id: o.and_then(|o| o.live.as_ref().map(|l| l.id.clone())),
                    fields,
                    redeploy: false,
                    depends_on,
                    reason,
                },
                desired: Some(shallow(d)),
                observed: o.map(shallow),
                parent: parent_target.clone(),
                changed,
            });
            let me = target(d);
            let observed_children: &[Item] = match (o, new_here) {
                (Some(o), false) => &o.children,
                _ => &[],
            };
            let child_redeploy = self.siblings(
                Some((&me, d.kind(), o.filter(|_| !new_here), new_here)),
                &d.children,
                observed_children,
            );
            if d.kind().is_service() {
                redeploy |= child_redeploy;
            }
            self.steps[index].change.redeploy = redeploy;
            if action != Action::NoOp
                && let Some((_, parent_kind, _, _)) = parent
                && parent_kind.is_service()
                && child_redeploys(parent_kind, d.kind())
            {
                redeploy_parent = true;
            }
        }
        // What Dokploy has and the manifest does not name.
        let parent_live = parent.and_then(|(_, _, live, _)| live);
        for (i, o) in observed.iter().enumerate() {
            if matched.contains(&i) {
                continue;
            }
            if let Some(delete) = self.deletion(parent, parent_live, o) {
                if let Some((_, parent_kind, _, _)) = parent
                    && parent_kind.is_service()
                    && child_redeploys(parent_kind, o.kind())
                {
                    redeploy_parent = true;
                }
                self.deletes.push(delete);
            }
        }
        redeploy_parent
    }

    /// The delete step for an unnamed live item, if this tool may delete it.
    fn deletion(
        &mut self,
        parent: Option<(&str, Kind, Option<&Item>, bool)>,
        parent_live: Option<&Item>,
        o: &Item,
    ) -> Option<Step> {
        let owned = |item: &Item| item.live.as_ref().is_some_and(|l| l.owned);
        let kind = o.kind();
        let mut reason = "not in the manifest; deleted with --prune".to_string();
        match kind {
            Kind::Project | Kind::Destination | Kind::Notification => return None,
            Kind::Environment => {
                if !owned(o) || o.live.as_ref().is_some_and(|l| l.default_environment) {
                    return None;
                }
                let foreign: Vec<&str> = o
                    .children
                    .iter()
                    .filter(|s| !owned(s))
                    .map(|s| s.node.key.as_str())
                    .collect();
                if !foreign.is_empty() {
                    self.notes.push(format!(
                        "environment {} is not in the manifest but holds services this tool did not create ({}): it is kept",
                        o.node.address,
                        foreign.join(", ")
                    ));
                    return None;
                }
                reason.push_str("; its services are taken down first");
            }
            Kind::Application | Kind::Compose | Kind::Database => {
                if !owned(o) {
                    return None;
                }
                if kind == Kind::Compose {
                    reason.push_str("; its volumes are kept");
                }
                if kind == Kind::Database {
                    reason.push_str("; its data volume is kept");
                }
            }
            _ => {
                // A child: only of a service this tool owns.
                let parent_owned = parent_live.is_some_and(owned);
                if !parent_owned {
                    return None;
                }
                if kind == Kind::Mount {
                    let volume = o.node.fields.get("volume").is_some_and(|v| !v.is_null());
                    let allowed = parent
                        .and_then(|(t, ..)| {
                            self.steps
                                .iter()
                                .rev()
                                .find(|s| s.change.target() == t)
                                .and_then(|s| s.desired.as_ref())
                                .map(|d| prune_volumes(&d.entry))
                        })
                        .unwrap_or(false);
                    if volume && !allowed {
                        return None;
                    }
                }
            }
        }
        Some(Step {
            change: Change {
                action: Action::Delete,
                kind,
                address: o.node.address.clone(),
                id: o.live.as_ref().map(|l| l.id.clone()),
                fields: Vec::new(),
                redeploy: false,
                depends_on: Vec::new(),
                reason: Some(reason),
            },
            desired: None,
            observed: Some(o.clone()),
            parent: parent.map(|(t, ..)| t.to_string()),
            changed: Vec::new(),
        })
    }
}

/// The SHA-256 of the observed state (ids, ownership, every field): what a saved plan is
/// checked against.
pub(crate) fn state_digest(observed: &Observed, projects: &[String]) -> String {
    let mut hasher = Sha256::new();
    let roots = observed
        .destinations
        .iter()
        .chain(&observed.notifications)
        .chain(
            observed
                .projects
                .iter()
                .filter(|p| projects.contains(&p.node.key)),
        );
    for root in roots {
        for item in root.walk() {
            hasher.update(target(item).as_bytes());
            if let Some(live) = &item.live {
                hasher.update(live.id.as_bytes());
                hasher.update([u8::from(live.owned)]);
            }
            hasher.update(serde_json::to_vec(&item.node.fields).unwrap_or_default());
            hasher.update([0]);
        }
    }
    hex(&hasher.finalize())
}

/// Names the manifest refers to that exist neither in it nor in Dokploy.
fn check_references(ctx: &mut Ctx<'_>, desired: &Desired, live: &super::live::Live) {
    let destinations: HashSet<&str> = desired
        .destinations
        .iter()
        .map(|d| d.node.key.as_str())
        .chain(live.destinations.iter().map(|d| d.name.as_str()))
        .collect();
    let servers: HashSet<&str> = live.servers.iter().map(|s| s.name.as_str()).collect();
    let providers: HashSet<&str> = live.git_providers.iter().map(|p| p.name.as_str()).collect();
    let keys: HashSet<&str> = live.ssh_keys.iter().map(|k| k.name.as_str()).collect();
    let mut found = Vec::new();
    for project in &desired.projects {
        for item in project.walk() {
            let (server, git) = match &item.entry {
                Entry::Application(a) => (a.server.as_deref(), a.git.as_ref()),
                Entry::Compose(c) => (c.server.as_deref(), c.git.as_ref()),
                Entry::Database(d) => (d.server.as_deref(), None),
                Entry::Backup(b) => {
                    if !destinations.contains(b.destination.as_str()) {
                        found.push((item.clone(), format!("backup `{}`: there is no destination named `{}` in the manifest or in Dokploy", item.node.key, b.destination)));
                    }
                    (None, None)
                }
                _ => (None, None),
            };
            if let Some(s) = server.filter(|s| !servers.contains(s)) {
                found.push((
                    item.clone(),
                    format!(
                        "{} `{}`: there is no server named `{s}` in Dokploy",
                        item.kind(),
                        item.node.key
                    ),
                ));
            }
            if let Some(git) = git {
                if let Some(p) = git.provider.as_deref().filter(|p| !providers.contains(p)) {
                    found.push((
                        item.clone(),
                        format!(
                            "{} `{}`: there is no git provider named `{p}` in Dokploy",
                            item.kind(),
                            item.node.key
                        ),
                    ));
                }
                if let Some(k) = git.ssh_key.as_deref().filter(|k| !keys.contains(k)) {
                    found.push((
                        item.clone(),
                        format!(
                            "{} `{}`: there is no SSH key named `{k}` in Dokploy",
                            item.kind(),
                            item.node.key
                        ),
                    ));
                }
            }
        }
    }
    for (item, message) in found {
        ctx.problem(&item, message);
    }
}

/// The plan of `desired` against the live state.
pub(crate) fn plan(
    manifest: &Manifest,
    desired: &Desired,
    live: &super::live::Live,
    observed: &Observed,
    dokploy: &str,
) -> Result<Planned, ManifestError> {
    let mut ctx = Ctx {
        manifest,
        problems: Vec::new(),
        steps: Vec::new(),
        deletes: Vec::new(),
        notes: Vec::new(),
        new_destinations: HashSet::new(),
    };
    check_references(&mut ctx, desired, live);
    ctx.siblings(None, &desired.destinations, &observed.destinations);
    ctx.new_destinations = ctx
        .steps
        .iter()
        .filter(|s| s.change.action == Action::Create && s.change.kind == Kind::Destination)
        .map(|s| s.change.address.clone())
        .collect();
    ctx.siblings(None, &desired.notifications, &observed.notifications);
    ctx.siblings(None, &desired.projects, &observed.projects);
    let declared: Vec<String> = desired
        .projects
        .iter()
        .map(|p| p.node.key.clone())
        .collect();
    if let Some(tag) = live
        .tags
        .iter()
        .find(|t| t.name == super::observe::OWNERSHIP_TAG)
    {
        for p in &live.projects {
            let tagged = p
                .project_tags
                .iter()
                .any(|pt| pt.tag.as_ref().is_some_and(|t| t.tag_id == tag.tag_id));
            if tagged && !declared.contains(&p.name) {
                ctx.notes.push(format!(
                    "project {} was created by this tool but the manifest does not name it: it is left as it is (projects are never deleted by apply)",
                    p.name
                ));
            }
        }
    }
    if !ctx.problems.is_empty() {
        return Err(ManifestError {
            problems: ctx.problems,
        });
    }
    let mut steps = ctx.steps;
    // Deletes last, children before their parents.
    let mut deletes = ctx.deletes;
    deletes.reverse();
    steps.extend(deletes);
    let plan = Plan {
        format: super::plan::PLAN_FORMAT,
        dokploy: dokploy.to_string(),
        manifest: manifest
            .files()
            .iter()
            .map(|f| PlannedFile {
                path: f.path.display().to_string(),
                sha256: f.digest.clone(),
            })
            .collect(),
        state: state_digest(observed, &declared),
        changes: steps.iter().map(|s| s.change.clone()).collect(),
        notes: ctx.notes,
    };
    Ok(Planned { plan, steps })
}
