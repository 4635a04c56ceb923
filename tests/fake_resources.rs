//! The embedded fake's resources behave like Dokploy's: projects and their default environment,
//! environments, applications, the six databases, compose stacks, domains, servers.

mod common;

use dokploy::ResponseExt;
use dokploy::Transport;
use dokploy::fake::FakeDokploy;
use dokploy::required;
use dokploy::types::ComposeLoadServicesType;
use serde_json::{Value, json};

use common::{call, fast_fake, project};

fn id(value: &Value, key: &str) -> String {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {value}"))
        .to_string()
}

fn message(error: &dokploy::Error) -> (u16, String) {
    let api = error
        .api()
        .unwrap_or_else(|| panic!("an API error: {error:?}"));
    (api.status.as_u16(), api.message.clone())
}

fn is_nanoid(text: &str) -> bool {
    text.len() == 21
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

async fn app_in(fake: &FakeDokploy, transport: Transport, env: &str, name: &str) -> Value {
    call(
        &fake.client_on(transport),
        "application.create",
        json!({"name": name, "environmentId": env}),
    )
    .await
    .unwrap()
}

async fn project_create_returns_the_project_and_its_default_production_environment(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let created: Value = fake
        .client_on(transport)
        .project_create()
        .required(required::ProjectCreate {
            name: "shop".into(),
        })
        .body_map(|b| b.description(Some("the shop".to_string())))
        .send()
        .decode()
        .await
        .unwrap();
    let project = &created["project"];
    let env = &created["environment"];
    assert!(is_nanoid(project["projectId"].as_str().unwrap()));
    assert_eq!(project["name"], "shop");
    assert_eq!(project["description"], "the shop");
    assert_eq!(project["env"], "");
    assert!(project["createdAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(env["name"], "production");
    assert_eq!(env["description"], "Production environment");
    assert_eq!(env["isDefault"], true);
    assert_eq!(env["env"], "");
    assert_eq!(env["projectId"], project["projectId"]);
}

async fn project_all_lists_newest_first_with_service_summaries_and_databases_by_id_only(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (_, old_env) = project(&client, "old").await;
    project(&client, "new").await;
    app_in(&fake, transport, &old_env, "web").await;
    call(
        &client,
        "redis.create",
        json!({"name": "cache", "environmentId": old_env, "databasePassword": "pw"}),
    )
    .await
    .unwrap();
    let all: Vec<Value> = client.project_all().send().decode().await.unwrap();
    let names: Vec<&str> = all.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["new", "old"]);
    let env = &all[1]["environments"][0];
    let keys: Vec<&String> = env.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 11, "{keys:?}");
    assert_eq!(
        env["applications"][0].as_object().unwrap().len(),
        3,
        "applicationId, name, applicationStatus"
    );
    let redis = env["redis"][0].as_object().unwrap();
    assert_eq!(redis.keys().collect::<Vec<_>>(), ["redisId"]);
    assert_eq!(all[1]["projectTags"], json!([]));
}

async fn project_one_nests_environments_with_service_columns_and_unknown_ids_are_404(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (project_id, env) = project(&client, "p").await;
    app_in(&fake, transport, &env, "web").await;
    call(
        &client,
        "mongo.create",
        json!({"name": "m", "environmentId": env, "databaseUser": "u", "databasePassword": "p"}),
    )
    .await
    .unwrap();
    let one = call(&client, "project.one", json!({"projectId": project_id}))
        .await
        .unwrap();
    let env = &one["environments"][0];
    assert_eq!(env["isDefault"], true);
    let app = env["applications"][0].as_object().unwrap();
    for key in [
        "name",
        "description",
        "appName",
        "createdAt",
        "serverId",
        "applicationStatus",
        "applicationId",
        "icon",
        "server",
    ] {
        assert!(app.contains_key(key), "{key}");
    }
    assert!(env["mongo"][0]["mongoId"].is_string());
    assert!(env["mongo"][0]["server"].is_null());
    let error = call(&client, "project.one", json!({"projectId": "nope"}))
        .await
        .unwrap_err();
    assert_eq!(message(&error), (404, "Project not found".into()));
}

async fn project_update_returns_the_row_and_remove_cascades_to_everything_inside(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (project_id, env) = project(&client, "p").await;
    let updated = call(
        &client,
        "project.update",
        json!({"projectId": project_id, "name": "renamed", "env": "A=1"}),
    )
    .await
    .unwrap();
    assert_eq!(updated["name"], "renamed");
    assert_eq!(updated["env"], "A=1");
    assert!(updated.get("environments").is_none(), "only the columns");
    let app = app_in(&fake, transport, &env, "web").await;
    let removed = call(&client, "project.remove", json!({"projectId": project_id}))
        .await
        .unwrap();
    assert_eq!(removed["projectId"], project_id.as_str());
    let error = call(
        &client,
        "application.one",
        json!({"applicationId": id(&app, "applicationId")}),
    )
    .await
    .unwrap_err();
    assert_eq!(message(&error).0, 404);
    let error = call(&client, "environment.one", json!({"environmentId": env}))
        .await
        .unwrap_err();
    assert_eq!(message(&error), (404, "Environment not found".into()));
}

async fn environments_production_is_reserved_and_the_default_cannot_be_renamed_or_removed(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (project_id, production) = project(&client, "p").await;
    let error = call(
        &client,
        "environment.create",
        json!({"name": "production", "projectId": project_id}),
    )
    .await
    .unwrap_err();
    assert_eq!(
        message(&error),
        (
            400,
            "You cannot create a environment with the name 'production'".into()
        )
    );
    let staging = call(
        &client,
        "environment.create",
        json!({"name": "staging", "projectId": project_id, "description": "pre"}),
    )
    .await
    .unwrap();
    assert_eq!(staging["isDefault"], false);
    assert_eq!(staging["env"], "");

    let error = call(
        &client,
        "environment.update",
        json!({"environmentId": production, "name": "prod"}),
    )
    .await
    .unwrap_err();
    assert_eq!(
        message(&error),
        (
            400,
            "Error updating the environment: You cannot rename the default environment".into()
        )
    );
    let error = call(
        &client,
        "environment.remove",
        json!({"environmentId": production}),
    )
    .await
    .unwrap_err();
    assert_eq!(
        message(&error),
        (400, "You cannot delete the default environment".into())
    );

    let list = call(
        &client,
        "environment.byProjectId",
        json!({"projectId": project_id}),
    )
    .await
    .unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["production", "staging"], "oldest first");
    let removed = call(
        &client,
        "environment.remove",
        json!({"environmentId": id(&staging, "environmentId")}),
    )
    .await
    .unwrap();
    assert_eq!(removed["name"], "staging");
    let none = call(
        &client,
        "environment.byProjectId",
        json!({"projectId": "nope"}),
    )
    .await
    .unwrap();
    assert_eq!(none, json!([]));
}

