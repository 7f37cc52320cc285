//! The unified diff of `--dry-run`. Files are written by the one write path, [`crate::write`].

/// A unified diff (3 lines of context) from `old` to `new`; empty when they are equal.
pub fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_is_unified() {
        let d = unified_diff("a\nb\nc\n", "a\nB\nc\n", "x.md", "x.md (regenerated)");
        assert!(
            d.starts_with("--- x.md\n+++ x.md (regenerated)\n@@ -1,3 +1,3 @@\n"),
            "{d}"
        );
        assert!(d.contains("-b\n+B\n"));
        assert_eq!(unified_diff("same", "same", "a", "b"), "");
    }
}
