//! Notifications, as `notification.one` and `notification.all` return them: a row with the
//! events it is sent for, its kind (`notificationType`), and that kind's settings in a nested
//! object (`slack: {…}`, the other eleven `null`).
//!
//! ```
//! use dokploy::models::{Notification, NotificationEvent, NotificationKind};
//! let n: Notification = serde_json::from_str(r##"{
//!     "notificationId": "n1", "name": "ops", "notificationType": "slack",
//!     "appDeploy": false, "appBuildError": true,
//!     "slackId": "s1", "slack": {"slackId": "s1", "webhookUrl": "https://hooks.example/T0/B0/x", "channel": "#ops"},
//!     "discord": null, "discordId": null
//! }"##).unwrap();
//! assert!(n.events.contains(NotificationEvent::AppBuildError));
//! let Some(NotificationKind::Slack(slack)) = &n.kind else { panic!("a slack notification") };
//! assert_eq!(slack.channel.as_deref(), Some("#ops"));
//! assert_eq!(n.kind_id.as_deref(), Some("s1")); // what `notification.updateSlack` needs
//! assert!(!format!("{n:?}").contains("hooks.example")); // a webhook URL is a credential
//! ```

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::{Extra, NotificationType};
use crate::redact::Secret;

/// Something Dokploy can send a notification for.
///
/// ```
/// use dokploy::models::NotificationEvent;
/// assert_eq!(NotificationEvent::AppBuildError.field(), "appBuildError");
/// assert_eq!(NotificationEvent::ALL.len(), 8);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum NotificationEvent {
    /// An application or compose stack was deployed.
    AppDeploy,
    /// A build failed.
    AppBuildError,
    /// A database backup ran.
    DatabaseBackup,
    /// A volume backup ran.
    VolumeBackup,
    /// Dokploy restarted.
    DokployRestart,
    /// A backup of Dokploy itself ran.
    DokployBackup,
    /// Docker cleanup ran.
    DockerCleanup,
    /// A server crossed its CPU or memory threshold (not sent by gotify and ntfy).
    ServerThreshold,
}

impl NotificationEvent {
    /// Every event, in Dokploy's column order.
    pub const ALL: [NotificationEvent; 8] = [
        NotificationEvent::AppDeploy,
        NotificationEvent::AppBuildError,
        NotificationEvent::DatabaseBackup,
        NotificationEvent::VolumeBackup,
        NotificationEvent::DokployRestart,
        NotificationEvent::DokployBackup,
        NotificationEvent::DockerCleanup,
        NotificationEvent::ServerThreshold,
    ];

    /// The flag's name on the wire, e.g. `dockerCleanup`.
    ///
    /// ```
    /// use dokploy::models::NotificationEvent;
    /// assert_eq!(NotificationEvent::ServerThreshold.field(), "serverThreshold");
    /// ```
    pub fn field(self) -> &'static str {
        match self {
            NotificationEvent::AppDeploy => "appDeploy",
            NotificationEvent::AppBuildError => "appBuildError",
            NotificationEvent::DatabaseBackup => "databaseBackup",
            NotificationEvent::VolumeBackup => "volumeBackup",
            NotificationEvent::DokployRestart => "dokployRestart",
            NotificationEvent::DokployBackup => "dokployBackup",
            NotificationEvent::DockerCleanup => "dockerCleanup",
            NotificationEvent::ServerThreshold => "serverThreshold",
        }
    }
}

/// The events a notification is sent for: one flag per [`NotificationEvent`]. Start from
/// [`NotificationEvents::none`], [`NotificationEvents::all`] or [`NotificationEvents::of`].
///
/// ```
/// use dokploy::models::{NotificationEvent::*, NotificationEvents};
/// let events = NotificationEvents::of([AppBuildError, DatabaseBackup]);
/// assert!(events.app_build_error && events.database_backup && !events.app_deploy);
/// assert_eq!(events.enabled().collect::<Vec<_>>(), [AppBuildError, DatabaseBackup]);
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct NotificationEvents {
    /// An application or compose stack was deployed.
    pub app_deploy: bool,
    /// A build failed.
    pub app_build_error: bool,
    /// A database backup ran.
    pub database_backup: bool,
    /// A volume backup ran.
    pub volume_backup: bool,
    /// Dokploy restarted.
    pub dokploy_restart: bool,
    /// A backup of Dokploy itself ran.
    pub dokploy_backup: bool,
    /// Docker cleanup ran.
    pub docker_cleanup: bool,
    /// A server crossed its CPU or memory threshold.
    pub server_threshold: bool,
}

impl NotificationEvents {
    /// No event (Dokploy's default for every flag).
    ///
    /// ```
    /// assert!(dokploy::models::NotificationEvents::none().is_empty());
    /// ```
    pub fn none() -> Self {
        Self::default()
    }

    /// Every event. Gotify and ntfy cannot send server-threshold alerts: for them use
    /// `NotificationEvents::all().without(NotificationEvent::ServerThreshold)`.
    ///
    /// ```
    /// use dokploy::models::{NotificationEvent, NotificationEvents};
    /// let all = NotificationEvents::all();
    /// assert!(NotificationEvent::ALL.iter().all(|e| all.contains(*e)));
    /// ```
    pub fn all() -> Self {
        Self::of(NotificationEvent::ALL)
    }

    /// Exactly the events given.
    ///
    /// ```
    /// use dokploy::models::{NotificationEvent, NotificationEvents};
    /// let events = NotificationEvents::of([NotificationEvent::AppBuildError]);
    /// assert_eq!(events.enabled().count(), 1);
    /// ```
    pub fn of(events: impl IntoIterator<Item = NotificationEvent>) -> Self {
        events.into_iter().fold(Self::none(), Self::with)
    }

