//! The `/rest` wire rules of vSphere 6.7, handled once, here:
//! - results come wrapped as `{"value": …}` ([`Value`]); void operations answer 200 with an empty body;
//! - maps are JSON arrays of `{"key": K, "value": V}` ([`VapiMap`]);
//! - array query parameters go out indexed: `filter.names.1=a&filter.names.2=b` ([`Query`]);
//! - `?~action=x` (com/vmware/… URLs) and `?action=x` (newer URLs) pick an operation on one path ([`Action`]);
//! - enums are open: values this build does not know decode as `UnknownValue` ([`vapi_enum!`]);
//! - servers such as vcsim send `null` for empty lists ([`null_as_default`]) and leave out empty strings (the
//!   generated models default required strings).

use serde::{de::DeserializeOwned, Deserialize, Deserializer, Serialize};
use std::fmt::Write as _;

/// `{"value": T}`, the envelope of every non-void `/rest` result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Value<T> {
    pub value: T,
}

/// Decodes a `/rest` result body: `{"value": T}`; an empty body (void operation, or vcsim's
/// `{"value": null}` for an empty list) decodes as `T::default()` when `T` allows it.
/// The decoding error of an answer without a `value` (or a null one), which [`crate::client::null_as_none`] reads.
pub const NULL_VALUE: &str = "missing or null \"value\" in /rest result";

pub fn unwrap_value<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let body = if body.iter().all(u8::is_ascii_whitespace) { b"{\"value\":null}" as &[u8] } else { body };
    let envelope: Value<Nullable<T>> = serde_json::from_slice(body)?;
    envelope.value.0.ok_or_else(|| serde::de::Error::custom(NULL_VALUE))
}

/// Like `Option<T>` but `null` and `[]`-shaped emptiness are handled by [`Default`] where possible.
struct Nullable<T>(Option<T>);

impl<'de, T: DeserializeOwned> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = serde_json::Value::deserialize(d)?;
        if raw.is_null() {
            // `null` is an empty list for vcsim, and nothing at all for a void operation: try `T` from
            // an empty array, then from null itself (`()` and `Option` accept it).
            if let Ok(v) = serde_json::from_value::<T>(serde_json::Value::Array(vec![])) {
                return Ok(Nullable(Some(v)));
            }
            return Ok(Nullable(serde_json::from_value::<T>(raw).ok()));
        }
        serde_json::from_value(raw).map(|v| Nullable(Some(v))).map_err(serde::de::Error::custom)
    }
}

/// Deserializes `null` as `T::default()`; for list and map fields (vcsim writes `null` for empty ones).
pub fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A `/rest` map: on the wire, `[{"key": K, "value": V}, …]`. Order is kept as sent.
#[derive(Clone, Debug, PartialEq)]
pub struct VapiMap<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for VapiMap<K, V> {
    fn default() -> Self {
        VapiMap(Vec::new())
    }
}

impl<K: PartialEq, V> VapiMap<K, V> {
    pub fn get(&self, key: &K) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub fn iter(&self) -> impl Iterator<Item = &(K, V)> {
        self.0.iter()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K, V> FromIterator<(K, V)> for VapiMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        VapiMap(iter.into_iter().collect())
    }
}

#[derive(Serialize, Deserialize)]
struct Entry<K, V> {
    key: K,
    value: V,
}

impl<K: Serialize, V: Serialize> Serialize for VapiMap<K, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            seq.serialize_element(&Entry { key, value })?;
        }
        seq.end()
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for VapiMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let entries = Option::<Vec<Entry<K, V>>>::deserialize(d)?.unwrap_or_default();
        Ok(VapiMap(entries.into_iter().map(|e| (e.key, e.value)).collect()))
    }
}

/// Which operation on a shared path: `?~action=` for `com/vmware/…` URLs, `?action=` for newer ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action<'a> {
    /// `?~action=name`
    Tilde(&'a str),
    /// `?action=name`
    Plain(&'a str),
}

impl<'a> Action<'a> {
    /// The action a seed path names, if any: `/rest/com/vmware/cis/session?~action=get` → `Tilde("get")`.
    pub fn of_path(path: &'a str) -> (&'a str, Option<Action<'a>>) {
        match path.split_once('?') {
            None => (path, None),
            Some((base, q)) => {
                let action = q.split('&').find_map(|kv| {
                    kv.strip_prefix("~action=").map(Action::Tilde).or_else(|| kv.strip_prefix("action=").map(Action::Plain))
                });
                (base, action)
            }
        }
    }

    /// The action named in a request's query pairs; both spellings accepted.
    pub fn from_query<'q>(pairs: &'q [(String, String)]) -> Option<&'q str> {
        pairs.iter().find(|(k, _)| k == "~action" || k == "action").map(|(_, v)| v.as_str())
    }
}

