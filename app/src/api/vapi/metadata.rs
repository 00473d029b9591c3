//! API explorer server functions (`vapi/metadata`): vCenter's own description of its API — components,
//! packages and services with their operations (inputs, output, errors, the privileges they need, how they
//! authenticate), structures and enumerations — and, for each service, the console page that uses it.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where the console uses a service, by the longest matching service id prefix.
pub const CONSOLE_PAGES: &[(&str, &str)] = &[
    ("com.vmware.appliance.recovery.backup", "/appliance/backup"),
    ("com.vmware.appliance.recovery.restore", "/appliance/restore"),
    ("com.vmware.appliance.recovery.reconciliation", "/appliance/restore"),
    ("com.vmware.appliance.recovery", "/appliance/backup"),
    ("com.vmware.appliance.networking.proxy", "/appliance/networking/proxy"),
    ("com.vmware.appliance.networking", "/appliance/networking"),
    ("com.vmware.appliance.access", "/appliance/access"),
    ("com.vmware.appliance.health", "/appliance/summary"),
    ("com.vmware.appliance.system.version", "/appliance/summary"),
    ("com.vmware.appliance.system.uptime", "/appliance/summary"),
    ("com.vmware.appliance.system.storage", "/appliance/storage"),
    ("com.vmware.appliance.system.time", "/appliance/time"),
    ("com.vmware.appliance.timesync", "/appliance/time"),
    ("com.vmware.appliance.ntp", "/appliance/time"),
    ("com.vmware.appliance.local_accounts", "/appliance/local-accounts"),
    ("com.vmware.appliance.logging", "/appliance/syslog"),
    ("com.vmware.appliance.monitoring", "/appliance/monitoring"),
    ("com.vmware.appliance.services", "/appliance/services"),
    ("com.vmware.appliance.vmon", "/appliance/services"),
    ("com.vmware.appliance.shutdown", "/appliance/shutdown"),
    ("com.vmware.appliance.update", "/appliance/update"),
    ("com.vmware.cis.session", "/login"),
    ("com.vmware.cis.tagging.category", "/tags/categories"),
    ("com.vmware.cis.tagging", "/tags/tags"),
    ("com.vmware.content", "/content-libraries"),
    ("com.vmware.vcenter.hvc", "/hvc"),
    ("com.vmware.vapi.metadata", "/api-explorer"),
    ("com.vmware.vcenter.services", "/vcenter/services"),
    ("com.vmware.vcenter.deployment", "/vcenter/deployment"),
    ("com.vmware.vcenter.system_config", "/vcenter/system-config"),
    ("com.vmware.vcenter.guest", "/inventory/customization-specs"),
    ("com.vmware.vcenter.vm_template", "/content-libraries"),
    ("com.vmware.vcenter.ovf", "/content-libraries"),
    ("com.vmware.vcenter.iso", "/content-libraries"),
    ("com.vmware.vcenter.storage", "/storage-policies"),
    ("com.vmware.vcenter.vm", "/inventory/vm"),
    ("com.vmware.vcenter.host", "/inventory/host"),
    ("com.vmware.vcenter.cluster", "/inventory/cluster"),
    ("com.vmware.vcenter.datacenter", "/inventory/datacenter"),
    ("com.vmware.vcenter.datastore", "/inventory/datastore"),
    ("com.vmware.vcenter.inventory.datastore", "/inventory/datastore"),
    ("com.vmware.vcenter.inventory.network", "/inventory/network"),
    ("com.vmware.vcenter.network", "/inventory/network"),
    ("com.vmware.vcenter.folder", "/inventory/folder"),
    ("com.vmware.vcenter.resource_pool", "/inventory/resource-pool"),
];

/// The console page that uses a service (its id in lower case: vCenter spells some in capitals), if any.
pub fn console_page(service: &str) -> Option<&'static str> {
    CONSOLE_PAGES.iter().filter(|(p, _)| service == *p || service.starts_with(&format!("{p}."))).max_by_key(|(p, _)| p.len()).map(|(_, page)| *page)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub id: String,
    pub component: String,
    pub operations: Vec<String>,
}

