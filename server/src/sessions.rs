//! Console sessions: a random id (256 bits) in an HttpOnly, SameSite=Strict cookie maps to the user's vCenter
//! session, which never leaves the server. Idle sessions expire; an expired one is logged out of vCenter too.

use app::client::VcClient;
use app::state::{ConsoleSession, Lookup, SessionStore};
use rand::RngCore;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// 32 random bytes from the OS generator, as 64 hex digits.
pub fn random_id() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

struct Entry {
    session: ConsoleSession,
    last_seen: Instant,
    expired: bool,
}

pub struct MemorySessions {
    idle: Duration,
    map: Mutex<HashMap<String, Entry>>,
}

impl MemorySessions {
    pub fn new(idle: Duration) -> Arc<Self> {
        Arc::new(MemorySessions { idle, map: Mutex::new(HashMap::new()) })
    }

    /// Removes sessions idle past the timeout (keeping a marker for a while, so the user is told their session
    /// expired) and returns the vCenter sessions to log out.
    pub fn sweep(&self) -> Vec<ConsoleSession> {
        let mut map = self.map.lock().unwrap();
        let mut to_logout = Vec::new();
        map.retain(|_, e| {
            let idle = e.last_seen.elapsed();
            if !e.expired && idle > self.idle {
                e.expired = true;
                to_logout.push(e.session.clone());
            }
            // Forget expired markers after another idle period.
            !(e.expired && idle > self.idle * 2)
        });
        to_logout
    }

    /// Sweeps once a minute, logging expired sessions out of vCenter.
    pub fn spawn_sweeper(self: &Arc<Self>, client: VcClient) {
        let me = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                let Some(store) = me.upgrade() else { return };
                for s in store.sweep() {
                    tracing::info!(user = %s.user, "console session expired (idle)");
                    let _ = client.session(s.vc).cis_session_delete().await;
                }
            }
        });
    }

    pub fn len(&self) -> usize {
        self.map.lock().unwrap().values().filter(|e| !e.expired).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl SessionStore for MemorySessions {
    fn create(&self, session: ConsoleSession) -> String {
        let id = random_id();
        self.map.lock().unwrap().insert(id.clone(), Entry { session, last_seen: Instant::now(), expired: false });
        id
    }

    fn lookup(&self, id: &str) -> Lookup {
        let mut map = self.map.lock().unwrap();
        match map.get_mut(id) {
            None => Lookup::Missing,
            Some(e) if e.expired || e.last_seen.elapsed() > self.idle => {
                e.expired = true;
                Lookup::Expired
            }
            Some(e) => {
                e.last_seen = Instant::now();
                Lookup::Active(e.session.clone())
            }
        }
    }

    fn expire(&self, id: &str) {
        if let Some(e) = self.map.lock().unwrap().get_mut(id) {
            e.expired = true;
        }
    }

    fn remove(&self, id: &str) -> Option<ConsoleSession> {
        self.map.lock().unwrap().remove(id).filter(|e| !e.expired).map(|e| e.session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::client::SessionId;

    fn session() -> ConsoleSession {
        ConsoleSession { vc: SessionId::new("vc-secret"), user: "U".into() }
    }

    #[test]
    fn ids_are_long_and_unique() {
        let a = random_id();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_id());
    }

    #[test]
    fn idle_sessions_expire_and_are_reported_once() {
        let store = MemorySessions::new(Duration::from_millis(40));
        let id = store.create(session());
        assert!(matches!(store.lookup(&id), Lookup::Active(_)));
        std::thread::sleep(Duration::from_millis(60));
        assert!(matches!(store.lookup(&id), Lookup::Expired));
        assert!(matches!(store.lookup("nope"), Lookup::Missing));
        let other = store.create(session());
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(store.sweep().len(), 1, "the never-looked-up session is logged out by the sweep");
        assert!(matches!(store.lookup(&other), Lookup::Expired));
    }

    #[test]
    fn expire_and_remove() {
        let store = MemorySessions::new(Duration::from_secs(60));
        let id = store.create(session());
        store.expire(&id);
        assert!(matches!(store.lookup(&id), Lookup::Expired));
        assert!(store.remove(&id).is_none(), "an expired session has nothing left to log out");
        let id = store.create(session());
        assert_eq!(store.remove(&id).map(|s| s.user), Some("U".to_string()));
        assert!(matches!(store.lookup(&id), Lookup::Missing));
    }
}