    /// These events and `event`.
    ///
    /// ```
    /// use dokploy::models::{NotificationEvent, NotificationEvents};
    /// let events = NotificationEvents::none().with(NotificationEvent::DockerCleanup);
    /// assert!(events.docker_cleanup);
    /// ```
    pub fn with(mut self, event: NotificationEvent) -> Self {
        self.set(event, true);
        self
    }

    /// These events without `event`.
    ///
    /// ```
    /// use dokploy::models::{NotificationEvent, NotificationEvents};
    /// let events = NotificationEvents::all().without(NotificationEvent::ServerThreshold);
    /// assert!(!events.server_threshold && events.app_deploy);
    /// ```
    pub fn without(mut self, event: NotificationEvent) -> Self {
        self.set(event, false);
        self
    }

    /// Turns `event` on or off.
    ///
    /// ```
    /// use dokploy::models::{NotificationEvent, NotificationEvents};
    /// let mut events = NotificationEvents::none();
    /// events.set(NotificationEvent::VolumeBackup, true);
    /// assert!(events.volume_backup);
    /// ```
    pub fn set(&mut self, event: NotificationEvent, on: bool) {
        *self.flag_mut(event) = on;
    }

    /// Whether the notification is sent for `event`.
    ///
    /// ```
    /// use dokploy::models::{NotificationEvent, NotificationEvents};
    /// assert!(!NotificationEvents::none().contains(NotificationEvent::AppDeploy));
    /// ```
    pub fn contains(&self, event: NotificationEvent) -> bool {
        match event {
            NotificationEvent::AppDeploy => self.app_deploy,
            NotificationEvent::AppBuildError => self.app_build_error,
            NotificationEvent::DatabaseBackup => self.database_backup,
            NotificationEvent::VolumeBackup => self.volume_backup,
            NotificationEvent::DokployRestart => self.dokploy_restart,
            NotificationEvent::DokployBackup => self.dokploy_backup,
            NotificationEvent::DockerCleanup => self.docker_cleanup,
            NotificationEvent::ServerThreshold => self.server_threshold,
        }
    }

    /// The events that are on, in [`NotificationEvent::ALL`]'s order.
    ///
    /// ```
    /// use dokploy::models::{NotificationEvent, NotificationEvents};
    /// let on: Vec<_> = NotificationEvents::all().enabled().collect();
    /// assert_eq!(on, NotificationEvent::ALL);
    /// ```
    pub fn enabled(&self) -> impl Iterator<Item = NotificationEvent> + '_ {
        NotificationEvent::ALL
            .into_iter()
            .filter(|e| self.contains(*e))
    }

    /// `true` when no event is on (the notification is never sent).
    ///
    /// ```
    /// use dokploy::models::{NotificationEvent, NotificationEvents};
    /// assert!(!NotificationEvents::of([NotificationEvent::AppDeploy]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.enabled().next().is_none()
    }

    fn flag_mut(&mut self, event: NotificationEvent) -> &mut bool {
        match event {
            NotificationEvent::AppDeploy => &mut self.app_deploy,
            NotificationEvent::AppBuildError => &mut self.app_build_error,
            NotificationEvent::DatabaseBackup => &mut self.database_backup,
            NotificationEvent::VolumeBackup => &mut self.volume_backup,
            NotificationEvent::DokployRestart => &mut self.dokploy_restart,
            NotificationEvent::DokployBackup => &mut self.dokploy_backup,
            NotificationEvent::DockerCleanup => &mut self.docker_cleanup,
            NotificationEvent::ServerThreshold => &mut self.server_threshold,
        }
    }
}

impl NotificationType {
    /// The twelve kinds Dokploy v0.30.2 has, in the order its rows list them.
    pub const KNOWN: [NotificationType; 12] = [
        NotificationType::Slack,
        NotificationType::Telegram,
        NotificationType::Discord,
        NotificationType::Email,
        NotificationType::Resend,
        NotificationType::Gotify,
        NotificationType::Ntfy,
        NotificationType::Mattermost,
        NotificationType::Custom,
        NotificationType::Lark,
        NotificationType::Pushover,
        NotificationType::Teams,
    ];

    /// The procedure `action` of this kind, e.g. `notification.createSlack` for `create` or
    /// `notification.testSlackConnection` for `test…Connection` (`action` holds `{}` where the
    /// kind goes: `"test{}Connection"`).
    ///
    /// ```
    /// use dokploy::models::NotificationType;
    /// assert_eq!(NotificationType::Ntfy.procedure("create{}"), "notification.createNtfy");
    /// assert_eq!(
    ///     NotificationType::Custom.procedure("test{}Connection"),
    ///     "notification.testCustomConnection"
    /// );
    /// ```
    pub fn procedure(&self, action: &str) -> String {
        let name = self.as_str();
        let mut chars = name.chars();
        let capitalised: String = chars
            .next()
            .map(|c| c.to_ascii_uppercase())
            .into_iter()
            .chain(chars)
            .collect();
        format!("notification.{}", action.replace("{}", &capitalised))
    }

    /// The column with the id of the kind's own row, e.g. `slackId`: `notification.update<Kind>`
    /// needs it besides `notificationId`.
    ///
    /// ```
    /// use dokploy::models::NotificationType;
    /// assert_eq!(NotificationType::Email.id_field(), "emailId");
    /// ```
    pub fn id_field(&self) -> String {
        format!("{}Id", self.as_str())
    }
}

/// Reads `null` as the default value (Dokploy's nullable columns).
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Reads `null` and `""` as `None`: Dokploy treats an empty optional text as absent.
fn empty_as_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|s| !s.is_empty()))
}

