//! Inputs for the fuzz harness: arbitrary bytes, and structure-aware Markdown assembled from
//! the pieces articles are made of (front matter, headings, shortcodes, HTML, tables, ...),
//! then mutated (line endings, cuts, splices). A seeded xorshift generator: a seed and a case
//! number reproduce a case exactly.

/// xorshift64* (Vigna 2016): small, fast, good enough to pick pieces.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "the",
    "parser",
    "reads",
    "Rust",
    "async",
    "rust",
    "file",
    "once",
    "and",
    "keeps",
    "every",
    "byte",
    "range",
    "leverage",
    "seamless",
    "robust",
    "cutting-edge",
    "synergy",
    "empower",
    "In today's fast-paced world",
    "it is important to note that",
    "delve into",
    "in order to",
    "due to the fact that",
    "2019",
    "2023",
    "2031",
    "as of 2022",
    "by 2025 we will",
    "as of my last update",
    "the best",
    "the fastest in the world",
    "100%",
    "3x faster",
    "studies show",
    "experts agree",
    "I",
    "we",
    "don't",
    "can't",
    "lol",
    "awesome!!!",
    "!",
    "?",
    ".",
    ",",
    ";",
    ":",
    "—",
    "–",
    "…",
    "\"",
    "'",
    "’",
    "«",
    "»",
    "é",
    "e\u{301}",
    "ﬁ",
    "Straße",
    "İstanbul",
    "日本語の文章",
    "مرحبا",
    "שלום",
    "👩‍👩‍👧",
    "🇫🇷",
    "😀",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{2028}",
    "\u{fffd}",
    "\t",
    "  ",
    "Dr.",
    "e.g.",
    "i.e.",
    "U.S.",
    "v1.2.3",
    "https://example.com/a?b=c#d",
    "user@example.com",
    "`code`",
    "**bold**",
    "*em*",
    "_under_",
    "~~strike~~",
    "[link](https://x.y)",
    "[ref][1]",
    "[^note]",
    "<br>",
    "&amp;",
    "&#x1F600;",
    "&nbsp;",
    "\\*",
    "H2O",
    "CO₂",
    "x²",
    "½",
    "Ⅻ",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 1 + rng.below(30);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(WORDS));
    }
    s.push_str(rng.pick(&[".", "!", "?", "", "...", ":"]));
    s
}

