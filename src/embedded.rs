//! The TOML data built into the binary, read from the JSON that `build.rs` writes of each
//! file (a third of the cost of parsing the TOML at start-up). Embedded files are tested, so a
//! file that does not read is a bug in the build, not a user error.

/// The JSON of an embedded TOML file, by its path from the crate root:
/// `embedded_json!("rules/defaults.toml")`.
#[macro_export]
#[doc(hidden)]
macro_rules! embedded_json {
    ($path:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/", $path, ".json"))
    };
}

/// Read `json` (of the embedded file `name`) as `T`.
pub fn read<T: serde::de::DeserializeOwned>(name: &str, json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[cfg(test)]
mod tests {
    /// The JSON reads back as the TOML file it was written from.
    #[test]
    fn the_json_is_the_toml_file() {
        let toml_text = include_str!("../rules/defaults.toml");
        let from_toml: toml::Table = toml::from_str(toml_text).unwrap();
        let from_json: toml::Table =
            super::read("rules/defaults.toml", embedded_json!("rules/defaults.toml"));
        assert_eq!(from_json, from_toml);
        let data = include_str!("../rules/data/claims.toml");
        let from_toml: toml::Value = toml::from_str(data).unwrap();
        let from_json: toml::Value =
            super::read("claims", embedded_json!("rules/data/claims.toml"));
        assert_eq!(from_json, from_toml);
    }
}