/// A `/rest` query string. Arrays are sent indexed (`filter.names.1=a&filter.names.2=b`), as VMware's samples
/// do; [`Query::parse`] reads both that and the repeated form (`filter.names=a&filter.names=b`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `?~action=` or `?action=`.
    pub fn action(mut self, action: Action<'_>) -> Self {
        match action {
            Action::Tilde(a) => self.pairs.push(("~action".into(), a.into())),
            Action::Plain(a) => self.pairs.push(("action".into(), a.into())),
        }
        self
    }

    /// Adds one scalar parameter; `None` adds nothing.
    pub fn opt(mut self, name: &str, value: Option<impl ToString>) -> Self {
        if let Some(v) = value {
            self.pairs.push((name.into(), v.to_string()));
        }
        self
    }

    /// Adds an array parameter in the indexed form; an empty array adds nothing.
    pub fn array<T: ToString>(mut self, name: &str, values: &[T]) -> Self {
        for (i, v) in values.iter().enumerate() {
            self.pairs.push((format!("{name}.{}", i + 1), v.to_string()));
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// `a=1&b=2`, percent-encoded (`~` kept, as vCenter writes it).
    pub fn encode(&self) -> String {
        let mut out = String::new();
        for (i, (k, v)) in self.pairs.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            let _ = write!(out, "{}={}", encode_component(k), encode_component(v));
        }
        out
    }

    /// Parses a query string; `+` is a space, `%XX` decoded.
    pub fn parse(query: &str) -> Self {
        let pairs = query
            .split('&')
            .filter(|s| !s.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (decode_component(k), decode_component(v))
            })
            .collect();
        Query { pairs }
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// A scalar parameter's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// An array parameter's values, from `name.1`, `name.2` … (in index order) and from repeated `name`.
    pub fn get_array(&self, name: &str) -> Vec<String> {
        let mut indexed: Vec<(u32, String)> = Vec::new();
        let mut plain = Vec::new();
        for (k, v) in &self.pairs {
            if k == name {
                plain.push(v.clone());
            } else if let Some(i) = k.strip_prefix(name).and_then(|r| r.strip_prefix('.')).and_then(|i| i.parse().ok()) {
                indexed.push((i, v.clone()));
            }
        }
        indexed.sort_by_key(|(i, _)| *i);
        indexed.into_iter().map(|(_, v)| v).chain(plain).collect()
    }
}

