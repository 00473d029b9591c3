//! Item files moved between the browser and vCenter, streamed both ways: two axum routes beside the server
//! functions (a server function would read the whole body first).
//!
//! - `POST /content/upload` (multipart: `item`, or `library` + `name` + `kind` + `description` for a new item,
//!   then the files): the update session is created, each file added and its bytes piped from the browser's
//!   request to vCenter's upload endpoint as they arrive (a few 64 KB chunks in flight, never the whole file),
//!   then validated and completed. Anything failing — a file an OVF references but nobody sent, the browser
//!   going away — cancels the session, and an item made for this upload is deleted: nothing half-made stays.
//! - `POST /content/download` (`item`, `file`): a download session, the file prepared; when it is PREPARED within
//!   two seconds its bytes stream to the browser with its name and length (the session deleted at the end);
//!   otherwise the item's page follows the preparation live (`?download=<session>&file=`) and offers the file
//!   when it is ready (the same route, with the `session`).
//!
//! - `GET /content/upload/progress?item=`: the bytes vCenter has received of each file of the item's active
//!   upload (its update session's `bytes_transferred`), one `name<TAB>bytes` line a file, in plain text; the
//!   upload island polls it to show vCenter's side beside the browser's. It reads only.
//!
//! - `import_file` (a server function): vCenter fetches a file itself from a URL (http, https or a `ds://`
//!   datastore URI: a PULL source) into an item; a task follows the transfer and completes the session (or
//!   cancels it, with vCenter's reason), so a long pull finishes whoever waits; its progress is on the item's
//!   page (Transfers).
//!
//! They run inside the console's session and origin checks (`server::security`); they answer a form post with a redirect (the
//! item's page, or back with `upload_error=`), a script with JSON (`Accept: application/json`) or, for the page's
//! own island, plain text (`text/plain`: the page to go to, or the refusal).

/// Where the upload form posts.
pub const UPLOAD_PATH: &str = "/content/upload";
/// What vCenter has received of an item's upload (`GET ?item=`), read by the upload island while it sends.
pub const PROGRESS_PATH: &str = "/content/upload/progress";
/// Where a file's Download button posts.
pub const DOWNLOAD_PATH: &str = "/content/download";

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A file vCenter fetches itself into an item.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub url: String,
    /// The file's name in the item; empty: the URL's last part.
    #[serde(default)]
    pub name: String,
    /// For https: the SHA-1 thumbprint of the server's certificate, when vCenter does not trust it.
    #[serde(default)]
    pub thumbprint: String,
}

/// A URL vCenter can pull a file from: http, https (with a host) or a `ds://` datastore URI.
#[cfg(feature = "ssr")]
pub fn validate_import_url(raw: &str) -> Result<String, AppError> {
    let raw = raw.trim();
    let bad = || AppError::invalid("url", "Enter the file's URL: http://…, https://… or a datastore URI ds:///vmfs/volumes/….");
    let u = url::Url::parse(raw).map_err(|_| bad())?;
    match u.scheme() {
        "http" | "https" if u.host_str().is_some_and(|h| !h.is_empty()) && u.path().len() > 1 => Ok(raw.to_string()),
        "ds" if u.path().len() > 1 => Ok(raw.to_string()),
        _ => Err(bad()),
    }
}

/// The name the pulled file gets: the one typed, else the URL's last path part (decoded).
#[cfg(feature = "ssr")]
pub fn import_name(url: &str, typed: &str) -> Result<String, AppError> {
    let name = match typed.trim() {
        "" => {
            let last = url.split(['?', '#']).next().unwrap_or(url).trim_end_matches('/').rsplit('/').next().unwrap_or("");
            percent_encoding::percent_decode_str(last).decode_utf8_lossy().into_owned()
        }
        t => t.to_string(),
    };
    if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
        return Err(AppError::invalid("name", "Give the file a name (no slashes)."));
    }
    Ok(name)
}

