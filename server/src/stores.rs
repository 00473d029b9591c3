//! Where the console keeps what outlives a request: sessions (with their form messages), the login rate limit,
//! the console's jobs and the audit log — in this process's memory, or in Redis (`--redis`) for replicas that share them.

use crate::redis_store::{Redis, RedisAudit, RedisJobs, RedisLimiter, RedisSessions};
use crate::security::GovernorLimiter;
use crate::sessions::MemorySessions;
use app::audit::server::{AuditLog, MemoryAudit};
use app::state::{LoginLimiter, SessionStore, VCenters};
use std::sync::Arc;
use std::time::Duration;

enum Kind {
    Memory(Arc<MemorySessions>),
    Redis,
}

pub struct Stores {
    pub sessions: Arc<dyn SessionStore>,
    pub login_limiter: Arc<dyn LoginLimiter>,
    pub audit: Arc<dyn AuditLog>,
    /// The console's own jobs (bulk changes), shared by the replicas with Redis.
    pub jobs: Arc<app::jobs::server::Jobs>,
    kind: Kind,
}

impl Stores {
    /// The stores `--redis` asks for (memory without it), their sweepers started; `audit_log` is
    /// `--audit-log` (a file, or `-` for stdout).
    pub fn open(redis: Option<&str>, idle: Duration, login_rate: u32, vcenters: &VCenters, audit_log: Option<&str>) -> Result<Stores, String> {
        let sink = match audit_log {
            Some(target) => Some(MemoryAudit::open_sink(target).map_err(|e| format!("cannot open the audit log {target}: {e}"))?),
            None => None,
        };
        Ok(match redis {
            None => {
                let sessions = MemorySessions::new(idle);
                crate::sessions::spawn_sweeper(&sessions, vcenters.clone());
                Stores {
                    sessions: sessions.clone(),
                    login_limiter: GovernorLimiter::new(login_rate),
                    audit: Arc::new(MemoryAudit::new(crate::harness::AUDIT_KEPT, sink)),
                    jobs: app::jobs::server::Jobs::new(),
                    kind: Kind::Memory(sessions),
                }
            }
            Some(url) => {
                let redis = Redis::open(url)?;
                tracing::info!("sessions, the login limit and the audit log are kept in Redis ({})", without_password(url));
                let sessions = RedisSessions::new(redis.clone(), idle);
                crate::sessions::spawn_sweeper(&sessions, vcenters.clone());
                Stores {
                    sessions: sessions.clone(),
                    login_limiter: RedisLimiter::new(redis.clone(), login_rate),
                    audit: Arc::new(RedisAudit::new(redis.clone(), crate::harness::AUDIT_KEPT, sink)),
                    jobs: app::jobs::server::Jobs::mirrored(RedisJobs::new(redis)),
                    kind: Kind::Redis,
                }
            }
        })
    }

    /// The console is stopping. Sessions in memory die with it: their vCenter sessions are logged out rather
    /// than left to vCenter's own time-out (it caps how many it keeps). Sessions in Redis live on: other
    /// replicas (or this one, restarted) go on serving them.
    pub async fn stopping(&self, vcenters: &VCenters) {
        match &self.kind {
            Kind::Memory(m) => {
                tracing::info!(sessions = m.len(), "stopping: logging the console's vCenter sessions out");
                m.end_all(vcenters).await;
            }
            Kind::Redis => tracing::info!("stopping: the sessions stay in Redis for the other replicas"),
        }
    }
}

/// A Redis URL for the log: its password replaced.
pub fn without_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}
