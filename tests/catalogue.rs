//! The spec format covers the whole TOP catalogue: every API of `../shared/data/top-metadata` is
//! imported in memory, written next to the real TOP gateway spec, and loaded + checked by topgen.
//!
//! The catalogue is reference data outside the repository; without it these tests print a notice
//! and pass.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use topgen::import::{Import, Severity, read_catalogue};
use topgen::model::{Api, Model, Type};
use topgen::{Error, Generator};

fn catalogue() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/top-metadata");
    if dir.join("json").is_dir() {
        Some(dir)
    } else {
        println!("skipped: the TOP catalogue is not at {} (reference data, not in the repo)", dir.display());
        None
    }
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("topgen-catalogue-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A specs folder holding the real TOP gateway and the imported APIs.
fn specs_folder(name: &str, import: &Import) -> PathBuf {
    let dir = temp(name);
    let gateway = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/top/gateway.yaml");
    fs::create_dir_all(dir.join("top")).unwrap();
    fs::copy(gateway, dir.join("top/gateway.yaml")).unwrap();
    import.write(&dir.join("top/apis")).unwrap();
    dir
}

/// `unknown type `Foo`` → `unknown type `…``, so that messages group by kind.
fn message_kind(message: &str) -> String {
    let mut out = String::new();
    for (i, part) in message.split('`').enumerate() {
        out.push_str(if i % 2 == 1 { "…" } else { part });
        out.push('`');
    }
    out.pop();
    out
}

#[test]
fn the_whole_catalogue_converts_and_checks() {
    let Some(from) = catalogue() else { return };
    let import = Import::run(&from, &[], "top").unwrap();
    let files = import.conversions.len();
    let converted = import.converted();
    let dir = specs_folder("all", &import);

    let (clean, problems) = match Generator::new(&dir).model() {
        Ok(model) => {
            assert_module_names_are_unique(&model);
            (model.gateways[0].apis.len(), BTreeMap::new())
        }
        Err(Error::Specs(diagnostics)) => {
            let mut by_kind: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let mut failed_files = std::collections::BTreeSet::new();
            for d in &diagnostics.0 {
                failed_files.insert(d.file.clone());
                by_kind.entry(message_kind(&d.message)).or_default().push(format!("{}: {}", d.file.display(), d.message));
            }
            (converted - failed_files.len(), by_kind)
        }
        Err(e) => panic!("{e}"),
    };
    let share = clean as f64 / files as f64;
    println!("catalogue: {files} API files, {converted} converted, {clean} load and check cleanly ({:.2}%)", share * 100.0);
    println!("not converted, by reason:");
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for c in import.conversions.iter().filter(|c| c.spec.is_none()) {
        for i in c.issues.iter().filter(|i| i.severity == Severity::Failed) {
            *reasons.entry(i.kind.label().to_owned()).or_default() += 1;
            println!("  {} (json/{}): {}", c.api, c.source, i.detail);
        }
    }
    for (reason, n) in &reasons {
        println!("  {n:>5}  {reason}");
    }
    println!("rejected by the checker, by message:");
    for (kind, all) in &problems {
        println!("  {:>5}  {kind}", all.len());
        for example in all.iter().take(3) {
            println!("         e.g. {example}");
        }
    }
    println!("issues of converted APIs:\n{}", import.grouped());
    let _ = fs::remove_dir_all(&dir);
    assert!(share >= 0.995, "only {clean} of {files} APIs check cleanly ({:.2}%)", share * 100.0);
}

/// Each API becomes a module named after its base name; two APIs must not share one.
/// (`tmall.item.quantity.update` and `taobao.item.quantity.update` both exist.)
fn assert_module_names_are_unique(model: &Model) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for api in &model.gateways[0].apis {
        if let Some(first) = seen.insert(&api.base_name, &api.name) {
            panic!("`{}` and `{first}` share the base name `{}`", api.name, api.base_name);
        }
    }
}

#[test]
fn importing_twice_writes_the_same_bytes() {
    let Some(from) = catalogue() else { return };
    let only = ["refund".to_owned(), "qimen".to_owned()];
    let first = Import::run(&from, &only, "top").unwrap().plan();
    let second = Import::run(&from, &only, "top").unwrap().plan();
    assert!(first.files.len() > 50, "{} files", first.files.len());
    assert_eq!(first, second);
}

fn refund_refuse(from: &Path) -> (Model, PathBuf) {
    let files: Vec<_> = read_catalogue(from, &["refund".to_owned()])
        .unwrap()
        .into_iter()
        .filter(|f| f.relative == "refund/taobao_refund_refuse.json")
        .collect();
    assert_eq!(files.len(), 1);
    let import = Import::from_files(&files, "top");
    assert!(import.conversions[0].issues.is_empty(), "{:?}", import.conversions[0].issues);
    let dir = specs_folder("refuse", &import);
    (Generator::new(&dir).model().unwrap_or_else(|e| panic!("{e}")), dir)
}

fn api<'m>(model: &'m Model, name: &str) -> &'m Api {
    model.gateways[0].apis.iter().find(|a| a.name == name).unwrap()
}

