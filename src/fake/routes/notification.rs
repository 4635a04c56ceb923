//! `notification.*`: all, one, getEmailProviders, remove, and create/update/test…Connection of
//! each of the twelve kinds.
//!
//! Tests contact nothing: a test succeeds (`true`) when its target starts with one of the
//! targets accepted by [`FakeDokploy::accept_notification_target`], and otherwise fails the way
//! Dokploy fails to reach a closed port (109–114).
//!
//! [`FakeDokploy::accept_notification_target`]: crate::fake::FakeDokploy::accept_notification_target

use serde_json::{Map, Value, json};

use super::{apply, json, row};
use crate::fake::rows;
use crate::fake::state::{NOTIFICATION_KINDS, str_of};
use crate::fake::views;
use crate::fake::wire::{ApiError, Ctx, Handler, Out, Outcome};

/// What the fake knows of one notification kind.
struct Kind {
    /// `slack`…
    name: &'static str,
    /// The kind in procedure names: `Slack` in `createSlack`.
    procedure: &'static str,
    /// The settings table's columns after its id, in Dokploy's order.
    columns: &'static [&'static str],
    /// The router of `update<Kind>` turns every error into 400 "Error updating the
    /// notification" (telegram, discord, email, resend: 332, 334 and Dokploy's source); the
    /// others let it through (the 404 of `findNotificationById`, 106; the 500 "No values to
    /// set" of an update without settings, 330, 339, 341).
    update_wraps_errors: bool,
    /// Settings `update<Kind>` writes even when they are not sent: ntfy's `accessToken`
    /// (`input.accessToken ?? null`, 336–337).
    update_nulls: &'static [&'static str],
    /// What the test contacts, from its input.
    target: fn(&Map<String, Value>) -> String,
    /// Dokploy's message when the target cannot be reached (109–114; for the kinds not
    /// recorded, its generic "Error testing the notification").
    unreachable: fn(&Map<String, Value>) -> String,
}

fn field(input: &Map<String, Value>, key: &str) -> String {
    match input.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

const GENERIC: fn(&Map<String, Value>) -> String = |_| "Error testing the notification".into();

const KINDS: [Kind; 12] = [
    Kind {
        name: "slack",
        procedure: "Slack",
        columns: &["webhookUrl", "channel"],
        update_wraps_errors: false,
        update_nulls: &[],
        target: |i| field(i, "webhookUrl"),
        unreachable: |_| "Failed to send slack notification fetch failed".into(),
    },
    Kind {
        name: "telegram",
        procedure: "Telegram",
        columns: &["botToken", "chatId", "messageThreadId"],
        update_wraps_errors: true,
        update_nulls: &[],
        target: |_| "https://api.telegram.org/".into(),
        unreachable: GENERIC,
    },
    Kind {
        name: "discord",
        procedure: "Discord",
        columns: &["webhookUrl", "decoration"],
        update_wraps_errors: true,
        update_nulls: &[],
        target: |i| field(i, "webhookUrl"),
        unreachable: |_| "Failed to send discord notification fetch failed".into(),
    },
    Kind {
        name: "email",
        procedure: "Email",
        columns: &[
            "smtpServer",
            "smtpPort",
            "username",
            "password",
            "fromAddress",
            "toAddresses",
        ],
        update_wraps_errors: true,
        update_nulls: &[],
        target: |i| format!("smtp://{}:{}", field(i, "smtpServer"), field(i, "smtpPort")),
        unreachable: |i| {
            format!(
                "Failed to send email notification connect ECONNREFUSED {}:{}",
                field(i, "smtpServer"),
                field(i, "smtpPort")
            )
        },
    },
    Kind {
        name: "resend",
        procedure: "Resend",
        columns: &["apiKey", "fromAddress", "toAddresses"],
        update_wraps_errors: true,
        update_nulls: &[],
        target: |_| "https://api.resend.com/".into(),
        unreachable: GENERIC,
    },
    Kind {
        name: "gotify",
        procedure: "Gotify",
        columns: &["serverUrl", "appToken", "priority", "decoration"],
        update_wraps_errors: false,
        update_nulls: &[],
        target: |i| field(i, "serverUrl"),
        unreachable: GENERIC,
    },
    Kind {
        name: "ntfy",
        procedure: "Ntfy",
        columns: &["serverUrl", "topic", "accessToken", "priority"],
        update_wraps_errors: false,
        update_nulls: &["accessToken"],
        target: |i| field(i, "serverUrl"),
        unreachable: |_| "Error testing the notification: fetch failed".into(),
    },
    Kind {
        name: "mattermost",
        procedure: "Mattermost",
        columns: &["webhookUrl", "channel", "username"],
        update_wraps_errors: false,
        update_nulls: &[],
        target: |i| field(i, "webhookUrl"),
        unreachable: GENERIC,
    },
    Kind {
        name: "custom",
        procedure: "Custom",
        columns: &["endpoint", "headers"],
        update_wraps_errors: false,
        update_nulls: &[],
        target: |i| field(i, "endpoint"),
        unreachable: |_| "fetch failed".into(),
    },
    Kind {
        name: "lark",
        procedure: "Lark",
        columns: &["webhookUrl"],
        update_wraps_errors: false,
        update_nulls: &[],
        target: |i| field(i, "webhookUrl"),
        unreachable: GENERIC,
    },
    Kind {
        name: "pushover",
        procedure: "Pushover",
        columns: &["userKey", "apiToken", "priority", "retry", "expire"],
        update_wraps_errors: false,
        update_nulls: &[],
        target: |_| "https://api.pushover.net/".into(),
        unreachable: GENERIC,
    },
    Kind {
        name: "teams",
        procedure: "Teams",
        columns: &["webhookUrl"],
        update_wraps_errors: false,
        update_nulls: &[],
        target: |i| field(i, "webhookUrl"),
        unreachable: GENERIC,
    },
];

/// The kind named in `name` between `prefix` and `suffix` (`createSlack`, `testSlackConnection`).
fn kind_in(name: &str, prefix: &str, suffix: &str) -> Option<&'static Kind> {
    let middle = name.strip_prefix(prefix)?.strip_suffix(suffix)?;
    KINDS.iter().find(|k| k.procedure == middle)
}

