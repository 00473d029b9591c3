//! The security baseline every response gets: CSP (pages set their own with a nonce), frame-ancestors none,
//! Referrer-Policy, nosniff; server functions refuse other origins; login attempts are rate-limited per client
//! address; pages other than the login page need a console session.

use app::state::{cookie_value, LoginLimiter, SessionStore, SESSION_COOKIE};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

/// Headers added to every response that does not set them itself.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let asset = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // Pages and server functions carry a user's vCenter data: never stored (after a logout, Back on a shared
    // computer shows nothing). The WASM, JS and CSS by their plain names are checked again on each load
    // (Last-Modified); pages name them under a versioned path, kept for good (`versioned_assets` in lib.rs).
    h.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(if asset { "no-cache" } else { "no-store" }));
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static("default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // same-origin: form posts without JavaScript need the Referer to come back to their page.
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    res
}

/// The console's trusted reverse proxies (`--trusted-proxy`): only requests whose peer is in one of these
/// networks have their `X-Forwarded-For`, `-Proto` and `-Host` believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Vec<ipnet::IpNet>);

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// Who sent a request (see [`app::state::Client`]). From a trusted proxy: the client is the right-most
    /// `X-Forwarded-For` address that is not itself a trusted proxy (the left ones are the client's own word,
    /// so anyone can write them); the scheme and host are the proxy's `X-Forwarded-Proto` / `-Host`. From
    /// anyone else the headers are ignored.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> app::state::Client {
        let unspecified = IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED);
        let Some(peer) = peer.filter(|p| self.trusts(*p)) else {
            return app::state::Client { ip: peer.unwrap_or(unspecified), https: false, forwarded_host: None };
        };
        let values = |name: &str| -> Vec<String> {
            headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect()
        };
        let chain: Vec<IpAddr> = values("x-forwarded-for").iter().filter_map(|v| v.parse().ok()).collect();
        let ip = chain.iter().rev().find(|ip| !self.trusts(**ip)).or(chain.first()).copied().unwrap_or(peer);
        let https = values("x-forwarded-proto").last().is_some_and(|p| p.eq_ignore_ascii_case("https"));
        let forwarded_host = values("x-forwarded-host").last().cloned().filter(|h| h.chars().all(|c| c.is_ascii_graphic()));
        app::state::Client { ip, https, forwarded_host }
    }
}

/// Puts the request's [`app::state::Client`] in its extensions, for the origin check, the login rate limit
/// and the session cookie.
pub async fn forwarded(State(trusted): State<TrustedProxies>, mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    let client = trusted.client(peer, req.headers());
    req.extensions_mut().insert(client);
    next.run(req).await
}

/// Whether a request to a server function comes from the console's own pages: its `Origin` (or, lacking
/// one, its `Referer`) must name the host the browser sent it to — the `Host` header, or the host a trusted
/// proxy forwarded (`X-Forwarded-Host`), when the proxy rewrites `Host`. Requests with neither `Origin` nor
/// `Referer` (curl, scripts) pass; a browser always sends `Origin` on a POST.
pub fn same_origin(headers: &HeaderMap, forwarded_host: Option<&str>) -> bool {
    let Some(host) = forwarded_host.or_else(|| headers.get(header::HOST).and_then(|v| v.to_str().ok())) else { return false };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match source {
        None => headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_none_or(|s| s == "same-origin" || s == "none"),
        Some("null") => false,
        Some(src) => {
            let rest = src.strip_prefix("https://").or_else(|| src.strip_prefix("http://"));
            rest.map(|r| r.split('/').next().unwrap_or("")).is_some_and(|authority| authority.eq_ignore_ascii_case(host))
        }
    }
}

pub async fn origin_check(req: Request, next: Next) -> Response {
    let forwarded_host = req.extensions().get::<app::state::Client>().and_then(|c| c.forwarded_host.clone());
    // Server functions, and the routes that move library files (`/content/upload`, `/content/download`).
    let guarded = req.uri().path().starts_with("/api/") || req.uri().path().starts_with("/content/");
    if req.method() != Method::GET && guarded && !same_origin(req.headers(), forwarded_host.as_deref()) {
        tracing::warn!(path = %req.uri().path(), "refused a cross-origin server function call");
        return (StatusCode::FORBIDDEN, "Cross-origin request refused.").into_response();
    }
    next.run(req).await
}

