//! Long jobs and how a page follows them. A job is either run by the console itself (bulk tagging, a
//! partition resize: [`server::Jobs`]) or run by vCenter and read back (an update's stage or install, a service
//! starting or stopping, a pending shutdown). Either way the page shows a [`JobProgress`]: rendered on the
//! server, then kept live in the browser by the `LiveProgress` island, which reads the server-sent events of
//! `/events/progress?…` ([`Source::url`]) and reloads the page when the job ends. Without JavaScript the same
//! page reloads itself (`<noscript><meta refresh>`) until the job ends.

use serde::{Deserialize, Serialize};

/// Where a job stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobState {
    #[default]
    Running,
    Succeeded,
    Failed,
}

/// What a progress display shows of a job at one moment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct JobProgress {
    /// "Attaching tag", "Installing 6.7.0.45100".
    pub title: String,
    pub state: JobState,
    /// Steps (or objects, or percent) done of `total`; `total` 0: no measure, only the state.
    pub done: u64,
    pub total: u64,
    /// What is being done now.
    pub step: String,
    /// Why it failed, or what it warns about.
    pub messages: Vec<String>,
}

impl JobProgress {
    pub fn running(title: impl Into<String>, done: u64, total: u64, step: impl Into<String>) -> Self {
        JobProgress { title: title.into(), state: JobState::Running, done, total, step: step.into(), messages: vec![] }
    }

    /// vCenter not answering, until it does (the one wording of page and stream).
    pub fn waiting_for_vcenter() -> Self {
        JobProgress::running("Waiting for vCenter", 0, 0, "")
    }

    pub fn finished(&self) -> bool {
        self.state != JobState::Running
    }
}

/// One object's outcome in a job over many objects (a bulk attach: one VM).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobItem {
    /// `VirtualMachine:vm-42`.
    pub key: String,
    pub name: String,
    pub ok: bool,
    pub message: String,
}

/// A finished or running console job as a page shows it: its progress, its per-object outcomes, and the page
/// that shows its result when it has one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobView {
    pub id: String,
    pub progress: JobProgress,
    pub items: Vec<JobItem>,
    pub result_href: Option<String>,
    /// A job that waits for the user's word before it starts (a bulk power-off): the action it will take.
    /// Its `items` are then the objects it will act on, none done yet.
    #[serde(default)]
    pub proposal: Option<String>,
}

/// The server-sent event stream a page follows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// A job the console runs, by id.
    Job(String),
    /// The appliance's update task (`appliance/update`).
    Update,
    /// Appliance and vMon services until none is starting or stopping.
    Services,
    /// vCenter's services (`vcenter/services`) until none is starting or stopping.
    VcenterServices,
    /// Hybrid Linked Mode's forced syncs (`hvc`) until none runs.
    Hvc,
    /// The appliance's install or upgrade (`vcenter/deployment`), then its history import.
    Deployment,
    /// The pending shutdown's countdown (`appliance/shutdown`).
    Shutdown,
    /// vCenter not answering (restarting): until it answers again.
    Vcenter,
    /// A backup job (`appliance/recovery/backup/job`), by id: until it ends.
    Backup(String),
    /// The restore job (`appliance/recovery/restore/job`), and the reconciliation after it.
    Restore,
    Reconciliation,
    /// A library file being prepared for download (`content/library/item/downloadsession/file`): until PREPARED.
    Download { session: String, file: String },
}

/// The path of the event stream endpoint.
pub const EVENTS_PATH: &str = "/events/progress";

impl Source {
    pub fn url(&self) -> String {
        match self {
            Source::Job(id) => format!("{EVENTS_PATH}?job={}", crate::vsphere::rest::encode_component(id)),
            Source::Update => format!("{EVENTS_PATH}?follow=appliance/update"),
            Source::Services => format!("{EVENTS_PATH}?follow=appliance/services"),
            Source::VcenterServices => format!("{EVENTS_PATH}?follow=vcenter/services"),
            Source::Hvc => format!("{EVENTS_PATH}?follow=hvc"),
            Source::Deployment => format!("{EVENTS_PATH}?follow=vcenter/deployment"),
            Source::Shutdown => format!("{EVENTS_PATH}?follow=appliance/shutdown"),
            Source::Vcenter => format!("{EVENTS_PATH}?follow=vcenter"),
            Source::Backup(id) => format!("{EVENTS_PATH}?follow={}", crate::vsphere::rest::encode_component(&format!("appliance/recovery/backup/{id}"))),
            Source::Restore => format!("{EVENTS_PATH}?follow=appliance/recovery/restore"),
            Source::Reconciliation => format!("{EVENTS_PATH}?follow=appliance/recovery/reconciliation"),
            Source::Download { session, file } => format!("{EVENTS_PATH}?follow={}", crate::vsphere::rest::encode_component(&format!("content/download/{session}/{file}"))),
        }
    }

