//! `vcenter/vm/hardware/adapter/scsi` and `adapter/sata`: add a SCSI adapter (type, bus, bus sharing) or a SATA
//! adapter (bus), change a SCSI adapter's bus sharing (removal is in `device`). Checked before sending: the
//! type and sharing are the API's, the bus 0 to 3 or the first free one.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The most adapters of one kind a VM has: buses 0 to 3.
pub const MAX_ADAPTERS: usize = 4;

/// SCSI adapter types, in words.
pub const SCSI_TYPES: &[(&str, &str)] = &[("PVSCSI", "VMware Paravirtual"), ("LSILOGICSAS", "LSI Logic SAS"), ("LSILOGIC", "LSI Logic Parallel"), ("BUSLOGIC", "BusLogic Parallel")];

/// Bus sharing, in words.
pub const SHARING: &[(&str, &str)] = &[("NONE", "None"), ("VIRTUAL", "Virtual: VMs on the same host share the bus"), ("PHYSICAL", "Physical: VMs on any host share the bus")];

/// An adapter as a form has it: `class` `scsi` or `sata`; `adapter` is the key when changing one; `bus` empty
/// for the first free one.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AdapterForm {
    pub vm: String,
    pub class: String,
    #[serde(default)]
    pub adapter: String,
    #[serde(default)]
    pub adapter_type: String,
    #[serde(default)]
    pub bus: String,
    #[serde(default)]
    pub sharing: String,
}

/// The bus `form` asks for (none: the first free one), or the refusal at its field.
pub fn bus(form: &AdapterForm) -> Result<Option<i64>, AppError> {
    match form.bus.trim() {
        "" => Ok(None),
        b => match b.parse::<i64>() {
            Ok(n) if (0..MAX_ADAPTERS as i64).contains(&n) => Ok(Some(n)),
            _ => Err(AppError::invalid("bus", "Choose bus 0, 1, 2 or 3, or leave it to take the first free one.")),
        },
    }
}

/// The bus sharing `form` asks for, or the refusal at its field.
pub fn sharing(form: &AdapterForm) -> Result<crate::vsphere::models::vcenter::vm::hardware::adapter::scsi::Sharing, AppError> {
    let s = match form.sharing.trim() {
        "" => "NONE",
        s => s,
    };
    if !SHARING.iter().any(|(k, _)| *k == s) {
        return Err(AppError::invalid("sharing", "Choose no sharing, virtual or physical."));
    }
    Ok(s.parse().expect("a sharing of the API"))
}

/// The SCSI create spec for `form`, or the refusal at its field.
pub fn scsi_spec(form: &AdapterForm) -> Result<crate::vsphere::models::vcenter::vm::hardware::adapter::scsi::CreateSpec, AppError> {
    let t = form.adapter_type.trim();
    let r#type = match t {
        "" => None,
        t if SCSI_TYPES.iter().any(|(k, _)| *k == t) => Some(t.parse().expect("a SCSI adapter type of the API")),
        _ => return Err(AppError::invalid("adapter_type", "Choose a SCSI adapter type.")),
    };
    Ok(crate::vsphere::models::vcenter::vm::hardware::adapter::scsi::CreateSpec { r#type, bus: bus(form)?, pci_slot_number: None, sharing: Some(sharing(form)?) })
}

/// Adds a SCSI or SATA adapter; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/adapter/create")]
pub async fn add_vm_adapter(#[server(flatten)] form: AdapterForm) -> Result<(), AppError> {
    use crate::vsphere::models::vcenter::vm::hardware::adapter::sata;
    let keep = |e: AppError| e.with_form(&form);
    let vm = crate::api::vcenter::vm::vm_id(&form.vm).map_err(keep)?;
    let id = vm.clone();
    match form.class.as_str() {
        "scsi" => {
            let spec = scsi_spec(&form).map_err(keep)?;
            crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_adapter_scsi_create(&id, &spec).await }).await.map_err(keep)?;
        }
        "sata" => {
            let spec = sata::CreateSpec { r#type: Some("AHCI".parse().expect("the SATA type of the API")), bus: bus(&form).map_err(keep)?, pci_slot_number: None };
            crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_adapter_sata_create(&id, &spec).await }).await.map_err(keep)?;
        }
        _ => return Err(keep(AppError::invalid("class", "Choose a SCSI or a SATA adapter."))),
    }
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", &format!("{}-added", form.class), <AddVmAdapter as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// Changes a SCSI adapter's bus sharing; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/adapter/scsi/update")]
pub async fn update_vm_scsi_adapter(#[server(flatten)] form: AdapterForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let vm = crate::api::vcenter::vm::vm_id(&form.vm).map_err(keep)?;
    let spec = crate::vsphere::models::vcenter::vm::hardware::adapter::scsi::UpdateSpec { sharing: Some(sharing(&form).map_err(keep)?) };
    let (id, adapter) = (vm.clone(), form.adapter.trim().to_string());
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_adapter_scsi_update(&id, &adapter, &spec).await }).await.map_err(keep)?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", "scsi-saved", <UpdateVmScsiAdapter as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bus_is_0_to_3_or_the_first_free_and_types_are_the_apis() {
        let form = |t: &str, b: &str, s: &str| AdapterForm { vm: "vm-1".into(), class: "scsi".into(), adapter_type: t.into(), bus: b.into(), sharing: s.into(), ..Default::default() };
        let spec = scsi_spec(&form("LSILOGIC", "2", "VIRTUAL")).unwrap();
        assert_eq!((spec.r#type.unwrap().as_str(), spec.bus, spec.sharing.unwrap().as_str()), ("LSILOGIC", Some(2), "VIRTUAL"));
        assert_eq!(scsi_spec(&form("", "", "")).unwrap().bus, None);
        assert_eq!(scsi_spec(&form("", "4", "")).unwrap_err().invalid_field(), Some("bus"));
        assert_eq!(scsi_spec(&form("", "one", "")).unwrap_err().invalid_field(), Some("bus"));
        assert_eq!(scsi_spec(&form("NVME", "", "")).unwrap_err().invalid_field(), Some("adapter_type"));
        assert_eq!(scsi_spec(&form("", "", "SHARED")).unwrap_err().invalid_field(), Some("sharing"));
    }
}
