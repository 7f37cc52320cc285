//! `contentlint regenerate` end to end: the real binary against a stub OpenAI-compatible
//! server on 127.0.0.1, with a recognisable fake API key that must never show up anywhere.

mod support;

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use support::stub::{Reply, Stub, chat};

const FAKE_KEY: &str = "sk-test-DO-NOT-LEAK-1234";

/// Only the brief's structure gates decide pass/fail here, so these tests keep meaning the
/// same thing as content rules are added.
const SELECT: &str = "structure/single-h1,structure/min-h2,structure/conclusion";

const PASSING: &str = "---
title: Rust error handling in practice
date: 2026-02-18
keyword: rust error handling
slug: rust-error-handling
description: How rust error handling works with Result, the question mark operator and panics, and when to use each one in real code.
---
# Rust error handling in practice

Rust error handling starts with the Result type. A function that can fail returns a Result,
and the caller decides what to do with the error.

## Results and the question mark

The question mark operator returns early with the error, which keeps rust error handling short.

## Conclusion

Use Result for expected failures and panics for bugs.
";

const FAILING: &str = "---
title: Rust error handling in practice
date: 2026-02-18
keyword: rust error handling
slug: rust-error-handling
description: How rust error handling works with Result, the question mark operator and panics, and when to use each one in real code.
---
# Rust error handling in practice

Rust error handling starts with the Result type. A function that can fail returns a Result,
and the caller decides what to do with the error.

## Results and the question mark

The question mark operator returns early with the error, which keeps rust error handling short.
";

/// Fixes the missing second H2 but still has no conclusion; drops the front matter.
const REVISION_1: &str = "# Rust error handling in practice

REVISION-ONE-MARKER: rust error handling starts with the Result type.

## Results and the question mark

The question mark operator returns early with the error.

## Panics

A panic stops the thread; use it for bugs, not for expected failures.
";

/// Passes: a conclusion at the end.
const REVISION_2: &str = "# Rust error handling in practice

REVISION-TWO-MARKER: rust error handling starts with the Result type.

## Results and the question mark

The question mark operator returns early with the error.

## Conclusion

Use Result for expected failures and panics for bugs.
";

/// A 1x1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0x7a, 0x5e, 0xab, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

/// A directory with `post.md` and a `contentlint.toml` with short timeouts and backoff.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new(article: &str) -> Workspace {
        Workspace::with_config(article, "")
    }

    fn with_config(article: &str, extra: &str) -> Workspace {
        Workspace::with_timeout(article, 10, extra)
    }

    /// `timeout_secs` is the whole-request timeout of [regenerate.http].
    fn with_timeout(article: &str, timeout_secs: u32, extra: &str) -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("post.md"), article).unwrap();
        let config = format!(
            "[regenerate.http]\nconnect_timeout_secs = 2\ntimeout_secs = {timeout_secs}\nretries = 2\nbackoff_ms = 10\nmax_retry_wait_secs = 5\n{extra}"
        );
        std::fs::write(dir.path().join("contentlint.toml"), config).unwrap();
        Workspace { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn article(&self) -> String {
        std::fs::read_to_string(self.path("post.md")).unwrap()
    }

    fn command(&self, stub: &Stub, extra: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_contentlint"));
        c.current_dir(self.dir.path())
            .env("OPENAI_API_KEY", FAKE_KEY)
            .env("NO_COLOR", "1");
        for var in [
            "ALL_PROXY",
            "all_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
        ] {
            c.env_remove(var);
        }
        c.args(["regenerate", "post.md", "--select", SELECT])
            .args(["--writer-url", &stub.v1(), "--writer-model", "test-writer"])
            .args(extra);
        c
    }

    /// Run `contentlint regenerate post.md` with `extra` arguments, and check that the key
    /// appears in no output and no file.
    fn run(&self, stub: &Stub, extra: &[&str]) -> Output {
        let out = self.command(stub, extra).output().unwrap();
        self.assert_no_key(&out);
        out
    }

    fn assert_no_key(&self, out: &Output) {
        for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !String::from_utf8_lossy(bytes).contains(FAKE_KEY),
                "the API key leaked into {name}"
            );
        }
        for entry in walk(self.dir.path()) {
            let bytes = std::fs::read(&entry).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains(FAKE_KEY),
                "the API key leaked into {}",
                entry.display()
            );
        }
    }

    /// The names in the directory, sorted.
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn trace(&self) -> Value {
        let trace: Value =
            serde_json::from_str(&std::fs::read_to_string(self.path("trace.json")).unwrap())
                .unwrap();
        let schema: Value =
            serde_json::from_str(include_str!("../schemas/trace.schema.json")).unwrap();
        let errors = support::schema::check(&schema, &trace);
        assert!(
            errors.is_empty(),
            "the trace breaks the schema: {errors:#?}"
        );
        trace
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.is_file() {
            // Not a FIFO: opening one would block.
            out.push(path);
        }
    }
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn report(out: &Output) -> Value {
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    v["files"][0].clone()
}