/// Slack: an incoming webhook.
///
/// ```
/// use dokploy::models::SlackSettings;
/// let slack = SlackSettings::new("https://hooks.slack.com/services/T0/B0/x", "#ops");
/// assert_eq!(slack.channel.as_deref(), Some("#ops"));
/// assert!(!format!("{slack:?}").contains("hooks.slack.com"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SlackSettings {
    /// The webhook URL (a credential: anyone holding it can post).
    #[serde(default, deserialize_with = "null_as_default")]
    pub webhook_url: Secret,
    /// The channel; `None` posts where the webhook points.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub channel: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SlackSettings {
    /// Posts to `webhook_url`, in `channel` (`""` for the webhook's own).
    pub fn new(webhook_url: impl Into<Secret>, channel: impl Into<String>) -> Self {
        Self {
            webhook_url: webhook_url.into(),
            channel: Some(channel.into()).filter(|c| !c.is_empty()),
            extra: Extra::default(),
        }
    }
}

/// Telegram: a bot posting to a chat (Dokploy calls `api.telegram.org`).
///
/// ```
/// use dokploy::models::TelegramSettings;
/// let telegram = TelegramSettings::new("123:bot-token", "-100200300");
/// assert_eq!(telegram.message_thread_id, None);
/// assert!(!format!("{telegram:?}").contains("bot-token"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TelegramSettings {
    /// The bot token.
    #[serde(default, deserialize_with = "null_as_default")]
    pub bot_token: Secret,
    /// The chat.
    #[serde(default, deserialize_with = "null_as_default")]
    pub chat_id: String,
    /// The topic of a forum chat; `None` for the chat itself.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub message_thread_id: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl TelegramSettings {
    /// The bot `bot_token` posting to `chat_id`.
    pub fn new(bot_token: impl Into<Secret>, chat_id: impl Into<String>) -> Self {
        Self {
            bot_token: bot_token.into(),
            chat_id: chat_id.into(),
            message_thread_id: None,
            extra: Extra::default(),
        }
    }
}

/// Discord: a channel webhook.
///
/// ```
/// use dokploy::models::DiscordSettings;
/// let discord = DiscordSettings::new("https://discord.com/api/webhooks/1/x");
/// assert_eq!(discord.decoration, Some(true));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DiscordSettings {
    /// The webhook URL (a credential).
    #[serde(default, deserialize_with = "null_as_default")]
    pub webhook_url: Secret,
    /// Emoji decorations in the messages (`None` counts as off).
    #[serde(default)]
    pub decoration: Option<bool>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl DiscordSettings {
    /// Posts to `webhook_url`, with decorations (Dokploy's form default).
    pub fn new(webhook_url: impl Into<Secret>) -> Self {
        Self {
            webhook_url: webhook_url.into(),
            decoration: Some(true),
            extra: Extra::default(),
        }
    }
}

/// Email over SMTP.
///
/// ```
/// use dokploy::models::EmailSettings;
/// let email = EmailSettings::new("smtp.example.com", 587, "ops", "app-password", "dokploy@example.com", ["ops@example.com"]);
/// assert_eq!(email.smtp_port, Some(587));
/// assert!(!format!("{email:?}").contains("app-password"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmailSettings {
    /// The SMTP server.
    #[serde(default, deserialize_with = "null_as_default")]
    pub smtp_server: String,
    /// Its port.
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub smtp_port: Option<i64>,
    /// The SMTP user.
    #[serde(default, deserialize_with = "null_as_default")]
    pub username: String,
    /// The SMTP password.
    #[serde(default, deserialize_with = "null_as_default")]
    pub password: Secret,
    /// The sender.
    #[serde(default, deserialize_with = "null_as_default")]
    pub from_address: String,
    /// The recipients (at least one).
    #[serde(default, deserialize_with = "null_as_default")]
    pub to_addresses: Vec<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl EmailSettings {
    /// Mail from `from_address` to `to_addresses` through `smtp_server:smtp_port`.
    pub fn new(
        smtp_server: impl Into<String>,
        smtp_port: u16,
        username: impl Into<String>,
        password: impl Into<Secret>,
        from_address: impl Into<String>,
        to_addresses: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self {
            smtp_server: smtp_server.into(),
            smtp_port: Some(i64::from(smtp_port)),
            username: username.into(),
            password: password.into(),
            from_address: from_address.into(),
            to_addresses: to_addresses.into_iter().map(Into::into).collect(),
            extra: Extra::default(),
        }
    }
}

/// Email through Resend's API (Dokploy calls `api.resend.com`).
///
/// ```
/// use dokploy::models::ResendSettings;
/// let resend = ResendSettings::new("re_123", "dokploy@example.com", ["ops@example.com"]);
/// assert!(!format!("{resend:?}").contains("re_123"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResendSettings {
    /// The API key.
    #[serde(default, deserialize_with = "null_as_default")]
    pub api_key: Secret,
    /// The sender.
    #[serde(default, deserialize_with = "null_as_default")]
    pub from_address: String,
    /// The recipients (at least one).
    #[serde(default, deserialize_with = "null_as_default")]
    pub to_addresses: Vec<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ResendSettings {
    /// Mail from `from_address` to `to_addresses` with the key `api_key`.
    pub fn new(
        api_key: impl Into<Secret>,
        from_address: impl Into<String>,
        to_addresses: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self {
            api_key: api_key.into(),
            from_address: from_address.into(),
            to_addresses: to_addresses.into_iter().map(Into::into).collect(),
            extra: Extra::default(),
        }
    }
}

