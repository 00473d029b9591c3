//! `vcenter/vm`: list (filter by ids, names, folders, datacenters, hosts, clusters, resource pools, power
//! states; 4000 at most), get (the VM's configuration: guest OS, power, hardware version, boot, CPU,
//! memory, disks, NICs, CD-ROMs, SCSI and SATA adapters), create and delete. The guest (`guest`), power
//! (`power`) and hardware (`hardware`) have modules of their own.
//!
//! Create, by vSphere 6.7's documented rules: the guest OS is one of the API's; the placement names a VM
//! folder and a datastore, and a resource pool unless a host or cluster is given (a host must be in the
//! cluster or pool given; all in the folder's datacenter); the name is 1 to 80 characters and unique in its
//! folder (`already_exists`); CPU, memory and devices follow the hardware rules, and without a disk list the
//! VM gets one 16 GB disk (no network adapter or CD-ROM unless asked). The new VM is powered off. Delete
//! refuses a VM that is powered on (`not_allowed_in_current_state`) and removes its tag associations.

pub mod guest;
pub mod hardware;
pub mod power;
pub mod storage;

use super::inventory::{InventoryData, Vm};
use hardware::{adapter, port};
use super::{capped, Filter};
use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::body::Bytes;
use axum::routing::get;
use serde::Deserialize;
use axum::Router;
use serde_json::json;

/// `GET /rest/vcenter/vm` answers `unable_to_allocate_resource` past this many matches.
pub const LIST_CAP: usize = 4000;

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/vm", get(list).post(create))
        .route("/rest/vcenter/vm/{vm}", get(get_vm).delete(delete))
        .merge(guest::routes())
        .merge(hardware::routes())
        .merge(power::routes())
        .merge(storage::routes())
}

async fn list(State(state): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let f = Filter::parse(q);
    f.check_enum("power_states", &["POWERED_OFF", "POWERED_ON", "SUSPENDED"])?;
    let d = state.inventory.read();
    let items: Vec<_> = d
        .vms
        .iter()
        .filter(|v| {
            f.allows("vms", &v.id)
                && f.allows("names", &v.name)
                && f.allows("folders", &v.folder)
                && f.allows("datacenters", &v.datacenter)
                && f.allows("hosts", &v.host)
                && f.allows_opt("clusters", v.cluster.as_deref())
                && f.allows("resource_pools", &v.resource_pool)
                && f.allows("power_states", v.power_state)
        })
        .map(|v| json!({ "vm": v.id, "name": v.name, "power_state": v.power_state, "cpu_count": v.cpu_count, "memory_size_MiB": v.memory_mib }))
        .collect();
    capped(items, LIST_CAP, "virtual machines")
}

async fn get_vm(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let d = state.inventory.read();
    let v = d.vm(&id)?;
    let map = |items: Vec<(String, serde_json::Value)>| items.into_iter().map(|(key, value)| json!({ "key": key, "value": value })).collect::<Vec<_>>();
    Ok(ok(json!({
        "guest_OS": v.guest_os,
        "name": v.name,
        "power_state": v.power_state,
        "hardware": hardware::version_info(v),
        "boot": hardware::boot_info(v),
        "boot_devices": hardware::boot_devices_info(v),
        "cpu": hardware::cpu_info(v),
        "memory": hardware::memory_info(v),
        "disks": map(v.disks.iter().map(|x| (x.key.clone(), hardware::disk::info(x))).collect()),
        "nics": map(v.nics.iter().map(|x| (x.key.clone(), hardware::ethernet::info(v, x, &d))).collect()),
        "cdroms": map(v.cdroms.iter().map(|x| (x.key.clone(), hardware::cdrom::info(v, x))).collect()),
        "floppies": map(v.floppies.iter().map(|x| (x.key.clone(), port::info(port::Class::Floppy, v, x))).collect()),
        "parallel_ports": map(v.parallel_ports.iter().map(|x| (x.key.clone(), port::info(port::Class::Parallel, v, x))).collect()),
        "serial_ports": map(v.serial_ports.iter().map(|x| (x.key.clone(), port::info(port::Class::Serial, v, x))).collect()),
        "sata_adapters": map(v.sata_adapters.iter().map(|x| (x.key.clone(), adapter::info(adapter::Kind::Sata, x))).collect()),
        "scsi_adapters": map(v.scsi_adapters.iter().map(|x| (x.key.clone(), adapter::info(adapter::Kind::Scsi, x))).collect())
    })))
}

/// The longest VM name vCenter takes.
pub const MAX_NAME: usize = 80;

