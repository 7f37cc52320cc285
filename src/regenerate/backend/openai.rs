//! An OpenAI-compatible HTTP API: `POST {url}/chat/completions` for the writer and
//! `POST {url}/images/generations` for images (answers in `b64_json` or as a `url`). This is
//! what OpenAI, Ollama (`http://localhost:11434/v1`), vLLM and llama.cpp's server speak.
//!
//! The key goes only into the `Authorization: Bearer` header of requests to the configured
//! base URL, never to an image URL elsewhere, and every error message is redacted.

use super::super::redact::{Redactor, truncate};
use super::retry;
use super::{
    BackendError, BackendInfo, ChatPrompt, Draft, ErrorKind, GeneratedImage, HttpSettings,
    ImageBackend, Secret, Usage, Writer, image_extension,
};
use crate::config::{ImageConfig, WriterConfig};
use base64::Engine;
use serde_json::{Value, json};

/// Largest answer read: a 1792x1024 PNG in base64 is about 4 MB.
const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;
/// How much of an unexpected answer is quoted in an error.
const QUOTE_CHARS: usize = 300;

pub struct OpenAi {
    agent: ureq::Agent,
    base: String,
    model: String,
    key: Option<Secret>,
    key_env: String,
    /// Redacts the key (and any other of the run) before a message is cut or shown.
    redactor: Redactor,
    http: HttpSettings,
    /// "writer" or "image", for messages.
    role: &'static str,
    temperature: Option<f64>,
    max_tokens: Option<u32>,
    response_format: String,
}