/// The kind of the procedure being served.
fn kind_of(ctx: &Ctx<'_>) -> Result<&'static Kind, ApiError> {
    let name = ctx.procedure.split_once('.').map_or("", |(_, n)| n);
    kind_in(name, "create", "")
        .or_else(|| kind_in(name, "update", ""))
        .or_else(|| kind_in(name, "test", "Connection"))
        .ok_or_else(|| ApiError::not_found("Not found"))
}

fn id_key(kind: &Kind) -> &'static str {
    NOTIFICATION_KINDS
        .iter()
        .find(|(name, _)| *name == kind.name)
        .map_or("", |(_, id)| id)
}

pub(super) fn handler(name: &str) -> Option<Handler> {
    Some(match name {
        "all" => all,
        "one" => one,
        "getEmailProviders" => email_providers,
        "remove" => remove,
        _ if kind_in(name, "create", "").is_some() => create,
        _ if kind_in(name, "update", "").is_some() => update,
        _ if kind_in(name, "test", "Connection").is_some() => test,
        _ => return None,
    })
}

fn not_found() -> ApiError {
    ApiError::not_found("Notification not found")
}

fn all(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let list: Vec<Value> = st
        .notifications
        .iter()
        .rev()
        .map(|n| views::notification_full(&st, n))
        .collect();
    json(Value::Array(list))
}

fn one(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let n = st
        .notifications
        .get(&ctx.str("notificationId"))
        .ok_or_else(not_found)?;
    json(views::notification_full(&st, n))
}

/// Every notification, oldest first, joined with its email and resend settings only (108).
fn email_providers(ctx: &mut Ctx<'_>) -> Outcome {
    let st = ctx.state();
    let list: Vec<Value> = st
        .notifications
        .iter()
        .map(|n| views::notification_with(&st, n, &["email", "resend"]))
        .collect();
    json(Value::Array(list))
}

