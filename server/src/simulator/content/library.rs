//! `content/library`, `content/local-library`, `content/subscribed-library`, `content/type`,
//! `content/configuration`: the libraries, with vCenter's rules —
//! - a name not empty, at most 80 characters, unique among all libraries (any case): `invalid_argument`;
//! - one storage backing: a datastore of the inventory, or another storage URI (`file://`, `nfs://`);
//! - published with BASIC authentication: user `vcsp` and a password; the publish URL is vCenter's
//!   (`https://<vcenter>/cls/vcsp/lib/<id>/lib.json`);
//! - a subscribed library's URL must be one this vCenter can reach (here: a library it publishes itself), with
//!   the publisher's password and, over https, the certificate thumbprint the probe showed; it is synced when
//!   created (every item's metadata; the files too unless it downloads on demand);
//! - each kind's operations refuse the other kind (`invalid_element_type`); evicting needs an on-demand
//!   library; a local library's update names the version it read (`concurrent_change` when it moved on).

use super::{action, base_url, check_name, now, path_id, thumbprint, Configuration, Data, File, Item, Library, Subscription};
use crate::simulator::{bad_body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::content::library::publish_info::AuthenticationMethod as PublishAuth;
use app::vsphere::models::content::library::storage_backing::Type as BackingType;
use app::vsphere::models::content::library::subscription_info::AuthenticationMethod as SubscriptionAuth;
use app::vsphere::models::content::library::{FindSpec, PublishInfo, StorageBacking, SubscriptionInfo};
use app::vsphere::models::content::library_model::LibraryType;
use app::vsphere::models::content::subscribed_library::probe_result::Status as ProbeStatus;
use app::vsphere::models::content::subscribed_library::ProbeResult;
use app::vsphere::models::content::{r#type, ConfigurationModel, LibraryModel};
use app::vsphere::models::vapi::std::LocalizableMessage;
use app::vsphere::rest::VapiErrorKind;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use serde::Deserialize;

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/com/vmware/content/library", any(generic))
        .route("/rest/com/vmware/content/library/{id}", any(generic_one))
        .route("/rest/com/vmware/content/local-library", any(local))
        .route("/rest/com/vmware/content/local-library/{id}", any(local_one))
        .route("/rest/com/vmware/content/subscribed-library", any(subscribed))
        .route("/rest/com/vmware/content/subscribed-library/{id}", any(subscribed_one))
        .route("/rest/com/vmware/content/type", any(types))
        .route("/rest/com/vmware/content/configuration", any(configuration))
}

/// The item types this vCenter knows (`content/type list`): OVF templates, VM templates, and any file.
pub const TYPES: &[(&str, &str, &str)] = &[
    ("ovf", "OVF", "An OVF package: an .ovf descriptor with the disks and files it references."),
    ("vm-template", "VM Template", "A virtual machine template kept in the library (VMTX)."),
    ("iso", "ISO", "An ISO 9660 disc image."),
];

fn wrong_type(id: &str, want: &str) -> SimError {
    SimError::new(
        VapiErrorKind::Other("invalid_element_type".into()),
        "com.vmware.vdcs.cls-main.invalid_library_type",
        format!("The library '{id}' is not a {want} library."),
        &[id],
    )
}

pub fn library_not_found(id: &str) -> SimError {
    SimError::not_found("Library", id)
}

/// The wire form of a library.
pub fn model(l: &Library, base: &str) -> LibraryModel {
    let host = base.trim_start_matches("http://");
    LibraryModel {
        id: Some(l.id.clone()),
        creation_time: Some(l.created.clone()),
        description: Some(l.description.clone()),
        last_modified_time: Some(l.modified.clone()),
        last_sync_time: l.last_sync.clone(),
        name: Some(l.name.clone()),
        storage_backings: Some(vec![StorageBacking {
            r#type: Some(if l.datastore.is_some() { BackingType::Datastore } else { BackingType::Other }),
            datastore_id: l.datastore.clone(),
            storage_uri: l.storage_uri.clone(),
        }]),
        r#type: Some(if l.subscribed { LibraryType::Subscribed } else { LibraryType::Local }),
        optimization_info: Some(app::vsphere::models::content::library::OptimizationInfo { optimize_remote_publishing: Some(false) }),
        version: Some(l.version.to_string()),
        publish_info: (!l.subscribed).then(|| PublishInfo {
            authentication_method: Some(if l.publish_password.is_some() { PublishAuth::Basic } else { PublishAuth::None }),
            published: Some(l.published),
            publish_url: l.published.then(|| publish_url(host, &l.id)),
            user_name: l.publish_password.as_ref().map(|_| "vcsp".to_string()),
            password: None,
            current_password: None,
            persist_json_enabled: Some(false),
        }),
        subscription_info: l.subscription.as_ref().map(|s| SubscriptionInfo {
            authentication_method: Some(if s.password.is_some() { SubscriptionAuth::Basic } else { SubscriptionAuth::None }),
            automatic_sync_enabled: Some(s.automatic_sync),
            on_demand: Some(s.on_demand),
            password: None,
            ssl_thumbprint: s.thumbprint.clone(),
            subscription_url: Some(s.url.clone()),
            user_name: s.password.as_ref().map(|_| "vcsp".to_string()),
            source_info: None,
        }),
        server_guid: Some("8a4a0a62-5d3e-4c5e-9f55-6d1b1c1a7e01".into()),
    }
}

/// The URL a published library is subscribed to.
pub fn publish_url(host: &str, id: &str) -> String {
    format!("https://{host}/cls/vcsp/lib/{id}/lib.json")
}

#[derive(Deserialize)]
struct CreateBody {
    #[serde(default)]
    client_token: Option<String>,
    create_spec: LibraryModel,
}

#[derive(Deserialize)]
struct UpdateBody {
    update_spec: LibraryModel,
}

fn name_taken(d: &Data, name: &str, except: Option<&str>) -> Result<(), SimError> {
    if d.libraries.iter().any(|l| l.name.eq_ignore_ascii_case(name.trim()) && Some(l.id.as_str()) != except) {
        return Err(SimError::invalid_argument(
            "com.vmware.vdcs.cls-main.duplicate_library_name",
            format!("A library with the name '{}' already exists.", name.trim()),
            &[name],
        ));
    }
    Ok(())
}

/// The one storage backing of a create spec: a datastore of the inventory, or a storage URI.
fn backing(state: &SimState, spec: &LibraryModel) -> Result<(Option<String>, Option<String>), SimError> {
    let backings = spec.storage_backings.clone().unwrap_or_default();
    let [b] = backings.as_slice() else {
        return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.invalid_storage_backing", "Give exactly one storage backing.", &[]));
    };
    match (&b.r#type, &b.datastore_id, &b.storage_uri) {
        (Some(BackingType::Datastore) | None, Some(ds), _) => {
            let inv = state.inventory.read();
            match inv.datastores.iter().find(|d| &d.id == ds) {
                None => Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.invalid_datastore", format!("Datastore '{ds}' was not found."), &[ds])),
                Some(d) if !d.accessible => {
                    Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.datastore_inaccessible", format!("Datastore '{}' is not accessible.", d.name), &[ds]))
                }
                Some(_) => Ok((Some(ds.clone()), None)),
            }
        }
        (Some(BackingType::Other), _, Some(uri)) if uri.starts_with("file://") || uri.starts_with("nfs://") || uri.starts_with("ds://") => Ok((None, Some(uri.clone()))),
        _ => Err(SimError::invalid_argument(
            "com.vmware.vdcs.cls-main.invalid_storage_backing",
            "A storage backing is a datastore (datastore_id) or another storage URI (file:// or nfs://).",
            &[],
        )),
    }
}

/// The publish settings of a spec, applied over `current` (published, BASIC password).
fn publishing(spec: Option<&PublishInfo>, current: (bool, Option<String>)) -> Result<(bool, Option<String>), SimError> {
    let Some(p) = spec else { return Ok(current) };
    let published = p.published.unwrap_or(current.0);
    let password = match p.authentication_method {
        Some(PublishAuth::None) => None,
        Some(PublishAuth::Basic) => {
            if p.user_name.as_deref().is_some_and(|u| u != "vcsp") {
                return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.invalid_user_name", "The publish user name must be 'vcsp'.", &[]));
            }
            match p.password.clone().or(current.1) {
                Some(pw) if !pw.is_empty() => Some(pw),
                _ => return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.password_required", "Give a password for BASIC authentication.", &[])),
            }
        }
        Some(PublishAuth::UnknownValue(ref v)) => return Err(SimError::invalid_argument("vapi.bindings.typeconverter.invalid.enum", format!("{v} is not an authentication method."), &[])),
        None => p.password.clone().filter(|p| !p.is_empty()).or(current.1),
    };
    Ok((published, password))
}

fn bump(l: &mut Library) {
    l.version += 1;
    l.modified = now();
}

// ---- the generic library service ----

async fn generic(State(state): State<SimState>, _: Authed, method: Method, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    match (method, action(&q).as_deref()) {
        (Method::GET, None) => Ok(ok(state.content.data.lock().unwrap().libraries.iter().map(|l| l.id.clone()).collect::<Vec<_>>())),
        (Method::POST, Some("find")) => {
            #[derive(Deserialize)]
            struct B {
                spec: FindSpec,
            }
            let spec = serde_json::from_slice::<B>(&body).map_err(bad_body)?.spec;
            if let Some(LibraryType::UnknownValue(v)) = &spec.r#type {
                return Err(SimError::invalid_argument("vapi.bindings.typeconverter.invalid.enum", format!("{v} is not a library type."), &[]));
            }
            let d = state.content.data.lock().unwrap();
            let ids: Vec<String> = d
                .libraries
                .iter()
                .filter(|l| spec.name.as_ref().is_none_or(|n| l.name.eq_ignore_ascii_case(n)))
                .filter(|l| match &spec.r#type {
                    Some(LibraryType::Local) => !l.subscribed,
                    Some(LibraryType::Subscribed) => l.subscribed,
                    _ => true,
                })
                .map(|l| l.id.clone())
                .collect();
            Ok(ok(ids))
        }
        (m, a) => Err(SimError::no_operation(&format!("{m} /rest/com/vmware/content/library {}", a.unwrap_or("")))),
    }
}

