//! `vcenter/vm/guest`: the guest's power state and local file systems as VMware Tools report them, and the soft
//! power operations that go through Tools — shut down, restart, standby. Each is offered only when the guest
//! takes it now; otherwise the page says why.

use super::VmAction;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The soft power operations ([`VmAction`]): shut down and restart stop the guest's services, so they ask first.
pub const GUEST_ACTIONS: &[VmAction] = &[
    VmAction {
        name: "shutdown",
        button: "Shut down guest OS",
        done: "The guest operating system was asked to shut down; the virtual machine powers off once it has.",
        asks: Some("The guest operating system shuts its services down cleanly, then the virtual machine powers off. Whoever uses its services is cut off until it is powered on again."),
    },
    VmAction {
        name: "reboot",
        button: "Restart guest OS",
        done: "The guest operating system was asked to restart.",
        asks: Some("The guest operating system shuts its services down cleanly and starts again. Its services are unavailable meanwhile."),
    },
    VmAction {
        name: "standby",
        button: "Guest standby",
        done: "The guest operating system was asked to go to standby; the virtual machine is suspended once it has.",
        asks: None,
    },
];

pub fn guest_action(name: &str) -> Result<&'static VmAction, AppError> {
    GUEST_ACTIONS.iter().find(|a| a.name == name).ok_or_else(|| AppError::invalid("action", "Choose shut down, restart or standby."))
}

/// One file system of the guest, sizes in bytes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Filesystem {
    pub mount: String,
    pub capacity: i64,
    pub free: i64,
}

/// What the VM's page shows of its guest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GuestView {
    /// The guest's power state in words ("Running", "Shutting down", "Not running", …).
    pub state: String,
    /// Why the soft power operations are not offered now; `None` when they are.
    pub unavailable: Option<String>,
    /// Sorted by mount point.
    pub filesystems: Vec<Filesystem>,
    /// Why no file systems are listed, when they are not.
    pub filesystems_note: Option<String>,
}

/// Why a guest in this power state (`vcenter.vm.guest.power.state`) does not take soft power operations, or
/// `None` when it does (`operations_ready`).
pub fn unavailable_reason(state: &str, ready: bool) -> Option<String> {
    Some(match state {
        "RUNNING" if ready => return None,
        "RUNNING" => "VMware Tools in the guest are not ready for power operations yet.".into(),
        "NOT_RUNNING" => "The guest operating system is not running: the virtual machine is not powered on.".into(),
        "UNAVAILABLE" => "VMware Tools are not running in the guest, so it cannot be asked: use Power off or Reset instead.".into(),
        "SHUTTING_DOWN" => "The guest operating system is shutting down.".into(),
        "RESETTING" => "The guest operating system is restarting.".into(),
        "STANDBY" => "The guest operating system is going to standby.".into(),
        other => format!("The guest operating system's state is {}.", other.to_lowercase().replace('_', " ")),
    })
}

/// The guest's power state and file systems.
#[server(prefix = "/api", endpoint = "vcenter/vm/guest")]
pub async fn get_vm_guest(vm: String) -> Result<GuestView, AppError> {
    use crate::vsphere::rest::VapiErrorKind;
    crate::api::ssr::with_vc(|vc| async move {
        let power = vc.vcenter_vm_guest_power_get(&vm).await?;
        let state = power.state.as_str().to_string();
        let mut view = GuestView {
            state: crate::api::vcenter::inventory::words(&state),
            unavailable: unavailable_reason(&state, power.operations_ready),
            ..Default::default()
        };
        if state != "RUNNING" {
            view.filesystems_note = Some("Known only while VMware Tools run in the guest.".into());
            return Ok(view);
        }
        match vc.vcenter_vm_guest_local_filesystem_get(&vm).await {
            Ok(map) => {
                view.filesystems = map.0.into_iter().map(|(mount, i)| Filesystem { mount, capacity: i.capacity, free: i.free_space }).collect();
                view.filesystems.sort_by(|a, b| a.mount.cmp(&b.mount));
                if view.filesystems.is_empty() {
                    view.filesystems_note = Some("VMware Tools report no file systems.".into());
                }
            }
            Err(e) if e.is(VapiErrorKind::ServiceUnavailable) => view.filesystems_note = Some("Known only while VMware Tools run in the guest.".into()),
            Err(e) if e.is(VapiErrorKind::Unauthenticated) => return Err(e),
            Err(e) => view.filesystems_note = Some(format!("Not known: {e}")),
        }
        Ok(view)
    })
    .await
}

/// One soft power operation on one VM.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct GuestPowerForm {
    pub vm: String,
    pub action: String,
}

/// Asks the guest to shut down, restart or go to standby, then goes back to the VM's page (without the
/// confirmation), which says what was asked; the guest's state there shows it under way.
#[server(prefix = "/api", endpoint = "vcenter/vm/guest/power")]
pub async fn set_guest_power(#[server(flatten)] form: GuestPowerForm) -> Result<(), AppError> {
    let action = guest_action(&form.action)?;
    let vm = super::vm_id(&form.vm)?;
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move {
        match action.name {
            "shutdown" => vc.vcenter_vm_guest_power_shutdown(&id).await,
            "reboot" => vc.vcenter_vm_guest_power_reboot(&id).await,
            _ => vc.vcenter_vm_guest_power_standby(&id).await,
        }
    })
    .await?;
    super::back_to_vm(&vm, "guest", action.name, <SetGuestPower as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guest_takes_soft_power_operations_only_when_tools_say_so_and_otherwise_the_page_says_why() {
        assert_eq!(unavailable_reason("RUNNING", true), None);
        assert!(unavailable_reason("RUNNING", false).unwrap().contains("not ready"));
        assert!(unavailable_reason("NOT_RUNNING", false).unwrap().contains("not powered on"));
        assert!(unavailable_reason("UNAVAILABLE", false).unwrap().contains("VMware Tools are not running"));
        assert!(unavailable_reason("SHUTTING_DOWN", false).unwrap().contains("shutting down"));
        assert!(guest_action("shutdown").unwrap().asks.is_some() && guest_action("reboot").unwrap().asks.is_some());
        assert!(guest_action("standby").unwrap().asks.is_none());
        assert!(guest_action("stop").is_err());
    }
}
