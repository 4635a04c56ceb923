//! Retrying what cannot do the work twice ([`RetryPolicy`], set with
//! [`ClientBuilder::retry`](crate::ClientBuilder::retry)).
//!
//! | the call | retried when | after the last attempt |
//! |---|---|---|
//! | a query (`GET`) | the connection failed or broke (also mid-answer), the time ran out, or the answer is 429, 502, 503 or 504 | [`Error::Connect`](crate::Error::Connect), [`Error::Timeout`](crate::Error::Timeout), or the error answer |
//! | a mutation (`POST`) | only when it provably never left: the connection could not be made (refused, DNS, TLS, connect timeout) | [`Error::Connect`](crate::Error::Connect) |
//! | a mutation whose answer is lost | never | [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown) |
//! | a mutation marked [`idempotent`](crate::ResponseExt::idempotent) | like a query | like a query |
//!
//! Waits grow exponentially with full jitter (a random wait between zero and
//! `base_backoff × 2^(retry − 1)`, at most `max_backoff`); a `Retry-After` answer (seconds or an
//! HTTP date) is waited for exactly, unless it would end past the time budget, in which case the
//! answer is returned at once. No retry starts once `budget` has passed since the first
//! attempt, nor once the call's [deadline](crate::ClientBuilder::deadline) would be reached.
//! Failures that retrying cannot fix are never retried: a redirect the client refuses
//! ([`redirect`](crate::redirect)), a refused certificate ([`tls`](crate::tls)), an answer
//! head that is too large or malformed. Every attempt and every retry is traced (`tracing` target `dokploy`: procedure,
//! attempt, wait, reason; never a body, a header value or the key).
//!
//! ```
//! use std::time::Duration;
//! use dokploy::RetryPolicy;
//! # fn main() -> dokploy::Result<()> {
//! let patient = RetryPolicy {
//!     max_attempts: 6,
//!     max_backoff: Duration::from_secs(30),
//!     budget: Duration::from_secs(300),
//!     ..RetryPolicy::default()
//! };
//! let client = dokploy::Client::builder()
//!     .base_url("https://dokploy.example.com")
//!     .api_key("my-api-key")
//!     .retry(patient)
//!     .build()?;
//! let impatient = dokploy::Client::builder()
//!     .base_url("https://dokploy.example.com")
//!     .api_key("my-api-key")
//!     .retry(RetryPolicy::none())
//!     .build()?;
//! # Ok(()) }
//! ```

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How a client retries failed calls that are safe to send again (see the [module](self)).
///
/// ```
/// use std::time::Duration;
/// let policy = dokploy::RetryPolicy::default();
/// assert_eq!(policy.max_attempts, 4);
/// assert_eq!(policy.base_backoff, Duration::from_millis(200));
/// assert_eq!(dokploy::RetryPolicy::none().max_attempts, 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times a call may be sent in all, the first time included (1: never retried).
    /// Default 4.
    pub max_attempts: u32,
    /// The longest first wait (each next one may be twice as long). Default 200 ms.
    pub base_backoff: Duration,
    /// The longest wait between two attempts (not applied to `Retry-After`). Default 10 s.
    pub max_backoff: Duration,
    /// No retry starts (and no wait ends) later than this after the first attempt started.
    /// Default 60 s.
    pub budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            budget: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry: every call is sent once.
    ///
    /// ```
    /// # fn main() -> dokploy::Result<()> {
    /// let client = dokploy::Client::builder()
    ///     .base_url("https://dokploy.example.com")
    ///     .api_key("my-api-key")
    ///     .retry(dokploy::RetryPolicy::none())
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The longest wait before retry number `retry` (1 for the first): `base_backoff ×
    /// 2^(retry − 1)`, at most `max_backoff`. The wait itself is drawn between zero and this.
    ///
    /// ```
    /// use std::time::Duration;
    /// let policy = dokploy::RetryPolicy::default();
    /// assert_eq!(policy.ceiling(1), Duration::from_millis(200));
    /// assert_eq!(policy.ceiling(3), Duration::from_millis(800));
    /// assert_eq!(policy.ceiling(20), Duration::from_secs(10));
    /// ```
    pub fn ceiling(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(30);
        self.base_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff)
    }

    /// Full jitter: `fraction` (in `[0, 1)`) of the ceiling.
    fn jittered(&self, retry: u32, fraction: f64) -> Duration {
        self.ceiling(retry).mul_f64(fraction.clamp(0.0, 1.0))
    }

    /// How long to wait before sending again after attempt `attempt` (1 for the first) failed,
    /// `elapsed` after the first attempt started; `None` when no attempt is left, or the wait
    /// would end past the budget or at or past the call's `deadline` (no time would be left to
    /// try). `retry_after` is the server's `Retry-After`, if it sent one.
    pub(crate) fn wait_after(
        &self,
        attempt: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
        deadline: Option<Duration>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let wait = retry_after.unwrap_or_else(|| self.jittered(attempt, random_fraction()));
        let ends = elapsed.saturating_add(wait);
        (ends <= self.budget && deadline.is_none_or(|d| ends < d)).then_some(wait)
    }
}

