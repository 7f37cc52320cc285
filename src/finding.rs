//! What a rule reports: a [`Finding`] with its [`Severity`] and rubric [`Dimension`].

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The rubric dimension a rule feeds. `Seo` rules feed the SEO score, not the rubric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    TemporalCorrectness,
    FactualConsistency,
    WebStructure,
    PersonaStyle,
    Clarity,
    Seo,
}

impl Dimension {
    /// The five rubric dimensions, in report order.
    pub const RUBRIC: [Dimension; 5] = [
        Dimension::TemporalCorrectness,
        Dimension::FactualConsistency,
        Dimension::WebStructure,
        Dimension::PersonaStyle,
        Dimension::Clarity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::TemporalCorrectness => "temporal_correctness",
            Dimension::FactualConsistency => "factual_consistency",
            Dimension::WebStructure => "web_structure",
            Dimension::PersonaStyle => "persona_style",
            Dimension::Clarity => "clarity",
            Dimension::Seo => "seo",
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A safe, mechanical fix: replace `range` of the file with `replacement`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    pub range: Range<usize>,
    pub replacement: String,
}

/// One problem found in one file. `range` is a byte range of the whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: Cow<'static, str>,
    pub severity: Severity,
    pub dimension: Dimension,
    pub message: String,
    pub range: Range<usize>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// What this finding cost its dimension (set by scoring; capped rules share their cap).
    pub cost: f64,
    /// An SEO rule's rating of its figure (ok or bad; a good rating is no finding). The SEO
    /// score is computed from these after the rules ran ([`crate::score::seo`]), so it needs
    /// no second evaluation of the rules; the severity cannot carry it, since `[rules]` may
    /// override it.
    pub rating: Option<Rating>,
}

/// A Yoast-style rating of one SEO figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Good,
    Ok,
    Bad,
}

impl Rating {
    /// Points out of 9, as Yoast scores its assessments (good 9, ok 6, bad 3).
    pub fn points(self) -> u32 {
        match self {
            Rating::Good => 9,
            Rating::Ok => 6,
            Rating::Bad => 3,
        }
    }
}

impl Finding {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, range: Range<usize>, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            range,
            replacement: replacement.into(),
        });
        self
    }
}
