//! The vconsole server: configuration, console sessions, the security baseline, and the built-in simulated
//! vCenter. `main.rs` wires them; tests build the same router with [`console_router`].

pub mod config;
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

/// The whole console: pages, server functions, static files, and the security layers around them.
pub fn console_router(options: LeptosOptions, state: ConsoleState) -> Router {
    let routes = generate_route_list(App);
    let sessions = state.sessions.clone();
    let context = move || provide_context(state.clone());
    Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(context, shell))
        .with_state(options)
        .layer(from_fn_with_state(sessions, security::require_session))
        .layer(from_fn(security::origin_check))
        .layer(from_fn(security::security_headers))
        .layer(CompressionLayer::new().br(true).gzip(true))
}
