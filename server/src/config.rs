//! Command line and environment: `vconsole [OPTIONS]` serves the console; `vconsole simulate` runs the
//! simulated vCenter alone.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "vconsole", version, about = "A web console for VMware vCenter (vSphere 6.7 /rest).", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub console: ConsoleArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the simulated vCenter alone (for other tools and tests).
    Simulate(SimulateArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ConsoleArgs {
    /// Address the console listens on.
    #[arg(long, env = "VCONSOLE_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,
    /// vCenter to manage, e.g. https://vcenter.example.com. Give it more than once to manage several: each
    /// may be named (`lab=https://vc.lab.example`; unnamed, its host is its name) and may carry its own
    /// certificate option after a `;` (`;thumbprint=AB:CD:…`, `;ca-file=/etc/vc-lab.pem`, `;insecure`),
    /// which then replaces --ca-file / --thumbprint / --insecure for it. The login page asks which one.
    /// Absent: the built-in simulated vCenter. http:// is accepted only for loopback addresses.
    #[arg(long = "vcenter", env = "VCENTER_URL", value_parser = parse_vcenter)]
    pub vcenters: Vec<VcenterSpec>,
    /// How many simulated vCenters to run when no --vcenter is given (1 to 4): `vcsa-01`, `vcsa-02` …, each
    /// its own inventory, sessions and appliance.
    #[arg(long, env = "VCONSOLE_SIM_COUNT", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub sim_count: u8,
    /// Keep console sessions, form messages, the login rate limit and the audit log in Redis
    /// (`redis://127.0.0.1:6379/0`), so several console processes behind a load balancer share them. Absent:
    /// in this process's memory.
    #[arg(long, env = "VCONSOLE_REDIS")]
    pub redis: Option<String>,
    /// Trust only the CA certificates in this PEM file (e.g. vCenter's VMCA root) instead of the system's.
    #[arg(long, env = "VCENTER_CA_FILE", value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
    /// Pin vCenter's certificate: SHA-256 of its leaf certificate, hex with or without colons.
    #[arg(long, env = "VCENTER_THUMBPRINT", value_name = "SHA256")]
    pub thumbprint: Option<String>,
    /// Skip certificate verification (logged as a warning and shown to every user).
    #[arg(long, env = "VCENTER_INSECURE")]
    pub insecure: bool,
    /// The simulated vCenter's user name.
    #[arg(long, env = "VCONSOLE_SIM_USER", default_value = "administrator@vsphere.local")]
    pub sim_user: String,
    /// The simulated vCenter's password.
    #[arg(long, env = "VCONSOLE_SIM_PASSWORD", default_value = "VMware1!")]
    pub sim_password: String,
    /// Number of virtual machines in the simulated vCenter's inventory (up to 100,000).
    #[arg(long, env = "VCONSOLE_SIM_VMS", default_value_t = 60, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub sim_vms: u32,
    /// The simulated vCenter starts as a freshly deployed appliance, not yet configured (INITIALIZED), so its
    /// first-boot workflow (`vcenter/deployment`: install or upgrade) can be walked through.
    #[arg(long, env = "VCONSOLE_SIM_FRESH")]
    pub sim_fresh: bool,
    /// Minutes of inactivity after which a console session expires.
    #[arg(long, env = "VCONSOLE_IDLE_MINUTES", default_value_t = 30)]
    pub idle_minutes: u64,
    /// The tag category whose tags are teams (self-service: My team, Teams); made on the Teams page.
    #[arg(long, env = "VCONSOLE_TEAM_CATEGORY", default_value = "Team")]
    pub team_category: String,
    /// Who may make and change teams on the Teams page (vCenter user names, comma-separated): others see
    /// the teams but cannot change them, whatever tagging privileges vCenter gives them.
    #[arg(long = "team-admins", env = "VCONSOLE_TEAM_ADMINS", value_delimiter = ',', default_value = "administrator@vsphere.local")]
    pub team_admins: Vec<String>,
    /// Also write every audit entry (each action taken through the console) as one JSON line to this file
    /// (appended), or to stdout with `-`. The newest are kept in memory for the Audit page either way.
    #[arg(long, env = "VCONSOLE_AUDIT_LOG")]
    pub audit_log: Option<String>,
    /// Seconds to wait for a connection to vCenter.
    #[arg(long, env = "VCENTER_CONNECT_TIMEOUT", default_value_t = 10)]
    pub connect_timeout: u64,
    /// Seconds to wait for one vCenter call to finish.
    #[arg(long, env = "VCENTER_REQUEST_TIMEOUT", default_value_t = 60)]
    pub request_timeout: u64,
    /// Login attempts allowed per client address per minute.
    #[arg(long, env = "VCONSOLE_LOGIN_RATE", default_value_t = 10)]
    pub login_rate: u32,
    /// A reverse proxy in front of the console (an address or a network, e.g. 10.0.0.5 or 10.0.0.0/24; repeat
    /// the option for more, or separate them with commas in the variable). Only from these addresses are
    /// X-Forwarded-For, -Proto and -Host believed: the client's address (for the login limit), HTTPS (for the
    /// cookie's Secure flag) and the host the browser asked for (for the origin check).
    #[arg(long = "trusted-proxy", env = "VCONSOLE_TRUSTED_PROXY", value_delimiter = ',', value_parser = parse_net)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

/// One `--vcenter`: `[name=]url[;thumbprint=…|;ca-file=…|;insecure]`.
#[derive(Debug, Clone)]
pub struct VcenterSpec {
    pub name: Option<String>,
    pub url: String,
    /// Its own certificate option, when it has one.
    pub tls: Option<app::client::TlsPolicy>,
}

fn parse_vcenter(s: &str) -> Result<VcenterSpec, String> {
    use app::client::TlsPolicy;
    let mut parts = s.trim().split(';');
    let head = parts.next().unwrap_or_default().trim();
    // `name=url`: a name has no `/` or `:` (a URL has both before any `=`).
    let (name, url) = match head.split_once('=') {
        Some((n, u)) if !n.contains(['/', ':']) => (Some(n.trim().to_string()), u.trim().to_string()),
        _ => (None, head.to_string()),
    };
    if name.as_deref() == Some("") {
        return Err(format!("“{s}”: the name before `=` is empty"));
    }
    if url.is_empty() {
        return Err(format!("“{s}”: no URL"));
    }
    let mut tls = None;
    for opt in parts.map(str::trim).filter(|o| !o.is_empty()) {
        let chosen = match opt.split_once('=') {
            Some(("thumbprint", t)) => TlsPolicy::Thumbprint(app::client::parse_thumbprint(t.trim()).map_err(|e| e.to_string())?),
            Some(("ca-file", f)) => TlsPolicy::CaFile(PathBuf::from(f.trim())),
            None if opt == "insecure" => TlsPolicy::Insecure,
            _ => return Err(format!("“{opt}”: a vCenter's own option is thumbprint=…, ca-file=… or insecure")),
        };
        if tls.replace(chosen).is_some() {
            return Err(format!("“{s}”: thumbprint, ca-file and insecure exclude each other: choose one"));
        }
    }
    Ok(VcenterSpec { name, url, tls })
}

/// A network (`10.0.0.0/24`) or one address (`10.0.0.5`, as a /32 or /128).
fn parse_net(s: &str) -> Result<ipnet::IpNet, String> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("“{s}” is not an address or a network (10.0.0.5, 10.0.0.0/24, fd00::/8)"))
}