/// Paths anyone may load: the login page, static assets, server functions (they check the session themselves).
fn is_public(path: &str) -> bool {
    path == "/login"
        || path.starts_with("/pkg/")
        || path.starts_with("/api/")
        || path == "/favicon.ico"
        || path == "/favicon.svg"
        || path == "/robots.txt"
}

/// Sends a page request (any method) without a live console session to the login page, remembering where it
/// was going.
pub async fn require_session(State(sessions): State<Arc<dyn SessionStore>>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if !is_public(path) {
        let lookup = cookie_value(req.headers(), SESSION_COOKIE).map(|id| sessions.lookup(id));
        let (ok, expired) = match lookup {
            Some(app::state::Lookup::Active(_)) => (true, false),
            Some(app::state::Lookup::Expired) => (false, true),
            _ => (false, false),
        };
        if !ok {
            let here = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
            let location = app::components::layout::login_url(here, expired);
            return Response::builder()
                .status(StatusCode::SEE_OTHER)
                .header(header::LOCATION, location)
                .body(Body::empty())
                .unwrap();
        }
    }
    next.run(req).await
}

/// Login attempts per client address: `per_minute` a minute, in bursts of at most that many.
pub struct GovernorLimiter(DefaultKeyedRateLimiter<IpAddr>);

impl GovernorLimiter {
    pub fn new(per_minute: u32) -> Arc<Self> {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap();
        Arc::new(GovernorLimiter(RateLimiter::keyed(Quota::per_minute(n))))
    }
}

impl LoginLimiter for GovernorLimiter {
    fn allow(&self, client: IpAddr) -> bool {
        self.0.retain_recent();
        self.0.check_key(&client).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn origins() {
        let same = |h: &[(&'static str, &'static str)]| same_origin(&headers(h), None);
        assert!(same(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")]));
        assert!(!same(&[("host", "127.0.0.1:3000"), ("origin", "http://evil.example")]));
        assert!(!same(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000.evil.example")]));
        assert!(!same(&[("host", "127.0.0.1:3000"), ("origin", "null")]));
        assert!(same(&[("host", "console:3000"), ("referer", "https://console:3000/login?x")]));
        assert!(!same(&[("host", "console:3000"), ("sec-fetch-site", "cross-site")]));
        assert!(same(&[("host", "console:3000")]));
        // Behind a proxy that rewrites Host, the host it forwarded is the one the browser used.
        let proxied = headers(&[("host", "127.0.0.1:3000"), ("origin", "https://vconsole.corp.example")]);
        assert!(same_origin(&proxied, Some("vconsole.corp.example")));
        assert!(!same_origin(&proxied, None));
    }

    #[test]
    fn forwarded_headers_count_only_from_trusted_proxies() {
        let trusted = TrustedProxies(vec!["10.0.0.0/24".parse().unwrap()]);
        let h = headers(&[("x-forwarded-for", "198.51.100.7, 203.0.113.9, 10.0.0.6"), ("x-forwarded-proto", "https"), ("x-forwarded-host", "vconsole.corp.example")]);
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let c = trusted.client(Some(proxy), &h);
        // 10.0.0.6 is a trusted proxy in the chain; 198.51.100.7 was written by the client itself.
        assert_eq!(c.ip, "203.0.113.9".parse::<IpAddr>().unwrap());
        assert!(c.https);
        assert_eq!(c.forwarded_host.as_deref(), Some("vconsole.corp.example"));
        let stranger: IpAddr = "192.0.2.1".parse().unwrap();
        let c = trusted.client(Some(stranger), &h);
        assert_eq!((c.ip, c.https, c.forwarded_host), (stranger, false, None), "from anyone else the headers are ignored");
        let c = trusted.client(Some(proxy), &HeaderMap::new());
        assert_eq!(c.ip, proxy, "a trusted proxy that names no client is the client");
        assert_eq!(TrustedProxies::default().client(Some(proxy), &h).ip, proxy, "no proxy trusted: the peer");
    }

    #[test]
    fn limiter_counts_per_address() {
        let l = GovernorLimiter::new(3);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert!((0..3).all(|_| l.allow(a)));
        assert!(!l.allow(a), "the fourth attempt within a minute is refused");
        assert!(l.allow(b), "another address is not affected");
    }

    #[test]
    fn public_paths() {
        assert!(is_public("/login") && is_public("/pkg/vconsole.wasm") && is_public("/api/cis/session/login"));
        assert!(!is_public("/appliance/summary") && !is_public("/") && !is_public("/loginx"));
    }
}
