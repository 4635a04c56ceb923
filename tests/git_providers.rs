//! Git providers: the typed models decode every success answer a real Dokploy v0.30.2 gave
//! (recordings 120–149), and the typed handle works against the embedded fake.

mod common;

use dokploy::Error;
use dokploy::Transport;
use dokploy::models::{
    Bitbucket, GitProvider, GitProviderKind, GitProviderListing, GitProviderRef, Gitea, Gitlab,
    Repository,
};
use dokploy::resources::{
    BitbucketUpdate, GiteaUpdate, GitlabUpdate, NewBitbucket, NewGitea, NewGitlab,
};
use serde_json::{Value, json};

use common::{Recording, fast_fake, recording, recordings_numbered};

/// The invented secrets the census sent (gitea `clientSecret`, gitlab `secret`, bitbucket
/// `apiToken`).
const RECORDED_SECRETS: &[&str] = &[
    "census-client-secret-invented",
    "census-secret-invented",
    "census-bb-token-invented",
];

/// Decodes a recorded success body as `T`, and checks its `Debug` shows no secret.
fn decoded<T: serde::de::DeserializeOwned + std::fmt::Debug>(rec: &Recording, name: &str) -> T {
    rec.decoded(name, RECORDED_SECRETS)
}

#[test]
fn every_success_recording_of_120_to_149_decodes_into_the_typed_models() {
    let mut decoded_count = 0;
    for name in recordings_numbered(120..=149) {
        let rec = recording(&name);
        if rec.status >= 400 {
            continue;
        }
        match rec.procedure() {
            "gitProvider.getAll" => {
                let all: Vec<GitProvider> = decoded(&rec, &name);
                for row in &all {
                    assert!(
                        row.extra.is_empty(),
                        "{name}: unnamed fields {:?}",
                        row.extra
                    );
                    assert!(row.reference().is_some(), "{name}: {row:?}");
                }
            }
            "gitProvider.toggleShare" | "gitProvider.remove" => {
                let row: GitProvider = decoded(&rec, &name);
                assert!(
                    row.extra.is_empty(),
                    "{name}: unnamed fields {:?}",
                    row.extra
                );
            }
            "gitea.create" | "gitea.one" => {
                let gitea: Gitea = decoded(&rec, &name);
                assert!(
                    gitea.extra.is_empty(),
                    "{name}: unnamed fields {:?}",
                    gitea.extra
                );
            }
            "gitlab.one" => {
                let gitlab: Gitlab = decoded(&rec, &name);
                assert!(
                    gitlab.extra.is_empty(),
                    "{name}: unnamed fields {:?}",
                    gitlab.extra
                );
                assert!(gitlab.git_provider.is_some());
            }
            "bitbucket.one" | "bitbucket.update" => {
                let bitbucket: Bitbucket = decoded(&rec, &name);
                assert!(
                    bitbucket.extra.is_empty(),
                    "{name}: unnamed fields {:?}",
                    bitbucket.extra
                );
            }
            "gitea.giteaProviders"
            | "gitlab.gitlabProviders"
            | "bitbucket.bitbucketProviders"
            | "github.githubProviders" => {
                let _: Vec<GitProviderListing> = decoded(&rec, &name);
            }
            "gitea.getGiteaUrl" => {
                let url: String = decoded(&rec, &name);
                assert_eq!(url, "http://127.0.0.1:9");
            }
            "gitea.update" | "gitlab.create" | "gitlab.update" | "bitbucket.create" => {
                dokploy::Body::from_bytes(reqwest::StatusCode::OK, rec.body.clone())
                    .expect_done()
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            other => panic!("{name}: no typed model is checked for {other}"),
        }
        decoded_count += 1;
    }
    assert_eq!(decoded_count, 21, "success recordings of 120-149");
}

#[test]
fn recorded_answers_keep_their_meaning_in_the_models() {
    let all: Vec<GitProvider> = decoded(&recording("146-"), "146");
    let kinds: Vec<&GitProviderKind> = all.iter().map(|p| &p.provider_type).collect();
    assert_eq!(
        kinds,
        [
            &GitProviderKind::Bitbucket,
            &GitProviderKind::Gitlab,
            &GitProviderKind::Gitea
        ]
    );
    assert_eq!(
        all[1].reference(),
        Some(GitProviderRef::gitlab("0epKr1xZAMdZ_atDPITzn"))
    );
    assert_eq!(all[1].is_configured(), Some(false));
    assert_eq!(
        all[0].bitbucket.as_ref().unwrap().is_deprecated,
        Some(false)
    );

    let gitea: Gitea = decoded(&recording("122-"), "122");
    assert_eq!(
        gitea.client_secret.as_ref().map(|s| s.expose()),
        Some("census-client-secret-invented")
    );
    assert_eq!(gitea.name(), Some("census-gitea"));
    let listed: Vec<GitProviderListing> = decoded(&recording("123-"), "123");
    assert_eq!(listed[0].reference(), gitea.reference());

    let shared: GitProvider = decoded(&recording("147-"), "147");
    assert_eq!(shared.shared_with_organization, Some(true));
}

async fn a_gitea_provider_is_listed_by_git_provider_get_all(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let providers = client.git_providers();
    let new = NewGitea::new("forge", "https://git.example.com").oauth_app("client-id", "s3cret");
    let forge = providers.create_gitea(new).await.unwrap();
    assert_eq!(forge.name(), Some("forge"));
    assert_eq!(
        forge.client_secret.as_ref().map(|s| s.expose()),
        Some("s3cret")
    );
    assert_eq!(
        forge.redirect_uri.as_deref(),
        Some(format!("{}/api/providers/gitea/callback", fake.base_url()).as_str())
    );

    let all = providers.all().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].reference(), Some(forge.reference()));
    assert_eq!(all[0].provider_type, GitProviderKind::Gitea);
    assert_eq!(all[0].is_owner, Some(true));
    assert_eq!(all[0].is_configured(), Some(false), "no OAuth tokens yet");
    // With a client id and secret it is offered as a deploy source.
    let usable = providers.usable(GitProviderKind::Gitea).await.unwrap();
    assert_eq!(usable[0].reference(), forge.reference());

    let renamed = providers
        .update_gitea(&forge.gitea_id, GiteaUpdate::new().name("forge-2"))
        .await
        .unwrap();
    assert_eq!(renamed.name(), Some("forge-2"));
    assert_eq!(renamed.client_id.as_deref(), Some("client-id"));
    assert_eq!(providers.all().await.unwrap()[0].name, "forge-2");
}

