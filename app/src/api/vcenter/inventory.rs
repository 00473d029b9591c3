//! Inventory server functions over the `vcenter/{vm,host,cluster,datacenter,datastore,network,folder,
//! resource-pool}` lists and gets: one list call per page with the user's filters, the Tags column from one
//! `list_attached_tags_on_objects` call, and vCenter's list caps turned into advice instead of an error.

use crate::api::cis::tagging::TagRef;
use crate::error::AppError;
use crate::vsphere::inventory::{InventoryKind, InventoryRow, ListFilter};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Choices for the filter form: (id, name).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FilterOptions {
    pub datacenters: Vec<(String, String)>,
    pub clusters: Vec<(String, String)>,
    pub hosts: Vec<(String, String)>,
    pub folders: Vec<(String, String)>,
    pub resource_pools: Vec<(String, String)>,
}

/// How a list is shown: sorted by a column (`name` or a detail's heading), one page of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListView {
    pub sort: String,
    pub desc: bool,
    /// From 1.
    pub page: usize,
    pub per: usize,
}

impl Default for ListView {
    fn default() -> Self {
        ListView { sort: "name".into(), desc: false, page: 1, per: 100 }
    }
}

/// Rows a page may show: small pages stay light (a row is about a kilobyte of HTML).
pub const PAGE_SIZES: [usize; 4] = [50, 100, 250, 500];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InventoryPage {
    pub kind: InventoryKind,
    /// This page of the list, sorted.
    pub rows: Vec<InventoryRow>,
    /// How many objects vCenter returned before the "name contains" search.
    pub matched: usize,
    /// How many match the search (every page).
    pub total: usize,
    /// The sort and page shown (the page clamped to the last one).
    pub view: ListView,
    /// The list was longer than vCenter lists at once, so it was read host by host (`calls` lists); the names
    /// were read `age_seconds` ago and are kept a minute.
    pub split: Option<SplitListing>,
    /// Tags per object id (same order as `rows`).
    pub tags: Vec<Vec<TagRef>>,
    /// Every tag (a tag page's own is found here).
    pub all_tags: Vec<TagRef>,
    /// The tags the bulk bar offers: those whose category may be attached to this list's kind of object.
    pub offered_tags: Vec<TagRef>,
    /// Why the tags could not be read, if they could not.
    pub tags_error: Option<AppError>,
    /// The list cap was hit: what to do about it.
    pub too_many: Option<String>,
    /// This vCenter has no inventory lists (vcsim).
    pub unavailable: bool,
    pub options: FilterOptions,
}

/// A list read in parts past vCenter's cap (see [`InventoryPage::split`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SplitListing {
    pub calls: usize,
    pub age_seconds: u64,
}

/// What a column sorts by: a size (`4 GiB`) by bytes, a number by value, anything else by its words.
#[derive(Clone, Debug, PartialEq, PartialOrd)]
pub enum SortKey {
    Number(f64),
    Text(String),
}

pub fn sort_key(value: &str) -> SortKey {
    let v = value.trim();
    let (number, unit) = v.split_once(' ').unwrap_or((v, ""));
    let scale = match unit {
        "" | "B" => Some(1.0),
        "KiB" => Some(1024.0),
        "MiB" => Some(1024.0 * 1024.0),
        "GiB" => Some(1024.0 * 1024.0 * 1024.0),
        "TiB" => Some(1024.0 * 1024.0 * 1024.0 * 1024.0),
        "PiB" => Some(1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0),
        _ => None,
    };
    match (number.parse::<f64>(), scale) {
        (Ok(n), Some(s)) => SortKey::Number(n * s),
        _ => SortKey::Text(v.to_lowercase()),
    }
}

/// Sorts rows by `view.sort` (the name, or the detail of that heading; the name breaks ties) and cuts out
/// the page asked for (clamped to the last). Returns the page and the view as shown.
pub fn sort_and_page(rows: Vec<InventoryRow>, view: &ListView) -> (Vec<InventoryRow>, ListView) {
    // Each row's keys once (a 10,000-row sort compares about 130,000 times).
    let mut keyed: Vec<(SortKey, String, InventoryRow)> = rows
        .into_iter()
        .map(|r| {
            let name = r.name.to_lowercase();
            let column = if view.sort == "name" {
                SortKey::Text(name.clone())
            } else {
                r.details.iter().find(|(h, _)| *h == view.sort).map(|(_, v)| sort_key(v)).unwrap_or(SortKey::Text(String::new()))
            };
            (column, name, r)
        })
        .collect();
    keyed.sort_by(|(a, an, _), (b, bn, _)| {
        let by = a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal);
        let by = if view.desc { by.reverse() } else { by };
        by.then_with(|| an.cmp(bn))
    });
    let rows: Vec<InventoryRow> = keyed.into_iter().map(|(_, _, r)| r).collect();
    let per = if PAGE_SIZES.contains(&view.per) { view.per } else { ListView::default().per };
    let pages = rows.len().div_ceil(per).max(1);
    let page = view.page.clamp(1, pages);
    let rows: Vec<InventoryRow> = rows.into_iter().skip((page - 1) * per).take(per).collect();
    (rows, ListView { sort: view.sort.clone(), desc: view.desc, page, per })
}

