//! The vconsole server: configuration, console sessions, the security baseline, and the built-in simulated
//! vCenter. `main.rs` wires them; tests build the same router with [`console_router`].

#![recursion_limit = "256"]

pub mod audit;
pub mod config;
pub mod harness;
pub mod redis_store;
pub mod security;
pub mod sessions;
pub mod simulator;
pub mod stores;

use app::components::layout::with_query;
use app::state::ConsoleState;
use app::{shell, App};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::{CompressionLayer, Predicate};
use tower_http::services::ServeDir;

/// The whole console: pages, server functions, static files, and the security layers around them.
/// `/pkg` (WASM, JS, CSS) is served from the site root with the `.br` / `.gz` files `make build` writes beside
/// them when present (brotli at its best level, once, at build time); otherwise the compression layer
/// compresses on the fly.
pub fn console_router(options: LeptosOptions, state: ConsoleState, trusted: security::TrustedProxies) -> Router {
    let pkg_dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    remove_stale_precompressed(&pkg_dir);
    let pkg_url = format!("/{}", options.site_pkg_dir);
    // Pages name the WASM, JS and CSS under `/pkg/<version>/`, the version being their content's digest: a
    // browser keeps them for good (`immutable`), and a new build is new addresses.
    let version = asset_version(&pkg_dir);
    let versioned = format!("{pkg_url}/{version}");
    let mut options = options;
    options.site_pkg_dir = versioned.trim_start_matches('/').into();
    let pkg = ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip();
    let routes = ROUTES.clone();
    let sessions = state.sessions.clone();
    let audit = audit::Audit { sessions: state.sessions.clone(), log: state.audit.clone(), vcenters: state.vcenters.clone() };
    let events_state = state.clone();
    let (upload_state, download_state, progress_state) = (state.clone(), state.clone(), state.clone());
    let context = move || provide_context(state.clone());
    Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .route(
            app::jobs::EVENTS_PATH,
            axum::routing::get(move |req: axum::extract::Request| app::jobs::server::events(events_state.clone(), req)),
        )
        // Item files, streamed both ways: no body limit (a DVD image is gigabytes; nothing is held in memory).
        .route(
            app::api::content::transfer::UPLOAD_PATH,
            axum::routing::post(move |req: axum::extract::Request| app::api::content::transfer::server::upload(upload_state.clone(), req))
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            app::api::content::transfer::PROGRESS_PATH,
            axum::routing::get(move |req: axum::extract::Request| app::api::content::transfer::server::upload_progress(progress_state.clone(), req)),
        )
        .route(
            app::api::content::transfer::DOWNLOAD_PATH,
            axum::routing::post(move |req: axum::extract::Request| app::api::content::transfer::server::download(download_state.clone(), req)),
        )
        .nest_service(&pkg_url, pkg)
        .fallback_service(site_files(&options, context))
        .with_state(options)
        .layer(panic_page())
        .layer(from_fn_with_state(audit, audit::record))
        .layer(from_fn_with_state(sessions, security::require_session))
        .layer(from_fn(form_result))
        .layer(from_fn(refusal_status))
        .layer(from_fn(security::origin_check))
        .layer(from_fn_with_state(trusted, security::forwarded))
        .layer(from_fn(security::security_headers))
        // File downloads (octet-stream) pass uncompressed: disc images and disks do not shrink, and compressing
        // them would cost the console's CPU and hide their length.
        .layer(CompressionLayer::new().br(true).gzip(true).compress_when(
            tower_http::compression::DefaultPredicate::new().and(tower_http::compression::predicate::NotForContentType::const_new("application/octet-stream")),
        ))
        .layer(from_fn(move |req, next| versioned_assets(versioned.clone(), req, next)))
}

/// The site root's own files (the favicon), and the console's "Page not found" page for any other address.
///
/// Not `leptos_axum::file_and_error_handler`: it answers a file inside `Owner::new()`, a child of whatever
/// reactive owner the worker thread last had current (often a page still rendering on it), and then applies
/// that owner's `ResponseOptions` to the file's response: the favicon took the page's headers, its CSP among
/// them, and the page went out with the baseline CSP, which blocks the hydration scripts. Here a file is a
/// plain `ServeDir` answer and the 404 page renders in a root owner of its own, as every page does.
fn site_files(options: &LeptosOptions, context: impl Fn() + Clone + Send + Sync + 'static) -> ServeDir<axum::routing::MethodRouter> {
    let render = leptos_axum::render_app_async_with_context(
        {
            let options = options.clone();
            move || {
                provide_context(options.clone());
                context();
            }
        },
        {
            let options = options.clone();
            move || shell(options.clone())
        },
    );
    let not_found = axum::routing::any(move |req: axum::extract::Request| render(req));
    ServeDir::new(options.site_root.as_ref()).call_fallback_on_method_not_allowed(true).fallback(not_found)
}

