//! Notifications: the recordings 90–117 decode into the typed models, and the typed API works
//! against the embedded fake (create, one, all, update, test, remove, for every kind).

mod common;

use common::{recording, recording_names};
use dokploy::fake::FakeDokploy;
use dokploy::models::{
    CustomWebhookSettings, DiscordSettings, EmailSettings, GotifySettings, LarkSettings,
    MattermostSettings, Notification, NotificationEvent, NotificationEvents, NotificationKind,
    NotificationType, NtfySettings, PushoverSettings, ResendSettings, SlackSettings, TeamsSettings,
    TelegramSettings,
};
use dokploy::{ResponseExt, Transport};
use serde_json::{Value, json};

/// The recordings of this group: 90–117.
fn group() -> Vec<String> {
    recording_names()
        .into_iter()
        .filter(|n| {
            let number: u32 = n
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0);
            (90..=117).contains(&number)
        })
        .collect()
}

/// The secrets the census sent (all invented for the run), which `Debug` must never show.
const RECORDED_SECRETS: &[&str] = &[
    "census-smtp-pw-invented",
    "census-gotify-token-invented",
    "census-ntfy-token-invented",
    "127.0.0.1:9/slack",
    "127.0.0.1:9/discord",
    "127.0.0.1:9/mm",
    "127.0.0.1:9/hook",
];

fn assert_hidden(what: &str, text: &str) {
    for secret in RECORDED_SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
}

#[test]
fn every_success_recording_of_90_to_117_decodes_into_the_typed_models() {
    let names = group();
    assert_eq!(names.len(), 28);
    let mut decoded_rows = 0;
    for name in &names {
        let rec = recording(&name[..name.find('-').unwrap() + 1]);
        if rec.status != 200 {
            continue;
        }
        let rows: Vec<Notification> = match &rec.json {
            Value::Null => {
                assert!(rec.body.is_empty(), "{name}: a null body is an empty one");
                continue;
            }
            Value::Array(_) => serde_json::from_value(rec.json.clone()).unwrap(),
            _ => vec![serde_json::from_value(rec.json.clone()).unwrap()],
        };
        let with_settings = !name.contains("remove") && !name.contains("getEmailProviders");
        for n in &rows {
            decoded_rows += 1;
            assert!(n.extra.is_empty(), "{name}: {:?} left unnamed", n.extra);
            assert!(n.kind_id.is_some(), "{name}: {}", n.notification_id);
            assert!(
                NotificationType::KNOWN.contains(&n.notification_type),
                "{name}: {}",
                n.notification_type
            );
            let has_own_settings = with_settings
                || matches!(
                    n.notification_type,
                    NotificationType::Email | NotificationType::Resend
                );
            match &n.kind {
                Some(NotificationKind::Unknown { .. }) => panic!("{name}: {n:?}"),
                Some(kind) => {
                    assert!(has_own_settings, "{name}");
                    assert_eq!(kind.notification_type(), n.notification_type, "{name}");
                }
                None => assert!(!has_own_settings, "{name}: {} has no settings", n.name),
            }
            assert_hidden(name, &format!("{n:?}"));
            // Serialising gives back what came (the other kinds' nulls aside).
            let back = serde_json::to_value(n).unwrap();
            assert_eq!(back["notificationId"], json!(n.notification_id));
        }
    }
    assert_eq!(
        decoded_rows,
        7 + 1 + 1 + 1 + 7 + 1 + 1,
        "98, 99, 100, 102, 108, 115, 117"
    );

    // The details the recordings show.
    let all: Vec<Notification> = serde_json::from_value(recording("98-").json).unwrap();
    let gotify = all.iter().find(|n| n.name == "census-gotify").unwrap();
    let Some(NotificationKind::Gotify(settings)) = &gotify.kind else {
        panic!("{gotify:?}")
    };
    assert_eq!(settings.app_token.expose(), "census-gotify-token-invented");
    assert_eq!(
        (settings.priority, settings.decoration),
        (Some(5), Some(true))
    );
    let custom = all
        .iter()
        .find(|n| n.name == "census-custom-webhook")
        .unwrap();
    let Some(NotificationKind::Custom(hook)) = &custom.kind else {
        panic!("{custom:?}")
    };
    assert_eq!(hook.headers["X-Census"].expose(), "1");
    let after: Notification = serde_json::from_value(recording("102-").json).unwrap();
    assert!(!after.events.app_deploy && after.events.app_build_error);
    let Some(NotificationKind::Slack(slack)) = &after.kind else {
        panic!("{after:?}")
    };
    assert_eq!(slack.channel.as_deref(), Some("#census-2"));
}

