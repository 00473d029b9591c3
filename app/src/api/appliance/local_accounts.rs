//! Appliance › Local accounts server functions: `appliance/local-accounts` (list, get, create, set, update,
//! delete) and its `global-policy` (get, set). Every value is checked here before anything is sent; a
//! refused form comes back with its values as typed, except passwords, which are never sent back.

use crate::error::AppError;
use crate::vsphere::models::appliance::local_accounts::{policy, Config, Info};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The roles a local account may have: (API name, label, what it may do).
pub const ROLES: &[(&str, &str, &str)] = &[
    ("superAdmin", "Super administrator", "everything, including local accounts"),
    ("admin", "Administrator", "configure the appliance"),
    ("operator", "Operator", "read-only"),
];
/// The largest day count the appliance takes (`/etc/shadow`'s 99999, "never").
pub const MAX_DAYS: i64 = 99_999;
/// The longest Linux user name.
pub const MAX_USERNAME: usize = 32;
/// The password complexity rule, as the form explains it.
pub const PASSWORD_RULE: &str = "At least 8 characters, with an upper-case and a lower-case letter, a digit and a special character.";

/// One account as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub username: String,
    pub info: Info,
    /// Days until the password expires (negative: expired that many days ago), counted by the console
    /// on the day it answered, so the server and the browser render the same words.
    pub days_left: Option<i64>,
}

/// The Local accounts page: every account (by user name) and the global policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalAccounts {
    pub accounts: Vec<Account>,
    pub policy: policy::Info,
}

/// A Linux user name: starts with a lower-case letter; lower-case letters, digits, `_`, `-`, `.`; at most 32.
pub fn validate_username(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("username", "Enter a user name."));
    }
    if name.chars().count() > MAX_USERNAME {
        return Err(AppError::invalid("username", format!("The user name is {} characters long; at most {MAX_USERNAME} are allowed.", name.chars().count())));
    }
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(AppError::invalid("username", "The user name must start with a lower-case letter."));
    }
    if let Some(bad) = name.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.'))) {
        return Err(AppError::invalid("username", format!("The user name may hold only lower-case letters, digits, '_', '-' and '.'; '{bad}' is not allowed.")));
    }
    Ok(name.to_string())
}

/// An e-mail address, or `None` when left empty.
pub fn validate_email(email: &str) -> Result<Option<String>, AppError> {
    let email = email.trim();
    if email.is_empty() {
        return Ok(None);
    }
    let ok = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() >= 2
                && domain.split('.').all(|p| !p.is_empty())
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if ok {
        Ok(Some(email.to_string()))
    } else {
        Err(AppError::invalid("email", format!("'{email}' is not an e-mail address (name@example.com).")))
    }
}

/// The password and its confirmation are the same.
pub fn validate_passwords_match(password: &str, confirm: &str) -> Result<(), AppError> {
    if password == confirm {
        Ok(())
    } else {
        Err(AppError::invalid("confirm_password", "The passwords do not match. Type the same password twice."))
    }
}

/// The appliance's complexity policy for local accounts: at least 8 characters, one upper-case letter, one
/// lower-case letter, one digit and one special character. The message names everything missing.
pub fn validate_password(password: &str) -> Result<(), AppError> {
    if password.is_empty() {
        return Err(AppError::invalid("password", "Enter a password."));
    }
    let mut missing = Vec::new();
    if password.chars().count() < 8 {
        missing.push("at least 8 characters");
    }
    if !password.chars().any(char::is_uppercase) {
        missing.push("an upper-case letter");
    }
    if !password.chars().any(char::is_lowercase) {
        missing.push("a lower-case letter");
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        missing.push("a digit");
    }
    if !password.chars().any(|c| !c.is_alphanumeric() && !c.is_whitespace()) {
        missing.push("a special character such as ! # $ %");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid("password", format!("The password is too weak: it needs {}.", join_words(&missing))))
    }
}

