//! The HTTP/1.1 transport under the generated Rust clients, against servers this test starts on
//! 127.0.0.1: keep-alive reuse, chunked and interim answers, connections retired when out of step
//! or closed while idle, malformed heads, plain HTTP and HTTPS through a proxy (a `CONNECT`
//! tunnel whose TLS is checked against the endpoint's name, not the proxy's), certificates
//! trusted only when a root says so, and URLs that would change the request line. Every wait is
//! bounded.
//!
//! The TLS fixtures (`fixtures/tls`): `ca.pem`, a test root (its key was thrown away), and
//! `localhost.pem` / `localhost-key.pem`, a server certificate it signed for `localhost` and
//! `127.0.0.1`, both valid for 100 years (openssl, P-256).

mod common;

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use common::negotiate_request;
use taobao_top::{BlockingClient, ClientConfig, Error, ErrorKind};
use tokio_rustls::rustls;
use topgen_e2e_rust::samples::{OUTCOME_UNKNOWN, SESSION, TOP_APP_KEY, TOP_SECRET};

/// The gateway's answer to a negotiate call, with its 18-digit id.
const ANSWER: &str = r#"{"refund_negotiatereturn_response":{"request_id":"10ef3avfhm3xe","negotiate_id":110056431137563058}}"#;
/// Its request id.
const ID: &str = "10ef3avfhm3xe";
const BOUND: Duration = Duration::from_secs(10);

fn config(url: &str) -> ClientConfig {
    ClientConfig::new(TOP_APP_KEY, TOP_SECRET)
        .url(url)
        .proxy("")
        .timeout(Duration::from_secs(5))
}