/// The kind and events a recorded create sent, read back through the typed models.
fn recorded_create(prefix: &str) -> (String, NotificationEvents, NotificationKind) {
    let rec = recording(prefix);
    let kind_name = rec
        .path
        .trim_start_matches("/api/notification.create")
        .to_ascii_lowercase();
    let mut settings = rec.request_body.as_object().unwrap().clone();
    settings.remove("name");
    for event in NotificationEvent::ALL {
        settings.remove(event.field());
    }
    let row = json!({
        "notificationId": "x", "name": rec.request_body["name"], "notificationType": kind_name,
        kind_name.clone(): settings,
    });
    let n: Notification = serde_json::from_value(row).unwrap();
    let events: NotificationEvents = serde_json::from_value(rec.request_body.clone()).unwrap();
    (n.name, events, n.kind.unwrap())
}

async fn the_typed_create_sends_what_the_census_sent_for_each_recorded_kind(transport: Transport) {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client_on(transport);
    for prefix in ["90-", "91-", "92-", "93-", "94-", "95-", "96-"] {
        let (name, events, kind) = recorded_create(prefix);
        let created = client
            .notifications()
            .create(&name, events, kind.clone())
            .await
            .unwrap();
        assert_eq!(created.kind.as_ref(), Some(&kind), "{prefix}");
        let sent = fake
            .requests()
            .into_iter()
            .rev()
            .find(|r| r.procedure().starts_with("notification.create"))
            .unwrap();
        assert_eq!(
            sent.input().unwrap(),
            recording(prefix).request_body,
            "{prefix}: the body differs from the census's"
        );
    }
}

async fn a_slack_notification_for_build_errors_is_created_tested_and_removed(transport: Transport) {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client_on(transport);
    let notifications = client.notifications();
    let webhook = "https://hooks.slack.com/services/T0/B0/secret-part";
    let events = NotificationEvents::of([NotificationEvent::AppBuildError]);
    let created = notifications
        .create("build errors", events, SlackSettings::new(webhook, "#ops"))
        .await
        .unwrap();
    assert_eq!(created.notification_type, NotificationType::Slack);
    assert_eq!(
        created.events.enabled().collect::<Vec<_>>(),
        [NotificationEvent::AppBuildError]
    );

    // Nothing is reachable until the test accepts a target: then the test goes through.
    let saved = notifications
        .test_saved(&created.notification_id)
        .await
        .unwrap_err();
    assert_eq!(
        saved.api().unwrap().message,
        "Failed to send slack notification fetch failed"
    );
    fake.accept_notification_target("https://hooks.slack.com/services/");
    notifications
        .test_saved(&created.notification_id)
        .await
        .unwrap();

    let removed = notifications
        .remove(&created.notification_id)
        .await
        .unwrap();
    assert_eq!(
        (removed.name.as_str(), removed.kind.as_ref()),
        ("build errors", None)
    );
    assert!(notifications.all().await.unwrap().is_empty());
    let gone = notifications
        .one(&created.notification_id)
        .await
        .unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    let again = notifications
        .remove(&created.notification_id)
        .await
        .unwrap_err();
    assert!(again.is_not_found(), "{again}");
    assert_eq!(again.status().unwrap().as_u16(), 400);
}

