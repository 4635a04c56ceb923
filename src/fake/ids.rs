//! Ids, generated names, passwords and timestamps, shaped like Dokploy's.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// nanoid's URL-safe alphabet (`A-Za-z0-9_-`).
const NANOID_ALPHABET: &[u8] = b"useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict";
/// What Dokploy's `generatePassword` draws from.
const PASSWORD_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn seed() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| {
        let mut h = RandomState::new().build_hasher();
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        h.write_u128(nanos);
        h.finish()
    })
}

/// A pseudo-random `u64` (splitmix64 over a per-process seed); good enough for ids.
pub(crate) fn random_u64() -> u64 {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut z = seed().wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn random_from(alphabet: &[u8], len: usize) -> String {
    (0..len)
        .map(|_| alphabet[(random_u64() % alphabet.len() as u64) as usize] as char)
        .collect()
}

/// A 21-character nanoid, like every Dokploy primary key.
pub(crate) fn nanoid() -> String {
    random_from(NANOID_ALPHABET, 21)
}

/// Dokploy's `generatePassword(len)`: lowercase letters and digits.
pub(crate) fn password(len: usize) -> String {
    random_from(PASSWORD_ALPHABET, len)
}

const VERBS: &[&str] = &[
    "parse",
    "copy",
    "index",
    "compress",
    "bypass",
    "hack",
    "navigate",
    "override",
    "program",
    "quantify",
    "connect",
    "generate",
    "transmit",
    "calculate",
    "input",
    "reboot",
    "synthesize",
];
const ADJECTIVES: &[&str] = &[
    "mobile",
    "wireless",
    "virtual",
    "digital",
    "primary",
    "auxiliary",
    "optical",
    "redundant",
    "neural",
    "haptic",
    "online",
    "bluetooth",
    "open",
    "cross",
    "solid",
];
const NOUNS: &[&str] = &[
    "circuit",
    "matrix",
    "bus",
    "array",
    "protocol",
    "driver",
    "panel",
    "card",
    "monitor",
    "alarm",
    "sensor",
    "system",
    "feed",
    "bandwidth",
    "pixel",
    "firewall",
    "port",
    "transmitter",
    "capacitor",
    "interface",
    "program",
    "hard",
    "microchip",
    "application",
];

fn pick<'a>(words: &[&'a str]) -> &'a str {
    words[(random_u64() % words.len() as u64) as usize]
}

/// Dokploy's `buildAppName(type, appName)`: the supplied name lowercased with spaces turned into
/// hyphens, or `<type>-<verb>-<adjective>-<noun>` when none was given; then `-` and 6 random
/// characters.
pub(crate) fn app_name(kind: &str, supplied: Option<&str>) -> String {
    let base = match supplied {
        Some(name) if !name.is_empty() => name.to_lowercase().replace(' ', "-"),
        _ => format!(
            "{kind}-{}-{}-{}",
            pick(VERBS),
            pick(ADJECTIVES),
            pick(NOUNS)
        ),
    };
    format!("{base}-{}", password(6))
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// (year, month, day, hour, minute, second, millisecond) in UTC.
fn civil(millis: i64) -> (i64, u32, u32, u32, u32, u32, u32) {
    let secs = millis.div_euclid(1000);
    let ms = millis.rem_euclid(1000) as u32;
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400) as u32;
    // Howard Hinnant's days_from_civil inverse.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, sod / 3600, sod / 60 % 60, sod % 60, ms)
}

/// `new Date(millis).toISOString()`, e.g. `2026-11-22T10:54:03.675Z`.
pub(crate) fn iso(millis: i64) -> String {
    let (y, mo, d, h, mi, s, ms) = civil(millis);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
}

/// The current time as Dokploy stores it (`new Date().toISOString()`).
pub(crate) fn now_iso() -> String {
    iso(now_millis())
}

/// What `date` prints in Dokploy's backup logs, e.g. `Tue Dec  1 18:22:01 UTC 2026`.
pub(crate) fn date_stamp(millis: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, mo, d, h, mi, s, _) = civil(millis);
    // 1970-01-01 was a Thursday.
    let weekday = DAYS[millis.div_euclid(86_400_000).rem_euclid(7) as usize];
    let month = MONTHS[(mo as usize).saturating_sub(1) % 12];
    format!("{weekday} {month} {d:>2} {h:02}:{mi:02}:{s:02} UTC {y}")
}

/// The stamp in Dokploy's log file names, e.g. `2026-11-22:10:54:17`.
pub(crate) fn log_stamp(millis: i64) -> String {
    let (y, mo, d, h, mi, s, _) = civil(millis);
    format!("{y:04}-{mo:02}-{d:02}:{h:02}:{mi:02}:{s:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nanoids_are_21_url_safe_characters_and_differ() {
        let a = nanoid();
        assert_eq!(a.len(), 21);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        );
        assert_ne!(a, nanoid());
    }

    #[test]
    fn iso_timestamps_match_javascript() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        // 2026-11-22T10:54:03.675Z
        assert_eq!(iso(1_795_344_843_675), "2026-11-22T10:54:03.675Z");
        assert_eq!(iso(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(log_stamp(1_795_344_843_675), "2026-11-22:10:54:03");
        // 2026-12-01T18:22:01Z, as `date` printed it in a real backup log.
        assert_eq!(
            date_stamp(1_796_149_321_000),
            "Tue Dec  1 18:22:01 UTC 2026"
        );
    }

    #[test]
    fn app_names_get_a_six_character_suffix() {
        let named = app_name("app", Some("My App"));
        assert!(named.starts_with("my-app-"), "{named}");
        assert_eq!(named.len(), "my-app-".len() + 6);
        let generated = app_name("postgres", None);
        assert!(generated.starts_with("postgres-"), "{generated}");
        assert_eq!(generated.split('-').count(), 5, "{generated}");
    }
}
