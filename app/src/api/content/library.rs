//! `content/library`, `content/local-library`, `content/subscribed-library`, `content/library/item`,
//! `content/configuration`: the Content libraries pages' server functions — the libraries with their storage,
//! item count and size; create a local library (publish, optionally with a password) or a subscribed one (the
//! URL probed first, its certificate thumbprint accepted); edit, sync, evict, delete; a library's items; an
//! item's files and where each is stored; create, edit, copy, sync, evict, delete items; the service's
//! settings. The bytes themselves move through [`super::transfer`] (axum routes, streamed).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The longest library or item name vCenter accepts.
pub const MAX_NAME: usize = 80;

/// A library as the lists show it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LibraryRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub subscribed: bool,
    /// "Datastore vsanDatastore", "file:///mnt/lib".
    pub storage: String,
    pub items: usize,
    pub size: i64,
    pub published: bool,
    pub password_protected: bool,
    pub publish_url: Option<String>,
    pub subscription_url: Option<String>,
    pub on_demand: bool,
    pub automatic_sync: bool,
    pub last_sync: Option<String>,
    pub modified: String,
    pub created: String,
    pub version: String,
}

/// An item as a library's page lists it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub size: i64,
    pub cached: bool,
    pub modified: String,
    pub created: String,
    pub last_sync: Option<String>,
    pub content_version: String,
    pub source_id: Option<String>,
}

/// One file of an item, with where it is stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileRow {
    pub name: String,
    pub size: i64,
    pub checksum: String,
    pub cached: bool,
    pub version: String,
    pub storage: Vec<String>,
}

/// An open (or ended, not yet deleted) update or download session of an item: someone's upload or download.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TransferRow {
    pub id: String,
    /// An update (upload) session, else a download session.
    pub upload: bool,
    /// `ACTIVE`, `DONE`, `ERROR`, `CANCELED`.
    pub state: String,
    /// The client's progress as it reported it (per cent).
    pub progress: i64,
    pub expires: String,
    pub error: String,
    /// An active upload's files: name, bytes vCenter has received, size (when the uploader gave it).
    pub files: Vec<(String, i64, Option<i64>)>,
}

/// The Content libraries page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LibrariesView {
    pub libraries: Vec<LibraryRow>,
    /// (id, name) of the datastores a library can be stored on; None when vCenter lists none (vcsim: type an id).
    pub datastores: Option<Vec<(String, String)>>,
    pub config: ContentConfig,
    /// Items found by name in every library (`item find`), when a name was asked for.
    pub found: Option<Vec<FoundItem>>,
    /// Libraries of that name (`library find`, any case), (id, name).
    #[serde(default)]
    pub found_libraries: Option<Vec<(String, String)>>,
}

/// An item found by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FoundItem {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub size: i64,
    pub library: String,
}

/// The content library service's settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContentConfig {
    pub automatic_sync_enabled: bool,
    pub start_hour: i64,
    pub stop_hour: i64,
    pub max_concurrent: i64,
}

/// A library's page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LibraryView {
    pub library: LibraryRow,
    pub items: Vec<ItemRow>,
    /// The item types vCenter supports (`content/type`), as (type, words), those uploaded as files only: a VM
    /// template is made from a virtual machine. Empty when vCenter does not list them (vcsim): the form
    /// offers OVF and ISO.
    #[serde(default)]
    pub types: Vec<(String, String)>,
    /// The options an OVF template made from a VM may be exported with (`vcenter/ovf/export-flag`).
    #[serde(default)]
    pub export_flags: Vec<(String, String)>,
}

/// An item's page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    pub item: ItemRow,
    pub library: LibraryRow,
    pub files: Vec<FileRow>,
    /// (id, name) of the local libraries an item can be copied into.
    pub targets: Vec<(String, String)>,
    pub transfers: Vec<TransferRow>,
}

/// Ends a transfer session of an item: `cancel` an active one (an upload's bytes are thrown away), `delete` an
/// ended one.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TransferForm {
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub session: String,
    /// `upload` or `download`.
    #[serde(default)]
    pub kind: String,
    /// `cancel` or `delete`.
    #[serde(default)]
    pub action: String,
}

/// What probing a subscription URL found (kept for the page the probe returns to).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProbeView {
    pub url: String,
    pub ok: bool,
    /// The probe's status in words, and vCenter's messages.
    pub words: String,
    pub thumbprint: Option<String>,
    pub name: String,
    pub description: String,
    pub datastore: String,
    pub on_demand: bool,
}