/// The settings row, then the notification row; the answer is empty (90–96).
fn create(ctx: &mut Ctx<'_>) -> Outcome {
    let kind = kind_of(ctx)?;
    let mut st = ctx.state();
    let settings = rows::notification_settings(id_key(kind), kind.columns, &ctx.input);
    let settings_id = str_of(&settings, id_key(kind)).unwrap_or_default();
    let organization_id = st.organization_id.clone();
    let table = st
        .notification_settings_mut(kind.name)
        .ok_or_else(|| ApiError::not_found("Not found"))?;
    table.insert(settings);
    let notification = rows::notification(&ctx.input, kind.name, &settings_id, &organization_id);
    st.notifications.insert(notification);
    Ok(Out::Empty)
}

/// The notification's name and flags, then the settings row named by `<kind>Id` (none is
/// changed if it names no row of this kind, as in Dokploy); the answer is empty (101–105, 338).
/// Dokploy runs both writes in one transaction and its settings write takes only what was
/// sent: with none of the kind's settings it fails ("No values to set") and nothing changes
/// (330–335, 339–342), except for ntfy, whose write always sets `accessToken`, to `null` when
/// it is not sent (336–337).
fn update(ctx: &mut Ctx<'_>) -> Outcome {
    let kind = kind_of(ctx)?;
    let wrapped = |e: ApiError| {
        if kind.update_wraps_errors {
            ApiError::bad_request("Error updating the notification")
        } else {
            e
        }
    };
    let mut st = ctx.state();
    let id = ctx.str("notificationId");
    if st.notifications.get(&id).is_none() {
        return Err(wrapped(not_found()));
    }
    let mut settings_input = ctx.input.clone();
    for column in kind.update_nulls {
        settings_input
            .entry(column.to_string())
            .or_insert(Value::Null);
    }
    if !kind.columns.iter().any(|c| settings_input.contains_key(*c)) {
        return Err(wrapped(ApiError::internal("No values to set")));
    }
    let settings_key = id_key(kind);
    if let Some(notification) = st.notifications.get_mut(&id) {
        let mut skip = vec!["notificationId", "organizationId", settings_key];
        skip.extend(kind.columns);
        apply(notification, &ctx.input, &skip);
    }
    let settings_id = ctx.str(settings_key);
    if let Some(settings) = st
        .notification_settings_mut(kind.name)
        .and_then(|t| t.get_mut(&settings_id))
    {
        rows::copy_present(settings, &settings_input, kind.columns);
    }
    Ok(Out::Empty)
}

/// The removed row, without settings (115, 117); an unknown id is a 400 (116).
fn remove(ctx: &mut Ctx<'_>) -> Outcome {
    let mut st = ctx.state();
    let id = ctx.str("notificationId");
    let removed = st
        .notifications
        .remove(&id)
        .ok_or_else(|| ApiError::bad_request("Notification not found"))?;
    for (kind, id_key) in NOTIFICATION_KINDS {
        if let Some(settings_id) = str_of(&removed, id_key)
            && let Some(table) = st.notification_settings_mut(kind)
        {
            table.remove(&settings_id);
        }
    }
    row(removed)
}

/// `true` for an accepted target; otherwise the failure of an unreachable one (109–114).
fn test(ctx: &mut Ctx<'_>) -> Outcome {
    let kind = kind_of(ctx)?;
    let target = (kind.target)(&ctx.input);
    let reachable = ctx
        .state()
        .notification_targets
        .iter()
        .any(|accepted| target.starts_with(accepted.as_str()));
    if reachable {
        json(json!(true))
    } else {
        Err(ApiError::bad_request((kind.unreachable)(&ctx.input)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::NotificationType;

    #[test]
    fn every_kind_of_the_models_is_served_with_its_settings_table() {
        for ty in NotificationType::KNOWN {
            let kind = KINDS.iter().find(|k| k.name == ty.as_str()).unwrap();
            assert_eq!(id_key(kind), ty.id_field());
            for action in ["create{}", "update{}", "test{}Connection"] {
                let procedure = ty.procedure(action);
                let name = procedure.trim_start_matches("notification.");
                assert!(handler(name).is_some(), "{procedure}");
            }
            // Every column is a field of the kind's create (the settings it stores).
            let create = crate::operations::find(&ty.procedure("create{}")).unwrap();
            for column in kind.columns {
                assert!(create.body_field(column).is_some(), "{ty}: {column}");
            }
        }
        assert!(handler("receiveNotification").is_none());
        assert!(handler("createPagerduty").is_none());
    }
}