/// A number in `[0, 1)`, different on every call (for jitter; not for cryptography).
fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    thread_local! {
        static DRAWS: Cell<u64> = const { Cell::new(0) };
    }
    let draw = DRAWS.with(|d| {
        d.set(d.get().wrapping_add(1));
        d.get()
    });
    // `RandomState` is seeded randomly per thread: hashing a counter with it draws a number.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(draw);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait a `Retry-After` value asks for: delay-seconds (`120`) or an HTTP date (any of the
/// three forms HTTP allows), counted from `now`; `None` when it is neither.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = http_date(value)?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An HTTP date: `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate), `Sunday, 06-Nov-94 08:49:37
/// GMT` (RFC 850) or `Sun Nov  6 08:49:37 1994` (asctime).
fn http_date(value: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = value
        .split([' ', ',', '-'])
        .filter(|p| !p.is_empty())
        .collect();
    let (day, month, year, time) = match parts.as_slice() {
        [_, day, month, year, time, "GMT"] => (*day, *month, *year, *time),
        [_, month, day, time, year] => (*day, *month, *year, *time),
        _ => return None,
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let day: i64 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let year: i64 = match year.parse::<i64>().ok()? {
        // RFC 850's two-digit years: the nearest century that is not far in the future.
        y if year.len() == 2 && y < 70 => 2000 + y,
        y if year.len() == 2 => 1900 + y,
        y => y,
    };
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (Some(Some(h)), Some(Some(m)), Some(Some(s)), None) =
        (hms.next(), hms.next(), hms.next(), hms.next())
    else {
        return None;
    };
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + h * 3_600 + m * 60 + s;
    Some(match u64::try_from(seconds) {
        Ok(s) => UNIX_EPOCH + Duration::from_secs(s),
        Err(_) => UNIX_EPOCH,
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

thread_local! {
    /// Set while a future marked [`idempotent`](crate::ResponseExt::idempotent) is polled.
    static IDEMPOTENT: Cell<bool> = const { Cell::new(false) };
}

/// `true` inside a call marked [`idempotent`](crate::ResponseExt::idempotent).
pub(crate) fn marked_idempotent() -> bool {
    IDEMPOTENT.with(Cell::get)
}

/// A call the caller vouches can be sent twice without harm, so it is retried like a query;
/// made by [`ResponseExt::idempotent`](crate::ResponseExt::idempotent).
///
/// ```
/// use dokploy::ResponseExt;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// # let env = client.projects().create("shop", None).await?.environment.environment_id;
/// # let app = client.applications().create(&env, "web").await?.application_id;
/// // Setting a description to a fixed value twice leaves the same result as once.
/// client
///     .application_update().required(dokploy::required::ApplicationUpdate { application_id: app.clone() })
///     .body_map(|b| b.description(Some("the shop".to_string())))
///     .send()
///     .idempotent()
///     .body()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a call does nothing until it is awaited"]
pub struct Idempotent<F> {
    inner: Pin<Box<F>>,
}

impl<F> Idempotent<F> {
    pub(crate) fn new(inner: F) -> Self {
        Self {
            inner: Box::pin(inner),
        }
    }
}

impl<F: Future> Future for Idempotent<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        /// Puts the previous mark back, even if the call panics.
        struct Restore(bool);
        impl Drop for Restore {
            fn drop(&mut self) {
                IDEMPOTENT.with(|mark| mark.set(self.0));
            }
        }
        let _restore = Restore(IDEMPOTENT.with(|mark| mark.replace(true)));
        self.inner.as_mut().poll(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn jitter_stays_between_zero_and_the_doubling_ceiling() {
        let policy = RetryPolicy::default();
        for retry in 1..=8 {
            let ceiling = policy.ceiling(retry);
            assert!(ceiling <= policy.max_backoff);
            assert_eq!(policy.jittered(retry, 0.0), Duration::ZERO);
            assert!(policy.jittered(retry, 0.999_999) < ceiling.max(Duration::from_nanos(1)));
            for _ in 0..200 {
                let wait = policy.jittered(retry, random_fraction());
                assert!(wait <= ceiling, "{wait:?} > {ceiling:?} for retry {retry}");
            }
        }
        assert_eq!(policy.ceiling(2), Duration::from_millis(400));
        assert_eq!(policy.ceiling(7), Duration::from_secs(10), "capped");
        assert_eq!(policy.ceiling(u32::MAX), Duration::from_secs(10));
    }

    #[test]
    fn random_fractions_are_in_range_and_vary() {
        let draws: Vec<f64> = (0..1000).map(|_| random_fraction()).collect();
        assert!(draws.iter().all(|d| (0.0..1.0).contains(d)));
        let low = draws.iter().filter(|d| **d < 0.5).count();
        assert!((300..700).contains(&low), "{low} of 1000 below one half");
    }

    #[test]
    fn retry_after_reads_seconds_and_all_three_http_date_forms() {
        let now = at(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        for date in [
            "Sun, 06 Nov 1994 08:51:37 GMT",
            "Sunday, 06-Nov-94 08:51:37 GMT",
            "Sun Nov  6 08:51:37 1994",
        ] {
            assert_eq!(
                parse_retry_after(date, now),
                Some(Duration::from_secs(120)),
                "{date}"
            );
        }
        // A date in the past asks for no wait.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 2026 00:00:00 GMT", at(0)),
            Some(Duration::from_secs(1_767_225_600))
        );
        for bad in [
            "",
            "-5",
            "1.5",
            "soon",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn no_retry_after_the_last_attempt_or_past_the_budget() {
        let policy = RetryPolicy {
            max_attempts: 3,
            base_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            budget: Duration::from_secs(5),
        };
        let wait = policy.wait_after(1, Duration::ZERO, None, None).unwrap();
        assert!(wait <= Duration::from_millis(100));
        assert!(policy.wait_after(2, Duration::ZERO, None, None).is_some());
        assert_eq!(
            policy.wait_after(3, Duration::ZERO, None, None),
            None,
            "3 attempts made"
        );
        // Retry-After is waited for exactly, when it fits in the budget.
        assert_eq!(
            policy.wait_after(
                1,
                Duration::from_secs(1),
                Some(Duration::from_secs(4)),
                None
            ),
            Some(Duration::from_secs(4))
        );
        assert_eq!(
            policy.wait_after(
                1,
                Duration::from_secs(2),
                Some(Duration::from_secs(4)),
                None
            ),
            None,
            "would end 6 s after the start, past the 5 s budget"
        );
        assert_eq!(
            policy.wait_after(1, Duration::from_secs(6), None, None),
            None
        );
        // A deadline ends retries whose wait would reach it.
        let deadline = Some(Duration::from_secs(2));
        assert_eq!(
            policy.wait_after(
                1,
                Duration::from_secs(1),
                Some(Duration::from_secs(1)),
                deadline
            ),
            None
        );
        assert!(
            policy
                .wait_after(
                    1,
                    Duration::from_millis(500),
                    Some(Duration::from_secs(1)),
                    deadline
                )
                .is_some()
        );
        assert_eq!(
            RetryPolicy::none().wait_after(1, Duration::ZERO, None, None),
            None
        );
    }

    #[test]
    fn the_idempotent_mark_holds_only_while_the_marked_call_runs() {
        assert!(!marked_idempotent());
        let seen =
            futures_util::FutureExt::now_or_never(Idempotent::new(async { marked_idempotent() }));
        assert_eq!(seen, Some(true));
        assert!(!marked_idempotent());
    }
}
