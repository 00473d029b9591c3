//! What the device classes share (`vcenter/vm/hardware/disk`, `ethernet`, `cdrom`): removing one (after the
//! page's confirmation; a disk's file stays on its datastore), and connecting or disconnecting a network
//! adapter or CD/DVD drive while the VM runs.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One device of a VM: `class` `disk`, `nic` or `cdrom`, and its key.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DeviceForm {
    pub vm: String,
    pub class: String,
    pub device: String,
}

/// Removes a disk, network adapter or CD/DVD drive (after the page's confirmation).
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/device/delete")]
pub async fn remove_vm_device(#[server(flatten)] form: DeviceForm) -> Result<(), AppError> {
    let vm = crate::api::vcenter::vm::vm_id(&form.vm)?;
    if !["disk", "nic", "cdrom"].contains(&form.class.as_str()) {
        return Err(AppError::invalid("class", "Only disks, network adapters and CD/DVD drives are removed here."));
    }
    let (id, f) = (vm.clone(), form.clone());
    crate::api::ssr::with_vc(|vc| async move {
        let device = f.device.trim();
        match f.class.as_str() {
            "disk" => vc.vcenter_vm_hardware_disk_delete(&id, device).await,
            "nic" => vc.vcenter_vm_hardware_ethernet_delete(&id, device).await,
            _ => vc.vcenter_vm_hardware_cdrom_delete(&id, device).await,
        }
    })
    .await?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", &format!("{}-removed", form.class), <RemoveVmDevice as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// Connects or disconnects a network adapter or CD/DVD drive of a running VM.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ConnectionForm {
    pub vm: String,
    /// `nic` or `cdrom`.
    pub class: String,
    pub device: String,
    /// `connect` or `disconnect`.
    pub action: String,
}

/// Connects or disconnects a device (`vcenter/vm/hardware/ethernet` or `cdrom`, `connect` / `disconnect`).
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/connection")]
pub async fn set_vm_device_connection(#[server(flatten)] form: ConnectionForm) -> Result<(), AppError> {
    let vm = crate::api::vcenter::vm::vm_id(&form.vm)?;
    let on = match form.action.as_str() {
        "connect" => true,
        "disconnect" => false,
        _ => return Err(AppError::invalid("action", "Choose connect or disconnect.")),
    };
    if !["nic", "cdrom"].contains(&form.class.as_str()) {
        return Err(AppError::invalid("class", "Only network adapters and CD/DVD drives connect and disconnect."));
    }
    let (id, f) = (vm.clone(), form.clone());
    crate::api::ssr::with_vc(|vc| async move {
        let device = f.device.trim();
        match (f.class.as_str(), on) {
            ("nic", true) => vc.vcenter_vm_hardware_ethernet_connect(&id, device).await,
            ("nic", false) => vc.vcenter_vm_hardware_ethernet_disconnect(&id, device).await,
            (_, true) => vc.vcenter_vm_hardware_cdrom_connect(&id, device).await,
            (_, false) => vc.vcenter_vm_hardware_cdrom_disconnect(&id, device).await,
        }
    })
    .await?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", &format!("{}-{}", form.class, form.action), <SetVmDeviceConnection as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

