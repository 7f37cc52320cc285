//! Scores: the rubric (five dimensions and the overall score) from findings, and the SEO score
//! from the SEO checks. Every number is traceable: each finding carries its cost and each
//! dimension its total cost, normalised cost and fired gates.
//!
//! Rubric, per dimension d (docs/scoring.md):
//! - cost of a finding = rule weight x severity factor (info 1, warning 3, error 5), where a
//!   rule's findings together cost at most the rule's cap (later findings cost what is left);
//! - normalised cost = total cost x 1000 / max(words, [scoring] min_words), where words inside
//!   generic filler phrases (`filler/generic-phrase`) are not counted: padding an article
//!   cannot dilute its findings;
//! - score = 100 x exp(-normalised cost / constant_d), rounded; a fired hard gate caps it at
//!   [scoring] gate_cap;
//! - overall = weighted mean of the five scores ([scoring] weights), rounded.
//!
//! SEO score = points of the enabled SEO checks (good 9, ok 6, bad 3, as Yoast scores) over
//! 9 per check, as a percentage rounded down, so it is 100 exactly when every check is good,
//! that is when there is no recommendation. A check is a rated `seo/*` rule that ran; its
//! rating is read from its finding (good: no finding), after all rules ran. Without a primary
//! keyword the keyword checks are skipped and do not count.

use crate::config::Config;
use crate::finding::Rating;
use crate::finding::{Dimension, Finding, Severity};
use crate::rules::RuleMeta;
use crate::rules::seo::{KEYWORD_RULES, RATED_RULES};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// How one dimension's score came about.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct DimensionDetail {
    pub score: u32,
    pub cost: f64,
    pub normalized_cost: f64,
    pub gates: Vec<String>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Rubric {
    pub overall_score: u32,
    pub dimensions: BTreeMap<Dimension, u32>,
    pub details: BTreeMap<Dimension, DimensionDetail>,
}

/// Whether a finding fires a hard gate: its rule is listed in `[brief] hard_gates` and it is
/// reported at error severity.
pub fn is_gate(config: &Config, finding: &Finding) -> bool {
    finding.severity == Severity::Error
        && config.brief.hard_gates.iter().any(|g| *g == finding.rule)
}

/// Set each finding's cost and compute the rubric. `metas` gives each rule's weight and cap.
pub fn rubric<S: std::hash::BuildHasher>(
    findings: &mut [Finding],
    metas: &HashMap<&str, &RuleMeta, S>,
    word_count: usize,
    config: &Config,
) -> Rubric {
    let sc = &config.scoring;
    // Keyed by the id as the finding holds it: a built-in rule's borrows a `&'static str`, so
    // the key costs no allocation (a `String` per finding did).
    let mut spent: FxHashMap<Cow<'static, str>, f64> = FxHashMap::default();
    let mut totals: BTreeMap<Dimension, f64> = BTreeMap::new();
    let mut gates: BTreeMap<Dimension, Vec<String>> = BTreeMap::new();
    for f in findings.iter_mut() {
        if f.dimension == Dimension::Seo {
            f.cost = 0.0;
            continue;
        }
        let (weight, cap) = metas
            .get(f.rule.as_ref())
            .map_or((1.0, 10.0), |m| (m.weight, m.cap));
        let factor = sc.severity_factor.get(&f.severity).copied().unwrap_or(1.0);
        let used = spent.entry(f.rule.clone()).or_default();
        let cost = (weight * factor).min((cap - *used).max(0.0));
        *used += cost;
        f.cost = round2(cost);
        *totals.entry(f.dimension).or_default() += cost;
        if is_gate(config, f) {
            let g = gates.entry(f.dimension).or_default();
            if !g.iter().any(|r| *r == f.rule) {
                g.push(f.rule.to_string());
            }
        }
    }
    let per = 1000.0 / word_count.max(sc.min_words).max(1) as f64;
    let mut details = BTreeMap::new();
    for dim in Dimension::RUBRIC {
        let cost = totals.get(&dim).copied().unwrap_or(0.0);
        let normalized = cost * per;
        let constant = sc.constants.get(&dim).copied().unwrap_or(25.0);
        let mut score = 100.0 * (-normalized / constant).exp();
        let fired = gates.remove(&dim).unwrap_or_default();
        if !fired.is_empty() {
            score = score.min(sc.gate_cap);
        }
        details.insert(
            dim,
            DimensionDetail {
                score: to_score(score),
                cost: round2(cost),
                normalized_cost: round2(normalized),
                gates: fired,
            },
        );
    }
    let (mut sum, mut wsum) = (0.0, 0.0);
    for (dim, d) in &details {
        let w = sc.weights.get(dim).copied().unwrap_or(1.0);
        sum += w * d.score as f64;
        wsum += w;
    }
    let overall = if wsum > 0.0 {
        to_score(sum / wsum)
    } else {
        100
    };
    Rubric {
        overall_score: overall,
        dimensions: details.iter().map(|(d, x)| (*d, x.score)).collect(),
        details,
    }
}

