//! The HTTP/1.1 transport under the clients (features `async` / `blocking`): TCP on Tokio, TLS
//! with rustls and the platform's trust store, connections kept alive in one pool per client,
//! one write per request, and a small, strict response reader (`http_conn`), run inside the
//! caller's future — no task per connection, no channel per call. Proxies (`http_proxy`) come
//! from the settings or the environment; HTTPS goes through a `CONNECT` tunnel, so the proxy
//! never sees the request. Nothing follows a redirect. Failures are sorted into the contract's
//! kinds: `connect` (nothing was sent), `connection` (maybe sent), `invalid_body` (the gateway
//! answered, but its body broke off or is too large). The attempt's deadline is the caller's.

use std::fmt;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use tokio::net::TcpStream;
use tokio_rustls::rustls;

use super::config::ClientConfig;
use super::error::{Cause, Error};
use super::http_conn::{Answer, Conn, Key, ReadError, Stream};
use super::http_proxy::{Proxies, Proxy};
use super::http_target::Target;

/// Idle pooled connections are closed after this long (below the usual 5 s server keep-alive).
const IDLE: Duration = Duration::from_secs(4);
/// Idle connections kept per client; more are closed.
const MAX_IDLE: usize = 64;

/// One client's transport: its settings, its proxies and its pool. Cheap to clone (shared).
#[derive(Clone)]
pub(crate) struct Http {
    shared: Arc<Shared>,
}

struct Shared {
    connect_timeout: Duration,
    max_response_bytes: u64,
    proxies: Proxies,
    extra_roots: Vec<rustls::pki_types::CertificateDer<'static>>,
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

impl Http {
    /// The transport for `config`: its connect timeout, body limit, proxy and extra roots. The
    /// environment's proxies are read now; an unusable `proxy` setting or extra roots that are
    /// not PEM certificates are refused now (a proxy variable that is not usable fails the calls
    /// it would carry, naming itself).
    pub(crate) fn new(config: &ClientConfig) -> Result<Self, Error> {
        let refused = |detail| Error::Connect {
            detail,
            source: None,
        };
        let extra_roots = match &config.extra_root_certificates {
            Some(pem) => pem_certificates(pem).map_err(refused)?,
            None => Vec::new(),
        };
        let proxies = match &config.proxy {
            Some(proxy) => Proxies::fixed(proxy).map_err(refused)?,
            None => Proxies::from_env(|name| std::env::var(name).ok()),
        };
        Ok(Self {
            shared: Arc::new(Shared {
                connect_timeout: config.connect_timeout,
                max_response_bytes: config.max_response_bytes,
                proxies,
                extra_roots,
                tls: OnceLock::new(),
                idle: Mutex::new(Vec::new()),
            }),
        })
    }

