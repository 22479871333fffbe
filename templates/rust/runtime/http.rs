//! The HTTP/1.1 transport under the clients (features `async` / `blocking`): TCP on Tokio, TLS
//! with rustls and the platform's trust store, connections kept alive in one pool per client,
//! one write per request, and a small, strict response reader (RFC 9112: `Content-Length`,
//! chunked, or until the server closes), run inside the caller's future — no task per
//! connection, no channel per call. Proxies come from the settings or the environment
//! (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`); HTTPS goes through a `CONNECT` tunnel, so the proxy
//! never sees the request. Nothing follows a redirect. Failures are sorted into the contract's
//! kinds: `connect` (nothing was sent), `connection` (maybe sent), `invalid_body` (the gateway
//! answered, but its body broke off or is too large). The attempt's deadline is the caller's.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use base64::Engine as _;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls;

use super::config::ClientConfig;
use super::error::{Cause, Error};

/// Idle pooled connections are closed after this long (below the usual 5 s server keep-alive).
const IDLE: Duration = Duration::from_secs(4);
/// A connection idle for less than this is reused without asking its socket whether the server
/// closed it: a close sent right after an answer can still be in flight on any real network, so
/// the question only pays for connections that sat idle (keep-alive timeouts are seconds).
const FRESH: Duration = Duration::from_millis(1);
/// Idle connections kept per client; more are closed.
const MAX_IDLE: usize = 64;
/// Each connection's read buffer, and so the longest response head read.
const BUFFER_BYTES: usize = 16 * 1024;
/// The longest chunk-size or trailer line read.
const MAX_LINE_BYTES: usize = 4 * 1024;
/// Response headers read at most.
const MAX_HEADERS: usize = 100;
/// Bodies up to this size are copied behind the head and written at once; larger ones follow it.
const COPY_BODY_BYTES: usize = 64 * 1024;
/// Room reserved up front for an announced body: a large announcement is not trusted.
const RESERVE_BYTES: u64 = 64 * 1024;

/// One client's transport: its settings, its proxies and its pool. Cheap to clone (shared).
#[derive(Clone)]
pub(crate) struct Http {
    shared: Arc<Shared>,
}

struct Shared {
    connect_timeout: Duration,
    max_response_bytes: u64,
    proxies: Proxies,
    extra_roots: Option<Arc<[u8]>>,
    /// Built at the first HTTPS call (loading the platform's roots takes a while).
    tls: OnceLock<Result<tokio_rustls::TlsConnector, String>>,
    idle: Mutex<Vec<Idle>>,
}

impl fmt::Debug for Http {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let idle = self
            .shared
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len();
        f.debug_struct("Http")
            .field("proxies", &self.shared.proxies)
            .field("idle_connections", &idle)
            .finish_non_exhaustive()
    }
}

/// What one POST returned: the HTTP status and the whole body.
pub(crate) type Answer = (u16, Vec<u8>);

impl Http {
    /// The transport for `config`: its connect timeout, body limit, proxy and extra roots. The
    /// environment's proxies are read now.
    pub(crate) fn new(config: &ClientConfig) -> Self {
        let proxies = match &config.proxy {
            Some(proxy) => Proxies::fixed(proxy),
            None => Proxies::from_env(|name| std::env::var(name).ok()),
        };
        Self {
            shared: Arc::new(Shared {
                connect_timeout: config.connect_timeout,
                max_response_bytes: config.max_response_bytes,
                proxies,
                extra_roots: config.extra_root_certificates.clone(),
                tls: OnceLock::new(),
                idle: Mutex::new(Vec::new()),
            }),
        }
    }