/// One object's page: what the inventory says about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ObjectDetail {
    pub object_type: String,
    pub id: String,
    pub kind: Option<InventoryKind>,
    pub name: Option<String>,
    pub fields: Vec<(String, String)>,
    /// A VM's power state (`POWERED_ON` …), for its power actions.
    pub power: Option<String>,
    /// Where the object sits and what it holds: a VM's host, cluster, datastores, networks and guest (VMware
    /// Tools, IP address); a host's cluster and VMs; a cluster's hosts and VMs. Each links to its page or list.
    pub context: Vec<ContextItem>,
    /// Set when the inventory cannot be read on this vCenter or does not know the object.
    pub note: Option<String>,
}

/// One line of an object's context: a label, its value, and the page or list it leads to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContextItem {
    pub label: String,
    pub value: String,
    pub href: Option<String>,
}

#[cfg(feature = "ssr")]
impl ContextItem {
    fn new(label: &str, value: impl Into<String>, href: Option<String>) -> Self {
        ContextItem { label: label.into(), value: value.into(), href }
    }
}

/// The datastore a VMDK path (`[datastore1] web-001/web-001.vmdk`) lives on.
pub fn datastore_of(vmdk_path: &str) -> Option<&str> {
    let rest = vmdk_path.trim_start().strip_prefix('[')?;
    let name = &rest[..rest.find(']')?];
    (!name.trim().is_empty()).then(|| name.trim())
}

/// `1.5 TiB`, `512 MiB`.
pub fn human_bytes(n: i64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 || v >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0} {}", UNITS[u])
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// `POWERED_ON` → `Powered on`.
pub fn words(s: &str) -> String {
    let lower = s.replace('_', " ").to_lowercase();
    let mut c = lower.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(feature = "ssr")]
