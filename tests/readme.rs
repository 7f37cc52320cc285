//! The README's rule list is the registry's (`contentlint rules --markdown`).

use contentlint::config::Config;
use contentlint::engine::RuleSet;

#[test]
fn readme_rule_list_matches_the_registry() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("<!-- rules:start -->\n")
        .expect("rules:start marker")
        + 21;
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    let expected = RuleSet::for_config(&Config::default())
        .unwrap()
        .markdown_table();
    assert_eq!(
        &readme[start..end],
        expected,
        "README rule list is stale: paste `cargo run -- rules --markdown` between the markers"
    );
}
