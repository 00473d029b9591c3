//! vCenter's input rules as the simulated appliance applies them: host names, addresses, repository URLs,
//! version numbers, time zones. Written here from vCenter's documented behaviour and deliberately not shared
//! with the console's form checks: when the console's check is wrong, the tests must see vCenter disagree.

use std::cmp::Ordering;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub fn is_ipv4(s: &str) -> bool {
    s.parse::<Ipv4Addr>().is_ok()
}

pub fn is_ipv6(s: &str) -> bool {
    s.parse::<Ipv6Addr>().is_ok()
}

pub fn is_address(s: &str) -> bool {
    s.parse::<IpAddr>().is_ok()
}

/// RFC 1123 host name, as the appliance's resolver configuration takes it: dot-separated labels of ASCII
/// letters, digits and inner hyphens, each 1 to 63 long, 253 in all, one trailing dot allowed. All-numeric
/// names are refused (`10.0.0` is a broken address, not a name).
pub fn is_host_name(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && l.as_bytes()[0] != b'-'
            && l.as_bytes()[l.len() - 1] != b'-'
    };
    (1..=253).contains(&name.len()) && name.split('.').all(label_ok) && !name.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// A host name or an IPv4 / IPv6 address.
pub fn is_host(s: &str) -> bool {
    is_address(s) || is_host_name(s)
}

/// An update repository URL: http or https, a host (name, IPv4, or [IPv6]), an optional port, no user
/// information (the policy has its own user name and password). `None` for an empty URL (the default one).
pub fn repository_url(url: &str) -> Result<Option<String>, String> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(None);
    }
    let refuse = || format!("'{url}' is not a valid repository URL.");
    let uri: axum::http::Uri = url.parse().map_err(|_| refuse())?;
    if !matches!(uri.scheme_str().map(str::to_ascii_lowercase).as_deref(), Some("http" | "https")) {
        return Err(refuse());
    }
    let authority = uri.authority().ok_or_else(refuse)?;
    if authority.as_str().contains('@') {
        return Err(format!("'{url}' carries user information; the repository user name and password are separate settings."));
    }
    let host = authority.host();
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => is_ipv6(v6),
        None => is_ipv4(host) || is_host_name(host),
    };
    if !host_ok || authority.as_str().ends_with(':') || authority.port_u16() == Some(0) {
        return Err(refuse());
    }
    Ok(Some(url.to_string()))
}

/// Appliance versions (`6.7.0.45100`): compared part by part, numerically.
pub fn version_cmp(a: &str, b: &str) -> Ordering {
    let parts = |v: &str| v.split('.').map(|p| p.parse::<u64>().unwrap_or(0)).collect::<Vec<_>>();
    let (a, b) = (parts(a), parts(b));
    let n = a.len().max(b.len());
    (0..n).map(|i| a.get(i).unwrap_or(&0).cmp(b.get(i).unwrap_or(&0))).find(|o| o.is_ne()).unwrap_or(Ordering::Equal)
}

/// A time zone the appliance's zoneinfo database names, spelled exactly (`Europe/Paris`, not `europe/paris`).
pub fn is_time_zone(name: &str) -> bool {
    jiff::tz::db().available().any(|n| n.as_str() == name)
}

/// An opaque random identifier (session ids), 32 random bytes in hex.
pub fn random_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How bad a health level is, for the overall health (the worst subsystem): green, then gray (unknown),
/// yellow, orange, red.
pub fn health_rank(level: &str) -> u8 {
    match level {
        "green" => 0,
        "gray" => 1,
        "yellow" => 2,
        "orange" => 3,
        "red" => 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_and_addresses() {
        for ok in ["vcsa.example.com", "ntp1", "a-b.c.", "10.0.0.1", "fd00::1"] {
            assert!(is_host(ok), "{ok}");
        }
        for bad in ["", "-a.com", "a_b.com", "10.0.0", "a..b", "x y", &"a".repeat(64)] {
            assert!(!is_host(bad), "{bad}");
        }
    }

    #[test]
    fn repository_urls() {
        assert_eq!(repository_url(" ").unwrap(), None);
        assert!(repository_url("https://mirror.example.com/vcsa").unwrap().is_some());
        assert!(repository_url("http://[fd00::5]:8080/u").unwrap().is_some());
        for bad in ["ftp://x/y", "mirror.example.com/u", "https://bad host/", "https://:80/"] {
            assert!(repository_url(bad).is_err(), "{bad}");
        }
        assert!(repository_url("https://u:p@x.example.com/").unwrap_err().contains("user information"));
    }

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(version_cmp("6.7.0.46000", "6.7.0.9000"), Ordering::Greater);
        assert_eq!(version_cmp("6.7.0", "6.7.0.0"), Ordering::Equal);
        assert_eq!(version_cmp("6.5.0.1", "6.7.0"), Ordering::Less);
    }

    #[test]
    fn time_zones_spelled_exactly() {
        assert!(is_time_zone("Europe/Paris"));
        assert!(!is_time_zone("europe/paris"));
        assert!(!is_time_zone("Mars/Olympus"));
    }
}

/// Why a certificate is not accepted: no thumbprint was given (`missing`), or another one; the message names
/// the certificate's own thumbprint, which is how vCenter shows it to accept.
pub struct CertificateRefusal {
    pub missing: bool,
    pub message: String,
}

/// vCenter's check of a server's certificate against the SHA-1 thumbprint the caller expects (any case,
/// `:`-separated): `name` is the server, `expected` its certificate's thumbprint, `to` what the caller wants
/// to do ("add the host").
pub fn certificate(name: &str, expected: &str, given: Option<&str>, to: &str) -> Result<(), CertificateRefusal> {
    match given.map(|t| t.trim().to_ascii_uppercase()).filter(|t| !t.is_empty()) {
        Some(t) if t == expected => Ok(()),
        Some(t) => Err(CertificateRefusal { missing: false, message: format!("The certificate of {name} has the thumbprint {expected}, not {t}.") }),
        None => Err(CertificateRefusal { missing: true, message: format!("The certificate of {name} is not trusted yet: its thumbprint is {expected}. Verify it and give it to {to}.") }),
    }
}
