//! `appliance/timesync`: how the appliance keeps its clock — disabled, NTP, or from its ESXi host (VMware Tools).

use crate::simulator::{body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::appliance::timesync::TimeSyncMode;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use std::sync::Mutex;

pub struct Timesync {
    mode: Mutex<TimeSyncMode>,
}

impl Default for Timesync {
    fn default() -> Self {
        Timesync { mode: Mutex::new(TimeSyncMode::Ntp) }
    }
}

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/appliance/timesync", get(get_mode).put(set_mode))
}

async fn get_mode(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.timesync.mode.lock().unwrap().clone())
}

#[derive(Deserialize)]
struct ModeBody {
    mode: TimeSyncMode,
}

async fn set_mode(State(s): State<SimState>, _: Authed, bytes: Bytes) -> Result<Response, SimError> {
    let ModeBody { mode } = body(&bytes)?;
    if let TimeSyncMode::UnknownValue(v) = &mode {
        return Err(SimError::error(
            "vapi.bindings.typeconverter.enum.invalid",
            format!("'{v}' is not a time synchronization mode; expected DISABLED, NTP or HOST."),
            &[v],
        ));
    }
    *s.timesync.mode.lock().unwrap() = mode;
    Ok(ok_void())
}
