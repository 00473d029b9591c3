//! What server functions find in context on the server: the vCenter client, the console session store and
//! the login rate limiter. The `server` crate builds these and provides them; the types the browser also
//! sees ([`ConsoleInfo`]) live here too.

use serde::{Deserialize, Serialize};

/// What the login page and the header show about one vCenter the console manages (it may manage several:
/// `--vcenter name=url` given more than once).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsoleInfo {
    /// The name the console knows this vCenter by (`--vcenter lab=https://…`; its host when unnamed). A
    /// console session is on one of them, by this name.
    pub name: String,
    /// `vcenter.example.com` or `127.0.0.1:port`.
    pub vcenter_host: String,
    /// Set when the console runs on its built-in simulated vCenter: the accounts to log in with.
    pub simulator: Option<Vec<SimAccount>>,
    /// Certificate verification is off (`--insecure`): shown as a banner.
    pub insecure: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimAccount {
    pub user: String,
    pub password: String,
    /// What the account may do (`Administrator`, `Operator`, `Read-only`).
    pub role: String,
}

/// The logged-in user, as the header shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhoAmI {
    /// The user name vCenter reports for the session (`cis/session?~action=get`).
    pub user: String,
    pub info: ConsoleInfo,
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::ConsoleInfo;
    use crate::client::{SessionId, VcClient, VcSession};
    use std::net::IpAddr;
    use std::sync::Arc;

    /// Who sent a request, as the console believes it: the connection's peer, or, when the peer is one of the
    /// console's trusted proxies (`--trusted-proxy`), the client, scheme and host its `X-Forwarded-*` headers
    /// name. The server puts it in every request's extensions.
    #[derive(Clone, Debug)]
    pub struct Client {
        pub ip: IpAddr,
        /// The browser reached the console over HTTPS (a trusted proxy said so).
        pub https: bool,
        /// The host the browser asked for, as a trusted proxy forwarded it (`X-Forwarded-Host`).
        pub forwarded_host: Option<String>,
    }

    /// Name of the console's session cookie.
    pub const SESSION_COOKIE: &str = "vconsole_session";

    /// One console session: the vCenter it is on (by name), the vCenter session behind it and who it is.
    #[derive(Clone, Debug, PartialEq)]
    pub struct ConsoleSession {
        pub vcenter: String,
        pub vc: SessionId,
        pub user: String,
    }

    /// One vCenter the console manages: what users are shown, and the client that calls it.
    #[derive(Clone)]
    pub struct VCenter {
        pub info: ConsoleInfo,
        pub client: VcClient,
    }

    /// The vCenters the console manages, in the order given (the first is the login page's default). Names are
    /// unique (checked when the options are read).
    #[derive(Clone)]
    pub struct VCenters(pub Arc<Vec<VCenter>>);

    impl VCenters {
        pub fn new(list: Vec<VCenter>) -> Self {
            VCenters(Arc::new(list))
        }
        /// The vCenter named `name`.
        pub fn get(&self, name: &str) -> Option<&VCenter> {
            self.0.iter().find(|v| v.info.name == name)
        }
        /// The vCenter a login names, or the first when it names none.
        pub fn chosen(&self, name: Option<&str>) -> Option<&VCenter> {
            match name.map(str::trim).filter(|n| !n.is_empty()) {
                Some(n) => self.get(n),
                None => self.0.first(),
            }
        }
        /// The vCenter session behind a console session (None when the console no longer manages its vCenter).
        pub fn session(&self, s: &ConsoleSession) -> Option<VcSession> {
            self.get(&s.vcenter).map(|v| v.client.session(s.vc.clone()))
        }
        pub fn infos(&self) -> Vec<ConsoleInfo> {
            self.0.iter().map(|v| v.info.clone()).collect()
        }
    }

    /// What a lookup of a console session id finds.
    #[derive(Clone, Debug)]
    pub enum Lookup {
        Active(ConsoleSession),
        /// It existed but expired (idle too long, or vCenter ended it).
        Expired,
        Missing,
    }

    /// The console's session store (kept by the `server` crate).
    pub trait SessionStore: Send + Sync + 'static {
        /// Stores a new session; returns its id for the cookie (random, at least 128 bits).
        fn create(&self, session: ConsoleSession) -> String;
        /// Finds a session and marks it used now.
        fn lookup(&self, id: &str) -> Lookup;
        /// Marks a session expired (vCenter answered unauthenticated).
        fn expire(&self, id: &str);
        /// Removes a session (logout), returning it.
        fn remove(&self, id: &str) -> Option<ConsoleSession>;
        /// Keeps a short-lived message for the session under `key` (a form's result, shown by the page the
        /// form's POST redirects to: POST, redirect, GET), replacing any earlier one.
        fn keep_message(&self, id: &str, key: &str, value: String);
        /// The message kept under `key`, while it is fresh (it is not consumed: a reload shows it again).
        fn message(&self, id: &str, key: &str) -> Option<String>;
    }

    /// How long a kept message lives.
    pub const MESSAGE_LIFETIME: std::time::Duration = std::time::Duration::from_secs(600);

    /// Decides whether a login attempt from this address may go ahead now.
    pub trait LoginLimiter: Send + Sync + 'static {
        fn allow(&self, client: IpAddr) -> bool;
    }

    /// Everything server functions need, provided as context.
    #[derive(Clone)]
    pub struct ConsoleState {
        pub vcenters: VCenters,
        pub sessions: Arc<dyn SessionStore>,
        pub login_limiter: Arc<dyn LoginLimiter>,
        /// The console's own long jobs (bulk tagging, partition resize), followed over server-sent events.
        pub jobs: Arc<crate::jobs::server::Jobs>,
        /// Every action taken through the console ([`crate::audit`]).
        pub audit: Arc<dyn crate::audit::server::AuditLog>,
        /// The tag category whose tags are teams (`--team-category`; [`crate::api::team`]).
        pub team_category: String,
        /// Who may make and change teams (`--team-admins`; principals, `user@domain`, lower case).
        pub team_admins: Vec<String>,
    }

    /// The value of one cookie in a `Cookie` header.
    pub fn cookie_value<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
        headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|kv| kv.trim().strip_prefix(name).and_then(|r| r.strip_prefix('=')))
    }
}
