//! A deterministic generator of realistic Markdown articles for the benchmarks: the same seed
//! gives the same bytes on every machine, so runs compare. No `rand`: a SplitMix64 generator
//! is all the randomness a corpus needs.
//!
//! An article has YAML front matter (title, description, date, keyword, tags), an H1, an
//! introduction, H2 sections (some with H3s) of paragraphs of sentences of varied length, bullet
//! and ordered lists, fenced code, inline code, links (internal and external), images (some
//! without alt text), numbers, a few wordy filler phrases, and a conclusion. Sizes are in the
//! range of the real corpora (roughly 4-16 KB).

// Each bench binary includes this module and uses a different part of it.
#![allow(dead_code)]

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }
}

const TOPICS: &[&str] = &[
    "container security",
    "static site generators",
    "database indexing",
    "remote work",
    "sourdough baking",
    "trail running",
    "home networking",
    "error handling",
    "team onboarding",
    "solar panels",
    "password managers",
    "code review",
];

const SUBJECTS: &[&str] = &[
    "the team",
    "most readers",
    "a good setup",
    "the first step",
    "this approach",
    "every project",
    "the default configuration",
    "our benchmark",
    "a careful reviewer",
    "the new version",
    "the cache",
    "a beginner",
];

const VERBS: &[&str] = &[
    "improves",
    "changes",
    "reduces",
    "needs",
    "explains",
    "replaces",
    "protects",
    "measures",
    "simplifies",
    "depends on",
    "breaks",
    "supports",
];

const OBJECTS: &[&str] = &[
    "the build time",
    "the overall cost",
    "a handful of edge cases",
    "the configuration file",
    "how people read the page",
    "the error messages",
    "daily maintenance",
    "the results we saw at launch",
    "startup latency",
    "the number of support tickets",
    "long-term reliability",
    "the reader's trust",
];

const TAILS: &[&str] = &[
    "",
    " in practice",
    " for most teams",
    " when the load grows",
    " without much effort",
    " over time",
    " on older hardware",
    " in the long run",
];

/// Wordy phrases and fillers that real drafts contain (some are in the wordiness pack).
const FILLERS: &[&str] = &[
    "In order to keep things simple,",
    "It is important to note that",
    "Due to the fact that budgets are finite,",
    "At this point in time,",
    "As a matter of fact,",
    "Basically,",
    "To be honest,",
    "In the event that something fails,",
    "The majority of the time,",
];

const LANGS: &[&str] = &["bash", "rust", "python", "yaml", "json", "powershell"];

/// A sentence of 4 to about 40 words.
fn sentence(rng: &mut Rng, topic: &str, out: &mut String) {
    if rng.chance(12) {
        out.push_str(rng.pick(FILLERS));
        out.push(' ');
        push_clause(rng, topic, out, false);
    } else {
        push_clause(rng, topic, out, true);
    }
    // Longer sentences: join clauses.
    for _ in 0..rng.range(0, 2) {
        out.push_str(rng.pick(&[", and ", ", but ", " because ", ", while ", " so "]));
        push_clause(rng, topic, out, false);
    }
    if rng.chance(15) {
        let n = rng.range(2, 950);
        match rng.range(0, 2) {
            0 => out.push_str(&format!(" by {n} percent")),
            1 => out.push_str(&format!(" in {}.{} seconds", n / 100, n % 100)),
            _ => out.push_str(&format!(" since {}", 1990 + n % 35)),
        }
    }
    if rng.chance(10) {
        out.push_str(" (see `");
        out.push_str(rng.pick(&[
            "--verbose",
            "config.toml",
            "make test",
            "Get-Item",
            "cargo run",
        ]));
        out.push_str("`)");
    }
    out.push_str(rng.pick(&[".", ".", ".", ".", ".", "!", "?"]));
}

fn push_clause(rng: &mut Rng, topic: &str, out: &mut String, capital: bool) {
    let subject = if rng.chance(20) {
        topic
    } else {
        rng.pick(SUBJECTS)
    };
    if capital {
        let mut chars = subject.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        }
    } else {
        out.push_str(subject);
    }
    out.push(' ');
    out.push_str(rng.pick(VERBS));
    out.push(' ');
    if rng.chance(15) {
        out.push('*');
        out.push_str(rng.pick(OBJECTS));
        out.push('*');
    } else if rng.chance(12) {
        let (text, url) = link(rng, topic);
        out.push_str(&format!("[{text}]({url})"));
    } else {
        out.push_str(rng.pick(OBJECTS));
    }
    out.push_str(rng.pick(TAILS));
}

fn link(rng: &mut Rng, topic: &str) -> (String, String) {
    let slug = topic.replace(' ', "-");
    if rng.chance(50) {
        (
            rng.pick(OBJECTS).to_string(),
            format!("https://example.com/{slug}/{}", rng.range(1, 999)),
        )
    } else {
        (
            topic.to_string(),
            format!("/blog/{slug}-{}/", rng.range(1, 99)),
        )
    }
}