#[derive(Debug, Clone, Args)]
pub struct SimulateArgs {
    /// Address the simulated vCenter listens on.
    #[arg(long, env = "VCSIM_LISTEN", default_value = "127.0.0.1:8989")]
    pub listen: SocketAddr,
    #[arg(long, env = "VCONSOLE_SIM_USER", default_value = "administrator@vsphere.local")]
    pub sim_user: String,
    #[arg(long, env = "VCONSOLE_SIM_PASSWORD", default_value = "VMware1!")]
    pub sim_password: String,
    /// Minutes of inactivity after which a simulated vCenter session expires.
    #[arg(long, default_value_t = 30)]
    pub session_minutes: u64,
    /// Number of virtual machines in the inventory (up to 100,000).
    #[arg(long, env = "VCONSOLE_SIM_VMS", default_value_t = 60, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub sim_vms: u32,
    /// The simulated vCenter starts as a freshly deployed appliance, not yet configured (INITIALIZED), so its
    /// first-boot workflow (`vcenter/deployment`: install or upgrade) can be walked through.
    #[arg(long, env = "VCONSOLE_SIM_FRESH")]
    pub sim_fresh: bool,
}

impl ConsoleArgs {
    /// The TLS policy the options ask for; they are exclusive.
    pub fn tls(&self) -> Result<app::client::TlsPolicy, String> {
        use app::client::TlsPolicy;
        let chosen = [self.ca_file.is_some(), self.thumbprint.is_some(), self.insecure].iter().filter(|b| **b).count();
        if chosen > 1 {
            return Err("--ca-file, --thumbprint and --insecure exclude each other: choose one".into());
        }
        Ok(if let Some(path) = &self.ca_file {
            TlsPolicy::CaFile(path.clone())
        } else if let Some(t) = &self.thumbprint {
            TlsPolicy::Thumbprint(app::client::parse_thumbprint(t).map_err(|e| e.to_string())?)
        } else if self.insecure {
            TlsPolicy::Insecure
        } else {
            TlsPolicy::System
        })
    }
}

