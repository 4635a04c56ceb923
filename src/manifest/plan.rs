//! [`Plan`]: what apply will do, in dependency order — typed, serialisable (`--out
//! plan.json`), rendered in Terraform's style, and without a single secret value in it.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use super::tree::Kind;

/// The version of the plan format (a saved plan of another version is refused).
pub const PLAN_FORMAT: u32 = 1;

/// A plan: the changes that make Dokploy match a manifest, and what it was made from (the
/// manifest files' digests and the live state's), so that a saved plan can be refused when
/// either changed since.
///
/// ```
/// let plan = dokploy::manifest::Plan::default();
/// assert!(!plan.has_changes());
/// assert_eq!(plan.render(false), "No changes: Dokploy matches the manifest.\n");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// [`PLAN_FORMAT`].
    pub format: u32,
    /// The Dokploy it was made against (base URL).
    pub dokploy: String,
    /// The manifest files it was made from, with their SHA-256.
    pub manifest: Vec<PlannedFile>,
    /// The SHA-256 of the live state it was compared with.
    pub state: String,
    /// The changes, in the order apply makes them. Resources that need nothing are listed as
    /// `noOp`.
    pub changes: Vec<Change>,
    /// Things worth knowing that are not changes (a managed project the manifest does not
    /// name, an environment that cannot be pruned).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A manifest file a plan was made from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedFile {
    /// Its path, as given.
    pub path: String,
    /// The SHA-256 of its bytes.
    pub sha256: String,
}

/// What happens to one resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    /// It does not exist: created (`+`).
    Create,
    /// It exists and some fields differ: updated in place (`~`).
    Update,
    /// It exists but cannot become what the manifest says in place: deleted, then created
    /// (`-/+`).
    Replace,
    /// It exists, this tool owns it, and the manifest no longer names it: deleted with
    /// `--prune` (`-`).
    Delete,
    /// Nothing to do.
    NoOp,
}

impl Action {
    /// The symbol of the text plan.
    pub fn symbol(self) -> &'static str {
        match self {
            Action::Create => "+",
            Action::Update => "~",
            Action::Replace => "-/+",
            Action::Delete => "-",
            Action::NoOp => " ",
        }
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// What happens.
    pub action: Action,
    /// To what kind of resource.
    pub kind: Kind,
    /// Which one: `shop`, `shop/production`, `shop/production/web`,
    /// `shop/production/web/domain:shop.example.com/`, or a destination's or notification's
    /// name.
    pub address: String,
    /// Its id in Dokploy, when it exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Field by field, old → new (a create lists the new values, a delete none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
    /// Whether the service is deployed (and waited for) after the changes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redeploy: bool,
    /// Changes this one waits for (`kind address`); when one of them fails, this one is not
    /// made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// Why, when it is not obvious.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Change {
    /// `kind address`: how other changes name this one.
    pub fn target(&self) -> String {
        format!("{} {}", self.kind, self.address)
    }

    /// Whether applying it loses something (a delete, a replace).
    pub fn is_destructive(&self) -> bool {
        matches!(self.action, Action::Delete | Action::Replace)
    }
}

/// One field's change. A secret's values are never kept: `sensitive` says that it changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    /// The field (`image`, `resources.memoryLimit`, `env.DATABASE_URL`).
    pub field: String,
    /// The value Dokploy has (absent: none; always absent for a secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The value the manifest says (absent: removed; always absent for a secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    /// Whether the value is secret (then neither is shown).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// For a secret or a map key: whether it is added (`+`), removed (`-`) or changed (`~`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
}

/// How many changes of each action a plan has (a replace counts as one create and one
/// delete, as in Terraform).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Creates (and replaces).
    pub create: usize,
    /// Updates.
    pub update: usize,
    /// Deletes (and replaces).
    pub delete: usize,
    /// Resources that need nothing.
    pub unchanged: usize,
}

impl Plan {
    /// Whether anything would change.
    pub fn has_changes(&self) -> bool {
        self.changes.iter().any(|c| c.action != Action::NoOp)
    }