    /// POSTs `body` to `url` and reads the status and the whole answer. `idempotent` decides
    /// whether a failure after sending says that the outcome is unknown.
    pub(crate) async fn post(
        &self,
        url: &str,
        content_type: &str,
        body: &[u8],
        idempotent: bool,
    ) -> Result<Answer, Error> {
        let target = Target::parse(url).map_err(|why| Error::Connect {
            detail: format!("the URL {why}"),
            source: None,
        })?;
        let proxy = self.shared.proxies.for_target(&target)?;
        let mut conn = match self.take(&target) {
            Some(conn) => conn,
            None => self.open(&target, proxy).await?,
        };
        let broken = |e: io::Error| Error::Connection {
            outcome_unknown: !idempotent,
            detail: format!("the connection failed ({e})"),
            source: Some(Cause::new(e)),
        };
        conn.write_request(&target, proxy, content_type, body)
            .await
            .map_err(broken)?;
        match conn.read_response(self.shared.max_response_bytes).await {
            Ok((answer, reusable)) => {
                if reusable {
                    self.release(conn);
                }
                Ok(answer)
            }
            Err(ReadError::Broken(e)) => Err(broken(e)),
            Err(ReadError::Malformed(why)) => Err(Error::Connection {
                outcome_unknown: !idempotent,
                detail: format!("the connection failed (malformed response: {why})"),
                source: None,
            }),
            Err(ReadError::Body {
                status,
                partial,
                detail,
                source,
            }) => Err(Error::InvalidBody {
                status,
                body: String::from_utf8_lossy(&partial).into_owned(),
                detail,
                source,
            }),
        }
    }

    /// The most recently used idle connection to `target` that the server has not closed (asked
    /// when it has been idle for [`FRESH`] or longer).
    fn take(&self, target: &Target<'_>) -> Option<Conn> {
        let now = Instant::now();
        let mut idle = self
            .shared
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        idle.retain(|i| now.duration_since(i.since) < IDLE);
        while let Some(at) = idle.iter().rposition(|i| i.conn.key.is(target)) {
            let candidate = idle.remove(at);
            if now.duration_since(candidate.since) < FRESH || candidate.conn.is_open() {
                return Some(candidate.conn);
            }
        }
        None
    }

    fn release(&self, conn: Conn) {
        let mut idle = self
            .shared
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if idle.len() < MAX_IDLE {
            idle.push(Idle {
                conn,
                since: Instant::now(),
            });
        }
    }

    /// A new connection to `target` (through `proxy` when there is one), within the connect
    /// timeout: DNS, TCP, the proxy's tunnel and TLS.
    async fn open(&self, target: &Target<'_>, proxy: Option<&Proxy>) -> Result<Conn, Error> {
        let limit = self.shared.connect_timeout;
        let place = match proxy {
            Some(p) => format!("{} (proxy)", p.authority),
            None => target.authority.to_owned(),
        };
        match tokio::time::timeout(limit, self.connect(target, proxy)).await {
            Ok(Ok(conn)) => Ok(conn),
            Ok(Err((why, source))) => Err(Error::Connect {
                detail: format!("{place}: {why}"),
                source,
            }),
            Err(_) => Err(Error::Connect {
                detail: format!("{place}: no connection within the connect timeout of {limit:?}"),
                source: None,
            }),
        }
    }

    async fn connect(
        &self,
        target: &Target<'_>,
        proxy: Option<&Proxy>,
    ) -> Result<Conn, (String, Option<Cause>)> {
        let io_error = |e: io::Error| (e.to_string(), Some(Cause::new(e)));
        let (host, port) = proxy.map_or((target.host, target.port), |p| (&*p.host, p.port));
        let mut last = None;
        let mut tcp = None;
        for address in tokio::net::lookup_host((host, port))
            .await
            .map_err(io_error)?
        {
            match TcpStream::connect(address).await {
                Ok(stream) => {
                    tcp = Some(stream);
                    break;
                }
                Err(e) => last = Some(e),
            }
        }
        let tcp = match (tcp, last) {
            (Some(tcp), _) => tcp,
            (None, Some(e)) => return Err(io_error(e)),
            (None, None) => return Err((format!("{host} has no address"), None)),
        };
        tcp.set_nodelay(true).map_err(io_error)?;
        let mut conn = Conn::new(Stream::Plain(tcp), Key::of(target));
        if !target.secure {
            return Ok(conn);
        }
        if let Some(proxy) = proxy {
            conn.tunnel(target, proxy).await?;
        }
        let tls = self
            .shared
            .tls
            .get_or_init(|| tls_connector(self.shared.extra_roots.as_deref()))
            .clone()
            .map_err(|why| (why, None))?;
        let name =
            rustls::pki_types::ServerName::try_from(target.host.to_owned()).map_err(|e| {
                (
                    format!("{} is not a host name for TLS", target.host),
                    Some(Cause::new(e)),
                )
            })?;
        let Conn {
            stream: Stream::Plain(tcp),
            key,
            ..
        } = conn
        else {
            unreachable!("a new connection is plain TCP until TLS starts")
        };
        let tls = tls.connect(name, tcp).await.map_err(|e| {
            (
                format!("the TLS handshake failed ({e})"),
                Some(Cause::new(e)),
            )
        })?;
        Ok(Conn::new(Stream::Tls(Box::new(tls)), key))
    }
}

