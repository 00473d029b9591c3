//! Checks shared by forms (and by the simulator, which refuses the same input vCenter refuses): host names,
//! IP addresses, prefixes, ports, lists. Each returns the cleaned value or a message for the user.

use std::net::{Ipv4Addr, Ipv6Addr};

/// A DNS host name (RFC 1123): labels of letters, digits and hyphens, 1–63 characters, not starting or ending
/// with a hyphen; 253 characters at most; an optional trailing dot. A name of digits and dots only is not a
/// host name (it is a malformed address).
pub fn is_hostname(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.is_empty() || s.len() > 253 || s.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return false;
    }
    s.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

pub fn is_ipv4(s: &str) -> bool {
    s.parse::<Ipv4Addr>().is_ok()
}

pub fn is_ipv6(s: &str) -> bool {
    s.parse::<Ipv6Addr>().is_ok()
}

/// A host name or an IPv4 / IPv6 address.
pub fn host(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("Enter a host name or an IP address.".into());
    }
    if is_ipv4(s) || is_ipv6(s) || is_hostname(s) {
        Ok(s.to_string())
    } else {
        Err(format!("“{s}” is not a valid host name or IP address."))
    }
}

/// An IPv4 address.
pub fn ipv4(s: &str) -> Result<String, String> {
    let s = s.trim();
    if is_ipv4(s) {
        Ok(s.to_string())
    } else if s.is_empty() {
        Err("Enter an IPv4 address.".into())
    } else {
        Err(format!("“{s}” is not an IPv4 address (four numbers 0–255 separated by dots)."))
    }
}

/// An IPv6 address.
pub fn ipv6(s: &str) -> Result<String, String> {
    let s = s.trim();
    if is_ipv6(s) {
        Ok(s.to_string())
    } else if s.is_empty() {
        Err("Enter an IPv6 address.".into())
    } else {
        Err(format!("“{s}” is not an IPv6 address."))
    }
}

/// A prefix length between 0 and `max` (32 for IPv4, 128 for IPv6).
pub fn prefix(s: &str, max: u8) -> Result<i64, String> {
    match s.trim().parse::<u8>() {
        Ok(p) if p <= max => Ok(p as i64),
        _ => Err(format!("Enter a prefix length between 0 and {max}.")),
    }
}

/// A TCP/UDP port, 1–65535.
pub fn port(s: &str) -> Result<i64, String> {
    match s.trim().parse::<u32>() {
        Ok(p) if (1..=65_535).contains(&p) => Ok(p as i64),
        _ => Err(format!("“{}” is not a port: enter a number from 1 to 65535.", s.trim())),
    }
}

/// The entries of a list typed one per line or separated by commas or spaces, empty ones dropped,
/// duplicates removed (first kept).
pub fn split_list(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in s.split(|c: char| c == ',' || c.is_whitespace()).map(str::trim).filter(|i| !i.is_empty()) {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(item)) {
            out.push(item.to_string());
        }
    }
    out
}

