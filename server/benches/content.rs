//! Content library transfers, measured in one run: upload throughput through the console (the browser's
//! multipart form, streamed on to vCenter's upload endpoint) ÷ a direct PUT to the simulator's endpoint;
//! download likewise; and the process's resident memory while 1 GB goes up through the console (the console
//! and the simulator share this process: both stream, so it stays flat).
//!
//! `cargo bench -p server --features app/ssr --bench content` (add `--profile ci` for the test build's speed).

mod common;

use app::vsphere::models::content::library::item::downloadsession::file::PrepareStatus;
use app::vsphere::models::content::library::item::updatesession::file::{AddSpec, SourceType};
use app::vsphere::models::content::library::item::{DownloadSessionModel, UpdateSessionModel};
use app::vsphere::models::content::library::storage_backing::Type as BackingType;
use app::vsphere::models::content::library::{ItemModel, StorageBacking};
use app::vsphere::models::content::LibraryModel;
use futures::StreamExt;
use std::time::{Duration, Instant};

const MB: u64 = 1024 * 1024;
const CHUNK: usize = 256 * 1024;

/// `total` bytes in 256 KB chunks of one buffer (no memory grows with the size).
fn body(total: u64) -> reqwest::Body {
    let chunk = axum::body::Bytes::from(vec![0x5au8; CHUNK]);
    let n = total.div_ceil(CHUNK as u64);
    reqwest::Body::wrap_stream(futures::stream::iter((0..n).map(move |_| Ok::<_, std::io::Error>(chunk.clone()))))
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn item_spec(library: &str, name: &str) -> ItemModel {
    ItemModel {
        id: None,
        library_id: Some(library.into()),
        content_version: None,
        creation_time: None,
        description: None,
        last_modified_time: None,
        last_sync_time: None,
        metadata_version: None,
        name: Some(name.into()),
        cached: None,
        size: None,
        r#type: Some("iso".into()),
        version: None,
        source_id: None,
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let b = common::console_on(Default::default()).await;
        let vc = app::client::VcClient::new(&app::client::ClientConfig::new(&b.sim_url)).unwrap().login("administrator@vsphere.local", "VMware1!").await.unwrap();
        let ds = vc.datastore_list(&Default::default()).await.unwrap()[0].datastore.clone();
        let lib = vc
            .content_local_library_create(
                None,
                &LibraryModel {
                    id: None,
                    creation_time: None,
                    description: None,
                    last_modified_time: None,
                    last_sync_time: None,
                    name: Some("Bench".into()),
                    storage_backings: Some(vec![StorageBacking { r#type: Some(BackingType::Datastore), datastore_id: Some(ds), storage_uri: None }]),
                    r#type: None,
                    optimization_info: None,
                    version: None,
                    publish_info: None,
                    subscription_info: None,
                    server_guid: None,
                },
            )
            .await
            .unwrap();
        let size = 256 * MB;
        let (mut direct_up, mut console_up, mut direct_down, mut console_down) = (vec![], vec![], vec![], vec![]);
        for round in 0..3 {
            // Direct: update session, add, PUT, complete.
            let item = vc.content_library_item_create(None, &item_spec(&lib, &format!("direct-{round}"))).await.unwrap();
            let t = Instant::now();
            let s = vc
                .content_library_item_update_session_create(None, &UpdateSessionModel { id: None, library_item_id: Some(item.clone()), library_item_content_version: None, error_message: None, client_progress: None, state: None, expiration_time: None, preview_info: None, warning_behavior: None })
                .await
                .unwrap();
            let f = vc.content_library_item_updatesession_file_add(&s, &AddSpec { name: "f.bin".into(), source_type: SourceType::Push, source_endpoint: None, size: None, checksum_info: None }).await.unwrap();
            vc.upload_file(&f.upload_endpoint.unwrap().uri, body(size), Some(size)).await.unwrap();
            vc.content_library_item_update_session_complete(&s).await.unwrap();
            direct_up.push(t.elapsed());

            // Through the console: the browser's multipart form.
            let t = Instant::now();
            let form = reqwest::multipart::Form::new()
                .text("library", lib.clone())
                .text("name", format!("console-{round}"))
                .part("files", reqwest::multipart::Part::stream_with_length(body(size), size).file_name("f.bin"));
            let res = b.http.post(format!("{}/content/upload", b.base)).header("origin", &b.base).header("cookie", &b.cookie).multipart(form).send().await.unwrap();
            assert_eq!(res.status(), 303);
            console_up.push(t.elapsed());

            // Download directly, then through the console (bytes read and dropped).
            let t = Instant::now();
            let d = vc
                .content_library_item_download_session_create(None, &DownloadSessionModel { id: None, library_item_id: Some(item.clone()), library_item_content_version: None, error_message: None, client_progress: None, state: None, expiration_time: None })
                .await
                .unwrap();
            let mut info = vc.content_library_item_downloadsession_file_prepare(&d, "f.bin", None).await.unwrap();
            while info.status != PrepareStatus::Prepared {
                tokio::time::sleep(Duration::from_millis(20)).await;
                info = vc.content_library_item_downloadsession_file_get(&d, "f.bin").await.unwrap();
            }
            let mut s = vc.download_file(&info.download_endpoint.unwrap().uri).await.unwrap().bytes_stream();
            let mut n = 0u64;
            while let Some(c) = s.next().await {
                n += c.unwrap().len() as u64;
            }
            assert_eq!(n, size);
            direct_down.push(t.elapsed());
            let t = Instant::now();
            let res = b.http.post(format!("{}/content/download", b.base)).header("origin", &b.base).header("cookie", &b.cookie).form(&[("item", item.as_str()), ("file", "f.bin")]).send().await.unwrap();
            let mut s = res.bytes_stream();
            let mut n = 0u64;
            while let Some(c) = s.next().await {
                n += c.unwrap().len() as u64;
            }
            assert_eq!(n, size);
            console_down.push(t.elapsed());
        }
        let mbps = |d: Duration| size as f64 / MB as f64 / d.as_secs_f64();
        let (du, cu, dd, cd) = (common::median(direct_up), common::median(console_up), common::median(direct_down), common::median(console_down));
        println!("| transfer of 256 MB (median of 3) | direct to the simulator | through the console | console ÷ direct (throughput) |");
        println!("| --- | --- | --- | --- |");
        println!("| upload | {:.0} MB/s | {:.0} MB/s | {:.2} |", mbps(du), mbps(cu), mbps(cu) / mbps(du));
        println!("| download | {:.0} MB/s | {:.0} MB/s | {:.2} |", mbps(dd), mbps(cd), mbps(cd) / mbps(dd));

        // 1 GB through the console while the resident memory is sampled.
        let before = rss_kb();
        let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(before));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let sampler = {
            let (peak, stop) = (peak.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    peak.fetch_max(rss_kb(), std::sync::atomic::Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
        };
        let gb = 1024 * MB;
        let t = Instant::now();
        let form = reqwest::multipart::Form::new().text("library", lib.clone()).text("name", "one-gb").part("files", reqwest::multipart::Part::stream_with_length(body(gb), gb).file_name("big.bin"));
        let res = b.http.post(format!("{}/content/upload", b.base)).header("origin", &b.base).header("cookie", &b.cookie).multipart(form).send().await.unwrap();
        assert_eq!(res.status(), 303);
        let took = t.elapsed();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        sampler.join().unwrap();
        let peak = peak.load(std::sync::atomic::Ordering::Relaxed);
        println!();
        println!("1 GB uploaded through the console in {:.1} s; resident memory {} MB before, {} MB at the peak (+{} MB)", took.as_secs_f64(), before / 1024, peak / 1024, peak.saturating_sub(before) / 1024);
    });
}
