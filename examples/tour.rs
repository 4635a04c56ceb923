//! A tour of the dokploy crate: lists the projects of the Dokploy at `DOKPLOY_API_URL` with
//! their environments and services.
//!
//! ```sh
//! DOKPLOY_API_URL=https://dokploy.example.com DOKPLOY_API_KEY=... cargo run --example tour
//! ```

use dokploy::ResponseExt;
use serde_json::Value;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = match dokploy::Client::from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("{e}");
            eprintln!(
                "set DOKPLOY_API_URL and DOKPLOY_API_KEY to run the tour against your Dokploy"
            );
            std::process::exit(2);
        }
    };
    println!(
        "Dokploy at {} (client built for {})",
        client.base_url(),
        dokploy::DOKPLOY_VERSION
    );
    let projects: Vec<Value> = client.project_all().send().decode().await?;
    for project in &projects {
        println!(
            "project {} ({})",
            project["name"].as_str().unwrap_or("?"),
            project["projectId"].as_str().unwrap_or("?")
        );
        for env in project["environments"].as_array().into_iter().flatten() {
            println!(
                "  environment {}{}",
                env["name"].as_str().unwrap_or("?"),
                if env["isDefault"] == true {
                    " (default)"
                } else {
                    ""
                }
            );
            for (kind, id_key) in [
                ("applications", "applicationId"),
                ("compose", "composeId"),
                ("postgres", "postgresId"),
                ("mysql", "mysqlId"),
                ("mariadb", "mariadbId"),
                ("mongo", "mongoId"),
                ("redis", "redisId"),
                ("libsql", "libsqlId"),
            ] {
                for svc in env[kind].as_array().into_iter().flatten() {
                    println!(
                        "    {kind} {} {}",
                        svc["name"].as_str().unwrap_or(""),
                        svc[id_key].as_str().unwrap_or("?")
                    );
                }
            }
        }
    }
    Ok(())
}