/// A moment for what the server just did (a FIN, a record) to reach the client's socket.
fn settle() {
    thread::sleep(Duration::from_millis(20));
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/tls/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A request as the server read it: the head's lines and the body.
#[derive(Debug, Clone, Default)]
struct Seen {
    lines: Vec<String>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.lines.iter().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Reads one request (head and `Content-Length` body); `None` when the client closed first.
fn read_request(reader: &mut impl std::io::BufRead) -> Option<Seen> {
    let mut seen = Seen::default();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() {
            break;
        }
        seen.lines.push(line);
    }
    let length: usize = seen
        .header("content-length")
        .map_or(0, |v| v.parse().expect("a Content-Length"));
    seen.body = vec![0; length];
    reader.read_exact(&mut seen.body).ok()?;
    Some(seen)
}

/// A keep-alive answer with a `Content-Length`.
fn answer(body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// A server on 127.0.0.1: each connection is served by `serve(connection number, reader,
/// stream)` on a thread of its own; the requests it read and the connections it accepted are
/// counted.
struct Server {
    port: u16,
    accepted: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

type Serve =
    dyn Fn(usize, &mut BufReader<TcpStream>, &mut TcpStream, &Mutex<Vec<Seen>>) + Send + Sync;

impl Server {
    fn start(
        serve: impl Fn(usize, &mut BufReader<TcpStream>, &mut TcpStream, &Mutex<Vec<Seen>>)
        + Send
        + Sync
        + 'static,
    ) -> Self {
        Self::start_limited(50, serve)
    }

    /// At most `limit` connections are accepted.
    fn start_limited(
        limit: usize,
        serve: impl Fn(usize, &mut BufReader<TcpStream>, &mut TcpStream, &Mutex<Vec<Seen>>)
        + Send
        + Sync
        + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let port = listener.local_addr().expect("the port").port();
        let accepted = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let serve: Arc<Serve> = Arc::new(serve);
        let (count, record) = (accepted.clone(), seen.clone());
        thread::spawn(move || {
            for stream in listener.incoming().take(limit) {
                let Ok(mut stream) = stream else { continue };
                let n = count.fetch_add(1, Ordering::SeqCst);
                let (serve, record) = (serve.clone(), record.clone());
                thread::spawn(move || {
                    stream.set_read_timeout(Some(BOUND)).ok();
                    let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
                    serve(n, &mut reader, &mut stream, &record);
                });
            }
        });
        Self {
            port,
            accepted,
            seen,
        }
    }

    /// Answers every request on every connection with `reply(request number on the connection)`.
    fn replying(reply: impl Fn(usize) -> String + Send + Sync + 'static) -> Self {
        Self::start(move |_, reader, stream, seen| {
            let mut n = 0;
            while let Some(request) = read_request(reader) {
                seen.lock().unwrap().push(request);
                if stream.write_all(reply(n).as_bytes()).is_err() {
                    return;
                }
                n += 1;
            }
        })
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/router/rest", self.port)
    }

    fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// One refund write (`taobao.refund.negotiatereturn`, not idempotent); the answer's request id.
fn call(client: &BlockingClient) -> Result<String, Error> {
    let response = client.execute(&negotiate_request(), Some(SESSION))?;
    Ok(response.request_id.expect("the request id"))
}

/// Asserts that `error` is of `kind` and says `words`.
fn expect_error(error: &Error, kind: ErrorKind, words: &str) {
    assert_eq!(error.kind(), kind, "{error}");
    assert!(error.to_string().contains(words), "{error}");
}

/// The error of one call to a server that answers every request with `reply`.
fn error_for(reply: String) -> Error {
    let server = Server::replying(move |_| reply.clone());
    let client = BlockingClient::new(config(&server.url())).unwrap();
    call(&client).expect_err("the answer was accepted")
}

#[test]
fn calls_one_after_another_share_one_connection() {
    let server = Server::replying(|_| answer(ANSWER));
    let client = BlockingClient::new(config(&server.url())).unwrap();
    for _ in 0..5 {
        assert_eq!(call(&client).unwrap(), ID);
    }
    assert_eq!(server.accepted(), 1);
    let seen = server.seen();
    assert_eq!(seen.len(), 5);
    assert_eq!(seen[0].lines[0], "POST /router/rest HTTP/1.1");
    assert_eq!(
        seen[0].header("host"),
        Some(format!("127.0.0.1:{}", server.port).as_str())
    );
    assert_eq!(
        seen[0].header("content-type"),
        Some("application/x-www-form-urlencoded;charset=utf-8")
    );
    assert!(
        std::str::from_utf8(&seen[0].body)
            .unwrap()
            .contains("method=taobao.refund.negotiatereturn")
    );
}

#[test]
fn chunked_answers_with_extensions_and_trailers_are_read_and_the_connection_kept() {
    let server = Server::replying(|_| {
        let (a, b) = ANSWER.split_at(40);
        format!(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{:x};name=value\r\n{a}\r\n{:X}\r\n{b}\r\n0\r\nX-Trailer: 1\r\n\r\n",
            a.len(),
            b.len()
        )
    });
    let client = BlockingClient::new(config(&server.url())).unwrap();
    assert_eq!(call(&client).unwrap(), ID);
    assert_eq!(call(&client).unwrap(), ID);
    assert_eq!(server.accepted(), 1);
}

#[test]
fn interim_answers_are_skipped() {
    let server = Server::replying(|_| {
        format!(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n{}",
            answer(ANSWER)
        )
    });
    let client = BlockingClient::new(config(&server.url())).unwrap();
    assert_eq!(call(&client).unwrap(), ID);
}

#[test]
fn bytes_after_an_answer_retire_the_connection() {
    let server = Server::replying(|_| format!("{}HTTP/1.1 200 OK\r\n", answer(ANSWER)));
    let client = BlockingClient::new(config(&server.url())).unwrap();
    assert_eq!(call(&client).unwrap(), ID);
    assert_eq!(call(&client).unwrap(), ID);
    assert_eq!(
        server.accepted(),
        2,
        "the out-of-step connection was reused"
    );
}

#[test]
fn a_connection_the_server_closed_while_idle_is_not_reused_for_a_write() {
    // The server answers one request per connection, then closes it without saying so.
    let (closed, wait) = mpsc::channel();
    let server = Server::start(move |_, reader, stream, seen| {
        if let Some(request) = read_request(reader) {
            seen.lock().unwrap().push(request);
            stream.write_all(answer(ANSWER).as_bytes()).ok();
            stream.shutdown(Shutdown::Both).ok();
            closed.send(()).ok();
        }
    });
    let client = BlockingClient::new(config(&server.url())).unwrap();
    assert_eq!(call(&client).unwrap(), ID);
    wait.recv_timeout(BOUND).expect("the server closes");
    settle();
    // A refund write: were the closed connection reused, this would be an unknown outcome.
    assert_eq!(call(&client).unwrap(), ID);
    assert_eq!(server.accepted(), 2);
    assert_eq!(server.seen().len(), 2);
}

#[test]
fn answers_that_are_not_http_are_connection_errors_with_an_unknown_outcome() {
    for (reply, why) in [
        ("HTTP/1.1 abc OK\r\n\r\n", "malformed response"),
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
            "Content-Length is not one number",
        ),
        ("HTTP/1.1 101 Switching Protocols\r\n\r\n", "101"),
        ("SSH-2.0-OpenSSH_9.6\r\n\r\n", "malformed response"),
    ] {
        let error = error_for(reply.to_owned());
        assert_eq!(error.kind(), ErrorKind::Connection, "{reply:?}: {error}");
        assert!(error.to_string().contains(why), "{reply:?}: {error}");
        assert!(error.to_string().contains(OUTCOME_UNKNOWN), "{error}");
    }
}

#[test]
fn a_head_that_never_ends_is_refused_at_16_kib() {
    let error = error_for(format!("HTTP/1.1 200 OK\r\nX-Long: {}", "a".repeat(40_000)));
    expect_error(
        &error,
        ErrorKind::Connection,
        "the response head is too long",
    );
}

#[test]
fn plain_http_through_a_proxy_names_the_whole_url_and_carries_its_credentials() {
    let proxy = Server::replying(|_| answer(ANSWER));
    let client = BlockingClient::new(
        config("http://gateway.invalid:8081/router/rest")
            .proxy(format!("http://user:p%40ss@127.0.0.1:{}", proxy.port)),
    )
    .unwrap();
    assert_eq!(call(&client).unwrap(), ID);
    let seen = proxy.seen();
    assert_eq!(
        seen[0].lines[0],
        "POST http://gateway.invalid:8081/router/rest HTTP/1.1"
    );
    assert_eq!(seen[0].header("host"), Some("gateway.invalid:8081"));
    // base64("user:p@ss"), from `printf 'user:p@ss' | base64`.
    assert_eq!(
        seen[0].header("proxy-authorization"),
        Some("Basic dXNlcjpwQHNz")
    );
    let printed = format!("{:?}", client.config());
    assert!(printed.contains("http://***@127.0.0.1"), "{printed}");
    assert!(!printed.contains("p%40ss"), "{printed}");
}

#[test]
fn urls_that_would_change_the_request_are_refused_before_connecting() {
    let server = Server::replying(|_| answer(ANSWER));
    for url in [
        format!("{}\r\nX-Injected: 1", server.url()),
        format!("{} HTTP/1.0", server.url()),
        format!("http://user:pw@127.0.0.1:{}/router/rest", server.port),
        "ftp://127.0.0.1/router/rest".to_owned(),
    ] {
        let client = BlockingClient::new(config(&url)).unwrap();
        let error = call(&client).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Connect, "{url:?}: {error}");
        assert!(!error.to_string().contains("pw"), "{error}");
    }
    assert_eq!(server.accepted(), 0);
}

/// A TLS server for `localhost` / `127.0.0.1` (the fixture certificate) on 127.0.0.1, answering
/// every request with [`ANSWER`]; it counts the requests that reached it.
fn tls_server() -> (u16, Arc<AtomicUsize>) {
    tls_server_then(|tls| tls.flush().is_ok())
}

/// A TLS session of the test server.
type Tls = rustls::StreamOwned<rustls::ServerConnection, TcpStream>;

/// [`tls_server`], handing each answer to `after` written into the session but not yet sent:
/// `after` sends it (`flush`), with whatever it adds, and says whether to go on serving (when it
/// does not, the TCP connection is held open for a while, then closed).
fn tls_server_then(
    after: impl Fn(&mut Tls) -> bool + Send + Sync + 'static,
) -> (u16, Arc<AtomicUsize>) {
    let after = Arc::new(after);
    use rustls::pki_types::pem::PemObject as _;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_slice_iter(&fixture("localhost.pem"))
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(&fixture("localhost-key.pem")).unwrap();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let tls = Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let requests = Arc::new(AtomicUsize::new(0));
    let count = requests.clone();
    thread::spawn(move || {
        for stream in listener.incoming().take(20) {
            let Ok(stream) = stream else { continue };
            let (tls, count, after) = (tls.clone(), count.clone(), after.clone());
            thread::spawn(move || {
                stream.set_read_timeout(Some(BOUND)).ok();
                let connection = rustls::ServerConnection::new(tls).unwrap();
                let mut stream = BufReader::new(rustls::StreamOwned::new(connection, stream));
                while read_request(&mut stream).is_some() {
                    count.fetch_add(1, Ordering::SeqCst);
                    let tls = stream.get_mut();
                    if tls
                        .conn
                        .writer()
                        .write_all(answer(ANSWER).as_bytes())
                        .is_err()
                    {
                        return;
                    }
                    if !after(tls) {
                        thread::sleep(BOUND);
                        return;
                    }
                }
            });
        }
    });
    (port, requests)
}

/// A `CONNECT` proxy that tunnels every request to `127.0.0.1:<to>`, whatever host it names;
/// it records the `CONNECT` lines.
fn connect_proxy(to: u16) -> Server {
    Server::start(move |_, reader, stream, seen| {
        let Some(request) = read_request(reader) else {
            return;
        };
        seen.lock().unwrap().push(request);
        let Ok(upstream) = TcpStream::connect(("127.0.0.1", to)) else {
            return;
        };
        stream
            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
            .ok();
        let (mut up_read, mut up_write) = (upstream.try_clone().unwrap(), upstream);
        let mut down = stream.try_clone().unwrap();
        let mut from_client =
            std::mem::replace(reader, BufReader::new(stream.try_clone().unwrap()));
        let pump = thread::spawn(move || {
            // What the reader had buffered past the CONNECT head goes first.
            let buffered = from_client.buffer().to_vec();
            up_write.write_all(&buffered).ok();
            from_client.consume(buffered.len());
            std::io::copy(from_client.get_mut(), &mut up_write).ok();
            up_write.shutdown(Shutdown::Write).ok();
        });
        std::io::copy(&mut up_read, &mut down).ok();
        down.shutdown(Shutdown::Write).ok();
        pump.join().ok();
    })
}

fn ca() -> Vec<u8> {
    fixture("ca.pem")
}

#[test]
fn https_is_trusted_only_through_a_root() {
    let (port, requests) = tls_server();
    let url = format!("https://localhost:{port}/router/rest");
    let trusted = BlockingClient::new(config(&url).extra_root_certificates(ca())).unwrap();
    assert_eq!(call(&trusted).unwrap(), ID);
    assert_eq!(call(&trusted).unwrap(), ID);
    assert_eq!(requests.load(Ordering::SeqCst), 2);
    let untrusted = BlockingClient::new(config(&url)).unwrap();
    let error = call(&untrusted).unwrap_err();
    expect_error(&error, ErrorKind::Connect, "certificate");
    assert_eq!(
        requests.load(Ordering::SeqCst),
        2,
        "a request went over an untrusted connection"
    );
    let not_pem = BlockingClient::new(
        config(&url).extra_root_certificates(b"-----BEGIN CERTIFICATE-----\nnot base64\n".to_vec()),
    )
    .unwrap_err();
    assert_eq!(not_pem.kind(), ErrorKind::Connect);
}

#[test]
fn https_through_a_proxy_tunnels_and_checks_the_endpoints_name() {
    let (port, requests) = tls_server();
    let proxy = connect_proxy(port);
    let through = |host: &str| {
        BlockingClient::new(
            config(&format!("https://{host}:{port}/router/rest"))
                .proxy(format!("127.0.0.1:{}", proxy.port))
                .extra_root_certificates(ca()),
        )
        .unwrap()
    };
    assert_eq!(call(&through("localhost")).unwrap(), ID);
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    let connect = &proxy.seen()[0];
    assert_eq!(
        connect.lines[0],
        format!("CONNECT localhost:{port} HTTP/1.1")
    );
    // The certificate names localhost and 127.0.0.1 (the proxy's address), not this host: were
    // it checked against the proxy's name, the call would go through.
    let error = call(&through("gateway.invalid")).unwrap_err();
    expect_error(&error, ErrorKind::Connect, "certificate");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[test]
fn a_proxy_that_refuses_the_tunnel_is_a_connect_error() {
    let proxy = Server::replying(|_| {
        "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n".to_owned()
    });
    let client = BlockingClient::new(
        config("https://localhost:9/router/rest").proxy(format!("http://127.0.0.1:{}", proxy.port)),
    )
    .unwrap();
    let error = call(&client).unwrap_err();
    expect_error(&error, ErrorKind::Connect, "407");
    assert!(error.to_string().contains("(proxy)"), "{error}");
}

/// The async client works from any thread of a multi-thread runtime: it is `Send + Sync`, and so
/// is the future of a call (checked by the compiler here).
#[test]
fn the_async_client_and_its_calls_are_send() {
    fn send<T: Send>(value: T) -> T {
        value
    }
    fn shared<T: Send + Sync + Clone>(value: &T) -> T {
        value.clone()
    }
    let server = Server::replying(|_| answer(ANSWER));
    let client = taobao_top::Client::new(config(&server.url())).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let request = negotiate_request();
    let id = runtime.block_on(async {
        let client = shared(&client);
        send(client.execute(&request, Some(SESSION))).await
    });
    assert_eq!(id.unwrap().request_id.as_deref(), Some(ID));
}

/// A small seeded generator (xorshift64*), so a failing case can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }
}

/// `answer` changed by one to three random edits: a byte replaced, the answer cut short, a
/// slice repeated, or framing-like text inserted.
fn mutate(rng: &mut Rng, answer: &[u8]) -> Vec<u8> {
    const INSERTS: [&[u8]; 8] = [
        b"\r\n",
        b"\r\n\r\n",
        b"Content-Length: 99999999\r\n",
        b"Transfer-Encoding: chunked\r\n",
        b"ffffffffffff\r\n",
        b":",
        b"\x00\xff",
        b"HTTP/1.1 100 Continue\r\n\r\n",
    ];
    let mut bytes = answer.to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => bytes[at] = (rng.next() & 0xff) as u8,
            1 => bytes.truncate(at),
            2 => {
                let end = (at + rng.below(32)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => {
                let insert = INSERTS[rng.below(INSERTS.len())];
                bytes.splice(at..at, insert.iter().copied());
            }
        }
        if bytes.is_empty() {
            bytes.push(b'H');
        }
    }
    bytes
}

/// Hostile answers: seeded mutations of well-formed ones (`Content-Length`, chunked, after an
/// interim answer), each served on a connection of its own that the server then closes. Every
/// call ends well inside its deadline with the answer or one of the transport's typed errors —
/// never a panic, a hang or a secret in the message. `HOSTILE_CASES` sets the number of cases
/// (default 300; the long run in the README uses 20,000).
#[test]
fn hostile_answers_end_in_typed_errors_in_bounded_time() {
    let cases: usize = std::env::var("HOSTILE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let (a, b) = ANSWER.split_at(50);
    let bases = [
        answer(ANSWER),
        format!(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
            a.len(),
            b.len()
        ),
        format!("HTTP/1.1 100 Continue\r\n\r\n{}", answer(ANSWER)),
    ];
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let answers: Vec<Vec<u8>> = (0..cases)
        .map(|i| mutate(&mut rng, bases[i % bases.len()].as_bytes()))
        .collect();
    let answers = Arc::new(answers);
    let served = answers.clone();
    let server = Server::start_limited(cases, move |n, reader, stream, _| {
        if read_request(reader).is_some() {
            stream.write_all(&served[n]).ok();
        }
        stream.shutdown(Shutdown::Both).ok();
    });
    for (i, bytes) in answers.iter().enumerate() {
        // A client of its own per case, so case `i` is the server's connection `i`.
        let client =
            BlockingClient::new(config(&server.url()).timeout(Duration::from_secs(3))).unwrap();
        let started = std::time::Instant::now();
        let result = client.execute(&negotiate_request(), Some(SESSION));
        let elapsed = started.elapsed();
        let shown = String::from_utf8_lossy(bytes);
        assert!(
            elapsed < Duration::from_secs(3),
            "case {i} took {elapsed:?}: {shown:?}"
        );
        if let Err(error) = result {
            assert!(
                matches!(
                    error.kind(),
                    ErrorKind::Connection
                        | ErrorKind::InvalidBody
                        | ErrorKind::HttpStatus
                        | ErrorKind::Gateway
                ),
                "case {i}: {error:?} for {shown:?}"
            );
            let text = format!("{error} {error:?}");
            assert!(
                !text.contains(TOP_SECRET) && !text.contains(SESSION),
                "case {i}: {text}"
            );
        }
    }
}

#[test]
fn answers_that_end_the_connection_are_not_reused() {
    for reply in [
        format!(
            "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{ANSWER}",
            ANSWER.len()
        ),
        format!(
            "HTTP/1.0 200 OK\r\nContent-Length: {}\r\n\r\n{ANSWER}",
            ANSWER.len()
        ),
        // Transfer-Encoding with Content-Length: read as chunked, but the connection is suspect.
        format!(
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{ANSWER}\r\n0\r\n\r\n",
            ANSWER.len()
        ),
    ] {
        let server = Server::replying({
            let reply = reply.clone();
            move |_| reply.clone()
        });
        let client = BlockingClient::new(config(&server.url())).unwrap();
        assert_eq!(call(&client).unwrap(), ID, "{reply:?}");
        assert_eq!(call(&client).unwrap(), ID, "{reply:?}");
        assert_eq!(server.accepted(), 2, "{reply:?}");
    }
}

#[test]
fn bytes_that_arrive_after_an_answer_retire_the_connection() {
    // The stray bytes come 50 ms after the answer: only asking the socket finds them.
    let (written, wait) = mpsc::channel();
    let stray = Server::start(move |_, reader, stream, seen| {
        while let Some(request) = read_request(reader) {
            seen.lock().unwrap().push(request);
            stream.write_all(answer(ANSWER).as_bytes()).ok();
            thread::sleep(Duration::from_millis(50));
            stream.write_all(b"HTTP/1.1 200 OK\r\n").ok();
            written.send(()).ok();
        }
    });
    let client = BlockingClient::new(config(&stray.url())).unwrap();
    assert_eq!(call(&client).unwrap(), ID);
    wait.recv_timeout(BOUND)
        .expect("the stray bytes are written");
    settle();
    assert_eq!(call(&client).unwrap(), ID);
    assert_eq!(
        stray.accepted(),
        2,
        "the connection with stray bytes was reused"
    );
    // The same over TLS, where the stray bytes arrive as a record of their own.
    let (written, wait) = mpsc::channel();
    let (port, requests) = tls_server_then(move |tls| {
        tls.flush().ok();
        thread::sleep(Duration::from_millis(50));
        tls.write_all(b"HTTP/1.1 200 OK\r\n")
            .and_then(|()| tls.flush())
            .ok();
        written.send(()).ok();
        true
    });
    let client = BlockingClient::new(
        config(&format!("https://localhost:{port}/router/rest")).extra_root_certificates(ca()),
    )
    .unwrap();
    assert_eq!(call(&client).unwrap(), ID);
    wait.recv_timeout(BOUND)
        .expect("the stray record is written");
    settle();
    assert_eq!(call(&client).unwrap(), ID);
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

#[test]
fn a_tls_connection_the_server_closed_with_its_answer_is_not_reused() {
    // `close_notify` comes in the same flight as the answer, and the TCP connection stays open:
    // only what rustls read along with the answer tells that the session is over.
    let (port, requests) = tls_server_then(|tls| {
        tls.conn.send_close_notify();
        tls.flush().ok();
        false
    });
    let client = BlockingClient::new(
        config(&format!("https://localhost:{port}/router/rest"))
            .extra_root_certificates(ca())
            .timeout(Duration::from_secs(3)),
    )
    .unwrap();
    assert_eq!(call(&client).unwrap(), ID);
    assert_eq!(call(&client).unwrap(), ID);
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

#[test]
fn broken_chunked_framing_is_an_invalid_body_with_what_arrived() {
    for (reply, why) in [
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\nzz\r\n",
            "a chunk size is not hexadecimal",
        ),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}xx\r\n0\r\n\r\n",
            "a chunk is longer than its size",
        ),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\n{}\r\n0\r\n\r\n",
            "does not end in CRLF",
        ),
    ] {
        let error = error_for(reply.to_owned());
        assert_eq!(error.kind(), ErrorKind::InvalidBody, "{reply:?}: {error}");
        assert!(error.to_string().contains(why), "{reply:?}: {error}");
    }
}

#[test]
fn endless_interim_answers_and_trailers_are_cut_off() {
    let error = error_for(format!(
        "{}{}",
        "HTTP/1.1 100 Continue\r\n\r\n".repeat(9),
        answer(ANSWER)
    ));
    expect_error(&error, ErrorKind::Connection, "more than 8 interim answers");
    let error = error_for(format!(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{{}}\r\n0\r\n{}\r\n",
        format!("X-Trailer: {}\r\n", "a".repeat(90)).repeat(200)
    ));
    expect_error(
        &error,
        ErrorKind::InvalidBody,
        "trailers are longer than 16 KiB",
    );
}

#[test]
fn https_to_an_ip_address_checks_the_address_in_the_certificate() {
    let (port, requests) = tls_server();
    let client = BlockingClient::new(
        config(&format!("https://127.0.0.1:{port}/router/rest")).extra_root_certificates(ca()),
    )
    .unwrap();
    assert_eq!(call(&client).unwrap(), ID);
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[test]
fn unusable_proxy_settings_and_roots_are_refused_without_their_secrets() {
    let error = BlockingClient::new(config("http://127.0.0.1:9/").proxy("socks5://u:hunter2@h:1"))
        .unwrap_err();
    expect_error(&error, ErrorKind::Connect, "`proxy` setting is not usable");
    assert!(
        !format!("{error} {error:?}").contains("hunter2"),
        "{error:?}"
    );
    let error = BlockingClient::new(
        config("https://localhost:9/router/rest")
            .extra_root_certificates(b"no certificate here".to_vec()),
    )
    .unwrap_err();
    expect_error(&error, ErrorKind::Connect, "hold no PEM certificate");
}

/// Hostile answers on connections the server keeps open: a call that waits for bytes that never
/// come ends at its deadline as `timeout`, never later. Cases run side by side.
#[test]
fn hostile_answers_on_open_connections_end_by_the_deadline() {
    let cases = 60;
    let deadline = Duration::from_millis(500);
    let (a, b) = ANSWER.split_at(50);
    let bases = [
        answer(ANSWER),
        format!(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
            a.len(),
            b.len()
        ),
    ];
    let mut rng = Rng(0x0bad_cafe_f00d_0001);
    let answers: Vec<Vec<u8>> = (0..cases)
        .map(|i| mutate(&mut rng, bases[i % bases.len()].as_bytes()))
        .collect();
    let answers = Arc::new(answers);
    let served = answers.clone();
    // Each connection says which case it is in its first request's path.
    let server = Server::start_limited(cases, move |_, reader, stream, _| {
        if let Some(request) = read_request(reader) {
            let case: usize = request.lines[0]
                .split(['/', ' '])
                .find_map(|part| part.strip_prefix("case").and_then(|n| n.parse().ok()))
                .expect("a case number");
            stream.write_all(&served[case]).ok();
            thread::sleep(BOUND);
        }
    });
    let threads: Vec<_> = (0..cases)
        .map(|i| {
            let url = format!("http://127.0.0.1:{}/case{i}", server.port);
            thread::spawn(move || {
                let client = BlockingClient::new(config(&url).timeout(deadline)).unwrap();
                let started = std::time::Instant::now();
                let result = client.execute(&negotiate_request(), Some(SESSION));
                (started.elapsed(), result.err().map(|e| e.kind()))
            })
        })
        .collect();
    let mut timeouts = 0;
    for (i, thread) in threads.into_iter().enumerate() {
        let (elapsed, kind) = thread.join().expect("no panic");
        let shown = String::from_utf8_lossy(&answers[i]);
        assert!(
            elapsed < deadline + Duration::from_secs(3),
            "case {i} took {elapsed:?}: {shown:?}"
        );
        timeouts += usize::from(kind == Some(ErrorKind::Timeout));
        assert!(
            matches!(
                kind,
                None | Some(
                    ErrorKind::Timeout
                        | ErrorKind::Connection
                        | ErrorKind::InvalidBody
                        | ErrorKind::HttpStatus
                        | ErrorKind::Gateway
                )
            ),
            "case {i}: {kind:?} for {shown:?}"
        );
    }
    assert!(timeouts > 0, "no case waited for bytes that never came");
}

#[test]
fn a_deadline_that_ends_before_anything_is_sent_is_a_connect_error() {
    // A proxy that takes the connection and never answers the CONNECT: the attempt's total
    // timeout (1 s, inside the 10 s connect timeout) ends it before the request is written, so
    // the write cannot have been applied.
    let proxy = Server::start(|_, reader, _, _| {
        read_request(reader);
        thread::sleep(BOUND);
    });
    let client = BlockingClient::new(
        config("https://localhost:9/router/rest")
            .proxy(format!("127.0.0.1:{}", proxy.port))
            .timeout(Duration::from_secs(1)),
    )
    .unwrap();
    let error = call(&client).unwrap_err();
    expect_error(
        &error,
        ErrorKind::Connect,
        "no connection within the total timeout",
    );
    assert!(!error.to_string().contains(OUTCOME_UNKNOWN), "{error}");
}

#[test]
fn timeouts_too_long_to_add_mean_no_timeout() {
    // `Duration::MAX` is a common way to say "no timeout": nothing may overflow on it.
    let server = Server::replying(|_| answer(ANSWER));
    let client = BlockingClient::new(
        config(&server.url())
            .connect_timeout(Duration::MAX)
            .timeout(Duration::MAX),
    )
    .unwrap();
    assert_eq!(call(&client).unwrap(), ID);
}
