//! The gateway's checks in its order: API, app key, timestamp, signature, session, fixed
//! parameters, then the API's own parameters (`params`). Every setting comes from the model.

use std::collections::BTreeMap;

use super::failure::{Failure, code};
use super::form::Params;
use super::routes::Route;
use super::time::parse_gmt8;
use super::{App, params, sign};
use crate::model::{Api, BlankValues, Gateway, Routing, TimestampFormat, Type};

/// What the checks found. `api` and `sign_valid` are known as far as the checks got.
#[derive(Debug)]
pub struct Verdict {
    pub api: Option<usize>,
    pub sign_valid: Option<bool>,
    pub result: Result<(), Failure>,
}

/// The clock and credentials the checks run against.
pub struct Context<'a> {
    pub apps: &'a [App],
    pub now: i64,
    pub skew_seconds: i64,
}

pub fn verify(gateway: &Gateway, route: Route, params: &Params, ctx: &Context) -> Verdict {
    let mut verdict = Verdict {
        api: None,
        sign_valid: None,
        result: Ok(()),
    };
    verdict.result = run(gateway, route, params, ctx, &mut verdict);
    verdict
}

/// The checks of one call inside a batch (`/router/batch`): the batch was signed as a whole, so
/// only the API, the session, fixed parameters and the API's own parameters are checked here.
/// `params` are the call's parameters merged with the batch's system parameters.
pub fn verify_batch_call(gateway: &Gateway, params: &Params) -> Verdict {
    let mut verdict = Verdict {
        api: None,
        sign_valid: None,
        result: Ok(()),
    };
    verdict.result = (|| {
        let sent = sent_map(gateway, params)?;
        let api_index = find_api(gateway, Route::Method { gateway: 0 }, &sent)?;
        verdict.api = Some(api_index);
        let api = &gateway.apis[api_index];
        if let Some(file) = api
            .params
            .iter()
            .find(|f| f.ty == Type::File && sent.contains_key(&f.name))
        {
            let name = &file.name;
            return Err(Failure::invalid(
                name,
                format!("{name}: files cannot be sent in a batch call"),
            ));
        }
        check_call(gateway, api, &sent, params)
    })();
    verdict
}

/// The batch-level checks of `/router/batch`: app key, timestamp and the signature over the query's
/// parameters with the whole `body` appended (docs/runtime-contract.md, "Batch calls").
/// Returns whether the signature was checked valid, and the verdict.
pub fn verify_batch(
    gateway: &Gateway,
    query: &Params,
    body: &str,
    ctx: &Context,
) -> (Option<bool>, Result<(), Failure>) {
    let mut sign_valid = None;
    let result = sent_map(gateway, query)
        .and_then(|sent| check_signed(gateway, &sent, body, ctx, &mut sign_valid));
    (sign_valid, result)
}

/// The parameters as the gateway sees them: one value per key; blanks dropped where the gateway
/// omits them (they count as unsent, and are not signed).
fn sent_map(gateway: &Gateway, params: &Params) -> Result<BTreeMap<String, String>, Failure> {
    let mut sent: BTreeMap<String, String> = BTreeMap::new();
    // A set, not a scan per parameter: a body may hold a hundred thousand parts of each kind.
    let file_names: std::collections::BTreeSet<&str> =
        params.files.iter().map(|f| f.name.as_str()).collect();
    for (k, v) in &params.text {
        if sent.contains_key(k) || file_names.contains(k.as_str()) {
            return Err(Failure::invalid(
                k,
                format!("{k}: sent more than once (query, body or file part)"),
            ));
        }
        sent.insert(k.clone(), v.clone());
    }
    if gateway.signing.blank_values == BlankValues::Omit {
        sent.retain(|_, v| !super::params::is_blank(v));
    }
    Ok(sent)
}

fn find_api(
    gateway: &Gateway,
    route: Route,
    sent: &BTreeMap<String, String>,
) -> Result<usize, Failure> {
    match (route, &gateway.routing) {
        (Route::Api { api, .. }, _) => Ok(api),
        (_, Routing::MethodParameter { parameter }) => {
            let name = sent
                .get(parameter)
                .ok_or_else(|| Failure::new(code::MISSING_METHOD, "Missing method"))?;
            gateway
                .apis
                .iter()
                .position(|a| &a.name == name)
                .ok_or_else(|| {
                    Failure::new(code::INVALID_METHOD, "Invalid method").detail(format!(
                        "this mock does not serve {}",
                        super::control::clip(name)
                    ))
                })
        }
        (_, Routing::Path) => Err(Failure::new(code::INVALID_METHOD, "Invalid method")
            .detail("this gateway routes APIs by path".to_string())),
    }
}

fn run(
    gateway: &Gateway,
    route: Route,
    params: &Params,
    ctx: &Context,
    verdict: &mut Verdict,
) -> Result<(), Failure> {
    let sent = sent_map(gateway, params)?;
    let api_index = find_api(gateway, route, &sent)?;
    verdict.api = Some(api_index);
    let api = &gateway.apis[api_index];
    check_signed(gateway, &sent, "", ctx, &mut verdict.sign_valid)?;
    check_call(gateway, api, &sent, params)
}

