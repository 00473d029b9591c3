//! `vcenter/vm/{vm}/storage/policy`: a VM's storage policies (its home's and each disk's; get and update) and
//! their compliance (the last check, and check now), by vSphere 6.7's documented rules:
//!
//! - An update names, for the home and for any disk, either a policy (`USE_SPECIFIED_POLICY`, which must exist)
//!   or the datastore's default (`USE_DEFAULT_POLICY`); an unknown policy or disk is `invalid_argument`. A
//!   policy that does not suit the datastore is taken: the entity becomes non-compliant.
//! - The compliance is the last check's ([`crate::simulator::vcenter::storage::policies::vm_compliance`] when it
//!   ran); an entity whose policy changed since is `OUT_OF_DATE`; a VM never checked reports its state when the
//!   simulator started. A check computes it now, for the home and the disks asked for.
//! - These operations document no `not_found`: an unknown VM is the generic `error`.

use crate::simulator::vcenter::inventory::{ComplianceCheck, InventoryData, Vm};
use crate::simulator::vcenter::storage::policies::{default_policy, policy, status, store_of};
use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::rest::Query;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/vm/{vm}/storage/policy", get(get_policy).patch(update))
        .route("/rest/vcenter/vm/{vm}/storage/policy/compliance", get(get_compliance).post(check))
}

fn unknown_vm(id: &str) -> SimError {
    SimError::error("com.vmware.api.vcenter.vm.storage.policy.vm_not_found", format!("Virtual machine {id} was not found."), &[id])
}

fn vm<'a>(d: &'a InventoryData, id: &str) -> Result<&'a Vm, SimError> {
    d.vm(id).map_err(|_| unknown_vm(id))
}

fn map_value(entries: impl Iterator<Item = (String, Value)>) -> Value {
    Value::Array(entries.map(|(k, v)| json!({ "key": k, "value": v })).collect())
}

pub fn policy_info(v: &Vm) -> Value {
    let mut info = json!({ "disks": map_value(v.disks.iter().filter_map(|k| k.policy.clone().map(|p| (k.key.clone(), json!(p))))) });
    if let Some(p) = &v.home_policy {
        info["vm_home"] = json!(p);
    }
    info
}

#[derive(Deserialize, serde::Serialize, Clone)]
pub struct PolicySpec {
    pub r#type: String,
    pub policy: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct UpdateSpec {
    pub vm_home: Option<PolicySpec>,
    pub disks: Option<Value>,
}

/// The policy a spec names on datastore `store`, or the documented refusal.
fn chosen(d: &InventoryData, spec: &PolicySpec, store: &str) -> Result<Option<String>, SimError> {
    let invalid = |m: String| SimError::invalid_argument("com.vmware.api.vcenter.vm.storage.policy.spec", m, &[]);
    match spec.r#type.as_str() {
        "USE_DEFAULT_POLICY" => Ok(default_policy(d, store)),
        "USE_SPECIFIED_POLICY" => {
            let id = spec.policy.clone().ok_or_else(|| invalid("A specified policy names its policy.".into()))?;
            policy(&id).ok_or_else(|| invalid(format!("There is no storage policy {id}.")))?;
            Ok(Some(id))
        }
        other => Err(invalid(format!("{other} is not a policy type."))),
    }
}

/// The disks of a spec: a vAPI map, as `[{"key", "value"}]` or an object.
fn disk_specs(v: &Value) -> Result<Vec<(String, PolicySpec)>, SimError> {
    let bad = |e: serde_json::Error| crate::simulator::bad_body(e);
    match v {
        Value::Array(items) => items
            .iter()
            .map(|i| Ok((i["key"].as_str().unwrap_or_default().to_string(), serde_json::from_value(i["value"].clone()).map_err(bad)?)))
            .collect(),
        Value::Object(m) => m.iter().map(|(k, x)| Ok((k.clone(), serde_json::from_value(x.clone()).map_err(bad)?))).collect(),
        _ => Ok(Vec::new()),
    }
}

