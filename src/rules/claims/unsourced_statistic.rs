use super::{DATA, sentences, sourced_near};
use crate::document::{Document, lower_case};
use crate::finding::Finding;
use crate::rules::{Context, Rule, RuleMeta};
use crate::text::memo::TextMemo;
use crate::text::phrase_dfa::CaselessWords;
use crate::text::phrases::regex_alternation;
use crate::text::precheck::{
    GatedRegex, PhraseGate, ascii_stand_in, bytes_stand_for_regex, is_regex_space,
    may_hold_digit_then, may_hold_phrase,
};
use crate::text::quick_regex::{Captures, QuickRegex};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU32, Ordering};

declare_rule! {
    /// ### What
    ///
    /// A statistic that readers cannot check: "73% of teams use AI", "one in five adults", "3x
    /// faster", "$5 million", "2 million users", with no link, footnote or named source in the same
    /// sentence or the one before or after it (in the same section).
    ///
    /// Statistics: percentages (`40%`, `40 percent`, `12 percentage points`); `N out of M` and `one
    /// in five <people>`; multipliers (`3x faster`, `2 times more`, `10x improvement`); money with
    /// a magnitude or of at least 1,000 (`$5 million`, `€3bn`, `$12,000`, `USD 40k`); counts of
    /// people or things with a magnitude, of at least 1,000, or after "over"/"more than" (`2
    /// million users`, `10,000 customers`, `over 500 companies`).
    ///
    /// Sourced: a link, a footnote reference, a bare URL, "according to", "(Source: ...)", an
    /// academic citation "(Smith et al., 2021)", a first-party phrase ("our survey", "in our
    /// tests", "we measured", "we have seen", "in my experience"), a cue word with a proper name
    /// ("a 2023 McKinsey survey found", "Gartner estimates") or with a named role ("a spokesperson
    /// for the hospital said"). The writer's own view ("I think", "we estimate") sources a figure
    /// of its own sentence only, not the sentence before or after it. Lists:
    /// rules/data/claims.toml.
    ///
    /// Not judged: blockquotes and text in quotation marks (a quotation's speaker is its source); a
    /// sentence with inline code (in technical text, a figure next to a command or a setting
    /// describes it: "setting this to `60` removes keywords used in more than 60% of documents"); a
    /// sentence with `|` (a table Markdown did not parse); a paragraph right before or after a code
    /// block, an image, a table (Markdown or HTML), a figure, an embed or a chart shortcode (the
    /// evidence is shown: a benchmark's output, a chart; a photo, an image whose alt text names no
    /// chart, data or figure, shows nothing: `image_evidence`), or a sentence that points at it
    /// ("the table shows"); a figure worked out from two other numbers of its sentence ("3 of 12
    /// tests, 25%", "from 7 minutes to 1, a 7x speedup"); a parameter ("sample 10% of traces", "set
    /// the ratio to 50%", "a 90% quantile", "an SLO to serve 95% of requests"); advice and
    /// suppositions, a sentence that opens with an instruction or an "if" ("Keep a buffer of 5 to
    /// 10 percent", "If your venue requires a minimum spend of $6,000": `advice_openers`); an
    /// article that reports its own survey (its title names a survey, results, a census or a poll
    /// and its text speaks of respondents or of what "we asked"): its figures are its own.
    ///
    /// Deliberately not statistics: years, versions (`v2.5`, `3.5.1`), sizes and units (`500 MB`),
    /// anything in code or inline code, table cells (reference tables of settings and values),
    /// footnotes (they are the sources); `0%` and `100%` (in technical text a setting such as a CSS
    /// width, in marketing an absolute that claims/unsupported-superlative judges better); a
    /// percentage followed by what it measures on an object (`50% opacity`, `100% zoom`, `25% of
    /// total system memory`) or after a setting or threshold word within four words (`set the
    /// quality to 75%`, `the default is 25%`, `a 20% discount`, `alert when disk usage reaches
    /// 90%`); proportions of speech (`99% of the time`, `90% of the cases`); small prices (`$5 a
    /// month`: a price, not a statistic); a four-digit count that could be a year (`2024 users`).
    ///
    /// One finding per sentence.
    ///
    /// ### Why
    ///
    /// Unsourced figures are the first thing fact-checkers and search quality raters doubt, and the
    /// commonest invention of text generators.
    ///
    /// ### Example
    ///
    /// Bad: "Companies that automate grow 40% faster." Good: "Companies that automate grow 40%
    /// faster, according to McKinsey's 2025 State of AI survey."
    pub UnsourcedStatistic {
        id: "claims/unsourced-statistic",
        dimension: FactualConsistency,
        severity: Warning,
        summary: "A statistic has no source in its sentence or the next one",
        weight: 2.0,
        cap: 12.0,
        examples: {
            fire: [
                "Companies that automate their billing grow 40% faster.\n",
                "Over 500 companies switched to the new format last year.\n",
            ],
            pass: [
                "Companies that automate their billing grow 40% faster, according to McKinsey's 2025 State of AI survey.\n",
                "Set the image quality to 75% for photos.\n",
            ],
        },
    }
}

static NUMBER_WORDS: &[(&str, u64)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("a hundred", 100),
    ("hundred", 100),
    ("a thousand", 1000),
    ("thousand", 1000),
];

fn regex(p: &str) -> QuickRegex {
    QuickRegex::new(p, "statistic regex").ignore_case(true)
}

/// A number: 12,000 (grouped by thousands), 4.5, 3000.
const NUM: &str = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)";
const MAGNITUDE: &str = r"(k|m|mm|mn|bn|b|million|billion|trillion|thousand)";

// The figures' regexes, compiled when a sentence first may hold one (see
// `crate::text::precheck`): each test names a literal every match holds.
static PERCENT: GatedRegex = GatedRegex::new(
    || regex(r"(\d+(?:[.,]\d+)?)\s?(?:%|percent\b|per\s?cent\b|percentage\s+points?\b)"),
    |t| t.contains('%') || may_hold_phrase(t, "per"),
);
/// The number words of `N out of M` / `one in five`: the first number, and the second.
const OUT_OF_FIRST: [&str; 10] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];
const OUT_OF_SECOND: [&str; 13] = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    r"a\s+hundred",
    r"a\s+thousand",
    "hundred",
    "thousand",
];
static OUT_OF: GatedRegex = GatedRegex::new(
    || {
        let n = format!(r"(\d{{1,3}}|{})", OUT_OF_FIRST.join("|"));
        let m = format!(r"(\d{{1,5}}|{})", OUT_OF_SECOND.join("|"));
        regex(&format!(r"\b{n}\s+(out\s+of|in)\s+{m}\b"))
    },
    may_hold_out_of,
);

/// Whether `text` may hold an [`OUT_OF`] match: a digit or a first number word, white space,
/// then "out" or "in" (ASCII case aside). Always `true` on text that is not ASCII. Sentences
/// with a digit are common and "N in M" is not: without this test every one of them compiled
/// the regex.
fn may_hold_out_of(text: &str) -> bool {
    !text.is_ascii() || out_of_by_bytes(text.as_bytes())
}

