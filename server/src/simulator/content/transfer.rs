//! `content/library/item/update-session` and `…/updatesession/file`, `content/library/item/download-session`
//! and `…/downloadsession/file`: the sessions that move an item's bytes, and the transfer endpoints they hand
//! out (`PUT` / `GET /cls-data/{update|download}/<session>/<file>`, with the caller's session id, as vCenter's).
//!
//! vCenter's rules: one open update session per item (`resource_busy`); files added to an open session only;
//! each upload streams to disk as it arrives (`bytes_transferred` grows with it), and a size or checksum given
//! when the file was added must match what arrived; `validate` names the files an OVF descriptor references
//! but nobody uploaded, and the files not (yet) received; `complete` refuses while any file is missing or
//! broken (the session goes to ERROR), and otherwise replaces the item's files with the session's; `cancel`
//! throws the session's files away; a session expires after [`super::SESSION_IDLE`] without a call. A
//! download session's files are prepared before they can be read (PREPARING, then PREPARED).

use super::item::item_not_found;
use super::{action, base_url, hex, now, path_id, query, timestamp, Data, File};
use crate::simulator::{bad_body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::content::library::item::download_session_model::State as DownloadState;
use app::vsphere::models::content::library::item::downloadsession::file::{Info as DownloadFileInfo, PrepareStatus};
use app::vsphere::models::content::library::item::file::{ChecksumAlgorithm, ChecksumInfo};
use app::vsphere::models::content::library::item::update_session_model::State as UpdateState;
use app::vsphere::models::content::library::item::updatesession::file::{AddSpec, Info as UploadFileInfo, SourceType, ValidationError, ValidationResult};
use app::vsphere::models::content::library::item::{DownloadSessionModel, TransferEndpoint, TransferStatus, UpdateSessionModel};
use app::vsphere::models::vapi::std::LocalizableMessage;
use app::vsphere::rest::VapiErrorKind;
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, put};
use axum::Router;
use futures_util::StreamExt;
use serde::Deserialize;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;

#[derive(Clone, Debug)]
pub struct UploadFile {
    pub name: String,
    pub source_type: SourceType,
    pub size: Option<u64>,
    pub expected_checksum: Option<ChecksumInfo>,
    pub source_uri: Option<String>,
    pub bytes: u64,
    pub status: TransferStatus,
    pub error: Option<String>,
    pub sha256: Option<String>,
}

#[derive(Clone, Debug)]
pub struct UpdateSession {
    pub id: String,
    pub item: String,
    pub content_version: u64,
    pub state: UpdateState,
    pub error: Option<String>,
    pub client_progress: i64,
    pub expires: Instant,
    pub files: Vec<UploadFile>,
    /// Files of the item the session removes when it completes (`file remove` of a file the item has).
    pub removed: Vec<String>,
}

impl UpdateSession {
    pub fn active(&self) -> bool {
        self.state == UpdateState::Active
    }
}

#[derive(Clone, Debug)]
pub struct DownloadFile {
    pub name: String,
    pub size: u64,
    pub sha256: String,
    pub bytes: u64,
    pub status: PrepareStatus,
}

#[derive(Clone, Debug)]
pub struct DownloadSession {
    pub id: String,
    pub item: String,
    pub content_version: u64,
    pub state: DownloadState,
    pub error: Option<String>,
    pub client_progress: i64,
    pub expires: Instant,
    pub files: Vec<DownloadFile>,
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/com/vmware/content/library/item/update-session", any(update_sessions))
        .route("/rest/com/vmware/content/library/item/update-session/{id}", any(update_session))
        .route("/rest/com/vmware/content/library/item/updatesession/file", any(upload_files))
        .route("/rest/com/vmware/content/library/item/updatesession/file/{id}", any(upload_file))
        .route("/rest/com/vmware/content/library/item/download-session", any(download_sessions))
        .route("/rest/com/vmware/content/library/item/download-session/{id}", any(download_session))
        .route("/rest/com/vmware/content/library/item/downloadsession/file", any(download_files))
        .route("/rest/com/vmware/content/library/item/downloadsession/file/{id}", any(download_file))
        .route("/cls-data/update/{session}/{name}", put(upload_data))
        .route("/cls-data/download/{session}/{name}", get(download_data))
}

fn message(text: &str) -> LocalizableMessage {
    LocalizableMessage { id: "com.vmware.vdcs.cls-main.transfer".into(), default_message: text.into(), args: vec![] }
}

fn expiration(at: Instant) -> String {
    timestamp(time::OffsetDateTime::now_utc() + at.saturating_duration_since(Instant::now()))
}

/// The ids of the sessions (update or download) on the item the query names (`library_item_id`), or all;
/// `not_found` for an item that does not exist.
fn session_ids<'a>(d: &Data, q: &Option<String>, sessions: impl Iterator<Item = (&'a String, &'a String)>) -> Result<Vec<String>, SimError> {
    let item = query(q, "library_item_id");
    if let Some(i) = &item {
        if !d.items.iter().any(|x| &x.id == i) {
            return Err(item_not_found(i));
        }
    }
    Ok(sessions.filter(|(_, on)| item.as_ref().is_none_or(|i| *on == i)).map(|(id, _)| id.clone()).collect())
}