impl OpenAi {
    fn new(
        role: &'static str,
        url: &str,
        model: &str,
        key_env: &str,
        http: &HttpSettings,
        redactor: &Redactor,
    ) -> Result<OpenAi, BackendError> {
        let base = url.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(BackendError::new(
                ErrorKind::Config,
                format!(
                    "{role} URL {base:?} is not an http:// or https:// URL (e.g. http://localhost:11434/v1)"
                ),
                None,
            ));
        }
        if model.trim().is_empty() {
            return Err(BackendError::new(
                ErrorKind::Config,
                format!(
                    "no {role} model: set --{role}-model or [regenerate.{}] model",
                    section(role)
                ),
                None,
            ));
        }
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(http.connect_timeout))
            .timeout_global(Some(http.timeout))
            .http_status_as_error(false)
            // A redirect is reported, never followed: a POST would be replayed without its
            // body or bearer header and fail with a misleading 401/405 (see `redirect_error`).
            .max_redirects(0)
            .user_agent(concat!("contentlint/", env!("CARGO_PKG_VERSION")))
            .build();
        let key = Secret::from_env(key_env);
        if let Some(k) = &key {
            redactor.add(k.expose());
        }
        Ok(OpenAi {
            agent: ureq::Agent::new_with_config(config),
            base,
            model: model.trim().to_string(),
            key,
            key_env: key_env.to_string(),
            redactor: redactor.clone(),
            http: http.clone(),
            role,
            temperature: None,
            max_tokens: None,
            response_format: String::new(),
        })
    }

    pub fn writer(
        c: &WriterConfig,
        http: &HttpSettings,
        redactor: &Redactor,
    ) -> Result<OpenAi, BackendError> {
        let mut o = OpenAi::new("writer", &c.url, &c.model, &c.api_key_env, http, redactor)?;
        o.temperature = c.temperature;
        o.max_tokens = c.max_tokens;
        Ok(o)
    }

    pub fn images(
        c: &ImageConfig,
        http: &HttpSettings,
        redactor: &Redactor,
    ) -> Result<OpenAi, BackendError> {
        let mut o = OpenAi::new("image", &c.url, &c.model, &c.api_key_env, http, redactor)?;
        o.response_format = c.response_format.trim().to_string();
        Ok(o)
    }

    fn err(&self, kind: ErrorKind, message: String) -> BackendError {
        BackendError::new(
            kind,
            self.redactor
                .redact(&format!("{} backend: {message}", self.role)),
            self.key.as_ref(),
        )
    }

    /// `text` on one line, redacted, then cut to [`QUOTE_CHARS`].
    fn quote(&self, text: &str) -> String {
        quote(&self.redactor, text)
    }

    fn info_of(&self) -> BackendInfo {
        BackendInfo {
            backend: "openai",
            model: self.model.clone(),
            endpoint: self.base.clone(),
        }
    }

    /// POST JSON to `{base}/{path}`, retrying 429 and 5xx. Returns the answer and the number
    /// of requests made.
    fn post_json(&self, path: &str, body: &Value) -> Result<(Value, u32), BackendError> {
        let url = format!("{}/{path}", self.base);
        let payload = serde_json::to_vec(body).expect("JSON values serialise");
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
            if let Some(key) = &self.key {
                request = request.header("Authorization", format!("Bearer {}", key.expose()));
            }
            let mut response = request
                .send(&payload[..])
                .map_err(|e| self.transport_error(&url, e))?;
            let status = response.status().as_u16();
            if (300..400).contains(&status) {
                return Err(self.redirect_error("POST", &url, status, &response));
            }
            if retry::is_retryable(status) && attempt <= self.http.retries {
                let asked = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| retry::parse_retry_after(v, jiff::Timestamp::now()));
                match retry::wait_before(
                    attempt,
                    asked,
                    self.http.backoff,
                    self.http.max_retry_wait,
                ) {
                    Ok(wait) => {
                        std::thread::sleep(wait);
                        continue;
                    }
                    Err(asked) => {
                        return Err(self.err(
                            ErrorKind::Status,
                            format!(
                                "POST {url} answered {status} and asked to retry after {} s, more than [regenerate.http] max_retry_wait_secs ({} s)",
                                asked.as_secs(),
                                self.http.max_retry_wait.as_secs_f64()
                            ),
                        ));
                    }
                }
            }
            let text = response
                .body_mut()
                .with_config()
                .limit(MAX_RESPONSE_BYTES)
                .lossy_utf8(true)
                .read_to_string()
                .map_err(|e| self.transport_error(&url, e))?;
            if !(200..300).contains(&status) {
                return Err(self.status_error(&url, status, &text, attempt));
            }
            let value: Value = serde_json::from_str(&text).map_err(|e| {
                self.err(
                    ErrorKind::InvalidResponse,
                    format!(
                        "POST {url} answered {status} with invalid JSON ({e}): {}",
                        self.quote(&text)
                    ),
                )
            })?;
            if let Some(message) = value
                .get("error")
                .and_then(|e| error_message(&self.redactor, e))
            {
                return Err(self.err(
                    ErrorKind::InvalidResponse,
                    format!("POST {url} answered {status} with an error: {message}"),
                ));
            }
            return Ok((value, attempt));
        }
    }

    fn transport_error(&self, url: &str, e: ureq::Error) -> BackendError {
        let timed_out = |secs: f64| {
            self.err(
                ErrorKind::Timeout,
                format!(
                    "no complete answer from {url} within {secs} s ([regenerate.http] timeout_secs)"
                ),
            )
        };
        match e {
            ureq::Error::Timeout(ureq::Timeout::Connect) => self.err(
                ErrorKind::Timeout,
                format!(
                    "cannot connect to {url} within {} s ([regenerate.http] connect_timeout_secs)",
                    self.http.connect_timeout.as_secs_f64()
                ),
            ),
            ureq::Error::Timeout(_) => timed_out(self.http.timeout.as_secs_f64()),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                timed_out(self.http.timeout.as_secs_f64())
            }
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => self.err(
                ErrorKind::Connect,
                format!("cannot connect to {url}: connection refused (is the server running?)"),
            ),
            ureq::Error::HostNotFound => self.err(
                ErrorKind::Connect,
                format!("cannot connect to {url}: host not found"),
            ),
            ureq::Error::BadUri(u) => self.err(ErrorKind::Config, format!("bad URL {u}")),
            other => self.err(
                ErrorKind::Connect,
                format!("request to {url} failed: {other}"),
            ),
        }
    }

    /// A 3xx answer to a POST: not followed (the request would be replayed without its body
    /// or its key), but said plainly, with where the server points.
    fn redirect_error(
        &self,
        method: &str,
        url: &str,
        status: u16,
        response: &ureq::http::Response<ureq::Body>,
    ) -> BackendError {
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let section = section(self.role);
        let what = match location {
            Some(to) => {
                // The base URL the server points at: Location without the API path.
                let path = url.strip_prefix(&self.base).unwrap_or("");
                let base = to.strip_suffix(path).unwrap_or(&to);
                format!(
                    "the server redirected to {to}; contentlint does not follow redirects for API calls: set url = \"{base}\" in [regenerate.{section}] (or --{}-url)",
                    self.role
                )
            }
            None => "a redirect without a Location header".to_string(),
        };
        self.err(
            ErrorKind::Status,
            format!("{method} {url} answered {status}: {what}"),
        )
    }

    fn status_error(&self, url: &str, status: u16, body: &str, attempts: u32) -> BackendError {
        let server = serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|v| {
                v.get("error")
                    .and_then(|e| error_message(&self.redactor, e))
            })
            .unwrap_or_else(|| self.quote(body));
        let said = if server.is_empty() {
            String::new()
        } else {
            format!(" (server: {server})")
        };
        match status {
            401 | 403 => {
                let hint = match &self.key {
                    None => format!(
                        "no API key was sent: ${} is not set (or set api_key_env in [regenerate.{}])",
                        self.key_env,
                        section(self.role)
                    ),
                    Some(_) => format!(
                        "the API key in ${} was refused; check it, and that it may use model `{}`",
                        self.key_env, self.model
                    ),
                };
                self.err(
                    ErrorKind::Auth,
                    format!("POST {url} answered {status} {}: {hint}{said}", reason(status)),
                )
            }
            404 => self.err(
                ErrorKind::NotFound,
                format!(
                    "POST {url} answered 404 Not Found: check the URL (an OpenAI-compatible base usually ends in /v1, e.g. http://localhost:11434/v1) and the model `{}`{said}",
                    self.model
                ),
            ),
            _ => {
                let tries = if attempts > 1 {
                    format!(" after {attempts} attempts")
                } else {
                    String::new()
                };
                self.err(
                    ErrorKind::Status,
                    format!("POST {url} answered {status} {}{tries}{said}", reason(status)),
                )
            }
        }
    }

    /// Fetch an image the API answered with a URL. The key is sent only when the URL is on
    /// the configured server: signed storage URLs elsewhere must not see it.
    fn download(&self, url: &str) -> Result<Vec<u8>, BackendError> {
        if let Some(data) = url.strip_prefix("data:") {
            let (_, b64) = data.split_once(";base64,").ok_or_else(|| {
                self.err(
                    ErrorKind::InvalidResponse,
                    "a data: URL that is not base64".into(),
                )
            })?;
            return self.decode_b64(b64);
        }
        // Storage URLs do redirect (a signed URL to a CDN); ureq sends no Authorization
        // header across a redirect.
        let mut request = self.agent.get(url).config().max_redirects(10).build();
        if let Some(key) = &self.key
            && same_origin(url, &self.base)
        {
            request = request.header("Authorization", format!("Bearer {}", key.expose()));
        }
        let mut response = request.call().map_err(|e| self.transport_error(url, e))?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(self.err(
                ErrorKind::Status,
                format!(
                    "GET {url} (the generated image) answered {status} {}",
                    reason(status)
                ),
            ));
        }
        response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_vec()
            .map_err(|e| self.transport_error(url, e))
    }

    fn decode_b64(&self, b64: &str) -> Result<Vec<u8>, BackendError> {
        let cleaned: String = b64.chars().filter(|c| !c.is_whitespace()).collect();
        base64::engine::general_purpose::STANDARD
            .decode(cleaned.as_bytes())
            .map_err(|e| {
                self.err(
                    ErrorKind::InvalidResponse,
                    format!("b64_json is not base64: {e}"),
                )
            })
    }
}

