//! What the device modules (`disk`, `ethernet`, `cdrom`, `port`, `adapter`) share: a request's `spec`, a change
//! of one VM under the inventory's write lock, the rules for connecting a device, and what a file on a datastore
//! looks like.

use crate::simulator::vcenter::inventory::{InventoryData, Vm};
use crate::simulator::{bad_body, SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The `spec` of a create or update body (`{"spec": …}`), or the type converter's refusal.
pub fn spec<S: DeserializeOwned>(body: &[u8]) -> Result<S, SimError> {
    #[derive(Deserialize)]
    struct Body<S> {
        spec: S,
    }
    Ok(serde_json::from_slice::<Body<S>>(body).map_err(bad_body)?.spec)
}

/// Changes VM `id`: `change` sees the inventory and the VM, and gives the VM as changed and what the operation
/// answers; a refusal changes nothing.
pub fn change_vm<T>(state: &SimState, id: &str, change: impl FnOnce(&InventoryData, &Vm) -> Result<(Vm, T), SimError>) -> Result<T, SimError> {
    let mut d = state.inventory.write();
    let (changed, answer) = change(&d, d.vm(id)?)?;
    *d.vm_mut(id)? = changed;
    Ok(answer)
}

/// Whether device `label` (now `connected` or not) may be connected (`on`) or disconnected: only while the VM
/// is powered on (`not_allowed_in_current_state`), and not again (`already_in_desired_state`).
pub fn check_connect(v: &Vm, label: &str, connected: bool, on: bool) -> Result<(), SimError> {
    if v.power_state != "POWERED_ON" {
        return Err(SimError::new(
            VapiErrorKind::NotAllowedInCurrentState,
            "com.vmware.api.vcenter.vm.hardware.not_powered_on",
            format!("Virtual machine {} is not powered on: its devices can be connected and disconnected only while it runs.", v.id),
            &[],
        ));
    }
    if connected == on {
        return Err(SimError::new(
            VapiErrorKind::Other("already_in_desired_state".into()),
            "com.vmware.api.vcenter.vm.hardware.already",
            format!("{label} is already {}.", if on { "connected" } else { "disconnected" }),
            &[],
        ));
    }
    Ok(())
}

/// A datastore file's problem, if it has one: `[datastore] folder/file` (`example` shows the rest) on a datastore
/// of the inventory, and when `extensions` are given, ending in one of them (in any case) — `what` names such a
/// file. A CD-ROM's ISO image, a floppy's image, a port's output file.
pub fn file_problem(path: &str, stores: &[String], example: &str, extensions: &[&str], what: &str) -> Option<String> {
    let Some((store, file)) = path.strip_prefix('[').and_then(|p| p.split_once("] ")) else {
        return Some(format!("{path:?} is not a datastore path: [datastore] {example}."));
    };
    if !stores.iter().any(|s| s == store) {
        return Some(format!("There is no datastore named {store}."));
    }
    let lower = file.to_lowercase();
    if file.trim().is_empty() || (!extensions.is_empty() && !extensions.iter().any(|e| lower.ends_with(e) && lower.len() > e.len())) {
        return Some(format!("{file:?} is not {what}."));
    }
    None
}
