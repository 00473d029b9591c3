//! `vcenter/vm/power`: start, stop, suspend and reset a VM. What each does, in words, and which ask first.

use super::VmAction;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A power action: what it is on one VM ([`VmAction`]; power off and reset ask first), what the confirmation
/// says happens to many, and how a job over many VMs calls it while it runs and once done.
pub struct PowerAction {
    pub one: VmAction,
    pub bulk_asks: Option<&'static str>,
    /// "Powering on" (a bulk job's title).
    pub progress: &'static str,
    /// "powered on" (a bulk job's outcome).
    pub past: &'static str,
}

impl std::ops::Deref for PowerAction {
    type Target = VmAction;
    fn deref(&self) -> &VmAction {
        &self.one
    }
}

pub const POWER_ACTIONS: &[PowerAction] = &[
    PowerAction { one: VmAction { name: "start", button: "Power on", done: "Powered on.", asks: None }, bulk_asks: None, progress: "Powering on", past: "powered on" },
    PowerAction { one: VmAction { name: "suspend", button: "Suspend", done: "Suspended.", asks: None }, bulk_asks: None, progress: "Suspending", past: "suspended" },
    PowerAction {
        one: VmAction {
            name: "reset",
            button: "Reset",
            done: "Reset.",
            asks: Some("The virtual machine restarts at once, like pressing its reset button: the guest is not shut down first, and unsaved work in it is lost."),
        },
        bulk_asks: Some("Each virtual machine restarts at once, like pressing its reset button: the guests are not shut down first, and unsaved work in them is lost."),
        progress: "Resetting",
        past: "reset",
    },
    PowerAction {
        one: VmAction {
            name: "stop",
            button: "Power off",
            done: "Powered off.",
            asks: Some("The virtual machine is powered off at once, like pulling its plug: the guest is not shut down first, and unsaved work in it is lost. Whoever uses its services is cut off."),
        },
        bulk_asks: Some("Each virtual machine is powered off at once, like pulling its plug: the guests are not shut down first, and unsaved work in them is lost. Whoever uses their services is cut off."),
        progress: "Powering off",
        past: "powered off",
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
    let vm = super::vm_id(&form.vm)?;
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
    super::back_to_vm(&vm, "power", action.name, <SetVmPower as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// The VMs of a bulk form (`VirtualMachine:vm-42` each), once each, in the order given.
pub fn bulk_vms(objects: &[String]) -> Result<Vec<String>, AppError> {
    let mut ids: Vec<String> = Vec::new();
    for o in objects.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
        match o.split_once(':') {
            Some(("VirtualMachine", id)) if !id.trim().is_empty() => {
                let id = id.trim().to_string();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => return Err(AppError::invalid("objects", "Power actions apply to virtual machines only: select virtual machines.")),
        }
    }
    if ids.is_empty() {
        return Err(AppError::invalid("objects", "Select at least one object."));
    }
    Ok(ids)
}

/// Many VMs' power, from the inventory's bulk bar (whose other inputs it ignores).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BulkPowerForm {
    #[serde(default)]
    pub objects: Vec<String>,
    #[serde(default)]
    pub action: String,
}

/// Powers many VMs on, or suspends them, as a console job followed on the list's page (`job=<id>`), each VM's
/// outcome listed at the end. Power off and reset cut the guests off: they only make a proposal, which the page
/// shows for confirmation ([`confirm_bulk_power`]). Returns the job's id.
#[server(prefix = "/api", endpoint = "vcenter/vm/power/bulk")]
pub async fn start_bulk_power(#[server(flatten)] form: BulkPowerForm) -> Result<String, AppError> {
    use crate::jobs::JobItem;
    let action = power_action(&form.action)?;
    let ids = bulk_vms(&form.objects)?;
    let (vc, _, owner) = crate::api::ssr::vc_session()?;
    let jobs = crate::api::ssr::state()?.jobs;
    let objects: Vec<_> = ids.iter().map(|id| crate::vsphere::models::vapi::std::DynamicId { r#type: "VirtualMachine".into(), id: id.clone() }).collect();
    let names = crate::api::cis::tagging::ssr::object_names(&vc, &objects).await;
    let items: Vec<JobItem> = ids
        .iter()
        .map(|id| JobItem { key: format!("VirtualMachine:{id}"), name: names.get(id).cloned().unwrap_or_else(|| id.clone()), ok: false, message: String::new() })
        .collect();
    let id = if action.asks.is_some() {
        jobs.propose(&owner, action.progress, action.name, items)
    } else {
        let job = jobs.start(&owner, action.progress, items.len() as u64);
        let id = job.id().to_string();
        tokio::spawn(ssr::run_bulk(vc, action, items, job));
        id
    };
    crate::api::ssr::back_to_job(&id)?;
    Ok(id)
}

/// The confirmation of a proposed bulk power-off or reset.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ConfirmBulkPowerForm {
    pub job: String,
}

/// Starts a proposed bulk power change (once), and goes back to the list, which follows it.
#[server(prefix = "/api", endpoint = "vcenter/vm/power/bulk/confirm")]
pub async fn confirm_bulk_power(#[server(flatten)] form: ConfirmBulkPowerForm) -> Result<(), AppError> {
    let (vc, _, owner) = crate::api::ssr::vc_session()?;
    let jobs = crate::api::ssr::state()?.jobs;
    let (action, items, job) = jobs
        .begin(&owner, form.job.trim())
        .ok_or_else(|| AppError::invalid("job", "This confirmation was already used or has expired: select the virtual machines again."))?;
    let action = power_action(&action)?;
    tokio::spawn(ssr::run_bulk(vc, action, items, job));
    crate::api::ssr::back_to_job(form.job.trim())
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::PowerAction;
    use crate::client::VcSession;
    use crate::jobs::server::JobHandle;
    use crate::jobs::JobItem;

    /// How many VMs are changed at once: vCenter runs each change as a task of its own.
    const AT_ONCE: usize = 4;

    /// Changes each VM's power, `AT_ONCE` at a time, reporting each outcome as it comes.
    pub async fn run_bulk(vc: VcSession, action: &'static PowerAction, items: Vec<JobItem>, job: JobHandle) {
        use futures::StreamExt;
        job.step(format!("{} {} virtual machines", action.progress, items.len()));
        let mut outcomes = futures::stream::iter(items.into_iter().map(|item| {
            let vc = vc.clone();
            async move {
                let id = item.key.trim_start_matches("VirtualMachine:").to_string();
                let r = match action.name {
                    "start" => vc.vcenter_vm_power_start(&id).await,
                    "stop" => vc.vcenter_vm_power_stop(&id).await,
                    "suspend" => vc.vcenter_vm_power_suspend(&id).await,
                    _ => vc.vcenter_vm_power_reset(&id).await,
                };
                JobItem { ok: r.is_ok(), message: r.err().map(|e| e.to_string()).unwrap_or_default(), ..item }
            }
        }))
        .buffer_unordered(AT_ONCE);
        while let Some(item) = outcomes.next().await {
            job.advance(1, vec![item]);
        }
        job.succeed();
    }
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

    #[test]
    fn a_bulk_power_change_takes_virtual_machines_only_once_each() {
        let f = |v: &[&str]| bulk_vms(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(f(&["VirtualMachine:vm-2", "VirtualMachine:vm-1", "VirtualMachine:vm-2", " "]).unwrap(), ["vm-2", "vm-1"]);
        assert!(f(&[]).unwrap_err().to_string().contains("Select at least one"));
        assert!(f(&["VirtualMachine:vm-1", "HostSystem:host-1"]).unwrap_err().to_string().contains("virtual machines only"));
        assert!(f(&["VirtualMachine: "]).is_err());
        assert!(POWER_ACTIONS.iter().all(|a| a.asks.is_some() == a.bulk_asks.is_some()), "what asks for one VM asks for many");
    }
}