/// [`may_hold_out_of`] read from the bytes of a text whether or not it is ASCII: exact on a
/// text [`bytes_tell_figures`] takes (its white space and letters are ASCII's there).
fn out_of_by_bytes(t: &[u8]) -> bool {
    // The table first: one load turns most bytes away, where the test of an `i` or `o` after
    // white space alone cost the Rust blog 5.9 M more instructions.
    (1..t.len()).any(|i| {
        DIGIT_I_OR_O[usize::from(t[i])]
            && may_start_out_of_word(t, i)
            && number_then_out_of_word(t, i)
    })
}

/// Whether `t[i]` is `i` or `o` (either case) after white space: one branch a byte, rarely
/// taken, before [`number_then_out_of_word`].
#[inline(always)]
fn may_start_out_of_word(t: &[u8], i: usize) -> bool {
    let c = t[i] | 0x20;
    ((c == b'i') | (c == b'o')) & is_regex_space(t[i - 1])
}

/// Whether "in" or "out" starts at `i` (`i > 0`), after white space after a number: digits or
/// a first number word ([`OUT_OF_FIRST`]).
fn number_then_out_of_word(t: &[u8], i: usize) -> bool {
    let rest = &t[i..];
    let lead = |w: &str| {
        rest.get(..w.len())
            .is_some_and(|r| r.eq_ignore_ascii_case(w.as_bytes()))
    };
    if !is_regex_space(t[i - 1]) || !(lead("in") || lead("out")) {
        return false;
    }
    let mut end = i;
    while end > 0 && is_regex_space(t[end - 1]) {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && t[start - 1].is_ascii_alphanumeric() {
        start -= 1;
    }
    let before = &t[start..end];
    before.last().is_some_and(u8::is_ascii_digit)
        || OUT_OF_FIRST
            .iter()
            .any(|w| before.eq_ignore_ascii_case(w.as_bytes()))
}

/// The words of [`OUT_OF_FIRST`] and [`OUT_OF_SECOND`] (their last word, for "a hundred"),
/// found ASCII case-insensitively: pattern `i` is a first number below `OUT_OF_FIRST.len()`,
/// a second one from 1 ("two") on.
static OUT_OF_WORDS: LazyLock<CaselessWords> = LazyLock::new(|| {
    let words: Vec<&str> = OUT_OF_FIRST
        .into_iter()
        .chain(["hundred", "thousand"])
        .collect();
    CaselessWords::new(&words).expect("a dozen words of 18 letters fit")
});

/// Whether a sentence may hold a statistic, asked before the five regexes of
/// [`find_statistic`]: every one of its figures holds a digit (`\d`: a decimal digit of any
/// script, which `char::is_numeric` includes), except `N out of M` written in words, which
/// holds a first and a second number word. Exact as a test, never `false` where a regex
/// matches: a case-insensitive regex matches those ASCII words only in ASCII letters of
/// either case, and the long s (for "six", "seven", "thousand"), so a text holding it is
/// always "maybe". Most sentences hold no digit: on a generated 1 MB article the test saves a
/// quarter of the rule's instructions, and an article without digits never builds the
/// regexes.
fn may_hold_statistic(text: &str) -> bool {
    if crate::text::has_ascii_digit(text)
        || (!text.is_ascii() && text.chars().any(|c| c.is_numeric() || c == '\u{17F}'))
    {
        return true;
    }
    // Without a digit only `N out of M` in words can match: on ASCII text its regex's gate
    // ([`out_of_by_bytes`]: a number word right before "in" or "out") says whether it may,
    // stopping at fewer bytes than the number words' automaton walks (Rust blog -2.5 M
    // instructions).
    if text.is_ascii() {
        return out_of_by_bytes(text.as_bytes());
    }
    let (mut first, mut second) = (false, false);
    for (_, _, i) in OUT_OF_WORDS.occurrences(text.as_bytes()) {
        let i = i as usize;
        first |= i < OUT_OF_FIRST.len();
        second |= i >= 1;
        if first && second {
            return true;
        }
    }
    false
}
static MULTIPLIER: GatedRegex = GatedRegex::new(
    || {
        regex(
            r"\b(\d+(?:\.\d+)?)\s?(?:x|×|times)\s+(?:faster|slower|more|less|fewer|higher|lower|better|cheaper|larger|smaller|bigger|quicker|greater|as\s+\w+)\b|\b(\d+(?:\.\d+)?)x\s+(?:the\s+)?(?:improvement|increase|boost|speedup|speed-up|gain|reduction|growth|return|roi|performance|productivity|throughput|revenue)\b",
        )
    },
    // A number, at most one space, then `x` or `times` (`×` is not ASCII).
    |t| may_hold_digit_then(t, &["x", "times"]),
);
static MONEY: GatedRegex = GatedRegex::new(
    || {
        regex(&format!(
            r"[$€£¥]\s?{NUM}(?:\s?{MAGNITUDE}\b)?|\b(?:usd|eur|gbp|us\$)\s?{NUM}(?:\s?{MAGNITUDE}\b)?|\b{NUM}\s?(million|billion|trillion|bn)\s+(?:dollars|euros|pounds|usd|eur|gbp)\b"
        ))
    },
    // A currency sign or code, or (third branch) a currency word (`euros` holds `eur`).
    |t| t.contains(['$', '€', '£', '¥']) || CURRENCY_WORDS.may_hold(t),
);
static CURRENCY_WORDS: LazyLock<PhraseGate> =
    LazyLock::new(|| PhraseGate::new(&["usd", "eur", "gbp", "dollars", "pounds"]));
static COUNT: GatedRegex = GatedRegex::new(
    || {
        let d = &*DATA;
        regex(&format!(
            r"\b{NUM}\s?(k|m|million|billion|thousand)?\+?\s+(?:(?:{})\s+){{0,2}}(?:{})\b",
            regex_alternation(&d.count_adjectives),
            regex_alternation(&d.count_nouns)
        ))
    },
    // Every match ends with a count noun.
    |t| COUNT_NOUNS.may_hold(t),
);
static COUNT_NOUNS: LazyLock<PhraseGate> = LazyLock::new(|| PhraseGate::new(&DATA.count_nouns));
static COUNT_LEAD_IN: LazyLock<QuickRegex> = LazyLock::new(|| {
    regex(&format!(
        r"\b(?:{})\s*$",
        regex_alternation(&DATA.count_lead_ins)
    ))
});

fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    // A figure (most are) is no number word: its words are joined only for the others.
    if !t.starts_with(|c: char| c.is_ascii_digit()) {
        let joined = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(&(_, n)) = NUMBER_WORDS
            .iter()
            .find(|(w, _)| joined.eq_ignore_ascii_case(w))
        {
            return Some(n as f64);
        }
    }
    t.replace(',', "").parse().ok()
}

/// The first statistic of a sentence: its range in the sentence text.
pub(crate) fn find_statistic(text: &str) -> Option<Range<usize>> {
    // Asked about the same sentences after every edit in the language server.
    static FOUND: TextMemo<Option<Range<usize>>> = TextMemo::new();
    FOUND.get_or(text, || {
        if !may_hold_statistic(text) {
            return None;
        }
        match figures_by_bytes(text) {
            Some(figures) => search_figures(text, figures),
            None => may_hold_figure(text)
                .then(|| search_statistic(text))
                .flatten(),
        }
    })
}

