//! `cargo bench --bench transport`: this crate against raw reqwest, on the same loopback server,
//! in one run.
//!
//! A server on its own thread answers `GET /api/project.all` with a fixed body (recording 05,
//! or ≈200 KB built on the embedded fake: 50 projects × 3 environments × 4 applications) and
//! `POST /api/application.saveEnvironment` with `true`. The client runs on a current-thread
//! runtime on the main thread. In each round, the variants of a case take turns in short slices
//! (the order rotating), so that raw reqwest and the crate run under the same load on a shared
//! machine; the figures are medians over the rounds, and each ratio is the median of one variant
//! divided by the median of its raw-reqwest baseline (the brackets give the range of the
//! per-round ratios, to show the noise).
//!
//! Baselines: raw reqwest with the same configuration as this crate's default client (the same
//! total and connect timeouts and `User-Agent`), the key sent as `x-api-key`, the body read with
//! `bytes()` and decoded with `serde_json::from_slice` into the same type the crate decodes into
//! (`serde_json::Value` for the generated call, the models for the typed helper).
//!
//! The two surfaces (against the embedded fake, client and fake on the same thread): the typed
//! `project.all` over REST and over tRPC, five different reads one after the other on each, and
//! the same five reads as one tRPC batch. The ratios are client-side costs (the fake's own work
//! included); Dokploy's server-side difference (tRPC checks the key once, REST twice) is not
//! in them — see `dokploy::transport` for those figures.
//!
//! Options (after `--`): `--rounds N` (default 9), `--ms N` (time per variant per round,
//! default 150), `--only NAME --iterations N` (run one variant, e.g. under
//! `valgrind --tool=callgrind`; `--list` names them).

