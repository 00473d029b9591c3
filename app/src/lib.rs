//! vConsole: a web console for VMware vCenter. Routes, pages, components, server functions, the vSphere
//! models, and (with the `ssr` feature) the vCenter client.
#![recursion_limit = "256"]

pub mod api;
pub mod audit;
#[cfg(feature = "ssr")]
pub mod client;
pub mod components;
pub mod error;
pub mod islands;
pub mod jobs;
pub mod pages;
pub mod state;
pub mod validate;
pub mod vsphere;

use components::layout::Shell;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{ParentRoute, Redirect, Route, Router, Routes},
    path, SsrMode,
};
use pages::inventory::{list::InventoryListPage, object::ObjectPage};
use pages::tags::{categories::CategoriesPage, category::CategoryPage, tag::TagPage, tags::TagsPage};
use pages::appliance::networking::{InterfacePage, NetworkingPage, ProxyPage};
use pages::appliance::{local_accounts::LocalAccountsPage, monitoring::MonitoringPage, logging::SyslogPage, services::ServicesPage, shutdown::ShutdownPage, storage::StoragePage, time::TimePage, update::UpdatePage};
use pages::{appliance::access::AccessPage, appliance::summary::SummaryPage, login::LoginPage};

/// The HTML document, rendered on the server. Sets the per-response CSP nonce for the hydration scripts. Only
/// islands (`crate::islands`) are hydrated in the browser; every other component renders on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let nonce = {
        leptos::nonce::provide_nonce();
        let nonce = leptos::nonce::use_nonce().map(|n| n.to_string()).unwrap_or_default();
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            // `cargo leptos watch` sets LEPTOS_WATCH for the server it runs (Leptos's own AutoReload reads it).
            let dev = std::env::var_os("LEPTOS_WATCH").is_some();
            if let Ok(csp) = http::HeaderValue::from_str(&content_security_policy(&nonce, dev)) {
                res.insert_header(http::header::CONTENT_SECURITY_POLICY, csp);
            }
        }
        nonce
    };
    #[cfg(not(feature = "ssr"))]
    let nonce = String::new();
    let _ = &nonce;
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                // The stylesheet from where the server serves this build's files (`/pkg/<version>/`).
                <link rel="stylesheet" id="leptos" href=format!("/{}/vconsole.css", options.site_pkg_dir)/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body class="bg-slate-100 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
                <App/>
            </body>
        </html>
    }
}