/// What a figure's match is when it is a statistic: its range, or `None`.
type Judge = fn(&str, &Captures) -> Option<Range<usize>>;

/// The five figures' regexes, each with the judge of its matches, in the order of the bits of
/// [`figures_by_bytes`].
static FIGURES: [(&GatedRegex, Judge); 5] = [
    (&PERCENT, percent),
    (&OUT_OF, out_of),
    (&MULTIPLIER, multiplier),
    (&MONEY, money),
    (&COUNT, count),
];
const PERCENT_BIT: u8 = 1 << 0;
const OUT_OF_BIT: u8 = 1 << 1;
const MULTIPLIER_BIT: u8 = 1 << 2;
const MONEY_BIT: u8 = 1 << 3;
const COUNT_BIT: u8 = 1 << 4;

/// The figures of [`FIGURES`] whose regexes may match `text`, read from its bytes: `None`
/// when a character of the text beyond ASCII other than white space could take part in a
/// match (see [`figures_reading`]). Exact as a test, never without the bit of a regex that
/// matches. Every figure written with digits has its number end a run of digits (what
/// follows it, `%`, `x`, a space, is no digit) and start one; around each run the test asks
/// for what the figure's regex needs there:
///
/// - a percentage: one optional white-space byte (`\s?`), then `%`, or "per" and "cent" with
///   one optional white-space byte between (`percent`, `per cent`, `percentage`);
/// - a multiplier: `\s?`, then `x` or "times" and a white-space byte;
/// - money: `\s?` and "million", "billion", "trillion" or "bn" and a white-space byte after
///   the number; "usd", "eur" or "gbp" and `\s?` before it; or a `$` anywhere;
/// - a count: a count noun, followed by a word boundary, among the next four words (a
///   magnitude, two adjectives, the noun);
/// - `N in M`, `N out of M`, with digits or in words: as [`out_of_by_bytes`] says (the only
///   figure of a text without digits).
///
/// Most sentences with a digit hold no figure (versions, dates, steps, sizes): this turns them
/// away where a search of the figures' union regex ([`ANY_FIGURE`]) did, and a sentence that
/// may hold one figure is searched for that one only. Measured against the union (callgrind,
/// one thread): the rule's instructions on the Rust blog 121 M -> 104 M (its sentences with
/// curly quotes or dashes sent the union's search to a backtracking engine), a generated 5 MB
/// article -1.6% of the run, the PowerShell docs +0.1% (long sentences of version numbers,
/// where the lazy DFA was as quick as a pass over the bytes); CPU of the Rust blog -5%.
fn figures_by_bytes(text: &str) -> Option<u8> {
    let reading = figures_reading(text)?;
    let t = reading.as_bytes();
    let n = t.len();
    let starts = |at: usize, w: &str| {
        t.get(at..at + w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes()))
    };
    let space_at = |at: usize| t.get(at).copied().is_some_and(is_regex_space);
    // A word of `words` at `at`, then white space.
    let word_then_space = |at: usize, words: &[&str]| {
        words
            .iter()
            .any(|w| starts(at, w) && space_at(at + w.len()))
    };
    let mut figures = 0;
    if memchr::memchr(b'$', t).is_some() {
        figures |= MONEY_BIT;
    }
    // One pass: the runs of digits, and the words "in" and "out" of [`out_of_by_bytes`].
    // The bytes that are neither a digit nor an `i` or `o` are skipped by a table, a load
    // and a test each, not the tests below (Rust blog -7.3 M instructions).
    let mut i = 0;
    while i < n {
        while i < n && !DIGIT_I_OR_O[usize::from(t[i])] {
            i += 1;
        }
        if i == n {
            break;
        }
        if !t[i].is_ascii_digit() {
            if i > 0
                && figures & OUT_OF_BIT == 0
                && may_start_out_of_word(t, i)
                && number_then_out_of_word(t, i)
            {
                figures |= OUT_OF_BIT;
            }
            i += 1;
            continue;
        }
        let start = i;
        let mut end = start + 1;
        while end < n && t[end].is_ascii_digit() {
            end += 1;
        }
        let code_end = start - usize::from(start > 0 && is_regex_space(t[start - 1]));
        if code_end >= 3
            && ["usd", "eur", "gbp"]
                .iter()
                .any(|c| starts(code_end - 3, c))
        {
            figures |= MONEY_BIT;
        }
        let after = end + usize::from(space_at(end));
        let cent = |at: usize| starts(at, "cent") || (space_at(at) && starts(at + 1, "cent"));
        if starts(after, "%") || (starts(after, "per") && cent(after + 3)) {
            figures |= PERCENT_BIT;
        }
        if word_then_space(after, &["x", "times"]) {
            figures |= MULTIPLIER_BIT;
        }
        if word_then_space(after, &["million", "billion", "trillion", "bn"]) {
            figures |= MONEY_BIT;
        }
        if figures & COUNT_BIT == 0 && count_noun_follows(&t[end..]) {
            figures |= COUNT_BIT;
        }
        i = end;
    }
    Some(figures)
}

/// The bytes [`figures_by_bytes`] stops at: ASCII digits, and `i` and `o` in either case
/// (which may start "in" or "out").
static DIGIT_I_OR_O: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_digit() || matches!(c | 0x20, b'i' | b'o');
        b += 1;
    }
    table
};

/// Whether [`figures_by_bytes`] can judge `text`: whether none of its characters beyond ASCII
/// can be part of a figure. Those are digits of other scripts (`\d`) and the characters of
/// [`bytes_stand_for_regex`]: white space, look-alike letters and the ones the figures name
/// (`×`, `€`, `£`, `¥`). A word character next to a number only makes a match less likely
/// (`\b`), which the test does not ask about.
fn bytes_tell_figures(text: &str) -> bool {
    bytes_stand_for_regex(text, |c| {
        c.is_numeric() || matches!(c, '×' | '€' | '£' | '¥')
    })
}

/// The bytes [`figures_by_bytes`] reads for `text`: the text itself if
/// [`bytes_tell_figures`]; else, when its only characters beyond ASCII that can be part of a
/// figure are white space (a no-break space before `%`, a thin space in `3 x`), its
/// [`ascii_stand_in`], in which every character is one byte and such a space a space, as the
/// regexes read them (`\s?` is one character); `None` otherwise. Sentences with a no-break
/// space went to the five regexes, built for Unicode for them alone (0.8 ms of a run over a
/// blog).
fn figures_reading(text: &str) -> Option<Cow<'_, str>> {
    if bytes_tell_figures(text) {
        return Some(Cow::Borrowed(text));
    }
    let named = |c: char| !c.is_ascii() && (c.is_numeric() || matches!(c, '×' | '€' | '£' | '¥'));
    if text.chars().any(named) {
        return None;
    }
    ascii_stand_in(text).map(Cow::Owned)
}