impl Writer for OpenAi {
    fn info(&self) -> BackendInfo {
        self.info_of()
    }

    fn write(&self, prompt: &ChatPrompt) -> Result<Draft, BackendError> {
        let mut body = json!({
            "model": self.model,
            "messages": [
                {"role": "system", "content": prompt.system},
                {"role": "user", "content": prompt.user},
            ],
            "stream": false,
        });
        if let Some(t) = self.temperature {
            body["temperature"] = json!(t);
        }
        if let Some(m) = self.max_tokens {
            body["max_tokens"] = json!(m);
        }
        let (value, attempts) = self.post_json("chat/completions", &body)?;
        let choice = value.get("choices").and_then(|c| c.get(0));
        let finish_reason = choice
            .and_then(|c| c.get("finish_reason"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let content = choice
            .and_then(|c| c.get("message"))
            .and_then(|m| m.get("content"))
            .ok_or_else(|| {
                self.err(
                    ErrorKind::InvalidResponse,
                    format!(
                        "the answer has no choices[0].message.content; is {}/chat/completions an OpenAI-compatible endpoint? Answer: {}",
                        self.base,
                        self.quote(&value.to_string())
                    ),
                )
            })?;
        let text = content_text(content);
        if text.trim().is_empty() {
            let why = finish_reason
                .as_deref()
                .map(|r| format!(" (finish_reason: {r})"))
                .unwrap_or_default();
            return Err(self.err(
                ErrorKind::Empty,
                format!("model `{}` returned empty content{why}", self.model),
            ));
        }
        Ok(Draft {
            text,
            usage: value.get("usage").map(usage),
            finish_reason,
            attempts,
        })
    }
}

impl ImageBackend for OpenAi {
    fn info(&self) -> BackendInfo {
        self.info_of()
    }

    fn generate(&self, prompt: &str, size: &str) -> Result<GeneratedImage, BackendError> {
        let mut body = json!({"model": self.model, "prompt": prompt, "size": size, "n": 1});
        if !self.response_format.is_empty() {
            body["response_format"] = json!(self.response_format);
        }
        let (value, attempts) = self.post_json("images/generations", &body)?;
        let item = value.get("data").and_then(|d| d.get(0)).ok_or_else(|| {
            self.err(
                ErrorKind::InvalidResponse,
                format!(
                    "the answer has no data[0]: {}",
                    self.quote(&value.to_string())
                ),
            )
        })?;
        let bytes = if let Some(b64) = item.get("b64_json").and_then(Value::as_str) {
            self.decode_b64(b64)?
        } else if let Some(url) = item.get("url").and_then(Value::as_str) {
            self.download(url)?
        } else {
            return Err(self.err(
                ErrorKind::InvalidResponse,
                "data[0] has neither b64_json nor url".into(),
            ));
        };
        if bytes.is_empty() {
            return Err(self.err(ErrorKind::Empty, "the image is empty".into()));
        }
        if image_extension(&bytes).is_none() {
            return Err(self.err(
                ErrorKind::InvalidResponse,
                format!(
                    "the image data is not a PNG, JPEG, WebP or GIF image ({} bytes)",
                    bytes.len()
                ),
            ));
        }
        Ok(GeneratedImage {
            bytes,
            revised_prompt: item
                .get("revised_prompt")
                .and_then(Value::as_str)
                .map(str::to_string),
            attempts,
        })
    }
}

/// `message.content` as text: a string, or (some servers) a list of `{type: text, text}` parts.
fn content_text(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str).or_else(|| p.as_str()))
            .collect::<Vec<_>>()
            .join(""),
        _ => String::new(),
    }
}