/// The SEO score and the recommendations of the SEO checks, in check order.
#[derive(Debug, Clone, PartialEq)]
pub struct SeoRated {
    pub score: u32,
    pub recommendations: Vec<String>,
}

/// The SEO score (see the module docs) from the findings of a run. `ran`: whether the rule
/// with this id ran; `has_keyword`: whether the article has a primary keyword.
pub fn seo(findings: &[Finding], ran: impl Fn(&str) -> bool, has_keyword: bool) -> SeoRated {
    let (mut points, mut checks) = (0, 0);
    let mut recommendations = Vec::new();
    for &id in RATED_RULES {
        if !ran(id) || (!has_keyword && KEYWORD_RULES.contains(&id)) {
            continue;
        }
        checks += 1;
        let rated = findings.iter().find(|f| f.rule == id && f.rating.is_some());
        match rated {
            Some(f) => {
                points += f.rating.map_or(0, Rating::points);
                recommendations.extend(f.help.clone());
            }
            None => points += Rating::Good.points(),
        }
    }
    let score = if checks == 0 {
        100
    } else {
        points * 100 / (Rating::Good.points() * checks)
    };
    SeoRated {
        score,
        recommendations,
    }
}

/// A score as reported: rounded and clamped to 0..=100. Validated configuration keeps every
/// input finite and non-negative, so this is a guard: a float-to-int cast saturates, and a
/// stray negative weight once made 4294967295 out of a negative mean.
fn to_score(x: f64) -> u32 {
    if x.is_nan() {
        return 0;
    }
    x.clamp(0.0, 100.0).round() as u32
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn meta(id: &'static str, weight: f64, cap: f64) -> RuleMeta {
        RuleMeta {
            id: Cow::Borrowed(id),
            dimension: Dimension::PersonaStyle,
            severity: Severity::Warning,
            summary: Cow::Borrowed(""),
            doc: Cow::Borrowed(""),
            weight,
            cap,
        }
    }

    #[test]
    fn costs_caps_normalisation_and_formula() {
        let m = meta("filler/x", 1.0, 5.0);
        let metas: HashMap<&str, &RuleMeta> = [("filler/x", &m)].into_iter().collect();
        let mut findings: Vec<Finding> = (0..3).map(|i| m.finding(i..i + 1, "x")).collect();
        let config = Config::default();
        let r = rubric(&mut findings, &metas, 1000, &config);
        // 3 + 2 (cap 5) + 0
        let costs: Vec<f64> = findings.iter().map(|f| f.cost).collect();
        assert_eq!(costs, vec![3.0, 2.0, 0.0]);
        let d = &r.details[&Dimension::PersonaStyle];
        assert_eq!(d.cost, 5.0);
        assert_eq!(d.normalized_cost, 5.0);
        // 100 * exp(-5/40) = 88.25
        assert_eq!(d.score, 88);
        assert_eq!(r.dimensions[&Dimension::Clarity], 100);
        // (88 + 4 x 100) / 5 = 97.6
        assert_eq!(r.overall_score, 98);
        // a 100-word article is judged as 300 words: 5 x 1000/300 = 16.67
        let mut findings: Vec<Finding> = (0..3).map(|i| m.finding(i..i + 1, "x")).collect();
        let r = rubric(&mut findings, &metas, 100, &config);
        assert_eq!(r.details[&Dimension::PersonaStyle].normalized_cost, 16.67);
    }

    #[test]
    fn item11_scores_are_clamped_and_never_overflow() {
        assert_eq!(to_score(f64::NAN), 0);
        assert_eq!(to_score(-1e9), 0);
        assert_eq!(to_score(164_644_578.0), 100);
        assert_eq!(to_score(f64::INFINITY), 100);
        assert_eq!(to_score(99.5), 100);
        assert_eq!(to_score(42.4), 42);
        // a negative weight (refused by validation) cannot push a score out of 0..=100
        let m = meta("filler/x", -1e6, 1e9);
        let metas: HashMap<&str, &RuleMeta> = [("filler/x", &m)].into_iter().collect();
        let mut findings = vec![m.finding(0..1, "x")];
        let mut config = Config::default();
        config.scoring.weights.insert(Dimension::Clarity, -10.0);
        let r = rubric(&mut findings, &metas, 300, &config);
        assert!(r.overall_score <= 100, "{}", r.overall_score);
        assert!(r.dimensions.values().all(|&s| s <= 100));
    }

    #[test]
    fn gates_cap_the_dimension() {
        let m = RuleMeta {
            dimension: Dimension::WebStructure,
            severity: Severity::Error,
            ..meta("structure/single-h1", 0.1, 1.0)
        };
        let metas: HashMap<&str, &RuleMeta> = [("structure/single-h1", &m)].into_iter().collect();
        let mut findings = vec![m.finding(0..1, "x")];
        let r = rubric(&mut findings, &metas, 5000, &Config::default());
        let d = &r.details[&Dimension::WebStructure];
        assert_eq!(d.gates, vec!["structure/single-h1".to_string()]);
        assert_eq!(d.score, 50);
        // as a warning it is no gate
        findings[0].severity = Severity::Warning;
        let r = rubric(&mut findings, &metas, 5000, &Config::default());
        assert!(r.details[&Dimension::WebStructure].gates.is_empty());
    }

    /// The SEO score is read from the SEO rules' findings: their ratings, not their severity
    /// (which `[rules]` may override); a rule that did not run is no check.
    #[test]
    fn the_seo_score_comes_from_the_ratings_of_the_rules_that_ran() {
        use crate::engine::Linter;
        let src = "---\nkeyword: cargo\n---\n# Cargo\n\nCargo builds crates. Cargo tests them.\n";
        let lint = |toml: &str| {
            let config = Config::from_toml_str(toml, None).unwrap();
            Linter::with_config(config)
                .lint_source(std::path::Path::new("a.md"), src.into())
                .unwrap()
        };
        let base = lint("");
        // each rating other than good is a finding with the recommendation as its help
        let rated: Vec<&str> = base
            .findings
            .iter()
            .filter(|f| RATED_RULES.contains(&f.rule.as_str()))
            .map(|f| f.rule.as_str())
            .collect();
        assert_eq!(base.seo.recommendations.len(), rated.len(), "{rated:?}");
        let raised =
            lint("[rules]\n\"seo/text-length\" = \"error\"\n\"seo/image-alt\" = \"info\"\n");
        assert_eq!(raised.seo, base.seo);
        assert!(rated.contains(&"seo/text-length"));
        // a bad check fewer: a higher score, a recommendation fewer
        let off = lint("[rules]\n\"seo/text-length\" = \"off\"\n");
        assert!(off.seo.seo_score > base.seo.seo_score);
        assert_eq!(
            off.seo.recommendations.len(),
            base.seo.recommendations.len() - 1
        );
        // every check off: nothing to rate, 100
        let none = lint("[rules]\nseo = \"off\"\n");
        assert_eq!(none.seo.seo_score, 100);
        assert!(none.seo.recommendations.is_empty());
        assert_eq!(none.seo.keyword_count, base.seo.keyword_count);
    }

    #[test]
    fn seo_score_arithmetic() {
        let meta = RuleMeta {
            dimension: Dimension::Seo,
            ..meta("seo/title-length", 0.0, 0.0)
        };
        let mut bad = meta.finding(0..1, "x").with_help("shorten");
        bad.rating = Some(Rating::Bad);
        let all = |_: &str| true;
        // 9 good checks and 1 bad: 84 of 90 points
        let r = seo(std::slice::from_ref(&bad), all, true);
        assert_eq!(r.score, 84 * 100 / 90);
        assert_eq!(r.recommendations, vec!["shorten".to_string()]);
        // without a keyword the 5 keyword checks are skipped: 5 checks, 39 of 45
        assert_eq!(
            seo(std::slice::from_ref(&bad), all, false).score,
            39 * 100 / 45
        );
        // a finding without a rating (seo/no-keyword) is no check's rating
        bad.rating = None;
        assert_eq!(seo(&[bad], all, true).score, 100);
        assert_eq!(seo(&[], |_| false, true).score, 100);
    }
}