/// The TLS settings: rustls (aws-lc-rs, rustls' default) with the platform's roots plus
/// `extra_roots` (PEM), only HTTP/1.1 offered.
fn tls_connector(extra_roots: Option<&[u8]>) -> Result<tokio_rustls::TlsConnector, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject as _;
    let roots = match extra_roots {
        Some(pem) => CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("the extra root certificates are not PEM certificates ({e})"))?,
        None => Vec::new(),
    };
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier =
        rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider.clone())
            .map_err(|e| format!("the platform's trust store could not be read ({e})"))?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS could not be set up ({e})"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(tokio_rustls::TlsConnector::from(Arc::new(config)))
}

/// Where a request goes, read from its URL: `http[s]://host[:port][/path][?query]`, visible
/// ASCII only (a space, a control character or a non-ASCII character would change the request
/// line or the `Host` header), no credentials, the fragment dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Target<'a> {
    secure: bool,
    /// `host[:port]` as the URL writes it: the `Host` header, and the place in messages.
    authority: &'a str,
    /// The host without the brackets of an IPv6 address.
    host: &'a str,
    port: u16,
    /// The path and query, at least `/`.
    path: &'a str,
    /// `path` needs a leading `/` written before it (the URL had a query and no path).
    slash: bool,
}

impl<'a> Target<'a> {
    fn parse(url: &'a str) -> Result<Self, String> {
        let url = url.split('#').next().unwrap_or_default();
        if let Some(bad) = url.bytes().find(|b| !b.is_ascii_graphic()) {
            return Err(format!(
                "has {} in it; write it percent-encoded",
                match bad {
                    b' ' => "a space",
                    b if b.is_ascii_control() => "a control character",
                    _ => "a non-ASCII character",
                }
            ));
        }
        let (secure, rest) = match url.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => (true, rest),
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => (false, rest),
            _ => return Err("is not an http:// or https:// URL".to_owned()),
        };
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        if authority.contains('@') {
            return Err("has credentials in it; the gateway takes none there".to_owned());
        }
        let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
            let (host, after) = inner
                .split_once(']')
                .ok_or_else(|| "has an IPv6 address without its closing `]`".to_owned())?;
            if host.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(format!("has `[{host}]`, which is not an IPv6 address"));
            }
            (host, after)
        } else {
            let at = authority.find(':').unwrap_or(authority.len());
            authority.split_at(at)
        };
        let host_ok = !host.is_empty()
            && (authority.starts_with('[')
                || host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_'));
        if !host_ok {
            return Err(
                "has no host name, or one with characters a host name cannot have".to_owned(),
            );
        }
        let port = match port {
            "" => {
                if secure {
                    443
                } else {
                    80
                }
            }
            p => match p
                .strip_prefix(':')
                .filter(|d| (1..=5).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|d| d.parse::<u16>().ok())
            {
                Some(p) if p != 0 => p,
                _ => return Err(format!("has the port `{p}`; a port is 1 to 65535")),
            },
        };
        Ok(Self {
            secure,
            authority,
            host,
            port,
            path: if path.is_empty() { "/" } else { path },
            slash: path.starts_with('?'),
        })
    }
}

/// A pooled connection's place: its scheme, host and port (the proxy, if any, follows from
/// them).
struct Key {
    secure: bool,
    host: Box<str>,
    port: u16,
}

impl Key {
    fn of(target: &Target<'_>) -> Self {
        Self {
            secure: target.secure,
            host: target.host.into(),
            port: target.port,
        }
    }

    fn is(&self, target: &Target<'_>) -> bool {
        self.secure == target.secure && self.port == target.port && *self.host == *target.host
    }
}

struct Idle {
    conn: Conn,
    since: Instant,
}

