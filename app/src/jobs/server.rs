//! The server half of [`crate::jobs`]: the console's own jobs, kept per console session, and the one
//! server-sent-event endpoint that follows any [`Source`] until its job ends.

use super::{JobItem, JobProgress, JobState, JobView, Source};
use crate::error::AppError;
use crate::state::{cookie_value, ConsoleState, SESSION_COOKIE};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a finished job stays readable (its result page, a reload of it).
const KEEP_FINISHED: Duration = Duration::from_secs(15 * 60);
/// How often the stream reads its source.
const TICK: Duration = Duration::from_millis(400);

struct Entry {
    owner: String,
    view: JobView,
    ended: Option<Instant>,
}

/// Where jobs are also kept so that every console replica sees them (Redis: `--redis`): a job started
/// through one replica is followed, and a proposal confirmed, through any.
pub trait JobMirror: Send + Sync + 'static {
    /// Stores a job's view for its owner, readable for `keep`.
    fn put(&self, id: &str, owner: &str, view: &JobView, keep: Duration);
    /// A job's owner and view.
    fn get(&self, id: &str) -> Option<(String, JobView)>;
    /// Takes `owner`'s proposal `id` out (it is being confirmed), atomically: only one caller, across replicas,
    /// gets it, and anything else (someone else's, not a proposal) is left untouched.
    fn take_proposal(&self, id: &str, owner: &str) -> Option<JobView>;
}

/// How long a running job's mirrored view lives without an update.
const KEEP_RUNNING: Duration = Duration::from_secs(60 * 60);

/// The console's running and recently finished jobs. A job belongs to the console session that started it:
/// nobody else can read it.
#[derive(Default)]
pub struct Jobs {
    next: AtomicU64,
    entries: Mutex<HashMap<String, Entry>>,
    /// Shared with the other replicas, when there are any.
    mirror: Option<Arc<dyn JobMirror>>,
    /// Makes this process's job ids unique among replicas (empty without a mirror).
    tag: String,
}

impl Jobs {
    pub fn new() -> Arc<Self> {
        Arc::new(Jobs::default())
    }

    /// Jobs kept in `mirror` too, so that every replica sees them.
    pub fn mirrored(mirror: Arc<dyn JobMirror>) -> Arc<Self> {
        let tag = format!("{:08x}-", rand_tag());
        Arc::new(Jobs { mirror: Some(mirror), tag, ..Default::default() })
    }

    fn next_id(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        format!("job-{}{n}", self.tag)
    }

    fn mirror(&self, owner: &str, view: &JobView, finished: bool) {
        if let Some(m) = &self.mirror {
            m.put(&view.id, owner, view, if finished { KEEP_FINISHED } else { KEEP_RUNNING });
        }
    }

    /// Registers a running job for the console session `owner`.
    pub fn start(self: &Arc<Self>, owner: &str, title: &str, total: u64) -> JobHandle {
        let id = self.next_id();
        let view = JobView { id: id.clone(), progress: JobProgress::running(title, 0, total, ""), items: vec![], result_href: None, proposal: None };
        self.mirror(owner, &view, false);
        let mut entries = self.entries.lock().unwrap();
        entries.retain(|_, e| e.ended.is_none_or(|t| t.elapsed() < KEEP_FINISHED));
        entries.insert(id.clone(), Entry { owner: owner.to_string(), view, ended: None });
        JobHandle { jobs: self.clone(), id }
    }

    /// Registers a job that starts only once the user confirms it ([`Jobs::begin`]): `action` over `items`
    /// (the objects, none done). Unconfirmed, it is dropped like a finished job.
    pub fn propose(&self, owner: &str, title: &str, action: &str, items: Vec<JobItem>) -> String {
        let id = self.next_id();
        let mut entries = self.entries.lock().unwrap();
        entries.retain(|_, e| e.ended.is_none_or(|t| t.elapsed() < KEEP_FINISHED));
        let view = JobView {
            id: id.clone(),
            progress: JobProgress::running(title, 0, items.len() as u64, "Waiting for confirmation"),
            items,
            result_href: None,
            proposal: Some(action.to_string()),
        };
        self.mirror(owner, &view, true);
        entries.insert(id.clone(), Entry { owner: owner.to_string(), view, ended: Some(Instant::now()) });
        id
    }

