//! `appliance/local-accounts`: the appliance's own Linux accounts (`root` and any others), each with its
//! roles and password ageing, and the global password policy (`/etc/login.defs`).
//!
//! Seeded like a fresh VCSA 6.7 that has been in use for a while: `root` (superAdmin, password changed 23
//! days ago, expiring every 90 days) and `backup-svc`, an admin service account whose password never
//! expires. The policy is vCenter's default: 90 / 0 / 7 days.
//!
//! Dates have a day's precision, as in `/etc/shadow`: `last_password_change` is midnight UTC of the day the
//! password was set; `password_expires_at` is that plus `max_days_between_password_change` (no date when the
//! password does not expire, or when the maximum is 10000 days or more, as `chage` reads it), unless a fixed
//! date was set; `inactive_at` is the expiry plus `days_after_password_expiration`.
//!
//! Refusals, as vCenter's: an existing user name → `already_exists`; a user name that is not a Linux user
//! name, a password that breaks the complexity policy (at least 8 characters with an upper-case and a
//! lower-case letter, a digit and a special character), an unknown role, no role, a malformed e-mail
//! address or date, days out of range (0 to 99999, min ≤ max, warning ≤ max), a wrong `old_password` →
//! `invalid_argument` with a message; an unknown user → `not_found`. `root` cannot be deleted, disabled or
//! lose its superAdmin role: `invalid_argument` (the request names the account, and that account is what
//! makes the request invalid; 6.7's bindings list no `not_allowed_in_current_state` for these operations).
//! Passwords are kept to check `old_password` and are never returned. The global policy applies to
//! accounts created (or given a password expiry) afterwards, as `login.defs` does.

use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::appliance::local_accounts::{policy, Config, Info, UpdateConfig};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Mutex;
use time::{Date, Duration, OffsetDateTime};

/// The roles an account may have.
pub const ROLES: &[&str] = &["superAdmin", "admin", "operator"];
/// The largest day count accepted (`/etc/shadow`'s "never": 99999).
pub const MAX_DAYS: i64 = 99_999;
/// From this many days on, `chage` shows a password as never expiring.
const NEVER_FROM: i64 = 10_000;

#[derive(Clone)]
struct Account {
    password: String,
    full_name: Option<String>,
    email: Option<String>,
    roles: Vec<String>,
    enabled: bool,
    last_change: Date,
    /// `None`: the password does not expire.
    max_days: Option<i64>,
    min_days: i64,
    warn_days: i64,
    /// A fixed expiry date (`password_expires_at` in a config) instead of last change + max days.
    expires_on: Option<Date>,
    /// Locked this many days after the password expired; `None`: never locked.
    inactive_days: Option<i64>,
}

struct Policy {
    max_days: i64,
    min_days: i64,
    warn_days: i64,
}

struct Data {
    accounts: BTreeMap<String, Account>,
    policy: Policy,
}

pub struct LocalAccounts {
    data: Mutex<Data>,
}

fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

impl Default for LocalAccounts {
    fn default() -> Self {
        let now = today();
        let mut accounts = BTreeMap::new();
        accounts.insert(
            "root".to_string(),
            Account {
                password: "VMware1!".into(),
                full_name: Some("root".into()),
                email: None,
                roles: vec!["superAdmin".into()],
                enabled: true,
                last_change: now - Duration::days(23),
                max_days: Some(90),
                min_days: 0,
                warn_days: 7,
                expires_on: None,
                inactive_days: None,
            },
        );
        accounts.insert(
            "backup-svc".to_string(),
            Account {
                password: "Backup#2024vc".into(),
                full_name: Some("Backup service account".into()),
                email: Some("vcsa-backup@corp.example.com".into()),
                roles: vec!["admin".into()],
                enabled: true,
                last_change: now - Duration::days(142),
                max_days: None,
                min_days: 1,
                warn_days: 7,
                expires_on: None,
                inactive_days: None,
            },
        );
        LocalAccounts { data: Mutex::new(Data { accounts, policy: Policy { max_days: 90, min_days: 0, warn_days: 7 } }) }
    }
}

impl LocalAccounts {
    pub fn new() -> Self {
        Self::default()
    }
}

/// `2024-03-06T00:00:00.000Z`
fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}T00:00:00.000Z", d.year(), u8::from(d.month()), d.day())
}

impl Account {
    fn expires_at(&self) -> Option<Date> {
        self.expires_on.or_else(|| self.max_days.filter(|m| *m < NEVER_FROM).and_then(|m| self.last_change.checked_add(Duration::days(m))))
    }