async fn application_create_fills_dokploys_defaults_and_suffixes_the_app_name(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (_, env) = project(&client, "p").await;
    let app = app_in(&fake, transport, &env, "web").await;
    assert_eq!(app["sourceType"], "github");
    assert_eq!(app["buildType"], "nixpacks");
    assert_eq!(app["applicationStatus"], "idle");
    assert_eq!(app["dockerfile"], "Dockerfile");
    assert_eq!(app["replicas"], 1);
    assert_eq!(app["networkIds"], json!([]));
    assert!(app["env"].is_null());
    let generated = app["appName"].as_str().unwrap();
    assert!(generated.starts_with("app-"), "{generated}");
    let named = call(
        &client,
        "application.create",
        json!({"name": "api", "environmentId": env, "appName": "My API"}),
    )
    .await
    .unwrap();
    let app_name = named["appName"].as_str().unwrap();
    assert!(app_name.starts_with("my-api-") && app_name.len() == "my-api-".len() + 6);

    let error = call(
        &client,
        "application.create",
        json!({"name": "x", "environmentId": "nope"}),
    )
    .await
    .unwrap_err();
    assert_eq!(message(&error), (404, "Environment not found".into()));
}

async fn application_update_and_save_procedures_return_true_and_change_the_row(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (_, env) = project(&client, "p").await;
    let app_id = id(
        &app_in(&fake, transport, &env, "web").await,
        "applicationId",
    );
    let updated = client
        .application_update()
        .required(required::ApplicationUpdate {
            application_id: app_id.clone(),
        })
        .body_map(|b| b.memory_limit(Some("536870912".to_string())))
        .send()
        .body()
        .await
        .unwrap();
    assert_eq!(updated.as_bool(), Some(true));
    let saved = call(
        &client,
        "application.saveDockerProvider",
        json!({"applicationId": app_id, "dockerImage": "nginx:alpine"}),
    )
    .await
    .unwrap();
    assert_eq!(saved, json!(true));
    let saved = call(
        &client,
        "application.saveBuildType",
        json!({"applicationId": app_id, "buildType": "dockerfile", "dockerfile": "Containerfile"}),
    )
    .await
    .unwrap();
    assert_eq!(saved, json!(true));
    let one = call(&client, "application.one", json!({"applicationId": app_id}))
        .await
        .unwrap();
    assert_eq!(one["memoryLimit"], "536870912");
    assert_eq!(one["sourceType"], "docker");
    assert_eq!(one["dockerImage"], "nginx:alpine");
    assert_eq!(one["buildType"], "dockerfile");
    assert_eq!(one["dockerfile"], "Containerfile");
    assert_eq!(one["hasGitProviderAccess"], true);

    let saved = call(
        &client,
        "application.saveGithubProvider",
        json!({"applicationId": app_id, "repository": "shop", "owner": "acme",
               "branch": "main", "buildPath": "/", "githubId": null}),
    )
    .await
    .unwrap();
    assert_eq!(saved, json!(true));
    let one = call(&client, "application.one", json!({"applicationId": app_id}))
        .await
        .unwrap();
    assert_eq!(
        (&one["sourceType"], &one["repository"], &one["triggerType"]),
        (&json!("github"), &json!("shop"), &json!("push"))
    );

    let error = call(
        &client,
        "application.update",
        json!({"applicationId": "nope", "description": "x"}),
    )
    .await
    .unwrap_err();
    assert_eq!(message(&error), (400, "Error updating application".into()));
    let error = call(
        &client,
        "application.saveDockerProvider",
        json!({"applicationId": "nope", "dockerImage": "x"}),
    )
    .await
    .unwrap_err();
    assert_eq!(message(&error), (404, "Application not found".into()));
}