/// A library or item name as vCenter takes it.
pub fn validate_name(what: &str, name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", format!("Enter a name for the {what}.")));
    }
    let n = name.chars().count();
    if n > MAX_NAME {
        return Err(AppError::invalid("name", format!("The {what} name is {n} characters long; vCenter allows at most {MAX_NAME}.")));
    }
    Ok(name.to_string())
}

/// A subscription URL: http(s), with a host.
pub fn validate_subscription_url(url: &str) -> Result<String, AppError> {
    let url = url.trim();
    let ok = (url.starts_with("https://") || url.starts_with("http://")) && url.split("://").nth(1).is_some_and(|r| !r.is_empty() && !r.starts_with('/'));
    if !ok {
        return Err(AppError::invalid("url", "Enter the published library's URL, as its vCenter shows it (https://vcenter/cls/vcsp/lib/…/lib.json)."));
    }
    Ok(url.to_string())
}

/// "Local" / "Subscribed".
pub fn kind_words(subscribed: bool) -> &'static str {
    if subscribed {
        "Subscribed"
    } else {
        "Local"
    }
}

/// An item type in words: "OVF template", "ISO image", or the type as vCenter names it.
pub fn item_type_words(t: &str) -> String {
    match t {
        "ovf" => "OVF template".into(),
        "vm-template" => "VM template".into(),
        "iso" => "ISO image".into(),
        "" => "File".into(),
        other => other.to_string(),
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LocalLibraryForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub datastore: String,
    /// "on" when ticked.
    #[serde(default)]
    pub published: String,
    #[serde(default)]
    pub password: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SubscribeForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub datastore: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub password: String,
    /// "on_demand" or "full".
    #[serde(default)]
    pub download: String,
    /// The certificate thumbprint the probe showed, accepted.
    #[serde(default)]
    pub thumbprint: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LibraryEditForm {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub published: String,
    #[serde(default)]
    pub password: String,
    /// Subscribed: "on_demand" / "full".
    #[serde(default)]
    pub download: String,
    #[serde(default)]
    pub automatic_sync: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ItemForm {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub library: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub kind: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ConfigForm {
    #[serde(default)]
    pub automatic_sync_enabled: String,
    #[serde(default)]
    pub start_hour: String,
    #[serde(default)]
    pub stop_hour: String,
    #[serde(default)]
    pub max_concurrent: String,
}

#[cfg(feature = "ssr")]
fn hour(field: &str, v: &str) -> Result<i64, AppError> {
    match v.trim().parse::<i64>() {
        Ok(h) if (0..=23).contains(&h) => Ok(h),
        _ => Err(AppError::invalid(field, "An hour from 0 to 23.")),
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::client::VcSession;
    use crate::vsphere::models::content::library::ItemModel;
    use crate::vsphere::models::content::library_model::LibraryType;
    use futures::stream::{StreamExt, TryStreamExt};

    pub fn item_row(i: ItemModel) -> ItemRow {
        ItemRow {
            id: i.id.unwrap_or_default(),
            name: i.name.unwrap_or_default(),
            description: i.description.unwrap_or_default(),
            kind: i.r#type.unwrap_or_default(),
            size: i.size.unwrap_or(0),
            cached: i.cached.unwrap_or(false),
            modified: i.last_modified_time.unwrap_or_default(),
            created: i.creation_time.unwrap_or_default(),
            last_sync: i.last_sync_time,
            content_version: i.content_version.unwrap_or_default(),
            source_id: i.source_id,
        }
    }

    /// The datastores by id → name (empty when vCenter lists none).
    /// The item's update and download sessions (a session gone meanwhile is left out; a vCenter that lists
    /// none, none).
    pub async fn transfers(vc: &VcSession, item: &str) -> Vec<TransferRow> {
        let (ups, downs) = tokio::join!(vc.content_library_item_update_session_list(Some(item)), vc.content_library_item_download_session_list(Some(item)));
        let mut out = Vec::new();
        for id in ups.unwrap_or_default() {
            let Ok(s) = vc.content_library_item_update_session_get(&id).await else { continue };
            let state = s.state.map(|x| x.as_str().to_string()).unwrap_or_default();
            let files = if state == "ACTIVE" {
                vc.content_library_item_updatesession_file_list(&id).await.unwrap_or_default().into_iter().map(|f| (f.name, f.bytes_transferred, f.size)).collect()
            } else {
                Vec::new()
            };
            out.push(TransferRow { id, upload: true, state, progress: s.client_progress.unwrap_or(0), expires: s.expiration_time.unwrap_or_default(), error: s.error_message.map(|m| m.default_message).unwrap_or_default(), files });
        }
        for id in downs.unwrap_or_default() {
            let Ok(s) = vc.content_library_item_download_session_get(&id).await else { continue };
            let state = s.state.map(|x| x.as_str().to_string()).unwrap_or_default();
            out.push(TransferRow { id, upload: false, state, progress: s.client_progress.unwrap_or(0), expires: s.expiration_time.unwrap_or_default(), error: s.error_message.map(|m| m.default_message).unwrap_or_default(), files: Vec::new() });
        }
        out
    }

    pub async fn datastore_names(vc: &VcSession) -> std::collections::HashMap<String, String> {
        vc.datastore_list(&Default::default()).await.map(|l| l.into_iter().map(|d| (d.datastore, d.name)).collect()).unwrap_or_default()
    }

    /// A library with its items (each read, eight at a time).
    pub async fn library(vc: &VcSession, id: &str, stores: &std::collections::HashMap<String, String>) -> Result<(LibraryRow, Vec<ItemRow>), AppError> {
        let (l, ids) = tokio::try_join!(vc.content_library_get(id), vc.content_library_item_list(id))?;
        let items: Vec<ItemRow> = futures::stream::iter(ids.into_iter().map(|i| {
            let vc = vc.clone();
            async move { vc.content_library_item_get(&i).await.map(item_row) }
        }))
        .buffered(8)
        .try_collect()
        .await?;
        let backing = l.storage_backings.clone().unwrap_or_default().into_iter().next();
        let storage = match backing {
            Some(b) if b.datastore_id.is_some() => {
                let ds = b.datastore_id.unwrap_or_default();
                format!("Datastore {}", stores.get(&ds).cloned().unwrap_or(ds))
            }
            Some(b) => b.storage_uri.unwrap_or_default(),
            None => String::new(),
        };
        let publish = l.publish_info.clone();
        let sub = l.subscription_info.clone();
        let row = LibraryRow {
            id: l.id.clone().unwrap_or_else(|| id.to_string()),
            name: l.name.clone().unwrap_or_default(),
            description: l.description.clone().unwrap_or_default(),
            subscribed: l.r#type == Some(LibraryType::Subscribed),
            storage,
            items: items.len(),
            size: items.iter().map(|i| i.size).sum(),
            published: publish.as_ref().and_then(|p| p.published).unwrap_or(false),
            password_protected: publish.as_ref().and_then(|p| p.authentication_method.as_ref()).is_some_and(|a| a.as_str() == "BASIC"),
            publish_url: publish.and_then(|p| p.publish_url),
            subscription_url: sub.as_ref().and_then(|s| s.subscription_url.clone()),
            on_demand: sub.as_ref().and_then(|s| s.on_demand).unwrap_or(false),
            automatic_sync: sub.as_ref().and_then(|s| s.automatic_sync_enabled).unwrap_or(false),
            last_sync: l.last_sync_time.clone(),
            modified: l.last_modified_time.clone().unwrap_or_default(),
            created: l.creation_time.clone().unwrap_or_default(),
            version: l.version.clone().unwrap_or_default(),
        };
        let mut items = items;
        items.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()));
        Ok((row, items))
    }

    /// Every library (four at a time), by name.
    pub async fn libraries(vc: &VcSession) -> Result<Vec<LibraryRow>, AppError> {
        let (ids, stores) = tokio::join!(vc.content_library_list(), datastore_names(vc));
        let ids = ids?;
        let stores = std::sync::Arc::new(stores);
        let mut rows: Vec<LibraryRow> = futures::stream::iter(ids.into_iter().map(|id| {
            let (vc, stores) = (vc.clone(), stores.clone());
            async move { library(&vc, &id, &stores).await.map(|(r, _)| r) }
        }))
        .buffered(4)
        .try_collect()
        .await?;
        rows.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()));
        Ok(rows)
    }

    pub fn back_to(path: &str) {
        leptos_axum::redirect(path);
    }
}

/// Every library; with `find`, the items of that name in any library too (reading changes nothing).
#[server(prefix = "/api", endpoint = "content/library/list")]
pub async fn get_libraries(find: Option<String>) -> Result<LibrariesView, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let asked = find.as_deref().map(str::trim).filter(|f| !f.is_empty());
        let found_libraries = match asked {
            None => None,
            Some(name) => {
                use crate::vsphere::models::content::library::FindSpec;
                let ids = vc.content_library_find(&FindSpec { name: Some(name.to_string()), r#type: None }).await?;
                let mut named = Vec::new();
                for id in ids {
                    let l = vc.content_library_get(&id).await?;
                    named.push((id, l.name.unwrap_or_default()));
                }
                Some(named)
            }
        };
        let found = match asked {
            None => None,
            Some(name) => {
                use crate::vsphere::models::content::library::item::FindSpec;
                let ids = vc.content_library_item_find(&FindSpec { name: Some(name.to_string()), library_id: None, source_id: None, r#type: None, cached: None }).await?;
                let mut found = Vec::new();
                for id in ids {
                    let i = vc.content_library_item_get(&id).await?;
                    let library = match &i.library_id {
                        Some(l) => vc.content_library_get(l).await.ok().and_then(|l| l.name).unwrap_or_else(|| l.clone()),
                        None => String::new(),
                    };
                    found.push(FoundItem { id, name: i.name.unwrap_or_default(), kind: i.r#type.unwrap_or_default(), size: i.size.unwrap_or(0), library });
                }
                Some(found)
            }
        };
        let everywhere = Default::default();
        let (libraries, datastores, config) = tokio::join!(ssr::libraries(&vc), vc.datastore_list(&everywhere), vc.content_configuration_get());
        let datastores = datastores.ok().filter(|l| !l.is_empty()).map(|l| {
            let mut l: Vec<(String, String)> = l.into_iter().map(|d| (d.datastore, d.name)).collect();
            l.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()));
            l
        });
        let config = config
            .map(|c| ContentConfig {
                automatic_sync_enabled: c.automatic_sync_enabled.unwrap_or(false),
                start_hour: c.automatic_sync_start_hour.unwrap_or(0),
                stop_hour: c.automatic_sync_stop_hour.unwrap_or(0),
                max_concurrent: c.maximum_concurrent_item_syncs.unwrap_or(0),
            })
            .unwrap_or_default();
        Ok(LibrariesView { libraries: libraries?, datastores, config, found, found_libraries })
    })
    .await
}

#[server(prefix = "/api", endpoint = "content/library/get")]
pub async fn get_library(id: String) -> Result<LibraryView, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (stores, types, export_flags) = tokio::join!(ssr::datastore_names(&vc), vc.content_type_list(), crate::api::vcenter::ovf::ssr::export_flags(&vc));
        let (library, items) = ssr::library(&vc, &id, &stores).await?;
        let types = types.unwrap_or_default().into_iter().filter(|t| t.r#type != "vm-template").map(|t| (t.r#type.clone(), item_type_words(&t.r#type))).collect();
        Ok(LibraryView { library, items, types, export_flags })
    })
    .await
}