async fn generic_one(State(state): State<SimState>, _: Authed, headers: HeaderMap, method: Method, Path(seg): Path<String>, body: Bytes) -> Result<Response, SimError> {
    remember_host(&state, &headers);
    let id = path_id(&seg)?;
    match method {
        Method::GET => {
            let d = state.content.data.lock().unwrap();
            let l = d.libraries.iter().find(|l| l.id == id).ok_or_else(|| library_not_found(&id))?;
            Ok(ok(model(l, &base_url(&headers))))
        }
        Method::PATCH => {
            let spec = serde_json::from_slice::<UpdateBody>(&body).map_err(bad_body)?.update_spec;
            update(&state, &id, spec, None, false)?;
            Ok(ok_void())
        }
        m => Err(SimError::no_operation(&format!("{m} /rest/com/vmware/content/library/id:{{library_id}}"))),
    }
}

/// An update of name, description and publishing (and, for a subscribed library, its subscription settings).
/// `kind`: the typed service's library kind (`Some(subscribed)`), which refuses the other.
fn update(state: &SimState, id: &str, spec: LibraryModel, kind: Option<bool>, check_version: bool) -> Result<(), SimError> {
    let mut d = state.content.data.lock().unwrap();
    let i = d.libraries.iter().position(|l| l.id == id).ok_or_else(|| library_not_found(id))?;
    let l = d.libraries[i].clone();
    if kind.is_some_and(|k| k != l.subscribed) {
        return Err(wrong_type(id, if l.subscribed { "local" } else { "subscribed" }));
    }
    if check_version {
        if let Some(v) = &spec.version {
            if *v != l.version.to_string() {
                return Err(SimError::new(
                    VapiErrorKind::Other("concurrent_change".into()),
                    "com.vmware.vdcs.cls-main.concurrent_change",
                    "The library was changed since it was read: read it again and repeat the change.",
                    &[id],
                ));
            }
        }
    }
    if let Some(name) = &spec.name {
        check_name("library", name)?;
        name_taken(&d, name, Some(id))?;
    }
    if spec.storage_backings.as_ref().is_some_and(|b| !b.is_empty()) {
        return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.storage_backing_immutable", "A library's storage backing cannot be changed.", &[]));
    }
    if l.subscribed && spec.publish_info.as_ref().is_some_and(|p| p.published == Some(true)) {
        return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.publish_subscribed", "A subscribed library cannot be published.", &[]));
    }
    let (published, password) = if l.subscribed { (false, None) } else { publishing(spec.publish_info.as_ref(), (l.published, l.publish_password.clone()))? };
    let subscription = match (&l.subscription, &spec.subscription_info) {
        (Some(current), Some(s)) => Some(subscription(state, &d, s, Some(current))?),
        (current, _) => current.clone(),
    };
    let l = &mut d.libraries[i];
    if let Some(name) = spec.name {
        l.name = name.trim().to_string();
    }
    if let Some(desc) = spec.description {
        l.description = desc;
    }
    l.published = published;
    l.publish_password = password;
    l.subscription = subscription;
    bump(l);
    Ok(())
}

