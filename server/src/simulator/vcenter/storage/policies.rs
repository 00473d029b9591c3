//! `vcenter/storage/policies`: the storage policies (list), which datastores a policy suits
//! (`check-compatibility`), which VMs and disks use one, and the compliance of VMs and their disks (`compliance/vm`,
//! `entities/compliance`); and each VM's own policies and compliance (`vcenter/vm/{vm}/storage/policy`, in
//! [`crate::simulator::vcenter::vm::storage`]).
//!
//! The rules, in the simulator's own terms: each policy suits datastores of some kinds (vSAN's default only vSAN,
//! a VMFS policy only VMFS, …); a VM home or disk whose policy suits the datastore it is on is `COMPLIANT`,
//! otherwise `NON_COMPLIANT`; without a policy, `NOT_APPLICABLE`. The compliance lists need at least one status
//! (`invalid_argument`) and answer at most [`MAX_VMS`] VMs (`unable_to_allocate_resource`).

use crate::simulator::vcenter::inventory::{InventoryData, Vm};
use crate::simulator::vcenter::Filter;
use crate::simulator::{bad_body, ok, Authed, SimError, SimState};
use app::vsphere::rest::{Query, VapiErrorKind};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// A storage policy: id, name, description, and the datastore kinds it suits.
pub struct Policy {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub suits: &'static [&'static str],
}

/// vSphere 6.7's own policies and two of a team's.
pub const POLICIES: &[Policy] = &[
    Policy { id: "aa6d5a82-1c88-45da-85d3-3d74b91a5bad", name: "vSAN Default Storage Policy", description: "Storage policy used as default for vSAN datastores", suits: &["VSAN"] },
    Policy { id: "4d5f673c-536f-11e6-beb8-9e71128cae77", name: "VM Encryption Policy", description: "Sample storage policy for VMware's VM and virtual disk encryption", suits: &["VMFS", "VSAN", "NFS", "NFS41"] },
    Policy { id: "f31f2442-8247-4517-87c2-8d69d7a6c696", name: "VVol No Requirements Policy", description: "Allow the datastore to determine the best placement strategy for storage objects", suits: &["VVOL"] },
    Policy { id: "c4e2f8a0-6d1b-4e9a-9b62-1d2f6e1c0a01", name: "Gold (VMFS)", description: "Block storage on the east VMFS arrays", suits: &["VMFS"] },
    Policy { id: "c4e2f8a0-6d1b-4e9a-9b62-1d2f6e1c0a02", name: "Silver (NFS)", description: "File storage for test and backup machines", suits: &["NFS", "NFS41"] },
];

/// The most VMs a compliance list answers.
pub const MAX_VMS: usize = 1000;

pub fn policy(id: &str) -> Option<&'static Policy> {
    POLICIES.iter().find(|p| p.id == id)
}

/// The datastore kind a VMDK or home path (`[name] …`) or datastore id is on.
fn kind_of(d: &InventoryData, datastore_name: &str) -> Option<&'static str> {
    d.datastores.iter().find(|s| s.name == datastore_name || s.id == datastore_name).map(|s| s.kind)
}

/// The datastore name of a `[name] folder/file.vmdk` path.
pub fn store_of(path: &str) -> &str {
    path.strip_prefix('[').and_then(|p| p.split_once(']')).map_or("", |(s, _)| s)
}

/// The default policy of the datastore `store` (a name or id): vSAN's own default on vSAN, none elsewhere.
pub fn default_policy(d: &InventoryData, store: &str) -> Option<String> {
    (kind_of(d, store) == Some("VSAN")).then(|| POLICIES[0].id.to_string())
}

/// The compliance of an entity with `policy` on datastore `store` (name or id).
pub fn status(d: &InventoryData, policy_id: Option<&str>, store: &str) -> &'static str {
    match policy_id.and_then(policy) {
        None => "NOT_APPLICABLE",
        Some(p) if kind_of(d, store).is_some_and(|k| p.suits.contains(&k)) => "COMPLIANT",
        Some(_) => "NON_COMPLIANT",
    }
}

/// A VM's compliance now: its home's, and each disk's (key, status).
pub fn vm_compliance(d: &InventoryData, v: &Vm) -> (&'static str, Vec<(String, &'static str)>) {
    (status(d, v.home_policy.as_deref(), &v.datastore), v.disks.iter().map(|k| (k.key.clone(), status(d, k.policy.as_deref(), store_of(&k.vmdk)))).collect())
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/storage/policies", get(list))
        .route("/rest/vcenter/storage/policies/{policy}", post(check_compatibility))
        .route("/rest/vcenter/storage/policies/{policy}/vm", get(vms_of))
        .route("/rest/vcenter/storage/policies/compliance/vm", get(compliance_vms))
        .route("/rest/vcenter/storage/policies/entities/compliance", get(compliance_entities))
}

async fn list(_: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let f = Filter::parse(q);
    Ok(ok(POLICIES.iter().filter(|p| f.allows("policies", p.id)).map(|p| json!({ "policy": p.id, "name": p.name, "description": p.description })).collect::<Vec<_>>()))
}

