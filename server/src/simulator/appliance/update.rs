//! `appliance/update`: the appliance's patching, as vCenter 6.7 does it.
//!
//! - **Repositories.** The default one ([`DEFAULT_URL`]) offers 6.7.0.45100 (a critical security patch) and
//!   6.7.0.46000 (whose install upgrades the directory service and asks for the SSO administrator password,
//!   user data `vmdir.password`). A corporate mirror at [`MIRROR_URL`] (a custom URL, in the policy or as the
//!   list's `url`) offers a different list: 6.7.0.45000 and 7.0.0.10100, an upgrade whose pre-update check
//!   fails. Any other well-formed URL is unreachable (`not_found`); a malformed one is `invalid_argument`.
//!   `LOCAL` (the CD-ROM) finds nothing: no update ISO is attached. Only versions newer than the appliance's
//!   are pending; details and actions concern the versions the last check found (or the staged one).
//! - **Tasks.** Staging and installing are tasks whose progress grows with time, over
//!   [`SimConfig::update_stage`](crate::simulator::SimConfig) and `update_install` (a few seconds);
//!   stage-and-install does both in one task. `get` shows the state (`STAGE_IN_PROGRESS`,
//!   `INSTALL_IN_PROGRESS`, …) and the task with its progress. Staging can be cancelled (the staged data is
//!   dropped), an install only during its pre-install checks. A second operation while one runs is
//!   `not_allowed_in_current_state`.
//! - **Install.** Only a staged update installs (`install`); stage-and-install stages first. The update's
//!   questions must be answered (`invalid_argument` naming the missing key). When it ends, the appliance's
//!   version (`appliance/system/version`) is the new one, the staged update is gone, the pending list no longer
//!   shows it, and the software-packages health says what is left.
//! - **Failures, on purpose.** Install 6.7.0.46000 with a `vmdir.password` other than the simulator's
//!   password: the install fails when it upgrades the directory service (60 %), rolls back
//!   (`ROLLBACK_IN_PROGRESS`) and ends `INSTALL_FAILED`, with the task's error saying why; installing again
//!   with the right password succeeds. 7.0.0.10100 (mirror) fails its precheck, and installing it is refused.

use crate::simulator::cis::session::iso;
use crate::simulator::{body, ok, ok_void, Authed, SimError, SimState};
use crate::simulator::rules::{repository_url, version_cmp};
use app::vsphere::rest::VapiErrorKind;
use app::vsphere::models::appliance::update::{
    pending::{question::InputType, Info as PendingInfo, PrecheckResult, Question},
    policy::{Config as PolicyConfig, DayOfWeek, Info as PolicyInfo, Time},
    staged::Info as StagedInfo,
    Info, ServiceInfo, State as UpdateState, Summary,
};
use app::vsphere::models::appliance::{Notification, Notifications, TaskInfo};
use app::vsphere::models::cis::task::{Progress, Status};
use app::vsphere::models::vapi::std::LocalizableMessage;
use app::vsphere::rest::{Query, VapiMap};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use std::cmp::Ordering;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// The default repository of a 6.7 appliance.
pub const DEFAULT_URL: &str = "https://vapp-updates.vmware.com/vai-catalog/valm/vmw/8d167796-34d5-4899-be0a-6daade4005a3/6.7.0.44000.latest/";
/// A corporate mirror the simulator knows as a custom repository.
pub const MIRROR_URL: &str = "https://updates.corp.local/vcsa/6.7/";
/// The user data key 6.7.0.46000 asks for.
pub const VMDIR_PASSWORD: &str = "vmdir.password";
/// Where in its install phase a failing install fails (the directory service upgrade).
const FAIL_AT: f64 = 0.6;
/// Until this share of the install phase (the pre-install checks) an install can be cancelled.
const CANCELABLE_UNTIL: f64 = 0.15;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repo {
    Default,
    Mirror,
    Cdrom,
}

/// One update in a repository.
struct Entry {
    version: &'static str,
    build: &'static str,
    name: &'static str,
    release: &'static str,
    release_words: &'static str,
    category: &'static str,
    severity: &'static str,
    priority: &'static str,
    reboot: bool,
    size_mb: i64,
    contents: &'static [&'static str],
    services: &'static [(&'static str, &'static str)],
    /// Asks for the SSO administrator password (`vmdir.password`).
    asks_password: bool,
    install_minutes: i64,
    rollback_minutes: i64,
    /// The precheck's findings: (id, message, resolution).
    errors: &'static [(&'static str, &'static str, &'static str)],
    warnings: &'static [(&'static str, &'static str, &'static str)],
    info: &'static [(&'static str, &'static str, &'static str)],
}

const BASE_SERVICES: &[(&str, &str)] = &[
    ("vmware-vpxd", "VMware vCenter Server"),
    ("vsphere-ui", "VMware vSphere Client"),
    ("vmware-sps", "VMware vSphere Profile-Driven Storage Service"),
    ("applmgmt", "VMware Appliance Management Service"),
];
const DIRECTORY_SERVICES: &[(&str, &str)] = &[
    ("vmware-vpxd", "VMware vCenter Server"),
    ("vsphere-ui", "VMware vSphere Client"),
    ("vmdird", "VMware Directory Service"),
    ("vmware-stsd", "VMware Security Token Service"),
    ("applmgmt", "VMware Appliance Management Service"),
];
const BACKUP_FIRST: (&str, &str, &str) = (
    "com.vmware.appliance.update.precheck.backup",
    "No file-based backup of the appliance was taken in the last 24 hours.",
    "Take a file-based backup (Appliance › Backup) or a snapshot of the appliance's virtual machine before installing.",
);
const SERVICES_RESTART: (&str, &str, &str) = (
    "com.vmware.appliance.update.precheck.downtime",
    "vCenter services restart during the installation: the vSphere Client and the API are unavailable until it completes.",
    "Install in a maintenance window.",
);