// ---- local libraries ----

async fn local(State(state): State<SimState>, _: Authed, method: Method, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    match (method, action(&q).as_deref()) {
        (Method::GET, None) => Ok(ok(ids_of(&state, false))),
        (Method::POST, None) => {
            let b = serde_json::from_slice::<CreateBody>(&body).map_err(bad_body)?;
            Ok(ok(create(&state, b, false)?))
        }
        (m, a) => Err(SimError::no_operation(&format!("{m} /rest/com/vmware/content/local-library {}", a.unwrap_or("")))),
    }
}

fn ids_of(state: &SimState, subscribed: bool) -> Vec<String> {
    state.content.data.lock().unwrap().libraries.iter().filter(|l| l.subscribed == subscribed).map(|l| l.id.clone()).collect()
}

fn create(state: &SimState, b: CreateBody, subscribed: bool) -> Result<String, SimError> {
    let spec = b.create_spec;
    let name = spec.name.clone().unwrap_or_default();
    check_name("library", &name)?;
    match (&spec.r#type, subscribed) {
        (None, _) | (Some(LibraryType::Local), false) | (Some(LibraryType::Subscribed), true) => {}
        _ => return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.invalid_library_type", "The create spec's type does not match the service.", &[])),
    }
    let (datastore, storage_uri) = backing(state, &spec)?;
    let mut d = state.content.data.lock().unwrap();
    if let Some(id) = b.client_token.as_ref().and_then(|t| d.tokens.get(t)) {
        return Ok(id.clone());
    }
    name_taken(&d, &name, None)?;
    let (published, publish_password, sub) = if subscribed {
        let info = spec.subscription_info.as_ref().ok_or_else(|| {
            SimError::invalid_argument("com.vmware.vdcs.cls-main.subscription_required", "A subscribed library needs its subscription (subscription_info).", &[])
        })?;
        if spec.publish_info.as_ref().is_some_and(|p| p.published == Some(true)) {
            return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.publish_subscribed", "A subscribed library cannot be published.", &[]));
        }
        (false, None, Some(subscription(state, &d, info, None)?))
    } else {
        if spec.subscription_info.is_some() {
            return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.subscription_local", "A local library has no subscription.", &[]));
        }
        let (p, pw) = publishing(spec.publish_info.as_ref(), (false, None))?;
        (p, pw, None)
    };
    let id = uuid::Uuid::new_v4().to_string();
    let t = now();
    d.libraries.push(Library {
        id: id.clone(),
        name: name.trim().to_string(),
        description: spec.description.clone().unwrap_or_default(),
        subscribed,
        datastore,
        storage_uri,
        created: t.clone(),
        modified: t,
        last_sync: None,
        version: 1,
        published,
        publish_password,
        subscription: sub,
    });
    if let Some(token) = b.client_token {
        d.tokens.insert(token, id.clone());
    }
    if subscribed {
        sync_library(state, &mut d, &id)?;
    }
    Ok(id)
}