async fn check_compatibility(State(state): State<SimState>, _: Authed, Path(id): Path<String>, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    let q = Query::parse(q.as_deref().unwrap_or(""));
    if q.get("action") != Some("check-compatibility") {
        return Err(SimError::no_operation(&format!("POST /rest/vcenter/storage/policies/{{policy}}?action={}", q.get("action").unwrap_or(""))));
    }
    #[derive(Deserialize)]
    struct Body {
        datastores: Vec<String>,
    }
    let datastores = serde_json::from_slice::<Body>(&body).map_err(bad_body)?.datastores;
    let p = policy(&id).ok_or_else(|| SimError::not_found("Storage policy", &id))?;
    let d = state.inventory.read();
    let compatible: Vec<Value> = datastores
        .iter()
        .filter(|s| kind_of(&d, s).is_some_and(|k| p.suits.contains(&k)) && d.datastores.iter().any(|x| &x.id == *s))
        .map(|s| json!({ "datastore": s }))
        .collect();
    Ok(ok(json!({ "compatible_datastores": compatible })))
}

async fn vms_of(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    policy(&id).ok_or_else(|| SimError::not_found("Storage policy", &id))?;
    let d = state.inventory.read();
    let mut map = Map::new();
    for v in &d.vms {
        let home = v.home_policy.as_deref() == Some(id.as_str());
        let disks: Vec<&String> = v.disks.iter().filter(|k| k.policy.as_deref() == Some(id.as_str())).map(|k| &k.key).collect();
        if home || !disks.is_empty() {
            map.insert(v.id.clone(), json!({ "vm_home": home, "disks": disks }));
        }
    }
    if map.len() > MAX_VMS {
        return Err(too_many());
    }
    Ok(ok(map_value(map)))
}

fn too_many() -> SimError {
    SimError::new(VapiErrorKind::Other("unable_to_allocate_resource".into()), "com.vmware.api.vcenter.storage.policies.too_many", format!("More than {MAX_VMS} virtual machines match: narrow the filter."), &[])
}

/// A vAPI map on the wire: `[{"key", "value"}]`.
fn map_value(map: Map<String, Value>) -> Value {
    Value::Array(map.into_iter().map(|(k, v)| json!({ "key": k, "value": v })).collect())
}

/// The statuses a compliance list asks for, checked against the ones its operation knows.
fn statuses(f: &Filter, allowed: &[&str]) -> Result<Vec<String>, SimError> {
    let s = f.values("status");
    if s.is_empty() {
        return Err(SimError::invalid_argument("com.vmware.api.vcenter.storage.policies.status_required", "Give at least one compliance status (filter.status).", &[]));
    }
    if let Some(bad) = s.iter().find(|x| !allowed.contains(&x.as_str())) {
        return Err(SimError::invalid_argument("vapi.bindings.typeconverter.invalid.enum", format!("{bad} is not a compliance status."), &[]));
    }
    Ok(s)
}

async fn compliance_vms(State(state): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let f = Filter::parse(q);
    let wanted = statuses(&f, &["COMPLIANT", "NON_COMPLIANT", "UNKNOWN_COMPLIANCE", "NOT_APPLICABLE", "OUT_OF_DATE"])?;
    let d = state.inventory.read();
    let mut map = Map::new();
    for v in d.vms.iter().filter(|v| f.allows("vms", &v.id)) {
        let (home, disks) = vm_compliance(&d, v);
        if std::iter::once(home).chain(disks.iter().map(|(_, s)| *s)).any(|s| wanted.iter().any(|w| w == s)) {
            let disks: Map<String, Value> = disks.into_iter().map(|(k, s)| (k, json!(s))).collect();
            map.insert(v.id.clone(), json!({ "vm_home": home, "disks": map_value(disks) }));
        }
    }
    if map.len() > MAX_VMS {
        return Err(too_many());
    }
    Ok(ok(map_value(map)))
}

async fn compliance_entities(State(state): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let f = Filter::parse(q);
    let wanted = statuses(&f, &["COMPLIANT", "NON_COMPLIANT", "UNKNOWN", "NOT_APPLICABLE", "OUT_OF_DATE"])?;
    let d = state.inventory.read();
    let rows: Vec<Value> = d
        .vms
        .iter()
        .filter(|v| f.allows("vms", &v.id))
        .filter(|v| f.allows_any("policies", v.home_policy.iter().chain(v.disks.iter().filter_map(|k| k.policy.as_ref()))))
        .filter_map(|v| {
            let (home, disks) = vm_compliance(&d, v);
            let any = std::iter::once(home).chain(disks.iter().map(|(_, s)| *s)).any(|s| wanted.iter().any(|w| w == s));
            let disks: Map<String, Value> = disks.into_iter().map(|(k, s)| (k, json!(s))).collect();
            any.then(|| json!({ "vm": v.id, "vm_home": home, "disks": map_value(disks) }))
        })
        .collect();
    if rows.len() > MAX_VMS {
        return Err(too_many());
    }
    Ok(ok(rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::vcenter::inventory::seed;

    #[test]
    fn an_entity_complies_when_its_policy_suits_its_datastore() {
        let d = seed(20);
        assert_eq!(status(&d, None, "datastore-60"), "NOT_APPLICABLE");
        assert_eq!(status(&d, Some(POLICIES[0].id), "datastore-63"), "COMPLIANT", "vSAN default on vSAN");
        assert_eq!(status(&d, Some(POLICIES[0].id), "east-vmfs-01"), "NON_COMPLIANT", "vSAN default on VMFS");
        assert_eq!(status(&d, Some(POLICIES[3].id), "east-vmfs-01"), "COMPLIANT");
        assert_eq!(default_policy(&d, "east-vsan").as_deref(), Some(POLICIES[0].id));
        assert_eq!(default_policy(&d, "east-vmfs-01"), None);
        let on_vsan = d.vms.iter().find(|v| v.datastore == "datastore-63").unwrap();
        assert_eq!(vm_compliance(&d, on_vsan).0, "COMPLIANT", "seeded with vSAN's default");
    }
}
