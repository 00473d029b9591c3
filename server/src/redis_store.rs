//! `--redis URL`: console sessions, their form messages, the login rate limit and the audit log in Redis, so
//! that several console processes (replicas behind a load balancer) share them: a user logged in through one is
//! logged in on all, a replica stopping logs nobody out, and a session ends (its vCenter session logged out)
//! exactly once whichever replica ends it.
//!
//! Keys (all under `vconsole:`):
//! - `s:{id}`: a hash — `vcenter`, `vc` (the vCenter session id: on the server only, as in memory), `user`,
//!   `seen` (ms since the epoch) and `expired` (`1` once ended). It lives for two idle periods after its last
//!   use, as the memory store's expired marker does.
//! - `m:{id}`: the session's form messages, a hash of key → `{ms}|{value}`, read only while fresh.
//! - `login:{ip}:{minute}`: login attempts from an address in one clock minute.
//! - `audit`: a stream of audit entries (JSON), the newest [`crate::harness::AUDIT_KEPT`] kept.
//!
//! Each change of a session's state is one Lua script, so it is atomic across replicas: the replica whose
//! script flips `expired` is the one that logs the vCenter session out.
//!
//! The [`SessionStore`] interface is synchronous (it is called from synchronous helpers everywhere in the
//! app); the calls here are short round trips on loopback, made with a pooled blocking connection inside
//! `block_in_place` so a worker thread's other tasks move on meanwhile.

use app::audit::server::{AuditLog, MemoryAudit};
use app::audit::AuditEntry;
use app::client::SessionId;
use app::state::{ConsoleSession, LoginLimiter, Lookup, SessionStore, MESSAGE_LIFETIME};
use redis::{Commands, Script};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const PREFIX: &str = "vconsole:";

fn session_key(id: &str) -> String {
    format!("{PREFIX}s:{id}")
}
fn messages_key(id: &str) -> String {
    format!("{PREFIX}m:{id}")
}
const AUDIT_KEY: &str = "vconsole:audit";

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// Runs a blocking Redis call from async code: inside `block_in_place` on a multi-threaded runtime (the
/// server's), directly otherwise (a single-threaded test runtime, or no runtime).
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => tokio::task::block_in_place(f),
        _ => f(),
    }
}

/// A pool of connections to one Redis server.
#[derive(Clone)]
pub struct Redis {
    pool: r2d2::Pool<redis::Client>,
    client: redis::Client,
}

impl Redis {
    /// Connects (and checks the server answers) or says why not.
    pub fn open(url: &str) -> Result<Self, String> {
        use redis::IntoConnectionInfo;
        // Without TCP_NODELAY a command's pieces wait for the previous one's ACK (Nagle): milliseconds a call.
        let shown = crate::stores::without_password(url);
        let info = url
            .into_connection_info()
            .map_err(|e| format!("--redis {shown}: {e}"))?
            .set_tcp_settings(redis::io::tcp::TcpSettings::default().set_nodelay(true));
        let client = redis::Client::open(info).map_err(|e| format!("--redis {shown}: {e}"))?;
        let pool = r2d2::Pool::builder()
            .max_size(64)
            .min_idle(Some(2))
            .connection_timeout(Duration::from_secs(3))
            .test_on_check_out(false)
            .build(client.clone())
            .map_err(|e| format!("cannot connect to Redis at {shown}: {e}"))?;
        let me = Redis { pool, client };
        let pong: String = me.run(|c| redis::cmd("PING").query(c)).map_err(|e| format!("Redis at {shown} does not answer: {e}"))?;
        if pong != "PONG" {
            return Err(format!("Redis at {shown} answered PING with {pong}"));
        }
        Ok(me)
    }

    /// One call with a pooled connection. Connections are not pinged when taken from the pool (that would be a
    /// second round trip per call); a call that finds its connection broken (Redis restarted) is made once more
    /// on a new connection of its own.
    fn run<T>(&self, f: impl Fn(&mut redis::Connection) -> redis::RedisResult<T>) -> Result<T, String> {
        blocking(|| {
            let mut c = self.pool.get().map_err(|e| e.to_string())?;
            match f(&mut c) {
                // The pool drops a broken connection when it is handed back; this call is made on a new one.
                Err(e) if e.is_io_error() || e.is_connection_dropped() || e.is_connection_refusal() => {
                    let mut fresh = self.client.get_connection().map_err(|e| e.to_string())?;
                    f(&mut fresh).map_err(|e| e.to_string())
                }
                other => other.map_err(|e| e.to_string()),
            }
        })
    }
}