async fn updating_an_email_notification_keeps_its_other_settings(transport: Transport) {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client_on(transport);
    let email = EmailSettings::new(
        "smtp.example.com",
        587,
        "ops",
        "app-password",
        "dokploy@example.com",
        ["ops@example.com"],
    );
    let created = client
        .notifications()
        .create("mail", NotificationEvents::all(), email.clone())
        .await
        .unwrap();
    let updated = client
        .notifications()
        .update(&created.notification_id, |edit| {
            if let NotificationKind::Email(email) = &mut edit.kind {
                email.smtp_port = Some(2525);
                email.to_addresses.push("dev@example.com".into());
            }
        })
        .await
        .unwrap();
    let mut expected = email;
    expected.smtp_port = Some(2525);
    expected.to_addresses.push("dev@example.com".into());
    assert_eq!(updated.kind, Some(NotificationKind::Email(expected)));
    assert_eq!(
        (updated.name.as_str(), updated.events),
        ("mail", NotificationEvents::all())
    );

    // The whole form was sent, as Dokploy's web UI sends it: a partial one fails (334).
    let update = fake
        .requests()
        .into_iter()
        .find(|r| r.procedure() == "notification.updateEmail")
        .unwrap();
    let sent = update.input().unwrap();
    let mut keys: Vec<&str> = sent
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "appBuildError",
            "appDeploy",
            "databaseBackup",
            "dockerCleanup",
            "dokployBackup",
            "dokployRestart",
            "emailId",
            "fromAddress",
            "name",
            "notificationId",
            "password",
            "serverThreshold",
            "smtpPort",
            "smtpServer",
            "toAddresses",
            "username",
            "volumeBackup",
        ]
    );
    assert_eq!(sent["emailId"], json!(created.kind_id));
    assert_eq!(sent["password"], "app-password", "sent back as it was");
}

/// What each kind's settings look like after a rename: the same, secrets included.
async fn renaming_a_notification_of_any_kind_keeps_its_settings_and_secrets(transport: Transport) {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client_on(transport);
    for kind in every_kind() {
        let ty = kind.notification_type();
        let events = events_for(&kind);
        let created = client
            .notifications()
            .create(&format!("{ty}-1"), events, kind.clone())
            .await
            .unwrap();
        let renamed = client
            .notifications()
            .update(&created.notification_id, |edit| {
                edit.name = format!("{ty}-2");
            })
            .await
            .unwrap_or_else(|e| panic!("{ty}: {e}"));
        assert_eq!(renamed.name, format!("{ty}-2"), "{ty}");
        assert_eq!(renamed.events, events, "{ty}");
        assert_eq!(renamed.kind, Some(kind), "{ty}: settings or secrets lost");
        let again = client
            .notifications()
            .one(&created.notification_id)
            .await
            .unwrap();
        assert_eq!(again, renamed, "{ty}");
    }
}

/// The fake holds Dokploy's rules: what an update that sends only what changed gets (330–342).
async fn a_partial_update_fails_or_loses_the_ntfy_token_as_on_dokploy(transport: Transport) {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client_on(transport);
    for kind in every_kind() {
        let ty = kind.notification_type();
        let n = client
            .notifications()
            .create(&format!("{ty}-1"), events_for(&kind), kind.clone())
            .await
            .unwrap();
        let kind_id = n.kind_id.clone().unwrap();
        let result = client
            .call(&ty.procedure("update{}"))
            .args(json!({
                "notificationId": n.notification_id,
                (ty.id_field()): kind_id,
                "name": format!("{ty}-2"),
                "appDeploy": false,
            }))
            .send()
            .body()
            .await;
        let after = client
            .notifications()
            .one(&n.notification_id)
            .await
            .unwrap();
        match ty {
            NotificationType::Ntfy => {
                result.unwrap();
                let Some(NotificationKind::Ntfy(ntfy)) = &after.kind else {
                    panic!("{after:?}")
                };
                assert_eq!(ntfy.access_token.expose(), "", "the token is cleared (337)");
                assert_eq!(after.name, "ntfy-2");
            }
            _ => {
                let e = result.unwrap_err();
                let (status, message) = match ty {
                    NotificationType::Telegram
                    | NotificationType::Discord
                    | NotificationType::Email
                    | NotificationType::Resend => (400, "Error updating the notification"),
                    _ => (500, "No values to set"),
                };
                assert_eq!(e.status().map(|s| s.as_u16()), Some(status), "{ty}: {e}");
                assert_eq!(e.api().unwrap().message, message, "{ty}");
                assert_eq!(after, n, "{ty}: nothing changed");
            }
        }
    }
}

