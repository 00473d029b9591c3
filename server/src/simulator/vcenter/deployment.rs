//! The appliance's deployment: its state (NOT_INITIALIZED → … → CONFIGURED), its type (embedded vCenter,
//! vCenter with an external PSC, or a PSC), its SSO domain and the external PSC it is registered with. Read and
//! changed by `vcenter/system-config` ([`super::system_config`]) and by `vcenter/deployment` here: the
//! first-boot workflow of a freshly deployed appliance (`--sim-fresh` starts INITIALIZED).
//!
//! vCenter's rules, from the API reference: an appliance is installed or upgraded once, from INITIALIZED, after
//! the spec passes its checks (a failed check refuses the start, `invalid_argument`); the work then runs in
//! steps (CONFIG_IN_PROGRESS), and stops at a question (QUESTION_RAISED) unless `auto_answer` is set, until it
//! is answered with one of its possible answers; it can be cancelled while it runs, and a failed or
//! cancelled one rolled back to INITIALIZED. An upgrade that defers its history import leaves that import to
//! `deployment/history` once configured: started, paused, resumed and cancelled, each only when it makes sense
//! (`not_allowed_in_current_state`, `already_in_desired_state`).
//!
//! The simulated network holds two external PSCs of `vsphere.local` and one of another domain, and a vCenter
//! 6.5 appliance to upgrade from; any other name does not resolve.

use crate::simulator::{body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::vcenter::deployment::{ApplianceState, ApplianceType};
use app::vsphere::rest::{Query, VapiErrorKind};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

/// An external PSC this appliance is (or may be) registered with.
#[derive(Clone, Debug, PartialEq)]
pub struct Psc {
    pub hostname: String,
    pub port: i64,
    pub sso_domain: String,
}

/// The PSCs of the simulated network: name, SSO domain, SHA-1 certificate thumbprint.
pub const PSCS: &[(&str, &str, &str)] = &[
    ("psc-01.corp.local", "vsphere.local", "3C:1F:A2:7B:90:5D:E4:11:C8:62:0F:9A:B3:44:D7:28:6E:05:B1:9C"),
    ("psc-02.corp.local", "vsphere.local", "A7:04:5E:C9:22:8B:F1:36:0D:E7:93:4A:6C:B8:15:F0:29:D3:7E:41"),
    ("psc.lab.local", "lab.local", "58:E2:0B:94:7F:C1:3A:D6:81:2E:F5:09:BC:63:47:1D:A0:9E:C4:72"),
];

pub struct DeploymentState {
    pub state: ApplianceState,
    pub kind: ApplianceType,
    pub sso_domain: String,
    /// The external PSC, for VCSA_EXTERNAL; None: the appliance is its own (embedded).
    pub psc: Option<Psc>,
    /// The install or upgrade under way or done, with the spec it was given (passwords blanked).
    pub task: Option<Task>,
    /// A deferred history import: None until an upgrade defers one.
    pub history: Option<History>,
}

/// An install or upgrade: what it is, its spec, and its clock (which stops while a question waits).
pub struct Task {
    pub operation: &'static str,
    pub spec: Value,
    pub start_time: String,
    pub end_time: Option<String>,
    /// Work time before the current run, and since when it runs (None: stopped, at a question or ended).
    pub worked: Duration,
    pub since: Option<Instant>,
    pub auto_answer: bool,
    pub asked: bool,
    /// The question now waiting, if any.
    pub question: Option<&'static Question>,
    pub failed: Option<String>,
    pub result_kind: ApplianceType,
    pub defer_history: bool,
}

/// A question a deployment asks: id, text, type, possible answers, default.
pub struct Question {
    pub id: &'static str,
    pub text: &'static str,
    pub kind: &'static str,
    pub answers: &'static [&'static str],
    pub default: &'static str,
}

pub const INSTALL_QUESTION: Question = Question {
    id: "time.skew",
    text: "The appliance's clock is 4 minutes off its NTP servers. Continue with the installation?",
    kind: "OK_CANCEL",
    answers: &["OK", "CANCEL"],
    default: "OK",
};

pub const UPGRADE_QUESTION: Question = Question {
    id: "extensions.unsupported",
    text: "vSphere Update Manager 6.5 is registered with the source vCenter and will not be upgraded. Continue?",
    kind: "YES_NO",
    answers: &["YES", "NO"],
    default: "YES",
};

