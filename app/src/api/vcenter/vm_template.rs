//! `vcenter/vm-template/library-items`: a VM template of a content library — what it holds (guest OS, CPU,
//! memory, disks, adapters) and a deploy as a new virtual machine (placement on a pool or host, datastore, storage
//! policy, power-on, and CPU, memory, adapters' networks and disks changed on the way). A template is made from
//! a VM on the library's page (`ovf::capture_vm`).

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
    /// Empty: as the resource pool places it.
    #[serde(default)]
    pub host: String,
    /// Empty: none (a resource pool or host places it).
    #[serde(default)]
    pub cluster: String,
    /// A storage policy for the VM's home and disks, or empty: the template's own.
    #[serde(default)]
    pub storage_policy: String,
    /// The template's adapters, in order, and the network each is to use (empty: the template's).
    #[serde(default)]
    pub nic_keys: Vec<String>,
    #[serde(default)]
    pub nic_networks: Vec<String>,
    /// The template's disks, in order, their capacity in bytes, and the size each is to have in GiB (empty: as it is).
    #[serde(default)]
    pub disk_keys: Vec<String>,
    #[serde(default)]
    pub disk_bytes: Vec<String>,
    #[serde(default)]
    pub disk_gib: Vec<String>,
    /// Keys of the disks to leave out.
    #[serde(default)]
    pub remove_disks: Vec<String>,
}

/// The disks to grow (key → new capacity in bytes) from the form: empty keeps a disk's size; a size below the
/// disk's is refused, as vCenter refuses to shrink a disk.
pub fn disk_updates(keys: &[String], bytes: &[String], gib: &[String], removed: &[String]) -> Result<Vec<(String, i64)>, AppError> {
    let mut out = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let typed = gib.get(i).map(|g| g.trim()).unwrap_or("");
        if typed.is_empty() || removed.contains(key) {
            continue;
        }
        let field = format!("disk_gib[{i}]");
        let n: i64 = typed.parse().ok().filter(|n| (1..=62 * 1024).contains(n)).ok_or_else(|| AppError::invalid(&field, format!("Disk {}: a size in GiB from 1 to 63,488, or empty to keep it.", i + 1)))?;
        let now: i64 = bytes.get(i).and_then(|b| b.parse().ok()).unwrap_or(0);
        let new = n << 30;
        if new < now {
            return Err(AppError::invalid(&field, format!("Disk {} holds {} GiB: a disk grows, it cannot shrink.", i + 1, (now + (1 << 30) - 1) >> 30)));
        }
        if new != now {
            out.push((key.clone(), new));
        }
    }
    Ok(out)
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
    use crate::vsphere::models::vcenter::vm_template::library_items::{
        deploy_spec_disk_storage_policy, deploy_spec_vm_home_storage_policy, CpuUpdateSpec, DeployPlacementSpec, DeploySpec, DeploySpecDiskStorage, DeploySpecDiskStoragePolicy, DeploySpecVmHomeStorage, DeploySpecVmHomeStoragePolicy, DiskUpdateSpec, EthernetUpdateSpec, HardwareCustomizationSpec, MemoryUpdateSpec,
    };
    use crate::vsphere::rest::VapiMap;
    let keep = |e: AppError| e.with_form(&form);
    let name = super::ovf::validate_vm_name(&form.name).map_err(keep)?;
    let cpus = optional_count("cpus", &form.cpus, 1, 128, "CPUs").map_err(keep)?;
    let memory = optional_count("memory_mib", &form.memory_mib, 4, 6_128_640, "Memory (MiB)").map_err(keep)?;
    if memory.is_some_and(|m| m % 4 != 0) {
        return Err(keep(AppError::invalid("memory_mib", "Memory is a multiple of 4 MiB.")));
    }
    let grow = disk_updates(&form.disk_keys, &form.disk_bytes, &form.disk_gib, &form.remove_disks).map_err(keep)?;
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let nics: VapiMap<String, EthernetUpdateSpec> =
        form.nic_keys.iter().zip(form.nic_networks.iter()).filter(|(_, n)| !n.trim().is_empty()).map(|(k, n)| (k.clone(), EthernetUpdateSpec { network: Some(n.trim().to_string()) })).collect();
    let disks_to_update: VapiMap<String, DiskUpdateSpec> = grow.into_iter().map(|(k, capacity)| (k, DiskUpdateSpec { capacity })).collect();
    let remove: Vec<String> = form.remove_disks.iter().filter(|k| form.disk_keys.contains(k)).cloned().collect();
    let policy = some(&form.storage_policy);
    let spec = DeploySpec {
        name,
        description: None,
        vm_home_storage: (some(&form.datastore).is_some() || policy.is_some()).then(|| DeploySpecVmHomeStorage {
            datastore: some(&form.datastore),
            storage_policy: policy.clone().map(|p| DeploySpecVmHomeStoragePolicy { r#type: deploy_spec_vm_home_storage_policy::Type::UseSpecifiedPolicy, policy: Some(p) }),
        }),
        disk_storage: policy.clone().map(|p| DeploySpecDiskStorage { datastore: None, storage_policy: Some(DeploySpecDiskStoragePolicy { r#type: deploy_spec_disk_storage_policy::Type::UseSpecifiedPolicy, policy: Some(p) }) }),
        disk_storage_overrides: None,
        placement: Some(DeployPlacementSpec { folder: some(&form.folder), resource_pool: some(&form.resource_pool), host: some(&form.host), cluster: some(&form.cluster) }),
        powered_on: Some(!form.power_on.is_empty()),
        guest_customization: None,
        hardware_customization: (cpus.is_some() || memory.is_some() || !nics.is_empty() || !disks_to_update.is_empty() || !remove.is_empty()).then(|| HardwareCustomizationSpec {
            nics: (!nics.is_empty()).then_some(nics),
            disks_to_remove: (!remove.is_empty()).then_some(remove),
            disks_to_update: (!disks_to_update.is_empty()).then_some(disks_to_update),
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
    fn disks_grow_and_never_shrink() {
        let keys = ["2000".to_string(), "2001".to_string()];
        let bytes = [(16i64 << 30).to_string(), (8i64 << 30).to_string()];
        let v = |a: &str, b: &str| vec![a.to_string(), b.to_string()];
        assert_eq!(disk_updates(&keys, &bytes, &v("", "16"), &[]).unwrap(), vec![("2001".to_string(), 16 << 30)]);
        assert_eq!(disk_updates(&keys, &bytes, &v("16", ""), &[]).unwrap(), vec![], "the same size changes nothing");
        let e = disk_updates(&keys, &bytes, &v("8", ""), &[]).unwrap_err().to_string();
        assert!(e.contains("Disk 1 holds 16 GiB") && e.contains("cannot shrink"), "{e}");
        assert!(disk_updates(&keys, &bytes, &v("8", ""), &["2000".to_string()]).unwrap().is_empty(), "a disk left out is not resized");
        assert!(disk_updates(&keys, &bytes, &v("x", ""), &[]).is_err());
    }

    #[test]
    fn counts_are_optional_and_bounded() {
        assert_eq!(optional_count("cpus", " ", 1, 128, "CPUs").unwrap(), None);
        assert_eq!(optional_count("cpus", "4", 1, 128, "CPUs").unwrap(), Some(4));
        assert!(optional_count("cpus", "0", 1, 128, "CPUs").unwrap_err().to_string().contains("from 1 to 128"));
        assert!(optional_count("cpus", "two", 1, 128, "CPUs").is_err());
    }
}
