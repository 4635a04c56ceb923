//! [`Batch`]: several calls in one round trip, each result typed on its own.

use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

use super::trpc;
use crate::call::{Call, execute_as};
use crate::error::{decode_error, from_error_response};
use crate::operations::{Method, Operation};
use crate::response::read_raw;
use crate::{Body, Client, Error, Result};

/// The longest URL a batch of queries is sent with by default (8 000 bytes): reverse proxies
/// commonly refuse request lines past 8 KiB, and Node's own limit (16 KiB of headers) is above
/// it. Change it with [`Batch::max_url_bytes`].
pub const DEFAULT_MAX_URL_BYTES: usize = 8_000;

/// What the tracing event and the response tag call a batched round trip.
const BATCH_OPERATION: &str = "trpc_batch";

static NEXT_BATCH: AtomicU64 = AtomicU64::new(1);

impl Client {
    /// Starts a [`Batch`]: calls collected here are sent together, on Dokploy's tRPC surface,
    /// whichever [`Transport`](crate::Transport) the client uses for single calls.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::models::Project;
    /// let shop = client.projects().create("shop", None).await?.project;
    /// let mut batch = client.batch();
    /// let all = batch.add::<Vec<Project>>(client.call("project.all"));
    /// let one = batch.add::<Project>(client.call("project.one").arg("projectId", &shop.project_id));
    /// let missing = batch.add::<Project>(client.call("project.one").arg("projectId", "nope"));
    /// let mut results = batch.send().await?; // one round trip
    /// assert_eq!(results.round_trips(), 1);
    /// assert_eq!(results.take(all)?.len(), 1);
    /// assert_eq!(results.take(one)?.name, "shop");
    /// assert!(results.take(missing).unwrap_err().is_not_found()); // the others are still there
    /// # Ok(()) }
    /// ```
    pub fn batch(&self) -> Batch<'_> {
        Batch {
            client: self,
            id: NEXT_BATCH.fetch_add(1, Ordering::Relaxed),
            calls: Vec::new(),
            max_url_bytes: DEFAULT_MAX_URL_BYTES,
        }
    }
}

/// Calls sent together in one round trip (tRPC's batching: `GET /api/trpc/a,b,c?batch=1&input=…`
/// for queries, `POST /api/trpc/a,b?batch=1` with the inputs in the body for mutations), each
/// answer read on its own: a call that fails (Dokploy then answers 207) does not hide the
/// others' results. Start one with [`Client::batch`].
///
/// - **One kind per batch.** A batch holds queries (GET) or mutations (POST), not both: tRPC
///   sends them differently. Mixing them is refused before anything is sent.
/// - **Size.** Queries travel in the URL: when the URL would be longer than
///   [`max_url_bytes`](Batch::max_url_bytes) ([`DEFAULT_MAX_URL_BYTES`]), the queries are split
///   over several round trips, in order (a single query too long to share one is sent alone). A
///   batch of mutations is always one round trip, so that no mutation is sent without the
///   others: if its URL (the procedure names) would be too long, it is refused before sending.
/// - **Order.** Dokploy runs the calls of a batch concurrently: do not batch mutations that
///   depend on each other.
/// - **Mistakes** in a call (an unknown procedure or field, a missing required field) refuse the
///   whole batch before anything is sent. The multipart uploads cannot be batched.
/// - **Keys.** A batch checks the API key once, however many calls it carries.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// let mut batch = client.batch();
/// let health = batch.add::<serde_json::Value>(client.call("settings.health"));
/// let version = batch.add::<String>(client.call("settings.getDokployVersion"));
/// let mut results = batch.send().await?;
/// assert_eq!(results.take(health)?["status"], "ok");
/// assert!(results.take(version)?.starts_with('v'));
/// # Ok(()) }
/// ```
#[must_use = "a batch does nothing until it is sent"]
pub struct Batch<'a> {
    client: &'a Client,
    id: u64,
    calls: Vec<std::result::Result<Item, String>>,
    max_url_bytes: usize,
}