async fn local_one(State(state): State<SimState>, _: Authed, headers: HeaderMap, method: Method, Path(seg): Path<String>, body: Bytes) -> Result<Response, SimError> {
    let id = path_id(&seg)?;
    match method {
        Method::GET => get_typed(&state, &id, false, &headers),
        Method::PATCH => {
            let spec = serde_json::from_slice::<UpdateBody>(&body).map_err(bad_body)?.update_spec;
            update(&state, &id, spec, Some(false), true)?;
            Ok(ok_void())
        }
        Method::DELETE => delete(&state, &id, false),
        m => Err(SimError::no_operation(&format!("{m} /rest/com/vmware/content/local-library/id:{{library_id}}"))),
    }
}

fn get_typed(state: &SimState, id: &str, subscribed: bool, headers: &HeaderMap) -> Result<Response, SimError> {
    let d = state.content.data.lock().unwrap();
    let l = d.libraries.iter().find(|l| l.id == id).ok_or_else(|| library_not_found(id))?;
    if l.subscribed != subscribed {
        return Err(wrong_type(id, if subscribed { "subscribed" } else { "local" }));
    }
    Ok(ok(model(l, &base_url(headers))))
}

/// Deletes a library with its items, their files and their transfer sessions.
fn delete(state: &SimState, id: &str, subscribed: bool) -> Result<Response, SimError> {
    let mut d = state.content.data.lock().unwrap();
    let l = d.libraries.iter().find(|l| l.id == id).ok_or_else(|| library_not_found(id))?;
    if l.subscribed != subscribed {
        return Err(wrong_type(id, if subscribed { "subscribed" } else { "local" }));
    }
    d.libraries.retain(|l| l.id != id);
    let gone: Vec<String> = d.items.iter().filter(|i| i.library == id).map(|i| i.id.clone()).collect();
    d.items.retain(|i| i.library != id);
    let sessions: Vec<String> = d.updates.values().filter(|s| gone.contains(&s.item)).map(|s| s.id.clone()).collect();
    state.content.forget_sessions(&sessions);
    d.updates.retain(|_, s| !gone.contains(&s.item));
    d.downloads.retain(|_, s| !gone.contains(&s.item));
    for item in gone {
        let _ = std::fs::remove_dir_all(state.content.item_dir(&item));
    }
    Ok(ok_void())
}