    /// Starts a proposed job of this console session, once: its action and objects, and the handle to report
    /// on it. `None` when there is no such proposal (already started, expired, someone else's).
    /// With a mirror, the proposal is taken out of it (once, whichever replica made it) and this replica runs
    /// the job.
    pub fn begin(self: &Arc<Self>, owner: &str, id: &str) -> Option<(String, Vec<JobItem>, JobHandle)> {
        if let Some(m) = &self.mirror {
            let view = m.take_proposal(id, owner)?;
            self.entries.lock().unwrap().insert(id.to_string(), Entry { owner: owner.to_string(), view, ended: None });
        }
        let mut entries = self.entries.lock().unwrap();
        let e = entries.get_mut(id).filter(|e| e.owner == owner)?;
        let action = e.view.proposal.take()?;
        let items = std::mem::take(&mut e.view.items);
        e.view.progress.step.clear();
        e.ended = None;
        self.mirror(owner, &e.view, false);
        Some((action, items, JobHandle { jobs: self.clone(), id: id.to_string() }))
    }

    /// A job of this console session (run by this replica, or by another when they share a mirror: then the
    /// mirror has its latest state — a proposal made here may have been confirmed and run elsewhere).
    pub fn view(&self, owner: &str, id: &str) -> Option<JobView> {
        if let Some((_, v)) = self.mirror.as_ref().and_then(|m| m.get(id)).filter(|(who, _)| who == owner) {
            return Some(v);
        }
        self.entries.lock().unwrap().get(id).filter(|e| e.owner == owner).map(|e| e.view.clone())
    }

    fn progress(&self, owner: &str, id: &str) -> Option<JobProgress> {
        self.view(owner, id).map(|v| v.progress)
    }
}

/// What the task running a job holds to report on it.
pub struct JobHandle {
    jobs: Arc<Jobs>,
    id: String,
}

impl JobHandle {
    pub fn id(&self) -> &str {
        &self.id
    }

    fn update(&self, f: impl FnOnce(&mut JobView)) {
        let mirrored = {
            let mut entries = self.jobs.entries.lock().unwrap();
            let Some(e) = entries.get_mut(&self.id) else { return };
            f(&mut e.view);
            if e.view.progress.finished() && e.ended.is_none() {
                e.ended = Some(Instant::now());
            }
            self.jobs.mirror.is_some().then(|| (e.owner.clone(), e.view.clone()))
        };
        if let Some((owner, view)) = mirrored {
            let finished = view.progress.finished();
            self.jobs.mirror(&owner, &view, finished);
        }
    }

    pub fn step(&self, step: impl Into<String>) {
        let step = step.into();
        self.update(|v| v.progress.step = step);
    }

    /// `n` more done, with their outcomes.
    pub fn advance(&self, n: u64, items: Vec<JobItem>) {
        self.update(|v| {
            v.progress.done += n;
            v.items.extend(items);
        });
    }

    /// Where the result shows, once finished (the page reached then).
    pub fn result_href(&self, href: impl Into<String>) {
        let href = href.into();
        self.update(|v| v.result_href = Some(href));
    }

    pub fn succeed(&self) {
        self.update(|v| {
            v.progress.state = JobState::Succeeded;
            v.progress.step.clear();
        });
    }

    pub fn fail(&self, error: &AppError) {
        let text = error.to_string();
        self.update(|v| {
            v.progress.state = JobState::Failed;
            v.progress.messages.push(text);
        });
    }
}

/// A per-process random number for job ids (from the clock and the process id: unique enough among a few
/// replicas started at different moments; ids are not secrets, a job is readable only by its owner).
fn rand_tag() -> u32 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos() ^ (d.as_secs() as u32)).unwrap_or(0);
    nanos ^ std::process::id().rotate_left(16)
}

/// A job of the calling user, read while rendering a page (`?job=…`).
pub fn current_job(id: &str) -> Option<JobView> {
    let state = use_context::<ConsoleState>()?;
    let owner = crate::api::ssr::console_session_id()?;
    state.jobs.view(&owner, id)
}