/// Gotify: a self-hosted push server.
///
/// ```
/// use dokploy::models::GotifySettings;
/// let gotify = GotifySettings::new("https://gotify.example.com", "app-token");
/// assert_eq!(gotify.priority, Some(5)); // Dokploy's default
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GotifySettings {
    /// The server.
    #[serde(default, deserialize_with = "null_as_default")]
    pub server_url: String,
    /// The application token.
    #[serde(default, deserialize_with = "null_as_default")]
    pub app_token: Secret,
    /// The message priority (at least 1).
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub priority: Option<i64>,
    /// Emoji decorations in the messages (`None` counts as off).
    #[serde(default)]
    pub decoration: Option<bool>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl GotifySettings {
    /// Pushes to `server_url` with `app_token`, priority 5, decorated.
    pub fn new(server_url: impl Into<String>, app_token: impl Into<Secret>) -> Self {
        Self {
            server_url: server_url.into(),
            app_token: app_token.into(),
            priority: Some(5),
            decoration: Some(true),
            extra: Extra::default(),
        }
    }
}

/// ntfy: a topic on an ntfy server.
///
/// ```
/// use dokploy::models::NtfySettings;
/// let ntfy = NtfySettings::new("https://ntfy.sh", "deploys", "");
/// assert_eq!(ntfy.priority, Some(3)); // Dokploy's default
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NtfySettings {
    /// The server.
    #[serde(default, deserialize_with = "null_as_default")]
    pub server_url: String,
    /// The topic.
    #[serde(default, deserialize_with = "null_as_default")]
    pub topic: String,
    /// The access token (`""` for a public topic).
    #[serde(default, deserialize_with = "null_as_default")]
    pub access_token: Secret,
    /// The message priority (at least 1).
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub priority: Option<i64>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl NtfySettings {
    /// Publishes to `topic` on `server_url` with `access_token`, priority 3.
    pub fn new(
        server_url: impl Into<String>,
        topic: impl Into<String>,
        access_token: impl Into<Secret>,
    ) -> Self {
        Self {
            server_url: server_url.into(),
            topic: topic.into(),
            access_token: access_token.into(),
            priority: Some(3),
            extra: Extra::default(),
        }
    }
}

/// Mattermost: an incoming webhook.
///
/// ```
/// use dokploy::models::MattermostSettings;
/// let mm = MattermostSettings::new("https://chat.example.com/hooks/x");
/// assert_eq!((mm.channel, mm.username), (None, None));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MattermostSettings {
    /// The webhook URL (a credential).
    #[serde(default, deserialize_with = "null_as_default")]
    pub webhook_url: Secret,
    /// The channel; `None` for the webhook's own.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub channel: Option<String>,
    /// The name the messages are posted under; `None` for Dokploy's.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub username: Option<String>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl MattermostSettings {
    /// Posts to `webhook_url`.
    pub fn new(webhook_url: impl Into<Secret>) -> Self {
        Self {
            webhook_url: webhook_url.into(),
            channel: None,
            username: None,
            extra: Extra::default(),
        }
    }
}

/// A custom webhook: Dokploy POSTs JSON to `endpoint` with `headers`.
///
/// ```
/// use dokploy::models::CustomWebhookSettings;
/// let hook = CustomWebhookSettings::new("https://ci.example.com/hook?token=x")
///     .header("Authorization", "Bearer s3cret");
/// assert_eq!(hook.headers["Authorization"].expose(), "Bearer s3cret");
/// assert!(!format!("{hook:?}").contains("s3cret") && !format!("{hook:?}").contains("token=x"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CustomWebhookSettings {
    /// The URL (a credential: it often carries a token).
    #[serde(default, deserialize_with = "null_as_default")]
    pub endpoint: Secret,
    /// Extra request headers; their values are secrets (they usually authenticate).
    #[serde(default, deserialize_with = "null_as_default")]
    pub headers: BTreeMap<String, Secret>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CustomWebhookSettings {
    /// POSTs to `endpoint`, without extra headers.
    pub fn new(endpoint: impl Into<Secret>) -> Self {
        Self {
            endpoint: endpoint.into(),
            headers: BTreeMap::new(),
            extra: Extra::default(),
        }
    }

    /// The same with the header `name: value`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<Secret>) -> Self {
        self.headers.insert(name.into(), value.into());
        self
    }
}

/// Lark (Feishu): a bot webhook.
///
/// ```
/// use dokploy::models::LarkSettings;
/// let lark = LarkSettings::new("https://open.larksuite.com/open-apis/bot/v2/hook/x");
/// assert_eq!(lark.webhook_url.expose().len(), 50);
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LarkSettings {
    /// The webhook URL (a credential).
    #[serde(default, deserialize_with = "null_as_default")]
    pub webhook_url: Secret,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl LarkSettings {
    /// Posts to `webhook_url`.
    pub fn new(webhook_url: impl Into<Secret>) -> Self {
        Self {
            webhook_url: webhook_url.into(),
            extra: Extra::default(),
        }
    }
}

/// Pushover (Dokploy calls `api.pushover.net`).
///
/// ```
/// use dokploy::models::PushoverSettings;
/// let pushover = PushoverSettings::new("user-key", "api-token");
/// assert_eq!((pushover.priority, pushover.retry, pushover.expire), (Some(0), None, None));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PushoverSettings {
    /// The user (or group) key.
    #[serde(default, deserialize_with = "null_as_default")]
    pub user_key: Secret,
    /// The application's API token.
    #[serde(default, deserialize_with = "null_as_default")]
    pub api_token: Secret,
    /// The priority, -2 to 2 (2 is an emergency, which needs `retry` and `expire`).
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub priority: Option<i64>,
    /// Seconds between retries of an emergency message (at least 30).
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub retry: Option<i64>,
    /// Seconds an emergency message is retried for (at most 10800).
    #[serde(default, deserialize_with = "super::lenient_int::option")]
    pub expire: Option<i64>,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PushoverSettings {
    /// Pushes to `user_key` with the application `api_token`, normal priority.
    pub fn new(user_key: impl Into<Secret>, api_token: impl Into<Secret>) -> Self {
        Self {
            user_key: user_key.into(),
            api_token: api_token.into(),
            priority: Some(0),
            retry: None,
            expire: None,
            extra: Extra::default(),
        }
    }
}

/// Microsoft Teams: an incoming webhook (workflow URL).
///
/// ```
/// use dokploy::models::TeamsSettings;
/// let teams = TeamsSettings::new("https://example.webhook.office.com/x");
/// assert!(!format!("{teams:?}").contains("office.com"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TeamsSettings {
    /// The webhook URL (a credential).
    #[serde(default, deserialize_with = "null_as_default")]
    pub webhook_url: Secret,
    /// Fields this model does not name.
    #[serde(flatten)]
    pub extra: Extra,
}