    /// Whether any change deletes something (apply then asks before it goes on).
    pub fn is_destructive(&self) -> bool {
        self.changes.iter().any(Change::is_destructive)
    }

    /// The counts.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for c in &self.changes {
            match c.action {
                Action::Create => s.create += 1,
                Action::Update => s.update += 1,
                Action::Delete => s.delete += 1,
                Action::Replace => {
                    s.create += 1;
                    s.delete += 1;
                }
                Action::NoOp => s.unchanged += 1,
            }
        }
        s
    }

    /// The plan as text, Terraform's way (`+ ~ - -/+`, old → new, a summary line); secrets
    /// show as `(sensitive)`. `color`: ANSI colours (for a terminal).
    ///
    /// ```
    /// use dokploy::manifest::{Action, Change, FieldChange, Kind, Plan};
    /// let mut plan = Plan::default();
    /// plan.changes.push(Change {
    ///     action: Action::Update, kind: Kind::Application, address: "shop/production/web".into(),
    ///     id: Some("a1".into()), redeploy: true, depends_on: vec![], reason: None,
    ///     fields: vec![FieldChange { field: "env.DB_URL".into(), old: None, new: None, sensitive: true, change: Some("~".into()) }],
    /// });
    /// let text = plan.render(false);
    /// assert!(text.contains("~ application shop/production/web"), "{text}");
    /// assert!(text.contains("~ env.DB_URL = (sensitive)"), "{text}");
    /// assert!(text.ends_with("Plan: 0 to create, 1 to update, 0 to delete.\n"), "{text}");
    /// ```
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let mut out = String::new();
        // A service whose children changed is redeployed though it is unchanged itself.
        let visible: Vec<&Change> = self
            .changes
            .iter()
            .filter(|c| c.action != Action::NoOp || c.redeploy)
            .collect();
        if !self.has_changes() {
            out.push_str("No changes: Dokploy matches the manifest.\n");
        } else {
            out.push_str("Dokploy will be changed as follows (+ create, ~ update, - delete, -/+ replace):\n\n");
            for c in &visible {
                let code = match c.action {
                    Action::Create => "32",
                    Action::Update => "33",
                    Action::Delete => "31",
                    Action::Replace => "35",
                    Action::NoOp => "0",
                };
                let _ = write!(
                    out,
                    "{} {} {}",
                    paint(code, &format!("{:>3}", c.action.symbol())),
                    c.kind,
                    c.address
                );
                if let Some(reason) = &c.reason {
                    let _ = write!(out, "  ({reason})");
                }
                if c.redeploy {
                    out.push_str("  [redeploy]");
                }
                out.push('\n');
                let width = c.fields.iter().map(|f| f.field.len()).max().unwrap_or(0);
                for f in &c.fields {
                    let symbol =
                        f.change
                            .clone()
                            .unwrap_or_else(|| match (&f.old, &f.new, c.action) {
                                (_, _, Action::Create) => "+".into(),
                                (None, Some(_), _) => "+".into(),
                                (Some(_), None, _) => "-".into(),
                                _ => "~".into(),
                            });
                    let shown = |v: &Option<Value>| match v {
                        Some(v) => v.to_string(),
                        None => "null".into(),
                    };
                    let value = if f.sensitive {
                        "(sensitive)".to_string()
                    } else if c.action == Action::Create || f.old.is_none() {
                        shown(&f.new)
                    } else {
                        format!("{} -> {}", shown(&f.old), shown(&f.new))
                    };
                    let _ = writeln!(out, "      {symbol} {:<width$} = {value}", f.field);
                }
            }
            out.push('\n');
        }
        for note in &self.notes {
            let _ = writeln!(out, "Note: {note}");
        }
        if self.has_changes() {
            let s = self.summary();
            let _ = writeln!(
                out,
                "Plan: {} to create, {} to update, {} to delete.",
                s.create, s.update, s.delete
            );
        }
        out
    }
}
