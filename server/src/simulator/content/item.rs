//! `content/library/item` (with its `file` and `storage` services) and `content/library/subscribed-item`: the
//! items of a library, with vCenter's rules — a name not empty, at most 80 characters and unique in its
//! library (`already_exists`; on copy `invalid_argument`); nothing created, changed or deleted in a subscribed
//! library (`invalid_element_type`); an item's files and where each is stored; a subscribed item synced (its
//! files' bytes too when asked or when its library downloads everything) or evicted (on-demand libraries only).

use super::library::{library_not_found, remember_host, sync_item_from};
use super::{action, check_name, now, path_id, query, Data, Item};
use crate::simulator::{bad_body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::content::library::item::file::{ChecksumAlgorithm, ChecksumInfo, Info as FileInfo};
use app::vsphere::models::content::library::item::storage::Info as StorageInfo;
use app::vsphere::models::content::library::item::FindSpec;
use app::vsphere::models::content::library::storage_backing::Type as BackingType;
use app::vsphere::models::content::library::{ItemModel, StorageBacking};
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
        .route("/rest/com/vmware/content/library/item", any(items))
        .route("/rest/com/vmware/content/library/item/{id}", any(item_one))
        .route("/rest/com/vmware/content/library/item/file", any(file_list))
        .route("/rest/com/vmware/content/library/item/file/{id}", any(file_get))
        .route("/rest/com/vmware/content/library/item/storage", any(storage_list))
        .route("/rest/com/vmware/content/library/item/storage/{id}", any(storage_get))
        .route("/rest/com/vmware/content/library/subscribed-item/{id}", any(subscribed_item))
}

pub fn item_not_found(id: &str) -> SimError {
    SimError::not_found("Library item", id)
}

fn in_subscribed(id: &str) -> SimError {
    SimError::new(
        VapiErrorKind::Other("invalid_element_type".into()),
        "com.vmware.vdcs.cls-main.item_in_subscribed_library",
        "Items of a subscribed library are changed only by syncing it with its source.",
        &[id],
    )
}

pub fn model(i: &Item) -> ItemModel {
    ItemModel {
        id: Some(i.id.clone()),
        library_id: Some(i.library.clone()),
        content_version: Some(i.content_version.to_string()),
        creation_time: Some(i.created.clone()),
        description: Some(i.description.clone()),
        last_modified_time: Some(i.modified.clone()),
        last_sync_time: i.last_sync.clone(),
        metadata_version: Some(i.metadata_version.to_string()),
        name: Some(i.name.clone()),
        cached: Some(i.cached()),
        size: Some(i.size() as i64),
        r#type: Some(i.kind.clone()),
        version: Some((i.content_version + i.metadata_version).to_string()),
        source_id: i.source_id.clone(),
    }
}

fn subscribed(d: &Data, library: &str) -> bool {
    d.libraries.iter().any(|l| l.id == library && l.subscribed)
}

fn name_free(d: &Data, library: &str, name: &str, except: Option<&str>) -> bool {
    !d.items.iter().any(|i| i.library == library && i.name.eq_ignore_ascii_case(name.trim()) && Some(i.id.as_str()) != except)
}

fn exists(name: &str) -> SimError {
    SimError::new(VapiErrorKind::AlreadyExists, "com.vmware.vdcs.cls-main.duplicate_item_name", format!("An item named '{}' already exists in this library.", name.trim()), &[name])
}

/// An item type as vCenter takes it: one of `content/type`'s, or any other word (a plain file's type).
fn check_type(t: &str) -> Result<(), SimError> {
    if t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Ok(())
    } else {
        Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.invalid_item_type", format!("'{t}' is not an item type."), &[t]))
    }
}

#[derive(Deserialize)]
struct CreateBody {
    #[serde(default)]
    client_token: Option<String>,
    create_spec: ItemModel,
}