async fn an_update_that_changes_nothing_sends_no_update(transport: Transport) {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client_on(transport);
    let n = client
        .notifications()
        .create(
            "lark",
            NotificationEvents::none(),
            LarkSettings::new("https://lark.example/x"),
        )
        .await
        .unwrap();
    let same = client
        .notifications()
        .update(&n.notification_id, |edit| edit.name = "lark".into())
        .await
        .unwrap();
    assert_eq!(same, n);
    assert!(
        !fake
            .requests()
            .iter()
            .any(|r| r.procedure().starts_with("notification.update")),
        "nothing changed, so nothing was sent"
    );
}

async fn updates_that_dokploy_cannot_do_are_refused_before_anything_is_sent(transport: Transport) {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client_on(transport);
    let gotify = GotifySettings::new("https://gotify.example.com", "app-token");
    let n = client
        .notifications()
        .create("push", NotificationEvents::none(), gotify)
        .await
        .unwrap();
    let to_discord = client
        .notifications()
        .update(&n.notification_id, |edit| {
            edit.kind = DiscordSettings::new("https://discord.com/api/webhooks/1/x").into();
        })
        .await
        .unwrap_err();
    assert!(
        to_discord.to_string().contains("cannot change its kind"),
        "{to_discord}"
    );
    let threshold = client
        .notifications()
        .update(&n.notification_id, |edit| {
            edit.events.set(NotificationEvent::ServerThreshold, true);
        })
        .await
        .unwrap_err();
    assert!(
        threshold.to_string().contains("serverThreshold"),
        "{threshold}"
    );
    assert!(
        !fake
            .requests()
            .iter()
            .any(|r| r.procedure().starts_with("notification.update")),
        "refused before sending"
    );
}

async fn an_unknown_notification_is_not_found_for_every_kind_of_update(transport: Transport) {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client_on(transport);
    let e = client
        .notifications()
        .update("does-not-exist", |edit| edit.name = "x".into())
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    // The raw procedures differ: slack answers 404 (106), discord a generic 400.
    let slack = common::call(
        &client,
        "notification.updateSlack",
        json!({"notificationId": "does-not-exist", "slackId": "does-not-exist", "name": "x"}),
    )
    .await
    .unwrap_err();
    assert!(slack.is_not_found());
    let discord = common::call(
        &client,
        "notification.updateDiscord",
        json!({"notificationId": "does-not-exist", "discordId": "does-not-exist"}),
    )
    .await
    .unwrap_err();
    assert!(!discord.is_not_found(), "{discord}");
}

/// One notification of every kind, every setting given.
fn every_kind() -> Vec<NotificationKind> {
    let mut telegram = TelegramSettings::new("123:bot-token-s3cret", "-1001");
    telegram.message_thread_id = Some("7".into());
    let mut mattermost = MattermostSettings::new("https://chat.example.com/hooks/mm-s3cret");
    mattermost.channel = Some("town-square".into());
    mattermost.username = Some("dokploy".into());
    let mut pushover = PushoverSettings::new("user-key-s3cret", "api-token-s3cret");
    pushover.priority = Some(2);
    pushover.retry = Some(60);
    pushover.expire = Some(3600);
    let mut gotify = GotifySettings::new("https://gotify.example.com", "app-token-s3cret");
    gotify.decoration = Some(false);
    vec![
        SlackSettings::new("https://hooks.slack.com/services/slack-s3cret", "#ops").into(),
        telegram.into(),
        DiscordSettings::new("https://discord.com/api/webhooks/discord-s3cret").into(),
        EmailSettings::new(
            "smtp.example.com",
            465,
            "ops",
            "smtp-s3cret",
            "dokploy@example.com",
            ["a@example.com", "b@example.com"],
        )
        .into(),
        ResendSettings::new("re_resend-s3cret", "dokploy@example.com", ["a@example.com"]).into(),
        gotify.into(),
        NtfySettings::new("https://ntfy.example.com", "deploys", "ntfy-s3cret").into(),
        mattermost.into(),
        CustomWebhookSettings::new("https://ci.example.com/hook?token=custom-s3cret")
            .header("Authorization", "Bearer header-s3cret")
            .into(),
        LarkSettings::new("https://open.larksuite.com/open-apis/bot/v2/hook/lark-s3cret").into(),
        pushover.into(),
        TeamsSettings::new("https://example.webhook.office.com/teams-s3cret").into(),
    ]
}

