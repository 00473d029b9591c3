//! `appliance/recovery`: file-based backup and restore, as vCenter 6.7 does it.
//!
//! - **Locations.** A backup goes to a folder on a file server, named by a URL whose scheme is the location
//!   type's (`ftps://backup.corp.local/vcsa` for FTPS). The simulator knows two servers ([`SERVERS`]):
//!   `backup.corp.local` (FTP, FTPS, HTTP, HTTPS, SCP; account `backup` / `Backup-2018!`) and `nas.corp.local`
//!   (NFS without an account, SMB with `vcbackup` / `Nas-2018!`). Any other host cannot be resolved. What a
//!   folder holds is kept per server and path, so the archives listed there later are exactly those backed up
//!   there: `<folder>/<system name>/<M|S>_<version>_<yyyymmdd-hhmmss>_` (M a manual backup, S a scheduled one;
//!   the system name is the appliance's host name).
//! - **Parts.** `common` (inventory and configuration: always backed up) and `seat` (statistics, events and
//!   tasks: optional, selected by default), with sizes in MB that grow with the inventory.
//! - **Encryption.** An optional backup password, by the appliance's rule: 8 to 20 characters with a lower-case
//!   letter, an upper-case letter, a digit and a special character. Restoring an encrypted archive needs it.
//! - **Validation** (`backup/validate`) reports what a job would find: FAIL with each problem (a host that does
//!   not resolve, a protocol the server does not offer, a URL of another type, a refused account, an unknown
//!   part, a weak encryption password), WARNING (no encryption; FTP and HTTP send the password in clear), or OK.
//! - **Jobs** progress over [`SimConfig::backup_duration`](crate::simulator::SimConfig): connecting (a job whose
//!   location validation fails ends FAILED there with validation's reasons, as a job started without validating
//!   does on vCenter), then each part, then writing the archive. One backup or restore at a time
//!   (`feature_in_use`). Cancel ends a running job FAILED, nothing written. The archive holds the
//!   configuration as it was when the job ended (here: the tagging service's categories, tags and attachments).
//! - **Schedule.** One (`default`, as the appliance has), at an hour and minute (UTC) on the days given (every
//!   day when none are), firing on the module's clock; its retention keeps the newest `max_count` scheduled
//!   archives in its folder and deletes the older ones. `run` starts its backup now.
//! - **Restore** of an archive named by its full URL (`<folder>/<system name>/<archive>`): validation gives its
//!   metadata, `applicable` false (and the reason) when it was taken on another version than the appliance's;
//!   the job refuses such an archive, asks the SSO administrator's account, and, when it succeeds, puts the
//!   archive's configuration back. After a restore vCenter reconciles with its SSO domain: a reconciliation job
//!   may then run once, with the SSO administrator's account.
//! - **Clock.** This module's own: the real one plus an offset tests move forward ([`Recovery::advance`]).
//!   Jobs and schedules settle when any recovery call is made, as of that moment.

use crate::simulator::cis::session::iso;
use crate::simulator::{body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::appliance::recovery::backup::job::details::{BuildInfo, Info as DetailsInfo, Type as JobType};
use app::vsphere::models::appliance::recovery::backup::job::{
    BackupJobStatus, BackupRestoreProcessState as JobState, LocalizableMessage as JobMessage, ReturnResult as CancelResult, ReturnStatus as CancelStatus,
};
use app::vsphere::models::appliance::recovery::backup::parts::{LocalizableMessage as PartMessage, Part};
use app::vsphere::models::appliance::recovery::backup::schedules::{CreateSpec, DayOfWeek, Info as ScheduleInfo, RecurrenceInfo, RetentionInfo, UpdateSpec};
use app::vsphere::models::appliance::recovery::backup::system_name::archive::{Info as ArchiveInfo, Summary as ArchiveSummary};
use app::vsphere::models::appliance::recovery::backup::{LocalizableMessage as ValidateMessage, ReturnResult as ValidateResult, ReturnStatus as ValidateStatus};
use app::vsphere::models::appliance::recovery::reconciliation::job::{CreateSpec as ReconcileSpec, Info as ReconcileInfo, Status as ReconcileStatus};
use app::vsphere::models::appliance::recovery::restore::job::{
    BackupRestoreProcessState as RestoreState, LocalizableMessage as RestoreJobMessage, RestoreJobStatus, ReturnResult as RestoreCancelResult,
    ReturnStatus as RestoreCancelStatus,
};
use app::vsphere::models::appliance::recovery::restore::{LocalizableMessage as MetadataMessage, Metadata};
use app::vsphere::models::appliance::recovery::Info;
use app::vsphere::models::cis::task::{Progress, Status as TaskStatus};
use app::vsphere::models::vapi::std::LocalizableMessage;
use app::vsphere::rest::{Query, VapiErrorKind, VapiMap};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;
use serde::Deserialize;
use std::sync::Mutex;
use time::{Duration, OffsetDateTime};

/// A file server the simulated network has: its host, the location types it offers, and the account each
/// asks for (None: no account, as NFS).
pub struct Server {
    pub host: &'static str,
    pub offers: &'static [(&'static str, Option<(&'static str, &'static str)>)],
}

const BACKUP_ACCOUNT: Option<(&str, &str)> = Some(("backup", "Backup-2018!"));
pub const SERVERS: &[Server] = &[
    Server {
        host: "backup.corp.local",
        offers: &[("FTP", BACKUP_ACCOUNT), ("FTPS", BACKUP_ACCOUNT), ("HTTP", BACKUP_ACCOUNT), ("HTTPS", BACKUP_ACCOUNT), ("SCP", BACKUP_ACCOUNT)],
    },
    Server { host: "nas.corp.local", offers: &[("NFS", None), ("SMB", Some(("vcbackup", "Nas-2018!")))] },
];

/// The only schedule the appliance keeps.
pub const SCHEDULE_ID: &str = "default";
/// Share of a job spent connecting: a job whose location is refused fails at this point.
const CONNECT: f64 = 0.1;

/// A message as the module keeps it: id, text, arguments.
#[derive(Clone, Debug)]
struct Msg {
    id: String,
    text: String,
    args: Vec<String>,
}

fn msg(id: &str, text: impl Into<String>, args: &[&str]) -> Msg {
    Msg { id: id.into(), text: text.into(), args: args.iter().map(|a| a.to_string()).collect() }
}

/// Where a location URL points: its server's host and the folder on it (`host/path`, the store's key).
#[derive(Clone, Debug, PartialEq)]
struct Place {
    host: String,
    folder: String,
}

/// A URL's host and path, or why it is not one.
fn parse_location(kind: &str, location: &str) -> Result<Place, Msg> {
    let scheme = kind.to_ascii_lowercase();
    let Some((given, rest)) = location.trim().split_once("://") else {
        return Err(msg("com.vmware.applmgmt.backup.location.not_url", format!("The location '{location}' is not a URL: it must begin with {scheme}://."), &[location]));
    };
    if !given.eq_ignore_ascii_case(&scheme) {
        return Err(msg(
            "com.vmware.applmgmt.backup.location.protocol",
            format!("The location '{location}' is a {} URL, not {kind}: a {kind} location begins with {scheme}://.", given.to_ascii_uppercase()),
            &[location, kind],
        ));
    }
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = authority.rsplit('@').next().unwrap_or("").split(':').next().unwrap_or("").to_ascii_lowercase();
    let path = path.trim_matches('/');
    if host.is_empty() || path.is_empty() {
        return Err(msg("com.vmware.applmgmt.backup.location.folder", format!("The location '{location}' must name a server and a folder on it."), &[location]));
    }
    Ok(Place { folder: format!("{host}/{path}"), host })
}