/// "a, b and c"
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// At least one role, each one of [`ROLES`]; duplicates dropped.
pub fn validate_roles(roles: &[String]) -> Result<Vec<String>, AppError> {
    let roles: Vec<String> = roles.iter().map(|r| r.trim()).filter(|r| !r.is_empty()).map(String::from).collect();
    if roles.is_empty() {
        return Err(AppError::invalid("roles", "Choose at least one role: Super administrator, Administrator or Operator."));
    }
    if let Some(bad) = roles.iter().find(|r| !ROLES.iter().any(|(n, _, _)| n == r)) {
        return Err(AppError::invalid("roles", format!("'{bad}' is not a role of the appliance.")));
    }
    let mut out: Vec<String> = Vec::new();
    for r in roles {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    Ok(out)
}

/// A day count typed in a form: empty is `None`; otherwise a whole number from 0 to [`MAX_DAYS`].
pub fn parse_days(field: &str, label: &str, value: &str) -> Result<Option<i64>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    match value.parse::<i64>() {
        Ok(d) if (0..=MAX_DAYS).contains(&d) => Ok(Some(d)),
        Ok(_) => Err(AppError::invalid(field, format!("{label}: enter a number of days from 0 to {MAX_DAYS}."))),
        Err(_) => Err(AppError::invalid(field, format!("{label}: enter a whole number of days."))),
    }
}

/// The minimum and the warning period fit within the maximum, when there is one.
pub fn validate_day_order(min: Option<i64>, max: Option<i64>, warn: Option<i64>) -> Result<(), AppError> {
    let Some(max) = max else { return Ok(()) };
    if let Some(min) = min.filter(|m| *m > max) {
        return Err(AppError::invalid("min_days", format!("The minimum days between changes ({min}) cannot be more than the maximum ({max}).")));
    }
    if let Some(warn) = warn.filter(|w| *w > max) {
        return Err(AppError::invalid("warn_days", format!("The warning period ({warn} days) cannot be longer than the maximum days between changes ({max}).")));
    }
    Ok(())
}

/// A date from a date field (`2026-01-31`) as the API's date-time (`2026-01-31T00:00:00.000Z`); empty is `None`.
pub fn parse_expiry_date(value: &str) -> Result<Option<String>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match time::Date::parse(value, &format) {
        Ok(d) => Ok(Some(format!("{:04}-{:02}-{:02}T00:00:00.000Z", d.year(), u8::from(d.month()), d.day()))),
        Err(_) => Err(AppError::invalid("expires_on", format!("'{value}' is not a date (expected YYYY-MM-DD)."))),
    }
}

/// The global policy from the form: all three numbers, in range and in order.
pub fn validate_policy(max_days: &str, min_days: &str, warn_days: &str) -> Result<policy::Info, AppError> {
    let required = |field: &str, label: &str, v: &str| -> Result<i64, AppError> {
        parse_days(field, label, v)?.ok_or_else(|| AppError::invalid(field, format!("{label}: enter a number of days.")))
    };
    let max = required("max_days", "Maximum days", max_days)?;
    let min = required("min_days", "Minimum days", min_days)?;
    let warn = required("warn_days", "Warning days", warn_days)?;
    validate_day_order(Some(min), Some(max), Some(warn))?;
    Ok(policy::Info { max_days: Some(max), min_days: Some(min), warn_days: Some(warn) })
}

/// Password ageing as the forms carry it, checked.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Expiry {
    pub password_expires: bool,
    pub max_days: Option<i64>,
    pub min_days: Option<i64>,
    pub warn_days: Option<i64>,
    pub expires_at: Option<String>,
    pub inactive: bool,
    pub inactive_days: Option<i64>,
}

/// The fields of the password-expiry part of a form, as typed.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ExpiryInput<'a> {
    pub password_expires: bool,
    pub max_days: &'a str,
    pub min_days: &'a str,
    pub warn_days: &'a str,
    pub expires_on: &'a str,
    pub inactive: bool,
    pub inactive_days: &'a str,
}