fn not_active(what: &str, id: &str) -> SimError {
    SimError::new(VapiErrorKind::NotAllowedInCurrentState, "com.vmware.vdcs.cls-main.session_not_active", format!("The {what} session is not active."), &[id])
}

fn update_not_found(id: &str) -> SimError {
    SimError::not_found("Update session", id)
}

fn download_not_found(id: &str) -> SimError {
    SimError::not_found("Download session", id)
}

/// The open data: expired sessions dropped first.
fn data(state: &SimState) -> std::sync::MutexGuard<'_, Data> {
    let mut d = state.content.data.lock().unwrap();
    state.content.expire(&mut d);
    d
}

fn update_model(s: &UpdateSession) -> UpdateSessionModel {
    UpdateSessionModel {
        id: Some(s.id.clone()),
        library_item_id: Some(s.item.clone()),
        library_item_content_version: Some(s.content_version.to_string()),
        error_message: s.error.as_deref().map(message),
        client_progress: Some(s.client_progress),
        state: Some(s.state.clone()),
        expiration_time: Some(expiration(s.expires)),
        preview_info: None,
        warning_behavior: None,
    }
}

fn upload_info(f: &UploadFile, base: &str, session: &str) -> UploadFileInfo {
    UploadFileInfo {
        name: f.name.clone(),
        source_type: f.source_type.clone(),
        size: f.size.map(|s| s as i64),
        checksum_info: f.expected_checksum.clone(),
        source_endpoint: f.source_uri.clone().map(|uri| TransferEndpoint { uri, ssl_certificate_thumbprint: None }),
        upload_endpoint: (f.source_type == SourceType::Push).then(|| TransferEndpoint {
            uri: format!("{base}/cls-data/update/{session}/{}", app::vsphere::rest::encode_component(&f.name)),
            ssl_certificate_thumbprint: None,
        }),
        bytes_transferred: f.bytes as i64,
        status: f.status.clone(),
        error_message: f.error.as_deref().map(message),
        keep_in_storage: Some(true),
    }
}

// ---- update sessions ----

async fn update_sessions(State(state): State<SimState>, _: Authed, method: Method, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    match (method, action(&q).as_deref()) {
        (Method::GET, None) => {
            let d = data(&state);
            Ok(ok(session_ids(&d, &q, d.updates.values().map(|s| (&s.id, &s.item)))?))
        }
        (Method::POST, None) => {
            #[derive(Deserialize)]
            struct B {
                #[serde(default)]
                client_token: Option<String>,
                create_spec: UpdateSessionModel,
            }
            let b = serde_json::from_slice::<B>(&body).map_err(bad_body)?;
            let mut d = data(&state);
            if let Some(id) = b.client_token.as_ref().and_then(|t| d.tokens.get(t)) {
                return Ok(ok(id.clone()));
            }
            let item_id = b.create_spec.library_item_id.clone().unwrap_or_default();
            if item_id.is_empty() {
                return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.item_required", "Give the item to update (library_item_id).", &[]));
            }
            let item = d.items.iter().find(|i| i.id == item_id).cloned().ok_or_else(|| item_not_found(&item_id))?;
            if d.libraries.iter().any(|l| l.id == item.library && l.subscribed) {
                return Err(SimError::new(
                    VapiErrorKind::Other("invalid_element_type".into()),
                    "com.vmware.vdcs.cls-main.item_in_subscribed_library",
                    "Files cannot be uploaded into a subscribed library: its items come from its source.",
                    &[&item_id],
                ));
            }
            if d.updates.values().any(|s| s.item == item_id && s.active()) {
                return Err(SimError::new(
                    VapiErrorKind::ResourceBusy,
                    "com.vmware.vdcs.cls-main.item_busy",
                    "Another update session is open on this item: wait for it to end or cancel it.",
                    &[&item_id],
                ));
            }
            let id = uuid::Uuid::new_v4().to_string();
            let session = UpdateSession {
                id: id.clone(),
                item: item_id,
                content_version: item.content_version,
                state: UpdateState::Active,
                error: None,
                client_progress: 0,
                expires: state.content.deadline(),
                files: vec![],
                removed: vec![],
            };
            d.updates.insert(id.clone(), session);
            if let Some(token) = b.client_token {
                d.tokens.insert(token, id.clone());
            }
            Ok(ok(id))
        }
        (m, a) => Err(SimError::no_operation(&format!("{m} /rest/com/vmware/content/library/item/update-session {}", a.unwrap_or("")))),
    }
}