// ---- subscribed libraries ----

/// What a subscription URL leads to from this vCenter: the published library it names, or why not.
fn resolve(d: &Data, url: &str, host: &str) -> Result<String, ProbeStatus> {
    let Ok(u) = url::Url::parse(url) else { return Err(ProbeStatus::InvalidUrl) };
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return Err(ProbeStatus::InvalidUrl);
    }
    let authority = match u.port() {
        Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
        None => u.host_str().unwrap_or_default().to_string(),
    };
    if authority != host {
        return Err(ProbeStatus::HostNotFound);
    }
    let parts: Vec<&str> = u.path().trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["cls", "vcsp", "lib", id, "lib.json"] | ["cls", "vcsp", "lib", id] => match d.libraries.iter().find(|l| l.id == *id && l.published) {
            Some(l) => Ok(l.id.clone()),
            None => Err(ProbeStatus::ResourceNotFound),
        },
        _ => Err(ProbeStatus::ResourceNotFound),
    }
}

fn host_of(state: &SimState) -> String {
    state.content.host.lock().unwrap().clone()
}

fn probe_words(s: &ProbeStatus, url: &str) -> String {
    match s {
        ProbeStatus::InvalidUrl => format!("'{url}' is not a subscription URL (https://host/…/lib.json)."),
        ProbeStatus::HostNotFound => format!("The host of '{url}' could not be reached."),
        ProbeStatus::ResourceNotFound => format!("No published library was found at '{url}'."),
        ProbeStatus::InvalidCredentials => "The user name or password for the published library is wrong.".into(),
        ProbeStatus::CertificateError => "The server's certificate thumbprint does not match the one given: probe the URL again and accept its thumbprint.".into(),
        _ => format!("'{url}' could not be subscribed to."),
    }
}