/// A panic while answering a request becomes a 500 page in words and a log line, instead of a torn
/// connection. (Input should never panic the console; this is the net under that rule.)
pub fn panic_page() -> tower_http::catch_panic::CatchPanicLayer<fn(Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response> {
    tower_http::catch_panic::CatchPanicLayer::custom(answer_panic as fn(Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response)
}

fn answer_panic(err: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let what = err.downcast_ref::<String>().map(String::as_str).or_else(|| err.downcast_ref::<&str>().copied()).unwrap_or("a panic without a message");
    tracing::error!(panic = what, "a request panicked; answered with the error page");
    let page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Something went wrong · vConsole</title></head>\
        <body><main><h1>Something went wrong</h1><p>The console could not answer this request. The error was logged for the \
        administrator of the console. Nothing was changed by this page; go back and try again, or open the \
        <a href=\"/appliance/summary\">Summary</a>.</p></main></body></html>";
    (
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8"), (axum::http::header::CACHE_CONTROL, "no-store")],
        page,
    )
        .into_response()
}

/// The first 16 hex digits of the SHA-256 of the browser's files (`.js`, `.wasm`, `.css` in `pkg`, by name),
/// or of nothing when there are none (a server run without the browser build).
pub fn asset_version(pkg_dir: &std::path::Path) -> String {
    use sha2::{Digest, Sha256};
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(pkg_dir)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("js" | "wasm" | "css"))).collect())
        .unwrap_or_default();
    files.sort();
    let mut digest = Sha256::new();
    for f in files {
        digest.update(f.file_name().map(|n| n.as_encoded_bytes()).unwrap_or_default());
        digest.update(std::fs::read(&f).unwrap_or_default());
    }
    digest.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// `/pkg/<version>/x` is `/pkg/x`, kept for a year (`immutable`: the address changes with the content). Any
/// other version is answered 404, so an old page can't get new files under an old name.
async fn versioned_assets(versioned: String, mut req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    let path = req.uri().path();
    let Some(file) = path.strip_prefix(versioned.as_str()).filter(|f| f.starts_with('/')) else { return next.run(req).await };
    let base = versioned.rsplit_once('/').map_or("", |(b, _)| b);
    let uri = match req.uri().query() {
        Some(q) => format!("{base}{file}?{q}"),
        None => format!("{base}{file}"),
    };
    let Ok(uri) = uri.parse() else { return next.run(req).await };
    *req.uri_mut() = uri;
    let mut res = next.run(req).await;
    if res.status().is_success() {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    }
    res
}

/// The console's routes, listed once per process. Listing them runs the whole app under leptos_server's
/// `SuppressResourceLoad`, a process-wide flag: any resource whose future first polls while it is set waits
/// forever, even after it is cleared (leptos-rs/leptos#4773, open in leptos_server 0.8.8). So a second
/// listing while another console in the same process renders a page (the integration tests build a console per
/// test, in parallel) would hang that page mid-stream; listing once, before any router can serve, cannot.
static ROUTES: std::sync::LazyLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::LazyLock::new(|| generate_route_list(App));