async fn update_session(State(state): State<SimState>, _: Authed, method: Method, Path(seg): Path<String>, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    let id = path_id(&seg)?;
    let mut d = data(&state);
    let deadline = state.content.deadline();
    let s = d.updates.get_mut(&id).ok_or_else(|| update_not_found(&id))?;
    match (method, action(&q).as_deref()) {
        (Method::GET, None) => Ok(ok(update_model(s))),
        (Method::DELETE, None) => {
            if s.active() {
                return Err(SimError::new(
                    VapiErrorKind::NotAllowedInCurrentState,
                    "com.vmware.vdcs.cls-main.session_active",
                    "An active update session is completed, failed or cancelled before it is deleted.",
                    &[&id],
                ));
            }
            d.updates.remove(&id);
            let _ = std::fs::remove_dir_all(state.content.session_dir(&id));
            Ok(ok_void())
        }
        (Method::POST, Some("keep-alive")) => {
            #[derive(Deserialize, Default)]
            struct B {
                #[serde(default)]
                client_progress: Option<i64>,
            }
            let b = if body.is_empty() { B::default() } else { serde_json::from_slice::<B>(&body).map_err(bad_body)? };
            if !s.active() {
                return Err(not_active("update", &id));
            }
            if let Some(p) = b.client_progress {
                if !(0..=100).contains(&p) {
                    return Err(SimError::invalid_argument("vapi.bindings.typeconverter.invalid.range", "Progress is a percentage, 0 to 100.", &[]));
                }
                s.client_progress = p;
            }
            s.expires = deadline;
            Ok(ok_void())
        }
        (Method::POST, Some("cancel")) => {
            if !s.active() {
                return Err(not_active("update", &id));
            }
            s.state = UpdateState::Canceled;
            let _ = std::fs::remove_dir_all(state.content.session_dir(&id));
            Ok(ok_void())
        }
        (Method::POST, Some("fail")) => {
            #[derive(Deserialize)]
            struct B {
                client_error_message: String,
            }
            let m = serde_json::from_slice::<B>(&body).map_err(bad_body)?.client_error_message;
            if !s.active() {
                return Err(not_active("update", &id));
            }
            s.state = UpdateState::Error;
            s.error = Some(m);
            let _ = std::fs::remove_dir_all(state.content.session_dir(&id));
            Ok(ok_void())
        }
        (Method::POST, Some("complete")) => {
            if !s.active() {
                return Err(not_active("update", &id));
            }
            let s = s.clone();
            let result = validation(&state, &d, &s);
            if result.has_errors {
                let mut why: Vec<String> = result.missing_files.iter().map(|f| format!("{f} is missing")).collect();
                why.extend(result.invalid_files.iter().map(|f| format!("{}: {}", f.name, f.error_message.default_message)));
                let text = format!("The update cannot complete: {}.", why.join("; "));
                if let Some(s) = d.updates.get_mut(&id) {
                    s.state = UpdateState::Error;
                    s.error = Some(text.clone());
                }
                let _ = std::fs::remove_dir_all(state.content.session_dir(&id));
                return Err(SimError::new(VapiErrorKind::NotAllowedInCurrentState, "com.vmware.vdcs.cls-main.update_incomplete", text, &[&id]));
            }
            complete(&state, &mut d, &s);
            if let Some(s) = d.updates.get_mut(&id) {
                s.state = UpdateState::Done;
            }
            Ok(ok_void())
        }
        (m, a) => Err(SimError::no_operation(&format!("{m} /rest/com/vmware/content/library/item/update-session/id:{{update_session_id}} {}", a.unwrap_or("")))),
    }
}

