//! Just enough HTTP/1.1 for a mock server: read one request (Content-Length or chunked body,
//! `Expect: 100-continue`), write one response. Own code rather than a server crate so fault
//! injection can close or cut a connection at any byte.

use std::io::{BufRead, Read, Write};

/// Limits that keep a misbehaving client from holding unbounded memory.
const MAX_HEAD_LINE: u64 = 16 * 1024;
const MAX_HEADERS: usize = 100;
pub const MAX_BODY: usize = 16 * 1024 * 1024;

#[derive(Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub keep_alive: bool,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug)]
pub enum ReadError {
    /// The peer closed the connection (or went idle) before a new request started.
    Closed,
    /// A malformed request: answer 400 and close.
    Bad(String),
    /// A body over [`MAX_BODY`]: answer 413 and close.
    TooLarge,
    /// The head (or the body) did not arrive by its deadline: answer 408 and close.
    TimedOut,
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => ReadError::TimedOut,
            _ => ReadError::Closed,
        }
    }
}

/// A connection's read side with a deadline for the whole of what is being read (a request's
/// head, then its body), not just for each read: a client dripping one byte at a time cannot
/// hold a connection longer than the deadline.
pub struct DeadlineStream {
    stream: std::net::TcpStream,
    deadline: Option<std::time::Instant>,
}

impl DeadlineStream {
    pub fn new(stream: std::net::TcpStream) -> Self {
        DeadlineStream {
            stream,
            deadline: None,
        }
    }

    /// Reads from now on must be done within `limit`.
    pub fn set_deadline(&mut self, limit: std::time::Duration) {
        self.deadline = Some(std::time::Instant::now() + limit);
    }
}

impl Read for DeadlineStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if let Some(deadline) = self.deadline {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return Err(std::io::ErrorKind::TimedOut.into());
            }
            self.stream.set_read_timeout(Some(left))?;
        }
        self.stream.read(buf)
    }
}

fn read_line(reader: &mut impl BufRead) -> Result<String, ReadError> {
    let mut line = Vec::new();
    reader.take(MAX_HEAD_LINE).read_until(b'\n', &mut line)?;
    if line.is_empty() {
        return Err(ReadError::Closed);
    }
    if !line.ends_with(b"\n") {
        return Err(ReadError::Bad("header line too long or cut off".into()));
    }
    let text = String::from_utf8(line).map_err(|_| ReadError::Bad("header is not UTF-8".into()))?;
    Ok(text.trim_end_matches(['\r', '\n']).to_string())
}

/// Reads the next request from a connection. `interim` receives `100 Continue` when asked for.
#[cfg(test)]
pub fn read_request(
    reader: &mut impl BufRead,
    interim: &mut impl Write,
) -> Result<Request, ReadError> {
    let mut request = read_head(reader)?;
    read_body(reader, interim, &mut request)?;
    Ok(request)
}

/// Reads a request line and headers; the body is left for [`read_body`].
pub fn read_head(reader: &mut impl BufRead) -> Result<Request, ReadError> {
    let mut start = read_line(reader)?;
    while start.is_empty() {
        start = read_line(reader)?; // tolerate stray CRLF between requests (RFC 9112 §2.2)
    }
    let mut parts = start.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Bad(format!("bad request line {start:?}")));
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader)?;
        if line.is_empty() {
            break;
        }
        if headers.len() == MAX_HEADERS {
            return Err(ReadError::Bad("too many headers".into()));
        }
        let (k, v) = line
            .split_once(':')
            .ok_or_else(|| ReadError::Bad(format!("bad header {line:?}")))?;
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let mut request = Request {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        headers,
        body: Vec::new(),
        keep_alive: false,
    };
    let connection = request
        .header("connection")
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    request.keep_alive = match version {
        "HTTP/1.1" => !connection.contains("close"),
        "HTTP/1.0" => connection.contains("keep-alive"),
        _ => return Err(ReadError::Bad(format!("unsupported version {version:?}"))),
    };
    Ok(request)
}

/// Reads the body `request`'s headers announce. `interim` receives `100 Continue` when asked for.
pub fn read_body(
    reader: &mut impl BufRead,
    interim: &mut impl Write,
    request: &mut Request,
) -> Result<(), ReadError> {
    if request
        .header("expect")
        .is_some_and(|e| e.eq_ignore_ascii_case("100-continue"))
    {
        interim.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        interim.flush()?;
    }
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    request.body = if chunked {
        read_chunked(reader)?
    } else {
        let length = match request.header("content-length") {
            Some(v) => v
                .parse::<usize>()
                .map_err(|_| ReadError::Bad(format!("bad Content-Length {v:?}")))?,
            None => 0,
        };
        if length > MAX_BODY {
            return Err(ReadError::TooLarge);
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        body
    };
    Ok(())
}

fn read_chunked(reader: &mut impl BufRead) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let line = read_line(reader)?;
        let size_text = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| ReadError::Bad(format!("bad chunk size {line:?}")))?;
        if size == 0 {
            while !read_line(reader)?.is_empty() {} // trailers
            return Ok(body);
        }
        if body.len() + size > MAX_BODY {
            return Err(ReadError::TooLarge);
        }
        let at = body.len();
        body.resize(at + size, 0);
        reader.read_exact(&mut body[at..])?;
        if !read_line(reader)?.is_empty() {
            return Err(ReadError::Bad("chunk not followed by CRLF".into()));
        }
    }
}

/// A complete response.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            content_type: "application/json;charset=UTF-8",
            body: body.into(),
        }
    }

    /// Status line and headers; `Content-Length` is the full body's even when fewer bytes follow.
    pub fn head(&self, keep_alive: bool) -> Vec<u8> {
        format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: {}\r\nServer: topgen-mock\r\n\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len(),
            if keep_alive { "keep-alive" } else { "close" },
        )
        .into_bytes()
    }

    pub fn write_to(&self, out: &mut impl Write, keep_alive: bool) -> std::io::Result<()> {
        let mut bytes = self.head(keep_alive);
        bytes.extend_from_slice(&self.body);
        out.write_all(&bytes)?;
        out.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        408 => "Request Timeout",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_content_length_and_chunked_bodies() {
        let raw = b"POST /router/rest?method=a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcPOST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\nhi\r\n1\r\n!\r\n0\r\n\r\n";
        let mut reader = std::io::BufReader::new(&raw[..]);
        let mut sink = Vec::new();
        let first = read_request(&mut reader, &mut sink).unwrap();
        assert_eq!(
            (
                first.path.as_str(),
                first.query.as_str(),
                first.body.as_slice(),
                first.keep_alive
            ),
            ("/router/rest", "method=a", &b"abc"[..], true)
        );
        let second = read_request(&mut reader, &mut sink).unwrap();
        assert_eq!(
            (second.body.as_slice(), second.keep_alive),
            (&b"hi!"[..], false)
        );
        assert!(matches!(
            read_request(&mut reader, &mut sink),
            Err(ReadError::Closed)
        ));
    }
}