async fn application_start_and_stop_return_the_row_loaded_before_the_status_change(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (_, env) = project(&client, "p").await;
    let app_id = id(
        &app_in(&fake, transport, &env, "web").await,
        "applicationId",
    );
    let started = call(
        &client,
        "application.start",
        json!({"applicationId": app_id}),
    )
    .await
    .unwrap();
    assert_eq!(started["applicationStatus"], "idle");
    assert!(started["environment"]["project"].is_object());
    let stopped = call(
        &client,
        "application.stop",
        json!({"applicationId": app_id}),
    )
    .await
    .unwrap();
    assert_eq!(stopped["applicationStatus"], "done");
    let one = call(&client, "application.one", json!({"applicationId": app_id}))
        .await
        .unwrap();
    assert_eq!(one["applicationStatus"], "idle");
}

async fn application_delete_returns_the_application_as_loaded_with_its_relations(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (_, env) = project(&client, "p").await;
    let app_id = id(
        &app_in(&fake, transport, &env, "web").await,
        "applicationId",
    );
    let domain = call(
        &client,
        "domain.create",
        json!({"host": "web.example.test", "applicationId": app_id, "domainType": "application"}),
    )
    .await
    .unwrap();
    let deleted = call(
        &client,
        "application.delete",
        json!({"applicationId": app_id}),
    )
    .await
    .unwrap();
    assert_eq!(deleted["domains"].as_array().unwrap().len(), 1);
    assert!(deleted.get("hasGitProviderAccess").is_none());
    let error = call(
        &client,
        "domain.one",
        json!({"domainId": id(&domain, "domainId")}),
    )
    .await
    .unwrap_err();
    assert_eq!(message(&error), (404, "Domain not found".into()));
}