/// The file names an OVF descriptor references (`<File ovf:href="disk1.vmdk" …/>`).
pub fn ovf_references(descriptor: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in descriptor.match_indices("<File") {
        let rest = &descriptor[i..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        if let Some(h) = tag.find("href=\"") {
            let v = &tag[h + 6..];
            if let Some(close) = v.find('"') {
                let name = &v[..close];
                if !name.contains("://") {
                    out.push(name.to_string());
                }
            }
        }
    }
    out
}

fn validation(state: &SimState, d: &Data, s: &UpdateSession) -> ValidationResult {
    // The item's files as the session leaves them: those it removes are gone, those it adds are there.
    let existing: Vec<String> = d.items.iter().find(|i| i.id == s.item).map(|i| i.files.iter().map(|f| f.name.clone()).filter(|n| !s.removed.contains(n)).collect()).unwrap_or_default();
    let named: Vec<&String> = s.files.iter().map(|f| &f.name).chain(existing.iter()).collect();
    let mut missing = Vec::new();
    // Every descriptor the item will have: the session's, and the item's own that the session keeps.
    let is_ovf = |n: &str| n.to_ascii_lowercase().ends_with(".ovf");
    let mut descriptors: Vec<std::path::PathBuf> =
        s.files.iter().filter(|f| is_ovf(&f.name) && f.status == TransferStatus::Ready).map(|f| state.content.session_file(&s.id, &f.name)).collect();
    descriptors.extend(existing.iter().filter(|n| is_ovf(n) && !s.files.iter().any(|f| &f.name == *n)).map(|n| state.content.item_file(&s.item, n)));
    for path in descriptors {
        let text = super::read_descriptor(&path).unwrap_or_default();
        for r in ovf_references(&text) {
            if !named.contains(&&r) && !missing.contains(&r) {
                missing.push(r);
            }
        }
    }
    let invalid: Vec<ValidationError> = s
        .files
        .iter()
        .filter(|f| f.status != TransferStatus::Ready)
        .map(|f| ValidationError {
            name: f.name.clone(),
            error_message: message(&f.error.clone().unwrap_or_else(|| match f.status {
                TransferStatus::WaitingForTransfer => "Nothing was uploaded for this file.".into(),
                TransferStatus::Transferring => "This file is still being uploaded.".into(),
                _ => "This file was not received correctly.".into(),
            })),
        })
        .collect();
    ValidationResult { has_errors: !missing.is_empty() || !invalid.is_empty(), missing_files: missing, invalid_files: invalid }
}

/// Moves the session's files into the item: same-named files replaced, the content version moved on.
fn complete(state: &SimState, d: &mut Data, s: &UpdateSession) {
    let Some(item) = d.items.iter_mut().find(|i| i.id == s.item) else { return };
    for name in &s.removed {
        item.files.retain(|x| &x.name != name);
        let _ = std::fs::remove_file(state.content.item_file(&item.id, name));
    }
    for f in &s.files {
        let to = state.content.item_file(&item.id, &f.name);
        if let Some(dir) = to.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::rename(state.content.session_file(&s.id, &f.name), &to);
        let version = item.files.iter().find(|x| x.name == f.name).map_or(1, |x| x.version + 1);
        item.files.retain(|x| x.name != f.name);
        item.files.push(File { name: f.name.clone(), size: f.bytes, sha256: f.sha256.clone().unwrap_or_default(), version, cached: true });
    }
    item.content_version += 1;
    item.modified = now();
    if item.kind.is_empty() {
        let names: Vec<String> = item.files.iter().map(|f| f.name.to_ascii_lowercase()).collect();
        if names.iter().any(|n| n.ends_with(".ovf")) {
            item.kind = "ovf".into();
        } else if names.iter().any(|n| n.ends_with(".iso")) {
            item.kind = "iso".into();
        }
    }
    let _ = std::fs::remove_dir_all(state.content.session_dir(&s.id));
}

async fn upload_files(State(state): State<SimState>, _: Authed, headers: HeaderMap, method: Method, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    if method != Method::GET {
        return Err(SimError::no_operation(&format!("{method} /rest/com/vmware/content/library/item/updatesession/file")));
    }
    let id = query(&q, "update_session_id").unwrap_or_default();
    let d = data(&state);
    let s = d.updates.get(&id).ok_or_else(|| update_not_found(&id))?;
    let base = base_url(&headers);
    Ok(ok(s.files.iter().map(|f| upload_info(f, &base, &id)).collect::<Vec<_>>()))
}

async fn upload_file(
    State(state): State<SimState>,
    _: Authed,
    headers: HeaderMap,
    method: Method,
    Path(seg): Path<String>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Result<Response, SimError> {
    let id = path_id(&seg)?;
    if method != Method::POST {
        return Err(SimError::no_operation(&format!("{method} /rest/com/vmware/content/library/item/updatesession/file/id:{{update_session_id}}")));
    }
    let base = base_url(&headers);
    let deadline = state.content.deadline();
    let mut d = data(&state);
    let s = d.updates.get_mut(&id).ok_or_else(|| update_not_found(&id))?;
    s.expires = deadline;
    #[derive(Deserialize)]
    struct Named {
        file_name: String,
    }
    match action(&q).as_deref() {
        Some("add") => {
            #[derive(Deserialize)]
            struct B {
                file_spec: AddSpec,
            }
            let spec = serde_json::from_slice::<B>(&body).map_err(bad_body)?.file_spec;
            if !s.active() {
                return Err(not_active("update", &id));
            }
            if spec.name.trim().is_empty() || spec.name.contains('/') || spec.name.contains('\\') || spec.name == "." || spec.name == ".." {
                return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.invalid_file_name", format!("'{}' is not a file name.", spec.name), &[&spec.name]));
            }
            if spec.size.is_some_and(|n| n < 0) {
                return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.invalid_file_size", "A file's size is not negative.", &[]));
            }
            let mut file = UploadFile {
                name: spec.name.clone(),
                source_type: spec.source_type.clone(),
                size: spec.size.map(|n| n as u64),
                expected_checksum: spec.checksum_info.clone(),
                source_uri: None,
                bytes: 0,
                status: TransferStatus::WaitingForTransfer,
                error: None,
                sha256: None,
            };
            match spec.source_type {
                SourceType::Push => {}
                SourceType::Pull => {
                    let uri = spec.source_endpoint.as_ref().map(|e| e.uri.clone()).unwrap_or_default();
                    if url::Url::parse(&uri).is_err() {
                        return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.invalid_source", "A PULL file needs the URL to pull it from (source_endpoint).", &[]));
                    }
                    file.source_uri = Some(uri.clone());
                    // The simulated vCenter contacts no one else: it pulls what it holds itself (a library file
                    // by its storage URI, or a prepared download of its own); anything else fails as an
                    // unreachable host does.
                    match pull_source(&state, &d, &uri, &base) {
                        Some(from) => {
                            file.status = TransferStatus::Transferring;
                            let (state, session, name) = (state.clone(), id.clone(), spec.name.clone());
                            tokio::spawn(async move { pull(state, session, name, from).await });
                        }
                        None => {
                            file.status = TransferStatus::Error;
                            file.error = Some(format!("The source {uri} could not be reached."));
                        }
                    }
                }
                _ => return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.invalid_source_type", "A file is pushed (PUSH) or pulled from a URL (PULL).", &[])),
            }
            let s = d.updates.get_mut(&id).ok_or_else(|| update_not_found(&id))?;
            s.files.retain(|f| f.name != spec.name);
            s.files.push(file.clone());
            if file.source_type != SourceType::Pull {
                let _ = std::fs::remove_file(state.content.session_file(&id, &spec.name));
            }
            Ok(ok(upload_info(&file, &base, &id)))
        }
        Some("get") => {
            let name = serde_json::from_slice::<Named>(&body).map_err(bad_body)?.file_name;
            let f = s.files.iter().find(|f| f.name == name).ok_or_else(|| no_file(&name))?;
            Ok(ok(upload_info(f, &base, &id)))
        }
        Some("remove") => {
            // A file added in this session is dropped from it; a file the item has is removed from the item
            // when the session completes; any other name is not the item's (`invalid_argument`).
            let name = serde_json::from_slice::<Named>(&body).map_err(bad_body)?.file_name;
            let added = s.files.iter().any(|f| f.name == name);
            let item = s.item.clone();
            let item_has = !added && d.items.iter().any(|i| i.id == item && i.files.iter().any(|f| f.name == name));
            if !added && !item_has {
                return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.no_such_file", format!("The library item has no file named '{name}'."), &[&name]));
            }
            let s = d.updates.get_mut(&id).ok_or_else(|| update_not_found(&id))?;
            if !s.active() {
                return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.session_not_active", "Files are removed from an active session only.", &[&id]));
            }
            if added {
                s.files.retain(|f| f.name != name);
                let _ = std::fs::remove_file(state.content.session_file(&id, &name));
            } else if !s.removed.contains(&name) {
                s.removed.push(name);
            }
            Ok(ok_void())
        }
        Some("validate") => {
            if !s.active() {
                return Err(not_active("update", &id));
            }
            let s = s.clone();
            Ok(ok(validation(&state, &d, &s)))
        }
        a => Err(SimError::no_operation(&format!("POST /rest/com/vmware/content/library/item/updatesession/file/id:{{update_session_id}} {}", a.unwrap_or("")))),
    }
}

/// The bytes a PULL source names, when this vCenter holds them: a cached file of one of its libraries' items by
/// its storage URI (`ds:///vmfs/volumes/<datastore>/contentlib-<library>/<item>/<file>`), or a file of one of
/// its own active download sessions by its download URL (`<this vCenter>/cls-data/download/<session>/<file>`).
fn pull_source(state: &SimState, d: &super::Data, uri: &str, base: &str) -> Option<std::path::PathBuf> {
    let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8().ok().map(|c| c.into_owned());
    if let Some(rest) = uri.strip_prefix("ds:///vmfs/volumes/") {
        let parts: Vec<&str> = rest.split('/').collect();
        let [_, lib, item, file] = parts.as_slice() else { return None };
        let (lib, item, file) = (lib.strip_prefix("contentlib-")?, decode(item)?, decode(file)?);
        let i = d.items.iter().find(|i| i.id == item && i.library == lib)?;
        i.files.iter().any(|f| f.name == file && f.cached).then(|| state.content.item_file(&i.id, &file))
    } else {
        let rest = uri.strip_prefix(base)?.strip_prefix("/cls-data/download/")?;
        let (session, file) = rest.split_once('/')?;
        let (session, file) = (decode(session)?, decode(file)?);
        let s = d.downloads.get(&session).filter(|s| s.state == DownloadState::Active)?;
        s.files.iter().any(|f| f.name == file).then(|| state.content.item_file(&s.item, &file))
    }
}

/// Pulls `from` into the session's file `name`, its bytes counted as they arrive, then READY (or ERROR).
async fn pull(state: SimState, session: String, name: String, from: std::path::PathBuf) {
    let path = state.content.session_file(&session, &name);
    let outcome = async {
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await.map_err(|e| e.to_string())?;
        }
        let mut src = tokio::fs::File::open(&from).await.map_err(|e| format!("The source could not be read: {e}"))?;
        let mut out = tokio::fs::File::create(&path).await.map_err(|e| e.to_string())?;
        let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
        let mut buf = vec![0u8; 256 * 1024];
        let mut n: u64 = 0;
        loop {
            let got = tokio::io::AsyncReadExt::read(&mut src, &mut buf).await.map_err(|e| e.to_string())?;
            if got == 0 {
                break;
            }
            sha2::Digest::update(&mut hasher, &buf[..got]);
            out.write_all(&buf[..got]).await.map_err(|e| e.to_string())?;
            n += got as u64;
            let mut d = state.content.data.lock().unwrap();
            match d.updates.get_mut(&session).and_then(|s| s.files.iter_mut().find(|f| f.name == name)) {
                Some(f) => f.bytes = n,
                None => return Err("The session or the file is gone.".to_string()),
            }
        }
        out.flush().await.map_err(|e| e.to_string())?;
        Ok::<_, String>((n, hex(&sha2::Digest::finalize(hasher))))
    }
    .await;
    finish_upload(&state, &session, &name, outcome);
}

fn no_file(name: &str) -> SimError {
    SimError::invalid_argument("com.vmware.vdcs.cls-main.no_such_file", format!("The session has no file named '{name}'."), &[name])
}

/// Marks an upload's end: READY with its checksum, or ERROR with why.
fn finish_upload(state: &SimState, session: &str, name: &str, outcome: Result<(u64, String), String>) {
    let mut d = state.content.data.lock().unwrap();
    let Some(f) = d.updates.get_mut(session).and_then(|s| s.files.iter_mut().find(|f| f.name == name)) else { return };
    match outcome {
        Ok((n, sha)) => {
            f.bytes = n;
            if let Some(size) = f.size.filter(|s| *s != n) {
                f.status = TransferStatus::Error;
                f.error = Some(format!("{n} bytes were received; the file was added as {size} bytes."));
            } else if let Some(c) = f.expected_checksum.as_ref().filter(|c| matches!(c.algorithm, Some(ChecksumAlgorithm::Sha256) | None) && !c.checksum.eq_ignore_ascii_case(&sha)) {
                f.status = TransferStatus::Error;
                f.error = Some(format!("The SHA-256 checksum of what was received ({sha}) is not the one given ({}).", c.checksum));
            } else {
                f.status = TransferStatus::Ready;
                f.error = None;
            }
            f.sha256 = Some(sha);
        }
        Err(why) => {
            f.status = TransferStatus::Error;
            f.error = Some(why);
        }
    }
}

fn plain(status: StatusCode, text: &str) -> Response {
    (status, text.to_string()).into_response()
}

/// `PUT /cls-data/update/<session>/<file>`: the bytes of a file added to an update session, streamed to disk.
async fn upload_data(State(state): State<SimState>, _: Authed, Path((session, name)): Path<(String, String)>, req: Request) -> Response {
    {
        let deadline = state.content.deadline();
        let mut d = data(&state);
        let Some(s) = d.updates.get_mut(&session) else { return plain(StatusCode::NOT_FOUND, "No such update session.") };
        if !s.active() {
            return plain(StatusCode::CONFLICT, "The update session is not active.");
        }
        s.expires = deadline;
        let Some(f) = s.files.iter_mut().find(|f| f.name == name && f.source_type == SourceType::Push) else {
            return plain(StatusCode::NOT_FOUND, "No such file in the update session: add it first.");
        };
        f.status = TransferStatus::Transferring;
        f.bytes = 0;
        f.error = None;
    }
    let path = state.content.session_file(&session, &name);
    let outcome = async {
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await.map_err(|e| e.to_string())?;
        }
        let mut out = tokio::fs::File::create(&path).await.map_err(|e| e.to_string())?;
        let mut stream = req.into_body().into_data_stream();
        let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
        let mut n: u64 = 0;
        let mut last_note = Instant::now();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| format!("The upload was interrupted after {n} bytes: {e}"))?;
            sha2::Digest::update(&mut hasher, &chunk);
            out.write_all(&chunk).await.map_err(|e| e.to_string())?;
            n += chunk.len() as u64;
            if last_note.elapsed() >= Duration::from_millis(50) {
                last_note = Instant::now();
                let deadline = state.content.deadline();
                let mut d = state.content.data.lock().unwrap();
                if let Some(s) = d.updates.get_mut(&session) {
                    s.expires = deadline;
                    if let Some(f) = s.files.iter_mut().find(|f| f.name == name) {
                        f.bytes = n;
                    }
                }
            }
        }
        out.flush().await.map_err(|e| e.to_string())?;
        Ok::<_, String>((n, hex(&sha2::Digest::finalize(hasher))))
    }
    .await;
    let failed = outcome.is_err();
    finish_upload(&state, &session, &name, outcome);
    if failed {
        return plain(StatusCode::BAD_REQUEST, "The upload did not complete.");
    }
    StatusCode::OK.into_response()
}