/// A type as text (`list<com.vmware.vcenter.vm.summary>`), and the structure or enumeration it names, to link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeText {
    pub text: String,
    /// (`structure` or `enumeration`, id)
    pub refers: Option<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OperationDetail {
    pub name: String,
    pub documentation: String,
    /// `GET /rest/…`, from the operation's request mapping.
    pub request: String,
    pub params: Vec<(String, TypeText, String)>,
    pub output: TypeText,
    pub errors: Vec<(String, String)>,
    pub privileges: Vec<String>,
    pub schemes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceDetail {
    pub id: String,
    pub page: Option<String>,
    pub operations: Vec<OperationDetail>,
    pub structures: Vec<String>,
    pub enumerations: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeDetail {
    pub id: String,
    pub kind: String,
    pub documentation: String,
    /// Fields (name, type, documentation) of a structure; values of an enumeration (value, "", documentation).
    pub members: Vec<(String, TypeText, String)>,
}

/// Whether a service matches the explorer's search: its id, or one of its operations' names (any case).
pub fn matches(s: &ServiceSummary, q: &str) -> bool {
    let q = q.trim().to_lowercase();
    q.is_empty() || s.id.to_lowercase().contains(&q) || s.operations.iter().any(|o| o.to_lowercase().contains(&q))
}

#[cfg(feature = "ssr")]
fn type_text(t: &crate::vsphere::models::vapi::metadata::metamodel::Type) -> TypeText {
    use crate::vsphere::models::vapi::metadata::metamodel::r#type::Category;
    match t.category {
        Category::Builtin => TypeText { text: t.builtin_type.as_ref().map(|b| b.to_string().to_lowercase()).unwrap_or_default(), refers: None },
        Category::UserDefined => {
            let u = t.user_defined_type.clone();
            let id = u.as_ref().map(|u| u.resource_id.clone()).unwrap_or_default();
            let kind = if u.is_some_and(|u| u.resource_type.ends_with("enumeration")) { "enumeration" } else { "structure" };
            TypeText { text: id.clone(), refers: Some((kind.to_string(), id)) }
        }
        _ => {
            let Some(g) = t.generic_instantiation.as_ref() else { return TypeText { text: "?".into(), refers: None } };
            let el = g.element_type.as_ref().map(|e| type_text(e));
            match g.generic_type.to_string().as_str() {
                "MAP" => {
                    let k = g.map_key_type.as_ref().map(|e| type_text(e)).map(|t| t.text).unwrap_or_default();
                    let v = g.map_value_type.as_ref().map(|e| type_text(e));
                    TypeText { text: format!("map<{k}, {}>", v.as_ref().map(|v| v.text.as_str()).unwrap_or_default()), refers: v.and_then(|v| v.refers) }
                }
                other => {
                    let el = el.unwrap_or(TypeText { text: "?".into(), refers: None });
                    TypeText { text: format!("{}<{}>", other.to_lowercase(), el.text), refers: el.refers }
                }
            }
        }
    }
}

/// An operation as the explorer shows it: its metamodel (request mapping, inputs, output, errors) with the
/// privileges and schemes read beside it.
#[cfg(feature = "ssr")]
fn operation_detail(name: String, o: crate::vsphere::models::vapi::metadata::metamodel::OperationInfo, privileges: Vec<String>, schemes: Vec<String>) -> OperationDetail {
    let request = o
        .metadata
        .0
        .iter()
        .find(|(k, _)| k == "RequestMapping")
        .map(|(_, m)| {
            let get = |key: &str| m.elements.0.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.string_value.clone()).unwrap_or_default();
            format!("{} {}", get("method"), get("value"))
        })
        .unwrap_or_default();
    OperationDetail {
        documentation: o.documentation,
        request,
        params: o.params.iter().map(|p| (p.name.clone(), type_text(&p.r#type), p.documentation.clone())).collect(),
        output: type_text(&o.output.r#type),
        errors: o.errors.into_iter().map(|e| (e.structure_id, e.documentation)).collect(),
        privileges,
        schemes,
        name,
    }
}

#[server(prefix = "/api", endpoint = "vapi/metadata/services")]
pub async fn get_api_services() -> Result<Vec<ServiceSummary>, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let components = vc.vapi_metadata_metamodel_component_list().await?;
        let data = futures::future::try_join_all(components.iter().map(|c| vc.vapi_metadata_metamodel_component_get(c))).await?;
        let mut out = Vec::new();
        for (c, d) in components.iter().zip(data) {
            for (_, p) in d.info.packages.0 {
                for (id, s) in p.services.0 {
                    out.push(ServiceSummary { id, component: c.clone(), operations: s.operations.0.into_iter().map(|(o, _)| o).collect() });
                }
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    })
    .await
}

#[server(prefix = "/api", endpoint = "vapi/metadata/service")]
pub async fn get_api_service(id: String) -> Result<ServiceDetail, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (meta, privs, auth) = tokio::try_join!(vc.vapi_metadata_metamodel_service_get(&id), vc.vapi_metadata_privilege_service_get(&id), vc.vapi_metadata_authentication_service_get(&id))?;
        let operations = meta
            .operations
            .0
            .into_iter()
            .map(|(name, o)| {
                let privileges = privs.operations.0.iter().find(|(k, _)| *k == name).map(|(_, p)| p.privileges.clone()).unwrap_or_default();
                let schemes = auth.operations.0.iter().find(|(k, _)| *k == name).map(|(_, a)| a.schemes.iter().map(|s| s.scheme.clone()).collect()).unwrap_or_default();
                operation_detail(name, o, privileges, schemes)
            })
            .collect();
        Ok(ServiceDetail {
            page: console_page(&id.to_lowercase()).map(str::to_string),
            structures: meta.structures.0.into_iter().map(|(k, _)| k).collect(),
            enumerations: meta.enumerations.0.into_iter().map(|(k, _)| k).collect(),
            operations,
            id,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "vapi/metadata/type")]
pub async fn get_api_type(kind: String, id: String) -> Result<TypeDetail, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        if kind == "enumeration" {
            let e = vc.vapi_metadata_metamodel_enumeration_get(&id).await?;
            let members = e.values.into_iter().map(|v| (v.value, TypeText { text: String::new(), refers: None }, v.documentation)).collect();
            Ok(TypeDetail { id, kind, documentation: e.documentation, members })
        } else {
            let s = vc.vapi_metadata_metamodel_structure_get(&id).await?;
            let members = s.fields.iter().map(|f| (f.name.clone(), type_text(&f.r#type), f.documentation.clone())).collect();
            Ok(TypeDetail { id, kind: "structure".into(), documentation: s.documentation, members })
        }
    })
    .await
}

/// What vCenter describes, counted by source (metamodel, privileges, authentication), with the components and
/// resource types to browse.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    /// (source, [(what, how many)])
    pub counts: Vec<(String, Vec<(String, usize)>)>,
    pub components: Vec<String>,
    pub resources: Vec<String>,
}

#[server(prefix = "/api", endpoint = "vapi/metadata/catalogue")]
pub async fn get_api_catalogue() -> Result<Catalogue, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (components, packages, services, structures, enumerations, resources) = tokio::try_join!(
            vc.vapi_metadata_metamodel_component_list(),
            vc.vapi_metadata_metamodel_package_list(),
            vc.vapi_metadata_metamodel_service_list(),
            vc.vapi_metadata_metamodel_structure_list(),
            vc.vapi_metadata_metamodel_enumeration_list(),
            vc.vapi_metadata_metamodel_resource_list(),
        )?;
        let (p_components, p_packages, p_services, a_components, a_packages, a_services) = tokio::try_join!(
            vc.vapi_metadata_privilege_component_list(),
            vc.vapi_metadata_privilege_package_list(),
            vc.vapi_metadata_privilege_service_list(),
            vc.vapi_metadata_authentication_component_list(),
            vc.vapi_metadata_authentication_package_list(),
            vc.vapi_metadata_authentication_service_list(),
        )?;
        let n = |what: &str, v: &Vec<String>| (what.to_string(), v.len());
        let counts = vec![
            ("Metamodel".to_string(), vec![n("components", &components), n("packages", &packages), n("services", &services), n("structures", &structures), n("enumerations", &enumerations), n("resource types", &resources)]),
            ("Privileges".to_string(), vec![n("components", &p_components), n("packages", &p_packages), n("services", &p_services)]),
            ("Authentication".to_string(), vec![n("components", &a_components), n("packages", &a_packages), n("services", &a_services)]),
        ];
        let (mut components, mut resources) = (components, resources);
        components.sort();
        resources.sort();
        Ok(Catalogue { counts, components, resources })
    })
    .await
}

