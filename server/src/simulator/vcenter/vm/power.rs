//! `vcenter/vm/power`: a VM's power state, and start, stop, suspend and reset, by the rules vSphere 6.7
//! documents for each: a change to the state the VM is already in is `already_in_desired_state`; suspending a
//! powered-off VM, or resetting one that is not powered on, is `not_allowed_in_current_state`. A stop through
//! the API is a clean power-off (`clean_power_off`, reported while powered off). Each change takes
//! [`SimConfig::power_change`](crate::simulator::SimConfig) before it answers, as vCenter's power tasks do.

use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/vm/{vm}/power", get(get_power))
        .route("/rest/vcenter/vm/{vm}/power/start", post(|s: State<SimState>, a: Authed, p: Path<String>| change(s, a, p, Action::Start)))
        .route("/rest/vcenter/vm/{vm}/power/stop", post(|s: State<SimState>, a: Authed, p: Path<String>| change(s, a, p, Action::Stop)))
        .route("/rest/vcenter/vm/{vm}/power/suspend", post(|s: State<SimState>, a: Authed, p: Path<String>| change(s, a, p, Action::Suspend)))
        .route("/rest/vcenter/vm/{vm}/power/reset", post(|s: State<SimState>, a: Authed, p: Path<String>| change(s, a, p, Action::Reset)))
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Action {
    Start,
    Stop,
    Suspend,
    Reset,
}

async fn get_power(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let d = state.inventory.read();
    let v = d.vm(&id)?;
    let mut info = json!({ "state": v.power_state });
    if v.power_state == "POWERED_OFF" {
        info["clean_power_off"] = json!(v.clean_power_off);
    }
    Ok(ok(info))
}

/// The state `action` leads to from `from`, or the documented refusal.
fn next_state(action: Action, from: &'static str, id: &str) -> Result<&'static str, SimError> {
    let already = |what: &str| {
        SimError::new(
            VapiErrorKind::Other("already_in_desired_state".into()),
            "com.vmware.api.vcenter.vm.power.already_in_desired_state",
            format!("Virtual machine {id} is already {what}."),
            &[id],
        )
    };
    let not_now = |why: &str| SimError::new(VapiErrorKind::NotAllowedInCurrentState, "com.vmware.api.vcenter.vm.power.not_allowed_in_current_state", why.to_string(), &[id]);
    Ok(match (action, from) {
        (Action::Start, "POWERED_ON") => return Err(already("powered on")),
        (Action::Start, _) => "POWERED_ON",
        (Action::Stop, "POWERED_OFF") => return Err(already("powered off")),
        (Action::Stop, _) => "POWERED_OFF",
        (Action::Suspend, "SUSPENDED") => return Err(already("suspended")),
        (Action::Suspend, "POWERED_OFF") => return Err(not_now(&format!("Virtual machine {id} is powered off: it cannot be suspended."))),
        (Action::Suspend, _) => "SUSPENDED",
        (Action::Reset, "POWERED_ON") => "POWERED_ON",
        (Action::Reset, _) => return Err(not_now(&format!("Virtual machine {id} is not powered on: only a running virtual machine can be reset."))),
    })
}

async fn change(State(state): State<SimState>, _: Authed, Path(id): Path<String>, action: Action) -> Result<Response, SimError> {
    // Refused at once when the state does not allow it; otherwise the change takes its time, and is checked
    // again when done (another change may have come first).
    {
        let d = state.inventory.read();
        next_state(action, d.vm(&id)?.power_state, &id)?;
    }
    tokio::time::sleep(state.config.power_change).await;
    let mut d = state.inventory.write();
    let v = d.vm_mut(&id)?;
    let to = next_state(action, v.power_state, &id)?;
    v.set_power(to);
    // A hard power change ends whatever the guest was doing.
    state.inventory.set_move(v, None);
    if action == Action::Stop {
        v.clean_power_off = true;
    }
    Ok(ok_void())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_change_follows_the_documented_rules() {
        let to = |a, from| next_state(a, from, "vm-1").map_err(|e| e.kind.as_str().to_string());
        assert_eq!(to(Action::Start, "POWERED_OFF"), Ok("POWERED_ON"));
        assert_eq!(to(Action::Start, "SUSPENDED"), Ok("POWERED_ON"));
        assert_eq!(to(Action::Start, "POWERED_ON"), Err("already_in_desired_state".into()));
        assert_eq!(to(Action::Stop, "SUSPENDED"), Ok("POWERED_OFF"));
        assert_eq!(to(Action::Stop, "POWERED_OFF"), Err("already_in_desired_state".into()));
        assert_eq!(to(Action::Suspend, "POWERED_ON"), Ok("SUSPENDED"));
        assert_eq!(to(Action::Suspend, "POWERED_OFF"), Err("not_allowed_in_current_state".into()));
        assert_eq!(to(Action::Reset, "POWERED_ON"), Ok("POWERED_ON"));
        assert_eq!(to(Action::Reset, "SUSPENDED"), Err("not_allowed_in_current_state".into()));
    }
}
