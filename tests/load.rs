//! Load on the embedded fake: 500 concurrent calls and 50 concurrent deploy-and-waits at once,
//! with the client's default retry policy. Every call must succeed, and no request may be lost
//! or doubled: the fake's request log grows by exactly the number of attempts the client traced,
//! and none of them was a retry.
//!
//! The fake's deploy delays are short (a 10 ms queue, a 200 ms build) so the test takes a few
//! seconds; the figures are printed for the record.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dokploy::WaitOptions;
use dokploy::fake::{FakeDokploy, FakeOptions};

const CALLS: usize = 500;
const DEPLOYS: usize = 50;

/// Counts the client's traced attempts, retries and failures, on every thread.
#[derive(Clone, Default)]
struct Counts {
    answered: Arc<AtomicUsize>,
    failed: Arc<AtomicUsize>,
    retries: Arc<AtomicUsize>,
}

struct Message(Option<String>);

impl tracing::field::Visit for Message {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

impl tracing::Subscriber for Counts {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target() == "dokploy"
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut message = Message(None);
        event.record(&mut message);
        let counter = match message.0.as_deref() {
            Some("dokploy request") => &self.answered,
            Some("dokploy request failed") => &self.failed,
            Some("dokploy retry") => &self.retries,
            _ => return,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_calls_and_fifty_deploys_at_once_lose_nothing() {
    let counts = Counts::default();
    tracing::subscriber::set_global_default(counts.clone()).unwrap();

    let fake = FakeDokploy::start_with(FakeOptions {
        queue_delay: Duration::from_millis(10),
        build_duration: Duration::from_millis(200),
        ..FakeOptions::default()
    })
    .await
    .unwrap();
    let client = fake.client();
    let env = client
        .projects()
        .create("load", None)
        .await
        .unwrap()
        .environment
        .environment_id;
    let mut apps = Vec::new();
    for i in 0..DEPLOYS {
        let app = client
            .applications()
            .create(&env, &format!("web-{i}"))
            .await
            .unwrap();
        apps.push(app.application_id);
    }

    let log_before = fake.requests().len();
    let attempts_before = counts.answered.load(Ordering::SeqCst);
    let started = Instant::now();
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..CALLS {
        let client = client.clone();
        let app = apps[i % DEPLOYS].clone();
        calls.spawn(async move {
            match i % 3 {
                0 => client.projects().all().await.map(|p| p.len()),
                1 => client.applications().one(&app).await.map(|_| 1),
                _ => client.deployments().all(&app).await.map(|d| d.len()),
            }
        });
    }
    let mut deploys = tokio::task::JoinSet::new();
    for app in &apps {
        let client = client.clone();
        let app = app.clone();
        deploys.spawn(async move {
            client
                .deploy_application(&app)
                .options(WaitOptions {
                    poll_interval: Duration::from_millis(50),
                    max_poll_interval: Duration::from_millis(100),
                    timeout: Duration::from_secs(60),
                    ..WaitOptions::default()
                })
                .wait()
                .await
        });
    }
    let mut call_errors = Vec::new();
    while let Some(result) = calls.join_next().await {
        if let Err(e) = result.unwrap() {
            call_errors.push(e.to_string());
        }
    }
    let calls_done = started.elapsed();
    let mut deploy_errors = Vec::new();
    while let Some(result) = deploys.join_next().await {
        match result.unwrap() {
            Ok(outcome) if outcome.succeeded() => {}
            Ok(outcome) => deploy_errors.push(format!("{:?}", outcome.status())),
            Err(e) => deploy_errors.push(e.to_string()),
        }
    }
    let elapsed = started.elapsed();

    let logged = fake.requests().len() - log_before;
    let attempts = counts.answered.load(Ordering::SeqCst) - attempts_before;
    let triggers = fake
        .requests()
        .split_off(log_before)
        .iter()
        .filter(|r| r.procedure() == "application.deploy")
        .count();
    println!(
        "load: {CALLS} concurrent calls and {DEPLOYS} concurrent deploy-and-waits in {:.2} s \
         (the calls alone {:.2} s): {logged} requests in the fake's log, {attempts} attempts \
         traced by the client, {} retries, {} failed attempts, {triggers} triggers",
        elapsed.as_secs_f64(),
        calls_done.as_secs_f64(),
        counts.retries.load(Ordering::SeqCst),
        counts.failed.load(Ordering::SeqCst),
    );
    assert!(call_errors.is_empty(), "{call_errors:#?}");
    assert!(deploy_errors.is_empty(), "{deploy_errors:#?}");
    assert_eq!(counts.failed.load(Ordering::SeqCst), 0);
    assert_eq!(counts.retries.load(Ordering::SeqCst), 0);
    assert_eq!(triggers, DEPLOYS, "each deploy triggered exactly once");
    assert_eq!(
        logged, attempts,
        "every request sent reached the fake, once"
    );
    assert!(logged >= CALLS + 3 * DEPLOYS, "{logged}");
}
