//! One HTTP/1.1 connection: the request written at once, and a small, strict response reader
//! (RFC 9112: `Content-Length`, chunked, or until the server closes; interim `1xx` answers
//! skipped), with the body bounded by the client's limit.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use super::error::Cause;
use super::http_proxy::Proxy;
use super::http_target::{Target, bracketed};

/// Each connection's read buffer, and so the longest response head read.
const BUFFER_BYTES: usize = 16 * 1024;
/// The longest chunk-size or trailer line read.
const MAX_LINE_BYTES: usize = 4 * 1024;
/// Interim (`1xx`) answers read before the final one, at most.
const MAX_INTERIM: u32 = 8;
/// Trailer bytes read after a chunked body, at most.
const MAX_TRAILER_BYTES: usize = 16 * 1024;
/// Response headers read at most.
const MAX_HEADERS: usize = 100;
/// Bodies up to this size are copied behind the head and written at once; larger ones follow it.
const COPY_BODY_BYTES: usize = 64 * 1024;
/// Room reserved up front for an announced body: a large announcement is not trusted.
const RESERVE_BYTES: u64 = 64 * 1024;

/// What one POST returned: the HTTP status and the whole body.
pub(super) type Answer = (u16, Vec<u8>);

/// A pooled connection's place: its scheme, host and port (the proxy, if any, follows from
/// them).
pub(super) struct Key {
    secure: bool,
    host: Box<str>,
    port: u16,
}

impl Key {
    pub(super) fn of(target: &Target<'_>) -> Self {
        Self {
            secure: target.secure,
            host: target.host.into(),
            port: target.port,
        }
    }

    pub(super) fn is(&self, target: &Target<'_>) -> bool {
        self.secure == target.secure && self.port == target.port && *self.host == *target.host
    }
}

/// The bytes under a connection: TCP, or TLS over TCP.
pub(super) enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Self::Tls(s) => Pin::new(s).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Self::Tls(s) => Pin::new(s).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_flush(cx),
            Self::Tls(s) => Pin::new(s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Self::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Self::Tls(s) => Pin::new(s).poll_shutdown(cx),
        }
    }
}

/// Why an answer could not be read.
pub(super) enum ReadError {
    /// The connection failed or closed before the status arrived.
    Broken(io::Error),
    /// The answer is not HTTP/1.1 as RFC 9112 writes it.
    Malformed(String),
    /// The status arrived, then the body broke off, broke its framing or grew too large.
    Body {
        status: u16,
        partial: Vec<u8>,
        detail: String,
        source: Option<Cause>,
    },
}

/// How the body of an answer is delimited.
enum Framing {
    Empty,
    Length(u64),
    Chunked,
    UntilClose,
}

/// One connection and the bytes read from it and not yet used (`buffer[start..end]`).
pub(super) struct Conn {
    pub(super) stream: Stream,
    /// Where it goes.
    pub(super) key: Key,
    buffer: Box<[u8]>,
    start: usize,
    end: usize,
    /// Where each request is assembled (kept to reuse its allocation).
    out: Vec<u8>,
}

impl Conn {
    pub(super) fn new(stream: Stream, key: Key) -> Self {
        Self {
            stream,
            key,
            buffer: vec![0; BUFFER_BYTES].into_boxed_slice(),
            start: 0,
            end: 0,
            out: Vec::new(),
        }
    }

    /// Whether an idle connection is still in step: the server did not close it and nothing
    /// arrived on it. One non-blocking peek at the socket itself (not Tokio's readiness, which is
    /// stale when no runtime ran while the connection was idle, as between blocking calls); for
    /// TLS also what rustls already holds (decrypted bytes, a close) beyond the last answer.
    pub(super) fn is_open(&mut self) -> bool {
        let tcp = match &mut self.stream {
            Stream::Plain(tcp) => &*tcp,
            Stream::Tls(tls) => {
                let (tcp, session) = tls.get_mut();
                match session.process_new_packets() {
                    Ok(state)
                        if state.plaintext_bytes_to_read() == 0 && !state.peer_has_closed() =>
                    {
                        &*tcp
                    }
                    _ => return false,
                }
            }
        };
        let mut probe = [std::mem::MaybeUninit::uninit(); 1];
        matches!(
            socket2::SockRef::from(tcp).peek(&mut probe),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock
        )
    }

