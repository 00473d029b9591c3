//! `vcenter/ovf`: deploy an OVF template of a content library as a virtual machine (what it needs read first
//! with `filter`: its name, annotation, licence and networks), and make an OVF template from a virtual machine.
//! Where the VM goes (resource pool, folder, datastore, networks) is picked from the inventory, or typed as
//! ids where vCenter lists none (vcsim).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The inventory a deploy chooses from; None where vCenter lists nothing (an id is typed instead).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    pub pools: Option<Vec<(String, String)>>,
    pub folders: Option<Vec<(String, String)>>,
    pub datastores: Option<Vec<(String, String)>>,
    pub networks: Option<Vec<(String, String)>>,
    pub hosts: Option<Vec<(String, String)>>,
    pub clusters: Option<Vec<(String, String)>>,
    /// Storage policies (none listed: the choice is left out).
    pub policies: Vec<(String, String)>,
}

/// An OVF template's deploy form.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OvfDeployView {
    pub name: String,
    pub annotation: String,
    pub eulas: Vec<String>,
    pub networks: Vec<String>,
    /// Why vCenter could not read the template (its `filter`), if it could not.
    pub problem: Option<String>,
    pub placement: Placement,
    /// The import flags of the first resource pool's hosts, (option, words).
    #[serde(default)]
    pub flags: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct OvfDeployForm {
    /// Import flags (`LAX`, …), each one the chosen pool's hosts support.
    #[serde(default)]
    pub flags: Vec<String>,
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub resource_pool: String,
    #[serde(default)]
    pub folder: String,
    #[serde(default)]
    pub datastore: String,
    /// Empty: as the resource pool places it.
    #[serde(default)]
    pub host: String,
    /// `thin`, `thick`, `eagerZeroedThick`, or empty: as the template says.
    #[serde(default)]
    pub provisioning: String,
    /// A storage policy id, or empty: the datastore's default.
    #[serde(default)]
    pub storage_policy: String,
    #[serde(default)]
    pub annotation: String,
    #[serde(default)]
    pub accept_eula: String,
    /// The template's networks, in order, and the network each maps to.
    #[serde(default)]
    pub ovf_networks: Vec<String>,
    #[serde(default)]
    pub networks: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CaptureForm {
    #[serde(default)]
    pub library: String,
    /// A VM's name or id.
    #[serde(default)]
    pub vm: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `ovf` or `vm-template`.
    #[serde(default)]
    pub kind: String,
    /// Export flags (`vcenter/ovf/export-flag`: `PRESERVE_MAC`, …), for an OVF template.
    #[serde(default)]
    pub flags: Vec<String>,
}

/// Flags chosen in a form, each one of those vCenter offers (`offered`, as (option, words)); an unknown one is
/// the field's refusal.
pub fn chosen_flags(chosen: &[String], offered: &[(String, String)]) -> Result<Option<Vec<String>>, AppError> {
    let chosen: Vec<String> = chosen.iter().filter(|f| !f.is_empty()).cloned().collect();
    if let Some(f) = chosen.iter().find(|f| !offered.iter().any(|(o, _)| o == *f)) {
        return Err(AppError::invalid("flags", format!("“{f}” is not an option vCenter offers here.")));
    }
    Ok((!chosen.is_empty()).then_some(chosen))
}

/// The disk provisioning types an OVF deploy offers (`vcenter.ovf.disk_provisioning_type`), in words.
pub const PROVISIONING: &[(&str, &str)] = &[("", "As the template says"), ("thin", "Thin"), ("thick", "Thick, lazily zeroed"), ("eagerZeroedThick", "Thick, eagerly zeroed")];

/// A VM's name checked as vCenter checks it.
pub fn validate_vm_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "Enter a name for the new virtual machine."));
    }
    let n = name.chars().count();
    if n > 80 {
        return Err(AppError::invalid("name", format!("The name is {n} characters long; vCenter allows at most 80.")));
    }
    Ok(name.to_string())
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::client::VcSession;
    use crate::vsphere::inventory::ListFilter;

    fn sorted(mut v: Vec<(String, String)>) -> Option<Vec<(String, String)>> {
        v.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()));
        (!v.is_empty()).then_some(v)
    }

    /// Resource pools, VM folders, datastores and networks (each None where vCenter lists none).
    /// A resource pool's import flags as (option, words); none when vCenter does not list them (vcsim).
    pub async fn import_flags(vc: &VcSession, pool: &str) -> Vec<(String, String)> {
        vc.vcenter_ovf_import_flag_list(pool).await.map(|l| l.into_iter().map(|f| (f.option, f.description.default_message)).collect()).unwrap_or_default()
    }

    /// The export flags as (option, words); none when vCenter does not list them (vcsim).
    pub async fn export_flags(vc: &VcSession) -> Vec<(String, String)> {
        vc.vcenter_ovf_export_flag_list().await.map(|l| l.into_iter().map(|f| (f.option, f.description.default_message)).collect()).unwrap_or_default()
    }

    pub async fn placement(vc: &VcSession) -> Placement {
        let folders_filter = ListFilter { states: vec!["VIRTUAL_MACHINE".into()], ..Default::default() };
        let all = ListFilter::default();
        let (pools, folders, datastores, networks, hosts, clusters, policies) = tokio::join!(
            vc.resource_pool_list(&all),
            vc.folder_list(&folders_filter),
            vc.datastore_list(&all),
            vc.network_list(&all),
            vc.host_list(&all),
            vc.vcenter_cluster_list(&[], &[], &[], &[]),
            vc.vcenter_storage_policies_list(&[])
        );
        Placement {
            pools: pools.ok().and_then(|l| sorted(l.into_iter().map(|p| (p.resource_pool, p.name)).collect())),
            folders: folders.ok().and_then(|l| sorted(l.into_iter().map(|f| (f.folder, f.name)).collect())),
            datastores: datastores.ok().and_then(|l| sorted(l.into_iter().map(|d| (d.datastore, d.name)).collect())),
            networks: networks.ok().and_then(|l| sorted(l.into_iter().map(|n| (n.network, n.name)).collect())),
            hosts: hosts.ok().and_then(|l| sorted(l.into_iter().map(|h| (h.host, h.name)).collect())),
            clusters: clusters.ok().and_then(|l| sorted(l.into_iter().map(|c| (c.cluster, c.name)).collect())),
            policies: policies.ok().and_then(|l| sorted(l.into_iter().map(|p| (p.policy, p.name)).collect())).unwrap_or_default(),
        }
    }

    /// A VM given by id (`vm-42`) or by its exact name.
    pub async fn vm_id(vc: &VcSession, given: &str, field: &str) -> Result<String, AppError> {
        let given = given.trim();
        if given.is_empty() {
            return Err(AppError::invalid(field, "Enter the virtual machine's name or id."));
        }
        if given.starts_with("vm-") {
            return Ok(given.to_string());
        }
        let found = vc.vm_list(&ListFilter { names: vec![given.to_string()], ..Default::default() }).await?;
        match found.as_slice() {
            [one] => Ok(one.vm.clone()),
            [] => Err(AppError::invalid(field, format!("vCenter has no virtual machine named “{given}”."))),
            _ => Err(AppError::invalid(field, format!("{} virtual machines are named “{given}”: give the id.", found.len()))),
        }
    }
}