/// The bytes under a connection: TCP, or TLS over TCP.
enum Stream {
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
enum ReadError {
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
struct Conn {
    stream: Stream,
    /// Where it goes.
    key: Key,
    buffer: Box<[u8]>,
    start: usize,
    end: usize,
    /// Where each request is assembled (kept to reuse its allocation).
    out: Vec<u8>,
}

impl Conn {
    fn new(stream: Stream, key: Key) -> Self {
        Self {
            stream,
            key,
            buffer: vec![0; BUFFER_BYTES].into_boxed_slice(),
            start: 0,
            end: 0,
            out: Vec::new(),
        }
    }

    /// Whether an idle connection is still open: nothing arrived on it, and the server did not
    /// close it. One non-blocking peek at the socket itself (not Tokio's readiness, which is
    /// stale when no runtime ran while the connection was idle, as between blocking calls); a
    /// connection with unasked-for bytes is not reused either.
    fn is_open(&self) -> bool {
        let tcp = match &self.stream {
            Stream::Plain(tcp) => tcp,
            Stream::Tls(tls) => tls.get_ref().0,
        };
        let mut probe = [std::mem::MaybeUninit::uninit(); 1];
        matches!(
            socket2::SockRef::from(tcp).peek(&mut probe),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock
        )
    }

    /// Writes the request line, the headers and the body (one write when the body is small).
    async fn write_request(
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
        loop {
            if let Some(head) = self.parse_head()? {
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

    /// The final head in the buffer, consumed (interim ones before it too); `None` when more
    /// bytes are needed.
    fn parse_head(&mut self) -> Result<Option<(u16, Framing, bool)>, ReadError> {
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
    async fn read_response(&mut self, limit: u64) -> Result<(Answer, bool), ReadError> {
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
                let line = self.line(&body).await?;
                let size = chunk_size(&line)
                    .ok_or_else(|| body.broken("a chunk size is not hexadecimal", None))?;
                if size == 0 {
                    while !self.line(&body).await?.is_empty() {}
                    break;
                }
                self.read_exactly(&mut body, size).await?;
                if !self.line(&body).await?.is_empty() {
                    return Err(body.broken("a chunk is longer than its size", None));
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
            match self.fill().await {
                Ok(0) => {
                    return Err(body.broken_off(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the server closed the connection",
                    )));
                }
                Ok(_) => {}
                Err(e) => return Err(body.broken_off(e)),
            }
        }
    }

    /// One CRLF-terminated line of the chunked framing, without its CRLF.
    async fn line(&mut self, body: &Body) -> Result<Vec<u8>, ReadError> {
        loop {
            let window = &self.buffer[self.start..self.end];
            if let Some(newline) = window.iter().position(|&b| b == b'\n') {
                if newline > MAX_LINE_BYTES {
                    break;
                }
                let Some(line) = window[..newline].strip_suffix(b"\r") else {
                    return Err(body.broken("a chunked line does not end in CRLF", None));
                };
                let line = line.to_vec();
                self.start += newline + 1;
                return Ok(line);
            }
            if window.len() > MAX_LINE_BYTES {
                break;
            }
            match self.fill().await {
                Ok(0) => {
                    return Err(body.broken_off(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the server closed the connection",
                    )));
                }
                Ok(_) => {}
                Err(e) => return Err(body.broken_off(e)),
            }
        }
        Err(body.broken("a chunk-size or trailer line is too long", None))
    }

    /// Opens a `CONNECT` tunnel to `target` through the proxy this connection reached.
    async fn tunnel(
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

/// The host as it goes into `host:port`: an IPv6 address in brackets.
fn bracketed(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
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
            let room = usize::try_from(self.limit).unwrap_or(usize::MAX) - self.bytes.len();
            self.bytes.extend_from_slice(&bytes[..room]);
            return Err(self.too_large());
        }
        self.bytes.extend_from_slice(bytes);
        Ok(())
    }

    fn too_large(&self) -> ReadError {
        self.broken(
            &format!("the response body is larger than {} bytes", self.limit),
            None,
        )
    }

    fn broken_off(&self, e: io::Error) -> ReadError {
        ReadError::Body {
            status: self.status,
            partial: self.bytes.clone(),
            detail: format!("the body broke off ({e})"),
            source: Some(Cause::new(e)),
        }
    }

    fn broken(&self, why: &str, source: Option<Cause>) -> ReadError {
        ReadError::Body {
            status: self.status,
            partial: self.bytes.clone(),
            detail: why.to_owned(),
            source,
        }
    }
}

/// An HTTP proxy: where it listens, and its Basic credentials if its URL had any.
#[derive(Clone, PartialEq, Eq)]
struct Proxy {
    host: Box<str>,
    port: u16,
    authority: Box<str>,
    authorization: Option<Box<str>>,
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The credentials are a secret of their own.
        f.debug_struct("Proxy")
            .field("authority", &self.authority)
            .finish_non_exhaustive()
    }
}

/// The proxy per scheme (or why its URL is unusable), and the hosts that go direct.
#[derive(Debug)]
struct Proxies {
    http: Option<Result<Proxy, String>>,
    https: Option<Result<Proxy, String>>,
    bypass: Vec<String>,
}

impl Proxies {
    /// The `proxy` setting: that proxy for every request, or none when it is empty.
    fn fixed(proxy: &str) -> Self {
        let parsed = (!proxy.is_empty()).then(|| Proxy::parse(proxy));
        Self {
            http: parsed.clone(),
            https: parsed,
            bypass: Vec::new(),
        }
    }

