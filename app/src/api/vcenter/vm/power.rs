//! `vcenter/vm/power`: start, stop, suspend and reset a VM. What each does, in words, and which ask first.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A power action: the API's name, the button's words, the words once done, and — for the ones that cut a
/// running guest off — what the confirmation says happens.
pub struct PowerAction {
    pub name: &'static str,
    pub button: &'static str,
    pub done: &'static str,
    pub asks: Option<&'static str>,
}

pub const POWER_ACTIONS: &[PowerAction] = &[
    PowerAction { name: "start", button: "Power on", done: "Powered on.", asks: None },
    PowerAction { name: "suspend", button: "Suspend", done: "Suspended.", asks: None },
    PowerAction {
        name: "reset",
        button: "Reset",
        done: "Reset.",
        asks: Some("The virtual machine restarts at once, like pressing its reset button: the guest is not shut down first, and unsaved work in it is lost."),
    },
    PowerAction {
        name: "stop",
        button: "Power off",
        done: "Powered off.",
        asks: Some("The virtual machine is powered off at once, like pulling its plug: the guest is not shut down first, and unsaved work in it is lost. Whoever uses its services is cut off."),
    },
];

/// The actions a VM in `state` (`POWERED_ON`, `POWERED_OFF`, `SUSPENDED`) may take, in the order shown.
pub fn actions_for(state: &str) -> Vec<&'static PowerAction> {
    let names: &[&str] = match state {
        "POWERED_ON" => &["suspend", "reset", "stop"],
        "POWERED_OFF" => &["start"],
        "SUSPENDED" => &["start", "stop"],
        _ => &[],
    };
    POWER_ACTIONS.iter().filter(|a| names.contains(&a.name)).collect()
}

pub fn power_action(name: &str) -> Result<&'static PowerAction, AppError> {
    POWER_ACTIONS.iter().find(|a| a.name == name).ok_or_else(|| AppError::invalid("action", "Choose power on, power off, suspend or reset."))
}

/// One power change of one VM.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PowerForm {
    pub vm: String,
    pub action: String,
}

/// Starts, stops, suspends or resets a VM, then goes back to its page (without the confirmation), which shows
/// the new state and says what was done.
#[server(prefix = "/api", endpoint = "vcenter/vm/power")]
pub async fn set_vm_power(#[server(flatten)] form: PowerForm) -> Result<(), AppError> {
    let action = power_action(&form.action)?;
    let vm = form.vm.trim().to_string();
    if vm.is_empty() {
        return Err(AppError::invalid("vm", "Choose a virtual machine."));
    }
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move {
        match action.name {
            "start" => vc.vcenter_vm_power_start(&id).await,
            "stop" => vc.vcenter_vm_power_stop(&id).await,
            "suspend" => vc.vcenter_vm_power_suspend(&id).await,
            _ => vc.vcenter_vm_power_reset(&id).await,
        }
    })
    .await?;
    let page = crate::components::inventory::object_href("VirtualMachine", &vm);
    leptos_axum::redirect(&format!("{page}&power={}&done={}", action.name, <SetVmPower as leptos::server_fn::ServerFn>::PATH));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vm_is_offered_what_its_state_allows_and_cutting_it_off_asks_first() {
        let names = |s: &str| actions_for(s).iter().map(|a| a.name).collect::<Vec<_>>();
        assert_eq!(names("POWERED_OFF"), ["start"]);
        assert_eq!(names("POWERED_ON"), ["suspend", "reset", "stop"]);
        assert_eq!(names("SUSPENDED"), ["start", "stop"]);
        assert!(power_action("stop").unwrap().asks.is_some() && power_action("reset").unwrap().asks.is_some());
        assert!(power_action("start").unwrap().asks.is_none());
        assert!(power_action("shutdown").is_err());
    }
}
