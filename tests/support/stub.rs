//! A stub OpenAI-compatible server on 127.0.0.1: it records every request and answers from a
//! script, in order (a request past the end of the script gets 418, which nothing retries).

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub enum Reply {
    Json(u16, Value),
    Body(u16, &'static str, Vec<u8>),
    /// A reply with an extra header.
    Header(Box<Reply>, &'static str, String),
    /// A reply sent after a pause (a slow or stalled server).
    Delayed(Duration, Box<Reply>),
}

/// A chat completion whose content is `content`, with token usage.
pub fn chat(content: &str) -> Reply {
    Reply::Json(
        200,
        json!({
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "model": "test-writer",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1200, "completion_tokens": 800, "total_tokens": 2000},
        }),
    )
}

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("request body is JSON")
    }

    /// The user message of a chat request.
    pub fn user_prompt(&self) -> String {
        let v = self.json();
        v["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .find(|m| m["role"] == "user")
            .and_then(|m| m["content"].as_str())
            .expect("a user message")
            .to_string()
    }
}

pub struct Stub {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    server: Arc<tiny_http::Server>,
    requests: Arc<Mutex<Vec<Recorded>>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
}

impl Stub {
    pub fn start() -> Stub {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1"));
        let port = server.server_addr().to_ip().expect("an IP address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Mutex<VecDeque<Reply>>> = Arc::new(Mutex::new(VecDeque::new()));
        {
            let server = server.clone();
            let requests = requests.clone();
            let script = script.clone();
            std::thread::spawn(move || {
                for mut request in server.incoming_requests() {
                    let mut body = String::new();
                    let _ = std::io::Read::read_to_string(request.as_reader(), &mut body);
                    requests.lock().unwrap().push(Recorded {
                        method: request.method().to_string(),
                        path: request.url().to_string(),
                        headers: request
                            .headers()
                            .iter()
                            .map(|h| (h.field.to_string(), h.value.to_string()))
                            .collect(),
                        body,
                    });
                    let reply = script.lock().unwrap().pop_front().unwrap_or_else(|| {
                        Reply::Json(
                            418,
                            json!({"error": {"message": "stub: no scripted reply"}}),
                        )
                    });
                    // Answer on a thread of its own, so a delayed answer blocks nothing else.
                    std::thread::spawn(move || respond(request, reply));
                }
            });
        }
        Stub {
            base: format!("http://127.0.0.1:{port}"),
            server,
            requests,
            script,
        }
    }

    /// The OpenAI-style base URL.
    pub fn v1(&self) -> String {
        format!("{}/v1", self.base)
    }

    pub fn script(&self, replies: Vec<Reply>) {
        self.script.lock().unwrap().extend(replies);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// Wait until `n` requests have come in (or panic after `limit`).
    pub fn wait_for(&self, n: usize, limit: Duration) {
        let start = Instant::now();
        while self.requests.lock().unwrap().len() < n {
            assert!(
                start.elapsed() < limit,
                "the stub got fewer than {n} requests"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn respond(request: tiny_http::Request, reply: Reply) {
    let mut headers: Vec<(&'static str, String)> = Vec::new();
    let mut reply = reply;
    loop {
        match reply {
            Reply::Delayed(wait, inner) => {
                std::thread::sleep(wait);
                reply = *inner;
            }
            Reply::Header(inner, name, value) => {
                headers.push((name, value));
                reply = *inner;
            }
            _ => break,
        }
    }
    let (status, content_type, body) = match reply {
        Reply::Json(status, value) => (status, "application/json", value.to_string().into_bytes()),
        Reply::Body(status, content_type, body) => (status, content_type, body),
        _ => unreachable!(),
    };
    let mut response = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(tiny_http::Header::from_bytes("Content-Type", content_type).unwrap());
    for (name, value) in headers {
        response =
            response.with_header(tiny_http::Header::from_bytes(name, value.as_bytes()).unwrap());
    }
    // The client may have given up (timeouts); that is what some tests want.
    let _ = request.respond(response);
}
