//! `vcenter/datacenter` server functions: create a datacenter (in a datacenter folder) and delete one, what it
//! holds counted first for the confirmation. The name rules a form is checked against live here.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// vCenter's limit on a datacenter's name.
pub const MAX_NAME: usize = 80;

/// A datacenter name: trimmed, 1 to 80 characters, none of `/ \ %`.
pub fn datacenter_name(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("Enter a name for the datacenter.".into());
    }
    if s.chars().count() > MAX_NAME {
        return Err(format!("A datacenter's name is at most {MAX_NAME} characters."));
    }
    if let Some(c) = s.chars().find(|c| matches!(c, '/' | '\\' | '%')) {
        return Err(format!("A datacenter's name cannot contain “{c}”."));
    }
    Ok(s.to_string())
}

/// What a datacenter holds, counted from the inventory lists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DatacenterContents {
    pub hosts: usize,
    pub clusters: usize,
    pub vms: usize,
    pub datastores: usize,
    pub networks: usize,
}

impl DatacenterContents {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// "3 hosts, 1 cluster, 12 virtual machines" (nothing for nothing).
    pub fn words(&self) -> String {
        [(self.hosts, "host"), (self.clusters, "cluster"), (self.vms, "virtual machine"), (self.datastores, "datastore"), (self.networks, "network")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}{}", if n == 1 { "" } else { "s" }))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[server(prefix = "/api", endpoint = "vcenter/datacenter/contents")]
pub async fn get_datacenter_contents(id: String) -> Result<DatacenterContents, AppError> {
    use crate::vsphere::inventory::ListFilter;
    crate::api::ssr::with_vc(|vc| async move {
        let f = ListFilter { datacenters: vec![id], ..Default::default() };
        let (hosts, clusters, vms, datastores, networks) = tokio::try_join!(vc.host_list(&f), vc.cluster_list(&f), vc.vm_list(&f), vc.datastore_list(&f), vc.network_list(&f))?;
        Ok(DatacenterContents { hosts: hosts.len(), clusters: clusters.len(), vms: vms.len(), datastores: datastores.len(), networks: networks.len() })
    })
    .await
}

/// The datacenter folders, for the new datacenter's folder choice: (id, name).
#[server(prefix = "/api", endpoint = "vcenter/datacenter/folders")]
pub async fn get_datacenter_folders() -> Result<Vec<(String, String)>, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let folders = vc.vcenter_folder_list(&[], &[], Some("DATACENTER"), &[], &[]).await?;
        Ok(folders.into_iter().map(|f| (f.folder, f.name)).collect())
    })
    .await
}

/// The new datacenter's form.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct NewDatacenterForm {
    pub name: String,
    #[serde(default)]
    pub folder: String,
}

/// Creates the datacenter, then opens its page.
#[server(prefix = "/api", endpoint = "vcenter/datacenter/create")]
pub async fn create_datacenter(#[server(flatten)] form: NewDatacenterForm) -> Result<(), AppError> {
    use crate::vsphere::models::vcenter::datacenter::CreateSpec;
    let keep = vec![("name".to_string(), form.name.clone()), ("folder".to_string(), form.folder.clone())];
    let name = datacenter_name(&form.name).map_err(|m| AppError::invalid("name", m).with_typed(keep.clone()))?;
    let folder = Some(form.folder.trim().to_string()).filter(|f| !f.is_empty());
    let spec = CreateSpec { name, folder };
    let id = crate::api::ssr::with_vc(|vc| async move { vc.vcenter_datacenter_create(&spec).await }).await.map_err(|e| e.with_typed(keep))?;
    leptos_axum::redirect(&format!("{}&created=1", crate::components::inventory::object_href("Datacenter", &id)));
    Ok(())
}

/// The datacenter to delete; `force` when it is not empty (the confirmation said what it holds).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DeleteDatacenterForm {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub force: String,
}

#[server(prefix = "/api", endpoint = "vcenter/datacenter/delete")]
pub async fn delete_datacenter(#[server(flatten)] form: DeleteDatacenterForm) -> Result<(), AppError> {
    let id = form.id.trim().to_string();
    if id.is_empty() {
        return Err(AppError::invalid("id", "Which datacenter?"));
    }
    let force = (form.force == "true").then_some(true);
    let dc = id.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_datacenter_delete(&dc, force).await }).await?;
    let name = if form.name.trim().is_empty() { id } else { form.name.trim().to_string() };
    leptos_axum::redirect(&format!("/inventory/datacenter?deleted={}", crate::vsphere::rest::encode_component(&name)));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_vcenters_rules() {
        assert_eq!(datacenter_name("  Lab  ").unwrap(), "Lab");
        assert!(datacenter_name("").is_err());
        assert!(datacenter_name("East/West").unwrap_err().contains("“/”"));
        assert!(datacenter_name(&"x".repeat(81)).is_err());
        assert!(datacenter_name(&"é".repeat(80)).is_ok(), "characters, not bytes");
    }

    #[test]
    fn contents_in_words() {
        let c = DatacenterContents { hosts: 3, clusters: 1, vms: 12, datastores: 0, networks: 2 };
        assert_eq!(c.words(), "3 hosts, 1 cluster, 12 virtual machines, 2 networks");
        assert!(DatacenterContents::default().is_empty());
    }
}