/// One call of a batch: its operation and its input as JSON text.
struct Item {
    op: &'static Operation,
    input: Vec<u8>,
}

/// Where a call's result will be in the [`BatchResults`], and the type it decodes as. Given by
/// [`Batch::add`]; [`BatchResults::take`] consumes it.
///
/// ```
/// # let client = dokploy::Client::new("https://dokploy.example.com", "key").unwrap();
/// let mut batch = client.batch();
/// let entry: dokploy::BatchEntry<Vec<serde_json::Value>> = batch.add(client.call("project.all"));
/// assert_eq!(entry.index(), 0);
/// ```
#[must_use = "the entry is how the call's result is read"]
pub struct BatchEntry<T> {
    batch: u64,
    index: usize,
    _type: PhantomData<fn() -> T>,
}

impl<T> BatchEntry<T> {
    /// The call's position in its batch (0 for the first added).
    pub fn index(&self) -> usize {
        self.index
    }
}

impl<T> fmt::Debug for BatchEntry<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchEntry")
            .field("index", &self.index)
            .field("type", &std::any::type_name::<T>())
            .finish()
    }
}

impl<'a> Batch<'a> {
    /// Adds a call (built with [`Client::call`]); its answer will decode as `T`.
    pub fn add<T: DeserializeOwned>(&mut self, call: Call<'_>) -> BatchEntry<T> {
        let index = self.calls.len();
        self.calls.push(item(call));
        BatchEntry {
            batch: self.id,
            index,
            _type: PhantomData,
        }
    }

    /// The longest URL a round trip may have (default [`DEFAULT_MAX_URL_BYTES`]).
    ///
    /// ```
    /// # let client = dokploy::Client::new("https://dokploy.example.com", "key").unwrap();
    /// let batch = client.batch().max_url_bytes(2_000);
    /// assert_eq!(batch.len(), 0);
    /// ```
    pub fn max_url_bytes(mut self, bytes: usize) -> Self {
        self.max_url_bytes = bytes;
        self
    }

    /// How many calls were added.
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// `true` when no call was added.
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    /// Sends the calls (in as few round trips as the size limit allows) and reads every answer.
    ///
    /// Fails as a whole only when nothing usable came back for some round trip: a mistake in a
    /// call (nothing is sent), Dokploy unreachable, or an answer that is not a batch (a proxy's
    /// error page). Each call's own failure is in its result.
    pub async fn send(self) -> Result<BatchResults> {
        let items = self.checked_items()?;
        let api = self.client.generated();
        let method = items.first().map_or(Method::Get, |i| i.op.method);
        let chunks = if method == Method::Get {
            chunks(&api.baseurl, &items, self.max_url_bytes)?
        } else {
            let url = batch_url(&api.baseurl, &items, method)?;
            if url.as_str().len() > self.max_url_bytes {
                return Err(Error::InvalidInput(format!(
                    "a batch of mutations is sent in one round trip, and the URL of these {} would be {} bytes, over the limit of {}: send fewer at a time",
                    items.len(),
                    url.as_str().len(),
                    self.max_url_bytes
                )));
            }
            vec![items.as_slice()]
        };
        let mut results = Vec::with_capacity(items.len());
        for chunk in &chunks {
            results.extend(
                send_chunk(self.client, chunk, method)
                    .await?
                    .into_iter()
                    .map(Some),
            );
        }
        Ok(BatchResults {
            batch: self.id,
            results,
            round_trips: chunks.len(),
        })
    }

    /// The items, or the first mistake (naming the call).
    fn checked_items(&self) -> Result<Vec<&Item>> {
        let mut items = Vec::with_capacity(self.calls.len());
        for (index, call) in self.calls.iter().enumerate() {
            let item = call.as_ref().map_err(|problem| {
                Error::InvalidInput(format!("call {index} of the batch: {problem}"))
            })?;
            if let Some(first) = items.first().map(|i: &&Item| i.op)
                && first.method != item.op.method
            {
                return Err(Error::InvalidInput(format!(
                    "a batch holds either queries (GET) or mutations (POST), not both: call 0 ({}) is a {}, call {index} ({}) a {}",
                    first.procedure,
                    kind(first.method),
                    item.op.procedure,
                    kind(item.op.method)
                )));
            }
            items.push(item);
        }
        Ok(items)
    }
}