    fn info(&self) -> Info {
        let expires = self.expires_at();
        Info {
            fullname: self.full_name.clone(),
            email: self.email.clone(),
            roles: self.roles.clone(),
            enabled: self.enabled,
            has_password: !self.password.is_empty(),
            last_password_change: Some(iso(self.last_change)),
            password_expires_at: expires.map(iso),
            inactive_at: expires.zip(self.inactive_days).and_then(|(e, d)| e.checked_add(Duration::days(d))).map(iso),
            min_days_between_password_change: Some(self.min_days),
            max_days_between_password_change: self.max_days,
            warn_days_before_password_expiration: Some(self.warn_days),
        }
    }
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/appliance/local-accounts", get(list))
        .route("/rest/appliance/local-accounts/global-policy", get(get_policy).put(set_policy))
        .route(
            "/rest/appliance/local-accounts/{username}",
            get(get_account).post(create).put(set).patch(update).delete(delete),
        )
}

fn bad_body(e: serde_json::Error) -> SimError {
    SimError::invalid_argument("vapi.bindings.typeconverter.invalid.body", format!("The request body is not valid for this operation: {e}."), &[])
}

fn invalid(id: &str, message: impl Into<String>, args: &[&str]) -> SimError {
    // Documented for every local-accounts operation (create and the global policy also list
    // invalid_argument; update and set list only this one).
    SimError::error(&format!("com.vmware.appliance.local_accounts.{id}"), message, args)
}

fn not_found(username: &str) -> SimError {
    SimError::new(
        app::vsphere::rest::VapiErrorKind::NotFound,
        "com.vmware.appliance.local_accounts.not_found",
        format!("The local account '{username}' was not found."),
        &[username],
    )
}

/// A Linux user name: a lower-case letter first, then lower-case letters, digits, `_`, `-` or `.`; at most
/// 32 characters.
fn check_username(name: &str) -> Result<(), SimError> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.'));
    if name.len() > 32 || !first_ok || !rest_ok {
        return Err(invalid(
            "username.invalid",
            format!("'{name}' is not a valid user name: use up to 32 lower-case letters, digits, '_', '-' or '.', starting with a letter."),
            &[name],
        ));
    }
    Ok(())
}

/// The local-account password complexity (PAM on the appliance).
fn check_password(password: &str) -> Result<(), SimError> {
    let mut missing = Vec::new();
    if password.chars().count() < 8 {
        missing.push("at least 8 characters");
    }
    if !password.chars().any(|c| c.is_uppercase()) {
        missing.push("an upper-case letter");
    }
    if !password.chars().any(|c| c.is_lowercase()) {
        missing.push("a lower-case letter");
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        missing.push("a digit");
    }
    if !password.chars().any(|c| !c.is_alphanumeric() && !c.is_whitespace()) {
        missing.push("a special character");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(invalid(
            "password.policy",
            format!("The password does not meet the password policy: it needs {}.", missing.join(", ")),
            &[],
        ))
    }
}

fn check_roles(roles: &[String]) -> Result<(), SimError> {
    if roles.is_empty() {
        return Err(invalid("roles.empty", "An account needs at least one role (superAdmin, admin or operator).", &[]));
    }
    if let Some(bad) = roles.iter().find(|r| !ROLES.contains(&r.as_str())) {
        return Err(invalid("roles.invalid", format!("'{bad}' is not a role; the roles are superAdmin, admin and operator."), &[bad]));
    }
    Ok(())
}

/// `None` for an empty address (clears it).
fn check_email(email: &str) -> Result<Option<String>, SimError> {
    let email = email.trim();
    if email.is_empty() {
        return Ok(None);
    }
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        Ok(Some(email.to_string()))
    } else {
        Err(invalid("email.invalid", format!("'{email}' is not a valid e-mail address."), &[email]))
    }
}

fn check_days(field: &str, days: i64) -> Result<i64, SimError> {
    if (0..=MAX_DAYS).contains(&days) {
        Ok(days)
    } else {
        let d = days.to_string();
        Err(invalid("days.range", format!("{field} must be between 0 and {MAX_DAYS} days; {d} was given."), &[field, &d]))
    }
}

/// min ≤ max and warning ≤ max, when there is a maximum.
fn check_order(min: i64, max: Option<i64>, warn: i64) -> Result<(), SimError> {
    if let Some(max) = max {
        if min > max {
            return Err(invalid("days.order", format!("The minimum days between password changes ({min}) exceed the maximum ({max})."), &[]));
        }
        if warn > max {
            return Err(invalid("days.order", format!("The warning days before expiration ({warn}) exceed the maximum days between password changes ({max})."), &[]));
        }
    }
    Ok(())
}

fn check_date(date: &str) -> Result<Date, SimError> {
    OffsetDateTime::parse(date, &time::format_description::well_known::Rfc3339)
        .map(|t| t.to_offset(time::UtcOffset::UTC).date())
        .map_err(|_| invalid("date.invalid", format!("'{date}' is not a date and time (expected e.g. 2026-01-31T00:00:00.000Z)."), &[date]))
}