/// App key, timestamp, sign method and signature; `appended` follows the canonical string (the
/// batch body; empty for a single call).
fn check_signed(
    gateway: &Gateway,
    sent: &BTreeMap<String, String>,
    appended: &str,
    ctx: &Context,
    sign_valid: &mut Option<bool>,
) -> Result<(), Failure> {
    let key_param = &gateway.app_key_parameter;
    let key = sent.get(key_param).ok_or_else(|| {
        Failure::new(code::MISSING_APP_KEY, "Missing app key")
            .detail(format!("{key_param} is missing"))
    })?;
    let app = ctx
        .apps
        .iter()
        .find(|a| &a.key == key)
        .ok_or_else(|| Failure::new(code::INVALID_APP_KEY, "Invalid app Key"))?;

    check_timestamp(gateway, sent, ctx)?;

    let sign_param = &gateway.signing.parameter;
    let given = sent
        .get(sign_param)
        .ok_or_else(|| Failure::new(code::MISSING_SIGNATURE, "Missing signature"))?;
    let algorithm = match &gateway.signing.method_parameter {
        None => gateway.signing.default,
        Some(p) => {
            let name = sent.get(p).ok_or_else(|| Failure::missing(p))?;
            let supported = &gateway.signing.algorithms;
            crate::model::SignAlgorithm::from_wire_name(name)
                .filter(|a| supported.contains(a))
                .ok_or_else(|| {
                    let names: Vec<&str> = supported.iter().map(|a| a.wire_name()).collect();
                    Failure::invalid(
                        p,
                        format!(
                            "{p}: must be one of {}; got \"{}\"",
                            names.join(", "),
                            super::control::clip(name)
                        ),
                    )
                })?
        }
    };
    let signed: Vec<(&str, &str)> = sent
        .iter()
        .filter(|(k, _)| *k != sign_param)
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let canonical = sign::canonical(&signed) + appended;
    let expected = sign::sign(algorithm, app.secret(), &canonical, gateway.signing.hex);
    let valid = sign::same(&expected, given);
    *sign_valid = Some(valid);
    if !valid {
        let keys: Vec<&str> = signed.iter().map(|(k, _)| *k).collect();
        let body = if appended.is_empty() {
            ""
        } else {
            ", then the body"
        };
        return Err(
            Failure::new(code::INVALID_SIGNATURE, "Invalid signature").detail(format!(
                "checked {} with {} hex over {}{body}",
                algorithm.wire_name(),
                hex_case(gateway),
                keys.join(", ")
            )),
        );
    }
    Ok(())
}

/// Session, fixed parameters, then the API's own parameters.
fn check_call(
    gateway: &Gateway,
    api: &Api,
    sent: &BTreeMap<String, String>,
    params: &Params,
) -> Result<(), Failure> {
    if let Some(session) = gateway.session.as_ref().filter(|_| api.session_required)
        && !sent.contains_key(&session.parameter)
    {
        return Err(Failure::new(code::MISSING_SESSION, "Missing session")
            .detail(format!("{} is missing", session.parameter)));
    }
    for fixed in &gateway.fixed_parameters {
        match sent.get(&fixed.name) {
            None => return Err(Failure::missing(&fixed.name)),
            Some(v) if v != &fixed.value => {
                return Err(Failure::invalid(
                    &fixed.name,
                    format!(
                        "{}: must be one of {}; got \"{}\"",
                        fixed.name,
                        fixed.value,
                        super::control::clip(v)
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    params::validate(api, gateway.files, sent, &params.files)
}

fn hex_case(gateway: &Gateway) -> &'static str {
    match gateway.signing.hex {
        crate::model::HexCase::Upper => "upper-case",
        crate::model::HexCase::Lower => "lower-case",
    }
}

fn check_timestamp(
    gateway: &Gateway,
    sent: &BTreeMap<String, String>,
    ctx: &Context,
) -> Result<(), Failure> {
    let p = &gateway.timestamp.parameter;
    let text = sent
        .get(p)
        .ok_or_else(|| Failure::new(code::MISSING_TIMESTAMP, "Missing timestamp"))?;
    let (parsed, shape) = match gateway.timestamp.format {
        TimestampFormat::DatetimeGmt8 => (parse_gmt8(text), "yyyy-MM-dd HH:mm:ss at GMT+8"),
        TimestampFormat::UnixSeconds => {
            let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
            (
                digits.then(|| text.parse::<i64>().ok()).flatten(),
                "unix seconds",
            )
        }
    };
    let invalid = || Failure::new(code::INVALID_TIMESTAMP, "Invalid timestamp");
    let at = parsed.ok_or_else(|| invalid().detail(format!("{p} \"{text}\" is not {shape}")))?;
    let off = at.saturating_sub(ctx.now);
    if off.abs() > ctx.skew_seconds {
        return Err(invalid().detail(format!(
            "{p} \"{text}\" is {} seconds {} the gateway's clock; at most {} are allowed",
            off.abs(),
            if off < 0 { "behind" } else { "ahead of" },
            ctx.skew_seconds
        )));
    }
    Ok(())
}