async fn items(State(state): State<SimState>, _: Authed, method: Method, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    match (method, action(&q).as_deref()) {
        (Method::GET, None) => {
            let library = query(&q, "library_id").unwrap_or_default();
            let d = state.content.data.lock().unwrap();
            if !d.libraries.iter().any(|l| l.id == library) {
                return Err(library_not_found(&library));
            }
            Ok(ok(d.items.iter().filter(|i| i.library == library).map(|i| i.id.clone()).collect::<Vec<_>>()))
        }
        (Method::POST, None) => {
            let b = serde_json::from_slice::<CreateBody>(&body).map_err(bad_body)?;
            let spec = b.create_spec;
            let library = spec.library_id.clone().unwrap_or_default();
            let name = spec.name.clone().unwrap_or_default();
            let mut d = state.content.data.lock().unwrap();
            if let Some(id) = b.client_token.as_ref().and_then(|t| d.tokens.get(t)) {
                return Ok(ok(id.clone()));
            }
            if library.is_empty() {
                return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.library_required", "Give the library the item goes into (library_id).", &[]));
            }
            if !d.libraries.iter().any(|l| l.id == library) {
                return Err(library_not_found(&library));
            }
            if subscribed(&d, &library) {
                return Err(in_subscribed(&library));
            }
            check_name("item", &name)?;
            let kind = spec.r#type.clone().unwrap_or_default();
            check_type(&kind)?;
            if !name_free(&d, &library, &name, None) {
                return Err(exists(&name));
            }
            let id = uuid::Uuid::new_v4().to_string();
            let t = now();
            d.items.push(Item {
                id: id.clone(),
                library,
                name: name.trim().to_string(),
                description: spec.description.clone().unwrap_or_default(),
                kind,
                created: t.clone(),
                modified: t,
                last_sync: None,
                content_version: 1,
                metadata_version: 1,
                source_id: None,
                files: vec![],
            });
            if let Some(token) = b.client_token {
                d.tokens.insert(token, id.clone());
            }
            Ok(ok(id))
        }
        (Method::POST, Some("find")) => {
            #[derive(Deserialize)]
            struct B {
                spec: FindSpec,
            }
            let s = serde_json::from_slice::<B>(&body).map_err(bad_body)?.spec;
            if s.name.is_none() && s.library_id.is_none() && s.source_id.is_none() && s.r#type.is_none() && s.cached.is_none() {
                return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.empty_find_spec", "Give at least one property to find items by.", &[]));
            }
            let d = state.content.data.lock().unwrap();
            let ids: Vec<String> = d
                .items
                .iter()
                .filter(|i| s.name.as_ref().is_none_or(|n| i.name.eq_ignore_ascii_case(n)))
                .filter(|i| s.library_id.as_ref().is_none_or(|l| &i.library == l))
                .filter(|i| s.source_id.as_ref().is_none_or(|x| i.source_id.as_ref() == Some(x)))
                .filter(|i| s.r#type.as_ref().is_none_or(|t| &i.kind == t))
                .filter(|i| s.cached.is_none_or(|c| i.cached() == c))
                .map(|i| i.id.clone())
                .collect();
            Ok(ok(ids))
        }
        (m, a) => Err(SimError::no_operation(&format!("{m} /rest/com/vmware/content/library/item {}", a.unwrap_or("")))),
    }
}

