//! `vcenter/vm/hardware/cdrom`: add a CD/DVD drive (on SATA or IDE, with a medium), change its medium (an ISO
//! file on a datastore, a host device, or the client's device — a disc is swapped this way while the VM
//! runs), remove one. Checked before sending: an ISO file as `[datastore] folder/file.iso`.

use crate::error::AppError;
use crate::vsphere::models::vcenter::vm::hardware::cdrom::{BackingSpec, CreateSpec};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The media a drive may have, in words.
pub const MEDIA: &[(&str, &str)] = &[("ISO_FILE", "ISO file on a datastore"), ("HOST_DEVICE", "Host's CD/DVD device"), ("CLIENT_DEVICE", "Client device (the console user's machine)")];

/// A drive as a form has it: `cdrom` is empty when adding; `adapter` only counts then.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CdromForm {
    pub vm: String,
    #[serde(default)]
    pub cdrom: String,
    #[serde(default)]
    pub adapter: String,
    #[serde(default)]
    pub medium: String,
    #[serde(default)]
    pub iso_file: String,
    #[serde(default)]
    pub host_device: String,
    pub start_connected: Option<String>,
}

/// A path's problem as an ISO file, if it has one (the shape only: vCenter says whether the file exists).
pub fn iso_path_problem(path: &str) -> Option<&'static str> {
    let Some((store, file)) = path.strip_prefix('[').and_then(|p| p.split_once("] ")) else {
        return Some("Give the ISO file as [datastore] folder/file.iso, as the datastore browser shows it.");
    };
    if store.trim().is_empty() || !file.to_lowercase().ends_with(".iso") || file.len() <= 4 {
        return Some("The file is an .iso image on a datastore: [datastore] folder/file.iso.");
    }
    None
}

/// The medium for `form`, or the refusal at its field.
pub fn medium(form: &CdromForm) -> Result<BackingSpec, AppError> {
    let r#type = match form.medium.trim() {
        "" | "CLIENT_DEVICE" => "CLIENT_DEVICE",
        "ISO_FILE" => "ISO_FILE",
        "HOST_DEVICE" => "HOST_DEVICE",
        _ => return Err(AppError::invalid("medium", "Choose an ISO file, the host's device or the client device.")),
    };
    let mut b = BackingSpec { r#type: r#type.parse().expect("a backing type of the API"), iso_file: None, host_device: None, device_access_type: None };
    match r#type {
        "ISO_FILE" => {
            let path = form.iso_file.trim();
            if let Some(p) = iso_path_problem(path) {
                return Err(AppError::invalid("iso_file", p));
            }
            b.iso_file = Some(path.to_string());
        }
        "HOST_DEVICE" => b.host_device = Some(form.host_device.trim().to_string()).filter(|h| !h.is_empty()),
        _ => b.device_access_type = Some("PASSTHRU".parse().expect("an access type of the API")),
    }
    Ok(b)
}

/// The create spec for `form`, or the refusal at its field.
pub fn add_cdrom_spec(form: &CdromForm) -> Result<CreateSpec, AppError> {
    let adapter = match form.adapter.trim() {
        "" | "SATA" => "SATA",
        "IDE" => "IDE",
        _ => return Err(AppError::invalid("adapter", "Choose SATA or IDE.")),
    };
    Ok(CreateSpec {
        r#type: Some(adapter.parse().expect("an adapter type of the API")),
        backing: Some(medium(form)?),
        ide: None,
        sata: None,
        start_connected: Some(form.start_connected.is_some()),
        allow_guest_control: Some(true),
    })
}

/// Adds a CD/DVD drive; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/cdrom/create")]
pub async fn add_vm_cdrom(#[server(flatten)] form: CdromForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let vm = crate::api::vcenter::vm::vm_id(&form.vm).map_err(keep)?;
    let spec = add_cdrom_spec(&form).map_err(keep)?;
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_cdrom_create(&id, &spec).await }).await.map_err(keep)?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", "cdrom-added", <AddVmCdrom as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// Changes a drive's medium and whether it connects at power on; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/cdrom/update")]
pub async fn update_vm_cdrom(#[server(flatten)] form: CdromForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let vm = crate::api::vcenter::vm::vm_id(&form.vm).map_err(keep)?;
    let spec = crate::vsphere::models::vcenter::vm::hardware::cdrom::UpdateSpec { backing: Some(medium(&form).map_err(keep)?), start_connected: Some(form.start_connected.is_some()), allow_guest_control: None };
    let (id, cdrom) = (vm.clone(), form.cdrom.trim().to_string());
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_cdrom_update(&id, &cdrom, &spec).await }).await.map_err(keep)?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", "cdrom-saved", <UpdateVmCdrom as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_iso_medium_is_a_datastore_path_and_the_client_device_is_the_default() {
        let form = |medium: &str, iso: &str| CdromForm { vm: "vm-1".into(), medium: medium.into(), iso_file: iso.into(), ..Default::default() };
        let b = medium(&form("ISO_FILE", "[east-nfs-iso] images/ubuntu-22.04.iso")).unwrap();
        assert_eq!(b.iso_file.as_deref(), Some("[east-nfs-iso] images/ubuntu-22.04.iso"));
        assert_eq!(medium(&form("", "")).unwrap().r#type.as_str(), "CLIENT_DEVICE");
        for bad in ["ubuntu.iso", "[east-nfs-iso] notes.txt", "[] a.iso"] {
            assert_eq!(medium(&form("ISO_FILE", bad)).unwrap_err().invalid_field(), Some("iso_file"), "{bad}");
        }
        assert_eq!(add_cdrom_spec(&CdromForm { adapter: "SCSI".into(), ..form("", "") }).unwrap_err().invalid_field(), Some("adapter"));
        assert_eq!(add_cdrom_spec(&form("HOST_DEVICE", "")).unwrap().r#type.unwrap().as_str(), "SATA");
    }
}