/// One file of an item, every field: what the item says of it (`item/file`) and where it is stored
/// (`item/storage`), as (heading, rows).
#[server(prefix = "/api", endpoint = "content/library/item/file/get")]
pub async fn get_item_file(item: String, file: String) -> Result<Vec<(String, Vec<(String, String)>)>, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (info, storage) = tokio::try_join!(vc.content_library_item_file_get(&item, &file), vc.content_library_item_storage_get(&item, &file))?;
        let mut out = vec![("File".to_string(), crate::api::fields::rows(&info))];
        out.extend(storage.iter().enumerate().map(|(i, s)| (if storage.len() == 1 { "Storage".to_string() } else { format!("Storage {}", i + 1) }, crate::api::fields::rows(s))));
        Ok(out)
    })
    .await
}

#[server(prefix = "/api", endpoint = "content/library/item/get")]
pub async fn get_library_item(id: String) -> Result<ItemView, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let model = vc.content_library_item_get(&id).await?;
        let lib_id = model.library_id.clone().unwrap_or_default();
        let item = ssr::item_row(model);
        let stores = ssr::datastore_names(&vc).await;
        let ((library, _), files, storage, all) =
            tokio::try_join!(ssr::library(&vc, &lib_id, &stores), vc.content_library_item_file_list(&id), vc.content_library_item_storage_list(&id), vc.content_local_library_list())?;
        let files = files
            .into_iter()
            .map(|f| FileRow {
                storage: storage.iter().filter(|s| s.name == f.name).flat_map(|s| s.storage_uris.clone()).collect(),
                checksum: f.checksum_info.as_ref().map(|c| format!("{} {}", c.algorithm.as_ref().map(|a| a.as_str().to_string()).unwrap_or_default(), c.checksum)).unwrap_or_default(),
                name: f.name,
                size: f.size,
                cached: f.cached,
                version: f.version,
            })
            .collect();
        let mut targets = Vec::new();
        for l in all {
            if let Ok(m) = vc.content_local_library_get(&l).await {
                targets.push((l, m.name.unwrap_or_default()));
            }
        }
        targets.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()));
        let transfers = ssr::transfers(&vc, &id).await;
        Ok(ItemView { item, library, files, targets, transfers })
    })
    .await
}