/// Percent-encodes a query key or value (unreserved characters, `~` included, kept).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An open vAPI enum: known values as variants, anything else kept verbatim in `UnknownValue`, so a newer vCenter
/// that adds a value does not break decoding. Serialized as the plain string.
#[macro_export]
macro_rules! vapi_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this build does not know.
            UnknownValue(String),
        }

        impl $name {
            /// Every value the API data lists, in its order.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::UnknownValue(s) => s.as_str(),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    $($value => Self::$variant,)*
                    other => Self::UnknownValue(other.to_string()),
                })
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok(s.parse().unwrap_or_else(|e: ::std::convert::Infallible| match e {}))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwraps_value_envelope() {
        let v: String = unwrap_value(br#"{"value":"abc"}"#).unwrap();
        assert_eq!(v, "abc");
        let list: Vec<String> = unwrap_value(br#"{"value":null}"#).unwrap();
        assert!(list.is_empty(), "vcsim's null list is an empty list");
        let void: () = unwrap_value(b"").unwrap();
        assert_eq!(void, ());
        assert!(unwrap_value::<String>(br#"{"value":null}"#).is_err(), "a null string is an error, not \"\"");
        assert!(unwrap_value::<String>(br#"{"other":1}"#).is_err());
        assert!(unwrap_value::<String>(b"not json").is_err());
    }

    #[test]
    fn maps_are_key_value_arrays() {
        let m: VapiMap<String, i64> = serde_json::from_str(r#"[{"key":"a","value":1},{"key":"b","value":2}]"#).unwrap();
        assert_eq!(m.get(&"b".to_string()), Some(&2));
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"[{"key":"a","value":1},{"key":"b","value":2}]"#);
        let empty: VapiMap<String, i64> = serde_json::from_str("null").unwrap();
        assert!(empty.is_empty());
    }

    #[test]
    fn query_arrays_are_indexed_and_both_forms_parse() {
        let q = Query::new().array("filter.names", &["vm 1", "b&c"]).opt("filter.power_states", Some("POWERED_ON"));
        assert_eq!(q.encode(), "filter.names.1=vm%201&filter.names.2=b%26c&filter.power_states=POWERED_ON");
        let parsed = Query::parse(&q.encode());
        assert_eq!(parsed.get_array("filter.names"), vec!["vm 1", "b&c"]);
        let repeated = Query::parse("filter.names=x&filter.names=y+z");
        assert_eq!(repeated.get_array("filter.names"), vec!["x", "y z"]);
        let out_of_order = Query::parse("f.2=b&f.1=a&f.10=c");
        assert_eq!(out_of_order.get_array("f"), vec!["a", "b", "c"]);
        assert_eq!(Query::parse("a=%zz%4").get("a"), Some("%zz%4"));
    }

    #[test]
    fn actions_both_spellings() {
        assert_eq!(Action::of_path("/rest/com/vmware/cis/session?~action=get"), ("/rest/com/vmware/cis/session", Some(Action::Tilde("get"))));
        assert_eq!(Action::of_path("/rest/appliance/system/storage?action=resize-ex").1, Some(Action::Plain("resize-ex")));
        assert_eq!(Query::new().action(Action::Tilde("get")).encode(), "~action=get");
        let pairs = Query::parse("action=test").pairs().to_vec();
        assert_eq!(Action::from_query(&pairs), Some("test"));
    }

    vapi_enum!(Level { Green = "green", Red = "red", });

    #[test]
    fn open_enums_keep_unknown_values() {
        let l: Vec<Level> = serde_json::from_str(r#"["green","purple"]"#).unwrap();
        assert_eq!(l, vec![Level::Green, Level::UnknownValue("purple".into())]);
        assert_eq!(serde_json::to_string(&l).unwrap(), r#"["green","purple"]"#);
        assert_eq!(Level::VALUES, &["green", "red"]);
    }
}

/// The vAPI standard error kinds (`com.vmware.vapi.std.errors.<kind>`) and their HTTP statuses; the kinds the console tells apart have their own variant (`com.vmware.vapi.std.errors.<kind>`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VapiErrorKind {
    NotFound,
    AlreadyExists,
    InvalidArgument,
    Unauthenticated,
    Unauthorized,
    NotAllowedInCurrentState,
    ResourceBusy,
    ServiceUnavailable,
    TimedOut,
    /// `error`: the generic refusal, which many appliance operations document instead of a specific kind.
    Error,
    /// Any other vAPI error type, by its last name part (`unsupported`, `error`, ...).
    Other(String),
}

impl VapiErrorKind {
    /// From a vAPI error `type`, with or without the `com.vmware.vapi.std.errors.` prefix.
    pub fn from_type(t: &str) -> Self {
        match t.rsplit('.').next().unwrap_or(t) {
            "not_found" => Self::NotFound,
            "already_exists" => Self::AlreadyExists,
            "invalid_argument" => Self::InvalidArgument,
            "unauthenticated" => Self::Unauthenticated,
            "unauthorized" => Self::Unauthorized,
            "not_allowed_in_current_state" => Self::NotAllowedInCurrentState,
            "resource_busy" => Self::ResourceBusy,
            "service_unavailable" => Self::ServiceUnavailable,
            "timed_out" => Self::TimedOut,
            "error" => Self::Error,
            other => Self::Other(other.to_string()),
        }
    }

    /// The vAPI name (`not_found` ...).
    pub fn as_str(&self) -> &str {
        match self {
            Self::NotFound => "not_found",
            Self::AlreadyExists => "already_exists",
            Self::InvalidArgument => "invalid_argument",
            Self::Unauthenticated => "unauthenticated",
            Self::Unauthorized => "unauthorized",
            Self::NotAllowedInCurrentState => "not_allowed_in_current_state",
            Self::ResourceBusy => "resource_busy",
            Self::ServiceUnavailable => "service_unavailable",
            Self::TimedOut => "timed_out",
            Self::Error => "error",
            Self::Other(s) => s,
        }
    }

    /// The full vAPI type, `com.vmware.vapi.std.errors.<kind>`.
    pub fn type_name(&self) -> String {
        format!("com.vmware.vapi.std.errors.{}", self.as_str())
    }

    /// The HTTP status vCenter answers this error with (`meta.conventions.error_status`).
    pub fn http_status(&self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::Unauthenticated => 401,
            Self::Unauthorized => 403,
            Self::ServiceUnavailable => 503,
            Self::TimedOut => 504,
            Self::Other(s) if s == "internal_server_error" => 500,
            Self::Other(s) if s == "operation_not_found" => 404,
            _ => 400,
        }
    }
}
