//! `vcenter/storage/policies`: the Storage policies page — each policy with the VM homes and disks that use it
//! (`{policy}/vm`), the compliance of every VM's storage by status (`entities/compliance`), the VMs that need
//! attention (`compliance/vm`: not compliant or out of date), and which datastores suit a policy
//! (`check-compatibility`, which changes nothing).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One policy, and how many VM homes and disks use it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub homes: usize,
    pub disks: usize,
}

/// A VM whose storage needs attention: its home's status and its disks' that are not compliant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VmCompliance {
    pub id: String,
    pub name: String,
    pub home: String,
    /// (disk key, status) of each disk not compliant.
    pub disks: Vec<(String, String)>,
}

/// The compliance statuses of `entities/compliance`, in the order the page counts them.
pub const STATUSES: &[&str] = &["COMPLIANT", "NON_COMPLIANT", "OUT_OF_DATE", "UNKNOWN", "NOT_APPLICABLE"];

/// What the Storage policies page shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PoliciesView {
    pub policies: Vec<PolicyRow>,
    /// (status, VM homes and disks with it), for every status; none when vCenter would not count (too many VMs).
    pub counts: Option<Vec<(String, usize)>>,
    /// Why the counts are missing, in vCenter's words.
    pub counts_error: Option<String>,
    pub attention: Vec<VmCompliance>,
    pub attention_error: Option<String>,
}

/// One policy's page: the VMs using it and, when asked, the datastores it suits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PolicyView {
    pub policy: PolicyRow,
    /// (VM id, VM name, its home uses the policy, labels of its disks that do).
    pub vms: Vec<(String, String, bool, Vec<String>)>,
    /// (datastore id, name, compatible) for every datastore, after a check.
    pub datastores: Option<Vec<(String, String, bool)>>,
}

/// Counts `entities` by status: each VM home and each disk once.
pub fn count_statuses(entities: &[(String, Vec<String>)]) -> Vec<(String, usize)> {
    STATUSES
        .iter()
        .map(|s| (s.to_string(), entities.iter().map(|(home, disks)| usize::from(home == s) + disks.iter().filter(|d| d == s).count()).sum()))
        .collect()
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::client::VcSession;
    use crate::vsphere::models::vapi::std::DynamicId;

    /// Every policy with the homes and disks using it (one list per policy, four at a time).
    pub async fn rows(vc: &VcSession, only: &[String]) -> Result<Vec<PolicyRow>, AppError> {
        use futures::stream::{StreamExt, TryStreamExt};
        let mut policies = vc.vcenter_storage_policies_list(only).await?;
        policies.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()));
        futures::stream::iter(policies.into_iter().map(|p| async move {
            let users = vc.vcenter_storage_policies_vm_list(&p.policy).await?;
            let homes = users.iter().filter(|(_, u)| u.vm_home).count();
            let disks = users.iter().map(|(_, u)| u.disks.len()).sum();
            Ok::<_, AppError>(PolicyRow { id: p.policy, name: p.name, description: p.description, homes, disks })
        }))
        .buffered(4)
        .try_collect()
        .await
    }

    pub async fn vm_names(vc: &VcSession, ids: &[String]) -> std::collections::HashMap<String, String> {
        let objects: Vec<DynamicId> = ids.iter().map(|id| DynamicId { r#type: "VirtualMachine".into(), id: id.clone() }).collect();
        crate::api::cis::tagging::ssr::object_names(vc, &objects).await
    }
}

/// The Storage policies page: policies, compliance counts and the VMs that need attention.
#[server(prefix = "/api", endpoint = "vcenter/storage/policies")]
pub async fn get_storage_policies() -> Result<PoliciesView, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let statuses: Vec<String> = STATUSES.iter().map(|s| s.to_string()).collect();
        let attention_statuses = vec!["NON_COMPLIANT".to_string(), "OUT_OF_DATE".to_string()];
        let (policies, entities, attention) = tokio::join!(
            ssr::rows(&vc, &[]),
            vc.vcenter_storage_policies_compliance_list(&statuses),
            vc.vcenter_storage_policies_compliance_vm_list(&attention_statuses, &[])
        );
        let policies = policies?;
        let (counts, counts_error) = match entities {
            Ok(list) => {
                let entities: Vec<(String, Vec<String>)> = list
                    .iter()
                    .map(|e| {
                        let home = e.vm_home.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default();
                        (home, e.disks.iter().flat_map(|d| d.iter().map(|(_, s)| s.as_str().to_string())).collect())
                    })
                    .collect();
                (Some(count_statuses(&entities)), None)
            }
            Err(e) if crate::api::vcenter::inventory::ssr::session_lost(&e) => return Err(e),
            Err(e) => (None, Some(e.to_string())),
        };
        let (attention, attention_error) = match attention {
            Ok(map) => {
                let ids: Vec<String> = map.iter().map(|(id, _)| id.clone()).collect();
                let names = ssr::vm_names(&vc, &ids).await;
                let mut rows: Vec<VmCompliance> = map
                    .iter()
                    .map(|(id, c)| VmCompliance {
                        id: id.clone(),
                        name: names.get(id).cloned().unwrap_or_else(|| id.clone()),
                        home: c.vm_home.as_ref().map(|s| s.as_str().to_string()).unwrap_or_else(|| "NOT_APPLICABLE".into()),
                        disks: c.disks.iter().filter(|(_, s)| s.as_str() != "COMPLIANT").map(|(k, s)| (k.clone(), s.as_str().to_string())).collect(),
                    })
                    .collect();
                rows.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()));
                (rows, None)
            }
            Err(e) if crate::api::vcenter::inventory::ssr::session_lost(&e) => return Err(e),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        Ok(PoliciesView { policies, counts, counts_error, attention, attention_error })
    })
    .await
}