#[server(prefix = "/api", endpoint = "content/local-library/create")]
pub async fn create_local_library(#[server(flatten)] form: LocalLibraryForm) -> Result<(), AppError> {
    use crate::vsphere::models::content::library::publish_info::AuthenticationMethod;
    use crate::vsphere::models::content::library::storage_backing::Type;
    use crate::vsphere::models::content::library::{PublishInfo, StorageBacking};
    use crate::vsphere::models::content::library_model::LibraryType;
    let keep = |e: AppError| e.with_form(&form);
    let name = validate_name("library", &form.name).map_err(keep)?;
    let datastore = form.datastore.trim().to_string();
    if datastore.is_empty() {
        return Err(keep(AppError::invalid("datastore", "Choose the datastore the library's files are stored on.")));
    }
    let published = !form.published.is_empty();
    let password = form.password.trim().to_string();
    let mut spec = crate::vsphere::models::content::LibraryModel::default();
    spec.name = Some(name);
    spec.description = Some(form.description.trim().to_string());
    spec.r#type = Some(LibraryType::Local);
    spec.storage_backings = Some(vec![StorageBacking { r#type: Some(Type::Datastore), datastore_id: Some(datastore), storage_uri: None }]);
    spec.publish_info = Some(PublishInfo {
        authentication_method: Some(if published && !password.is_empty() { AuthenticationMethod::Basic } else { AuthenticationMethod::None }),
        published: Some(published),
        publish_url: None,
        user_name: (published && !password.is_empty()).then(|| "vcsp".to_string()),
        password: (published && !password.is_empty()).then_some(password),
        current_password: None,
        persist_json_enabled: None,
    });
    let token = uuid_token();
    let id = crate::api::ssr::with_vc(|vc| async move { vc.content_local_library_create(Some(&token), &spec).await }).await.map_err(keep)?;
    ssr::back_to(&format!("/content-libraries/{}?result=created", crate::vsphere::rest::encode_component(&id)));
    Ok(())
}

/// A client token for a create: a retried POST makes nothing twice.
#[cfg(feature = "ssr")]
fn uuid_token() -> String {
    use sha2::Digest;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let d = sha2::Sha256::digest(format!("{now}-{:?}", std::thread::current().id()).as_bytes());
    d.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

#[cfg(feature = "ssr")]
/// Where a probe keeps the password it was given (see `probe_subscription`).
#[cfg(feature = "ssr")]
const PROBED_PASSWORD: &str = "content/subscribed-library/probe/password";

#[cfg(feature = "ssr")]
fn subscription_info(form: &SubscribeForm, url: &str, thumbprint: Option<String>) -> crate::vsphere::models::content::library::SubscriptionInfo {
    use crate::vsphere::models::content::library::subscription_info::AuthenticationMethod;
    let password = form.password.trim().to_string();
    crate::vsphere::models::content::library::SubscriptionInfo {
        authentication_method: Some(if password.is_empty() { AuthenticationMethod::None } else { AuthenticationMethod::Basic }),
        automatic_sync_enabled: Some(true),
        on_demand: Some(form.download != "full"),
        password: (!password.is_empty()).then_some(password.clone()),
        ssl_thumbprint: thumbprint,
        subscription_url: Some(url.to_string()),
        user_name: (!password.is_empty()).then(|| "vcsp".to_string()),
        source_info: None,
    }
}

/// Probes a subscription URL (vCenter contacts it): the result, with the certificate thumbprint to accept,
/// is kept for the page.
#[server(prefix = "/api", endpoint = "content/subscribed-library/probe")]
pub async fn probe_subscription(#[server(flatten)] form: SubscribeForm) -> Result<(), AppError> {
    use crate::vsphere::models::content::subscribed_library::probe_result::Status;
    let keep = |e: AppError| e.with_form(&form);
    let url = validate_subscription_url(&form.url).map_err(keep)?;
    let info = subscription_info(&form, &url, None);
    let r = crate::api::ssr::with_vc(|vc| async move { vc.content_subscribed_library_probe(&info).await }).await.map_err(keep)?;
    // The password goes with the subscription next: kept on the server (this session, a few minutes) for the
    // Subscribe form, so it is not typed twice and never comes back to the browser.
    if !form.password.trim().is_empty() {
        crate::api::ssr::keep_secret(PROBED_PASSWORD, &format!("{url}\n{}", form.password.trim())).map_err(keep)?;
    }
    let messages: Vec<String> = r.error_messages.iter().map(|m| m.default_message.clone()).collect();
    let status = match r.status {
        Status::Success => "vCenter reached the published library.".to_string(),
        Status::InvalidUrl => "This is not a subscription URL.".into(),
        Status::TimedOut => "vCenter timed out reaching this URL.".into(),
        Status::HostNotFound => "vCenter could not reach this host.".into(),
        Status::ResourceNotFound => "There is no published library at this URL.".into(),
        Status::InvalidCredentials => "The password for the published library is wrong.".into(),
        Status::CertificateError => "The server's certificate could not be verified.".into(),
        _ => "vCenter could not subscribe to this URL.".into(),
    };
    let words = if messages.is_empty() { status } else { format!("{status} {}", messages.join(" ")) };
    let view = ProbeView {
        url,
        ok: r.status == Status::Success,
        words,
        thumbprint: r.ssl_thumbprint,
        name: form.name.trim().to_string(),
        description: form.description.trim().to_string(),
        datastore: form.datastore.trim().to_string(),
        on_demand: form.download != "full",
    };
    crate::api::ssr::keep_result(<ProbeSubscription as leptos::server_fn::ServerFn>::PATH, &view)
}

#[server(prefix = "/api", endpoint = "content/subscribed-library/create")]
pub async fn create_subscribed_library(#[server(flatten)] form: SubscribeForm) -> Result<(), AppError> {
    use crate::vsphere::models::content::library::storage_backing::Type;
    use crate::vsphere::models::content::library::StorageBacking;
    use crate::vsphere::models::content::library_model::LibraryType;
    let keep = |e: AppError| e.with_form(&form);
    let name = validate_name("library", &form.name).map_err(keep)?;
    let url = validate_subscription_url(&form.url).map_err(keep)?;
    if form.datastore.trim().is_empty() {
        return Err(keep(AppError::invalid("datastore", "Choose the datastore the library's files are stored on.")));
    }
    let thumbprint = form.thumbprint.trim().to_string();
    if url.starts_with("https://") && thumbprint.is_empty() {
        return Err(keep(AppError::invalid("thumbprint", "Probe the URL first, then accept the certificate thumbprint it shows.")));
    }
    // No password typed: the one given to the probe of this URL, if any.
    let mut sub = form.clone();
    if sub.password.trim().is_empty() {
        if let Some((probed, password)) = crate::api::ssr::kept_secret(PROBED_PASSWORD).as_deref().and_then(|k| k.split_once('\n')) {
            if probed == url {
                sub.password = password.to_string();
            }
        }
    }
    let mut spec = crate::vsphere::models::content::LibraryModel::default();
    spec.name = Some(name);
    spec.description = Some(form.description.trim().to_string());
    spec.r#type = Some(LibraryType::Subscribed);
    spec.storage_backings = Some(vec![StorageBacking { r#type: Some(Type::Datastore), datastore_id: Some(form.datastore.trim().to_string()), storage_uri: None }]);
    spec.subscription_info = Some(subscription_info(&sub, &url, (!thumbprint.is_empty()).then_some(thumbprint)));
    let token = uuid_token();
    let id = crate::api::ssr::with_vc(|vc| async move { vc.content_subscribed_library_create(Some(&token), &spec).await }).await.map_err(keep)?;
    ssr::back_to(&format!("/content-libraries/{}?result=subscribed", crate::vsphere::rest::encode_component(&id)));
    Ok(())
}

#[server(prefix = "/api", endpoint = "content/library/update")]
pub async fn update_library(#[server(flatten)] form: LibraryEditForm) -> Result<(), AppError> {
    use crate::vsphere::models::content::library::publish_info::AuthenticationMethod;
    use crate::vsphere::models::content::library::{PublishInfo, SubscriptionInfo};
    let keep = |e: AppError| e.with_form(&form);
    let name = validate_name("library", &form.name).map_err(keep)?;
    let id = form.id.clone();
    let mut spec = crate::vsphere::models::content::LibraryModel::default();
    spec.name = Some(name);
    spec.description = Some(form.description.trim().to_string());
    spec.version = (!form.version.is_empty()).then(|| form.version.clone());
    let f = form.clone();
    crate::api::ssr::with_vc(|vc| async move {
        // The library's kind from vCenter (not from the form), and its settings now: a change of name or
        // description alone goes through the common update, which leaves publication and subscription as
        // they are (and asks no password).
        let subscribed = vc.content_subscribed_library_list().await?.contains(&id);
        let now = if subscribed { vc.content_subscribed_library_get(&id).await? } else { vc.content_local_library_get(&id).await? };
        let password = f.password.trim().to_string();
        if subscribed {
            let s = now.subscription_info.unwrap_or_default();
            let (auto, on_demand) = (!f.automatic_sync.is_empty(), f.download != "full");
            if s.automatic_sync_enabled == Some(auto) && s.on_demand == Some(on_demand) {
                return vc.content_library_update(&id, &spec).await;
            }
            spec.subscription_info = Some(SubscriptionInfo {
                authentication_method: None,
                automatic_sync_enabled: Some(auto),
                on_demand: Some(on_demand),
                password: None,
                ssl_thumbprint: None,
                subscription_url: None,
                user_name: None,
                source_info: None,
            });
            vc.content_subscribed_library_update(&id, &spec).await
        } else {
            let published = !f.published.is_empty();
            if password.is_empty() && now.publish_info.as_ref().and_then(|p| p.published).unwrap_or(false) == published {
                return vc.content_library_update(&id, &spec).await;
            }
            spec.publish_info = Some(PublishInfo {
                authentication_method: (!password.is_empty()).then_some(AuthenticationMethod::Basic),
                published: Some(published),
                publish_url: None,
                user_name: (!password.is_empty()).then(|| "vcsp".to_string()),
                password: (!password.is_empty()).then_some(password),
                current_password: None,
                persist_json_enabled: None,
            });
            vc.content_local_library_update(&id, &spec).await
        }
    })
    .await
    .map_err(keep)
}

/// Syncs a subscribed library with its source (every item's metadata; the files too unless on demand).
#[server(prefix = "/api", endpoint = "content/subscribed-library/sync")]
pub async fn sync_library(id: String) -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.content_subscribed_library_sync(&id).await }).await
}

/// Evicts a subscribed (on-demand) library's cached files.
#[server(prefix = "/api", endpoint = "content/subscribed-library/evict")]
pub async fn evict_library(id: String) -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.content_subscribed_library_evict(&id).await }).await
}

#[server(prefix = "/api", endpoint = "content/library/delete")]
pub async fn delete_library(id: String) -> Result<(), AppError> {
    // The library's kind is vCenter's (not the form's): a subscribed one is deleted as such.
    crate::api::ssr::with_vc(|vc| async move {
        if vc.content_subscribed_library_list().await?.contains(&id) {
            vc.content_subscribed_library_delete(&id).await
        } else {
            vc.content_local_library_delete(&id).await
        }
    })
    .await?;
    ssr::back_to("/content-libraries?result=deleted");
    Ok(())
}

#[server(prefix = "/api", endpoint = "content/library/item/create")]
pub async fn create_library_item(#[server(flatten)] form: ItemForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let name = validate_name("item", &form.name).map_err(keep)?;
    let mut spec = crate::vsphere::models::content::library::ItemModel::default();
    spec.library_id = Some(form.library.clone());
    spec.name = Some(name);
    spec.description = Some(form.description.trim().to_string());
    spec.r#type = Some(form.kind.trim().to_string());
    let token = uuid_token();
    let id = crate::api::ssr::with_vc(|vc| async move { vc.content_library_item_create(Some(&token), &spec).await }).await.map_err(keep)?;
    ssr::back_to(&format!("/content-libraries/items/{}?result=created", crate::vsphere::rest::encode_component(&id)));
    Ok(())
}

#[server(prefix = "/api", endpoint = "content/library/item/update")]
pub async fn update_library_item(#[server(flatten)] form: ItemForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let name = validate_name("item", &form.name).map_err(keep)?;
    let mut spec = crate::vsphere::models::content::library::ItemModel::default();
    spec.name = Some(name);
    spec.description = Some(form.description.trim().to_string());
    let id = form.id.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.content_library_item_update(&id, &spec).await }).await.map_err(keep)
}