/// What deploying OVF template `item` needs, read for the first resource pool (the template's networks and
/// licence do not depend on the pool).
#[server(prefix = "/api", endpoint = "vcenter/ovf/library-item/filter")]
pub async fn get_ovf_deploy(item: String) -> Result<OvfDeployView, AppError> {
    use crate::vsphere::models::vcenter::ovf::library_item::DeploymentTarget;
    crate::api::ssr::with_vc(|vc| async move {
        let placement = ssr::placement(&vc).await;
        let Some(pool) = placement.pools.as_ref().and_then(|p| p.first()).map(|p| p.0.clone()) else {
            return Ok(OvfDeployView { problem: Some("vCenter lists no resource pools here: type the pool's id to deploy.".into()), placement, ..Default::default() });
        };
        let flags = ssr::import_flags(&vc, &pool).await;
        match vc.vcenter_ovf_library_item_filter(&item, &DeploymentTarget { resource_pool_id: pool, host_id: None, folder_id: None }).await {
            Ok(s) => Ok(OvfDeployView {
                flags,
                name: s.name.unwrap_or_default(),
                annotation: s.annotation.unwrap_or_default(),
                eulas: s.eulas,
                networks: s.networks.unwrap_or_default(),
                problem: None,
                placement,
            }),
            Err(e) if crate::api::vcenter::inventory::ssr::session_lost(&e) => Err(e),
            Err(e) => Ok(OvfDeployView { problem: Some(e.to_string()), placement, ..Default::default() }),
        }
    })
    .await
}