impl TeamsSettings {
    /// Posts to `webhook_url`.
    pub fn new(webhook_url: impl Into<Secret>) -> Self {
        Self {
            webhook_url: webhook_url.into(),
            extra: Extra::default(),
        }
    }
}

/// Where a notification goes: one variant per kind, carrying that kind's settings.
///
/// ```
/// use dokploy::models::{NotificationKind, NotificationType, SlackSettings};
/// let kind = NotificationKind::from(SlackSettings::new("https://hooks.example/x", "#ops"));
/// assert_eq!(kind.notification_type(), NotificationType::Slack);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum NotificationKind {
    /// Slack.
    Slack(SlackSettings),
    /// Telegram.
    Telegram(TelegramSettings),
    /// Discord.
    Discord(DiscordSettings),
    /// Email over SMTP.
    Email(EmailSettings),
    /// Email through Resend.
    Resend(ResendSettings),
    /// Gotify.
    Gotify(GotifySettings),
    /// ntfy.
    Ntfy(NtfySettings),
    /// Mattermost.
    Mattermost(MattermostSettings),
    /// A custom webhook.
    Custom(CustomWebhookSettings),
    /// Lark.
    Lark(LarkSettings),
    /// Pushover.
    Pushover(PushoverSettings),
    /// Microsoft Teams.
    Teams(TeamsSettings),
    /// A kind this crate does not know (a newer Dokploy), or settings that did not decode as
    /// their kind's: kept as sent. It cannot be created, updated or tested through the typed
    /// methods.
    Unknown {
        /// `notificationType` as sent.
        notification_type: String,
        /// The nested settings object as sent (without its id).
        settings: Extra,
    },
}

/// Each kind's settings schema, for the model walk (`walk.rs`), from the same list as the
/// `From` impls.
#[cfg(test)]
macro_rules! settings_schemas {
    ($($settings:ident => $variant:ident),+ $(,)?) => {
        pub(super) fn settings_schemas(
            generator: &mut schemars::SchemaGenerator,
        ) -> Vec<(NotificationType, schemars::Schema)> {
            vec![$((
                NotificationKind::$variant($settings::default()).notification_type(),
                generator.subschema_for::<$settings>(),
            )),+]
        }
    };
}

macro_rules! kind_from_settings {
    ($($settings:ident => $variant:ident),+ $(,)?) => {
        kind_from_settings!(@from $($settings => $variant),+);
        #[cfg(test)]
        settings_schemas!($($settings => $variant),+);
    };
    (@from $($settings:ident => $variant:ident),+) => {
        $(impl From<$settings> for NotificationKind {
            fn from(settings: $settings) -> Self {
                NotificationKind::$variant(settings)
            }
        })+
    };
}

kind_from_settings! {
    SlackSettings => Slack,
    TelegramSettings => Telegram,
    DiscordSettings => Discord,
    EmailSettings => Email,
    ResendSettings => Resend,
    GotifySettings => Gotify,
    NtfySettings => Ntfy,
    MattermostSettings => Mattermost,
    CustomWebhookSettings => Custom,
    LarkSettings => Lark,
    PushoverSettings => Pushover,
    TeamsSettings => Teams,
}

/// Decodes a kind's settings, or keeps them as [`NotificationKind::Unknown`].
fn decode_settings<T: DeserializeOwned>(
    ty: &NotificationType,
    settings: Map<String, Value>,
    wrap: fn(T) -> NotificationKind,
) -> NotificationKind {
    match serde_json::from_value(Value::Object(settings.clone())) {
        Ok(decoded) => wrap(decoded),
        Err(_) => NotificationKind::Unknown {
            notification_type: ty.as_str().to_string(),
            settings: Extra(settings),
        },
    }
}

impl NotificationKind {
    /// The kind, as `notificationType` names it.
    ///
    /// ```
    /// use dokploy::models::{NotificationKind, NotificationType, TeamsSettings};
    /// let kind: NotificationKind = TeamsSettings::new("https://example.webhook.office.com/x").into();
    /// assert_eq!(kind.notification_type().as_str(), "teams");
    /// ```
    pub fn notification_type(&self) -> NotificationType {
        match self {
            NotificationKind::Slack(_) => NotificationType::Slack,
            NotificationKind::Telegram(_) => NotificationType::Telegram,
            NotificationKind::Discord(_) => NotificationType::Discord,
            NotificationKind::Email(_) => NotificationType::Email,
            NotificationKind::Resend(_) => NotificationType::Resend,
            NotificationKind::Gotify(_) => NotificationType::Gotify,
            NotificationKind::Ntfy(_) => NotificationType::Ntfy,
            NotificationKind::Mattermost(_) => NotificationType::Mattermost,
            NotificationKind::Custom(_) => NotificationType::Custom,
            NotificationKind::Lark(_) => NotificationType::Lark,
            NotificationKind::Pushover(_) => NotificationType::Pushover,
            NotificationKind::Teams(_) => NotificationType::Teams,
            NotificationKind::Unknown {
                notification_type, ..
            } => NotificationType::from(notification_type.as_str()),
        }
    }