/// Connects to a location as a job does: the place, or every reason it cannot be reached.
fn connect(kind: &str, location: &str, user: Option<&str>, password: Option<&str>) -> Result<Place, Msg> {
    let place = parse_location(kind, location)?;
    let Some(server) = SERVERS.iter().find(|s| s.host == place.host) else {
        return Err(msg("com.vmware.applmgmt.backup.location.unresolved", format!("Could not resolve host '{}': check the location's server name.", place.host), &[&place.host]));
    };
    let Some((_, account)) = server.offers.iter().find(|(k, _)| *k == kind) else {
        let offered: Vec<&str> = server.offers.iter().map(|(k, _)| *k).collect();
        return Err(msg(
            "com.vmware.applmgmt.backup.location.refused",
            format!("Could not connect to {} over {kind}: the server offers {}.", place.host, offered.join(", ")),
            &[&place.host, kind],
        ));
    };
    if let Some((u, p)) = account {
        if user != Some(*u) || password != Some(*p) {
            let who = user.unwrap_or("");
            return Err(msg(
                "com.vmware.applmgmt.backup.location.auth",
                format!("Authentication failed for user '{who}' on {}: check the location's user name and password.", place.host),
                &[who, &place.host],
            ));
        }
    }
    Ok(place)
}

/// The appliance's rule for a backup's encryption password.
fn password_strong(p: &str) -> bool {
    let n = p.chars().count();
    (8..=20).contains(&n)
        && p.chars().any(|c| c.is_ascii_lowercase())
        && p.chars().any(|c| c.is_ascii_uppercase())
        && p.chars().any(|c| c.is_ascii_digit())
        && p.chars().any(|c| !c.is_ascii_alphanumeric())
}

fn weak_password() -> Msg {
    msg(
        "com.vmware.applmgmt.backup.password.weak",
        "The encryption password must be 8 to 20 characters with at least one lower-case letter, one upper-case letter, one digit and one special character.",
        &[],
    )
}

/// One backup part: id, name, description, optional.
const PARTS: &[(&str, &str, &str, bool)] = &[
    ("common", "Inventory and configuration", "The vCenter Server's inventory and configuration: always backed up.", false),
    ("seat", "Stats, Events, and Tasks", "Historical performance statistics, events and tasks.", true),
];

/// A backup in a folder.
#[derive(Clone)]
struct Archive {
    folder: String,
    system: String,
    id: String,
    timestamp: OffsetDateTime,
    version: String,
    parts: Vec<String>,
    comment: String,
    password: Option<String>,
    scheduled: bool,
    /// The configuration it holds.
    config: crate::simulator::cis::tagging::Snapshot,
}

/// What a backup job was asked.
#[derive(Clone)]
struct Request {
    kind: String,
    location: String,
    user: Option<String>,
    password: Option<String>,
    parts: Vec<String>,
    encryption: Option<String>,
    comment: String,
}

enum Outcome {
    Succeeded,
    Failed(Vec<Msg>),
}

struct Job {
    id: String,
    scheduled: bool,
    request: Request,
    /// The console user whose session started it.
    user: String,
    start: OffsetDateTime,
    /// Why it will fail at its connect step (its location refused).
    refused: Option<Msg>,
    end: Option<(OffsetDateTime, Outcome)>,
    size: i64,
}

struct Schedule {
    parts: Vec<String>,
    location: String,
    user: Option<String>,
    password: Option<String>,
    encryption: Option<String>,
    enable: bool,
    recurrence: Option<RecurrenceInfo>,
    retention: Option<RetentionInfo>,
    /// Firings up to this time are done.
    checked: OffsetDateTime,
}

struct RestoreJob {
    archive: Archive,
    start: OffsetDateTime,
    end: Option<(OffsetDateTime, Outcome)>,
}

struct Reconciliation {
    start: OffsetDateTime,
    end: Option<OffsetDateTime>,
}

#[derive(Default)]
struct Data {
    /// How far the module's clock is ahead of the real one.
    ahead: Duration,
    jobs: Vec<Job>,
    archives: Vec<Archive>,
    schedules: Vec<(String, Schedule)>,
    restore: Option<RestoreJob>,
    /// A restore succeeded and its reconciliation has not run yet.
    reconcile_due: bool,
    reconciliation: Option<Reconciliation>,
}

#[derive(Default)]
pub struct Recovery {
    data: Mutex<Data>,
}

impl Recovery {
    /// Moves the module's clock forward (tests: a schedule's hour comes, a job ends).
    pub fn advance(&self, by: std::time::Duration) {
        self.data.lock().unwrap().ahead += Duration::try_from(by).unwrap_or(Duration::ZERO);
    }

    /// The module's clock now.
    pub fn now(&self) -> OffsetDateTime {
        now(&self.data.lock().unwrap())
    }
}

fn now(d: &Data) -> OffsetDateTime {
    OffsetDateTime::now_utc() + d.ahead
}

fn feature_in_use(what: &str) -> SimError {
    SimError::new(
        VapiErrorKind::Other("feature_in_use".into()),
        "com.vmware.applmgmt.backup.in_progress",
        format!("A {what} is in progress: wait for it to end or cancel it."),
        &[what],
    )
}

/// `feature_in_use` when a backup or a restore runs at `t`, naming which.
fn refuse_if_busy(d: &Data, t: OffsetDateTime) -> Result<(), SimError> {
    if !busy_at(d, t) {
        return Ok(());
    }
    Err(feature_in_use(if d.restore.as_ref().is_some_and(|x| x.end.is_none()) { "restore" } else { "backup" }))
}

fn part_size(s: &SimState, id: &str) -> Option<i64> {
    let vms = s.config.vms as i64;
    match id {
        "common" => Some(140 + vms / 5),
        "seat" => Some(900 + 3 * vms),
        _ => None,
    }
}

fn is_part(p: &str) -> bool {
    PARTS.iter().any(|(id, ..)| *id == p)
}

/// The first part id that is not a backup part.
fn unknown_part(parts: &[String]) -> Option<&String> {
    parts.iter().find(|p| !is_part(p))
}

fn no_such_part(p: &str) -> Msg {
    msg("com.vmware.applmgmt.backup.part.unknown", format!("There is no backup part '{p}'."), &[p])
}

/// The parts a request backs up: the ones asked, with every part that is not optional.
fn chosen_parts(asked: &[String]) -> Vec<String> {
    PARTS.iter().filter(|(id, _, _, optional)| !optional || asked.iter().any(|a| a == id)).map(|(id, ..)| id.to_string()).collect()
}

