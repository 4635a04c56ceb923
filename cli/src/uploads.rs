//! The two multipart uploads (`application.dropDeployment`, `docker.uploadFileToContainer`),
//! which [`Client::call`](dokploy::Client::call) cannot send: their `File` fields name files to
//! read, and the library's upload builders send them.

use std::path::Path;

use dokploy::operations::Operation;
use dokploy::{Body, Client, ResponseExt};
use serde_json::{Map, Value};

use crate::failure::Failure;

/// Sends an upload with the fields of `input` (file fields hold paths).
pub async fn send(
    client: &Client,
    op: &Operation,
    input: &Map<String, Value>,
) -> Result<Body, Failure> {
    let text = |name: &str| input.get(name).and_then(Value::as_str).map(str::to_string);
    match op.procedure {
        "application.dropDeployment" => {
            let (file_name, zip) = read(text("zip"))?;
            let mut upload = client
                .application_drop_deployment()
                .zip_named(file_name, zip);
            if let Some(id) = text("applicationId") {
                upload = upload.application_id(id);
            }
            if let Some(path) = text("dropBuildPath") {
                upload = upload.drop_build_path(path);
            }
            Ok(upload.send().body().await?)
        }
        "docker.uploadFileToContainer" => {
            let (file_name, contents) = read(text("file"))?;
            let mut upload = client
                .docker_upload_file_to_container()
                .file(file_name, contents);
            if let Some(id) = text("containerId") {
                upload = upload.container_id(id);
            }
            if let Some(path) = text("destinationPath") {
                upload = upload.destination_path(path);
            }
            if let Some(id) = text("serverId") {
                upload = upload.server_id(id);
            }
            Ok(upload.send().body().await?)
        }
        other => Err(Failure::Usage(format!(
            "{other} is an upload the command line does not know how to send"
        ))),
    }
}

/// The file's name and bytes.
fn read(path: Option<String>) -> Result<(String, Vec<u8>), Failure> {
    let path = path.ok_or_else(|| Failure::Usage("no file was given to upload".into()))?;
    let bytes = std::fs::read(&path)
        .map_err(|e| Failure::Usage(format!("the file {path} could not be read: {e}")))?;
    let name = Path::new(&path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.clone());
    Ok((name, bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_hand_written_operation_is_an_upload_this_module_sends() {
        let hand_written: Vec<&str> = dokploy::operations::OPERATIONS
            .iter()
            .filter(|op| !op.generated)
            .map(|op| op.procedure)
            .collect();
        assert_eq!(
            hand_written,
            ["application.dropDeployment", "docker.uploadFileToContainer"]
        );
    }
}