static DEFAULT_REPO: [Entry; 2] = [
    Entry {
        version: "6.7.0.45100",
        build: "16708996",
        name: "VMware vCenter Server 6.7 Update 3j: security patch",
        release: "2020-09-24T00:00:00.000Z",
        release_words: "September 24, 2020",
        category: "SECURITY",
        severity: "CRITICAL",
        priority: "HIGH",
        reboot: true,
        size_mb: 2035,
        contents: &[
            "Security: updates the Photon OS packages of the appliance (kernel, openssl, sudo) with their latest fixes.",
            "Security: updates Apache Tomcat and the Java runtime (JRE 1.8.0_261) used by vCenter Server.",
            "Fixes an issue where the vpxd service fails when many virtual machines migrate with vMotion at the same time.",
            "Release notes: https://docs.vmware.com/en/VMware-vSphere/6.7/rn/vsphere-vcenter-server-67u3j-release-notes.html",
            "Knowledge base: https://kb.vmware.com/s/article/2143838 (build numbers and versions of vCenter Server).",
        ],
        services: BASE_SERVICES,
        asks_password: false,
        install_minutes: 30,
        rollback_minutes: 20,
        errors: &[],
        warnings: &[BACKUP_FIRST],
        info: &[SERVICES_RESTART],
    },
    Entry {
        version: "6.7.0.46000",
        build: "17138064",
        name: "VMware vCenter Server 6.7 Update 3l",
        release: "2020-11-19T00:00:00.000Z",
        release_words: "November 19, 2020",
        category: "SECURITY",
        severity: "IMPORTANT",
        priority: "MEDIUM",
        reboot: true,
        size_mb: 2204,
        contents: &[
            "Security: fixes in the VMware Directory Service (vmdir) and in the Photon OS packages.",
            "Upgrades the schema of the VMware Directory Service: the Single Sign-On administrator password is needed.",
            "Fixes an issue where file-based backups fail when the backup location's path contains a space.",
            "Release notes: https://docs.vmware.com/en/VMware-vSphere/6.7/rn/vsphere-vcenter-server-67u3l-release-notes.html",
            "Knowledge base: https://kb.vmware.com/s/article/2143838 (build numbers and versions of vCenter Server).",
        ],
        services: DIRECTORY_SERVICES,
        asks_password: true,
        install_minutes: 45,
        rollback_minutes: 30,
        errors: &[],
        warnings: &[BACKUP_FIRST],
        info: &[SERVICES_RESTART],
    },
];

static MIRROR_REPO: [Entry; 2] = [
    Entry {
        version: "6.7.0.45000",
        build: "16616668",
        name: "VMware vCenter Server 6.7 Update 3i",
        release: "2020-08-20T00:00:00.000Z",
        release_words: "August 20, 2020",
        category: "FIX",
        severity: "MODERATE",
        priority: "MEDIUM",
        reboot: true,
        size_mb: 1987,
        contents: &[
            "Fixes an issue where the vSphere Client shows stale alarms after a host reconnects.",
            "Knowledge base: https://kb.vmware.com/s/article/2143838 (build numbers and versions of vCenter Server).",
        ],
        services: BASE_SERVICES,
        asks_password: false,
        install_minutes: 30,
        rollback_minutes: 20,
        errors: &[],
        warnings: &[],
        info: &[SERVICES_RESTART],
    },
    Entry {
        version: "7.0.0.10100",
        build: "16860138",
        name: "VMware vCenter Server 7.0 Update 1",
        release: "2020-10-06T00:00:00.000Z",
        release_words: "October 6, 2020",
        category: "UPGRADE",
        severity: "MODERATE",
        priority: "LOW",
        reboot: true,
        size_mb: 6144,
        contents: &["vCenter Server 7.0 Update 1: vSphere Lifecycle Manager, vSphere with Kubernetes, a new vCenter Server Profiles API."],
        services: BASE_SERVICES,
        asks_password: false,
        install_minutes: 90,
        rollback_minutes: 60,
        errors: &[(
            "com.vmware.appliance.update.precheck.major_upgrade",
            "vCenter Server 6.7 cannot be upgraded to 7.0 with an update: 7.0.0.10100 is a major upgrade.",
            "Upgrade with the vCenter Server 7.0 installer (GUI or CLI), which migrates the appliance to a new virtual machine.",
        )],
        warnings: &[BACKUP_FIRST],
        info: &[],
    },
];