/// Sessions in Redis (see the module's notes).
pub struct RedisSessions {
    redis: Redis,
    idle: Duration,
    lookup: Script,
    sweep: Script,
    expire: Script,
    remove: Script,
    keep: Script,
    message: Script,
    /// Sessions this replica ended (idle) whose vCenter session is still to be logged out.
    ended: Mutex<Vec<ConsoleSession>>,
    wake: tokio::sync::Notify,
}

/// The fields a script hands back for a session: `vcenter`, `vc`, `user`.
type Fields = (String, String, String);

fn session_of((vcenter, vc, user): Fields) -> ConsoleSession {
    ConsoleSession { vcenter, vc: SessionId::new(vc), user }
}

impl RedisSessions {
    pub fn new(redis: Redis, idle: Duration) -> Arc<Self> {
        // ARGV: now (ms), idle (ms). Answers {state, vcenter, vc, user}; `ended` = this call ended it.
        let lookup = Script::new(
            r"local h = redis.call('HMGET', KEYS[1], 'vcenter', 'vc', 'user', 'seen', 'expired')
            if not h[2] then return {'missing'} end
            if h[5] == '1' then return {'expired'} end
            local now, idle = tonumber(ARGV[1]), tonumber(ARGV[2])
            if now - tonumber(h[4]) > idle then
              redis.call('HSET', KEYS[1], 'expired', '1')
              return {'ended', h[1], h[2], h[3]}
            end
            redis.call('HSET', KEYS[1], 'seen', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], idle * 2)
            return {'active', h[1], h[2], h[3]}",
        );
        // The same without using it: ends an idle session (the sweep).
        let sweep = Script::new(
            r"local h = redis.call('HMGET', KEYS[1], 'vcenter', 'vc', 'user', 'seen', 'expired')
            if not h[2] or h[5] == '1' then return {'no'} end
            if tonumber(ARGV[1]) - tonumber(h[4]) > tonumber(ARGV[2]) then
              redis.call('HSET', KEYS[1], 'expired', '1')
              return {'ended', h[1], h[2], h[3]}
            end
            return {'no'}",
        );
        let expire = Script::new(
            r"if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'expired', '1') end
            redis.call('DEL', KEYS[2])
            return 1",
        );
        // Removes the session and its messages; answers its fields when it was still active (to log out).
        let remove = Script::new(
            r"local h = redis.call('HMGET', KEYS[1], 'vcenter', 'vc', 'user', 'expired')
            redis.call('DEL', KEYS[1], KEYS[2])
            if not h[2] or h[4] == '1' then return {'no'} end
            return {'removed', h[1], h[2], h[3]}",
        );
        // ARGV: message key, `{ms}|{value}`, lifetime (ms).
        let keep = Script::new(
            r"if redis.call('HGET', KEYS[1], 'expired') ~= '0' then return 0 end
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            return 1",
        );
        let message = Script::new(
            r"if redis.call('HGET', KEYS[1], 'expired') ~= '0' then return false end
            return redis.call('HGET', KEYS[2], ARGV[1])",
        );
        Arc::new(RedisSessions { redis, idle, lookup, sweep, expire, remove, keep, message, ended: Mutex::new(Vec::new()), wake: tokio::sync::Notify::new() })
    }

    fn idle_ms(&self) -> i64 {
        self.idle.as_millis() as i64
    }

    fn ended(&self, s: ConsoleSession) {
        self.ended.lock().unwrap().push(s);
        self.wake.notify_one();
    }

    /// Ends the sessions idle past the timeout (any replica's: the script ends each once) and returns those to
    /// log out, with the ones lookups ended since the last call.
    pub fn sweep(&self) -> Vec<ConsoleSession> {
        let now = now_ms();
        let mut ended = std::mem::take(&mut *self.ended.lock().unwrap());
        let keys = match self.redis.run(|c| c.scan_match::<_, String>(format!("{PREFIX}s:*"))?.collect::<Result<Vec<String>, _>>()) {
            Ok(k) => k,
            Err(e) => {
                tracing::warn!("Redis: the session sweep cannot list the sessions: {e}");
                return ended;
            }
        };
        // One call per session: a failure costs that session's turn (the next sweep sees it again), never
        // the ones already ended, which are handed back to be logged out.
        for k in keys {
            match self.redis.run(|c| self.sweep.key(&k).arg(now).arg(self.idle_ms()).invoke::<Vec<String>>(c)).map(answer) {
                Ok((state, Some(s))) if state == "ended" => ended.push(s),
                Ok(_) => {}
                Err(e) => tracing::warn!("Redis: the session sweep failed for one session: {e}"),
            }
        }
        ended
    }

    /// How many sessions Redis holds (active or expired markers).
    pub fn len(&self) -> usize {
        self.redis.run(|c| Ok(c.scan_match::<_, String>(format!("{PREFIX}s:*"))?.count())).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl crate::sessions::Sweep for RedisSessions {
    fn sweep(&self) -> Vec<ConsoleSession> {
        RedisSessions::sweep(self)
    }
    fn wake(&self) -> &tokio::sync::Notify {
        &self.wake
    }
    fn idle(&self) -> Duration {
        self.idle
    }
}

/// Reads a script's `{state, vcenter, vc, user}` answer.
fn answer(r: Vec<String>) -> (String, Option<ConsoleSession>) {
    let mut it = r.into_iter();
    let state = it.next().unwrap_or_default();
    match (it.next(), it.next(), it.next()) {
        (Some(vcenter), Some(vc), Some(user)) => (state, Some(session_of((vcenter, vc, user)))),
        _ => (state, None),
    }
}

impl SessionStore for RedisSessions {
    fn create(&self, session: ConsoleSession) -> String {
        let id = crate::sessions::random_id();
        let key = session_key(&id);
        let result = self.redis.run(|c| {
            redis::pipe()
                .atomic()
                .hset_multiple(
                    &key,
                    &[
                        ("vcenter", session.vcenter.as_str()),
                        ("vc", session.vc.expose()),
                        ("user", session.user.as_str()),
                        ("seen", &now_ms().to_string()),
                        ("expired", "0"),
                    ],
                )
                .ignore()
                .pexpire(&key, self.idle_ms() * 2)
                .ignore()
                .query::<()>(c)
        });
        if let Err(e) = result {
            // The login then finds no session and asks again: said in the log for the administrator.
            tracing::error!("Redis: cannot store a new console session: {e}");
        }
        id
    }

    fn lookup(&self, id: &str) -> Lookup {
        let r = self.redis.run(|c| self.lookup.key(session_key(id)).arg(now_ms()).arg(self.idle_ms()).invoke::<Vec<String>>(c));
        match r.map(answer) {
            Ok((state, Some(s))) if state == "active" => Lookup::Active(s),
            Ok((state, Some(s))) if state == "ended" => {
                self.ended(s);
                Lookup::Expired
            }
            Ok((state, _)) if state == "expired" => Lookup::Expired,
            Ok(_) => Lookup::Missing,
            Err(e) => {
                tracing::error!("Redis: session lookup failed: {e}");
                Lookup::Missing
            }
        }
    }

    fn expire(&self, id: &str) {
        if let Err(e) = self.redis.run(|c| self.expire.key(session_key(id)).key(messages_key(id)).invoke::<i64>(c)) {
            tracing::error!("Redis: cannot mark a session expired: {e}");
        }
    }

    fn remove(&self, id: &str) -> Option<ConsoleSession> {
        match self.redis.run(|c| self.remove.key(session_key(id)).key(messages_key(id)).invoke::<Vec<String>>(c)).map(answer) {
            Ok((state, s)) if state == "removed" => s,
            Ok(_) => None,
            Err(e) => {
                tracing::error!("Redis: cannot remove a session: {e}");
                None
            }
        }
    }

    fn keep_message(&self, id: &str, key: &str, value: String) {
        let life = MESSAGE_LIFETIME.as_millis() as i64;
        let stamped = format!("{}|{value}", now_ms());
        if let Err(e) = self.redis.run(|c| self.keep.key(session_key(id)).key(messages_key(id)).arg(key).arg(&stamped).arg(life).invoke::<i64>(c)) {
            tracing::error!("Redis: cannot keep a form's message: {e}");
        }
    }

    fn message(&self, id: &str, key: &str) -> Option<String> {
        let raw: Option<String> = self.redis.run(|c| self.message.key(session_key(id)).key(messages_key(id)).arg(key).invoke(c)).ok()?;
        let (at, value) = raw?.split_once('|').map(|(a, v)| (a.parse::<i64>().unwrap_or(0), v.to_string()))?;
        (now_ms() - at <= MESSAGE_LIFETIME.as_millis() as i64).then_some(value)
    }
}

/// Login attempts per client address and clock minute, counted in Redis (so every replica counts them).
pub struct RedisLimiter {
    redis: Redis,
    per_minute: u32,
}

impl RedisLimiter {
    pub fn new(redis: Redis, per_minute: u32) -> Arc<Self> {
        Arc::new(RedisLimiter { redis, per_minute: per_minute.max(1) })
    }
}

impl LoginLimiter for RedisLimiter {
    fn allow(&self, client: IpAddr) -> bool {
        let key = format!("{PREFIX}login:{client}:{}", now_ms() / 60_000);
        match self.redis.run(|c| redis::pipe().atomic().incr(&key, 1).expire(&key, 120).ignore().query::<(u32,)>(c)) {
            Ok((n,)) => n <= self.per_minute,
            Err(e) => {
                // Unknown: refuse, as a limiter should when it cannot count.
                tracing::error!("Redis: cannot count a login attempt: {e}");
                false
            }
        }
    }
}

/// The audit log in a Redis stream every replica writes and reads, and (`--audit-log`) as JSON lines from
/// this replica.
pub struct RedisAudit {
    redis: Redis,
    kept: usize,
    /// Writes the JSON lines (it keeps no entries itself).
    lines: MemoryAudit,
}

impl RedisAudit {
    pub fn new(redis: Redis, kept: usize, sink: Option<Box<dyn std::io::Write + Send>>) -> Self {
        RedisAudit { redis, kept, lines: MemoryAudit::new(0, sink) }
    }
}

impl AuditLog for RedisAudit {
    fn record(&self, entry: AuditEntry) {
        let Ok(json) = serde_json::to_string(&entry) else { return };
        let kept = self.kept;
        let added = self.redis.run(|c| {
            redis::cmd("XADD").arg(AUDIT_KEY).arg("MAXLEN").arg("~").arg(kept).arg("*").arg("entry").arg(&json).query::<String>(c)
        });
        if let Err(e) = added {
            tracing::error!(entry = %json, "Redis: cannot add an audit entry: {e}");
        }
        self.lines.record(entry);
    }

    fn recent(&self, limit: usize) -> Vec<AuditEntry> {
        // The stream keeps about `kept` (Redis trims it by whole nodes); Redis counts in a signed 64-bit.
        let limit = limit.min(i64::MAX as usize);
        let read = self.redis.run(|c| {
            redis::cmd("XREVRANGE").arg(AUDIT_KEY).arg("+").arg("-").arg("COUNT").arg(limit).query::<Vec<(String, std::collections::HashMap<String, String>)>>(c)
        });
        match read {
            Ok(entries) => entries
                .into_iter()
                .filter_map(|(_, fields)| fields.get("entry").and_then(|v| serde_json::from_str(v).ok()))
                .collect(),
            Err(e) => {
                tracing::error!("Redis: cannot read the audit log: {e}");
                Vec::new()
            }
        }
    }
}

/// The console's jobs in Redis (`job:{id}`: the owner and the view, as JSON), so that a job run by one replica
/// is followed through any, and a proposal made through one is confirmed through another (GETDEL: once).
pub struct RedisJobs {
    redis: Redis,
}

impl RedisJobs {
    pub fn new(redis: Redis) -> Arc<Self> {
        Arc::new(RedisJobs { redis })
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredJob {
    owner: String,
    view: app::jobs::JobView,
}

fn job_key(id: &str) -> String {
    format!("{PREFIX}job:{id}")
}

impl app::jobs::server::JobMirror for RedisJobs {
    fn put(&self, id: &str, owner: &str, view: &app::jobs::JobView, keep: Duration) {
        let Ok(json) = serde_json::to_string(&StoredJob { owner: owner.to_string(), view: view.clone() }) else { return };
        let ms = keep.as_millis() as u64;
        if let Err(e) = self.redis.run(|c| c.pset_ex::<_, _, ()>(job_key(id), &json, ms)) {
            tracing::error!("Redis: cannot keep a job's progress: {e}");
        }
    }

    fn get(&self, id: &str) -> Option<(String, app::jobs::JobView)> {
        let json: Option<String> = self.redis.run(|c| c.get(job_key(id))).ok()?;
        serde_json::from_str::<StoredJob>(&json?).ok().map(|j| (j.owner, j.view))
    }

    fn take_proposal(&self, id: &str, owner: &str) -> Option<app::jobs::JobView> {
        // One script: read, check the owner and that it is still a proposal, delete (GETDEL alone would take
        // someone else's out, and needs Redis 6.2).
        let script = Script::new(
            r"local v = redis.call('GET', KEYS[1])
            if not v then return false end
            local j = cjson.decode(v)
            if j.owner ~= ARGV[1] or j.view.proposal == nil or j.view.proposal == cjson.null then return false end
            redis.call('DEL', KEYS[1])
            return v",
        );
        let json: Option<String> = match self.redis.run(|c| script.key(job_key(id)).arg(owner).invoke(c)) {
            Ok(j) => j,
            Err(e) => {
                tracing::error!("Redis: cannot take a job's proposal: {e}");
                None
            }
        };
        serde_json::from_str::<StoredJob>(&json?).ok().map(|j| j.view)
    }
}