/// Whether one of the first four words of `rest` (ASCII, split at white space) is a count
/// noun followed by a word boundary: where [`COUNT`] finds its noun after a number (a
/// magnitude, two adjectives, the noun).
fn count_noun_follows(rest: &[u8]) -> bool {
    const LONGEST: usize = 24;
    // `None` (every text may hold one) if a noun is not small ASCII letters, or longer than
    // the copy a word is lowered into: this test could not find it.
    static NOUNS: LazyLock<Option<rustc_hash::FxHashSet<&'static [u8]>>> = LazyLock::new(|| {
        let testable = |w: &String| {
            (1..=LONGEST).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase())
        };
        let nouns = &DATA.count_nouns;
        nouns
            .iter()
            .all(testable)
            .then(|| nouns.iter().map(String::as_bytes).collect())
    });
    let Some(nouns) = NOUNS.as_ref() else {
        return true;
    };
    let mut lower = [0u8; LONGEST];
    rest.split(|&b| is_regex_space(b))
        .filter(|w| !w.is_empty())
        .take(4)
        .any(|w| {
            let letters = w.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            let bounded = w
                .get(letters)
                .is_none_or(|&b| !(b.is_ascii_digit() || b == b'_'));
            if !bounded || letters > LONGEST {
                return false;
            }
            let word = &mut lower[..letters];
            word.copy_from_slice(&w[..letters]);
            word.make_ascii_lowercase();
            nouns.contains(&word[..])
        })
}

/// The first statistic of `text` among the figures of `figures` (bits of [`FIGURES`]).
fn search_figures(text: &str, figures: u8) -> Option<Range<usize>> {
    let mut first: Option<Range<usize>> = None;
    for (bit, &(figure, judge)) in FIGURES.iter().enumerate() {
        if figures & (1 << bit) == 0 {
            continue;
        }
        let found = figure
            .get()
            .captures_iter(text)
            .filter_map(|c| judge(text, &c))
            .min_by_key(|r| r.start);
        if let Some(r) = found
            && first.as_ref().is_none_or(|f| r.start < f.start)
        {
            first = Some(r);
        }
    }
    first
}

/// Sentences [`may_hold_figure`] lets through before it builds [`ANY_FIGURE`]: building it
/// cost a 12 KB article a fifth of its instructions, and a search saves a few thousand.
const ANY_FIGURE_AFTER: u32 = 256;

/// Whether one of the figures' regexes may match `text`, a text [`figures_by_bytes`] leaves
/// to the regexes: always `true` for the first [`ANY_FIGURE_AFTER`] such texts, then
/// [`ANY_FIGURE`]'s answer.
fn may_hold_figure(text: &str) -> bool {
    static ASKED: AtomicU32 = AtomicU32::new(0);
    if ASKED.load(Ordering::Relaxed) < ANY_FIGURE_AFTER {
        ASKED.fetch_add(1, Ordering::Relaxed);
        return true;
    }
    ANY_FIGURE.is_match(text)
}

/// The five figures' regexes as one: it matches a sentence exactly when one of them does, and
/// most sentences with a digit hold none (versions, dates, numbered steps), which one search
/// of a lazy DFA turns away where five searches for groups did (the statistic search was 8%
/// of a blog's instructions). Asked only of the texts [`figures_by_bytes`] cannot judge.
static ANY_FIGURE: LazyLock<QuickRegex> = LazyLock::new(|| {
    let union = FIGURES
        .iter()
        .map(|(re, _)| format!("(?:{})", re.get().as_str()))
        .collect::<Vec<_>>()
        .join("|");
    regex(&union)
});

/// [`find_statistic`] without its test.
fn search_statistic(text: &str) -> Option<Range<usize>> {
    FIGURES
        .iter()
        .filter_map(|&(figure, judge)| figure.for_text(text).map(|re| (re, judge)))
        .flat_map(|(re, judge)| re.captures_iter(text).filter_map(move |c| judge(text, &c)))
        .min_by_key(|r| r.start)
}

fn multiplier(text: &str, c: &Captures) -> Option<Range<usize>> {
    let n = c.get(1).or_else(|| c.get(2)).map(|m| m.as_str());
    let whole = c.get(0)?;
    (n.and_then(parse_number).is_some_and(|v| v > 1.0)
        && !preceded_by_word_char(text, whole.start()))
    .then(|| whole.range())
}

fn preceded_by_word_char(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '/' | '$'))
}

fn percent(text: &str, c: &Captures) -> Option<Range<usize>> {
    let whole = c.get(0)?;
    let value = c.get(1)?.as_str().replace(',', ".").parse::<f64>().ok()?;
    if value == 0.0 || value == 100.0 || preceded_by_word_char(text, whole.start()) {
        return None;
    }
    let rest = &text[whole.end()..];
    // "%F0" (URL encoding), "%d" (a format string)
    if whole.as_str().ends_with('%') && rest.starts_with(|ch: char| ch.is_alphanumeric()) {
        return None;
    }
    let data = &*DATA;
    let after = rest.trim_start().to_lowercase();
    if data
        .technical_after
        .iter()
        .chain(&data.parameter_after)
        .any(|t| {
            after
                .strip_prefix(t.as_str())
                .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
        })
    {
        return None;
    }
    let before_words: Vec<String> = text[..whole.start()]
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(4)
        .map(str::to_lowercase)
        .collect();
    if before_words
        .iter()
        .any(|w| data.setting_context.contains(w.as_str()))
    {
        return None;
    }
    Some(whole.range())
}

fn out_of(text: &str, c: &Captures) -> Option<Range<usize>> {
    let whole = c.get(0)?;
    let n = parse_number(c.get(1)?.as_str())?;
    let m = parse_number(c.get(3)?.as_str())?;
    if n >= m || m < 2.0 || preceded_by_word_char(text, whole.start()) {
        return None;
    }
    // "one in five" must be about people or things: "one in five adults", "1 in 4 of them".
    if c.get(2)?.as_str().eq_ignore_ascii_case("in") {
        let next = text[whole.end()..]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(|ch: char| !ch.is_alphanumeric())
            .to_lowercase();
        let thing = !DATA.not_list_nouns.contains(&next)
            && (next == "of"
                || next == "people"
                || (next.len() > 3 && next.ends_with('s') && !next.ends_with("ss"))
                || DATA.count_nouns.contains(&next));
        if !thing {
            return None;
        }
    }
    Some(whole.range())
}

fn money(text: &str, c: &Captures) -> Option<Range<usize>> {
    let whole = c.get(0)?;
    let number = c.get(1).or_else(|| c.get(3)).or_else(|| c.get(5))?;
    let magnitude = c.get(2).or_else(|| c.get(4)).or_else(|| c.get(6)).is_some();
    let value = parse_number(number.as_str())?;
    if whole.start() > 0 && preceded_by_word_char(text, whole.start()) {
        return None;
    }
    (magnitude || value >= 1000.0).then(|| whole.range())
}

fn count(text: &str, c: &Captures) -> Option<Range<usize>> {
    let whole = c.get(0)?;
    let raw = c.get(1)?.as_str();
    let value = parse_number(raw)?;
    let magnitude = c.get(2).is_some();
    if preceded_by_word_char(text, whole.start()) {
        return None;
    }
    // "2024 users" may be a year.
    let year_like = !raw.contains(',') && (1900.0..=2100.0).contains(&value) && raw.len() == 4;
    let lead_in = COUNT_LEAD_IN.is_match(&text[..whole.start()]);
    ((magnitude || (value >= 1000.0 && !year_like)) || (lead_in && value >= 10.0))
        .then(|| whole.range())
}