/// How long an install or upgrade works (the question comes at 40 %), and a history import.
pub const DEPLOY_TIME: Duration = Duration::from_secs(4);
pub const HISTORY_TIME: Duration = Duration::from_secs(4);
const STEPS: &[&str] = &["Preparing the appliance", "Setting up single sign-on", "Configuring vCenter Server", "Starting services"];

/// A history import: its clock, paused or not, and how it ended.
pub struct History {
    pub worked: Duration,
    pub since: Option<Instant>,
    pub started: bool,
    pub cancelled: bool,
    pub start_time: Option<String>,
}

impl History {
    fn elapsed(&self) -> Duration {
        self.worked + self.since.map_or(Duration::ZERO, |s| s.elapsed())
    }

    fn done(&self) -> bool {
        self.started && !self.cancelled && self.elapsed() >= HISTORY_TIME
    }
}

/// The vCenter 6.5 appliance the simulated network offers to upgrade from: host, SHA-1 thumbprint, root
/// password; it is managed by the ESXi host `esx-prod-01.east.lab` (root, the ESXi password).
pub const UPGRADE_SOURCE: (&str, &str, &str) = ("vcsa-65.corp.local", "9D:41:C6:2B:E8:07:5F:A3:D0:19:7E:B4:62:C8:0A:F5:33:8D:E1:76", "Root-2018!");
pub const SOURCE_HOST: &str = "esx-prod-01.east.lab";

pub struct Deployment(RwLock<DeploymentState>);

impl Default for Deployment {
    /// A configured vCenter with an embedded PSC, as the simulator starts.
    fn default() -> Self {
        Deployment::with_state(ApplianceState::Configured)
    }
}

impl Deployment {
    /// A freshly deployed appliance, waiting for its configuration (`--sim-fresh`): INITIALIZED.
    pub fn fresh() -> Self {
        Deployment::with_state(ApplianceState::Initialized)
    }

    fn with_state(state: ApplianceState) -> Self {
        Deployment(RwLock::new(DeploymentState { state, kind: ApplianceType::VcsaEmbedded, sso_domain: "vsphere.local".into(), psc: None, task: None, history: None }))
    }
}

impl Deployment {
    /// The state now (a running task moved on first).
    pub fn read(&self) -> RwLockReadGuard<'_, DeploymentState> {
        drop(self.write());
        self.0.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, DeploymentState> {
        let mut d = self.0.write().unwrap_or_else(|p| p.into_inner());
        d.settle();
        d
    }
}

impl DeploymentState {
    /// Moves the running task on to now: it asks its question at 40 % (unless it answers itself), and at
    /// 100 % the appliance is configured as the spec said.
    fn settle(&mut self) {
        let Some(t) = self.task.as_mut() else { return };
        let Some(since) = t.since else { return };
        let elapsed = t.worked + since.elapsed();
        let ask_at = DEPLOY_TIME.mul_f64(0.4);
        if !t.asked && elapsed >= ask_at {
            t.asked = true;
            if !t.auto_answer {
                t.worked = ask_at;
                t.since = None;
                t.question = Some(if t.operation == "upgrade" { &UPGRADE_QUESTION } else { &INSTALL_QUESTION });
                self.state = ApplianceState::QuestionRaised;
                return;
            }
        }
        if elapsed >= DEPLOY_TIME {
            t.worked = DEPLOY_TIME;
            t.since = None;
            t.end_time = Some(jiff::Timestamp::now().to_string());
            self.state = ApplianceState::Configured;
            self.kind = t.result_kind.clone();
            if t.defer_history {
                self.history = Some(History { worked: Duration::ZERO, since: None, started: false, cancelled: false, start_time: None });
            }
        }
    }

    fn elapsed(&self) -> Duration {
        self.task.as_ref().map_or(Duration::ZERO, |t| t.worked + t.since.map_or(Duration::ZERO, |s| s.elapsed()))
    }
}