    /// The settings of a `ty` notification from its nested object (tolerant: see
    /// [`NotificationKind::Unknown`]).
    fn decode(ty: &NotificationType, settings: Map<String, Value>) -> Self {
        match ty {
            NotificationType::Slack => decode_settings(ty, settings, NotificationKind::Slack),
            NotificationType::Telegram => decode_settings(ty, settings, NotificationKind::Telegram),
            NotificationType::Discord => decode_settings(ty, settings, NotificationKind::Discord),
            NotificationType::Email => decode_settings(ty, settings, NotificationKind::Email),
            NotificationType::Resend => decode_settings(ty, settings, NotificationKind::Resend),
            NotificationType::Gotify => decode_settings(ty, settings, NotificationKind::Gotify),
            NotificationType::Ntfy => decode_settings(ty, settings, NotificationKind::Ntfy),
            NotificationType::Mattermost => {
                decode_settings(ty, settings, NotificationKind::Mattermost)
            }
            NotificationType::Custom => decode_settings(ty, settings, NotificationKind::Custom),
            NotificationType::Lark => decode_settings(ty, settings, NotificationKind::Lark),
            NotificationType::Pushover => decode_settings(ty, settings, NotificationKind::Pushover),
            NotificationType::Teams => decode_settings(ty, settings, NotificationKind::Teams),
            NotificationType::Unknown(other) => NotificationKind::Unknown {
                notification_type: other.clone(),
                settings: Extra(settings),
            },
        }
    }

    /// The settings as the body fields of `notification.create<Kind>` (also the fields
    /// `update<Kind>` and `test<Kind>Connection` take, in part), secrets in plain text: for
    /// sending only. Text Dokploy requires but that is unset here goes as `""`, which Dokploy
    /// treats as unset; an unset number or flag Dokploy has a default for is left out.
    pub(crate) fn wire_fields(&self) -> Vec<(&'static str, Value)> {
        fn text(s: &Option<String>) -> Value {
            Value::from(s.clone().unwrap_or_default())
        }
        fn secret(s: &Secret) -> Value {
            Value::from(s.expose())
        }
        fn number(n: Option<i64>) -> Value {
            n.map(Value::from).unwrap_or(Value::Null)
        }
        let mut fields = match self {
            NotificationKind::Slack(s) => vec![
                ("webhookUrl", secret(&s.webhook_url)),
                ("channel", text(&s.channel)),
            ],
            NotificationKind::Telegram(t) => vec![
                ("botToken", secret(&t.bot_token)),
                ("chatId", Value::from(t.chat_id.clone())),
                ("messageThreadId", text(&t.message_thread_id)),
            ],
            NotificationKind::Discord(d) => vec![
                ("webhookUrl", secret(&d.webhook_url)),
                ("decoration", Value::from(d.decoration.unwrap_or(false))),
            ],
            NotificationKind::Email(e) => vec![
                ("smtpServer", Value::from(e.smtp_server.clone())),
                ("smtpPort", number(e.smtp_port)),
                ("username", Value::from(e.username.clone())),
                ("password", secret(&e.password)),
                ("fromAddress", Value::from(e.from_address.clone())),
                ("toAddresses", Value::from(e.to_addresses.clone())),
            ],
            NotificationKind::Resend(r) => vec![
                ("apiKey", secret(&r.api_key)),
                ("fromAddress", Value::from(r.from_address.clone())),
                ("toAddresses", Value::from(r.to_addresses.clone())),
            ],
            NotificationKind::Gotify(g) => vec![
                ("serverUrl", Value::from(g.server_url.clone())),
                ("appToken", secret(&g.app_token)),
                ("priority", number(g.priority)),
                ("decoration", Value::from(g.decoration.unwrap_or(false))),
            ],
            NotificationKind::Ntfy(n) => vec![
                ("serverUrl", Value::from(n.server_url.clone())),
                ("topic", Value::from(n.topic.clone())),
                ("accessToken", secret(&n.access_token)),
                ("priority", number(n.priority)),
            ],
            NotificationKind::Mattermost(m) => vec![
                ("webhookUrl", secret(&m.webhook_url)),
                ("channel", text(&m.channel)),
                ("username", text(&m.username)),
            ],
            NotificationKind::Custom(c) => vec![
                ("endpoint", secret(&c.endpoint)),
                (
                    "headers",
                    Value::Object(
                        c.headers
                            .iter()
                            .map(|(k, v)| (k.clone(), secret(v)))
                            .collect(),
                    ),
                ),
            ],
            NotificationKind::Lark(l) => vec![("webhookUrl", secret(&l.webhook_url))],
            NotificationKind::Pushover(p) => vec![
                ("userKey", secret(&p.user_key)),
                ("apiToken", secret(&p.api_token)),
                ("priority", number(p.priority)),
                ("retry", number(p.retry)),
                ("expire", number(p.expire)),
            ],
            NotificationKind::Teams(t) => vec![("webhookUrl", secret(&t.webhook_url))],
            NotificationKind::Unknown { .. } => Vec::new(),
        };
        // Pushover's priority has a default; the others' numbers are required (Dokploy says so).
        if matches!(self, NotificationKind::Pushover(_)) {
            fields.retain(|(name, value)| !(*name == "priority" && value.is_null()));
        }
        fields
    }