const EULA: &str = "VMWARE END USER LICENSE AGREEMENT\n\nPLEASE NOTE THAT THE TERMS OF THIS END USER LICENSE AGREEMENT SHALL GOVERN \
YOUR USE OF THE SOFTWARE, REGARDLESS OF ANY TERMS THAT MAY APPEAR DURING THE INSTALLATION OF THE SOFTWARE.\n\nIMPORTANT-READ CAREFULLY: \
BY DOWNLOADING, INSTALLING, OR USING THE SOFTWARE, YOU (THE INDIVIDUAL OR LEGAL ENTITY) AGREE TO BE BOUND BY THE TERMS OF THIS END USER \
LICENSE AGREEMENT (\"EULA\"). IF YOU DO NOT AGREE TO THE TERMS OF THIS EULA, YOU MUST NOT DOWNLOAD, INSTALL, OR USE THE SOFTWARE.\n\n\
1. LICENSE GRANT. Subject to the terms of this EULA and your Order, VMware grants you a non-exclusive, non-transferable license to \
use the Software and the Documentation during the Subscription Period, solely for your internal business operations.";

fn catalog(repo: Repo) -> &'static [Entry] {
    match repo {
        Repo::Default => &DEFAULT_REPO,
        Repo::Mirror => &MIRROR_REPO,
        Repo::Cdrom => &[],
    }
}

fn entry(version: &str) -> Option<&'static Entry> {
    DEFAULT_REPO.iter().chain(MIRROR_REPO.iter()).find(|e| e.version == version)
}

fn msg(id: &str, text: impl Into<String>, args: &[&str]) -> LocalizableMessage {
    LocalizableMessage { id: id.into(), default_message: text.into(), args: args.iter().map(|a| a.to_string()).collect() }
}

fn notes(list: &[(&str, &str, &str)], at: &str) -> Vec<Notification> {
    list.iter()
        .map(|(id, text, resolution)| Notification {
            id: id.to_string(),
            time: Some(at.to_string()),
            message: msg(id, *text, &[]),
            resolution: Some(msg(&format!("{id}.resolution"), *resolution, &[])),
        })
        .collect()
}

fn enum_of<T: std::str::FromStr<Err = std::convert::Infallible>>(s: &str) -> T {
    s.parse().unwrap_or_else(|never| match never {})
}

impl Entry {
    fn description(&self) -> LocalizableMessage {
        msg("com.vmware.appliance.update.description", self.name, &[self.version])
    }

    fn summary(&self) -> Summary {
        Summary {
            version: self.version.into(),
            description: self.description(),
            priority: enum_of(self.priority),
            severity: enum_of(self.severity),
            update_type: enum_of(self.category),
            release_date: self.release.into(),
            reboot_required: self.reboot,
            size: self.size_mb,
        }
    }

    fn questions(&self) -> Vec<Question> {
        if !self.asks_password {
            return Vec::new();
        }
        vec![Question {
            data_item: VMDIR_PASSWORD.into(),
            text: msg("com.vmware.appliance.update.question.vmdir.password", "Single Sign-On administrator password", &[]),
            description: msg(
                "com.vmware.appliance.update.question.vmdir.password.description",
                "The password of administrator@vsphere.local: the update upgrades the VMware Directory Service with it.",
                &[],
            ),
            r#type: InputType::Password,
            allowed_values: None,
            regexp: None,
            default_answer: None,
        }]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Stage,
    Install,
    StageAndInstall,
}

impl Op {
    fn operation(self) -> &'static str {
        match self {
            Op::Stage => "stage",
            Op::Install => "install",
            Op::StageAndInstall => "stage_and_install",
        }
    }

    fn describe(self, version: &str) -> String {
        match self {
            Op::Stage => format!("Staging update {version}"),
            Op::Install => format!("Installing update {version}"),
            Op::StageAndInstall => format!("Staging and installing update {version}"),
        }
    }
}

/// Where a task is, at a given moment.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    /// Share of the staging done.
    Staging(f64),
    /// Share of the install done.
    Installing(f64),
    /// Share of the rollback done.
    RollingBack(f64),
    Done,
}

struct Ended {
    at: OffsetDateTime,
    ok: bool,
    error: Option<String>,
    completed: i64,
    message: LocalizableMessage,
}

struct Task {
    op: Op,
    version: String,
    user: String,
    started: Instant,
    start_time: OffsetDateTime,
    stage: Duration,
    install: Duration,
    rollback: Duration,
    /// The install fails at [`FAIL_AT`] with this error.
    fail: Option<String>,
    /// The version the appliance had when the task started (a rollback returns to it).
    from: String,
    ended: Option<Ended>,
}

const PACKAGES: f64 = 312.0;

impl Task {
    fn running(&self) -> bool {
        self.ended.is_none()
    }

    fn phase(&self, now: Instant) -> Phase {
        let e = now.saturating_duration_since(self.started);
        if e < self.stage {
            return Phase::Staging(e.as_secs_f64() / self.stage.as_secs_f64());
        }
        let e = e - self.stage;
        if self.op == Op::Stage {
            return Phase::Done;
        }
        let install = self.install.as_secs_f64().max(1e-6);
        if self.fail.is_some() {
            let fail_point = self.install.mul_f64(FAIL_AT);
            if e < fail_point {
                return Phase::Installing(e.as_secs_f64() / install);
            }
            let r = e - fail_point;
            if r < self.rollback {
                return Phase::RollingBack(r.as_secs_f64() / self.rollback.as_secs_f64().max(1e-6));
            }
            return Phase::Done;
        }
        if e < self.install {
            return Phase::Installing(e.as_secs_f64() / install);
        }
        Phase::Done
    }