/// The VM with the policies of `spec`; or the documented refusal.
pub fn apply_update(d: &InventoryData, v: &Vm, spec: &UpdateSpec) -> Result<Vm, SimError> {
    let mut n = v.clone();
    // Never checked: the state it had when the simulator started stands as the last check, so what changes now
    // is out of date until the next check.
    if n.compliance.is_none() {
        n.compliance = Some(check_now(d, v, &d.started, true, None));
    }
    if let Some(home) = &spec.vm_home {
        n.home_policy = chosen(d, home, &v.datastore)?;
    }
    let disks = spec.disks.as_ref().map(disk_specs).transpose()?.unwrap_or_default();
    for (key, s) in disks {
        let Some(disk) = n.disks.iter_mut().find(|k| k.key == key) else {
            return Err(SimError::invalid_argument("com.vmware.api.vcenter.vm.storage.policy.disk", format!("Virtual machine {} has no disk {key}.", v.id), &[]));
        };
        disk.policy = chosen(d, &s, store_of(&disk.vmdk))?;
    }
    Ok(n)
}

/// The compliance of `v` as the last check saw it (or as the simulator started), out of date where a policy changed since.
pub fn compliance_info(d: &InventoryData, v: &Vm) -> Value {
    let fresh;
    let check = match &v.compliance {
        Some(c) => c,
        None => {
            fresh = check_now(d, v, &d.started, true, None);
            &fresh
        }
    };
    let entity = |now: &Option<String>, (then, status): (&Option<String>, &'static str)| -> (&'static str, Value) {
        let status = if now != then { "OUT_OF_DATE" } else { status };
        let mut info = json!({ "status": status, "check_time": check.at, "failure_cause": [] });
        if status == "NON_COMPLIANT" {
            info["failure_cause"] = json!([{ "id": "com.vmware.vcenter.storage.policy.noncompliant", "default_message": "The datastore does not satisfy the storage policy's requirements.", "args": [] }]);
        }
        if let Some(p) = now {
            info["policy"] = json!(p);
        }
        (status, info)
    };
    let (home_status, home) = entity(&v.home_policy, (&check.home.0, check.home.1));
    let mut statuses = vec![home_status];
    let disks: Vec<(String, Value)> = v
        .disks
        .iter()
        .filter_map(|k| {
            let (_, then, s) = check.disks.iter().find(|(key, _, _)| key == &k.key)?;
            let (s, info) = entity(&k.policy, (then, s));
            statuses.push(s);
            Some((k.key.clone(), info))
        })
        .collect();
    // The worst of them, in vSphere's order.
    let overall = ["NON_COMPLIANT", "OUT_OF_DATE", "UNKNOWN_COMPLIANCE", "COMPLIANT", "NOT_APPLICABLE"].into_iter().find(|w| statuses.contains(w)).unwrap_or("NOT_APPLICABLE");
    json!({ "overall_compliance": overall, "vm_home": home, "disks": map_value(disks.into_iter()) })
}

/// A check of `v` now: its home (when `home`) and the disks asked for (all when `None`).
fn check_now(d: &InventoryData, v: &Vm, at: &str, home: bool, disks: Option<&[String]>) -> ComplianceCheck {
    let previous = v.compliance.clone();
    let home_entry = if home {
        (v.home_policy.clone(), status(d, v.home_policy.as_deref(), &v.datastore))
    } else {
        previous.as_ref().map(|p| p.home.clone()).unwrap_or((v.home_policy.clone(), "UNKNOWN_COMPLIANCE"))
    };
    let disk_entries = v
        .disks
        .iter()
        .map(|k| {
            let asked = disks.is_none_or(|ds| ds.contains(&k.key));
            match (asked, previous.as_ref().and_then(|p| p.disks.iter().find(|(key, _, _)| key == &k.key))) {
                (false, Some(old)) => old.clone(),
                (false, None) => (k.key.clone(), k.policy.clone(), "UNKNOWN_COMPLIANCE"),
                (true, _) => (k.key.clone(), k.policy.clone(), status(d, k.policy.as_deref(), store_of(&k.vmdk))),
            }
        })
        .collect();
    ComplianceCheck { at: at.to_string(), home: home_entry, disks: disk_entries }
}

async fn get_policy(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    Ok(ok(policy_info(vm(&state.inventory.read(), &id)?)))
}

