//! `appliance/shutdown`: reboot or power off now or after a delay, with a reason; the pending shutdown (get)
//! and cancel. When it is due the simulated vCenter goes down as a real one does: its listener closes, so
//! connections are refused, every session is lost, and it comes back after
//! [`SimConfig::reboot_downtime`](crate::simulator::SimConfig) (a power-off stays down for `poweroff_downtime`,
//! as if someone powered the VM back on) with its uptime starting again.

use crate::simulator::cis::session::iso;
use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::appliance::shutdown::ShutdownConfig;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use std::sync::Mutex;
use std::time::Duration;
use time::OffsetDateTime;

/// The longest delay the appliance accepts, in minutes (a week).
pub const MAX_DELAY_MINUTES: i64 = 10_080;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PowerAction {
    Reboot,
    Poweroff,
}

impl PowerAction {
    fn as_str(self) -> &'static str {
        match self {
            PowerAction::Reboot => "reboot",
            PowerAction::Poweroff => "poweroff",
        }
    }
}

struct Pending {
    action: PowerAction,
    at: OffsetDateTime,
    reason: String,
    /// Which schedule this is: a timer only fires if its schedule is still the pending one.
    generation: u64,
}

#[derive(Default)]
struct Data {
    pending: Option<Pending>,
    generation: u64,
}

/// The pending shutdown, and the switch the serving loop ([`crate::simulator::spawn`]) waits on.
#[derive(Default)]
pub struct Shutdown {
    data: Mutex<Data>,
    /// Signalled when the appliance goes down; carries how long it stays down.
    down: tokio::sync::Notify,
    downtime: Mutex<Duration>,
}

impl Shutdown {
    pub fn new() -> Self {
        Self::default()
    }

    fn config(&self) -> ShutdownConfig {
        match &self.data.lock().unwrap().pending {
            Some(p) => ShutdownConfig { shutdown_time: Some(iso(p.at)), action: p.action.as_str().into(), reason: p.reason.clone() },
            None => ShutdownConfig { shutdown_time: None, action: String::new(), reason: String::new() },
        }
    }

    /// Waits until the appliance goes down; returns how long it stays down.
    pub async fn went_down(&self) -> Duration {
        self.down.notified().await;
        *self.downtime.lock().unwrap()
    }

    /// Goes down now for `downtime` (the serving loop drops its listener).
    pub fn go_down(&self, downtime: Duration) {
        *self.downtime.lock().unwrap() = downtime;
        self.data.lock().unwrap().pending = None;
        self.down.notify_one();
    }

    /// Forgets the pending shutdown (a reboot clears it).
    pub fn clear(&self) {
        self.data.lock().unwrap().pending = None;
    }
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/appliance/shutdown", get(get_pending))
        .route("/rest/appliance/shutdown/cancel", post(cancel))
        .route("/rest/appliance/shutdown/{action}", post(schedule))
}

async fn get_pending(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.shutdown.config())
}

async fn cancel(State(s): State<SimState>, _: Authed) -> Response {
    s.shutdown.clear();
    ok_void()
}

#[derive(Deserialize)]
struct ScheduleBody {
    delay: i64,
    reason: String,
}

async fn schedule(State(s): State<SimState>, _: Authed, Path(action): Path<String>, body: Bytes) -> Result<Response, SimError> {
    let action = match action.as_str() {
        "reboot" => PowerAction::Reboot,
        "poweroff" => PowerAction::Poweroff,
        other => return Err(SimError::no_operation(&format!("POST /rest/appliance/shutdown/{other}"))),
    };
    let body: ScheduleBody = crate::simulator::body(&body)?;
    if !(0..=MAX_DELAY_MINUTES).contains(&body.delay) {
        let d = body.delay.to_string();
        return Err(SimError::error(
            "com.vmware.appliance.shutdown.delay.invalid",
            format!("The delay must be between 0 and {MAX_DELAY_MINUTES} minutes; {d} was given."),
            &[&d],
        ));
    }
    let delay = Duration::from_secs(body.delay as u64 * 60);
    let generation = {
        let mut d = s.shutdown.data.lock().unwrap();
        d.generation += 1;
        let generation = d.generation;
        d.pending = Some(Pending { action, at: OffsetDateTime::now_utc() + delay, reason: body.reason, generation });
        generation
    };
    let downtime = match action {
        PowerAction::Reboot => s.config.reboot_downtime,
        PowerAction::Poweroff => s.config.poweroff_downtime,
    };
    // Due now: answer first, then go down. Due later: a timer that fires only if this schedule still stands.
    let state = s.clone();
    tokio::spawn(async move {
        tokio::time::sleep(delay.max(Duration::from_millis(200))).await;
        let due = state.shutdown.data.lock().unwrap().pending.as_ref().is_some_and(|p| p.generation == generation);
        if due {
            state.shutdown.go_down(downtime);
        }
    });
    Ok(ok_void())
}