/// What validation finds: (failures, warnings).
fn check_request(r: &Request) -> (Vec<Msg>, Vec<Msg>) {
    let mut fail = Vec::new();
    let mut warn = Vec::new();
    if let Err(m) = connect(&r.kind, &r.location, r.user.as_deref(), r.password.as_deref()) {
        fail.push(m);
    }
    fail.extend(r.parts.iter().filter(|p| !is_part(p)).map(|p| no_such_part(p)));
    match &r.encryption {
        Some(p) if !password_strong(p) => fail.push(weak_password()),
        Some(_) => {}
        None => warn.push(msg(
            "com.vmware.applmgmt.backup.not_encrypted",
            "The backup will not be encrypted: anyone who can read the location can read the appliance's configuration.",
            &[],
        )),
    }
    if r.kind == "FTP" || r.kind == "HTTP" {
        warn.push(msg(
            "com.vmware.applmgmt.backup.clear_text",
            format!("{} sends the location's password and the backup unencrypted over the network.", r.kind),
            &[&r.kind],
        ));
    }
    (fail, warn)
}

/// A configured duration on the module's clock.
fn span(d: std::time::Duration) -> Duration {
    Duration::try_from(d).unwrap_or(Duration::SECOND)
}

fn duration(s: &SimState) -> Duration {
    span(s.config.backup_duration)
}

/// Where a running job is, at `t`: percent and the step's words.
fn job_step(j: &Job, total: Duration, t: OffsetDateTime) -> (i64, String) {
    let share = ((t - j.start) / total).clamp(0.0, 1.0);
    let host = parse_location(&j.request.kind, &j.request.location).map(|p| p.host).unwrap_or_default();
    let seat = j.request.parts.iter().any(|p| p == "seat");
    let step = if share < CONNECT {
        format!("Connecting to {host}")
    } else if share < 0.6 || (!seat && share < 0.9) {
        "Backing up the inventory and configuration".to_string()
    } else if share < 0.9 {
        "Backing up statistics, events and tasks".to_string()
    } else {
        "Writing the archive to the location".to_string()
    };
    ((share * 100.0).floor() as i64, step)
}

/// Ends what has ended by now and fires the schedule's backups that came due, in time order.
fn settle(s: &SimState, d: &mut Data) {
    let t = now(d);
    let total = duration(s);
    finish_jobs(s, d, total, t);
    fire_schedules(s, d, t);
    finish_jobs(s, d, total, t);
    let restore_total = span(s.config.restore_duration);
    if let Some(r) = d.restore.as_mut() {
        if r.end.is_none() && t - r.start >= restore_total {
            r.end = Some((r.start + restore_total, Outcome::Succeeded));
            s.tagging.restore(&r.archive.config);
            d.reconcile_due = true;
        }
    }
    let reconcile_total = span(s.config.reconciliation_duration);
    if let Some(r) = d.reconciliation.as_mut() {
        if r.end.is_none() && t - r.start >= reconcile_total {
            r.end = Some(r.start + reconcile_total);
        }
    }
}

fn finish_jobs(s: &SimState, d: &mut Data, total: Duration, t: OffsetDateTime) {
    let mut written = Vec::new();
    for j in d.jobs.iter_mut().filter(|j| j.end.is_none()) {
        if let Some(m) = &j.refused {
            if t - j.start >= total * CONNECT {
                j.end = Some((j.start + total * CONNECT, Outcome::Failed(vec![m.clone()])));
            }
        } else if t - j.start >= total {
            let at = j.start + total;
            j.end = Some((at, Outcome::Succeeded));
            if let Ok(place) = parse_location(&j.request.kind, &j.request.location) {
                written.push((place.folder, j.scheduled, j.request.clone(), at));
            }
        }
    }
    let version = s.system.version().version;
    let system = s.networking.hostname();
    for (folder, scheduled, r, at) in written {
        let stamp = format!("{:04}{:02}{:02}-{:02}{:02}{:02}", at.year(), u8::from(at.month()), at.day(), at.hour(), at.minute(), at.second());
        let base = format!("{}_{version}_{stamp}_", if scheduled { "S" } else { "M" });
        let mut id = base.clone();
        let mut n = 1;
        while d.archives.iter().any(|a| a.folder == folder && a.system == system && a.id == id) {
            n += 1;
            id = format!("{base}{n}");
        }
        d.archives.push(Archive {
            folder: folder.clone(),
            system: system.clone(),
            id,
            timestamp: at,
            version: version.clone(),
            parts: chosen_parts(&r.parts),
            comment: r.comment.clone(),
            password: r.encryption.clone(),
            scheduled,
            config: s.tagging.snapshot(),
        });
        if scheduled {
            let keep = d
                .schedules
                .iter()
                .find(|(_, sc)| parse_location(&r.kind, &sc.location).map(|p| p.folder == folder).unwrap_or(false))
                .and_then(|(_, sc)| sc.retention.as_ref().map(|x| x.max_count.max(1) as usize));
            if let Some(keep) = keep {
                let mut mine: Vec<(OffsetDateTime, String)> =
                    d.archives.iter().filter(|a| a.folder == folder && a.system == system && a.scheduled).map(|a| (a.timestamp, a.id.clone())).collect();
                mine.sort();
                let drop_n = mine.len().saturating_sub(keep);
                let gone: Vec<String> = mine.into_iter().take(drop_n).map(|(_, id)| id).collect();
                d.archives.retain(|a| !(a.folder == folder && a.system == system && gone.contains(&a.id)));
            }
        }
    }
}

/// The location type a schedule's URL names (a schedule has no type of its own: its URL's scheme says it).
fn kind_of(location: &str) -> String {
    location.split_once("://").map(|(s, _)| s.to_ascii_uppercase()).unwrap_or_default()
}

fn weekday(d: DayOfWeek) -> Option<time::Weekday> {
    use time::Weekday::*;
    Some(match d {
        DayOfWeek::Monday => Monday,
        DayOfWeek::Tuesday => Tuesday,
        DayOfWeek::Wednesday => Wednesday,
        DayOfWeek::Thursday => Thursday,
        DayOfWeek::Friday => Friday,
        DayOfWeek::Saturday => Saturday,
        DayOfWeek::Sunday => Sunday,
        DayOfWeek::UnknownValue(_) => return None,
    })
}

/// The latest time in (after, until] at which a recurrence fires, if any.
fn last_firing(r: &RecurrenceInfo, after: OffsetDateTime, until: OffsetDateTime) -> Option<OffsetDateTime> {
    let days: Option<Vec<time::Weekday>> = r.days.as_ref().map(|ds| ds.iter().cloned().filter_map(weekday).collect());
    let mut date = until.date();
    for _ in 0..400 {
        let at = date.with_hms(r.hour as u8, r.minute as u8, 0).ok()?.assume_utc();
        if at <= after {
            return None;
        }
        if at <= until && days.as_ref().is_none_or(|ds| ds.is_empty() || ds.contains(&date.weekday())) {
            return Some(at);
        }
        date = date.previous_day()?;
    }
    None
}

fn fire_schedules(s: &SimState, d: &mut Data, t: OffsetDateTime) {
    let mut due = Vec::new();
    for (_, sc) in d.schedules.iter_mut() {
        if let (true, Some(r)) = (sc.enable, sc.recurrence.as_ref()) {
            if let Some(at) = last_firing(r, sc.checked, t) {
                due.push((at, scheduled_request(sc, "")));
            }
        }
        sc.checked = t;
    }
    for (at, request) in due {
        // A firing while a backup or restore runs is skipped, as the appliance skips it.
        if !busy_at(d, at) {
            start_job(s, d, request, true, "vpxd-extension", at);
        }
    }
}