/// One policy's page; with `check`, which datastores of the inventory suit it (vCenter's check changes nothing).
#[server(prefix = "/api", endpoint = "vcenter/storage/policies/policy")]
pub async fn get_storage_policy(policy: String, check: bool) -> Result<PolicyView, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let row = ssr::rows(&vc, std::slice::from_ref(&policy)).await?.into_iter().next().ok_or_else(|| AppError::invalid("policy", "vCenter has no such storage policy."))?;
        let users = vc.vcenter_storage_policies_vm_list(&policy).await?;
        let ids: Vec<String> = users.iter().map(|(id, _)| id.clone()).collect();
        let names = ssr::vm_names(&vc, &ids).await;
        let mut vms: Vec<(String, String, bool, Vec<String>)> = users
            .iter()
            .map(|(id, u)| (id.clone(), names.get(id).cloned().unwrap_or_else(|| id.clone()), u.vm_home, u.disks.clone()))
            .collect();
        vms.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()));
        let datastores = if check {
            let all = vc.datastore_list(&Default::default()).await?;
            let ids: Vec<String> = all.iter().map(|d| d.datastore.clone()).collect();
            let fit = vc.vcenter_storage_policies_check_compatibility(&policy, &ids).await?;
            let ok: std::collections::HashSet<String> = fit.compatible_datastores.iter().map(|d| d.datastore.clone()).collect();
            let mut rows: Vec<(String, String, bool)> = all.into_iter().map(|d| (d.datastore.clone(), d.name, ok.contains(&d.datastore))).collect();
            rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.to_lowercase().cmp(&b.1.to_lowercase())));
            Some(rows)
        } else {
            None
        };
        Ok(PolicyView { policy: row, vms, datastores })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_home_and_disk_counts_once_under_its_status() {
        let e = vec![("COMPLIANT".to_string(), vec!["COMPLIANT".to_string(), "NON_COMPLIANT".to_string()]), ("NOT_APPLICABLE".to_string(), vec![])];
        let c = count_statuses(&e);
        assert_eq!(c.iter().find(|(s, _)| s == "COMPLIANT").unwrap().1, 2);
        assert_eq!(c.iter().find(|(s, _)| s == "NON_COMPLIANT").unwrap().1, 1);
        assert_eq!(c.iter().find(|(s, _)| s == "NOT_APPLICABLE").unwrap().1, 1);
        assert_eq!(c.len(), STATUSES.len());
    }
}