// ---- download sessions ----

fn download_model(s: &DownloadSession) -> DownloadSessionModel {
    DownloadSessionModel {
        id: Some(s.id.clone()),
        library_item_id: Some(s.item.clone()),
        library_item_content_version: Some(s.content_version.to_string()),
        error_message: s.error.as_deref().map(message),
        client_progress: Some(s.client_progress),
        state: Some(s.state.clone()),
        expiration_time: Some(expiration(s.expires)),
    }
}

fn download_info(f: &DownloadFile, base: &str, session: &str) -> DownloadFileInfo {
    DownloadFileInfo {
        name: f.name.clone(),
        size: Some(f.size as i64),
        bytes_transferred: f.bytes as i64,
        status: f.status.clone(),
        download_endpoint: (f.status == PrepareStatus::Prepared).then(|| TransferEndpoint {
            uri: format!("{base}/cls-data/download/{session}/{}", app::vsphere::rest::encode_component(&f.name)),
            ssl_certificate_thumbprint: None,
        }),
        checksum_info: Some(ChecksumInfo { algorithm: Some(ChecksumAlgorithm::Sha256), checksum: f.sha256.clone() }),
        error_message: None,
    }
}

async fn download_sessions(State(state): State<SimState>, _: Authed, method: Method, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    match (method, action(&q).as_deref()) {
        (Method::GET, None) => {
            let d = data(&state);
            Ok(ok(session_ids(&d, &q, d.downloads.values().map(|s| (&s.id, &s.item)))?))
        }
        (Method::POST, None) => {
            #[derive(Deserialize)]
            struct B {
                #[serde(default)]
                client_token: Option<String>,
                create_spec: DownloadSessionModel,
            }
            let b = serde_json::from_slice::<B>(&body).map_err(bad_body)?;
            let mut d = data(&state);
            if let Some(id) = b.client_token.as_ref().and_then(|t| d.tokens.get(t)) {
                return Ok(ok(id.clone()));
            }
            let item_id = b.create_spec.library_item_id.clone().unwrap_or_default();
            if item_id.is_empty() {
                return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.item_required", "Give the item to download (library_item_id).", &[]));
            }
            let item = d.items.iter().find(|i| i.id == item_id).cloned().ok_or_else(|| item_not_found(&item_id))?;
            let id = uuid::Uuid::new_v4().to_string();
            d.downloads.insert(
                id.clone(),
                DownloadSession {
                    id: id.clone(),
                    item: item_id,
                    content_version: item.content_version,
                    state: DownloadState::Active,
                    error: None,
                    client_progress: 0,
                    expires: state.content.deadline(),
                    files: item.files.iter().map(|f| DownloadFile { name: f.name.clone(), size: f.size, sha256: f.sha256.clone(), bytes: 0, status: PrepareStatus::Unprepared }).collect(),
                },
            );
            if let Some(token) = b.client_token {
                d.tokens.insert(token, id.clone());
            }
            Ok(ok(id))
        }
        (m, a) => Err(SimError::no_operation(&format!("{m} /rest/com/vmware/content/library/item/download-session {}", a.unwrap_or("")))),
    }
}