/// Copies an item (its files too) into a library, under a name.
#[server(prefix = "/api", endpoint = "content/library/item/copy")]
pub async fn copy_library_item(#[server(flatten)] form: ItemForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let name = validate_name("item", &form.name).map_err(keep)?;
    if form.library.is_empty() {
        return Err(keep(AppError::invalid("library", "Choose the library to copy the item into.")));
    }
    let mut spec = crate::vsphere::models::content::library::ItemModel::default();
    spec.library_id = Some(form.library.clone());
    spec.name = Some(name);
    let id = form.id.clone();
    let token = uuid_token();
    let new = crate::api::ssr::with_vc(|vc| async move { vc.content_library_item_copy(&id, Some(&token), &spec).await }).await.map_err(keep)?;
    ssr::back_to(&format!("/content-libraries/items/{}?result=copied", crate::vsphere::rest::encode_component(&new)));
    Ok(())
}

#[server(prefix = "/api", endpoint = "content/library/item/delete")]
pub async fn delete_library_item(id: String, library: String) -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.content_library_item_delete(&id).await }).await?;
    ssr::back_to(&format!("/content-libraries/{}?result=item-deleted", crate::vsphere::rest::encode_component(&library)));
    Ok(())
}

/// Syncs a subscribed item; `files`: its files' bytes too, not only its metadata.
#[server(prefix = "/api", endpoint = "content/library/subscribed-item/sync")]
pub async fn sync_library_item(id: String, files: bool) -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.content_library_subscribed_item_sync(&id, files).await }).await
}

