//! The whole console in-process on an ephemeral loopback port, against any vCenter URL: what the
//! integration tests and the benchmarks run (the binary wires the same router in `main.rs`).

use app::client::{ClientConfig, TlsPolicy, VcClient};
use app::state::{ConsoleInfo, ConsoleState, SimAccount, VCenter, VCenters};
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;
use std::time::Duration;

pub struct ConsoleOptions {
    pub vcenter_url: String,
    /// More vCenters after the first (`name`, `url`); the first is named by its host.
    pub more_vcenters: Vec<(String, String)>,
    /// `--redis`: the stores in Redis instead of memory.
    pub redis: Option<String>,
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
        ConsoleOptions { vcenter_url: vcenter_url.into(), more_vcenters: vec![], redis: None, simulator: None, login_rate: 1000, insecure: false, site_root: "target/site".into(), idle: Duration::from_secs(600), trusted_proxies: vec![], request_timeout: Duration::from_secs(60), audit: None }
    }
}

/// One vCenter to manage, as the options name it.
pub struct VcenterSetup {
    /// Its name (its host when None).
    pub name: Option<String>,
    pub url: String,
    pub tls: TlsPolicy,
    /// The simulator's accounts, when it is one.
    pub simulator: Option<Vec<SimAccount>>,
}

/// The clients for each vCenter, named; a name given twice is refused.
pub fn vcenters(list: Vec<VcenterSetup>, connect_timeout: Duration, request_timeout: Duration) -> Result<VCenters, String> {
    let mut out: Vec<VCenter> = Vec::new();
    for v in list {
        let insecure = matches!(v.tls, TlsPolicy::Insecure);
        let client = VcClient::new(&ClientConfig { url: v.url.clone(), tls: v.tls, connect_timeout, request_timeout }).map_err(|e| format!("{}: {e}", v.url))?;
        let name = v.name.unwrap_or_else(|| client.host().to_string());
        if out.iter().any(|o| o.info.name == name) {
            return Err(format!("two vCenters are named “{name}”: give each its own name (--vcenter name=url)"));
        }
        out.push(VCenter { info: ConsoleInfo { name, vcenter_host: client.host().to_string(), simulator: v.simulator, insecure }, client });
    }
    if out.is_empty() {
        return Err("no vCenter to manage".into());
    }
    Ok(VCenters::new(out))
}

/// One vCenter at `url`, named by its host (a test's).
pub fn single_vcenter(url: &str) -> VCenters {
    vcenters(vec![VcenterSetup { name: None, url: url.to_string(), tls: TlsPolicy::System, simulator: None }], Duration::from_secs(10), Duration::from_secs(60)).expect("a valid URL")
}

/// Serves the console; returns its base URL (`http://127.0.0.1:<port>`).
pub async fn serve_console(o: ConsoleOptions) -> String {
    let tls = if o.insecure { TlsPolicy::Insecure } else { TlsPolicy::System };
    let mut list = vec![VcenterSetup { name: None, url: o.vcenter_url.clone(), tls, simulator: o.simulator.clone() }];
    list.extend(o.more_vcenters.iter().map(|(n, u)| VcenterSetup { name: Some(n.clone()), url: u.clone(), tls: TlsPolicy::System, simulator: o.simulator.clone() }));
    let vcenters = vcenters(list, Duration::from_secs(10), o.request_timeout).expect("valid vCenter URLs");
    let stores = crate::stores::Stores::open(o.redis.as_deref(), o.idle, o.login_rate, &vcenters, None).expect("the stores");
    let state = ConsoleState {
        vcenters,
        sessions: stores.sessions.clone(),
        login_limiter: stores.login_limiter.clone(),
        jobs: stores.jobs.clone(),
        audit: o.audit.clone().unwrap_or_else(|| stores.audit.clone()),
        team_category: "Team".into(),
        team_admins: vec!["administrator@vsphere.local".into()],
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