/// Reaches an external PSC as the appliance does before registering with it: the name resolves, it answers on
/// its HTTPS port (443), the SSO administrator's password (`sso_password`, the simulator's) is accepted, and
/// its certificate has the expected thumbprint (any case, `:`-separated), unless `ssl_verify` is false. The
/// error is the reason, in vCenter's words.
pub fn reach_psc(sso_password: &str, hostname: &str, port: Option<i64>, password: &str, thumbprint: Option<&str>, ssl_verify: Option<bool>) -> Result<Psc, String> {
    let host = hostname.trim();
    if host.is_empty() {
        return Err("Name the PSC: its address or DNS name.".into());
    }
    let Some((name, domain, print)) = PSCS.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(host)) else {
        return Err(format!("Cannot resolve {host}: no such host."));
    };
    let port = port.unwrap_or(443);
    if port != 443 {
        return Err(format!("{name} does not answer on port {port}: connection refused."));
    }
    if ssl_verify != Some(false) {
        crate::simulator::rules::certificate(name, print, thumbprint, "continue").map_err(|r| r.message)?;
    }
    if password != sso_password {
        return Err(format!("{name} refused the SSO administrator's password for {domain}."));
    }
    Ok(Psc { hostname: name.to_string(), port, sso_domain: domain.to_string() })
}

fn not_allowed(message: String) -> SimError {
    SimError::new(VapiErrorKind::NotAllowedInCurrentState, "com.vmware.vcenter.deployment.state", message, &[])
}

fn already(message: String) -> SimError {
    SimError::new(VapiErrorKind::Other("already_in_desired_state".into()), "com.vmware.vcenter.deployment.already", message, &[])
}

fn action(q: &Option<String>) -> String {
    Query::parse(q.as_deref().unwrap_or("")).get("action").unwrap_or_default().to_string()
}

fn message(id: &str, text: &str) -> Value {
    json!({ "id": id, "default_message": text, "args": [] })
}

fn check_info(errors: &[String], warnings: &[&str]) -> Value {
    let n = |list: Vec<Value>| Value::Array(list);
    json!({
        "status": if errors.is_empty() { "SUCCESS" } else { "FAILED" },
        "result": {
            "info": [],
            "warnings": n(warnings.iter().enumerate().map(|(i, w)| json!({ "id": format!("warning.{i}"), "message": message("com.vmware.vcenter.deployment.check.warning", w) })).collect()),
            "errors": n(errors.iter().enumerate().map(|(i, e)| json!({ "id": format!("error.{i}"), "message": message("com.vmware.vcenter.deployment.check.error", e), "resolution": message("com.vmware.vcenter.deployment.check.resolution", "Correct the specification and check again.") })).collect()),
        }
    })
}

/// An SSO administrator password as the installer requires it: 8 to 20 characters with an upper-case and a
/// lower-case letter, a digit and a special character.
pub fn sso_password_problem(p: &str) -> Option<String> {
    let len = p.chars().count();
    let classes = [p.chars().any(|c| c.is_ascii_uppercase()), p.chars().any(|c| c.is_ascii_lowercase()), p.chars().any(|c| c.is_ascii_digit()), p.chars().any(|c| !c.is_ascii_alphanumeric())];
    (!(8..=20).contains(&len) || classes.contains(&false)).then(|| "The SSO administrator password must be 8 to 20 characters with an upper-case and a lower-case letter, a digit and a special character.".to_string())
}

fn domain_problem(d: Option<&str>) -> Option<String> {
    let d = d.unwrap_or("vsphere.local");
    // DNS labels of letters, digits and hyphens, at least two of them.
    let labels_ok = d.split('.').all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    (!labels_ok || !d.contains('.')).then(|| format!("“{d}” is not an SSO domain name (such as vsphere.local)."))
}

use app::vsphere::models::vcenter::deployment::{install::InstallSpec, upgrade::UpgradeSpec, RemotePscSpec, ReplicatedPscSpec, StandalonePscSpec};