fn lint_passes(path: &Path) -> bool {
    Command::new(env!("CARGO_BIN_EXE_contentlint"))
        .args(["check", "--select", SELECT])
        .arg(path)
        .output()
        .unwrap()
        .status
        .success()
}

#[test]
fn a_passing_article_makes_no_request() {
    let stub = Stub::start();
    let ws = Workspace::new(PASSING);
    let out = ws.run(&stub, &["--images", "--trace", "trace.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stub.requests().is_empty(), "{:?}", stub.requests());
    assert!(stderr(&out).contains("no backend call"), "{}", stderr(&out));
    assert_eq!(ws.article(), PASSING);
    assert_eq!(ws.files(), ["contentlint.toml", "post.md", "trace.json"]);
    let trace = ws.trace();
    let steps: Vec<&str> = trace
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["route_input", "validate", "audit_seo"]);
}

#[test]
fn a_failing_article_is_fixed_on_the_second_revision() {
    let stub = Stub::start();
    stub.script(vec![
        chat(REVISION_1),
        chat(&format!(
            "Here is the revised article:\n\n```markdown\n{REVISION_2}```\n"
        )),
    ]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &["--format", "json", "--trace", "trace.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let requests = stub.requests();
    assert_eq!(requests.len(), 2, "exactly two chat requests");
    for r in &requests {
        assert_eq!(
            (r.method.as_str(), r.path.as_str()),
            ("POST", "/v1/chat/completions")
        );
        assert_eq!(
            r.header("Authorization"),
            Some(format!("Bearer {FAKE_KEY}").as_str())
        );
        assert_eq!(r.json()["model"], "test-writer");
    }
    let first = requests[0].user_prompt();
    assert!(first.contains("[structure/min-h2]"), "{first}");
    assert!(first.contains("[structure/conclusion]"));
    assert!(first.contains("Current date: 2026-02-18"));
    assert!(first.contains("Primary keyword: \"rust error handling\""));
    // The second prompt carries revision 1 and its findings, not the original's.
    let second = requests[1].user_prompt();
    assert!(second.contains("REVISION-ONE-MARKER"), "{second}");
    assert!(second.contains("[structure/conclusion]"), "{second}");
    assert!(
        !second.contains("[structure/min-h2]"),
        "revision 1 fixed min-h2: {second}"
    );

    let file = report(&out);
    assert_eq!(file["revision_count"], 2);
    assert_eq!(file["valid"], true);
    let written = ws.article();
    assert!(written.contains("REVISION-TWO-MARKER"));
    assert!(!written.contains("```"), "the wrapping fence is gone");
    assert!(
        !written.contains("Here is the revised"),
        "the preamble is gone"
    );
    // The writer dropped the front matter; it is back.
    assert!(
        written.starts_with("---\ntitle: Rust error handling in practice\ndate: 2026-02-18\n"),
        "{written}"
    );
    assert!(lint_passes(&ws.path("post.md")));
    assert_eq!(
        std::fs::read_to_string(ws.path("post.md.orig")).unwrap(),
        FAILING
    );
    assert_eq!(
        ws.files(),
        ["contentlint.toml", "post.md", "post.md.orig", "trace.json"]
    );

    let trace = ws.trace();
    let steps: Vec<&str> = trace
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "route_input",
            "validate",
            "audit_seo",
            "generate_draft",
            "validate",
            "audit_seo",
            "generate_draft",
            "validate",
            "audit_seo",
            "write_article"
        ]
    );
    let draft = &trace[6]["metadata"];
    assert_eq!(draft["revision_count"], 2);
    assert_eq!(draft["max_revisions"], 3);
    assert_eq!(draft["model"], "test-writer");
    assert_eq!(draft["backend"], "openai");
    assert_eq!(draft["token_usage"]["total_tokens"], 2000);
    assert_eq!(trace[7]["outcome"], "Valid: True; Score: 100");
    assert_eq!(trace[7]["metadata"]["violations"], json!([]));
    assert_eq!(
        trace[1]["metadata"]["hard_gates"],
        json!(["structure/min-h2", "structure/conclusion"])
    );
    assert_eq!(trace[9]["metadata"]["kept_revision"], 2);
}

#[test]
fn a_writer_that_only_makes_things_worse_keeps_the_original() {
    let stub = Stub::start();
    let worse = "Some words without any heading at all.\n";
    stub.script(vec![chat(worse), chat(worse), chat(worse)]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "still failing: {}",
        stderr(&out)
    );
    assert_eq!(stub.requests().len(), 3, "max_revisions defaults to 3");
    assert!(
        stderr(&out).contains("kept the original"),
        "{}",
        stderr(&out)
    );
    assert_eq!(ws.article(), FAILING, "the original is untouched");
    assert_eq!(
        ws.files(),
        ["contentlint.toml", "post.md"],
        "nothing written, no backup"
    );
    let file = report(&out);
    assert_eq!(file["valid"], false);
    assert_eq!(file["revision_count"], 3);
}

#[test]
fn max_revisions_limits_the_requests() {
    let stub = Stub::start();
    stub.script(vec![chat(REVISION_1), chat(REVISION_1)]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &["--max-revisions", "1", "--no-backup"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stub.requests().len(), 1);
    // Revision 1 is better than the original, so it is written even though it still fails.
    assert!(ws.article().contains("REVISION-ONE-MARKER"));
    assert_eq!(ws.files(), ["contentlint.toml", "post.md"], "--no-backup");
}

#[test]
fn a_500_is_retried_once_then_the_200_is_used() {
    let stub = Stub::start();
    stub.script(vec![
        Reply::Json(500, json!({"error": {"message": "overloaded"}})),
        chat(REVISION_2),
    ]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stub.requests().len(), 2, "one retry");
    assert!(ws.article().contains("REVISION-TWO-MARKER"));
}

#[test]
fn retry_after_is_honoured() {
    let stub = Stub::start();
    stub.script(vec![
        Reply::Header(
            Box::new(Reply::Json(429, json!({"error": {"message": "slow down"}}))),
            "Retry-After",
            "1".into(),
        ),
        chat(REVISION_2),
    ]);
    let ws = Workspace::new(FAILING);
    let started = Instant::now();
    let out = ws.run(&stub, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stub.requests().len(), 2);
    // backoff_ms is 10 ms: only Retry-After explains a wait of a second.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn retries_run_out_with_a_clear_error() {
    let stub = Stub::start();
    let busy = Reply::Json(503, json!({"error": {"message": "busy"}}));
    stub.script(vec![busy.clone(), busy.clone(), busy.clone(), busy]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stub.requests().len(), 3, "the first try and retries = 2");
    let err = stderr(&out);
    assert!(
        err.contains("503") && err.contains("after 3 attempts") && err.contains("busy"),
        "{err}"
    );
    assert_eq!(ws.article(), FAILING);
}

#[test]
fn a_401_is_a_clear_error_without_the_key() {
    let stub = Stub::start();
    // A server that echoes the key back: the message must still not carry it.
    stub.script(vec![Reply::Json(
        401,
        json!({"error": {"message": format!("Incorrect API key provided: {FAKE_KEY}")}}),
    )]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &["--trace", "trace.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stub.requests().len(), 1, "a 401 is not retried");
    let err = stderr(&out);
    assert!(
        err.contains("401") && err.contains("OPENAI_API_KEY"),
        "{err}"
    );
    assert!(err.contains("[redacted]"), "{err}");
    assert!(err.contains("the article is unchanged"), "{err}");
    assert_eq!(ws.article(), FAILING);
    let trace = ws.trace();
    let last = trace.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["step"], "generate_draft");
    assert_eq!(last["metadata"]["error_kind"], "auth");
}

#[test]
fn a_missing_key_is_named_in_the_error() {
    let stub = Stub::start();
    stub.script(vec![Reply::Json(401, json!({"error": "unauthorized"}))]);
    let ws = Workspace::new(FAILING);
    let out = ws
        .command(&stub, &[])
        .env_remove("OPENAI_API_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stub.requests()[0].header("Authorization"),
        None,
        "no key, no header"
    );
    assert!(
        stderr(&out).contains("$OPENAI_API_KEY is not set"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_404_invalid_json_and_empty_content_are_clear_errors() {
    let cases: Vec<(Reply, &str)> = vec![
        (
            Reply::Json(404, json!({"error": {"message": "model not found"}})),
            "404 Not Found",
        ),
        (
            Reply::Body(200, "application/json", b"<html>oops</html>".to_vec()),
            "invalid JSON",
        ),
        (chat("   "), "empty content"),
        (
            Reply::Json(200, json!({"object": "list"})),
            "no choices[0].message.content",
        ),
    ];
    for (reply, expected) in cases {
        let stub = Stub::start();
        stub.script(vec![reply]);
        let ws = Workspace::new(FAILING);
        let out = ws.run(&stub, &[]);
        assert_eq!(out.status.code(), Some(2), "{expected}");
        assert!(
            stderr(&out).contains(expected),
            "{expected}: {}",
            stderr(&out)
        );
        assert_eq!(stub.requests().len(), 1, "{expected}: not retried");
        assert_eq!(ws.article(), FAILING);
        assert_eq!(ws.files(), ["contentlint.toml", "post.md"]);
    }
}

#[test]
fn a_slow_server_hits_the_timeout() {
    let stub = Stub::start();
    stub.script(vec![Reply::Delayed(
        Duration::from_secs(20),
        Box::new(chat(REVISION_2)),
    )]);
    let ws = Workspace::with_timeout(FAILING, 1, "");
    let started = Instant::now();
    let out = ws.run(&stub, &[]);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        took < Duration::from_secs(10),
        "the timeout fired late: {took:?}"
    );
    assert!(stderr(&out).contains("within 1 s"), "{}", stderr(&out));
    assert_eq!(stub.requests().len(), 1, "a timeout is not retried");
    assert_eq!(ws.article(), FAILING);
}

#[test]
fn images_are_generated_saved_and_inserted_with_alt_text() {
    let stub = Stub::start();
    let b64 = base64_encode(PNG);
    stub.script(vec![
        chat(REVISION_2),
        Reply::Json(
            200,
            json!({"created": 1, "data": [{"b64_json": b64, "revised_prompt": "A hero"}]}),
        ),
    ]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(
        &stub,
        &[
            "--images",
            "--image-url",
            &stub.v1(),
            "--image-model",
            "test-image",
            "--format",
            "json",
            "--trace",
            "trace.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let requests = stub.requests();
    assert_eq!(requests.len(), 2);
    let image = &requests[1];
    assert_eq!(image.path, "/v1/images/generations");
    assert_eq!(
        image.header("Authorization"),
        Some(format!("Bearer {FAKE_KEY}").as_str())
    );
    let body = image.json();
    assert_eq!(body["size"], "1792x1024", "the hero size");
    assert_eq!(body["model"], "test-image");
    assert_eq!(body["response_format"], "b64_json");
    assert!(
        body["prompt"]
            .as_str()
            .unwrap()
            .contains("rust error handling")
    );

    // Saved next to the article under the sanitised slug.
    assert_eq!(
        std::fs::read(ws.path("rust-error-handling-hero.png")).unwrap(),
        PNG
    );
    let article = ws.article();
    let re = regex::Regex::new(r"!\[([^\]]*)\]\(rust-error-handling-hero\.png\)").unwrap();
    let alt = &re.captures(&article).expect("a Markdown image")[1];
    assert!(!alt.trim().is_empty());
    assert!(
        alt.contains("rust error handling"),
        "the alt text has the keyword: {alt}"
    );
    assert!(
        article
            .contains("# Rust error handling in practice\n\n![Illustration of rust error handling")
    );

    let file = report(&out);
    assert_eq!(file["seo"]["images_total"], 1);
    assert_eq!(file["seo"]["images_optimized"], 1);
    let trace = ws.trace();
    let steps = trace.as_array().unwrap();
    assert_eq!(
        steps[2]["metadata"]["images_optimized"], 0,
        "the original had none"
    );
    let images = steps
        .iter()
        .find(|s| s["step"] == "generate_images")
        .expect("an image step");
    assert_eq!(images["metadata"]["image_sizes"], json!(["1792x1024"]));
    assert_eq!(images["metadata"]["image_titles"], json!(["Hero Image"]));
    assert_eq!(images["metadata"]["generated_count"], 1);
    assert_eq!(images["metadata"]["source"], "test-image");
}

#[test]
fn image_urls_elsewhere_get_no_key() {
    let api = Stub::start();
    let storage = Stub::start();
    storage.script(vec![Reply::Body(200, "image/png", PNG.to_vec())]);
    api.script(vec![
        chat(REVISION_2),
        Reply::Json(
            200,
            json!({"data": [{"url": format!("{}/files/hero.png?sig=abc", storage.base)}]}),
        ),
    ]);
    let ws = Workspace::with_config(
        FAILING,
        "[regenerate.image]\nresponse_format = \"url\"\nhero_size = \"1024x1024\"\n",
    );
    let out = ws.run(&api, &["--images", "--image-url", &api.v1()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        api.requests()[1].json()["size"],
        "1024x1024",
        "the configured size"
    );
    let download = &storage.requests()[0];
    assert_eq!(download.path, "/files/hero.png?sig=abc");
    assert_eq!(
        download.header("Authorization"),
        None,
        "the key stays with the API"
    );
    assert_eq!(
        std::fs::read(ws.path("rust-error-handling-hero.png")).unwrap(),
        PNG
    );
}

#[test]
fn an_image_failure_leaves_the_article_untouched() {
    let stub = Stub::start();
    stub.script(vec![
        chat(REVISION_2),
        Reply::Json(
            400,
            json!({"error": {"message": "Your request was rejected by the safety system"}}),
        ),
    ]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &["--images", "--image-url", &stub.v1()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("safety system"), "{}", stderr(&out));
    assert_eq!(ws.article(), FAILING);
    assert_eq!(ws.files(), ["contentlint.toml", "post.md"]);
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let stub = Stub::start();
    stub.script(vec![chat(REVISION_2)]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &["--dry-run", "--images"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        diff.starts_with("--- post.md\n+++ post.md (regenerated)\n@@"),
        "{diff}"
    );
    assert!(diff.contains("+REVISION-TWO-MARKER"));
    assert!(diff.contains("+## Conclusion"));
    assert!(
        diff.contains("+![Illustration of rust error handling"),
        "the planned image: {diff}"
    );
    assert_eq!(stub.requests().len(), 1, "no image request in a dry run");
    assert_eq!(ws.article(), FAILING);
    assert_eq!(ws.files(), ["contentlint.toml", "post.md"]);
}

#[test]
fn output_writes_elsewhere() {
    let stub = Stub::start();
    stub.script(vec![chat(REVISION_2)]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &["--output", "fixed.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(ws.article(), FAILING);
    assert!(
        std::fs::read_to_string(ws.path("fixed.md"))
            .unwrap()
            .contains("REVISION-TWO-MARKER")
    );
    assert_eq!(ws.files(), ["contentlint.toml", "fixed.md", "post.md"]);
}

#[cfg(unix)]
#[test]
fn command_backend_reads_stdin_and_writes_stdout() {
    let stub = Stub::start();
    let ws = Workspace::new(FAILING);
    std::fs::write(ws.path("answer.md"), REVISION_2).unwrap();
    // The program checks it got the prompt, then answers with a fixed article.
    let config = format!(
        "[regenerate.writer]\nbackend = \"command\"\ncommand = [\"sh\", \"-c\", \"grep -q 'structure/conclusion' && cat '{}'\"]\n",
        ws.path("answer.md").display()
    );
    let mut toml = std::fs::read_to_string(ws.path("contentlint.toml")).unwrap();
    toml.push_str(&config);
    std::fs::write(ws.path("contentlint.toml"), toml).unwrap();
    let out = ws.run(&stub, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stub.requests().is_empty(),
        "no HTTP with the command backend"
    );
    assert!(ws.article().contains("REVISION-TWO-MARKER"));
}

#[cfg(unix)]
#[test]
fn killing_the_process_between_revisions_never_truncates_the_article() {
    let stub = Stub::start();
    // Revision 1 is better but fails; the answer to the second request never comes in time.
    stub.script(vec![
        chat(REVISION_1),
        Reply::Delayed(Duration::from_secs(60), Box::new(chat(REVISION_2))),
    ]);
    let ws = Workspace::with_timeout(FAILING, 120, "");
    let mut child = ws
        .command(&stub, &["--trace", "trace.json"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    stub.wait_for(2, Duration::from_secs(60));
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    let text = ws.article();
    assert!(
        text == FAILING
            || text.contains("REVISION-ONE-MARKER") && text.ends_with("expected failures.\n"),
        "the article is the original or a complete revision: {text}"
    );
    let leftovers: Vec<String> = ws
        .files()
        .into_iter()
        .filter(|n| {
            !["contentlint.toml", "post.md", "post.md.orig", "trace.json"].contains(&n.as_str())
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    // The trace so far is complete JSON: written after every step, atomically.
    let trace = ws.trace();
    assert_eq!(
        trace.as_array().unwrap().last().unwrap()["step"],
        "audit_seo"
    );
}

#[test]
fn usage_errors_come_before_any_request() {
    let stub = Stub::start();
    let ws = Workspace::new(FAILING);
    std::fs::write(ws.path("other.md"), FAILING).unwrap();
    let out = ws.run(&stub, &["other.md", "--output", "x.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--output takes exactly one FILE"),
        "{}",
        stderr(&out)
    );
    let out = ws.run(&stub, &["--trace", "no/such/dir/trace.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot write the trace"),
        "{}",
        stderr(&out)
    );
    let out = ws.run(&stub, &["--max-revisions", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--max-revisions must be at least 1"),
        "{}",
        stderr(&out)
    );
    assert!(stub.requests().is_empty());
    assert_eq!(ws.article(), FAILING);
}

/// Standard base64, for the stub's answers.
fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn the_schema_checker_rejects_bad_traces() {
    let schema: Value = serde_json::from_str(include_str!("../schemas/trace.schema.json")).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let good = json!([{
        "step": "generate_images", "agent": "Image-Generator", "path": "a.md",
        "time": "2026-02-18T19:05:57.791Z", "outcome": "Generated 1 images",
        "metadata": {"generated_count": 1, "image_titles": ["Hero Image"], "image_sizes": ["1792x1024"]}
    }]);
    assert!(support::schema::check(&schema, &good).is_empty());
    let mut bad = good.clone();
    bad[0]["metadata"]["image_sizes"] = json!(["huge"]);
    assert!(!support::schema::check(&schema, &bad).is_empty());
    let mut bad = good.clone();
    bad[0]["time"] = json!("2026-02-18 19:05");
    assert!(!support::schema::check(&schema, &bad).is_empty());
    let mut bad = good.clone();
    bad[0]["step"] = json!("validate");
    assert!(
        !support::schema::check(&schema, &bad).is_empty(),
        "a validate step needs the rubric"
    );
    let mut bad = good;
    bad[0].as_object_mut().unwrap().remove("outcome");
    assert!(!support::schema::check(&schema, &bad).is_empty());
}

// ---- Hardening (issue 12): one regression test per audited item. ----

/// `contentlint regenerate ARGS...` in the workspace with the stub writer, without the
/// default `post.md` argument.
fn run_args(ws: &Workspace, stub: &Stub, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_contentlint"));
    c.current_dir(ws.dir.path())
        .env("OPENAI_API_KEY", FAKE_KEY)
        .env("NO_COLOR", "1")
        .args(["regenerate", "--select", SELECT])
        .args(["--writer-url", &stub.v1(), "--writer-model", "test-writer"])
        .args(args);
    for var in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        c.env_remove(var);
    }
    let out = c.output().unwrap();
    ws.assert_no_key(&out);
    out
}

/// Append `extra` to the workspace's contentlint.toml.
fn add_config(ws: &Workspace, extra: &str) {
    let mut toml = std::fs::read_to_string(ws.path("contentlint.toml")).unwrap();
    toml.push_str(extra);
    std::fs::write(ws.path("contentlint.toml"), toml).unwrap();
}

/// A command writer: `sh -c SCRIPT`.
fn command_writer(ws: &Workspace, script: &str) {
    let script = script.replace('\\', "\\\\").replace('"', "\\\"");
    add_config(
        ws,
        &format!(
            "[regenerate.writer]\nbackend = \"command\"\ncommand = [\"sh\", \"-c\", \"{script}\"]\n"
        ),
    );
}

#[test]
fn item1_trace_path_equal_to_article_is_refused_and_article_intact() {
    let stub = Stub::start();
    stub.script(vec![chat(REVISION_2)]);
    let ws = Workspace::new(FAILING);
    for trace in ["post.md", "./post.md"] {
        let out = ws.run(&stub, &["--trace", trace]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("--trace {trace} is the article being regenerated"))
                && err.contains("nothing was written"),
            "{err}"
        );
        assert_eq!(ws.article(), FAILING, "the article is intact");
        assert_eq!(ws.files(), ["contentlint.toml", "post.md"]);
    }
    assert!(stub.requests().is_empty(), "refused before any request");
}

#[test]
fn item2_double_regenerate_keeps_the_first_original() {
    let stub = Stub::start();
    // Run 1: revision 1 is better but still fails, so it is written and the article still
    // fails. Run 2 regenerates that and passes.
    stub.script(vec![chat(REVISION_1), chat(REVISION_2)]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &["--max-revisions", "1"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let after_first = ws.article();
    assert!(after_first.contains("REVISION-ONE-MARKER"));
    let out = ws.run(&stub, &["--max-revisions", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(ws.article().contains("REVISION-TWO-MARKER"));
    assert_eq!(
        std::fs::read_to_string(ws.path("post.md.orig")).unwrap(),
        FAILING,
        "the first original is never overwritten"
    );
    assert_eq!(
        std::fs::read_to_string(ws.path("post.md.orig.1")).unwrap(),
        after_first
    );
    assert!(
        stderr(&out).contains("backup post.md.orig.1"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn item2_the_same_file_named_twice_is_regenerated_once() {
    let stub = Stub::start();
    stub.script(vec![chat(REVISION_2), chat(REVISION_2)]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &["./post.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stub.requests().len(), 1, "one file, one revision");
    assert!(
        stderr(&out).contains("regenerated once"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(ws.path("post.md.orig")).unwrap(),
        FAILING
    );
    assert_eq!(ws.files(), ["contentlint.toml", "post.md", "post.md.orig"]);
}

#[test]
fn item3_output_equal_to_the_input_is_refused() {
    let stub = Stub::start();
    stub.script(vec![chat(REVISION_2)]);
    let ws = Workspace::new(FAILING);
    #[cfg(unix)]
    std::os::unix::fs::symlink("post.md", ws.path("alias.md")).unwrap();
    #[cfg(unix)]
    let outputs = ["post.md", "./post.md", "alias.md"];
    #[cfg(not(unix))]
    let outputs = ["post.md", "./post.md"];
    for output in outputs {
        let out = ws.run(&stub, &["--output", output]);
        assert_eq!(out.status.code(), Some(2), "{output}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("refusing to write over it"),
            "{}",
            stderr(&out)
        );
        assert_eq!(ws.article(), FAILING);
    }
    let out = ws.run(&stub, &["--output", "x.md", "--trace", "./x.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("are the same file"),
        "{}",
        stderr(&out)
    );
    let out = ws.run(&stub, &["--output", "no/such/dir/x.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the directory no/such/dir does not exist; nothing was written"),
        "{}",
        stderr(&out)
    );
    assert!(stub.requests().is_empty());
}

#[cfg(unix)]
#[test]
fn item4_device_nodes_and_fifos_are_never_replaced() {
    let stub = Stub::start();
    stub.script(vec![chat(REVISION_2)]);
    let ws = Workspace::new(FAILING);
    let fifo = ws.path("pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for (flag, target) in [
        ("--output", "pipe.md"),
        ("--trace", "pipe.md"),
        ("--output", "/dev/null"),
        ("--trace", "/dev/null"),
    ] {
        let out = ws.run(&stub, &[flag, target]);
        assert_eq!(out.status.code(), Some(2), "{flag} {target}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!("{target} is not a regular file")),
            "{flag} {target}: {err}"
        );
    }
    // The article itself a FIFO: an error naming it, and no hang on reading it.
    let out = run_args(&ws, &stub, &["pipe.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("pipe.md is not a regular file (a FIFO)"),
        "{}",
        stderr(&out)
    );
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(
        std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()),
        "still a FIFO"
    );
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &std::fs::metadata("/dev/null").unwrap().file_type()
    ));
    assert!(stub.requests().is_empty());
    assert_eq!(ws.article(), FAILING);
}

#[cfg(unix)]
#[test]
fn item4_a_symlinked_article_updates_its_target_and_stays_a_link() {
    let stub = Stub::start();
    stub.script(vec![chat(REVISION_2)]);
    let ws = Workspace::new(PASSING);
    std::fs::create_dir(ws.path("real")).unwrap();
    std::fs::write(ws.path("real/target.md"), FAILING).unwrap();
    std::os::unix::fs::symlink("real/target.md", ws.path("link.md")).unwrap();
    let out = run_args(&ws, &stub, &["link.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let link = std::fs::symlink_metadata(ws.path("link.md")).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let target = std::fs::read_to_string(ws.path("real/target.md")).unwrap();
    assert!(
        target.contains("REVISION-TWO-MARKER"),
        "the target is updated"
    );
    assert_eq!(
        std::fs::read_to_string(ws.path("link.md.orig")).unwrap(),
        FAILING
    );
}

#[test]
fn item4_bom_and_crlf_are_preserved() {
    let stub = Stub::start();
    stub.script(vec![chat(REVISION_2)]);
    let original = format!("\u{feff}{}", FAILING.replace('\n', "\r\n"));
    let ws = Workspace::new(&original);
    let out = ws.run(&stub, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bytes = std::fs::read(ws.path("post.md")).unwrap();
    assert!(
        bytes.starts_with(b"\xef\xbb\xbf---\r\n"),
        "BOM kept: {:?}",
        &bytes[..20]
    );
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("REVISION-TWO-MARKER"));
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "every line ends in CRLF"
    );
    assert_eq!(
        std::fs::read(ws.path("post.md.orig")).unwrap(),
        original.as_bytes(),
        "the backup is byte for byte"
    );
}

#[test]
fn item4_a_stale_temp_file_is_cleaned_at_start_up() {
    let stub = Stub::start();
    let ws = Workspace::new(PASSING);
    // What a run killed (-9) while writing leaves: no process has this id (above pid_max).
    let stale = ws.path(".post.md.contentlint-tmp-2147483632");
    std::fs::write(&stale, "half a file").unwrap();
    let out = ws.run(&stub, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stale.exists(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("left by an interrupted run"),
        "{}",
        stderr(&out)
    );
    assert_eq!(ws.files(), ["contentlint.toml", "post.md"]);
}

#[cfg(unix)]
#[test]
fn item7_command_output_over_the_cap_is_an_error() {
    let stub = Stub::start();
    let ws = Workspace::new(FAILING);
    add_config(&ws, "[regenerate]\nmax_output_bytes = 100000\n");
    command_writer(&ws, "cat >/dev/null; yes 'more text'");
    let started = Instant::now();
    let out = ws.run(&stub, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    assert!(
        stderr(&out).contains("printed more than 100000 bytes ([regenerate] max_output_bytes)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(ws.article(), FAILING);
}

#[cfg(unix)]
#[test]
fn item7_a_backgrounded_child_holding_stdout_is_killed_at_the_timeout() {
    let stub = Stub::start();
    let ws = Workspace::with_timeout(FAILING, 1, "");
    // The program exits at once, but its background child keeps stdout open for a minute.
    command_writer(&ws, "cat >/dev/null; sleep 60 & echo partial");
    let started = Instant::now();
    let out = ws.run(&stub, &[]);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(took < Duration::from_secs(10), "hung: {took:?}");
    assert!(
        stderr(&out).contains("no answer within 1 s"),
        "{}",
        stderr(&out)
    );
    assert_eq!(ws.article(), FAILING);
}

#[test]
fn item7_a_307_redirect_is_a_clear_error() {
    let stub = Stub::start();
    let moved = format!("{}/v2/chat/completions", stub.base);
    stub.script(vec![Reply::Header(
        Box::new(Reply::Json(307, json!({}))),
        "Location",
        moved.clone(),
    )]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("answered 307: the server redirected to {moved}"))
            && err.contains(&format!("set url = \"{}/v2\"", stub.base)),
        "{err}"
    );
    assert_eq!(stub.requests().len(), 1, "not followed");
    assert_eq!(ws.article(), FAILING);
}

/// The first 12 characters of the key: what a cut in the middle used to show.
const KEY_HEAD: &str = "sk-test-DO-N";

fn assert_no_key_head(ws: &Workspace, out: &Output) {
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(KEY_HEAD),
            "part of the key in {name}: {text}"
        );
    }
    for entry in walk(ws.dir.path()) {
        let text = String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned();
        assert!(
            !text.contains(KEY_HEAD),
            "part of the key in {}",
            entry.display()
        );
    }
}

#[test]
fn item9_a_key_cut_at_the_truncation_point_is_redacted() {
    let stub = Stub::start();
    // The server's message puts the key across the 300-character quote limit.
    let message = format!("{} {FAKE_KEY} tail", "x".repeat(286));
    stub.script(vec![Reply::Json(
        400,
        json!({"error": {"message": message}}),
    )]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &["--format", "json", "--trace", "trace.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("[redacted]"), "{}", stderr(&out));
    assert_no_key_head(&ws, &out);
}

#[cfg(unix)]
#[test]
fn item9_the_key_in_command_stderr_is_redacted() {
    let stub = Stub::start();
    let ws = Workspace::new(FAILING);
    // The key, then enough text that the quoted 600-character tail starts inside it.
    command_writer(
        &ws,
        "cat >/dev/null; printf 'auth failed: %s' \"$OPENAI_API_KEY\" >&2; head -c 590 /dev/zero | tr '\\0' y >&2; exit 1",
    );
    let out = ws.run(&stub, &["--trace", "trace.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("yyyy"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("LEAK-1234"), "{}", stderr(&out));
    assert_no_key_head(&ws, &out);
}

#[test]
fn item9_a_revision_containing_the_key_is_rejected() {
    let stub = Stub::start();
    stub.script(vec![chat(&format!(
        "{REVISION_2}\nYour key is {FAKE_KEY}.\n"
    ))]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &["--max-revisions", "1", "--trace", "trace.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("revision 1: rejected, not used (the answer contains the API key)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(ws.article(), FAILING, "not written");
}

#[test]
fn item12_an_answer_that_only_closes_think_is_written_without_the_reasoning() {
    let stub = Stub::start();
    let answer = format!(
        "The article lacks a conclusion. I will write:\n---\ntitle: Draft\n---\n</think>\n\n{REVISION_2}"
    );
    stub.script(vec![chat(&answer)]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = ws.article();
    assert!(written.contains("REVISION-TWO-MARKER"));
    assert!(!written.contains("lacks a conclusion"), "{written}");
    assert!(!written.contains("</think>"));
    assert!(
        !written.contains("title: Draft"),
        "no second front matter: {written}"
    );
    assert_eq!(written.matches("\n---\n").count(), 1, "{written}");
}

#[test]
fn item12_an_answer_that_is_only_reasoning_is_rejected() {
    let stub = Stub::start();
    stub.script(vec![chat("I could add a conclusion here.\n</think>\n")]);
    let ws = Workspace::new(FAILING);
    let out = ws.run(&stub, &["--max-revisions", "1"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("rejected, not used (the answer has no article"),
        "{}",
        stderr(&out)
    );
    assert_eq!(ws.article(), FAILING);
}

#[test]
fn an_article_edited_while_the_backend_works_is_not_overwritten() {
    let stub = Stub::start();
    stub.script(vec![support::stub::Reply::Delayed(
        Duration::from_millis(1500),
        Box::new(chat(REVISION_2)),
    )]);
    let ws = Workspace::new(FAILING);
    let child = ws
        .command(&stub, &[])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The request is in flight: the user saves an edit in their editor.
    stub.wait_for(1, Duration::from_secs(20));
    let edited = format!("{FAILING}\nA paragraph the user added meanwhile.\n");
    std::fs::write(ws.path("post.md"), &edited).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("changed while the revision was being written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(ws.article(), edited, "the user's edit is kept");
    assert!(!ws.path("post.md.orig").exists());
}