    /// POSTs `body` to `url` and reads the status and the whole answer. `idempotent` decides
    /// whether a failure after sending says that the outcome is unknown. `deadline` is the
    /// attempt's (the caller enforces it; connecting shares what is left of it); `sent` turns
    /// true just before the first byte of the request is written.
    pub(crate) async fn post(
        &self,
        url: &str,
        content_type: &str,
        body: &[u8],
        idempotent: bool,
        deadline: Option<tokio::time::Instant>,
        sent: &AtomicBool,
    ) -> Result<Answer, Error> {
        let target = Target::parse(url).map_err(|why| Error::Connect {
            detail: format!("the URL {why}"),
            source: None,
        })?;
        let proxy = self.shared.proxies.for_target(&target)?;
        let mut conn = match self.take(&target) {
            Some(conn) => conn,
            None => self.open(&target, proxy, deadline).await?,
        };
        let broken = |e: io::Error| Error::Connection {
            outcome_unknown: !idempotent,
            detail: e.to_string(),
            source: Some(Cause::new(e)),
        };
        sent.store(true, Ordering::Relaxed);
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
                detail: format!("malformed response: {why}"),
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

    /// The most recently used idle connection to `target` that is still in step: the server has
    /// not closed it and nothing arrived on it since its last answer.
    fn take(&self, target: &Target<'_>) -> Option<Conn> {
        loop {
            let candidate = {
                let now = Instant::now();
                let mut idle = self
                    .shared
                    .idle
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                idle.retain(|i| now.duration_since(i.since) < IDLE);
                let at = idle.iter().rposition(|i| i.conn.key.is(target))?;
                idle.remove(at)
            };
            // Asked outside the lock (a system call, and TLS records to process).
            let mut conn = candidate.conn;
            if conn.is_open() {
                return Some(conn);
            }
        }
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
    /// timeout and the attempt's `deadline`: DNS, TCP, the proxy's tunnel and TLS.
    async fn open(
        &self,
        target: &Target<'_>,
        proxy: Option<&Proxy>,
        deadline: Option<tokio::time::Instant>,
    ) -> Result<Conn, Error> {
        let limit = self.shared.connect_timeout;
        let place = match proxy {
            Some(p) => format!("{} (proxy)", p.authority),
            None => target.authority.to_owned(),
        };
        // A connect timeout too long to add (`Duration::MAX`: none) leaves the attempt's own.
        let own = tokio::time::Instant::now().checked_add(limit);
        // Whichever ends first: the connect timeout, or the attempt's total timeout.
        let (deadline, total_first) = match (own, deadline) {
            (Some(own), Some(total)) if total < own => (Some(total), true),
            (None, Some(total)) => (Some(total), true),
            (own, _) => (own, false),
        };
        let connecting = self.connect(target, proxy, deadline);
        let connected = match deadline {
            Some(deadline) => tokio::time::timeout_at(deadline, connecting).await,
            None => Ok(connecting.await),
        };
        match connected {
            Ok(Ok(conn)) => Ok(conn),
            Ok(Err((why, source))) => Err(Error::Connect {
                detail: format!("{place}: {why}"),
                source,
            }),
            Err(_) if total_first => Err(Error::Connect {
                detail: format!("{place}: no connection within the total timeout"),
                source: None,
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
        deadline: Option<tokio::time::Instant>,
    ) -> Result<Conn, (String, Option<Cause>)> {
        let io_error = |e: io::Error| (e.to_string(), Some(Cause::new(e)));
        let (host, port) = proxy.map_or((target.host, target.port), |p| (&*p.host, p.port));
        let addresses: Vec<_> = tokio::net::lookup_host((host, port))
            .await
            .map_err(io_error)?
            .collect();
        // Each address gets an equal share of the time left, so one that never answers (a
        // broken IPv6 route) leaves time for the next.
        let mut last = None;
        let mut tcp = None;
        for (i, address) in addresses.iter().enumerate() {
            let share = deadline.map(|d| {
                d.saturating_duration_since(tokio::time::Instant::now())
                    / u32::try_from(addresses.len() - i).unwrap_or(u32::MAX)
            });
            let connecting = TcpStream::connect(address);
            let connected = match share {
                Some(share) => tokio::time::timeout(share, connecting).await,
                None => Ok(connecting.await),
            };
            match connected {
                Ok(Ok(stream)) => {
                    tcp = Some(stream);
                    break;
                }
                Ok(Err(e)) => last = Some(e),
                Err(_) => {
                    last = Some(io::Error::new(
                        io::ErrorKind::TimedOut,
                        format!("{address} did not answer in time"),
                    ));
                }
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
            .get_or_init(|| tls_connector(self.shared.extra_roots.clone()))
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

/// The certificates of PEM text: at least one, and nothing that fails to parse.
fn pem_certificates(pem: &[u8]) -> Result<Vec<rustls::pki_types::CertificateDer<'static>>, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject as _;
    let roots = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("the extra root certificates are not PEM certificates ({e})"))?;
    if roots.is_empty() {
        return Err("the extra root certificates hold no PEM certificate".to_owned());
    }
    Ok(roots)
}

/// The TLS settings: rustls (aws-lc-rs, rustls' default) with the platform's roots plus
/// `extra_roots`, only HTTP/1.1 offered.
fn tls_connector(
    extra_roots: Vec<rustls::pki_types::CertificateDer<'static>>,
) -> Result<tokio_rustls::TlsConnector, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier =
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra_roots, provider.clone())
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

struct Idle {
    conn: Conn,
    since: Instant,
}
