//! `cargo bench --bench log_stream`: follows a 50 MB build log from the fake over
//! `/listen-deployment` and measures what the client holds at its peak (a counting allocator:
//! every heap byte of this process), its wall and CPU time.
//!
//! The fake runs in a child process (this binary, `--serve`), so its own copy of the log is not
//! counted. The build writes its output in 64 KiB pieces while it runs, one line of them 1 MiB
//! long (cut at the 64 KiB line limit). Options: `--mib N` (default 50).

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead, BufReader, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dokploy::fake::{FakeDokploy, FakeOptions};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let now = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const PIECE: usize = 64 * 1024;

/// The build's output: `mib` MiB in 64 KiB pieces of 100-byte lines, and one 1 MiB line.
fn build_output(mib: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut n = 0;
    for p in 0..mib * 1024 * 1024 / PIECE {
        let mut piece = String::with_capacity(PIECE);
        if p == 10 {
            // A 1 MiB line over 16 pieces, its newline in the last.
            for _ in 0..16 {
                pieces.push("x".repeat(PIECE));
            }
            piece.push('\n');
        }
        while piece.len() + 100 <= PIECE {
            n += 1;
            piece.push_str(&format!("{n:>8} {:>90}\n", "compiling module"));
        }
        pieces.push(piece);
    }
    pieces
}

fn serve(mib: usize) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let fake = FakeDokploy::start_with(FakeOptions {
            queue_delay: Duration::from_millis(10),
            build_duration: Duration::from_secs(3),
            build_output: build_output(mib),
            ..Default::default()
        })
        .await
        .expect("the fake starts");
        println!("{} {}", fake.base_url(), fake.api_key());
        std::io::stdout().flush().expect("stdout");
        // Until the parent closes our stdin.
        let _ =
            tokio::task::spawn_blocking(|| std::io::stdin().read_line(&mut String::new())).await;
    });
}

/// The CPU time this process has used (Linux: `/proc/self/stat`, utime + stime).
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit(')').next()?;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10)) // USER_HZ is 100 on Linux
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mib = args
        .iter()
        .position(|a| a == "--mib")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(50);
    if args.iter().any(|a| a == "--serve") {
        return serve(mib);
    }
    let exe = std::env::current_exe().expect("this binary");
    let mut child = std::process::Command::new(exe)
        .args(["--serve", "--mib", &mib.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the fake's process");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("the fake's address");
    let (url, key) = first.trim().split_once(' ').expect("URL and key");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let client = dokploy::Client::new(url, key).expect("a client");
        let env = client.projects().create("bench", None).await.expect("project").environment;
        let app = client
            .applications()
            .create(&env.environment_id, "web")
            .await
            .expect("application");
        client.applications().deploy(&app.application_id).await.expect("deploy");
        let running = loop {
            if let Some(row) = client.deployments().all(&app.application_id).await.expect("rows").pop() {
                break row;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        };

        let baseline = LIVE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        let cpu_before = process_cpu();
        let started = Instant::now();
        let mut stream = client.deployments().follow(&running);
        let (mut lines, mut bytes, mut truncated) = (0u64, 0u64, 0u64);
        while let Some(line) = stream.next_line().await {
            let line = line.expect("a line");
            lines += 1;
            bytes += line.text.len() as u64 + 1;
            truncated += u64::from(line.truncated);
        }
        let elapsed = started.elapsed();
        let cpu = match (cpu_before, process_cpu()) {
            (Some(before), Some(after)) => format!("{:.2} s", (after - before).as_secs_f64()),
            _ => "unknown".into(),
        };
        let peak = PEAK.load(Ordering::Relaxed) - baseline;
        let log_mib = bytes as f64 / (1024.0 * 1024.0);
        println!("followed a {log_mib:.1} MiB build log ({lines} lines, {truncated} cut at 64 KiB) over /listen-deployment");
        println!("  wall {:.2} s (the build itself writes for 3 s), CPU {cpu}", elapsed.as_secs_f64());
        println!(
            "  peak heap above the client's baseline: {:.0} KiB = {:.4} of the log's size",
            peak as f64 / 1024.0,
            peak as f64 / bytes as f64
        );
    });
    drop(child.stdin.take());
    let _ = child.kill();
    let _ = child.wait();
}
