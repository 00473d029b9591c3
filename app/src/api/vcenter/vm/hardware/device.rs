//! What the device classes share (`vcenter/vm/hardware/disk`, `ethernet`, `cdrom`, `floppy`, `serial`,
//! `parallel`, `adapter/scsi`, `adapter/sata`): removing one (after the page's confirmation; a disk's file stays
//! on its datastore), and connecting or disconnecting a connectable device while the VM runs.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The classes a device is removed from, as the forms name them.
pub const REMOVABLE: &[&str] = &["disk", "nic", "cdrom", "floppy", "serial", "parallel", "scsi", "sata"];

/// The classes that connect and disconnect.
pub const CONNECTABLE: &[&str] = &["nic", "cdrom", "floppy", "serial", "parallel"];

/// One device of a VM: its class (one of [`REMOVABLE`]) and its key.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DeviceForm {
    pub vm: String,
    pub class: String,
    pub device: String,
}

/// Removes a device (after the page's confirmation).
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/device/delete")]
pub async fn remove_vm_device(#[server(flatten)] form: DeviceForm) -> Result<(), AppError> {
    let vm = crate::api::vcenter::vm::vm_id(&form.vm)?;
    if !REMOVABLE.contains(&form.class.as_str()) {
        return Err(AppError::invalid("class", "Choose a disk, drive, port or adapter to remove."));
    }
    let (id, f) = (vm.clone(), form.clone());
    crate::api::ssr::with_vc(|vc| async move {
        let device = f.device.trim();
        match f.class.as_str() {
            "disk" => vc.vcenter_vm_hardware_disk_delete(&id, device).await,
            "nic" => vc.vcenter_vm_hardware_ethernet_delete(&id, device).await,
            "cdrom" => vc.vcenter_vm_hardware_cdrom_delete(&id, device).await,
            "floppy" => vc.vcenter_vm_hardware_floppy_delete(&id, device).await,
            "serial" => vc.vcenter_vm_hardware_serial_delete(&id, device).await,
            "parallel" => vc.vcenter_vm_hardware_parallel_delete(&id, device).await,
            "scsi" => vc.vcenter_vm_hardware_adapter_scsi_delete(&id, device).await,
            _ => vc.vcenter_vm_hardware_adapter_sata_delete(&id, device).await,
        }
    })
    .await?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", &format!("{}-removed", form.class), <RemoveVmDevice as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// Connects or disconnects a device of a running VM.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ConnectionForm {
    pub vm: String,
    /// One of [`CONNECTABLE`].
    pub class: String,
    pub device: String,
    /// `connect` or `disconnect`.
    pub action: String,
}

/// Connects or disconnects a device (`vcenter/vm/hardware/{ethernet,cdrom,floppy,serial,parallel}`, `connect` /
/// `disconnect`).
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/connection")]
pub async fn set_vm_device_connection(#[server(flatten)] form: ConnectionForm) -> Result<(), AppError> {
    let vm = crate::api::vcenter::vm::vm_id(&form.vm)?;
    let on = match form.action.as_str() {
        "connect" => true,
        "disconnect" => false,
        _ => return Err(AppError::invalid("action", "Choose connect or disconnect.")),
    };
    if !CONNECTABLE.contains(&form.class.as_str()) {
        return Err(AppError::invalid("class", "Only network adapters, drives and ports connect and disconnect."));
    }
    let (id, f) = (vm.clone(), form.clone());
    crate::api::ssr::with_vc(|vc| async move {
        let device = f.device.trim();
        match (f.class.as_str(), on) {
            ("nic", true) => vc.vcenter_vm_hardware_ethernet_connect(&id, device).await,
            ("nic", false) => vc.vcenter_vm_hardware_ethernet_disconnect(&id, device).await,
            ("cdrom", true) => vc.vcenter_vm_hardware_cdrom_connect(&id, device).await,
            ("cdrom", false) => vc.vcenter_vm_hardware_cdrom_disconnect(&id, device).await,
            ("floppy", true) => vc.vcenter_vm_hardware_floppy_connect(&id, device).await,
            ("floppy", false) => vc.vcenter_vm_hardware_floppy_disconnect(&id, device).await,
            ("serial", true) => vc.vcenter_vm_hardware_serial_connect(&id, device).await,
            ("serial", false) => vc.vcenter_vm_hardware_serial_disconnect(&id, device).await,
            (_, true) => vc.vcenter_vm_hardware_parallel_connect(&id, device).await,
            (_, false) => vc.vcenter_vm_hardware_parallel_disconnect(&id, device).await,
        }
    })
    .await?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", &format!("{}-{}", form.class, form.action), <SetVmDeviceConnection as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

