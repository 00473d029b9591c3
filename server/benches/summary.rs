//! Benchmark (not a test): server response time of Appliance › Summary against the simulator, median of 50
//! requests, next to the same number for one raw simulator call and the login page, measured in one run so
//! the ratios hold on a noisy machine. Run: `cargo bench -p server --bench summary`.

mod common;

use app::client::{ClientConfig, VcClient};
use common::median;
use server::simulator::SimConfig;
use std::time::{Duration, Instant};

const N: usize = 50;

async fn time_n<F, Fut>(mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..5 {
        f().await; // warm-up
    }
    let mut samples = Vec::with_capacity(N);
    for _ in 0..N {
        let t = Instant::now();
        f().await;
        samples.push(t.elapsed());
    }
    median(samples)
}

#[tokio::main]
async fn main() {
    let b = common::console_on(SimConfig::default()).await;
    let (base, http, cookie) = (b.base.clone(), b.http.clone(), b.cookie.clone());
    let client = VcClient::new(&ClientConfig::new(&b.sim_url)).unwrap();

    let summary = time_n(|| {
        let req = http.get(format!("{base}/appliance/summary")).header("cookie", &cookie).header("accept", "text/html");
        async move {
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 200);
            let body = res.text().await.unwrap();
            assert!(body.contains("6.7.0"));
        }
    })
    .await;
    let login_page = time_n(|| {
        let req = http.get(format!("{base}/login")).header("accept", "text/html");
        async move {
            assert_eq!(req.send().await.unwrap().status(), 200);
        }
    })
    .await;
    let vc = client.login("administrator@vsphere.local", "VMware1!").await.unwrap();
    let raw_call = time_n(|| {
        let vc = vc.clone();
        async move {
            vc.appliance_system_version_get().await.unwrap();
        }
    })
    .await;

    println!("median of {N} requests (after 5 warm-up):");
    println!("  GET /appliance/summary (SSR, 15 vCenter calls)  {:>8.2} ms", summary.as_secs_f64() * 1e3);
    println!("  GET /login (SSR, no vCenter call)               {:>8.2} ms", login_page.as_secs_f64() * 1e3);
    println!("  one raw simulator call (system/version)         {:>8.2} ms", raw_call.as_secs_f64() * 1e3);
    println!("  ratio summary / login page                      {:>8.2}", summary.as_secs_f64() / login_page.as_secs_f64());
    println!("  ratio summary / raw call                        {:>8.2}", summary.as_secs_f64() / raw_call.as_secs_f64());
}
