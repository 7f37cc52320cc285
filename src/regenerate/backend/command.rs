//! A local program as backend: argv from the configuration (no shell), the prompt on stdin,
//! the answer on stdout (Markdown for the writer, image bytes for images). It inherits the
//! environment, so a wrapper script can read its own key.

use super::{
    BackendError, BackendInfo, ChatPrompt, Draft, ErrorKind, GeneratedImage, ImageBackend, Writer,
    image_extension,
};
use crate::regenerate::redact::Redactor;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The process group of a spawned program (its own: `process_group(0)`).
struct Group(u32);

impl Group {
    /// SIGKILL to every process of the group. The group may be gone already; that is fine.
    fn kill(&self) {
        #[cfg(unix)]
        {
            unsafe extern "C" {
                fn kill(pid: i32, sig: i32) -> i32;
            }
            const SIGKILL: i32 = 9;
            if let Ok(pgid) = i32::try_from(self.0)
                && pgid > 0
            {
                // SAFETY: kill(2) takes plain integers and touches no memory of ours; a
                // negative pid names the process group we created for the child.
                unsafe {
                    kill(-pgid, SIGKILL);
                }
            }
        }
    }
}

/// How much of the program's stderr an error quotes.
const STDERR_TAIL: usize = 600;
/// Default of `[regenerate] max_output_bytes`: 16 MiB holds any article many times over and a
/// 1792x1024 PNG (about 4-6 MB) with room; a runaway program is stopped long before it costs
/// gigabytes of memory.
pub const DEFAULT_MAX_OUTPUT_BYTES: u64 = 16 * 1024 * 1024;
/// Most bytes of stderr kept (only its tail is quoted).
const MAX_STDERR_BYTES: u64 = 64 * 1024;

pub struct CommandBackend {
    role: &'static str,
    argv: Vec<String>,
    model: String,
    timeout: Duration,
    max_output_bytes: u64,
    redactor: Redactor,
}