fn paragraph(rng: &mut Rng, topic: &str, out: &mut String) {
    for i in 0..rng.range(2, 7) {
        if i > 0 {
            // Wrapped source lines, as editors and docs repositories write them.
            out.push_str(if rng.chance(50) { "\n" } else { " " });
        }
        sentence(rng, topic, out);
    }
    out.push_str("\n\n");
}

fn list(rng: &mut Rng, topic: &str, out: &mut String) {
    let ordered = rng.chance(35);
    for i in 1..=rng.range(3, 7) {
        if ordered {
            out.push_str(&format!("{i}. "));
        } else {
            out.push_str("- ");
        }
        if rng.chance(30) {
            out.push_str(&format!("**{}**: ", rng.pick(OBJECTS)));
        }
        sentence(rng, topic, out);
        out.push('\n');
        if rng.chance(10) {
            out.push_str("  - ");
            sentence(rng, topic, out);
            out.push('\n');
        }
    }
    out.push('\n');
}

fn code_block(rng: &mut Rng, out: &mut String) {
    let lang = rng.pick(LANGS);
    out.push_str(&format!("```{lang}\n"));
    for i in 0..rng.range(2, 14) {
        let n = rng.range(0, 9999);
        out.push_str(&format!(
            "{}value_{i} = compute(\"{}\", {n}) # in order to test the parser\n",
            "    ".repeat(rng.range(0, 2)),
            rng.pick(OBJECTS)
        ));
    }
    out.push_str("```\n\n");
}

fn image(rng: &mut Rng, topic: &str, out: &mut String) {
    let n = rng.range(1, 99);
    let slug = topic.replace(' ', "-");
    if rng.chance(25) {
        out.push_str(&format!("![](/images/{slug}-{n}.png)\n\n"));
    } else {
        out.push_str(&format!(
            "![A diagram of {topic}, figure {n}](/images/{slug}-{n}.png \"Figure {n}\")\n\n"
        ));
    }
}

fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One article, a pure function of `seed`.
pub fn article(seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let topic = rng.pick(TOPICS);
    let mut out = String::with_capacity(16 * 1024);
    let title = format!(
        "{}: {}",
        title_case(topic),
        rng.pick(&[
            "A Practical Guide",
            "What We Learned",
            "Common Mistakes",
            "Getting Started",
            "Ten Lessons From Production",
        ])
    );
    let year = 2015 + rng.range(0, 10);
    out.push_str(&format!(
        "---\ntitle: \"{title}\"\ndescription: \"How {topic} works, what it costs, and the mistakes {} make with it.\"\ndate: {year}-{:02}-{:02}\nkeyword: {topic}\ntags: [{}, notes]\ndraft: false\n---\n\n",
        rng.pick(SUBJECTS),
        rng.range(1, 12),
        rng.range(1, 28),
        topic.replace(' ', "-"),
    ));
    out.push_str(&format!("# {title}\n\n"));
    paragraph(&mut rng, topic, &mut out);
    let sections = rng.range(3, 8);
    for s in 0..sections {
        out.push_str(&format!(
            "## {} {}\n\n",
            rng.pick(&["Why", "How", "When", "Measuring", "Choosing", "Testing"]),
            rng.pick(OBJECTS)
        ));
        for _ in 0..rng.range(1, 3) {
            paragraph(&mut rng, topic, &mut out);
        }
        if rng.chance(45) {
            list(&mut rng, topic, &mut out);
        }
        if rng.chance(35) {
            code_block(&mut rng, &mut out);
        }
        if rng.chance(25) {
            image(&mut rng, topic, &mut out);
        }
        if s % 2 == 1 {
            for _ in 0..rng.range(1, 2) {
                out.push_str(&format!("### {}\n\n", title_case(rng.pick(OBJECTS))));
                paragraph(&mut rng, topic, &mut out);
                if rng.chance(30) {
                    list(&mut rng, topic, &mut out);
                }
            }
        }
    }
    out.push_str(rng.pick(&["## Conclusion\n\n", "## Summary\n\n", "## Next steps\n\n"]));
    paragraph(&mut rng, topic, &mut out);
    out
}

/// `n` articles from consecutive seeds starting at `seed`.
pub fn articles(n: usize, seed: u64) -> Vec<String> {
    (0..n as u64)
        .map(|i| article(seed.wrapping_add(i)))
        .collect()
}

/// One long article of at least `bytes` bytes: the article of `seed`, then the sections of
/// the following seeds' articles (their front matter and H1 dropped, so there is one title).
/// The scaling benchmark: a linter linear in the size of a file takes as long on this as on
/// the same bytes split into articles.
pub fn long_article(bytes: usize, seed: u64) -> String {
    let mut out = article(seed);
    let mut next = seed;
    while out.len() < bytes {
        next = next.wrapping_add(1);
        let more = article(next);
        // Everything from the first H2 on: no second front matter or H1.
        if let Some(at) = more.find("\n## ") {
            out.push_str(&more[at + 1..]);
        }
    }
    out
}