#[derive(Deserialize, Default)]
pub struct PlacementSpec {
    pub folder: Option<String>,
    pub resource_pool: Option<String>,
    pub host: Option<String>,
    pub cluster: Option<String>,
    pub datastore: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct CreateSpec {
    #[serde(rename = "guest_OS")]
    pub guest_os: String,
    pub name: Option<String>,
    pub placement: Option<PlacementSpec>,
    pub hardware_version: Option<String>,
    pub cpu: Option<hardware::CpuSpec>,
    pub memory: Option<hardware::MemorySpec>,
    pub disks: Option<Vec<hardware::disk::CreateSpec>>,
    pub nics: Option<Vec<hardware::ethernet::CreateSpec>>,
    pub cdroms: Option<Vec<hardware::cdrom::CreateSpec>>,
    pub floppies: Option<Vec<port::Spec>>,
    pub serial_ports: Option<Vec<port::Spec>>,
    pub parallel_ports: Option<Vec<port::Spec>>,
    pub scsi_adapters: Option<Vec<adapter::CreateSpec>>,
    pub sata_adapters: Option<Vec<adapter::CreateSpec>>,
}

/// The new VM `spec` describes, in `d`; or the documented refusal.
pub fn build(d: &InventoryData, spec: &CreateSpec) -> Result<Vm, SimError> {
    let invalid = |m: String| SimError::invalid_argument("com.vmware.api.vcenter.vm.create", m, &[]);
    let missing = |what: &str, id: &str| SimError::not_found(what, id);
    if !app::vsphere::models::vcenter::vm::GuestOs::VALUES.contains(&spec.guest_os.as_str()) {
        return Err(invalid(format!("{} is not a guest OS of the API.", spec.guest_os)));
    }
    let p = spec.placement.as_ref().ok_or_else(|| invalid("The placement is required: a folder, a datastore, and a resource pool, host or cluster.".into()))?;
    let folder_id = p.folder.as_deref().ok_or_else(|| invalid("The placement names the VM folder.".into()))?;
    let folder = d.folders.iter().find(|f| f.id == folder_id).ok_or_else(|| missing("Folder", folder_id))?;
    if folder.kind != "VIRTUAL_MACHINE" {
        return Err(invalid(format!("Folder {folder_id} is not a virtual machine folder.")));
    }
    let datacenter = folder.datacenter.clone().unwrap_or_default();
    let store_id = p.datastore.as_deref().ok_or_else(|| invalid("The placement names the datastore.".into()))?;
    let store = d.datastores.iter().find(|s| s.id == store_id).ok_or_else(|| missing("Datastore", store_id))?;
    if p.resource_pool.is_none() && p.host.is_none() && p.cluster.is_none() {
        return Err(invalid("The placement names a resource pool, a host or a cluster.".into()));
    }
    let pool = match p.resource_pool.as_deref() {
        Some(id) => Some(d.resource_pools.iter().find(|r| r.id == id).ok_or_else(|| missing("Resource pool", id))?),
        None => None,
    };
    let cluster = match p.cluster.as_deref() {
        Some(id) => Some(d.clusters.iter().find(|c| c.id == id).ok_or_else(|| missing("Cluster", id))?),
        None => None,
    };
    let host = match p.host.as_deref() {
        Some(id) => Some(d.hosts.iter().find(|h| h.id == id).ok_or_else(|| missing("Host", id))?),
        None => None,
    };
    if let (Some(h), Some(c)) = (host, cluster) {
        if h.cluster.as_deref() != Some(c.id.as_str()) {
            return Err(invalid(format!("Host {} is not in cluster {}.", h.id, c.id)));
        }
    }
    if let (Some(r), Some(c)) = (pool, cluster) {
        if r.cluster.as_deref() != Some(c.id.as_str()) {
            return Err(invalid(format!("Resource pool {} is not in cluster {}.", r.id, c.id)));
        }
    }
    // The hosts the VM may run on; the first connected one takes it.
    let candidates: Vec<&super::inventory::Host> = d
        .hosts
        .iter()
        .filter(|h| host.is_none_or(|x| x.id == h.id))
        .filter(|h| cluster.is_none_or(|c| h.cluster.as_deref() == Some(c.id.as_str())))
        .filter(|h| pool.is_none_or(|r| match &r.cluster {
            Some(c) => h.cluster.as_deref() == Some(c.as_str()),
            None => r.hosts.contains(&h.id),
        }))
        .collect();
    let Some(runs_on) = candidates.iter().find(|h| h.connection_state == "CONNECTED") else {
        return Err(match candidates.first() {
            None => invalid("The resource pool, host and cluster given have no host in common.".into()),
            Some(h) => SimError::new(VapiErrorKind::Other("resource_inaccessible".into()), "com.vmware.api.vcenter.vm.host_not_connected", format!("Host {} is not connected.", h.id), &[]),
        });
    };
    if runs_on.datacenter != datacenter || store.datacenter != datacenter {
        return Err(invalid(format!("The folder, the host and the datastore must be in one datacenter ({datacenter}).")));
    }
    let pool_id = match pool {
        Some(r) => r.id.clone(),
        None => runs_on
            .cluster
            .as_ref()
            .and_then(|c| d.clusters.iter().find(|x| &x.id == c))
            .map(|c| c.resource_pool.clone())
            .or_else(|| d.resource_pools.iter().find(|r| r.cluster.is_none() && r.hosts.contains(&runs_on.id)).map(|r| r.id.clone()))
            .unwrap_or_default(),
    };
    let number = d.vms.iter().filter_map(|v| v.id.trim_start_matches("vm-").parse::<u32>().ok()).max().unwrap_or(999) + 1;
    let name = spec.name.clone().unwrap_or_else(|| format!("Virtual machine {number}"));
    if name.trim().is_empty() || name.chars().count() > MAX_NAME {
        return Err(invalid(format!("A virtual machine's name is 1 to {MAX_NAME} characters.")));
    }
    if d.vms.iter().any(|v| v.folder == folder.id && v.name == name) {
        return Err(SimError::new(VapiErrorKind::AlreadyExists, "com.vmware.api.vcenter.vm.name_exists", format!("A virtual machine named {name} already exists in folder {}.", folder.name), &[&name]));
    }
    let version = match spec.hardware_version.as_deref() {
        None => 14,
        Some(v) => match v.strip_prefix("VMX_").and_then(|n| n.parse::<u32>().ok()) {
            Some(n) if (3..=hardware::MAX_VERSION).contains(&n) => n,
            Some(n) if n > hardware::MAX_VERSION => return Err(SimError::new(VapiErrorKind::Other("unsupported".into()), "com.vmware.api.vcenter.vm.hardware_version", format!("Hardware version {n} is newer than this vCenter supports ({}).", hardware::MAX_VERSION), &[])),
            _ => return Err(invalid(format!("{v} is not a hardware version."))),
        },
    };
    let mut v = Vm {
        id: format!("vm-{number}"),
        name: name.clone(),
        datacenter,
        folder: folder.id.clone(),
        host: runs_on.id.clone(),
        cluster: runs_on.cluster.clone(),
        resource_pool: pool_id,
        datastore: store.id.clone(),
        power_state: "POWERED_OFF",
        clean_power_off: true,
        cpu_count: 1,
        cores_per_socket: 1,
        cpu_hot_add: false,
        cpu_hot_remove: false,
        memory_mib: 1024,
        memory_hot_add: false,
        boot_efi: spec.guest_os.starts_with("WINDOWS"),
        boot_delay: 0,
        boot_retry: false,
        boot_retry_delay: 10_000,
        boot_setup: false,
        guest_os: spec.guest_os.clone(),
        hardware_version: version,
        upgrade_policy: "NEVER".into(),
        upgrade_version: None,
        boot_devices: Vec::new(),
        home_policy: super::storage::policies::default_policy(d, &store.id),
        compliance: None,
        disks: Vec::new(),
        nics: Vec::new(),
        cdroms: Vec::new(),
        floppies: Vec::new(),
        serial_ports: Vec::new(),
        parallel_ports: Vec::new(),
        scsi_adapters: Vec::new(),
        sata_adapters: Vec::new(),
        guest_move: None,
    };
    if let Some(c) = &spec.cpu {
        v = hardware::apply_cpu(&v, c)?;
    }
    if let Some(m) = &spec.memory {
        v = hardware::apply_memory(&v, m)?;
    }
    // The storage adapters asked for, or the guest's defaults; then the devices on them.
    let (default_scsi, default_sata) = super::inventory::Adapter::defaults(&spec.guest_os);
    match &spec.scsi_adapters {
        Some(adapters) => for a in adapters {
            v = adapter::apply_create(adapter::Kind::Scsi, &v, a)?.0;
        },
        None => v.scsi_adapters = default_scsi,
    }
    match &spec.sata_adapters {
        Some(adapters) => for a in adapters {
            v = adapter::apply_create(adapter::Kind::Sata, &v, a)?.0;
        },
        None => v.sata_adapters = default_sata,
    }
    let stores: Vec<String> = d.datastores.iter().map(|s| s.name.clone()).collect();
    let networks: hardware::ethernet::Networks = d.networks.iter().map(|n| (n.id.clone(), n.kind)).collect();
    let default_disk = [hardware::disk::CreateSpec::default()];
    for disk in spec.disks.as_deref().unwrap_or(&default_disk) {
        let (n, key) = hardware::disk::apply_create(&v, disk, &stores, &store.name)?;
        v = hardware::disk::with_default_policy(d, n, &key);
    }
    for nic in spec.nics.iter().flatten() {
        v = hardware::ethernet::apply_create(&v, nic, &networks)?.0;
    }
    for cdrom in spec.cdroms.iter().flatten() {
        v = hardware::cdrom::apply_create(&v, cdrom, &stores)?.0;
    }
    for (class, specs) in [(port::Class::Floppy, &spec.floppies), (port::Class::Serial, &spec.serial_ports), (port::Class::Parallel, &spec.parallel_ports)] {
        for p in specs.iter().flatten() {
            v = port::apply_create(class, &v, p, &stores)?.0;
        }
    }
    Ok(v)
}

async fn create(State(state): State<SimState>, _: Authed, body: Bytes) -> Result<Response, SimError> {
    let spec = hardware::device::spec::<CreateSpec>(&body)?;
    let mut d = state.inventory.write();
    let v = build(&d, &spec)?;
    let id = v.id.clone();
    d.vms.push(v);
    Ok(ok(id))
}

async fn delete(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let mut d = state.inventory.write();
    let v = d.vm(&id)?;
    if v.power_state == "POWERED_ON" {
        return Err(SimError::new(
            VapiErrorKind::NotAllowedInCurrentState,
            "com.vmware.api.vcenter.vm.powered_on",
            format!("Virtual machine {id} is powered on: power it off before deleting it."),
            &[&id],
        ));
    }
    d.vms.retain(|v| v.id != id);
    drop(d);
    state.tagging.forget_object("VirtualMachine", &id);
    Ok(ok_void())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::vcenter::inventory::seed;

    fn placement(folder: &str, pool: Option<&str>, host: Option<&str>, cluster: Option<&str>, store: &str) -> Option<PlacementSpec> {
        Some(PlacementSpec { folder: Some(folder.into()), resource_pool: pool.map(Into::into), host: host.map(Into::into), cluster: cluster.map(Into::into), datastore: Some(store.into()) })
    }

    #[test]
    fn a_new_vm_is_placed_by_its_spec_powered_off_with_a_default_disk() {
        let d = seed(10);
        let spec = CreateSpec { guest_os: "UBUNTU_64".into(), name: Some("new-01".into()), placement: placement("group-v30", None, None, Some("domain-c40"), "datastore-60"), ..Default::default() };
        let v = build(&d, &spec).unwrap();
        assert_eq!((v.id.as_str(), v.power_state, v.cluster.as_deref(), v.hardware_version), ("vm-1010", "POWERED_OFF", Some("domain-c40"), 14));
        assert!(d.hosts.iter().any(|h| h.id == v.host && h.cluster.as_deref() == Some("domain-c40")));
        assert_eq!((v.disks.len(), v.disks[0].capacity, v.nics.len(), v.cdroms.len()), (1, 16 << 30, 0, 0));
        assert_eq!(v.disks[0].vmdk, "[east-vmfs-01] new-01/new-01_1.vmdk");
    }

    #[test]
    fn a_new_vm_is_refused_as_vsphere_documents() {
        let d = seed(10);
        let kind = |spec: CreateSpec| build(&d, &spec).unwrap_err().kind.as_str().to_string();
        let ok = || CreateSpec { guest_os: "UBUNTU_64".into(), name: Some("x".into()), placement: placement("group-v30", Some("resgroup-47"), None, None, "datastore-60"), ..Default::default() };
        assert!(build(&d, &ok()).is_ok());
        assert_eq!(kind(CreateSpec { guest_os: "PLAN9".into(), ..ok() }), "invalid_argument");
        assert_eq!(kind(CreateSpec { placement: None, ..ok() }), "invalid_argument");
        assert_eq!(kind(CreateSpec { placement: placement("group-v999", Some("resgroup-47"), None, None, "datastore-60"), ..ok() }), "not_found");
        assert_eq!(kind(CreateSpec { placement: placement("group-v30", None, None, None, "datastore-60"), ..ok() }), "invalid_argument", "no pool, host or cluster");
        assert_eq!(kind(CreateSpec { placement: placement("group-v30", None, Some("host-57"), Some("domain-c40"), "datastore-60"), ..ok() }), "invalid_argument", "a host outside the cluster");
        let taken = d.vms.iter().find(|v| v.folder == "group-v30").unwrap().name.clone();
        assert_eq!(kind(CreateSpec { name: Some(taken), ..ok() }), "already_exists");
        assert_eq!(kind(CreateSpec { name: Some("n".repeat(81)), ..ok() }), "invalid_argument");
        assert_eq!(kind(CreateSpec { hardware_version: Some("VMX_15".into()), ..ok() }), "unsupported");
        assert_eq!(kind(CreateSpec { cpu: Some(hardware::CpuSpec { count: Some(3), cores_per_socket: Some(2), ..Default::default() }), ..ok() }), "invalid_argument");
    }
}
