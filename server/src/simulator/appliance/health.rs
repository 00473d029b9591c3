//! `appliance/health`: a level per subsystem, the overall level (the worst of them), the time of the last
//! check (every 5 minutes), and messages for subsystems that are not green.

use crate::simulator::{cis::session::iso, ok, Authed, SimError, SimState};
use app::vsphere::models::appliance::Notification;
use app::vsphere::models::vapi::std::LocalizableMessage;

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use std::collections::BTreeMap;
use std::sync::Mutex;
use time::OffsetDateTime;

/// The subsystems, by the path segment that names them.
pub const ITEMS: &[&str] = &["load", "mem", "storage", "swap", "database-storage", "applmgmt", "software-packages"];

pub struct Health {
    levels: Mutex<BTreeMap<String, String>>,
    messages: Mutex<BTreeMap<String, Vec<Notification>>>,
}

fn message(id: &str, text: &str, args: &[&str]) -> LocalizableMessage {
    LocalizableMessage { id: id.into(), default_message: text.into(), args: args.iter().map(|a| a.to_string()).collect() }
}

impl Health {
    pub fn new() -> Self {
        let mut levels: BTreeMap<String, String> = ITEMS.iter().map(|i| (i.to_string(), "green".to_string())).collect();
        levels.insert("storage".into(), "yellow".into());
        levels.insert("software-packages".into(), "orange".into());
        let found = iso(OffsetDateTime::now_utc() - time::Duration::hours(3));
        let mut messages = BTreeMap::new();
        messages.insert(
            "storage".to_string(),
            vec![Notification {
                id: "com.vmware.applmgmt.health.storage.log.warn".into(),
                time: Some(found.clone()),
                message: message(
                    "com.vmware.applmgmt.health.storage.log.warn",
                    "File system /storage/log is 82% full. Free space is running low.",
                    &["/storage/log", "82"],
                ),
                resolution: Some(message(
                    "com.vmware.applmgmt.health.storage.log.resolution",
                    "Remove old log bundles or increase the size of the log disk (VMDK 5), then resize the partition.",
                    &[],
                )),
            }],
        );
        messages.insert(
            "software-packages".to_string(),
            vec![Notification {
                id: "com.vmware.applmgmt.health.software.security_updates".into(),
                time: Some(found),
                message: message(
                    "com.vmware.applmgmt.health.software.security_updates",
                    "Security patches are available: 6.7.0.45100 (critical).",
                    &["6.7.0.45100"],
                ),
                resolution: Some(message(
                    "com.vmware.applmgmt.health.software.resolution",
                    "Stage and install the update from Appliance › Update.",
                    &[],
                )),
            }],
        );
        Health { levels: Mutex::new(levels), messages: Mutex::new(messages) }
    }

    pub fn level(&self, item: &str) -> Option<String> {
        self.levels.lock().unwrap().get(item).cloned()
    }

    /// Sets a subsystem's level (used by other areas, e.g. storage resize, and by tests).
    pub fn set_level(&self, item: &str, level: &str) {
        self.levels.lock().unwrap().insert(item.into(), level.into());
    }

    /// Replaces a subsystem's messages (used by other areas, e.g. update: the pending patches).
    pub fn set_messages(&self, item: &str, messages: Vec<Notification>) {
        self.messages.lock().unwrap().insert(item.into(), messages);
    }

    /// The worst level of all subsystems.
    pub fn overall(&self) -> String {
        let levels = self.levels.lock().unwrap();
        levels.values().max_by_key(|l| crate::simulator::rules::health_rank(l)).cloned().unwrap_or_else(|| "gray".into())
    }

    pub fn messages(&self, item: &str) -> Vec<Notification> {
        if self.level(item).as_deref() == Some("green") {
            return Vec::new();
        }
        self.messages.lock().unwrap().get(item).cloned().unwrap_or_default()
    }
}

impl Default for Health {
    fn default() -> Self {
        Self::new()
    }
}

pub fn routes() -> Router<SimState> {
    let mut r = Router::new()
        .route("/rest/appliance/health/system", get(system))
        .route("/rest/appliance/health/system/lastcheck", get(lastcheck))
        .route("/rest/appliance/health/{item}/messages", get(messages));
    for item in ITEMS {
        let item: &'static str = item;
        r = r.route(&format!("/rest/appliance/health/{item}"), get(move |State(s): State<SimState>, _: Authed| async move { item_level(&s, item) }));
    }
    r
}

fn item_level(s: &SimState, item: &str) -> Response {
    ok(s.health.level(item).unwrap_or_else(|| "gray".into()))
}

async fn system(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.health.overall())
}

/// Health checks run every 5 minutes: the last one is now, rounded down to 5 minutes.
async fn lastcheck(_: State<SimState>, _: Authed) -> Response {
    let now = OffsetDateTime::now_utc();
    let ts = now.unix_timestamp() - now.unix_timestamp().rem_euclid(300);
    ok(iso(OffsetDateTime::from_unix_timestamp(ts).unwrap_or(now)))
}

async fn messages(State(s): State<SimState>, _: Authed, Path(item): Path<String>) -> Result<Response, SimError> {
    if item != "system" && !ITEMS.contains(&item.as_str()) {
        return Err(SimError::not_found("Health item", &item));
    }
    Ok(ok(s.health.messages(&item)))
}
