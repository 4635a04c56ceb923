//! Traefik's dynamic configuration as Dokploy writes it, computed from the fake's domains: one
//! `dynamic/<appName>.yml` per application with an enabled domain (its routers and services,
//! `manageDomain`), and `dynamic/middlewares.yml` with the path middlewares of those domains.
//! Applications on a remote server have their files on that server.
//!
//! Only what Dokploy itself writes exists: the fake has no `traefik.yml`, no `dokploy.yml`
//! (Dokploy's own router) and no access log, like the recorded development install.

use serde_json::Value;

use super::state::{Row, State, str_of};

/// Where the per-service files live (`DYNAMIC_TRAEFIK_PATH`, inside `/etc/dokploy/traefik`).
pub(crate) const DYNAMIC_DIR: &str = "/etc/dokploy/traefik/dynamic";

/// Every dynamic file of the host `server_id` names (`None`: Dokploy's own host), as
/// `(path, content)` sorted by path.
pub(crate) fn files(st: &State, server_id: Option<&str>) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut middlewares = Vec::new();
    for app in st
        .applications
        .iter()
        .filter(|a| a.get("serverId").and_then(Value::as_str) == server_id)
    {
        let (Some(app_id), Some(app_name)) = (str_of(app, "applicationId"), str_of(app, "appName"))
        else {
            continue;
        };
        let mut domains: Vec<&Row> = st
            .domains
            .where_eq("applicationId", &app_id)
            .filter(|d| d.get("enabled") != Some(&Value::Bool(false)))
            .filter(|d| d.get("domainType").and_then(Value::as_str) != Some("preview"))
            .collect();
        if domains.is_empty() {
            continue;
        }
        domains.sort_by_key(|d| key_of(d));
        files.push((
            format!("{DYNAMIC_DIR}/{app_name}.yml"),
            render(&app_config(&app_name, &domains)),
        ));
        middlewares.extend(domains.iter().flat_map(|d| path_middlewares(&app_name, d)));
    }
    if !middlewares.is_empty() {
        let config = Yaml::map([("http", Yaml::map([("middlewares", Yaml::Map(middlewares))]))]);
        files.push((format!("{DYNAMIC_DIR}/middlewares.yml"), render(&config)));
    }
    files.sort();
    files
}

/// The content of the file at `path` on the host `server_id` names, if it exists.
pub(crate) fn read(st: &State, server_id: Option<&str>, path: &str) -> Option<String> {
    let wanted = normalize(path);
    files(st, server_id)
        .into_iter()
        .find(|(p, _)| *p == wanted)
        .map(|(_, content)| content)
}

/// `path.join(p)`: repeated slashes and `.` segments collapsed.
fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let parts: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    format!("{}{}", if absolute { "/" } else { "" }, parts.join("/"))
}

fn key_of(domain: &Row) -> i64 {
    domain
        .get("uniqueConfigKey")
        .and_then(Value::as_i64)
        .unwrap_or_default()
}

fn text(domain: &Row, key: &str) -> Option<String> {
    str_of(domain, key)
}