    /// `HTTPS_PROXY` / `HTTP_PROXY` (lower case first) and `NO_PROXY`, as `var` reads them. A CGI
    /// process (`REQUEST_METHOD` set) ignores `HTTP_PROXY`, as Python's urllib does ("httpoxy",
    /// CVE-2016-1000110: the web server sets it from the request's `Proxy` header); only a
    /// lower-case `http_proxy` counts there, and none on Windows, whose names ignore case.
    fn from_env(var: impl Fn(&str) -> Option<String>) -> Self {
        let get = |name: &str| {
            var(&name.to_ascii_lowercase())
                .filter(|v| !v.is_empty())
                .or_else(|| var(name).filter(|v| !v.is_empty()))
        };
        let http = if var("REQUEST_METHOD").is_none() {
            get("HTTP_PROXY")
        } else if cfg!(windows) {
            None
        } else {
            var("http_proxy").filter(|v| !v.is_empty())
        };
        Self {
            http: http.map(|p| Proxy::parse(&p)),
            https: get("HTTPS_PROXY").map(|p| Proxy::parse(&p)),
            bypass: get("NO_PROXY")
                .unwrap_or_default()
                .split(',')
                .map(|e| e.trim().to_ascii_lowercase())
                .filter(|e| !e.is_empty())
                .collect(),
        }
    }

    /// The proxy for `target`, or `None` to connect directly.
    fn for_target(&self, target: &Target<'_>) -> Result<Option<&Proxy>, Error> {
        let proxy = if target.secure {
            &self.https
        } else {
            &self.http
        };
        match proxy {
            None => Ok(None),
            Some(_) if self.bypassed(target.host, target.port) => Ok(None),
            Some(Ok(proxy)) => Ok(Some(proxy)),
            Some(Err(why)) => Err(Error::Connect {
                detail: why.clone(),
                source: None,
            }),
        }
    }

