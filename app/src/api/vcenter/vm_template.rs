//! `vcenter/vm-template/library-items`: a VM template of a content library — what it holds (guest OS, CPU,
//! memory, disks, adapters) and a deploy as a new virtual machine (placement, datastore, power-on, CPU and
//! memory changed on the way). A template is made from a VM on the library's page (`ovf::capture_vm`).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TemplateView {
    pub guest_os: String,
    pub cpus: i64,
    pub cores_per_socket: i64,
    pub memory_mib: i64,
    /// (key, capacity in bytes, datastore id).
    pub disks: Vec<(String, i64, String)>,
    /// (key, network id).
    pub nics: Vec<(String, String)>,
    pub datastore: String,
    pub placement: super::ovf::Placement,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TemplateDeployForm {
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub folder: String,
    #[serde(default)]
    pub resource_pool: String,
    #[serde(default)]
    pub datastore: String,
    #[serde(default)]
    pub power_on: String,
    /// Empty: as the template has it.
    #[serde(default)]
    pub cpus: String,
    #[serde(default)]
    pub memory_mib: String,
}

/// An optional count from the form: empty is None.
pub fn optional_count(field: &str, v: &str, min: i64, max: i64, what: &str) -> Result<Option<i64>, AppError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(AppError::invalid(field, format!("{what}: a whole number from {min} to {max}, or empty to keep the template's."))),
    }
}

#[server(prefix = "/api", endpoint = "vcenter/vm-template/library-items/get")]
pub async fn get_template(item: String) -> Result<TemplateView, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (t, placement) = tokio::join!(vc.vcenter_vm_template_library_items_get(&item), super::ovf::ssr::placement(&vc));
        let t = t?;
        Ok(TemplateView {
            guest_os: crate::api::vcenter::vm::lifecycle::guest_os_words(t.guest_os.as_str()),
            cpus: t.cpu.count,
            cores_per_socket: t.cpu.cores_per_socket,
            memory_mib: t.memory.size_mib,
            disks: t.disks.iter().map(|(k, d)| (k.clone(), d.capacity.unwrap_or(0), d.disk_storage.datastore.clone())).collect(),
            nics: t.nics.iter().map(|(k, n)| (k.clone(), n.network.clone().unwrap_or_default())).collect(),
            datastore: t.vm_home_storage.datastore.clone(),
            placement,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "vcenter/vm-template/library-items/deploy")]
pub async fn deploy_template(#[server(flatten)] form: TemplateDeployForm) -> Result<(), AppError> {
    use crate::vsphere::models::vcenter::vm_template::library_items::{CpuUpdateSpec, DeployPlacementSpec, DeploySpec, DeploySpecVmHomeStorage, HardwareCustomizationSpec, MemoryUpdateSpec};
    let keep = |e: AppError| e.with_form(&form);
    let name = super::ovf::validate_vm_name(&form.name).map_err(keep)?;
    let cpus = optional_count("cpus", &form.cpus, 1, 128, "CPUs").map_err(keep)?;
    let memory = optional_count("memory_mib", &form.memory_mib, 4, 6_128_640, "Memory (MiB)").map_err(keep)?;
    if memory.is_some_and(|m| m % 4 != 0) {
        return Err(keep(AppError::invalid("memory_mib", "Memory is a multiple of 4 MiB.")));
    }
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let spec = DeploySpec {
        name,
        description: None,
        vm_home_storage: some(&form.datastore).map(|d| DeploySpecVmHomeStorage { datastore: Some(d), storage_policy: None }),
        disk_storage: None,
        disk_storage_overrides: None,
        placement: Some(DeployPlacementSpec { folder: some(&form.folder), resource_pool: some(&form.resource_pool), host: None, cluster: None }),
        powered_on: Some(!form.power_on.is_empty()),
        guest_customization: None,
        hardware_customization: (cpus.is_some() || memory.is_some()).then(|| HardwareCustomizationSpec {
            nics: None,
            disks_to_remove: None,
            disks_to_update: None,
            cpu_update: cpus.map(|n| CpuUpdateSpec { num_cpus: Some(n), num_cores_per_socket: Some(1) }),
            memory_update: memory.map(|m| MemoryUpdateSpec { memory: Some(m) }),
        }),
    };
    let item = form.item.clone();
    let vm = crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_template_library_items_deploy(&item, &spec).await }).await.map_err(keep)?;
    leptos_axum::redirect(&format!("{}&deployed=1", crate::components::inventory::object_href("VirtualMachine", &vm)));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_optional_and_bounded() {
        assert_eq!(optional_count("cpus", " ", 1, 128, "CPUs").unwrap(), None);
        assert_eq!(optional_count("cpus", "4", 1, 128, "CPUs").unwrap(), Some(4));
        assert!(optional_count("cpus", "0", 1, 128, "CPUs").unwrap_err().to_string().contains("from 1 to 128"));
        assert!(optional_count("cpus", "two", 1, 128, "CPUs").is_err());
    }
}
