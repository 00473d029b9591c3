//! `cis/session`: log in, log out, who am I, and what the login page shows.

use crate::error::AppError;
use crate::state::{ConsoleInfo, WhoAmI};
use leptos::prelude::*;

/// Where a login leads when `next` is missing or refused.
pub const HOME: &str = "/appliance/summary";

/// The post-login destination: only a page of this console. `next` is read as a browser reads a link on one
/// of its pages (the WHATWG URL rules: a backslash as `/`, tabs and new lines dropped, percent-decoding, `..`),
/// against a stand-in origin; it is accepted only when that origin is unchanged, it has no control character
/// (which the browser would drop, and which a `Location` header cannot carry), and it is not the login page
/// or an API path. The result is the parsed path, query and fragment, so it is sent as the browser will read
/// it.
#[cfg(feature = "ssr")]
pub fn safe_next(next: Option<&str>) -> String {
    const ORIGIN: &str = "https://console.invalid/";
    let refuse = || HOME.to_string();
    let Some(next) = next.map(str::trim).filter(|n| !n.is_empty()) else { return refuse() };
    if next.chars().any(|c| c.is_control()) || !next.starts_with('/') {
        return refuse();
    }
    let base = url::Url::parse(ORIGIN).expect("a valid base");
    let Ok(u) = base.join(next) else { return refuse() };
    if u.origin() != base.origin() || !u.username().is_empty() || u.password().is_some() {
        return refuse();
    }
    let path = u.path();
    let bad_path = |p: &str| path == p || path.starts_with(&format!("{p}/"));
    if bad_path("/login") || bad_path("/api") || path.starts_with("//") {
        return refuse();
    }
    let mut out = path.to_string();
    if let Some(q) = u.query() {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = u.fragment() {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The login form; `next` is the page to go to afterwards (a page of the console only, see [`safe_next`]).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    pub next: Option<String>,
    /// Which vCenter (by its console name) when the console manages several; the first when absent.
    #[serde(default)]
    pub vcenter: Option<String>,
}

/// Logs in to vCenter with the user's own credentials (`POST /rest/com/vmware/cis/session`), reads who the
/// session is (`?~action=get`), and starts a console session (cookie) that maps to it.
#[server(prefix = "/api", endpoint = "cis/session/login")]
pub async fn login(#[server(flatten)] form: LoginForm) -> Result<(), AppError> {
    use crate::api::ssr::{request_parts, state};
    use crate::error::VapiErrorKind;
    use crate::state::ConsoleSession;

    let state = state()?;
    let parts = request_parts()?;
    let LoginForm { username, password, next, vcenter } = form;
    let user = username.trim().to_string();
    let fail = |message: &str| AppError::Login { user: user.clone(), message: message.to_string(), vcenter: vcenter.clone() };
    if user.is_empty() {
        return Err(fail("Enter a user name."));
    }
    if password.is_empty() {
        return Err(fail("Enter the password."));
    }
    let Some(target) = state.vcenters.chosen(vcenter.as_deref()) else {
        return Err(fail("Choose one of the vCenters listed."));
    };
    // The client as the server determined it (behind a trusted proxy: the address the proxy names).
    let client_ip = parts
        .extensions
        .get::<crate::state::Client>()
        .map(|c| c.ip)
        .or_else(|| parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip()))
        .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    if !state.login_limiter.allow(client_ip) {
        tracing::warn!(%client_ip, "login attempt refused: rate limit");
        return Err(fail("Too many login attempts from this address. Wait a minute, then try again."));
    }
    let vc = match target.client.login(&user, &password).await {
        Ok(vc) => vc,
        Err(e) if e.is(VapiErrorKind::Unauthenticated) => {
            tracing::info!(%client_ip, user = %user, "login refused by vCenter");
            return Err(fail("Wrong user name or password."));
        }
        Err(e) => return Err(fail(&e.to_string())),
    };
    let info = match vc.cis_session_get().await {
        Ok(info) => info,
        Err(e) => {
            let _ = vc.cis_session_delete().await;
            return Err(fail(&e.to_string()));
        }
    };
    tracing::info!(%client_ip, user = %info.user, vcenter = %target.info.name, "logged in");
    let id = state.sessions.create(ConsoleSession { vcenter: target.info.name.clone(), vc: vc.id().clone(), user: info.user });
    set_session_cookie(&parts, Some(&id))?;
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

/// Ends the console session and the vCenter session behind it (`DELETE /rest/com/vmware/cis/session`).
#[server(prefix = "/api", endpoint = "cis/session/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::api::ssr::{console_session_id, request_parts, state};

    let state = state()?;
    if let Some(session) = console_session_id().and_then(|id| state.sessions.remove(&id)) {
        match state.vcenters.session(&session) {
            Some(vc) => {
                if let Err(e) = vc.cis_session_delete().await {
                    tracing::info!("vCenter logout: {e}");
                }
            }
            None => tracing::info!(vcenter = %session.vcenter, "logout from a vCenter the console no longer manages"),
        }
        tracing::info!(user = %session.user, "logged out");
    }
    set_session_cookie(&request_parts()?, None)?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// What the login page shows: each vCenter the console manages (the first is the default), with the
/// simulator's accounts when it is the simulator.
#[server(prefix = "/api", endpoint = "cis/session/console_info")]
pub async fn get_console_info() -> Result<Vec<ConsoleInfo>, AppError> {
    Ok(crate::api::ssr::state()?.vcenters.infos())
}

/// The logged-in user (as vCenter named them at login) and the console's connection facts.
#[server(prefix = "/api", endpoint = "cis/session/whoami")]
pub async fn get_whoami() -> Result<WhoAmI, AppError> {
    use crate::api::ssr::{console_session, state};
    let (s, _id) = console_session()?;
    let info = state()?.vcenters.get(&s.vcenter).map(|v| v.info.clone()).ok_or(AppError::NotLoggedIn { expired: true })?;
    Ok(WhoAmI { user: s.user, info })
}

/// Sets the console session cookie (`None` clears it): HttpOnly, SameSite=Strict, and Secure when the
/// request came over https (as a TLS-terminating proxy reports with `X-Forwarded-Proto`).
#[cfg(feature = "ssr")]
fn set_session_cookie(request: &http::request::Parts, id: Option<&str>) -> Result<(), AppError> {
    use crate::state::SESSION_COOKIE;
    // `Secure` when the browser came over HTTPS: said by a trusted proxy only (see `crate::state::Client`).
    let https = request.extensions.get::<crate::state::Client>().is_some_and(|c| c.https);
    let cookie = format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict{}{}",
        id.unwrap_or(""),
        if id.is_none() { "; Max-Age=0" } else { "" },
        if https { "; Secure" } else { "" }
    );
    let value = http::HeaderValue::from_str(&cookie).map_err(|e| AppError::Internal(e.to_string()))?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, value);
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::{safe_next, HOME};

    #[test]
    fn next_must_be_a_local_path() {
        assert_eq!(safe_next(Some("/appliance/summary?x=1")), "/appliance/summary?x=1");
        assert_eq!(safe_next(Some("/tags/tags?category=urn%3Avmomi#new")), "/tags/tags?category=urn%3Avmomi#new");
        assert_eq!(safe_next(Some("/inventory/vm?name=web&per=100")), "/inventory/vm?name=web&per=100");
        // `..` stays inside the console; the parsed form is what the browser would open.
        assert_eq!(safe_next(Some("/tags/../inventory/vm")), "/inventory/vm");
        // Percent-encoded slashes are a path on this console, not a host.
        assert_eq!(safe_next(Some("/%2F%2Fevil.example")), "/%2F%2Fevil.example");
        assert_eq!(safe_next(None), HOME);
        assert_eq!(safe_next(Some("")), HOME);
    }

    /// Shapes that lead elsewhere (or nowhere useful) once a browser reads them by the WHATWG URL rules: each
    /// must fall back to the console's home page.
    #[test]
    fn hostile_destinations_fall_back_to_the_home_page() {
        let hostile = [
            "//evil.example/",                 // scheme-relative: another host
            "///evil.example/",                // more slashes: still a host for a special scheme
            "////evil.example",
            "https://evil.example/",           // absolute
            "http:evil.example",               // scheme without slashes: another origin
            "HTTPS://evil.example",            // scheme case
            "javascript:alert(1)",             // another scheme
            " //evil.example",                 // leading space trimmed, then scheme-relative
            "/\\evil.example",                 // backslash is a slash in special URLs
            "\\\\evil.example",
            "/\\/evil.example",
            "\\/evil.example",
            "/\t/evil.example",                // tab dropped by the parser
            "/\n/evil.example",                // new line dropped by the parser
            "/\r\n/evil.example",
            "/summary\r\nSet-Cookie: x=1",     // header injection (and a panic in a Location header)
            "/\u{0}/x",                        // NUL
            "/\u{7f}",                         // DEL
            "/.//evil.example",                // dot segments that leave `//` at the front of the path
            "/x/..//evil.example",
            "https://console.invalid@evil.example/", // userinfo trick
            "//console.invalid@evil.example",
            "/login?next=//evil.example",      // the login page again
            "/login",
            "/api/cis/session/logout",         // an API endpoint, not a page
            "evil.example",                    // relative: not a path
            "?next=x",
            "#top",
        ];
        for h in hostile {
            let got = safe_next(Some(h));
            assert_eq!(got, HOME, "{h:?} must not be a destination (got {got:?})");
        }
        assert!(hostile.len() >= 20);
    }
}