fn paragraph(rng: &mut Rng) -> String {
    let n = 1 + rng.below(8);
    (0..n).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

fn front_matter(rng: &mut Rng) -> String {
    let date = rng.pick(&[
        "2026-01-05",
        "2019-13-45",
        "2026-02-18T10:00:00Z",
        "yesterday",
        "",
        "2026",
        "0000-00-00",
        "2026-02-18 10:00",
        "[2026]",
        "{a: b}",
    ]);
    let title = sentence(rng);
    let key = rng.pick(&[
        "keyword",
        "keywords",
        "description",
        "tone",
        "technical_level",
        "draft",
        "slug",
        "tags",
        "date",
        "title",
    ]);
    let value = rng.pick(&[
        "rust async",
        "[a, b]",
        "\"quoted\"",
        "casual",
        "academic",
        "7",
        "-1",
        "999999999999",
        "true",
        "~",
        "|\n  block\n  text",
        "&anchor x",
        "*anchor",
        "!!binary aGk=",
        "{",
        "]",
        "\"unterminated",
        "",
    ]);
    match rng.below(6) {
        0 => format!("+++\ntitle = \"{title}\"\ndate = {date}\n{key} = \"{value}\"\n+++\n"),
        1 => format!("---\ntitle: {title}\n{key}: {value}\n"), // unclosed
        2 => format!("---\n{key}: [{value}\n---\n"),           // broken YAML
        3 => format!("+++\ntitle = {title}\n+++\n"),           // broken TOML
        4 => "---\n---\n".to_string(),
        _ => format!(
            "---\ntitle: \"{}\"\ndate: {date}\ndescription: {}\n{key}: {value}\n---\n",
            title.replace('"', "'"),
            sentence(rng)
        ),
    }
}

fn piece(rng: &mut Rng, depth: usize) -> String {
    match rng.below(22) {
        0..=2 => format!("{}\n\n", paragraph(rng)),
        3..=4 => format!("{} {}\n\n", "#".repeat(1 + rng.below(7)), sentence(rng)),
        5 => format!(
            "{}\n{}\n\n",
            sentence(rng),
            rng.pick(&["===", "---", "=", "- - -"])
        ),
        6 => {
            let name = rng.pick(&["figure", "note", "img", "youtube", "ref", "param", ""]);
            match rng.below(5) {
                0 => format!(
                    "{{{{< {name} src=\"a.png\" alt=\"{}\" >}}}}\n\n",
                    sentence(rng)
                ),
                1 => format!(
                    "{{{{% {name} %}}}}\n{}\n{{{{% /{name} %}}}}\n\n",
                    paragraph(rng)
                ),
                2 => format!("{{{{< {name} "), // unclosed
                3 => format!("{{{{</* {name} */>}}}}\n\n"),
                _ => format!("{{{{% {name} >}}}}\n\n"),
            }
        }
        7 => rng
            .pick(&[
                "{{ .Title }}\n\n",
                "{{- if .Params.x -}}\nText\n{{- end -}}\n\n",
                "{{ range .Pages }}{{ .Title }}{{ end }}\n\n",
                "{{ $x := 1 }}{{",
                "{%- raw -%}{{ x }}{% endraw %}\n\n",
            ])
            .to_string(),
        8 => rng
            .pick(&[
                "<div class=\"x\">\n\n**in html**\n\n</div>\n\n",
                "<img src=\"a.png\">\n\n",
                "<img alt=\"\" src=b.png />\n\n",
                "<!-- comment -->\n\n",
                "<!-- unclosed\n\n",
                "<script>alert(1)</script>\n\n",
                "<details><summary>S</summary>\n\nBody\n\n</details>\n\n",
                "</p></div>\n\n",
                "<h1>Html heading</h1>\n\n",
            ])
            .to_string(),
        9 => {
            let cols = 1 + rng.below(5);
            let mut t = format!("|{}\n|{}\n", " a |".repeat(cols), "---|".repeat(cols));
            for _ in 0..rng.below(5) {
                t.push_str(&format!(
                    "| {} |{}\n",
                    sentence(rng),
                    " x |".repeat(rng.below(7))
                ));
            }
            t.push('\n');
            t
        }
        10 => {
            // a very long line
            let unit = rng.pick(WORDS);
            format!("{}\n\n", format!("{unit} ").repeat(200 + rng.below(3_000)))
        }
        11 => {
            let n = 1 + rng.below(120);
            match rng.below(4) {
                0 => format!("{} {}\n\n", ">".repeat(n), sentence(rng)),
                1 => {
                    (0..n)
                        .map(|i| format!("{}- {}\n", "  ".repeat(i), rng.pick(WORDS)))
                        .collect::<String>()
                        + "\n"
                }
                2 => format!("{}x{}\n\n", "[".repeat(n), "](u)".repeat(n)),
                _ => format!("{}x{}\n\n", "*".repeat(n), "_".repeat(n)),
            }
        }
        12 => {
            let fence = rng.pick(&["```", "~~~", "````", "```rust", "    "]);
            if rng.chance(30) {
                format!("{fence}\n{}\n", paragraph(rng)) // unclosed
            } else {
                format!(
                    "{fence}\n{}\n{}\n\n",
                    paragraph(rng),
                    &fence[..3.min(fence.len())]
                )
            }
        }
        13 => format!(
            "![{}]({} \"{}\")\n\n",
            rng.pick(&["", "alt text", "image", "👩‍👩‍👧", "a]b"]),
            rng.pick(&["a.png", "", "<x y.png>", "https://e.com/i.jpg?x=1", "(("]),
            sentence(rng)
        ),
        14 => format!(
            "{}. {}\n{}. {}\n\n",
            rng.below(1_000_000_000),
            sentence(rng),
            rng.below(10),
            sentence(rng)
        ),
        15 => format!("[^note]: {}\n\n[1]: https://x.y \"t\"\n\n", sentence(rng)),
        16 => rng
            .pick(&[
                "## Conclusion\n\n",
                "## Summary\n\n",
                "## FAQ\n\n",
                "## References\n\n",
                "# Title\n\n",
                "## \n\n",
                "#\n\n",
                "####### seven\n\n",
            ])
            .to_string(),
        17 => "\u{feff}".to_string(),
        18 => rng
            .pick(&[
                "\r\n", "\r", "\n\n\n\n", "\u{0085}", "\u{2029}", "\t\t\n", "\\\n", "  \n",
            ])
            .to_string(),
        19 if depth < 3 => {
            // nested containers around other pieces
            let inner: String = (0..1 + rng.below(4))
                .map(|_| piece(rng, depth + 1))
                .collect();
            let prefix = rng.pick(&["> ", "- ", "1. ", "    ", "* > "]);
            inner
                .lines()
                .map(|l| format!("{prefix}{l}\n"))
                .collect::<String>()
                + "\n"
        }
        20 => format!("**{}** — *{}*\n\n", sentence(rng), sentence(rng)),
        _ => format!(
            "{}: {}\n\n",
            rng.pick(&["Note", "TL;DR", "Update (2023)", "Q", "A"]),
            paragraph(rng)
        ),
    }
}

/// A whole article from pieces.
fn article(rng: &mut Rng) -> String {
    let mut s = String::new();
    if rng.chance(10) {
        s.push('\u{feff}');
    }
    if rng.chance(60) {
        s.push_str(&front_matter(rng));
    }
    if rng.chance(70) {
        s.push_str(&format!("# {}\n\n", sentence(rng)));
    }
    for _ in 0..rng.below(40) {
        s.push_str(&piece(rng, 0));
    }
    s
}

/// The nearest char boundary at or before `i`.
fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Cuts, splices and line-ending changes that keep the text valid UTF-8.
fn mutate(rng: &mut Rng, mut s: String) -> String {
    for _ in 0..rng.below(4) {
        if s.is_empty() {
            break;
        }
        let a = floor(&s, rng.below(s.len() + 1));
        let b = floor(&s, a + rng.below(64));
        match rng.below(6) {
            0 => s.replace_range(a..b, ""),
            1 => {
                let dup = s[a..b].to_string();
                s.insert_str(a, &dup);
            }
            2 => s.truncate(a),
            3 => s = s.replace('\n', "\r\n"),
            4 => s = s.replace('\n', "\r"),
            _ => {
                let piece = piece(rng, 0);
                s.insert_str(a, &piece);
            }
        }
    }
    s
}

/// Case `n` of `seed`: 15% raw bytes (biased to Markdown punctuation, with invalid UTF-8 and
/// NUL now and then), the rest structure-aware Markdown, mutated half the time.
pub fn case(seed: u64, n: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed ^ n.wrapping_mul(0xD134_2543_DE82_EF95));
    if rng.chance(15) {
        let alphabet = b"#*_-[]()!<>{}%`~|\\/:\"'=+.\n\r\t abcXYZ019";
        let len = rng.below(2_000);
        return (0..len)
            .map(|_| match rng.below(20) {
                0 => rng.next() as u8,
                _ => alphabet[rng.below(alphabet.len())],
            })
            .collect();
    }
    let text = article(&mut rng);
    let text = if rng.chance(50) {
        mutate(&mut rng, text)
    } else {
        text
    };
    text.into_bytes()
}