    /// Progress in per cent of the whole task.
    fn percent(&self, phase: Phase) -> i64 {
        let (s, i) = (self.stage.as_secs_f64(), if self.op == Op::Stage { 0.0 } else { self.install.as_secs_f64() });
        let whole = (s + i).max(1e-6);
        let done = match phase {
            Phase::Staging(f) => f * s,
            Phase::Installing(f) => s + f * i,
            Phase::RollingBack(_) => s + FAIL_AT * i,
            Phase::Done => whole,
        };
        ((done / whole) * 100.0).floor().clamp(0.0, 100.0) as i64
    }

    fn message(&self, phase: Phase) -> LocalizableMessage {
        let id = |s: &str| format!("com.vmware.appliance.update.progress.{s}");
        match phase {
            Phase::Staging(f) if f < 0.75 => {
                let n = ((f / 0.75) * PACKAGES).ceil().max(1.0) as i64;
                msg(&id("download"), format!("Downloading update packages ({n} of {})", PACKAGES as i64), &[&n.to_string()])
            }
            Phase::Staging(f) if f < 0.95 => msg(&id("verify"), "Verifying the packages' signatures", &[]),
            Phase::Staging(_) => msg(&id("stage"), "Staging the update", &[]),
            Phase::Installing(f) if f < CANCELABLE_UNTIL => msg(&id("precheck"), "Running pre-install checks", &[]),
            Phase::Installing(f) if f < 0.3 => msg(&id("stop"), "Stopping vCenter services", &[]),
            Phase::Installing(f) if f < 0.55 => {
                let n = (((f - 0.3) / 0.25) * PACKAGES).ceil().max(1.0) as i64;
                msg(&id("rpms"), format!("Installing packages ({n} of {})", PACKAGES as i64), &[&n.to_string()])
            }
            Phase::Installing(f) if f < 0.7 && entry(&self.version).is_some_and(|e| e.asks_password) => {
                msg(&id("vmdir"), "Upgrading the VMware Directory Service", &[])
            }
            Phase::Installing(f) if f < 0.7 => msg(&id("rpms"), format!("Installing packages ({} of {})", PACKAGES as i64, PACKAGES as i64), &[]),
            Phase::Installing(f) if f < 0.9 => msg(&id("config"), "Converting the configuration", &[]),
            Phase::Installing(_) => msg(&id("start"), "Starting vCenter services", &[]),
            Phase::RollingBack(_) => msg(&id("rollback"), format!("Rolling back to {}", self.from), &[&self.from]),
            Phase::Done => msg(&id("done"), "Done", &[]),
        }
    }

    fn cancelable(&self, phase: Phase) -> bool {
        matches!(phase, Phase::Staging(_)) || matches!(phase, Phase::Installing(f) if f < CANCELABLE_UNTIL)
    }

    fn info(&self, now: Instant) -> TaskInfo {
        let (status, completed, message, cancelable, error, end_time) = match &self.ended {
            Some(e) => (if e.ok { Status::Succeeded } else { Status::Failed }, e.completed, e.message.clone(), false, e.error.clone(), Some(iso(e.at))),
            None => {
                let phase = self.phase(now);
                (Status::Running, self.percent(phase), self.message(phase), self.cancelable(phase), None, None)
            }
        };
        TaskInfo {
            progress: Some(Progress { total: 100, completed, message }),
            subtask_order: Vec::new(),
            subtasks: VapiMap::default(),
            description: msg(&format!("com.vmware.appliance.update.task.{}", self.op.operation()), self.op.describe(&self.version), &[&self.version]),
            service: "com.vmware.appliance.update.pending".into(),
            operation: self.op.operation().into(),
            parent: None,
            target: None,
            status,
            cancelable,
            error,
            start_time: Some(iso(self.start_time)),
            end_time,
            user: Some(self.user.clone()),
        }
    }
}

struct Staged {
    version: String,
    complete: bool,
}

struct Policy {
    custom_url: Option<String>,
    username: Option<String>,
    password: Option<String>,
    schedule: Vec<Time>,
    auto_stage: bool,
}

struct Data {
    policy: Policy,
    /// The repository of the last check, and when it ran.
    checked: Repo,
    checked_at: OffsetDateTime,
    staged: Option<Staged>,
    /// The running task, or the last one.
    task: Option<Task>,
    /// The version whose install failed (`INSTALL_FAILED` until the next operation).
    failed: Option<String>,
}

/// The update service's state.
pub struct Update {
    data: Mutex<Data>,
}

impl Default for Update {
    fn default() -> Self {
        Update {
            data: Mutex::new(Data {
                policy: Policy {
                    custom_url: None,
                    username: None,
                    password: None,
                    schedule: vec![Time { day: DayOfWeek::Sunday, hour: 2, minute: 30 }],
                    auto_stage: false,
                },
                // The automatic check ran last Sunday night, and found the default repository's updates.
                checked: Repo::Default,
                checked_at: OffsetDateTime::now_utc() - time::Duration::hours(7),
                staged: None,
                task: None,
                failed: None,
            }),
        }
    }
}

fn not_allowed(id: &str, message: impl Into<String>) -> SimError {
    SimError::new(VapiErrorKind::NotAllowedInCurrentState, id, message, &[])
}