/// Applies the password-ageing part of a config (create, set or update) to `a`.
#[allow(clippy::too_many_arguments)]
fn apply_expiry(
    a: &mut Account,
    policy: &Policy,
    password_expires: Option<bool>,
    expires_at: Option<&str>,
    inactive: Option<bool>,
    inactive_days: Option<i64>,
    min: Option<i64>,
    max: Option<i64>,
    warn: Option<i64>,
) -> Result<(), SimError> {
    let min = min.map(|d| check_days("min_days_between_password_change", d)).transpose()?;
    let max = max.map(|d| check_days("max_days_between_password_change", d)).transpose()?;
    let warn = warn.map(|d| check_days("warn_days_before_password_expiration", d)).transpose()?;
    let inactive_days = inactive_days.map(|d| check_days("days_after_password_expiration", d)).transpose()?;
    let expires_on = expires_at.map(check_date).transpose()?;
    let mut next = (a.max_days, a.min_days, a.warn_days, a.expires_on, a.inactive_days);
    if let Some(m) = min {
        next.1 = m;
    }
    if let Some(w) = warn {
        next.2 = w;
    }
    match password_expires {
        Some(false) => {
            next.0 = None;
            next.3 = None;
        }
        _ => {
            if let Some(m) = max {
                next.0 = Some(m);
                next.3 = None;
            }
            if let Some(d) = expires_on {
                next.3 = Some(d);
            }
            if password_expires == Some(true) && next.0.is_none() && next.3.is_none() {
                next.0 = Some(policy.max_days);
            }
        }
    }
    match inactive {
        Some(false) => next.4 = None,
        Some(true) => match inactive_days.or(next.4) {
            Some(d) => next.4 = Some(d),
            None => {
                return Err(invalid(
                    "inactive.days.missing",
                    "days_after_password_expiration is required when inactive_after_password_expiration is set.",
                    &[],
                ))
            }
        },
        None => {
            if inactive_days.is_some() {
                next.4 = inactive_days;
            }
        }
    }
    check_order(next.1, next.0, next.2)?;
    (a.max_days, a.min_days, a.warn_days, a.expires_on, a.inactive_days) = next;
    Ok(())
}

/// The old password, when given, must be the current one.
fn check_old_password(a: &Account, old: Option<&str>) -> Result<(), SimError> {
    match old {
        Some(old) if old != a.password => Err(invalid("old_password.incorrect", "The old password is not correct.", &[])),
        _ => Ok(()),
    }
}

/// A new account from a full config (create, and set, which replaces everything).
fn from_config(c: &Config, policy: &Policy) -> Result<Account, SimError> {
    check_password(&c.password)?;
    check_roles(&c.roles)?;
    let email = c.email.as_deref().map(check_email).transpose()?.flatten();
    let mut a = Account {
        password: c.password.clone(),
        full_name: c.full_name.clone().filter(|n| !n.is_empty()),
        email,
        roles: c.roles.clone(),
        enabled: c.enabled.unwrap_or(true),
        last_change: today(),
        max_days: Some(policy.max_days),
        min_days: policy.min_days,
        warn_days: policy.warn_days,
        expires_on: None,
        inactive_days: None,
    };
    apply_expiry(
        &mut a,
        policy,
        c.password_expires,
        c.password_expires_at.as_deref(),
        c.inactive_after_password_expiration,
        c.days_after_password_expiration,
        c.min_days_between_password_change,
        c.max_days_between_password_change,
        c.warn_days_before_password_expiration,
    )?;
    Ok(a)
}

/// `root` stays enabled, superAdmin and present.
fn check_root(username: &str, a: &Account) -> Result<(), SimError> {
    if username != "root" {
        return Ok(());
    }
    if !a.enabled {
        return Err(invalid("root.disable", "The root account cannot be disabled.", &["root"]));
    }
    if !a.roles.iter().any(|r| r == "superAdmin") {
        return Err(invalid("root.roles", "The root account must keep the superAdmin role.", &["root"]));
    }
    Ok(())
}

async fn list(State(s): State<SimState>, _: Authed) -> Response {
    let d = s.local_accounts.data.lock().unwrap();
    ok(d.accounts.keys().cloned().collect::<Vec<_>>())
}

async fn get_account(State(s): State<SimState>, _: Authed, Path(username): Path<String>) -> Result<Response, SimError> {
    let d = s.local_accounts.data.lock().unwrap();
    let a = d.accounts.get(&username).ok_or_else(|| not_found(&username))?;
    Ok(ok(a.info()))
}

#[derive(Deserialize)]
struct ConfigBody {
    config: Config,
}

#[derive(Deserialize)]
struct UpdateBody {
    config: UpdateConfig,
}