/// Checks a subscription (the URL reachable, the password, the thumbprint over https) and returns it.
fn subscription(state: &SimState, d: &Data, s: &SubscriptionInfo, current: Option<&Subscription>) -> Result<Subscription, SimError> {
    let url = s.subscription_url.clone().or(current.map(|c| c.url.clone())).unwrap_or_default();
    let host = host_of(state);
    let inaccessible = |status: ProbeStatus| {
        let kind = if status == ProbeStatus::InvalidUrl { VapiErrorKind::InvalidArgument } else { VapiErrorKind::Other("resource_inaccessible".into()) };
        SimError::new(kind, "com.vmware.vdcs.cls-main.subscription_unreachable", probe_words(&status, &url), &[&url])
    };
    let source = resolve(d, &url, &host).map_err(inaccessible)?;
    let password = match s.authentication_method {
        Some(SubscriptionAuth::None) => None,
        _ => s.password.clone().filter(|p| !p.is_empty()).or(current.and_then(|c| c.password.clone())),
    };
    let wanted = d.libraries.iter().find(|l| l.id == source).and_then(|l| l.publish_password.clone());
    if wanted.is_some() && wanted != password {
        return Err(inaccessible(ProbeStatus::InvalidCredentials));
    }
    let given = s.ssl_thumbprint.clone().or(current.and_then(|c| c.thumbprint.clone()));
    if url.starts_with("https://") && given.as_deref().map(|t| t.to_ascii_uppercase()) != Some(thumbprint(&host)) {
        return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.ssl_thumbprint", probe_words(&ProbeStatus::CertificateError, &url), &[&url]));
    }
    Ok(Subscription {
        url,
        source,
        on_demand: s.on_demand.or(current.map(|c| c.on_demand)).unwrap_or(false),
        automatic_sync: s.automatic_sync_enabled.or(current.map(|c| c.automatic_sync)).unwrap_or(false),
        password,
        thumbprint: given,
    })
}

/// Syncs a subscribed library with its source: an item for each published item (metadata always; the files'
/// bytes too unless the library downloads on demand), items whose source is gone removed.
pub fn sync_library(state: &SimState, d: &mut Data, id: &str) -> Result<(), SimError> {
    let l = d.libraries.iter().find(|l| l.id == id).cloned().ok_or_else(|| library_not_found(id))?;
    let sub = l.subscription.clone().ok_or_else(|| wrong_type(id, "subscribed"))?;
    let host = host_of(state);
    let source = resolve(d, &sub.url, &host).map_err(|s| {
        SimError::new(VapiErrorKind::Other("resource_inaccessible".into()), "com.vmware.vdcs.cls-main.subscription_unreachable", probe_words(&s, &sub.url), &[&sub.url])
    })?;
    let published: Vec<Item> = d.items.iter().filter(|i| i.library == source).cloned().collect();
    let t = now();
    let keep: Vec<String> = published.iter().map(|p| p.id.clone()).collect();
    let gone: Vec<String> = d.items.iter().filter(|i| i.library == id && !i.source_id.as_ref().is_some_and(|s| keep.contains(s))).map(|i| i.id.clone()).collect();
    d.items.retain(|i| !gone.contains(&i.id));
    for g in gone {
        let _ = std::fs::remove_dir_all(state.content.item_dir(&g));
    }
    for p in published {
        let existing = d.items.iter().position(|i| i.library == id && i.source_id.as_deref() == Some(&p.id));
        let idx = match existing {
            Some(i) => i,
            None => {
                d.items.push(Item {
                    id: uuid::Uuid::new_v4().to_string(),
                    library: id.to_string(),
                    name: p.name.clone(),
                    description: p.description.clone(),
                    kind: p.kind.clone(),
                    created: t.clone(),
                    modified: t.clone(),
                    last_sync: None,
                    content_version: 0,
                    metadata_version: 0,
                    source_id: Some(p.id.clone()),
                    files: vec![],
                });
                d.items.len() - 1
            }
        };
        let full = !sub.on_demand;
        sync_item_from(state, &mut d.items[idx], &p, full);
    }
    let l = d.libraries.iter_mut().find(|l| l.id == id).expect("library present");
    l.last_sync = Some(t);
    Ok(())
}

