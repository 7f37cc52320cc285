//! The writer's answer as an article: drop a reasoning block, an assistant preamble, a code
//! fence or `<article>` tags wrapped around it, and anything after the closing fence.

/// Most characters of chatter before the article that are dropped ("Here is the revised
/// article:"). Longer text before the article is taken as part of it.
const MAX_PREAMBLE_CHARS: usize = 300;

/// The article in a writer's answer, or why there is none (an answer that is only reasoning,
/// or reasoning that never closes).
pub fn clean(raw: &str) -> Result<String, String> {
    let mut text = raw.replace("\r\n", "\n");
    text = strip_think(&text)?.to_string();
    if let Some(inner) = between_tags(&text) {
        text = inner.to_string();
    }
    if let Some(inner) = unfence(&text) {
        text = inner;
    } else if let Some(rest) = strip_preamble(&text) {
        text = rest.to_string();
    }
    let mut out = text.trim_matches('\n').trim_end().to_string();
    // A leading blank-only prefix would hide front matter (it must open on line 1).
    out = out.trim_start().to_string();
    if out.is_empty() {
        return Err("the answer has no article (nothing but reasoning or whitespace)".into());
    }
    if has_think_tag(&out) {
        return Err(
            "the answer still holds a <think> or </think> tag after its reasoning was removed"
                .into(),
        );
    }
    out.push('\n');
    Ok(out)
}

/// Without the reasoning of a reasoning model (served by Ollama, vLLM): a leading
/// `<think>...</think>` block, or, when the server ate the opening tag, everything up to and
/// including a `</think>` that no `<think>` opened. `Err`: a `<think>` that never closes.
fn strip_think(text: &str) -> Result<&str, String> {
    const OPEN: &str = "<think>";
    const CLOSE: &str = "</think>";
    let trimmed = text.trim_start();
    if let Some(rest) = trimmed.strip_prefix(OPEN) {
        return match rest.find(CLOSE) {
            Some(end) => Ok(&rest[end + CLOSE.len()..]),
            None => Err("the answer is reasoning that never closes (<think> without </think>; was it cut off? raise max_tokens)".into()),
        };
    }
    if let Some(end) = text.find(CLOSE)
        && !text[..end].contains(OPEN)
    {
        return Ok(&text[end + CLOSE.len()..]);
    }
    Ok(text)
}

/// Whether a reasoning tag is left outside code (an article about such tags keeps them in
/// code spans or blocks).
fn has_think_tag(text: &str) -> bool {
    let mut in_fence = false;
    text.lines().any(|line| {
        if fence(line).is_some() {
            in_fence = !in_fence;
            return false;
        }
        if in_fence {
            return false;
        }
        // Outside inline code: drop `...` spans.
        let mut outside = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                outside.push_str(part);
            }
        }
        outside.contains("<think>") || outside.contains("</think>")
    })
}

/// The text between `<article>` and `</article>`, when the writer echoed the prompt's tags.
fn between_tags(text: &str) -> Option<&str> {
    let start = text.find("<article>")? + "<article>".len();
    let end = text.rfind("</article>")?;
    (end > start).then(|| &text[start..end])
}

/// A fence line: its character (` or ~), length and info string.
fn fence(line: &str) -> Option<(char, usize, &str)> {
    let t = line.trim_end();
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    (n >= 3).then(|| (c, n, t[n..].trim()))
}

/// The inside of a fence that wraps the whole article: the first fence, opened within a short
/// preamble with info `markdown`, `md` or none, closed by the last line that closes it (an
/// article's own code blocks sit inside). Text after it ("Let me know...") is dropped.
fn unfence(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut before = 0;
    let mut open = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some((c, n, info)) = fence(line) {
            let info = info.to_ascii_lowercase();
            if matches!(info.as_str(), "" | "markdown" | "md") {
                open = Some((i, c, n));
            }
            break;
        }
        if line.starts_with('#') || line.trim() == "---" || line.trim() == "+++" {
            // The article started before any fence: its code blocks are its own.
            return None;
        }
        before += line.chars().count() + 1;
        if before > MAX_PREAMBLE_CHARS {
            return None;
        }
    }
    let (start, c, n) = open?;
    let close = lines
        .iter()
        .enumerate()
        .skip(start + 1)
        .rev()
        .find(|(_, l)| fence(l).is_some_and(|(lc, ln, info)| lc == c && ln >= n && info.is_empty()))
        .map(|(i, _)| i)?;
    // What follows the closing fence must be short chatter, not more article.
    let after: usize = lines[close + 1..]
        .iter()
        .map(|l| l.chars().count() + 1)
        .sum();
    if after > MAX_PREAMBLE_CHARS {
        return None;
    }
    Some(lines[start + 1..close].join("\n"))
}

