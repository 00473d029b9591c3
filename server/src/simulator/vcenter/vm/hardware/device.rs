//! What the device modules (`disk`, `ethernet`, `cdrom`) share: a request's `spec`, a change of one VM under
//! the inventory's write lock, and the rules for connecting a device.

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
