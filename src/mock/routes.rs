//! Which gateway (and API) answers a request path.

use std::collections::BTreeMap;

use crate::model::{Envelope, Model, Routing};

/// What a path leads to, as indexes into `Model::gateways` and `Gateway::apis`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// A `method_parameter` gateway: the API is named by a parameter.
    Method { gateway: usize },
    /// A `path` gateway: the path names the API.
    Api { gateway: usize, api: usize },
    /// A `method_parameter` gateway's batch endpoint (`/router/batch`).
    Batch { gateway: usize },
    /// The OAuth token endpoint (`/token`) of the TOP-style gateways.
    Token,
}

/// Paths under this prefix belong to the mock itself.
pub const CONTROL_PREFIX: &str = "/__mock/";

#[derive(Debug)]
pub struct Routes {
    by_path: BTreeMap<String, (Route, String)>,
}

/// The path of an endpoint URL (`https://gw.api.taobao.com/router/rest` → `/router/rest`),
/// without a trailing `/`.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.trim_end_matches('/').to_string()
}

impl Routes {
    /// Every gateway of the model on one port; two gateways claiming one path is an error.
    pub fn new(model: &Model) -> Result<Self, String> {
        let mut by_path: BTreeMap<String, (Route, String)> = BTreeMap::new();
        let mut token_claimed = false;
        for (g, gateway) in model.gateways.iter().enumerate() {
            let base = gateway
                .endpoints
                .iter()
                .find(|e| e.default)
                .or(gateway.endpoints.first())
                .map(|e| url_path(&e.url))
                .unwrap_or_default();
            let mut claims = Vec::new();
            match gateway.routing {
                Routing::MethodParameter { .. } => {
                    let path = if base.is_empty() {
                        "/".to_string()
                    } else {
                        base.clone()
                    };
                    claims.push((
                        path,
                        Route::Method { gateway: g },
                        format!("gateway {}", gateway.name),
                    ));
                    // The batch endpoint: the last path segment replaced by `batch`.
                    if let Some((parent, _)) = base.rsplit_once('/').filter(|_| !base.is_empty()) {
                        let owner = format!("batch calls of gateway {}", gateway.name);
                        claims.push((
                            format!("{parent}/batch"),
                            Route::Batch { gateway: g },
                            owner,
                        ));
                    }
                    if gateway.envelope == Envelope::Top && !token_claimed {
                        token_claimed = true;
                        claims.push((
                            "/token".to_string(),
                            Route::Token,
                            "OAuth token endpoint".to_string(),
                        ));
                    }
                }
                Routing::Path => {
                    for (a, api) in gateway.apis.iter().enumerate() {
                        let path = format!("{base}{}", api.path.as_deref().unwrap_or(""));
                        claims.push((
                            path,
                            Route::Api { gateway: g, api: a },
                            format!("{} on gateway {}", api.name, gateway.name),
                        ));
                    }
                }
            }
            for (path, route, owner) in claims {
                if path.starts_with(CONTROL_PREFIX) {
                    return Err(format!(
                        "{owner} wants the path {path}, which the mock keeps for its control endpoints"
                    ));
                }
                if let Some((_, other)) = by_path.get(&path) {
                    return Err(format!(
                        "{owner} and {other} both answer on {path}; serve them from separate mocks (--specs)"
                    ));
                }
                by_path.insert(path, (route, owner));
            }
        }
        Ok(Routes { by_path })
    }

    pub fn find(&self, path: &str) -> Option<Route> {
        let trimmed = path.trim_end_matches('/');
        self.by_path
            .get(if trimmed.is_empty() { "/" } else { trimmed })
            .map(|(r, _)| *r)
    }

    /// `(path, what answers there)`, sorted by path.
    pub fn list(&self) -> impl Iterator<Item = (&str, &str)> {
        self.by_path
            .iter()
            .map(|(p, (_, owner))| (p.as_str(), owner.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::url_path;

    #[test]
    fn endpoint_paths() {
        assert_eq!(
            url_path("https://gw.api.taobao.com/router/rest"),
            "/router/rest"
        );
        assert_eq!(url_path("https://open.fw199.com"), "");
        assert_eq!(url_path("https://open.fw199.com/"), "");
    }
}