    /// Writes the request line, the headers and the body (one write when the body is small).
    pub(super) async fn write_request(
        &mut self,
        target: &Target<'_>,
        proxy: Option<&Proxy>,
        content_type: &str,
        body: &[u8],
    ) -> io::Result<()> {
        let out = &mut self.out;
        out.clear();
        out.extend_from_slice(b"POST ");
        // A plain-HTTP request through a proxy names the whole URL and carries its credentials.
        let via_proxy = proxy.filter(|_| !target.secure);
        if via_proxy.is_some() {
            out.extend_from_slice(b"http://");
            out.extend_from_slice(target.authority.as_bytes());
        }
        if target.slash {
            out.push(b'/');
        }
        out.extend_from_slice(target.path.as_bytes());
        out.extend_from_slice(b" HTTP/1.1\r\nHost: ");
        out.extend_from_slice(target.authority.as_bytes());
        out.extend_from_slice(b"\r\nContent-Type: ");
        out.extend_from_slice(content_type.as_bytes());
        out.extend_from_slice(b"\r\nContent-Length: ");
        push_decimal(out, body.len());
        out.extend_from_slice(b"\r\n");
        if let Some(authorization) = via_proxy.and_then(|p| p.authorization.as_deref()) {
            out.extend_from_slice(b"Proxy-Authorization: ");
            out.extend_from_slice(authorization.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        if body.len() <= COPY_BODY_BYTES {
            out.extend_from_slice(body);
            self.stream.write_all(&self.out).await?;
        } else {
            self.stream.write_all(&self.out).await?;
            self.stream.write_all(body).await?;
        }
        self.stream.flush().await
    }

    /// Reads more bytes into the buffer; `Ok(0)` when the server closed.
    async fn fill(&mut self) -> io::Result<usize> {
        if self.start == self.end {
            (self.start, self.end) = (0, 0);
        } else if self.end == self.buffer.len() && self.start > 0 {
            self.buffer.copy_within(self.start..self.end, 0);
            (self.start, self.end) = (0, self.end - self.start);
        }
        let n = self.stream.read(&mut self.buffer[self.end..]).await?;
        self.end += n;
        Ok(n)
    }

    /// Reads a response head (skipping interim `1xx` ones): the status, how the body is framed,
    /// and whether the connection may carry another request.
    async fn read_head(&mut self) -> Result<(u16, Framing, bool), ReadError> {
        let mut interim = 0;
        loop {
            if let Some(head) = self.parse_head(&mut interim)? {
                return Ok(head);
            }
            match self.fill().await {
                Ok(0) => {
                    return Err(ReadError::Broken(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the server closed the connection before answering",
                    )));
                }
                Ok(_) => {}
                Err(e) => return Err(ReadError::Broken(e)),
            }
        }
    }

    /// The final head in the buffer, consumed (interim ones before it too, counted in
    /// `interim`); `None` when more bytes are needed.
    fn parse_head(&mut self, interim: &mut u32) -> Result<Option<(u16, Framing, bool)>, ReadError> {
        loop {
            let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut response = httparse::Response::new(&mut headers);
            match response.parse(&self.buffer[self.start..self.end]) {
                Ok(httparse::Status::Complete(length)) => {
                    let head = head(&response)?;
                    self.start += length;
                    if head.is_some() {
                        return Ok(head);
                    }
                    *interim += 1;
                    if *interim > MAX_INTERIM {
                        return Err(ReadError::Malformed(format!(
                            "more than {MAX_INTERIM} interim answers"
                        )));
                    }
                }
                Ok(httparse::Status::Partial) if self.end - self.start == self.buffer.len() => {
                    return Err(ReadError::Malformed(
                        "the response head is too long".to_owned(),
                    ));
                }
                Ok(httparse::Status::Partial) => return Ok(None),
                Err(e) => return Err(ReadError::Malformed(e.to_string())),
            }
        }
    }

    /// Reads one answer; with it, whether the connection may carry another request.
    pub(super) async fn read_response(&mut self, limit: u64) -> Result<(Answer, bool), ReadError> {
        let (status, framing, mut reusable) = self.read_head().await?;
        let mut body = Body {
            status,
            limit,
            bytes: Vec::new(),
        };
        match framing {
            Framing::Empty => {}
            Framing::Length(length) => {
                if length > limit {
                    return Err(body.too_large());
                }
                body.bytes
                    .reserve(usize::try_from(length.min(RESERVE_BYTES)).unwrap_or(0));
                self.read_exactly(&mut body, length).await?;
            }
            Framing::Chunked => loop {
                let line = self.line(&mut body).await?;
                let Some(size) = chunk_size(&line) else {
                    return Err(body.broken("a chunk size is not hexadecimal"));
                };
                if size == 0 {
                    let mut trailers = 0;
                    loop {
                        let line = self.line(&mut body).await?;
                        if line.is_empty() {
                            break;
                        }
                        trailers += line.len() + 2;
                        if trailers > MAX_TRAILER_BYTES {
                            return Err(body.broken("the trailers are longer than 16 KiB"));
                        }
                    }
                    break;
                }
                self.read_exactly(&mut body, size).await?;
                if !self.line(&mut body).await?.is_empty() {
                    return Err(body.broken("a chunk is longer than its size"));
                }
            },
            Framing::UntilClose => {
                reusable = false;
                loop {
                    body.add(&self.buffer[self.start..self.end])?;
                    self.start = self.end;
                    match self.fill().await {
                        Ok(0) => break,
                        Ok(_) => {}
                        Err(e) => return Err(body.broken_off(e)),
                    }
                }
            }
        }
        // Bytes after the answer: the connection is out of step.
        let reusable = reusable && self.start == self.end;
        Ok(((status, body.bytes), reusable))
    }

    /// Moves `length` body bytes into `body`, reading as needed.
    async fn read_exactly(&mut self, body: &mut Body, mut length: u64) -> Result<(), ReadError> {
        loop {
            let available = self.end - self.start;
            let take = usize::try_from(length).map_or(available, |n| n.min(available));
            body.add(&self.buffer[self.start..self.start + take])?;
            self.start += take;
            length -= take as u64;
            if length == 0 {
                return Ok(());
            }
            self.fill_body(body).await?;
        }
    }

    /// Reads more bytes of a body whose framing says more are coming: the server closing (or
    /// failing) first breaks it off.
    async fn fill_body(&mut self, body: &mut Body) -> Result<(), ReadError> {
        match self.fill().await {
            Ok(0) => Err(body.broken_off(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ))),
            Ok(_) => Ok(()),
            Err(e) => Err(body.broken_off(e)),
        }
    }

