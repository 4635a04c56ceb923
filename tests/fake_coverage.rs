//! Which operations of the vendored document the fake implements, and what the others answer.
//!
//! The fake knows every operation of the document: those it implements answer like Dokploy,
//! every other one answers 501 "… not implemented by the fake". An operation a new document
//! adds is such a gap: listed here (run with `--nocapture`), failing nothing else.

use dokploy::ResponseExt;
use dokploy::fake::{FakeDokploy, implemented_operations};
use dokploy::operations::{Method, OPERATIONS};

#[tokio::test]
async fn every_operation_the_fake_does_not_implement_says_so_and_the_gaps_are_listed() {
    let fake = FakeDokploy::start().await.unwrap();
    let client = fake.client();
    let implemented = implemented_operations();
    let mut gaps = Vec::new();
    let http = reqwest::Client::new();
    for op in OPERATIONS {
        if implemented.contains(&op.procedure) {
            continue;
        }
        let result = client.call(op.procedure).send().body().await;
        // Input that fails the client's own checks never reaches the fake: send it raw.
        let status = match &result {
            Err(e) if e.status().is_some() => e.status().map(|s| s.as_u16()),
            _ => {
                let url = format!("{}/api/{}", fake.base_url(), op.procedure);
                let request = match op.method {
                    Method::Get => http.get(url),
                    _ => http
                        .post(url)
                        .header("content-type", "application/json")
                        .body("{}"),
                };
                let answer = request
                    .header("x-api-key", fake.api_key())
                    .send()
                    .await
                    .unwrap();
                let status = answer.status().as_u16();
                let text = answer.text().await.unwrap();
                assert!(
                    text.contains("not implemented by the fake"),
                    "{}: {text}",
                    op.procedure
                );
                Some(status)
            }
        };
        assert_eq!(status, Some(501), "{}: {result:?}", op.procedure);
        gaps.push(op.procedure);
    }
    println!(
        "the fake implements {} of the document's {} operations:\n  {}\nnot implemented by the fake ({}):\n  {}",
        implemented.len(),
        OPERATIONS.len(),
        implemented.join(", "),
        gaps.len(),
        gaps.join(", ")
    );
    assert_eq!(implemented.len() + gaps.len(), OPERATIONS.len());
}