/// A component: its packages (with their services, default privileges and authentication schemes) and the
/// fingerprint of each of its three descriptions (a client that keeps a copy reads it again only when its
/// fingerprint changes).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComponentDetail {
    pub id: String,
    pub documentation: String,
    pub fingerprints: Vec<(String, String)>,
    /// (package, services, default privileges, authentication schemes)
    pub packages: Vec<(String, usize, Vec<String>, Vec<String>)>,
}

#[server(prefix = "/api", endpoint = "vapi/metadata/component")]
pub async fn get_api_component(id: String) -> Result<ComponentDetail, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (meta, privs, auth) = tokio::try_join!(vc.vapi_metadata_metamodel_component_get(&id), vc.vapi_metadata_privilege_component_get(&id), vc.vapi_metadata_authentication_component_get(&id))?;
        let (f_meta, f_privs, f_auth) = tokio::try_join!(vc.vapi_metadata_metamodel_component_fingerprint(&id), vc.vapi_metadata_privilege_component_fingerprint(&id), vc.vapi_metadata_authentication_component_fingerprint(&id))?;
        let mut packages: Vec<_> = meta
            .info
            .packages
            .0
            .iter()
            .map(|(p, info)| {
                let privileges = privs.info.packages.0.iter().find(|(k, _)| k == p).map(|(_, i)| i.privileges.clone()).unwrap_or_default();
                let schemes = auth.info.packages.0.iter().find(|(k, _)| k == p).map(|(_, i)| i.schemes.iter().map(|s| s.scheme.clone()).collect()).unwrap_or_default();
                (p.clone(), info.services.0.len(), privileges, schemes)
            })
            .collect();
        packages.sort();
        Ok(ComponentDetail {
            documentation: meta.info.documentation,
            fingerprints: vec![("Metamodel".into(), f_meta), ("Privileges".into(), f_privs), ("Authentication".into(), f_auth)],
            packages,
            id,
        })
    })
    .await
}