    /// One CRLF-terminated line of the chunked framing, without its CRLF.
    async fn line(&mut self, body: &mut Body) -> Result<Vec<u8>, ReadError> {
        loop {
            let window = &self.buffer[self.start..self.end];
            if let Some(newline) = window.iter().position(|&b| b == b'\n') {
                if newline > MAX_LINE_BYTES {
                    break;
                }
                let Some(line) = window[..newline].strip_suffix(b"\r") else {
                    return Err(body.broken("a chunked line does not end in CRLF"));
                };
                let line = line.to_vec();
                self.start += newline + 1;
                return Ok(line);
            }
            if window.len() > MAX_LINE_BYTES {
                break;
            }
            self.fill_body(body).await?;
        }
        Err(body.broken("a chunk-size or trailer line is too long"))
    }

    /// Opens a `CONNECT` tunnel to `target` through the proxy this connection reached.
    pub(super) async fn tunnel(
        &mut self,
        target: &Target<'_>,
        proxy: &Proxy,
    ) -> Result<(), (String, Option<Cause>)> {
        let mut request = format!(
            "CONNECT {0}:{1} HTTP/1.1\r\nHost: {0}:{1}\r\n",
            bracketed(target.host),
            target.port
        );
        if let Some(authorization) = &proxy.authorization {
            request.push_str("Proxy-Authorization: ");
            request.push_str(authorization);
            request.push_str("\r\n");
        }
        request.push_str("\r\n");
        let failed = |e: io::Error| (format!("the tunnel failed ({e})"), Some(Cause::new(e)));
        self.stream
            .write_all(request.as_bytes())
            .await
            .map_err(failed)?;
        self.stream.flush().await.map_err(failed)?;
        match self.read_head().await {
            Ok((status, _, _)) if (200..300).contains(&status) && self.start == self.end => Ok(()),
            Ok((status, _, _)) => Err((
                format!("the proxy refused the tunnel (HTTP {status})"),
                None,
            )),
            Err(ReadError::Broken(e)) => Err(failed(e)),
            Err(ReadError::Malformed(why)) => {
                Err((format!("the proxy's answer is malformed ({why})"), None))
            }
            Err(ReadError::Body { detail, .. }) => Err((detail, None)),
        }
    }
}