/// The errors of a spec's checks, and the appliance type it makes.
fn check_install(sso_password: &str, spec: &InstallSpec) -> Result<(Vec<String>, ApplianceType), SimError> {
    let chosen = [spec.vcsa_embedded.is_some(), spec.psc.is_some(), spec.vcsa_external.is_some()].iter().filter(|b| **b).count();
    if chosen != 1 {
        return Err(SimError::invalid_argument("com.vmware.vcenter.deployment.install.type", "Give exactly one of vcsa_embedded, psc and vcsa_external.", &[]));
    }
    let mut errors = Vec::new();
    let partner = |host: &str, port, password: &str, print: Option<&str>, verify| reach_psc(sso_password, host, port, password, print, verify).err();
    let kind = if let Some(e) = &spec.vcsa_embedded {
        match (&e.standalone, &e.replicated) {
            (Some(s), None) => errors.extend(sso_password_problem(&s.sso_admin_password).into_iter().chain(domain_problem(s.sso_domain_name.as_deref()))),
            (None, Some(r)) => errors.extend(partner(&r.partner_hostname, r.https_port, &r.sso_admin_password, r.ssl_thumbprint.as_deref(), r.ssl_verify)),
            _ => return Err(SimError::invalid_argument("com.vmware.vcenter.deployment.install.sso", "Give exactly one of standalone and replicated.", &[])),
        }
        ApplianceType::VcsaEmbedded
    } else if let Some(p) = &spec.psc {
        match (&p.standalone, &p.replicated) {
            (Some(s), None) => errors.extend(sso_password_problem(&s.sso_admin_password).into_iter().chain(domain_problem(s.sso_domain_name.as_deref()))),
            (None, Some(r)) => errors.extend(partner(&r.partner_hostname, r.https_port, &r.sso_admin_password, r.ssl_thumbprint.as_deref(), r.ssl_verify)),
            _ => return Err(SimError::invalid_argument("com.vmware.vcenter.deployment.install.sso", "Give exactly one of standalone and replicated.", &[])),
        }
        ApplianceType::PscExternal
    } else {
        let r = spec.vcsa_external.as_ref().expect("one was given");
        errors.extend(partner(&r.psc_hostname, r.https_port, &r.sso_admin_password, r.ssl_thumbprint.as_deref(), r.ssl_verify));
        ApplianceType::VcsaExternal
    };
    Ok((errors, kind))
}

fn check_upgrade(sso_password: &str, spec: &UpgradeSpec) -> Vec<String> {
    let (host, print, root) = UPGRADE_SOURCE;
    let src = &spec.source_appliance;
    let mut errors = Vec::new();
    if !src.hostname.eq_ignore_ascii_case(host) {
        errors.push(format!("Cannot resolve {}: no such host.", src.hostname));
        return errors;
    }
    if src.ssl_verify != Some(false) {
        if let Err(r) = crate::simulator::rules::certificate(host, print, src.ssl_thumbprint.as_deref(), "continue") {
            errors.push(r.message);
        }
    }
    if src.sso_admin_password != sso_password || !src.sso_admin_username.eq_ignore_ascii_case("administrator@vsphere.local") {
        errors.push(format!("{host} refused the SSO administrator's user name or password."));
    }
    if src.root_password != root {
        errors.push(format!("{host} refused the root password."));
    }
    let loc = &spec.source_location;
    if !loc.hostname.eq_ignore_ascii_case(SOURCE_HOST) || loc.username != "root" || loc.password != super::host::ESXI_PASSWORD {
        errors.push(format!("The source appliance's host {} cannot be reached with that account: it runs on {SOURCE_HOST} (root).", loc.hostname));
    }
    errors
}

