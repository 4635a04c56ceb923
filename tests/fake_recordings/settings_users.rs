//! 150–182: the `settings.*` reads (version, health, web server, Traefik's files, what needs
//! Docker) and `user.*` (get, API keys, permissions, session), against an instance holding
//! what the census instance held then: five projects, six services, one application domain
//! whose Traefik file the recordings read. And 47: the key created with Dokploy's default rate
//! limit, which answers five calls and then 401.

use super::replay::{Session, Step, recording_outcome};

use Step::{Check, Key, Seed};

/// A project with only its default environment.
const fn project(name: &'static str) -> Step {
    Seed {
        procedure: "project.create",
        input: name,
        learn: &[],
    }
}

/// An application without a domain in the first project's environment.
const fn application(input: &'static str) -> Step {
    Seed {
        procedure: "application.create",
        input,
        learn: &[],
    }
}

pub const SESSION: Session = Session {
    name: "settings_users",
    outcome: recording_outcome,
    steps: &[
        Seed {
            procedure: "project.create",
            input: r#"{"name":"census-settings"}"#,
            learn: &[("seed-environment", "/environment/environmentId")],
        },
        project(r#"{"name":"census-2"}"#),
        project(r#"{"name":"census-3"}"#),
        project(r#"{"name":"census-4"}"#),
        project(r#"{"name":"census-5"}"#),
        // The application whose Traefik file 159 lists and 171 reads.
        Seed {
            procedure: "application.create",
            input: r#"{"name":"generate-optical-protocol","appName":"app-generate-optical-protocol","environmentId":"seed-environment"}"#,
            learn: &[
                ("app-generate-optical-protocol-1g3mmc", "/appName"),
                ("seed-application", "/applicationId"),
            ],
        },
        Seed {
            procedure: "domain.create",
            input: r#"{"host":"app-generate-optical-protocol-1g3mmc.example.com","path":"/","port":80,"https":false,"applicationId":"seed-application","certificateType":"none","domainType":"application"}"#,
            learn: &[],
        },
        application(r#"{"name":"census-svc-2","environmentId":"seed-environment"}"#),
        application(r#"{"name":"census-svc-3","environmentId":"seed-environment"}"#),
        application(r#"{"name":"census-svc-4","environmentId":"seed-environment"}"#),
        application(r#"{"name":"census-svc-5","environmentId":"seed-environment"}"#),
        application(r#"{"name":"census-svc-6","environmentId":"seed-environment"}"#),
        Check("150-"),
        Check("151-"),
        Check("152-"),
        Check("153-"),
        Check("154-"),
        Check("155-"),
        Check("156-"),
        Check("157-"),
        Check("158-"),
        Check("159-"),
        Check("160-"),
        Check("161-"),
        Check("162-"),
        Check("163-"),
        Check("164-"),
        Check("165-"),
        Check("166-"),
        Check("167-"),
        Check("168-"),
        Check("169-"),
        Check("170-"),
        Check("171-"),
        Check("172-"),
        Check("175-"),
        Check("176-"),
        Check("177-"),
        Check("178-"),
        Check("179-"),
        Check("180-"),
        Check("181-"),
        Check("182-"),
    ],
};

/// 47: what the rate-limited key's instance held (a project with a staging environment, an
/// application and a postgres database), then the key with Dokploy's defaults, called eight
/// times.
pub const RATE_LIMITED_KEY: Session = Session {
    name: "rate_limited_key",
    outcome: recording_outcome,
    steps: &[
        Seed {
            procedure: "project.create",
            input: r#"{"name":"live-probe","description":"created by live experiment"}"#,
            learn: &[
                ("vCDS6ujqt_fcnV3StERsq", "/project/projectId"),
                ("6lH6lqm1K4wA0Xxyc5_5F", "/project/organizationId"),
                ("CGl9rplMV9B-d7mh6YrK-", "/environment/environmentId"),
            ],
        },
        Seed {
            procedure: "environment.create",
            input: r#"{"name":"staging","projectId":"vCDS6ujqt_fcnV3StERsq"}"#,
            learn: &[],
        },
        Seed {
            procedure: "application.create",
            input: r#"{"name":"probe-app","description":"live probe","environmentId":"CGl9rplMV9B-d7mh6YrK-"}"#,
            learn: &[],
        },
        Seed {
            procedure: "postgres.create",
            input: r#"{"name":"probe-db","databaseName":"probe","databaseUser":"probe","databasePassword":"probe-pass-123","environmentId":"CGl9rplMV9B-d7mh6YrK-","dockerImage":"postgres:16"}"#,
            learn: &[],
        },
        // No rate-limit fields: better-auth's default of 10 verifications a day.
        Key {
            input: r#"{"name":"rate-limited","metadata":{"organizationId":"6lH6lqm1K4wA0Xxyc5_5F"}}"#,
        },
        Check("47-ratelimited-key-project.all-call1"),
        Check("47-ratelimited-key-project.all-call2"),
        Check("47-ratelimited-key-project.all-call3"),
        Check("47-ratelimited-key-project.all-call4"),
        Check("47-ratelimited-key-project.all-call5"),
        Check("47-ratelimited-key-project.all-call6"),
        Check("47-ratelimited-key-project.all-call7"),
        Check("47-ratelimited-key-project.all-call8"),
    ],
};