fn already(id: &str, message: impl Into<String>, args: &[&str]) -> SimError {
    SimError::new(VapiErrorKind::Other("already_in_desired_state".into()), id, message, args)
}

/// The versions of `repo` newer than `current`, oldest first.
fn newer(repo: Repo, current: &str) -> Vec<&'static Entry> {
    let mut list: Vec<&Entry> = catalog(repo).iter().filter(|e| version_cmp(e.version, current) == Ordering::Greater).collect();
    list.sort_by(|a, b| version_cmp(a.version, b.version));
    list
}

/// Ends the running task when its time is up, and applies what it did (also called by a timer, so the
/// appliance's version changes even when nobody asks).
pub fn settle(s: &SimState) {
    let now = Instant::now();
    let mut d = s.update.data.lock().unwrap();
    let Some(task) = d.task.as_ref().filter(|t| t.running()) else { return };
    let phase = task.phase(now);
    let (op, version, failing) = (task.op, task.version.clone(), task.fail.clone());
    if op == Op::StageAndInstall && !matches!(phase, Phase::Staging(_)) {
        if let Some(st) = d.staged.as_mut().filter(|st| st.version == version) {
            st.complete = true;
        }
    }
    if phase != Phase::Done {
        return;
    }
    let at = OffsetDateTime::now_utc();
    let task = d.task.as_mut().unwrap();
    let ended = match (op, failing) {
        (Op::Stage, _) => {
            let e = Ended { at, ok: true, error: None, completed: 100, message: msg("com.vmware.appliance.update.progress.staged", "Staging complete", &[]) };
            task.ended = Some(e);
            d.staged = Some(Staged { version, complete: true });
            return;
        }
        (_, Some(error)) => {
            let completed = task.percent(Phase::RollingBack(1.0));
            let from = task.from.clone();
            task.ended = Some(Ended { at, ok: false, error: Some(error), completed, message: msg("com.vmware.appliance.update.progress.rolledback", format!("Rolled back to {from}"), &[&from]) });
            d.failed = Some(version);
            return;
        }
        (_, None) => Ended { at, ok: true, error: None, completed: 100, message: msg("com.vmware.appliance.update.progress.installed", "Installation complete", &[]) },
    };
    task.ended = Some(ended);
    d.staged = None;
    d.failed = None;
    drop(d);
    if let Some(e) = entry(&version) {
        s.system.set_version(e.version, e.build, "Patch for VMware vCenter Server 6.7", e.release_words);
    }
    refresh_health(s);
}

/// The software-packages health says which updates are left in the default repository.
fn refresh_health(s: &SimState) {
    let current = s.system.version().version;
    let left = newer(Repo::Default, &current);
    if left.is_empty() {
        s.health.set_level("software-packages", "green");
        s.health.set_messages("software-packages", Vec::new());
        return;
    }
    let security = left.iter().any(|e| e.category == "SECURITY");
    let list = left.iter().map(|e| format!("{} ({})", e.version, e.severity.to_lowercase())).collect::<Vec<_>>().join(", ");
    let text = if security { format!("Security patches are available: {list}.") } else { format!("Updates are available: {list}.") };
    let id = "com.vmware.applmgmt.health.software.security_updates";
    s.health.set_level("software-packages", if security { "orange" } else { "yellow" });
    s.health.set_messages(
        "software-packages",
        vec![Notification {
            id: id.into(),
            time: Some(iso(OffsetDateTime::now_utc())),
            message: msg(id, text, &[left[0].version]),
            resolution: Some(msg("com.vmware.applmgmt.health.software.resolution", "Stage and install the update from Appliance › Update.", &[])),
        }],
    );
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/appliance/update", get(get_info).post(update_action))
        .route("/rest/appliance/update/policy", get(policy_get).put(policy_set))
        .route("/rest/appliance/update/pending", get(pending_list))
        .route("/rest/appliance/update/pending/{version}", get(pending_get).post(pending_action))
        .route("/rest/appliance/update/staged", get(staged_get).delete(staged_delete))
}

fn current(s: &SimState) -> String {
    s.system.version().version
}

async fn get_info(State(s): State<SimState>, _: Authed) -> Response {
    settle(&s);
    let current = current(&s);
    let d = s.update.data.lock().unwrap();
    let now = Instant::now();
    let running = d.task.as_ref().filter(|t| t.running());
    let (state, version) = match (running, &d.failed) {
        (Some(t), _) => (
            match t.phase(now) {
                Phase::Staging(_) => UpdateState::StageInProgress,
                Phase::RollingBack(_) => UpdateState::RollbackInProgress,
                _ => UpdateState::InstallInProgress,
            },
            t.version.clone(),
        ),
        (None, Some(v)) => (UpdateState::InstallFailed, v.clone()),
        (None, None) => match &d.staged {
            Some(st) => (UpdateState::UpdatesPending, st.version.clone()),
            None if !newer(d.checked, &current).is_empty() => (UpdateState::UpdatesPending, current.clone()),
            None => (UpdateState::UpToDate, current.clone()),
        },
    };
    ok(Info { state, task: d.task.as_ref().map(|t| t.info(now)), version, latest_query_time: Some(iso(d.checked_at)) })
}