/// A package: its services and types, the privileges its operations need unless they say otherwise, and how
/// they authenticate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageDetail {
    pub id: String,
    pub documentation: String,
    pub services: Vec<String>,
    pub structures: Vec<String>,
    pub enumerations: Vec<String>,
    pub privileges: Vec<String>,
    pub schemes: Vec<String>,
}

#[server(prefix = "/api", endpoint = "vapi/metadata/package")]
pub async fn get_api_package(id: String) -> Result<PackageDetail, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (meta, privs, auth) = tokio::try_join!(vc.vapi_metadata_metamodel_package_get(&id), vc.vapi_metadata_privilege_package_get(&id), vc.vapi_metadata_authentication_package_get(&id))?;
        let keys = |m: Vec<String>| {
            let mut m = m;
            m.sort();
            m
        };
        Ok(PackageDetail {
            documentation: meta.documentation,
            services: keys(meta.services.0.into_iter().map(|(k, _)| k).collect()),
            structures: keys(meta.structures.0.into_iter().map(|(k, _)| k).collect()),
            enumerations: keys(meta.enumerations.0.into_iter().map(|(k, _)| k).collect()),
            privileges: privs.privileges,
            schemes: auth.schemes.into_iter().map(|s| s.scheme).collect(),
            id,
        })
    })
    .await
}

/// One operation on a page of its own: what [`get_api_service`] shows of it, its service's other operations,
/// and whether its privileges and schemes are its own or left to its service and package.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OperationPage {
    pub service: String,
    pub operation: OperationDetail,
    pub siblings: Vec<String>,
    pub own_privileges: bool,
    pub own_schemes: bool,
    /// Which properties of its inputs need which privileges (`spec.folder`: `Folder.Create`, …).
    pub property_privileges: Vec<(String, Vec<String>)>,
    pub page: Option<String>,
}

#[server(prefix = "/api", endpoint = "vapi/metadata/operation")]
pub async fn get_api_operation(service: String, operation: String) -> Result<OperationPage, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (o, mut siblings, with_privileges, with_schemes) = tokio::try_join!(
            vc.vapi_metadata_metamodel_service_operation_get(&service, &operation),
            vc.vapi_metadata_metamodel_service_operation_list(&service),
            vc.vapi_metadata_privilege_service_operation_list(&service),
            vc.vapi_metadata_authentication_service_operation_list(&service),
        )?;
        siblings.sort();
        let own_privileges = with_privileges.contains(&operation);
        let own_schemes = with_schemes.contains(&operation);
        // Asked only of the operations that have their own entry: vCenter answers not_found for the others.
        let (privs, auth) = tokio::try_join!(
            async { if own_privileges { vc.vapi_metadata_privilege_service_operation_get(&service, &operation).await.map(Some) } else { Ok(None) } },
            async { if own_schemes { vc.vapi_metadata_authentication_service_operation_get(&service, &operation).await.map(Some) } else { Ok(None) } },
        )?;
        let property_privileges = privs.as_ref().map(|p| p.privilege_info.iter().map(|i| (i.property_path.clone(), i.privileges.clone())).collect()).unwrap_or_default();
        let privileges = privs.map(|p| p.privileges).unwrap_or_default();
        let schemes = auth.map(|a| a.schemes.into_iter().map(|s| s.scheme).collect()).unwrap_or_default();
        let detail = operation_detail(operation, o, privileges, schemes);
        Ok(OperationPage { page: console_page(&service.to_lowercase()).map(str::to_string), service, operation: detail, siblings, own_privileges, own_schemes, property_privileges })
    })
    .await
}