async fn item_one(State(state): State<SimState>, _: Authed, method: Method, Path(seg): Path<String>, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    let id = path_id(&seg)?;
    match (method, action(&q).as_deref()) {
        (Method::GET, None) => {
            let d = state.content.data.lock().unwrap();
            Ok(ok(model(d.items.iter().find(|i| i.id == id).ok_or_else(|| item_not_found(&id))?)))
        }
        (Method::PATCH, None) => {
            #[derive(Deserialize)]
            struct B {
                update_spec: ItemModel,
            }
            let spec = serde_json::from_slice::<B>(&body).map_err(bad_body)?.update_spec;
            let mut d = state.content.data.lock().unwrap();
            let i = d.items.iter().position(|i| i.id == id).ok_or_else(|| item_not_found(&id))?;
            let library = d.items[i].library.clone();
            if subscribed(&d, &library) {
                return Err(in_subscribed(&id));
            }
            if d.updates.values().any(|s| s.item == id && s.active()) && spec.r#type.is_some() {
                return Err(SimError::new(
                    VapiErrorKind::NotAllowedInCurrentState,
                    "com.vmware.vdcs.cls-main.item_busy",
                    "The item's type cannot change while an update session is open on it.",
                    &[&id],
                ));
            }
            if spec.library_id.as_ref().is_some_and(|l| *l != library) {
                return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.move_item", "An item cannot move to another library: copy it.", &[]));
            }
            if let Some(name) = &spec.name {
                check_name("item", name)?;
                if !name_free(&d, &library, name, Some(&id)) {
                    return Err(exists(name));
                }
            }
            if let Some(t) = &spec.r#type {
                check_type(t)?;
            }
            let item = &mut d.items[i];
            if let Some(name) = spec.name {
                item.name = name.trim().to_string();
            }
            if let Some(desc) = spec.description {
                item.description = desc;
            }
            if let Some(t) = spec.r#type {
                item.kind = t;
            }
            item.metadata_version += 1;
            item.modified = now();
            Ok(ok_void())
        }
        (Method::DELETE, None) => {
            let mut d = state.content.data.lock().unwrap();
            let item = d.items.iter().find(|i| i.id == id).ok_or_else(|| item_not_found(&id))?;
            if subscribed(&d, &item.library.clone()) {
                return Err(in_subscribed(&id));
            }
            d.items.retain(|i| i.id != id);
            let sessions: Vec<String> = d.updates.values().filter(|s| s.item == id).map(|s| s.id.clone()).collect();
            state.content.forget_sessions(&sessions);
            d.updates.retain(|_, s| s.item != id);
            d.downloads.retain(|_, s| s.item != id);
            let _ = std::fs::remove_dir_all(state.content.item_dir(&id));
            Ok(ok_void())
        }
        (Method::POST, Some("copy")) => {
            #[derive(Deserialize)]
            struct B {
                #[serde(default)]
                client_token: Option<String>,
                destination_create_spec: ItemModel,
            }
            let b = serde_json::from_slice::<B>(&body).map_err(bad_body)?;
            let spec = b.destination_create_spec;
            // Checked under the lock, the files copied without it (other calls go on meanwhile), then checked
            // again (a token or a name taken meanwhile) and the copy added.
            let (source, library, name) = {
            let d = state.content.data.lock().unwrap();
            if let Some(id) = b.client_token.as_ref().and_then(|t| d.tokens.get(t)) {
                return Ok(ok(id.clone()));
            }
            let source = d.items.iter().find(|i| i.id == id).cloned().ok_or_else(|| item_not_found(&id))?;
            let library = spec.library_id.clone().unwrap_or_else(|| source.library.clone());
            if !d.libraries.iter().any(|l| l.id == library) {
                return Err(library_not_found(&library));
            }
            if subscribed(&d, &library) {
                return Err(in_subscribed(&library));
            }
            if !source.files.iter().all(|f| f.cached) {
                return Err(SimError::new(
                    VapiErrorKind::NotAllowedInCurrentState,
                    "com.vmware.vdcs.cls-main.item_not_cached",
                    "The item's files are not on this vCenter (not synced): sync it before copying.",
                    &[&id],
                ));
            }
            let name = spec.name.clone().unwrap_or_else(|| source.name.clone());
            check_name("item", &name)?;
            if !name_free(&d, &library, &name, None) {
                return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.duplicate_item_name", format!("An item named '{name}' already exists in the destination library."), &[&name]));
            }
            (source, library, name)
            };
            let new_id = uuid::Uuid::new_v4().to_string();
            for f in &source.files {
                let target = state.content.item_file(&new_id, &f.name);
                let dir_made = match target.parent() {
                    Some(dir) => tokio::fs::create_dir_all(dir).await.is_ok(),
                    None => true,
                };
                let copied = dir_made && tokio::fs::copy(state.content.item_file(&id, &f.name), &target).await.is_ok();
                if !copied {
                    let _ = std::fs::remove_dir_all(state.content.item_dir(&new_id));
                    return Err(SimError::new(
                        VapiErrorKind::Other("resource_inaccessible".into()),
                        "com.vmware.vdcs.cls-main.copy_failed",
                        format!("The file '{}' could not be copied.", f.name),
                        &[&f.name],
                    ));
                }
            }
            let mut d = state.content.data.lock().unwrap();
            let taken = b.client_token.as_ref().and_then(|t| d.tokens.get(t)).cloned();
            if taken.is_some() || !name_free(&d, &library, &name, None) {
                drop(d);
                let _ = std::fs::remove_dir_all(state.content.item_dir(&new_id));
                return match taken {
                    Some(id) => Ok(ok(id)),
                    None => Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.duplicate_item_name", format!("An item named '{name}' already exists in the destination library."), &[&name])),
                };
            }
            let t = now();
            d.items.push(Item {
                id: new_id.clone(),
                library,
                name: name.trim().to_string(),
                description: spec.description.clone().unwrap_or_else(|| source.description.clone()),
                kind: source.kind.clone(),
                created: t.clone(),
                modified: t,
                last_sync: None,
                content_version: 1,
                metadata_version: 1,
                source_id: None,
                files: source.files.iter().map(|f| super::File { version: 1, ..f.clone() }).collect(),
            });
            if let Some(token) = b.client_token {
                d.tokens.insert(token, new_id.clone());
            }
            Ok(ok(new_id))
        }
        (m, a) => Err(SimError::no_operation(&format!("{m} /rest/com/vmware/content/library/item/id:{{library_item_id}} {}", a.unwrap_or("")))),
    }
}