/// A list of hosts, each checked with [`host`]; the message names every bad entry.
pub fn hosts(s: &str) -> Result<Vec<String>, String> {
    let items = split_list(s);
    let bad: Vec<String> = items.iter().filter(|i| host(i).is_err()).map(|i| format!("“{i}”")).collect();
    if bad.is_empty() {
        Ok(items)
    } else {
        Err(format!("{} {} not a valid host name or IP address.", bad.join(", "), if bad.len() == 1 { "is" } else { "are" }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_follow_rfc_1123() {
        for ok in ["vcenter", "vc-01.corp.local", "a.b.c.", "0.pool.ntp.org", "x1"] {
            assert!(is_hostname(ok), "{ok}");
        }
        for bad in ["", "-a.example", "a-.example", "a..b", "under_score.local", "1.2.3.4", "300.1.1.1", &"a".repeat(64), "sp ace"] {
            assert!(!is_hostname(bad), "{bad}");
        }
        assert!(!is_hostname(&format!("{}.com", ["abcdefghij"; 25].join("."))), "over 253 characters");
    }

    #[test]
    fn hosts_are_names_or_addresses() {
        assert_eq!(host(" 10.0.0.1 ").unwrap(), "10.0.0.1");
        assert_eq!(host("fe80::1").unwrap(), "fe80::1");
        assert_eq!(host("ntp.corp.local").unwrap(), "ntp.corp.local");
        assert!(host("10.0.0.256").unwrap_err().contains("not a valid host name or IP address"));
        assert!(host("").unwrap_err().contains("Enter"));
    }

    #[test]
    fn addresses_prefixes_and_ports() {
        assert!(ipv4("192.168.1.10").is_ok());
        assert!(ipv4("192.168.1").unwrap_err().contains("not an IPv4 address"));
        assert!(ipv6("2001:db8::10").is_ok());
        assert!(ipv6("2001:db8::g").is_err());
        assert_eq!(prefix("24", 32).unwrap(), 24);
        assert!(prefix("33", 32).unwrap_err().contains("between 0 and 32"));
        assert_eq!(prefix("64", 128).unwrap(), 64);
        assert!(prefix("x", 128).is_err());
        assert_eq!(port("514").unwrap(), 514);
        assert!(port("0").is_err());
        assert!(port("65536").unwrap_err().contains("1 to 65535"));
    }

    #[test]
    fn lists_split_on_lines_commas_and_spaces() {
        assert_eq!(split_list("a.example\n b.example, c.example  a.example"), vec!["a.example", "b.example", "c.example"]);
        assert!(split_list(" \n ").is_empty());
        assert_eq!(hosts("ntp1.corp.local\n10.0.0.5").unwrap(), vec!["ntp1.corp.local", "10.0.0.5"]);
        assert_eq!(hosts("ok.local bad_name 1.2.3.999").unwrap_err(), "“bad_name”, “1.2.3.999” are not a valid host name or IP address.");
    }
}

/// A SHA-1 certificate thumbprint as vCenter writes it: 20 bytes in hex, `:`-separated (spaces or no
/// separators are accepted, any case); returned in vCenter's form.
pub fn sha1_thumbprint(s: &str) -> Result<String, String> {
    let hex: String = s.chars().filter(|c| !matches!(c, ':' | ' ' | '-')).collect();
    if hex.len() != 40 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err("A certificate thumbprint is 20 pairs of hex digits (SHA-1), such as 3C:1F:A2:…".into());
    }
    let up = hex.to_ascii_uppercase();
    Ok(up.as_bytes().chunks(2).map(|p| std::str::from_utf8(p).unwrap_or_default()).collect::<Vec<_>>().join(":"))
}

/// The first SHA-1 thumbprint (20 `:`-separated hex pairs) in a refusal's message: vCenter names the
/// certificate's when it does not trust it yet, for the page to offer it.
pub fn offered_thumbprint(message: &str) -> Option<String> {
    let b = message.as_bytes();
    (0..b.len().saturating_sub(58)).find_map(|i| {
        let w = &b[i..i + 59];
        let ok = w.iter().enumerate().all(|(j, c)| if j % 3 == 2 { *c == b':' } else { c.is_ascii_hexdigit() });
        let bounded = i == 0 || !b[i - 1].is_ascii_hexdigit() && b[i - 1] != b':';
        (ok && bounded).then(|| String::from_utf8_lossy(w).to_ascii_uppercase())
    })
}

#[cfg(test)]
mod thumbprint_tests {
    use super::*;

    #[test]
    fn thumbprints_are_read_in_any_spelling() {
        let t = "3c1fa27b905de411c8620f9ab344d7286e05b19c";
        assert_eq!(sha1_thumbprint(t).unwrap(), "3C:1F:A2:7B:90:5D:E4:11:C8:62:0F:9A:B3:44:D7:28:6E:05:B1:9C");
        assert!(sha1_thumbprint("3C:1F").is_err());
        assert!(sha1_thumbprint(&"Z".repeat(40)).is_err());
        assert_eq!(
            offered_thumbprint("The certificate of psc-01.corp.local is not trusted: its thumbprint is 3C:1F:A2:7B:90:5D:E4:11:C8:62:0F:9A:B3:44:D7:28:6E:05:B1:9C. Verify it."),
            Some("3C:1F:A2:7B:90:5D:E4:11:C8:62:0F:9A:B3:44:D7:28:6E:05:B1:9C".into())
        );
        assert_eq!(offered_thumbprint("connection refused"), None);
        assert_eq!(offered_thumbprint("3c:1f:a2:7b:90:5d:e4:11:c8:62:0f:9a:b3:44:d7:28:6e:05:b1:9c").as_deref(), Some("3C:1F:A2:7B:90:5D:E4:11:C8:62:0F:9A:B3:44:D7:28:6E:05:B1:9C"));
    }
}