    /// The secret values of these settings (to keep them out of error messages).
    pub(crate) fn secret_values(&self) -> Vec<&str> {
        let secrets: Vec<&Secret> = match self {
            NotificationKind::Slack(s) => vec![&s.webhook_url],
            NotificationKind::Telegram(t) => vec![&t.bot_token],
            NotificationKind::Discord(d) => vec![&d.webhook_url],
            NotificationKind::Email(e) => vec![&e.password],
            NotificationKind::Resend(r) => vec![&r.api_key],
            NotificationKind::Gotify(g) => vec![&g.app_token],
            NotificationKind::Ntfy(n) => vec![&n.access_token],
            NotificationKind::Mattermost(m) => vec![&m.webhook_url],
            NotificationKind::Custom(c) => std::iter::once(&c.endpoint)
                .chain(c.headers.values())
                .collect(),
            NotificationKind::Lark(l) => vec![&l.webhook_url],
            NotificationKind::Pushover(p) => vec![&p.user_key, &p.api_token],
            NotificationKind::Teams(t) => vec![&t.webhook_url],
            NotificationKind::Unknown { .. } => Vec::new(),
        };
        secrets
            .into_iter()
            .map(Secret::expose)
            .filter(|s| !s.is_empty())
            .collect()
    }
}

impl Serialize for NotificationKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            NotificationKind::Slack(x) => x.serialize(s),
            NotificationKind::Telegram(x) => x.serialize(s),
            NotificationKind::Discord(x) => x.serialize(s),
            NotificationKind::Email(x) => x.serialize(s),
            NotificationKind::Resend(x) => x.serialize(s),
            NotificationKind::Gotify(x) => x.serialize(s),
            NotificationKind::Ntfy(x) => x.serialize(s),
            NotificationKind::Mattermost(x) => x.serialize(s),
            NotificationKind::Custom(x) => x.serialize(s),
            NotificationKind::Lark(x) => x.serialize(s),
            NotificationKind::Pushover(x) => x.serialize(s),
            NotificationKind::Teams(x) => x.serialize(s),
            NotificationKind::Unknown { settings, .. } => settings.serialize(s),
        }
    }
}

/// A notification: its name, the events it is sent for, and where it goes.
///
/// On the wire the row names all twelve kinds (`slackId`…`teamsId` and `slack`…`teams`, all
/// `null` but its own); here the kind's settings are [`kind`](Notification::kind) and the id of
/// its settings row [`kind_id`](Notification::kind_id). Secrets (webhook URLs, tokens,
/// passwords, API keys) are [`Secret`]s, hidden from `Debug`.
///
/// ```
/// use dokploy::models::{Notification, NotificationKind, NotificationType};
/// let removed: Notification = serde_json::from_str(r#"{
///     "notificationId": "n1", "name": "ops", "notificationType": "discord",
///     "appDeploy": true, "discordId": "d1", "slackId": null
/// }"#).unwrap();
/// assert_eq!(removed.notification_type, NotificationType::Discord);
/// assert_eq!(removed.kind, None); // `notification.remove` answers without the settings
/// assert!(removed.extra.is_empty()); // the other kinds' `null` ids say nothing
///
/// let newer: Notification = serde_json::from_str(r#"{
///     "notificationId": "n2", "name": "pager", "notificationType": "pagerduty",
///     "pagerdutyId": "p1", "pagerduty": {"pagerdutyId": "p1", "routingKey": "k"}
/// }"#).unwrap();
/// assert!(matches!(newer.kind, Some(NotificationKind::Unknown { .. })));
/// ```
#[derive(Clone, PartialEq, Deserialize)]
#[serde(from = "WireNotification")]
#[non_exhaustive]
pub struct Notification {
    /// The id.
    pub notification_id: String,
    /// The name.
    pub name: String,
    /// The events it is sent for.
    pub events: NotificationEvents,
    /// The kind.
    pub notification_type: NotificationType,
    /// The kind's settings; `None` when the answer did not include them (`notification.remove`,
    /// and `notification.getEmailProviders` for kinds other than email and resend).
    pub kind: Option<NotificationKind>,
    /// The id of the kind's settings row (`slackId`, `emailId`…).
    pub kind_id: Option<String>,
    /// When it was created.
    pub created_at: Option<String>,
    /// The organization it belongs to.
    pub organization_id: Option<String>,
    /// Fields this model does not name.
    pub extra: Extra,
}

impl Notification {
    /// Whether it is sent for `event`.
    ///
    /// ```
    /// use dokploy::models::{Notification, NotificationEvent};
    /// let n: Notification = serde_json::from_str(
    ///     r#"{"notificationId": "n1", "name": "ops", "notificationType": "lark", "dockerCleanup": true}"#,
    /// ).unwrap();
    /// assert!(n.is_sent_for(NotificationEvent::DockerCleanup));
    /// assert!(!n.is_sent_for(NotificationEvent::AppDeploy));
    /// ```
    pub fn is_sent_for(&self, event: NotificationEvent) -> bool {
        self.events.contains(event)
    }
}

/// The row as Dokploy sends it: what it is decoded from.
impl schemars::JsonSchema for Notification {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Notification".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        WireNotification::json_schema(generator)
    }
}