async fn update_action(State(s): State<SimState>, authed: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let q = Query::parse(q.as_deref().unwrap_or(""));
    match q.get("action") {
        Some("cancel") => cancel(&s, &authed),
        other => Err(SimError::no_operation(&format!("POST /rest/appliance/update?action={}", other.unwrap_or("")))),
    }
}

fn cancel(s: &SimState, authed: &Authed) -> Result<Response, SimError> {
    settle(s);
    let mut d = s.update.data.lock().unwrap();
    let now = Instant::now();
    let Some(task) = d.task.as_mut().filter(|t| t.running()) else {
        return Err(not_allowed("com.vmware.appliance.update.cancel.nothing", "No update operation is in progress."));
    };
    let phase = task.phase(now);
    if !task.cancelable(phase) {
        return Err(not_allowed(
            "com.vmware.appliance.update.cancel.not_cancellable",
            "Current task is not cancellable: the installation is already changing the appliance.",
        ));
    }
    let staging = matches!(phase, Phase::Staging(_));
    let what = if staging { "Staging" } else { "The installation" };
    task.ended = Some(Ended {
        at: OffsetDateTime::now_utc(),
        ok: false,
        error: Some(format!("{what} of {} was cancelled by {}.", task.version, authed.user)),
        completed: task.percent(phase),
        message: msg("com.vmware.appliance.update.progress.cancelled", "Cancelled", &[]),
    });
    if staging {
        d.staged = None;
    }
    Ok(ok_void())
}

async fn policy_get(State(s): State<SimState>, _: Authed) -> Response {
    let d = s.update.data.lock().unwrap();
    let p = &d.policy;
    ok(PolicyInfo {
        custom_url: p.custom_url.clone(),
        default_url: DEFAULT_URL.into(),
        username: p.username.clone(),
        check_schedule: p.schedule.clone(),
        auto_stage: p.auto_stage,
        auto_update: false,
        manual_control: true,
    })
}

#[derive(serde::Deserialize)]
struct PolicyBody {
    policy: PolicyConfig,
}

fn invalid(id: &str, message: String, arg: &str) -> SimError {
    // The update operations document `error` for input they refuse, never invalid_argument.
    SimError::error(id, message, &[arg])
}

async fn policy_set(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let PolicyBody { policy: c } = body(&bytes)?;
    let url = match c.custom_url.as_deref() {
        Some(u) => repository_url(u).map_err(|m| invalid("com.vmware.appliance.update.policy.url.invalid", m, u))?,
        None => None,
    };
    for t in &c.check_schedule {
        if let DayOfWeek::UnknownValue(day) = &t.day {
            return Err(invalid("com.vmware.appliance.update.policy.day.invalid", format!("'{day}' is not a day of the week."), day));
        }
        if !(0..=23).contains(&t.hour) {
            let h = t.hour.to_string();
            return Err(invalid("com.vmware.appliance.update.policy.hour.invalid", format!("The hour of a check must be from 0 to 23; {h} was given."), &h));
        }
        if !(0..=59).contains(&t.minute) {
            let m = t.minute.to_string();
            return Err(invalid("com.vmware.appliance.update.policy.minute.invalid", format!("The minute of a check must be from 0 to 59; {m} was given."), &m));
        }
    }
    let username = c.username.filter(|u| !u.is_empty());
    if username.is_none() && c.password.as_deref().is_some_and(|p| !p.is_empty()) {
        return Err(SimError::error("com.vmware.appliance.update.policy.username.missing", "A repository password needs a user name.", &[]));
    }
    let mut d = s.update.data.lock().unwrap();
    let p = &mut d.policy;
    p.password = match (&username, c.password.filter(|p| !p.is_empty())) {
        (None, _) => None,
        (Some(_), Some(new)) => Some(new),
        (Some(_), None) => p.password.take(),
    };
    p.custom_url = url;
    p.username = username;
    p.schedule = c.check_schedule;
    p.auto_stage = c.auto_stage;
    Ok(ok_void())
}

/// The repository at `url`: the default one, the mirror, unreachable (`not_found`) or malformed.
fn repo_at(url: &str) -> Result<Repo, SimError> {
    let u = repository_url(url).map_err(|m| invalid("com.vmware.appliance.update.url.invalid", m, url))?.unwrap_or_else(|| DEFAULT_URL.into());
    let norm = |x: &str| x.trim().trim_end_matches('/').to_ascii_lowercase();
    if norm(&u) == norm(DEFAULT_URL) {
        Ok(Repo::Default)
    } else if norm(&u) == norm(MIRROR_URL) {
        Ok(Repo::Mirror)
    } else {
        Err(SimError::new(
            VapiErrorKind::NotFound,
            "com.vmware.appliance.update.repository.unreachable",
            format!("The update repository at {u} cannot be reached: check the URL, and that the appliance can reach it."),
            &[&u],
        ))
    }
}

