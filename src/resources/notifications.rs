//! Notifications of every kind Dokploy v0.30.2 has (slack, telegram, discord, email, resend,
//! gotify, ntfy, mattermost, custom webhook, lark, pushover, teams) through one API.
//!
//! Dokploy has one procedure per kind (`notification.createSlack`, `updateSlack`,
//! `testSlackConnection` …); these methods pick it from the
//! [`NotificationKind`](crate::models::NotificationKind) they are given. Creates and updates
//! answer with an empty body, so [`Notifications::create`] finds the new row by listing (its
//! documentation says what race this has) and [`Notifications::update`] reads the row back.

use crate::required;

use super::created::FindCreated;
use crate::models::{
    Notification, NotificationEvent, NotificationEvents, NotificationKind, NotificationType,
};
use crate::operations::{self, Operation};
use crate::{Call, Client, Error, ResponseExt, Result};

/// Typed notification methods; from [`Client::notifications`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::models::{NotificationEvent, NotificationEvents, SlackSettings};
/// let notifications = client.notifications();
/// let slack = SlackSettings::new("https://hooks.slack.com/services/T0/B0/x", "#ops");
/// let events = NotificationEvents::of([NotificationEvent::AppBuildError]);
/// let ops = notifications.create("ops", events, slack).await?;
/// assert_eq!(notifications.all().await?[0].notification_id, ops.notification_id);
/// notifications.remove(&ops.notification_id).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Notifications<'a> {
    client: &'a Client,
}

/// What [`Notifications::update`] can change: the name, the events and the kind's settings
/// (not the kind itself). The struct is `#[non_exhaustive]`: `update` hands it over filled in
/// with the notification as it is.
///
/// ```
/// use dokploy::models::{NotificationEvent, NotificationKind};
/// use dokploy::resources::NotificationEdit;
/// fn quieter(edit: &mut NotificationEdit) {
///     edit.events.set(NotificationEvent::AppDeploy, false);
///     if let NotificationKind::Slack(slack) = &mut edit.kind {
///         slack.channel = Some("#ops-quiet".to_string());
///     }
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NotificationEdit {
    /// The name.
    pub name: String,
    /// The events it is sent for.
    pub events: NotificationEvents,
    /// The kind's settings (changing the variant is refused: Dokploy cannot change a
    /// notification's kind).
    pub kind: NotificationKind,
}

/// The operation `action` of the kind of `kind`, or why there is none.
fn operation(kind: &NotificationKind, action: &str) -> Result<&'static Operation> {
    let ty = kind.notification_type();
    if let NotificationType::Unknown(other) = &ty {
        return Err(Error::InvalidInput(format!(
            "`{other}` notifications are not a kind this crate knows; it cannot {} them",
            action.split('{').next().unwrap_or(action)
        )));
    }
    let procedure = ty.procedure(action);
    operations::find(&procedure).ok_or_else(|| {
        Error::InvalidInput(format!(
            "Dokploy's API (as vendored) has no procedure `{procedure}`"
        ))
    })
}

/// Adds every event flag the operation has to `call`, on or off (Dokploy's update rewrites them
/// all). An event the kind cannot be sent for is refused rather than dropped (Dokploy would
/// drop it without a word).
fn with_events<'c>(
    mut call: Call<'c>,
    op: &Operation,
    ty: &NotificationType,
    events: &NotificationEvents,
) -> Result<Call<'c>> {
    for event in NotificationEvent::ALL {
        let on = events.contains(event);
        if op.body_field(event.field()).is_some() {
            call = call.arg(event.field(), on);
        } else if on {
            return Err(Error::InvalidInput(format!(
                "{ty} notifications cannot be sent for {event:?}: {} has no `{}`",
                op.procedure,
                event.field()
            )));
        }
    }
    Ok(call)
}

