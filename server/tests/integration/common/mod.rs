//! Shared test helpers: the simulator on an ephemeral port, vcsim as a child process, the whole console.
#![allow(dead_code)]

use app::client::{ClientConfig, VcClient};
use server::simulator::{self, SimConfig, SimState};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Every test runs on this one multi-threaded runtime (eight workers on any machine: a page rendering
/// thousands of rows holds its worker, and with two, every other test's console waited behind it). Leptos spawns a page's work on the runtime that is
/// current where it starts; with one runtime per test, a test that ended dropped its runtime and with it work
/// another test's console had spawned there, and that page never finished (the occasional 30 s time-outs).
static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> =
    std::sync::LazyLock::new(|| tokio::runtime::Builder::new_multi_thread().worker_threads(8).enable_all().build().expect("a runtime"));

pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    RUNTIME.block_on(f)
}

pub const USER: &str = "administrator@vsphere.local";
pub const PASSWORD: &str = "VMware1!";

/// The simulator on 127.0.0.1:<free port>; returns its URL and state (to look inside).
pub async fn spawn_sim(config: SimConfig) -> (String, SimState) {
    // Strict: an error the operation does not document fails the request (simulator::conformance).
    let (addr, state, _handle) = simulator::spawn(SimConfig { strict: true, ..config }, "127.0.0.1:0".parse().unwrap()).await.unwrap();
    (format!("http://{addr}"), state)
}

pub fn client(url: &str) -> VcClient {
    VcClient::new(&ClientConfig::new(url)).unwrap()
}

/// govmomi's vcsim, from `VCSIM_BIN` (built by `make vcsim`). Killed when dropped.
pub struct Vcsim {
    child: Child,
    pub url: String,
}

impl Vcsim {
    pub fn start() -> Vcsim {
        let bin = std::env::var("VCSIM_BIN").expect("VCSIM_BIN must name the vcsim binary (make vcsim builds target/vcsim/vcsim)");
        let mut child = Command::new(&bin)
            .args(["-listen", "127.0.0.1:0"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().strip_prefix("VCSIM_URL=").unwrap_or_else(|| panic!("vcsim said {line:?}")).to_string();
        Vcsim { child, url }
    }
}

impl Drop for Vcsim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TCP port nothing listens on.
pub fn closed_port() -> SocketAddr {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    drop(l);
    addr
}

/// Waits (up to 5 s) until `f` holds, else fails saying what it waited for.
pub async fn until(what: &str, mut f: impl FnMut() -> bool) {
    for _ in 0..100 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting until {what}");
}

pub fn short_sessions() -> SimConfig {
    SimConfig { session_idle: Duration::from_millis(400), ..SimConfig::default() }
}
pub mod console;
pub mod content_scenario;
pub mod session_scenario;
pub mod tagging_scenario;

/// A Redis server of its own (Debian's `redis-server`, installed by `make tools`) on a free loopback port,
/// nothing saved to disk. Killed when dropped.
pub struct RedisServer {
    child: Child,
    pub url: String,
}

impl RedisServer {
    pub async fn start() -> RedisServer {
        Self::start_on(closed_port().port()).await
    }

    /// Stops it and starts a new one on the same port (empty: nothing is saved).
    pub async fn restart(self) -> RedisServer {
        let port: u16 = self.url.rsplit(':').next().unwrap().trim_end_matches("/0").parse().unwrap();
        drop(self);
        Self::start_on(port).await
    }

    async fn start_on(port: u16) -> RedisServer {
        let bin = std::env::var("REDIS_SERVER_BIN").unwrap_or_else(|_| "/usr/bin/redis-server".into());
        let child = Command::new(&bin)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin} (make tools installs Debian's redis-server): {e}"));
        let url = format!("redis://127.0.0.1:{port}/0");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return RedisServer { child, url };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("redis-server did not listen on {port}");
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
