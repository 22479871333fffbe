//! The proxy of a request: the client's `proxy` setting, else the environment (`HTTPS_PROXY`,
//! `HTTP_PROXY`, `NO_PROXY`, with the CGI "httpoxy" guard).

use std::fmt;

use base64::Engine as _;

use super::error::Error;
use super::http_target::{Target, bracketed};

/// An HTTP proxy: where it listens, and its Basic credentials if its URL had any.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Proxy {
    pub(super) host: Box<str>,
    pub(super) port: u16,
    pub(super) authority: Box<str>,
    pub(super) authorization: Option<Box<str>>,
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
pub(super) struct Proxies {
    http: Option<Result<Proxy, String>>,
    https: Option<Result<Proxy, String>>,
    bypass: Vec<String>,
}

impl Proxies {
    /// The `proxy` setting: that proxy for every request, or none when it is empty; `Err` says
    /// why it is unusable.
    pub(super) fn fixed(proxy: &str) -> Result<Self, String> {
        let parsed = if proxy.is_empty() {
            None
        } else {
            Some(Ok(Proxy::parse(proxy).map_err(|why| {
                format!("the `proxy` setting is not usable: {why}")
            })?))
        };
        Ok(Self {
            http: parsed.clone(),
            https: parsed,
            bypass: Vec::new(),
        })
    }

    /// `HTTPS_PROXY` / `HTTP_PROXY` (lower case first) and `NO_PROXY`, as `var` reads them. A CGI
    /// process (`REQUEST_METHOD` set) ignores `HTTP_PROXY`, as Python's urllib does ("httpoxy",
    /// CVE-2016-1000110: the web server sets it from the request's `Proxy` header); only a
    /// lower-case `http_proxy` counts there, and none on Windows, whose names ignore case.
    pub(super) fn from_env(var: impl Fn(&str) -> Option<String>) -> Self {
        // The variable that was set, and its value.
        let get = |name: &str| {
            let lower = name.to_ascii_lowercase();
            match var(&lower).filter(|v| !v.is_empty()) {
                Some(value) => Some((lower, value)),
                None => var(name)
                    .filter(|v| !v.is_empty())
                    .map(|value| (name.to_owned(), value)),
            }
        };
        let http = if var("REQUEST_METHOD").is_none() {
            get("HTTP_PROXY")
        } else if cfg!(windows) {
            None
        } else {
            var("http_proxy")
                .filter(|v| !v.is_empty())
                .map(|value| ("http_proxy".to_owned(), value))
        };
        // Named in the error, never its value (it may hold credentials).
        let parse = |(name, value): (String, String)| {
            Proxy::parse(&value).map_err(|why| format!("{name} is not usable: {why}"))
        };
        Self {
            http: http.map(parse),
            https: get("HTTPS_PROXY").map(parse),
            bypass: get("NO_PROXY")
                .map(|(_, value)| value)
                .unwrap_or_default()
                .split(',')
                .map(|e| e.trim().to_ascii_lowercase())
                .filter(|e| !e.is_empty())
                .collect(),
        }
    }

    /// The proxy for `target`, or `None` to connect directly.
    pub(super) fn for_target(&self, target: &Target<'_>) -> Result<Option<&Proxy>, Error> {
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
                || *entry == format!("{}:{port}", bracketed(&host))
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
        let refused = || {
            "a proxy is an http:// URL with a host (https:// and socks proxies are not supported)"
                .to_owned()
        };
        let rest = match text.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some(_) => return Err(refused()),
            None => text,
        };
        // The authority ends at the path (ignored), query or fragment; credentials cannot hold
        // `/` or `@` unescaped, so the last `@` before that end separates them.
        let rest = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
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
        let v6 = Proxies::from_env(env(&[("NO_PROXY", "[::1]:8443")]));
        assert!(v6.bypassed("::1", 8443));
        assert!(!v6.bypassed("::1", 443));
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
        // A path is ignored; an `@` in it does not make credentials.
        let p = Proxy::parse("http://proxy:3128/x@y").unwrap();
        assert_eq!(
            (&*p.authority, p.authorization.is_none()),
            ("proxy:3128", true)
        );
        for bad in ["socks5://h:1", "https://h:1", "http://", "http://h:x"] {
            assert!(Proxy::parse(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(Proxies::fixed("").unwrap().http.is_none());
        let refused = Proxies::fixed("socks5://user:secret@h:1").unwrap_err();
        assert!(
            refused.starts_with("the `proxy` setting is not usable"),
            "{refused}"
        );
        assert!(!refused.contains("secret"), "{refused}");
        let env = Proxies::from_env(env(&[("https_proxy", "https://user:secret@h:1")]));
        let Some(Err(why)) = &env.https else {
            panic!("an https:// proxy was accepted")
        };
        assert!(why.starts_with("https_proxy is not usable"), "{why}");
        assert!(!why.contains("secret"), "{why}");
    }
}
