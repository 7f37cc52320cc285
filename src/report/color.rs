//! Whether to colour the output: `--color`, then the environment, then whether stdout is a
//! terminal. One function over its inputs, so every combination is tested without touching
//! the process environment.

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal, unless the environment says otherwise.
    #[default]
    Auto,
    Always,
    Never,
}

/// Decides colour. `--color always|never` wins over everything. Under `auto`:
/// - `NO_COLOR` set and not empty: no colour (<https://no-color.org>: "when present and not an
///   empty string"); an empty `NO_COLOR=` is ignored;
/// - else `FORCE_COLOR` or `CLICOLOR_FORCE` set, not empty and not `0`: colour, terminal or
///   not (for CI logs; <https://force-color.org>, <https://bixense.com/clicolors/>);
/// - else colour if stdout is a terminal.
///
/// `NO_COLOR` is checked before the force variables, as Rust's `anstream` does: a user who
/// asked for no colour everywhere keeps it; `--color always` overrides both.
pub fn use_color(
    choice: ColorChoice,
    stdout_is_terminal: bool,
    env: impl Fn(&str) -> Option<String>,
) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
    let forced = |name: &str| env(name).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") => true,
        ColorChoice::Auto => stdout_is_terminal,
    }
}

/// [`use_color`] over the process environment (values that are not Unicode count as set).
pub fn use_color_from_env(choice: ColorChoice, stdout_is_terminal: bool) -> bool {
    use_color(choice, stdout_is_terminal, |name| {
        std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::ColorChoice::{Always, Auto, Never};
    use super::*;

    fn decide(choice: ColorChoice, tty: bool, vars: &[(&str, &str)]) -> bool {
        use_color(choice, tty, |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn auto_follows_the_terminal() {
        assert!(decide(Auto, true, &[]));
        assert!(!decide(Auto, false, &[]));
    }

    #[test]
    fn no_color_only_when_not_empty() {
        assert!(!decide(Auto, true, &[("NO_COLOR", "1")]));
        assert!(
            !decide(Auto, true, &[("NO_COLOR", "0")]),
            "any value counts"
        );
        assert!(decide(Auto, true, &[("NO_COLOR", "")]), "empty is ignored");
    }

    #[test]
    fn force_variables_colour_a_pipe() {
        for var in ["FORCE_COLOR", "CLICOLOR_FORCE"] {
            assert!(decide(Auto, false, &[(var, "1")]), "{var}=1");
            assert!(decide(Auto, false, &[(var, "true")]), "{var}=true");
            assert!(!decide(Auto, false, &[(var, "0")]), "{var}=0");
            assert!(!decide(Auto, false, &[(var, "")]), "{var}= (empty)");
            // 0 does not turn colour off on a terminal either: it just does not force it
            assert!(decide(Auto, true, &[(var, "0")]), "{var}=0 on a terminal");
        }
    }

    #[test]
    fn no_color_beats_force_under_auto() {
        assert!(!decide(
            Auto,
            false,
            &[("NO_COLOR", "1"), ("FORCE_COLOR", "1")]
        ));
        assert!(!decide(
            Auto,
            true,
            &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]
        ));
        assert!(decide(
            Auto,
            false,
            &[("NO_COLOR", ""), ("FORCE_COLOR", "1")]
        ));
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        let all = [
            ("NO_COLOR", "1"),
            ("FORCE_COLOR", "1"),
            ("CLICOLOR_FORCE", "1"),
        ];
        assert!(decide(Always, false, &[("NO_COLOR", "1")]));
        assert!(decide(Always, false, &all));
        assert!(!decide(Never, true, &[("FORCE_COLOR", "1")]));
        assert!(!decide(Never, true, &all));
        assert!(!decide(Never, true, &[]));
        assert!(decide(Always, false, &[]));
    }
}
