//! Console sessions: a random id (256 bits) in an HttpOnly, SameSite=Strict cookie maps to the user's vCenter
//! session, which never leaves the server. Idle sessions expire; an expired one is logged out of vCenter too.

use app::state::{ConsoleSession, Lookup, SessionStore, VCenters, MESSAGE_LIFETIME};
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
    /// Short-lived messages (a form's result), by key, with when they were kept.
    messages: HashMap<String, (String, Instant)>,
}

/// The in-memory session store. A session ends in one of four ways, and its vCenter session is logged out
/// exactly once whichever it is: logout (the caller logs out what [`SessionStore::remove`] hands back), idle
/// expiry noticed by a lookup or by the sweep (queued here and logged out by the sweeper task at once), and
/// the console stopping ([`MemorySessions::end_all`]). When vCenter itself ended it ([`SessionStore::expire`])
/// there is nothing left to log out. Each entry leaves "active" once, under the map's lock.
pub struct MemorySessions {
    idle: Duration,
    map: Mutex<HashMap<String, Entry>>,
    /// Ended sessions whose vCenter session is still to be logged out.
    ended: Mutex<Vec<ConsoleSession>>,
    wake: tokio::sync::Notify,
}

impl MemorySessions {
    pub fn new(idle: Duration) -> Arc<Self> {
        Arc::new(MemorySessions { idle, map: Mutex::new(HashMap::new()), ended: Mutex::new(Vec::new()), wake: tokio::sync::Notify::new() })
    }

    /// Marks an active entry expired and queues its vCenter session for logout; an expired one is left alone.
    fn end(&self, e: &mut Entry) {
        if !e.expired {
            e.expired = true;
            self.ended.lock().unwrap().push(e.session.clone());
            self.wake.notify_one();
        }
    }

    /// Ends sessions idle past the timeout (keeping a marker for a while, so the user is told their session
    /// expired) and returns the vCenter sessions to log out, with any ended since the last call.
    pub fn sweep(&self) -> Vec<ConsoleSession> {
        let mut map = self.map.lock().unwrap();
        map.retain(|_, e| {
            let idle = e.last_seen.elapsed();
            if idle > self.idle {
                self.end(e);
            }
            // Forget expired markers after another idle period.
            !(e.expired && idle > self.idle * 2)
        });
        drop(map);
        std::mem::take(&mut *self.ended.lock().unwrap())
    }

    /// The console is stopping: every live session ends, and its vCenter session is logged out (a memory
    /// store does not outlive the process, so nobody could use them again).
    pub async fn end_all(&self, vcenters: &VCenters) {
        {
            let mut map = self.map.lock().unwrap();
            for e in map.values_mut() {
                self.end(e);
            }
        }
        let ended = std::mem::take(&mut *self.ended.lock().unwrap());
        for s in ended {
            log_out(vcenters, &s).await;
        }
    }

    pub fn len(&self) -> usize {
        self.map.lock().unwrap().values().filter(|e| !e.expired).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A session store whose idle sessions a sweeper ends ([`spawn_sweeper`]).
pub trait Sweep: Send + Sync + 'static {
    /// Ends the sessions idle past the timeout and returns the vCenter sessions to log out, with any ended
    /// (by a lookup) since the last call. It may block (a store elsewhere): it runs on a blocking thread.
    fn sweep(&self) -> Vec<ConsoleSession>;
    /// Woken when a lookup ends a session, so it is logged out at once.
    fn wake(&self) -> &tokio::sync::Notify;
    fn idle(&self) -> Duration;
}

/// Logs ended sessions out of vCenter: at once when a lookup finds one expired, and on a sweep every half
/// idle period (at most a minute) for the ones nobody looks up again. Ends with the store.
pub fn spawn_sweeper<S: Sweep>(store: &Arc<S>, vcenters: VCenters) {
    let me = Arc::downgrade(store);
    let every = (store.idle() / 2).clamp(Duration::from_millis(100), Duration::from_secs(60));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            let Some(store) = me.upgrade() else { return };
            tokio::select! {
                _ = tick.tick() => {}
                _ = store.wake().notified() => {}
            }
            let ended = tokio::task::spawn_blocking({
                let store = store.clone();
                move || store.sweep()
            })
            .await
            .unwrap_or_default();
            for s in ended {
                tracing::info!(user = %s.user, vcenter = %s.vcenter, "console session expired (idle): logging its vCenter session out");
                log_out(&vcenters, &s).await;
            }
        }
    });
}

