//! `cis/session`: create (HTTP basic auth checked against the configured account), get, delete; idle expiry.

use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::cis::session::Info;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use base64::Engine as _;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use time::OffsetDateTime;

struct Session {
    /// The name the user logged in with (`readonly@vsphere.local`): their role goes by it.
    login: String,
    user: String,
    created: OffsetDateTime,
    last_accessed: OffsetDateTime,
    last_seen: Instant,
}

/// Live sessions by id.
pub struct Sessions {
    idle: Duration,
    map: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    pub fn new(idle: Duration) -> Self {
        Sessions { idle, map: Mutex::new(HashMap::new()) }
    }

    fn create(&self, login: String, user: String) -> String {
        let id = crate::simulator::rules::random_id();
        let now = OffsetDateTime::now_utc();
        let mut map = self.map.lock().unwrap();
        // Drop idle sessions while here, so the map does not grow without bound.
        map.retain(|_, s| s.last_seen.elapsed() <= self.idle);
        map.insert(id.clone(), Session { login, user, created: now, last_accessed: now, last_seen: Instant::now() });
        id
    }

    /// The user of a live session, marking it used; an idle-expired session is removed and refused.
    pub fn touch(&self, id: &str) -> Option<String> {
        let mut map = self.map.lock().unwrap();
        let expired = map.get(id)?.last_seen.elapsed() > self.idle;
        if expired {
            map.remove(id);
            return None;
        }
        let s = map.get_mut(id)?;
        s.last_seen = Instant::now();
        s.last_accessed = OffsetDateTime::now_utc();
        Some(s.user.clone())
    }

    /// The login name of a live session, without marking it used (the privilege check).
    pub fn login(&self, id: &str) -> Option<String> {
        let map = self.map.lock().unwrap();
        map.get(id).filter(|s| s.last_seen.elapsed() <= self.idle).map(|s| s.login.clone())
    }

    fn info(&self, id: &str) -> Option<Info> {
        let map = self.map.lock().unwrap();
        map.get(id).map(|s| Info { user: s.user.clone(), created_time: iso(s.created), last_accessed_time: iso(s.last_accessed) })
    }

    /// Ends a session (logout; tests use it to play a vCenter that forgot a session).
    pub fn remove(&self, id: &str) {
        self.map.lock().unwrap().remove(id);
    }

    /// The live session ids (tests check that none of them reaches the browser).
    pub fn ids(&self) -> Vec<String> {
        self.map.lock().unwrap().keys().cloned().collect()
    }

    /// Forgets every session (the appliance rebooted).
    pub fn clear(&self) {
        self.map.lock().unwrap().clear();
    }

    pub fn count(&self) -> usize {
        self.map.lock().unwrap().len()
    }
}

/// `2026-11-28T12:00:00.000Z`, as vCenter writes times.
pub fn iso(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// vCenter names SSO users `DOMAIN\User` in session info: `administrator@vsphere.local` → `VSPHERE.LOCAL\Administrator`.
fn display_user(login: &str) -> String {
    match login.split_once('@') {
        Some((name, domain)) => {
            let mut chars = name.chars();
            let name = chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default();
            format!("{}\\{}", domain.to_uppercase(), name)
        }
        None => login.to_string(),
    }
}

pub fn routes() -> Router<SimState> {
    Router::new().route("/rest/com/vmware/cis/session", post(create_or_get).delete(delete))
}

/// `POST …/session` creates; `POST …/session?~action=get` reads.
async fn create_or_get(
    State(state): State<SimState>,
    Query(query): Query<HashMap<String, String>>,
    authed: Result<Authed, SimError>,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    match query.get("~action").or_else(|| query.get("action")).map(String::as_str) {
        Some("get") => Ok(ok(state.sessions.info(&authed?.session_id).ok_or_else(SimError::unauthenticated)?)),
        Some(other) => Err(SimError::no_operation(&format!("action '{other}' on /rest/com/vmware/cis/session"))),
        None => {
            let (user, password) = basic_auth(&headers).ok_or_else(SimError::unauthenticated)?;
            // The administrator, the operator and the read-only account (`roles`), one password.
            let account = crate::simulator::roles::accounts(&state.config.user).into_iter().find(|(name, _)| user.eq_ignore_ascii_case(name));
            let Some((login, _)) = account.filter(|_| password == state.config.password) else {
                // vCenter answers a wrong password exactly as a missing one.
                return Err(SimError::unauthenticated());
            };
            Ok(ok(state.sessions.create(login.clone(), display_user(&login))))
        }
    }
}

async fn delete(State(state): State<SimState>, authed: Authed) -> Response {
    state.sessions.remove(&authed.session_id);
    ok_void()
}

fn basic_auth(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ").or_else(|| value.strip_prefix("basic "))?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_are_named_like_vcenter() {
        assert_eq!(display_user("administrator@vsphere.local"), "VSPHERE.LOCAL\\Administrator");
        assert_eq!(display_user("root"), "root");
    }

    #[test]
    fn sessions_expire_when_idle() {
        let s = Sessions::new(Duration::from_millis(30));
        let id = s.create("u".into(), "U".into());
        assert_eq!(s.touch(&id).as_deref(), Some("U"));
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(s.touch(&id), None);
        assert_eq!(s.count(), 0);
    }
}
