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
    let v = d.vms.iter().find(|v| v.id == id).ok_or_else(|| SimError::not_found("Virtual machine", &id))?;
    let net = d.networks.iter().find(|n| n.id == v.network);
    let store = d.datastores.iter().find(|s| s.id == v.datastore).map(|s| s.name.as_str()).unwrap_or("datastore");
    let n: usize = v.id.trim_start_matches("vm-").parse().unwrap_or(0);
    let connected = if v.power_state == "POWERED_ON" { "CONNECTED" } else { "NOT_CONNECTED" };
    Ok(ok(json!({
        "guest_OS": v.guest_os,
        "name": v.name,
        "power_state": v.power_state,
        "hardware": { "version": "VMX_14", "upgrade_policy": "NEVER", "upgrade_status": "NONE" },
        "boot": hardware::boot_info(v),
        "boot_devices": [],
        "cpu": hardware::cpu_info(v),
        "memory": hardware::memory_info(v),
        "disks": [{ "key": "2000", "value": {
            "label": "Hard disk 1", "type": "SCSI", "scsi": { "bus": 0, "unit": 0 },
            "backing": { "type": "VMDK_FILE", "vmdk_file": format!("[{store}] {0}/{0}.vmdk", v.name) },
            "capacity": v.disk_gib << 30
        }}],
        "nics": [{ "key": "4000", "value": {
            "label": "Network adapter 1", "type": "VMXNET3", "mac_type": "ASSIGNED",
            "mac_address": format!("00:50:56:{:02x}:{:02x}:{:02x}", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff),
            "pci_slot_number": 192, "wake_on_lan_enabled": false, "upt_compatibility_enabled": true,
            "backing": { "type": net.map(|n| n.kind).unwrap_or("STANDARD_PORTGROUP"), "network": v.network, "network_name": net.map(|n| n.name.as_str()).unwrap_or("") },
            "state": connected, "start_connected": true, "allow_guest_control": true
        }}],
        "cdroms": [{ "key": "3000", "value": {
            "type": "SATA", "label": "CD/DVD drive 1", "sata": { "bus": 0, "unit": 0 },
            "backing": { "type": "CLIENT_DEVICE", "device_access_type": "PASSTHRU" },
            "state": "NOT_CONNECTED", "start_connected": false, "allow_guest_control": true
        }}],
        "floppies": [],
        "parallel_ports": [],
        "serial_ports": [],
        "sata_adapters": [{ "key": "15000", "value": { "label": "SATA controller 0", "type": "AHCI", "bus": 0, "pci_slot_number": 33 } }],
        "scsi_adapters": [{ "key": "1000", "value": { "label": "SCSI controller 0", "type": "PVSCSI", "scsi": { "bus": 0, "unit": 7 }, "pci_slot_number": 160, "sharing": "NONE" } }]
    })))
}