async fn download_session(State(state): State<SimState>, _: Authed, method: Method, Path(seg): Path<String>, RawQuery(q): RawQuery, body: Bytes) -> Result<Response, SimError> {
    let id = path_id(&seg)?;
    let deadline = state.content.deadline();
    let mut d = data(&state);
    let s = d.downloads.get_mut(&id).ok_or_else(|| download_not_found(&id))?;
    let active = s.state == DownloadState::Active;
    match (method, action(&q).as_deref()) {
        (Method::GET, None) => Ok(ok(download_model(s))),
        (Method::DELETE, None) => {
            d.downloads.remove(&id);
            Ok(ok_void())
        }
        (Method::POST, Some("keep-alive")) => {
            #[derive(Deserialize, Default)]
            struct B {
                #[serde(default)]
                progress: Option<i64>,
            }
            let b = if body.is_empty() { B::default() } else { serde_json::from_slice::<B>(&body).map_err(bad_body)? };
            if !active {
                return Err(not_active("download", &id));
            }
            if let Some(p) = b.progress {
                s.client_progress = p.clamp(0, 100);
            }
            s.expires = deadline;
            Ok(ok_void())
        }
        (Method::POST, Some("cancel")) => {
            if !active {
                return Err(not_active("download", &id));
            }
            s.state = DownloadState::Canceled;
            Ok(ok_void())
        }
        (Method::POST, Some("fail")) => {
            #[derive(Deserialize)]
            struct B {
                client_error_message: String,
            }
            let m = serde_json::from_slice::<B>(&body).map_err(bad_body)?.client_error_message;
            if !active {
                return Err(not_active("download", &id));
            }
            s.state = DownloadState::Error;
            s.error = Some(m);
            Ok(ok_void())
        }
        (m, a) => Err(SimError::no_operation(&format!("{m} /rest/com/vmware/content/library/item/download-session/id:{{download_session_id}} {}", a.unwrap_or("")))),
    }
}