/// Deploys an OVF template; the new VM's page is next.
#[server(prefix = "/api", endpoint = "vcenter/ovf/library-item/deploy")]
pub async fn deploy_ovf(#[server(flatten)] form: OvfDeployForm) -> Result<(), AppError> {
    use crate::vsphere::models::vcenter::ovf::library_item::{DeploymentTarget, ResourcePoolDeploymentSpec};
    let keep = |e: AppError| e.with_form(&form);
    let name = validate_vm_name(&form.name).map_err(keep)?;
    if form.resource_pool.trim().is_empty() {
        return Err(keep(AppError::invalid("resource_pool", "Choose the resource pool the VM runs in.")));
    }
    let provisioning = match form.provisioning.trim() {
        "" => None,
        p if PROVISIONING.iter().any(|(v, _)| *v == p) => p.parse().ok(),
        p => return Err(keep(AppError::invalid("provisioning", format!("“{p}” is not a disk provisioning type: thin, thick or eagerZeroedThick.")))),
    };
    let annotation = form.annotation.trim();
    if annotation.chars().count() > 65_535 {
        return Err(keep(AppError::invalid("annotation", "The notes are longer than vCenter keeps (65,535 characters).")));
    }
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    let mappings: crate::vsphere::rest::VapiMap<String, String> =
        form.ovf_networks.iter().cloned().zip(form.networks.iter().cloned()).filter(|(_, n)| !n.trim().is_empty()).collect();
    let target = DeploymentTarget { resource_pool_id: form.resource_pool.trim().to_string(), host_id: some(&form.host), folder_id: some(&form.folder) };
    let spec = ResourcePoolDeploymentSpec {
        name: Some(name),
        annotation: some(annotation),
        accept_all_eula: !form.accept_eula.is_empty(),
        network_mappings: (!mappings.is_empty()).then_some(mappings),
        storage_mappings: None,
        storage_provisioning: provisioning,
        storage_profile_id: some(&form.storage_policy),
        locale: None,
        flags: None,
        additional_parameters: None,
        default_datastore_id: some(&form.datastore),
    };
    let item = form.item.clone();
    let wanted = form.flags.clone();
    let result = crate::api::ssr::with_vc(|vc| async move {
        let mut spec = spec;
        if wanted.iter().any(|f| !f.is_empty()) {
            spec.flags = chosen_flags(&wanted, &ssr::import_flags(&vc, &target.resource_pool_id).await)?;
        }
        vc.vcenter_ovf_library_item_deploy(&item, None, &target, &spec).await
    })
    .await
    .map_err(keep)?;
    let vm = deployed_vm(result, "deploy").map_err(keep)?;
    leptos_axum::redirect(&format!("{}&deployed=1", crate::components::inventory::object_href("VirtualMachine", &vm)));
    Ok(())
}

/// The VM an OVF deploy made, or vCenter's reasons for not making it, as a refusal of the form's `field`.
#[cfg(feature = "ssr")]
pub fn deployed_vm(result: crate::vsphere::models::vcenter::ovf::library_item::DeploymentResult, field: &str) -> Result<String, AppError> {
    match (result.succeeded, result.resource_id) {
        (true, Some(r)) => Ok(r.id),
        _ => {
            let why: Vec<String> = result.error.map(|e| e.errors.into_iter().filter_map(|x| x.message.map(|m| m.default_message)).collect()).unwrap_or_default();
            Err(AppError::invalid(field, format!("vCenter did not deploy the template: {}", if why.is_empty() { "no reason given.".to_string() } else { why.join(" ") })))
        }
    }
}

/// Makes an OVF template or a VM template of a virtual machine in a library.
#[server(prefix = "/api", endpoint = "vcenter/ovf/library-item/create")]
pub async fn capture_vm(#[server(flatten)] form: CaptureForm) -> Result<(), AppError> {
    use crate::vsphere::models::vcenter::ovf::library_item::{CreateSpec, CreateTarget, DeployableIdentity};
    let keep = |e: AppError| e.with_form(&form);
    let name = crate::api::content::library::validate_name("item", &form.name).map_err(keep)?;
    let f = form.clone();
    let item = crate::api::ssr::with_vc(|vc| async move {
        let vm = ssr::vm_id(&vc, &f.vm, "vm").await?;
        if f.kind == "vm-template" && f.flags.iter().any(|x| !x.is_empty()) {
            return Err(AppError::invalid("flags", "Export options apply to an OVF template, not to a VM template."));
        }
        if f.kind == "vm-template" {
            use crate::vsphere::models::vcenter::vm_template::library_items::CreateSpec as TemplateSpec;
            let spec = TemplateSpec {
                source_vm: vm,
                name,
                description: Some(f.description.trim().to_string()),
                library: f.library.clone(),
                vm_home_storage: None,
                disk_storage: None,
                disk_storage_overrides: None,
                placement: None,
            };
            vc.vcenter_vm_template_library_items_create(&spec).await
        } else {
            let r = vc
                .vcenter_ovf_library_item_create(
                    None,
                    &DeployableIdentity { r#type: "VirtualMachine".into(), id: vm },
                    &CreateTarget { library_id: Some(f.library.clone()), library_item_id: None },
                    &CreateSpec { name: Some(name), description: Some(f.description.trim().to_string()), flags: if f.flags.iter().any(|x| !x.is_empty()) { chosen_flags(&f.flags, &ssr::export_flags(&vc).await)? } else { None } },
                )
                .await?;
            match (r.succeeded, r.ovf_library_item_id) {
                (true, Some(id)) => Ok(id),
                _ => Err(AppError::invalid("vm", format!("vCenter did not make the template: {}", r.error.map(|e| e.errors.into_iter().filter_map(|x| x.message.map(|m| m.default_message)).collect::<Vec<_>>().join(" ")).unwrap_or_default()))),
            }
        }
    })
    .await
    .map_err(keep)?;
    leptos_axum::redirect(&format!("/content-libraries/items/{}?result=captured", crate::vsphere::rest::encode_component(&item)));
    Ok(())
}
