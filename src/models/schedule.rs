//! Scheduled commands, as `schedule.create`, `schedule.list`, `schedule.update` return them.

use serde::{Deserialize, Serialize};

use super::Extra;

/// A command Dokploy runs on a cron schedule in an application's container, a compose
/// service, or on a server.
///
/// ```
/// use dokploy::models::Schedule;
/// let s: Schedule = serde_json::from_str(r#"{"scheduleId": "s1", "name": "nightly-cleanup",
///     "cronExpression": "0 3 * * *", "command": "rm -rf /var/cache/app", "shellType": "bash",
///     "scheduleType": "application", "enabled": true, "applicationId": "a1"}"#).unwrap();
/// assert_eq!(s.cron_expression, "0 3 * * *");
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Schedule {
    /// The id.
    pub schedule_id: String,
    /// The name.
    pub name: String,
    /// When it runs (cron).
    pub cron_expression: String,
    /// The command.
    #[serde(default)]
    pub command: String,
    /// `bash` or `sh`.
    #[serde(default)]
    pub shell_type: Option<String>,
    /// `application`, `compose`, `server` or `dokploy-server`.
    #[serde(default)]
    pub schedule_type: Option<String>,
    /// The compose service it runs in.
    #[serde(default)]
    pub service_name: Option<String>,
    /// Whether it runs.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// The cron expression's time zone.
    #[serde(default)]
    pub timezone: Option<String>,
    /// A description.
    #[serde(default)]
    pub description: Option<String>,
    /// The application, for application schedules.
    #[serde(default)]
    pub application_id: Option<String>,
    /// The compose stack, for compose schedules.
    #[serde(default)]
    pub compose_id: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}
