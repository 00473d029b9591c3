//! `vcenter/vm/hardware/disk`: add a disk (a new VMDK of a size, or an existing VMDK file) on an adapter, at an
//! address or the first free one;
//! change the file behind one, remove one. Checked before sending: a size in whole GB up to 62 TB, a file as
//! `[datastore] folder/file.vmdk`. vSphere 6.7's API cannot grow a disk, so the console does not offer it; a
//! removed disk's file stays on its datastore.

use crate::error::AppError;
use crate::vsphere::models::vcenter::vm::hardware::disk::{BackingSpec, CreateSpec, VmdkCreateSpec};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// vSphere 6.7's largest virtual disk, in GB: 62 TB.
pub const MAX_DISK_GB: i64 = 62 * 1024;

/// Adding a disk: a new one of `size_gb`, or the existing file `vmdk` (`source` says which), on `adapter`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AddDiskForm {
    pub vm: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub size_gb: String,
    #[serde(default)]
    pub vmdk: String,
    #[serde(default)]
    pub adapter: String,
    /// `bus:unit` on the adapter (IDE: `0` primary / `1` secondary, `0` master / `1` slave); empty for the
    /// first free unit.
    #[serde(default)]
    pub address: String,
}

/// The address `text` names on `adapter` (none when empty: the first free unit), or what is wrong with it.
pub fn address(adapter: &str, text: &str) -> Result<Option<(i64, i64)>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let Some((b, u)) = text.split_once(':').and_then(|(b, u)| Some((b.trim().parse::<i64>().ok()?, u.trim().parse::<i64>().ok()?))) else {
        return Err("Give the address as bus:unit, as 0:3; or leave it empty for the first free unit.");
    };
    match adapter {
        "SCSI" if !(0..=3).contains(&b) || !(0..=15).contains(&u) => Err("A SCSI address is bus 0 to 3, unit 0 to 15."),
        "SCSI" if u == 7 => Err("Unit 7 is the SCSI adapter's own: choose another unit."),
        "SATA" if !(0..=3).contains(&b) || !(0..=29).contains(&u) => Err("A SATA address is bus 0 to 3, unit 0 to 29."),
        "IDE" if !(0..=1).contains(&b) || !(0..=1).contains(&u) => Err("An IDE address is 0 (primary) or 1 (secondary), then 0 (master) or 1 (slave): 0:1 is the primary slave."),
        _ => Ok(Some((b, u))),
    }
}

/// A path's problem as a VMDK file, if it has one (the shape only: vCenter says whether the file exists).
pub fn vmdk_path_problem(path: &str) -> Option<&'static str> {
    let Some((store, file)) = path.strip_prefix('[').and_then(|p| p.split_once("] ")) else {
        return Some("Give the file as [datastore] folder/file.vmdk, as the datastore browser shows it.");
    };
    if store.trim().is_empty() {
        return Some("Name the datastore between the brackets: [datastore] folder/file.vmdk.");
    }
    if !file.ends_with(".vmdk") || file.len() <= ".vmdk".len() || file.starts_with('/') {
        return Some("The file is a .vmdk file in a folder of the datastore: [datastore] folder/file.vmdk.");
    }
    None
}