/// Expected values are read off `json/refund/taobao_refund_refuse.json` by hand.
#[test]
fn refund_refuse_has_the_documented_params_and_types() {
    let Some(from) = catalogue() else { return };
    let (model, dir) = refund_refuse(&from);
    let api = api(&model, "taobao.refund.refuse");
    assert_eq!(api.title, "卖家拒绝退款");
    assert_eq!(api.doc_id, Some(10480));
    assert!(api.description.starts_with("卖家拒绝单笔退款（包含退款和退款退货）交易，要求如下：<br/>1. 传入的refund_id"));
    assert!(!api.session_required);
    assert!(!api.idempotent);

    let params: Vec<(&str, Type, bool, Option<u64>)> =
        api.params.iter().map(|f| (f.name.as_str(), f.ty.clone(), f.required, f.constraints.max_length)).collect();
    assert_eq!(
        params,
        [
            ("refund_id", Type::Int64, true, None),
            ("refuse_message", Type::String, true, Some(200)),
            ("refuse_proof", Type::File, false, None),
            ("refund_phase", Type::String, false, None),
            ("refund_version", Type::Int64, false, None),
            ("refuse_reason_id", Type::Int64, false, None),
        ]
    );
    assert_eq!(api.params[1].description, "拒绝退款时的说明信息，长度2-200");

    let response: Vec<(&str, Type)> = api.response.iter().map(|f| (f.name.as_str(), f.ty.clone())).collect();
    assert_eq!(response, [("refund", Type::Struct("Refund".into())), ("is_success", Type::Boolean)]);
    assert_eq!(api.structs.len(), 1);
    let refund: Vec<(&str, Type)> = api.structs[0].fields.iter().map(|f| (f.name.as_str(), f.ty.clone())).collect();
    assert_eq!(refund, [("refund_id", Type::String), ("modified", Type::Date), ("status", Type::String)]);
    let _ = fs::remove_dir_all(&dir);
}

/// One API spec next to the real TOP gateway; returns the check's result.
fn check_one_api(test: &str, api_name: &str) -> Result<Model, Error> {
    let dir = temp(test);
    fs::create_dir_all(dir.join("top/apis")).unwrap();
    fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/top/gateway.yaml"), dir.join("top/gateway.yaml")).unwrap();
    let spec = format!(
        "topgen: 1\napi:\n  name: \"{api_name}\"\n  gateway: top\n  title: t\n  session: optional\n  idempotent: false\n  response:\n    fields: []\n"
    );
    fs::write(dir.join("top/apis/one.yaml"), spec).unwrap();
    let result = Generator::new(&dir).model();
    let _ = fs::remove_dir_all(&dir);
    result
}

/// Good fixture: method names as the catalogue spells them (25 APIs have such names). The
/// response key keeps the spelling (`vas_service_getServTimes_response`, as TOP answers), and
/// only a leading `taobao.` is dropped (`tmall_…`, `alibaba_…` keep their prefix).
#[test]
fn api_names_keep_the_platform_spelling() {
    let cases = [
        ("taobao.vas.service.getServTimes", "vas_service_get_serv_times", "vas_service_getServTimes_response"),
        ("alibaba.aliqin.fc.iot.cardInfo", "alibaba_aliqin_fc_iot_card_info", "alibaba_aliqin_fc_iot_cardInfo_response"),
        ("tmall.item.quantity.update", "tmall_item_quantity_update", "tmall_item_quantity_update_response"),
        ("taobao.refund.refuse", "refund_refuse", "refund_refuse_response"),
        (
            "account.aliyuncs.com.CreateApp.2013-07-01",
            "account_aliyuncs_com_create_app_2013_07_01",
            "account_aliyuncs_com_CreateApp_2013-07-01_response",
        ),
        ("m-kvstore.aliyuncs.com.DescribeRegions.2015-03-01", "m_kvstore_aliyuncs_com_describe_regions_2015_03_01", "m-kvstore_aliyuncs_com_DescribeRegions_2015-03-01_response"),
    ];
    for (name, base, key) in cases {
        let model = check_one_api(&format!("good-{base}"), name).unwrap_or_else(|e| panic!("{name}: {e}"));
        let api = api(&model, name);
        assert_eq!((api.base_name.as_str(), api.response_key.as_str()), (base, key), "{name}");
    }
}

/// Bad fixture: names that are still refused.
#[test]
fn malformed_api_names_are_refused() {
    for (i, name) in ["Taobao.refund.refuse", "taobao..refuse", "taobao", "taobao.refund refuse", "taobao.refund.", "1688.x"]
        .into_iter()
        .enumerate()
    {
        match check_one_api(&format!("bad-{i}"), name) {
            Err(Error::Specs(d)) => {
                assert!(d.0.iter().any(|d| d.message == format!("`{name}` is not a valid API name")), "{name}: {d}")
            }
            other => panic!("{name}: expected a diagnostic, got {:?}", other.map(|_| ())),
        }
    }
}