/// Checks the expiry fields: numbers in range, min ≤ max, warning ≤ max, a date, and the days before
/// locking when locking is asked for. Maximum and date count only when the password expires.
pub fn validate_expiry(i: &ExpiryInput) -> Result<Expiry, AppError> {
    let max = parse_days("max_days", "Maximum days between changes", i.max_days)?;
    let min = parse_days("min_days", "Minimum days between changes", i.min_days)?;
    let warn = parse_days("warn_days", "Warning days before expiry", i.warn_days)?;
    let date = parse_expiry_date(i.expires_on)?;
    let inactive_days = parse_days("inactive_days", "Days after expiry before locking", i.inactive_days)?;
    if i.password_expires {
        validate_day_order(min, max, warn)?;
    }
    if i.inactive && inactive_days.is_none() {
        return Err(AppError::invalid("inactive_days", "Enter the days after expiry before the account is locked."));
    }
    if i.inactive && !i.password_expires {
        return Err(AppError::invalid("inactive", "An account can only be locked after its password expires: tick “Password expires” too."));
    }
    Ok(Expiry {
        password_expires: i.password_expires,
        max_days: max.filter(|_| i.password_expires),
        min_days: min,
        warn_days: warn,
        expires_at: date.filter(|_| i.password_expires),
        inactive: i.inactive,
        inactive_days: inactive_days.filter(|_| i.inactive),
    })
}

/// The expiry date an account was given explicitly (not last change + maximum), as `YYYY-MM-DD`.
pub fn fixed_expiry_date(info: &Info) -> Option<String> {
    let expires = date_of(info.password_expires_at.as_deref()?)?;
    let computed = match (info.last_password_change.as_deref().and_then(date_of), info.max_days_between_password_change) {
        (Some(changed), Some(max)) => changed.checked_add(time::Duration::days(max)),
        _ => None,
    };
    (computed != Some(expires)).then(|| format!("{:04}-{:02}-{:02}", expires.year(), u8::from(expires.month()), expires.day()))
}

/// Days between the password's expiry and the account's locking, when both are known.
pub fn inactive_days(info: &Info) -> Option<i64> {
    let expires = date_of(info.password_expires_at.as_deref()?)?;
    let locks = date_of(info.inactive_at.as_deref()?)?;
    Some((locks - expires).whole_days())
}

/// The (UTC) day of an API date-time.
pub fn date_of(iso: &str) -> Option<time::Date> {
    time::OffsetDateTime::parse(iso, &time::format_description::well_known::Rfc3339).ok().map(|t| t.to_offset(time::UtcOffset::UTC).date())
}

/// The whole configuration of an existing account with a new password, for `set` (which replaces
/// everything): the account keeps its names, roles, state and ageing; the new password's expiry period
/// starts again (no fixed date is carried over).
pub fn config_for_password_reset(info: &Info, password: &str, old_password: Option<String>) -> Config {
    let expires = info.password_expires_at.is_some();
    let locks = inactive_days(info);
    Config {
        password: password.to_string(),
        old_password,
        full_name: info.fullname.clone(),
        email: info.email.clone(),
        roles: info.roles.clone(),
        enabled: Some(info.enabled),
        password_expires: Some(expires),
        password_expires_at: None,
        inactive_after_password_expiration: Some(locks.is_some()),
        days_after_password_expiration: locks,
        min_days_between_password_change: info.min_days_between_password_change,
        max_days_between_password_change: info.max_days_between_password_change.filter(|_| expires),
        warn_days_before_password_expiration: info.warn_days_before_password_expiration,
    }
}

#[server(prefix = "/api", endpoint = "appliance/local-accounts")]
pub async fn get_local_accounts() -> Result<LocalAccounts, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (names, policy) = tokio::try_join!(vc.appliance_local_accounts_list(), vc.appliance_local_accounts_policy_get())?;
        let infos = futures::future::try_join_all(names.iter().map(|n| vc.appliance_local_accounts_get(n))).await?;
        let today = time::OffsetDateTime::now_utc().date();
        let mut accounts: Vec<Account> = names
            .into_iter()
            .zip(infos)
            .map(|(username, info)| {
                let days_left = info.password_expires_at.as_deref().and_then(date_of).map(|d| (d - today).whole_days());
                Account { username, info, days_left }
            })
            .collect();
        // root first, then by name.
        accounts.sort_by(|a, b| (a.username != "root", &a.username).cmp(&(b.username != "root", &b.username)));
        Ok(LocalAccounts { accounts, policy })
    })
    .await
}

/// The account form of create and update (update has no password fields: they come empty). A refusal gives
/// it back as typed ([`AppError::with_form`]), passwords excepted.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AccountForm {
    pub username: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub confirm_password: String,
    pub enabled: Option<String>,
    pub password_expires: Option<String>,
    #[serde(default)]
    pub max_days: String,
    #[serde(default)]
    pub min_days: String,
    #[serde(default)]
    pub warn_days: String,
    #[serde(default)]
    pub expires_on: String,
    pub inactive: Option<String>,
    #[serde(default)]
    pub inactive_days: String,
}

