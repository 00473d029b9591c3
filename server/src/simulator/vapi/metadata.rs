//! `vapi/metadata`: vCenter's description of its own API — the metamodel (components, packages, services,
//! their operations, structures and enumerations, resource types), the privileges each operation needs, the
//! authentication schemes, and the CLI's namespaces and commands — built here from the API data
//! (`app/api/operations.json`) that the simulator serves, and from its own privilege rules ([`super::super::roles`]).
//!
//! How vCenter names things, and so this module: a service and operation are named as vSphere 6.7 names them
//! (the API data's `vapi_6_7_ga`: `com.vmware.vcenter.VM` `list`); an operation without one is named from its
//! path without parameters and trailing action (`/rest/vcenter/vm/{vm}/power/start` →
//! `com.vmware.vcenter.vm.power`, `start`); its package is the service's parent, its component the first part after `com.vmware`
//! (`com.vmware.vcenter`). A structure or enumeration of the API data (`vcenter.datacenter.create_spec`) belongs
//! to the service it is named under (`com.vmware.vcenter.datacenter`), else to its package. A fingerprint is a
//! digest of what it describes, so it changes when that does. Unknown ids are `not_found`.

use crate::simulator::conformance::{Operation, OPERATIONS};
use crate::simulator::{body, ok, Authed, SimError, SimState};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::LazyLock;

const API: &str = include_str!("../../../../app/api/operations.json");

#[derive(Deserialize)]
struct ApiFile {
    operations: Vec<RawOp>,
    structures: BTreeMap<String, RawStructure>,
    enums: BTreeMap<String, RawEnum>,
}

#[derive(Deserialize)]
struct RawOp {
    name: String,
    /// vCenter's own service and operation names, where the API data has them (all but one).
    #[serde(default)]
    vapi_6_7_ga: Option<RawVapi>,
    method: String,
    path: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    params: Option<RawParams>,
    #[serde(default)]
    request_body: Option<RawBody>,
    #[serde(default)]
    response: Option<RawResponse>,
    errors: Vec<RawError>,
}

#[derive(Deserialize)]
struct RawVapi {
    service: String,
    operation: String,
}

#[derive(Deserialize, Default)]
struct RawParams {
    #[serde(default)]
    path: Vec<RawField>,
    #[serde(default)]
    query: Vec<RawField>,
}

#[derive(Deserialize)]
struct RawBody {
    #[serde(default)]
    fields: Vec<RawField>,
}

