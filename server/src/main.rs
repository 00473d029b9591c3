//! `vconsole`: serves the console (on the built-in simulated vCenter unless `--vcenter` is given), or with
//! `vconsole simulate` runs the simulated vCenter alone.

use app::client::TlsPolicy;
use app::state::ConsoleState;
use clap::Parser;
use leptos::prelude::*;
use server::config::{Cli, Command};
use server::simulator::{self, SimConfig};
use server::console_router;
use server::harness::VcenterSetup;
use std::net::SocketAddr;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,hyper=warn,reqwest=warn")))
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Simulate(args)) => simulate(args).await,
        None => serve(cli.console).await,
    };
    if let Err(e) = result {
        eprintln!("vconsole: {e}");
        std::process::exit(2);
    }
}

async fn simulate(args: server::config::SimulateArgs) -> Result<(), String> {
    let config = SimConfig {
        user: args.sim_user,
        password: args.sim_password,
        session_idle: Duration::from_secs(args.session_minutes * 60),
        vms: args.sim_vms as usize,
        fresh: args.sim_fresh,
        ..SimConfig::default()
    };
    let (addr, _state, handle) = simulator::spawn(config, args.listen).await.map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    println!("simulated vCenter listening on http://{addr}/rest");
    tracing::info!("simulated vCenter listening on http://{addr}");
    tokio::select! {
        _ = handle => {},
        _ = tokio::signal::ctrl_c() => {},
    }
    Ok(())
}

async fn serve(args: server::config::ConsoleArgs) -> Result<(), String> {
    let specs = args.vcenter_list()?;
    let mut list = Vec::new();
    if specs.is_empty() {
        // VCONSOLE_SIM_STRICT=1 (the browser tests): an error the operation does not document fails the request.
        let strict = std::env::var_os("VCONSOLE_SIM_STRICT").is_some_and(|v| v == "1");
        // VCONSOLE_SIM_OPLOG=file: each operation called is appended once (make test counts them).
        let op_log = std::env::var_os("VCONSOLE_SIM_OPLOG").filter(|v| !v.is_empty()).map(std::path::PathBuf::from);
        for n in 1..=args.sim_count {
            let name = format!("vcsa-{n:02}");
            let config = SimConfig {
                user: args.sim_user.clone(),
                password: args.sim_password.clone(),
                vms: args.sim_vms as usize,
                strict,
                fresh: args.sim_fresh,
                op_log: op_log.clone(),
                hostname: format!("{name}.corp.local"),
                ..SimConfig::default()
            };
            let (addr, _state, _handle) = simulator::spawn(config, SocketAddr::from(([127, 0, 0, 1], 0)))
                .await
                .map_err(|e| format!("cannot start the simulator: {e}"))?;
            tracing::info!(vcenter = %name, "no --vcenter given: using a built-in simulated vCenter at http://{addr}");
            let accounts = server::harness::sim_accounts(&args.sim_user, &args.sim_password);
            list.push(VcenterSetup { name: Some(name), url: format!("http://{addr}"), tls: TlsPolicy::System, simulator: Some(accounts) });
        }
    } else {
        for (name, url, tls) in specs {
            if matches!(tls, TlsPolicy::Insecure) {
                tracing::warn!(%url, "certificate verification is off: this vCenter's certificate is NOT verified; anyone on the network path can impersonate it");
            }
            list.push(VcenterSetup { name, url, tls, simulator: None });
        }
    }
    let vcenters = server::harness::vcenters(list, Duration::from_secs(args.connect_timeout), Duration::from_secs(args.request_timeout))?;

    let idle = Duration::from_secs(args.idle_minutes * 60);
    let stores = server::stores::Stores::open(args.redis.as_deref(), idle, args.login_rate, &vcenters, args.audit_log.as_deref())?;
    let state = ConsoleState {
        vcenters: vcenters.clone(),
        sessions: stores.sessions.clone(),
        login_limiter: stores.login_limiter.clone(),
        jobs: stores.jobs.clone(),
        audit: stores.audit.clone(),
        team_category: args.team_category.clone(),
        team_admins: args.team_admins.iter().map(|a| app::api::team::principal(a)).filter(|a| !a.is_empty()).collect(),
    };

    let mut options = get_configuration(None).map_err(|e| e.to_string())?.leptos_options;
    options.site_addr = args.listen;
    if !args.trusted_proxies.is_empty() {
        tracing::info!(proxies = ?args.trusted_proxies, "X-Forwarded-* headers are believed from these addresses only");
    }
    let app = console_router(options, state, server::security::TrustedProxies(args.trusted_proxies.clone()));
    let listener = tokio::net::TcpListener::bind(args.listen).await.map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    tracing::info!("vconsole listening on http://{}", args.listen);
    println!("vconsole listening on http://{}", args.listen);
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    stores.stopping(&vcenters).await;
    Ok(())
}

/// Ctrl-C or SIGTERM (what `systemctl stop` and `docker stop` send).
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
