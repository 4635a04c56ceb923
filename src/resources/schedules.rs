//! Scheduled commands of applications and compose stacks.

use crate::models::Schedule;
use crate::{Client, Result};

/// Typed schedule methods; from [`Client::schedules`].
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> dokploy::Result<()> {
/// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
/// # let client = fake.client();
/// use dokploy::resources::{NewSchedule, ScheduleOwner};
/// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
/// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
/// let web = ScheduleOwner::Application(app_id);
/// client.schedules().create(NewSchedule::new(web.clone(), "cleanup", "0 3 * * *", "rm -rf /tmp/*")).await?;
/// assert_eq!(client.schedules().of(&web).await?[0].name, "cleanup");
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Schedules<'a> {
    client: &'a Client,
}

/// Where a schedule runs.
///
/// ```
/// let owner = dokploy::resources::ScheduleOwner::Compose("c1".into());
/// assert_eq!(owner.schedule_type(), "compose");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleOwner {
    /// In an application's container.
    Application(String),
    /// In a compose stack's service.
    Compose(String),
}

impl ScheduleOwner {
    /// Dokploy's `scheduleType`.
    pub fn schedule_type(&self) -> &'static str {
        match self {
            ScheduleOwner::Application(_) => "application",
            ScheduleOwner::Compose(_) => "compose",
        }
    }

    /// The service's id.
    pub fn id(&self) -> &str {
        match self {
            ScheduleOwner::Application(id) | ScheduleOwner::Compose(id) => id,
        }
    }
}

/// A schedule's settings.
///
/// ```
/// use dokploy::resources::{NewSchedule, ScheduleOwner};
/// let new = NewSchedule::new(ScheduleOwner::Application("a1".into()), "cleanup", "0 3 * * *", "rm -rf /tmp/*");
/// assert_eq!((new.shell, new.enabled), ("bash", true));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewSchedule {
    /// Where it runs.
    pub owner: ScheduleOwner,
    /// The name.
    pub name: String,
    /// When (cron).
    pub cron: String,
    /// The command.
    pub command: String,
    /// The compose service (compose schedules).
    pub service_name: Option<String>,
    /// `bash` or `sh`.
    pub shell: &'static str,
    /// Whether it runs.
    pub enabled: bool,
    /// The cron expression's time zone.
    pub timezone: Option<String>,
}

impl NewSchedule {
    /// `command` run by bash at `cron`, enabled.
    pub fn new(
        owner: ScheduleOwner,
        name: impl Into<String>,
        cron: impl Into<String>,
        command: impl Into<String>,
    ) -> Self {
        Self {
            owner,
            name: name.into(),
            cron: cron.into(),
            command: command.into(),
            service_name: None,
            shell: "bash",
            enabled: true,
            timezone: None,
        }
    }

    fn body(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut body = serde_json::Map::new();
        let mut put = |k: &str, v: serde_json::Value| {
            body.insert(k.to_string(), v);
        };
        put("name", self.name.clone().into());
        put("cronExpression", self.cron.clone().into());
        put("command", self.command.clone().into());
        put("shellType", self.shell.into());
        put("enabled", self.enabled.into());
        put("scheduleType", self.owner.schedule_type().into());
        put(
            "serviceName",
            self.service_name
                .clone()
                .map_or(serde_json::Value::Null, Into::into),
        );
        put(
            "timezone",
            self.timezone
                .clone()
                .map_or(serde_json::Value::Null, Into::into),
        );
        body
    }
}

impl<'a> Schedules<'a> {
    pub(crate) fn new(client: &'a Client) -> Self {
        Self { client }
    }

    /// A service's schedules (`schedule.list`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let owner = dokploy::resources::ScheduleOwner::Application(app_id);
    /// assert!(client.schedules().of(&owner).await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn of(&self, owner: &ScheduleOwner) -> Result<Vec<Schedule>> {
        self.client
            .call("schedule.list")
            .arg("id", owner.id())
            .arg("scheduleType", owner.schedule_type())
            .send()
            .decode()
            .await
    }

    /// Creates a schedule.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{NewSchedule, ScheduleOwner};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let new = NewSchedule::new(ScheduleOwner::Application(app_id), "cleanup", "0 3 * * *", "rm -rf /tmp/*");
    /// let schedule = client.schedules().create(new).await?;
    /// assert_eq!(schedule.shell_type.as_deref(), Some("bash"));
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, new: NewSchedule) -> Result<Schedule> {
        let id_key = match new.owner {
            ScheduleOwner::Application(_) => "applicationId",
            ScheduleOwner::Compose(_) => "composeId",
        };
        let mut body = new.body();
        body.insert(id_key.into(), new.owner.id().into());
        self.client
            .call("schedule.create")
            .args(body)
            .send()
            .decode()
            .await
    }

    /// Changes a schedule to what `new` says; returns it as it is now.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{NewSchedule, ScheduleOwner};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let owner = ScheduleOwner::Application(app_id);
    /// let id = client.schedules().create(NewSchedule::new(owner.clone(), "c", "0 3 * * *", "true")).await?.schedule_id;
    /// let s = client.schedules().update(&id, NewSchedule::new(owner, "c", "30 3 * * *", "true")).await?;
    /// assert_eq!(s.cron_expression, "30 3 * * *");
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, schedule_id: &str, new: NewSchedule) -> Result<Schedule> {
        self.client
            .call("schedule.update")
            .arg("scheduleId", schedule_id)
            .args(new.body())
            .send()
            .decode()
            .await
    }

    /// Removes a schedule (Dokploy answers `true`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> dokploy::Result<()> {
    /// # let fake = dokploy::fake::FakeDokploy::start().await.expect("the fake starts");
    /// # let client = fake.client();
    /// use dokploy::resources::{NewSchedule, ScheduleOwner};
    /// # let env_id = client.projects().create("shop", None).await?.environment.environment_id;
    /// # let app_id = client.applications().create(&env_id, "web").await?.application_id;
    /// let owner = ScheduleOwner::Application(app_id);
    /// let id = client.schedules().create(NewSchedule::new(owner.clone(), "c", "0 3 * * *", "true")).await?.schedule_id;
    /// client.schedules().delete(&id).await?;
    /// assert!(client.schedules().of(&owner).await?.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn delete(&self, schedule_id: &str) -> Result<()> {
        self.client
            .call("schedule.delete")
            .arg("scheduleId", schedule_id)
            .send()
            .body()
            .await?
            .expect_done()
    }
}
