//! `content/*`: content libraries — local and subscribed libraries ([`library`]), their items, files and
//! storage ([`item`]), and the update and download sessions that move the items' bytes ([`transfer`]).
//!
//! The bytes are really kept: each item's files live in a temporary folder of the simulator's own, written as
//! an upload streams in and read back as a download streams out, so an upload read back is byte-identical.
//! A subscribed library subscribes to a library this simulator publishes (its `publish_url`); any other URL is
//! a host the simulated vCenter cannot reach (it contacts no one).

pub mod item;
pub mod library;
pub mod transfer;

use crate::simulator::{SimError, SimState};
use axum::Router;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest library or item name vCenter accepts (its inventory names' limit).
pub const MAX_NAME: usize = 80;

/// How long a transfer session lives without a call or a keep-alive: vCenter's five minutes.
pub const SESSION_IDLE: Duration = Duration::from_secs(5 * 60);

/// A content library.
#[derive(Clone, Debug)]
pub struct Library {
    pub id: String,
    pub name: String,
    pub description: String,
    pub subscribed: bool,
    /// `DATASTORE` with a datastore id, or `OTHER` with a storage URI.
    pub datastore: Option<String>,
    pub storage_uri: Option<String>,
    pub created: String,
    pub modified: String,
    pub last_sync: Option<String>,
    /// Bumped at each change of the library's settings.
    pub version: u64,
    pub published: bool,
    /// The publish password when published with BASIC authentication (user `vcsp`).
    pub publish_password: Option<String>,
    pub subscription: Option<Subscription>,
}

/// A subscribed library's source and settings.
#[derive(Clone, Debug)]
pub struct Subscription {
    pub url: String,
    /// The published library of this simulator that the URL names.
    pub source: String,
    pub on_demand: bool,
    pub automatic_sync: bool,
    pub password: Option<String>,
    pub thumbprint: Option<String>,
}

/// One file of an item.
#[derive(Clone, Debug)]
pub struct File {
    pub name: String,
    pub size: u64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    pub version: u64,
    /// False in a subscribed library until its bytes are synced (on-demand libraries, evicted items).
    pub cached: bool,
}

/// A library item.
#[derive(Clone, Debug)]
pub struct Item {
    pub id: String,
    pub library: String,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub created: String,
    pub modified: String,
    pub last_sync: Option<String>,
    pub content_version: u64,
    pub metadata_version: u64,
    /// In a subscribed library, the published item it mirrors.
    pub source_id: Option<String>,
    pub files: Vec<File>,
}

impl Item {
    pub fn size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }

    pub fn cached(&self) -> bool {
        !self.files.is_empty() && self.files.iter().all(|f| f.cached)
    }
}

/// The content library service's settings (`content/configuration`).
#[derive(Clone, Debug)]
pub struct Configuration {
    pub automatic_sync_enabled: bool,
    pub automatic_sync_start_hour: i64,
    pub automatic_sync_stop_hour: i64,
    pub maximum_concurrent_item_syncs: i64,
}

impl Default for Configuration {
    /// vCenter's defaults: automatic sync on, from 20:00 to 07:00, five items at a time.
    fn default() -> Self {
        Configuration { automatic_sync_enabled: true, automatic_sync_start_hour: 20, automatic_sync_stop_hour: 7, maximum_concurrent_item_syncs: 5 }
    }
}

#[derive(Default)]
pub struct Data {
    /// In creation order.
    pub libraries: Vec<Library>,
    pub items: Vec<Item>,
    pub updates: HashMap<String, transfer::UpdateSession>,
    pub downloads: HashMap<String, transfer::DownloadSession>,
    pub configuration: Configuration,
    /// `client_token` → the id the create it named answered (a retried create makes nothing twice).
    pub tokens: HashMap<String, String>,
    /// VM template items (`vcenter/vm-template/library-items`): the virtual machine each one holds.
    pub templates: HashMap<String, crate::simulator::vcenter::inventory::Vm>,
}

/// The content library service's state and its folder of file bytes.
pub struct Content {
    pub data: Mutex<Data>,
    root: tempfile::TempDir,
    /// How long a transfer session lives without a call (tests shorten it).
    pub idle: Mutex<Duration>,
    /// `host:port` this simulator is reached at (from the requests): the subscription URLs it resolves name it.
    pub host: Mutex<String>,
}

impl Default for Content {
    fn default() -> Self {
        Content {
            data: Mutex::new(Data::default()),
            root: tempfile::Builder::new().prefix("vconsole-sim-content-").tempdir().expect("a temporary folder for content library files"),
            idle: Mutex::new(SESSION_IDLE),
            host: Mutex::new(String::new()),
        }
    }
}

/// A name as one path component inside the simulator's folder: separators and a leading dot replaced, so no
/// file or id (`../x`, `/etc/x`) reaches outside it.
pub fn component(name: &str) -> String {
    let mut out: String = name.chars().map(|c| if c == '/' || c == '\\' || c == '\0' { '_' } else { c }).collect();
    if out.is_empty() || out.starts_with('.') {
        out.insert(0, '_');
    }
    out
}

