//! Images for an article that has fewer than it should: what to ask the image backend for,
//! where the file goes (next to the article, under a sanitised name), and the Markdown image
//! (alt text that says what the image shows and includes the keyword) inserted after the H1
//! (the hero) or after an H2 (supporting images).

use crate::document::Document;
use std::path::{Path, PathBuf};

/// Longest alt text, in characters: screen readers read alt text in one go, and the common
/// guidance (e.g. WebAIM) is to keep it short, about 125 characters.
const MAX_ALT_CHARS: usize = 125;

/// One image to generate and insert.
#[derive(Debug, Clone, PartialEq)]
pub struct ImagePlan {
    /// "Hero Image" or "Supporting Image" (the seed trace's image_titles).
    pub title: &'static str,
    pub size: String,
    pub prompt: String,
    pub alt: String,
    /// File name without extension (known once the bytes are).
    pub stem: String,
    /// Byte offset in the article where the image line goes.
    pub insert_at: usize,
}

/// Settings for planning.
pub struct PlanInput<'a> {
    pub doc: &'a Document,
    pub keyword: Option<&'a str>,
    /// The article's file name stem (a fallback for the slug).
    pub file_stem: &'a str,
    /// Images the article already has, as the report counts them (Markdown, HTML and image
    /// shortcodes, see `[content] image_shortcodes`).
    pub present: usize,
    pub wanted: usize,
    pub hero_size: &'a str,
    pub size: &'a str,
    pub style: &'a str,
}

/// The images to add: `wanted` minus those the article has; the first is the hero if the
/// article has none.
pub fn plan(input: &PlanInput) -> Vec<ImagePlan> {
    let doc = input.doc;
    let have = input.present;
    let missing = input.wanted.saturating_sub(have);
    if missing == 0 {
        return Vec::new();
    }
    let title = doc.title().unwrap_or_default();
    let subject = input
        .keyword
        .map(str::to_string)
        .filter(|k| !k.trim().is_empty())
        .or_else(|| (!title.is_empty()).then(|| title.clone()))
        .unwrap_or_else(|| "the article's topic".to_string());
    let base = sanitize(
        &doc.front_matter
            .get_str("slug")
            .unwrap_or_else(|| input.file_stem.to_string()),
    );
    let base = if base.is_empty() {
        "article".to_string()
    } else {
        base
    };
    let hero_at = after_line(doc, doc.h1s().next().map(|h| h.range.end)).unwrap_or(doc.body_start);
    let h2s: Vec<_> = doc.headings.iter().filter(|h| h.level == 2).collect();
    let mut plans = Vec::new();
    let mut supporting = 0;
    for n in 0..missing {
        if have == 0 && n == 0 {
            let about = if title.is_empty() || same_words(&title, &subject) {
                String::new()
            } else {
                format!(": {title}")
            };
            plans.push(ImagePlan {
                title: "Hero Image",
                size: input.hero_size.to_string(),
                prompt: format!(
                    "Hero image for an article titled \"{}\" about {subject}. {}. No text, letters, logos or watermarks in the image.",
                    if title.is_empty() { &subject } else { &title },
                    input.style.trim_end_matches('.')
                ),
                alt: alt_text(&format!("Illustration of {subject}{about}")),
                stem: format!("{base}-hero"),
                insert_at: hero_at,
            });
            continue;
        }
        let section = h2s.get(supporting).map(|h| h.plain().to_string());
        supporting += 1;
        let at = h2s
            .get(supporting - 1)
            .and_then(|h| after_line(doc, Some(h.range.end)))
            .unwrap_or(hero_at);
        let (prompt_about, alt) = match &section {
            Some(s) => (
                format!("the section \"{s}\" of an article about {subject}"),
                format!("Illustration of {subject}: {s}"),
            ),
            None => (
                format!("an article about {subject}"),
                format!("Illustration of {subject}"),
            ),
        };
        plans.push(ImagePlan {
            title: "Supporting Image",
            size: input.size.to_string(),
            prompt: format!(
                "Supporting illustration for {prompt_about}. {}. No text, letters, logos or watermarks in the image.",
                input.style.trim_end_matches('.')
            ),
            alt: alt_text(&alt),
            stem: format!("{base}-image-{}", have + n + 1),
            insert_at: at,
        });
    }
    plans
}

/// The offset just after the line that contains `offset` (after its newline).
fn after_line(doc: &Document, offset: Option<usize>) -> Option<usize> {
    let offset = offset?;
    let src = &doc.source;
    Some(
        src[offset..]
            .find('\n')
            .map_or(src.len(), |i| offset + i + 1),
    )
}

fn same_words(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    norm(a) == norm(b)
}

/// Alt text: one line, no Markdown brackets, at most [`MAX_ALT_CHARS`] (cut at a word).
pub fn alt_text(text: &str) -> String {
    let clean: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['[', ']'], "")
        .replace('\\', "");
    if clean.chars().count() <= MAX_ALT_CHARS {
        return clean;
    }
    let mut out = String::new();
    for word in clean.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > MAX_ALT_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.trim_end_matches([':', ',', ';', '-']).to_string()
}

/// A file-name-safe slug: lower-case ASCII letters and digits, single hyphens, at most 60.
pub fn sanitize(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_matches('-').to_string()
}