use dokploy::required;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use dokploy::ResponseExt;
use dokploy::models::Project;
use dokploy::resources::EnvironmentSettings;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde::Serialize;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Heap accounting: bytes allocated by the current thread (the client's), and their peak.

struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn account(delta: isize) {
    // `try_with`: thread-local storage may already be gone while a thread exits.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| {
            if now > peak.get() {
                peak.set(now);
            }
        });
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            account(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        account(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            account(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and says how much more heap the client thread held at its peak, and afterwards
/// (what `f`'s result keeps alive), than before.
async fn heap_of<T, F: Future<Output = T>>(f: F) -> (T, usize, usize) {
    let before = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(before));
    let value = f.await;
    let peak = PEAK.with(Cell::get) - before;
    let kept = LIVE.with(Cell::get) - before;
    (value, peak.max(0) as usize, kept.max(0) as usize)
}

// ---------------------------------------------------------------------------------------------
// The loopback server.

const KEY: &str = "bench-api-key";

/// Serves `project_all` for `GET /api/project.all` and `true` for any POST, on its own thread.
fn start_server(project_all: Bytes) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let addr = listener.local_addr().expect("the bound address");
    listener.set_nonblocking(true).expect("non-blocking");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("the server's runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let body = project_all.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req: Request<hyper::body::Incoming>| {
                        let body = body.clone();
                        async move {
                            let post = req.method() == hyper::Method::POST;
                            // Read the request in full, as Dokploy does.
                            let _ = req.into_body().collect().await;
                            let answer = if post {
                                Bytes::from_static(b"true")
                            } else {
                                body
                            };
                            let mut response = Response::new(Full::new(answer));
                            response.headers_mut().insert(
                                hyper::header::CONTENT_TYPE,
                                hyper::header::HeaderValue::from_static("application/json"),
                            );
                            Ok::<_, Infallible>(response)
                        }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    addr
}

// ---------------------------------------------------------------------------------------------
// The bodies.

/// Recording 05's `project.all` body, as Dokploy sent it (compact JSON).
fn small_body() -> Bytes {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/live/05-project.all.json"
    );
    let recording: Value =
        serde_json::from_slice(&std::fs::read(path).expect("recording 05")).expect("JSON");
    Bytes::from(serde_json::to_vec(&recording["response"]["body"]).expect("re-encoded"))
}

/// A large `project.all` as the fake answers it: 50 projects × 3 environments × 13 applications
/// (≈200 KB: `project.all` lists only the id, name and status of each application).
async fn large_body() -> Bytes {
    let fake = dokploy::fake::FakeDokploy::start()
        .await
        .expect("the fake starts");
    let client = fake.client();
    for p in 0..50 {
        let created = client
            .projects()
            .create(&format!("project-{p}"), Some("a project of the benchmark"))
            .await
            .expect("project.create");
        let project_id = created.project.project_id;
        let mut environments = vec![created.environment.environment_id];
        for e in ["staging", "preview"] {
            let env = client
                .environments()
                .create(&project_id, e, None)
                .await
                .expect("environment.create");
            environments.push(env.environment_id);
        }
        for env in &environments {
            for a in 0..13 {
                client
                    .applications()
                    .create(env, &format!("app-{a}"))
                    .await
                    .expect("application.create");
            }
        }
    }
    let response = reqwest::Client::new()
        .get(format!("{}/api/project.all", fake.base_url()))
        .header("x-api-key", fake.api_key())
        .send()
        .await
        .expect("project.all on the fake");
    response.bytes().await.expect("the body")
}

// ---------------------------------------------------------------------------------------------
// The calls measured.

#[derive(Clone)]
struct Side {
    /// `http://127.0.0.1:PORT/api/project.all`
    url: String,
    /// `http://127.0.0.1:PORT/api/application.saveEnvironment`
    save_url: String,
    raw: reqwest::Client,
    /// Raw reqwest without the total and connect timeouts, to see what they cost.
    raw_untimed: reqwest::Client,
    client: dokploy::Client,
    /// The same client on the tRPC surface (used against the fake).
    trpc: dokploy::Client,
    /// A project the five reads read (on the fake).
    project_id: String,
}

impl Side {
    fn new(addr: SocketAddr) -> Side {
        let raw = reqwest::Client::builder()
            .user_agent(dokploy::config::USER_AGENT)
            .timeout(dokploy::config::DEFAULT_TIMEOUT)
            .connect_timeout(dokploy::config::DEFAULT_CONNECT_TIMEOUT)
            .build()
            .expect("raw reqwest client");
        Side {
            url: format!("http://{addr}/api/project.all"),
            save_url: format!("http://{addr}/api/application.saveEnvironment"),
            raw,
            raw_untimed: reqwest::Client::builder()
                .user_agent(dokploy::config::USER_AGENT)
                .build()
                .expect("raw reqwest client"),
            client: dokploy::Client::new(format!("http://{addr}"), KEY).expect("client"),
            trpc: dokploy::Client::builder()
                .base_url(format!("http://{addr}"))
                .api_key(KEY)
                .transport(dokploy::Transport::Trpc)
                .build()
                .expect("client"),
            project_id: String::new(),
        }
    }

    /// The embedded fake with one project, on both transports.
    async fn on_fake(fake: &dokploy::fake::FakeDokploy) -> Side {
        let mut side = Side::new(fake.base_url()[7..].parse().expect("the fake's address"));
        side.client = fake.client_on(dokploy::Transport::Rest);
        side.trpc = fake.client_on(dokploy::Transport::Trpc);
        side.project_id = side
            .client
            .projects()
            .create("bench", Some("the five reads"))
            .await
            .expect("project.create")
            .project
            .project_id;
        side
    }
}

/// The five reads: `project.all`, `project.one`, `settings.health`, `settings.getDokployVersion`
/// and `user.get`, as calls by name (the same calls sent alone or batched).
fn five_reads<'a>(client: &'a dokploy::Client, project_id: &str) -> [dokploy::Call<'a>; 5] {
    [
        client.call("project.all"),
        client.call("project.one").arg("projectId", project_id),
        client.call("settings.health"),
        client.call("settings.getDokployVersion"),
        client.call("user.get"),
    ]
}

async fn five_in_a_row(client: &dokploy::Client, project_id: &str) {
    for call in five_reads(client, project_id) {
        let value: Value = call.send().decode().await.expect("a read");
        std::hint::black_box(value);
    }
}