fn blank_passwords(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k.contains("password") {
                    *x = json!("");
                } else {
                    blank_passwords(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(blank_passwords),
        _ => {}
    }
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/deployment", get(get_info).post(rollback))
        .route("/rest/vcenter/deployment/install", get(get_install).post(install))
        .route("/rest/vcenter/deployment/install/psc/standalone", post(check_standalone))
        .route("/rest/vcenter/deployment/install/psc/replicated", post(check_replicated))
        .route("/rest/vcenter/deployment/install/remote-psc", post(check_remote))
        .route("/rest/vcenter/deployment/install/initial-config/remote-psc/thumbprint", get(remote_thumbprint))
        .route("/rest/vcenter/deployment/upgrade", get(get_upgrade).post(upgrade))
        .route("/rest/vcenter/deployment/question", get(get_question).post(answer))
        .route("/rest/vcenter/deployment/history", get(get_history).post(history))
}

async fn get_info(State(s): State<SimState>, _: Authed) -> Result<Response, SimError> {
    let d = s.deployment.write();
    let Some(t) = d.task.as_ref() else {
        let (status, desc) = match d.state {
            ApplianceState::Configured => ("SUCCEEDED", "The appliance is configured."),
            _ => ("PENDING", "The appliance waits for its configuration: install it, or upgrade from an earlier vCenter."),
        };
        return Ok(ok(json!({ "state": d.state, "description": message("com.vmware.vcenter.deployment.none", desc), "service": "com.vmware.vcenter.deployment", "operation": "none", "status": status, "cancelable": false })));
    };
    let total = 100i64;
    let done = ((d.elapsed().as_secs_f64() / DEPLOY_TIME.as_secs_f64()).min(1.0) * total as f64) as i64;
    let step = STEPS[((done as usize) * STEPS.len() / 101).min(STEPS.len() - 1)];
    let status = match (&d.state, &t.failed) {
        (_, Some(_)) => "FAILED",
        (ApplianceState::Configured, _) => "SUCCEEDED",
        (ApplianceState::QuestionRaised, _) => "BLOCKED",
        _ => "RUNNING",
    };
    let subtasks: Vec<Value> = STEPS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let from = i as i64 * total / STEPS.len() as i64;
            let to = (i as i64 + 1) * total / STEPS.len() as i64;
            let st = if done >= to { "SUCCEEDED" } else if done >= from { status } else { "PENDING" };
            json!({ "key": format!("step-{i}"), "value": { "description": message("com.vmware.vcenter.deployment.step", name), "service": "com.vmware.vcenter.deployment", "operation": t.operation, "status": st, "cancelable": false } })
        })
        .collect();
    let mut info = json!({
        "state": d.state,
        "progress": { "total": total, "completed": done, "message": message("com.vmware.vcenter.deployment.progress", step) },
        "subtask_order": (0..STEPS.len()).map(|i| format!("step-{i}")).collect::<Vec<_>>(),
        "subtasks": subtasks,
        "description": message("com.vmware.vcenter.deployment.task", if t.operation == "upgrade" { "Upgrading from vCenter Server 6.5" } else { "Installing vCenter Server" }),
        "service": "com.vmware.vcenter.deployment",
        "operation": t.operation,
        "status": status,
        "cancelable": matches!(status, "RUNNING" | "BLOCKED"),
        "start_time": t.start_time,
        "user": "root",
    });
    if let Some(e) = &t.failed {
        info["error"] = json!(e);
    }
    if let Some(e) = &t.end_time {
        info["end_time"] = json!(e);
    }
    Ok(ok(info))
}

async fn rollback(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    if action(&q) != "rollback" {
        return Err(SimError::no_operation("POST /rest/vcenter/deployment"));
    }
    let mut d = s.deployment.write();
    if d.state != ApplianceState::Failed {
        return Err(SimError::new(VapiErrorKind::Other("unsupported".into()), "com.vmware.vcenter.deployment.rollback", format!("Only a failed deployment can be rolled back; the appliance is {}.", d.state), &[]));
    }
    d.state = ApplianceState::Initialized;
    d.task = None;
    Ok(ok_void())
}

#[derive(Deserialize)]
struct Spec<T> {
    spec: T,
}

fn must_be_initialized(d: &DeploymentState) -> Result<(), SimError> {
    if d.state != ApplianceState::Initialized {
        return Err(not_allowed(format!("The appliance is {}: it is configured once, from INITIALIZED.", d.state)));
    }
    Ok(())
}

async fn install(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    let act = action(&q);
    let mut d = s.deployment.write();
    match act.as_str() {
        "check" | "start" => {
            let Spec::<InstallSpec> { spec } = body(&bytes)?;
            must_be_initialized(&d)?;
            let (errors, kind) = check_install(&s.config.password, &spec)?;
            if act == "check" {
                return Ok(ok(check_info(&errors, &[])));
            }
            if !errors.is_empty() {
                return Err(SimError::invalid_argument("com.vmware.vcenter.deployment.check.failed", format!("The specification does not pass its checks: {}", errors.join(" ")), &[]));
            }
            let psc = spec.vcsa_external.as_ref().and_then(|r| reach_psc(&s.config.password, &r.psc_hostname, r.https_port, &r.sso_admin_password, r.ssl_thumbprint.as_deref(), r.ssl_verify).ok());
            let mut v = serde_json::to_value(&spec).unwrap_or_default();
            blank_passwords(&mut v);
            d.task = Some(Task { operation: "install", spec: v, start_time: jiff::Timestamp::now().to_string(), end_time: None, worked: Duration::ZERO, since: Some(Instant::now()), auto_answer: spec.auto_answer.unwrap_or(false), asked: false, question: None, failed: None, result_kind: kind, defer_history: false });
            if let Some(p) = psc {
                d.sso_domain = p.sso_domain.clone();
                d.psc = Some(p);
            }
            d.state = ApplianceState::ConfigInProgress;
            Ok(ok_void())
        }
        "cancel" => cancel(&mut d, "install"),
        _ => Err(SimError::no_operation("POST /rest/vcenter/deployment/install")),
    }
}