impl Rule for UnsourcedStatistic {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context) -> Vec<Finding> {
        if super::reports_own_survey(doc) {
            return Vec::new();
        }
        let sents = sentences(doc);
        let mut out = Vec::new();
        for (i, sent) in sents.iter().enumerate() {
            let Some(range) = unexplained_statistic(sent.text) else {
                continue;
            };
            // Technical sentences: inline code (a figure about a setting or a command).
            // (The spans are sorted and disjoint: one binary search, not a scan per sentence.)
            let code = &doc.inline_code;
            let source = sent.source(doc);
            let first = code.partition_point(|r| r.end <= source.start);
            if code.get(first).is_some_and(|r| r.start < source.end) {
                continue;
            }
            // A quotation: its speaker is the source (judge the attribution, not the figure).
            if doc.blocks[sent.block].in_blockquote {
                continue;
            }
            if ctx.config.claims.first_person_plural_sources
                && first_person_plural(&doc.blocks[sent.block].text.text)
            {
                continue;
            }
            if sourced_near(doc, &sents, i) {
                continue;
            }
            let figure = &sent.text[range.clone()];
            let at = sent.range.start;
            let source = doc.blocks[sent.block]
                .text
                .range_to_source(at + range.start..at + range.end);
            out.push(
                META.finding(
                    source,
                    format!(
                        "The statistic \"{figure}\" has no source in this or an adjacent sentence"
                    ),
                )
                .with_help(
                    "Link the source, add a footnote, or name it (\"according to <source>\"); if \
it is your own measurement, say so (\"in our tests\")",
                ),
            );
        }
        out
    }
}

/// The first statistic of a sentence that its text alone leaves as a claim, or `None`: what
/// the rule asks of a sentence's text before it looks at the document around it. Kept by
/// the language server's memo: after an edit of a long article, these tests of the sentences
/// it judged before were most of the rule's work.
fn unexplained_statistic(text: &str) -> Option<Range<usize>> {
    static UNEXPLAINED: TextMemo<Option<Range<usize>>> = TextMemo::new();
    UNEXPLAINED.get_or(text, || {
        if !crate::text::has_ascii_digit(text) && !has_number_word(text) {
            return None;
        }
        // Pipes of a table that Markdown did not parse as one: data, not a claim. (memchr:
        // `str::contains` with a `char` searches a word at a time.)
        if memchr::memchr(b'|', text.as_bytes()).is_some() {
            return None;
        }
        // Most sentences with a digit hold no statistic: the search goes before the test of
        // the opener (a lower-case copy of the first word of every such sentence).
        let range = find_statistic(text)?;
        // Advice and hypotheticals ("Keep a buffer of 5 to 10 percent", "If your venue
        // requires a minimum spend of $6,000, ..."): the figure is an instruction or a
        // supposition, not a claim about the world.
        let opener = text
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .find(|w| !w.is_empty())
            .map(lower_case);
        if opener.is_some_and(|w| DATA.advice_openers.contains(&w)) {
            return None;
        }
        let explained = crate::rules::temporal::inside_quotes(text, range.start)
            || super::refers_to_evidence(text)
            || computed_here(text, range.clone());
        (!explained).then_some(range)
    })
}

/// A percentage's or a multiplier's leading number ("from 7 minutes to 1, a 7x speedup").
static LEADING: LazyLock<QuickRegex> =
    LazyLock::new(|| regex(r"^(\d+(?:\.\d+)?)\s?(?:x|×|times)\b"));
/// A number and its magnitude, for the figures a percentage may be worked out from.
static NUMBER: LazyLock<QuickRegex> = LazyLock::new(|| {
    regex(&format!(
        r"{NUM}\s?(k|m|mm|bn|b|million|billion|thousand)?\b"
    ))
});

/// A percentage worked out from two other numbers of the same sentence ("3 of 12 tests failed,
/// 25%", "31% of references (792m) are misses (253m)"): the sentence shows its own arithmetic.
/// Within one percentage point, or 2% of the value, to allow for rounding and "about".
fn computed_here(text: &str, figure: Range<usize>) -> bool {
    let fig = &text[figure.clone()];
    let (p, ratio) = if let Some(c) = PERCENT.for_text(fig).and_then(|re| re.captures(fig)) {
        let Some(p) = c
            .get(1)
            .and_then(|m| m.as_str().replace(',', ".").parse::<f64>().ok())
        else {
            return false;
        };
        (p, false)
    } else if let Some(n) = LEADING
        .captures(fig)
        .and_then(|c| c.get(1)?.as_str().parse::<f64>().ok())
    {
        (n, true)
    } else {
        return false;
    };
    let numbers: Vec<f64> = NUMBER
        .captures_iter(text)
        .filter(|c| {
            c.get(0)
                .is_some_and(|m| m.end() <= figure.start || m.start() >= figure.end)
        })
        .filter_map(|c| {
            let n = parse_number(c.get(1)?.as_str())?;
            let scale = match c.get(2).map(|m| m.as_str().to_ascii_lowercase()).as_deref() {
                Some("k" | "thousand") => 1e3,
                Some("m" | "mm" | "million") => 1e6,
                Some("b" | "bn" | "billion") => 1e9,
                _ => 1.0,
            };
            Some(n * scale)
        })
        .collect();
    if ratio {
        // b / a, within 10% (the figures around a multiplier are usually rounded: "~7min").
        return numbers.iter().any(|&a| {
            numbers
                .iter()
                .any(|&b| b > a && a > 0.0 && (b / a - p).abs() <= p * 0.1)
        });
    }
    let tolerance = (p * 0.02).max(1.0);
    numbers.iter().any(|&a| {
        numbers
            .iter()
            .any(|&b| b > a && a > 0.0 && (a / b * 100.0 - p).abs() <= tolerance)
    })
}

/// Cheap filter: "one in five", "three out of four" have no digit: whether the text holds
/// " in " or " out of " (ASCII case aside).
fn has_number_word(text: &str) -> bool {
    // Compared in place: a lower-case copy of every sentence without a digit was most of the
    // rule's work on a long article.
    let bytes = text.as_bytes();
    // In lower case, as most are, found by memchr's vector search (one searcher for every
    // sentence: building one per call cost a 5 MB article 7.7 M instructions).
    static LOWER: LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        LazyLock::new(|| NUMBER_WORD_PHRASES.map(|p| memchr::memmem::Finder::new(p.as_bytes())));
    if LOWER.iter().any(|f| f.find(bytes).is_some()) {
        return true;
    }
    // Any other spelling holds a capital among the phrase's letters: each capital I, N, O, U,
    // T or F is asked whether the phrase it may belong to starts where it would (its offset in
    // the phrase: [`CAPITAL_OFFSETS`]). (A test at every space of the sentences without a
    // lower-case " in " was a fifth of the rule's instructions on a documentation site; one
    // case-insensitive automaton of both phrases searched more slowly still; a test of every
    // letter of both phrases at each capital was most of the filter's 130 M instructions on
    // the PowerShell docs.)
    let spelled_at = |at: usize, (phrase, k): (usize, usize)| {
        let phrase = NUMBER_WORD_PHRASES[phrase].as_bytes();
        at.checked_sub(k)
            .and_then(|start| bytes.get(start..start + phrase.len()))
            .is_some_and(|b| b.eq_ignore_ascii_case(phrase))
    };
    let in_a_phrase = |at: usize| {
        CAPITAL_OFFSETS
            .iter()
            .filter(|(capital, _)| *capital == bytes[at])
            .any(|&(_, place)| spelled_at(at, place))
    };
    memchr::memchr3_iter(b'I', b'N', b'O', bytes).any(in_a_phrase)
        || memchr::memchr3_iter(b'U', b'T', b'F', bytes).any(in_a_phrase)
}