async fn pending_list(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    settle(&s);
    let q = Query::parse(q.as_deref().unwrap_or(""));
    let current = current(&s);
    let source = q.get("source_type").ok_or_else(|| {
        SimError::invalid_argument("vapi.method.input.invalid", "The parameter source_type is required (LAST_CHECK, LOCAL or LOCAL_AND_ONLINE).", &["source_type"])
    })?;
    let url = q.get("url").filter(|u| !u.trim().is_empty());
    let repo = match source {
        "LAST_CHECK" => s.update.data.lock().unwrap().checked,
        "LOCAL" => Repo::Cdrom,
        "LOCAL_AND_ONLINE" => {
            let configured = s.update.data.lock().unwrap().policy.custom_url.clone();
            repo_at(url.map(str::to_string).or(configured).as_deref().unwrap_or(DEFAULT_URL))?
        }
        other => {
            return Err(SimError::invalid_argument(
                "vapi.bindings.typeconverter.invalid.enum",
                format!("'{other}' is not a source type: use LAST_CHECK, LOCAL or LOCAL_AND_ONLINE."),
                &[other],
            ))
        }
    };
    if source != "LAST_CHECK" {
        let mut d = s.update.data.lock().unwrap();
        d.checked = repo;
        d.checked_at = OffsetDateTime::now_utc();
    }
    Ok(ok(newer(repo, &current).into_iter().map(Entry::summary).collect::<Vec<_>>()))
}

/// The update `version` from the last check (or the staged one); `not_found` otherwise, and
/// `already_in_desired_state` when the appliance already has it.
fn find(s: &SimState, version: &str) -> Result<&'static Entry, SimError> {
    let d = s.update.data.lock().unwrap();
    let staged = d.staged.as_ref().is_some_and(|st| st.version == version);
    let e = catalog(d.checked).iter().find(|e| e.version == version).or_else(|| staged.then(|| entry(version)).flatten());
    drop(d);
    let e = e.ok_or_else(|| SimError::not_found("Update", version))?;
    let current = current(s);
    if version_cmp(e.version, &current) != Ordering::Greater {
        return Err(already(
            "com.vmware.appliance.update.already_installed",
            format!("Update {version} is already installed: the appliance is at {current}."),
            &[version, &current],
        ));
    }
    Ok(e)
}

async fn pending_get(State(s): State<SimState>, _: Authed, Path(version): Path<String>) -> Result<Response, SimError> {
    settle(&s);
    let e = find(&s, &version)?;
    let staged = s.update.data.lock().unwrap().staged.as_ref().is_some_and(|st| st.version == version && st.complete);
    Ok(ok(PendingInfo {
        contents: e.contents.iter().enumerate().map(|(i, c)| msg(&format!("com.vmware.appliance.update.contents.{i}"), *c, &[])).collect(),
        services_will_be_stopped: e
            .services
            .iter()
            .map(|(id, name)| ServiceInfo { service: id.to_string(), description: msg(&format!("com.vmware.appliance.service.{id}"), *name, &[]) })
            .collect(),
        eulas: vec![msg("com.vmware.appliance.update.eula", EULA, &[])],
        staged,
        description: e.description(),
        priority: enum_of(e.priority),
        severity: enum_of(e.severity),
        update_type: enum_of(e.category),
        release_date: e.release.into(),
        reboot_required: e.reboot,
        size: e.size_mb,
    }))
}

#[derive(serde::Deserialize)]
struct UserDataBody {
    user_data: VapiMap<String, String>,
}

async fn pending_action(State(s): State<SimState>, authed: Authed, Path(version): Path<String>, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    settle(&s);
    let q = Query::parse(q.as_deref().unwrap_or(""));
    let action = q.get("action").unwrap_or("").to_string();
    let user_data = || -> Result<VapiMap<String, String>, SimError> { Ok(body::<UserDataBody>(&bytes)?.user_data) };
    match action.as_str() {
        "precheck" => precheck(&s, &version),
        "validate" => validate(&s, &version, &user_data()?),
        "stage" => start(&s, &authed, &version, Op::Stage, &VapiMap::default()),
        "install" => start(&s, &authed, &version, Op::Install, &user_data()?),
        "stage-and-install" => start(&s, &authed, &version, Op::StageAndInstall, &user_data()?),
        other => Err(SimError::no_operation(&format!("POST /rest/appliance/update/pending/{version}?action={other}"))),
    }
}

/// `not_allowed_in_current_state` while a stage or install runs.
fn idle(s: &SimState) -> Result<(), SimError> {
    let d = s.update.data.lock().unwrap();
    match d.task.as_ref().filter(|t| t.running()) {
        Some(t) => Err(not_allowed(
            "com.vmware.appliance.update.busy",
            format!("Another update operation is in progress ({}); wait until it ends or cancel it.", t.op.describe(&t.version).to_lowercase()),
        )),
        None => Ok(()),
    }
}

fn precheck(s: &SimState, version: &str) -> Result<Response, SimError> {
    let e = find(s, version)?;
    idle(s)?;
    let now = iso(OffsetDateTime::now_utc());
    Ok(ok(PrecheckResult {
        check_time: now.clone(),
        estimated_time_to_install: Some(e.install_minutes),
        estimated_time_to_rollback: Some(e.rollback_minutes),
        reboot_required: e.reboot,
        issues: Some(Notifications { info: Some(notes(e.info, &now)), warnings: Some(notes(e.warnings, &now)), errors: Some(notes(e.errors, &now)) }),
        questions: e.questions(),
    }))
}

/// The questions left unanswered (missing or empty).
fn unanswered(e: &Entry, data: &VapiMap<String, String>) -> Vec<Question> {
    e.questions().into_iter().filter(|q| data.get(&q.data_item).is_none_or(|v| v.is_empty())).collect()
}