async fn each_database_kind_has_its_id_default_image_data_volume_and_not_found_message(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (_, env) = project(&client, "dbs").await;
    let cases = [
        (
            "postgres",
            json!({"databaseName": "d", "databaseUser": "u", "databasePassword": ""}),
            "postgres:18",
            "/var/lib/postgresql/18/docker",
            "Postgres not found",
        ),
        (
            "mysql",
            json!({"databaseName": "d", "databaseUser": "u", "databasePassword": "p"}),
            "mysql:8",
            "/var/lib/mysql",
            "MySql not found",
        ),
        (
            "mariadb",
            json!({"databaseName": "d", "databaseUser": "u", "databasePassword": "p"}),
            "mariadb:6",
            "/var/lib/mysql",
            "Mariadb not found",
        ),
        (
            "mongo",
            json!({"databaseUser": "u", "databasePassword": "p"}),
            "mongo:15",
            "/data/db",
            "Mongo not found",
        ),
        (
            "redis",
            json!({"databasePassword": "p"}),
            "redis:8",
            "/data",
            "Redis not found",
        ),
    ];
    for (kind, extra, image, mount_path, not_found) in cases {
        let mut input = json!({"name": kind, "environmentId": env});
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        let created = call(&client, &format!("{kind}.create"), input)
            .await
            .unwrap();
        let id_key = format!("{kind}Id");
        let db_id = id(&created, &id_key);
        assert_eq!(created["dockerImage"], image, "{kind}");
        assert_eq!(created["applicationStatus"], "idle");
        assert!(
            !created["databasePassword"].as_str().unwrap().is_empty(),
            "{kind}: a password is generated when empty"
        );
        assert!(
            created["appName"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{kind}-"))
        );
        let one = call(
            &client,
            &format!("{kind}.one"),
            json!({id_key.clone(): db_id}),
        )
        .await
        .unwrap();
        let mount = &one["mounts"][0];
        assert_eq!(
            mount["volumeName"],
            format!("{}-data", created["appName"].as_str().unwrap())
        );
        assert_eq!(mount["mountPath"], mount_path, "{kind}");
        assert_eq!(mount[&id_key], db_id.as_str());
        assert_eq!(
            one.get("backups").is_some(),
            kind != "redis",
            "{kind}: backups"
        );

        assert_eq!(
            call(
                &client,
                &format!("{kind}.update"),
                json!({id_key.clone(): db_id, "description": "d"})
            )
            .await
            .unwrap(),
            json!(true)
        );
        assert_eq!(
            call(
                &client,
                &format!("{kind}.saveEnvironment"),
                json!({id_key.clone(): db_id, "env": "A=1"})
            )
            .await
            .unwrap(),
            json!(true)
        );
        let stopped = call(
            &client,
            &format!("{kind}.stop"),
            json!({id_key.clone(): db_id}),
        )
        .await
        .unwrap();
        assert_eq!(stopped["env"], "A=1");
        let removed = call(
            &client,
            &format!("{kind}.remove"),
            json!({id_key.clone(): db_id}),
        )
        .await
        .unwrap();
        assert_eq!(removed["description"], "d");
        let error = call(
            &client,
            &format!("{kind}.one"),
            json!({id_key.clone(): db_id}),
        )
        .await
        .unwrap_err();
        assert_eq!(message(&error), (404, not_found.to_string()), "{kind}");
    }
}

async fn libsql_create_returns_true_and_needs_its_nullable_keys_present(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (project_id, env) = project(&client, "p").await;
    let created = client
        .libsql_create()
        .required(required::LibsqlCreate {
            app_name: "edge".into(),
            database_password: "p".into(),
            database_user: "u".into(),
            environment_id: env.clone(),
            name: "edge".into(),
            sqld_node: dokploy::types::LibsqlCreateBodySqldNode::Primary,
        })
        .send()
        .body()
        .await
        .unwrap();
    assert_eq!(created.as_bool(), Some(true));
    let one = call(&client, "project.one", json!({"projectId": project_id}))
        .await
        .unwrap();
    let libsql = &one["environments"][0]["libsql"][0];
    assert!(libsql["appName"].as_str().unwrap().starts_with("edge-"));

    let answer = common::raw(
        &fake,
        "POST",
        "/api/libsql.create",
        Some("application/json"),
        &json!({"name": "x", "environmentId": env, "databaseUser": "u",
                "databasePassword": "p", "sqldNode": "primary"})
        .to_string(),
        Some(fake.api_key()),
    )
    .await;
    assert_eq!(answer.status, 400);
    let missing: Vec<Value> = answer.json()["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"][0].clone())
        .collect();
    assert_eq!(
        missing,
        [
            json!("appName"),
            json!("description"),
            json!("sqldPrimaryUrl"),
            json!("serverId")
        ]
    );

    let error = call(
        &client,
        "libsql.create",
        json!({"name": "x", "appName": "x", "environmentId": env, "databaseUser": "u",
               "databasePassword": "p", "sqldNode": "replica", "sqldPrimaryUrl": null,
               "description": null, "serverId": null}),
    )
    .await
    .unwrap_err();
    assert_eq!(
        error.api().unwrap().issues[0].code.as_deref(),
        Some("custom")
    );
}