async fn a_gitlab_provider_created_without_tokens_is_listed_by_get_all_but_not_by_gitlab_providers(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let providers = client.git_providers();
    let new = NewGitlab::new("lab", "https://gitlab.example.com")
        .oauth_app("app-id", "s3cret")
        .groups("acme");
    let lab = providers.create_gitlab(new).await.unwrap();
    assert_eq!(lab.name(), Some("lab"));
    assert_eq!(lab.access_token, None);

    let all = providers.all().await.unwrap();
    assert_eq!(all[0].reference(), Some(lab.reference()));
    assert_eq!(all[0].is_configured(), Some(false));
    assert!(
        providers
            .usable(GitProviderKind::Gitlab)
            .await
            .unwrap()
            .is_empty(),
        "gitlabProviders hides providers without OAuth tokens"
    );
}

async fn a_bitbucket_provider_is_created_updated_and_removed(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let providers = client.git_providers();
    let new = NewBitbucket::new("acme", "acme-bot", "bot@example.com", "t0ken");
    let bb = providers.create_bitbucket(new).await.unwrap();
    assert_eq!(bb.bitbucket_username.as_deref(), Some("acme-bot"));
    assert_eq!(bb.api_token.as_ref().map(|s| s.expose()), Some("t0ken"));
    assert_eq!(
        providers.usable(GitProviderKind::Bitbucket).await.unwrap()[0].reference(),
        bb.reference()
    );

    let changes = BitbucketUpdate::new().name("acme-2").workspace("acme-ws");
    let updated = providers
        .update_bitbucket(&bb.bitbucket_id, changes)
        .await
        .unwrap();
    assert_eq!(updated.name(), Some("acme-2"));
    assert_eq!(updated.bitbucket_workspace_name.as_deref(), Some("acme-ws"));
    assert_eq!(
        updated.api_token.as_ref().map(|s| s.expose()),
        Some("t0ken"),
        "not sent, so kept"
    );

    let git_provider_id = updated.git_provider_id.unwrap();
    let removed = providers.remove(&git_provider_id).await.unwrap();
    assert_eq!(removed.name, "acme-2");
    assert!(providers.all().await.unwrap().is_empty());
    assert!(
        providers
            .bitbucket(&bb.bitbucket_id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    let again = providers.remove(&git_provider_id).await.unwrap_err();
    assert_eq!(again.status().map(|s| s.as_u16()), Some(400));
    assert!(
        again.is_not_found(),
        "400 \"Git Provider not found\": {again}"
    );
}

async fn updating_an_unknown_gitlab_provider_is_not_found_although_dokploy_answers_200(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    // What Dokploy does with an unknown id: 200, no body.
    let raw = client
        .call("gitlab.update")
        .arg("gitlabId", "does-not-exist")
        .arg("gitProviderId", "does-not-exist")
        .arg("name", "x")
        .arg("gitlabUrl", "https://gitlab.example.com")
        .send()
        .body()
        .await
        .unwrap();
    assert!(raw.is_empty());
    // The typed update reads first, so the caller learns the truth.
    let e = client
        .git_providers()
        .update_gitlab("does-not-exist", GitlabUpdate::new().name("x"))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let updates = fake
        .requests()
        .iter()
        .filter(|r| r.procedure() == "gitlab.update")
        .count();
    assert_eq!(updates, 1, "only the raw call was sent");
}

async fn testing_and_listing_an_unreachable_host_fail_like_dokploy_says(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let providers = client.git_providers();
    let forge = providers
        .create_gitea(NewGitea::new("forge", "http://127.0.0.1:9"))
        .await
        .unwrap();
    let lab = providers
        .create_gitlab(NewGitlab::new("lab", "http://127.0.0.1:9"))
        .await
        .unwrap();
    let bb = providers
        .create_bitbucket(NewBitbucket::new("acme", "bot", "bot@example.com", "t"))
        .await
        .unwrap();
    let message = |e: Error| {
        (
            e.status().map(|s| s.as_u16()),
            e.api().unwrap().message.clone(),
        )
    };

    let e = providers.test(&forge.reference()).await.unwrap_err();
    assert_eq!(
        message(e),
        (
            Some(400),
            "No access token available. Please authorize with Gitea.".to_string()
        )
    );
    let e = providers
        .repositories(&forge.reference())
        .await
        .unwrap_err();
    assert_eq!(message(e), (Some(400), "fetch failed".to_string()));
    let e = providers.test(&lab.reference()).await.unwrap_err();
    assert_eq!(message(e), (Some(400), "fetch failed".to_string()));
    let e = providers.repositories(&lab.reference()).await.unwrap_err();
    assert_eq!(message(e), (Some(500), "fetch failed".to_string()));
    let e = providers.test(&bb.reference()).await.unwrap_err();
    assert_eq!(message(e), (Some(400), "fetch failed".to_string()));

    // Bitbucket's test is sent the stored user (Dokploy tests with what the request says).
    let sent = fake
        .requests()
        .into_iter()
        .find(|r| r.procedure() == "bitbucket.testConnection")
        .unwrap();
    assert_eq!(sent.input().unwrap()["bitbucketUsername"], "bot");

    // GitLab branches need the project id: refused before anything is sent.
    let before = fake.requests().len();
    let e = providers
        .branches(&lab.reference(), &Repository::new("acme", "shop"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e}");
    assert_eq!(fake.requests().len(), before);
    let e = providers
        .branches(&forge.reference(), &Repository::new("acme", "shop"))
        .await
        .unwrap_err();
    assert_eq!(message(e), (Some(400), "fetch failed".to_string()));

    // An unknown provider is not found, whichever way Dokploy phrases it.
    let e = providers
        .test(&GitProviderRef::gitea("does-not-exist"))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let e = providers
        .repositories(&GitProviderRef::bitbucket("does-not-exist"))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
}

async fn github_is_read_only_and_the_fake_has_no_apps(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let providers = client.git_providers();
    assert!(
        providers
            .usable(GitProviderKind::Github)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(providers.github("gh1").await.unwrap_err().is_not_found());
    let gh = GitProviderRef::github("gh1");
    assert!(providers.test(&gh).await.unwrap_err().is_not_found());
    assert!(
        providers
            .repositories(&gh)
            .await
            .unwrap_err()
            .is_not_found()
    );
    let e = providers
        .branches(&gh, &Repository::new("acme", "shop"))
        .await
        .unwrap_err();
    assert!(e.is_not_found());
    // A kind this crate does not know is refused, not sent.
    let e = providers
        .usable(GitProviderKind::from("azure"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e}");
}

async fn sharing_a_provider_sets_the_flag_both_ways(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let providers = client.git_providers();
    let forge = providers
        .create_gitea(NewGitea::new("forge", "https://git.example.com"))
        .await
        .unwrap();
    let id = forge.git_provider_id.unwrap();
    assert_eq!(
        providers
            .set_shared(&id, true)
            .await
            .unwrap()
            .shared_with_organization,
        Some(true)
    );
    assert_eq!(
        providers.all().await.unwrap()[0].shared_with_organization,
        Some(true)
    );
    assert_eq!(
        providers
            .set_shared(&id, false)
            .await
            .unwrap()
            .shared_with_organization,
        Some(false)
    );
    assert!(
        providers
            .set_shared("nope", true)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

async fn removing_a_provider_leaves_the_applications_that_used_it_without_one(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (_, env_id) = common::project(&client, "shop").await;
    let app = client.applications().create(&env_id, "web").await.unwrap();
    let forge = client
        .git_providers()
        .create_gitea(NewGitea::new("forge", "https://git.example.com"))
        .await
        .unwrap();
    client
        .call("application.update")
        .arg("applicationId", &app.application_id)
        .arg("giteaId", &forge.gitea_id)
        .send()
        .body()
        .await
        .unwrap();
    let giteas = |v: Value| v["giteaId"].clone();
    let one = common::call(
        &client,
        "application.one",
        json!({"applicationId": app.application_id}),
    )
    .await
    .unwrap();
    assert_eq!(giteas(one), json!(forge.gitea_id));
    client
        .git_providers()
        .remove(forge.git_provider_id.as_deref().unwrap())
        .await
        .unwrap();
    let one = common::call(
        &client,
        "application.one",
        json!({"applicationId": app.application_id}),
    )
    .await
    .unwrap();
    assert_eq!(giteas(one), Value::Null);
}

async fn provider_secrets_never_appear_in_debug_display_or_errors(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let providers = client.git_providers();
    let new = NewGitlab::new("lab", "https://gitlab.example.com").oauth_app("app", "gl-s3cret");
    assert!(!format!("{new:?}").contains("gl-s3cret"));
    let lab = providers.create_gitlab(new).await.unwrap();
    let new = NewGitea::new("forge", "https://git.example.com").oauth_app("id", "gt-s3cret");
    let forge = providers.create_gitea(new).await.unwrap();
    let new = NewBitbucket::new("acme", "bot", "bot@example.com", "bb-t0ken");
    let bb = providers.create_bitbucket(new).await.unwrap();
    let shown = format!(
        "{lab:?} {forge:?} {bb:?} {:?} {:?}",
        providers.all().await.unwrap(),
        GiteaUpdate::new().client_secret("gt-n3w")
    );
    for secret in ["gl-s3cret", "gt-s3cret", "bb-t0ken", "gt-n3w"] {
        assert!(!shown.contains(secret), "{secret} shown: {shown}");
    }
    // A refused create: the error neither prints nor keeps the secret in its message.
    let e = providers
        .create_gitea(NewGitea::new("", "https://git.example.com").oauth_app("id", "gt-s3cret"))
        .await
        .unwrap_err();
    assert_eq!(e.api().unwrap().message, "Input validation failed");
    assert!(!format!("{e} {e:?}").contains("gt-s3cret"));
}

crate::on_both_transports!(
    a_gitlab_provider_created_without_tokens_is_listed_by_get_all_but_not_by_gitlab_providers,
    a_gitea_provider_is_listed_by_git_provider_get_all,
    a_bitbucket_provider_is_created_updated_and_removed,
    updating_an_unknown_gitlab_provider_is_not_found_although_dokploy_answers_200,
    testing_and_listing_an_unreachable_host_fail_like_dokploy_says,
    github_is_read_only_and_the_fake_has_no_apps,
    sharing_a_provider_sets_the_flag_both_ways,
    removing_a_provider_leaves_the_applications_that_used_it_without_one,
    provider_secrets_never_appear_in_debug_display_or_errors,
);
