//! The desired side: the manifest's entries with every secret reference resolved and every
//! compose `file:` read, as [`Item`] trees; every problem found (an unresolvable reference, a
//! missing file) is reported at once, before anything is sent.

use std::path::Path;

use super::load::Manifest;
use super::nodes::{self, Item};
use super::problem::{ManifestError, Problem};
use super::secrets::Secrets;
use super::spec::*;

/// The manifest as trees of items, secrets resolved.
#[derive(Clone, Debug, Default)]
pub(crate) struct Desired {
    pub(crate) projects: Vec<Item>,
    pub(crate) destinations: Vec<Item>,
    pub(crate) notifications: Vec<Item>,
}

impl Desired {
    pub(crate) fn build(manifest: &Manifest, secrets: &Secrets) -> Result<Desired, ManifestError> {
        let mut problems = Vec::new();
        let mut out = Desired::default();
        for (index, file) in manifest.files().iter().enumerate() {
            let base = file.base_dir();
            let mut r = Resolver {
                secrets,
                base,
                file: &file.path,
                problems: &mut problems,
            };
            for p in &file.manifest.projects {
                let mut p = p.clone();
                r.project(&mut p.value);
                out.projects.push(nodes::project(index, &p));
            }
            for d in &file.manifest.destinations {
                let mut d = d.clone();
                r.text(&mut d.value.access_key);
                r.text(&mut d.value.secret_access_key);
                out.destinations.push(nodes::destination(index, &d));
            }
            for n in &file.manifest.notifications {
                let mut n = n.clone();
                r.notification(&mut n.value);
                out.notifications.push(nodes::notification(index, &n));
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(ManifestError { problems })
        }
    }
}

struct Resolver<'a> {
    secrets: &'a Secrets,
    base: &'a Path,
    file: &'a Path,
    problems: &'a mut Vec<Problem>,
}

impl Resolver<'_> {
    fn text(&mut self, text: &mut SecretText) {
        match self.secrets.resolve(text, self.base) {
            Ok(value) => text.0.value = value,
            Err(message) => self.problems.push(Problem::at(
                self.file,
                text.0.line,
                text.0.column,
                format!("a secret reference cannot be resolved: {message}"),
            )),
        }
    }

    fn env(&mut self, env: &mut EnvMap) {
        for value in env.values_mut() {
            self.text(value);
        }
    }

    fn mounts(&mut self, mounts: &mut [Located<MountSpec>]) {
        for m in mounts {
            if let Some(content) = &mut m.value.content {
                self.text(content);
            }
        }
    }

    fn project(&mut self, p: &mut ProjectSpec) {
        self.env(&mut p.env);
        for e in &mut p.environments {
            self.env(&mut e.env);
            for a in &mut e.applications {
                let a = &mut a.value;
                self.env(&mut a.env);
                self.env(&mut a.build_args);
                self.env(&mut a.build_secrets);
                if let Some(r) = &mut a.registry {
                    self.text(&mut r.password);
                }
                for s in &mut a.security {
                    self.text(&mut s.value.password);
                }
                self.mounts(&mut a.mounts);
            }
            for c in &mut e.compose {
                let (line, column) = (c.line, c.column);
                let c = &mut c.value;
                self.env(&mut c.env);
                self.mounts(&mut c.mounts);
                if let Some(path) = &c.file {
                    match std::fs::read_to_string(self.base.join(path)) {
                        Ok(text) => c.compose_file = Some(text),
                        Err(e) => self.problems.push(Problem::at(
                            self.file,
                            line,
                            column,
                            format!(
                                "compose stack `{}`: its file {} cannot be read ({e})",
                                c.name,
                                self.base.join(path).display()
                            ),
                        )),
                    }
                }
            }
            for d in &mut e.databases {
                let d = &mut d.value;
                self.env(&mut d.env);
                if let Some(pw) = &mut d.password {
                    self.text(pw);
                }
                if let Some(pw) = &mut d.root_password {
                    self.text(pw);
                }
                self.mounts(&mut d.mounts);
            }
        }
    }

    fn notification(&mut self, n: &mut NotificationSpec) {
        let texts: Vec<&mut SecretText> = [
            n.slack.as_mut().map(|s| &mut s.webhook_url),
            n.telegram.as_mut().map(|s| &mut s.bot_token),
            n.discord.as_mut().map(|s| &mut s.webhook_url),
            n.email.as_mut().map(|s| &mut s.password),
            n.resend.as_mut().map(|s| &mut s.api_key),
            n.gotify.as_mut().map(|s| &mut s.app_token),
            n.ntfy.as_mut().map(|s| &mut s.access_token),
            n.mattermost.as_mut().map(|s| &mut s.webhook_url),
            n.lark.as_mut().map(|s| &mut s.webhook_url),
            n.teams.as_mut().map(|s| &mut s.webhook_url),
        ]
        .into_iter()
        .flatten()
        .collect();
        for t in texts {
            self.text(t);
        }
        if let Some(p) = &mut n.pushover {
            self.text(&mut p.user_key);
            self.text(&mut p.api_token);
        }
        if let Some(c) = &mut n.custom {
            self.text(&mut c.endpoint);
            self.env(&mut c.headers);
        }
    }
}
