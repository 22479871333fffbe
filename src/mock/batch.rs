//! `/router/batch`: several TOP calls in one HTTP request, as docs/runtime-contract.md ("Batch
//! calls") and the official Java `BatchTaobaoClient` send them. System parameters travel in the
//! query and are signed with the whole body appended; the body holds one form-encoded segment per
//! call, joined by the separator, optionally led by a `#PUBLIC#` segment shared by every call; the
//! answer is each call's own answer, joined by the same separator, in order.

use super::control::Fault;
use super::failure::{Failure, code};
use super::form::{self, Params};
use super::http::{Request, Response};
use super::server::{Call, Shared, answer_call};
use super::verify::{self, Context};

/// The separator between calls, unless the request names another in `top-api-separator`.
pub const SEPARATOR: &str = "\r\n-S-\r\n";
/// The segment prefix of the parameters shared by every call.
pub const PUBLIC: &str = "#PUBLIC#";
/// A call segment without parameters.
pub const EMPTY_CALL: &str = "N";

fn encoding(detail: impl Into<String>) -> Failure {
    Failure::new(code::INVALID_ENCODING, "Invalid encoding").detail(detail)
}

/// The query's parameters, the body as text, and the separator; or why the batch is unreadable.
fn read(request: &Request) -> Result<(Params, &str, String), Failure> {
    if request.method != "POST" {
        return Err(encoding(format!(
            "HTTP {} is not accepted; use POST",
            request.method
        )));
    }
    let mut query = Params::default();
    form::parse_urlencoded(request.query.as_bytes(), &mut query.text)
        .map_err(|e| encoding(format!("query: {e}")))?;
    let body =
        std::str::from_utf8(&request.body).map_err(|_| encoding("the batch body is not UTF-8"))?;
    let separator = request
        .header("top-api-separator")
        .map_or(SEPARATOR.to_string(), str::to_string);
    if separator.is_empty() {
        return Err(encoding("top-api-separator is empty"));
    }
    Ok((query, body, separator))
}

/// The calls of a batch body: each call's own parameters after the shared `#PUBLIC#` ones.
fn calls(body: &str, separator: &str) -> Result<Vec<Vec<(String, String)>>, Failure> {
    let mut segments = body.split(separator).peekable();
    let mut public = Vec::new();
    if let Some(first) = segments.peek()
        && let Some(shared) = first.strip_prefix(PUBLIC)
    {
        form::parse_urlencoded(shared.as_bytes(), &mut public)
            .map_err(|e| encoding(format!("{PUBLIC}: {e}")))?;
        segments.next();
    }
    let calls: Vec<Vec<(String, String)>> = segments
        .enumerate()
        .map(|(i, segment)| {
            let mut params = public.clone();
            if segment != EMPTY_CALL {
                form::parse_urlencoded(segment.as_bytes(), &mut params)
                    .map_err(|e| encoding(format!("call {i}: {e}")))?;
            }
            Ok(params)
        })
        .collect::<Result<_, Failure>>()?;
    if body.is_empty() || calls.is_empty() {
        return Err(encoding("a batch without calls"));
    }
    Ok(calls)
}

pub fn handle(shared: &Shared, request: &Request, g: usize) -> (Response, Option<Fault>) {
    let gateway = &shared.model.gateways[g];
    let ctx = Context {
        apps: &shared.apps,
        now: shared.now(),
        skew_seconds: shared.skew_seconds,
    };
    let read = read(request);
    let (sign_valid, checked) = match &read {
        Ok((query, body, separator)) => {
            let (sign_valid, signed) = verify::verify_batch(gateway, query, body, &ctx);
            (sign_valid, signed.and_then(|()| calls(body, separator)))
        }
        Err(failure) => (None, Err(failure.clone())),
    };
    let (query, separator) = match &read {
        Ok((query, _, separator)) => (query.text.as_slice(), separator.as_str()),
        Err(_) => (&[][..], SEPARATOR),
    };
    let sign_parameter = gateway.signing.parameter.as_str();

    // Each call is checked on its own before the shared state is locked.
    let calls: Result<Vec<(Params, verify::Verdict)>, Failure> = checked.map(|calls| {
        calls
            .into_iter()
            .map(|own| {
                let mut text: Vec<(String, String)> = query
                    .iter()
                    .filter(|(k, _)| k != sign_parameter)
                    .cloned()
                    .collect();
                text.extend(own);
                let params = Params {
                    text,
                    files: Vec::new(),
                };
                let verdict = verify::verify_batch_call(gateway, &params);
                (params, verdict)
            })
            .collect()
    });

    let mut state = shared.state();
    let injected = state.take_fault();
    let calls = match (&injected, calls) {
        (Some(Fault::Throttle { seconds }), _) => Err(Failure::throttled(*seconds)),
        (_, calls) => calls,
    };
    let fault = injected
        .clone()
        .filter(|f| !matches!(f, Fault::Throttle { .. }));
    let call = |params, api, result, batch_index| Call {
        gateway,
        request,
        params,
        api,
        result,
        sign_valid,
        files: Vec::new(),
        fault: injected.clone(),
        batch_index,
    };
    let body = match &calls {
        // A batch-level refusal: one segment, the gateway's error.
        Err(failure) => answer_call(&mut state, call(query, None, &Err(failure.clone()), None)).1,
        Ok(calls) => {
            let answers: Vec<String> = calls
                .iter()
                .enumerate()
                .map(|(index, (params, verdict))| {
                    let api = verdict.api.map(|a| &gateway.apis[a]);
                    let call = call(&params.text, api, &verdict.result, Some(index));
                    answer_call(&mut state, call).1
                })
                .collect();
            answers.join(separator)
        }
    };
    if shared.log {
        eprintln!(
            "topgen mock: batch {} {} -> {} bytes",
            request.method,
            super::control::clip(&request.path),
            body.len()
        );
    }
    (
        Response {
            status: 200,
            content_type: "text/plain;charset=UTF-8",
            body: body.into_bytes(),
        },
        fault,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_parameters_lead_every_call_and_n_is_an_empty_call() {
        let body = "#PUBLIC#method=taobao.time.get\r\n-S-\r\nN\r\n-S-\r\na=1";
        let calls = calls(body, SEPARATOR).unwrap();
        let pairs = |v: &[(String, String)]| {
            v.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(pairs(&calls[0]), ["method=taobao.time.get"]);
        assert_eq!(pairs(&calls[1]), ["method=taobao.time.get", "a=1"]);
        assert!(super::calls("", SEPARATOR).is_err());
        assert!(super::calls("#PUBLIC#method=x", SEPARATOR).is_err());
    }
}