/// The whole `update<Kind>` request for `edit`: the ids, the name, every event flag and every
/// setting of the kind (what Dokploy's web UI sends; see [`Notifications::update`]).
fn update_call<'c>(
    client: &'c Client,
    op: &Operation,
    ty: &NotificationType,
    notification_id: &str,
    kind_id: &str,
    edit: &NotificationEdit,
) -> Result<Call<'c>> {
    let mut call = client
        .call(op.procedure)
        .arg("notificationId", notification_id)
        .arg(&ty.id_field(), kind_id)
        .arg("name", &edit.name);
    call = with_events(call, op, ty, &edit.events)?;
    for (field, value) in edit.kind.wire_fields() {
        call = call.arg(field, value);
    }
    Ok(call)
}

impl<'a> Notifications<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// Every notification with its settings, newest first.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{DiscordSettings, NotificationEvents, TeamsSettings};
    /// let events = NotificationEvents::all();
    /// let discord = DiscordSettings::new("https://discord.com/api/webhooks/1/x");
    /// client.notifications().create("first", events, discord).await?;
    /// let teams = TeamsSettings::new("https://example.webhook.office.com/x");
    /// client.notifications().create("second", events, teams).await?;
    /// let names: Vec<String> =
    ///     client.notifications().all().await?.into_iter().map(|n| n.name).collect();
    /// assert_eq!(names, ["second", "first"]);
    /// # Ok(()) }
    /// ```
    pub async fn all(&self) -> Result<Vec<Notification>> {
        self.client.notification_all().send().decode().await
    }

    /// One notification with its settings. An unknown id is a 404 (`is_not_found()`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{EmailSettings, NotificationEvent, NotificationEvents, NotificationKind};
    /// let email = EmailSettings::new("smtp.example.com", 587, "ops", "app-password",
    ///                                "dokploy@example.com", ["ops@example.com"]);
    /// let events = NotificationEvents::of([NotificationEvent::DatabaseBackup]);
    /// let id = client.notifications().create("mail", events, email).await?.notification_id;
    /// let n = client.notifications().one(&id).await?;
    /// let Some(NotificationKind::Email(email)) = n.kind else { panic!("an email notification") };
    /// assert_eq!(email.password.expose(), "app-password");
    /// assert!(client.notifications().one("nope").await.unwrap_err().is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, notification_id: &str) -> Result<Notification> {
        self.client
            .notification_one()
            .required(required::NotificationOne {
                notification_id: notification_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// Creates a notification of `kind` called `name`, sent for `events`, and returns it.
    /// Every event flag is sent; one the kind cannot be sent for (gotify and ntfy have no
    /// server-threshold alerts) is refused before anything is sent.
    ///
    /// `notification.create<Kind>` answers with an empty body, so this lists the
    /// notifications before and after and returns the one new notification of that kind and
    /// name. If another client creates a notification of the same kind and name at the same
    /// moment, this fails with
    /// [`LookupError::CreatedButAmbiguous`](crate::error::LookupError::CreatedButAmbiguous)
    /// rather than guess (naming both ids, and saying that the create succeeded); rows that
    /// existed before are never returned. The create is sent once either way.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{GotifySettings, NotificationEvent, NotificationEvents, NotificationType};
    /// let gotify = GotifySettings::new("https://gotify.example.com", "app-token");
    /// let events = NotificationEvents::all().without(NotificationEvent::ServerThreshold);
    /// let n = client.notifications().create("push", events, gotify.clone()).await?;
    /// assert_eq!(n.notification_type, NotificationType::Gotify);
    /// assert!(n.events.app_deploy && !n.events.server_threshold);
    ///
    /// // Gotify has no server-threshold alerts: refused, not silently dropped.
    /// let e = client.notifications().create("push", NotificationEvents::all(), gotify).await;
    /// assert!(e.unwrap_err().to_string().contains("serverThreshold"));
    /// # Ok(()) }
    /// ```
    pub async fn create(
        &self,
        name: &str,
        events: NotificationEvents,
        kind: impl Into<NotificationKind>,
    ) -> Result<Notification> {
        let kind = kind.into();
        let ty = kind.notification_type();
        let op = operation(&kind, "create{}")?;
        let mut call = self.client.call(op.procedure).arg("name", name);
        call = with_events(call, op, &ty, &events)?;
        for (field, value) in kind.wire_fields() {
            call = call.arg(field, value);
        }
        let secrets = kind.secret_values();
        let same = |n: &Notification| n.name == name && n.notification_type == ty;
        FindCreated {
            what: "notification",
            id: |n: &Notification| n.notification_id.as_str(),
            label: |n: &Notification| format!("{} ({})", n.name, n.notification_id),
            matches: &same,
        }
        .run(|| self.all(), async {
            call.send()
                .body()
                .await
                .map_err(|e| e.hiding(&secrets))?
                .expect_done()
        })
        .await
    }

    /// Changes a notification and returns it as it is afterwards. `edit` gets the name, events
    /// and settings as they are now and changes what it wants; the settings it leaves alone,
    /// secrets included, stay as they are.
    ///
    /// Dokploy's `notification.update<Kind>` rewrites the kind's settings from the request: an
    /// update that sends only what changed fails (500 "No values to set", or 400 "Error updating
    /// the notification") or, for ntfy, answers 200 and deletes the access token. So this sends
    /// what Dokploy's own web UI sends: the name, every event flag and the kind's whole settings,
    /// with the secrets read back from Dokploy as they were. If `edit` changes nothing, nothing
    /// is sent.
    ///
    /// Three requests: `notification.one` (for the settings and the id of the kind's settings
    /// row, which `update<Kind>` needs, and because Dokploy answers an unknown id with a 404 for
    /// some kinds and a generic 400 for others: here an unknown id is always the 404 of `one`,
    /// `is_not_found()`), the update (which answers with an empty body), and `notification.one`
    /// again.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{EmailSettings, NotificationEvents, NotificationKind};
    /// let email = EmailSettings::new("smtp.example.com", 587, "ops", "app-password",
    ///                                "dokploy@example.com", ["ops@example.com"]);
    /// let n = client.notifications().create("mail", NotificationEvents::all(), email).await?;
    /// let n = client
    ///     .notifications()
    ///     .update(&n.notification_id, |edit| {
    ///         edit.name = "mail (2525)".to_string();
    ///         if let NotificationKind::Email(email) = &mut edit.kind {
    ///             email.smtp_port = Some(2525);
    ///         }
    ///     })
    ///     .await?;
    /// let Some(NotificationKind::Email(email)) = &n.kind else { panic!("email") };
    /// assert_eq!((n.name.as_str(), email.smtp_port), ("mail (2525)", Some(2525)));
    /// assert_eq!(email.password.expose(), "app-password"); // sent back as it was
    /// # Ok(()) }
    /// ```
    pub async fn update(
        &self,
        notification_id: &str,
        edit: impl FnOnce(&mut NotificationEdit),
    ) -> Result<Notification> {
        let current = self.one(notification_id).await?;
        let ty = current.notification_type.clone();
        let (Some(kind), Some(kind_id)) = (current.kind.clone(), current.kind_id.clone()) else {
            return Err(Error::InvalidInput(format!(
                "notification {notification_id} came without its {ty} settings, so it cannot be updated"
            )));
        };
        let op = operation(&kind, "update{}")?;
        if matches!(kind, NotificationKind::Unknown { .. }) {
            // Its settings did not decode, so they cannot be sent back whole; a partial update
            // would fail or clear them.
            return Err(Error::InvalidInput(format!(
                "the {ty} settings of notification {notification_id} are not in a form this crate knows, so they cannot be sent back whole, which an update needs"
            )));
        }
        let before = NotificationEdit {
            name: current.name.clone(),
            events: current.events,
            kind,
        };
        let mut after = before.clone();
        edit(&mut after);
        if after.kind.notification_type() != ty {
            return Err(Error::InvalidInput(format!(
                "notification {notification_id} is a {ty} notification and Dokploy cannot change its kind to {}: remove it and create a new one",
                after.kind.notification_type()
            )));
        }
        if after == before {
            return Ok(current);
        }
        let call = update_call(self.client, op, &ty, notification_id, &kind_id, &after)?;
        let mut secrets = before.kind.secret_values();
        secrets.extend(after.kind.secret_values());
        call.send()
            .body()
            .await
            .map_err(|e| e.hiding(&secrets))?
            .expect_done()?;
        self.one(notification_id).await
    }

    /// Removes a notification. **Irreversible.** Returns it as it was, without its settings
    /// (`kind` is `None`: Dokploy answers with the bare row). An unknown id is a 400 "Notification
    /// not found", which `is_not_found()` recognises.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{LarkSettings, NotificationEvents};
    /// let lark = LarkSettings::new("https://open.larksuite.com/open-apis/bot/v2/hook/x");
    /// let n = client.notifications().create("lark", NotificationEvents::all(), lark).await?;
    /// let removed = client.notifications().remove(&n.notification_id).await?;
    /// assert_eq!((removed.name.as_str(), removed.kind), ("lark", None));
    /// let again = client.notifications().remove(&n.notification_id).await.unwrap_err();
    /// assert!(again.is_not_found());
    /// # Ok(()) }
    /// ```
    pub async fn remove(&self, notification_id: &str) -> Result<Notification> {
        self.client
            .notification_remove()
            .required(required::NotificationRemove {
                notification_id: notification_id.into(),
            })
            .send()
            .decode()
            .await
    }

    /// Sends a test message with `kind`'s settings (`notification.test<Kind>Connection`),
    /// before or without saving them. Dokploy answers `true` when the message went out and a
    /// 400 saying why when it did not ("Failed to send slack notification fetch failed"); the
    /// settings' secrets are hidden from that error even if Dokploy quotes them.
    ///
    /// Dokploy contacts the target (or, for telegram, resend and pushover, their fixed API
    /// hosts). The embedded fake contacts nothing: see [`crate::fake`] for what it answers.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{NotificationKind, SlackSettings};
    /// let closed = SlackSettings::new("http://127.0.0.1:9/slack", "#ops").into();
    /// let e = client.notifications().test(&closed).await.unwrap_err();
    /// assert_eq!(e.api().unwrap().message, "Failed to send slack notification fetch failed");
    ///
    /// fake.accept_notification_target("https://hooks.slack.com/");
    /// let slack: NotificationKind =
    ///     SlackSettings::new("https://hooks.slack.com/services/T0/B0/x", "#ops").into();
    /// client.notifications().test(&slack).await?;
    /// # Ok(()) }
    /// ```
    pub async fn test(&self, kind: &NotificationKind) -> Result<()> {
        let op = operation(kind, "test{}Connection")?;
        let mut call = self.client.call(op.procedure);
        for (field, value) in kind.wire_fields() {
            if op.body_field(field).is_some() {
                call = call.arg(field, value);
            }
        }
        call.send()
            .body()
            .await
            .map_err(|e| e.hiding(&kind.secret_values()))?
            .expect_done()
    }

    /// Tests a saved notification: reads its settings ([`one`](Notifications::one)) and
    /// [`test`](Notifications::test)s them.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::{NotificationEvents, NtfySettings};
    /// fake.accept_notification_target("https://ntfy.example.com");
    /// let ntfy = NtfySettings::new("https://ntfy.example.com", "deploys", "tk_123");
    /// let n = client.notifications().create("ntfy", NotificationEvents::none(), ntfy).await?;
    /// client.notifications().test_saved(&n.notification_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn test_saved(&self, notification_id: &str) -> Result<()> {
        let n = self.one(notification_id).await?;
        let Some(kind) = n.kind else {
            return Err(Error::InvalidInput(format!(
                "notification {notification_id} came without its {} settings, so it cannot be tested",
                n.notification_type
            )));
        };
        self.test(&kind).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{GotifySettings, SlackSettings};

    #[test]
    fn unknown_kinds_cannot_be_created_updated_or_tested() {
        let kind = NotificationKind::Unknown {
            notification_type: "pagerduty".into(),
            settings: Default::default(),
        };
        let e = operation(&kind, "create{}").unwrap_err().to_string();
        assert!(
            e.contains("`pagerduty`") && e.contains("cannot create"),
            "{e}"
        );
        let e = operation(&kind, "test{}Connection")
            .unwrap_err()
            .to_string();
        assert!(e.contains("cannot test"), "{e}");
    }

    #[test]
    fn an_event_the_kind_has_no_flag_for_is_refused_and_one_left_off_is_not_sent() {
        let client = Client::new("http://127.0.0.1:9", "k").unwrap();
        let kind: NotificationKind = GotifySettings::new("http://g", "t").into();
        let ty = kind.notification_type();
        let all = NotificationEvents::all();
        for action in ["create{}", "update{}"] {
            let op = operation(&kind, action).unwrap();
            let e = with_events(client.call(op.procedure), op, &ty, &all)
                .err()
                .unwrap();
            assert!(e.to_string().contains("ServerThreshold"), "{e}");
            // Left off, serverThreshold is not sent (gotify has no such flag).
            let events = all.without(NotificationEvent::ServerThreshold);
            assert!(with_events(client.call(op.procedure), op, &ty, &events).is_ok());
        }
        let slack: NotificationKind = SlackSettings::new("http://s", "#c").into();
        let op = operation(&slack, "create{}").unwrap();
        assert!(
            with_events(
                client.call(op.procedure),
                op,
                &slack.notification_type(),
                &all
            )
            .is_ok()
        );
    }

    /// One notification of each kind with every setting given.
    fn every_kind() -> Vec<NotificationKind> {
        use crate::models::*;
        let mut telegram = TelegramSettings::new("123:bot", "-1001");
        telegram.message_thread_id = Some("7".into());
        let mut mattermost = MattermostSettings::new("https://chat.example.com/hooks/x");
        mattermost.channel = Some("town-square".into());
        mattermost.username = Some("dokploy".into());
        let mut pushover = PushoverSettings::new("user", "token");
        (pushover.priority, pushover.retry, pushover.expire) = (Some(2), Some(60), Some(3600));
        vec![
            SlackSettings::new("https://hooks.slack.com/x", "#ops").into(),
            telegram.into(),
            DiscordSettings::new("https://discord.com/api/webhooks/1/x").into(),
            EmailSettings::new("smtp", 587, "u", "p", "a@example.com", ["b@example.com"]).into(),
            ResendSettings::new("re_1", "a@example.com", ["b@example.com"]).into(),
            GotifySettings::new("https://gotify.example.com", "t").into(),
            NtfySettings::new("https://ntfy.sh", "deploys", "tk").into(),
            mattermost.into(),
            CustomWebhookSettings::new("https://ci.example.com/hook")
                .header("X-Token", "t")
                .into(),
            LarkSettings::new("https://open.larksuite.com/x").into(),
            pushover.into(),
            TeamsSettings::new("https://example.webhook.office.com/x").into(),
        ]
    }

    #[test]
    fn an_update_sends_every_field_its_procedure_has_for_every_kind() {
        // Dokploy's `update<Kind>` rewrites what it is sent and fails (or clears a token) on
        // what it is not: the request must carry every field of the vendored document's
        // procedure, but `organizationId` (Dokploy fills it in from the key).
        let client = Client::new("http://127.0.0.1:9", "k").unwrap();
        let kinds = every_kind();
        let types: Vec<NotificationType> = kinds.iter().map(|k| k.notification_type()).collect();
        assert_eq!(types, NotificationType::KNOWN);
        for kind in kinds {
            let ty = kind.notification_type();
            let op = operation(&kind, "update{}").unwrap();
            let edit = NotificationEdit {
                name: "n".into(),
                events: NotificationEvents::none(),
                kind,
            };
            let call = update_call(&client, op, &ty, "n1", "k1", &edit).unwrap();
            let (_, request) = call.prepare().unwrap();
            let body: serde_json::Value =
                serde_json::from_slice(request.body().unwrap().as_bytes().unwrap()).unwrap();
            let sent = body.as_object().unwrap();
            for field in op.body {
                assert!(
                    field.name == "organizationId" || sent.contains_key(field.name),
                    "{}: `{}` is not sent",
                    op.procedure,
                    field.name
                );
            }
            assert_eq!(sent[ty.id_field().as_str()], "k1", "{ty}");
        }
    }
}