/// Each letter of [`NUMBER_WORD_PHRASES`] as a capital, with its phrase and its offset there.
const CAPITAL_OFFSETS: [(u8, (usize, usize)); 7] = [
    (b'I', (0, 1)),
    (b'N', (0, 2)),
    (b'O', (1, 1)),
    (b'U', (1, 2)),
    (b'T', (1, 3)),
    (b'O', (1, 5)),
    (b'F', (1, 6)),
];

/// The phrases of [`has_number_word`], lower case; their capital letters are the six that
/// function searches for.
const NUMBER_WORD_PHRASES: [&str; 2] = [" in ", " out of "];

/// Whether a paragraph speaks in the first person plural ("we", "our", "us", "we're" ...).
fn first_person_plural(text: &str) -> bool {
    crate::document::words(text).any(|(_, w)| {
        let w = w.to_lowercase().replace('\u{2019}', "'");
        matches!(
            w.as_str(),
            "we" | "our" | "ours" | "us" | "we're" | "we've" | "we'll" | "we'd"
        )
    })
}

/// Every regex of the rule (the differential test of `quick_regex` reads them).
#[cfg(test)]
pub(crate) fn quick_regexes() -> Vec<&'static QuickRegex> {
    vec![
        PERCENT.get(),
        OUT_OF.get(),
        MULTIPLIER.get(),
        MONEY.get(),
        COUNT.get(),
        &ANY_FIGURE,
        &COUNT_LEAD_IN,
        &LEADING,
        &NUMBER,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{run, run_with};

    fn fires(text: &str) -> usize {
        run(&UnsourcedStatistic, text).len()
    }

    /// The test before the regexes never turns away a sentence they find a figure in: on
    /// figures of every kind, in words, in other scripts' digits and cases, and on sentences
    /// the test turns away.
    #[test]
    fn the_test_before_the_regexes_loses_no_statistic() {
        let texts = [
            "Companies that automate grow 40% faster.",
            "Three out of four teams use it.",
            "ONE IN FIVE adults reads blogs daily.",
            "one in a hundred people",
            "Nine out of ten dentists agree.",
            "ſix in ten readers skim.",
            "Revenue grew ٣٠% in a year.",
            "Sales rose by ４０％.",
            "The market is worth €3bn.",
            "It runs 2 times faster than before.",
            "Over 500 companies rely on it.",
            "Someone often writes content here.",
            "We tend to write about tone and attention.",
            "The one thing in ten minutes",
            "Plain words, no figure.",
            "Writers like short paragraphs.",
        ];
        let mut turned_away = 0;
        for text in texts {
            assert_eq!(find_statistic(text), search_statistic(text), "{text}");
            turned_away += usize::from(!may_hold_statistic(text));
        }
        // Kept by the language server's memo, the answers are the same.
        crate::text::memo::enable();
        for _ in 0..2 {
            for text in texts {
                assert_eq!(find_statistic(text), search_statistic(text), "{text}");
            }
        }
        assert!(turned_away >= 2, "the test turns some sentences away");
        assert!(search_statistic("Nine out of ten dentists agree.").is_some());
        // The regex matches the long s as an `s`: the test lets such a text through.
        let long_s = "ſix in ten readers skim.";
        assert!(OUT_OF.get().is_match(long_s) && may_hold_statistic(long_s));
        // The figures' regexes as one match where one of them does, and only there.
        let versions = [
            "Rust 1.75 ships on 28 December.",
            "Step 3: run the 2 commands in section 4.1.",
            "Version 2024.1 fixes issue #4521.",
        ];
        for text in texts.iter().chain(&versions) {
            let any = [&PERCENT, &OUT_OF, &MULTIPLIER, &MONEY, &COUNT]
                .iter()
                .any(|re| re.get().is_match(text));
            assert_eq!(ANY_FIGURE.is_match(text), any, "{text}");
        }
        assert!(versions.iter().all(|t| !ANY_FIGURE.is_match(t)));
    }

    /// The figures the byte test names include every figure whose regex matches, and the
    /// statistic found searching only those is the one found searching all five: on texts of
    /// numbers and the words that make them figures, in any case and spacing, with characters
    /// beyond ASCII it judges (letters, quotes, dashes) and ones it leaves to the regexes
    /// (other digits, white space, `×`, currency signs, the Kelvin sign and the long s).
    #[test]
    fn the_byte_test_never_turns_away_a_figure() {
        let words = [
            "40",
            "3.5",
            "10,000",
            "2",
            "7",
            "500",
            "%",
            "percent",
            "per cent",
            "percentage points",
            "per",
            "x",
            "times",
            "faster",
            "more",
            "improvement",
            "the",
            "$",
            "usd",
            "eur",
            "gbp",
            "us$",
            "million",
            "billion",
            "trillion",
            "bn",
            "k",
            "m",
            "+",
            "users",
            "customers",
            "active",
            "monthly",
            "new",
            "in",
            "out of",
            "one",
            "three",
            "ten",
            "a hundred",
            "dollars",
            "euros",
            "pounds",
            "over",
            "v1.2",
            "users_",
            "x2",
            "people,",
            "2024",
            "0x1F",
            "caf\u{e9}",
            "\u{e9}",
            "\u{2019}",
            "\u{2014}",
            "\r",
            "\x0c",
            "\u{d7}",
            "\u{20ac}",
            "\u{663}",
            "\u{2009}",
        ];
        let mut texts = crate::text::precheck::testing::texts(&words, 31, 40_000);
        // The longest figures: a count's noun four words after its number.
        texts.extend(
            [
                "It has 2 million active monthly users.",
                "Over 500k+ new active customers",
                "10,000 + monthly active users_ and 12 \tthousand\nnew\tactive people, daily",
                "Revenue of USD\t40 million dollars, 3.5x the improvement, 7 per cent",
                "Caf\u{e9}s: 2 million active monthly users\u{2014}\u{201c}3 in 4\u{201d} of them",
            ]
            .map(String::from),
        );
        let (mut matched, mut turned_away, mut narrowed, mut beyond) = (0, 0, 0, 0);
        let mut spaced = 0;
        for t in &texts {
            let Some(figures) = figures_by_bytes(t) else {
                continue;
            };
            let mut matching = 0;
            for (bit, (re, _)) in FIGURES.iter().enumerate() {
                if re.get().full().is_match(t) {
                    matching |= 1 << bit;
                    assert!(figures & (1 << bit) != 0, "figure {bit} turned away: {t:?}");
                }
            }
            assert_eq!(search_figures(t, figures), search_statistic(t), "{t:?}");
            matched += usize::from(matching != 0);
            turned_away += usize::from(figures == 0);
            narrowed += usize::from(figures != 0 && figures != 0b1_1111);
            beyond += usize::from(!t.is_ascii() && matching != 0);
            spaced += usize::from(t.contains(['\u{a0}', '\u{2009}']) && matching != 0);
        }
        assert!(
            matched > 500 && turned_away > 2_000 && narrowed > 2_000 && beyond > 100,
            "{matched} {turned_away} {narrowed} {beyond}"
        );
        // Figures with white space beyond ASCII, read by the test.
        assert!(spaced > 50, "{spaced}");
        // White space beyond ASCII is read as a space (one character, one byte).
        assert_eq!(figures_by_bytes("40\u{a0}%"), Some(PERCENT_BIT));
        assert_eq!(
            figures_by_bytes("\u{e9} 3\u{2009}x faster"),
            Some(MULTIPLIER_BIT)
        );
        // What the test leaves to the regexes.
        for t in ["\u{663}0%", "3 \u{d7} faster", "\u{20ac}5", "5 \u{212a}"] {
            assert_eq!(figures_by_bytes(t), None, "{t:?}");
        }
    }

    /// The out-of test, which looks further only at an `i` or `o` after white space, finds
    /// what a test of every position finds.
    #[test]
    fn the_out_of_test_finds_its_words_after_any_white_space() {
        let words = [
            "7", "one", "in", "out", "tin", "\r", "\x0b", "\x0c", " ", "\t", "\n",
        ];
        let texts = crate::text::precheck::testing::texts(&words, 41, 5_000);
        let mut found = 0;
        for t in &texts {
            let b = t.as_bytes();
            let every_byte = (1..b.len()).any(|i| {
                is_regex_space(b[i - 1]) && {
                    let mut start = i - 1;
                    while start > 0 && is_regex_space(b[start - 1]) {
                        start -= 1;
                    }
                    let word_start = b[..start]
                        .iter()
                        .rposition(|c| !c.is_ascii_alphanumeric())
                        .map_or(0, |p| p + 1);
                    let before = &b[word_start..start];
                    let lead = |w: &[u8]| {
                        b[i..].len() >= w.len() && b[i..i + w.len()].eq_ignore_ascii_case(w)
                    };
                    (lead(b"in") || lead(b"out"))
                        && (before.last().is_some_and(u8::is_ascii_digit)
                            || OUT_OF_FIRST
                                .iter()
                                .any(|w| before.eq_ignore_ascii_case(w.as_bytes())))
                }
            });
            assert_eq!(out_of_by_bytes(b), every_byte, "{t:?}");
            found += usize::from(every_byte);
        }
        assert!(found > 500, "{found}");
    }

    #[test]
    fn the_out_of_test_never_turns_away_a_match() {
        let words = [
            "one",
            "three",
            "ten",
            "nine",
            "7",
            "12",
            "in",
            "out",
            "of",
            "out of",
            "a hundred",
            "hundred",
            "thousand",
            "inside",
            "outer",
            "tin",
            "done",
            "x1",
        ];
        let texts = crate::text::precheck::testing::texts(&words, 17, 5_000);
        let (mut matched, mut skipped) = (0, 0);
        for t in &texts {
            let maybe = may_hold_out_of(t);
            if OUT_OF.get().full().is_match(t) {
                matched += 1;
                assert!(maybe, "turned away: {t:?}");
            }
            skipped += usize::from(!maybe);
        }
        assert!(matched > 100 && skipped > 100, "{matched} {skipped}");
    }

    /// The test before the regexes never says `false` where one of the five figures' regexes
    /// matches: on texts of number words, "in", "out of", digits and the words around them,
    /// in any case, with and without characters beyond ASCII. (It fails when an ASCII text
    /// without a digit is turned away whatever it holds.)
    #[test]
    fn the_statistic_test_never_turns_away_a_figure() {
        let words = [
            "one",
            "three",
            "ten",
            "Nine",
            "two",
            "hundred",
            "a hundred",
            "thousand",
            "in",
            "out of",
            "out",
            "someone",
            "often",
            "percent",
            "times",
            "faster",
            "users",
            "$",
        ];
        let texts = crate::text::precheck::testing::texts(&words, 23, 20_000);
        let (mut in_words, mut turned_away) = (0, 0);
        for t in &texts {
            let maybe = may_hold_statistic(t);
            let matched = [&PERCENT, &OUT_OF, &MULTIPLIER, &MONEY, &COUNT]
                .iter()
                .any(|re| re.get().full().is_match(t));
            if matched {
                assert!(maybe, "turned away: {t:?}");
                in_words += usize::from(t.is_ascii() && !t.bytes().any(|b| b.is_ascii_digit()));
            }
            turned_away += usize::from(!maybe);
        }
        assert!(
            in_words > 20 && turned_away > 1_000,
            "{in_words} {turned_away}"
        );
    }

    /// The number-word filter finds " in " and " out of " in any case, wherever they are.
    #[test]
    fn the_number_word_filter_is_a_search_for_in_and_out_of() {
        let words = [
            "in", "IN", "In", "iN", "out of", "Out  of", "OUT OF", "oUt oF", "ouT Of", "out", "of",
            "inside", "tin", "1",
        ];
        let texts = crate::text::precheck::testing::texts(&words, 7, 5_000);
        let mut found = 0;
        for t in &texts {
            let lower = t.to_ascii_lowercase();
            let expected = lower.contains(" in ") || lower.contains(" out of ");
            assert_eq!(has_number_word(t), expected, "{t:?}");
            found += usize::from(expected);
        }
        assert!(found > 500 && found < 4_500, "{found}");
    }

    /// The capitals the filter tests are every letter of its phrases, at its offset there.
    #[test]
    fn the_capital_offsets_are_every_letter_of_the_phrases() {
        let mut letters: Vec<(u8, (usize, usize))> = NUMBER_WORD_PHRASES
            .iter()
            .enumerate()
            .flat_map(|(p, phrase)| {
                phrase
                    .bytes()
                    .enumerate()
                    .filter(|(_, b)| b.is_ascii_alphabetic())
                    .map(move |(k, b)| (b.to_ascii_uppercase(), (p, k)))
            })
            .collect();
        let mut table = CAPITAL_OFFSETS.to_vec();
        letters.sort_unstable();
        table.sort_unstable();
        assert_eq!(table, letters);
    }

    #[test]
    fn fires_on_unsourced_figures() {
        for text in [
            "Companies that automate grow 40% faster.",
            "Adoption rose by 12 percentage points.",
            "Three out of four teams use it.",
            "One in five adults reads blogs daily.",
            "ONE IN FIVE adults reads blogs daily.",
            "Nine Out Of ten dentists agree.",
            "The new engine is 3x faster.",
            "It runs 2 times faster than before.",
            "Expect a 10x improvement.",
            "The market is worth $5 million.",
            "The market is worth €3bn.",
            "It saved them $12,000.",
            "The app has 2 million users.",
            "It has 10,000 customers.",
            "Over 500 companies rely on it.",
            "- 73% of marketers use AI.",
        ] {
            assert_eq!(fires(text), 1, "{text}");
        }
    }

    #[test]
    fn passes_sourced_figures() {
        for text in [
            "According to Gartner, 40% of teams use it.",
            "A 2023 McKinsey survey found that 40% of teams use it.",
            "40% of teams use it ([source](https://example.com)).",
            "40% of teams use it.[^1]\n\n[^1]: Gartner, 2024.",
            "40% of teams use it (Source: IDC).",
            "40% of teams use it. That is the finding of the IDC report.",
            "In our tests, the engine was 3x faster.",
            "It grew 40% (Smith et al., 2021).",
        ] {
            assert_eq!(fires(text), 0, "{text}");
        }
    }

    #[test]
    fn passes_numbers_that_are_not_statistics() {
        for text in [
            "Released in 2024, version 2.5 fixed it.",
            "Upgrade to 3.5.1 now.",
            "Set the width to 100%.",
            "The image fills 100% of the container.",
            "The canvas is dark green with 33% opacity.",
            "The default is 25% of total system memory.",
            "Set the quality to 75 percent.",
            "The file is 500 MB.",
            "Run `grow 40%` in code.",
            "| Column | 40% |\n|---|---|\n| a | 50% |",
            "The plan costs $5 a month.",
            "Capture group $1 holds the name.",
            "In 2025, enterprises moved to agents.",
            "In 2024 users asked for it.",
            "It takes one in two minutes.",
            "Escape it as %20 in URLs.",
            "The script creates 100 users.",
            "Ownership of fifty percent (50%) or more of the shares.",
            "It is 1x faster.",
            "Add alerts when disk usage reaches 90%.",
            "This solves 99% of the problems.",
            "In my experience it does 90% of what I want.",
            "We have seen increases of up to 35%.",
            "> We got 10x performance wins. -- An engineer",
            "She said \"we got 40% faster builds\" on stage.",
            "Setting this to `60` removes keywords used in more than 60% of documents.",
            "Error level|Redundancy low|20% medium|38%",
            "```text\nUnwrapped = 42 ms\n```\n\nThe unwrapped example is 372 times faster.",
        ] {
            assert_eq!(fires(text), 0, "{text}");
        }
    }

    #[test]
    fn computed_parameters_and_shown_evidence_are_not_claims() {
        for text in [
            // computed from the numbers beside it
            "Three of the 12 tests failed, 3 of 12, or 25%.",
            "About 31% of cache references (792m found) are misses (253m found).",
            "The suite took 7 minutes and now takes 1 minute, a 7x speedup.",
            // parameters and settings
            "Sample 10% of traces to keep the cost down.",
            "Set the ratio to 50% for a canary.",
            "Alert on a 90% quantile of the latency.",
            "An SLO to serve 95% of requests within 300ms.",
            // next to a table, an HTML table, a figure or a chart shortcode
            "| Run | Time |\n|---|---|\n| a | 2s |\n\nThe second run was 40% faster.",
            "<table><tr><td>2s</td></tr></table>\n\nThe second run was 40% faster.",
            "The second run was 40% faster.\n\n<figure><img src=\"c.png\"></figure>",
            "{{< chart src=\"runs.csv\" >}}\n\nThe second run was 40% faster.",
            // points at the evidence
            "As the table shows, the second run was 40% faster.",
        ] {
            assert_eq!(fires(text), 0, "{text}");
        }
        for text in [
            // other numbers that do not compute the figure
            "In 2024, 40% of the 12 teams moved.",
            "The suite took 7 minutes and now takes 3, a 7x speedup.",
            // a table two blocks away, in another section, is not evidence
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n## Next\n\nTeams grew 40% faster.",
        ] {
            assert_eq!(fires(text), 1, "{text}");
        }
    }

    #[test]
    fn first_person_plural_paragraphs_source_their_figures_when_configured() {
        let src = "# T\n\nThe council met twice. About $50k is left unreserved, and we could hold it for travel.\n";
        assert_eq!(run(&UnsourcedStatistic, src).len(), 1, "off by default");
        let mut config = crate::config::Config::default();
        config.claims.first_person_plural_sources = true;
        assert!(run_with(&UnsourcedStatistic, src, config.clone()).is_empty());
        let world = "# T\n\nAbout 58% of page loads used HTTPS in 2017.\n";
        assert_eq!(run_with(&UnsourcedStatistic, world, config).len(), 1);
    }

    #[test]
    fn an_organisation_reporting_its_own_figures_is_the_source() {
        for ok in [
            "# T\n\nThis year we raised $16 million from 40 donors.\n",
            "# T\n\nToday 68% of our staff are engineers.\n",
            "# T\n\nToday we're serving more than 700 million websites.\n",
        ] {
            assert!(run(&UnsourcedStatistic, ok).is_empty(), "{ok}");
        }
        // Only its own sentence: the next sentence's figure about the world still needs one.
        let f = run(
            &UnsourcedStatistic,
            "# T\n\nWe raised $16 million this year. About 58% of page loads used HTTPS.\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("58%"), "{}", f[0].message);
    }

    #[test]
    fn advice_suppositions_and_named_roles_are_not_unsourced_claims() {
        for text in [
            // advice: an instruction with a figure in it
            "Raise your weekly distance by about 10% at most.",
            "Keep a reserve of 5 to 15 percent for repairs.",
            // a supposition
            "If the caterer asks for a deposit of $8,000, ask what it covers.",
            // a named role with a reporting verb is an attribution
            "A spokesperson for the airline said that 30% of flights were late.",
            // the writer's own estimate, in its own sentence
            "I think about 60% of the crates build.",
        ] {
            assert_eq!(fires(text), 0, "{text}");
        }
        for text in [
            // an opinion in the next sentence is not where the figure came from
            "Only 12% of savers hold an index fund. I think a single fund is enough.",
            // an anonymous plural is not a named role
            "People said that 30% of flights were late.",
            // a statement, not advice
            "Most runners raise their distance by 10% a week.",
        ] {
            assert_eq!(fires(text), 1, "{text}");
        }
    }

    #[test]
    fn a_photo_is_not_evidence_but_a_chart_is() {
        let photo =
            "![A street market at dusk](market.jpg)\n\nThe market draws 40,000 visitors a day.";
        assert_eq!(fires(photo), 1, "{photo}");
        for evidence in [
            "![Visitors per day, 2020 to 2024](visitors.png)\n\nThe market draws 40,000 visitors a day.",
            "![Chart of daily visitors](visitors.png)\n\nThe market draws 40,000 visitors a day.",
            "![](visitors.png)\n\nThe market draws 40,000 visitors a day.",
        ] {
            assert_eq!(fires(evidence), 0, "{evidence}");
        }
    }

    #[test]
    fn survey_reports_are_their_own_source() {
        let src = "---\ntitle: State of Rust Survey 2025\n---\nRust keeps growing. Of the \
respondents, 45% use Rust at work.\n";
        assert!(run(&UnsourcedStatistic, src).is_empty());
        let other = src.replace("State of Rust Survey 2025", "Why teams adopt Rust");
        assert_eq!(run(&UnsourcedStatistic, &other).len(), 1);
    }

    #[test]
    fn one_finding_per_sentence_at_the_first_figure() {
        let src = "Chinese (6%), German (4%), and French (3%) followed.";
        let f = run(&UnsourcedStatistic, src);
        assert_eq!(f.len(), 1);
        assert_eq!(&src[f[0].range.clone()], "6%");
    }
}
