//! The vconsole server: configuration, console sessions, the security baseline, and the built-in simulated
//! vCenter. `main.rs` wires them; tests build the same router with [`console_router`].

pub mod config;
pub mod harness;
pub mod security;
pub mod sessions;
pub mod simulator;

use app::state::ConsoleState;
use app::{shell, App};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// The whole console: pages, server functions, static files, and the security layers around them.
/// `/pkg` (WASM, JS, CSS) is served from the site root with the `.br` / `.gz` files `make build` writes beside
/// them when present (brotli at its best level, once, at build time); otherwise the compression layer
/// compresses on the fly.
pub fn console_router(options: LeptosOptions, state: ConsoleState) -> Router {
    let pkg_dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    remove_stale_precompressed(&pkg_dir);
    let pkg = ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip();
    let routes = generate_route_list(App);
    let sessions = state.sessions.clone();
    let context = move || provide_context(state.clone());
    Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        .fallback(leptos_axum::file_and_error_handler_with_context(context, shell))
        .with_state(options)
        .layer(from_fn_with_state(sessions, security::require_session))
        .layer(from_fn(security::origin_check))
        .layer(from_fn(security::security_headers))
        .layer(CompressionLayer::new().br(true).gzip(true))
}

/// Deletes `x.br` / `x.gz` files older than `x` (a rebuild after `make build` replaced `x`), so the browser never
/// gets a stale WASM beside fresh JS.
pub fn remove_stale_precompressed(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else { continue };
        if ext != "br" && ext != "gz" {
            continue;
        }
        let source = path.with_extension("");
        // Whole seconds: some compressors copy the source's time at a coarser precision.
        let modified = |p: &std::path::Path| {
            std::fs::metadata(p).and_then(|m| m.modified()).ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map(|d| d.as_secs())
        };
        let stale = match (modified(&path), modified(&source)) {
            (Some(compressed), Some(original)) => compressed < original,
            (_, None) => true,
            _ => false,
        };
        if stale {
            tracing::info!("removing stale {}", path.display());
            let _ = std::fs::remove_file(&path);
        }
    }
}
