//! One content library scenario for both simulated vCenters (ours and govmomi's vcsim): a local library, an
//! item, a file streamed up through an update session, read back through a download session and compared
//! byte for byte, then the item and the library deleted. The transcript must be the same on both.

use app::client::VcSession;
use app::vsphere::models::content::library::item::downloadsession::file::PrepareStatus;
use app::vsphere::models::content::library::item::updatesession::file::{AddSpec, SourceType};
use app::vsphere::models::content::library::item::{DownloadSessionModel, UpdateSessionModel};
use app::vsphere::models::content::library::storage_backing::Type as BackingType;
use app::vsphere::models::content::library::{ItemModel, StorageBacking};
use app::vsphere::models::content::library_model::LibraryType;
use app::vsphere::models::content::LibraryModel;
use futures::StreamExt;
use sha2::Digest;

/// Bytes that are not all alike (a file of zeros would hide an offset bug).
pub fn bytes(n: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

pub fn sha256(b: &[u8]) -> String {
    sha2::Sha256::digest(b).iter().map(|b| format!("{b:02x}")).collect()
}

pub fn library_spec(name: &str, datastore: &str) -> LibraryModel {
    LibraryModel {
        id: None,
        creation_time: None,
        description: Some("Scenario library".into()),
        last_modified_time: None,
        last_sync_time: None,
        name: Some(name.into()),
        storage_backings: Some(vec![StorageBacking { r#type: Some(BackingType::Datastore), datastore_id: Some(datastore.into()), storage_uri: None }]),
        r#type: Some(LibraryType::Local),
        optimization_info: None,
        version: None,
        publish_info: None,
        subscription_info: None,
        server_guid: None,
    }
}

pub fn item_spec(library: &str, name: &str, kind: &str) -> ItemModel {
    ItemModel {
        id: None,
        library_id: Some(library.into()),
        content_version: None,
        creation_time: None,
        description: Some(String::new()),
        last_modified_time: None,
        last_sync_time: None,
        metadata_version: None,
        name: Some(name.into()),
        cached: None,
        size: None,
        r#type: Some(kind.into()),
        version: None,
        source_id: None,
    }
}

pub fn update_spec(item: &str) -> UpdateSessionModel {
    UpdateSessionModel {
        id: None,
        library_item_id: Some(item.into()),
        library_item_content_version: None,
        error_message: None,
        client_progress: None,
        state: None,
        expiration_time: None,
        preview_info: None,
        warning_behavior: None,
    }
}

pub fn download_spec(item: &str) -> DownloadSessionModel {
    DownloadSessionModel { id: None, library_item_id: Some(item.into()), library_item_content_version: None, error_message: None, client_progress: None, state: None, expiration_time: None }
}

/// Uploads `files` (name, bytes) into `item` in one update session, streamed in 64 KB chunks; returns the session.
pub async fn upload(s: &VcSession, item: &str, files: &[(&str, &[u8])]) -> String {
    let session = s.content_library_item_update_session_create(None, &update_spec(item)).await.unwrap();
    for (name, data) in files {
        let info = s
            .content_library_item_updatesession_file_add(
                &session,
                &AddSpec { name: name.to_string(), source_type: SourceType::Push, source_endpoint: None, size: Some(data.len() as i64), checksum_info: None },
            )
            .await
            .unwrap();
        let endpoint = info.upload_endpoint.expect("a PUSH file has an upload endpoint").uri;
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = data.chunks(64 * 1024).map(|c| Ok(c.to_vec())).collect();
        let body = reqwest::Body::wrap_stream(futures::stream::iter(chunks));
        s.upload_file(&endpoint, body, Some(data.len() as u64)).await.unwrap();
    }
    session
}

/// Reads `name` of `item` back through a download session: prepares it, waits for PREPARED, streams it.
pub async fn download(s: &VcSession, item: &str, name: &str) -> Vec<u8> {
    let session = s.content_library_item_download_session_create(None, &download_spec(item)).await.unwrap();
    let mut info = s.content_library_item_downloadsession_file_prepare(&session, name, None).await.unwrap();
    for _ in 0..100 {
        if info.status == PrepareStatus::Prepared {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        info = s.content_library_item_downloadsession_file_get(&session, name).await.unwrap();
    }
    assert_eq!(info.status, PrepareStatus::Prepared, "the file was prepared");
    let res = s.download_file(&info.download_endpoint.expect("a prepared file has an endpoint").uri).await.unwrap();
    let mut out = Vec::new();
    let mut stream = res.bytes_stream();
    while let Some(chunk) = stream.next().await {
        out.extend_from_slice(&chunk.unwrap());
    }
    s.content_library_item_download_session_delete(&session).await.unwrap();
    out
}

/// The scenario; `datastore` is the library's backing (a datastore id of that vCenter).
pub async fn run(s: &VcSession, datastore: &str) -> Vec<String> {
    let mut t = Vec::new();
    let lib = s.content_local_library_create(None, &library_spec("Scenario library", datastore)).await.unwrap();
    t.push(format!("library listed: {}", s.content_library_list().await.unwrap().contains(&lib)));
    let got = s.content_library_get(&lib).await.unwrap();
    t.push(format!("library: {} ({:?})", got.name.unwrap_or_default(), got.r#type));
    let item = s.content_library_item_create(None, &item_spec(&lib, "image", "iso")).await.unwrap();
    t.push(format!("items: {}", s.content_library_item_list(&lib).await.unwrap().len()));
    let data = bytes(3 * 1024 * 1024 + 17, 7);
    let session = upload(s, &item, &[("image.iso", &data)]).await;
    s.content_library_item_update_session_complete(&session).await.unwrap();
    let files = s.content_library_item_file_list(&item).await.unwrap();
    t.push(format!("files: {}", files.iter().map(|f| format!("{} {} bytes", f.name, f.size)).collect::<Vec<_>>().join(", ")));
    let back = download(s, &item, "image.iso").await;
    t.push(format!("read back identical: {}", sha256(&back) == sha256(&data)));
    s.content_library_item_delete(&item).await.unwrap();
    t.push(format!("items after delete: {}", s.content_library_item_list(&lib).await.unwrap().len()));
    s.content_local_library_delete(&lib).await.unwrap();
    t.push(format!("library listed after delete: {}", s.content_library_list().await.unwrap().contains(&lib)));
    t
}

pub const EXPECTED: &[&str] = &[
    "library listed: true",
    "library: Scenario library (Some(Local))",
    "items: 1",
    "files: image.iso 3145745 bytes",
    "read back identical: true",
    "items after delete: 0",
    "library listed after delete: false",
];
