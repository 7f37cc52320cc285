//! A small JSON Schema (2020-12) checker for the keywords `schemas/*.schema.json` use: type,
//! enum, const, pattern, minimum, maximum, minLength, required, properties,
//! additionalProperties, items, allOf, if/then/else and local $ref. A keyword it does not know
//! is an error, so a schema cannot quietly ask for more than is checked.

use serde_json::Value;

const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "title",
    "description",
    "format",
    "examples",
];

/// Every way `value` breaks `schema` (empty: it validates).
pub fn check(schema: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    validate(schema, schema, value, "$", &mut errors);
    errors
}

fn type_ok(name: &str, v: &Value) -> bool {
    match name {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        other => panic!("unknown type {other} in schema"),
    }
}

fn validate(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let Some(obj) = schema.as_object() else {
        if schema == &Value::Bool(false) {
            errors.push(format!("{at}: not allowed"));
        }
        return;
    };
    for (key, rule) in obj {
        match key.as_str() {
            k if ANNOTATIONS.contains(&k) => {}
            "$ref" => {
                let pointer = rule
                    .as_str()
                    .and_then(|r| r.strip_prefix('#'))
                    .expect("local $ref");
                let target = root
                    .pointer(pointer)
                    .unwrap_or_else(|| panic!("dangling $ref {pointer}"));
                validate(root, target, value, at, errors);
            }
            "type" => {
                let names: Vec<&str> = match rule {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => panic!("bad type"),
                };
                if !names.iter().any(|n| type_ok(n, value)) {
                    errors.push(format!("{at}: {value} is not of type {names:?}"));
                }
            }
            "enum" => {
                if !rule.as_array().expect("enum list").contains(value) {
                    errors.push(format!("{at}: {value} is not one of {rule}"));
                }
            }
            "const" => {
                if rule != value {
                    errors.push(format!("{at}: {value} is not {rule}"));
                }
            }
            "pattern" => {
                if let Some(s) = value.as_str() {
                    let re = regex::Regex::new(rule.as_str().expect("pattern")).expect("regex");
                    if !re.is_match(s) {
                        errors.push(format!("{at}: {s:?} does not match {rule}"));
                    }
                }
            }
            "minimum" | "maximum" => {
                if let (Some(x), Some(bound)) = (value.as_f64(), rule.as_f64()) {
                    let ok = if key == "minimum" {
                        x >= bound
                    } else {
                        x <= bound
                    };
                    if !ok {
                        errors.push(format!("{at}: {x} breaks {key} {bound}"));
                    }
                }
            }
            "minLength" => {
                if let (Some(s), Some(n)) = (value.as_str(), rule.as_u64())
                    && (s.chars().count() as u64) < n
                {
                    errors.push(format!("{at}: {s:?} is shorter than {n}"));
                }
            }
            "required" => {
                if let Some(o) = value.as_object() {
                    for k in rule.as_array().expect("required list") {
                        let k = k.as_str().expect("key");
                        if !o.contains_key(k) {
                            errors.push(format!("{at}: missing required key {k:?}"));
                        }
                    }
                }
            }
            "properties" => {
                if let Some(o) = value.as_object() {
                    for (k, sub) in rule.as_object().expect("properties") {
                        if let Some(v) = o.get(k) {
                            validate(root, sub, v, &format!("{at}.{k}"), errors);
                        }
                    }
                }
            }
            "additionalProperties" => {
                if let Some(o) = value.as_object() {
                    let declared = obj.get("properties").and_then(Value::as_object);
                    for (k, v) in o {
                        if declared.is_some_and(|d| d.contains_key(k)) {
                            continue;
                        }
                        match rule {
                            Value::Bool(false) => {
                                errors.push(format!("{at}: unexpected key {k:?}"))
                            }
                            Value::Bool(true) => {}
                            sub => validate(root, sub, v, &format!("{at}.{k}"), errors),
                        }
                    }
                }
            }
            "items" => {
                if let Some(a) = value.as_array() {
                    for (i, v) in a.iter().enumerate() {
                        validate(root, rule, v, &format!("{at}[{i}]"), errors);
                    }
                }
            }
            "allOf" => {
                for sub in rule.as_array().expect("allOf list") {
                    validate(root, sub, value, at, errors);
                }
            }
            "if" => {
                let mut probe = Vec::new();
                validate(root, rule, value, at, &mut probe);
                let branch = if probe.is_empty() {
                    obj.get("then")
                } else {
                    obj.get("else")
                };
                if let Some(b) = branch {
                    validate(root, b, value, at, errors);
                }
            }
            "then" | "else" => {}
            other => panic!("schema keyword {other:?} is not supported by this checker"),
        }
    }
}