/// The text from the article's first line (front matter or a heading), when what comes before
/// it is a short line of chatter such as "Here is the revised article:".
fn strip_preamble(text: &str) -> Option<&str> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t == "---" || t == "+++" || t.starts_with('#') {
            if at == 0 {
                return None;
            }
            let preamble = text[..at].trim();
            let chatter = preamble.ends_with(':')
                || [
                    "here",
                    "sure",
                    "certainly",
                    "below",
                    "okay",
                    "ok,",
                    "i've",
                    "i have",
                ]
                .iter()
                .any(|w| preamble.to_lowercase().starts_with(w));
            return (chatter && preamble.chars().count() <= MAX_PREAMBLE_CHARS)
                .then(|| &text[at..]);
        }
        at += line.len();
        if at > MAX_PREAMBLE_CHARS * 2 {
            return None;
        }
    }
    None
}

/// `text` with the line endings of `like` (CRLF if most of its lines end so).
pub fn match_line_endings(like: &str, text: &str) -> String {
    let crlf = like.matches("\r\n").count();
    let lf = like.matches('\n').count();
    if crlf > 0 && crlf * 2 >= lf {
        text.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean_ok(raw: &str) -> String {
        clean(raw).unwrap()
    }

    const ARTICLE: &str =
        "---\ntitle: T\n---\n# T\n\nText.\n\n```rust\nfn main() {}\n```\n\n## End\n";

    #[test]
    fn plain_answers_stay() {
        assert_eq!(clean_ok(ARTICLE), ARTICLE);
        assert_eq!(clean_ok("\n\n# T\n\nText."), "# T\n\nText.\n");
    }

    #[test]
    fn wrapping_fences_go_inner_code_blocks_stay() {
        let fenced = format!("```markdown\n{ARTICLE}```\n");
        assert_eq!(clean_ok(&fenced), ARTICLE);
        let chatty = format!(
            "Here is the revised article:\n\n````md\n{ARTICLE}````\n\nLet me know if you want changes."
        );
        assert_eq!(clean_ok(&chatty), ARTICLE);
        // An article that merely contains a fence is not unwrapped.
        assert_eq!(clean_ok(ARTICLE), ARTICLE);
        // A fence of another language is content, not a wrapper.
        let code = "```python\nprint(1)\n```\n";
        assert_eq!(clean_ok(code), code);
    }

    #[test]
    fn preambles_tags_and_think_blocks_go() {
        assert_eq!(
            clean_ok(&format!("Sure! Here is the improved version:\n\n{ARTICLE}")),
            ARTICLE
        );
        assert_eq!(
            clean_ok(&format!("<article>\n{ARTICLE}</article>")),
            ARTICLE
        );
        assert_eq!(
            clean_ok(&format!("<think>\nThe H1 is fine.\n</think>\n\n{ARTICLE}")),
            ARTICLE
        );
        // A real first paragraph before a heading is not chatter.
        let no_heading_first = "Rust makes errors values.\n\n# Title\n";
        assert_eq!(clean_ok(no_heading_first), no_heading_first);
    }

    #[test]
    fn item12_an_answer_that_only_closes_think_loses_its_reasoning() {
        // A server that strips the opening tag: reasoning, then </think>, then the article.
        let answer = format!(
            "Okay, the H1 is fine but I need a conclusion.\n---\ntitle: Draft\n---\n</think>\n\n{ARTICLE}"
        );
        assert_eq!(clean_ok(&answer), ARTICLE);
        // Nothing after the reasoning: no article.
        let e = clean("Let me think about this.\n</think>\n  \n").unwrap_err();
        assert!(e.contains("no article"), "{e}");
        // Reasoning that never closes.
        let e = clean("<think>\nStill thinking").unwrap_err();
        assert!(e.contains("never closes"), "{e}");
        // A second block left after the first: rejected, not written.
        assert!(clean(&format!("<think>a</think>\n{ARTICLE}\n<think>b</think>\n")).is_err());
        // An article about the tags keeps them in code.
        let about = "# Tags\n\nReasoning models wrap thoughts in `<think>`.\n";
        assert_eq!(clean_ok(about), about);
    }

    #[test]
    fn line_endings_follow_the_original() {
        assert_eq!(match_line_endings("a\r\nb\r\n", "x\ny\n"), "x\r\ny\r\n");
        assert_eq!(match_line_endings("a\nb\n", "x\ny\n"), "x\ny\n");
        assert_eq!(match_line_endings("a\r\nb\r\n", "x\r\ny\n"), "x\r\ny\r\n");
    }
}