async fn compose_create_defaults_to_a_github_source_and_compose_type(transport: Transport) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (_, env) = project(&client, "p").await;
    let compose = call(
        &client,
        "compose.create",
        json!({"name": "stack", "environmentId": env}),
    )
    .await
    .unwrap();
    assert_eq!(compose["sourceType"], "github");
    assert_eq!(compose["composeType"], "docker-compose");
    assert_eq!(compose["composeStatus"], "idle");
    assert_eq!(compose["composeFile"], "");
    assert_eq!(compose["composePath"], "./docker-compose.yml");
    assert!(compose["appName"].as_str().unwrap().starts_with("compose-"));
    let updated = call(
        &client,
        "compose.update",
        json!({"composeId": compose["composeId"], "description": "d"}),
    )
    .await
    .unwrap();
    assert_eq!(
        updated["description"], "d",
        "compose.update returns the row"
    );
}

async fn compose_load_services_from_cache_is_404_until_fetched_then_lists_the_services(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (_, env) = project(&client, "p").await;
    let file = "services:\n  web:\n    image: nginx\n  worker:\n    image: busybox\nvolumes:\n  data: {}\n";
    let compose = call(
        &client,
        "compose.create",
        json!({"name": "stack", "environmentId": env, "sourceType": "raw", "composeFile": file}),
    )
    .await
    .unwrap();
    let compose_id = id(&compose, "composeId");
    let error = client
        .compose_load_services()
        .required(required::ComposeLoadServices {
            compose_id: compose_id.clone(),
        })
        .send()
        .body()
        .await
        .unwrap_err();
    assert_eq!(message(&error), (404, "Services not found".into()));
    let fetched: Vec<String> = client
        .compose_load_services()
        .required(required::ComposeLoadServices {
            compose_id: compose_id.clone(),
        })
        .type_(ComposeLoadServicesType::Fetch)
        .send()
        .decode()
        .await
        .unwrap();
    assert_eq!(fetched, ["web", "worker"]);
    let cached: Vec<String> = client
        .compose_load_services()
        .required(required::ComposeLoadServices {
            compose_id: compose_id.clone(),
        })
        .send()
        .decode()
        .await
        .unwrap();
    assert_eq!(cached, ["web", "worker"]);
}