/// The events every kind can be sent for (gotify and ntfy have no server-threshold alerts).
fn events_for(kind: &NotificationKind) -> NotificationEvents {
    match kind.notification_type() {
        NotificationType::Gotify | NotificationType::Ntfy => {
            NotificationEvents::all().without(NotificationEvent::ServerThreshold)
        }
        _ => NotificationEvents::of([
            NotificationEvent::AppDeploy,
            NotificationEvent::DockerCleanup,
        ]),
    }
}

async fn every_kind_round_trips_create_to_one(transport: Transport) {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client_on(transport);
    let kinds = every_kind();
    let types: Vec<NotificationType> = kinds
        .iter()
        .map(NotificationKind::notification_type)
        .collect();
    assert_eq!(types, NotificationType::KNOWN);
    for kind in kinds {
        let ty = kind.notification_type();
        let name = format!("every-{ty}");
        let events = events_for(&kind);
        let created = client
            .notifications()
            .create(&name, events, kind.clone())
            .await
            .unwrap();
        let one = client
            .notifications()
            .one(&created.notification_id)
            .await
            .unwrap();
        assert_eq!(one, created, "{ty}");
        assert_eq!(
            (one.name.as_str(), one.events),
            (name.as_str(), events),
            "{ty}"
        );
        assert_eq!(one.kind, Some(kind), "{ty}");
        assert!(
            one.kind_id.is_some() && one.extra.is_empty(),
            "{ty}: {one:?}"
        );
    }
    assert_eq!(client.notifications().all().await.unwrap().len(), 12);
}

async fn every_kind_tests_as_unreachable_until_its_target_is_accepted(transport: Transport) {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client_on(transport);
    let targets = [
        "https://hooks.slack.com/",
        "https://api.telegram.org/",
        "https://discord.com/",
        "smtp://smtp.example.com:465",
        "https://api.resend.com/",
        "https://gotify.example.com",
        "https://ntfy.example.com",
        "https://chat.example.com/",
        "https://ci.example.com/",
        "https://open.larksuite.com/",
        "https://api.pushover.net/",
        "https://example.webhook.office.com/",
    ];
    for (kind, target) in every_kind().iter().zip(targets) {
        let e = client.notifications().test(kind).await.unwrap_err();
        assert_eq!(e.status().unwrap().as_u16(), 400, "{kind:?}");
        assert_eq!(e.code(), Some("BAD_REQUEST"));
        assert!(!e.to_string().contains("s3cret"), "{e}");
        fake.accept_notification_target(target);
        client
            .notifications()
            .test(kind)
            .await
            .unwrap_or_else(|e| panic!("{target}: {e}"));
    }
}

async fn a_second_notification_of_the_same_name_is_found_as_the_new_one(transport: Transport) {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client_on(transport);
    let first = client
        .notifications()
        .create(
            "ops",
            NotificationEvents::none(),
            TeamsSettings::new("https://t.example/1"),
        )
        .await
        .unwrap();
    let second = client
        .notifications()
        .create(
            "ops",
            NotificationEvents::all(),
            TeamsSettings::new("https://t.example/2"),
        )
        .await
        .unwrap();
    assert_ne!(first.notification_id, second.notification_id);
    assert!(second.events.app_deploy);
    let Some(NotificationKind::Teams(teams)) = &second.kind else {
        panic!("{second:?}")
    };
    assert_eq!(teams.webhook_url.expose(), "https://t.example/2");
    // Only one create was sent for each.
    let creates = fake
        .requests()
        .iter()
        .filter(|r| r.procedure() == "notification.createTeams")
        .count();
    assert_eq!(creates, 2);
}