/// What the stdout reader ended with.
enum Output {
    Done(std::io::Result<Vec<u8>>),
    TooLarge,
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
            max_output_bytes: DEFAULT_MAX_OUTPUT_BYTES,
            redactor: Redactor::new(),
        })
    }

    /// The output cap, and the redactor its stderr goes through before it is quoted.
    pub fn with_limits(mut self, max_output_bytes: u64, redactor: &Redactor) -> CommandBackend {
        self.max_output_bytes = max_output_bytes;
        self.redactor = redactor.clone();
        self
    }

    fn program(&self) -> &str {
        &self.argv[0]
    }

    fn err(&self, kind: ErrorKind, message: String) -> BackendError {
        BackendError::new(
            kind,
            self.redactor.redact(&format!(
                "{} command `{}`: {message}",
                self.role,
                self.program()
            )),
            None,
        )
    }

    fn timeout_error(&self) -> BackendError {
        self.err(
            ErrorKind::Timeout,
            format!(
                "no answer within {} s ([regenerate.http] timeout_secs); stopped it and its children",
                self.timeout.as_secs_f64()
            ),
        )
    }

    /// Run the program with `input` on stdin; its stdout, or an error that quotes its stderr.
    /// The program runs in a process group of its own: on a timeout or too much output the
    /// whole group is killed, so a child it left in the background cannot hold us.
    fn run(
        &self,
        args: &[String],
        env: &[(&str, &str)],
        input: &[u8],
    ) -> Result<Vec<u8>, BackendError> {
        let mut command = Command::new(self.program());
        command
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        let mut child = command.spawn().map_err(|e| {
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                "not found (is it installed and on PATH?)".to_string()
            } else {
                format!("cannot start: {e}")
            };
            self.err(ErrorKind::Command, why)
        })?;
        let group = Group(child.id());
        // Feed stdin and drain stdout/stderr on threads, so that a program that writes a lot
        // before reading everything cannot deadlock with us.
        let mut stdin = child.stdin.take().expect("piped stdin");
        let input = input.to_vec();
        std::thread::spawn(move || {
            // A program may exit without reading its input; that is its business.
            let _ = stdin.write_all(&input);
        });
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("piped stdout");
        let limit = self.max_output_bytes;
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let read = stdout.take(limit.saturating_add(1)).read_to_end(&mut buf);
            let _ = tx.send(match read {
                Ok(_) if buf.len() as u64 > limit => Output::TooLarge,
                Ok(_) => Output::Done(Ok(buf)),
                Err(e) => Output::Done(Err(e)),
            });
        });
        let (etx, erx) = mpsc::channel();
        let stderr = child.stderr.take().expect("piped stderr");
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = stderr.take(MAX_STDERR_BYTES).read_to_end(&mut buf);
            let _ = etx.send(buf);
        });
        let deadline = Instant::now() + self.timeout;
        let stop = |child: &mut std::process::Child| {
            group.kill();
            let _ = child.kill();
            let _ = child.wait();
        };
        // Stdout first: it ends when every process holding it (the program and anything it
        // left running) has closed it, or when it is too large, or at the deadline.
        let stdout = loop {
            match rx.recv_timeout(Duration::from_millis(20)) {
                Ok(Output::Done(r)) => break r,
                Ok(Output::TooLarge) => {
                    stop(&mut child);
                    return Err(self.err(
                        ErrorKind::InvalidResponse,
                        format!(
                            "it printed more than {} bytes ([regenerate] max_output_bytes); stopped it",
                            self.max_output_bytes
                        ),
                    ));
                }
                Err(mpsc::RecvTimeoutError::Timeout) if Instant::now() >= deadline => {
                    stop(&mut child);
                    return Err(self.timeout_error());
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    break Err(std::io::Error::other("the reader stopped"));
                }
            }
        }
        .map_err(|e| self.err(ErrorKind::Command, format!("cannot read its output: {e}")));
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() >= deadline => {
                    stop(&mut child);
                    return Err(self.timeout_error());
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => {
                    stop(&mut child);
                    return Err(self.err(ErrorKind::Command, format!("cannot wait for it: {e}")));
                }
            }
        };
        let stdout = stdout?;
        let stderr = erx
            .recv_timeout(Duration::from_millis(500))
            .unwrap_or_default();
        if !status.success() {
            // Redact first: the tail must not start in the middle of a key.
            let text = self.redactor.redact(&String::from_utf8_lossy(&stderr));
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
    fn item7_output_is_capped_and_background_children_are_killed() {
        let p = ChatPrompt {
            system: String::new(),
            user: String::new(),
        };
        let t = Duration::from_secs(10);
        let b = CommandBackend::new("writer", &sh("yes"), "", t)
            .unwrap()
            .with_limits(4096, &Redactor::new());
        let e = b.write(&p).unwrap_err();
        assert!(e.message.contains("more than 4096 bytes"), "{}", e.message);
        // Exactly at the cap is fine.
        let b = CommandBackend::new("writer", &sh("head -c 4096 /dev/zero | tr '\\0' a"), "", t)
            .unwrap()
            .with_limits(4096, &Redactor::new());
        assert_eq!(b.write(&p).unwrap().text.len(), 4096);
        // A child in the background holds stdout: the timeout still fires, and kills it.
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("survived");
        let script = format!("(sleep 2; touch '{}') & echo partial", marker.display());
        let b =
            CommandBackend::new("writer", &sh(&script), "", Duration::from_millis(300)).unwrap();
        let started = Instant::now();
        assert_eq!(b.write(&p).unwrap_err().kind, ErrorKind::Timeout);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        std::thread::sleep(Duration::from_millis(2500));
        assert!(
            !marker.exists(),
            "the background child was killed with its group"
        );
    }

    #[test]
    fn item9_stderr_is_redacted_before_its_tail_is_cut() {
        let key = "sk-test-STDERR-KEY-123456";
        let r = Redactor::new();
        r.add(key);
        // The key, then 595 characters: the 600-character tail would start inside it.
        let script = format!("printf '{key}' >&2; head -c 595 /dev/zero | tr '\\0' y >&2; exit 1");
        let b = CommandBackend::new("writer", &sh(&script), "", Duration::from_secs(10))
            .unwrap()
            .with_limits(DEFAULT_MAX_OUTPUT_BYTES, &r);
        let p = ChatPrompt {
            system: String::new(),
            user: String::new(),
        };
        let e = b.write(&p).unwrap_err();
        // Cut first, the tail would start at the key's "23456".
        assert!(!e.message.contains("3456"), "{}", e.message);
        assert!(
            e.message.contains("[redacted]") || e.message.contains("acted]"),
            "{}",
            e.message
        );
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
