//! `contentlint completions SHELL` and `contentlint man`: generated from the clap definitions
//! in `cli.rs`, so they list exactly the subcommands and options the binary accepts.

use crate::cli::Cli;
use clap::CommandFactory;

/// Print the completion script for `shell` to stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<u8, String> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "contentlint", &mut script);
    crate::write_stdout(&script)?;
    Ok(0)
}

/// Print one self-contained manual page to stdout: the top-level page, then a subsection per
/// subcommand with its synopsis and options (there are no separate `contentlint-check(1)`
/// pages to point at when the page is printed rather than installed).
pub fn man() -> Result<u8, String> {
    let page = render_man().map_err(|e| format!("cannot render the manual page: {e}"))?;
    crate::write_stdout(page.as_bytes())?;
    Ok(0)
}

fn render_man() -> std::io::Result<String> {
    // `help` is clap's; `--help` on every command says the same.
    let mut command = Cli::command().disable_help_subcommand(true);
    // Sets each subcommand's name as typed ("contentlint check") for its synopsis.
    command.build();
    let mut top = Vec::new();
    clap_mangen::Man::new(command.clone())
        .source(format!("contentlint {}", env!("CARGO_PKG_VERSION")))
        .render(&mut top)?;
    let mut page = String::new();
    let top = String::from_utf8_lossy(&top);
    // `.TH` first, as man-pages(7) asks; roff's string definitions for quotes after it.
    page.extend(
        top.lines()
            .filter(|l| l.starts_with(".TH "))
            .map(|l| l.to_string() + "\n"),
    );
    for line in top.lines().filter(|l| !l.starts_with(".TH ")) {
        page.push_str(&subcommand_reference(&command, line));
        page.push('\n');
    }
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_bin_name().unwrap_or(sub.get_name());
        page.push_str(&format!(".SH \"{}\"\n", name.to_uppercase()));
        let man = clap_mangen::Man::new(sub.clone());
        let mut sections = Vec::new();
        man.render_synopsis_section(&mut sections)?;
        man.render_description_section(&mut sections)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut sections)?;
        }
        // The subcommand's sections become subsections of its own section; the quote
        // definitions are made once, at the top.
        for line in String::from_utf8_lossy(&sections).lines() {
            if line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq") {
                continue;
            }
            match line.strip_prefix(".SH ") {
                Some(heading) => page.push_str(&format!(".SS {heading}\n")),
                None => page.push_str(&format!("{line}\n")),
            }
        }
    }
    page.push_str(EXIT_STATUS);
    Ok(page)
}

/// The SUBCOMMANDS list names pages `contentlint-check(1)`, which are not installed: this page
/// has a section per subcommand instead, so name the command as typed.
fn subcommand_reference(command: &clap::Command, line: &str) -> String {
    for sub in command.get_subcommands() {
        if line == format!("contentlint\\-{}(1)", sub.get_name().replace('-', "\\-")) {
            return format!("\\fBcontentlint {}\\fR", sub.get_name());
        }
    }
    line.to_string()
}

/// The exit codes, as `main.rs` maps them.
const EXIT_STATUS: &str = ".SH \"EXIT STATUS\"
.TP
0
every file passes
.TP
1
at least one file fails (a violation, a hard gate, or a score below the minimum)
.TP
2
an input or configuration error (the other files are still linted and reported)
";