async fn secrets_never_show_in_debug_display_or_errors(transport: Transport) {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client_on(transport);
    for kind in every_kind() {
        let events = events_for(&kind);
        let created = client
            .notifications()
            .create("secret", events, kind.clone())
            .await
            .unwrap();
        for text in [
            format!("{kind:?}"),
            format!("{created:?}"),
            format!("{:?}", client.notifications().all().await.unwrap()),
            format!(
                "{:?}",
                client
                    .notifications()
                    .remove(&created.notification_id)
                    .await
                    .unwrap()
            ),
        ] {
            assert!(!text.contains("s3cret"), "{text}");
        }
    }

    // A Dokploy that quotes the webhook URL in its error: the message, the body and Debug hide it.
    let server = wiremock::MockServer::start().await;
    let webhook = "https://hooks.slack.com/services/T0/B0/quoted-s3cret";
    wiremock::Mock::given(wiremock::matchers::path("/api/notification.testSlackConnection"))
        .respond_with(
            wiremock::ResponseTemplate::new(400).set_body_json(json!({
                "message": format!("Failed to send slack notification Failed to parse URL from {webhook}"),
                "code": "BAD_REQUEST",
                "data": {"code": "BAD_REQUEST", "httpStatus": 400, "path": "notification.testSlackConnection", "zodError": null}
            })),
        )
        .mount(&server)
        .await;
    let quoting = dokploy::Client::new(server.uri(), "key").unwrap();
    let kind: NotificationKind = SlackSettings::new(webhook, "#ops").into();
    let e = quoting.notifications().test(&kind).await.unwrap_err();
    let api = e.api().unwrap();
    assert_eq!(
        api.message,
        "Failed to send slack notification Failed to parse URL from <redacted>"
    );
    for text in [
        e.to_string(),
        format!("{e:?}"),
        String::from_utf8_lossy(&api.body).into_owned(),
    ] {
        assert!(!text.contains("s3cret"), "{text}");
    }
}

/// The tour's notifications step, as the README shows it: nothing outside loopback is
/// contacted (the webhook points at a closed loopback port; the fake contacts nothing anyway).
async fn the_tour_step_runs_against_the_fake(transport: Transport) {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client_on(transport);
    let events = NotificationEvents::of([NotificationEvent::AppBuildError]);
    let slack = SlackSettings::new("http://127.0.0.1:9/tour-webhook", "#deploys");
    let n = client
        .notifications()
        .create("tour-build-errors", events, slack)
        .await
        .unwrap();
    match client.notifications().test_saved(&n.notification_id).await {
        Ok(()) => panic!("nothing listens on 127.0.0.1:9"),
        Err(e) => assert!(
            e.to_string().contains("Failed to send slack notification"),
            "{e}"
        ),
    }
    client
        .notifications()
        .remove(&n.notification_id)
        .await
        .unwrap();
}

crate::on_both_transports!(
    the_typed_create_sends_what_the_census_sent_for_each_recorded_kind,
    a_slack_notification_for_build_errors_is_created_tested_and_removed,
    updating_an_email_notification_keeps_its_other_settings,
    renaming_a_notification_of_any_kind_keeps_its_settings_and_secrets,
    a_partial_update_fails_or_loses_the_ntfy_token_as_on_dokploy,
    an_update_that_changes_nothing_sends_no_update,
    updates_that_dokploy_cannot_do_are_refused_before_anything_is_sent,
    an_unknown_notification_is_not_found_for_every_kind_of_update,
    every_kind_round_trips_create_to_one,
    every_kind_tests_as_unreachable_until_its_target_is_accepted,
    a_second_notification_of_the_same_name_is_found_as_the_new_one,
    secrets_never_show_in_debug_display_or_errors,
    the_tour_step_runs_against_the_fake,
);
