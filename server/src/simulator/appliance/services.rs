//! `appliance/services`: the appliance's operating-system services (list, get, start, stop, restart).
//! Starting and stopping take a moment, as on the appliance: a service is STARTING or STOPPING for
//! [`TRANSITION`] before it settles. [`Lifecycle`] is shared with `appliance/vmon`.

use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::appliance::services::{Info, State as RunState};
use app::vsphere::rest::VapiMap;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a start, stop or restart takes.
pub const TRANSITION: Duration = Duration::from_millis(1500);

/// The run state of one service: settled, or on its way to `target` until `until`.
#[derive(Clone, Debug)]
pub struct Lifecycle {
    running: bool,
    moving: Option<(Instant, bool, &'static str)>,
}

impl Lifecycle {
    pub fn new(running: bool) -> Self {
        Lifecycle { running, moving: None }
    }

    /// `STARTED`, `STOPPED`, or `STARTING` / `STOPPING` while it moves.
    pub fn state(&mut self) -> &'static str {
        if let Some((until, target, shown)) = self.moving {
            if Instant::now() < until {
                return shown;
            }
            self.running = target;
            self.moving = None;
        }
        if self.running {
            "STARTED"
        } else {
            "STOPPED"
        }
    }

    pub fn running(&mut self) -> bool {
        self.state() == "STARTED"
    }

    /// Starts (`Some(true)`), stops (`Some(false)`) or restarts (`None`). Starting a started service or
    /// stopping a stopped one changes nothing.
    pub fn control(&mut self, to: Option<bool>) {
        let now = self.state();
        match to {
            Some(true) if now == "STARTED" || now == "STARTING" => {}
            Some(false) if now == "STOPPED" || now == "STOPPING" => {}
            Some(true) | None => self.moving = Some((Instant::now() + TRANSITION, true, if to.is_none() && now == "STARTED" { "STOPPING" } else { "STARTING" })),
            Some(false) => self.moving = Some((Instant::now() + TRANSITION, false, "STOPPING")),
        }
    }
}

/// `start`, `stop`, `restart` → what [`Lifecycle::control`] takes.
pub fn operation(op: &str) -> Option<Option<bool>> {
    match op {
        "start" => Some(Some(true)),
        "stop" => Some(Some(false)),
        "restart" => Some(None),
        _ => None,
    }
}

struct Service {
    name: &'static str,
    description: &'static str,
    run: Lifecycle,
}

pub struct Services {
    list: Mutex<Vec<Service>>,
}

impl Default for Services {
    fn default() -> Self {
        // A vCenter Server Appliance 6.7's systemd services, as `appliance/services` lists them.
        let seed: &[(&str, &str, bool)] = &[
            ("appliance-shell", "Appliance shell (appliancesh) for the console and SSH", true),
            ("applmgmt", "VMware Appliance Management Service", true),
            ("crond", "Periodic command scheduler", true),
            ("dnsmasq", "DNS caching forwarder", true),
            ("lwsmd", "Likewise Service Manager (Active Directory)", true),
            ("ntpd", "Network Time Protocol daemon", true),
            ("rsyslog", "System logging and syslog forwarding", true),
            ("sfcbd", "Small Footprint CIM Broker (hardware monitoring)", false),
            ("snmpd", "SNMP agent", false),
            ("sshd", "OpenSSH server daemon", false),
            ("systemd-journald", "Journal service", true),
            ("vami-lighttp", "Appliance management web server (port 5480)", true),
            ("vmafdd", "VMware Authentication Framework", true),
            ("vmcad", "VMware Certificate Authority", true),
            ("vmdird", "VMware Directory Service", true),
            ("vmware-vmon", "VMware Service Lifecycle Manager (vMon)", true),
        ];
        Services { list: Mutex::new(seed.iter().map(|(name, description, up)| Service { name, description, run: Lifecycle::new(*up) }).collect()) }
    }
}

fn info(s: &mut Service) -> Info {
    Info { description: s.description.into(), state: s.run.state().parse::<RunState>().unwrap_or_else(|never| match never {}) }
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/appliance/services", get(list))
        .route("/rest/appliance/services/{service}", get(get_one))
        .route("/rest/appliance/services/{service}/{op}", post(control))
}

async fn list(State(s): State<SimState>, _: Authed) -> Response {
    let mut list = s.services.list.lock().unwrap();
    ok(list.iter_mut().map(|svc| (svc.name.to_string(), info(svc))).collect::<VapiMap<String, Info>>())
}

fn not_found(service: &str) -> SimError {
    SimError::not_found("Service", service)
}

async fn get_one(State(s): State<SimState>, _: Authed, Path(service): Path<String>) -> Result<Response, SimError> {
    let mut list = s.services.list.lock().unwrap();
    let svc = list.iter_mut().find(|x| x.name == service).ok_or_else(|| not_found(&service))?;
    Ok(ok(info(svc)))
}

async fn control(State(s): State<SimState>, _: Authed, Path((service, op)): Path<(String, String)>) -> Result<Response, SimError> {
    let to = operation(&op).ok_or_else(|| SimError::no_operation(&format!("POST /rest/appliance/services/{service}/{op}")))?;
    let mut list = s.services.list.lock().unwrap();
    let svc = list.iter_mut().find(|x| x.name == service).ok_or_else(|| not_found(&service))?;
    svc.run.control(to);
    Ok(ok_void())
}
