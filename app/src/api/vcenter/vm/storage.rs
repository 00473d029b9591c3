//! `vcenter/vm/storage/policy` (with `vcenter/storage/policies` for the policies' names): a VM's storage
//! policies — its home's and each disk's — changed in one form, and their compliance: the last check's result
//! with its time, and a check now.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One entity's compliance, in words.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EntityCompliance {
    /// `COMPLIANT`, `NON_COMPLIANT`, `OUT_OF_DATE`, `NOT_APPLICABLE`, `UNKNOWN_COMPLIANCE`.
    pub status: String,
    pub checked: String,
    /// Why it does not comply, in vCenter's words.
    pub causes: Vec<String>,
}

/// A disk on the Storage policy tab.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DiskPolicy {
    pub key: String,
    pub label: String,
    pub file: String,
    pub policy: Option<String>,
    pub compliance: Option<EntityCompliance>,
}

/// What the Storage policy tab shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StoragePolicyView {
    pub name: String,
    /// (id, name) of each policy, by name.
    pub policies: Vec<(String, String)>,
    pub home: Option<String>,
    pub home_compliance: Option<EntityCompliance>,
    pub disks: Vec<DiskPolicy>,
    pub overall: String,
}

impl StoragePolicyView {
    /// A policy's name, or the id when vCenter lists no such policy.
    pub fn policy_name(&self, id: &Option<String>) -> String {
        match id {
            None => "None (the datastore's default)".into(),
            Some(id) => self.policies.iter().find(|(p, _)| p == id).map_or_else(|| id.clone(), |(_, n)| n.clone()),
        }
    }
}

/// A compliance status in words.
pub fn compliance_words(status: &str) -> &'static str {
    match status {
        "COMPLIANT" => "Compliant",
        "NON_COMPLIANT" => "Not compliant",
        "OUT_OF_DATE" => "Out of date: the policy changed since the last check",
        "NOT_APPLICABLE" => "Not applicable: no policy",
        _ => "Unknown: not checked yet",
    }
}

#[cfg(feature = "ssr")]
fn entity(i: &crate::vsphere::models::vcenter::vm::storage::policy::compliance::VmComplianceInfo) -> EntityCompliance {
    EntityCompliance {
        status: i.status.as_str().to_string(),
        checked: crate::components::human_time(&i.check_time),
        causes: i.failure_cause.iter().map(|m| m.default_message.clone()).collect(),
    }
}

/// The VM's policies and their compliance, the policies' names, and its disks.
#[server(prefix = "/api", endpoint = "vcenter/vm/storage/policy")]
pub async fn get_vm_storage_policy(vm: String) -> Result<StoragePolicyView, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (info, policies, assigned, compliance) = tokio::join!(
            vc.vcenter_vm_get(&vm),
            vc.vcenter_storage_policies_list(&[]),
            vc.vcenter_vm_storage_policy_get(&vm),
            vc.vcenter_vm_storage_policy_compliance_get(&vm)
        );
        let (info, assigned, compliance) = (info?, assigned?, compliance?);
        let mut policies: Vec<(String, String)> = policies?.into_iter().map(|p| (p.policy, p.name)).collect();
        policies.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()));
        Ok(StoragePolicyView {
            name: info.name.clone(),
            policies,
            home: assigned.vm_home.clone(),
            home_compliance: compliance.vm_home.as_ref().map(entity),
            disks: info
                .disks
                .iter()
                .map(|(k, d)| DiskPolicy {
                    key: k.clone(),
                    label: d.label.clone(),
                    file: d.backing.vmdk_file.clone().unwrap_or_default(),
                    policy: assigned.disks.get(k).cloned(),
                    compliance: compliance.disks.get(k).map(entity),
                })
                .collect(),
            overall: compliance.overall_compliance.as_str().to_string(),
        })
    })
    .await
}

/// The form: the home's choice and each disk's (`default` for the datastore's default, or a policy id).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct StoragePolicyForm {
    pub vm: String,
    #[serde(default)]
    pub home: String,
    #[serde(default)]
    pub disk_keys: Vec<String>,
    #[serde(default)]
    pub disk_policies: Vec<String>,
}