    /// From the stream's query parameters.
    pub fn from_query(job: Option<&str>, follow: Option<&str>) -> Option<Self> {
        match (job, follow) {
            (Some(id), _) if !id.is_empty() => Some(Source::Job(id.to_string())),
            (_, Some("appliance/update")) => Some(Source::Update),
            (_, Some("appliance/services")) => Some(Source::Services),
            (_, Some("vcenter/services")) => Some(Source::VcenterServices),
            (_, Some("hvc")) => Some(Source::Hvc),
            (_, Some("vcenter/deployment")) => Some(Source::Deployment),
            (_, Some("appliance/shutdown")) => Some(Source::Shutdown),
            (_, Some("vcenter")) => Some(Source::Vcenter),
            (_, Some("appliance/recovery/restore")) => Some(Source::Restore),
            (_, Some("appliance/recovery/reconciliation")) => Some(Source::Reconciliation),
            (_, Some(f)) if f.starts_with("appliance/recovery/backup/") => {
                let id = f.trim_start_matches("appliance/recovery/backup/");
                (!id.is_empty()).then(|| Source::Backup(id.to_string()))
            }
            (_, Some(f)) if f.starts_with("content/download/") => {
                let (session, file) = f.trim_start_matches("content/download/").split_once('/')?;
                (!session.is_empty() && !file.is_empty()).then(|| Source::Download { session: session.to_string(), file: file.to_string() })
            }
            _ => None,
        }
    }
}

/// Time left as words: "9 minutes 5 seconds", "42 seconds", "2 hours 1 minute".
pub fn countdown(seconds: i64) -> String {
    let s = seconds.max(0);
    let (h, m, sec) = (s / 3600, s % 3600 / 60, s % 60);
    let unit = |n: i64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match (h, m) {
        (0, 0) => unit(sec, "second"),
        (0, _) => format!("{} {}", unit(m, "minute"), unit(sec, "second")),
        _ => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
    }
}

#[cfg(feature = "ssr")]
pub mod server;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_source_goes_through_its_url() {
        let s = Source::Download { session: "s-1".into(), file: "disk 1/x.iso".into() };
        let url = s.url();
        let follow = url.split("follow=").nth(1).unwrap();
        let decoded = crate::vsphere::rest::Query::parse(&format!("f={follow}")).get("f").unwrap().to_string();
        assert_eq!(Source::from_query(None, Some(&decoded)), Some(s));
        assert_eq!(Source::from_query(None, Some("content/download/")), None);
        let b = Source::Backup("20261202-040512-16046470".into());
        let follow = b.url().split("follow=").nth(1).unwrap().to_string();
        let decoded = crate::vsphere::rest::Query::parse(&format!("f={follow}")).get("f").unwrap().to_string();
        assert_eq!(Source::from_query(None, Some(&decoded)), Some(b));
    }

    #[test]
    fn countdowns_read_as_words() {
        assert_eq!(countdown(42), "42 seconds");
        assert_eq!(countdown(61), "1 minute 1 second");
        assert_eq!(countdown(7260), "2 hours 1 minute");
        assert_eq!(countdown(-3), "0 seconds");
    }

    #[test]
    fn sources_round_trip_through_their_url() {
        for s in [Source::Job("a b/c".into()), Source::Update, Source::Services, Source::VcenterServices, Source::Hvc, Source::Deployment, Source::Shutdown, Source::Vcenter, Source::Restore, Source::Reconciliation] {
            let url = s.url();
            let query = url.split_once('?').unwrap().1;
            let (k, v) = query.split_once('=').unwrap();
            let v = v.replace("%20", " ").replace("%2F", "/");
            let back = if k == "job" { Source::from_query(Some(&v), None) } else { Source::from_query(None, Some(&v)) };
            assert_eq!(back, Some(s));
        }
        assert_eq!(Source::from_query(None, Some("appliance/other")), None);
        assert_eq!(Source::from_query(Some(""), None), None);
    }
}

/// The console job this page follows (`?job=<id>`), if any.
pub fn page_job() -> leptos::prelude::Resource<Result<Option<JobView>, crate::error::AppError>> {
    use leptos::prelude::*;
    let query = leptos_router::hooks::use_query_map();
    Resource::new(
        move || query.with(|q| q.get("job")).filter(|j| !j.is_empty()),
        |id| async move {
            match id {
                Some(id) => get_job(id).await,
                None => Ok(None),
            }
        },
    )
}

/// The page's job read once for the whole page: the first caller reads it and shares the read with the rest of
/// the page (context). A page that also shows what the job changed (a tag's page: what the tag is attached to)
/// reads that after this, so a job shown as ended is shown with everything it did.
#[derive(Clone, Copy)]
struct PageJob(leptos::prelude::Resource<Result<Option<JobView>, crate::error::AppError>>);

pub fn shared_page_job() -> leptos::prelude::Resource<Result<Option<JobView>, crate::error::AppError>> {
    use leptos::prelude::*;
    use_context::<PageJob>().map(|p| p.0).unwrap_or_else(|| {
        let job = page_job();
        provide_context(PageJob(job));
        job
    })
}

/// A console job of the logged-in user, by id (`None` when unknown or someone else's).
#[leptos::server(prefix = "/api", endpoint = "jobs/get")]
pub async fn get_job(id: String) -> Result<Option<JobView>, crate::error::AppError> {
    Ok(server::current_job(&id))
}
