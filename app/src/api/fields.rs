//! Every field of an API answer as (name, value) rows, for the pages that show an object "as vCenter reports
//! it": nested structures flattened to dotted names (`backing.vmdk_file`), lists and maps indexed
//! (`devices[0].type`), unset fields left out. The row names are the API's own field names, so a reader can
//! find each one in vCenter's documentation.

/// The rows of `value` (anything the API answered), by field name.
pub fn rows(value: &impl serde::Serialize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(v) = serde_json::to_value(value) {
        flatten("", &v, &mut out);
    }
    out
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    let name = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
    match v {
        Value::Null => {}
        Value::Object(m) if m.is_empty() => out.push((prefix.to_string(), "none".into())),
        Value::Object(m) => {
            // A vAPI map comes as a list of {key, value} pairs: index it by key.
            for (k, x) in m {
                flatten(&name(k), x, out);
            }
        }
        Value::Array(a) if a.is_empty() => out.push((prefix.to_string(), "none".into())),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let key = match x {
                    Value::Object(m) if m.len() == 2 && m.contains_key("key") && m.contains_key("value") => m["key"].as_str().map(str::to_string),
                    _ => None,
                };
                match key {
                    Some(k) => flatten(&format!("{prefix}[{k}]"), &x["value"], out),
                    None if x.is_object() || x.is_array() => flatten(&format!("{prefix}[{i}]"), x, out),
                    None => {}
                }
            }
            // A list of plain values reads as one row.
            let plain: Vec<String> = a.iter().filter(|x| !x.is_object() && !x.is_array()).map(text).collect();
            if !plain.is_empty() {
                out.push((prefix.to_string(), plain.join(", ")));
            }
        }
        x => out.push((prefix.to_string(), text(x))),
    }
}

fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(true) => "yes".into(),
        serde_json::Value::Bool(false) => "no".into(),
        x => x.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn nested_fields_read_as_dotted_names_and_unset_ones_are_left_out() {
        let v = json!({"label": "Hard disk 1", "backing": {"type": "VMDK_FILE", "vmdk_file": "[ds1] a/a.vmdk"}, "capacity": 1024, "sata": null,
            "start_connected": false, "devices": [{"type": "DISK", "disks": ["2000", "2001"]}], "tags": [], "map": [{"key": "a", "value": {"x": 1}}]});
        let rows = super::rows(&v);
        let get = |k: &str| rows.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("backing.vmdk_file"), Some("[ds1] a/a.vmdk"));
        assert_eq!(get("capacity"), Some("1024"));
        assert_eq!(get("start_connected"), Some("no"));
        assert_eq!(get("devices[0].disks"), Some("2000, 2001"));
        assert_eq!(get("tags"), Some("none"));
        assert_eq!(get("map[a].x"), Some("1"));
        assert_eq!(get("sata"), None);
    }
}