/// `GET /events/progress?job=…|follow=…`: the source's [`JobProgress`] as `progress` events (JSON), sent when it
/// changes, until the job ends; the last event is the finished state. The browser's EventSource reconnects on
/// its own when the stream drops.
pub async fn events(state: ConsoleState, req: axum::extract::Request) -> Response {
    let (parts, _) = req.into_parts();
    let query: HashMap<String, String> =
        axum::extract::Query::try_from_uri(&parts.uri).map(|axum::extract::Query(q)| q).unwrap_or_default();
    let Some(source) = Source::from_query(query.get("job").map(String::as_str), query.get("follow").map(String::as_str)) else {
        return (http::StatusCode::BAD_REQUEST, "Unknown progress source.").into_response();
    };
    let Some(owner) = cookie_value(&parts.headers, SESSION_COOKIE).map(str::to_string) else {
        return (http::StatusCode::UNAUTHORIZED, "Not logged in.").into_response();
    };
    let stream = futures::stream::unfold((None::<JobProgress>, false), move |(last, ended)| {
        let (state, parts, source, owner) = (state.clone(), parts.clone(), source.clone(), owner.clone());
        async move {
            if ended {
                return None;
            }
            loop {
                if last.is_some() {
                    tokio::time::sleep(TICK).await;
                }
                let now = match probe(&source, &owner, &state, &parts).await {
                    Ok(p) => p,
                    Err(e) => JobProgress { title: String::new(), state: JobState::Failed, messages: vec![e.to_string()], ..Default::default() },
                };
                if last.as_ref() != Some(&now) {
                    let event = Event::default().event("progress").json_data(&now).unwrap_or_else(|_| Event::default());
                    let finished = now.finished();
                    return Some((Ok::<_, std::convert::Infallible>(event.retry(Duration::from_secs(1))), (Some(now), finished)));
                }
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

/// Reads a source once, as the user whose request this is.
async fn probe(source: &Source, owner: &str, state: &ConsoleState, parts: &http::request::Parts) -> Result<JobProgress, AppError> {
    if let Source::Job(id) = source {
        return state.jobs.progress(owner, id).ok_or_else(|| AppError::Internal("This job is not known (any more): reload the page.".into()));
    }
    // A root owner: `Owner::new()` would be a child of whatever owner the worker thread last had current (another
    // request's), and a context this probe lacks would be looked up in that request's.
    let scope = Owner::new_root(None);
    scope.with(|| {
        provide_context(state.clone());
        provide_context(parts.clone());
    });
    let source = source.clone();
    let result = scope.with(|| ScopedFuture::new(async move {
        match source {
            Source::Update => update_progress().await,
            Source::Services => services_progress().await,
            Source::Deployment => Ok(crate::api::vcenter::deployment::get_deployment().await?.progress()),
            Source::Hvc => Ok(crate::api::hvc::get_hvc().await?.progress()),
            Source::VcenterServices => Ok(crate::api::vcenter::services::get_vcenter_services().await?.progress()),
            Source::Shutdown => shutdown_progress().await,
            Source::Vcenter => vcenter_progress().await,
            Source::Backup(id) => backup_progress(id).await,
            Source::Restore => Ok(crate::api::appliance::recovery::get_restore().await?.progress()),
            Source::Reconciliation => Ok(crate::api::appliance::recovery::get_reconciliation().await?.map(|r| r.progress()).unwrap_or_default()),
            Source::Download { session, file } => crate::api::content::library::get_download_status(session, file).await,
            Source::Job(_) => unreachable!(),
        }
    }));
    let r = result.await;
    drop(scope);
    r
}

async fn update_progress() -> Result<JobProgress, AppError> {
    Ok(crate::api::appliance::update::get_update_status().await?.progress())
}

async fn backup_progress(id: String) -> Result<JobProgress, AppError> {
    match crate::api::appliance::recovery::get_backup_job(id).await? {
        Some(job) => Ok(job.progress()),
        None => Err(AppError::Internal("vCenter does not know this backup job (any more).".into())),
    }
}

async fn services_progress() -> Result<JobProgress, AppError> {
    Ok(crate::api::appliance::services::get_services().await?.progress())
}

/// Running while vCenter does not answer; any answer (even "your session is gone", after a reboot) ends it.
async fn vcenter_progress() -> Result<JobProgress, AppError> {
    Ok(match crate::api::appliance::shutdown::get_shutdown().await {
        Err(e) if e.is_unreachable() => JobProgress::waiting_for_vcenter(),
        _ => JobProgress { title: "vCenter answers".into(), state: JobState::Succeeded, ..Default::default() },
    })
}

async fn shutdown_progress() -> Result<JobProgress, AppError> {
    Ok(match crate::api::appliance::shutdown::get_shutdown().await? {
        Some(p) => p.progress(),
        None => JobProgress { title: "Shutdown".into(), state: JobState::Succeeded, ..Default::default() },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_is_read_only_by_its_owner_and_ends_once() {
        let jobs = Jobs::new();
        let h = jobs.start("alice", "Attaching tag", 3);
        assert!(jobs.view("bob", h.id()).is_none());
        h.advance(2, vec![JobItem { key: "k".into(), name: "web-001".into(), ok: true, message: String::new() }]);
        let v = jobs.view("alice", h.id()).unwrap();
        assert_eq!((v.progress.done, v.progress.total, v.progress.state), (2, 3, JobState::Running));
        h.fail(&AppError::invalid("x", "refused"));
        let v = jobs.view("alice", h.id()).unwrap();
        assert_eq!(v.progress.state, JobState::Failed);
        assert_eq!(v.items.len(), 1);
        assert!(v.progress.messages[0].contains("refused"));
    }

    /// Two replicas' job lists sharing one mirror: a job run by one is read through the other; a proposal made
    /// by one is confirmed through the other, once.
    #[test]
    fn replicas_sharing_a_mirror_see_each_others_jobs() {
        #[derive(Default)]
        struct Shared(Mutex<HashMap<String, (String, JobView)>>);
        impl JobMirror for Shared {
            fn put(&self, id: &str, owner: &str, view: &JobView, _: Duration) {
                self.0.lock().unwrap().insert(id.into(), (owner.into(), view.clone()));
            }
            fn get(&self, id: &str) -> Option<(String, JobView)> {
                self.0.lock().unwrap().get(id).cloned()
            }
            fn take_proposal(&self, id: &str, owner: &str) -> Option<JobView> {
                let mut map = self.0.lock().unwrap();
                let mine = map.get(id).is_some_and(|(who, v)| who == owner && v.proposal.is_some());
                mine.then(|| map.remove(id).map(|(_, v)| v)).flatten()
            }
        }
        let shared = Arc::new(Shared::default());
        let (a, b) = (Jobs::mirrored(shared.clone()), Jobs::mirrored(shared.clone()));
        let h = a.start("alice", "Attaching tag", 2);
        h.advance(1, vec![]);
        assert_eq!(b.view("alice", h.id()).map(|v| v.progress.done), Some(1), "B reads A's job");
        assert!(b.view("bob", h.id()).is_none(), "its owner only");
        let id = a.propose("alice", "Power off", "stop", vec![JobItem { key: "VirtualMachine:vm-1".into(), name: "web".into(), ok: false, message: String::new() }]);
        assert!(b.begin("bob", &id).is_none(), "not bob's");
        assert!(a.view("alice", &id).unwrap().proposal.is_some(), "and bob's try left it as it was");
        let (action, items, run) = b.begin("alice", &id).expect("B confirms A's proposal");
        assert_eq!((action.as_str(), items.len()), ("stop", 1));
        assert!(a.begin("alice", &id).is_none() && b.begin("alice", &id).is_none(), "once");
        assert!(a.view("alice", &id).unwrap().proposal.is_none(), "A, which proposed it, sees it started");
        run.advance(1, items);
        run.succeed();
        assert_eq!(a.view("alice", &id).map(|v| v.progress.state), Some(JobState::Succeeded), "A follows B's run");
    }

}