#[server(prefix = "/api", endpoint = "content/library/subscribed-item/evict")]
pub async fn evict_library_item(id: String) -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.content_library_subscribed_item_evict(&id).await }).await
}

/// Cancels or deletes an item's update or download session; the item's page is next.
#[server(prefix = "/api", endpoint = "content/library/item/transfer-session/end")]
pub async fn end_transfer(#[server(flatten)] form: TransferForm) -> Result<(), AppError> {
    let f = form.clone();
    crate::api::ssr::with_vc(|vc| async move {
        let s = f.session.as_str();
        match (f.kind.as_str(), f.action.as_str()) {
            ("upload", "cancel") => vc.content_library_item_update_session_cancel(s).await,
            ("upload", "delete") => vc.content_library_item_update_session_delete(s).await,
            ("download", "cancel") => vc.content_library_item_download_session_cancel(s).await,
            ("download", "delete") => vc.content_library_item_download_session_delete(s).await,
            _ => Err(AppError::invalid("action", "Say which session to cancel or delete.")),
        }
    })
    .await
    .map_err(|e| e.with_form(&form))?;
    let result = if form.action == "cancel" { "transfer-cancelled" } else { "transfer-deleted" };
    ssr::back_to(&format!("/content-libraries/items/{}?result={result}", crate::vsphere::rest::encode_component(&form.item)));
    Ok(())
}