fn scheduled_request(sc: &Schedule, comment: &str) -> Request {
    Request {
        kind: kind_of(&sc.location),
        location: sc.location.clone(),
        user: sc.user.clone(),
        password: sc.password.clone(),
        parts: sc.parts.clone(),
        encryption: sc.encryption.clone(),
        comment: if comment.is_empty() { "Scheduled backup".into() } else { comment.into() },
    }
}

/// A backup or a restore runs at `t`.
fn busy_at(d: &Data, t: OffsetDateTime) -> bool {
    let running = |start: OffsetDateTime, end: Option<OffsetDateTime>| start <= t && end.is_none_or(|e| e > t);
    d.jobs.iter().any(|j| running(j.start, j.end.as_ref().map(|(e, _)| *e))) || d.restore.as_ref().is_some_and(|r| running(r.start, r.end.as_ref().map(|(e, _)| *e)))
}

fn start_job(s: &SimState, d: &mut Data, request: Request, scheduled: bool, user: &str, at: OffsetDateTime) -> String {
    let base = format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}-{}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        s.system.version().build
    );
    let mut id = base.clone();
    let mut n = 1;
    while d.jobs.iter().any(|j| j.id == id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    let refused = connect(&request.kind, &request.location, request.user.as_deref(), request.password.as_deref()).err();
    let size = chosen_parts(&request.parts).iter().filter_map(|p| part_size(s, p)).sum::<i64>() * 1_048_576 * 35 / 100;
    d.jobs.push(Job { id: id.clone(), scheduled, request, user: user.to_string(), start: at, refused, end: None, size });
    id
}

fn job_status(j: &Job, total: Duration, t: OffsetDateTime) -> BackupJobStatus {
    let to_msg = |m: &Msg| JobMessage { id: m.id.clone(), default_message: m.text.clone(), args: m.args.clone() };
    let (state, progress, messages) = match &j.end {
        Some((_, Outcome::Succeeded)) => (JobState::Succeeded, 100, vec![JobMessage { id: "com.vmware.applmgmt.backup.done".into(), default_message: "Backup job completed.".into(), args: vec![] }]),
        Some((at, Outcome::Failed(ms))) => (JobState::Failed, job_step(j, total, *at).0, ms.iter().map(to_msg).collect()),
        None => {
            let (p, step) = job_step(j, total, t);
            (JobState::Inprogress, p, vec![JobMessage { id: "com.vmware.applmgmt.backup.step".into(), default_message: step, args: vec![] }])
        }
    };
    BackupJobStatus { id: j.id.clone(), state, messages, progress, start_time: iso(j.start), end_time: j.end.as_ref().map(|(e, _)| iso(*e)) }
}

fn vapi_msg(id: &str, text: &str) -> LocalizableMessage {
    LocalizableMessage { id: id.into(), default_message: text.into(), args: vec![] }
}

fn job_details(s: &SimState, j: &Job, total: Duration, t: OffsetDateTime) -> DetailsInfo {
    let st = job_status(j, total, t);
    let version = s.system.version();
    let status = match st.state {
        JobState::Succeeded => TaskStatus::Succeeded,
        JobState::Failed => TaskStatus::Failed,
        _ => TaskStatus::Running,
    };
    let end = j.end.as_ref().map(|(e, _)| *e);
    DetailsInfo {
        location: j.request.location.clone(),
        duration: Some(((end.unwrap_or(t) - j.start).whole_seconds()).max(0)),
        size: matches!(j.end, Some((_, Outcome::Succeeded))).then_some(j.size),
        progress: Some(Progress {
            total: 100,
            completed: st.progress,
            message: vapi_msg("com.vmware.applmgmt.backup.progress", st.messages.first().map(|m| m.default_message.as_str()).unwrap_or("")),
        }),
        location_user: j.request.user.clone().unwrap_or_default(),
        r#type: if j.scheduled { JobType::Scheduled } else { JobType::Manual },
        messages: st.messages.iter().map(|m| LocalizableMessage { id: m.id.clone(), default_message: m.default_message.clone(), args: m.args.clone() }).collect(),
        build: Some(BuildInfo { version_name: "vCenter Server".into(), version: version.version.clone(), build_number: version.build.clone() }),
        description: vapi_msg("com.vmware.applmgmt.backup.job", if j.request.comment.is_empty() { "Backup" } else { j.request.comment.as_str() }),
        service: "com.vmware.appliance.recovery.backup.job".into(),
        operation: "create".into(),
        parent: None,
        target: None,
        error: match &j.end {
            Some((_, Outcome::Failed(ms))) => ms.first().map(|m| m.text.clone()),
            _ => None,
        },
        status,
        cancelable: j.end.is_none(),
        start_time: Some(iso(j.start)),
        end_time: end.map(iso),
        user: Some(j.user.clone()),
    }
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/appliance/recovery", get(info))
        .route("/rest/appliance/recovery/backup/validate", post(validate))
        .route("/rest/appliance/recovery/backup/job", get(job_list).post(job_create))
        .route("/rest/appliance/recovery/backup/job/details", get(job_details_list))
        .route("/rest/appliance/recovery/backup/job/{id}", get(job_get))
        .route("/rest/appliance/recovery/backup/job/{id}/cancel", post(job_cancel))
        .route("/rest/appliance/recovery/backup/parts", get(parts_list))
        .route("/rest/appliance/recovery/backup/parts/{id}", get(parts_get))
        .route("/rest/appliance/recovery/backup/schedules", get(schedules_list))
        .route("/rest/appliance/recovery/backup/schedules/{schedule}", get(schedule_get).post(schedule_create_or_run).delete(schedule_delete))
        .route("/rest/appliance/recovery/backup/schedules/update/{schedule}", put(schedule_update))
        .route("/rest/appliance/recovery/backup/system-name", get(system_names))
        .route("/rest/appliance/recovery/backup/system-name/{system}/archives", get(archive_list))
        .route("/rest/appliance/recovery/backup/system-name/{system}/archives/{archive}", get(archive_get))
        .route("/rest/appliance/recovery/restore/validate", post(restore_validate))
        .route("/rest/appliance/recovery/restore/job", get(restore_get).post(restore_create))
        .route("/rest/appliance/recovery/restore/job/cancel", post(restore_cancel))
        .route("/rest/appliance/recovery/reconciliation/job", get(reconcile_get).post(reconcile_create))
}

async fn info(_: Authed) -> Response {
    ok(Info { supported: true })
}

#[derive(Deserialize)]
struct Piece<T> {
    piece: T,
}

/// The request body of `validate` and `job create` (the two request structures are the same fields).
#[derive(Deserialize)]
struct BackupBody {
    #[serde(default)]
    parts: Vec<String>,
    backup_password: Option<String>,
    location_type: String,
    location: String,
    location_user: Option<String>,
    location_password: Option<String>,
    comment: Option<String>,
}

impl From<BackupBody> for Request {
    fn from(b: BackupBody) -> Self {
        let blank = |v: Option<String>| v.filter(|s| !s.is_empty());
        Request {
            kind: b.location_type,
            location: b.location,
            user: blank(b.location_user),
            password: blank(b.location_password),
            parts: b.parts,
            encryption: blank(b.backup_password),
            comment: b.comment.unwrap_or_default(),
        }
    }
}

