//! The built-in simulated vCenter: an axum service that speaks vCenter's `/rest` wire format over real HTTP.
//! Stateful and self-consistent; each API area keeps its handlers and state in its own module
//! (`cis::session`, `cis::tagging`, `appliance::system`, `appliance::health`, `vcenter::*`) and adds its routes in [`router`].

pub mod appliance;
pub mod cis;
pub mod content;
pub mod hvc;
pub mod vapi;
pub mod vcenter;
pub mod conformance;
pub mod roles;
pub mod rules;
mod wire;

use app::vsphere::rest::Query;
use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use wire::{bad_body, body, ok, ok_void, Authed, SimError};

/// How the simulator behaves.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// The account that may log in (basic auth on `POST /rest/com/vmware/cis/session`).
    pub user: String,
    pub password: String,
    /// Idle time after which a session id is refused with `unauthenticated` (vCenter: about 30 minutes).
    pub session_idle: Duration,
    /// How many virtual machines the inventory holds (`--sim-vms`).
    pub vms: usize,
    /// How long a reboot keeps the simulated vCenter down (connections refused).
    pub reboot_downtime: Duration,
    /// How long a power-off keeps it down before it is "powered on" again.
    pub poweroff_downtime: Duration,
    /// How long staging an update takes (`appliance/update`); installing takes `update_install`.
    pub update_stage: Duration,
    pub update_install: Duration,
    /// How long a VM's power change takes: a start, stop, suspend or reset answers when it is done, as
    /// vCenter's do (its task), so a bulk change has progress to show.
    pub power_change: Duration,
    /// How long vCenter takes to prepare a library file for download (PREPARING, then PREPARED).
    pub content_prepare: Duration,
    /// How long a backup job takes (`appliance/recovery`), a restore, and the reconciliation after it.
    pub backup_duration: Duration,
    pub restore_duration: Duration,
    pub reconciliation_duration: Duration,
    /// A freshly deployed appliance, not yet configured (`--sim-fresh`): `vcenter/deployment` starts INITIALIZED.
    pub fresh: bool,
    /// Answering an error the operation does not document is a failure (a 500 naming it) instead of a
    /// warning in the log: the tests' simulator runs strict ([`conformance`]).
    pub strict: bool,
    /// Where to append each operation called for the first time (`VCONSOLE_SIM_OPLOG`; the browser tests').
    pub op_log: Option<std::path::PathBuf>,
    /// The appliance's host name (`appliance/networking`): a second simulated vCenter is `vcsa-02.corp.local`.
    pub hostname: String,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            user: "administrator@vsphere.local".into(),
            password: "VMware1!".into(),
            session_idle: Duration::from_secs(30 * 60),
            vms: 60,
            reboot_downtime: Duration::from_secs(5),
            poweroff_downtime: Duration::from_secs(30),
            update_stage: Duration::from_secs(3),
            update_install: Duration::from_secs(5),
            power_change: Duration::from_millis(150),
            content_prepare: Duration::from_millis(300),
            backup_duration: Duration::from_secs(6),
            restore_duration: Duration::from_secs(6),
            reconciliation_duration: Duration::from_secs(3),
            fresh: false,
            strict: false,
            op_log: None,
            hostname: "vcsa-01.corp.local".into(),
        }
    }
}

/// The simulator's state: one part per API area.
#[derive(Clone)]
pub struct SimState {
    pub config: Arc<SimConfig>,
    pub sessions: Arc<cis::session::Sessions>,
    pub system: Arc<appliance::system::System>,
    pub health: Arc<appliance::health::Health>,
    pub access: Arc<appliance::access::Access>,
    pub shutdown: Arc<appliance::shutdown::Shutdown>,
    pub ntp: Arc<appliance::ntp::Ntp>,
    pub logging: Arc<appliance::logging::Logging>,
    pub services: Arc<appliance::services::Services>,
    pub vmon: Arc<appliance::vmon::Vmon>,
    pub networking: Arc<appliance::networking::Networking>,
    pub timesync: Arc<appliance::timesync::Timesync>,
    pub local_accounts: Arc<appliance::local_accounts::LocalAccounts>,
    pub monitoring: Arc<appliance::monitoring::State>,
    pub storage: Arc<appliance::storage::Storage>,
    pub update: Arc<appliance::update::Update>,
    pub recovery: Arc<appliance::recovery::Recovery>,
    pub inventory: Arc<vcenter::inventory::Inventory>,
    pub deployment: Arc<vcenter::deployment::Deployment>,
    pub hvc: Arc<hvc::Hvc>,
    pub tagging: Arc<cis::tagging::Tagging>,
    pub content: Arc<content::Content>,
    /// Requests served, by `~action` (or `METHOD path` without one): tests check batching with it.
    pub calls: Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>,
    /// Errors answered that the operation does not document (strict mode).
    pub violations: Arc<conformance::Violations>,
    /// A failure the tests drive the simulated vCenter into (fault drills); None: it answers as documented.
    pub fault: Arc<std::sync::Mutex<Option<Fault>>>,
}