/// Appends `n` in decimal.
fn push_decimal(out: &mut Vec<u8>, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// The size of a chunk from its size line (`1a3f`, extensions after `;` ignored): 1 to 12 hex
/// digits.
fn chunk_size(line: &[u8]) -> Option<u64> {
    let hex = line.split(|&b| b == b';').next()?.trim_ascii();
    if hex.is_empty() || hex.len() > 12 || !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u64::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
}

/// What a response head says: the status, the body's framing and whether the connection may be
/// reused; `None` for an interim answer (`100 Continue`, `103 Early Hints`), after which the
/// final one follows.
fn head(response: &httparse::Response<'_, '_>) -> Result<Option<(u16, Framing, bool)>, ReadError> {
    let malformed = |why: &str| ReadError::Malformed(why.to_owned());
    let status = response.code.ok_or_else(|| malformed("no status"))?;
    if status == 101 {
        return Err(malformed("an unasked-for 101"));
    }
    if (100..200).contains(&status) {
        return Ok(None);
    }
    let mut reusable = response.version == Some(1);
    let mut length: Option<&[u8]> = None;
    let mut chunked = None;
    for header in response.headers.iter() {
        let value = header.value.trim_ascii();
        if header.name.eq_ignore_ascii_case("content-length") {
            let number =
                !value.is_empty() && value.len() <= 15 && value.iter().all(u8::is_ascii_digit);
            if !number || length.is_some_and(|l| l != value) {
                return Err(malformed("the Content-Length is not one number"));
            }
            length = Some(value);
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            // The last coding decides (a later header line comes later in the list).
            let last = value.rsplit(|&b| b == b',').next().unwrap_or_default();
            chunked = Some(last.trim_ascii().eq_ignore_ascii_case(b"chunked"));
        } else if header.name.eq_ignore_ascii_case("connection")
            && value
                .split(|&b| b == b',')
                .any(|t| t.trim_ascii().eq_ignore_ascii_case(b"close"))
        {
            reusable = false;
        }
    }
    let framing = if status == 204 || status == 304 {
        Framing::Empty
    } else if let Some(chunked) = chunked {
        // Transfer-Encoding overrides Content-Length (RFC 9112 §6.3); a coding other than a
        // final chunked runs until the server closes.
        reusable = reusable && length.is_none();
        if chunked {
            Framing::Chunked
        } else {
            Framing::UntilClose
        }
    } else if let Some(length) = length {
        let digits = std::str::from_utf8(length).unwrap_or_default();
        Framing::Length(
            digits
                .parse()
                .map_err(|_| malformed("the Content-Length is not one number"))?,
        )
    } else {
        Framing::UntilClose
    };
    Ok(Some((status, framing, reusable)))
}

/// The body read so far, within its limit.
struct Body {
    status: u16,
    limit: u64,
    bytes: Vec<u8>,
}

impl Body {
    fn add(&mut self, bytes: &[u8]) -> Result<(), ReadError> {
        if (self.bytes.len() + bytes.len()) as u64 > self.limit {
            return Err(self.too_large());
        }
        self.bytes.extend_from_slice(bytes);
        Ok(())
    }

    /// The body is over the limit: what arrived is dropped, not carried in the error.
    fn too_large(&mut self) -> ReadError {
        self.bytes = Vec::new();
        self.broken(&format!(
            "the response body is larger than {} bytes",
            self.limit
        ))
    }

    fn broken_off(&mut self, e: io::Error) -> ReadError {
        ReadError::Body {
            status: self.status,
            partial: std::mem::take(&mut self.bytes),
            detail: format!("the body broke off ({e})"),
            source: Some(Cause::new(e)),
        }
    }

    fn broken(&mut self, why: &str) -> ReadError {
        ReadError::Body {
            status: self.status,
            partial: std::mem::take(&mut self.bytes),
            detail: why.to_owned(),
            source: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_sizes() {
        assert_eq!(chunk_size(b"1a3F"), Some(0x1a3f));
        assert_eq!(chunk_size(b"0"), Some(0));
        assert_eq!(chunk_size(b"10 ; name=value"), Some(16));
        for bad in [&b""[..], b"-1", b"0x10", b"g", b"1234567890abc"] {
            assert_eq!(chunk_size(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn decimals() {
        for n in [0, 7, 10, 409, usize::MAX] {
            let mut out = Vec::new();
            push_decimal(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }
}
