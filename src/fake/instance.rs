//! What the instance holds outside any project: the web server's settings row, its one owner
//! (the `member` row and the better-auth `user` row) and the owner's API keys with their use
//! (expiry, request limit, rate limit), checked on every request like Dokploy's API-key plugin.

use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use super::ids;
use super::state::Row;

/// better-auth's defaults for a key created without them: 10 verifications per day.
const DEFAULT_RATE_LIMIT_MAX: i64 = 10;
const DEFAULT_RATE_LIMIT_WINDOW_MS: i64 = 86_400_000;
/// better-auth's default bounds for `expiresIn` (seconds): 1 to 365 days.
const MIN_EXPIRES_IN: f64 = 86_400.0;
const MAX_EXPIRES_IN: f64 = 365.0 * 86_400.0;
/// How many times one REST call verifies its key (Dokploy's route, then its tRPC context).
const VERIFICATIONS_PER_CALL: usize = 2;

/// The web server's settings, the owner and the owner's API keys.
pub(crate) struct Instance {
    /// The `webServerSettings` row (`settings.getWebServerSettings`).
    pub(crate) web_server: Row,
    /// The owner's `member` row, without the `accessed*` lists and the nested `user`.
    pub(crate) member: Row,
    /// The owner's `user` row, without `apiKeys`.
    pub(crate) user: Row,
    /// API keys, oldest first.
    pub(crate) api_keys: Vec<ApiKey>,
}

/// One API key: the row `user.createApiKey` answered with (without `key`), the key itself, and
/// what its limits count.
pub(crate) struct ApiKey {
    pub(crate) row: Row,
    key: String,
    /// Verifications counted in the current rate-limit window, and the last one's time.
    request_count: i64,
    last_request: Option<Instant>,
    /// Verifications left (`remaining`), if the key has a request limit.
    remaining: Option<i64>,
    last_refill: Instant,
    expires: Option<Instant>,
}

/// `len` characters drawn from `alphabet`.
fn random(alphabet: &[u8], len: usize) -> String {
    (0..len)
        .map(|_| alphabet[(ids::random_u64() % alphabet.len() as u64) as usize] as char)
        .collect()
}

const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// better-auth's `generateId()`: 32 letters and digits.
fn better_auth_id() -> String {
    random(ALNUM, 32)
}