fn cancel(d: &mut DeploymentState, operation: &str) -> Result<Response, SimError> {
    let running = matches!(d.state, ApplianceState::ConfigInProgress | ApplianceState::QuestionRaised) && d.task.as_ref().is_some_and(|t| t.operation == operation);
    if !running {
        return Err(not_allowed(format!("No {operation} is running: the appliance is {}.", d.state)));
    }
    if let Some(t) = d.task.as_mut() {
        t.worked += t.since.take().map_or(Duration::ZERO, |s| s.elapsed());
        t.question = None;
        t.failed = Some(format!("The {operation} was cancelled."));
        t.end_time = Some(jiff::Timestamp::now().to_string());
    }
    d.state = ApplianceState::Failed;
    Ok(ok_void())
}

/// The spec of the install or upgrade under way: documented as refused (`not_allowed_in_current_state`)
/// outside its progress (once it has ended, too).
fn in_progress(d: &DeploymentState) -> bool {
    matches!(d.state, ApplianceState::ConfigInProgress | ApplianceState::QuestionRaised)
}

async fn get_install(State(s): State<SimState>, _: Authed) -> Result<Response, SimError> {
    let d = s.deployment.write();
    match d.task.as_ref().filter(|t| t.operation == "install" && in_progress(&d)) {
        Some(t) => Ok(ok(t.spec.clone())),
        None => Err(not_allowed(format!("No installation is under way: the appliance is {}.", d.state))),
    }
}

async fn get_upgrade(State(s): State<SimState>, _: Authed) -> Result<Response, SimError> {
    let d = s.deployment.write();
    match d.task.as_ref().filter(|t| t.operation == "upgrade" && in_progress(&d)) {
        Some(t) => Ok(ok(t.spec.clone())),
        None => Err(not_allowed(format!("No upgrade is under way: the appliance is {}.", d.state))),
    }
}

async fn check_part(s: &SimState, q: &Option<String>, errors: Vec<String>, path: &str) -> Result<Response, SimError> {
    if action(q) != "check" {
        return Err(SimError::no_operation(&format!("POST {path}")));
    }
    must_be_initialized(&s.deployment.write())?;
    Ok(ok(check_info(&errors, &[])))
}

async fn check_standalone(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    let Spec::<StandalonePscSpec> { spec } = body(&bytes)?;
    let errors = sso_password_problem(&spec.sso_admin_password).into_iter().chain(domain_problem(spec.sso_domain_name.as_deref())).collect();
    check_part(&s, &q, errors, "/rest/vcenter/deployment/install/psc/standalone").await
}

async fn check_replicated(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    let Spec::<ReplicatedPscSpec> { spec } = body(&bytes)?;
    let errors = reach_psc(&s.config.password, &spec.partner_hostname, spec.https_port, &spec.sso_admin_password, spec.ssl_thumbprint.as_deref(), spec.ssl_verify).err().into_iter().collect();
    check_part(&s, &q, errors, "/rest/vcenter/deployment/install/psc/replicated").await
}

async fn check_remote(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    let Spec::<RemotePscSpec> { spec } = body(&bytes)?;
    let errors: Vec<String> = reach_psc(&s.config.password, &spec.psc_hostname, spec.https_port, &spec.sso_admin_password, spec.ssl_thumbprint.as_deref(), spec.ssl_verify).err().into_iter().collect();
    check_part(&s, &q, errors, "/rest/vcenter/deployment/install/remote-psc").await
}

/// The certificate thumbprint of the PSC at `spec.address` (`spec.https_port`, 443 by default).
async fn remote_thumbprint(_: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let q = Query::parse(q.as_deref().unwrap_or(""));
    let address = q.get("spec.address").unwrap_or_default().trim().to_string();
    let port = q.get("spec.https_port").unwrap_or("443");
    let unreachable = |m: String| SimError::error("com.vmware.vcenter.deployment.remote_psc.unreachable", m, &[]);
    let (host, _, print) = PSCS.iter().find(|p| p.0.eq_ignore_ascii_case(&address)).ok_or_else(|| unreachable(format!("Cannot resolve {address}: no such host.")))?;
    if port != "443" {
        return Err(unreachable(format!("{host} does not answer on port {port}: connection refused.")));
    }
    Ok(ok(*print))
}

