//! Writer and image backends: an OpenAI-compatible HTTP API ([`openai`]) or a local program
//! ([`command`]). Both are blocking; a failure is a [`BackendError`] whose message never holds
//! the API key.

pub mod command;
pub mod openai;
pub mod retry;

use super::redact::Redactor;

use crate::config::{BackendKind, HttpConfig, ImageConfig, WriterConfig};
use serde::Serialize;
use std::fmt;
use std::time::Duration;

/// A chat prompt for the writer.
#[derive(Debug, Clone)]
pub struct ChatPrompt {
    pub system: String,
    pub user: String,
}

/// Token counts, when the backend reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Usage {
    pub prompt_tokens: Option<u64>,
    pub completion_tokens: Option<u64>,
    pub total_tokens: Option<u64>,
}

/// The writer's answer, as returned (cleaning is [`super::response`]'s job).
#[derive(Debug, Clone)]
pub struct Draft {
    pub text: String,
    pub usage: Option<Usage>,
    pub finish_reason: Option<String>,
    /// Requests it took (1 + retries).
    pub attempts: u32,
}

/// A generated image.
#[derive(Debug, Clone)]
pub struct GeneratedImage {
    pub bytes: Vec<u8>,
    /// The prompt as the backend rewrote it (dall-e-3 does).
    pub revised_prompt: Option<String>,
    pub attempts: u32,
}

/// What a backend is, for messages and traces (never the key).
#[derive(Debug, Clone, Serialize)]
pub struct BackendInfo {
    pub backend: &'static str,
    pub model: String,
    /// The base URL, or the program.
    pub endpoint: String,
}

pub trait Writer {
    fn info(&self) -> BackendInfo;
    fn write(&self, prompt: &ChatPrompt) -> Result<Draft, BackendError>;
}

pub trait ImageBackend {
    fn info(&self) -> BackendInfo;
    fn generate(&self, prompt: &str, size: &str) -> Result<GeneratedImage, BackendError>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The backend is misconfigured (no command, bad URL).
    Config,
    /// Could not connect or the connection broke.
    Connect,
    Timeout,
    /// 401 or 403.
    Auth,
    /// 404.
    NotFound,
    /// Another HTTP status, after any retries.
    Status,
    /// The answer is not what the API promises (not JSON, no content, not an image).
    InvalidResponse,
    /// The answer is empty.
    Empty,
    /// The command failed.
    Command,
}

/// A backend failure. Built only through [`BackendError::new`], which takes the key out.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct BackendError {
    pub kind: ErrorKind,
    pub message: String,
}

impl BackendError {
    pub fn new(kind: ErrorKind, message: impl Into<String>, key: Option<&Secret>) -> BackendError {
        let message = message.into();
        let message = match key {
            Some(k) => k.redact(&message),
            None => message,
        };
        BackendError { kind, message }
    }
}

/// An API key. It can only be read through [`Secret::expose`] (for the bearer header); its
/// `Debug` prints nothing of it.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// The key in environment variable `var`, if set and not blank.
    pub fn from_env(var: &str) -> Option<Secret> {
        std::env::var(var)
            .ok()
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .map(Secret)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with the key redacted (a server may echo it back), by the one redaction
    /// function, [`Redactor::redact`].
    pub fn redact(&self, text: &str) -> String {
        let r = Redactor::new();
        r.add(&self.0);
        r.redact(text)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// Timeouts and retries, from `[regenerate.http]`.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub retries: u32,
    pub backoff: Duration,
    pub max_retry_wait: Duration,
    /// Most bytes a command backend may print (`[regenerate] max_output_bytes`).
    pub max_output_bytes: u64,
}

impl HttpSettings {
    pub fn from_config(c: &HttpConfig) -> HttpSettings {
        HttpSettings {
            connect_timeout: Duration::from_secs_f64(c.connect_timeout_secs),
            timeout: Duration::from_secs_f64(c.timeout_secs),
            retries: c.retries,
            backoff: Duration::from_millis(c.backoff_ms),
            max_retry_wait: Duration::from_secs_f64(c.max_retry_wait_secs),
            max_output_bytes: command::DEFAULT_MAX_OUTPUT_BYTES,
        }
    }
}

/// The writer `config` asks for.
/// Every message it returns is redacted by `redactor`, which learns its key.
pub fn writer(
    config: &WriterConfig,
    http: &HttpSettings,
    redactor: &Redactor,
) -> Result<Box<dyn Writer>, BackendError> {
    redactor.add_env(&config.api_key_env);
    match config.backend {
        BackendKind::Openai => Ok(Box::new(openai::OpenAi::writer(config, http, redactor)?)),
        BackendKind::Command => Ok(Box::new(
            command::CommandBackend::new("writer", &config.command, &config.model, http.timeout)?
                .with_limits(http.max_output_bytes, redactor),
        )),
    }
}

/// The image backend `config` asks for.
pub fn image_backend(
    config: &ImageConfig,
    http: &HttpSettings,
    redactor: &Redactor,
) -> Result<Box<dyn ImageBackend>, BackendError> {
    redactor.add_env(&config.api_key_env);
    match config.backend {
        BackendKind::Openai => Ok(Box::new(openai::OpenAi::images(config, http, redactor)?)),
        BackendKind::Command => Ok(Box::new(
            command::CommandBackend::new("image", &config.command, &config.model, http.timeout)?
                .with_limits(http.max_output_bytes, redactor),
        )),
    }
}

/// The file type of image bytes, by their magic number; `None`: not an image we know.
pub fn image_extension(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("jpg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("gif")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_print_and_are_redacted() {
        let s = Secret("sk-test-DO-NOT-LEAK-1234".into());
        assert!(!format!("{s:?}").contains("LEAK"));
        let e = BackendError::new(
            ErrorKind::Auth,
            "server said: bad key sk-test-DO-NOT-LEAK-1234",
            Some(&s),
        );
        assert_eq!(e.message, "server said: bad key [redacted]");
    }

    #[test]
    fn image_magic_numbers() {
        assert_eq!(image_extension(b"\x89PNG\r\n\x1a\nrest"), Some("png"));
        assert_eq!(image_extension(&[0xff, 0xd8, 0xff, 0xe0]), Some("jpg"));
        assert_eq!(image_extension(b"RIFF\0\0\0\0WEBPVP8 "), Some("webp"));
        assert_eq!(image_extension(b"{\"error\": 1}"), None);
        assert_eq!(image_extension(b""), None);
    }
}
