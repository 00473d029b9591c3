//! The whole console in-process on an ephemeral loopback port, against any vCenter URL: what the
//! integration tests and the benchmarks run (the binary wires the same router in `main.rs`).

use crate::security::GovernorLimiter;
use crate::sessions::MemorySessions;
use app::client::{ClientConfig, VcClient};
use app::state::{ConsoleInfo, ConsoleState, SimAccount};
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;
use std::time::Duration;

pub struct ConsoleOptions {
    pub vcenter_url: String,
    /// Shown on the login page when the vCenter is the built-in simulator.
    pub simulator: Option<Vec<SimAccount>>,
    pub login_rate: u32,
    pub insecure: bool,
    pub site_root: String,
    /// How long a console session may sit idle.
    pub idle: Duration,
    /// `--trusted-proxy`.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// How long one vCenter call may take.
    pub request_timeout: Duration,
    /// Where the audit entries go (a test reads them there); a log of its own when None.
    pub audit: Option<std::sync::Arc<dyn app::audit::server::AuditLog>>,
}

/// How many audit entries a console keeps in memory for its Audit page.
pub const AUDIT_KEPT: usize = 10_000;

impl ConsoleOptions {
    pub fn new(vcenter_url: impl Into<String>) -> Self {
        ConsoleOptions { vcenter_url: vcenter_url.into(), simulator: None, login_rate: 1000, insecure: false, site_root: "target/site".into(), idle: Duration::from_secs(600), trusted_proxies: vec![], request_timeout: Duration::from_secs(60), audit: None }
    }
}

/// Serves the console; returns its base URL (`http://127.0.0.1:<port>`).
pub async fn serve_console(o: ConsoleOptions) -> String {
    let client = VcClient::new(&ClientConfig { request_timeout: o.request_timeout, ..ClientConfig::new(&o.vcenter_url) }).expect("a valid vCenter URL");
    let sessions = MemorySessions::new(o.idle);
    sessions.spawn_sweeper(client.clone());
    let state = ConsoleState {
        info: ConsoleInfo { vcenter_host: client.host().to_string(), simulator: o.simulator, insecure: o.insecure },
        client,
        sessions,
        login_limiter: GovernorLimiter::new(o.login_rate),
        jobs: app::jobs::server::Jobs::new(),
        audit: o.audit.clone().unwrap_or_else(|| std::sync::Arc::new(app::audit::server::MemoryAudit::new(AUDIT_KEPT, None))),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let addr = listener.local_addr().expect("bound");
    let options = LeptosOptions::builder().output_name("vconsole").site_root(o.site_root.as_str()).site_addr(addr).build();
    let router = crate::console_router(options, state, crate::security::TrustedProxies(o.trusted_proxies));
    tokio::spawn(async move {
        let _ = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await;
    });
    format!("http://{addr}")
}

/// The simulated vCenter's accounts (administrator, operator, read-only), as the login page lists them.
pub fn sim_accounts(admin: &str, password: &str) -> Vec<SimAccount> {
    crate::simulator::roles::accounts(admin)
        .into_iter()
        .map(|(user, role)| SimAccount { user, password: password.to_string(), role: role.name().to_string() })
        .collect()
}