    /// Whether `NO_PROXY` names the host: `*`, the host itself, a parent domain, or `host:port`.
    fn bypassed(&self, host: &str, port: u16) -> bool {
        let host = host.to_ascii_lowercase();
        self.bypass.iter().any(|entry| {
            let domain = entry
                .strip_prefix("*.")
                .or_else(|| entry.strip_prefix('.'))
                .unwrap_or(entry);
            entry == "*"
                || *entry == format!("{host}:{port}")
                || host == domain
                || host
                    .strip_suffix(domain)
                    .is_some_and(|sub| sub.ends_with('.'))
        })
    }
}

impl Proxy {
    /// `http://[user:password@]host[:port][/]` (the scheme may be left out; the port defaults to
    /// 80); the credentials are percent-decoded into a Basic `Proxy-Authorization`.
    fn parse(text: &str) -> Result<Self, String> {
        let refused = || "the proxy must be an http:// URL with a host".to_owned();
        let rest = match text.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some(_) => return Err(refused()),
            None => text,
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let (credentials, authority) = match rest.rsplit_once('@') {
            Some((credentials, authority)) => (Some(credentials), authority),
            None => (None, rest),
        };
        let url = format!("http://{authority}/");
        let target = Target::parse(&url).map_err(|_| refused())?;
        let authorization = credentials.map(|c| {
            let decoded = percent_decode(c);
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(decoded)
            )
            .into()
        });
        Ok(Self {
            host: target.host.into(),
            port: target.port,
            authority: authority.into(),
            authorization,
        })
    }
}

/// `%XX` escapes decoded (a `%` without two hex digits stays as it is).
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let escaped = (bytes[at] == b'%')
            .then(|| bytes.get(at + 1..at + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                at += 3;
            }
            None => {
                out.push(bytes[at]);
                at += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_strictly() {
        let t = Target::parse("https://eco.taobao.com/router/rest").unwrap();
        assert_eq!(
            (t.secure, t.authority, t.host, t.port, t.path, t.slash),
            (
                true,
                "eco.taobao.com",
                "eco.taobao.com",
                443,
                "/router/rest",
                false
            )
        );
        let t = Target::parse("HTTP://127.0.0.1:8080?a=1#frag").unwrap();
        assert_eq!(
            (t.secure, t.authority, t.host, t.port, t.path, t.slash),
            (false, "127.0.0.1:8080", "127.0.0.1", 8080, "?a=1", true)
        );
        let t = Target::parse("http://[::1]:9/x").unwrap();
        assert_eq!((t.authority, t.host, t.port), ("[::1]:9", "::1", 9));
        for bad in [
            "ftp://x/",
            "eco.taobao.com/router/rest",
            "http:///path",
            "http://host:0/",
            "http://host:65536/",
            "http://host:+80/",
            "http://user:pw@host/",
            "http://host/a b",
            "http://host/a\r\nX-Injected: 1",
            "http://hôst/",
            "http://[::1/",
            "http://[nonsense]/",
            "http://ho$t/",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    fn authority(proxy: &Option<Result<Proxy, String>>) -> Option<&str> {
        proxy
            .as_ref()
            .and_then(|p| p.as_ref().ok())
            .map(|p| &*p.authority)
    }

    #[test]
    fn proxies_come_from_the_environment_lower_case_first() {
        let p = Proxies::from_env(env(&[
            ("HTTP_PROXY", "http://upper:1"),
            ("http_proxy", "http://lower:2"),
            ("HTTPS_PROXY", "proxy.corp:3128"),
            ("NO_PROXY", " .Example.com, localhost:8080 ,"),
        ]));
        assert_eq!(authority(&p.http), Some("lower:2"));
        assert_eq!(authority(&p.https), Some("proxy.corp:3128"));
        assert_eq!(
            p.bypass,
            [".example.com", "localhost:8080"].map(String::from)
        );
        assert!(p.bypassed("api.EXAMPLE.com", 443));
        assert!(p.bypassed("example.com", 80));
        assert!(!p.bypassed("notexample.com", 80));
        assert!(p.bypassed("localhost", 8080));
        assert!(!p.bypassed("localhost", 8081));
    }

    #[test]
    fn a_cgi_process_ignores_upper_case_http_proxy() {
        let p = Proxies::from_env(env(&[
            ("REQUEST_METHOD", "GET"),
            ("HTTP_PROXY", "http://attacker:1"),
            ("HTTPS_PROXY", "http://corp:2"),
        ]));
        assert!(p.http.is_none());
        assert_eq!(authority(&p.https), Some("corp:2"));
        let p = Proxies::from_env(env(&[
            ("REQUEST_METHOD", "GET"),
            ("http_proxy", "http://ok:3"),
        ]));
        assert_eq!(authority(&p.http), Some("ok:3"));
    }

    #[test]
    fn proxy_urls_and_credentials() {
        let p = Proxy::parse("http://us%40er:p%3Ass@10.0.0.1:3128/").unwrap();
        assert_eq!(
            (&*p.host, p.port, &*p.authority),
            ("10.0.0.1", 3128, "10.0.0.1:3128")
        );
        // base64("us@er:p:ss"), computed independently: `printf 'us@er:p:ss' | base64`.
        assert_eq!(p.authorization.as_deref(), Some("Basic dXNAZXI6cDpzcw=="));
        assert!(!format!("{p:?}").contains("dXNA"));
        assert_eq!(Proxy::parse("proxy").unwrap().port, 80);
        for bad in ["socks5://h:1", "https://h:1", "http://", "http://h:x"] {
            assert!(Proxy::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(Proxies::fixed("").http.is_none());
    }

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
