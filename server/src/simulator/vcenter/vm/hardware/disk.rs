//! `vcenter/vm/hardware/disk`: a VM's virtual disks — list, get, add (a new VMDK of a size, or an existing
//! VMDK file), change the file behind one, remove — by the rules vSphere 6.7 documents:
//!
//! - A new disk goes on the SCSI adapter unless the spec names IDE or SATA, at the address asked for or the
//!   first free one ([`super::slots`]); SCSI and SATA disks are added and removed while the VM runs, IDE disks
//!   only powered off; a suspended VM takes no change (`not_allowed_in_current_state`).
//! - A new VMDK is 16 GB unless a capacity is given, at most 62 TB, and is created in the VM's home
//!   datastore beside its other files; an existing VMDK is named `[datastore] path.vmdk` on a datastore of the
//!   inventory, and one the VM already uses is `resource_in_use`.
//! - The file behind a disk changes only while the VM is powered off.
//! - Removing a disk detaches it: its VMDK file stays on the datastore.

use crate::simulator::vcenter::inventory::{Disk, InventoryData, Vm};
use super::device;
use super::slots::{self, BusSpec, IdeSpec};
use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

/// vSphere 6.7's largest virtual disk: 62 TB.
pub const MAX_CAPACITY: i64 = 62 << 40;
/// A new VMDK's capacity when the spec gives none.
pub const DEFAULT_CAPACITY: i64 = 16 << 30;

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/vm/{vm}/hardware/disk", get(list).post(create))
        .route("/rest/vcenter/vm/{vm}/hardware/disk/{disk}", get(get_one).patch(update).delete(remove))
}

pub fn info(d: &Disk) -> Value {
    let (bus, address) = slots::address_json(d.bus_type, d.bus, d.unit);
    let mut info = json!({ "label": d.label, "type": d.bus_type, "backing": { "type": "VMDK_FILE", "vmdk_file": d.vmdk }, "capacity": d.capacity });
    info[bus] = address;
    info
}

#[derive(Deserialize, Default)]
pub struct BackingSpec {
    pub r#type: String,
    pub vmdk_file: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct VmdkCreateSpec {
    pub name: Option<String>,
    pub capacity: Option<i64>,
}

#[derive(Deserialize, Default)]
pub struct CreateSpec {
    pub r#type: Option<String>,
    pub ide: Option<IdeSpec>,
    pub scsi: Option<BusSpec>,
    pub sata: Option<BusSpec>,
    pub backing: Option<BackingSpec>,
    pub new_vmdk: Option<VmdkCreateSpec>,
}

#[derive(Deserialize, Default)]
pub struct UpdateSpec {
    pub backing: Option<BackingSpec>,
}

fn find<'a>(v: &'a Vm, disk: &str) -> Result<&'a Disk, SimError> {
    v.disks.iter().find(|d| d.key == disk).ok_or_else(|| SimError::not_found("Virtual disk", disk))
}

/// A VMDK path's problem, if it has one: `[datastore] folder/file.vmdk` on a datastore of the inventory.
pub fn vmdk_problem(path: &str, stores: &[String]) -> Option<String> {
    let Some((store, file)) = path.strip_prefix('[').and_then(|p| p.split_once("] ")) else {
        return Some(format!("{path:?} is not a datastore path: [datastore] folder/file.vmdk."));
    };
    if !stores.iter().any(|s| s == store) {
        return Some(format!("There is no datastore named {store}."));
    }
    if !file.ends_with(".vmdk") || file.len() <= ".vmdk".len() {
        return Some(format!("{file:?} is not a VMDK file (name.vmdk)."));
    }
    None
}