async fn five_batched(side: &Side) {
    let mut batch = side.trpc.batch();
    let entries = five_reads(&side.trpc, &side.project_id).map(|call| batch.add::<Value>(call));
    let mut results = batch.send().await.expect("the batch");
    for entry in entries {
        std::hint::black_box(results.take(entry).expect("a read"));
    }
}

const APP_ID: &str = "r-nbCkAvZfprzQGg0WWfN";
const ENV: &str = "NODE_ENV=production\nPORT=3000";

/// What a hand-written client would send for `application.saveEnvironment`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SaveEnvironment<'a> {
    application_id: &'a str,
    env: Option<&'a str>,
    build_args: Option<&'a str>,
    build_secrets: Option<&'a str>,
    create_env_file: bool,
}

async fn raw_get<T: serde::de::DeserializeOwned>(side: &Side) -> T {
    raw_get_with(&side.raw, side).await
}

async fn raw_get_with<T: serde::de::DeserializeOwned>(raw: &reqwest::Client, side: &Side) -> T {
    let response = raw
        .get(&side.url)
        .header("x-api-key", KEY)
        .send()
        .await
        .expect("raw GET");
    assert!(response.status().is_success());
    let bytes = response.bytes().await.expect("raw body");
    serde_json::from_slice(&bytes).expect("raw decode")
}

async fn raw_post(side: &Side) -> bool {
    let response = side
        .raw
        .post(&side.save_url)
        .header("x-api-key", KEY)
        .json(&SaveEnvironment {
            application_id: APP_ID,
            env: Some(ENV),
            build_args: Some(""),
            build_secrets: Some(""),
            create_env_file: true,
        })
        .send()
        .await
        .expect("raw POST");
    assert!(response.status().is_success());
    let bytes = response.bytes().await.expect("raw body");
    serde_json::from_slice(&bytes).expect("raw decode")
}

async fn generated_get(side: &Side) -> Value {
    side.client
        .project_all()
        .send()
        .decode()
        .await
        .expect("generated call")
}

async fn typed_get(side: &Side) -> Vec<Project> {
    side.client.projects().all().await.expect("typed helper")
}

async fn generated_post(side: &Side) {
    side.client
        .application_save_environment()
        .required(required::ApplicationSaveEnvironment {
            application_id: APP_ID.into(),
            create_env_file: true,
        })
        .body_map(|b| {
            b.env(Some(ENV.to_string()))
                .build_args(Some(String::new()))
                .build_secrets(Some(String::new()))
        })
        .send()
        .body()
        .await
        .expect("generated call")
        .expect_done()
        .expect("done");
}