async fn create(State(s): State<SimState>, _: Authed, Path(username): Path<String>, body: Bytes) -> Result<Response, SimError> {
    let c = serde_json::from_slice::<ConfigBody>(&body).map_err(bad_body)?.config;
    let mut d = s.local_accounts.data.lock().unwrap();
    if d.accounts.contains_key(&username) {
        return Err(SimError::new(
            app::vsphere::rest::VapiErrorKind::AlreadyExists,
            "com.vmware.appliance.local_accounts.already_exists",
            format!("The local account '{username}' already exists."),
            &[&username],
        ));
    }
    check_username(&username)?;
    let a = from_config(&c, &d.policy)?;
    d.accounts.insert(username, a);
    Ok(ok_void())
}

async fn set(State(s): State<SimState>, _: Authed, Path(username): Path<String>, body: Bytes) -> Result<Response, SimError> {
    let c = serde_json::from_slice::<ConfigBody>(&body).map_err(bad_body)?.config;
    let mut d = s.local_accounts.data.lock().unwrap();
    let current = d.accounts.get(&username).ok_or_else(|| not_found(&username))?;
    check_old_password(current, c.old_password.as_deref())?;
    let a = from_config(&c, &d.policy)?;
    check_root(&username, &a)?;
    d.accounts.insert(username, a);
    Ok(ok_void())
}

async fn update(State(s): State<SimState>, _: Authed, Path(username): Path<String>, body: Bytes) -> Result<Response, SimError> {
    let c = serde_json::from_slice::<UpdateBody>(&body).map_err(bad_body)?.config;
    let mut guard = s.local_accounts.data.lock().unwrap();
    let d = &mut *guard;
    let current = d.accounts.get(&username).ok_or_else(|| not_found(&username))?;
    check_old_password(current, c.old_password.as_deref())?;
    // Work on a copy, so a refused change leaves the account as it was.
    // Work on a copy, so a refused change leaves the account as it was.
    let mut a = current.clone();
    if let Some(p) = &c.password {
        check_password(p)?;
        a.password = p.clone();
        a.last_change = today();
        // A new password starts a new expiry period, unless this call fixes a date.
        a.expires_on = None;
    }
    if let Some(roles) = &c.roles {
        check_roles(roles)?;
        a.roles = roles.clone();
    }
    if let Some(e) = &c.email {
        a.email = check_email(e)?;
    }
    if let Some(n) = &c.full_name {
        a.full_name = Some(n.clone()).filter(|n| !n.is_empty());
    }
    if let Some(e) = c.enabled {
        a.enabled = e;
    }
    apply_expiry(
        &mut a,
        &d.policy,
        c.password_expires,
        c.password_expires_at.as_deref(),
        c.inactive_after_password_expiration,
        c.days_after_password_expiration,
        c.min_days_between_password_change,
        c.max_days_between_password_change,
        c.warn_days_before_password_expiration,
    )?;
    check_root(&username, &a)?;
    d.accounts.insert(username, a);
    Ok(ok_void())
}

async fn delete(State(s): State<SimState>, _: Authed, Path(username): Path<String>) -> Result<Response, SimError> {
    let mut d = s.local_accounts.data.lock().unwrap();
    if !d.accounts.contains_key(&username) {
        return Err(not_found(&username));
    }
    if username == "root" {
        return Err(invalid("root.delete", "The root account cannot be deleted.", &["root"]));
    }
    d.accounts.remove(&username);
    Ok(ok_void())
}

async fn get_policy(State(s): State<SimState>, _: Authed) -> Response {
    let d = s.local_accounts.data.lock().unwrap();
    let p = &d.policy;
    ok(policy::Info { max_days: Some(p.max_days), min_days: Some(p.min_days), warn_days: Some(p.warn_days) })
}

#[derive(Deserialize)]
struct PolicyBody {
    policy: policy::Info,
}

async fn set_policy(State(s): State<SimState>, _: Authed, body: Bytes) -> Result<Response, SimError> {
    let p = serde_json::from_slice::<PolicyBody>(&body).map_err(bad_body)?.policy;
    let mut d = s.local_accounts.data.lock().unwrap();
    let max = p.max_days.map(|v| check_days("max_days", v)).transpose()?.unwrap_or(d.policy.max_days);
    let min = p.min_days.map(|v| check_days("min_days", v)).transpose()?.unwrap_or(d.policy.min_days);
    let warn = p.warn_days.map(|v| check_days("warn_days", v)).transpose()?.unwrap_or(d.policy.warn_days);
    if min > max {
        return Err(invalid("policy.order", format!("min_days ({min}) must not exceed max_days ({max})."), &[]));
    }
    if warn > max {
        return Err(invalid("policy.order", format!("warn_days ({warn}) must not exceed max_days ({max})."), &[]));
    }
    d.policy = Policy { max_days: max, min_days: min, warn_days: warn };
    Ok(ok_void())
}
