//! Where Dokploy is and which API key to use: flags, environment variables and named profiles.
//!
//! Precedence, first found wins:
//!
//! - URL: `--url`; the profile chosen with `--profile` or `DOKPLOY_PROFILE`; `DOKPLOY_API_URL`;
//!   the config file's `default_profile`.
//! - key: `--api-key-file FILE` (`-`: standard input); the chosen profile's `api_key_file` or
//!   `api_key`; `DOKPLOY_API_KEY`; the default profile's.
//! - CA certificate to trust (a private Dokploy): `--ca-cert FILE`; the chosen profile's
//!   `ca_cert`; `DOKPLOY_CA_CERT`; the default profile's.
//!
//! - transport (REST or tRPC): `--transport`; the profile's `transport`; REST.
//!
//! An explicitly chosen profile beats the environment; the environment beats the default
//! profile. The key is never taken from a flag value (it would show in `ps` and shell history)
//! and never printed: [`Resolved`] says where it came from, not what it is. A key file, or a
//! config file holding a key, that group or others can read is refused, as ssh refuses such
//! files ([`secrets::check_private`]); [`set_key`] writes a profile's key with mode 0600.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use dokploy::redact::Secret;
use dokploy::{ApiKey, Client};
use serde::Deserialize;

use crate::failure::Failure;
use crate::secrets;

/// The environment variable naming the config file.
pub const CONFIG_VAR: &str = "DOKPLOY_CONFIG";
/// The environment variable naming the profile to use.
pub const PROFILE_VAR: &str = "DOKPLOY_PROFILE";
/// The environment variable naming a CA certificate (PEM) to trust.
pub const CA_CERT_VAR: &str = "DOKPLOY_CA_CERT";

/// What `dokploy config --help` says about the file.
pub const FILE_HELP: &str = "\
The config file (default: <config dir>/dokploy/config.toml, e.g. ~/.config/dokploy/config.toml;
elsewhere with --config-file or DOKPLOY_CONFIG) holds named profiles:

  default_profile = \"prod\"

  [profiles.prod]
  url = \"https://dokploy.example.com\"
  api_key_file = \"~/.config/dokploy/prod.key\"   # or: api_key = \"...\"

  [profiles.local]
  url = \"http://127.0.0.1:3000\"
  transport = \"trpc\"        # rest (the default) or trpc: see `dokploy --help`, --transport

  [profiles.internal]
  url = \"https://dokploy.internal.example\"
  ca_cert = \"internal-ca.pem\"                   # a private CA to trust (relative: to this file)

Where the URL comes from, first found: --url; the profile chosen with --profile or DOKPLOY_PROFILE;
DOKPLOY_API_URL; the default profile. The API key: --api-key-file FILE (- reads standard input);
the chosen profile; DOKPLOY_API_KEY; the default profile. The CA certificate: --ca-cert FILE; the
chosen profile; DOKPLOY_CA_CERT; the default profile. The key is never printed.

Like ssh, a key file, or a config file holding a key, that group or others can read is refused
(chmod 600 FILE). `dokploy config set-key [--profile NAME] [--url URL]` reads the key from
standard input (or asks for it on a terminal) and writes it into the profile, in a file only
you can read.";