async fn typed_post(side: &Side) {
    let settings = EnvironmentSettings {
        env: Some(ENV.into()),
        build_args: Some("".into()),
        build_secrets: Some("".into()),
        create_env_file: Some(true),
    };
    side.client
        .applications()
        .save_environment(APP_ID, settings)
        .await
        .expect("typed helper");
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Call {
    RawValue,
    RawValueUntimed,
    GeneratedValue,
    RawModels,
    TypedModels,
    RawPost,
    GeneratedPost,
    TypedPost,
    RestTyped,
    TrpcTyped,
    RestFive,
    TrpcFive,
    TrpcBatchFive,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Case {
    Small,
    Large,
    InFlight,
    Post,
    /// REST against tRPC, on the fake.
    Surfaces,
}

const IN_FLIGHT: usize = 32;

/// Slices per variant per round.
const SLICES: usize = 10;

#[derive(Clone, Copy, Debug)]
struct Variant {
    case: Case,
    call: Call,
}

impl Variant {
    fn name(&self) -> String {
        format!("{:?}/{:?}", self.case, self.call).to_lowercase()
    }
}

async fn one(side: &Side, call: Call) {
    match call {
        Call::RawValue => drop(raw_get::<Value>(side).await),
        Call::RawValueUntimed => drop(raw_get_with::<Value>(&side.raw_untimed, side).await),
        Call::GeneratedValue => drop(generated_get(side).await),
        Call::RawModels => drop(raw_get::<Vec<Project>>(side).await),
        Call::TypedModels => drop(typed_get(side).await),
        Call::RawPost => assert!(raw_post(side).await),
        Call::GeneratedPost => generated_post(side).await,
        Call::TypedPost => typed_post(side).await,
        Call::RestTyped => drop(side.client.projects().all().await.expect("REST")),
        Call::TrpcTyped => drop(side.trpc.projects().all().await.expect("tRPC")),
        Call::RestFive => five_in_a_row(&side.client, &side.project_id).await,
        Call::TrpcFive => five_in_a_row(&side.trpc, &side.project_id).await,
        Call::TrpcBatchFive => five_batched(side).await,
    }
}

/// Time per call for `n` calls of `variant`.
async fn run(side: &Side, variant: Variant, n: usize) -> Duration {
    let started = Instant::now();
    if variant.case == Case::InFlight {
        let per_task = n.div_ceil(IN_FLIGHT);
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..IN_FLIGHT {
            let side = side.clone();
            tasks.spawn(async move {
                for _ in 0..per_task {
                    one(&side, variant.call).await;
                }
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.expect("a task of the in-flight variant");
        }
        started.elapsed() / (per_task * IN_FLIGHT) as u32
    } else {
        for _ in 0..n {
            one(side, variant.call).await;
        }
        started.elapsed() / n as u32
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding alone: what `#[serde(flatten)] extra` costs the models.

/// The fields of [`Project`] without `extra` (and so without `#[serde(flatten)]`).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct PlainProject {
    project_id: String,
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    organization_id: Option<String>,
    #[serde(default)]
    env: Option<dokploy::redact::Secret>,
    #[serde(default)]
    environments: Vec<PlainEnvironment>,
    #[serde(default)]
    project_tags: Vec<serde::de::IgnoredAny>,
}

/// The fields of [`dokploy::models::Environment`] without `extra` (the body has no databases or
/// compose stacks, so those lists are skipped).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct PlainEnvironment {
    environment_id: String,
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    is_default: bool,
    #[serde(default)]
    project_id: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    env: Option<dokploy::redact::Secret>,
    #[serde(default)]
    applications: Vec<PlainApplication>,
    #[serde(default)]
    compose: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    postgres: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    mysql: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    mariadb: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    mongo: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    redis: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    libsql: Vec<serde::de::IgnoredAny>,
}

/// The fields of [`dokploy::models::ApplicationSummary`] without `extra`.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct PlainApplication {
    application_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    application_status: Option<dokploy::models::ServiceStatus>,
    #[serde(default)]
    app_name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    server_id: Option<String>,
}

/// Median time to decode `body` as `Value`, the models, and the models' fields without `extra`
/// (interleaved rounds), in µs.
fn decode_only(body: &[u8], rounds: usize) -> [f64; 3] {
    fn time<T: serde::de::DeserializeOwned>(body: &[u8], n: usize) -> f64 {
        let started = Instant::now();
        for _ in 0..n {
            drop(std::hint::black_box(
                serde_json::from_slice::<T>(std::hint::black_box(body)).expect("decodes"),
            ));
        }
        started.elapsed().as_secs_f64() * 1e6 / n as f64
    }
    let mut times: [Vec<f64>; 3] = Default::default();
    for _ in 0..rounds {
        for _ in 0..SLICES {
            times[0].push(time::<Value>(body, 5));
            times[1].push(time::<Vec<Project>>(body, 5));
            times[2].push(time::<Vec<PlainProject>>(body, 5));
        }
    }
    times.map(|mut t| median(&mut t))
}

// ---------------------------------------------------------------------------------------------
// The run.

struct Options {
    rounds: usize,
    per_variant: Duration,
    only: Option<String>,
    iterations: usize,
    list: bool,
}

fn options() -> Options {
    let mut o = Options {
        rounds: 9,
        per_variant: Duration::from_millis(150),
        only: None,
        iterations: 2000,
        list: false,
    };
    let mut args = std::env::args().skip(1);
    fn number(args: &mut impl Iterator<Item = String>, what: &str) -> usize {
        args.next()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{what} needs a number"))
    }
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => o.rounds = number(&mut args, "--rounds").max(1),
            "--ms" => o.per_variant = Duration::from_millis(number(&mut args, "--ms") as u64),
            "--iterations" => o.iterations = number(&mut args, "--iterations").max(1),
            "--only" => o.only = args.next(),
            "--list" => o.list = true,
            // `cargo bench` passes `--bench`; anything else is a filter we do not have.
            _ => {}
        }
    }
    o
}

/// The CPU time the current thread has run (Linux: `/proc/thread-self/schedstat`, in ns).
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn micros(d: f64) -> String {
    format!("{d:.1} µs")
}

fn main() {
    let options = options();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the client's runtime");
    runtime.block_on(bench(options));
}

async fn bench(options: Options) {
    let small = small_body();
    // A profile of one small variant need not build the large body on the fake.
    let large = match &options.only {
        Some(only) if !only.starts_with("large/") => small.clone(),
        _ => large_body().await,
    };
    let small_side = Side::new(start_server(small.clone()));
    let large_side = Side::new(start_server(large.clone()));
    let fake = dokploy::fake::FakeDokploy::start()
        .await
        .expect("the fake starts");
    let fake_side = Side::on_fake(&fake).await;
    let side_of = |case: Case| match case {
        Case::Large => &large_side,
        Case::Surfaces => &fake_side,
        _ => &small_side,
    };

    let mut variants = Vec::new();
    for case in [Case::Small, Case::Large, Case::InFlight] {
        for call in [
            Call::RawValue,
            Call::GeneratedValue,
            Call::RawModels,
            Call::TypedModels,
        ] {
            variants.push(Variant { case, call });
        }
    }
    variants.push(Variant {
        case: Case::Small,
        call: Call::RawValueUntimed,
    });
    for call in [Call::RawPost, Call::GeneratedPost, Call::TypedPost] {
        variants.push(Variant {
            case: Case::Post,
            call,
        });
    }

    for call in [
        Call::RestTyped,
        Call::TrpcTyped,
        Call::RestFive,
        Call::TrpcFive,
        Call::TrpcBatchFive,
    ] {
        variants.push(Variant {
            case: Case::Surfaces,
            call,
        });
    }

    if options.list {
        for v in &variants {
            println!("{}", v.name());
        }
        return;
    }
    if let Some(only) = &options.only {
        let Some(variant) = variants.iter().find(|v| &v.name() == only) else {
            panic!("no variant {only}; --list names them");
        };
        let side = side_of(variant.case);
        run(side, *variant, 50).await;
        let per_call = run(side, *variant, options.iterations).await;
        println!("{only}: {} per call", micros(per_call.as_secs_f64() * 1e6));
        return;
    }

    println!(
        "bodies: small {} B (recording 05), large {} B; calibrating…",
        small.len(),
        large.len()
    );
    // Warm up (connections, pools) and size each variant's slice to `per_variant / SLICES`.
    let mut batch = Vec::new();
    for v in &variants {
        let side = side_of(v.case);
        let warm = if v.case == Case::InFlight {
            4 * IN_FLIGHT
        } else {
            20
        };
        run(side, *v, warm).await;
        let per_call = run(side, *v, warm).await.as_secs_f64();
        let slice = options.per_variant.as_secs_f64() / SLICES as f64;
        let n = (slice / per_call.max(1e-7)) as usize;
        let least = if v.case == Case::InFlight {
            IN_FLIGHT
        } else {
            3
        };
        let n = n.clamp(least, 1_000_000);
        // In flight, every task makes the same number of calls.
        batch.push(if v.case == Case::InFlight {
            n.div_ceil(IN_FLIGHT) * IN_FLIGHT
        } else {
            n
        });
    }

    // Each round runs every case; within a case, its variants take turns in short slices (the
    // order rotating), so that raw reqwest and the crate see the same load on a shared machine.
    // Wall time, and the CPU time of the client's thread (which waiting for a CPU on a busy
    // machine does not inflate).
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    let mut cpu_times: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    let cases = [
        Case::Small,
        Case::Large,
        Case::InFlight,
        Case::Post,
        Case::Surfaces,
    ];
    for round in 0..options.rounds {
        for c in 0..cases.len() {
            let case = cases[(c + round) % cases.len()];
            let members: Vec<usize> = (0..variants.len())
                .filter(|&i| variants[i].case == case)
                .collect();
            let mut spent = vec![Duration::ZERO; members.len()];
            let mut cpu = vec![Duration::ZERO; members.len()];
            for slice in 0..SLICES {
                for k in 0..members.len() {
                    let m = (k + slice + round) % members.len();
                    let i = members[m];
                    let cpu_before = thread_cpu();
                    spent[m] += run(side_of(case), variants[i], batch[i]).await * batch[i] as u32;
                    if let (Some(before), Some(after)) = (cpu_before, thread_cpu()) {
                        cpu[m] += after.saturating_sub(before);
                    }
                }
            }
            for (m, &i) in members.iter().enumerate() {
                let calls = (batch[i] * SLICES) as f64;
                times[i].push(spent[m].as_secs_f64() * 1e6 / calls);
                cpu_times[i].push(cpu[m].as_secs_f64() * 1e6 / calls);
            }
        }
    }

    let index = |case: Case, call: Call| {
        variants
            .iter()
            .position(|v| v.case == case && v.call == call)
            .expect("a variant of the table")
    };
    let print_table = |times: &Vec<Vec<f64>>, what: &str| {
        let medians: Vec<f64> = times.iter().map(|t| median(&mut t.clone())).collect();
        let ratio = |variant: usize, baseline: usize| -> String {
            let mut per_round: Vec<f64> = times[variant]
                .iter()
                .zip(&times[baseline])
                .map(|(v, b)| v / b)
                .collect();
            per_round.sort_by(f64::total_cmp);
            format!(
                "{:.2} [{:.2}–{:.2}]",
                medians[variant] / medians[baseline],
                per_round[0],
                per_round[per_round.len() - 1]
            )
        };

        println!(
            "\n{what}: medians of {} interleaved rounds; ratio = crate / raw reqwest [range of per-round ratios]\n",
            options.rounds
        );
        println!(
            "| case | raw reqwest → `Value` | generated `.decode::<Value>()` | ratio | raw reqwest → models | typed helper | ratio |"
        );
        println!("|---|---|---|---|---|---|---|");
        let labels = [
            (
                Case::Small,
                format!("small `project.all` ({} B), sequential", small.len()),
            ),
            (
                Case::Large,
                format!(
                    "large `project.all` ({} KB), sequential",
                    large.len() / 1000
                ),
            ),
            (
                Case::InFlight,
                format!("small `project.all`, {IN_FLIGHT} in flight (per call)"),
            ),
        ];
        for (case, label) in labels {
            let (rv, gv, rm, tm) = (
                index(case, Call::RawValue),
                index(case, Call::GeneratedValue),
                index(case, Call::RawModels),
                index(case, Call::TypedModels),
            );
            println!(
                "| {label} | {} | {} | {} | {} | {} | {} |",
                micros(medians[rv]),
                micros(medians[gv]),
                ratio(gv, rv),
                micros(medians[rm]),
                micros(medians[tm]),
                ratio(tm, rm),
            );
        }
        let (rp, gp, tp) = (
            index(Case::Post, Call::RawPost),
            index(Case::Post, Call::GeneratedPost),
            index(Case::Post, Call::TypedPost),
        );
        println!(
            "| POST `application.saveEnvironment` → `true` | {} | {} (`.body()?.expect_done()`) | {} | {} | {} (`applications().save_environment`) | {} |",
            micros(medians[rp]),
            micros(medians[gp]),
            ratio(gp, rp),
            micros(medians[rp]),
            micros(medians[tp]),
            ratio(tp, rp),
        );

        medians
    };
    let medians = print_table(&times, "wall time per call");
    if cpu_times.iter().all(|t| t.iter().all(|&c| c > 0.0)) {
        print_table(&cpu_times, "CPU time of the client's thread per call");
    }

    let (timed, untimed) = (
        index(Case::Small, Call::RawValue),
        index(Case::Small, Call::RawValueUntimed),
    );
    let cpu_medians: Vec<f64> = cpu_times.iter().map(|t| median(&mut t.clone())).collect();
    println!(
        "\nthe client timeouts (total 120 s, connect 10 s; this crate's defaults, set on both sides above): raw reqwest small sequential without them {} (CPU {}), with them {} (CPU {}): ratio {:.2} (CPU {:.2})",
        micros(medians[untimed]),
        micros(cpu_medians[untimed]),
        micros(medians[timed]),
        micros(cpu_medians[timed]),
        medians[timed] / medians[untimed],
        cpu_medians[timed] / cpu_medians[untimed],
    );

    let surfaces = |times: &Vec<Vec<f64>>, what: &str| {
        let medians: Vec<f64> = times.iter().map(|t| median(&mut t.clone())).collect();
        let at = |call| medians[index(Case::Surfaces, call)];
        println!(
            "\nREST and tRPC against the embedded fake ({what}, medians; ratio = tRPC / REST):\n"
        );
        println!("| calls | REST | tRPC | ratio |");
        println!("|---|---|---|---|");
        println!(
            "| typed `projects().all()` | {} | {} | {:.2} |",
            micros(at(Call::RestTyped)),
            micros(at(Call::TrpcTyped)),
            at(Call::TrpcTyped) / at(Call::RestTyped)
        );
        println!(
            "| five reads one after the other | {} | {} | {:.2} |",
            micros(at(Call::RestFive)),
            micros(at(Call::TrpcFive)),
            at(Call::TrpcFive) / at(Call::RestFive)
        );
        println!(
            "| the five reads as one batch | — | {} | {:.2} (vs five REST calls), {:.2} (vs five tRPC calls) |",
            micros(at(Call::TrpcBatchFive)),
            at(Call::TrpcBatchFive) / at(Call::RestFive),
            at(Call::TrpcBatchFive) / at(Call::TrpcFive)
        );
    };
    surfaces(&times, "wall time");
    if cpu_times.iter().all(|t| t.iter().all(|&c| c > 0.0)) {
        surfaces(&cpu_times, "CPU time of the thread");
    }

    let [value, models, plain] = decode_only(&large, options.rounds);
    println!(
        "\ndecoding the large body alone (no HTTP): `Value` {}, models {}, the models' fields without `extra` {} (`#[serde(flatten)] extra` costs {:.0} %)",
        micros(value),
        micros(models),
        micros(plain),
        (models / plain - 1.0) * 100.0
    );

    // Peak heap of one large call on the client thread (median of a few, after warm-up).
    let mut peaks: [Vec<f64>; 4] = Default::default();
    let mut kept: [Vec<f64>; 4] = Default::default();
    for _ in 0..5 {
        let s = &large_side;
        let (v, p, k) = heap_of(raw_get::<Value>(s)).await;
        drop(v);
        peaks[0].push(p as f64);
        kept[0].push(k as f64);
        let (v, p, k) = heap_of(generated_get(s)).await;
        drop(v);
        peaks[1].push(p as f64);
        kept[1].push(k as f64);
        let (v, p, k) = heap_of(raw_get::<Vec<Project>>(s)).await;
        drop(v);
        peaks[2].push(p as f64);
        kept[2].push(k as f64);
        let (v, p, k) = heap_of(typed_get(s)).await;
        drop(v);
        peaks[3].push(p as f64);
        kept[3].push(k as f64);
    }
    let kb = |v: &mut Vec<f64>| format!("{:.0} KB", median(v) / 1000.0);
    println!(
        "\npeak heap of one large call (client thread; decoded value kept): raw → `Value` {} (value {}), generated {} (value {}); raw → models {} (value {}), typed {} (value {})",
        kb(&mut peaks[0]),
        kb(&mut kept[0]),
        kb(&mut peaks[1]),
        kb(&mut kept[1]),
        kb(&mut peaks[2]),
        kb(&mut kept[2]),
        kb(&mut peaks[3]),
        kb(&mut kept[3]),
    );
}