fn yes_no(b: bool) -> String {
    if b { "Enabled" } else { "Disabled" }.into()
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::client::VcSession;
    use crate::error::VapiErrorKind;
    use crate::vsphere::rest::encode_component;

    /// One list call, as rows.
    pub async fn list_rows(vc: &VcSession, kind: InventoryKind, f: &ListFilter) -> Result<Vec<InventoryRow>, AppError> {
        let row = |id: String, name: String, object_type: &str, details: Vec<(&str, String)>| InventoryRow {
            id,
            name,
            object_type: object_type.to_string(),
            details: details.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        };
        let t = kind.object_type(None);
        Ok(match kind {
            InventoryKind::Vm => vc
                .vm_list(f)
                .await?
                .into_iter()
                .map(|v| {
                    let details = vec![
                        ("Power", words(v.power_state.as_str())),
                        ("CPUs", v.cpu_count.map(|c| c.to_string()).unwrap_or_default()),
                        ("Memory", v.memory_size_mib.map(|m| human_bytes(m << 20)).unwrap_or_default()),
                    ];
                    row(v.vm, v.name, t, details)
                })
                .collect(),
            InventoryKind::Host => vc
                .host_list(f)
                .await?
                .into_iter()
                .map(|h| {
                    let details = vec![("Connection", words(h.connection_state.as_str())), ("Power", h.power_state.map(|p| words(p.as_str())).unwrap_or_else(|| "Unknown".into()))];
                    row(h.host, h.name, t, details)
                })
                .collect(),
            InventoryKind::Cluster => vc
                .cluster_list(f)
                .await?
                .into_iter()
                .map(|c| row(c.cluster, c.name, t, vec![("vSphere HA", yes_no(c.ha_enabled)), ("DRS", yes_no(c.drs_enabled))]))
                .collect(),
            InventoryKind::Datacenter => vc.datacenter_list(f).await?.into_iter().map(|d| row(d.datacenter, d.name, t, vec![])).collect(),
            InventoryKind::Datastore => vc
                .datastore_list(f)
                .await?
                .into_iter()
                .map(|d| {
                    let details = vec![
                        ("Type", d.r#type.as_str().to_string()),
                        ("Capacity", d.capacity.map(human_bytes).unwrap_or_default()),
                        ("Free", d.free_space.map(human_bytes).unwrap_or_default()),
                    ];
                    row(d.datastore, d.name, t, details)
                })
                .collect(),
            InventoryKind::Network => vc
                .network_list(f)
                .await?
                .into_iter()
                .map(|n| {
                    let ty = kind.object_type(Some(n.r#type.as_str()));
                    row(n.network, n.name, ty, vec![("Type", words(n.r#type.as_str()))])
                })
                .collect(),
            InventoryKind::Folder => vc.folder_list(f).await?.into_iter().map(|x| row(x.folder, x.name, t, vec![("Holds", words(x.r#type.as_str()))])).collect(),
            InventoryKind::ResourcePool => vc.resource_pool_list(f).await?.into_iter().map(|p| row(p.resource_pool, p.name, t, vec![])).collect(),
        })
    }

    /// The user's session is gone (the console's or vCenter's): the page must send them to log in, not show
    /// what it could read without it.
    pub fn session_lost(e: &AppError) -> bool {
        matches!(e, AppError::NotLoggedIn { .. }) || e.is(VapiErrorKind::Unauthenticated)
    }

    fn is_cap(e: &AppError) -> bool {
        e.kind().is_some_and(|k| k.as_str() == "unable_to_allocate_resource")
    }

    /// A vCenter without the inventory lists (vcsim answers 404).
    pub fn is_unavailable(e: &AppError) -> bool {
        e.is(VapiErrorKind::NotFound)
    }

    async fn options(vc: &VcSession, kind: InventoryKind) -> FilterOptions {
        use crate::vsphere::inventory::FilterField as F;
        let wants = |f: F| kind.filters().contains(&f);
        let pairs = |rows: Result<Vec<InventoryRow>, AppError>| rows.map(|r| r.into_iter().map(|r| (r.id, r.name)).collect::<Vec<_>>()).unwrap_or_default();
        let folder_type = match kind {
            InventoryKind::Vm => Some("VIRTUAL_MACHINE"),
            InventoryKind::Host | InventoryKind::Cluster => Some("HOST"),
            InventoryKind::Datastore => Some("DATASTORE"),
            InventoryKind::Network => Some("NETWORK"),
            InventoryKind::Datacenter => Some("DATACENTER"),
            _ => None,
        };
        let empty = || async { Ok(Vec::new()) };
        let (dcs, clusters, hosts, folders, pools) = tokio::join!(
            async { if wants(F::Datacenters) { list_rows(vc, InventoryKind::Datacenter, &ListFilter::default()).await } else { empty().await } },
            async { if wants(F::Clusters) { list_rows(vc, InventoryKind::Cluster, &ListFilter::default()).await } else { empty().await } },
            async { if wants(F::Hosts) { list_rows(vc, InventoryKind::Host, &ListFilter::default()).await } else { empty().await } },
            async {
                match folder_type.filter(|_| wants(F::Folders)) {
                    Some(t) => list_rows(vc, InventoryKind::Folder, &ListFilter { states: vec![t.into()], ..Default::default() }).await,
                    None => empty().await,
                }
            },
            async { if wants(F::ResourcePools) { list_rows(vc, InventoryKind::ResourcePool, &ListFilter::default()).await } else { empty().await } },
        );
        FilterOptions { datacenters: pairs(dcs), clusters: pairs(clusters), hosts: pairs(hosts), folders: pairs(folders), resource_pools: pairs(pools) }
    }

    /// Lists read host by host, kept a minute per vCenter session and filter: a search typed again, another
    /// page or another sort costs no list call.
    type Index = std::collections::HashMap<String, (std::time::Instant, std::sync::Arc<Vec<InventoryRow>>, usize)>;
    static INDEX: std::sync::LazyLock<std::sync::Mutex<Index>> = std::sync::LazyLock::new(Default::default);
    const INDEX_TTL: std::time::Duration = std::time::Duration::from_secs(60);

    /// The VMs of `filter` past vCenter's cap: the hosts the filter allows, then the VMs of each host (each list
    /// under the cap), at most four lists at a time. None when a part is itself over the cap.
    async fn vms_by_host(vc: &VcSession, filter: &ListFilter) -> Result<Option<(std::sync::Arc<Vec<InventoryRow>>, usize, u64)>, AppError> {
        use futures::stream::{StreamExt, TryStreamExt};
        use sha2::Digest;
        let key = format!(
            "{:x}|{}",
            sha2::Sha256::digest(vc.id().expose().as_bytes()),
            serde_json::to_string(filter).unwrap_or_default()
        );
        {
            let mut index = INDEX.lock().unwrap_or_else(|p| p.into_inner());
            index.retain(|_, (at, _, _)| at.elapsed() < INDEX_TTL);
            if let Some((at, rows, calls)) = index.get(&key) {
                return Ok(Some((rows.clone(), *calls, at.elapsed().as_secs())));
            }
        }
        let hosts = if filter.hosts.is_empty() {
            let of = ListFilter { datacenters: filter.datacenters.clone(), clusters: filter.clusters.clone(), ..Default::default() };
            list_rows(vc, InventoryKind::Host, &of).await?.into_iter().map(|h| h.id).collect()
        } else {
            filter.hosts.clone()
        };
        let calls = hosts.len() + usize::from(filter.hosts.is_empty());
        let parts: Vec<Result<Vec<InventoryRow>, AppError>> = futures::stream::iter(hosts.into_iter().map(|h| {
            let one = ListFilter { hosts: vec![h], ..filter.clone() };
            async move { list_rows(vc, InventoryKind::Vm, &one).await }
        }))
        .buffered(4)
        .collect()
        .await;
        if parts.iter().any(|p| p.as_ref().err().is_some_and(is_cap)) {
            return Ok(None);
        }
        let rows: Vec<InventoryRow> = futures::stream::iter(parts).try_concat().await?;
        let rows = std::sync::Arc::new(rows);
        INDEX.lock().unwrap_or_else(|p| p.into_inner()).insert(key, (std::time::Instant::now(), rows.clone(), calls));
        Ok(Some((rows, calls, 0)))
    }

    pub async fn page(vc: &VcSession, kind: InventoryKind, filter: ListFilter, contains: String, view: ListView) -> Result<InventoryPage, AppError> {
        let contains = contains.trim().to_string();
        let (listed, options) = tokio::join!(list_rows(vc, kind, &filter), options(vc, kind));
        let mut too_many = None;
        let mut split = None;
        let rows = match listed {
            Ok(rows) => rows,
            Err(e) if is_unavailable(&e) => {
                let view = ListView::default();
                return Ok(InventoryPage { kind, rows: vec![], matched: 0, total: 0, view, split: None, tags: vec![], all_tags: vec![], offered_tags: vec![], tags_error: None, too_many: None, unavailable: true, options });
            }
            Err(e) if is_cap(&e) => {
                // Past the cap a VM list is read host by host; anything else (or a host over the cap itself) needs
                // narrowing, and a name is then looked up as an exact name.
                let by_host = if kind == InventoryKind::Vm { vms_by_host(vc, &filter).await? } else { None };
                match by_host {
                    Some((rows, calls, age_seconds)) => {
                        split = Some(SplitListing { calls, age_seconds });
                        rows.as_ref().clone()
                    }
                    None => {
                        let cap = kind.cap();
                        let plural = kind.plural().to_lowercase();
                        too_many = Some(format!(
                            "More than {cap} {plural} match, and vCenter lists at most {cap} at a time. Narrow the list with the filters{}.",
                            if contains.is_empty() { " or an exact name" } else { "; the name below was looked up as an exact name" }
                        ));
                        if contains.is_empty() {
                            Vec::new()
                        } else {
                            list_rows(vc, kind, &ListFilter { names: vec![contains.clone()], ..filter.clone() }).await?
                        }
                    }
                }
            }
            Err(e) => return Err(e),
        };
        let matched = rows.len();
        let needle = contains.to_lowercase();
        let rows: Vec<InventoryRow> = rows.into_iter().filter(|r| needle.is_empty() || r.name.to_lowercase().contains(&needle)).collect();
        let total = rows.len();
        let (rows, view) = sort_and_page(rows, &view);
        let rows = if kind == InventoryKind::Vm { guests(vc, placed(vc, rows, &filter, &options).await?).await? } else { rows };
        let objects: Vec<_> = rows.iter().map(|r| crate::vsphere::models::vapi::std::DynamicId { r#type: r.object_type.clone(), id: r.id.clone() }).collect();
        let (on_objects, overview) = tokio::join!(vc.objects_attached_tags(&objects), crate::api::cis::tagging::ssr::overview(vc));
        let (tags, (all_tags, offered_tags), tags_error) = match (on_objects, overview) {
            (Ok(on), Ok(o)) => {
                let tags = objects
                    .iter()
                    .map(|obj| {
                        on.iter()
                            .find(|x| &x.object_id == obj)
                            .map(|x| x.tag_ids.iter().map(|t| crate::api::cis::tagging::ssr::tag_ref(&o, t)).collect())
                            .unwrap_or_default()
                    })
                    .collect();
                // The bulk bar offers only tags of categories that may be attached to this list's objects (no
                // associable types: any object).
                let types: std::collections::HashSet<&str> = rows.iter().map(|r| r.object_type.as_str()).collect();
                let takes = |c: &crate::vsphere::models::cis::tagging::CategoryModel| {
                    c.associable_types.is_empty() || c.associable_types.iter().any(|t| types.contains(t.as_str()))
                };
                let all: Vec<(bool, TagRef)> = o
                    .categories
                    .iter()
                    .flat_map(|c| c.tags.iter().map(|t| (takes(&c.category), TagRef { id: t.id.clone(), name: t.name.clone(), category: c.category.name.clone() })))
                    .collect();
                let offered = all.iter().filter(|(ok, _)| *ok).map(|(_, t)| t.clone()).collect();
                let all = (all.into_iter().map(|(_, t)| t).collect(), offered);
                (tags, all, None)
            }
            (Err(e), _) | (_, Err(e)) => {
                if session_lost(&e) {
                    return Err(e);
                }
                (vec![Vec::new(); rows.len()], (Vec::new(), Vec::new()), Some(e))
            }
        };
        Ok(InventoryPage { kind, rows, matched, total, view, split, tags, all_tags, offered_tags, tags_error, too_many, unavailable: false, options })
    }

    /// Guest OSes seen, per vCenter session and VM, for ten minutes: a VM's guest OS is set when it is made and
    /// seldom changed, and the list would otherwise get every VM of the page again at each visit.
    type Guests = std::collections::HashMap<(String, String), (std::time::Instant, String)>;
    static GUESTS: std::sync::LazyLock<std::sync::Mutex<Guests>> = std::sync::LazyLock::new(Default::default);
    const GUESTS_TTL: std::time::Duration = std::time::Duration::from_secs(600);

    /// Each VM's guest OS, as a column after Power. The 6.7 list does not tell it: each VM of the page not seen
    /// in the last ten minutes is read (its get), eight at a time. A VM that cannot be read shows a dash; a lost
    /// session is the page's error.
    async fn guests(vc: &VcSession, mut rows: Vec<InventoryRow>) -> Result<Vec<InventoryRow>, AppError> {
        use futures::stream::StreamExt;
        use sha2::Digest;
        let session = format!("{:x}", sha2::Sha256::digest(vc.id().expose().as_bytes()));
        let known: std::collections::HashMap<String, String> = {
            let mut cache = GUESTS.lock().unwrap_or_else(|p| p.into_inner());
            cache.retain(|_, (at, _)| at.elapsed() < GUESTS_TTL);
            rows.iter().filter_map(|r| cache.get(&(session.clone(), r.id.clone())).map(|(_, g)| (r.id.clone(), g.clone()))).collect()
        };
        let missing: Vec<String> = rows.iter().map(|r| r.id.clone()).filter(|id| !known.contains_key(id)).collect();
        let read: Vec<(String, Result<String, AppError>)> = futures::stream::iter(missing.into_iter().map(|id| async move {
            let guest = vc.vcenter_vm_get(&id).await.map(|v| crate::api::vcenter::vm::lifecycle::guest_os_words(v.guest_os.as_str()));
            (id, guest)
        }))
        .buffered(8)
        .collect()
        .await;
        if let Some(e) = read.iter().find_map(|(_, r)| r.as_ref().err().filter(|e| session_lost(e))) {
            return Err(e.clone());
        }
        let mut cache = GUESTS.lock().unwrap_or_else(|p| p.into_inner());
        let mut found = known;
        for (id, guest) in read {
            if let Ok(g) = guest {
                cache.insert((session.clone(), id.clone()), (std::time::Instant::now(), g.clone()));
                found.insert(id, g);
            }
        }
        for r in &mut rows {
            let at = r.details.iter().position(|(k, _)| k == "Power").map_or(0, |i| i + 1);
            r.details.insert(at, ("Guest OS".into(), found.get(&r.id).cloned().unwrap_or_else(|| "—".into())));
        }
        Ok(rows)
    }

    /// Each VM's host and cluster, as two more columns. The 6.7 list tells neither, so the page's VMs are listed
    /// once per host and once per cluster (`filter.vms` with one host or cluster each): as many calls as hosts
    /// and clusters, four at a time, none when the filter already names the one host or cluster. A refusal
    /// (other than a lost session) leaves the columns out.
    async fn placed(vc: &VcSession, mut rows: Vec<InventoryRow>, filter: &ListFilter, options: &FilterOptions) -> Result<Vec<InventoryRow>, AppError> {
        use futures::stream::{StreamExt, TryStreamExt};
        if rows.is_empty() {
            return Ok(rows);
        }
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let named = |list: &[(String, String)], only: &[String]| -> Vec<(String, String)> {
            list.iter().filter(|(id, _)| only.is_empty() || only.contains(id)).cloned().collect()
        };
        let (hosts, clusters) = (named(&options.hosts, &filter.hosts), named(&options.clusters, &filter.clusters));
        let lookups = hosts
            .iter()
            .map(|(id, name)| (true, name.clone(), ListFilter { ids: ids.clone(), hosts: vec![id.clone()], ..Default::default() }))
            .chain(clusters.iter().map(|(id, name)| (false, name.clone(), ListFilter { ids: ids.clone(), clusters: vec![id.clone()], ..Default::default() })))
            // The filter names one host (or cluster): every VM of the page is on it, no call needed.
            .filter(|(is_host, _, _)| if *is_host { filter.hosts.len() != 1 } else { filter.clusters.len() != 1 })
            .collect::<Vec<_>>();
        let found: Result<Vec<(bool, String, Vec<String>)>, AppError> = futures::stream::iter(lookups.into_iter().map(|(is_host, name, f)| async move {
            vc.vm_list(&f).await.map(|vms| (is_host, name, vms.into_iter().map(|v| v.vm).collect::<Vec<_>>()))
        }))
        .buffered(4)
        .try_collect()
        .await;
        let found = match found {
            Ok(f) => f,
            Err(e) if session_lost(&e) => return Err(e),
            Err(_) => return Ok(rows),
        };
        for r in rows.iter_mut() {
            let on = |is_host: bool, fixed: bool, only: &[(String, String)]| match only {
                [(_, name)] if fixed => Some(name.clone()),
                _ => found.iter().find(|(h, _, vms)| *h == is_host && vms.contains(&r.id)).map(|(_, n, _)| n.clone()),
            };
            let host = on(true, filter.hosts.len() == 1, &hosts).unwrap_or_else(|| "Unknown".into());
            let cluster = on(false, filter.clusters.len() == 1, &clusters).unwrap_or_else(|| "None (standalone host)".into());
            r.details.push(("Host".into(), host));
            r.details.push(("Cluster".into(), cluster));
        }
        Ok(rows)
    }

    /// Which of `candidates` holds the object: `holds(subset)` asks vCenter whether one of the subset does
    /// (a list filtered by the object and the subset). The 6.7 API has no "where is it" call, so the
    /// candidates are halved: about log2(n) + 1 list calls.
    async fn which_holds<F, Fut>(mut candidates: Vec<String>, holds: F) -> Result<Option<String>, AppError>
    where
        F: Fn(Vec<String>) -> Fut,
        Fut: std::future::Future<Output = Result<bool, AppError>>,
    {
        if candidates.is_empty() || !holds(candidates.clone()).await? {
            return Ok(None);
        }
        while candidates.len() > 1 {
            let second = candidates.split_off(candidates.len() / 2);
            if !holds(candidates.clone()).await? {
                candidates = second;
            }
        }
        Ok(candidates.pop())
    }

    /// Which of `named` (id, name) holds the object, as a context line leading to it; `none` when none does.
    async fn holder<F, Fut>(label: &str, kind: InventoryKind, named: Vec<(String, String)>, none: &str, holds: F) -> Result<ContextItem, AppError>
    where
        F: Fn(Vec<String>) -> Fut,
        Fut: std::future::Future<Output = Result<bool, AppError>>,
    {
        let found = which_holds(named.iter().map(|(id, _)| id.clone()).collect(), holds).await?;
        Ok(match found.and_then(|f| named.into_iter().find(|(id, _)| *id == f)) {
            Some((id, name)) => ContextItem::new(label, name, object_link(kind, &id)),
            None => ContextItem::new(label, none, None),
        })
    }

    fn object_link(kind: InventoryKind, id: &str) -> Option<String> {
        Some(crate::components::inventory::object_href(kind.object_type(None), id))
    }

    /// "How many VMs": a count, or "more than 4,000" past vCenter's cap, linking to the list so filtered.
    async fn vm_count(vc: &VcSession, within: &ListFilter, href: String) -> Result<ContextItem, AppError> {
        let on = ListFilter { states: vec!["POWERED_ON".into()], ..within.clone() };
        let value = match vc.vm_list(within).await {
            Ok(all) => match vc.vm_list(&on).await {
                Ok(on) => format!("{} ({} powered on)", all.len(), on.len()),
                Err(e) if is_cap(&e) => format!("{} (more than 4,000 powered on)", all.len()),
                Err(e) => return Err(e),
            },
            Err(e) if is_cap(&e) => "More than 4,000".to_string(),
            Err(e) => return Err(e),
        };
        Ok(ContextItem::new("Virtual machines", value, Some(href)))
    }

    /// A VM's host and cluster (found by halving the lists), its datastores (from its disks' files), its
    /// networks (from its adapters) and what VMware Tools report of the guest.
    async fn vm_context(vc: &VcSession, id: &str, v: &crate::vsphere::models::vcenter::vm::Info) -> Result<Vec<ContextItem>, AppError> {
        let mut items = Vec::new();
        let this = |f: ListFilter| ListFilter { ids: vec![id.to_string()], ..f };
        let hosts = vc.host_list(&ListFilter::default()).await?.into_iter().map(|h| (h.host, h.name)).collect();
        items.push(
            holder("Host", InventoryKind::Host, hosts, "Unknown", |hs| async move {
                Ok(!vc.vm_list(&this(ListFilter { hosts: hs, ..Default::default() })).await?.is_empty())
            })
            .await?,
        );
        let clusters = vc.cluster_list(&ListFilter::default()).await?.into_iter().map(|c| (c.cluster, c.name)).collect();
        items.push(
            holder("Cluster", InventoryKind::Cluster, clusters, "None (a standalone host)", |cs| async move {
                Ok(!vc.vm_list(&this(ListFilter { clusters: cs, ..Default::default() })).await?.is_empty())
            })
            .await?,
        );
        let mut stores: Vec<String> = v.disks.iter().filter_map(|(_, d)| d.backing.vmdk_file.as_deref().and_then(datastore_of).map(str::to_string)).collect();
        // Disks on one datastore need not be next to each other: sort, then drop the repeats.
        stores.sort();
        stores.dedup();
        if !stores.is_empty() {
            let known = vc.datastore_list(&ListFilter { names: stores.clone(), ..Default::default() }).await?;
            for name in stores {
                let href = known.iter().find(|d| d.name == name).and_then(|d| object_link(InventoryKind::Datastore, &d.datastore));
                items.push(ContextItem::new("Datastore", name, href));
            }
        }
        for (_, n) in v.nics.iter() {
            let Some(net) = n.backing.network.clone() else { continue };
            let object_type = InventoryKind::Network.object_type(Some(n.backing.r#type.as_str()));
            let href = Some(crate::components::inventory::object_href(object_type, &net));
            items.push(ContextItem::new("Network", n.backing.network_name.clone().unwrap_or(net), href));
        }
        match vc.vcenter_vm_guest_identity_get(id).await {
            Ok(g) => {
                items.push(ContextItem::new("VMware Tools", "Running", None));
                items.push(ContextItem::new("IP address", g.ip_address.unwrap_or_else(|| "None reported".into()), None));
                items.push(ContextItem::new("Guest host name", g.host_name, None));
                items.push(ContextItem::new("Guest OS (as the guest reports it)", g.full_name.default_message, None));
            }
            // The documented answer when Tools do not run; the guest's own view is then unknown.
            Err(e) if e.is(VapiErrorKind::ServiceUnavailable) => {
                let why = if v.power_state.as_str() == "POWERED_ON" { "Not running" } else { "Not running (the VM is not powered on)" };
                items.push(ContextItem::new("VMware Tools", why, None));
                items.push(ContextItem::new("IP address", "Unknown without VMware Tools", None));
            }
            Err(e) if session_lost(&e) => return Err(e),
            // Another refusal (a missing privilege, a vCenter without this call) leaves the rest of the page.
            Err(e) => items.push(ContextItem::new("VMware Tools", format!("Unknown: {e}"), None)),
        }
        Ok(items)
    }

    /// A host's cluster and its VMs. (The 6.7 API does not give a host's ESXi version.)
    async fn host_context(vc: &VcSession, id: &str) -> Result<Vec<ContextItem>, AppError> {
        let clusters = vc.cluster_list(&ListFilter::default()).await?.into_iter().map(|c| (c.cluster, c.name)).collect();
        let cluster = holder("Cluster", InventoryKind::Cluster, clusters, "None (a standalone host)", |cs| async move {
            Ok(!vc.host_list(&ListFilter { ids: vec![id.to_string()], clusters: cs, ..Default::default() }).await?.is_empty())
        })
        .await?;
        let within = ListFilter { hosts: vec![id.to_string()], ..Default::default() };
        Ok(vec![cluster, vm_count(vc, &within, format!("/inventory/vm?host={}", encode_component(id))).await?])
    }

    pub async fn object(vc: &VcSession, object_type: String, id: String) -> Result<ObjectDetail, AppError> {
        let kind = InventoryKind::of_object_type(&object_type);
        let mut detail = ObjectDetail { object_type, id: id.clone(), kind, name: None, fields: vec![], power: None, context: vec![], note: None };
        let Some(kind) = kind else {
            detail.note = Some("The console has no inventory view of this object type.".into());
            return Ok(detail);
        };
        let f = |k: &str, v: String| (k.to_string(), v);
        let got: Result<(), AppError> = async {
            match kind {
                InventoryKind::Vm => {
                    let v = vc.vcenter_vm_get(&id).await?;
                    detail.name = Some(v.name.clone());
                    detail.fields = vec![
                        f("Power", words(v.power_state.as_str())),
                        f("Guest OS", crate::api::vcenter::vm::lifecycle::guest_os_words(v.guest_os.as_str())),
                        f("CPUs", format!("{} ({} per socket)", v.cpu.count, v.cpu.cores_per_socket)),
                        f("Memory", human_bytes(v.memory.size_mib << 20)),
                        f("Hardware version", v.hardware.version.as_str().replace("VMX_", "")),
                        f("Boot", v.boot.r#type.as_str().to_string()),
                        f("Disks", v.disks.iter().map(|(_, d)| format!("{} ({})", d.label, d.capacity.map(human_bytes).unwrap_or_default())).collect::<Vec<_>>().join(", ")),
                        f("Network adapters", v.nics.iter().map(|(_, n)| format!("{} on {}", n.label, n.backing.network_name.clone().or(n.backing.network.clone()).unwrap_or_default())).collect::<Vec<_>>().join(", ")),
                    ];
                    detail.power = Some(v.power_state.as_str().to_string());
                    detail.context = vm_context(vc, &id, &v).await?;
                }
                InventoryKind::Cluster => {
                    let c = vc.vcenter_cluster_get(&id).await?;
                    detail.name = Some(c.name);
                    detail.fields = vec![f("Root resource pool", c.resource_pool)];
                    let within = ListFilter { clusters: vec![id.clone()], ..Default::default() };
                    let hosts = vc.host_list(&within).await?.len();
                    detail.context = vec![
                        ContextItem::new("Hosts", hosts.to_string(), Some(format!("/inventory/host?cluster={}", encode_component(&id)))),
                        vm_count(vc, &within, format!("/inventory/vm?cluster={}", encode_component(&id))).await?,
                    ];
                }
                InventoryKind::Datacenter => {
                    let d = vc.vcenter_datacenter_get(&id).await?;
                    detail.name = Some(d.name);
                    detail.fields = vec![f("VM folder", d.vm_folder), f("Host folder", d.host_folder), f("Datastore folder", d.datastore_folder), f("Network folder", d.network_folder)];
                }
                InventoryKind::Datastore => {
                    let d = vc.vcenter_datastore_get(&id).await?;
                    detail.name = Some(d.name);
                    detail.fields = vec![
                        f("Type", d.r#type.as_str().to_string()),
                        f("Accessible", if d.accessible { "Yes" } else { "No" }.into()),
                        f("Free", d.free_space.map(human_bytes).unwrap_or_default()),
                        f("Shared by hosts", if d.multiple_host_access { "Yes" } else { "No" }.into()),
                        f("Thin provisioning", if d.thin_provisioning_supported { "Supported" } else { "Not supported" }.into()),
                    ];
                    let policy = match vc.datastore_default_policy(&id).await {
                        Ok(None) => "None".to_string(),
                        Ok(Some(p)) => match vc.vcenter_storage_policies_list(&[p.clone()]).await {
                            Ok(found) => found.into_iter().next().map(|x| x.name).unwrap_or(p),
                            Err(_) => p,
                        },
                        Err(e) if session_lost(&e) => return Err(e),
                        Err(e) => format!("Unknown: {e}"),
                    };
                    detail.fields.push(f("Default storage policy", policy));
                }
                InventoryKind::ResourcePool => {
                    let p = vc.vcenter_resource_pool_get(&id).await?;
                    detail.name = Some(p.name);
                    detail.fields = vec![f("Child pools", p.resource_pools.len().to_string())];
                }
                InventoryKind::Host | InventoryKind::Network | InventoryKind::Folder => {
                    let rows = list_rows(vc, kind, &ListFilter::ids(vec![id.clone()])).await?;
                    let row = rows.into_iter().next().ok_or_else(|| AppError::vapi(VapiErrorKind::NotFound, vec![]))?;
                    detail.name = Some(row.name);
                    detail.fields = row.details;
                    if kind == InventoryKind::Host {
                        detail.context = host_context(vc, &id).await?;
                    }
                }
            }
            Ok(())
        }
        .await;
        match got {
            Ok(()) => {}
            Err(e) if session_lost(&e) => return Err(e),
            Err(e) if is_unavailable(&e) => detail.note = Some("This vCenter does not list this object: its tags are shown by id.".into()),
            Err(e) => detail.note = Some(e.to_string()),
        }
        Ok(detail)
    }
}

#[server(prefix = "/api", endpoint = "vcenter/inventory", input = leptos::server_fn::codec::Json)]
pub async fn get_inventory(kind: String, filter: ListFilter, contains: String, view: ListView) -> Result<InventoryPage, AppError> {
    let kind = InventoryKind::from_slug(&kind).ok_or_else(|| AppError::invalid("kind", format!("'{kind}' is not an inventory list.")))?;
    crate::api::ssr::with_vc(|vc| async move { ssr::page(&vc, kind, filter, contains, view).await }).await
}

/// Datastores or networks by id (`vcenter/inventory/datastore` / `network` find): each id with its vSphere type,
/// in the order given. vCenter refuses the whole request (`not_found`) when any id is unknown.
#[server(prefix = "/api", endpoint = "vcenter/inventory/find")]
pub async fn find_objects(kind: String, ids: String) -> Result<Vec<(String, String)>, AppError> {
    let ids = crate::validate::split_list(&ids);
    if ids.is_empty() {
        return Err(AppError::invalid("find", "Enter one or more ids, such as datastore-60."));
    }
    crate::api::ssr::with_vc(|vc| async move {
        let found: Vec<(String, String)> = match kind.as_str() {
            "datastore" => vc.vcenter_inventory_datastore_find(&ids).await?.0.into_iter().map(|(id, i)| (id, i.r#type)).collect(),
            "network" => vc.vcenter_inventory_network_find(&ids).await?.0.into_iter().map(|(id, i)| (id, i.r#type)).collect(),
            _ => return Err(AppError::invalid("kind", "Datastores or networks.")),
        };
        Ok(ids.iter().filter_map(|id| found.iter().find(|(f, _)| f == id).cloned()).collect())
    })
    .await
}

#[server(prefix = "/api", endpoint = "vcenter/object")]
pub async fn get_object(object_type: String, id: String) -> Result<ObjectDetail, AppError> {
    if object_type.is_empty() || id.trim().is_empty() {
        return Err(AppError::invalid("object", "Give the object's type and id."));
    }
    crate::api::ssr::with_vc(|vc| async move { ssr::object(&vc, object_type, id.trim().to_string()).await }).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disk_file_names_its_datastore() {
        assert_eq!(datastore_of("[east-vmfs-01] web-001/web-001.vmdk"), Some("east-vmfs-01"));
        assert_eq!(datastore_of("[ ] x.vmdk"), None);
        assert_eq!(datastore_of("web-001.vmdk"), None);
    }

    #[test]
    fn sizes_and_words() {
        assert_eq!(human_bytes(4096 << 20), "4 GiB");
        assert_eq!(human_bytes(1536 << 30), "1.5 TiB");
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(words("POWERED_ON"), "Powered on");
        assert_eq!(words("NOT_RESPONDING"), "Not responding");
    }

    fn vm(name: &str, memory: &str, cpus: &str) -> InventoryRow {
        InventoryRow { id: name.into(), name: name.into(), object_type: "VirtualMachine".into(), details: vec![("Memory".into(), memory.into()), ("CPUs".into(), cpus.into())] }
    }

    #[test]
    fn lists_sort_by_value_and_page() {
        let rows = vec![vm("web-10", "4 GiB", "2"), vm("db-1", "512 MiB", "16"), vm("Web-2", "1.5 TiB", "4"), vm("app", "4 GiB", "1")];
        let names = |rows: &[InventoryRow]| rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        let (page, view) = sort_and_page(rows.clone(), &ListView::default());
        assert_eq!(names(&page), ["app", "db-1", "web-10", "Web-2"]);
        assert_eq!(view.page, 1);
        // Sizes by bytes, not by their text ("512 MiB" is less than "4 GiB"); the name breaks ties.
        let (page, _) = sort_and_page(rows.clone(), &ListView { sort: "Memory".into(), ..Default::default() });
        assert_eq!(names(&page), ["db-1", "app", "web-10", "Web-2"]);
        let (page, _) = sort_and_page(rows.clone(), &ListView { sort: "CPUs".into(), desc: true, ..Default::default() });
        assert_eq!(names(&page), ["db-1", "Web-2", "web-10", "app"]);
        // Pages of 50: 120 rows make three; a page past the end is the last one.
        let many: Vec<InventoryRow> = (0..120).map(|i| vm(&format!("vm-{i:03}"), "1 GiB", "1")).collect();
        let (page, view) = sort_and_page(many.clone(), &ListView { per: 50, page: 9, ..Default::default() });
        assert_eq!((page.len(), view.page, page[0].name.as_str()), (20, 3, "vm-100"));
        let (page, view) = sort_and_page(many, &ListView { per: 7, ..Default::default() });
        assert_eq!((page.len(), view.per), (100, 100), "an unknown page size is the default");
    }
}
