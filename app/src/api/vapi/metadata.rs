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
                let mapping = o.metadata.0.iter().find(|(k, _)| k == "RequestMapping").map(|(_, m)| {
                    let get = |key: &str| m.elements.0.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.string_value.clone()).unwrap_or_default();
                    format!("{} {}", get("method"), get("value"))
                });
                OperationDetail {
                    documentation: o.documentation,
                    request: mapping.unwrap_or_default(),
                    params: o.params.iter().map(|p| (p.name.clone(), type_text(&p.r#type), p.documentation.clone())).collect(),
                    output: type_text(&o.output.r#type),
                    errors: o.errors.into_iter().map(|e| (e.structure_id, e.documentation)).collect(),
                    privileges: privs.operations.0.iter().find(|(k, _)| *k == name).map(|(_, p)| p.privileges.clone()).unwrap_or_default(),
                    schemes: auth.operations.0.iter().find(|(k, _)| *k == name).map(|(_, a)| a.schemes.iter().map(|s| s.scheme.clone()).collect()).unwrap_or_default(),
                    name,
                }
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
    fn search_reads_ids_and_operation_names() {
        let s = ServiceSummary { id: "com.vmware.vcenter.vm.power".into(), component: "com.vmware.vcenter".into(), operations: vec!["start".into(), "stop".into()] };
        assert!(matches(&s, "VM.POWER"));
        assert!(matches(&s, "start"));
        assert!(!matches(&s, "tagging"));
    }
}
