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
    /// vCenter to manage, e.g. https://vcenter.example.com. Absent: the built-in simulated vCenter.
    /// http:// is accepted only for loopback addresses.
    #[arg(long = "vcenter", env = "VCENTER_URL")]
    pub vcenter: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_exclusive_tls_options() {
        let cli = Cli::parse_from(["vconsole"]);
        assert_eq!(cli.console.listen.to_string(), "127.0.0.1:3000");
        assert!(cli.console.vcenter.is_none());
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