fn file_info(f: &super::File) -> FileInfo {
    FileInfo {
        checksum_info: Some(ChecksumInfo { algorithm: Some(ChecksumAlgorithm::Sha256), checksum: f.sha256.clone() }),
        name: f.name.clone(),
        size: f.size as i64,
        cached: f.cached,
        version: f.version.to_string(),
    }
}

async fn file_list(State(state): State<SimState>, _: Authed, method: Method, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    if method != Method::GET {
        return Err(SimError::no_operation(&format!("{method} /rest/com/vmware/content/library/item/file")));
    }
    let id = query(&q, "library_item_id").unwrap_or_default();
    let d = state.content.data.lock().unwrap();
    let item = d.items.iter().find(|i| i.id == id).ok_or_else(|| item_not_found(&id))?;
    Ok(ok(item.files.iter().map(file_info).collect::<Vec<_>>()))
}

async fn file_get(State(state): State<SimState>, _: Authed, method: Method, Path(seg): Path<String>, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    let id = path_id(&seg)?;
    if method != Method::POST || action(&q).as_deref() != Some("get") {
        return Err(SimError::no_operation(&format!("{method} /rest/com/vmware/content/library/item/file/id:{{library_item_id}}")));
    }
    #[derive(Deserialize)]
    struct B {
        name: String,
    }
    let name = serde_json::from_slice::<B>(&body).map_err(bad_body)?.name;
    let d = state.content.data.lock().unwrap();
    let item = d.items.iter().find(|i| i.id == id).ok_or_else(|| item_not_found(&id))?;
    let f = item.files.iter().find(|f| f.name == name).ok_or_else(|| SimError::not_found("File", &name))?;
    Ok(ok(file_info(f)))
}