/// A server function called with JavaScript (fetch) answers a refusal with server_fn's 500 and the error as
/// JSON; this gives it the status that says what it is ([`app::error::AppError::http_status`]: 400 for bad
/// input, 401, 403 with the privilege vCenter named, 404 ...), so a refused form is not a server failure. The
/// body is unchanged. (A form posted without JavaScript gets a redirect either way: see [`form_result`].)
pub async fn refusal_status(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::{Method, StatusCode};
    let server_fn = req.method() == Method::POST && req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !server_fn || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // An error body is small; a larger one is not a refusal this layer knows.
    let Ok(bytes) = axum::body::to_bytes(body, 256 * 1024).await else {
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    };
    if let Some(status) = serde_json::from_slice::<app::error::AppError>(&bytes).ok().and_then(|e| StatusCode::from_u16(e.http_status()).ok()) {
        parts.status = status;
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// A form posted without JavaScript (every form outside an island) is answered with a redirect back to its
/// page: to the `Referer` when its server function succeeded, or there with `__path` / `__err` when it was
/// refused. On success this adds `done=<the server function's path>` (dropping an earlier refusal's
/// `__path` / `__err`), so the page can say that the change went through (`app::components::form::succeeded`);
/// on a refusal it drops an earlier `done`.
pub async fn form_result(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::{header, Method, StatusCode};
    let form_post = req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let referer = req.headers().get(header::REFERER).and_then(|v| v.to_str().ok()).map(str::to_string);
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    if !form_post || !matches!(res.status(), StatusCode::FOUND | StatusCode::SEE_OTHER) {
        return res;
    }
    let Some(location) = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string) else { return res };
    // A server function that chose where to go and marked its own success there (`done=`, no refusal) is left
    // as it is. (The default redirect, back to the Referer, may carry an earlier form's `done=`: that one is
    // replaced below.)
    let query = location.split_once('?').map_or("", |(_, q)| q.split('#').next().unwrap_or(""));
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let own_done = pairs.iter().any(|(k, v)| k == "done" && *v == path);
    if own_done && !pairs.iter().any(|(k, _)| k == "__err") {
        return res;
    }
    // Back to the form's own page (leptos_axum: the Referer; server_fn drops an earlier refusal from it) without
    // a refusal: it went through.
    // (A server function that chose where to send the browser — login, a job's page — is left alone.)
    let succeeded = !location.contains("__err=") && referer.as_deref().map(unmarked) == Some(unmarked(&location));
    let marked = mark_done(&location, succeeded.then_some(path.as_str()));
    if let Ok(v) = axum::http::HeaderValue::from_str(&marked) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// The path of a URL, absolute or not: `http://h:3000/a/b?x#y` → `/a/b`.
fn page_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r.find('/').map_or("/", |i| &r[i..]));
    rest.split(['?', '#']).next().unwrap_or(rest)
}

/// A page's URL as the form's default redirect may differ from it: path and query, without `__path`, `__err`
/// and `done`.
fn unmarked(url: &str) -> String {
    let kept = with_query(url, &["__path", "__err", "done"], None);
    match kept.split_once('?') {
        Some((_, query)) => format!("{}?{}", page_path(url), query.split('#').next().unwrap_or("")),
        None => page_path(url).to_string(),
    }
}

/// `location` without `done` (and, when `done` is given, without `__path` / `__err`), plus `done=<done>`.
pub fn mark_done(location: &str, done: Option<&str>) -> String {
    let drop: &[&str] = if done.is_some() { &["done", "__path", "__err"] } else { &["done"] };
    with_query(location, drop, done.map(|d| format!("done={d}")).as_deref())
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

#[cfg(test)]
mod tests {
    use super::{mark_done, page_path, unmarked};

    #[test]
    fn paths_of_urls() {
        assert_eq!(page_path("http://h:3000/appliance/access?__err=x#top"), "/appliance/access");
        assert_eq!(page_path("/appliance/access"), "/appliance/access");
        assert_eq!(page_path("https://h"), "/");
        assert_eq!(unmarked("http://h/p?__path=/api/x&__err=e&q=1&done=/api/y"), "/p?q=1");
        assert_eq!(unmarked("/p"), unmarked("http://h:1/p?__path=/api/x&__err=e"));
        assert_ne!(unmarked("/p?q=1"), unmarked("/p?q=1&confirm=stop"), "a page the server function chose is another page");
    }

    #[test]
    fn a_successful_form_marks_its_page_and_forgets_an_earlier_refusal() {
        assert_eq!(mark_done("http://h/appliance/access", Some("/api/appliance/access/shell")), "http://h/appliance/access?done=/api/appliance/access/shell");
        assert_eq!(
            mark_done("http://h/p?edit=qa&__path=/api/x&__err=abc&done=/api/y", Some("/api/x")),
            "http://h/p?edit=qa&done=/api/x"
        );
        // A refusal keeps its __path / __err and drops the earlier success.
        assert_eq!(mark_done("http://h/p?done=/api/y&__path=/api/x&__err=abc", None), "http://h/p?__path=/api/x&__err=abc");
        assert_eq!(mark_done("/p#top", None), "/p#top");
    }
}
