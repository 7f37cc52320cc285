//! The site as the checks see it: pages in path order with their signatures, and the indexes
//! that resolve an internal link to a page (by file path, by URL, by Hugo `ref`).

use super::signature::{LinkKind, SiteLink};
use super::{LinkScheme, Signature, SiteConfig};
use std::collections::HashMap;
use std::sync::Arc;

/// One page: its path (forward slashes, no `./`) and signature.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: String,
    pub signature: Arc<Signature>,
}

/// The pages of a run and how to find one from a link.
#[derive(Debug)]
pub struct Site {
    pages: Vec<Page>,
    config: SiteConfig,
    /// The content directory, with a trailing `/` (empty: the current directory).
    root: String,
    by_path: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
    /// Files of the run that exist but have no signature (skipped or failed to lint): a link to
    /// one is not broken, but its anchors are unknown.
    other_files: std::collections::HashSet<String>,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// A page of the site (index into [`Site::pages`]), and the anchor asked for, if any.
    Page(usize, Option<String>),
    /// A file of the run without a signature: it exists, nothing more is known.
    OtherFile,
    /// Not a page address this check judges (an image, a PDF, a feed).
    NotChecked,
    /// Nothing of the site has this address.
    Missing,
}

impl Site {
    /// The site of `pages` (any order; paths are normalised and sorted) and of `other_files`
    /// (inputs that were skipped or could not be linted).
    pub fn new(
        pages: Vec<(String, Arc<Signature>)>,
        other_files: Vec<String>,
        config: &SiteConfig,
    ) -> Site {
        let mut pages: Vec<Page> = pages
            .into_iter()
            .map(|(path, signature)| Page {
                path: crate::fingerprint::normalise_path(&path),
                signature,
            })
            .collect();
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        pages.dedup_by(|a, b| a.path == b.path);
        let other_files: std::collections::HashSet<String> = other_files
            .iter()
            .map(|p| crate::fingerprint::normalise_path(p))
            .collect();
        let root = if config.content_dir.trim().is_empty() {
            common_dir(
                pages
                    .iter()
                    .map(|p| p.path.as_str())
                    .chain(other_files.iter().map(String::as_str)),
            )
        } else {
            let dir = crate::fingerprint::normalise_path(config.content_dir.trim());
            let dir = dir.trim_end_matches('/');
            if dir.is_empty() || dir == "." {
                String::new()
            } else {
                format!("{dir}/")
            }
        };
        let mut site = Site {
            by_path: pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.path.clone(), i))
                .collect(),
            by_url: HashMap::new(),
            pages,
            config: config.clone(),
            root,
            other_files,
        };
        // The page's own URL first, then aliases; the first page to claim a URL keeps it
        // (pages are in path order, so the choice is the same in every run).
        for i in 0..site.pages.len() {
            for url in site.urls(i) {
                site.by_url.entry(url).or_insert(i);
            }
        }
        site
    }

    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    pub fn config(&self) -> &SiteConfig {
        &self.config
    }

    /// The page's path below the content directory (`docs/a.md`).
    pub fn relative<'p>(&self, path: &'p str) -> &'p str {
        path.strip_prefix(self.root.as_str()).unwrap_or(path)
    }

    /// Whether the page is a directory's own page (`index.md`, `_index.md`, `README.md`).
    pub fn is_index(&self, i: usize) -> bool {
        let stem = file_stem(&self.pages[i].path);
        self.config
            .index_names
            .iter()
            .any(|n| n.eq_ignore_ascii_case(stem))
    }

    /// The URLs of page `i` (lower case, `/` first and last, base path left out): the one from
    /// its path (or its `slug`, or its `url`), then its `aliases`.
    pub fn urls(&self, i: usize) -> Vec<String> {
        let page = &self.pages[i];
        let address = &page.signature.address;
        let mut out = Vec::new();
        match &address.url {
            Some(url) => out.push(normalise_url(url)),
            None => {
                let rel = self.relative(&page.path);
                let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
                let stem = strip_extension(name, &self.config.page_extensions);
                let leaf = if self.is_index(i) {
                    None
                } else {
                    Some(address.slug.as_deref().unwrap_or(stem))
                };
                let url = match leaf {
                    Some(leaf) => format!("/{dir}/{leaf}/"),
                    None => format!("/{dir}/"),
                };
                out.push(normalise_url(&url));
            }
        }
        out.extend(address.aliases.iter().map(|a| normalise_url(a)));
        out
    }

    /// Where a link of page `from` leads.
    pub fn resolve(&self, from: usize, link: &SiteLink) -> Resolved {
        let (target, anchor) = match link.target.split_once('#') {
            Some((t, a)) => (t, Some(percent_decode(a)).filter(|a| !a.is_empty())),
            None => (link.target.as_str(), None),
        };
        let target = target.split('?').next().unwrap_or("");
        let target = percent_decode(target);
        if target.is_empty() {
            return match anchor {
                Some(a) => Resolved::Page(from, Some(a)),
                None => Resolved::NotChecked,
            };
        }
        let schemes = &self.config.link_schemes;
        let ext = extension(&target);
        let is_page_ext = ext.is_some_and(|e| {
            self.config
                .page_extensions
                .iter()
                .any(|p| p.eq_ignore_ascii_case(e))
        });
        if ext.is_some() && !is_page_ext && !target.ends_with('/') {
            return Resolved::NotChecked;
        }
        let from_path = &self.pages[from].path;
        let from_dir = from_path.rsplit_once('/').map_or("", |(d, _)| d);
        let mut found = None;
        match link.kind {
            LinkKind::Ref => {
                if schemes.contains(&LinkScheme::HugoRef) {
                    found = match target.strip_prefix('/') {
                        Some(abs) => self.find_file(&join(&self.root, abs)),
                        None => self
                            .find_file(&join(from_dir, &target))
                            .or_else(|| self.find_file(&join(&self.root, &target))),
                    };
                } else {
                    return Resolved::NotChecked;
                }
            }
            LinkKind::Link => {
                if schemes.contains(&LinkScheme::Files) {
                    found = match target.strip_prefix('/') {
                        Some(abs) => self
                            .find_file(&join(&self.root, abs))
                            .or_else(|| self.find_file(&normalise_path(abs))),
                        None => self.find_file(&join(from_dir, &target)),
                    };
                }
                if found.is_none() && schemes.contains(&LinkScheme::Slugs) {
                    found = self.find_url(from, &target);
                }
            }
        }
        match found {
            Some(Found::Page(i)) => Resolved::Page(i, anchor),
            Some(Found::Other) => Resolved::OtherFile,
            None => Resolved::Missing,
        }
    }

    /// A page (or another file of the run) at `path`, or at `path` with a page extension, or
    /// the index page of the directory `path`.
    fn find_file(&self, path: &str) -> Option<Found> {
        let path = path.trim_end_matches('/');
        let lookup = |p: &str| {
            self.by_path
                .get(p)
                .map(|&i| Found::Page(i))
                .or_else(|| self.other_files.contains(p).then_some(Found::Other))
        };
        if let Some(f) = lookup(path) {
            return Some(f);
        }
        if extension(path).is_some_and(|e| {
            self.config
                .page_extensions
                .iter()
                .any(|p| p.eq_ignore_ascii_case(e))
        }) {
            return None;
        }
        for ext in &self.config.page_extensions {
            if let Some(f) = lookup(&format!("{path}.{ext}")) {
                return Some(f);
            }
            for index in &self.config.index_names {
                let candidate = if path.is_empty() {
                    format!("{index}.{ext}")
                } else {
                    format!("{path}/{index}.{ext}")
                };
                if let Some(f) = lookup(&candidate) {
                    return Some(f);
                }
            }
        }
        None
    }

    /// A page by URL: absolute (`/docs/a/`, base path stripped) or relative to the linking
    /// page's own URL, as a browser resolves it.
    fn find_url(&self, from: usize, target: &str) -> Option<Found> {
        let url = if target.starts_with('/') {
            let base = normalise_url(&self.config.base_path);
            let t = normalise_url(target);
            match t.strip_prefix(base.trim_end_matches('/')) {
                Some(rest) if base != "/" && rest.starts_with('/') => rest.to_string(),
                _ => t,
            }
        } else {
            let own = self
                .urls(from)
                .into_iter()
                .next()
                .unwrap_or_else(|| "/".into());
            normalise_url(&join(&own, target))
        };
        self.by_url.get(&url).map(|&i| Found::Page(i))
    }

    /// Index of the page at `path` (normalised).
    pub fn index_of(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }
}