fn usage(v: &Value) -> Usage {
    let n = |k: &str| v.get(k).and_then(Value::as_u64);
    Usage {
        prompt_tokens: n("prompt_tokens").or_else(|| n("input_tokens")),
        completion_tokens: n("completion_tokens").or_else(|| n("output_tokens")),
        total_tokens: n("total_tokens"),
    }
}

/// The message of an `error` field: `{"message": ...}` (OpenAI) or a string (Ollama).
fn error_message(r: &Redactor, e: &Value) -> Option<String> {
    match e {
        Value::String(s) => Some(quote(r, s)),
        Value::Object(o) => o
            .get("message")
            .and_then(Value::as_str)
            .map(|m| quote(r, m))
            .or_else(|| Some(quote(r, &e.to_string()))),
        Value::Null => None,
        other => Some(quote(r, &other.to_string())),
    }
}

/// The start of a text, on one line, for error messages.
/// `text` on one line, redacted BEFORE it is cut (a cut must never fall inside a key).
fn quote(r: &Redactor, text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate(&r.redact(&one_line), QUOTE_CHARS)
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        413 => "Payload Too Large",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

fn section(role: &str) -> &'static str {
    if role == "image" { "image" } else { "writer" }
}

/// Scheme, host and port of `url` equal those of `base`.
fn same_origin(url: &str, base: &str) -> bool {
    fn origin(u: &str) -> Option<&str> {
        let (scheme, rest) = u.split_once("://")?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        Some(&u[..scheme.len() + 3 + end])
    }
    match (origin(url), origin(base)) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_text_accepts_parts() {
        assert_eq!(content_text(&json!("hi")), "hi");
        assert_eq!(
            content_text(&json!([{"type": "text", "text": "a"}, {"type": "text", "text": "b"}])),
            "ab"
        );
        assert_eq!(content_text(&Value::Null), "");
    }

    #[test]
    fn origins() {
        assert!(same_origin(
            "http://127.0.0.1:9/img/1.png",
            "http://127.0.0.1:9/v1"
        ));
        assert!(!same_origin(
            "https://blob.example.net/x.png",
            "https://api.openai.com/v1"
        ));
        assert!(!same_origin(
            "http://127.0.0.1:10/x",
            "http://127.0.0.1:9/v1"
        ));
        assert!(!same_origin("not a url", "http://127.0.0.1:9/v1"));
    }

    #[test]
    fn error_messages_are_short_one_liners() {
        assert_eq!(
            error_message(
                &Redactor::new(),
                &json!({"message": "bad\nkey", "type": "x"})
            )
            .as_deref(),
            Some("bad key")
        );
        assert_eq!(
            error_message(&Redactor::new(), &json!("model not found")).as_deref(),
            Some("model not found")
        );
        let long = "x".repeat(1000);
        assert!(quote(&Redactor::new(), &long).chars().count() <= QUOTE_CHARS + 1);
    }

    #[test]
    fn config_errors() {
        let http = HttpSettings::from_config(&crate::config::Config::default().regenerate.http);
        let mut c = crate::config::Config::default().regenerate.writer;
        c.url = "localhost:11434".into();
        assert_eq!(
            OpenAi::writer(&c, &http, &Redactor::new())
                .err()
                .unwrap()
                .kind,
            ErrorKind::Config
        );
        c.url = "http://localhost:11434/v1/".into();
        c.model = " ".into();
        assert_eq!(
            OpenAi::writer(&c, &http, &Redactor::new())
                .err()
                .unwrap()
                .kind,
            ErrorKind::Config
        );
        c.model = "llama3.1".into();
        let o = OpenAi::writer(&c, &http, &Redactor::new()).unwrap();
        assert_eq!(o.base, "http://localhost:11434/v1");
    }
}
