//! A real SMTP server for email tests, on a loopback port: `aiosmtpd` (in .knead/venv; see
//! scripts/python-venv) run with its Maildir handler, so every message it accepts is a file
//! the test reads back whole, headers and body.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

#[derive(Debug)]
pub struct SmtpSink {
    pub port: u16,
    maildir: PathBuf,
    child: Child,
}

impl SmtpSink {
    /// Starts aiosmtpd on a free loopback port and waits until it accepts connections.
    pub fn start() -> Self {
        let python = crate::workspace_root().join(".knead/venv/bin/python");
        assert!(
            python.exists(),
            "{} is missing: run scripts/python-venv (scripts/test does) to install aiosmtpd",
            python.display()
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let maildir = std::env::temp_dir().join(format!("knead-smtp-{}", uuid::Uuid::now_v7().simple()));
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start aiosmtpd");
        let sink = Self { port, maildir, child };
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return sink;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("aiosmtpd did not listen on {port} within ten seconds");
    }

    /// The URL `KNEAD_SMTP_URL` would hold for this server (plain SMTP on loopback).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, as its raw text, oldest first.
    pub fn messages(&self) -> Vec<String> {
        let mut files: Vec<_> = ["new", "cur"]
            .iter()
            .filter_map(|sub| std::fs::read_dir(self.maildir.join(sub)).ok())
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let modified = entry.metadata().and_then(|m| m.modified()).ok()?;
                Some((modified, entry.path()))
            })
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|(_, path)| std::fs::read_to_string(path).expect("a message file"))
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

/// The message with quoted-printable undone and headers unfolded.
pub fn decoded(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).replace("\r\n ", " ").replace("\n ", " ")
}
