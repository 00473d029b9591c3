//! `vcenter/vm`: list (filter by ids, names, folders, datacenters, hosts, clusters, resource pools, power
//! states; 4000 at most) and get (the VM's configuration: guest OS, power, hardware version, boot, CPU,
//! memory, disk, NIC, CD-ROM, SCSI adapter). The guest (`guest`) and power (`power`) have modules of their own.

pub mod guest;
pub mod hardware;
pub mod power;

use super::{capped, Filter};
use crate::simulator::{ok, Authed, SimError, SimState};
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::json;

/// `GET /rest/vcenter/vm` answers `unable_to_allocate_resource` past this many matches.
pub const LIST_CAP: usize = 4000;

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/vm", get(list))
        .route("/rest/vcenter/vm/{vm}", get(get_vm))
        .merge(guest::routes())
        .merge(hardware::routes())
        .merge(power::routes())
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
        "hardware": { "version": "VMX_14", "upgrade_policy": "NEVER", "upgrade_status": "NONE" },
        "boot": hardware::boot_info(v),
        "boot_devices": [],
        "cpu": hardware::cpu_info(v),
        "memory": hardware::memory_info(v),
        "disks": map(v.disks.iter().map(|x| (x.key.clone(), hardware::disk::info(x))).collect()),
        "nics": map(v.nics.iter().map(|x| (x.key.clone(), hardware::ethernet::info(v, x, &d))).collect()),
        "cdroms": map(v.cdroms.iter().map(|x| (x.key.clone(), hardware::cdrom::info(v, x))).collect()),
        "floppies": [],
        "parallel_ports": [],
        "serial_ports": [],
        "sata_adapters": [{ "key": "15000", "value": { "label": "SATA controller 0", "type": "AHCI", "bus": 0, "pci_slot_number": 33 } }],
        "scsi_adapters": [{ "key": "1000", "value": { "label": "SCSI controller 0", "type": "PVSCSI", "scsi": { "bus": 0, "unit": 7 }, "pci_slot_number": 160, "sharing": "NONE" } }]
    })))
}