#[derive(Deserialize, Clone)]
struct RawField {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    required: Option<bool>,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
struct RawResponse {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
struct RawError {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
struct RawStructure {
    #[serde(default)]
    description: String,
    fields: Vec<RawField>,
}

#[derive(Deserialize)]
struct RawEnum {
    #[serde(default)]
    description: String,
    values: Vec<String>,
}

/// The API described: every element by its full id, and which service and package holds what.
pub struct Model {
    /// service id → (operation name → operation_info)
    pub services: BTreeMap<String, BTreeMap<String, Value>>,
    /// service id → the documented paths' (method, path) of each operation, for the privilege lookup.
    ops: BTreeMap<String, Vec<(String, &'static Operation)>>,
    pub structures: BTreeMap<String, Value>,
    pub enumerations: BTreeMap<String, Value>,
}

fn full(name: &str) -> String {
    if name.starts_with("com.vmware.") { name.to_string() } else { format!("com.vmware.{name}") }
}

/// The service and operation a documented path names.
pub fn service_of(path: &str, name: &str) -> String {
    let base = path.split('?').next().unwrap_or(path).trim_start_matches("/rest/").trim_start_matches("com/vmware/");
    let mut parts: Vec<String> = base.split('/').filter(|s| !s.contains('{') && !s.is_empty()).map(|s| s.replace('-', "_")).collect();
    if parts.len() > 1 && parts.last().is_some_and(|l| *l == name) {
        parts.pop();
    }
    full(&parts.join("."))
}

fn parent(id: &str) -> String {
    id.rsplit_once('.').map(|(p, _)| p.to_string()).unwrap_or_default()
}

/// The component an id belongs to: `com.vmware.<first part>`.
pub fn component_of(id: &str) -> String {
    let rest = id.trim_start_matches("com.vmware.");
    format!("com.vmware.{}", rest.split('.').next().unwrap_or(rest))
}

/// A type of the API data (`array<vcenter.vm.summary>`, `integer(int64)` …) as a metamodel type; an optional
/// one (not `required`) wrapped in OPTIONAL.
fn meta_type(t: &str, required: bool) -> Value {
    let t = t.trim();
    if !required {
        return json!({ "category": "GENERIC", "generic_instantiation": { "generic_type": "OPTIONAL", "element_type": meta_type(t, true) } });
    }
    let generic = |g: &str, args: &str| -> Value {
        match g {
            "map" => {
                let (k, v) = split_pair(args);
                json!({ "category": "GENERIC", "generic_instantiation": { "generic_type": "MAP", "map_key_type": meta_type(k, true), "map_value_type": meta_type(v, true) } })
            }
            g => json!({ "category": "GENERIC", "generic_instantiation": { "generic_type": if g == "set" { "SET" } else { "LIST" }, "element_type": meta_type(args, true) } }),
        }
    };
    if let Some((g, rest)) = t.split_once('<') {
        if matches!(g, "array" | "set" | "map") {
            return generic(g, rest.strip_suffix('>').unwrap_or(rest));
        }
    }
    let builtin = match t {
        "string" => Some("STRING"),
        "string(password)" => Some("SECRET"),
        "string(date-time)" => Some("DATE_TIME"),
        "string(uri)" => Some("URI"),
        "string(binary)" => Some("BINARY"),
        "boolean" => Some("BOOLEAN"),
        "number(double)" | "number" => Some("DOUBLE"),
        "void" => Some("VOID"),
        "any" | "object" => Some("DYNAMIC_STRUCTURE"),
        t if t.starts_with("integer") => Some("LONG"),
        _ => None,
    };
    match builtin {
        Some(b) => json!({ "category": "BUILTIN", "builtin_type": b }),
        None => {
            let kind = if MODEL_RAW.enums.contains_key(t) { "com.vmware.vapi.enumeration" } else { "com.vmware.vapi.structure" };
            json!({ "category": "USER_DEFINED", "user_defined_type": { "resource_type": kind, "resource_id": full(t) } })
        }
    }
}

/// `K,V` of a map's arguments, at the top level of the nesting.
fn split_pair(args: &str) -> (&str, &str) {
    let mut depth = 0;
    for (i, c) in args.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            ',' if depth == 0 => return (&args[..i], &args[i + 1..]),
            _ => {}
        }
    }
    (args, "string")
}

fn field(f: &RawField) -> Value {
    json!({ "name": f.name, "type": meta_type(&f.kind, f.required.unwrap_or(true)), "metadata": [], "documentation": f.description })
}

static MODEL_RAW: LazyLock<ApiFile> = LazyLock::new(|| serde_json::from_str(API).expect("app/api/operations.json"));

pub static MODEL: LazyLock<Model> = LazyLock::new(|| {
    let raw = &*MODEL_RAW;
    let mut services: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    let mut ops: BTreeMap<String, Vec<(String, &'static Operation)>> = BTreeMap::new();
    for o in &raw.operations {
        let (service, name) = match &o.vapi_6_7_ga {
            Some(v) => (v.service.clone(), v.operation.clone()),
            None => (service_of(&o.path, &o.name), o.name.clone()),
        };
        let params = o.params.as_ref().map(|p| p.path.iter().chain(p.query.iter()).cloned().collect::<Vec<_>>()).unwrap_or_default();
        let body = o.request_body.as_ref().map(|b| b.fields.clone()).unwrap_or_default();
        let output = o.response.as_ref().map_or_else(|| json!({ "category": "BUILTIN", "builtin_type": "VOID" }), |r| meta_type(&r.kind, true));
        let errors: Vec<Value> = o.errors.iter().map(|e| json!({ "structure_id": e.kind, "documentation": e.description })).collect();
        let info = json!({
            "name": name,
            "params": params.iter().chain(body.iter()).map(field).collect::<Vec<_>>(),
            "output": { "type": output, "metadata": [], "documentation": o.response.as_ref().map(|r| r.description.clone()).unwrap_or_default() },
            "errors": errors,
            "metadata": [{ "key": "RequestMapping", "value": { "elements": [
                { "key": "method", "value": { "type": "STRING", "string_value": o.method } },
                { "key": "value", "value": { "type": "STRING", "string_value": o.path } }
            ] } }],
            "documentation": o.summary,
        });
        services.entry(service.clone()).or_default().insert(name.clone(), info);
        if let Some(op) = OPERATIONS.iter().find(|x| x.method == o.method && x.path == o.path) {
            ops.entry(service).or_default().push((name, op));
        }
    }
    let structures = raw
        .structures
        .iter()
        .map(|(k, s)| {
            (full(k), json!({ "name": k.rsplit('.').next().unwrap_or(k), "type": "STRUCTURE", "enumerations": [], "constants": [], "fields": s.fields.iter().map(field).collect::<Vec<_>>(), "metadata": [], "documentation": s.description }))
        })
        .collect();
    let enumerations = raw
        .enums
        .iter()
        .map(|(k, e)| {
            (full(k), json!({ "name": k.rsplit('.').next().unwrap_or(k), "values": e.values.iter().map(|v| json!({ "value": v, "metadata": [], "documentation": "" })).collect::<Vec<_>>(), "metadata": [], "documentation": e.description }))
        })
        .collect();
    Model { services, ops, structures, enumerations }
});

impl Model {
    /// Where a structure or enumeration lives: its service when one is named like its parent, else its package.
    /// (vCenter spells some services' types in capitals: `com.vmware.vcenter.VM.summary` is the `vm` service's.)
    fn home(&self, id: &str) -> (Option<String>, String) {
        let owner = parent(id);
        match self.services.keys().find(|s| s.eq_ignore_ascii_case(&owner)) {
            Some(s) => (Some(s.clone()), parent(s)),
            None => (None, owner),
        }
    }

    pub fn packages(&self) -> Vec<String> {
        let mut p: Vec<String> = self.services.keys().map(|s| parent(s)).collect();
        p.sort();
        p.dedup();
        p
    }

    pub fn components(&self) -> Vec<String> {
        let mut c: Vec<String> = self.services.keys().map(|s| component_of(s)).collect();
        c.dedup();
        c
    }

    fn map(entries: impl IntoIterator<Item = (String, Value)>) -> Value {
        Value::Array(entries.into_iter().map(|(k, v)| json!({ "key": k, "value": v })).collect())
    }

    pub fn service_info(&self, id: &str) -> Option<Value> {
        let ops = self.services.get(id)?;
        let mine = |all: &BTreeMap<String, Value>| Self::map(all.iter().filter(|(k, _)| self.home(k).0.as_deref() == Some(id)).map(|(k, v)| (k.clone(), v.clone())));
        Some(json!({
            "name": id.rsplit('.').next().unwrap_or(id),
            "operations": Self::map(ops.iter().map(|(k, v)| (k.clone(), v.clone()))),
            "structures": mine(&self.structures),
            "enumerations": mine(&self.enumerations),
            "constants": [],
            "metadata": [],
            "documentation": "",
        }))
    }

    pub fn package_info(&self, id: &str) -> Option<Value> {
        let services: Vec<&String> = self.services.keys().filter(|s| parent(s) == id).collect();
        if services.is_empty() {
            return None;
        }
        let own = |all: &BTreeMap<String, Value>| Self::map(all.iter().filter(|(k, _)| { let (s, p) = self.home(k); s.is_none() && p == id }).map(|(k, v)| (k.clone(), v.clone())));
        Some(json!({
            "name": id.rsplit('.').next().unwrap_or(id),
            "structures": own(&self.structures),
            "enumerations": own(&self.enumerations),
            "services": Self::map(services.into_iter().filter_map(|s| Some((s.clone(), self.service_info(s)?)))),
            "metadata": [],
            "documentation": "",
        }))
    }

    pub fn component_info(&self, id: &str) -> Option<Value> {
        let packages: Vec<String> = self.packages().into_iter().filter(|p| component_of(p) == id).collect();
        if packages.is_empty() {
            return None;
        }
        Some(json!({
            "name": id,
            "packages": Self::map(packages.iter().filter_map(|p| Some((p.clone(), self.package_info(p)?)))),
            "metadata": [],
            "documentation": "",
        }))
    }

    /// The privileges an operation needs, as the simulator checks them.
    fn privileges(&self, service: &str, operation: &str) -> Option<Vec<&'static str>> {
        let (_, op) = self.ops.get(service)?.iter().find(|(n, _)| n == operation)?;
        Some(vec![crate::simulator::roles::privilege(op)])
    }

    fn privilege_service(&self, id: &str) -> Option<Value> {
        let ops = self.services.get(id)?;
        Some(json!({ "operations": Self::map(ops.keys().map(|o| {
            let p = self.privileges(id, o).unwrap_or_default();
            (o.clone(), json!({ "privileges": p, "privilege_info": [] }))
        })) }))
    }

    fn privilege_package(&self, id: &str) -> Option<Value> {
        let services: Vec<&String> = self.services.keys().filter(|s| parent(s) == id).collect();
        (!services.is_empty()).then(|| json!({ "privileges": [], "services": Self::map(services.into_iter().filter_map(|s| Some((s.clone(), self.privilege_service(s)?)))) }))
    }

    fn privilege_component(&self, id: &str) -> Option<Value> {
        let packages: Vec<String> = self.packages().into_iter().filter(|p| component_of(p) == id).collect();
        (!packages.is_empty()).then(|| json!({ "packages": Self::map(packages.iter().filter_map(|p| Some((p.clone(), self.privilege_package(p)?)))) }))
    }

    /// The login operation takes a user name and password; everything else the session id.
    fn schemes(service: &str, operation: Option<&str>) -> Value {
        let session = json!({ "scheme_type": "SESSION_AWARE", "session_manager": "com.vmware.cis.session", "scheme": "com.vmware.vapi.std.security.session_id" });
        let user_pass = json!({ "scheme_type": "SESSIONLESS", "scheme": "com.vmware.vapi.std.security.user_pass" });
        match (service, operation) {
            ("com.vmware.cis.session", Some("create")) => json!([user_pass]),
            ("com.vmware.cis.session", None) => json!([session, user_pass]),
            _ => json!([session]),
        }
    }

    fn auth_service(&self, id: &str) -> Option<Value> {
        let ops = self.services.get(id)?;
        Some(json!({ "schemes": Self::schemes(id, None), "operations": Self::map(ops.keys().map(|o| (o.clone(), json!({ "schemes": Self::schemes(id, Some(o)) })))) }))
    }

    fn auth_package(&self, id: &str) -> Option<Value> {
        let services: Vec<&String> = self.services.keys().filter(|s| parent(s) == id).collect();
        (!services.is_empty()).then(|| json!({ "schemes": Self::schemes(id, None), "services": Self::map(services.into_iter().filter_map(|s| Some((s.clone(), self.auth_service(s)?)))) }))
    }

    fn auth_component(&self, id: &str) -> Option<Value> {
        let packages: Vec<String> = self.packages().into_iter().filter(|p| component_of(p) == id).collect();
        (!packages.is_empty()).then(|| json!({ "packages": Self::map(packages.iter().filter_map(|p| Some((p.clone(), self.auth_package(p)?)))) }))
    }
}

/// A digest of a description (hex SHA-256 of its JSON).
fn fingerprint(v: &Value) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(v.to_string().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn id_of(raw: &str) -> &str {
    raw.strip_prefix("id:").unwrap_or(raw)
}

fn missing(what: &str, id: &str) -> SimError {
    SimError::not_found(what, id)
}

fn action(q: &Option<String>) -> Option<String> {
    app::vsphere::rest::Query::parse(q.as_deref().unwrap_or("")).get("~action").map(str::to_string)
}

fn query(q: &Option<String>, key: &str) -> Option<String> {
    app::vsphere::rest::Query::parse(q.as_deref().unwrap_or("")).get(key).map(str::to_string)
}

const BASE: &str = "/rest/com/vmware/vapi/metadata";

pub fn routes() -> Router<SimState> {
    Router::new()
        // metamodel
        .route(&format!("{BASE}/metamodel/component"), get(|_: Authed| async { ok(MODEL.components()) }))
        .route(&format!("{BASE}/metamodel/component/{{id}}"), get(meta_component).post(meta_component_fingerprint))
        .route(&format!("{BASE}/metamodel/package"), get(|_: Authed| async { ok(MODEL.packages()) }))
        .route(&format!("{BASE}/metamodel/package/{{id}}"), get(meta_package))
        .route(&format!("{BASE}/metamodel/service"), get(|_: Authed| async { ok(MODEL.services.keys().collect::<Vec<_>>()) }))
        .route(&format!("{BASE}/metamodel/service/{{id}}"), get(meta_service))
        .route(&format!("{BASE}/metamodel/service/operation"), get(meta_operations))
        .route(&format!("{BASE}/metamodel/service/operation/{{id}}"), post(meta_operation))
        .route(&format!("{BASE}/metamodel/structure"), get(|_: Authed| async { ok(MODEL.structures.keys().collect::<Vec<_>>()) }))
        .route(&format!("{BASE}/metamodel/structure/{{id}}"), get(meta_structure))
        .route(&format!("{BASE}/metamodel/enumeration"), get(|_: Authed| async { ok(MODEL.enumerations.keys().collect::<Vec<_>>()) }))
        .route(&format!("{BASE}/metamodel/enumeration/{{id}}"), get(meta_enumeration))
        .route(&format!("{BASE}/metamodel/resource"), get(|_: Authed| async { ok(RESOURCES.iter().map(|(r, _)| *r).collect::<Vec<_>>()) }))
        .route(&format!("{BASE}/metamodel/resource/model"), get(resource_model))
        // privilege
        .route(&format!("{BASE}/privilege/component"), get(|_: Authed| async { ok(MODEL.components()) }))
        .route(&format!("{BASE}/privilege/component/{{id}}"), get(priv_component).post(priv_component_fingerprint))
        .route(&format!("{BASE}/privilege/package"), get(|_: Authed| async { ok(MODEL.packages()) }))
        .route(&format!("{BASE}/privilege/package/{{id}}"), get(priv_package))
        .route(&format!("{BASE}/privilege/service"), get(|_: Authed| async { ok(MODEL.services.keys().collect::<Vec<_>>()) }))
        .route(&format!("{BASE}/privilege/service/{{id}}"), get(priv_service))
        .route(&format!("{BASE}/privilege/service/operation"), get(meta_operations))
        .route(&format!("{BASE}/privilege/service/operation/{{id}}"), post(priv_operation))
        // authentication
        .route(&format!("{BASE}/authentication/component"), get(|_: Authed| async { ok(MODEL.components()) }))
        .route(&format!("{BASE}/authentication/component/{{id}}"), get(auth_component).post(auth_component_fingerprint))
        .route(&format!("{BASE}/authentication/package"), get(|_: Authed| async { ok(MODEL.packages()) }))
        .route(&format!("{BASE}/authentication/package/{{id}}"), get(auth_package))
        .route(&format!("{BASE}/authentication/service"), get(|_: Authed| async { ok(MODEL.services.keys().collect::<Vec<_>>()) }))
        .route(&format!("{BASE}/authentication/service/{{id}}"), get(auth_service))
        .route(&format!("{BASE}/authentication/service/operation"), get(meta_operations))
        .route(&format!("{BASE}/authentication/service/operation/{{id}}"), post(auth_operation))
        // cli
        .route(&format!("{BASE}/cli/namespace"), get(cli_namespaces).post(cli_namespace))
        .route(&format!("{BASE}/cli/command"), get(cli_commands).post(cli_command))
}

/// Resource types and the service whose structures model them.
pub const RESOURCES: &[(&str, &str)] = &[
    ("VirtualMachine", "com.vmware.vcenter.vm"),
    ("HostSystem", "com.vmware.vcenter.host"),
    ("ClusterComputeResource", "com.vmware.vcenter.cluster"),
    ("Datacenter", "com.vmware.vcenter.datacenter"),
    ("Datastore", "com.vmware.vcenter.datastore"),
    ("Network", "com.vmware.vcenter.network"),
    ("Folder", "com.vmware.vcenter.folder"),
    ("ResourcePool", "com.vmware.vcenter.resource_pool"),
    ("com.vmware.content.Library", "com.vmware.content.library"),
    ("com.vmware.content.library.Item", "com.vmware.content.library.item"),
    ("com.vmware.cis.tagging.Category", "com.vmware.cis.tagging.category"),
    ("com.vmware.cis.tagging.Tag", "com.vmware.cis.tagging.tag"),
];

async fn meta_component(_: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let id = id_of(&id);
    let info = MODEL.component_info(id).ok_or_else(|| missing("Component", id))?;
    Ok(ok(json!({ "fingerprint": fingerprint(&info), "info": info })))
}

async fn fingerprint_of(q: &Option<String>, id: &str, info: Option<Value>, path: &str) -> Result<Response, SimError> {
    if action(q).as_deref() != Some("fingerprint") {
        return Err(SimError::no_operation(&format!("POST {path}")));
    }
    let info = info.ok_or_else(|| missing("Component", id))?;
    Ok(ok(fingerprint(&info)))
}

async fn meta_component_fingerprint(_: Authed, Path(id): Path<String>, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let id = id_of(&id);
    fingerprint_of(&q, id, MODEL.component_info(id), "metamodel/component").await
}

async fn meta_package(_: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let id = id_of(&id);
    Ok(ok(MODEL.package_info(id).ok_or_else(|| missing("Package", id))?))
}

async fn meta_service(_: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let id = id_of(&id);
    Ok(ok(MODEL.service_info(id).ok_or_else(|| missing("Service", id))?))
}

async fn meta_operations(_: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let id = query(&q, "service_id").unwrap_or_default();
    let ops = MODEL.services.get(&id).ok_or_else(|| missing("Service", &id))?;
    Ok(ok(ops.keys().collect::<Vec<_>>()))
}

#[derive(Deserialize)]
struct OperationBody {
    operation_id: String,
}

fn operation_request(q: &Option<String>, bytes: &[u8], path: &str) -> Result<String, SimError> {
    if action(q).as_deref() != Some("get") {
        return Err(SimError::no_operation(&format!("POST {path}")));
    }
    let OperationBody { operation_id } = body(bytes)?;
    Ok(operation_id)
}

async fn meta_operation(_: Authed, Path(id): Path<String>, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    let id = id_of(&id);
    let op = operation_request(&q, &bytes, "metamodel/service/operation")?;
    let ops = MODEL.services.get(id).ok_or_else(|| missing("Service", id))?;
    Ok(ok(ops.get(&op).ok_or_else(|| missing("Operation", &op))?))
}

async fn meta_structure(_: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let id = id_of(&id);
    Ok(ok(MODEL.structures.get(id).ok_or_else(|| missing("Structure", id))?))
}

async fn meta_enumeration(_: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let id = id_of(&id);
    Ok(ok(MODEL.enumerations.get(id).ok_or_else(|| missing("Enumeration", id))?))
}

async fn resource_model(_: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let id = query(&q, "resource_id").unwrap_or_default();
    let (_, service) = RESOURCES.iter().find(|(r, _)| *r == id).ok_or_else(|| missing("Resource type", &id))?;
    let models: Vec<&String> = MODEL.structures.keys().filter(|k| parent(k).eq_ignore_ascii_case(service) && (k.ends_with(".info") || k.ends_with(".summary") || k.ends_with(".model"))).collect();
    Ok(ok(models))
}

async fn priv_component(_: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let id = id_of(&id);
    let info = MODEL.privilege_component(id).ok_or_else(|| missing("Component", id))?;
    Ok(ok(json!({ "fingerprint": fingerprint(&info), "info": info })))
}

async fn priv_component_fingerprint(_: Authed, Path(id): Path<String>, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let id = id_of(&id);
    fingerprint_of(&q, id, MODEL.privilege_component(id), "privilege/component").await
}

async fn priv_package(_: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let id = id_of(&id);
    Ok(ok(MODEL.privilege_package(id).ok_or_else(|| missing("Package", id))?))
}

async fn priv_service(_: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let id = id_of(&id);
    Ok(ok(MODEL.privilege_service(id).ok_or_else(|| missing("Service", id))?))
}

async fn priv_operation(_: Authed, Path(id): Path<String>, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    let id = id_of(&id);
    let op = operation_request(&q, &bytes, "privilege/service/operation")?;
    MODEL.services.get(id).ok_or_else(|| missing("Service", id))?;
    let p = MODEL.privileges(id, &op).ok_or_else(|| missing("Operation", &op))?;
    Ok(ok(json!({ "privileges": p, "privilege_info": [] })))
}

async fn auth_component(_: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let id = id_of(&id);
    let info = MODEL.auth_component(id).ok_or_else(|| missing("Component", id))?;
    Ok(ok(json!({ "fingerprint": fingerprint(&info), "info": info })))
}

async fn auth_component_fingerprint(_: Authed, Path(id): Path<String>, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let id = id_of(&id);
    fingerprint_of(&q, id, MODEL.auth_component(id), "authentication/component").await
}

async fn auth_package(_: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let id = id_of(&id);
    Ok(ok(MODEL.auth_package(id).ok_or_else(|| missing("Package", id))?))
}

async fn auth_service(_: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    let id = id_of(&id);
    Ok(ok(MODEL.auth_service(id).ok_or_else(|| missing("Service", id))?))
}

async fn auth_operation(_: Authed, Path(id): Path<String>, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    let id = id_of(&id);
    let op = operation_request(&q, &bytes, "authentication/service/operation")?;
    let ops = MODEL.services.get(id).ok_or_else(|| missing("Service", id))?;
    ops.get(&op).ok_or_else(|| missing("Operation", &op))?;
    Ok(ok(json!({ "schemes": Model::schemes(id, Some(&op)) })))
}

/// The CLI's namespaces: one per service, named by its last part under its package's path.
fn namespace_identity(service: &str) -> Value {
    json!({ "path": parent(service), "name": service.rsplit('.').next().unwrap_or(service) })
}

async fn cli_namespaces(_: Authed) -> Response {
    ok(MODEL.services.keys().map(|s| namespace_identity(s)).collect::<Vec<_>>())
}

#[derive(Deserialize)]
struct Identity {
    path: String,
    name: String,
}

#[derive(Deserialize)]
struct IdentityBody {
    identity: Identity,
}

async fn cli_namespace(_: Authed, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    match action(&q).as_deref() {
        Some("fingerprint") => Ok(ok(fingerprint(&json!(MODEL.services.keys().collect::<Vec<_>>())))),
        Some("get") => {
            let IdentityBody { identity } = body(&bytes)?;
            let id = format!("{}.{}", identity.path, identity.name);
            if !MODEL.services.contains_key(&id) {
                return Err(missing("Namespace", &id));
            }
            let children: Vec<Value> = MODEL.services.keys().filter(|s| parent(s) == id).map(|s| namespace_identity(s)).collect();
            Ok(ok(json!({ "identity": { "path": identity.path, "name": identity.name }, "description": format!("Operations of {id}"), "children": children })))
        }
        _ => Err(SimError::no_operation("POST cli/namespace")),
    }
}

async fn cli_commands(_: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    let out: Vec<Value> = match query(&q, "path") {
        Some(path) => {
            let ops = MODEL.services.get(&path).ok_or_else(|| missing("Namespace", &path))?;
            ops.keys().map(|o| json!({ "path": path, "name": o })).collect()
        }
        None => MODEL.services.iter().flat_map(|(s, ops)| ops.keys().map(move |o| json!({ "path": s, "name": o }))).collect(),
    };
    Ok(ok(out))
}

async fn cli_command(_: Authed, RawQuery(q): RawQuery, bytes: Bytes) -> Result<Response, SimError> {
    match action(&q).as_deref() {
        Some("fingerprint") => Ok(ok(fingerprint(&json!(MODEL.services.iter().map(|(s, o)| (s.clone(), o.keys().cloned().collect::<Vec<_>>())).collect::<Vec<_>>())))),
        Some("get") => {
            let IdentityBody { identity } = body(&bytes)?;
            let op = MODEL.services.get(&identity.path).and_then(|o| o.get(&identity.name)).ok_or_else(|| missing("Command", &format!("{}.{}", identity.path, identity.name)))?;
            let options: Vec<Value> = op["params"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    let name = p["name"].as_str().unwrap_or_default();
                    let optional = p["type"]["generic_instantiation"]["generic_type"] == "OPTIONAL";
                    json!({ "long_option": name.replace('_', "-"), "field_name": name, "description": p["documentation"], "type": "string", "generic": if optional { "OPTIONAL" } else { "NONE" } })
                })
                .collect();
            Ok(ok(json!({
                "identity": { "path": identity.path, "name": identity.name },
                "description": op["documentation"],
                "service_id": identity.path,
                "operation_id": identity.name,
                "options": options,
                "formatter": "TABLE",
                "output_field_list": [],
            })))
        }
        _ => Err(SimError::no_operation("POST cli/command")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_are_named_from_their_paths() {
        assert_eq!(service_of("/rest/vcenter/vm/{vm}/power/start", "start"), "com.vmware.vcenter.vm.power");
        assert_eq!(service_of("/rest/vcenter/vm/{vm}/hardware/disk/{disk}", "get"), "com.vmware.vcenter.vm.hardware.disk");
        assert_eq!(service_of("/rest/com/vmware/cis/tagging/tag-association?~action=attach", "attach"), "com.vmware.cis.tagging.tag_association");
        assert_eq!(service_of("/rest/appliance/vmon/service/{service}/start", "start"), "com.vmware.appliance.vmon.service");
        assert_eq!(component_of("com.vmware.vcenter.vm.power"), "com.vmware.vcenter");
    }

    #[test]
    fn every_operation_is_described_once() {
        let described: usize = MODEL.services.values().map(|o| o.len()).sum();
        assert_eq!(described, OPERATIONS.len(), "two operations of one service share a name");
        assert!(MODEL.components().contains(&"com.vmware.vapi".to_string()));
        let t = meta_type("map<string,array<vcenter.vm.summary>>", true);
        assert_eq!(meta_type("string", false)["generic_instantiation"]["generic_type"], "OPTIONAL");
        assert_eq!(t["generic_instantiation"]["map_value_type"]["generic_instantiation"]["element_type"]["user_defined_type"]["resource_id"], "com.vmware.vcenter.vm.summary");
    }
}