fn kind(method: Method) -> &'static str {
    if method == Method::Get {
        "query"
    } else {
        "mutation"
    }
}

impl fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let procedures: Vec<&str> = self
            .calls
            .iter()
            .map(|c| c.as_ref().map_or("<invalid>", |i| i.op.procedure))
            .collect();
        f.debug_struct("Batch")
            .field("calls", &procedures)
            .field("max_url_bytes", &self.max_url_bytes)
            .finish()
    }
}

/// A call as a batch item: the same checks and the same input as when it is sent alone.
fn item(call: Call<'_>) -> std::result::Result<Item, String> {
    let (op, mut request) = call.prepare()?;
    if !op.generated {
        return Err(format!(
            "{} uploads a file, which cannot be batched",
            op.procedure
        ));
    }
    let input = if op.method == Method::Get {
        match trpc::query_input(op, request.url().query_pairs()) {
            Some(input) => serde_json::to_vec(&input)
                .map_err(|e| format!("the input of {} could not be encoded: {e}", op.procedure))?,
            None => trpc::empty_input(op).as_bytes().to_vec(),
        }
    } else {
        crate::hooks::send_required_nulls(&mut request, op)?;
        match request.body().and_then(reqwest::Body::as_bytes) {
            Some(body) => body.to_vec(),
            None => trpc::empty_input(op).as_bytes().to_vec(),
        }
    };
    Ok(Item { op, input })
}

/// `{"0":{"json":…},"1":{"json":…}}`, in call order.
fn batch_input(items: &[&Item]) -> Vec<u8> {
    let mut out = Vec::from(&b"{"[..]);
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(format!("\"{index}\":").as_bytes());
        out.extend_from_slice(&trpc::wrap_json_bytes(&item.input));
    }
    out.push(b'}');
    out
}

/// `<base>/trpc/a,b,c?batch=1` (and, for queries, `&input=<the inputs, URL-encoded>`).
fn batch_url(base: &str, items: &[&Item], method: Method) -> Result<reqwest::Url> {
    let names: Vec<&str> = items
        .iter()
        .map(|i| i.op.path.trim_start_matches('/'))
        .collect();
    let mut url = reqwest::Url::parse(&format!("{base}/trpc/{}", names.join(",")))
        .map_err(|e| Error::InvalidInput(format!("the batch URL could not be built: {e}")))?;
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("batch", "1");
        if method == Method::Get {
            query.append_pair("input", &String::from_utf8_lossy(&batch_input(items)));
        }
    }
    Ok(url)
}

/// The queries split into round trips whose URL stays within `max_url_bytes`, in order.
fn chunks<'i, 'c>(
    base: &str,
    items: &'c [&'i Item],
    max_url_bytes: usize,
) -> Result<Vec<&'c [&'i Item]>> {
    // Most batches fit in one URL: that is one URL built, not one per call.
    if !items.is_empty() && batch_url(base, items, Method::Get)?.as_str().len() <= max_url_bytes {
        return Ok(vec![items]);
    }
    let mut chunks = Vec::new();
    let mut start = 0;
    for end in 1..=items.len() {
        let too_long = batch_url(base, &items[start..end], Method::Get)?
            .as_str()
            .len()
            > max_url_bytes;
        if too_long && end - start > 1 {
            chunks.push(&items[start..end - 1]);
            start = end - 1;
        }
    }
    if start < items.len() {
        chunks.push(&items[start..]);
    }
    Ok(chunks)
}