/// Logs an ended console session's vCenter session out (of the vCenter it is on).
pub async fn log_out(vcenters: &VCenters, s: &ConsoleSession) {
    if let Some(vc) = vcenters.session(s) {
        let _ = vc.cis_session_delete().await;
    }
}

impl Sweep for MemorySessions {
    fn sweep(&self) -> Vec<ConsoleSession> {
        MemorySessions::sweep(self)
    }
    fn wake(&self) -> &tokio::sync::Notify {
        &self.wake
    }
    fn idle(&self) -> Duration {
        self.idle
    }
}

impl SessionStore for MemorySessions {
    fn create(&self, session: ConsoleSession) -> String {
        let id = random_id();
        self.map.lock().unwrap().insert(id.clone(), Entry { session, last_seen: Instant::now(), expired: false, messages: HashMap::new() });
        id
    }

    fn lookup(&self, id: &str) -> Lookup {
        let mut map = self.map.lock().unwrap();
        match map.get_mut(id) {
            None => Lookup::Missing,
            Some(e) if e.expired => Lookup::Expired,
            Some(e) if e.last_seen.elapsed() > self.idle => {
                self.end(e);
                Lookup::Expired
            }
            Some(e) => {
                e.last_seen = Instant::now();
                Lookup::Active(e.session.clone())
            }
        }
    }

    /// vCenter ended the session itself: nothing to log out.
    fn expire(&self, id: &str) {
        if let Some(e) = self.map.lock().unwrap().get_mut(id) {
            e.expired = true;
        }
    }

    fn remove(&self, id: &str) -> Option<ConsoleSession> {
        self.map.lock().unwrap().remove(id).filter(|e| !e.expired).map(|e| e.session)
    }

    fn keep_message(&self, id: &str, key: &str, value: String) {
        if let Some(e) = self.map.lock().unwrap().get_mut(id).filter(|e| !e.expired) {
            e.messages.retain(|_, (_, at)| at.elapsed() <= MESSAGE_LIFETIME);
            e.messages.insert(key.to_string(), (value, Instant::now()));
        }
    }

    fn message(&self, id: &str, key: &str) -> Option<String> {
        let map = self.map.lock().unwrap();
        let e = map.get(id).filter(|e| !e.expired)?;
        e.messages.get(key).filter(|(_, at)| at.elapsed() <= MESSAGE_LIFETIME).map(|(v, _)| v.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::client::SessionId;

    fn session() -> ConsoleSession {
        ConsoleSession { vcenter: "vc".into(), vc: SessionId::new("vc-secret"), user: "U".into() }
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
        assert_eq!(store.sweep().len(), 2, "the one the lookup found expired, and the never-looked-up one, once each");
        assert!(store.sweep().is_empty(), "and never again");
        assert!(matches!(store.lookup(&other), Lookup::Expired));
        assert!(store.sweep().is_empty());
    }

    #[test]
    fn messages_are_kept_per_session_and_key_until_the_session_ends() {
        let store = MemorySessions::new(Duration::from_secs(60));
        let (a, b) = (store.create(session()), store.create(session()));
        store.keep_message(&a, "syslog/test", "[1]".into());
        store.keep_message(&a, "syslog/test", "[2]".into());
        assert_eq!(store.message(&a, "syslog/test").as_deref(), Some("[2]"), "the latest, and again on a reload");
        assert_eq!(store.message(&a, "syslog/test").as_deref(), Some("[2]"));
        assert_eq!(store.message(&b, "syslog/test"), None, "another session's");
        assert_eq!(store.message(&a, "ntp/test"), None);
        store.keep_message("nope", "k", "v".into());
        store.expire(&a);
        assert_eq!(store.message(&a, "syslog/test"), None, "gone with its session");
    }

    #[test]
    fn expire_and_remove() {
        let store = MemorySessions::new(Duration::from_secs(60));
        let id = store.create(session());
        store.expire(&id);
        assert!(matches!(store.lookup(&id), Lookup::Expired));
        assert!(store.remove(&id).is_none(), "an expired session has nothing left to log out");
        assert!(store.sweep().is_empty(), "vCenter ended it: not logged out again");
        let id = store.create(session());
        assert_eq!(store.remove(&id).map(|s| s.user), Some("U".to_string()));
        assert!(matches!(store.lookup(&id), Lookup::Missing));
    }
}