/// The options every command accepts about where Dokploy is.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// `--url`.
    pub url: Option<String>,
    /// `--api-key-file`.
    pub api_key_file: Option<PathBuf>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--config-file`.
    pub config_file: Option<PathBuf>,
    /// `--timeout`, in seconds: the whole call's deadline.
    pub timeout: Option<u64>,
    /// `--transport`.
    pub transport: Option<dokploy::Transport>,
    /// `--ca-cert`.
    pub ca_cert: Option<PathBuf>,
}

/// The config file's contents.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    default_profile: Option<String>,
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

/// One profile (the key is a [`Secret`], so `Debug` never shows it).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Profile {
    url: Option<String>,
    api_key: Option<Secret>,
    api_key_file: Option<PathBuf>,
    transport: Option<TransportSetting>,
    ca_cert: Option<PathBuf>,
}

/// A profile's `transport`.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum TransportSetting {
    Rest,
    Trpc,
}

impl From<TransportSetting> for dokploy::Transport {
    fn from(t: TransportSetting) -> Self {
        match t {
            TransportSetting::Rest => dokploy::Transport::Rest,
            TransportSetting::Trpc => dokploy::Transport::Trpc,
        }
    }
}

/// Where the URL and the key were found (never the key itself).
#[derive(Debug)]
pub struct Resolved {
    /// The config file looked at, and whether it exists.
    pub config_file: PathBuf,
    /// Whether the config file exists.
    pub config_exists: bool,
    /// The profile in use, and whether it was chosen explicitly.
    pub profile: Option<(String, bool)>,
    /// The profiles the file defines.
    pub profiles: Vec<String>,
    /// The URL and where it came from.
    pub url: Option<(String, String)>,
    /// Where the key came from (`None`: no key).
    pub key_source: Option<String>,
    /// The transport and where it came from (`None`: the default, REST).
    pub transport: Option<(dokploy::Transport, String)>,
    /// The CA certificate to trust, and where it was named.
    pub ca_cert: Option<(PathBuf, String)>,
    key: Option<ApiKey>,
    timeout: Option<Duration>,
}

impl Sources {
    /// Reads the config file and the environment and says what would be used.
    pub fn resolve(&self) -> Result<Resolved, Failure> {
        let (config_file, explicit_file) = match (&self.config_file, env(CONFIG_VAR)) {
            (Some(path), _) => (path.clone(), true),
            (None, Some(path)) => (PathBuf::from(path), true),
            (None, None) => (default_config_file(), false),
        };
        let (config, config_exists) = read_config(&config_file, explicit_file)?;
        let chosen = self.profile.clone().or_else(|| env(PROFILE_VAR));
        let profiles: Vec<String> = config.profiles.keys().cloned().collect();
        let (profile_name, explicit) = match (chosen, &config.default_profile) {
            (Some(name), _) => (Some(name), true),
            (None, Some(name)) => (Some(name.clone()), false),
            (None, None) => (None, false),
        };
        let profile = match &profile_name {
            Some(name) => Some(config.profiles.get(name).cloned().ok_or_else(|| {
                Failure::Usage(format!(
                    "there is no profile {name:?} in {} ({})",
                    config_file.display(),
                    if profiles.is_empty() {
                        "it defines none".to_string()
                    } else {
                        format!("it defines: {}", profiles.join(", "))
                    }
                ))
            })?),
            None => None,
        };
        let from_profile = |what: &str| {
            format!(
                "{what} of profile {:?} in {}",
                profile_name.as_deref().unwrap_or_default(),
                config_file.display()
            )
        };

        let profile_url = profile
            .as_ref()
            .and_then(|p| p.url.clone())
            .map(|u| (u, from_profile("url")));
        let env_url = env(dokploy::config::URL_VAR).map(|u| (u, dokploy::config::URL_VAR.into()));
        let url = match (&self.url, explicit) {
            (Some(u), _) => Some((u.clone(), "--url".to_string())),
            (None, true) => profile_url.or(env_url),
            (None, false) => env_url.or(profile_url),
        };

        // The profile's key file is read only when the profile's key is the one used.
        let profile_key = || match &profile {
            Some(p) => profile_key(p, &config_file, &from_profile),
            None => Ok(None),
        };
        let env_key = env(dokploy::config::KEY_VAR)
            .map(|k| (ApiKey::new(k), dokploy::config::KEY_VAR.to_string()));
        let key = match (&self.api_key_file, explicit) {
            (Some(path), _) => Some((
                read_key_file(path, None)?,
                if path.as_os_str() == "-" {
                    "standard input (--api-key-file -)".to_string()
                } else {
                    format!("--api-key-file {}", path.display())
                },
            )),
            (None, true) => profile_key()?.or(env_key),
            (None, false) => match env_key {
                Some(key) => Some(key),
                None => profile_key()?,
            },
        };
        let transport = match (self.transport, profile.as_ref().and_then(|p| p.transport)) {
            (Some(t), _) => Some((t, "--transport".to_string())),
            (None, Some(t)) => Some((t.into(), from_profile("transport"))),
            (None, None) => None,
        };
        let (key, key_source) = match key {
            Some((k, source)) => (Some(k), Some(source)),
            None => (None, None),
        };

        let profile_ca = profile
            .as_ref()
            .and_then(|p| p.ca_cert.as_deref())
            .map(|path| (expand(path, config_file.parent()), from_profile("ca_cert")));
        let env_ca = env(CA_CERT_VAR).map(|p| (PathBuf::from(p), CA_CERT_VAR.to_string()));
        let ca_cert = match (&self.ca_cert, explicit) {
            (Some(path), _) => Some((path.clone(), "--ca-cert".to_string())),
            (None, true) => profile_ca.or(env_ca),
            (None, false) => env_ca.or(profile_ca),
        };
        Ok(Resolved {
            config_file,
            config_exists,
            profile: profile_name.map(|n| (n, explicit)),
            profiles,
            url,
            key_source,
            transport,
            ca_cert,
            key,
            timeout: self.timeout.map(Duration::from_secs),
        })
    }

    /// A client for the Dokploy these sources point at.
    pub fn client(&self) -> Result<Client, Failure> {
        self.resolve()?.client()
    }
}

impl Resolved {
    /// Builds the client, or says which setting is missing and how to give it.
    pub fn client(self) -> Result<Client, Failure> {
        let Some((url, _)) = self.url else {
            return Err(Failure::Usage(format!(
                "no Dokploy URL: pass --url, set {}, or add a profile to {} (see `dokploy config --help`)",
                dokploy::config::URL_VAR,
                self.config_file.display()
            )));
        };
        let Some(key) = self.key else {
            return Err(Failure::Usage(format!(
                "no API key: pass --api-key-file FILE (or - for standard input), set {}, or add a profile to {} (see `dokploy config --help`)",
                dokploy::config::KEY_VAR,
                self.config_file.display()
            )));
        };
        let mut builder = Client::builder()
            .base_url(url)
            .api_key(key)
            .user_agent_suffix(concat!("dokploy-cli/", env!("CARGO_PKG_VERSION")));
        if let Some(timeout) = self.timeout {
            builder = builder.deadline(timeout);
        }
        if let Some((path, from)) = &self.ca_cert {
            let pem = std::fs::read(path).map_err(|e| {
                Failure::Usage(format!(
                    "the CA certificate {} (from {from}) could not be read: {e}",
                    path.display()
                ))
            })?;
            builder = builder.add_root_certificate(pem);
        }
        if let Some((transport, _)) = self.transport {
            builder = builder.transport(transport);
        }
        Ok(builder.build()?)
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// `<config dir>/dokploy/config.toml` (`~/.config/dokploy/config.toml` on Linux).
pub fn default_config_file() -> PathBuf {
    dirs::config_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("dokploy")
        .join("config.toml")
}

fn read_config(path: &Path, explicit: bool) -> Result<(ConfigFile, bool), Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            return Ok((ConfigFile::default(), false));
        }
        Err(e) => {
            return Err(Failure::Usage(format!(
                "the config file {} could not be read: {e}",
                path.display()
            )));
        }
    };
    let config: ConfigFile = toml::from_str(&text).map_err(|e| {
        // toml's message quotes the offending line, which may hold a key: keep only where.
        let at = e
            .span()
            .map(|span| {
                let line = text[..span.start.min(text.len())].lines().count().max(1);
                format!(" at line {line}")
            })
            .unwrap_or_default();
        Failure::Usage(format!(
            "the config file {} is not valid{at}: {}",
            path.display(),
            e.message()
        ))
    })?;
    if config.profiles.values().any(|p| p.api_key.is_some()) {
        secrets::check_private(path, "the config file")?;
    }
    Ok((config, true))
}

fn profile_key(
    profile: &Profile,
    config_file: &Path,
    from_profile: &dyn Fn(&str) -> String,
) -> Result<Option<(ApiKey, String)>, Failure> {
    match (&profile.api_key_file, &profile.api_key) {
        (Some(_), Some(_)) => Err(Failure::Usage(format!(
            "{} are both set: keep one",
            from_profile("api_key and api_key_file")
        ))),
        (Some(path), None) => Ok(Some((
            read_key_file(path, config_file.parent())?,
            from_profile(&format!("api_key_file {}", path.display())),
        ))),
        (None, Some(key)) => Ok(Some((ApiKey::new(key.expose()), from_profile("api_key")))),
        (None, None) => Ok(None),
    }
}

/// Reads a key from a file (`~/` expanded, relative paths from `base`; refused when others may
/// read it), or stdin for `-`.
fn read_key_file(path: &Path, base: Option<&Path>) -> Result<ApiKey, Failure> {
    let text = if path.as_os_str() == "-" {
        secrets::stdin("--api-key-file -")?
    } else {
        let path = expand(path, base);
        secrets::check_private(&path, "the API key file")?;
        std::fs::read_to_string(&path).map_err(|e| {
            Failure::Usage(format!(
                "the API key file {} could not be read: {e}",
                path.display()
            ))
        })?
    };
    let key = text.trim();
    if key.is_empty() {
        return Err(Failure::Usage(format!(
            "the API key from {} is empty",
            if path.as_os_str() == "-" {
                "standard input".to_string()
            } else {
                path.display().to_string()
            }
        )));
    }
    Ok(ApiKey::new(key))
}

/// `dokploy config set-key`: writes `key` as the `api_key` of a profile (the chosen one, else
/// the file's default, else `default`, which then becomes the default), with `url` if given,
/// into the config file, readable by its owner only. Other settings, comments and layout are
/// kept; an `api_key_file` of that profile is removed (one key per profile). Returns the profile
/// and the file.
pub fn set_key(sources: &Sources, key: &str) -> Result<(String, PathBuf), Failure> {
    let key = key.trim();
    if key.is_empty() {
        return Err(Failure::Usage(
            "the API key is empty: nothing was written".into(),
        ));
    }
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Failure::Usage(
            "the API key has spaces or characters an HTTP header cannot carry: nothing was written"
                .into(),
        ));
    }
    let path = sources
        .config_file
        .clone()
        .or_else(|| env(CONFIG_VAR).map(PathBuf::from))
        .unwrap_or_else(default_config_file);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(Failure::Usage(format!(
                "the config file {} could not be read: {e}",
                path.display()
            )));
        }
    };
    // Checked as a config file first (known settings only), then edited in place.
    toml::from_str::<ConfigFile>(&text).map_err(|e| {
        Failure::Usage(format!(
            "the config file {} is not valid ({}): fix it first",
            path.display(),
            e.message()
        ))
    })?;
    let mut document: toml_edit::DocumentMut =
        text.parse().map_err(|e: toml_edit::TomlError| {
            Failure::Usage(format!(
                "the config file {} is not valid ({}): fix it first",
                path.display(),
                e.message()
            ))
        })?;
    let default = document
        .get("default_profile")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let name = sources
        .profile
        .clone()
        .or_else(|| env(PROFILE_VAR))
        .or(default.clone())
        .unwrap_or_else(|| "default".to_string());
    if default.is_none() {
        document["default_profile"] = toml_edit::value(name.as_str());
    }
    let profiles = document
        .entry("profiles")
        .or_insert_with(|| {
            let mut table = toml_edit::Table::new();
            table.set_implicit(true);
            toml_edit::Item::Table(table)
        })
        .as_table_mut()
        .ok_or_else(|| Failure::Usage("`profiles` in the config file is not a table".into()))?;
    let profile = profiles
        .entry(&name)
        .or_insert_with(toml_edit::table)
        .as_table_mut()
        .ok_or_else(|| {
            Failure::Usage(format!(
                "profile {name:?} in the config file is not a table"
            ))
        })?;
    if let Some(url) = &sources.url {
        dokploy::config::api_base(url)?;
        profile["url"] = toml_edit::value(url.as_str());
    }
    profile.remove("api_key_file");
    profile["api_key"] = toml_edit::value(key);
    secrets::write_private(&path, &document.to_string())?;
    Ok((name, path))
}

/// The key for `set_key`: standard input, or asked for on the terminal without echo.
pub fn read_new_key(profile_hint: Option<&str>) -> Result<String, Failure> {
    if std::io::stdin().is_terminal() {
        let prompt = match profile_hint {
            Some(name) => format!("API key for profile {name} (not shown): "),
            None => "API key (not shown): ".to_string(),
        };
        rpassword::prompt_password(prompt)
            .map_err(|e| Failure::Usage(format!("the API key could not be read: {e}")))
    } else {
        secrets::stdin("config set-key")
    }
}

fn expand(path: &Path, base: Option<&Path>) -> PathBuf {
    if let Ok(rest) = path.strip_prefix("~")
        && let Some(home) = dirs::home_dir()
    {
        return home.join(rest);
    }
    match base {
        Some(base) if path.is_relative() => base.join(path),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_never_shows_its_key_in_debug() {
        let config: ConfigFile =
            toml::from_str("[profiles.p]\nurl = \"http://x\"\napi_key = \"s3cret-key\"\n").unwrap();
        let debug = format!("{config:?}");
        assert!(!debug.contains("s3cret-key"), "{debug}");
    }

    #[test]
    fn unknown_settings_are_refused_so_typos_are_not_ignored() {
        assert!(toml::from_str::<ConfigFile>("[profiles.p]\nulr = \"http://x\"\n").is_err());
        assert!(toml::from_str::<ConfigFile>("[profiles.p]\ntransport = \"grpc\"\n").is_err());
        let config: ConfigFile = toml::from_str("[profiles.p]\ntransport = \"trpc\"\n").unwrap();
        assert!(matches!(
            config.profiles["p"].transport,
            Some(TransportSetting::Trpc)
        ));
    }

    #[test]
    fn relative_key_files_are_read_from_the_config_directory() {
        assert_eq!(
            expand(Path::new("prod.key"), Some(Path::new("/etc/dokploy"))),
            PathBuf::from("/etc/dokploy/prod.key")
        );
        assert_eq!(
            expand(Path::new("/abs.key"), Some(Path::new("/etc"))),
            PathBuf::from("/abs.key")
        );
    }
}