/// A notification row as Dokploy sends it.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
struct WireNotification {
    notification_id: String,
    name: String,
    #[serde(flatten)]
    events: NotificationEvents,
    notification_type: NotificationType,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    organization_id: Option<String>,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

impl From<WireNotification> for Notification {
    fn from(wire: WireNotification) -> Self {
        let WireNotification {
            notification_id,
            name,
            events,
            notification_type,
            created_at,
            organization_id,
            mut rest,
        } = wire;
        let key = notification_type.as_str().to_string();
        let id_key = notification_type.id_field();
        let kind_id = rest
            .remove(&id_key)
            .and_then(|v| v.as_str().map(str::to_string));
        let kind = match rest.remove(&key) {
            Some(Value::Object(mut settings)) => {
                settings.remove(&id_key);
                Some(NotificationKind::decode(&notification_type, settings))
            }
            Some(Value::Null) | None => None,
            Some(other) => {
                // Not an object: keep it where it can be seen.
                rest.insert(key, other);
                None
            }
        };
        // The other kinds' `null` columns carry nothing.
        for other in NotificationType::KNOWN {
            for column in [other.as_str().to_string(), other.id_field()] {
                if rest.get(&column) == Some(&Value::Null) {
                    rest.remove(&column);
                }
            }
        }
        Notification {
            notification_id,
            name,
            events,
            notification_type,
            kind,
            kind_id,
            created_at,
            organization_id,
            extra: Extra(rest),
        }
    }
}

impl Serialize for Notification {
    /// The row as Dokploy sends it (with only its own kind's columns).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut row = self.extra.0.clone();
        row.insert("notificationId".into(), self.notification_id.clone().into());
        row.insert("name".into(), self.name.clone().into());
        if let Ok(Value::Object(events)) = serde_json::to_value(self.events) {
            row.extend(events);
        }
        row.insert(
            "notificationType".into(),
            self.notification_type.as_str().into(),
        );
        row.insert("createdAt".into(), self.created_at.clone().into());
        row.insert("organizationId".into(), self.organization_id.clone().into());
        let id_key = self.notification_type.id_field();
        row.insert(id_key.clone(), self.kind_id.clone().into());
        if let Some(kind) = &self.kind {
            let mut settings = match serde_json::to_value(kind) {
                Ok(Value::Object(map)) => map,
                _ => Map::new(),
            };
            settings.insert(id_key, self.kind_id.clone().into());
            row.insert(
                self.notification_type.as_str().to_string(),
                Value::Object(settings),
            );
        }
        Value::Object(row).serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_known_kind_has_its_create_update_and_test_procedures() {
        for ty in NotificationType::KNOWN {
            for action in ["create{}", "update{}", "test{}Connection"] {
                let procedure = ty.procedure(action);
                assert!(
                    crate::operations::find(&procedure).is_some(),
                    "{procedure} is not in the vendored document"
                );
            }
            let update = crate::operations::find(&ty.procedure("update{}")).unwrap();
            assert!(update.body_field(&ty.id_field()).is_some(), "{ty}");
        }
    }

    #[test]
    fn the_events_are_taken_out_of_extra_and_the_other_kinds_nulls_dropped() {
        let n: Notification = serde_json::from_value(json!({
            "notificationId": "n1", "name": "x", "notificationType": "ntfy",
            "appDeploy": true, "serverThreshold": false, "slackId": null, "slack": null,
            "ntfyId": "t1", "ntfy": {"ntfyId": "t1", "serverUrl": "http://h", "topic": "t",
                                     "accessToken": "tok", "priority": 3.0},
            "somethingNew": 1
        }))
        .unwrap();
        assert!(n.events.app_deploy);
        assert_eq!(n.extra.0.keys().collect::<Vec<_>>(), ["somethingNew"]);
        let Some(NotificationKind::Ntfy(ntfy)) = &n.kind else {
            panic!("{n:?}")
        };
        assert_eq!(ntfy.priority, Some(3));
        assert!(ntfy.extra.is_empty(), "the nested id is the kind_id");
        assert_eq!(n.kind_id.as_deref(), Some("t1"));
    }

    #[test]
    fn settings_that_do_not_decode_are_kept_as_unknown() {
        let n: Notification = serde_json::from_value(json!({
            "notificationId": "n1", "name": "x", "notificationType": "gotify",
            "gotify": {"gotifyId": "g", "serverUrl": "http://h", "priority": "high"}
        }))
        .unwrap();
        let Some(NotificationKind::Unknown {
            notification_type,
            settings,
        }) = &n.kind
        else {
            panic!("{n:?}")
        };
        assert_eq!(notification_type, "gotify");
        assert_eq!(settings.get("priority"), Some(&json!("high")));
        assert_eq!(
            n.kind.as_ref().unwrap().notification_type(),
            NotificationType::Gotify
        );
    }

    #[test]
    fn serialising_gives_back_the_row_with_its_own_kind() {
        let row = json!({
            "notificationId": "n1", "name": "x", "notificationType": "slack",
            "appDeploy": true, "appBuildError": false, "databaseBackup": false,
            "volumeBackup": false, "dokployRestart": false, "dokployBackup": false,
            "dockerCleanup": false, "serverThreshold": false,
            "createdAt": "2026-12-01T18:22:33.029Z", "organizationId": "o",
            "slackId": "s1", "slack": {"slackId": "s1", "webhookUrl": "http://h/x", "channel": "#c"}
        });
        let n: Notification = serde_json::from_value(row.clone()).unwrap();
        assert_eq!(serde_json::to_value(&n).unwrap(), row);
    }

    #[test]
    fn empty_optional_texts_are_unset_and_sent_as_empty() {
        let slack: SlackSettings =
            serde_json::from_value(json!({"webhookUrl": "u", "channel": ""})).unwrap();
        assert_eq!(slack.channel, None);
        let fields = NotificationKind::Slack(slack).wire_fields();
        assert_eq!(fields[1], ("channel", json!("")));
    }

    #[test]
    fn pushover_leaves_an_unset_priority_to_dokploy_and_sends_unset_retries_as_null() {
        let mut p = PushoverSettings::new("u", "a");
        p.priority = None;
        let fields = NotificationKind::Pushover(p).wire_fields();
        let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["userKey", "apiToken", "retry", "expire"]);
        assert_eq!(fields[2].1, Value::Null);
    }

    #[test]
    fn secret_values_name_every_credential_of_the_kind() {
        let hook = CustomWebhookSettings::new("https://h/x?t=1").header("Authorization", "B s");
        let kind = NotificationKind::Custom(hook);
        assert_eq!(kind.secret_values(), ["https://h/x?t=1", "B s"]);
        let debug = format!("{kind:?}");
        assert!(!debug.contains("t=1") && !debug.contains("B s"), "{debug}");
    }
}
