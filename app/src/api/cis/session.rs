//! `cis/session`: log in, log out, who am I, and what the login page shows.

use crate::error::AppError;
use crate::state::{ConsoleInfo, WhoAmI};
use leptos::prelude::*;

/// Only a local absolute path may be a post-login destination (no `//host`, no scheme).
pub fn safe_next(next: Option<&str>) -> String {
    match next.map(str::trim) {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") && !n.starts_with("/login") && !n.starts_with("/api/") => {
            n.to_string()
        }
        _ => "/appliance/summary".to_string(),
    }
}

/// The login form; `next` is the page to go to afterwards (a page of the console only, see [`safe_next`]).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    pub next: Option<String>,
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
    let LoginForm { username, password, next } = form;
    let user = username.trim().to_string();
    let fail = |message: &str| AppError::Login { user: user.clone(), message: message.to_string() };
    if user.is_empty() {
        return Err(fail("Enter a user name."));
    }
    if password.is_empty() {
        return Err(fail("Enter the password."));
    }
    let client_ip = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    if !state.login_limiter.allow(client_ip) {
        tracing::warn!(%client_ip, "login attempt refused: rate limit");
        return Err(fail("Too many login attempts from this address. Wait a minute, then try again."));
    }
    let vc = match state.client.login(&user, &password).await {
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
    tracing::info!(%client_ip, user = %info.user, "logged in");
    let id = state.sessions.create(ConsoleSession { vc: vc.id().clone(), user: info.user });
    set_session_cookie(&parts.headers, Some(&id))?;
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

/// Ends the console session and the vCenter session behind it (`DELETE /rest/com/vmware/cis/session`).
#[server(prefix = "/api", endpoint = "cis/session/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::api::ssr::{console_session_id, request_parts, state};

    let state = state()?;
    if let Some(session) = console_session_id().and_then(|id| state.sessions.remove(&id)) {
        if let Err(e) = state.client.session(session.vc).cis_session_delete().await {
            tracing::info!("vCenter logout: {e}");
        }
        tracing::info!(user = %session.user, "logged out");
    }
    set_session_cookie(&request_parts()?.headers, None)?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// What the login page shows: the vCenter host, and the simulator's account when it is the simulator.
#[server(prefix = "/api", endpoint = "cis/session/console_info")]
pub async fn get_console_info() -> Result<ConsoleInfo, AppError> {
    Ok(crate::api::ssr::state()?.info)
}

/// The logged-in user (as vCenter named them at login) and the console's connection facts.
#[server(prefix = "/api", endpoint = "cis/session/whoami")]
pub async fn get_whoami() -> Result<WhoAmI, AppError> {
    use crate::api::ssr::{state, vc_session};
    let (_vc, user, _id) = vc_session()?;
    Ok(WhoAmI { user, info: state()?.info })
}

/// Sets the console session cookie (`None` clears it): HttpOnly, SameSite=Strict, and Secure when the
/// request came over https (as a TLS-terminating proxy reports with `X-Forwarded-Proto`).
#[cfg(feature = "ssr")]
fn set_session_cookie(request: &http::HeaderMap, id: Option<&str>) -> Result<(), AppError> {
    use crate::state::SESSION_COOKIE;
    let https = request.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("https"));
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

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_be_a_local_path() {
        assert_eq!(safe_next(Some("/appliance/summary?x=1")), "/appliance/summary?x=1");
        assert_eq!(safe_next(Some("//evil.example/")), "/appliance/summary");
        assert_eq!(safe_next(Some("https://evil.example/")), "/appliance/summary");
        assert_eq!(safe_next(Some("/\\evil.example")), "/appliance/summary");
        assert_eq!(safe_next(Some("/login")), "/appliance/summary");
        assert_eq!(safe_next(None), "/appliance/summary");
    }
}