/// How a failing vCenter (or what stands in front of it) answers, for fault drills. (Down altogether is
/// `shutdown.go_down`: connections refused.)
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fault {
    /// Every answer comes this late (past the console's time-out).
    Slow(Duration),
    /// `500 Internal Server Error`, as a failing front end sends it (plain text, no vAPI error).
    ServerError,
    /// A web page instead of the API's JSON (a login portal or a proxy's error page).
    Html,
    /// The right answer cut off halfway (a connection dropped mid-body).
    Truncated,
}

impl SimState {
    /// Drives the simulator into `fault`, or back to normal with None.
    pub fn set_fault(&self, fault: Option<Fault>) {
        *self.fault.lock().unwrap() = fault;
    }
}

async fn inject_fault(axum::extract::State(state): axum::extract::State<SimState>, req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    let fault = *state.fault.lock().unwrap();
    match fault {
        None => next.run(req).await,
        Some(Fault::Slow(d)) => {
            tokio::time::sleep(d).await;
            next.run(req).await
        }
        Some(Fault::ServerError) => (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response(),
        Some(Fault::Html) => (
            [(axum::http::header::CONTENT_TYPE, "text/html")],
            "<!DOCTYPE html><html><head><title>vSphere</title></head><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
        )
            .into_response(),
        Some(Fault::Truncated) => {
            let res = next.run(req).await;
            let (parts, body) = res.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            let cut = bytes.slice(..bytes.len() / 2);
            let mut res = axum::response::Response::from_parts(parts, axum::body::Body::from(cut));
            res.headers_mut().remove(axum::http::header::CONTENT_LENGTH);
            res
        }
    }
}

impl SimState {
    pub fn new(config: SimConfig) -> Self {
        let config = Arc::new(config);
        SimState {
            sessions: Arc::new(cis::session::Sessions::new(config.session_idle)),
            system: Arc::new(appliance::system::System::new()),
            health: Arc::new(appliance::health::Health::new()),
            access: Arc::new(appliance::access::Access::new()),
            shutdown: Arc::new(appliance::shutdown::Shutdown::new()),
            ntp: Arc::new(Default::default()),
            logging: Arc::new(Default::default()),
            services: Arc::new(Default::default()),
            vmon: Arc::new(Default::default()),
            networking: Arc::new(appliance::networking::Networking::named(&config.hostname)),
            timesync: Arc::new(Default::default()),
            local_accounts: Arc::new(appliance::local_accounts::LocalAccounts::new()),
            monitoring: Arc::new(Default::default()),
            storage: Arc::new(appliance::storage::Storage::new()),
            update: Arc::new(Default::default()),
            recovery: Arc::new(Default::default()),
            inventory: Arc::new(vcenter::inventory::Inventory::seeded(config.vms)),
            deployment: Arc::new(if config.fresh { vcenter::deployment::Deployment::fresh() } else { Default::default() }),
            hvc: Arc::new(Default::default()),
            tagging: Arc::new(cis::tagging::Tagging::new()),
            content: Arc::new(Default::default()),
            calls: Default::default(),
            violations: Default::default(),
            fault: Default::default(),
            config,
        }
    }
}

impl SimState {
    /// What a reboot changes: sessions are gone, nothing is pending, uptime starts again.
    fn rebooted(&self) {
        self.sessions.clear();
        self.shutdown.clear();
        self.system.booted();
    }

    /// How many requests named this `~action` (e.g. `list-attached-tags-on-objects`) or `METHOD /path`.
    pub fn calls(&self, key: &str) -> usize {
        self.calls.lock().unwrap().get(key).copied().unwrap_or(0)
    }
}

async fn count_call(axum::extract::State(state): axum::extract::State<SimState>, req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let q = Query::parse(req.uri().query().unwrap_or(""));
    let key = match q.get("~action").or_else(|| q.get("action")) {
        Some(a) => a.to_string(),
        None => format!("{} {}", req.method(), req.uri().path()),
    };
    *state.calls.lock().unwrap().entry(key).or_default() += 1;
    next.run(req).await
}

/// The simulator's routes; unknown paths and methods answer 404 `operationsForUrlNotFound` as vCenter does.
pub fn router(state: SimState) -> Router {
    Router::new()
        .merge(cis::session::routes())
        .merge(appliance::system::routes())
        .merge(appliance::health::routes())
        .merge(appliance::access::routes())
        .merge(appliance::shutdown::routes())
        .merge(appliance::ntp::routes())
        .merge(appliance::logging::routes())
        .merge(appliance::services::routes())
        .merge(appliance::vmon::routes())
        .merge(appliance::networking::routes())
        .merge(appliance::timesync::routes())
        .merge(appliance::local_accounts::routes())
        .merge(appliance::monitoring::routes())
        .merge(appliance::storage::routes())
        .merge(appliance::update::routes())
        .merge(appliance::recovery::routes())
        .merge(cis::tagging::routes())
        .merge(vcenter::routes())
        .merge(content::routes())
        .merge(hvc::routes())
        .merge(vapi::metadata::routes())
        .fallback(wire::operation_not_found)
        .method_not_allowed_fallback(wire::operation_not_found)
        // Outermost first: count, then find the operation and check the answer's conformance, then the
        // privilege check (it reads the operation the conformance layer found).
        .layer(axum::middleware::from_fn_with_state(state.clone(), roles::check))
        .layer(axum::middleware::from_fn_with_state(state.clone(), conformance::check))
        .layer(axum::middleware::from_fn_with_state(state.clone(), count_call))
        // Outside everything: a fault drill's answer is not the API's (nor checked against it).
        .layer(axum::middleware::from_fn_with_state(state.clone(), inject_fault))
        .with_state(state)
}

/// Serves the simulator on `addr` (port 0 picks a free one); returns the bound address and the state (tests
/// look inside it). When the simulated appliance reboots or powers off (`appliance/shutdown`) the listener
/// is closed, so connections are refused as from a machine that is down, and opened again on the same
/// address after the downtime.
pub async fn spawn(config: SimConfig, addr: SocketAddr) -> std::io::Result<(SocketAddr, SimState, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let state = SimState::new(config);
    let serving = state.clone();
    let handle = tokio::spawn(async move {
        let mut listener = Some(listener);
        loop {
            let l = match listener.take() {
                Some(l) => l,
                None => loop {
                    match tokio::net::TcpListener::bind(bound).await {
                        Ok(l) => break l,
                        Err(e) => {
                            tracing::warn!("simulator: cannot listen again on {bound}: {e}; retrying");
                            tokio::time::sleep(Duration::from_millis(200)).await;
                        }
                    }
                },
            };
            // Going down: stop accepting (the listener is dropped) and close every open connection, idle
            // keep-alive ones included, so that nothing reaches the "machine" while it is down.
            let downtime = Arc::new(std::sync::Mutex::new(None::<Duration>));
            let (watcher, noted) = (serving.clone(), downtime.clone());
            let signal = async move {
                let d = watcher.shutdown.went_down().await;
                *noted.lock().unwrap() = Some(d);
            };
            let server = axum::serve(l, router(serving.clone())).with_graceful_shutdown(signal);
            if let Err(e) = server.await {
                tracing::error!("simulator: {e}");
            }
            let Some(downtime) = downtime.lock().unwrap().take() else {
                return; // stopped for another reason
            };
            tracing::info!("simulated vCenter is down for {downtime:?} (appliance/shutdown)");
            serving.rebooted();
            tokio::time::sleep(downtime).await;
            tracing::info!("simulated vCenter is up again on http://{bound}");
        }
    });
    Ok((bound, state, handle))
}