/// Brings a subscribed item up to its source: metadata; with `bytes`, every file's bytes too.
pub fn sync_item_from(state: &SimState, item: &mut Item, source: &Item, bytes: bool) {
    item.name = source.name.clone();
    item.description = source.description.clone();
    item.kind = source.kind.clone();
    let was: Vec<File> = item.files.clone();
    item.files = source
        .files
        .iter()
        .map(|f| {
            let cached_before = was.iter().any(|w| w.name == f.name && w.sha256 == f.sha256 && w.cached);
            let cached = cached_before || (bytes && copy_file(state, &source.id, &item.id, &f.name));
            File { cached, ..f.clone() }
        })
        .collect();
    if item.content_version != source.content_version || item.metadata_version != source.metadata_version {
        item.modified = now();
    }
    item.content_version = source.content_version;
    item.metadata_version = source.metadata_version;
    item.last_sync = Some(now());
}

fn copy_file(state: &SimState, from: &str, to: &str, name: &str) -> bool {
    let target = state.content.item_file(to, name);
    if let Some(dir) = target.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    std::fs::copy(state.content.item_file(from, name), target).is_ok()
}

async fn subscribed(State(state): State<SimState>, _: Authed, headers: HeaderMap, method: Method, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    remember_host(&state, &headers);
    match (method, action(&q).as_deref()) {
        (Method::GET, None) => Ok(ok(ids_of(&state, true))),
        (Method::POST, None) => {
            let b = serde_json::from_slice::<CreateBody>(&body).map_err(bad_body)?;
            Ok(ok(create(&state, b, true)?))
        }
        (Method::POST, Some("probe")) => {
            #[derive(Deserialize)]
            struct B {
                subscription_info: SubscriptionInfo,
            }
            let s = serde_json::from_slice::<B>(&body).map_err(bad_body)?.subscription_info;
            let url = s.subscription_url.clone().unwrap_or_default();
            let host = host_of(&state);
            let d = state.content.data.lock().unwrap();
            let result = match resolve(&d, &url, &host) {
                Err(status) => ProbeResult { error_messages: vec![message(&probe_words(&status, &url))], status, ssl_thumbprint: None },
                Ok(source) => {
                    let wanted = d.libraries.iter().find(|l| l.id == source).and_then(|l| l.publish_password.clone());
                    let thumb = url.starts_with("https://").then(|| thumbprint(&host));
                    if wanted.is_some() && wanted != s.password.clone().filter(|p| !p.is_empty()) {
                        ProbeResult { status: ProbeStatus::InvalidCredentials, ssl_thumbprint: thumb, error_messages: vec![message(&probe_words(&ProbeStatus::InvalidCredentials, &url))] }
                    } else {
                        ProbeResult { status: ProbeStatus::Success, ssl_thumbprint: thumb, error_messages: vec![] }
                    }
                }
            };
            Ok(ok(result))
        }
        (m, a) => Err(SimError::no_operation(&format!("{m} /rest/com/vmware/content/subscribed-library {}", a.unwrap_or("")))),
    }
}

/// The simulator's address as its clients reach it (the subscription URLs it can resolve name it).
pub fn remember_host(state: &SimState, headers: &HeaderMap) {
    let base = base_url(headers);
    *state.content.host.lock().unwrap() = base.trim_start_matches("http://").to_string();
}

fn message(text: &str) -> LocalizableMessage {
    LocalizableMessage { id: "com.vmware.vdcs.cls-main.probe".into(), default_message: text.into(), args: vec![] }
}

