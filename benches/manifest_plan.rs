//! `cargo bench --bench manifest_plan`: what a plan costs as the manifest grows — 1, 20 and
//! 100 projects of 10 services each (6 applications with a domain, a mount and env vars, 2
//! compose stacks with a domain, a postgres with a daily backup, a redis) — against the
//! embedded fake, on both transports: requests, wall time and the client thread's CPU time,
//! beside the natural baseline (the same state read one request per resource over REST).
//! Options after `--`: `--projects 1,20,100`, `--rounds N` (default 3; medians are printed).

use std::time::{Duration, Instant};

use dokploy::fake::{FakeDokploy, FakeOptions};
use dokploy::manifest::{ApplyOptions, Manifest, Secrets};
use dokploy::models::Project;
use dokploy::{Client, Transport};

/// The CPU time the current thread has run (Linux: `/proc/thread-self/schedstat`, in ns).
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn manifest(projects: usize) -> String {
    let mut yaml = String::from(
        "apiVersion: dokploy/v1\ndestinations:\n  - {name: offsite, endpoint: \"http://127.0.0.1:9\", bucket: b, region: r, accessKey: \"${env:AK}\", secretAccessKey: \"${env:SK}\"}\nprojects:\n",
    );
    for p in 0..projects {
        yaml.push_str(&format!(
            "  - name: p{p}\n    env: {{REGION: eu}}\n    environments:\n      - name: production\n        applications:\n"
        ));
        for a in 0..6 {
            yaml.push_str(&format!(
                "          - name: app{a}\n            image: nginx:alpine\n            env: {{LOG_LEVEL: info, PORT: \"80\", NAME: app{a}}}\n            domains: [{{host: app{a}.p{p}.example.com, port: 80}}]\n            mounts: [{{path: /data, volume: p{p}-app{a}-data}}]\n"
            ));
        }
        yaml.push_str("        compose:\n");
        for c in 0..2 {
            yaml.push_str(&format!(
                "          - name: stack{c}\n            composeFile: \"services:\\n  web:\\n    image: nginx:alpine\\n\"\n            domains: [{{host: stack{c}.p{p}.example.com, service: web, port: 80}}]\n"
            ));
        }
        yaml.push_str(
            "        databases:\n          - name: db\n            type: postgres\n            databaseName: app\n            user: app\n            backups: [{destination: offsite, schedule: \"0 3 * * *\"}]\n          - {name: cache, type: redis}\n",
        );
    }
    yaml
}

fn secrets() -> Secrets {
    Secrets::isolated().var("AK", "access").var("SK", "secret")
}

/// Reads what a plan reads, one request per resource, over REST.
async fn baseline(client: &Client) -> usize {
    let mut requests = 1;
    let projects: Vec<Project> = client.projects().all().await.expect("project.all");
    for p in &projects {
        let _ = client
            .projects()
            .one(&p.project_id)
            .await
            .expect("project.one");
        requests += 1;
        for env in &p.environments {
            for app in &env.applications {
                let _ = client
                    .applications()
                    .one(&app.application_id)
                    .await
                    .expect("application.one");
                let _: serde_json::Value = client
                    .call("schedule.list")
                    .arg("id", &app.application_id)
                    .arg("scheduleType", "application")
                    .send()
                    .decode()
                    .await
                    .expect("schedule.list");
                requests += 2;
            }
            for c in &env.compose {
                let _ = client
                    .compose()
                    .one(&c.compose_id)
                    .await
                    .expect("compose.one");
                let _: serde_json::Value = client
                    .call("schedule.list")
                    .arg("id", &c.compose_id)
                    .arg("scheduleType", "compose")
                    .send()
                    .decode()
                    .await
                    .expect("schedule.list");
                requests += 2;
            }
            for db in env.databases() {
                let _ = client
                    .databases()
                    .one(&db.reference)
                    .await
                    .expect("database one");
                requests += 1;
            }
        }
    }
    // destinations, notifications, git providers, servers, SSH keys, tags
    for procedure in [
        "destination.all",
        "notification.all",
        "gitProvider.getAll",
        "server.all",
        "sshKey.all",
        "tag.all",
    ] {
        let _: serde_json::Value = client
            .call(procedure)
            .send()
            .decode()
            .await
            .expect(procedure);
        requests += 1;
    }
    requests
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let sizes: Vec<usize> = value("--projects")
        .unwrap_or_else(|| "1,20,100".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let rounds: usize = value("--rounds").and_then(|r| r.parse().ok()).unwrap_or(3);

    // The fake on its own thread; the client on this one (so the CPU time is the client's).
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");

    println!(
        "| projects (services) | transport | plan: requests | plan: wall | plan: client CPU | one request per resource (REST): requests | wall | CPU | wall ratio |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for &n in &sizes {
        let fake = server
            .block_on(FakeDokploy::start_with(FakeOptions::default()))
            .expect("the fake starts");
        let m = Manifest::from_yaml("bench.yaml", &manifest(n)).expect("the manifest reads");
        let setup = fake.client();
        client_rt.block_on(async {
            let (_, report) = setup
                .manifest()
                .secrets(secrets())
                .apply(
                    &m,
                    ApplyOptions {
                        deploy: false,
                        ..ApplyOptions::default()
                    },
                )
                .await
                .expect("apply");
            assert!(report.succeeded(), "{report:?}");
        });
        for transport in Transport::ALL {
            let client = fake.client_on(transport);
            let (mut walls, mut cpus, mut base_walls, mut base_cpus) =
                (vec![], vec![], vec![], vec![]);
            let (mut requests, mut base_requests) = (0, 0);
            for _ in 0..rounds {
                let before = fake.requests().len();
                let (t, c) = (Instant::now(), thread_cpu());
                let plan = client_rt
                    .block_on(client.manifest().secrets(secrets()).plan(&m))
                    .expect("plan");
                walls.push(t.elapsed().as_secs_f64() * 1e3);
                if let (Some(c0), Some(c1)) = (c, thread_cpu()) {
                    cpus.push((c1 - c0).as_secs_f64() * 1e3);
                }
                assert!(!plan.has_changes(), "{}", plan.render(false));
                requests = fake.requests().len() - before;

                let rest = fake.client_on(Transport::Rest);
                let (t, c) = (Instant::now(), thread_cpu());
                base_requests = client_rt.block_on(baseline(&rest));
                base_walls.push(t.elapsed().as_secs_f64() * 1e3);
                if let (Some(c0), Some(c1)) = (c, thread_cpu()) {
                    base_cpus.push((c1 - c0).as_secs_f64() * 1e3);
                }
            }
            let (wall, base_wall) = (median(walls), median(base_walls));
            let cpu = if cpus.is_empty() {
                f64::NAN
            } else {
                median(cpus)
            };
            let base_cpu = if base_cpus.is_empty() {
                f64::NAN
            } else {
                median(base_cpus)
            };
            println!(
                "| {n} ({}) | {transport:?} | {requests} | {wall:.0} ms | {cpu:.0} ms | {base_requests} | {base_wall:.0} ms | {base_cpu:.0} ms | {:.2} |",
                n * 10,
                wall / base_wall
            );
        }
    }
}