/// A path in `dir` for `stem.ext` that does not exist yet (`stem-2.ext`, ... otherwise).
pub fn free_path(dir: &Path, stem: &str, ext: &str, taken: &[PathBuf]) -> PathBuf {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = dir.join(name);
        // symlink_metadata: a dangling link is not a free name (writing would create its
        // target, wherever it points).
        if std::fs::symlink_metadata(&path).is_err() && !taken.contains(&path) {
            return path;
        }
        n += 1;
    }
}

/// `text` with a Markdown image line for each (offset, alt, file name), each its own
/// paragraph. `newline` is the article's line ending.
pub fn insert(text: &str, images: &[(usize, String, String)], newline: &str) -> String {
    let mut sorted: Vec<&(usize, String, String)> = images.iter().collect();
    sorted.sort_by_key(|(at, _, _)| *at);
    let mut out = String::with_capacity(text.len() + 200);
    let mut last = 0;
    for (at, alt, file) in sorted {
        let at = (*at).min(text.len());
        out.push_str(&text[last..at]);
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(newline);
        }
        let blank_before = out.is_empty() || out.ends_with("\n\n") || out.ends_with("\n\r\n");
        if !blank_before {
            out.push_str(newline);
        }
        out.push_str(&format!("![{alt}]({file}){newline}"));
        let rest = &text[at..];
        if !(rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n")) {
            out.push_str(newline);
        }
        last = at;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Document {
        Document::parse(s.to_string()).unwrap()
    }

    fn input<'a>(d: &'a Document, wanted: usize) -> PlanInput<'a> {
        PlanInput {
            doc: d,
            keyword: Some("rust errors"),
            file_stem: "My Post (draft)",
            present: d.images.len(),
            wanted,
            hero_size: "1792x1024",
            size: "1024x1024",
            style: "Flat illustration.",
        }
    }

    const ARTICLE: &str = "---\ntitle: Handling rust errors well\n---\n# Handling rust errors well\n\nIntro.\n\n## Result\n\nText.\n\n## Conclusion\n\nEnd.\n";

    #[test]
    fn hero_then_supporting_images() {
        let d = doc(ARTICLE);
        let plans = plan(&input(&d, 2));
        assert_eq!(plans.len(), 2);
        let hero = &plans[0];
        assert_eq!(hero.title, "Hero Image");
        assert_eq!(hero.size, "1792x1024");
        assert_eq!(hero.stem, "my-post-draft-hero");
        assert_eq!(
            hero.alt,
            "Illustration of rust errors: Handling rust errors well"
        );
        assert!(
            hero.prompt.contains("Flat illustration. No text"),
            "{}",
            hero.prompt
        );
        assert_eq!(&ARTICLE[hero.insert_at..hero.insert_at + 7], "\nIntro.");
        let s = &plans[1];
        assert_eq!(s.size, "1024x1024");
        assert_eq!(s.alt, "Illustration of rust errors: Result");
        assert_eq!(&ARTICLE[s.insert_at..s.insert_at + 6], "\nText.");
        assert!(plan(&input(&d, 0)).is_empty());
    }

    #[test]
    fn inserted_images_are_their_own_paragraphs() {
        let d = doc(ARTICLE);
        let plans = plan(&input(&d, 1));
        let out = insert(
            ARTICLE,
            &[(
                plans[0].insert_at,
                plans[0].alt.clone(),
                "my-post-draft-hero.png".into(),
            )],
            "\n",
        );
        assert!(
            out.contains("# Handling rust errors well\n\n![Illustration of rust errors: Handling rust errors well](my-post-draft-hero.png)\n\nIntro."),
            "{out}"
        );
        let after = doc(&out);
        assert_eq!(after.images.len(), 1);
        assert_eq!(after.images[0].alt, plans[0].alt);
        // No blank line after the heading: one is added on both sides.
        let tight = "# T\nIntro.\n";
        let out = insert(tight, &[(4, "a".into(), "x.png".into())], "\n");
        assert_eq!(out, "# T\n\n![a](x.png)\n\nIntro.\n");
        let out = insert("# T", &[(3, "a".into(), "x.png".into())], "\n");
        assert_eq!(out, "# T\n\n![a](x.png)\n");
    }

    #[test]
    fn names_and_alt_texts_are_safe() {
        assert_eq!(sanitize("../../etc/passwd"), "etc-passwd");
        assert_eq!(sanitize("Ünïcode — Title!"), "n-code-title");
        assert_eq!(sanitize("///"), "");
        assert_eq!(sanitize(&"a".repeat(100)).len(), 60);
        assert_eq!(alt_text("a [b]\n c\\"), "a b c");
        let long = alt_text(&"word ".repeat(60));
        assert!(long.chars().count() <= MAX_ALT_CHARS && long.ends_with("word"));
    }

    #[test]
    fn free_paths_do_not_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let first = free_path(dir.path(), "a-hero", "png", &[]);
        assert_eq!(first, dir.path().join("a-hero.png"));
        std::fs::write(&first, b"x").unwrap();
        assert_eq!(
            free_path(dir.path(), "a-hero", "png", &[]),
            dir.path().join("a-hero-2.png")
        );
        let taken = vec![dir.path().join("a-hero-2.png")];
        assert_eq!(
            free_path(dir.path(), "a-hero", "png", &taken),
            dir.path().join("a-hero-3.png")
        );
    }
}
