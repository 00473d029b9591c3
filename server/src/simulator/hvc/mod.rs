//! `hvc`: Hybrid Linked Mode — links from this vCenter's SSO domain to a cloud vCenter's (VMware Cloud on
//! AWS), each link's sync providers (what is replicated: roles and permissions, tags) with forced syncs that
//! run over time, and the groups the cloud side treats as hybrid administrators.
//!
//! vCenter's rules, from the API reference: a link is made with the cloud PSC's administrator account; the
//! PSC must answer, its certificate be the expected one (a missing or different thumbprint is refused naming
//! the PSC's own), its version support hybrid linking (6.7 and later, `unsupported` otherwise), its domain
//! not be this vCenter's own (`invalid_argument`) nor one already linked (`already_exists`). A forced sync
//! runs its stages (change detection, enumeration, application) and cannot start while one runs
//! (`resource_busy`); a reset forgets the link's sync state. Administrator groups are `group@domain`.

use crate::simulator::{body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::vcenter::hvc::links::sync::providers::{session_info::Stage, Credentials, Info, SessionInfo, Status, Summary as ProviderSummary};
use app::vsphere::models::vcenter::hvc::links::{CreateSpec, Summary};
use app::vsphere::models::vapi::std::LocalizableMessage;
use app::vsphere::rest::{Query, VapiErrorKind};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use serde::Deserialize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Cloud PSCs on the simulated network: host, SSO domain, administrator, password, SHA-1 thumbprint, version.
pub const CLOUD_PSCS: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("psc.sddc-1.vmc.example.com", "vmc.local", "cloudadmin@vmc.local", "Cloud-2018!", "6E:A1:3F:08:C7:52:9B:D4:21:E6:7A:30:BF:95:0C:48:D2:1B:F7:63", "6.7.0"),
    ("psc.sddc-old.vmc.example.com", "vmc-old.local", "cloudadmin@vmc-old.local", "Cloud-2018!", "0B:94:E2:7D:15:C8:63:AF:40:DB:29:76:E1:5A:C3:08:9F:B6:24:D7", "6.5.0"),
];

/// The sync providers every link has: id, what it replicates.
pub const PROVIDERS: &[(&str, &str)] = &[("authz", "Roles, privileges and permissions"), ("tagging", "Tag categories and tags")];

/// How long a forced sync takes (its three stages share it).
pub const SYNC_TIME: Duration = Duration::from_secs(3);
/// Objects a forced sync works through.
const SYNC_WORK: i64 = 120;

struct Sync {
    provider: &'static str,
    started: Option<(Instant, String)>,
    last: Option<String>,
    status: Status,
}

struct Link {
    id: String,
    domain: String,
    syncs: Vec<Sync>,
}

pub struct Hvc {
    links: Mutex<Vec<Link>>,
    admins: Mutex<Vec<String>>,
    next: Mutex<u32>,
}

impl Default for Hvc {
    fn default() -> Self {
        Hvc { links: Mutex::new(vec![]), admins: Mutex::new(vec!["cloud-admins@vsphere.local".into()]), next: Mutex::new(1) }
    }
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/hvc/links", get(list).post(create))
        .route("/rest/hvc/links/{link}", delete(remove))
        .route("/rest/hvc/links/{link}/sync", post(reset))
        .route("/rest/hvc/links/{link}/sync/providers", get(providers))
        .route("/rest/hvc/links/{link}/sync/providers/{provider}", get(provider).post(start))
        .route("/rest/hvc/management/administrators", get(admins).post(admin_change))
}