async fn compose_delete_needs_delete_volumes_and_returns_the_compose_with_relations(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (_, env) = project(&client, "p").await;
    let compose = call(
        &client,
        "compose.create",
        json!({"name": "stack", "environmentId": env}),
    )
    .await
    .unwrap();
    let compose_id = id(&compose, "composeId");
    let answer = common::raw(
        &fake,
        "POST",
        "/api/compose.delete",
        Some("application/json"),
        &json!({"composeId": compose_id}).to_string(),
        Some(fake.api_key()),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["issues"][0]["path"], json!(["deleteVolumes"]));
    assert_eq!(
        call(&client, "compose.start", json!({"composeId": compose_id}))
            .await
            .unwrap(),
        json!(true)
    );
    assert_eq!(
        call(
            &client,
            "compose.saveEnvironment",
            json!({"composeId": compose_id, "env": "A=1"})
        )
        .await
        .unwrap(),
        json!(true)
    );
    let deleted = call(
        &client,
        "compose.delete",
        json!({"composeId": compose_id, "deleteVolumes": false}),
    )
    .await
    .unwrap();
    assert_eq!(deleted["composeStatus"], "done");
    assert_eq!(deleted["env"], "A=1");
    assert!(deleted["environment"]["project"].is_object());
    let error = call(&client, "compose.one", json!({"composeId": compose_id}))
        .await
        .unwrap_err();
    assert_eq!(message(&error), (404, "Compose not found".into()));
}

async fn domains_are_created_with_defaults_listed_with_their_service_updated_and_deleted(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let (_, env) = project(&client, "p").await;
    let compose = call(
        &client,
        "compose.create",
        json!({"name": "stack", "environmentId": env}),
    )
    .await
    .unwrap();
    let compose_id = id(&compose, "composeId");
    let domain = call(
        &client,
        "domain.create",
        json!({"host": "stack.example.test", "composeId": compose_id,
               "serviceName": "web", "domainType": "compose"}),
    )
    .await
    .unwrap();
    assert_eq!(domain["port"], 3000);
    assert_eq!(domain["path"], "/");
    assert_eq!(domain["https"], false);
    assert_eq!(domain["certificateType"], "none");
    assert_eq!(domain["uniqueConfigKey"], 1);
    assert_eq!(domain["enabled"], true);
    let listed = call(
        &client,
        "domain.byComposeId",
        json!({"composeId": compose_id}),
    )
    .await
    .unwrap();
    assert_eq!(listed[0]["compose"]["composeId"], compose_id.as_str());
    assert_eq!(listed[0]["compose"].as_object().unwrap().len(), 3);

    let answer = common::raw(
        &fake,
        "POST",
        "/api/domain.update",
        Some("application/json"),
        &json!({"domainId": domain["domainId"], "https": true}).to_string(),
        Some(fake.api_key()),
    )
    .await;
    assert_eq!(
        answer.json()["issues"][0]["path"],
        json!(["host"]),
        "host is required"
    );
    let updated = call(
        &client,
        "domain.update",
        json!({"domainId": domain["domainId"], "host": "new.example.test", "https": true}),
    )
    .await
    .unwrap();
    assert_eq!(updated["host"], "new.example.test");
    assert_eq!(updated["https"], true);
    let deleted = call(
        &client,
        "domain.delete",
        json!({"domainId": domain["domainId"]}),
    )
    .await
    .unwrap();
    assert_eq!(deleted["host"], "new.example.test");

    let error = call(
        &client,
        "domain.create",
        json!({"host": "x.example.test", "applicationId": "nope"}),
    )
    .await
    .unwrap_err();
    assert_eq!(message(&error), (400, "Application not found".into()));
}