fn flag(domain: &Row, key: &str) -> bool {
    domain.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// The path prefix, when it is not the root.
fn sub_path(domain: &Row) -> Option<String> {
    text(domain, "path").filter(|p| p != "/" && !p.is_empty())
}

/// `createRouterConfig` and `createServiceConfig` for each domain of one application.
fn app_config(app_name: &str, domains: &[&Row]) -> Yaml {
    let mut routers = Vec::new();
    let mut services = Vec::new();
    for domain in domains {
        let key = key_of(domain);
        routers.push((
            format!("{app_name}-router-{key}"),
            router(app_name, domain, "web"),
        ));
        if flag(domain, "https") {
            routers.push((
                format!("{app_name}-router-websecure-{key}"),
                router(app_name, domain, "websecure"),
            ));
        }
        let port = domain
            .get("port")
            .and_then(Value::as_i64)
            .filter(|p| *p != 0)
            .unwrap_or(80);
        services.push((
            format!("{app_name}-service-{key}"),
            Yaml::map([(
                "loadBalancer",
                Yaml::map([
                    (
                        "servers",
                        Yaml::List(vec![Yaml::map([(
                            "url",
                            Yaml::str(format!("http://{app_name}:{port}")),
                        )])]),
                    ),
                    ("passHostHeader", Yaml::Bool(true)),
                ]),
            )]),
        ));
    }
    Yaml::map([(
        "http",
        Yaml::map([
            ("routers", Yaml::Map(routers)),
            ("services", Yaml::Map(services)),
        ]),
    )])
}

fn router(app_name: &str, domain: &Row, entry_point: &str) -> Yaml {
    let key = key_of(domain);
    let host = text(domain, "host").unwrap_or_default();
    let mut rule = format!("Host(`{host}`)");
    if let Some(path) = sub_path(domain) {
        rule.push_str(&format!(" && PathPrefix(`{path}`)"));
    }
    let https = flag(domain, "https");
    let custom_entry = text(domain, "customEntrypoint").filter(|e| !e.is_empty());
    let mut middlewares = Vec::new();
    if entry_point == "web" && https && custom_entry.is_none() {
        middlewares.push(Yaml::str("redirect-to-https"));
    } else {
        if flag(domain, "stripPath") && sub_path(domain).is_some() {
            middlewares.push(Yaml::str(format!("stripprefix-{app_name}-{key}")));
        }
        if internal_path(domain).is_some() {
            middlewares.push(Yaml::str(format!("addprefix-{app_name}-{key}")));
        }
        if let Some(Value::Array(custom)) = domain.get("middlewares") {
            middlewares.extend(custom.iter().filter_map(Value::as_str).map(Yaml::str));
        }
    }
    let mut members = vec![
        ("rule".to_string(), Yaml::Str(rule)),
        (
            "service".to_string(),
            Yaml::str(format!("{app_name}-service-{key}")),
        ),
        ("middlewares".to_string(), Yaml::List(middlewares)),
        (
            "entryPoints".to_string(),
            Yaml::List(vec![Yaml::str(entry_point)]),
        ),
    ];
    if entry_point == "websecure" || (custom_entry.is_some() && https) {
        match text(domain, "certificateType").as_deref() {
            Some("letsencrypt") => members.push((
                "tls".into(),
                Yaml::map([("certResolver", Yaml::str("letsencrypt"))]),
            )),
            Some("custom") => {
                if let Some(resolver) = text(domain, "customCertResolver") {
                    members.push((
                        "tls".into(),
                        Yaml::map([("certResolver", Yaml::Str(resolver))]),
                    ));
                }
            }
            _ => {}
        }
    }
    Yaml::Map(members)
}

/// The internal path a domain adds, when it differs from the public one.
fn internal_path(domain: &Row) -> Option<String> {
    text(domain, "internalPath")
        .filter(|p| p != "/" && !p.is_empty() && Some(p) != text(domain, "path").as_ref())
}

/// `createPathMiddlewares`: `stripprefix-…` and `addprefix-…` for one domain.
fn path_middlewares(app_name: &str, domain: &Row) -> Vec<(String, Yaml)> {
    let key = key_of(domain);
    let mut out = Vec::new();
    if let Some(path) = sub_path(domain).filter(|_| flag(domain, "stripPath")) {
        out.push((
            format!("stripprefix-{app_name}-{key}"),
            Yaml::map([(
                "stripPrefix",
                Yaml::map([("prefixes", Yaml::List(vec![Yaml::Str(path)]))]),
            )]),
        ));
    }
    if let Some(internal) = internal_path(domain) {
        out.push((
            format!("addprefix-{app_name}-{key}"),
            Yaml::map([("addPrefix", Yaml::map([("prefix", Yaml::Str(internal))]))]),
        ));
    }
    out
}

/// Just enough of a YAML document to print what Dokploy's `yaml.stringify` prints for these files.
enum Yaml {
    Map(Vec<(String, Yaml)>),
    List(Vec<Yaml>),
    Str(String),
    Bool(bool),
}

impl Yaml {
    fn map<const N: usize>(members: [(&str, Yaml); N]) -> Yaml {
        Yaml::Map(
            members
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    fn str(value: impl Into<String>) -> Yaml {
        Yaml::Str(value.into())
    }
}

fn render(doc: &Yaml) -> String {
    let mut out = String::new();
    if let Yaml::Map(members) = doc {
        write_map(&mut out, members, 0);
    }
    out
}

fn write_map(out: &mut String, members: &[(String, Yaml)], indent: usize) {
    for (key, value) in members {
        out.push_str(&" ".repeat(indent));
        out.push_str(&scalar(key));
        out.push(':');
        write_value(out, value, indent);
    }
}

/// Writes what follows `key:` (or `- `).
fn write_value(out: &mut String, value: &Yaml, indent: usize) {
    match value {
        Yaml::Map(members) if members.is_empty() => out.push_str(" {}\n"),
        Yaml::List(items) if items.is_empty() => out.push_str(" []\n"),
        Yaml::Map(members) => {
            out.push('\n');
            write_map(out, members, indent + 2);
        }
        Yaml::List(items) => {
            out.push('\n');
            for item in items {
                out.push_str(&" ".repeat(indent + 2));
                out.push('-');
                match item {
                    Yaml::Map(members) if !members.is_empty() => {
                        // `- first: …` then the other members under it.
                        let mut nested = String::new();
                        write_map(&mut nested, members, indent + 4);
                        out.push(' ');
                        out.push_str(nested.trim_start());
                    }
                    other => write_value(out, other, indent + 2),
                }
            }
        }
        Yaml::Str(s) => {
            out.push(' ');
            out.push_str(&scalar(s));
            out.push('\n');
        }
        Yaml::Bool(b) => {
            out.push_str(if *b { " true\n" } else { " false\n" });
        }
    }
}

/// A string as a plain scalar, or double-quoted when plain would change its meaning.
fn scalar(s: &str) -> String {
    let special_start = s
        .chars()
        .next()
        .is_none_or(|c| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace());
    let ambiguous = matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off"
    ) || s.parse::<f64>().is_ok();
    let breaks = s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.ends_with(' ')
        || s.contains('\n');
    if special_start || ambiguous || breaks {
        serde_json::to_string(s).unwrap_or_default()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake::DeployOutcome;
    use serde_json::json;

    fn row(value: Value) -> Row {
        match value {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn an_application_domain_gives_the_file_dokploy_writes() {
        let mut st = State::new(DeployOutcome::Done);
        let app = "app-generate-optical-protocol-1g3mmc";
        st.applications.insert(row(
            json!({"applicationId": "a", "appName": app, "serverId": null}),
        ));
        st.domains.insert(row(json!({
            "domainId": "d", "applicationId": "a", "host": format!("{app}.example.com"),
            "port": null, "path": "/", "https": false, "uniqueConfigKey": 1,
            "domainType": "application", "enabled": true, "middlewares": []
        })));
        let files = files(&st, None);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, format!("{DYNAMIC_DIR}/{app}.yml"));
        let expected = "http:\n  routers:\n    app-generate-optical-protocol-1g3mmc-router-1:\n      rule: Host(`app-generate-optical-protocol-1g3mmc.example.com`)\n      service: app-generate-optical-protocol-1g3mmc-service-1\n      middlewares: []\n      entryPoints:\n        - web\n  services:\n    app-generate-optical-protocol-1g3mmc-service-1:\n      loadBalancer:\n        servers:\n          - url: http://app-generate-optical-protocol-1g3mmc:80\n        passHostHeader: true\n";
        assert_eq!(files[0].1, expected);
        assert_eq!(
            read(&st, None, &format!("{DYNAMIC_DIR}//./{app}.yml")).as_deref(),
            Some(expected)
        );
        assert!(read(&st, Some("remote"), &files[0].0).is_none());
    }

    #[test]
    fn https_and_stripped_paths_add_routers_and_middlewares() {
        let mut st = State::new(DeployOutcome::Done);
        st.applications.insert(row(
            json!({"applicationId": "a", "appName": "web-x", "serverId": null}),
        ));
        st.domains.insert(row(json!({
            "domainId": "d", "applicationId": "a", "host": "shop.example.com", "port": 3000,
            "path": "/api", "stripPath": true, "https": true, "certificateType": "letsencrypt",
            "uniqueConfigKey": 4, "domainType": "application", "internalPath": "/"
        })));
        let files = files(&st, None);
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                format!("{DYNAMIC_DIR}/middlewares.yml"),
                format!("{DYNAMIC_DIR}/web-x.yml")
            ]
        );
        let app = &files[1].1;
        assert!(app.contains("web-x-router-websecure-4:"), "{app}");
        assert!(app.contains("        - redirect-to-https\n"), "{app}");
        assert!(app.contains("        - stripprefix-web-x-4\n"), "{app}");
        assert!(
            app.contains("      tls:\n        certResolver: letsencrypt\n"),
            "{app}"
        );
        assert!(
            app.contains("Host(`shop.example.com`) && PathPrefix(`/api`)"),
            "{app}"
        );
        assert!(
            files[0].1.contains(
                "stripprefix-web-x-4:\n      stripPrefix:\n        prefixes:\n          - /api\n"
            ),
            "{}",
            files[0].1
        );
    }

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(scalar("http://a:80"), "http://a:80");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("8080"), "\"8080\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar(""), "\"\"");
    }
}