/// The Content-Security-Policy of an HTML page: scripts only from this origin or with this response's nonce.
/// Only a console run by `cargo leptos watch` may open its live-reload socket.
pub fn content_security_policy(nonce: &str, dev: bool) -> String {
    let script = if nonce.is_empty() { "'self' 'wasm-unsafe-eval'".to_string() } else { format!("'self' 'wasm-unsafe-eval' 'nonce-{nonce}'") };
    let connect = if dev { "'self' ws://127.0.0.1:3001" } else { "'self'" };
    format!(
        "default-src 'self'; script-src {script}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
         connect-src {connect}; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|t: String| if t.is_empty() { "vConsole".to_string() } else { format!("{t} · vConsole") }/>
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <ParentRoute path=path!("") view=Shell ssr=SsrMode::Async>
                    <Route path=path!("") view=|| view! { <Redirect path="/appliance/summary"/> }/>
                    <Route path=path!("appliance/summary") view=SummaryPage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/access") view=AccessPage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/networking") view=NetworkingPage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/networking/interfaces/:nic") view=InterfacePage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/networking/proxy") view=ProxyPage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/time") view=TimePage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/syslog") view=SyslogPage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/services") view=ServicesPage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/shutdown") view=ShutdownPage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/local-accounts") view=LocalAccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/monitoring") view=MonitoringPage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/storage") view=StoragePage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/update") view=UpdatePage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/backup") view=crate::pages::appliance::backup::BackupPage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/restore") view=crate::pages::appliance::restore::RestorePage ssr=SsrMode::Async/>
                    <Route path=path!("appliance/backup/jobs/:id") view=crate::pages::appliance::backup::BackupJobPage ssr=SsrMode::Async/>
                    <Route path=path!("tags/categories") view=CategoriesPage ssr=SsrMode::Async/>
                    <Route path=path!("tags/categories/:id") view=CategoryPage ssr=SsrMode::Async/>
                    <Route path=path!("tags/tags") view=TagsPage ssr=SsrMode::Async/>
                    <Route path=path!("tags/tags/:id") view=TagPage ssr=SsrMode::Async/>
                    <Route path=path!("inventory/customization-specs") view=crate::pages::vcenter::guest::CustomizationSpecsPage ssr=SsrMode::Async/>
                    <Route path=path!("inventory/host/new") view=crate::pages::vcenter::host::AddHostPage ssr=SsrMode::Async/>
                    <Route path=path!("inventory/vm/new") view=crate::pages::vcenter::vm::lifecycle::NewVmPage ssr=SsrMode::Async/>
                    <Route path=path!("inventory/:kind") view=InventoryListPage ssr=SsrMode::Async/>
                    <Route path=path!("storage-policies") view=crate::pages::vcenter::storage::policies::StoragePoliciesPage ssr=SsrMode::Async/>
                    <Route path=path!("storage-policies/:id") view=crate::pages::vcenter::storage::policies::StoragePolicyPage ssr=SsrMode::Async/>
                    <Route path=path!("content-libraries") view=crate::pages::content::library::LibrariesPage ssr=SsrMode::Async/>
                    <Route path=path!("content-libraries/items/:id") view=crate::pages::content::item::ItemPage ssr=SsrMode::Async/>
                    <Route path=path!("content-libraries/:id") view=crate::pages::content::library::LibraryPage ssr=SsrMode::Async/>
                    <Route path=path!("objects") view=ObjectPage ssr=SsrMode::Async/>
                    <Route path=path!("api-coverage") view=crate::pages::vapi::coverage::ApiCoveragePage ssr=SsrMode::Async/>
                    <Route path=path!("api-explorer") view=crate::pages::vapi::metadata::ApiExplorerPage ssr=SsrMode::Async/>
                    <Route path=path!("api-explorer/service") view=crate::pages::vapi::metadata::ApiServicePage ssr=SsrMode::Async/>
                    <Route path=path!("api-explorer/type") view=crate::pages::vapi::metadata::ApiTypePage ssr=SsrMode::Async/>
                    <Route path=path!("api-explorer/component") view=crate::pages::vapi::metadata::ApiComponentPage ssr=SsrMode::Async/>
                    <Route path=path!("api-explorer/package") view=crate::pages::vapi::metadata::ApiPackagePage ssr=SsrMode::Async/>
                    <Route path=path!("api-explorer/operation") view=crate::pages::vapi::metadata::ApiOperationPage ssr=SsrMode::Async/>
                    <Route path=path!("api-explorer/resource") view=crate::pages::vapi::metadata::ApiResourcePage ssr=SsrMode::Async/>
                    <Route path=path!("api-explorer/cli") view=crate::pages::vapi::metadata::ApiCliPage ssr=SsrMode::Async/>
                    <Route path=path!("hvc") view=crate::pages::hvc::HvcPage ssr=SsrMode::Async/>
                    <Route path=path!("audit") view=crate::pages::audit::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("teams") view=crate::pages::team::TeamsPage ssr=SsrMode::Async/>
                    <Route path=path!("my-team") view=crate::pages::team::MyTeamPage ssr=SsrMode::Async/>
                    <Route path=path!("my-team/new") view=crate::pages::team::NewTeamVmPage ssr=SsrMode::Async/>
                    <Route path=path!("vcenter/deployment") view=crate::pages::vcenter::deployment::DeploymentPage ssr=SsrMode::Async/>
                    <Route path=path!("vcenter/services") view=crate::pages::vcenter::services::VcenterServicesPage ssr=SsrMode::Async/>
                    <Route path=path!("vcenter/system-config") view=crate::pages::vcenter::system_config::SystemConfigPage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main id="main" class="p-8">
            <h1 class="text-2xl font-semibold">"Page not found"</h1>
            <p class="mt-2"><a class="text-sky-700 underline dark:text-sky-300" href="/appliance/summary">"Go to the appliance summary"</a></p>
        </main>
    }
}