async fn servers_are_created_listed_with_total_sum_and_removed_only_without_services(
    transport: Transport,
) {
    let fake = fast_fake().await;
    let client = fake.client_on(transport);
    let server = call(
        &client,
        "server.create",
        json!({"name": "edge-1", "ipAddress": "203.0.113.7", "port": 22, "username": "root",
               "serverType": "deploy", "description": null, "sshKeyId": null}),
    )
    .await
    .unwrap();
    let server_id = id(&server, "serverId");
    assert_eq!(server["serverStatus"], "active");
    assert_eq!(server["enableDockerCleanup"], true);
    let (_, env) = project(&client, "p").await;
    let app = call(
        &client,
        "application.create",
        json!({"name": "web", "environmentId": env, "serverId": server_id}),
    )
    .await
    .unwrap();
    let all = call(&client, "server.all", json!({})).await.unwrap();
    assert_eq!(all[0]["totalSum"], 1);
    let one = call(&client, "server.one", json!({"serverId": server_id}))
        .await
        .unwrap();
    assert_eq!(one["deployments"], json!([]));
    assert!(one["sshKey"].is_null());
    let project_one = call(&client, "environment.one", json!({"environmentId": env}))
        .await
        .unwrap();
    assert_eq!(
        project_one["applications"][0]["server"],
        json!({"name": "edge-1", "serverId": server_id})
    );

    let error = call(&client, "server.remove", json!({"serverId": server_id}))
        .await
        .unwrap_err();
    assert_eq!(
        message(&error),
        (
            400,
            "Server has active services, please delete them first".into()
        )
    );
    call(
        &client,
        "application.delete",
        json!({"applicationId": app["applicationId"]}),
    )
    .await
    .unwrap();
    let removed = call(&client, "server.remove", json!({"serverId": server_id}))
        .await
        .unwrap();
    assert_eq!(removed["name"], "edge-1");
    let error = call(&client, "server.one", json!({"serverId": server_id}))
        .await
        .unwrap_err();
    assert_eq!(message(&error), (404, "Server not found".into()));

    let answer = common::raw(
        &fake,
        "POST",
        "/api/server.create",
        Some("application/json"),
        &json!({"name": "x", "ipAddress": "1.2.3.4", "port": 22, "username": "root",
                "serverType": "deploy"})
        .to_string(),
        Some(fake.api_key()),
    )
    .await;
    let missing: Vec<Value> = answer.json()["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"][0].clone())
        .collect();
    assert_eq!(missing, [json!("description"), json!("sshKeyId")]);
}

async fn deployment_logs_of_an_unknown_deployment_are_404(transport: Transport) {
    let fake = fast_fake().await;
    let error = call(
        &fake.client_on(transport),
        "deployment.readLogs",
        json!({"deploymentId": "nope"}),
    )
    .await
    .unwrap_err();
    assert_eq!(message(&error), (404, "Deployment not found".into()));
}

crate::on_both_transports!(
    project_create_returns_the_project_and_its_default_production_environment,
    project_all_lists_newest_first_with_service_summaries_and_databases_by_id_only,
    project_one_nests_environments_with_service_columns_and_unknown_ids_are_404,
    project_update_returns_the_row_and_remove_cascades_to_everything_inside,
    environments_production_is_reserved_and_the_default_cannot_be_renamed_or_removed,
    application_create_fills_dokploys_defaults_and_suffixes_the_app_name,
    application_update_and_save_procedures_return_true_and_change_the_row,
    application_start_and_stop_return_the_row_loaded_before_the_status_change,
    application_delete_returns_the_application_as_loaded_with_its_relations,
    each_database_kind_has_its_id_default_image_data_volume_and_not_found_message,
    libsql_create_returns_true_and_needs_its_nullable_keys_present,
    compose_create_defaults_to_a_github_source_and_compose_type,
    compose_load_services_from_cache_is_404_until_fetched_then_lists_the_services,
    compose_delete_needs_delete_volumes_and_returns_the_compose_with_relations,
    domains_are_created_with_defaults_listed_with_their_service_updated_and_deleted,
    servers_are_created_listed_with_total_sum_and_removed_only_without_services,
    deployment_logs_of_an_unknown_deployment_are_404,
);