enum Found {
    Page(usize),
    Other,
}

/// The deepest directory (with a trailing `/`) that holds every path; empty if none does.
fn common_dir<'a>(paths: impl Iterator<Item = &'a str>) -> String {
    let mut common: Option<Vec<&str>> = None;
    for p in paths {
        let dirs: Vec<&str> = match p.rsplit_once('/') {
            Some((d, _)) => d.split('/').collect(),
            None => Vec::new(),
        };
        common = Some(match common {
            None => dirs,
            Some(c) => c
                .iter()
                .zip(&dirs)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    let parts = common.unwrap_or_default();
    // `..` and `/` prefixes stay: they are part of how the paths were given.
    if parts.is_empty() || parts.iter().all(|p| p.is_empty()) {
        return String::new();
    }
    format!("{}/", parts.join("/"))
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

fn extension(path: &str) -> Option<&str> {
    let name = path.trim_end_matches('/').rsplit('/').next()?;
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then_some(ext)
}

fn strip_extension<'a>(name: &'a str, extensions: &[String]) -> &'a str {
    match name.rsplit_once('.') {
        Some((stem, ext)) if extensions.iter().any(|e| e.eq_ignore_ascii_case(ext)) => stem,
        _ => name,
    }
}

/// `dir` joined with `rel`, `.` and `..` resolved (a `..` above the start is kept).
fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() {
        return normalise_path(rel);
    }
    normalise_path(&format!("{}/{rel}", dir.trim_end_matches('/')))
}

/// Forward slashes with `.`, `..` and empty segments resolved.
fn normalise_path(path: &str) -> String {
    let leading = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !leading {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if leading {
        format!("/{joined}")
    } else {
        joined
    }
}

/// A URL path: lower case (Hugo lower-cases URLs by default), `/` first and last.
fn normalise_url(url: &str) -> String {
    let p = normalise_path(&format!("/{}", url.trim()));
    let p = p.to_lowercase();
    if p == "/" { p } else { format!("{p}/") }
}

/// `%20` and the like decoded (invalid escapes kept as written).
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(text.get(i + 1..i + 3).unwrap_or("zz"), 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::site::signature::Address;

    fn sig(address: Address, anchors: &[&str]) -> Arc<Signature> {
        Arc::new(Signature {
            title: None,
            meta: None,
            keyword: None,
            keyword_source: "none".into(),
            words: 0,
            sketch: Vec::new(),
            links: Vec::new(),
            anchors: anchors.iter().map(|a| a.to_string()).collect(),
            templated: false,
            address,
        })
    }

    fn link(target: &str, kind: LinkKind) -> SiteLink {
        SiteLink {
            target: target.into(),
            kind,
            line: 1,
        }
    }

    fn site() -> Site {
        let pages = vec![
            (
                "site/content/_index.md".to_string(),
                sig(Address::default(), &[]),
            ),
            (
                "site/content/docs/a.md".to_string(),
                sig(Address::default(), &["intro"]),
            ),
            (
                "site/content/docs/b.md".to_string(),
                sig(
                    Address {
                        slug: Some("bee".into()),
                        url: None,
                        aliases: vec!["/old/b/".into()],
                    },
                    &[],
                ),
            ),
            (
                "./site/content/docs/sub/index.md".to_string(),
                sig(Address::default(), &[]),
            ),
        ];
        Site::new(
            pages,
            vec!["site/content/skipped.md".into()],
            &Config::default().site,
        )
    }

    #[test]
    fn links_resolve_by_file_url_and_ref() {
        let s = site();
        let a = s.index_of("site/content/docs/a.md").unwrap();
        let b = s.index_of("site/content/docs/b.md").unwrap();
        let sub = s.index_of("site/content/docs/sub/index.md").unwrap();
        let home = s.index_of("site/content/_index.md").unwrap();
        use LinkKind::*;
        assert_eq!(s.resolve(a, &link("b.md", Link)), Resolved::Page(b, None));
        assert_eq!(
            s.resolve(a, &link("./sub/", Link)),
            Resolved::Page(sub, None)
        );
        assert_eq!(
            s.resolve(a, &link("/docs/bee/", Link)),
            Resolved::Page(b, None)
        );
        assert_eq!(s.resolve(a, &link("/old/b", Link)), Resolved::Page(b, None));
        assert_eq!(
            s.resolve(a, &link("../bee/", Link)),
            Resolved::Page(b, None)
        );
        assert_eq!(s.resolve(a, &link("/", Link)), Resolved::Page(home, None));
        assert_eq!(
            s.resolve(b, &link("a.md#intro", Link)),
            Resolved::Page(a, Some("intro".into()))
        );
        assert_eq!(
            s.resolve(b, &link("#x%20y", Link)),
            Resolved::Page(b, Some("x y".into()))
        );
        assert_eq!(
            s.resolve(a, &link("docs/b.md", Ref)),
            Resolved::Page(b, None)
        );
        assert_eq!(
            s.resolve(a, &link("/docs/sub", Ref)),
            Resolved::Page(sub, None)
        );
        assert_eq!(
            s.resolve(a, &link("../skipped.md", Link)),
            Resolved::OtherFile
        );
        assert_eq!(s.resolve(a, &link("missing.md", Link)), Resolved::Missing);
        assert_eq!(s.resolve(a, &link("/nowhere/", Link)), Resolved::Missing);
        assert_eq!(s.resolve(a, &link("img/x.png", Link)), Resolved::NotChecked);
        assert_eq!(s.urls(b), vec!["/docs/bee/", "/old/b/"]);
        assert_eq!(s.urls(home), vec!["/"]);
    }

    #[test]
    fn paths_and_common_directories() {
        assert_eq!(normalise_path("a/./b/../c//d"), "a/c/d");
        assert_eq!(normalise_path("../a"), "../a");
        assert_eq!(common_dir(["a/b/c.md", "a/b/d/e.md"].into_iter()), "a/b/");
        assert_eq!(common_dir(["x.md", "a/b.md"].into_iter()), "");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(percent_decode("50%"), "50%");
    }
}
