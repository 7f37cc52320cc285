use crate::document::Document;
use crate::finding::Finding;
use crate::rules::seo::front_matter_line;
use crate::rules::{Context, Rule, RuleMeta};
use serde_json::Value;

declare_rule! {
    /// ### What
    ///
    /// The front-matter fields the SEO checks read must be text: `title`, `description`,
    /// `meta_description`, `summary`, `keyword`, `keyphrase`, `focus_keyword`; `keywords` may be
    /// text (comma-separated) or a list of texts. A list or mapping where text is expected is not
    /// used (the check then behaves as if the field were missing, which is rarely what the author
    /// meant); a number or boolean is read as its text (`title: 1984` is the title "1984") but is
    /// reported, since YAML turns some titles into numbers or booleans (`title: no` is false). An
    /// empty value is treated as missing and not reported.
    ///
    /// ### Why
    ///
    /// A value that the checks cannot read as text is dropped or misread, which is rarely what the
    /// author meant.
    ///
    /// ### Example
    ///
    /// Bad:
    ///
    /// ```yaml
    /// keyword: [rust, linting]
    /// ```
    ///
    /// Good:
    ///
    /// ```yaml
    /// keyword: rust linting
    /// keywords: [rust, linting]
    /// ```
    pub InvalidField {
        id: "frontmatter/invalid-field",
        dimension: Seo,
        severity: Warning,
        summary: "Front-matter title, description and keyword are text",
        weight: 0.0,
        cap: 0.0,
        examples: {
            fire: [
                "---\nkeyword: [rust, linting]\n---\n# Linting Rust\n\nText.\n",
                "---\ntitle: no\n---\n# No\n\nText.\n",
            ],
            pass: [
                "---\nkeyword: rust linting\nkeywords: [rust, linting]\n---\n# Linting Rust\n\nText.\n",
                "---\ntitle: \"no\"\n---\n# No\n\nText.\n",
            ],
        },
    }
}

/// Fields that must be a single text.
const TEXT_FIELDS: &[&str] = &[
    "title",
    "description",
    "meta_description",
    "summary",
    "keyword",
    "keyphrase",
    "focus_keyword",
];

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

impl Rule for InvalidField {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, _ctx: &Context) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut report = |key: &str, message: String, help: &str| {
            let range = front_matter_line(doc, &[key]).unwrap_or_else(|| doc.start_range());
            out.push(META.finding(range, message).with_help(help.to_string()));
        };
        for &key in TEXT_FIELDS {
            match doc.front_matter.field(key) {
                Some(v @ (Value::Array(_) | Value::Object(_))) => report(
                    key,
                    format!(
                        "Front-matter `{key}` is {}, not text, so it is not used",
                        kind(v)
                    ),
                    "Write one text value, e.g. `key: some text` (put several keywords under `keywords`)",
                ),
                Some(v @ (Value::Number(_) | Value::Bool(_))) => report(
                    key,
                    format!(
                        "Front-matter `{key}` is {} ({v}), not text; it is read as \"{v}\"",
                        kind(v)
                    ),
                    "Quote the value to make it text, e.g. `title: \"1984\"`",
                ),
                _ => {}
            }
        }
        match doc.front_matter.field("keywords") {
            Some(Value::Array(items)) => {
                if let Some(bad) = items.iter().find(|i| !matches!(i, Value::String(_))) {
                    report(
                        "keywords",
                        format!(
                            "Front-matter `keywords` holds {} ({bad}), not text; only text items are used",
                            kind(bad)
                        ),
                        "Write each keyword as text, e.g. `keywords: [rust, linting]`",
                    );
                }
            }
            Some(v @ (Value::Object(_) | Value::Number(_) | Value::Bool(_))) => report(
                "keywords",
                format!(
                    "Front-matter `keywords` is {}, not text or a list of texts, so it is not used",
                    kind(v)
                ),
                "Write `keywords: [first keyword, second]` or `keywords: first keyword, second`",
            ),
            _ => {}
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn wrong_types_are_reported_at_their_key() {
        let cases = [
            ("keyword: [rust, linting]", "`keyword` is a list"),
            ("title:\n  en: Hello", "`title` is a mapping"),
            ("description: 42", "`description` is a number (42)"),
            ("title: no", "`title` is a boolean (false)"),
            ("keywords: 7", "`keywords` is a number"),
            ("keywords: [rust, 3]", "`keywords` holds a number (3)"),
        ];
        for (yaml, expected) in cases {
            let src = format!("---\n{yaml}\n---\n# T\n\ntext\n");
            let f = run(&InvalidField, &src);
            assert_eq!(f.len(), 1, "{yaml}: {f:?}");
            assert!(f[0].message.contains(expected), "{}", f[0].message);
            let key = yaml.split(':').next().unwrap();
            assert!(src[f[0].range.clone()].starts_with(key), "{yaml}");
        }
    }

    #[test]
    fn text_values_lists_of_keywords_and_empty_values_pass() {
        let src = "---\ntitle: Hello\ndescription: \"42\"\nkeyword: rust\nkeywords: [a, b]\nsummary:\n---\n# T\n";
        assert!(run(&InvalidField, src).is_empty());
        let toml = "+++\ntitle = \"Hello\"\nkeywords = \"a, b\"\n+++\n# T\n";
        assert!(run(&InvalidField, toml).is_empty());
    }
}
