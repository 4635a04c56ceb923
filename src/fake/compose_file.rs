//! Just enough YAML to list a compose file's services: the keys of the top-level `services:`
//! mapping (block style, or an inline `{}`), read by indentation.

/// The service names of `compose_file` in file order; `None` when it has no (non-null)
/// `services` mapping, which Dokploy reports as "Services not found".
pub(crate) fn services(compose_file: &str) -> Option<Vec<String>> {
    let mut lines = compose_file.lines().peekable();
    // Find the top-level `services:` key.
    let rest = loop {
        let line = lines.next()?;
        if indentation(line) != 0 || is_blank(line) {
            continue;
        }
        if let Some((key, rest)) = split_key(line)
            && key == "services"
        {
            break rest;
        }
    };
    let inline = strip_comment(rest).trim();
    if !inline.is_empty() {
        // `services: {}` or `services: {a: …}`; `services: null` / `~` is no mapping.
        let inner = inline.strip_prefix('{')?.strip_suffix('}')?;
        return Some(
            split_flow(inner)
                .into_iter()
                .filter_map(|entry| split_key(entry.trim()).map(|(k, _)| k))
                .collect(),
        );
    }
    let mut names = Vec::new();
    let mut child_indent = None;
    for line in lines {
        if is_blank(line) {
            continue;
        }
        let indent = indentation(line);
        if indent == 0 {
            break;
        }
        let level = *child_indent.get_or_insert(indent);
        if indent == level
            && let Some((key, _)) = split_key(line.trim_start())
        {
            names.push(key);
        }
    }
    if names.is_empty() && child_indent.is_none() {
        // `services:` with nothing under it is null in YAML.
        return None;
    }
    Some(names)
}

/// The service names, or none.
pub(crate) fn service_names(compose_file: &str) -> Vec<String> {
    services(compose_file).unwrap_or_default()
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

fn is_blank(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---"
}

fn strip_comment(text: &str) -> &str {
    match text.find(" #") {
        Some(i) => &text[..i],
        None if text.trim_start().starts_with('#') => "",
        None => text,
    }
}

/// `key: rest` → (`key` unquoted, `rest`); `None` if the line is not a mapping entry.
fn split_key(line: &str) -> Option<(String, &str)> {
    let line = line.trim_end();
    let (key, rest) = if let Some(quote) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = line[1..].find(quote)? + 1;
        let after = line[end + 1..].strip_prefix(':')?;
        (line[1..end].to_string(), after)
    } else {
        let colon = line
            .find(": ")
            .or_else(|| line.strip_suffix(':').map(|l| l.len()))?;
        (
            line[..colon].trim().to_string(),
            &line[(colon + 1).min(line.len())..],
        )
    };
    if key.is_empty() || key.starts_with('-') {
        return None;
    }
    Some((key, rest))
}

/// Splits the inside of a flow mapping at top-level commas.
fn split_flow(inner: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !inner[start..].trim().is_empty() {
        parts.push(&inner[start..]);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_top_level_services_in_order() {
        let file = "version: '3.8'\n# comment\nservices:\n  web:\n    image: nginx\n    ports:\n      - \"80:80\"\n\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: x\n  \"quoted-svc\":\n    image: redis\nvolumes:\n  data: {}\n";
        assert_eq!(services(file).unwrap(), ["web", "db", "quoted-svc"]);
    }

    #[test]
    fn no_services_is_none_and_empty_services_is_empty() {
        assert_eq!(services(""), None);
        assert_eq!(services("version: '3'\n"), None);
        assert_eq!(services("services:\n"), None);
        assert_eq!(services("services: {}\n").unwrap(), Vec::<String>::new());
        assert_eq!(
            services("services: {a: {image: x}, b: {image: y}}").unwrap(),
            ["a", "b"]
        );
    }

    #[test]
    fn tabs_and_comments_inside_do_not_confuse_it() {
        let file = "services:\n    app: # the app\n        image: x\n    # worker: disabled\n    worker:\n        image: y\n";
        assert_eq!(services(file).unwrap(), ["app", "worker"]);
    }
}