async fn subscribed_one(
    State(state): State<SimState>,
    _: Authed,
    headers: HeaderMap,
    method: Method,
    Path(seg): Path<String>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Result<Response, SimError> {
    remember_host(&state, &headers);
    let id = path_id(&seg)?;
    match (method, action(&q).as_deref()) {
        (Method::GET, None) => get_typed(&state, &id, true, &headers),
        (Method::PATCH, None) => {
            let spec = serde_json::from_slice::<UpdateBody>(&body).map_err(bad_body)?.update_spec;
            update(&state, &id, spec, Some(true), true)?;
            Ok(ok_void())
        }
        (Method::DELETE, None) => delete(&state, &id, true),
        (Method::POST, Some("sync")) => {
            let mut d = state.content.data.lock().unwrap();
            let l = d.libraries.iter().find(|l| l.id == id).ok_or_else(|| library_not_found(&id))?;
            if !l.subscribed {
                return Err(wrong_type(&id, "subscribed"));
            }
            sync_library(&state, &mut d, &id)?;
            Ok(ok_void())
        }
        (Method::POST, Some("evict")) => {
            let mut d = state.content.data.lock().unwrap();
            let l = d.libraries.iter().find(|l| l.id == id).ok_or_else(|| library_not_found(&id))?;
            let Some(sub) = &l.subscription else { return Err(wrong_type(&id, "subscribed")) };
            if !sub.on_demand {
                return Err(SimError::new(
                    VapiErrorKind::NotAllowedInCurrentState,
                    "com.vmware.vdcs.cls-main.evict_not_on_demand",
                    "Only a library that downloads content on demand can have its content evicted.",
                    &[&id],
                ));
            }
            for item in d.items.iter_mut().filter(|i| i.library == id) {
                for f in &mut item.files {
                    f.cached = false;
                }
                let _ = std::fs::remove_dir_all(state.content.item_dir(&item.id));
            }
            Ok(ok_void())
        }
        (m, a) => Err(SimError::no_operation(&format!("{m} /rest/com/vmware/content/subscribed-library/id:{{library_id}} {}", a.unwrap_or("")))),
    }
}

// ---- types and configuration ----

async fn types(_: Authed, method: Method) -> Result<Response, SimError> {
    if method != Method::GET {
        return Err(SimError::no_operation(&format!("{method} /rest/com/vmware/content/type")));
    }
    Ok(ok(TYPES
        .iter()
        .map(|(t, name, description)| r#type::Info { description: description.to_string(), name: name.to_string(), r#type: t.to_string(), vendor: "VMware".into(), version: "1.0.0".into() })
        .collect::<Vec<_>>()))
}

fn config_model(c: &Configuration) -> ConfigurationModel {
    ConfigurationModel {
        automatic_sync_enabled: Some(c.automatic_sync_enabled),
        automatic_sync_start_hour: Some(c.automatic_sync_start_hour),
        automatic_sync_stop_hour: Some(c.automatic_sync_stop_hour),
        maximum_concurrent_item_syncs: Some(c.maximum_concurrent_item_syncs),
    }
}

async fn configuration(State(state): State<SimState>, _: Authed, method: Method, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    match (method, action(&q).as_deref()) {
        (Method::POST, Some("get")) => Ok(ok(config_model(&state.content.data.lock().unwrap().configuration))),
        (Method::PATCH, None) => {
            #[derive(Deserialize)]
            struct B {
                model: ConfigurationModel,
            }
            let m = serde_json::from_slice::<B>(&body).map_err(bad_body)?.model;
            let bad = |what: &str| SimError::invalid_argument("com.vmware.vdcs.cls-main.invalid_configuration", what.to_string(), &[]);
            for h in [m.automatic_sync_start_hour, m.automatic_sync_stop_hour].into_iter().flatten() {
                if !(0..=23).contains(&h) {
                    return Err(bad("An automatic sync hour is from 0 to 23."));
                }
            }
            if m.maximum_concurrent_item_syncs.is_some_and(|n| !(1..=1000).contains(&n)) {
                return Err(bad("The number of items synced at once is from 1 to 1000."));
            }
            let mut d = state.content.data.lock().unwrap();
            let c = &mut d.configuration;
            if let Some(v) = m.automatic_sync_enabled {
                c.automatic_sync_enabled = v;
            }
            if let Some(v) = m.automatic_sync_start_hour {
                c.automatic_sync_start_hour = v;
            }
            if let Some(v) = m.automatic_sync_stop_hour {
                c.automatic_sync_stop_hour = v;
            }
            if let Some(v) = m.maximum_concurrent_item_syncs {
                c.maximum_concurrent_item_syncs = v;
            }
            Ok(ok_void())
        }
        (m, a) => Err(SimError::no_operation(&format!("{m} /rest/com/vmware/content/configuration {}", a.unwrap_or("")))),
    }
}
