//! The two multipart uploads, `application.dropDeployment` and `docker.uploadFileToContainer`:
//! read from a `multipart/form-data` body on the tRPC surface, where Dokploy v0.30.2 accepts
//! them (431: `{"result":{"data":{"json":true}}}`, and the build starts). Its REST surface
//! cannot parse a form ("Failed to parse body as FormData"): a REST call to either answers 500
//! "Internal server error" (445), which [`rest_refusal`] gives.
//!
//! Not recorded, so taken from Dokploy's source: the validation of the fields (a missing field
//! or file, `containerId` and `destinationPath` patterns), `uploadFileToContainer`'s answer
//! `{"success": true, "message": "File uploaded successfully"}` and its failure without a
//! Docker engine. The fake keeps no container list: with a running engine any well-formed
//! container id takes the file.

use serde_json::{Map, Value, json};

use super::Shared;
use super::deploy::{self, Job};
use super::docker;
use super::routes::server_exists;
use super::schema::Issue;
use super::state::ServiceRef;
use super::wire::{ApiError, Out};
use crate::operations::{FieldKind, Operation};

/// A part of a `multipart/form-data` body.
#[derive(Debug, PartialEq)]
pub(crate) struct Part {
    /// The form field's name.
    pub(crate) name: String,
    /// The file name, for a file.
    pub(crate) file_name: Option<String>,
    /// The part's bytes.
    pub(crate) data: Vec<u8>,
}

/// What a REST call to an upload gets: Dokploy's OpenAPI adapter fails on the form (445).
pub(crate) fn rest_refusal() -> ApiError {
    ApiError::internal("Internal server error")
}

/// What an upload sent as JSON (no form) gets: zod's issue for each file, which JSON cannot
/// carry (not recorded).
pub(crate) fn without_form(op: &Operation, input: Option<&Value>) -> ApiError {
    let issues = op
        .body
        .iter()
        .filter(|f| f.kind == FieldKind::File)
        .map(|f| {
            let received = match input.and_then(|i| i.get(f.name)) {
                None => "undefined",
                Some(Value::String(_)) => "string",
                Some(Value::Null) => "null",
                Some(_) => "object",
            };
            Issue::new(
                vec![("expected", json!("file")), ("code", json!("invalid_type"))],
                vec![json!(f.name)],
                &format!("Invalid input: expected file, received {received}"),
            )
        })
        .collect();
    ApiError::validation(issues)
}

/// Runs the upload `op` with the form in `body` (`content_type` names its boundary).
pub(crate) fn run(
    shared: &std::sync::Arc<Shared>,
    op: &'static Operation,
    content_type: &str,
    body: &[u8],
) -> Result<Out, ApiError> {
    let parts = parse(content_type, body)
        .map_err(|e| ApiError::bad_request(format!("Failed to parse body as FormData: {e}")))?;
    let fields = fields(op, &parts)?;
    match op.procedure {
        "application.dropDeployment" => drop_deployment(shared, &fields.text),
        "docker.uploadFileToContainer" => upload_to_container(shared, &fields.text, &fields.files),
        other => Err(ApiError::not_found(format!(
            "No procedure found on path \"{other}\""
        ))),
    }
}

/// A form's fields, checked against the operation's.
struct Fields {
    /// The text fields, by name.
    text: Map<String, Value>,
    /// The file fields' file names, by field name.
    files: Map<String, Value>,
}

/// The form's text fields and file names, checked against the operation's fields like zod
/// checks `zfd.formData`: each required one present, files as files.
fn fields(op: &Operation, parts: &[Part]) -> Result<Fields, ApiError> {
    let mut text = Map::new();
    let mut files = Map::new();
    let mut issues = Vec::new();
    for field in op.body {
        let part = parts.iter().find(|p| p.name == field.name);
        let wanted = if field.kind == FieldKind::File {
            "file"
        } else {
            "string"
        };
        match part {
            Some(Part {
                file_name: Some(name),
                ..
            }) if field.kind == FieldKind::File => {
                files.insert(field.name.to_string(), json!(name));
            }
            Some(Part {
                file_name: None,
                data,
                ..
            }) if field.kind != FieldKind::File => {
                text.insert(field.name.to_string(), json!(String::from_utf8_lossy(data)));
            }
            None if !field.required => {}
            other => {
                let received = match other {
                    None => "undefined",
                    Some(p) if p.file_name.is_some() => "file",
                    Some(_) => "string",
                };
                issues.push(Issue::new(
                    vec![("expected", json!(wanted)), ("code", json!("invalid_type"))],
                    vec![json!(field.name)],
                    &format!("Invalid input: expected {wanted}, received {received}"),
                ));
            }
        }
    }
    if issues.is_empty() {
        Ok(Fields { text, files })
    } else {
        Err(ApiError::validation(issues))
    }
}