impl ConsoleArgs {
    /// Each `--vcenter` with its certificate policy (its own, or the global options'), checked: names are
    /// unique. The name of an unnamed one is filled in by the caller (its host).
    pub fn vcenter_list(&self) -> Result<Vec<(Option<String>, String, app::client::TlsPolicy)>, String> {
        let global = self.tls()?;
        if self.sim_count > 1 && !self.vcenters.is_empty() {
            return Err("--sim-count is for the built-in simulator: it cannot be used with --vcenter".into());
        }
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for v in &self.vcenters {
            let key = v.name.clone().unwrap_or_else(|| v.url.clone());
            if !seen.insert(key.clone()) {
                return Err(format!("--vcenter “{key}” is given twice: give each vCenter its own name (name=url)"));
            }
            out.push((v.name.clone(), v.url.clone(), v.tls.clone().unwrap_or_else(|| global.clone())));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_vcenters_named_with_their_own_certificate_options() {
        let cli = Cli::parse_from([
            "vconsole",
            "--vcenter", "https://vc.example.com",
            "--vcenter", "lab=https://vc.lab.example:8443;insecure",
            "--vcenter", &format!("dr=https://dr.example;thumbprint={}", "AB:".repeat(31) + "AB"),
            "--ca-file", "/etc/ca.pem",
        ]);
        let list = cli.console.vcenter_list().unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!((list[0].0.as_deref(), list[0].1.as_str()), (None, "https://vc.example.com"));
        assert!(matches!(list[0].2, app::client::TlsPolicy::CaFile(_)), "the global option");
        assert_eq!((list[1].0.as_deref(), list[1].1.as_str()), (Some("lab"), "https://vc.lab.example:8443"));
        assert!(matches!(list[1].2, app::client::TlsPolicy::Insecure));
        assert!(matches!(list[2].2, app::client::TlsPolicy::Thumbprint(_)));
        for bad in ["=https://x", "lab=", "x=https://y;insecure;insecure", "https://y;pin=1", "y=https://y;thumbprint=zz"] {
            assert!(parse_vcenter(bad).is_err(), "{bad}");
        }
        let twice = Cli::parse_from(["vconsole", "--vcenter", "a=https://x", "--vcenter", "a=https://y"]);
        assert!(twice.console.vcenter_list().is_err(), "one name, two vCenters");
        let sims = Cli::parse_from(["vconsole", "--sim-count", "2", "--vcenter", "https://x"]);
        assert!(sims.console.vcenter_list().is_err());
        assert!(Cli::try_parse_from(["vconsole", "--sim-count", "5"]).is_err());
    }

    #[test]
    fn defaults_and_exclusive_tls_options() {
        let cli = Cli::parse_from(["vconsole"]);
        assert_eq!(cli.console.listen.to_string(), "127.0.0.1:3000");
        assert!(cli.console.vcenters.is_empty() && cli.console.sim_count == 1 && cli.console.redis.is_none());
        assert_eq!(cli.console.sim_user, "administrator@vsphere.local");
        let cli = Cli::parse_from(["vconsole", "--insecure", "--thumbprint", "aa"]);
        assert!(cli.console.tls().is_err());
        let cli = Cli::parse_from(["vconsole", "--thumbprint", &"AB:".repeat(31).add_last()]);
        assert!(matches!(cli.console.tls(), Ok(app::client::TlsPolicy::Thumbprint(_))));
        let cli = Cli::parse_from(["vconsole", "simulate", "--listen", "127.0.0.1:0"]);
        assert!(matches!(cli.command, Some(Command::Simulate(_))));
    }

    trait AddLast {
        fn add_last(self) -> String;
    }
    impl AddLast for String {
        fn add_last(self) -> String {
            self + "AB"
        }
    }
}