async fn update(State(state): State<SimState>, _: Authed, Path(id): Path<String>, body: Bytes) -> Result<Response, SimError> {
    let spec = super::hardware::device::spec::<UpdateSpec>(&body)?;
    let mut d = state.inventory.write();
    let n = apply_update(&d, vm(&d, &id)?, &spec)?;
    *d.vm_mut(&id).map_err(|_| unknown_vm(&id))? = n;
    Ok(ok_void())
}

async fn get_compliance(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let d = state.inventory.read();
    Ok(ok(compliance_info(&d, vm(&d, &id)?)))
}

async fn check(State(state): State<SimState>, _: Authed, Path(id): Path<String>, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    let q = Query::parse(q.as_deref().unwrap_or(""));
    if q.get("action") != Some("check") {
        return Err(SimError::no_operation(&format!("POST /rest/vcenter/vm/{{vm}}/storage/policy/compliance?action={}", q.get("action").unwrap_or(""))));
    }
    #[derive(Deserialize, Default)]
    struct CheckSpec {
        vm_home: bool,
        disks: Option<Vec<String>>,
    }
    #[derive(Deserialize, Default)]
    struct Body {
        check_spec: Option<CheckSpec>,
    }
    let spec = if body.is_empty() { Body::default() } else { serde_json::from_slice::<Body>(&body).map_err(crate::simulator::bad_body)? }.check_spec;
    let mut d = state.inventory.write();
    let v = vm(&d, &id)?;
    let (home, disks) = spec.map_or((true, None), |s| (s.vm_home, s.disks));
    let checked = check_now(&d, v, &jiff::Timestamp::now().to_string(), home, disks.as_deref());
    let vm = d.vm_mut(&id).map_err(|_| unknown_vm(&id))?;
    vm.compliance = Some(checked);
    let info = compliance_info(&d, d.vm(&id).map_err(|_| unknown_vm(&id))?);
    Ok(ok(info))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::vcenter::inventory::seed;
    use crate::simulator::vcenter::storage::policies::POLICIES;

    #[test]
    fn a_policy_is_set_by_id_or_the_datastore_default_and_compliance_goes_out_of_date_until_checked() {
        let d = seed(20);
        let v = d.vms.iter().find(|v| v.datastore == "datastore-60").unwrap().clone();
        let gold = PolicySpec { r#type: "USE_SPECIFIED_POLICY".into(), policy: Some(POLICIES[3].id.into()) };
        let vsan = PolicySpec { r#type: "USE_SPECIFIED_POLICY".into(), policy: Some(POLICIES[0].id.into()) };
        let n = apply_update(&d, &v, &UpdateSpec { vm_home: Some(gold.clone()), disks: Some(json!({ "2000": vsan })) }).unwrap();
        assert_eq!((n.home_policy.as_deref(), n.disks[0].policy.as_deref()), (Some(POLICIES[3].id), Some(POLICIES[0].id)));
        let info = compliance_info(&d, &n);
        assert_eq!(info["overall_compliance"], "OUT_OF_DATE", "changed since the last check");
        let mut checked = n.clone();
        checked.compliance = Some(check_now(&d, &n, "2026-12-01T00:00:00Z", true, None));
        let info = compliance_info(&d, &checked);
        assert_eq!(info["vm_home"]["status"], "COMPLIANT");
        assert_eq!(info["disks"][0]["value"]["status"], "NON_COMPLIANT", "vSAN's policy on VMFS");
        assert_eq!(info["overall_compliance"], "NON_COMPLIANT");
        let bad = |s: UpdateSpec| apply_update(&d, &v, &s).unwrap_err().kind.as_str().to_string();
        assert_eq!(bad(UpdateSpec { vm_home: Some(PolicySpec { r#type: "USE_SPECIFIED_POLICY".into(), policy: Some("nope".into()) }), disks: None }), "invalid_argument");
        assert_eq!(bad(UpdateSpec { vm_home: None, disks: Some(json!({ "2999": gold })) }), "invalid_argument");
        let default = apply_update(&d, &v, &UpdateSpec { vm_home: Some(PolicySpec { r#type: "USE_DEFAULT_POLICY".into(), policy: None }), disks: None }).unwrap();
        assert_eq!(default.home_policy, None, "VMFS has no default policy");
    }
}