/// A random UUID v4, as Postgres' `gen_random_uuid()` gives.
fn uuid() -> String {
    let hex = random(b"0123456789abcdef", 32);
    let variant = ["8", "9", "a", "b"][(ids::random_u64() % 4) as usize];
    format!(
        "{}-{}-4{}-{variant}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

fn object(value: Value) -> Row {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// A number input as an integer (JavaScript numbers arrive here already whole when whole).
fn int(input: &Map<String, Value>, key: &str) -> Option<i64> {
    input
        .get(key)
        .and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
}

impl Instance {
    /// A fresh self-hosted instance in organization `organization_id`, whose owner has no API
    /// key yet ([`Instance::add_owner_key`]).
    pub(crate) fn new(organization_id: &str) -> Self {
        let now = ids::now_iso();
        let user_id = better_auth_id();
        let web_server = object(json!({
            "id": uuid(),
            "serverIp": "127.0.0.1",
            "certificateType": "none",
            "https": false,
            "host": null,
            "letsEncryptEmail": null,
            "sshPrivateKey": null,
            "enableDockerCleanup": true,
            "logCleanupCron": "0 0 * * *",
            "metricsConfig": {
                "server": {
                    "port": 4500, "type": "Dokploy", "token": "", "cronJob": "",
                    "thresholds": {"cpu": 0, "memory": 0},
                    "refreshRate": 60, "urlCallback": "", "retentionDays": 2
                },
                "containers": {"services": {"exclude": [], "include": []}, "refreshRate": 60}
            },
            "whitelabelingConfig": {
                "appName": null, "docsUrl": null, "logoUrl": null, "customCss": null,
                "metaTitle": null, "faviconUrl": null, "footerText": null, "supportUrl": null,
                "loginLogoUrl": null, "appDescription": null, "errorPageTitle": null,
                "errorPageDescription": null
            },
            "remoteServersOnly": false,
            "buildsConcurrency": 1,
            "enforceSSO": false,
            "cleanupCacheApplications": false,
            "cleanupCacheOnPreviews": false,
            "cleanupCacheOnCompose": false,
            "createdAt": now,
            "updatedAt": now,
        }));
        let member = object(json!({
            "id": ids::nanoid(),
            "organizationId": organization_id,
            "userId": user_id,
            "role": "owner",
            "createdAt": now,
            "teamId": null,
            "isDefault": true,
            "canCreateProjects": false,
            "canAccessToSSHKeys": false,
            "canCreateServices": false,
            "canDeleteProjects": false,
            "canDeleteServices": false,
            "canAccessToDocker": false,
            "canAccessToAPI": false,
            "canAccessToGitProviders": false,
            "canAccessToTraefikFiles": false,
            "canDeleteEnvironments": false,
            "canCreateEnvironments": false,
        }));
        let user = object(json!({
            "id": user_id,
            "firstName": "Fake",
            "lastName": "Owner",
            "email": "owner@fake-dokploy.invalid",
            "image": null,
            "allowImpersonation": false,
            "twoFactorEnabled": false,
            "stripeCustomerId": null,
            "stripeSubscriptionId": null,
            "serversQuantity": 0,
            "isEnterpriseCloud": false,
            "sendInvoiceNotifications": false,
        }));
        Self {
            web_server,
            member,
            user,
            api_keys: Vec::new(),
        }
    }

    /// Gives the owner the key `key` without limits (`FakeOptions::api_key`; `user.get` lists it
    /// like any other key).
    pub(crate) fn add_owner_key(&mut self, key: &str) {
        let mut input = Map::new();
        input.insert("name".into(), json!("fake-owner-key"));
        input.insert("rateLimitEnabled".into(), json!(false));
        self.add_key(&input, key.to_string());
    }

    /// The owner's user row, as `user.get` nests it.
    pub(crate) fn user(&self) -> &Row {
        &self.user
    }

    /// The owner's user id.
    pub(crate) fn user_id(&self) -> &str {
        self.user
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// Creates a key from `user.createApiKey`'s input and returns better-auth's answer (with the
    /// key, which is never shown again). `None` when `expiresIn` is outside better-auth's
    /// bounds (1 to 365 days), which Dokploy reports as "Error creating API key".
    pub(crate) fn create_key(&mut self, input: &Map<String, Value>) -> Option<Row> {
        if let Some(expires_in) = input.get("expiresIn").and_then(Value::as_f64)
            && !(MIN_EXPIRES_IN..=MAX_EXPIRES_IN).contains(&expires_in)
        {
            return None;
        }
        let prefix = input.get("prefix").and_then(Value::as_str).unwrap_or("");
        let key = format!("{prefix}{}", random(LETTERS, 64));
        let mut answer = self.add_key(input, key.clone());
        answer.insert("key".into(), json!(key));
        Some(answer)
    }

    /// Stores a key and returns its row (better-auth's column order, `key` left out).
    fn add_key(&mut self, input: &Map<String, Value>, key: String) -> Row {
        let now = Instant::now();
        let now_ms = ids::now_millis();
        let expires_in = input.get("expiresIn").and_then(Value::as_f64);
        let remaining = int(input, "remaining");
        let start: String = key.chars().take(6).collect();
        let mut row = object(json!({
            "configId": "default",
            "name": input.get("name").cloned().unwrap_or(Value::Null),
            "start": start,
            "referenceId": self.user_id(),
            "prefix": input.get("prefix").cloned().unwrap_or(Value::Null),
        }));
        // `key` goes here in the answer; the rest follows it.
        let rest = json!({
            "refillInterval": input.get("refillInterval").cloned().unwrap_or(Value::Null),
            "refillAmount": input.get("refillAmount").cloned().unwrap_or(Value::Null),
            "lastRefillAt": null,
            "enabled": true,
            "rateLimitEnabled": input.get("rateLimitEnabled").cloned().unwrap_or(json!(true)),
            "rateLimitTimeWindow": int(input, "rateLimitTimeWindow")
                .unwrap_or(DEFAULT_RATE_LIMIT_WINDOW_MS),
            "rateLimitMax": int(input, "rateLimitMax").unwrap_or(DEFAULT_RATE_LIMIT_MAX),
            "requestCount": 0,
            "remaining": remaining,
            "lastRequest": null,
            "expiresAt": expires_in.map(|s| ids::iso(now_ms + (s * 1000.0) as i64)),
            "createdAt": ids::iso(now_ms),
            "updatedAt": ids::iso(now_ms),
            "permissions": null,
            "metadata": null,
            "id": better_auth_id(),
        });
        row.extend(object(rest));
        let answer = row.clone();
        // Dokploy writes `metadata` after better-auth created the key, so the answer shows null.
        if let Some(metadata) = input.get("metadata") {
            row.insert("metadata".into(), json!(metadata.to_string()));
        }
        self.api_keys.push(ApiKey {
            row,
            key,
            request_count: 0,
            last_request: None,
            remaining,
            last_refill: now,
            expires: expires_in.map(|s| now + Duration::from_secs_f64(s.max(0.0))),
        });
        answer
    }

    /// Deletes the key with id `id`; `false` when there is none.
    pub(crate) fn delete_key(&mut self, id: &str) -> bool {
        let before = self.api_keys.len();
        self.api_keys
            .retain(|k| k.row.get("id").and_then(Value::as_str) != Some(id));
        self.api_keys.len() != before
    }

    /// `user.get`'s view of the keys: newest first, `{id, name, prefix, enabled, expiresAt,
    /// createdAt}` only.
    pub(crate) fn listed_keys(&self) -> Vec<Value> {
        self.api_keys
            .iter()
            .rev()
            .map(|k| {
                let pick = |name: &str| k.row.get(name).cloned().unwrap_or(Value::Null);
                json!({
                    "id": pick("id"),
                    "name": pick("name"),
                    "prefix": pick("prefix"),
                    "enabled": pick("enabled"),
                    "expiresAt": pick("expiresAt"),
                    "createdAt": pick("createdAt"),
                })
            })
            .collect()
    }

    /// Whether a REST request sent with `key` gets through: Dokploy verifies the key twice per
    /// call, and each verification counts against the key's limits.
    pub(crate) fn admits(&mut self, key: Option<&[u8]>) -> bool {
        self.verifies(key, VERIFICATIONS_PER_CALL)
    }

    /// `true` when `key` passes `times` verifications (tRPC's context verifies once per
    /// request, a batch included).
    pub(crate) fn verifies(&mut self, key: Option<&[u8]>, times: usize) -> bool {
        let Some(key) = key else { return false };
        let Some(found) = self.api_keys.iter_mut().find(|k| k.key.as_bytes() == key) else {
            return false;
        };
        (0..times).all(|_| found.verify(Instant::now()))
    }
}

impl ApiKey {
    fn number(&self, name: &str) -> Option<i64> {
        self.row.get(name).and_then(Value::as_i64)
    }

    /// One verification, as better-auth's API-key plugin does it: expiry, then the request limit
    /// (`remaining`, refilled every `refillInterval`), then the rate limit (`rateLimitMax`
    /// verifications, counting restarts once `rateLimitTimeWindow` has passed since the last).
    fn verify(&mut self, now: Instant) -> bool {
        if self.row.get("enabled") == Some(&Value::Bool(false))
            || self.expires.is_some_and(|at| now >= at)
        {
            return false;
        }
        if let Some(left) = self.remaining {
            let refill = (self.number("refillInterval"), self.number("refillAmount"));
            let mut left = left;
            if let (Some(interval), Some(amount)) = refill
                && left <= 0
                && now.duration_since(self.last_refill) >= Duration::from_millis(interval as u64)
            {
                left = amount;
                self.last_refill = now;
            }
            if left <= 0 {
                self.remaining = Some(0);
                return false;
            }
            self.remaining = Some(left - 1);
        }
        if self.row.get("rateLimitEnabled") == Some(&Value::Bool(false)) {
            self.last_request = Some(now);
            return true;
        }
        let window = Duration::from_millis(
            self.number("rateLimitTimeWindow")
                .unwrap_or(DEFAULT_RATE_LIMIT_WINDOW_MS)
                .max(0) as u64,
        );
        let max = self
            .number("rateLimitMax")
            .unwrap_or(DEFAULT_RATE_LIMIT_MAX);
        match self.last_request {
            Some(last) if now.duration_since(last) <= window => {
                if self.request_count >= max {
                    return false;
                }
                self.request_count += 1;
            }
            _ => self.request_count = 1,
        }
        self.last_request = Some(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(pairs: Value) -> Map<String, Value> {
        object(pairs)
    }

    #[test]
    fn a_key_with_the_default_rate_limit_admits_five_calls() {
        let mut instance = Instance::new("org");
        instance.add_owner_key("owner");
        let created = instance
            .create_key(&input(
                json!({"name": "k", "metadata": {"organizationId": "org"}}),
            ))
            .unwrap();
        let key = created["key"].as_str().unwrap().to_string();
        assert_eq!(key.len(), 64);
        assert_eq!(created["start"], json!(&key[..6]));
        assert_eq!(created["rateLimitEnabled"], json!(true));
        assert_eq!(created["metadata"], Value::Null);
        let admitted: Vec<bool> = (0..8)
            .map(|_| instance.admits(Some(key.as_bytes())))
            .collect();
        assert_eq!(
            admitted,
            [true, true, true, true, true, false, false, false]
        );
        // The owner's key has no limit.
        assert!((0..20).all(|_| instance.admits(Some(b"owner"))));
        assert!(!instance.admits(Some(b"wrong")));
        assert!(!instance.admits(None));
    }

    #[test]
    fn request_limits_expiry_bounds_and_deletion() {
        let mut instance = Instance::new("org");
        instance.add_owner_key("owner");
        let limited = instance
            .create_key(&input(
                json!({"name": "k", "remaining": 4, "rateLimitEnabled": false}),
            ))
            .unwrap();
        let key = limited["key"].as_str().unwrap().as_bytes().to_vec();
        assert!(instance.admits(Some(&key)));
        assert!(instance.admits(Some(&key)));
        assert!(!instance.admits(Some(&key)));
        assert!(
            instance
                .create_key(&input(json!({"name": "k", "expiresIn": 60})))
                .is_none()
        );
        let prefixed = instance
            .create_key(&input(
                json!({"name": "p", "prefix": "ci_", "expiresIn": 86400}),
            ))
            .unwrap();
        assert!(prefixed["key"].as_str().unwrap().starts_with("ci_"));
        assert!(prefixed["expiresAt"].is_string());
        let id = limited["id"].as_str().unwrap();
        assert_eq!(instance.listed_keys()[0]["name"], "p");
        assert!(instance.delete_key(id));
        assert!(!instance.delete_key(id));
        assert!(!instance.admits(Some(&key)));
    }
}