impl AccountForm {
    fn ticked(v: &Option<String>) -> bool {
        v.as_deref().is_some_and(|v| !v.is_empty())
    }

    /// The checked e-mail address, roles and expiry settings.
    pub fn check(&self) -> Result<(Option<String>, Vec<String>, Expiry), AppError> {
        let email = validate_email(&self.email)?;
        let roles = validate_roles(&self.roles)?;
        let expiry = validate_expiry(&ExpiryInput {
            password_expires: Self::ticked(&self.password_expires),
            max_days: &self.max_days,
            min_days: &self.min_days,
            warn_days: &self.warn_days,
            expires_on: &self.expires_on,
            inactive: Self::ticked(&self.inactive),
            inactive_days: &self.inactive_days,
        })?;
        Ok((email, roles, expiry))
    }
}

/// `create`: a new account with every field of the form.
#[server(prefix = "/api", endpoint = "appliance/local-accounts/create")]
pub async fn create_local_account(#[server(flatten)] form: AccountForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let name = validate_username(&form.username).map_err(keep)?;
    let (email, roles, x) = form.check().map_err(keep)?;
    validate_passwords_match(&form.password, &form.confirm_password).map_err(keep)?;
    validate_password(&form.password).map_err(keep)?;
    let full = form.full_name.trim();
    let config = Config {
        password: form.password.clone(),
        old_password: None,
        full_name: (!full.is_empty()).then(|| full.to_string()),
        email,
        roles,
        enabled: Some(AccountForm::ticked(&form.enabled)),
        password_expires: Some(x.password_expires),
        password_expires_at: x.expires_at,
        inactive_after_password_expiration: Some(x.inactive),
        days_after_password_expiration: x.inactive_days,
        min_days_between_password_change: x.min_days,
        max_days_between_password_change: x.max_days,
        warn_days_before_password_expiration: x.warn_days,
    };
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_local_accounts_create(&name, &config).await }).await.map_err(keep)
}

/// `update`: the edit form's fields (names, roles, state, ageing); the password is left as it is.
#[server(prefix = "/api", endpoint = "appliance/local-accounts/update")]
pub async fn update_local_account(#[server(flatten)] form: AccountForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let (email, roles, x) = form.check().map_err(keep)?;
    let config = crate::vsphere::models::appliance::local_accounts::UpdateConfig {
        password: None,
        old_password: None,
        full_name: Some(form.full_name.trim().to_string()),
        email: Some(email.unwrap_or_default()),
        roles: Some(roles),
        enabled: Some(AccountForm::ticked(&form.enabled)),
        password_expires: Some(x.password_expires),
        password_expires_at: x.expires_at,
        inactive_after_password_expiration: Some(x.inactive),
        days_after_password_expiration: x.inactive_days,
        min_days_between_password_change: x.min_days,
        max_days_between_password_change: x.max_days,
        warn_days_before_password_expiration: x.warn_days,
    };
    let user = form.username.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_local_accounts_update(&user, &config).await }).await.map_err(keep)
}

/// The password reset form: the new password twice and, for a user changing their own, the old one.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PasswordResetForm {
    pub username: String,
    pub password: String,
    pub confirm_password: String,
    #[serde(default)]
    pub old_password: String,
}

/// `set`: a new password with the account's whole configuration (read just before), replacing it. Done, the
/// page says so from its URL (`?edit=…&reset=done`), with or without JavaScript.
#[server(prefix = "/api", endpoint = "appliance/local-accounts/reset-password")]
pub async fn reset_local_password(#[server(flatten)] form: PasswordResetForm) -> Result<(), AppError> {
    // The form holds only passwords besides the account's name: nothing of it goes back.
    let keep = |e: AppError| e.with_form(&form);
    validate_passwords_match(&form.password, &form.confirm_password).map_err(keep)?;
    validate_password(&form.password).map_err(keep)?;
    let old = (!form.old_password.is_empty()).then(|| form.old_password.clone());
    let (user, password) = (form.username.clone(), form.password.clone());
    crate::api::ssr::with_vc(|vc| async move {
        let info = vc.appliance_local_accounts_get(&user).await?;
        vc.appliance_local_accounts_set(&user, &config_for_password_reset(&info, &password, old)).await
    })
    .await
    .map_err(keep)?;
    leptos_axum::redirect(&format!("/appliance/local-accounts?edit={}&reset=done", crate::vsphere::rest::encode_component(&form.username)));
    Ok(())
}

