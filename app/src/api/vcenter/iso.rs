//! `vcenter/iso`: a content library's ISO image mounted on a virtual machine (a CD/DVD drive vCenter adds for
//! it) and unmounted again, from the item's page or from the VM's Hardware tab.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a mount did (kept for the page it returns to): on which VM, as which drive.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Mounted {
    pub vm: String,
    pub vm_name: String,
    pub cdrom: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MountForm {
    #[serde(default)]
    pub item: String,
    /// A VM's name or id.
    #[serde(default)]
    pub vm: String,
}

#[server(prefix = "/api", endpoint = "vcenter/iso/image/mount")]
pub async fn mount_iso(#[server(flatten)] form: MountForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let f = form.clone();
    let mounted = crate::api::ssr::with_vc(|vc| async move {
        let vm = super::ovf::ssr::vm_id(&vc, &f.vm, "vm").await?;
        let cdrom = vc.vcenter_iso_image_mount(&f.item, &vm).await?;
        let vm_name = vc.vcenter_vm_get(&vm).await.map(|v| v.name).unwrap_or_else(|_| vm.clone());
        Ok(Mounted { vm, vm_name, cdrom })
    })
    .await
    .map_err(keep)?;
    crate::api::ssr::keep_result(<MountIso as leptos::server_fn::ServerFn>::PATH, &mounted)
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct UnmountForm {
    #[serde(default)]
    pub vm: String,
    #[serde(default)]
    pub cdrom: String,
    /// `hardware`: sent from the VM's Hardware tab, which is next; else the page it came from.
    #[serde(default)]
    pub from: String,
}

/// Whether a CD/DVD drive's ISO file is a content library's (vCenter keeps them under `contentlib-<library>/`
/// on the library's datastore): such a drive was added by a mount and goes with an unmount.
pub fn is_library_iso(file: &str) -> bool {
    let path = file.split_once(']').map_or(file, |(_, p)| p).trim_start();
    path.starts_with("contentlib-") && path.to_ascii_lowercase().ends_with(".iso")
}

#[server(prefix = "/api", endpoint = "vcenter/iso/image/unmount")]
pub async fn unmount_iso(#[server(flatten)] form: UnmountForm) -> Result<(), AppError> {
    let (vm, cdrom) = (form.vm.clone(), form.cdrom.clone());
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_iso_image_unmount(&vm, &cdrom).await }).await.map_err(|e| e.with_form(&form))?;
    if form.from == "hardware" {
        crate::api::vcenter::vm::back_to_vm(&form.vm, "hardware", "iso-unmounted", <UnmountIso as leptos::server_fn::ServerFn>::PATH);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn library_isos_are_told_from_other_files() {
        assert!(super::is_library_iso("[datastore1] contentlib-5e1f/9a2c/tools.iso"));
        assert!(!super::is_library_iso("[datastore1] iso/tools.iso"));
        assert!(!super::is_library_iso("[datastore1] contentlib-5e1f/9a2c/disk.vmdk"));
    }
}