impl Content {
    /// Where an item's file's bytes are.
    pub fn item_file(&self, item: &str, name: &str) -> PathBuf {
        self.item_dir(item).join(component(name))
    }

    /// Where an update session keeps a file while it is uploaded, before the session completes.
    pub fn session_file(&self, session: &str, name: &str) -> PathBuf {
        self.session_dir(session).join(component(name))
    }

    pub fn session_dir(&self, session: &str) -> PathBuf {
        self.root.path().join("sessions").join(component(session))
    }

    pub fn item_dir(&self, item: &str) -> PathBuf {
        self.root.path().join("items").join(component(item))
    }

    /// Removes what the update sessions `ids` uploaded.
    pub fn forget_sessions(&self, ids: &[String]) {
        for id in ids {
            let _ = std::fs::remove_dir_all(self.session_dir(id));
        }
    }

    /// Sessions idle past their expiration are gone, with what they uploaded (vCenter's sessions expire).
    pub fn expire(&self, d: &mut Data) {
        let now = Instant::now();
        let gone: Vec<String> = d.updates.iter().filter(|(_, s)| s.expires <= now).map(|(id, _)| id.clone()).collect();
        for id in gone {
            d.updates.remove(&id);
            let _ = std::fs::remove_dir_all(self.session_dir(&id));
        }
        d.downloads.retain(|_, s| s.expires > now);
    }

    pub fn deadline(&self) -> Instant {
        Instant::now() + *self.idle.lock().unwrap()
    }
}

pub fn routes() -> Router<SimState> {
    Router::new().merge(library::routes()).merge(item::routes()).merge(transfer::routes())
}

/// Now, as vCenter writes times (`2026-12-01T10:00:00.000Z`).
pub fn now() -> String {
    timestamp(time::OffsetDateTime::now_utc())
}

/// A time as vCenter writes it.
pub fn timestamp(t: time::OffsetDateTime) -> String {
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", t.year(), t.month() as u8, t.day(), t.hour(), t.minute(), t.second(), t.millisecond())
}

/// The request's `~action`.
pub fn action(q: &Option<String>) -> Option<String> {
    query(q, "~action")
}

/// One query parameter of the request.
pub fn query(q: &Option<String>, name: &str) -> Option<String> {
    app::vsphere::rest::Query::parse(q.as_deref().unwrap_or("")).get(name).map(str::to_string)
}

/// `id:abc` path segment → `abc`.
pub fn path_id(seg: &str) -> Result<String, SimError> {
    seg.strip_prefix("id:").map(str::to_string).ok_or_else(|| SimError::no_operation(&format!("path segment '{seg}'")))
}

/// A name as vCenter takes it for a library or an item: not empty, at most [`MAX_NAME`] characters.
pub fn check_name(what: &str, name: &str) -> Result<(), SimError> {
    if name.trim().is_empty() {
        return Err(SimError::invalid_argument("com.vmware.vdcs.cls-main.invalid_name", format!("The {what} name must not be empty."), &[]));
    }
    if name.chars().count() > MAX_NAME {
        return Err(SimError::invalid_argument(
            "com.vmware.vdcs.cls-main.name_too_long",
            format!("The {what} name is longer than {MAX_NAME} characters."),
            &[name],
        ));
    }
    Ok(())
}

/// The address this simulator is reached at, from the request (`http://127.0.0.1:port`).
pub fn base_url(headers: &axum::http::HeaderMap) -> String {
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

/// The fingerprint vCenter shows for the certificate of this simulator's published libraries (SHA-1 form).
pub fn thumbprint(host: &str) -> String {
    use sha2::Digest;
    let d = sha2::Sha256::digest(format!("vconsole simulator certificate {host}").as_bytes());
    d.iter().take(20).map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

/// An OVF descriptor's text: its first MiB at most (a descriptor is kilobytes; a huge file named .ovf is not
/// read whole).
pub fn read_descriptor(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)?.take(1 << 20).read_to_string(&mut text)?;
    Ok(text)
}

/// Hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_name_or_id_reaches_outside_the_folder() {
        let c = Content::default();
        for (id, name) in [("..", "../../etc/passwd"), ("a/../..", "/etc/passwd"), ("", ".."), ("ok", "x\\..\\y"), ("ok", ".hidden")] {
            for p in [c.item_file(id, name), c.session_file(id, name)] {
                assert!(p.starts_with(c.root.path()), "{p:?}");
                assert!(p.components().all(|x| !matches!(x, std::path::Component::ParentDir)), "{p:?}");
                assert_eq!(p.strip_prefix(c.root.path()).unwrap().components().count(), 3, "kind / id / file: {p:?}");
            }
        }
        assert_eq!(component("disk 1.vmdk"), "disk 1.vmdk", "ordinary names are kept");
    }
}
