//! `vcenter/vm-template/library-items`: VM templates kept in a content library — made from a virtual machine
//! (`create`: the machine's hardware kept with the item, its configuration and disks as the item's files),
//! described (`get`), and deployed as a new machine (`deploy`: placement, the home's and the disks' datastore
//! and storage policy, power-on, CPU / memory /
//! network / disk changes), with vCenter's rules: a local library, a name unique in it (`already_exists`), the
//! placement checked as a VM create checks it, a name unique in the target folder.

use crate::simulator::content::item::{library_unusable, new_item, Unusable};
use crate::simulator::vcenter::inventory::Vm;
use crate::simulator::{bad_body, ok, Authed, SimError, SimState};
use app::vsphere::models::vcenter::vm_template::library_items::{CreateSpec, DeploySpec};
use app::vsphere::rest::{Query, VapiErrorKind};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::Method;
use axum::response::Response;
use axum::routing::{any, post};
use axum::Router;
use serde_json::{json, Value};

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/vm-template/library-items", post(create))
        .route("/rest/vcenter/vm-template/library-items/{item}", any(one))
}

fn spec<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, SimError> {
    #[derive(serde::Deserialize)]
    struct B<T> {
        spec: T,
    }
    serde_json::from_slice::<B<T>>(body).map(|b| b.spec).map_err(bad_body)
}

async fn create(State(state): State<SimState>, _: Authed, body: Bytes) -> Result<Response, SimError> {
    let s: CreateSpec = spec(&body)?;
    crate::simulator::content::check_name("item", &s.name)?;
    let (template, files) = {
        let inv = state.inventory.read();
        let v = inv.vm(&s.source_vm)?.clone();
        let stem = super::ovf::file_stem(&s.name);
        let mut files = vec![(format!("{stem}.vmtx"), format!("config.version = \"8\"\nvirtualHW.version = \"{}\"\nguestOS = \"{}\"\nnumvcpus = \"{}\"\nmemSize = \"{}\"\n", v.hardware_version, super::ovf::guest_id(&v.guest_os), v.cpu_count, v.memory_mib).into_bytes())];
        for (i, disk) in v.disks.iter().enumerate() {
            files.push((format!("{stem}-disk{}.vmdk", i + 1), format!("# Disk DescriptorFile\n# capacity {} bytes\n", disk.capacity).into_bytes()));
        }
        (v, files)
    };
    let mut d = state.content.data.lock().unwrap();
    match library_unusable(&d, &s.library, &s.name) {
        Some(Unusable::Missing) => return Err(SimError::not_found("Library", &s.library)),
        Some(Unusable::Subscribed) => return Err(SimError::invalid_argument("com.vmware.vcenter.vm_template.subscribed_library", "A subscribed library takes no new items.", &[&s.library])),
        Some(Unusable::NameTaken) => {
            return Err(SimError::new(VapiErrorKind::AlreadyExists, "com.vmware.vcenter.vm_template.duplicate_name", format!("An item named '{}' already exists in this library.", s.name.trim()), &[&s.name]))
        }
        None => {}
    }
    let id = new_item(&state, &mut d, &s.library, &s.name, "vm-template", s.description.as_deref().unwrap_or(""), &files)?;
    d.templates.insert(id.clone(), template);
    Ok(ok(id))
}

fn template(state: &SimState, item: &str) -> Result<Vm, SimError> {
    let d = state.content.data.lock().unwrap();
    if !d.items.iter().any(|i| i.id == item) {
        return Err(SimError::not_found("Library item", item));
    }
    d.templates.get(item).cloned().ok_or_else(|| SimError::not_found("VM template", item))
}

/// `{"key": k, "value": v}` pairs: a vAPI map on the wire.
fn map(entries: impl Iterator<Item = (String, Value)>) -> Value {
    Value::Array(entries.map(|(k, v)| json!({ "key": k, "value": v })).collect())
}