async fn validate(_: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let r: Request = body::<Piece<BackupBody>>(&bytes)?.piece.into();
    let (fail, warn) = check_request(&r);
    let to = |m: &Msg| ValidateMessage { id: m.id.clone(), default_message: m.text.clone(), args: m.args.clone() };
    let status = if !fail.is_empty() {
        ValidateStatus::Fail
    } else if !warn.is_empty() {
        ValidateStatus::Warning
    } else {
        ValidateStatus::Ok
    };
    Ok(ok(ValidateResult { status, messages: fail.iter().chain(warn.iter()).map(to).collect() }))
}

/// A request a job refuses outright (before it starts): unknown parts or a weak encryption password. A location
/// that cannot be reached is found by the job itself, at its connect step.
fn refuse_request(r: &Request) -> Result<(), SimError> {
    if let Some(p) = unknown_part(&r.parts) {
        let m = no_such_part(p);
        return Err(SimError::error(&m.id, m.text, &[p]));
    }
    if r.encryption.as_deref().is_some_and(|p| !password_strong(p)) {
        let m = weak_password();
        return Err(SimError::error(&m.id, m.text, &[]));
    }
    if !app::vsphere::models::appliance::recovery::backup::job::LocationType::VALUES.contains(&r.kind.as_str()) {
        return Err(SimError::error("com.vmware.applmgmt.backup.location.type", format!("'{}' is not a location type.", r.kind), &[&r.kind]));
    }
    Ok(())
}

async fn job_create(State(s): State<SimState>, a: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let r: Request = body::<Piece<BackupBody>>(&bytes)?.piece.into();
    refuse_request(&r)?;
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let t = now(&d);
    refuse_if_busy(&d, t)?;
    let id = start_job(&s, &mut d, r, false, &a.user, t);
    let j = d.jobs.iter().find(|j| j.id == id).unwrap();
    Ok(ok(job_status(j, duration(&s), t)))
}

async fn job_list(State(s): State<SimState>, _: Authed) -> Response {
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    ok(d.jobs.iter().map(|j| j.id.clone()).collect::<Vec<_>>())
}

fn job_not_found(id: &str) -> SimError {
    SimError::not_found("backup job", id)
}

async fn job_get(State(s): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let t = now(&d);
    let j = d.jobs.iter().find(|j| j.id == id).ok_or_else(|| job_not_found(&id))?;
    Ok(ok(job_status(j, duration(&s), t)))
}

