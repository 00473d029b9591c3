//! `vcenter/iso`: a content library's ISO image mounted on a virtual machine (a CD/DVD drive vCenter adds for
//! it) and unmounted again.

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

#[server(prefix = "/api", endpoint = "vcenter/iso/image/unmount")]
pub async fn unmount_iso(vm: String, cdrom: String) -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_iso_image_unmount(&vm, &cdrom).await }).await
}