/// The create spec for `form`, or the refusal at its field.
pub fn add_disk_spec(form: &AddDiskForm) -> Result<CreateSpec, AppError> {
    let adapter = match form.adapter.trim() {
        "" | "SCSI" => "SCSI",
        "SATA" => "SATA",
        "IDE" => "IDE",
        _ => return Err(AppError::invalid("adapter", "Choose SCSI, SATA or IDE.")),
    };
    let mut spec = CreateSpec { r#type: Some(adapter.parse().expect("an adapter type of the API")), ide: None, scsi: None, sata: None, backing: None, new_vmdk: None };
    use crate::vsphere::models::vcenter::vm::hardware::{IdeAddressSpec, SataAddressSpec, ScsiAddressSpec};
    match (adapter, address(adapter, &form.address).map_err(|m| AppError::invalid("address", m))?) {
        (_, None) => {}
        ("SCSI", Some((bus, unit))) => spec.scsi = Some(ScsiAddressSpec { bus, unit: Some(unit) }),
        ("SATA", Some((bus, unit))) => spec.sata = Some(SataAddressSpec { bus, unit: Some(unit) }),
        (_, Some((bus, unit))) => spec.ide = Some(IdeAddressSpec { primary: Some(bus == 0), master: Some(unit == 0) }),
    }
    if form.source == "existing" {
        let path = form.vmdk.trim();
        if let Some(p) = vmdk_path_problem(path) {
            return Err(AppError::invalid("vmdk", p));
        }
        spec.backing = Some(BackingSpec { r#type: "VMDK_FILE".parse().expect("a backing type of the API"), vmdk_file: Some(path.to_string()) });
    } else {
        let gb = super::whole("size_gb", &form.size_gb, "the size in GB")?;
        if !(1..=MAX_DISK_GB).contains(&gb) {
            return Err(AppError::invalid("size_gb", format!("A disk is from 1 to {MAX_DISK_GB} GB (62 TB).")));
        }
        spec.new_vmdk = Some(VmdkCreateSpec { name: None, capacity: Some(gb << 30), storage_policy: None });
    }
    Ok(spec)
}

/// Adds a disk; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/disk/create")]
pub async fn add_vm_disk(#[server(flatten)] form: AddDiskForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let vm = crate::api::vcenter::vm::vm_id(&form.vm).map_err(keep)?;
    let spec = add_disk_spec(&form).map_err(keep)?;
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_disk_create(&id, &spec).await }).await.map_err(keep)?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", "disk-added", <AddVmDisk as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// Another file behind disk `disk`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DiskFileForm {
    pub vm: String,
    pub disk: String,
    #[serde(default)]
    pub vmdk: String,
}

/// Changes the file behind a disk (only powered off); a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/disk/update")]
pub async fn set_vm_disk_file(#[server(flatten)] form: DiskFileForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let vm = crate::api::vcenter::vm::vm_id(&form.vm).map_err(keep)?;
    let path = form.vmdk.trim().to_string();
    if let Some(p) = vmdk_path_problem(&path) {
        return Err(keep(AppError::invalid("vmdk", p)));
    }
    let spec = crate::vsphere::models::vcenter::vm::hardware::disk::UpdateSpec { backing: Some(BackingSpec { r#type: "VMDK_FILE".parse().expect("a backing type of the API"), vmdk_file: Some(path) }) };
    let (id, disk) = (vm.clone(), form.disk.trim().to_string());
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_disk_update(&id, &disk, &spec).await }).await.map_err(keep)?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", "disk-file", <SetVmDiskFile as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_disk_has_a_size_in_whole_gb_and_an_existing_one_a_datastore_path() {
        let form = |source: &str, size: &str, vmdk: &str, adapter: &str| AddDiskForm { vm: "vm-1".into(), source: source.into(), size_gb: size.into(), vmdk: vmdk.into(), adapter: adapter.into(), address: String::new() };
        let spec = add_disk_spec(&form("new", "40", "", "")).unwrap();
        assert_eq!(spec.new_vmdk.unwrap().capacity, Some(40 << 30));
        assert_eq!(spec.r#type.unwrap().as_str(), "SCSI", "SCSI unless chosen");
        let field = |f: AddDiskForm| add_disk_spec(&f).unwrap_err().invalid_field().map(str::to_string);
        assert_eq!(field(form("new", "0", "", "SATA")), Some("size_gb".into()));
        assert_eq!(field(form("new", "63489", "", "SATA")), Some("size_gb".into()));
        assert_eq!(field(form("new", "4.5", "", "SATA")), Some("size_gb".into()));
        assert_eq!(field(form("new", "10", "", "NVME")), Some("adapter".into()));
        let spec = add_disk_spec(&form("existing", "", " [east-vmfs-01] old/old.vmdk ", "IDE")).unwrap();
        assert_eq!(spec.backing.unwrap().vmdk_file.as_deref(), Some("[east-vmfs-01] old/old.vmdk"));
        for bad in ["old.vmdk", "[] a/a.vmdk", "[ds] a/a.iso", "[ds] .vmdk"] {
            assert_eq!(field(form("existing", "", bad, "")), Some("vmdk".into()), "{bad}");
        }
    }

    #[test]
    fn an_address_is_bus_and_unit_within_the_adapters_range() {
        let at = |adapter: &str, address: &str| add_disk_spec(&AddDiskForm { source: "new".into(), size_gb: "1".into(), adapter: adapter.into(), address: address.into(), ..Default::default() });
        let scsi = at("SCSI", "1:3").unwrap().scsi.unwrap();
        assert_eq!((scsi.bus, scsi.unit), (1, Some(3)));
        assert_eq!(at("SATA", "0:29").unwrap().sata.unwrap().unit, Some(29));
        let ide = at("IDE", "1:0").unwrap().ide.unwrap();
        assert_eq!((ide.primary, ide.master), (Some(false), Some(true)), "secondary master");
        assert!(at("SCSI", "").unwrap().scsi.is_none(), "the first free unit");
        for (adapter, bad) in [("SCSI", "0:7"), ("SCSI", "4:0"), ("SCSI", "0:16"), ("SATA", "0:30"), ("IDE", "2:0"), ("SCSI", "3"), ("SCSI", "a:b")] {
            assert_eq!(at(adapter, bad).unwrap_err().invalid_field(), Some("address"), "{adapter} {bad}");
        }
    }
}