async fn download_files(State(state): State<SimState>, _: Authed, headers: HeaderMap, method: Method, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    if method != Method::GET {
        return Err(SimError::no_operation(&format!("{method} /rest/com/vmware/content/library/item/downloadsession/file")));
    }
    let id = query(&q, "download_session_id").unwrap_or_default();
    let d = data(&state);
    let s = d.downloads.get(&id).ok_or_else(|| download_not_found(&id))?;
    let base = base_url(&headers);
    Ok(ok(s.files.iter().map(|f| download_info(f, &base, &id)).collect::<Vec<_>>()))
}

async fn download_file(
    State(state): State<SimState>,
    _: Authed,
    headers: HeaderMap,
    method: Method,
    Path(seg): Path<String>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Result<Response, SimError> {
    let id = path_id(&seg)?;
    if method != Method::POST {
        return Err(SimError::no_operation(&format!("{method} /rest/com/vmware/content/library/item/downloadsession/file/id:{{download_session_id}}")));
    }
    #[derive(Deserialize)]
    struct B {
        file_name: String,
    }
    let name = serde_json::from_slice::<B>(&body).map_err(bad_body)?.file_name;
    let base = base_url(&headers);
    let deadline = state.content.deadline();
    let mut d = data(&state);
    let s = d.downloads.get_mut(&id).ok_or_else(|| download_not_found(&id))?;
    s.expires = deadline;
    let item = s.item.clone();
    let f = s.files.iter_mut().find(|f| f.name == name).ok_or_else(|| no_file(&name))?;
    match action(&q).as_deref() {
        Some("get") => Ok(ok(download_info(f, &base, &id))),
        Some("prepare") => {
            if f.status == PrepareStatus::Unprepared || f.status == PrepareStatus::Error {
                f.status = PrepareStatus::Preparing;
                let (state2, id2, name2, prepare) = (state.clone(), id.clone(), name.clone(), state.config.content_prepare);
                let cached = d.items.iter().find(|i| i.id == item).and_then(|i| i.files.iter().find(|x| x.name == name)).is_some_and(|x| x.cached);
                tokio::spawn(async move {
                    tokio::time::sleep(prepare).await;
                    let mut d = state2.content.data.lock().unwrap();
                    if let Some(f) = d.downloads.get_mut(&id2).and_then(|s| s.files.iter_mut().find(|f| f.name == name2)) {
                        f.status = if cached { PrepareStatus::Prepared } else { PrepareStatus::Error };
                    }
                });
            }
            let s = d.downloads.get(&id).expect("session present");
            let f = s.files.iter().find(|f| f.name == name).expect("file present");
            Ok(ok(download_info(f, &base, &id)))
        }
        a => Err(SimError::no_operation(&format!("POST /rest/com/vmware/content/library/item/downloadsession/file/id:{{download_session_id}} {}", a.unwrap_or("")))),
    }
}

/// `GET /cls-data/download/<session>/<file>`: a prepared file's bytes, streamed from disk.
async fn download_data(State(state): State<SimState>, _: Authed, Path((session, name)): Path<(String, String)>) -> Response {
    let (item, size) = {
        let deadline = state.content.deadline();
        let mut d = data(&state);
        let Some(s) = d.downloads.get_mut(&session) else { return plain(StatusCode::NOT_FOUND, "No such download session.") };
        if s.state != DownloadState::Active {
            return plain(StatusCode::CONFLICT, "The download session is not active.");
        }
        s.expires = deadline;
        let Some(f) = s.files.iter().find(|f| f.name == name) else { return plain(StatusCode::NOT_FOUND, "No such file in the download session.") };
        if f.status != PrepareStatus::Prepared {
            return plain(StatusCode::CONFLICT, "The file is not prepared for download: prepare it first.");
        }
        (s.item.clone(), f.size)
    };
    let file = match tokio::fs::File::open(state.content.item_file(&item, &name)).await {
        Ok(f) => f,
        Err(_) => return plain(StatusCode::NOT_FOUND, "The file's content is not on this vCenter."),
    };
    // The file as it is now (a later update may have replaced it since the session listed its size).
    let size = file.metadata().await.map(|m| m.len()).unwrap_or(size);
    let mut sent: u64 = 0;
    let (state2, session2, name2) = (state.clone(), session.clone(), name.clone());
    let stream = tokio_util::io::ReaderStream::with_capacity(file, 64 * 1024).inspect(move |chunk| {
        if let Ok(c) = chunk {
            sent += c.len() as u64;
            let deadline = state2.content.deadline();
            let mut d = state2.content.data.lock().unwrap();
            if let Some(s) = d.downloads.get_mut(&session2) {
                s.expires = deadline;
                if let Some(f) = s.files.iter_mut().find(|f| f.name == name2) {
                    f.bytes = sent;
                }
            }
        }
    });
    let mut res = Body::from_stream(stream).into_response();
    res.headers_mut().insert(header::CONTENT_LENGTH, size.into());
    res.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/octet-stream"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ovf_descriptor_names_its_files() {
        let ovf = r#"<Envelope><References><File ovf:href="disk1.vmdk" ovf:id="file1" ovf:size="10"/><File ovf:id="f2" ovf:href="extra.iso"/>
            <File ovf:href="http://elsewhere/x.vmdk"/></References><DiskSection/></Envelope>"#;
        assert_eq!(ovf_references(ovf), vec!["disk1.vmdk", "extra.iso"]);
        assert!(ovf_references("<Envelope/>").is_empty());
    }
}