/// One round trip: every call's result, in order.
async fn send_chunk(client: &Client, items: &[&Item], method: Method) -> Result<Vec<Result<Body>>> {
    let api = client.generated();
    let url = batch_url(&api.baseurl, items, method)?;
    let mut builder = api.client.request(method.to_reqwest(), url);
    if method != Method::Get {
        builder = builder
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(batch_input(items));
    }
    let request = builder
        .build()
        .map_err(|e| Error::InvalidInput(format!("the batch request could not be built: {e}")))?;
    let (status, content_type, raw) =
        read_raw(execute_as(api, request, BATCH_OPERATION).await).await?;
    let names = || {
        items
            .iter()
            .map(|i| i.op.procedure)
            .collect::<Vec<_>>()
            .join(",")
    };
    // Each answer is kept as the bytes it came as (a slice of the body, no copy), decoded
    // once, when it is taken.
    let answers = match serde_json::from_slice::<Vec<&RawValue>>(&raw) {
        Ok(answers) => answers,
        Err(_) if !status.is_success() && status != StatusCode::MULTI_STATUS => {
            return Err(from_error_response(
                status,
                content_type,
                Some(names()),
                raw,
            ));
        }
        Err(e) => {
            return Err(decode_error(
                status,
                Some(names()),
                "a batch of answers",
                String::new(),
                raw,
                e,
            ));
        }
    };
    if answers.len() != items.len() {
        let problem = format!(
            "{} answers came back for {} calls",
            answers.len(),
            items.len()
        );
        return Err(decode_error(
            status,
            Some(names()),
            "a batch of answers",
            String::new(),
            raw.clone(),
            serde::de::Error::custom(problem),
        ));
    }
    Ok(items
        .iter()
        .zip(answers)
        .map(|(item, answer)| {
            let answer = raw.slice_ref(answer.get().as_bytes());
            answer_of(item.op, status, content_type.as_deref(), answer)
        })
        .collect())
}

/// One call's answer in a batch: a result envelope, or an error envelope with its own status.
fn answer_of(
    op: &'static Operation,
    status: StatusCode,
    content_type: Option<&str>,
    answer: Bytes,
) -> Result<Body> {
    /// The top of an answer: whether it has an `error` member (the result is skipped, unread).
    #[derive(serde::Deserialize)]
    struct Top {
        #[serde(default)]
        error: Present,
    }
    /// A member that is there, whatever its value.
    #[derive(Default)]
    struct Present(bool);
    impl<'de> serde::Deserialize<'de> for Present {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
            <serde::de::IgnoredAny as serde::Deserialize>::deserialize(d).map(|_| Present(true))
        }
    }
    let failed = serde_json::from_slice::<Top>(&answer).is_ok_and(|top| top.error.0);
    if !failed {
        return Ok(Body::new(StatusCode::OK, Some(op.procedure.into()), answer));
    }
    let answer: Value = serde_json::from_slice(&answer).unwrap_or_default();
    let own_status = answer
        .pointer("/error/json/data/httpStatus")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| StatusCode::from_u16(s).ok());
    let raw = Bytes::from(serde_json::to_vec(&answer).unwrap_or_default());
    let status = own_status.unwrap_or(if status.is_client_error() || status.is_server_error() {
        status
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    });
    Err(from_error_response(
        status,
        content_type.map(str::to_string),
        Some(op.procedure.to_string()),
        raw,
    ))
}

/// The answers of a sent [`Batch`], one per call; take each with its [`BatchEntry`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// let mut batch = client.batch();
/// let health = batch.add::<serde_json::Value>(client.call("settings.health"));
/// let mut results = batch.send().await?;
/// assert_eq!(results.len(), 1);
/// let body = results.take_body(health)?; // the answer as it came, unwrapped
/// assert_eq!(body.procedure(), Some("settings.health"));
/// # Ok(()) }
/// ```
pub struct BatchResults {
    batch: u64,
    results: Vec<Option<Result<Body>>>,
    round_trips: usize,
}

impl BatchResults {
    /// The call's answer decoded as `T`, or the call's own error.
    pub fn take<T: DeserializeOwned>(&mut self, entry: BatchEntry<T>) -> Result<T> {
        self.take_body(entry)?.decode()
    }