#[server(prefix = "/api", endpoint = "appliance/local-accounts/delete")]
pub async fn delete_local_account(username: String) -> Result<(), AppError> {
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_local_accounts_delete(&username).await }).await?;
    leptos_axum::redirect("/appliance/local-accounts");
    Ok(())
}

/// The global password policy form, in days as typed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PolicyForm {
    pub max_days: String,
    pub min_days: String,
    pub warn_days: String,
}

#[server(prefix = "/api", endpoint = "appliance/local-accounts/policy")]
pub async fn set_password_policy(#[server(flatten)] form: PolicyForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let policy = validate_policy(&form.max_days, &form.min_days, &form.warn_days).map_err(keep)?;
    crate::api::ssr::with_vc(|vc| async move { vc.appliance_local_accounts_policy_set(&policy).await }).await.map_err(keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(e: AppError) -> String {
        e.to_string()
    }

    #[test]
    fn user_names_follow_linux_rules() {
        assert_eq!(validate_username(" ops-admin ").unwrap(), "ops-admin");
        assert!(validate_username("a").is_ok());
        assert!(validate_username("svc_backup.2").is_ok());
        assert!(validate_username(&format!("a{}", "b".repeat(31))).is_ok(), "32 characters");
        assert!(msg(validate_username(&"a".repeat(33)).unwrap_err()).contains("33 characters long; at most 32"));
        assert!(msg(validate_username("").unwrap_err()).contains("Enter a user name"));
        assert!(msg(validate_username("1admin").unwrap_err()).contains("start with a lower-case letter"));
        assert!(msg(validate_username("_admin").unwrap_err()).contains("start with a lower-case letter"));
        assert!(msg(validate_username("Admin").unwrap_err()).contains("start with a lower-case letter"));
        assert!(msg(validate_username("adMin").unwrap_err()).contains("'M' is not allowed"));
        assert!(msg(validate_username("john doe").unwrap_err()).contains("' ' is not allowed"));
        assert!(msg(validate_username("ops@lab").unwrap_err()).contains("'@' is not allowed"));
    }

    #[test]
    fn email_addresses_are_checked_and_optional() {
        assert_eq!(validate_email("  ").unwrap(), None);
        assert_eq!(validate_email(" ops@corp.example.com ").unwrap().as_deref(), Some("ops@corp.example.com"));
        for bad in ["ops", "ops@", "@corp.com", "ops@corp", "ops@@corp.com", "ops@corp..com", "o ps@corp.com", "ops@.com", "ops@corp.com."] {
            assert!(msg(validate_email(bad).unwrap_err()).contains("is not an e-mail address"), "{bad}");
        }
    }

    #[test]
    fn passwords_must_match_and_meet_the_policy() {
        assert!(validate_passwords_match("Secret#123", "Secret#123").is_ok());
        assert!(msg(validate_passwords_match("Secret#123", "Secret#124").unwrap_err()).contains("do not match"));
        assert!(validate_password("VMware1!").is_ok());
        assert!(validate_password("Ab1#efgh").is_ok());
        assert!(msg(validate_password("").unwrap_err()).contains("Enter a password"));
        assert!(msg(validate_password("Ab1#efg").unwrap_err()).contains("needs at least 8 characters."));
        assert!(msg(validate_password("ab1#efgh").unwrap_err()).contains("needs an upper-case letter."));
        assert!(msg(validate_password("AB1#EFGH").unwrap_err()).contains("needs a lower-case letter."));
        assert!(msg(validate_password("Abc#efgh").unwrap_err()).contains("needs a digit."));
        assert!(msg(validate_password("Abc1efgh").unwrap_err()).contains("needs a special character"));
        assert!(msg(validate_password("Abc1 efgh").unwrap_err()).contains("special character"), "a space is not a special character");
        let e = msg(validate_password("password").unwrap_err());
        assert!(e.contains("needs an upper-case letter, a digit and a special character"), "{e}");
    }

    #[test]
    fn roles_are_known_and_at_least_one() {
        assert_eq!(validate_roles(&["operator".into(), "admin".into(), "operator".into()]).unwrap(), vec!["operator", "admin"]);
        assert!(msg(validate_roles(&[]).unwrap_err()).contains("at least one role"));
        assert!(msg(validate_roles(&["".into()]).unwrap_err()).contains("at least one role"));
        assert!(msg(validate_roles(&["root".into()]).unwrap_err()).contains("'root' is not a role"));
        assert!(validate_roles(&["superAdmin".into()]).is_ok());
    }

    #[test]
    fn days_are_whole_numbers_in_range_and_in_order() {
        assert_eq!(parse_days("max_days", "Maximum", " 90 ").unwrap(), Some(90));
        assert_eq!(parse_days("max_days", "Maximum", "").unwrap(), None);
        assert_eq!(parse_days("max_days", "Maximum", "0").unwrap(), Some(0));
        assert_eq!(parse_days("max_days", "Maximum", "99999").unwrap(), Some(99_999));
        assert!(msg(parse_days("max_days", "Maximum", "-1").unwrap_err()).contains("Maximum: enter a number of days from 0 to 99999"));
        assert!(msg(parse_days("max_days", "Maximum", "100000").unwrap_err()).contains("from 0 to 99999"));
        assert!(msg(parse_days("max_days", "Maximum", "1.5").unwrap_err()).contains("whole number"));
        assert!(validate_day_order(Some(1), Some(90), Some(7)).is_ok());
        assert!(validate_day_order(Some(90), Some(90), Some(90)).is_ok());
        assert!(validate_day_order(Some(200), None, Some(300)).is_ok(), "no maximum, nothing to exceed");
        assert!(msg(validate_day_order(Some(91), Some(90), None).unwrap_err()).contains("minimum days between changes (91) cannot be more than the maximum (90)"));
        assert!(msg(validate_day_order(None, Some(5), Some(7)).unwrap_err()).contains("warning period (7 days) cannot be longer"));
    }

    #[test]
    fn the_policy_needs_three_numbers_in_order() {
        assert_eq!(validate_policy("90", "0", "7").unwrap(), policy::Info { max_days: Some(90), min_days: Some(0), warn_days: Some(7) });
        assert!(msg(validate_policy("", "0", "7").unwrap_err()).contains("Maximum days: enter a number of days"));
        assert!(msg(validate_policy("90", "-1", "7").unwrap_err()).contains("Minimum days: enter a number of days from 0"));
        assert!(msg(validate_policy("30", "31", "7").unwrap_err()).contains("cannot be more than the maximum"));
        assert!(msg(validate_policy("30", "1", "45").unwrap_err()).contains("warning period (45 days)"));
    }

    #[test]
    fn expiry_fields_are_checked_together() {
        let base = ExpiryInput { password_expires: true, max_days: "60", min_days: "1", warn_days: "7", ..Default::default() };
        let x = validate_expiry(&base).unwrap();
        assert_eq!((x.max_days, x.min_days, x.warn_days, x.expires_at, x.inactive, x.inactive_days), (Some(60), Some(1), Some(7), None, false, None));
        let x = validate_expiry(&ExpiryInput { expires_on: "2031-02-28", inactive: true, inactive_days: "14", ..base.clone() }).unwrap();
        assert_eq!(x.expires_at.as_deref(), Some("2031-02-28T00:00:00.000Z"));
        assert_eq!(x.inactive_days, Some(14));
        assert!(msg(validate_expiry(&ExpiryInput { expires_on: "2031-02-30", ..base.clone() }).unwrap_err()).contains("is not a date"));
        assert!(msg(validate_expiry(&ExpiryInput { inactive: true, ..base.clone() }).unwrap_err()).contains("days after expiry before the account is locked"));
        assert!(msg(validate_expiry(&ExpiryInput { warn_days: "61", ..base.clone() }).unwrap_err()).contains("warning period"));
        assert!(msg(validate_expiry(&ExpiryInput { max_days: "x", ..base.clone() }).unwrap_err()).contains("Maximum days between changes: enter a whole number"));
        // A password that never expires sends no maximum or date, and the order check does not apply.
        let never = validate_expiry(&ExpiryInput { password_expires: false, max_days: "5", warn_days: "7", expires_on: "2031-01-01", ..Default::default() }).unwrap();
        assert_eq!((never.max_days, never.expires_at, never.warn_days), (None, None, Some(7)));
        let e = validate_expiry(&ExpiryInput { password_expires: false, inactive: true, inactive_days: "3", ..Default::default() }).unwrap_err();
        assert!(msg(e).contains("only be locked after its password expires"));
    }

    fn info(changed: &str, max: Option<i64>, expires: Option<&str>, inactive: Option<&str>) -> Info {
        Info {
            fullname: Some("Ops".into()),
            email: Some("ops@corp.example.com".into()),
            roles: vec!["operator".into()],
            enabled: false,
            has_password: true,
            last_password_change: Some(changed.into()),
            password_expires_at: expires.map(String::from),
            inactive_at: inactive.map(String::from),
            min_days_between_password_change: Some(1),
            max_days_between_password_change: max,
            warn_days_before_password_expiration: Some(7),
        }
    }

    #[test]
    fn fixed_dates_and_locking_days_are_read_back() {
        let computed = info("2026-01-01T00:00:00.000Z", Some(90), Some("2026-04-01T00:00:00.000Z"), Some("2026-04-15T00:00:00.000Z"));
        assert_eq!(fixed_expiry_date(&computed), None, "last change + 90 days is not a fixed date");
        assert_eq!(inactive_days(&computed), Some(14));
        let fixed = info("2026-01-01T00:00:00.000Z", Some(90), Some("2026-12-24T00:00:00.000Z"), None);
        assert_eq!(fixed_expiry_date(&fixed).as_deref(), Some("2026-12-24"));
        assert_eq!(inactive_days(&fixed), None);
        assert_eq!(fixed_expiry_date(&info("2026-01-01T00:00:00.000Z", None, None, None)), None);
    }

    #[test]
    fn a_password_reset_carries_the_whole_account() {
        let i = info("2026-01-01T00:00:00.000Z", Some(90), Some("2026-04-01T00:00:00.000Z"), Some("2026-04-11T00:00:00.000Z"));
        let c = config_for_password_reset(&i, "New#Pass123", Some("Old#Pass123".into()));
        assert_eq!(c.password, "New#Pass123");
        assert_eq!(c.old_password.as_deref(), Some("Old#Pass123"));
        assert_eq!((c.full_name.as_deref(), c.email.as_deref()), (Some("Ops"), Some("ops@corp.example.com")));
        assert_eq!((c.roles.clone(), c.enabled), (vec!["operator".to_string()], Some(false)));
        assert_eq!((c.password_expires, c.max_days_between_password_change, c.min_days_between_password_change, c.warn_days_before_password_expiration), (Some(true), Some(90), Some(1), Some(7)));
        assert_eq!((c.inactive_after_password_expiration, c.days_after_password_expiration), (Some(true), Some(10)));
        assert_eq!(c.password_expires_at, None, "the new password's period starts again");
        let never = config_for_password_reset(&info("2026-01-01T00:00:00.000Z", None, None, None), "New#Pass123", None);
        assert_eq!((never.password_expires, never.max_days_between_password_change, never.inactive_after_password_expiration), (Some(false), None, Some(false)));
    }

    #[test]
    fn a_refused_create_keeps_the_form_but_never_the_password() {
        let form = AccountForm {
            username: "ops".into(),
            full_name: "Ops".into(),
            password: "Weak-but-typed1".into(),
            confirm_password: "Weak-but-typed1".into(),
            roles: vec!["operator".into()],
            enabled: Some("on".into()),
            ..Default::default()
        };
        let e = AppError::invalid("password", "weak").with_form(&form);
        assert_eq!((e.input("username").as_deref(), e.input("full_name").as_deref(), e.input("roles").as_deref()), (Some("ops"), Some("Ops"), Some("operator")));
        assert_eq!((e.input("enabled").as_deref(), e.input("inactive").as_deref()), (Some("on"), Some("")));
        assert_eq!((e.input("password"), e.input("confirm_password")), (None, None));
        assert!(!serde_json::to_string(&e).unwrap().contains("Weak-but-typed1"));
    }
}
