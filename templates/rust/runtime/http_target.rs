//! Where a request goes: its URL read strictly, so nothing in it can change the request line or
//! the `Host` header.

/// Where a request goes, read from its URL: `http[s]://host[:port][/path][?query]`, visible
/// ASCII only (a space, a control character or a non-ASCII character would change the request
/// line or the `Host` header), no credentials, the fragment dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Target<'a> {
    pub(super) secure: bool,
    /// `host[:port]` as the URL writes it: the `Host` header, and the place in messages.
    pub(super) authority: &'a str,
    /// The host without the brackets of an IPv6 address.
    pub(super) host: &'a str,
    pub(super) port: u16,
    /// The path and query, at least `/`.
    pub(super) path: &'a str,
    /// `path` needs a leading `/` written before it (the URL had a query and no path).
    pub(super) slash: bool,
}

impl<'a> Target<'a> {
    pub(super) fn parse(url: &'a str) -> Result<Self, String> {
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

/// The host as it goes into `host:port`: an IPv6 address in brackets.
pub(super) fn bracketed(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    }
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
}