    /// The call's answer as a [`Body`], or the call's own error.
    pub fn take_body<T>(&mut self, entry: BatchEntry<T>) -> Result<Body> {
        if entry.batch != self.batch {
            return Err(Error::InvalidInput(format!(
                "entry {} belongs to another batch",
                entry.index
            )));
        }
        self.results
            .get_mut(entry.index)
            .and_then(Option::take)
            .unwrap_or_else(|| {
                Err(Error::InvalidInput(format!(
                    "the result of call {} of this batch is not there",
                    entry.index
                )))
            })
    }

    /// How many calls the batch held.
    pub fn len(&self) -> usize {
        self.results.len()
    }

    /// `true` for a batch without calls.
    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }

    /// How many round trips the batch took (more than one when its queries did not fit in one
    /// URL; none for an empty batch).
    pub fn round_trips(&self) -> usize {
        self.round_trips
    }
}

impl fmt::Debug for BatchResults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchResults")
            .field("results", &self.results)
            .field("round_trips", &self.round_trips)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::new("http://127.0.0.1:9", "k").unwrap()
    }

    fn items<'b>(batch: &'b Batch<'_>) -> Vec<&'b Item> {
        batch.checked_items().unwrap()
    }

    #[test]
    fn the_url_of_three_queries_is_the_recorded_one() {
        // Recording 313, byte for byte.
        let c = client();
        let mut batch = c.batch();
        let _ = batch.add::<Value>(c.call("project.all"));
        let _ = batch.add::<Value>(c.call("settings.health"));
        let _ = batch.add::<Value>(
            c.call("project.one")
                .arg("projectId", "VGtKa6cc-dKopDiDTjpUL"),
        );
        let url = batch_url(&c.generated().baseurl, &items(&batch), Method::Get).unwrap();
        assert_eq!(
            &url.as_str()["http://127.0.0.1:9".len()..],
            "/api/trpc/project.all,settings.health,project.one?batch=1&input=%7B%220%22%3A%7B%22json%22%3Anull%7D%2C%221%22%3A%7B%22json%22%3Anull%7D%2C%222%22%3A%7B%22json%22%3A%7B%22projectId%22%3A%22VGtKa6cc-dKopDiDTjpUL%22%7D%7D%7D"
        );
    }

    #[test]
    fn mutations_go_in_the_body_with_their_required_nulls() {
        // Recording 321's shape.
        let c = client();
        let mut batch = c.batch();
        let _ = batch.add::<Value>(
            c.call("project.update")
                .arg("projectId", "a")
                .arg("description", "batch a"),
        );
        let _ = batch.add::<Value>(
            c.call("application.saveEnvironment")
                .arg("applicationId", "x")
                .arg("createEnvFile", true),
        );
        let items = items(&batch);
        let url = batch_url(&c.generated().baseurl, &items, Method::Post).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/api/trpc/project.update,application.saveEnvironment?batch=1"
        );
        let body: Value = serde_json::from_slice(&batch_input(&items)).unwrap();
        assert_eq!(body["0"]["json"]["description"], "batch a");
        assert_eq!(body["1"]["json"]["buildArgs"], Value::Null);
        assert!(
            body["1"]["json"]
                .as_object()
                .unwrap()
                .contains_key("buildSecrets")
        );
    }

    #[test]
    fn query_inputs_are_typed_like_single_calls() {
        let c = client();
        let mut batch = c.batch();
        let _ = batch.add::<String>(
            c.call("deployment.readLogs")
                .arg("deploymentId", "d")
                .arg("tail", "5"),
        );
        let body: Value = serde_json::from_slice(&batch_input(&items(&batch))).unwrap();
        assert_eq!(body["0"]["json"]["tail"], 5);
    }

    #[test]
    fn queries_are_split_to_keep_each_url_within_the_limit() {
        let c = client();
        let mut batch = c.batch();
        for i in 0..40 {
            let _ = batch.add::<Value>(
                c.call("project.one")
                    .arg("projectId", format!("project-{i:04}")),
            );
        }
        let items = items(&batch);
        let base = &c.generated().baseurl;
        let whole = batch_url(base, &items, Method::Get).unwrap().as_str().len();
        let limit = whole / 3;
        let chunks = chunks(base, &items, limit).unwrap();
        assert!(chunks.len() >= 3, "{} chunks", chunks.len());
        assert_eq!(chunks.iter().map(|c| c.len()).sum::<usize>(), 40);
        for chunk in &chunks {
            assert!(batch_url(base, chunk, Method::Get).unwrap().as_str().len() <= limit);
        }
        // Order is kept.
        let flat: Vec<*const Item> = chunks
            .iter()
            .flat_map(|c| c.iter().map(|i| *i as *const Item))
            .collect();
        let original: Vec<*const Item> = items.iter().map(|i| *i as *const Item).collect();
        assert_eq!(flat, original);
        // A query too long for any round trip with others is sent alone.
        let alone = chunks_of_one(base, &items, 10);
        assert_eq!(alone, 40);
    }

    fn chunks_of_one(base: &str, items: &[&Item], limit: usize) -> usize {
        let chunks = chunks(base, items, limit).unwrap();
        assert!(chunks.iter().all(|c| c.len() == 1));
        chunks.len()
    }

    #[test]
    fn mistakes_and_mixed_kinds_refuse_the_whole_batch() {
        let c = client();
        let mut batch = c.batch();
        let _ = batch.add::<Value>(c.call("project.all"));
        let _ = batch.add::<Value>(c.call("project.one"));
        let e = batch.checked_items().err().unwrap().to_string();
        assert!(
            e.contains("call 1 of the batch: project.one needs `projectId`"),
            "{e}"
        );
        let mut batch = c.batch();
        let _ = batch.add::<Value>(c.call("project.all"));
        let _ = batch.add::<Value>(c.call("project.remove").arg("projectId", "p"));
        let e = batch.checked_items().err().unwrap().to_string();
        assert!(
            e.contains("either queries (GET) or mutations (POST)"),
            "{e}"
        );
        let mut batch = c.batch();
        let _ = batch.add::<Value>(c.call("application.dropDeployment"));
        let e = batch.checked_items().err().unwrap().to_string();
        assert!(
            e.contains("cannot be batched") || e.contains("needs"),
            "{e}"
        );
    }

    #[test]
    fn a_failed_answer_keeps_its_own_status_code_and_message() {
        // Recording 314's second answer.
        let answer = serde_json::json!({"error":{"json":{"message":"Project not found","code":-32004,"data":{"code":"NOT_FOUND","httpStatus":404,"path":"project.one","zodError":null}}}});
        let op = crate::operations::find("project.one").unwrap();
        let e = answer_of(
            op,
            StatusCode::MULTI_STATUS,
            Some("application/json"),
            Bytes::from(answer.to_string()),
        )
        .unwrap_err();
        assert_eq!(e.status(), Some(StatusCode::NOT_FOUND));
        assert_eq!(e.code(), Some("NOT_FOUND"));
        assert!(e.is_not_found());
        assert_eq!(
            e.to_string(),
            "Dokploy answered 404 NOT_FOUND to project.one: Project not found"
        );
        let ok = answer_of(
            op,
            StatusCode::MULTI_STATUS,
            None,
            Bytes::from_static(br#"{"result":{"data":{"json":{"name":"x"}}}}"#),
        )
        .unwrap();
        assert_eq!(ok.decode::<Value>().unwrap()["name"], "x");
    }

    #[test]
    fn an_entry_of_another_batch_is_refused() {
        let c = client();
        let mut first = c.batch();
        let entry = first.add::<Value>(c.call("project.all"));
        let mut results = BatchResults {
            batch: c.batch().id,
            results: vec![Some(Ok(Body::from_bytes(StatusCode::OK, "[]")))],
            round_trips: 1,
        };
        let e = results.take(entry).unwrap_err().to_string();
        assert!(e.contains("another batch"), "{e}");
    }
}