fn validate(s: &SimState, version: &str, data: &VapiMap<String, String>) -> Result<Response, SimError> {
    let e = find(s, version)?;
    idle(s)?;
    let now = iso(OffsetDateTime::now_utc());
    let mut errors: Vec<Notification> = unanswered(e, data)
        .into_iter()
        .map(|q| Notification {
            id: "com.vmware.appliance.update.validate.missing".into(),
            time: Some(now.clone()),
            message: msg("com.vmware.appliance.update.validate.missing", format!("No answer for {} ({}).", q.data_item, q.text.default_message), &[&q.data_item]),
            resolution: Some(msg("com.vmware.appliance.update.validate.missing.resolution", "Answer every question the update asks.", &[])),
        })
        .collect();
    if e.asks_password && data.get(&VMDIR_PASSWORD.to_string()).is_some_and(|p| !p.is_empty() && *p != s.config.password) {
        errors.push(Notification {
            id: "com.vmware.appliance.update.validate.vmdir.password".into(),
            time: Some(now.clone()),
            message: msg("com.vmware.appliance.update.validate.vmdir.password", format!("The password of {} is incorrect.", s.config.user), &[&s.config.user]),
            resolution: Some(msg("com.vmware.appliance.update.validate.vmdir.password.resolution", "Enter the current Single Sign-On administrator password.", &[])),
        });
    }
    Ok(ok(Notifications { info: Some(Vec::new()), warnings: Some(Vec::new()), errors: Some(errors) }))
}

fn start(s: &SimState, authed: &Authed, version: &str, op: Op, data: &VapiMap<String, String>) -> Result<Response, SimError> {
    let e = find(s, version)?;
    idle(s)?;
    if op != Op::Stage {
        if let Some(q) = unanswered(e, data).first() {
            return Err(SimError::error(
                "com.vmware.appliance.update.user_data.missing",
                format!("The user data has no value for '{}' ({}), which this update needs.", q.data_item, q.text.default_message),
                &[&q.data_item],
            ));
        }
    }
    let current = current(s);
    let mut d = s.update.data.lock().unwrap();
    let staged_here = d.staged.as_ref().is_some_and(|st| st.version == version && st.complete);
    match op {
        Op::Stage if staged_here => {
            return Err(already("com.vmware.appliance.update.already_staged", format!("Update {version} is already staged."), &[version]));
        }
        Op::Install if !staged_here => {
            return Err(not_allowed(
                "com.vmware.appliance.update.not_staged",
                format!("Update {version} is not staged: stage it first, or use stage-and-install."),
            ));
        }
        _ => {}
    }
    if op != Op::Stage {
        if let Some((_, text, _)) = e.errors.first() {
            return Err(not_allowed("com.vmware.appliance.update.precheck.failed", format!("The pre-update checks of {version} failed: {text}")));
        }
    }
    let fail = (op != Op::Stage && e.asks_password && data.get(&VMDIR_PASSWORD.to_string()).is_some_and(|p| *p != s.config.password)).then(|| {
        format!(
            "Upgrading the VMware Directory Service failed: the password of {} was refused. The installation was rolled back; the appliance is still at {current}.",
            s.config.user
        )
    });
    let stage = if op == Op::Install || (op == Op::StageAndInstall && staged_here) { Duration::ZERO } else { s.config.update_stage };
    let install = if op == Op::Stage { Duration::ZERO } else { s.config.update_install };
    if !stage.is_zero() {
        d.staged = Some(Staged { version: version.to_string(), complete: false });
    }
    d.failed = None;
    let task = Task {
        op,
        version: version.to_string(),
        user: authed.user.clone(),
        started: Instant::now(),
        start_time: OffsetDateTime::now_utc(),
        stage,
        install,
        rollback: install / 2,
        fail,
        from: current,
        ended: None,
    };
    let total = stage + if task.fail.is_some() { install.mul_f64(FAIL_AT) + task.rollback } else { install };
    d.task = Some(task);
    drop(d);
    let state = s.clone();
    tokio::spawn(async move {
        tokio::time::sleep(total + Duration::from_millis(5)).await;
        settle(&state);
    });
    Ok(ok_void())
}

async fn staged_get(State(s): State<SimState>, _: Authed) -> Result<Response, SimError> {
    settle(&s);
    let d = s.update.data.lock().unwrap();
    let st = d.staged.as_ref().ok_or_else(|| not_allowed("com.vmware.appliance.update.staged.none", "Nothing is staged."))?;
    let e = entry(&st.version).ok_or_else(|| not_allowed("com.vmware.appliance.update.staged.none", "Nothing is staged."))?;
    Ok(ok(StagedInfo {
        staging_complete: st.complete,
        version: e.version.into(),
        description: e.description(),
        priority: enum_of(e.priority),
        severity: enum_of(e.severity),
        update_type: enum_of(e.category),
        release_date: e.release.into(),
        reboot_required: e.reboot,
        size: e.size_mb,
    }))
}

async fn staged_delete(State(s): State<SimState>, _: Authed) -> Result<Response, SimError> {
    settle(&s);
    // `DELETE /appliance/update/staged` documents only `error`: the same refusal, as that kind.
    idle(&s).map_err(|e| SimError::error(&e.id, e.message, &[]))?;
    s.update.data.lock().unwrap().staged = None;
    Ok(ok_void())
}
