//! A local program as backend: argv from the configuration (no shell), the prompt on stdin,
//! the answer on stdout (Markdown for the writer, image bytes for images). It inherits the
//! environment, so a wrapper script can read its own key.

use super::{
    BackendError, BackendInfo, ChatPrompt, Draft, ErrorKind, GeneratedImage, ImageBackend, Writer,
    image_extension,
};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How much of the program's stderr an error quotes.
const STDERR_TAIL: usize = 600;

pub struct CommandBackend {
    role: &'static str,
    argv: Vec<String>,
    model: String,
    timeout: Duration,
}

impl CommandBackend {
    pub fn new(
        role: &'static str,
        argv: &[String],
        model: &str,
        timeout: Duration,
    ) -> Result<CommandBackend, BackendError> {
        if argv.first().is_none_or(|p| p.trim().is_empty()) {
            return Err(BackendError::new(
                ErrorKind::Config,
                format!(
                    "{role} backend is \"command\" but [regenerate.{role}] command is empty; give the program and its arguments, e.g. command = [\"ollama\", \"run\", \"llama3.1\"]"
                ),
                None,
            ));
        }
        Ok(CommandBackend {
            role,
            argv: argv.to_vec(),
            model: model.to_string(),
            timeout,
        })
    }

    fn program(&self) -> &str {
        &self.argv[0]
    }

    fn err(&self, kind: ErrorKind, message: String) -> BackendError {
        BackendError::new(
            kind,
            format!("{} command `{}`: {message}", self.role, self.program()),
            None,
        )
    }

    /// Run the program with `input` on stdin; its stdout, or an error that quotes its stderr.
    fn run(
        &self,
        args: &[String],
        env: &[(&str, &str)],
        input: &[u8],
    ) -> Result<Vec<u8>, BackendError> {
        let mut child = Command::new(self.program())
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                let why = if e.kind() == std::io::ErrorKind::NotFound {
                    "not found (is it installed and on PATH?)".to_string()
                } else {
                    format!("cannot start: {e}")
                };
                self.err(ErrorKind::Command, why)
            })?;
        // Feed stdin and drain stdout/stderr on threads, so that a program that writes a lot
        // before reading everything cannot deadlock with us.
        let mut stdin = child.stdin.take().expect("piped stdin");
        let input = input.to_vec();
        let feeder = std::thread::spawn(move || {
            // A program may exit without reading its input; that is its business.
            let _ = stdin.write_all(&input);
        });
        let mut stdout = child.stdout.take().expect("piped stdout");
        let out_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            stdout.read_to_end(&mut buf).map(|_| buf)
        });
        let mut stderr = child.stderr.take().expect("piped stderr");
        let err_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = stderr.read_to_end(&mut buf);
            buf
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() >= self.timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(self.err(
                        ErrorKind::Timeout,
                        format!(
                            "no answer within {} s ([regenerate.http] timeout_secs); stopped it",
                            self.timeout.as_secs_f64()
                        ),
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => {
                    return Err(self.err(ErrorKind::Command, format!("cannot wait for it: {e}")));
                }
            }
        };
        let _ = feeder.join();
        let stdout = out_reader
            .join()
            .map_err(|_| self.err(ErrorKind::Command, "reading its output failed".into()))?
            .map_err(|e| self.err(ErrorKind::Command, format!("cannot read its output: {e}")))?;
        let stderr = err_reader.join().unwrap_or_default();
        if !status.success() {
            let text = String::from_utf8_lossy(&stderr);
            let text = text.trim();
            let start = text
                .char_indices()
                .rev()
                .nth(STDERR_TAIL)
                .map_or(0, |(i, _)| i);
            let tail = &text[start..];
            let said = if tail.is_empty() {
                String::new()
            } else {
                format!(": {tail}")
            };
            return Err(self.err(ErrorKind::Command, format!("exited with {status}{said}")));
        }
        Ok(stdout)
    }

    fn info_of(&self) -> BackendInfo {
        BackendInfo {
            backend: "command",
            model: self.model.clone(),
            endpoint: self.program().to_string(),
        }
    }
}

impl Writer for CommandBackend {
    fn info(&self) -> BackendInfo {
        self.info_of()
    }