/// Starts vCenter pulling a file into an item and follows it (see the module); the item's page is next.
#[server(prefix = "/api", endpoint = "content/library/item/updatesession/file/pull")]
pub async fn import_file(#[server(flatten)] form: ImportForm) -> Result<(), AppError> {
    use crate::vsphere::models::content::library::item::updatesession::file::{AddSpec, SourceType};
    use crate::vsphere::models::content::library::item::TransferEndpoint;
    let keep = |e: AppError| e.with_form(&form);
    let url = validate_import_url(&form.url).map_err(keep)?;
    let name = import_name(&url, &form.name).map_err(keep)?;
    let thumbprint = (!form.thumbprint.trim().is_empty()).then(|| form.thumbprint.trim().to_string());
    let item = form.item.clone();
    let done = crate::api::ssr::with_vc(|vc| async move {
        let session = vc.content_library_item_update_session_create(None, &server::update_spec(&item)).await?;
        let add = AddSpec { name: name.clone(), source_type: SourceType::Pull, source_endpoint: Some(TransferEndpoint { uri: url, ssl_certificate_thumbprint: thumbprint }), size: None, checksum_info: None };
        if let Err(e) = vc.content_library_item_updatesession_file_add(&session, &add).await {
            let _ = vc.content_library_item_update_session_cancel(&session).await;
            return Err(e);
        }
        // Followed in a task of its own, which completes (or cancels) the session whoever waits for it.
        let task = tokio::spawn(server::finish_pull(vc, session, name));
        match tokio::time::timeout(std::time::Duration::from_secs(5), task).await {
            Ok(Ok(r)) => r.map(|()| true),
            Ok(Err(e)) => Err(AppError::Internal(e.to_string())),
            Err(_) => Ok(false),
        }
    })
    .await
    .map_err(keep)?;
    let result = if done { "imported" } else { "importing" };
    leptos_axum::redirect(&format!("/content-libraries/items/{}?result={result}", crate::vsphere::rest::encode_component(&form.item)));
    Ok(())
}

/// One file of an item, to remove.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ItemFileForm {
    pub item: String,
    pub file: String,
}

/// Removes one file from an item (after the page's confirmation): vCenter removes files in an update
/// session — opened, the file removed, completed (a new content version of the item); a refusal cancels the
/// session and changes nothing.
#[server(prefix = "/api", endpoint = "content/library/item/updatesession/file/remove")]
pub async fn remove_item_file(#[server(flatten)] form: ItemFileForm) -> Result<(), AppError> {
    let file = form.file.trim().to_string();
    if file.is_empty() {
        return Err(AppError::invalid("file", "Choose the file to remove."));
    }
    let item = form.item.clone();
    crate::api::ssr::with_vc(|vc| async move {
        let session = vc.content_library_item_update_session_create(None, &server::update_spec(&item)).await?;
        let done = async {
            vc.content_library_item_updatesession_file_remove(&session, &file).await?;
            vc.content_library_item_update_session_complete(&session).await
        }
        .await;
        if done.is_err() {
            let _ = vc.content_library_item_update_session_cancel(&session).await;
        }
        done
    })
    .await?;
    leptos_axum::redirect(&format!("/content-libraries/items/{}?result=file-removed", crate::vsphere::rest::encode_component(&form.item)));
    Ok(())
}

/// A file name as the browser sends it, reduced to its last part (some browsers send a path).
pub fn file_name(raw: &str) -> String {
    raw.rsplit(['/', '\\']).next().unwrap_or(raw).trim().to_string()
}