fn info(state: &SimState, t: &Vm) -> Value {
    let inv = state.inventory.read();
    let store_id = |vmdk: &str| {
        let name = crate::simulator::vcenter::storage::policies::store_of(vmdk);
        inv.datastores.iter().find(|s| s.name == name).map_or(t.datastore.clone(), |s| s.id.clone())
    };
    json!({
        "guest_OS": t.guest_os,
        "cpu": { "count": t.cpu_count, "cores_per_socket": t.cores_per_socket },
        "memory": { "size_MiB": t.memory_mib },
        "vm_home_storage": { "datastore": t.datastore, "storage_policy": t.home_policy },
        "disks": map(t.disks.iter().map(|k| (k.key.clone(), json!({ "capacity": k.capacity, "disk_storage": { "datastore": store_id(&k.vmdk), "storage_policy": k.policy } })))),
        "nics": map(t.nics.iter().map(|n| {
            let kind = inv.networks.iter().find(|x| x.id == n.network).map_or("STANDARD_PORTGROUP", |x| x.kind);
            (n.key.clone(), json!({ "backing_type": kind, "mac_type": n.mac_type, "network": n.network }))
        })),
    })
}

async fn one(State(state): State<SimState>, _: Authed, method: Method, Path(item): Path<String>, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    let action = Query::parse(q.as_deref().unwrap_or("")).get("action").map(str::to_string);
    match (method, action.as_deref()) {
        (Method::GET, None) => {
            let t = template(&state, &item)?;
            Ok(ok(info(&state, &t)))
        }
        (Method::POST, Some("deploy")) => {
            let s: DeploySpec = spec(&body)?;
            let t = template(&state, &item)?;
            let p = s.placement.clone();
            let placement = json!({
                "folder": p.as_ref().and_then(|p| p.folder.clone()).unwrap_or_else(|| t.folder.clone()),
                "resource_pool": p.as_ref().and_then(|p| p.resource_pool.clone()).or_else(|| (p.as_ref().is_none_or(|p| p.host.is_none() && p.cluster.is_none())).then(|| t.resource_pool.clone())),
                "host": p.as_ref().and_then(|p| p.host.clone()),
                "cluster": p.as_ref().and_then(|p| p.cluster.clone()),
                "datastore": s.vm_home_storage.as_ref().and_then(|h| h.datastore.clone()).unwrap_or_else(|| t.datastore.clone()),
            });
            let create = json!({ "guest_OS": t.guest_os, "name": s.name, "placement": placement, "disks": [], "scsi_adapters": [], "sata_adapters": [] });
            let create: super::vm::CreateSpec = serde_json::from_value(create).map_err(bad_body)?;
            let mut inv = state.inventory.write();
            let placed = super::vm::build(&inv, &create)?;
            let store = inv.datastores.iter().find(|x| x.id == placed.datastore).map(|x| x.name.clone()).unwrap_or_default();
            // The template's hardware, in the new machine's place.
            let mut v = Vm {
                id: placed.id.clone(),
                name: placed.name.clone(),
                datacenter: placed.datacenter.clone(),
                folder: placed.folder.clone(),
                host: placed.host.clone(),
                cluster: placed.cluster.clone(),
                resource_pool: placed.resource_pool.clone(),
                datastore: placed.datastore.clone(),
                power_state: "POWERED_OFF",
                clean_power_off: true,
                compliance: None,
                guest_move: None,
                ..t.clone()
            };
            // The disks on the datastore given for them (else beside the VM's home), each policy as asked.
            let disk_store = match s.disk_storage.as_ref().and_then(|d| d.datastore.as_ref()) {
                Some(ds) => inv.datastores.iter().find(|x| &x.id == ds).map(|x| x.name.clone()).ok_or_else(|| SimError::not_found("Datastore", ds))?,
                None => store,
            };
            let specified = |kind: &str, policy: &Option<String>| -> Result<String, SimError> {
                let p = policy.as_deref().ok_or_else(|| SimError::invalid_argument("com.vmware.vcenter.vm_template.policy", format!("USE_SPECIFIED_POLICY for the {kind} names no policy."), &[]))?;
                crate::simulator::vcenter::storage::policies::policy(p).map(|x| x.id.to_string()).ok_or_else(|| SimError::invalid_argument("com.vmware.vcenter.vm_template.policy", format!("Storage policy {p} was not found."), &[p]))
            };
            if let Some(p) = s.vm_home_storage.as_ref().and_then(|h| h.storage_policy.as_ref()) {
                if p.r#type.as_str() == "USE_SPECIFIED_POLICY" {
                    v.home_policy = Some(specified("VM's home", &p.policy)?);
                }
            }
            let disk_policy = match s.disk_storage.as_ref().and_then(|d| d.storage_policy.as_ref()) {
                Some(p) if p.r#type.as_str() == "USE_SPECIFIED_POLICY" => Some(specified("disks", &p.policy)?),
                _ => None,
            };
            for (i, disk) in v.disks.iter_mut().enumerate() {
                disk.vmdk = format!("[{disk_store}] {0}/{0}{1}.vmdk", v.name, if i == 0 { String::new() } else { format!("_{i}") });
                if let Some(p) = &disk_policy {
                    disk.policy = Some(p.clone());
                }
            }
            if let Some(h) = &s.hardware_customization {
                if let Some(c) = &h.cpu_update {
                    if let Some(n) = c.num_cpus {
                        if !(1..=128).contains(&n) {
                            return Err(SimError::invalid_argument("com.vmware.vcenter.vm_template.cpu", format!("{n} CPUs: a virtual machine has 1 to 128."), &[]));
                        }
                        v.cpu_count = n;
                    }
                    if let Some(n) = c.num_cores_per_socket {
                        if n < 1 || v.cpu_count % n != 0 {
                            return Err(SimError::invalid_argument("com.vmware.vcenter.vm_template.cores", format!("{} CPUs do not divide into sockets of {n} cores.", v.cpu_count), &[]));
                        }
                        v.cores_per_socket = n;
                    }
                }
                if let Some(m) = h.memory_update.as_ref().and_then(|m| m.memory) {
                    if m < 4 || m % 4 != 0 {
                        return Err(SimError::invalid_argument("com.vmware.vcenter.vm_template.memory", format!("{m} MiB: memory is a multiple of 4 MiB."), &[]));
                    }
                    v.memory_mib = m;
                }
                for (key, nic) in h.nics.iter().flat_map(|n| n.iter()) {
                    let Some(n) = v.nics.iter_mut().find(|x| &x.key == key) else { return Err(SimError::not_found("Network adapter", key)) };
                    if let Some(net) = &nic.network {
                        if !inv.networks.iter().any(|x| &x.id == net) {
                            return Err(SimError::not_found("Network", net));
                        }
                        n.network = net.clone();
                    }
                }
                for key in h.disks_to_remove.iter().flatten() {
                    if !v.disks.iter().any(|k| &k.key == key) {
                        return Err(SimError::not_found("Disk", key));
                    }
                    v.disks.retain(|k| &k.key != key);
                }
                for (key, upd) in h.disks_to_update.iter().flat_map(|m| m.iter()) {
                    let Some(k) = v.disks.iter_mut().find(|k| &k.key == key) else { return Err(SimError::not_found("Disk", key)) };
                    if upd.capacity < k.capacity {
                        return Err(SimError::invalid_argument("com.vmware.vcenter.vm_template.disk_shrink", format!("Disk {key} cannot shrink."), &[key]));
                    }
                    k.capacity = upd.capacity;
                }
            }
            if s.powered_on == Some(true) {
                v.power_state = "POWERED_ON";
            }
            let id = v.id.clone();
            inv.vms.push(v);
            Ok(ok(id))
        }
        (m, a) => Err(SimError::no_operation(&format!("{m} /rest/vcenter/vm-template/library-items/{{template_library_item}} {}", a.unwrap_or("")))),
    }
}