async fn upgrade(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    let act = action(&q);
    let mut d = s.deployment.write();
    match act.as_str() {
        "check" | "start" => {
            let Spec::<UpgradeSpec> { spec } = body(&bytes)?;
            must_be_initialized(&d)?;
            let errors = check_upgrade(&s.config.password, &spec);
            let warnings = ["vSphere Update Manager 6.5 is registered with the source and will not be upgraded."];
            if act == "check" {
                return Ok(ok(check_info(&errors, &warnings)));
            }
            if !errors.is_empty() {
                return Err(SimError::invalid_argument("com.vmware.vcenter.deployment.check.failed", format!("The specification does not pass its checks: {}", errors.join(" ")), &[]));
            }
            let defer = spec.history.as_ref().is_some_and(|h| h.defer_import.unwrap_or(false));
            let kind = if spec.psc.is_some() { ApplianceType::PscExternal } else { ApplianceType::VcsaEmbedded };
            let mut v = serde_json::to_value(&spec).unwrap_or_default();
            blank_passwords(&mut v);
            d.task = Some(Task { operation: "upgrade", spec: v, start_time: jiff::Timestamp::now().to_string(), end_time: None, worked: Duration::ZERO, since: Some(Instant::now()), auto_answer: spec.auto_answer.unwrap_or(false), asked: false, question: None, failed: None, result_kind: kind, defer_history: defer });
            d.state = ApplianceState::ConfigInProgress;
            Ok(ok_void())
        }
        "cancel" => cancel(&mut d, "upgrade"),
        _ => Err(SimError::no_operation("POST /rest/vcenter/deployment/upgrade")),
    }
}

async fn get_question(State(s): State<SimState>, _: Authed) -> Result<Response, SimError> {
    let d = s.deployment.write();
    let q = d.task.as_ref().and_then(|t| t.question).ok_or_else(|| not_allowed(format!("No question is waiting: the appliance is {}.", d.state)))?;
    Ok(ok(json!({ "questions": [{ "id": q.id, "question": message(&format!("com.vmware.vcenter.deployment.question.{}", q.id), q.text), "type": q.kind, "default_answer": q.default, "possible_answers": q.answers }] })))
}

#[derive(Deserialize)]
struct AnswerBody {
    spec: app::vsphere::models::vcenter::deployment::question::AnswerSpec,
}

async fn answer(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    if action(&q) != "answer" {
        return Err(SimError::no_operation("POST /rest/vcenter/deployment/question"));
    }
    let AnswerBody { spec } = body(&bytes)?;
    let mut d = s.deployment.write();
    let question = d.task.as_ref().and_then(|t| t.question).ok_or_else(|| not_allowed(format!("No question is waiting: the appliance is {}.", d.state)))?;
    if spec.question_id != question.id {
        return Err(SimError::invalid_argument("com.vmware.vcenter.deployment.question.unknown", format!("The question waiting is {}, not {}.", question.id, spec.question_id), &[]));
    }
    if !question.answers.contains(&spec.answer_val.as_str()) {
        return Err(SimError::invalid_argument("com.vmware.vcenter.deployment.question.answer", format!("Answer {}.", question.answers.join(" or ")), &[]));
    }
    let go_on = matches!(spec.answer_val.as_str(), "OK" | "YES");
    let t = d.task.as_mut().expect("a question belongs to a task");
    t.question = None;
    if go_on {
        t.since = Some(Instant::now());
        d.state = ApplianceState::ConfigInProgress;
    } else {
        t.failed = Some(format!("Stopped: the answer to “{}” was {}.", question.text, spec.answer_val));
        t.end_time = Some(jiff::Timestamp::now().to_string());
        d.state = ApplianceState::Failed;
    }
    Ok(ok_void())
}