/// The structures that model resource type `id` (`com.vmware.vcenter.VM`: the VM's info and specs, …).
#[server(prefix = "/api", endpoint = "vapi/metadata/resource")]
pub async fn get_api_resource(id: String) -> Result<Vec<String>, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let mut models = vc.vapi_metadata_metamodel_resource_model_list(&id).await?;
        models.sort();
        Ok(models)
    })
    .await
}

/// The CLI vCenter describes (`dcli`): its namespaces, one namespace's children and commands, one command's
/// options, and the two fingerprints a CLI compares with its cached copy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CliView {
    pub fingerprints: Vec<(String, String)>,
    /// Every namespace as `path.name`, sorted.
    pub namespaces: Vec<String>,
    /// The namespace asked for: its description, children (`path.name`) and commands.
    pub namespace: Option<(String, String, Vec<String>, Vec<String>)>,
    /// The command asked for: every field of its description.
    pub command: Option<Vec<(String, String)>>,
}

/// `path.name` split at its last dot into an identity's path and name.
pub fn identity_parts(id: &str) -> (String, String) {
    match id.rsplit_once('.') {
        Some((p, n)) => (p.to_string(), n.to_string()),
        None => (String::new(), id.to_string()),
    }
}

#[server(prefix = "/api", endpoint = "vapi/metadata/cli")]
pub async fn get_api_cli(namespace: String, command: String) -> Result<CliView, AppError> {
    use crate::vsphere::models::vapi::metadata::cli::{command, namespace as ns};
    crate::api::ssr::with_vc(|vc| async move {
        let (f_ns, f_cmd, all) = tokio::try_join!(vc.vapi_metadata_cli_namespace_fingerprint(), vc.vapi_metadata_cli_command_fingerprint(), vc.vapi_metadata_cli_namespace_list())?;
        let mut namespaces: Vec<String> = all.into_iter().map(|i| if i.path.is_empty() { i.name } else { format!("{}.{}", i.path, i.name) }).collect();
        namespaces.sort();
        let mut view = CliView { fingerprints: vec![("Namespaces".into(), f_ns), ("Commands".into(), f_cmd)], namespaces, ..Default::default() };
        let wanted = namespace.trim();
        if !wanted.is_empty() {
            let (path, name) = identity_parts(wanted);
            let identity = ns::Identity { path, name };
            let (info, commands) = tokio::try_join!(vc.vapi_metadata_cli_namespace_get(&identity), vc.vapi_metadata_cli_command_list(Some(wanted)))?;
            let mut children: Vec<String> = info.children.iter().map(|c| format!("{}.{}", c.path, c.name)).collect();
            children.sort();
            let mut commands: Vec<String> = commands.into_iter().map(|c| c.name).collect();
            commands.sort();
            view.namespace = Some((wanted.to_string(), info.description, children, commands));
            if !command.trim().is_empty() {
                let info = vc.vapi_metadata_cli_command_get(&command::Identity { path: wanted.to_string(), name: command.trim().to_string() }).await?;
                view.command = Some(crate::api::fields::rows(&info));
            }
        }
        Ok(view)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_finds_its_page() {
        assert_eq!(console_page("com.vmware.vcenter.vm.hardware.disk"), Some("/inventory/vm"));
        assert_eq!(console_page("com.vmware.vcenter.vm_template.library_items"), Some("/content-libraries"));
        assert_eq!(console_page("com.vmware.appliance.recovery.restore.job"), Some("/appliance/restore"));
        assert_eq!(console_page("com.vmware.vcenter.deployment.install"), Some("/vcenter/deployment"));
        assert_eq!(console_page("com.vmware.vcenter.vm.power"), Some("/inventory/vm"));
        assert_eq!(console_page("com.vmware.esx.settings"), None);
    }

    #[test]
    fn a_cli_identity_splits_at_its_last_dot() {
        assert_eq!(identity_parts("com.vmware.vcenter.vm"), ("com.vmware.vcenter".to_string(), "vm".to_string()));
        assert_eq!(identity_parts("vm"), (String::new(), "vm".to_string()));
    }

    #[test]
    fn search_reads_ids_and_operation_names() {
        let s = ServiceSummary { id: "com.vmware.vcenter.vm.power".into(), component: "com.vmware.vcenter".into(), operations: vec!["start".into(), "stop".into()] };
        assert!(matches(&s, "VM.POWER"));
        assert!(matches(&s, "start"));
        assert!(!matches(&s, "tagging"));
    }
}