async fn job_details_list(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Response {
    let wanted = Query::parse(q.as_deref().unwrap_or("")).get_array("filter.jobs");
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let t = now(&d);
    let total = duration(&s);
    let map: VapiMap<String, DetailsInfo> =
        d.jobs.iter().filter(|j| wanted.is_empty() || wanted.contains(&j.id)).map(|j| (j.id.clone(), job_details(&s, j, total, t))).collect();
    ok(map)
}

async fn job_cancel(State(s): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let t = now(&d);
    let j = d.jobs.iter_mut().find(|j| j.id == id).ok_or_else(|| job_not_found(&id))?;
    if j.end.is_some() {
        return Ok(ok(CancelResult {
            status: CancelStatus::Fail,
            messages: vec![JobMessage { id: "com.vmware.applmgmt.backup.not_running".into(), default_message: "The backup job has already ended.".into(), args: vec![] }],
        }));
    }
    j.end = Some((t, Outcome::Failed(vec![msg("com.vmware.applmgmt.backup.cancelled", "The backup job was cancelled: nothing was written to the location.", &[])])));
    Ok(ok(CancelResult {
        status: CancelStatus::Ok,
        messages: vec![JobMessage { id: "com.vmware.applmgmt.backup.cancelled".into(), default_message: "The backup job was cancelled.".into(), args: vec![] }],
    }))
}

async fn parts_list(_: Authed) -> Response {
    let m = |id: &str, t: &str| PartMessage { id: id.into(), default_message: t.into(), args: vec![] };
    ok(PARTS
        .iter()
        .map(|(id, name, description, optional)| Part {
            id: id.to_string(),
            name: m(&format!("com.vmware.applmgmt.backup.parts.{id}"), name),
            description: m(&format!("com.vmware.applmgmt.backup.parts.{id}.description"), description),
            selected_by_default: true,
            optional: *optional,
        })
        .collect::<Vec<_>>())
}

async fn parts_get(State(s): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    part_size(&s, &id).map(ok).ok_or_else(|| {
        let m = no_such_part(&id);
        SimError::error(&m.id, m.text, &[&id])
    })
}

fn schedule_info(sc: &Schedule) -> ScheduleInfo {
    ScheduleInfo {
        parts: sc.parts.clone(),
        location: sc.location.clone(),
        location_user: sc.user.clone(),
        enable: sc.enable,
        recurrence_info: sc.recurrence.clone(),
        retention_info: sc.retention.clone(),
    }
}

fn schedule_not_found(id: &str) -> SimError {
    SimError::not_found("backup schedule", id)
}

async fn schedules_list(State(s): State<SimState>, _: Authed) -> Response {
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    ok(d.schedules.iter().map(|(id, sc)| (id.clone(), schedule_info(sc))).collect::<VapiMap<String, ScheduleInfo>>())
}

async fn schedule_get(State(s): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let sc = d.schedules.iter().find(|(i, _)| *i == id).ok_or_else(|| schedule_not_found(&id))?;
    Ok(ok(schedule_info(&sc.1)))
}

/// A schedule's recurrence and retention, checked: the reason it is invalid.
fn check_schedule(location: &str, recurrence: Option<&RecurrenceInfo>, retention: Option<&RetentionInfo>, encryption: Option<&str>, parts: &[String]) -> Result<(), SimError> {
    let invalid = |id: &str, text: String, arg: &str| Err(SimError::invalid_argument(id, text, &[arg]));
    if let Some(r) = recurrence {
        if !(0..=23).contains(&r.hour) {
            return invalid("com.vmware.applmgmt.backup.schedule.hour", format!("The hour must be from 0 to 23; {} was given.", r.hour), &r.hour.to_string());
        }
        if !(0..=59).contains(&r.minute) {
            return invalid("com.vmware.applmgmt.backup.schedule.minute", format!("The minute must be from 0 to 59; {} was given.", r.minute), &r.minute.to_string());
        }
        if let Some(bad) = r.days.iter().flatten().find(|d| matches!(d, DayOfWeek::UnknownValue(_))) {
            return invalid("com.vmware.applmgmt.backup.schedule.day", format!("'{}' is not a day of the week.", bad.as_str()), bad.as_str());
        }
    }
    if let Some(r) = retention {
        if r.max_count < 1 {
            return invalid("com.vmware.applmgmt.backup.schedule.retention", format!("At least one backup must be kept; {} was given.", r.max_count), &r.max_count.to_string());
        }
    }
    if let Err(m) = parse_location(&kind_of(location), location) {
        return invalid(&m.id, m.text, location);
    }
    if !app::vsphere::models::appliance::recovery::backup::LocationType::VALUES.contains(&kind_of(location).as_str()) {
        return invalid("com.vmware.applmgmt.backup.location.type", format!("The location '{location}' does not begin with a location type's scheme (ftp://, ftps://, http://, https://, scp://, nfs://, smb://)."), location);
    }
    if encryption.is_some_and(|p| !password_strong(p)) {
        let m = weak_password();
        return invalid(&m.id, m.text, "");
    }
    if let Some(p) = unknown_part(parts) {
        let m = no_such_part(p);
        return invalid(&m.id, m.text, p);
    }
    Ok(())
}

#[derive(Deserialize)]
struct CreateBody {
    spec: CreateSpec,
}

#[derive(Deserialize, Default)]
struct RunBody {
    comment: Option<String>,
}

async fn schedule_create_or_run(State(s): State<SimState>, a: Authed, Path(id): Path<String>, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    let action = Query::parse(q.as_deref().unwrap_or("")).get("action").map(str::to_string);
    match action.as_deref() {
        Some("run") => {
            let comment = if bytes.is_empty() { RunBody::default() } else { body::<RunBody>(&bytes)? }.comment.unwrap_or_default();
            let mut d = s.recovery.data.lock().unwrap();
            settle(&s, &mut d);
            let t = now(&d);
            let sc = d.schedules.iter().find(|(i, _)| *i == id).ok_or_else(|| schedule_not_found(&id))?;
            let request = scheduled_request(&sc.1, &comment);
            refuse_if_busy(&d, t)?;
            let job = start_job(&s, &mut d, request, true, &a.user, t);
            let j = d.jobs.iter().find(|j| j.id == job).unwrap();
            Ok(ok(job_status(j, duration(&s), t)))
        }
        Some(other) => Err(SimError::no_operation(&format!("POST /rest/appliance/recovery/backup/schedules/{{schedule}}?action={other}"))),
        None => {
            let spec = body::<CreateBody>(&bytes)?.spec;
            let blank = |v: Option<String>| v.filter(|s| !s.is_empty());
            let encryption = blank(spec.backup_password.clone());
            let parts = spec.parts.clone().unwrap_or_else(|| PARTS.iter().map(|(id, ..)| id.to_string()).collect());
            check_schedule(&spec.location, spec.recurrence_info.as_ref(), spec.retention_info.as_ref(), encryption.as_deref(), &parts)?;
            let mut d = s.recovery.data.lock().unwrap();
            settle(&s, &mut d);
            if d.schedules.iter().any(|(i, _)| *i == id) {
                return Err(SimError::new(VapiErrorKind::AlreadyExists, "com.vmware.applmgmt.backup.schedule.exists", format!("A schedule '{id}' already exists."), &[&id]));
            }
            if id != SCHEDULE_ID {
                return Err(SimError::invalid_argument(
                    "com.vmware.applmgmt.backup.schedule.id",
                    format!("The appliance keeps one backup schedule, '{SCHEDULE_ID}'; '{id}' cannot be created."),
                    &[&id],
                ));
            }
            let t = now(&d);
            d.schedules.push((
                id,
                Schedule {
                    parts: chosen_parts(&parts),
                    location: spec.location,
                    user: blank(spec.location_user),
                    password: blank(spec.location_password),
                    encryption,
                    enable: spec.enable.unwrap_or(true),
                    recurrence: spec.recurrence_info,
                    retention: spec.retention_info,
                    checked: t,
                },
            ));
            Ok(ok_void())
        }
    }
}

#[derive(Deserialize)]
struct UpdateBody {
    spec: UpdateSpec,
}

async fn schedule_update(State(s): State<SimState>, _: Authed, Path(id): Path<String>, bytes: Bytes) -> Result<Response, SimError> {
    let spec = body::<UpdateBody>(&bytes)?.spec;
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let t = now(&d);
    let (_, sc) = d.schedules.iter_mut().find(|(i, _)| *i == id).ok_or_else(|| schedule_not_found(&id))?;
    let blank = |v: Option<String>| v.filter(|s| !s.is_empty());
    let location = spec.location.clone().unwrap_or_else(|| sc.location.clone());
    let recurrence = spec.recurrence_info.clone().or_else(|| sc.recurrence.clone());
    let retention = spec.retention_info.clone().or_else(|| sc.retention.clone());
    let encryption = match spec.backup_password.clone() {
        Some(p) => blank(Some(p)),
        None => sc.encryption.clone(),
    };
    let parts = spec.parts.clone().unwrap_or_else(|| sc.parts.clone());
    check_schedule(&location, recurrence.as_ref(), retention.as_ref(), encryption.as_deref(), &parts)?;
    sc.location = location;
    sc.recurrence = recurrence;
    sc.retention = retention;
    sc.encryption = encryption;
    sc.parts = chosen_parts(&parts);
    if let Some(u) = spec.location_user {
        sc.user = blank(Some(u));
    }
    if let Some(p) = spec.location_password {
        sc.password = blank(Some(p));
    }
    if let Some(e) = spec.enable {
        sc.enable = e;
    }
    // A new time counts from now: a time already passed today does not fire at once.
    sc.checked = t;
    Ok(ok_void())
}

async fn schedule_delete(State(s): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let before = d.schedules.len();
    d.schedules.retain(|(i, _)| *i != id);
    if d.schedules.len() == before {
        return Err(schedule_not_found(&id));
    }
    Ok(ok_void())
}

/// A location given as query parameters (`<prefix>.location`, `.location_user`, `.location_password`), connected
/// to: its folder. Its type is its URL's scheme.
fn query_place(q: &Query, prefix: &str) -> Result<Place, SimError> {
    let location = q.get(&format!("{prefix}.location")).unwrap_or("").to_string();
    let user = q.get(&format!("{prefix}.location_user")).filter(|s| !s.is_empty());
    let password = q.get(&format!("{prefix}.location_password")).filter(|s| !s.is_empty());
    connect(&kind_of(&location), &location, user, password).map_err(|m| SimError::error(&m.id, m.text, &[&location]))
}

async fn system_names(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let q = Query::parse(q.as_deref().unwrap_or(""));
    let place = query_place(&q, "loc_spec")?;
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let mut names: Vec<String> = d.archives.iter().filter(|a| a.folder == place.folder).map(|a| a.system.clone()).collect();
    names.sort();
    names.dedup();
    Ok(ok(names))
}

fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

async fn archive_list(State(s): State<SimState>, _: Authed, Path(system): Path<String>, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let q = Query::parse(q.as_deref().unwrap_or(""));
    let place = query_place(&q, "loc_spec")?;
    let bad_time = |k: &str, v: &str| SimError::error("com.vmware.applmgmt.backup.filter.time", format!("'{v}' is not a time (filter_spec.{k})."), &[v]);
    let start = match q.get("filter_spec.start_timestamp").filter(|v| !v.is_empty()) {
        Some(v) => Some(parse_time(v).ok_or_else(|| bad_time("start_timestamp", v))?),
        None => None,
    };
    let end = match q.get("filter_spec.end_timestamp").filter(|v| !v.is_empty()) {
        Some(v) => Some(parse_time(v).ok_or_else(|| bad_time("end_timestamp", v))?),
        None => None,
    };
    let comment = q.get("filter_spec.comment_substring").unwrap_or("").to_string();
    let max = match q.get("filter_spec.max_results").filter(|v| !v.is_empty()) {
        Some(v) => Some(v.parse::<usize>().map_err(|_| SimError::error("com.vmware.applmgmt.backup.filter.max", format!("'{v}' is not a count (filter_spec.max_results)."), &[v]))?),
        None => None,
    };
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let mut found: Vec<&Archive> = d
        .archives
        .iter()
        .filter(|a| a.folder == place.folder && a.system == system)
        .filter(|a| start.is_none_or(|t| a.timestamp >= t) && end.is_none_or(|t| a.timestamp <= t) && a.comment.contains(&comment))
        .collect();
    if found.is_empty() && !d.archives.iter().any(|a| a.folder == place.folder && a.system == system) {
        return Err(SimError::not_found("system name", &system));
    }
    found.sort_by(|a, b| b.timestamp.cmp(&a.timestamp));
    if let Some(m) = max {
        found.truncate(m);
    }
    Ok(ok(found
        .into_iter()
        .map(|a| ArchiveSummary { archive: a.id.clone(), timestamp: iso(a.timestamp), version: a.version.clone(), comment: a.comment.clone() })
        .collect::<Vec<_>>()))
}

async fn archive_get(State(s): State<SimState>, _: Authed, Path((system, archive)): Path<(String, String)>, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let q = Query::parse(q.as_deref().unwrap_or(""));
    let place = query_place(&q, "spec")?;
    let location = q.get("spec.location").unwrap_or("").trim_end_matches('/').to_string();
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let a = d
        .archives
        .iter()
        .find(|a| a.folder == place.folder && a.system == system && a.id == archive)
        .ok_or_else(|| SimError::not_found("archive", &archive))?;
    Ok(ok(ArchiveInfo {
        timestamp: iso(a.timestamp),
        location: format!("{location}/{}/{}", a.system, a.id),
        parts: a.parts.clone(),
        version: a.version.clone(),
        system_name: a.system.clone(),
        comment: a.comment.clone(),
    }))
}

#[derive(Deserialize)]
struct RestoreBody {
    backup_password: Option<String>,
    location_type: String,
    location: String,
    location_user: Option<String>,
    location_password: Option<String>,
    sso_admin_user_name: Option<String>,
    sso_admin_user_password: Option<String>,
    #[serde(default)]
    ignore_warnings: Option<bool>,
}

/// The archive a restore request names (`<folder>/<system name>/<archive>`), its encryption password checked.
fn find_archive(d: &Data, r: &RestoreBody) -> Result<Archive, SimError> {
    let refuse = |m: Msg| SimError::error(&m.id, m.text, &[&r.location]);
    let location = r.location.trim().trim_end_matches('/');
    let (rest, archive) = location.rsplit_once('/').unwrap_or(("", location));
    let (folder_url, system) = rest.rsplit_once('/').unwrap_or(("", rest));
    let blank = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
    let place = connect(&r.location_type, folder_url, blank(&r.location_user).as_deref(), blank(&r.location_password).as_deref()).map_err(refuse)?;
    let a = d
        .archives
        .iter()
        .find(|a| a.folder == place.folder && a.system == system && a.id == archive)
        .cloned()
        .ok_or_else(|| refuse(msg("com.vmware.applmgmt.restore.no_backup", format!("No backup was found at '{location}': the URL must name the folder, the system name and the archive."), &[location])))?;
    match (&a.password, blank(&r.backup_password)) {
        (Some(p), Some(given)) if *p == given => {}
        (Some(_), _) => {
            return Err(refuse(msg("com.vmware.applmgmt.restore.password", "The backup is encrypted and the encryption password given does not open it.", &[])));
        }
        (None, _) => {}
    }
    Ok(a)
}

fn metadata(s: &SimState, a: &Archive) -> Metadata {
    let version = s.system.version().version;
    let mut messages = Vec::new();
    let applicable = a.version == version;
    if !applicable {
        messages.push(MetadataMessage {
            id: "com.vmware.applmgmt.restore.version".into(),
            default_message: format!("The backup was taken on version {}; this appliance is {version}: restore it on an appliance of version {}.", a.version, a.version),
            args: vec![a.version.clone(), version.clone()],
        });
    }
    let host = s.networking.hostname();
    if a.system != host {
        messages.push(MetadataMessage {
            id: "com.vmware.applmgmt.restore.other_system".into(),
            default_message: format!("The backup is of '{}', not of this appliance ('{host}'): restoring it gives this appliance that system's configuration.", a.system),
            args: vec![a.system.clone(), host],
        });
    }
    Metadata {
        timestamp: iso(a.timestamp),
        parts: a.parts.clone(),
        version: a.version.clone(),
        boxname: a.system.clone(),
        sso_login_required: Some(true),
        comment: a.comment.clone(),
        applicable,
        messages,
    }
}

async fn restore_validate(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let r = body::<Piece<RestoreBody>>(&bytes)?.piece;
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let a = find_archive(&d, &r)?;
    Ok(ok(metadata(&s, &a)))
}

fn restore_status(s: &SimState, r: Option<&RestoreJob>, t: OffsetDateTime) -> RestoreJobStatus {
    let m = |id: &str, text: &str| RestoreJobMessage { id: id.into(), default_message: text.into(), args: vec![] };
    let total = span(s.config.restore_duration);
    match r {
        None => RestoreJobStatus { state: RestoreState::None, messages: vec![], progress: 0 },
        Some(RestoreJob { end: Some((_, Outcome::Succeeded)), .. }) => {
            RestoreJobStatus { state: RestoreState::Succeeded, messages: vec![m("com.vmware.applmgmt.restore.done", "Restore completed: the appliance has the backup's configuration.")], progress: 100 }
        }
        Some(RestoreJob { end: Some((at, Outcome::Failed(ms))), start, .. }) => RestoreJobStatus {
            state: RestoreState::Failed,
            messages: ms.iter().map(|x| RestoreJobMessage { id: x.id.clone(), default_message: x.text.clone(), args: x.args.clone() }).collect(),
            progress: (((*at - *start) / total).clamp(0.0, 1.0) * 100.0) as i64,
        },
        Some(RestoreJob { start, end: None, .. }) => {
            let share = ((t - *start) / total).clamp(0.0, 1.0);
            let step = if share < 0.2 {
                "Reading the backup from the location"
            } else if share < 0.7 {
                "Restoring the inventory and configuration"
            } else {
                "Starting the vCenter Server services"
            };
            RestoreJobStatus { state: RestoreState::Inprogress, messages: vec![m("com.vmware.applmgmt.restore.step", step)], progress: (share * 100.0) as i64 }
        }
    }
}

async fn restore_create(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let r = body::<Piece<RestoreBody>>(&bytes)?.piece;
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let t = now(&d);
    refuse_if_busy(&d, t)?;
    let a = find_archive(&d, &r)?;
    let meta = metadata(&s, &a);
    if !meta.applicable {
        let text = meta.messages.first().map(|m| m.default_message.clone()).unwrap_or_default();
        return Err(SimError::new(VapiErrorKind::NotAllowedInCurrentState, "com.vmware.applmgmt.restore.not_applicable", text, &[&a.version]));
    }
    if !meta.messages.is_empty() && !r.ignore_warnings.unwrap_or(false) {
        let text = format!("{} Restore with the warnings ignored to go on.", meta.messages[0].default_message);
        return Err(SimError::new(VapiErrorKind::NotAllowedInCurrentState, "com.vmware.applmgmt.restore.warnings", text, &[]));
    }
    if r.sso_admin_user_name.as_deref() != Some(s.config.user.as_str()) || r.sso_admin_user_password.as_deref() != Some(s.config.password.as_str()) {
        return Err(SimError::error(
            "com.vmware.applmgmt.restore.sso",
            "The restore needs the SSO administrator's user name and password; those given were refused.",
            &[],
        ));
    }
    d.restore = Some(RestoreJob { archive: a, start: t, end: None });
    d.reconcile_due = false;
    Ok(ok(restore_status(&s, d.restore.as_ref(), t)))
}

async fn restore_get(State(s): State<SimState>, _: Authed) -> Response {
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let t = now(&d);
    ok(restore_status(&s, d.restore.as_ref(), t))
}

async fn restore_cancel(State(s): State<SimState>, _: Authed) -> Response {
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let t = now(&d);
    let m = |id: &str, text: &str| RestoreJobMessage { id: id.into(), default_message: text.into(), args: vec![] };
    match d.restore.as_mut() {
        Some(r) if r.end.is_none() => {
            r.end = Some((t, Outcome::Failed(vec![msg("com.vmware.applmgmt.restore.cancelled", "The restore was cancelled: the appliance keeps its configuration.", &[])])));
            ok(RestoreCancelResult { status: RestoreCancelStatus::Ok, messages: vec![m("com.vmware.applmgmt.restore.cancelled", "The restore was cancelled.")] })
        }
        _ => ok(RestoreCancelResult { status: RestoreCancelStatus::Fail, messages: vec![m("com.vmware.applmgmt.restore.not_running", "No restore is running.")] }),
    }
}

fn reconcile_info(s: &SimState, r: &Reconciliation, t: OffsetDateTime) -> ReconcileInfo {
    let total = span(s.config.reconciliation_duration);
    let share = ((r.end.unwrap_or(t) - r.start) / total).clamp(0.0, 1.0);
    let (status, text) = match r.end {
        Some(_) => (ReconcileStatus::Succeeded, "Reconciliation with the SSO domain completed."),
        None if share < 0.5 => (ReconcileStatus::Running, "Comparing the restored directory data with the SSO domain's"),
        None => (ReconcileStatus::Running, "Bringing the directory data up to date"),
    };
    ReconcileInfo {
        description: vapi_msg("com.vmware.applmgmt.reconciliation", "Reconciliation after a restore"),
        service: "com.vmware.appliance.recovery.reconciliation.job".into(),
        operation: "create".into(),
        parent: None,
        target: None,
        status,
        cancelable: Some(false),
        error: None,
        start_time: Some(iso(r.start)),
        end_time: r.end.map(iso),
        messages: vec![vapi_msg("com.vmware.applmgmt.reconciliation.step", text)],
        progress: if r.end.is_some() { 100 } else { (share * 100.0) as i64 },
    }
}

#[derive(Deserialize)]
struct ReconcileBody {
    spec: ReconcileSpec,
}

async fn reconcile_create(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let spec = body::<ReconcileBody>(&bytes)?.spec;
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let t = now(&d);
    if d.reconciliation.as_ref().is_some_and(|r| r.end.is_none()) {
        return Err(feature_in_use("reconciliation"));
    }
    if !d.reconcile_due {
        return Err(SimError::new(
            VapiErrorKind::NotAllowedInCurrentState,
            "com.vmware.applmgmt.reconciliation.not_due",
            "There is nothing to reconcile: reconciliation follows a restore that succeeded.",
            &[],
        ));
    }
    if spec.sso_admin_user_name.as_deref() != Some(s.config.user.as_str()) || spec.sso_admin_user_password.as_deref() != Some(s.config.password.as_str()) {
        return Err(SimError::invalid_argument(
            "com.vmware.applmgmt.reconciliation.sso",
            "Reconciliation needs the SSO administrator's user name and password; those given were refused.",
            &[],
        ));
    }
    d.reconcile_due = false;
    d.reconciliation = Some(Reconciliation { start: t, end: None });
    Ok(ok(reconcile_info(&s, d.reconciliation.as_ref().unwrap(), t)))
}

async fn reconcile_get(State(s): State<SimState>, _: Authed) -> Result<Response, SimError> {
    let mut d = s.recovery.data.lock().unwrap();
    settle(&s, &mut d);
    let t = now(&d);
    let r = d.reconciliation.as_ref().ok_or_else(|| SimError::not_found("reconciliation job", "current"))?;
    Ok(ok(reconcile_info(&s, r, t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_reached_with_their_type_and_account() {
        assert!(connect("FTPS", "ftps://backup.corp.local/vcsa", Some("backup"), Some("Backup-2018!")).is_ok());
        assert!(connect("NFS", "nfs://nas.corp.local/exports/vcsa", None, None).is_ok());
        assert!(connect("FTPS", "https://backup.corp.local/vcsa", Some("backup"), Some("Backup-2018!")).unwrap_err().text.contains("HTTPS URL, not FTPS"));
        assert!(connect("NFS", "nfs://backup.corp.local/x", None, None).unwrap_err().text.contains("offers FTP, FTPS"));
        assert!(connect("SCP", "scp://nowhere.corp.local/x", None, None).unwrap_err().text.contains("Could not resolve host 'nowhere.corp.local'"));
        assert!(connect("SCP", "scp://backup.corp.local/x", Some("backup"), Some("nope")).unwrap_err().text.contains("Authentication failed for user 'backup'"));
        assert!(connect("SCP", "scp://backup.corp.local", Some("backup"), Some("Backup-2018!")).is_err(), "no folder");
    }

    #[test]
    fn encryption_passwords_follow_the_appliances_rule() {
        assert!(password_strong("Secret-2026"));
        for weak in ["Short1!", "alllowercase1!", "ALLUPPER1!", "NoDigits!!", "NoSpecial12", "Far-too-long-password-1"] {
            assert!(!password_strong(weak), "{weak}");
        }
    }

    #[test]
    fn a_schedule_fires_at_its_last_time_in_the_window() {
        let t = |s: &str| parse_time(s).unwrap();
        let every_day = RecurrenceInfo { minute: 30, hour: 2, days: None };
        assert_eq!(last_firing(&every_day, t("2026-12-01T03:00:00Z"), t("2026-12-03T01:00:00Z")), Some(t("2026-12-02T02:30:00Z")));
        assert_eq!(last_firing(&every_day, t("2026-12-02T03:00:00Z"), t("2026-12-03T01:00:00Z")), None);
        // 2026-12-02 is a Wednesday.
        let mondays = RecurrenceInfo { minute: 0, hour: 2, days: Some(vec![DayOfWeek::Monday]) };
        assert_eq!(last_firing(&mondays, t("2026-11-25T00:00:00Z"), t("2026-12-02T23:00:00Z")), Some(t("2026-11-30T02:00:00Z")));
        assert_eq!(last_firing(&mondays, t("2026-12-01T00:00:00Z"), t("2026-12-06T23:00:00Z")), None);
    }
}
