//! How light deploy-and-wait is on the server: the requests one wait makes for a 60-second build
//! with the default [`WaitOptions`], counted on the embedded fake.
//!
//! Every duration (the fake's queue delay and build time, and each wait option) is divided by
//! [`SCALE`] so the test takes under a second; the schedule of polls, and so the count, is the
//! same as at full scale. Slow requests on a loaded machine can only delay polls (fewer of them),
//! never add any, so the count is checked against the schedule as an upper bound.

mod common;

use dokploy::Transport;
use std::time::Duration;

use dokploy::WaitOptions;
use dokploy::fake::{FakeDokploy, FakeOptions};

/// Real durations are this many times longer than the test's.
const SCALE: u32 = 100;
/// The build the count is for.
const BUILD: Duration = Duration::from_secs(60);
/// How long the deploy stays queued before its job starts.
const QUEUE: Duration = Duration::from_secs(1);

/// How many polls the default schedule makes until one sees a build that ends at `end`: the
/// first pause is `poll_interval`, each next one half as long again, at most
/// `max_poll_interval`.
fn polls_until(options: &WaitOptions, end: Duration) -> usize {
    let (mut at, mut pause, mut polls) = (Duration::ZERO, options.poll_interval, 0);
    while at < end {
        at += pause;
        pause = pause.mul_f64(1.5).min(options.max_poll_interval);
        polls += 1;
    }
    polls
}

fn scaled(options: &WaitOptions) -> WaitOptions {
    WaitOptions {
        timeout: options.timeout / SCALE,
        start_timeout: options.start_timeout / SCALE,
        running_timeout: options.running_timeout / SCALE,
        poll_interval: options.poll_interval / SCALE,
        max_poll_interval: options.max_poll_interval / SCALE,
        ..options.clone()
    }
}

async fn waiting_for_a_60_second_build_with_default_options_makes_a_dozen_requests(
    transport: Transport,
) {
    let fake = FakeDokploy::start_with(FakeOptions {
        queue_delay: QUEUE / SCALE,
        build_duration: BUILD / SCALE,
        ..FakeOptions::default()
    })
    .await
    .unwrap();
    let client = fake.client_on(transport);
    let env = client
        .projects()
        .create("load", None)
        .await
        .unwrap()
        .environment
        .environment_id;
    let app = client
        .applications()
        .create(&env, "web")
        .await
        .unwrap()
        .application_id;

    let defaults = WaitOptions::default();
    let before = fake.requests().len();
    let outcome = client
        .deploy_application(&app)
        .options(scaled(&defaults))
        .wait()
        .await
        .unwrap();
    assert!(outcome.succeeded());

    let requests = fake.requests().split_off(before);
    let count = |procedure: &str| {
        requests
            .iter()
            .filter(|r| r.procedure() == procedure)
            .count()
    };
    // One `application.one` reads the env block to check its `${{…}}` references, one
    // `deployment.all` lists the rows before the trigger; the other lists are polls.
    let polls = count("deployment.all").saturating_sub(1);
    let allowed = polls_until(&defaults, QUEUE + BUILD);
    println!(
        "deploy-and-wait for a {}-second build with the default options: {} requests \
         (1 env reference check, 1 list before the trigger, 1 trigger, {polls} polls; \
         the schedule allows {allowed})",
        BUILD.as_secs(),
        requests.len(),
    );
    assert_eq!(count("application.deploy"), 1, "{requests:#?}");
    assert_eq!(count("application.one"), 1, "{requests:#?}");
    assert_eq!(
        count("deployment.all") + 2,
        requests.len(),
        "only the reference check, the trigger and deployment lists: {requests:#?}"
    );
    assert!(
        (2..=allowed).contains(&polls),
        "{polls} polls, the schedule allows {allowed}"
    );
    // The default schedule itself: 1 s, then half as long again each time, at most 10 s; the
    // eleventh poll (70.8 s after the trigger) is the first after the build ends (61 s).
    assert_eq!(allowed, 11);
}

crate::on_both_transports!(
    waiting_for_a_60_second_build_with_default_options_makes_a_dozen_requests,
);