/// How far vCenter is in preparing a file of a download session (reading it changes nothing).
#[server(prefix = "/api", endpoint = "content/library/item/downloadsession/file/get")]
pub async fn get_download_status(session: String, file: String) -> Result<crate::jobs::JobProgress, AppError> {
    use crate::jobs::{JobProgress, JobState};
    use crate::vsphere::models::content::library::item::downloadsession::file::PrepareStatus;
    crate::api::ssr::with_vc(|vc| async move {
        let info = vc.content_library_item_downloadsession_file_get(&session, &file).await?;
        let title = format!("Preparing {file} for download");
        let size = info.size.unwrap_or(0).max(0) as u64;
        Ok(match info.status {
            PrepareStatus::Prepared => JobProgress { title: format!("{file} is ready to download"), state: JobState::Succeeded, ..Default::default() },
            PrepareStatus::Error => JobProgress {
                title,
                state: JobState::Failed,
                messages: vec![info.error_message.map(|m| m.default_message).unwrap_or_else(|| "vCenter could not prepare the file.".into())],
                ..Default::default()
            },
            other => JobProgress::running(title, 0, 0, format!("vCenter: {} ({})", other.as_str().to_lowercase().replace('_', " "), crate::api::vcenter::inventory::human_bytes(size as i64))),
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "content/configuration/update")]
pub async fn update_content_config(#[server(flatten)] form: ConfigForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let start = hour("start_hour", &form.start_hour).map_err(keep)?;
    let stop = hour("stop_hour", &form.stop_hour).map_err(keep)?;
    let max = match form.max_concurrent.trim().parse::<i64>() {
        Ok(n) if n >= 1 => n,
        _ => return Err(keep(AppError::invalid("max_concurrent", "At least one item at a time."))),
    };
    let model = crate::vsphere::models::content::ConfigurationModel {
        automatic_sync_enabled: Some(!form.automatic_sync_enabled.is_empty()),
        automatic_sync_start_hour: Some(start),
        automatic_sync_stop_hour: Some(stop),
        maximum_concurrent_item_syncs: Some(max),
    };
    crate::api::ssr::with_vc(|vc| async move { vc.content_configuration_update(&model).await }).await.map_err(keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_urls_are_checked_before_sending() {
        assert_eq!(validate_name("library", "  ISOs ").unwrap(), "ISOs");
        assert!(validate_name("library", " ").unwrap_err().to_string().contains("Enter a name"));
        assert!(validate_name("item", &"é".repeat(81)).unwrap_err().to_string().contains("81 characters"));
        assert!(validate_name("item", &"é".repeat(80)).is_ok());
        assert!(validate_subscription_url("https://vc.example.com/cls/vcsp/lib/1/lib.json").is_ok());
        assert!(validate_subscription_url("ftp://vc/lib.json").is_err());
        assert!(validate_subscription_url("https:///lib.json").is_err());
    }
}
