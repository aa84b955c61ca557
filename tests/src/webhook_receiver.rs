//! A real HTTP receiver for webhook tests, on a loopback port: it records each request
//! (headers and body) and answers from a script (then 200), and verifies captured requests
//! with the `standardwebhooks` Python package (in .knead/venv; see scripts/python-venv).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Captured {
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Captured {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// How the receiver answers one request.
#[derive(Debug, Clone)]
pub enum Reply {
    Status(u16),
    /// 302 to this URL.
    Redirect(String),
}

#[derive(Debug, Clone)]
pub struct Receiver {
    pub addr: SocketAddr,
    got: Arc<Mutex<Vec<Captured>>>,
}

impl Receiver {
    /// Listens on 127.0.0.1, answering `script` in order and then 200.
    pub fn start(script: Vec<Reply>) -> Self {
        Self::start_on(0, script)
    }

    /// As [`Receiver::start`], on `port` (0 for any free one): for a receiver that comes up
    /// at an address webhooks were already failing to reach.
    pub fn start_on(port: u16, script: Vec<Reply>) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("the receiver's port");
        let addr = listener.local_addr().expect("local addr");
        let got = Arc::new(Mutex::new(Vec::new()));
        let (seen, mut script) = (got.clone(), VecDeque::from(script));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Some(captured) = read_request(&mut stream) else {
                    continue;
                };
                seen.lock().expect("lock").push(captured);
                let answer = match script.pop_front().unwrap_or(Reply::Status(200)) {
                    Reply::Status(code) => {
                        format!("HTTP/1.1 {code} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    }
                    Reply::Redirect(to) => {
                        format!(
                            "HTTP/1.1 302 Found\r\nlocation: {to}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                        )
                    }
                };
                let _ = stream.write_all(answer.as_bytes());
            }
        });
        Self { addr, got }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn requests(&self) -> Vec<Captured> {
        self.got.lock().expect("lock").clone()
    }
}

fn read_request(stream: &mut std::net::TcpStream) -> Option<Captured> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let (name, value) = trimmed.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0usize);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Captured { headers, body })
}

/// Verifies `request` with `secret` by the standardwebhooks package; returns its verdict
/// (`Ok` with the parsed payload, or the package's error).
pub fn verify_with_standardwebhooks(secret: &str, request: &Captured) -> Result<serde_json::Value, String> {
    let python = crate::workspace_root().join(".knead/venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/python-venv (scripts/test does) to install standardwebhooks",
        python.display()
    );
    let input = serde_json::json!({
        "secret": secret,
        "body": String::from_utf8_lossy(&request.body),
        "headers": request.headers.iter().cloned().collect::<std::collections::HashMap<_, _>>(),
    });
    let script = "import json, sys\n\
                  from standardwebhooks.webhooks import Webhook\n\
                  req = json.load(sys.stdin)\n\
                  try:\n    print(json.dumps(Webhook(req['secret']).verify(req['body'], req['headers'])))\n\
                  except Exception as e:\n    print(repr(e), file=sys.stderr); sys.exit(1)\n";
    let mut child = std::process::Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.to_string().as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python ends");
    if out.status.success() {
        serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}