/// `Content-Disposition` for a download of `name`: a plain ASCII fallback and the exact UTF-8 name.
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::api::content::library::validate_name;
    use crate::client::VcSession;
    use crate::state::{cookie_value, ConsoleState, Lookup, SESSION_COOKIE};
    use axum::extract::{FromRequest, Multipart, Request};
    use axum::http::{header, HeaderMap, StatusCode};
    use axum::response::{IntoResponse, Response};
    use futures::StreamExt;
    use std::time::Duration;

    /// How often an open update or download session is kept alive while bytes move (vCenter's expire after
    /// five idle minutes).
    const KEEP_ALIVE: Duration = Duration::from_secs(60);

    fn session(state: &ConsoleState, headers: &HeaderMap) -> Result<VcSession, AppError> {
        let id = cookie_value(headers, SESSION_COOKIE).ok_or(AppError::NotLoggedIn { expired: false })?;
        match state.sessions.lookup(id) {
            Lookup::Active(s) => state.vcenters.session(&s).ok_or(AppError::NotLoggedIn { expired: true }),
            Lookup::Expired => Err(AppError::NotLoggedIn { expired: true }),
            Lookup::Missing => Err(AppError::NotLoggedIn { expired: false }),
        }
    }

    fn accepts(headers: &HeaderMap, kind: &str) -> bool {
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains(kind))
    }

    /// A form post goes back to its page with the reason (`upload_error=`); a script gets JSON, or plain text
    /// (the page's own island: the reason itself).
    fn refused(headers: &HeaderMap, e: &AppError) -> Response {
        let text = e.to_string();
        let status = if matches!(e, AppError::NotLoggedIn { .. }) { StatusCode::UNAUTHORIZED } else { StatusCode::BAD_REQUEST };
        if accepts(headers, "application/json") {
            return (status, axum::Json(serde_json::json!({ "error": text }))).into_response();
        }
        if accepts(headers, "text/plain") {
            return (status, text).into_response();
        }
        let back = headers.get(header::REFERER).and_then(|v| v.to_str().ok()).unwrap_or("/content-libraries");
        let encoded: String = url::form_urlencoded::byte_serialize(text.as_bytes()).collect();
        let to = crate::components::layout::with_query(back, &["upload_error", "result"], Some(&format!("upload_error={encoded}")));
        (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
    }

    fn went_to(headers: &HeaderMap, to: String) -> Response {
        if accepts(headers, "application/json") {
            return axum::Json(serde_json::json!({ "redirect": to })).into_response();
        }
        if accepts(headers, "text/plain") {
            return to.into_response();
        }
        (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
    }

    /// `POST /content/upload` (see the module).
    pub async fn upload(state: ConsoleState, req: Request) -> Response {
        let headers = req.headers().clone();
        let vc = match session(&state, &headers) {
            Ok(vc) => vc,
            Err(e) => return refused(&headers, &e),
        };
        let mut multipart = match Multipart::from_request(req, &()).await {
            Ok(m) => m,
            Err(e) => return refused(&headers, &AppError::invalid("files", format!("Not a file upload: {e}"))),
        };
        // In a task of its own: when the browser goes away the server drops this handler, but the upload still
        // sees its body end in an error and undoes what it made (a dropped handler would leave it half-made).
        let task = tokio::spawn(async move {
            let mut up = Upload { vc, item: None, created: false, session: None, files: 0 };
            match up.run(&mut multipart).await {
                Ok(item) => Ok(item),
                Err(e) => {
                    up.undo().await;
                    // Read what the browser is still sending (for a while), so that it gets the answer rather
                    // than a connection reset mid-upload.
                    let _ = tokio::time::timeout(DRAIN, drain(&mut multipart)).await;
                    Err(e)
                }
            }
        });
        match task.await {
            Ok(Ok(item)) => went_to(&headers, format!("/content-libraries/items/{}?result=uploaded", crate::vsphere::rest::encode_component(&item))),
            Ok(Err(e)) => refused(&headers, &e),
            Err(e) => refused(&headers, &AppError::Internal(format!("The upload stopped: {e}"))),
        }
    }

    /// How long a refused upload's remaining bytes are read and dropped before the refusal is answered.
    const DRAIN: Duration = Duration::from_secs(60);

    async fn drain(multipart: &mut Multipart) {
        while let Ok(Some(mut field)) = multipart.next_field().await {
            while let Ok(Some(_)) = field.chunk().await {}
        }
    }

    /// A new update session of `item`.
    pub fn update_spec(item: &str) -> crate::vsphere::models::content::library::item::UpdateSessionModel {
        crate::vsphere::models::content::library::item::UpdateSessionModel { library_item_id: Some(item.to_string()), ..Default::default() }
    }

    /// Follows a pulled file until vCenter has it, keeping the session alive, then completes the session; when
    /// the pull fails the session is cancelled and vCenter's reason returned.
    pub async fn finish_pull(vc: VcSession, session: String, name: String) -> Result<(), AppError> {
        use crate::vsphere::models::content::library::item::TransferStatus;
        let mut last_alive = std::time::Instant::now();
        loop {
            let f = vc.content_library_item_updatesession_file_get(&session, &name).await?;
            match f.status {
                TransferStatus::Ready => break,
                TransferStatus::Error => {
                    let why = f.error_message.map(|m| m.default_message).unwrap_or_else(|| "no reason given".into());
                    let _ = vc.content_library_item_update_session_cancel(&session).await;
                    return Err(AppError::invalid("url", format!("vCenter could not fetch {name}: {why} Nothing was changed.")));
                }
                _ => {}
            }
            if last_alive.elapsed() >= KEEP_ALIVE {
                last_alive = std::time::Instant::now();
                let _ = vc.content_library_item_update_session_keep_alive(&session, None).await;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        if let Err(e) = vc.content_library_item_update_session_complete(&session).await {
            let _ = vc.content_library_item_update_session_cancel(&session).await;
            return Err(e);
        }
        Ok(())
    }

    struct Upload {
        vc: VcSession,
        item: Option<String>,
        /// The item was made for this upload (deleted if the upload fails).
        created: bool,
        session: Option<String>,
        files: usize,
    }

    impl Upload {
        async fn run(&mut self, multipart: &mut Multipart) -> Result<String, AppError> {
            let (mut library, mut name, mut kind, mut description) = (String::new(), String::new(), String::new(), String::new());
            while let Some(mut field) = multipart.next_field().await.map_err(|e| AppError::Transport(format!("The upload was interrupted: {e}")))? {
                let field_name = field.name().unwrap_or_default().to_string();
                let Some(raw) = field.file_name().map(str::to_string) else {
                    let text = field.text().await.map_err(|e| AppError::Transport(e.to_string()))?;
                    if self.session.is_some() {
                        continue; // the item is chosen: a field after the first file changes nothing
                    }
                    match field_name.as_str() {
                        "item" => self.item = (!text.trim().is_empty()).then(|| text.trim().to_string()),
                        "library" => library = text.trim().to_string(),
                        "name" => name = text,
                        "kind" => kind = text.trim().to_string(),
                        "description" => description = text,
                        _ => {}
                    }
                    continue;
                };
                let file = file_name(&raw);
                if file.is_empty() {
                    continue; // an empty file input
                }
                let session = self.open(&library, &name, &kind, &description).await?;
                self.send(&session, &file, &mut field).await?;
                self.files += 1;
            }
            if self.files == 0 {
                return Err(AppError::invalid("files", "Choose at least one file to upload."));
            }
            let session = self.session.clone().unwrap_or_default();
            let check = match self.vc.content_library_item_updatesession_file_validate(&session).await {
                Ok(c) => Some(c),
                // govmomi's vcsim answers validate with nothing at all: nothing to check, complete decides.
                Err(AppError::Decode(_)) => None,
                Err(e) => return Err(e),
            };
            if let Some(check) = check.filter(|c| c.has_errors) {
                let mut why: Vec<String> = check.missing_files.iter().map(|f| format!("{f} is missing (the OVF descriptor references it)")).collect();
                why.extend(check.invalid_files.iter().map(|f| format!("{}: {}", f.name, f.error_message.default_message)));
                return Err(AppError::invalid("files", format!("vCenter refused the upload: {}. Nothing was changed.", why.join("; "))));
            }
            self.vc.content_library_item_update_session_complete(&session).await?;
            self.session = None;
            Ok(self.item.clone().unwrap_or_default())
        }

        /// The item (made now when the form names a new one) and its update session, opened at the first file.
        async fn open(&mut self, library: &str, name: &str, kind: &str, description: &str) -> Result<String, AppError> {
            if let Some(s) = &self.session {
                return Ok(s.clone());
            }
            if self.item.is_none() {
                if library.is_empty() {
                    return Err(AppError::invalid("library", "Say which library the new item goes into."));
                }
                let mut spec = crate::vsphere::models::content::library::ItemModel::default();
                spec.library_id = Some(library.to_string());
                spec.name = Some(validate_name("item", name)?);
                spec.description = Some(description.trim().to_string());
                spec.r#type = Some(kind.to_string());
                let id = self.vc.content_library_item_create(None, &spec).await?;
                self.item = Some(id);
                self.created = true;
            }
            let item = self.item.clone().unwrap_or_default();
            let id = self.vc.content_library_item_update_session_create(None, &update_spec(&item)).await?;
            self.session = Some(id.clone());
            Ok(id)
        }

        /// Adds one file and pipes its bytes from the browser to vCenter as they arrive.
        async fn send(&self, session: &str, file: &str, field: &mut axum::extract::multipart::Field<'_>) -> Result<(), AppError> {
            use crate::vsphere::models::content::library::item::updatesession::file::{AddSpec, SourceType};
            let info = self
                .vc
                .content_library_item_updatesession_file_add(session, &AddSpec { name: file.to_string(), source_type: SourceType::Push, source_endpoint: None, size: None, checksum_info: None })
                .await?;
            let endpoint = info.upload_endpoint.map(|e| e.uri).ok_or_else(|| AppError::Decode("vCenter gave no upload endpoint for the file".into()))?;
            let (tx, rx) = tokio::sync::mpsc::channel::<Result<axum::body::Bytes, std::io::Error>>(4);
            let body = reqwest::Body::wrap_stream(futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) }));
            let vc = self.vc.clone();
            let put = tokio::spawn(async move { vc.upload_file(&endpoint, body, None).await });
            let mut keep_alive = tokio::time::interval(KEEP_ALIVE);
            keep_alive.tick().await;
            let mut sent: u64 = 0;
            let read = loop {
                tokio::select! {
                    chunk = field.chunk() => match chunk {
                        Ok(Some(c)) => {
                            sent += c.len() as u64;
                            if tx.send(Ok(c)).await.is_err() {
                                break Ok(()); // vCenter stopped reading: its answer says why
                            }
                        }
                        Ok(None) => break Ok(()),
                        Err(e) => {
                            let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
                            break Err(AppError::Transport(format!("The upload of {file} was interrupted after {sent} bytes: {e}")));
                        }
                    },
                    _ = keep_alive.tick() => {
                        let _ = self.vc.content_library_item_update_session_keep_alive(session, None).await;
                    }
                }
            };
            drop(tx);
            let put = put.await.map_err(|e| AppError::Internal(e.to_string()))?;
            read?;
            put
        }

        /// After a failure: the session cancelled (its files thrown away), an item made for this upload deleted.
        async fn undo(&mut self) {
            if let Some(s) = self.session.take() {
                if self.vc.content_library_item_update_session_cancel(&s).await.is_err() {
                    let _ = self.vc.content_library_item_update_session_fail(&s, "The console's upload failed.").await;
                }
            }
            if self.created {
                if let Some(item) = &self.item {
                    let _ = self.vc.content_library_item_delete(item).await;
                }
            }
        }
    }

    /// `GET /content/upload/progress` (see the module).
    pub async fn upload_progress(state: ConsoleState, req: Request) -> Response {
        let headers = req.headers().clone();
        let vc = match session(&state, &headers) {
            Ok(vc) => vc,
            Err(e) => return (StatusCode::UNAUTHORIZED, e.to_string()).into_response(),
        };
        let item = url::form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes()).find(|(k, _)| k == "item").map(|(_, v)| v.into_owned()).unwrap_or_default();
        if item.is_empty() {
            return (StatusCode::BAD_REQUEST, "Say which item: ?item=").into_response();
        }
        let lines: String = crate::api::content::library::ssr::transfers(&vc, &item)
            .await
            .into_iter()
            .filter(|t| t.upload && t.state == "ACTIVE")
            .flat_map(|t| t.files)
            .map(|(name, bytes, _)| format!("{}\t{bytes}\n", name.replace(['\t', '\n'], " ")))
            .collect();
        ([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], lines).into_response()
    }

    /// `POST /content/download` (see the module).
    pub async fn download(state: ConsoleState, req: Request) -> Response {
        let headers = req.headers().clone();
        let vc = match session(&state, &headers) {
            Ok(vc) => vc,
            Err(e) => return refused(&headers, &e),
        };
        #[derive(serde::Deserialize)]
        struct Form {
            item: String,
            file: String,
            /// A download session already prepared (the item's page followed its preparation).
            #[serde(default)]
            session: String,
        }
        let form = match axum::extract::Form::<Form>::from_request(req, &()).await {
            Ok(axum::extract::Form(f)) => f,
            Err(e) => return refused(&headers, &AppError::invalid("file", format!("Say which item and file: {e}"))),
        };
        match start_download(&vc, &form.item, &form.file, &form.session).await {
            Ok(Started::Stream(res)) => res,
            Ok(Started::Preparing(session)) => went_to(
                &headers,
                format!(
                    "/content-libraries/items/{}?download={}&file={}",
                    crate::vsphere::rest::encode_component(&form.item),
                    crate::vsphere::rest::encode_component(&session),
                    crate::vsphere::rest::encode_component(&form.file)
                ),
            ),
            Err(e) => refused(&headers, &e),
        }
    }

    enum Started {
        /// The file's bytes, flowing.
        Stream(Response),
        /// vCenter is still preparing it in this session: the item's page follows it.
        Preparing(String),
    }

    /// How long the Download button waits for a file to be prepared before the page shows its progress.
    const PREPARE_INLINE: Duration = Duration::from_secs(2);

    async fn start_download(vc: &VcSession, item: &str, file: &str, open: &str) -> Result<Started, AppError> {
        use crate::vsphere::models::content::library::item::downloadsession::file::PrepareStatus;
        let spec = crate::vsphere::models::content::library::item::DownloadSessionModel {
            id: None,
            library_item_id: Some(item.to_string()),
            library_item_content_version: None,
            error_message: None,
            client_progress: None,
            state: None,
            expiration_time: None,
        };
        let session = if open.is_empty() { vc.content_library_item_download_session_create(None, &spec).await? } else { open.to_string() };
        if open.is_empty() {
            // The session's files are the item's: one not among them is named back with the ones that are.
            if let Ok(files) = vc.content_library_item_downloadsession_file_list(&session).await {
                if !files.is_empty() && !files.iter().any(|f| f.name == file) {
                    let _ = vc.content_library_item_download_session_delete(&session).await;
                    let names: Vec<String> = files.into_iter().map(|f| f.name).collect();
                    return Err(AppError::invalid("file", format!("The item has no file {file}; its files are {}.", names.join(", "))));
                }
            }
        }
        let prepared = async {
            let mut info = if open.is_empty() {
                vc.content_library_item_downloadsession_file_prepare(&session, file, None).await?
            } else {
                vc.content_library_item_downloadsession_file_get(&session, file).await?
            };
            let started = std::time::Instant::now();
            while info.status != PrepareStatus::Prepared {
                if info.status == PrepareStatus::Error {
                    let why = info.error_message.map(|m| m.default_message).unwrap_or_else(|| "vCenter could not prepare the file.".into());
                    return Err(AppError::invalid("file", format!("{file}: {why}")));
                }
                if started.elapsed() > PREPARE_INLINE {
                    return Ok(None);
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
                info = vc.content_library_item_downloadsession_file_get(&session, file).await?;
            }
            let endpoint = info.download_endpoint.map(|e| e.uri).ok_or_else(|| AppError::Decode("vCenter gave no download endpoint".into()))?;
            Ok::<_, AppError>(Some((endpoint, info.size)))
        }
        .await;
        let (endpoint, size) = match prepared {
            Ok(Some(p)) => p,
            Ok(None) => return Ok(Started::Preparing(session)),
            Err(e) => {
                let _ = vc.content_library_item_download_session_delete(&session).await;
                return Err(e);
            }
        };
        let res = match vc.download_file(&endpoint).await {
            Ok(r) => r,
            Err(e) => {
                // Told to vCenter (the session fails with the reason), then the session is deleted.
                let _ = vc.content_library_item_download_session_fail(&session, &format!("The console could not read {file}: {e}")).await;
                let _ = vc.content_library_item_download_session_delete(&session).await;
                return Err(e);
            }
        };
        let length = res.content_length().or(size.map(|s| s as u64));
        // The bytes flow on as vCenter sends them, the session kept alive meanwhile with the bytes so far; at
        // the end (or when the browser goes away) the session is deleted, and a read that breaks fails it.
        let closer = SessionCloser { vc: vc.clone(), session: session.clone(), failed: std::sync::atomic::AtomicBool::new(false) };
        let (mut sent, mut alive) = (0u64, std::time::Instant::now());
        let stream = res.bytes_stream().map(move |chunk| {
            let closer = &closer;
            match &chunk {
                Ok(bytes) => {
                    sent += bytes.len() as u64;
                    if alive.elapsed() >= KEEP_ALIVE {
                        alive = std::time::Instant::now();
                        let progress = length.filter(|n| *n > 0).map(|n| (sent * 100 / n).min(100) as i64);
                        let (vc, session) = (closer.vc.clone(), closer.session.clone());
                        tokio::spawn(async move {
                            let _ = vc.content_library_item_download_session_keep_alive(&session, progress).await;
                        });
                    }
                }
                Err(e) => {
                    // Failed with the reason, then deleted, in that order (the closer leaves it to this).
                    closer.failed.store(true, std::sync::atomic::Ordering::SeqCst);
                    let (vc, session, why) = (closer.vc.clone(), closer.session.clone(), format!("The download broke off after {sent} bytes: {e}"));
                    tokio::spawn(async move {
                        let _ = vc.content_library_item_download_session_fail(&session, &why).await;
                        let _ = vc.content_library_item_download_session_delete(&session).await;
                    });
                }
            }
            chunk.map_err(std::io::Error::other)
        });
        let mut out = axum::body::Body::from_stream(stream).into_response();
        let h = out.headers_mut();
        h.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/octet-stream"));
        if let Ok(v) = header::HeaderValue::from_str(&content_disposition(file)) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        if let Some(n) = length {
            h.insert(header::CONTENT_LENGTH, n.into());
        }
        h.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
        Ok(Started::Stream(out))
    }

    /// Deletes a download session when the stream that reads it is dropped (finished or abandoned).
    struct SessionCloser {
        vc: VcSession,
        session: String,
        /// The read broke off: the session is failed, then deleted, by the stream itself.
        failed: std::sync::atomic::AtomicBool,
    }

    impl Drop for SessionCloser {
        fn drop(&mut self) {
            if self.failed.load(std::sync::atomic::Ordering::SeqCst) {
                return;
            }
            let (vc, session) = (self.vc.clone(), std::mem::take(&mut self.session));
            if let Ok(rt) = tokio::runtime::Handle::try_current() {
                rt.spawn(async move {
                    let _ = vc.content_library_item_download_session_delete(&session).await;
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_and_dispositions() {
        assert_eq!(file_name("C:\\Users\\me\\disk 1.vmdk"), "disk 1.vmdk");
        assert_eq!(file_name("photon.iso"), "photon.iso");
        assert_eq!(content_disposition("a b.iso"), "attachment; filename=\"a b.iso\"; filename*=UTF-8''a%20b.iso");
        assert_eq!(content_disposition("é\".iso"), "attachment; filename=\"__.iso\"; filename*=UTF-8''%C3%A9%22.iso");
    }

    #[test]
    fn import_urls_and_names_are_checked_before_sending() {
        assert!(validate_import_url(" https://repo.example.com/isos/photon%204.iso ").is_ok());
        assert!(validate_import_url("ds:///vmfs/volumes/datastore-62/isos/a.iso").is_ok());
        assert!(validate_import_url("ftp://repo.example.com/a.iso").unwrap_err().to_string().contains("http://"));
        assert!(validate_import_url("https://repo.example.com/").is_err(), "a URL that names no file");
        assert!(validate_import_url("photon.iso").is_err());
        assert_eq!(import_name("https://repo.example.com/isos/photon%204.iso?x=1", "").unwrap(), "photon 4.iso");
        assert_eq!(import_name("https://repo.example.com/a.iso", " tools.iso ").unwrap(), "tools.iso");
        assert!(import_name("https://repo.example.com/a.iso", "x/y.iso").is_err());
    }
}