/// The update spec for `form`, or the refusal at its field.
pub fn policy_spec(form: &StoragePolicyForm) -> Result<crate::vsphere::models::vcenter::vm::storage::policy::UpdateSpec, AppError> {
    use crate::vsphere::models::vcenter::vm::storage::policy::{DiskPolicySpec, UpdateSpec, VmHomePolicySpec};
    let choice = |field: &str, v: &str| -> Result<(&'static str, Option<String>), AppError> {
        match v.trim() {
            "" => Err(AppError::invalid(field, "Choose a policy, or the datastore's default.")),
            "default" => Ok(("USE_DEFAULT_POLICY", None)),
            id => Ok(("USE_SPECIFIED_POLICY", Some(id.to_string()))),
        }
    };
    if form.disk_keys.len() != form.disk_policies.len() {
        return Err(AppError::invalid("disk_policies", "Choose a policy for each disk."));
    }
    let (t, policy) = choice("home", &form.home)?;
    let mut disks = Vec::new();
    for (k, v) in form.disk_keys.iter().zip(&form.disk_policies) {
        let (t, policy) = choice("disk_policies", v)?;
        disks.push((k.clone(), DiskPolicySpec { r#type: t.parse().expect("a policy type of the API"), policy }));
    }
    Ok(UpdateSpec { vm_home: Some(VmHomePolicySpec { r#type: t.parse().expect("a policy type of the API"), policy }), disks: Some(disks.into_iter().collect()) })
}

/// Sets the VM's policies; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/storage/policy/update")]
pub async fn set_vm_storage_policy(#[server(flatten)] form: StoragePolicyForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let vm = crate::api::vcenter::vm::vm_id(&form.vm).map_err(keep)?;
    let spec = policy_spec(&form).map_err(keep)?;
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_storage_policy_update(&id, &spec).await }).await.map_err(keep)?;
    crate::api::vcenter::vm::back_to_vm(&vm, "storage", "saved", <SetVmStoragePolicy as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// One VM.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct VmForm {
    pub vm: String,
}

/// Checks the VM's compliance now (its home and every disk); the tab shows the result.
#[server(prefix = "/api", endpoint = "vcenter/vm/storage/policy/compliance/check")]
pub async fn check_vm_compliance(#[server(flatten)] form: VmForm) -> Result<(), AppError> {
    let vm = crate::api::vcenter::vm::vm_id(&form.vm)?;
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_storage_policy_compliance_check(&id, None).await.map(|_| ()) }).await?;
    crate::api::vcenter::vm::back_to_vm(&vm, "storage", "checked", <CheckVmCompliance as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_entity_gets_a_policy_or_the_datastores_default() {
        let form = |home: &str, disks: &[(&str, &str)]| StoragePolicyForm {
            vm: "vm-1".into(),
            home: home.into(),
            disk_keys: disks.iter().map(|(k, _)| k.to_string()).collect(),
            disk_policies: disks.iter().map(|(_, p)| p.to_string()).collect(),
        };
        let spec = policy_spec(&form("gold", &[("2000", "default")])).unwrap();
        let home = spec.vm_home.unwrap();
        assert_eq!((home.r#type.as_str(), home.policy.as_deref()), ("USE_SPECIFIED_POLICY", Some("gold")));
        let disks = spec.disks.unwrap();
        assert_eq!(disks.get(&"2000".to_string()).unwrap().r#type.as_str(), "USE_DEFAULT_POLICY");
        assert_eq!(policy_spec(&form("", &[])).unwrap_err().invalid_field(), Some("home"));
        assert_eq!(policy_spec(&StoragePolicyForm { disk_policies: vec![], ..form("gold", &[("2000", "x")]) }).unwrap_err().invalid_field(), Some("disk_policies"));
        assert_eq!(compliance_words("OUT_OF_DATE"), "Out of date: the policy changed since the last check");
    }
}
