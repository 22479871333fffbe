//! Sending one request for `topgen call`: `http://` over a plain `TcpStream` (the mock, a local
//! proxy), `https://` through the system's `curl` (options on stdin, the signed body in a new
//! 0600 file inside a new 0700 folder that is always removed, so neither the body nor the session
//! appears in the process list or to other local users). Bounded: 10 s to connect, 30 s in total,
//! 64 MiB of answer.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(30);
const MAX_ANSWER: u64 = 64 * 1024 * 1024;

/// An answer: HTTP status and body.
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

pub fn post(url: &str, content_type: &str, body: &[u8]) -> Result<Answer, String> {
    if let Some(rest) = url.strip_prefix("http://") {
        post_plain(rest, content_type, body)
    } else if url.starts_with("https://") {
        post_with_curl(url, content_type, body)
    } else {
        Err(format!(
            "--url must start with http:// or https://, got {url:?}"
        ))
    }
}

fn post_plain(rest: &str, content_type: &str, body: &[u8]) -> Result<Answer, String> {
    let (authority, path) = rest
        .find('/')
        .map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
    let with_port = if authority
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
    {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let started = Instant::now();
    let addr = with_port
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {authority}: {e}"))?
        .next()
        .ok_or_else(|| format!("cannot resolve {authority}"))?;
    let mut stream = TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT)
        .map_err(|e| format!("cannot connect to {authority}: {e}"))?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nUser-Agent: topgen/{}\r\nConnection: close\r\n\r\n",
        body.len(),
        env!("CARGO_PKG_VERSION")
    );
    let io = |e: std::io::Error| format!("talking to {authority}: {e}");
    stream.set_write_timeout(Some(TOTAL_TIMEOUT)).map_err(io)?;
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body))
        .map_err(io)?;
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        let left = TOTAL_TIMEOUT.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(format!(
                "no complete answer from {authority} within {} s",
                TOTAL_TIMEOUT.as_secs()
            ));
        }
        stream.set_read_timeout(Some(left)).map_err(io)?;
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(format!(
                    "no complete answer from {authority} within {} s",
                    TOTAL_TIMEOUT.as_secs()
                ));
            }
            Err(e) => return Err(io(e)),
        }
        if bytes.len() as u64 > MAX_ANSWER {
            return Err(format!("the answer is larger than {MAX_ANSWER} bytes"));
        }
    }
    parse(&bytes).ok_or_else(|| format!("{authority} did not answer HTTP ({} bytes)", bytes.len()))
}

fn parse(bytes: &[u8]) -> Option<Answer> {
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let mut body = bytes[split + 4..].to_vec();
    let header = |name: &str| {
        head.split("\r\n").skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_ascii_lowercase())
        })
    };
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body)?;
    } else if let Some(length) = header("content-length").and_then(|l| l.parse::<usize>().ok()) {
        if body.len() < length {
            return None; // cut short
        }
        body.truncate(length);
    }
    Some(Answer { status, body })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end])
            .ok()?
            .split(';')
            .next()?
            .trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

fn post_with_curl(url: &str, content_type: &str, body: &[u8]) -> Result<Answer, String> {
    // `-K -` reads the options from stdin: the URL and headers (never on disk); the body, which
    // holds the session, goes to a file only this user can read, removed when the call ends.
    let private = PrivateDir::create()?;
    let body_path = private.write_new("body", body)?;
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let config = format!(
        "url = {}\nrequest = \"POST\"\nheader = {}\ndata-binary = {}\nsilent\nshow-error\nmax-time = {}\nconnect-timeout = {}\nmax-filesize = {MAX_ANSWER}\nproto = \"=https\"\nwrite-out = \"\\n%{{http_code}}\"\n",
        quote(url),
        quote(&format!("Content-Type: {content_type}")),
        quote(&format!("@{}", body_path.display())),
        TOTAL_TIMEOUT.as_secs(),
        CONNECT_TIMEOUT.as_secs(),
    );
    let mut child = Command::new("curl")
        .args(["-K", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("https:// needs the curl program ({e}); or point --url at http://"))?;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(config.as_bytes())
        .map_err(|e| e.to_string())?;
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    drop(private);
    if !output.status.success() {
        return Err(format!(
            "curl: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let mut out = output.stdout;
    let at = out
        .iter()
        .rposition(|b| *b == b'\n')
        .ok_or("curl gave no status")?;
    let status = std::str::from_utf8(&out[at + 1..])
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .ok_or("curl gave no status")?;
    out.truncate(at);
    Ok(Answer { status, body: out })
}

/// A new folder in the temporary directory that only this user can enter (0700), created new
/// under an unpredictable name (never an existing folder or link someone prepared), and removed
/// with everything in it when dropped.
struct PrivateDir(PathBuf);

impl PrivateDir {
    fn create() -> Result<PrivateDir, String> {
        let base = std::env::temp_dir();
        let mut last = None;
        for attempt in 0u32..16 {
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let path = base.join(format!(
                "topgen-call-{}-{nanos:08x}{attempt:x}",
                std::process::id()
            ));
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            match builder.create(&path) {
                Ok(()) => return Ok(PrivateDir(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(format!("temp folder: {e}")),
            }
        }
        Err(format!(
            "temp folder: {}",
            last.map_or_else(String::new, |e| e.to_string())
        ))
    }

    /// Writes `bytes` to a new file (0600; fails rather than follow anything already there).
    fn write_new(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
        let path = self.0.join(name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&path).map_err(|e| format!("temp file: {e}"))?;
        file.write_all(bytes)
            .map_err(|e| format!("temp file: {e}"))?;
        Ok(path)
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