/// The VM with a new disk as `spec` asks, and the disk's key; or the documented refusal.
pub fn apply_create(v: &Vm, spec: &CreateSpec, stores: &[String], home: &str) -> Result<(Vm, String), SimError> {
    let bus_type: &'static str = match spec.r#type.as_deref() {
        None | Some("SCSI") => "SCSI",
        Some("SATA") => "SATA",
        Some("IDE") => "IDE",
        Some(other) => return Err(SimError::invalid_argument("com.vmware.api.vcenter.vm.hardware.disk.type", format!("{other} is not a disk adapter type: IDE, SCSI or SATA."), &[])),
    };
    slots::check_plug(v, bus_type, "disk")?;
    let (bus, unit) = slots::place(v, bus_type, spec.ide, if bus_type == "SATA" { spec.sata } else { spec.scsi }, "disk")?;
    let invalid = |m: String| SimError::invalid_argument("com.vmware.api.vcenter.vm.hardware.disk.backing", m, &[]);
    let (vmdk, capacity) = match (&spec.backing, &spec.new_vmdk) {
        (Some(_), Some(_)) => return Err(invalid("Give either an existing VMDK file or a new one, not both.".into())),
        (Some(b), None) => {
            if b.r#type != "VMDK_FILE" {
                return Err(invalid(format!("{} is not a disk backing type: VMDK_FILE.", b.r#type)));
            }
            let path = b.vmdk_file.clone().unwrap_or_default();
            if let Some(p) = vmdk_problem(&path, stores) {
                return Err(invalid(p));
            }
            if v.disks.iter().any(|d| d.vmdk == path) {
                return Err(SimError::new(VapiErrorKind::Other("resource_in_use".into()), "com.vmware.api.vcenter.vm.hardware.disk.in_use", format!("{path} is already a disk of this virtual machine."), &[]));
            }
            // An existing file's size is its own: the simulator keeps no files, so it says 16 GB.
            (path, DEFAULT_CAPACITY)
        }
        (None, new) => {
            let new = new.as_ref();
            let capacity = new.and_then(|n| n.capacity).unwrap_or(DEFAULT_CAPACITY);
            if capacity <= 0 || capacity > MAX_CAPACITY {
                return Err(invalid(format!("A disk's capacity is from 1 byte to 62 TB; {capacity} bytes is not.")));
            }
            let base = match new.and_then(|n| n.name.clone()) {
                Some(n) if n.is_empty() || n.contains(['/', '[', ']']) || n.ends_with(".vmdk") => {
                    return Err(invalid(format!("{n:?} is not a VMDK base name (no folder, no .vmdk).")));
                }
                Some(n) => n,
                None => (1..).map(|k| format!("{}_{k}", v.name)).find(|n| !v.disks.iter().any(|d| d.vmdk.ends_with(&format!("/{n}.vmdk")))).unwrap(),
            };
            let path = format!("[{home}] {}/{base}.vmdk", v.name);
            if v.disks.iter().any(|d| d.vmdk == path) {
                return Err(SimError::error("com.vmware.api.vcenter.vm.hardware.disk.file_exists", format!("The file {path} already exists."), &[]));
            }
            (path, capacity)
        }
    };
    let mut n = v.clone();
    let key = slots::next_key(2000, v.disks.iter().map(|d| &d.key));
    // Its storage policy: the datastore's default, set by the caller that knows the datastores (`with_default_policy`).
    n.disks.push(Disk { key: key.clone(), label: slots::next_label("Hard disk", v.disks.iter().map(|d| &d.label)), bus_type, bus, unit, vmdk, capacity, policy: None });
    Ok((n, key))
}

/// The VM with disk `disk`'s file changed as `spec` asks; or the documented refusal.
pub fn apply_update(v: &Vm, disk: &str, spec: &UpdateSpec, stores: &[String]) -> Result<Vm, SimError> {
    find(v, disk)?;
    let Some(b) = &spec.backing else { return Ok(v.clone()) };
    // Update documents no `invalid_argument` for what the type converter accepts: a bad file is `error`.
    let path = b.vmdk_file.clone().unwrap_or_default();
    if let Some(p) = (b.r#type != "VMDK_FILE").then(|| format!("{} is not a disk backing type: VMDK_FILE.", b.r#type)).or_else(|| vmdk_problem(&path, stores)) {
        return Err(SimError::error("com.vmware.api.vcenter.vm.hardware.disk.backing", p, &[]));
    }
    if v.power_state != "POWERED_OFF" {
        return Err(SimError::new(
            VapiErrorKind::NotAllowedInCurrentState,
            "com.vmware.api.vcenter.vm.hardware.disk.backing_powered_on",
            "The file behind a disk can only be changed while the virtual machine is powered off.",
            &[],
        ));
    }
    let mut n = v.clone();
    n.disks.iter_mut().filter(|d| d.key == disk).for_each(|d| d.vmdk = path.clone());
    Ok(n)
}

/// The VM without disk `disk` (its file stays); or the documented refusal.
pub fn apply_remove(v: &Vm, disk: &str) -> Result<Vm, SimError> {
    let d = find(v, disk)?;
    slots::check_plug(v, d.bus_type, "disk")?;
    let mut n = v.clone();
    n.disks.retain(|d| d.key != disk);
    // The boot order forgets it, as vCenter's does.
    for e in &mut n.boot_devices {
        e.disks.retain(|k| k != disk);
    }
    n.boot_devices.retain(|e| !(e.kind == "DISK" && e.disks.is_empty() && n.disks.is_empty()));
    Ok(n)
}

/// `v` with disk `key` given its datastore's default storage policy, as vCenter gives a new disk.
pub fn with_default_policy(d: &InventoryData, mut v: Vm, key: &str) -> Vm {
    use crate::simulator::vcenter::storage::policies::{default_policy, store_of};
    for disk in v.disks.iter_mut().filter(|k| k.key == key) {
        disk.policy = default_policy(d, store_of(&disk.vmdk));
    }
    v
}

/// The inventory's datastore names, and the name of the VM's home datastore.
fn stores(d: &InventoryData, v: &Vm) -> (Vec<String>, String) {
    (d.datastores.iter().map(|s| s.name.clone()).collect(), d.datastores.iter().find(|s| s.id == v.datastore).map(|s| s.name.clone()).unwrap_or_default())
}

async fn list(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    Ok(ok(state.inventory.read().vm(&id)?.disks.iter().map(|d| json!({ "disk": d.key })).collect::<Vec<_>>()))
}

async fn get_one(State(state): State<SimState>, _: Authed, Path((id, disk)): Path<(String, String)>) -> Result<Response, SimError> {
    Ok(ok(info(find(state.inventory.read().vm(&id)?, &disk)?)))
}

async fn create(State(state): State<SimState>, _: Authed, Path(id): Path<String>, body: Bytes) -> Result<Response, SimError> {
    let spec = device::spec::<CreateSpec>(&body)?;
    Ok(ok(device::change_vm(&state, &id, |d, v| {
        let (names, home) = stores(d, v);
        let (n, key) = apply_create(v, &spec, &names, &home)?;
        Ok((with_default_policy(d, n, &key), key))
    })?))
}

async fn update(State(state): State<SimState>, _: Authed, Path((id, disk)): Path<(String, String)>, body: Bytes) -> Result<Response, SimError> {
    let spec = device::spec::<UpdateSpec>(&body)?;
    device::change_vm(&state, &id, |d, v| Ok((apply_update(v, &disk, &spec, &stores(d, v).0)?, ())))?;
    Ok(ok_void())
}

async fn remove(State(state): State<SimState>, _: Authed, Path((id, disk)): Path<(String, String)>) -> Result<Response, SimError> {
    device::change_vm(&state, &id, |_, v| Ok((apply_remove(v, &disk)?, ())))?;
    Ok(ok_void())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::vcenter::inventory::seed;

    fn vm(power: &'static str) -> Vm {
        let mut v = seed(1).vms.remove(0);
        v.power_state = power;
        v
    }

    const STORES: &[&str] = &["east-vmfs-01", "east-nfs-iso"];

    fn stores() -> Vec<String> {
        STORES.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_new_disk_is_a_vmdk_of_its_size_in_the_vms_home_on_the_next_free_unit() {
        let v = vm("POWERED_ON");
        let (n, key) = apply_create(&v, &CreateSpec { new_vmdk: Some(VmdkCreateSpec { name: None, capacity: Some(40 << 30) }), ..Default::default() }, &stores(), "east-vmfs-01").unwrap();
        let d = n.disks.iter().find(|d| d.key == key).unwrap();
        assert_eq!((d.label.as_str(), d.bus_type, d.bus, d.unit, d.capacity), ("Hard disk 2", "SCSI", 0, 1, 40 << 30), "hot added on SCSI");
        assert_eq!(d.vmdk, format!("[east-vmfs-01] {0}/{0}_1.vmdk", v.name));
        let (n2, _) = apply_create(&n, &CreateSpec::default(), &stores(), "east-vmfs-01").unwrap();
        assert_eq!(n2.disks[2].capacity, DEFAULT_CAPACITY);
        assert_eq!(n2.disks[2].vmdk, format!("[east-vmfs-01] {0}/{0}_2.vmdk", v.name));
        let too_big = CreateSpec { new_vmdk: Some(VmdkCreateSpec { name: None, capacity: Some(MAX_CAPACITY + 1) }), ..Default::default() };
        assert_eq!(apply_create(&v, &too_big, &stores(), "east-vmfs-01").unwrap_err().kind.as_str(), "invalid_argument");
        let ide = CreateSpec { r#type: Some("IDE".into()), ..Default::default() };
        assert_eq!(apply_create(&v, &ide, &stores(), "east-vmfs-01").unwrap_err().kind.as_str(), "not_allowed_in_current_state");
        assert!(apply_create(&vm("POWERED_OFF"), &ide, &stores(), "east-vmfs-01").is_ok());
        assert_eq!(apply_create(&vm("SUSPENDED"), &CreateSpec::default(), &stores(), "east-vmfs-01").unwrap_err().kind.as_str(), "not_allowed_in_current_state");
    }

    #[test]
    fn an_existing_vmdk_must_be_a_datastore_path_the_vm_does_not_use_yet() {
        let v = vm("POWERED_OFF");
        let existing = |p: &str| CreateSpec { backing: Some(BackingSpec { r#type: "VMDK_FILE".into(), vmdk_file: Some(p.into()) }), ..Default::default() };
        assert!(apply_create(&v, &existing("[east-nfs-iso] old/data.vmdk"), &stores(), "east-vmfs-01").is_ok());
        for bad in ["old/data.vmdk", "[nowhere] a.vmdk", "[east-nfs-iso] a.iso"] {
            assert_eq!(apply_create(&v, &existing(bad), &stores(), "east-vmfs-01").unwrap_err().kind.as_str(), "invalid_argument", "{bad}");
        }
        let mut v2 = v.clone();
        v2.disks[0].vmdk = "[east-vmfs-01] x/x.vmdk".into();
        assert_eq!(apply_create(&v2, &existing("[east-vmfs-01] x/x.vmdk"), &stores(), "east-vmfs-01").unwrap_err().kind.as_str(), "resource_in_use");
    }

    #[test]
    fn the_file_changes_only_powered_off_and_removing_keeps_it() {
        let spec = UpdateSpec { backing: Some(BackingSpec { r#type: "VMDK_FILE".into(), vmdk_file: Some("[east-nfs-iso] b/b.vmdk".into()) }) };
        assert_eq!(apply_update(&vm("POWERED_ON"), "2000", &spec, &stores()).unwrap_err().kind.as_str(), "not_allowed_in_current_state");
        assert_eq!(apply_update(&vm("POWERED_OFF"), "2000", &spec, &stores()).unwrap().disks[0].vmdk, "[east-nfs-iso] b/b.vmdk");
        let bad = UpdateSpec { backing: Some(BackingSpec { r#type: "VMDK_FILE".into(), vmdk_file: Some("b.vmdk".into()) }) };
        assert_eq!(apply_update(&vm("POWERED_OFF"), "2000", &bad, &stores()).unwrap_err().kind.as_str(), "error", "update documents no invalid_argument");
        assert_eq!(apply_update(&vm("POWERED_OFF"), "2999", &spec, &stores()).unwrap_err().kind.as_str(), "not_found");
        assert!(apply_remove(&vm("POWERED_ON"), "2000").unwrap().disks.is_empty(), "SCSI: hot remove");
        assert_eq!(apply_remove(&vm("SUSPENDED"), "2000").unwrap_err().kind.as_str(), "not_allowed_in_current_state");
    }
}