fn action(q: &Option<String>) -> Option<String> {
    Query::parse(q.as_deref().unwrap_or("")).get("action").map(str::to_string)
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

async fn list(State(s): State<SimState>, _: Authed) -> Response {
    let links = s.hvc.links.lock().unwrap();
    ok(links.iter().map(|l| Summary { link: l.id.clone(), display_name: l.domain.clone() }).collect::<Vec<_>>())
}

#[derive(Deserialize)]
struct CreateBody {
    spec: CreateSpec,
}

fn invalid(id: &str, m: String) -> SimError {
    SimError::invalid_argument(id, m, &[])
}

async fn create(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let CreateBody { spec } = body(&bytes)?;
    let host = spec.psc_hostname.trim().to_ascii_lowercase();
    let Some(&(name, domain, admin, password, print, version)) = CLOUD_PSCS.iter().find(|p| p.0 == host) else {
        return Err(SimError::error("com.vmware.vcenter.hvc.links.unreachable", format!("Cannot reach the PSC {host}: the name does not resolve."), &[&host]));
    };
    if spec.port.as_deref().is_some_and(|p| p.trim() != "443") {
        return Err(SimError::error("com.vmware.vcenter.hvc.links.unreachable", format!("Cannot reach the PSC {name} on port {}: connection refused.", spec.port.unwrap_or_default()), &[name]));
    }
    crate::simulator::rules::certificate(name, print, spec.ssl_thumbprint.as_deref(), "link").map_err(|r| invalid("com.vmware.vcenter.hvc.links.thumbprint", r.message))?;
    if !spec.domain_name.eq_ignore_ascii_case(domain) {
        return Err(invalid("com.vmware.vcenter.hvc.links.domain", format!("{name} serves the SSO domain {domain}, not {}.", spec.domain_name)));
    }
    if !spec.username.eq_ignore_ascii_case(admin) || spec.password != password {
        return Err(invalid("com.vmware.vcenter.hvc.links.credentials", format!("{name} refused the user name or password for {domain}.")));
    }
    if version < "6.7" {
        return Err(SimError::new(VapiErrorKind::Other("unsupported".into()), "com.vmware.vcenter.hvc.links.version", format!("{name} runs {version}: hybrid linking needs 6.7 or later."), &[name]));
    }
    let own = s.deployment.read().sso_domain.clone();
    if domain.eq_ignore_ascii_case(&own) {
        return Err(invalid("com.vmware.vcenter.hvc.links.own_domain", format!("{domain} is this vCenter's own SSO domain.")));
    }
    for g in spec.admin_groups.iter().flatten() {
        if !valid_group(g) {
            return Err(invalid("com.vmware.vcenter.hvc.links.group", format!("“{g}” is not a group name: write it group@domain.")));
        }
    }
    let mut links = s.hvc.links.lock().unwrap();
    if links.iter().any(|l| l.domain == domain) {
        return Err(SimError::new(VapiErrorKind::AlreadyExists, "com.vmware.vcenter.hvc.links.exists", format!("The domain {domain} is already linked."), &[domain]));
    }
    let mut next = s.hvc.next.lock().unwrap();
    let id = format!("hvc-link-{}", *next);
    *next += 1;
    let syncs = PROVIDERS.iter().map(|(p, _)| Sync { provider: p, started: None, last: None, status: Status::NoSyncFound }).collect();
    links.push(Link { id: id.clone(), domain: domain.into(), syncs });
    let mut admins = s.hvc.admins.lock().unwrap();
    for g in spec.admin_groups.into_iter().flatten() {
        if !admins.iter().any(|a| a.eq_ignore_ascii_case(&g)) {
            admins.push(g);
        }
    }
    Ok(ok(id))
}

fn valid_group(g: &str) -> bool {
    matches!(g.split_once('@'), Some((n, d)) if !n.trim().is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.') && !g.contains(char::is_whitespace))
}

fn no_link(id: &str) -> SimError {
    SimError::not_found("Hybrid link", id)
}

async fn remove(State(s): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let mut links = s.hvc.links.lock().unwrap();
    let before = links.len();
    links.retain(|l| l.id != id);
    if links.len() == before {
        return Err(no_link(&id));
    }
    Ok(ok_void())
}

async fn reset(State(s): State<SimState>, _: Authed, Path(id): Path<String>, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    if action(&q).as_deref() != Some("reset") {
        return Err(SimError::no_operation(&format!("POST /rest/hvc/links/{id}/sync")));
    }
    let mut links = s.hvc.links.lock().unwrap();
    let link = links.iter_mut().find(|l| l.id == id).ok_or_else(|| no_link(&id))?;
    for sync in &mut link.syncs {
        *sync = Sync { provider: sync.provider, started: None, last: None, status: Status::NoSyncFound };
    }
    Ok(ok_void())
}

async fn providers(State(s): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let links = s.hvc.links.lock().unwrap();
    // list documents no `not_found`: an unknown link is vCenter's generic error.
    let link = links.iter().find(|l| l.id == id).ok_or_else(|| SimError::error("com.vmware.vcenter.hvc.links.unknown", format!("There is no hybrid link {id}."), &[&id]))?;
    Ok(ok(link.syncs.iter().map(|x| ProviderSummary { provider: x.provider.to_string() }).collect::<Vec<_>>()))
}

/// A provider's state now: a forced sync moves through its stages over [`SYNC_TIME`], then completes.
fn info(sync: &mut Sync) -> Info {
    let session = sync.started.as_ref().map(|(at, start_time)| {
        let f = (at.elapsed().as_secs_f64() / SYNC_TIME.as_secs_f64()).min(1.0);
        let stage = match f {
            f if f >= 1.0 => Stage::Completed,
            f if f < 0.2 => Stage::ChangeDetection,
            f if f < 0.45 => Stage::ChangeEnumeration,
            _ => Stage::ChangeApplication,
        };
        let done = stage == Stage::Completed;
        SessionInfo {
            completed_work: (SYNC_WORK as f64 * f) as i64,
            total_work: SYNC_WORK,
            completion_time: done.then(now),
            exception: None,
            stage,
            start_time: start_time.clone(),
        }
    });
    if let Some(s) = session.as_ref().filter(|s| s.stage == Stage::Completed) {
        if sync.status != Status::Succeeded || sync.last.is_none() {
            sync.status = Status::Succeeded;
            sync.last = s.completion_time.clone();
        }
    }
    let status_message = (sync.status == Status::NoSyncFound).then(|| LocalizableMessage {
        id: "com.vmware.vcenter.hvc.sync.none".into(),
        default_message: "No sync has run since the link was made or reset.".into(),
        args: vec![],
    });
    Info { current_session_info: session, last_sync_time: sync.last.clone(), polling_interval_in_seconds: 60, status: sync.status.clone(), status_message }
}

async fn provider(State(s): State<SimState>, _: Authed, Path((id, provider)): Path<(String, String)>) -> Result<Response, SimError> {
    let mut links = s.hvc.links.lock().unwrap();
    let link = links.iter_mut().find(|l| l.id == id).ok_or_else(|| no_link(&id))?;
    let sync = link.syncs.iter_mut().find(|x| x.provider == provider).ok_or_else(|| SimError::not_found("Sync provider", &provider))?;
    Ok(ok(info(sync)))
}

#[derive(Deserialize, Default)]
struct StartBody {
    #[serde(default)]
    credentials: Option<Credentials>,
}

async fn start(State(s): State<SimState>, _: Authed, Path((id, provider)): Path<(String, String)>, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    if action(&q).as_deref() != Some("start") {
        return Err(SimError::no_operation(&format!("POST /rest/hvc/links/{id}/sync/providers/{provider}")));
    }
    let StartBody { credentials } = if bytes.is_empty() { StartBody::default() } else { body(&bytes)? };
    let mut links = s.hvc.links.lock().unwrap();
    let link = links.iter_mut().find(|l| l.id == id).ok_or_else(|| no_link(&id))?;
    let domain = link.domain.clone();
    let sync = link.syncs.iter_mut().find(|x| x.provider == provider).ok_or_else(|| SimError::not_found("Sync provider", &provider))?;
    if let Some(c) = credentials {
        let known = CLOUD_PSCS.iter().find(|p| p.1 == domain);
        if !known.is_some_and(|p| p.2.eq_ignore_ascii_case(&c.user_name) && p.3 == c.password) {
            return Err(SimError::error("com.vmware.vcenter.hvc.sync.credentials", format!("The remote system refused the user name or password for {domain}."), &[]));
        }
    }
    let running = info(sync).current_session_info.is_some_and(|x| x.stage != Stage::Completed);
    if running {
        return Err(SimError::new(VapiErrorKind::ResourceBusy, "com.vmware.vcenter.hvc.sync.running", format!("A sync of {provider} is already running."), &[&provider]));
    }
    sync.started = Some((Instant::now(), now()));
    Ok(ok_void())
}

async fn admins(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.hvc.admins.lock().unwrap().clone())
}

#[derive(Deserialize)]
struct GroupBody {
    group_name: String,
}

async fn admin_change(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    let which = action(&q);
    if !matches!(which.as_deref(), Some("add" | "remove")) {
        return Err(SimError::no_operation("POST /rest/hvc/management/administrators"));
    }
    let GroupBody { group_name } = body(&bytes)?;
    let g = group_name.trim().to_string();
    if !valid_group(&g) {
        return Err(SimError::error("com.vmware.vcenter.hvc.group.invalid", format!("“{g}” is not a group name: write it group@domain."), &[]));
    }
    let mut admins = s.hvc.admins.lock().unwrap();
    let at = admins.iter().position(|a| a.eq_ignore_ascii_case(&g));
    match (which.as_deref(), at) {
        (Some("add"), None) => admins.push(g),
        (Some("add"), Some(_)) => {}
        (_, Some(i)) => _ = admins.remove(i),
        (_, None) => return Err(SimError::error("com.vmware.vcenter.hvc.group.absent", format!("{g} is not a hybrid administrators group."), &[])),
    }
    Ok(ok_void())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_group_at_domain() {
        assert!(valid_group("cloud-admins@vsphere.local"));
        assert!(!valid_group("cloud-admins"));
        assert!(!valid_group("@vsphere.local"));
        assert!(!valid_group("a b@vsphere.local"));
        assert!(!valid_group("admins@local"));
    }

    #[test]
    fn a_forced_sync_runs_its_stages_then_succeeds() {
        let mut sync = Sync { provider: "authz", started: Some((Instant::now(), now())), last: None, status: Status::NoSyncFound };
        let first = info(&mut sync);
        assert_eq!(first.current_session_info.unwrap().stage, Stage::ChangeDetection);
        assert_eq!(first.status, Status::NoSyncFound);
        sync.started = Some((Instant::now() - SYNC_TIME, now()));
        let done = info(&mut sync);
        assert_eq!(done.current_session_info.unwrap().completed_work, SYNC_WORK);
        assert_eq!(done.status, Status::Succeeded);
        assert!(done.last_sync_time.is_some());
    }
}
