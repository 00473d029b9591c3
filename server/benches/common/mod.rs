//! What the benchmarks share: a simulator with a console in front of it, a browser-like client logged in to the
//! console, and medians in milliseconds.
#![allow(dead_code)]

use server::harness::{serve_console, ConsoleOptions};
use server::simulator::{self, SimConfig, SimState};
use std::time::Duration;

pub struct Bench {
    /// The simulator's `http://` address, and its state.
    pub sim_url: String,
    pub sim: SimState,
    /// The console's address, a client that does not follow redirects, and its session cookie.
    pub base: String,
    pub http: reqwest::Client,
    pub cookie: String,
    _sim: tokio::task::JoinHandle<()>,
}

/// A simulator made by `config`, a console on it, and a console session (logged in through the login form).
pub async fn console_on(config: SimConfig) -> Bench {
    let (sim_addr, sim, handle) = simulator::spawn(config, "127.0.0.1:0".parse().unwrap()).await.unwrap();
    let sim_url = format!("http://{sim_addr}");
    let base = serve_console(ConsoleOptions::new(&sim_url)).await;
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let res = http
        .post(format!("{base}/api/cis/session/login"))
        .header("accept", "text/html")
        .header("origin", &base)
        .form(&[("username", "administrator@vsphere.local"), ("password", "VMware1!"), ("next", "/")])
        .send()
        .await
        .unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    Bench { sim_url, sim, base, http, cookie, _sim: handle }
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