/// Unzips the archive as the application's source (`sourceType: drop`) and queues a deploy,
/// as `application.deploy` does; answers `true` (431).
fn drop_deployment(
    shared: &std::sync::Arc<Shared>,
    text: &Map<String, Value>,
) -> Result<Out, ApiError> {
    let id = text
        .get("applicationId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut st = shared.state();
    let app = st
        .applications
        .get_mut(&id)
        .ok_or_else(|| ApiError::not_found("Application not found"))?;
    app.insert("sourceType".into(), json!("drop"));
    let build_path = text.get("dropBuildPath").cloned().unwrap_or(json!(""));
    app.insert("dropBuildPath".into(), build_path);
    let job = Job::new(&st, ServiceRef::Application(id), None, None, false);
    deploy::enqueue(shared, &mut st, job);
    Ok(Out::Json(json!(true)))
}

/// `docker cp` of the file into the container, through the fake's Docker engine.
fn upload_to_container(
    shared: &std::sync::Arc<Shared>,
    text: &Map<String, Value>,
    files: &Map<String, Value>,
) -> Result<Out, ApiError> {
    let get = |key: &str| text.get(key).and_then(Value::as_str).unwrap_or_default();
    let container = get("containerId");
    let destination = get("destinationPath");
    let valid = |s: &str, extra: &[char]| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c) || extra.contains(&c))
    };
    let mut issues = Vec::new();
    for (field, ok, message) in [
        ("containerId", valid(container, &[]), "Invalid container ID"),
        (
            "destinationPath",
            valid(destination, &['/']),
            "Invalid destination path: only alphanumeric characters, dots, dashes, underscores, and forward slashes are allowed",
        ),
    ] {
        if !ok {
            issues.push(Issue::new(
                vec![
                    ("origin", json!("string")),
                    ("code", json!("invalid_format")),
                    ("format", json!("regex")),
                ],
                vec![json!(field)],
                message,
            ));
        }
    }
    if !issues.is_empty() {
        return Err(ApiError::validation(issues));
    }
    let st = shared.state();
    if !server_exists(&st, text.get("serverId")) {
        return Err(ApiError::not_found("Server not found"));
    }
    let file_name = files.get("file").and_then(Value::as_str).unwrap_or("file");
    let path = if destination.starts_with('/') {
        destination.to_string()
    } else {
        format!("/{destination}")
    };
    let command = format!("docker cp \"/tmp/dokploy-upload-{file_name}\" \"{container}:{path}\"");
    docker::exec(&st, &command)
        .map_err(|e| ApiError::internal(format!("Failed to upload file to container: {e}")))?;
    Ok(Out::Json(
        json!({"success": true, "message": "File uploaded successfully"}),
    ))
}

/// The parts of a `multipart/form-data` body (RFC 7578): the boundary from `content_type`,
/// each part's `Content-Disposition` name and file name, and its bytes.
pub(crate) fn parse(content_type: &str, body: &[u8]) -> Result<Vec<Part>, String> {
    let boundary = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .next()
        .map(|b| b.trim_matches('"'))
        .filter(|b| !b.is_empty())
        .ok_or("the content type names no boundary")?;
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut rest = body;
    let start = find(rest, &delimiter).ok_or("the body has no boundary")?;
    rest = &rest[start + delimiter.len()..];
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts); // the closing delimiter
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or("a boundary without a line end")?;
        let head_end = find(rest, b"\r\n\r\n").ok_or("a part without a blank line")?;
        let head = String::from_utf8_lossy(&rest[..head_end]).into_owned();
        rest = &rest[head_end + 4..];
        let mut next = delimiter.clone();
        next.splice(0..0, *b"\r\n");
        let end = find(rest, &next).ok_or("a part without a closing boundary")?;
        let data = rest[..end].to_vec();
        rest = &rest[end + next.len()..];
        let disposition = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("content-disposition")
                    .then(|| value.to_string())
            })
            .ok_or("a part without Content-Disposition")?;
        let parameter = |key: &str| {
            disposition.split(';').find_map(|p| {
                let (k, v) = p.trim().split_once('=')?;
                (k == key).then(|| v.trim_matches('"').to_string())
            })
        };
        parts.push(Part {
            name: parameter("name").ok_or("a part without a name")?,
            file_name: parameter("filename"),
            data,
        });
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORM: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"applicationId\"\r\n\r\napp-1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"zip\"; filename=\"app.zip\"\r\nContent-Type: application/zip\r\n\r\nPK\x03\x04\r\nline 2\r\n--XyZ--\r\n";

    #[test]
    fn a_form_is_read_into_named_parts_with_their_bytes() {
        let parts = parse("multipart/form-data; boundary=XyZ", FORM).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "applicationId");
        assert_eq!(
            (parts[0].file_name.as_deref(), &parts[0].data[..]),
            (None, &b"app-1"[..])
        );
        assert_eq!(parts[1].file_name.as_deref(), Some("app.zip"));
        assert_eq!(parts[1].data, b"PK\x03\x04\r\nline 2");
    }

    #[test]
    fn a_malformed_form_is_refused_with_a_reason() {
        assert!(parse("multipart/form-data", FORM).is_err());
        assert!(parse("multipart/form-data; boundary=other", FORM).is_err());
        let cut = &FORM[..FORM.len() - 12];
        assert!(parse("multipart/form-data; boundary=XyZ", cut).is_err());
    }

    #[test]
    fn missing_fields_and_text_for_a_file_are_validation_errors() {
        let op = crate::operations::find("application.dropDeployment").unwrap();
        let parts = vec![Part {
            name: "zip".into(),
            file_name: None,
            data: b"not a file".to_vec(),
        }];
        let e = fields(op, &parts).err().unwrap();
        let (status, _, message, _, issues) = e.parts();
        assert_eq!((status, message), (400, "Input validation failed"));
        let issues = issues.unwrap();
        assert!(
            issues.contains("applicationId") && issues.contains("expected file"),
            "{issues}"
        );
    }
}