    fn write(&self, prompt: &ChatPrompt) -> Result<Draft, BackendError> {
        let input = format!("{}\n\n{}\n", prompt.system, prompt.user);
        let out = self.run(&self.argv[1..], &[], input.as_bytes())?;
        let text = String::from_utf8(out).map_err(|e| {
            self.err(
                ErrorKind::InvalidResponse,
                format!("its output is not UTF-8: {e}"),
            )
        })?;
        if text.trim().is_empty() {
            return Err(self.err(ErrorKind::Empty, "it printed nothing".into()));
        }
        Ok(Draft {
            text,
            usage: None,
            finish_reason: None,
            attempts: 1,
        })
    }
}

impl ImageBackend for CommandBackend {
    fn info(&self) -> BackendInfo {
        self.info_of()
    }

    fn generate(&self, prompt: &str, size: &str) -> Result<GeneratedImage, BackendError> {
        let args: Vec<String> = self.argv[1..]
            .iter()
            .map(|a| a.replace("{size}", size))
            .collect();
        let bytes = self.run(
            &args,
            &[("CONTENTLINT_IMAGE_SIZE", size)],
            prompt.as_bytes(),
        )?;
        if bytes.is_empty() {
            return Err(self.err(ErrorKind::Empty, "it printed no image".into()));
        }
        if image_extension(&bytes).is_none() {
            return Err(self.err(
                ErrorKind::InvalidResponse,
                format!(
                    "its output is not a PNG, JPEG, WebP or GIF image ({} bytes)",
                    bytes.len()
                ),
            ));
        }
        Ok(GeneratedImage {
            bytes,
            revised_prompt: None,
            attempts: 1,
        })
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Vec<String> {
        vec!["sh".into(), "-c".into(), script.into(), "sh".into()]
    }

    #[test]
    fn writer_reads_stdin_and_answers_on_stdout() {
        let b =
            CommandBackend::new("writer", &sh("tr a-z A-Z"), "m", Duration::from_secs(10)).unwrap();
        let d = b
            .write(&ChatPrompt {
                system: "sys".into(),
                user: "# hello".into(),
            })
            .unwrap();
        assert_eq!(d.text, "SYS\n\n# HELLO\n");
    }

    #[test]
    fn failures_are_clear() {
        let t = Duration::from_secs(10);
        let p = ChatPrompt {
            system: String::new(),
            user: String::new(),
        };
        let e = CommandBackend::new("writer", &[], "", t).err().unwrap();
        assert_eq!(e.kind, ErrorKind::Config);
        let b = CommandBackend::new("writer", &sh("echo broken >&2; exit 3"), "", t).unwrap();
        let e = b.write(&p).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Command);
        assert!(e.message.contains("broken"), "{}", e.message);
        let b = CommandBackend::new("writer", &sh("cat >/dev/null"), "", t).unwrap();
        assert_eq!(b.write(&p).unwrap_err().kind, ErrorKind::Empty);
        let b = CommandBackend::new("writer", &["/no/such/program".into()], "", t).unwrap();
        assert!(b.write(&p).unwrap_err().message.contains("not found"));
        let b =
            CommandBackend::new("writer", &sh("sleep 5"), "", Duration::from_millis(200)).unwrap();
        let started = Instant::now();
        assert_eq!(b.write(&p).unwrap_err().kind, ErrorKind::Timeout);
        assert!(started.elapsed() < Duration::from_secs(4));
    }

    #[test]
    fn image_command_gets_the_size() {
        let t = Duration::from_secs(10);
        let b = CommandBackend::new(
            "image",
            &sh("printf '\\211PNG\\r\\n\\032\\n%s %s' \"$CONTENTLINT_IMAGE_SIZE\" \"$1\"")
                .into_iter()
                .chain(["{size}".to_string()])
                .collect::<Vec<_>>(),
            "",
            t,
        )
        .unwrap();
        let img = b.generate("a cat", "1792x1024").unwrap();
        assert!(img.bytes.ends_with(b"1792x1024 1792x1024"));
        let b = CommandBackend::new("image", &sh("echo not an image"), "", t).unwrap();
        assert_eq!(
            b.generate("x", "1x1").unwrap_err().kind,
            ErrorKind::InvalidResponse
        );
    }
}
