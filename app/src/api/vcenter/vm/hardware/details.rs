//! A VM's Details tab (`vcenter/vm/hardware` and its device classes, `vcenter/vm/power`): every field vCenter
//! reports for one part of the VM, read the way the API lays it out — the part's own get for the VM-wide
//! settings, and for a device class its list, then each device's get. Where the Hardware tab words and groups
//! what matters for editing, this shows everything, under the API's own field names.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The parts the tab shows, (slug, heading): the VM-wide settings, then each device class.
pub const PARTS: &[(&str, &str)] = &[
    ("settings", "Power, version, CPU, memory and boot"),
    ("disk", "Hard disks"),
    ("nic", "Network adapters"),
    ("cdrom", "CD/DVD drives"),
    ("floppy", "Floppy drives"),
    ("serial", "Serial ports"),
    ("parallel", "Parallel ports"),
    ("scsi", "SCSI adapters"),
    ("sata", "SATA adapters"),
];

/// The part `part` names, the settings for any other.
pub fn part(part: Option<&str>) -> &'static str {
    PARTS.iter().map(|(s, _)| *s).find(|s| Some(*s) == part).unwrap_or("settings")
}

/// One section of the tab: its heading (a device's label and key) and its fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DetailSection {
    pub title: String,
    pub rows: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VmDetails {
    pub name: String,
    pub part: String,
    pub sections: Vec<DetailSection>,
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::DetailSection;
    use crate::api::fields::rows;
    use crate::client::VcSession;
    use crate::error::AppError;
    use futures::future::try_join_all;

    fn section(title: impl Into<String>, value: &impl serde::Serialize) -> DetailSection {
        DetailSection { title: title.into(), rows: rows(value) }
    }

    /// A device's section: its label (when it has one) and its key.
    fn device(key: &str, value: &impl serde::Serialize) -> DetailSection {
        let mut s = section(key, value);
        if let Some((_, label)) = s.rows.iter().find(|(k, _)| k == "label") {
            s.title = format!("{label} ({key})");
        }
        s
    }

    /// Each device of a class, from its list's keys and one get each.
    async fn devices<T, F, Fut>(keys: Vec<String>, get: F) -> Result<Vec<DetailSection>, AppError>
    where
        T: serde::Serialize,
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        try_join_all(keys.into_iter().map(|k| {
            let info = get(k.clone());
            async move { Ok::<_, AppError>(device(&k, &info.await?)) }
        }))
        .await
    }

    pub async fn sections(vc: &VcSession, vm: &str, part: &str) -> Result<Vec<DetailSection>, AppError> {
        Ok(match part {
            "disk" => devices(vc.vcenter_vm_hardware_disk_list(vm).await?.into_iter().map(|s| s.disk).collect(), |k| async move { vc.vcenter_vm_hardware_disk_get(vm, &k).await }).await?,
            "nic" => devices(vc.vcenter_vm_hardware_ethernet_list(vm).await?.into_iter().map(|s| s.nic).collect(), |k| async move { vc.vcenter_vm_hardware_ethernet_get(vm, &k).await }).await?,
            "cdrom" => devices(vc.vcenter_vm_hardware_cdrom_list(vm).await?.into_iter().map(|s| s.cdrom).collect(), |k| async move { vc.vcenter_vm_hardware_cdrom_get(vm, &k).await }).await?,
            "floppy" => devices(vc.vcenter_vm_hardware_floppy_list(vm).await?.into_iter().map(|s| s.floppy).collect(), |k| async move { vc.vcenter_vm_hardware_floppy_get(vm, &k).await }).await?,
            "serial" => devices(vc.vcenter_vm_hardware_serial_list(vm).await?.into_iter().map(|s| s.port).collect(), |k| async move { vc.vcenter_vm_hardware_serial_get(vm, &k).await }).await?,
            "parallel" => devices(vc.vcenter_vm_hardware_parallel_list(vm).await?.into_iter().map(|s| s.port).collect(), |k| async move { vc.vcenter_vm_hardware_parallel_get(vm, &k).await }).await?,
            "scsi" => devices(vc.vcenter_vm_hardware_adapter_scsi_list(vm).await?.into_iter().map(|s| s.adapter).collect(), |k| async move { vc.vcenter_vm_hardware_adapter_scsi_get(vm, &k).await }).await?,
            "sata" => devices(vc.vcenter_vm_hardware_adapter_sata_list(vm).await?.into_iter().map(|s| s.adapter).collect(), |k| async move { vc.vcenter_vm_hardware_adapter_sata_get(vm, &k).await }).await?,
            _ => {
                let (power, hardware, cpu, memory, boot, order) = tokio::try_join!(
                    vc.vcenter_vm_power_get(vm),
                    vc.vcenter_vm_hardware_get(vm),
                    vc.vcenter_vm_hardware_cpu_get(vm),
                    vc.vcenter_vm_hardware_memory_get(vm),
                    vc.vcenter_vm_hardware_boot_get(vm),
                    vc.vcenter_vm_hardware_boot_device_get(vm),
                )?;
                let order = if order.is_empty() {
                    DetailSection { title: "Boot order".into(), rows: vec![("devices".into(), "none: the firmware's default order".into())] }
                } else {
                    section("Boot order", &order)
                };
                vec![section("Power", &power), section("Hardware version", &hardware), section("CPU", &cpu), section("Memory", &memory), section("Boot", &boot), order]
            }
        })
    }
}

/// One part of VM `vm` (see [`PARTS`]), every field, with the VM's name for the heading.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/details")]
pub async fn get_vm_details(vm: String, part: String) -> Result<VmDetails, AppError> {
    let vm = crate::api::vcenter::vm::vm_id(&vm)?;
    let part = super::details::part(Some(&part)).to_string();
    crate::api::ssr::with_vc(|vc| async move {
        let (named, sections) = tokio::join!(vc.vcenter_vm_list(std::slice::from_ref(&vm), &[], &[], &[], &[], &[], &[], &[]), ssr::sections(&vc, &vm, &part));
        let name = named?.into_iter().next().map(|s| s.name).ok_or_else(|| AppError::vapi(crate::error::VapiErrorKind::NotFound, vec![crate::error::VapiMessage { id: "vcenter.vm.not_found".into(), default_message: format!("There is no virtual machine {vm}."), args: Vec::new() }]))?;
        Ok(VmDetails { name, part, sections: sections? })
    })
    .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_unknown_part_is_the_settings() {
        assert_eq!(super::part(Some("disk")), "disk");
        assert_eq!(super::part(Some("sata")), "sata");
        assert_eq!(super::part(Some("../x")), "settings");
        assert_eq!(super::part(None), "settings");
    }
}