/// Where a file is stored: on the library's datastore (`ds:///vmfs/volumes/<datastore>/contentlib-<library>/<item>/<file>`)
/// or under its storage URI.
fn storage_info(d: &Data, item: &Item, f: &super::File) -> StorageInfo {
    let l = d.libraries.iter().find(|l| l.id == item.library);
    let (backing, uri) = match l {
        Some(l) if l.datastore.is_some() => {
            let ds = l.datastore.clone().unwrap_or_default();
            (
                StorageBacking { r#type: Some(BackingType::Datastore), datastore_id: Some(ds.clone()), storage_uri: None },
                format!("ds:///vmfs/volumes/{ds}/contentlib-{}/{}/{}", l.id, item.id, f.name),
            )
        }
        Some(l) => {
            let base = l.storage_uri.clone().unwrap_or_default();
            (
                StorageBacking { r#type: Some(BackingType::Other), datastore_id: None, storage_uri: Some(base.clone()) },
                format!("{}/contentlib-{}/{}/{}", base.trim_end_matches('/'), l.id, item.id, f.name),
            )
        }
        None => (StorageBacking { r#type: None, datastore_id: None, storage_uri: None }, String::new()),
    };
    StorageInfo {
        storage_backing: backing,
        storage_uris: if f.cached { vec![uri] } else { vec![] },
        checksum_info: Some(ChecksumInfo { algorithm: Some(ChecksumAlgorithm::Sha256), checksum: f.sha256.clone() }),
        name: f.name.clone(),
        size: f.size as i64,
        cached: f.cached,
        version: f.version.to_string(),
    }
}

async fn storage_list(State(state): State<SimState>, _: Authed, method: Method, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    if method != Method::GET {
        return Err(SimError::no_operation(&format!("{method} /rest/com/vmware/content/library/item/storage")));
    }
    let id = query(&q, "library_item_id").unwrap_or_default();
    let d = state.content.data.lock().unwrap();
    let item = d.items.iter().find(|i| i.id == id).ok_or_else(|| item_not_found(&id))?;
    Ok(ok(item.files.iter().map(|f| storage_info(&d, item, f)).collect::<Vec<_>>()))
}

async fn storage_get(State(state): State<SimState>, _: Authed, method: Method, Path(seg): Path<String>, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    let id = path_id(&seg)?;
    if method != Method::POST || action(&q).as_deref() != Some("get") {
        return Err(SimError::no_operation(&format!("{method} /rest/com/vmware/content/library/item/storage/id:{{library_item_id}}")));
    }
    #[derive(Deserialize)]
    struct B {
        file_name: String,
    }
    let name = serde_json::from_slice::<B>(&body).map_err(bad_body)?.file_name;
    let d = state.content.data.lock().unwrap();
    let item = d.items.iter().find(|i| i.id == id).ok_or_else(|| item_not_found(&id))?;
    let f = item.files.iter().find(|f| f.name == name).ok_or_else(|| SimError::not_found("File", &name))?;
    Ok(ok(vec![storage_info(&d, item, f)]))
}

async fn subscribed_item(
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
    if method != Method::POST {
        return Err(SimError::no_operation(&format!("{method} /rest/com/vmware/content/library/subscribed-item/id:{{library_item_id}}")));
    }
    let mut d = state.content.data.lock().unwrap();
    let i = d.items.iter().position(|i| i.id == id).ok_or_else(|| item_not_found(&id))?;
    let library = d.libraries.iter().find(|l| l.id == d.items[i].library).cloned().ok_or_else(|| item_not_found(&id))?;
    let Some(sub) = library.subscription else {
        return Err(SimError::new(
            VapiErrorKind::Other("invalid_element_type".into()),
            "com.vmware.vdcs.cls-main.item_not_subscribed",
            "Only an item of a subscribed library is synced or evicted.",
            &[&id],
        ));
    };
    match action(&q).as_deref() {
        Some("sync") => {
            #[derive(Deserialize)]
            struct B {
                #[serde(default)]
                force_sync_content: bool,
            }
            let force = serde_json::from_slice::<B>(&body).map_err(bad_body)?.force_sync_content;
            let source_id = d.items[i].source_id.clone().unwrap_or_default();
            let Some(source) = d.items.iter().find(|s| s.id == source_id).cloned() else {
                return Err(SimError::new(
                    VapiErrorKind::NotAllowedInCurrentState,
                    "com.vmware.vdcs.cls-main.source_item_gone",
                    "The published item this one mirrors is gone: sync the library.",
                    &[&id],
                ));
            };
            sync_item_from(&state, &mut d.items[i], &source, force || !sub.on_demand);
            Ok(ok_void())
        }
        Some("evict") => {
            if !sub.on_demand {
                return Err(SimError::new(
                    VapiErrorKind::Other("invalid_element_configuration".into()),
                    "com.vmware.vdcs.cls-main.evict_not_on_demand",
                    "Only an item of a library that downloads content on demand can be evicted.",
                    &[&id],
                ));
            }
            for f in &mut d.items[i].files {
                f.cached = false;
            }
            let _ = std::fs::remove_dir_all(state.content.item_dir(&id));
            Ok(ok_void())
        }
        a => Err(SimError::no_operation(&format!("POST /rest/com/vmware/content/library/subscribed-item/id:{{library_item_id}} {}", a.unwrap_or("")))),
    }
}

/// Writes `files` (name, bytes) into `item`'s folder as its files, replacing same-named ones (the content
/// version moves on): what a deploy source (OVF export, VM template capture) leaves in a library.
pub fn put_files(state: &SimState, d: &mut Data, item: &str, files: &[(String, Vec<u8>)]) -> Result<(), SimError> {
    use sha2::Digest;
    let i = d.items.iter_mut().find(|i| i.id == item).ok_or_else(|| item_not_found(item))?;
    for (name, bytes) in files {
        let path = state.content.item_file(item, name);
        let written = path.parent().map(std::fs::create_dir_all).transpose().is_ok() && std::fs::write(&path, bytes).is_ok();
        if !written {
            return Err(SimError::new(VapiErrorKind::Other("resource_inaccessible".into()), "com.vmware.vdcs.cls-main.write_failed", format!("The file '{name}' could not be written."), &[name]));
        }
        let version = i.files.iter().find(|f| &f.name == name).map_or(1, |f| f.version + 1);
        i.files.retain(|f| &f.name != name);
        i.files.push(super::File { name: name.clone(), size: bytes.len() as u64, sha256: super::hex(&sha2::Sha256::digest(bytes)), version, cached: true });
    }
    i.content_version += 1;
    i.modified = now();
    Ok(())
}

/// A new item of `kind` in a local library, with its files; the documented refusals of the operation that
/// makes it are the caller's (`library_unusable` says why a library cannot take it).
pub fn new_item(state: &SimState, d: &mut Data, library: &str, name: &str, kind: &str, description: &str, files: &[(String, Vec<u8>)]) -> Result<String, SimError> {
    let id = uuid::Uuid::new_v4().to_string();
    let t = now();
    d.items.push(Item {
        id: id.clone(),
        library: library.to_string(),
        name: name.trim().to_string(),
        description: description.to_string(),
        kind: kind.to_string(),
        created: t.clone(),
        modified: t,
        last_sync: None,
        content_version: 0,
        metadata_version: 1,
        source_id: None,
        files: vec![],
    });
    if let Err(e) = put_files(state, d, &id, files) {
        d.items.retain(|i| i.id != id);
        let _ = std::fs::remove_dir_all(state.content.item_dir(&id));
        return Err(e);
    }
    Ok(id)
}

/// Why `library` cannot take a new item named `name`: it does not exist, is subscribed, or has one of that name.
pub enum Unusable {
    Missing,
    Subscribed,
    NameTaken,
}

pub fn library_unusable(d: &Data, library: &str, name: &str) -> Option<Unusable> {
    match d.libraries.iter().find(|l| l.id == library) {
        None => Some(Unusable::Missing),
        Some(l) if l.subscribed => Some(Unusable::Subscribed),
        Some(_) if !name_free(d, library, name, None) => Some(Unusable::NameTaken),
        Some(_) => None,
    }
}