async fn get_history(State(s): State<SimState>, _: Authed) -> Result<Response, SimError> {
    let d = s.deployment.write();
    let h = d.history.as_ref().ok_or_else(|| SimError::error("com.vmware.vcenter.deployment.history.none", "There is no deferred history import: the appliance was not upgraded with one.", &[]))?;
    let total = 100i64;
    let done = ((h.elapsed().as_secs_f64() / HISTORY_TIME.as_secs_f64()).min(1.0) * total as f64) as i64;
    let status = match (h.started, h.cancelled, h.done(), h.since.is_some()) {
        (false, _, _, _) => "PENDING",
        (_, true, _, _) => "FAILED",
        (_, _, true, _) => "SUCCEEDED",
        (_, _, _, true) => "RUNNING",
        _ => "BLOCKED",
    };
    let mut info = json!({
        "progress": { "total": total, "completed": done, "message": message("com.vmware.vcenter.deployment.history.progress", if status == "BLOCKED" { "Paused" } else { "Importing events and tasks" }) },
        "description": message("com.vmware.vcenter.deployment.history", "Importing the historical data of vCenter Server 6.5"),
        "service": "com.vmware.vcenter.deployment.import_history",
        "operation": "start",
        "status": status,
        "cancelable": matches!(status, "RUNNING" | "BLOCKED"),
    });
    if let Some(t) = &h.start_time {
        info["start_time"] = json!(t);
    }
    if h.cancelled {
        info["error"] = json!("The import was cancelled.");
    }
    Ok(ok(info))
}

async fn history(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    let act = action(&q);
    let mut d = s.deployment.write();
    let configured = d.state == ApplianceState::Configured;
    let h = d.history.as_mut().filter(|_| configured).ok_or_else(|| not_allowed("There is no deferred history import to run: the appliance must be configured by an upgrade that deferred it.".into()))?;
    let running = h.started && !h.cancelled && !h.done();
    match act.as_str() {
        "start" => {
            // The spec (a name and description for the import task) is optional.
            if !bytes.is_empty() {
                let _: Value = body(&bytes)?;
            }
            if h.started && !h.cancelled {
                return Err(already(if h.done() { "The history import is done.".into() } else { "The history import is already running.".into() }));
            }
            *h = History { worked: Duration::ZERO, since: Some(Instant::now()), started: true, cancelled: false, start_time: Some(jiff::Timestamp::now().to_string()) };
        }
        "pause" => {
            if !running {
                return Err(not_allowed("No history import is running.".into()));
            }
            let Some(since) = h.since.take() else { return Err(already("The history import is already paused.".into())) };
            h.worked += since.elapsed();
        }
        "resume" => {
            if !running {
                return Err(not_allowed("No history import is running.".into()));
            }
            if h.since.is_some() {
                return Err(already("The history import is not paused.".into()));
            }
            h.since = Some(Instant::now());
        }
        "cancel" => {
            if h.cancelled {
                return Err(already("The history import is already cancelled.".into()));
            }
            if !running {
                return Err(not_allowed("No history import is running.".into()));
            }
            h.worked += h.since.take().map_or(Duration::ZERO, |s| s.elapsed());
            h.cancelled = true;
        }
        _ => return Err(SimError::no_operation("POST /rest/vcenter/deployment/history")),
    }
    Ok(ok_void())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sso_passwords_follow_the_installers_rule() {
        assert!(sso_password_problem("VMware1!").is_none());
        assert!(sso_password_problem("vmware1!").is_some(), "no upper case");
        assert!(sso_password_problem("VMware!!").is_some(), "no digit");
        assert!(sso_password_problem("Vm1!").is_some(), "too short");
    }

    #[test]
    fn a_psc_is_reached_with_its_thumbprint_and_the_password() {
        let print = PSCS[0].2;
        assert_eq!(reach_psc("pw", "PSC-01.corp.local", None, "pw", Some(&print.to_lowercase()), None).unwrap().hostname, "psc-01.corp.local");
        assert!(reach_psc("pw", "psc-01.corp.local", None, "pw", None, None).unwrap_err().contains(print), "no thumbprint: the PSC's is named");
        assert!(reach_psc("pw", "psc-01.corp.local", None, "pw", Some(PSCS[1].2), None).unwrap_err().contains("not A7"));
        assert!(reach_psc("pw", "psc-01.corp.local", None, "pw", None, Some(false)).is_ok(), "not verified");
        assert!(reach_psc("pw", "psc-01.corp.local", None, "nope", Some(print), None).unwrap_err().contains("password"));
        assert!(reach_psc("pw", "psc-09.corp.local", None, "pw", None, Some(false)).unwrap_err().contains("resolve"));
        assert!(reach_psc("pw", "psc-01.corp.local", Some(8443), "pw", Some(print), None).unwrap_err().contains("8443"));
    }
}
