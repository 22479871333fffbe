//! The whole TOP catalogue lives in the project (`specs/top/catalogue`) and checks with the
//! curated specs; re-importing the metadata gives it byte for byte.
//!
//! The metadata itself is reference data outside the repository; the tests that re-import it
//! print a notice and pass without it. Everything else needs only the project.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use topgen::import::{Import, Severity};
use topgen::model::{Api, Model, Paging, Type};
use topgen::{Error, Generator};

fn catalogue() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/top-metadata");
    if dir.join("json").is_dir() {
        Some(dir)
    } else {
        println!(
            "skipped: the TOP catalogue is not at {} (reference data, not in the repo)",
            dir.display()
        );
        None
    }
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("topgen-catalogue-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The in-project catalogue: `specs/top/catalogue`, imported from the metadata.
fn project_specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("specs")
}

/// Every imported API loads and checks together with the curated specs, needs nothing outside
/// the project, and the curated refund specs replace their imported namesakes without an error.
#[test]
fn the_whole_catalogue_in_the_project_checks() {
    let (model, overrides) = Generator::new(project_specs())
        .apis(["*"])
        .model_and_overrides()
        .unwrap_or_else(|e| panic!("{e}"));
    let top = model.gateways.iter().find(|g| g.name == "top").unwrap();
    // 5,312 imported, 2 of them replaced by curated specs.
    assert_eq!(top.apis.len(), 5312, "TOP APIs");
    assert_module_names_are_unique(&model);
    let mut replaced: Vec<(String, String, String)> = overrides
        .iter()
        .map(|o| {
            (
                o.api.clone(),
                o.curated.file_name().unwrap().to_string_lossy().into(),
                o.imported
                    .parent()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into(),
            )
        })
        .collect();
    replaced.sort();
    assert_eq!(
        replaced,
        [
            (
                "taobao.refund.negotiatereturn".to_owned(),
                "taobao.refund.negotiatereturn.yaml".to_owned(),
                "tbrefund".to_owned()
            ),
            (
                "taobao.refund.refuse".to_owned(),
                "taobao.refund.refuse.yaml".to_owned(),
                "refund".to_owned()
            ),
        ]
    );
    // The curated spec is the one in the model (it has conformance cases; the imported has none).
    assert!(!api(&model, "taobao.refund.refuse").request_cases.is_empty());

    // Descriptions are clean and present on every struct and field (Rust's deny(missing_docs)).
    let mut undescribed = Vec::new();
    let mut unclean = Vec::new();
    for a in &top.apis {
        let fields = a
            .params
            .iter()
            .chain(&a.response)
            .chain(a.structs.iter().flat_map(|s| &s.fields));
        let texts = fields
            .map(|f| (f.name.as_str(), f.description.as_str()))
            .chain(
                a.structs
                    .iter()
                    .map(|s| (s.name.as_str(), s.description.as_str())),
            );
        for (name, text) in texts.chain([
            ("title", a.title.as_str()),
            ("description", a.description.as_str()),
        ]) {
            if text.trim().is_empty() && name != "description" {
                undescribed.push(format!("{}: {name}", a.name));
            }
            // One description shows an HTML form as escaped text (`&lt;form …&gt;`): decoded, it
            // is text that reads `<br/>`, not markup, and is kept.
            let sample = a.name == "taobao.miniapp.cloud.picture.token" && name == "description";
            if text.contains(|c: char| {
                (c.is_control() && c != '\n')
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)
            }) || (text.to_ascii_lowercase().contains("<br") && !sample)
            {
                unclean.push(format!("{}: {name}: {text:?}", a.name));
            }
        }
    }
    assert!(
        undescribed.is_empty(),
        "{} without a description, e.g. {:?}",
        undescribed.len(),
        &undescribed[..undescribed.len().min(5)]
    );
    assert!(
        unclean.is_empty(),
        "{} unclean texts, e.g. {:?}",
        unclean.len(),
        &unclean[..unclean.len().min(5)]
    );

    // The importer marks the page-numbered list APIs.
    let sold = api(&model, "taobao.trades.sold.get");
    assert_eq!(
        sold.paging,
        Some(Paging::Page {
            page: "page_no".into(),
            size: "page_size".into(),
            items: "trades".into(),
            total: Some("total_results".into()),
            has_next: Some("has_next".into()),
        })
    );
    let paged = top.apis.iter().filter(|a| a.paging.is_some()).count();
    println!(
        "catalogue: {} TOP APIs, {paged} with paging, {} curated replacements",
        top.apis.len(),
        overrides.len()
    );
    assert!(paged >= 30, "{paged} APIs with paging");
}

/// Each API becomes a module named after its base name; two APIs must not share one.
/// (`tmall.item.quantity.update` and `taobao.item.quantity.update` both exist.)
fn assert_module_names_are_unique(model: &Model) {
    for gateway in &model.gateways {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for api in &gateway.apis {
            if let Some(first) = seen.insert(&api.base_name, &api.name) {
                panic!(
                    "`{}` and `{first}` share the base name `{}`",
                    api.name, api.base_name
                );
            }
        }
    }
}

/// Re-running the import over the metadata gives the committed catalogue byte for byte (and no
/// file more or less). Needs the metadata; without it, prints a notice and passes.
#[test]
fn the_catalogue_is_exactly_what_the_importer_writes() {
    let Some(from) = catalogue() else { return };
    let import = Import::run(&from, &[], "top").unwrap();
    println!("{import}");
    let report = topgen::output::check(&import.plan(), &project_specs().join("top/catalogue"));
    assert!(
        report.is_clean(),
        "specs/top/catalogue differs from a fresh import:\n{}",
        report
            .to_string()
            .lines()
            .take(40)
            .collect::<Vec<_>>()
            .join("\n")
    );
    // What could not be imported at all stays as documented (docs/catalogue.md).
    let failed: Vec<&str> = import
        .conversions
        .iter()
        .filter(|c| c.spec.is_none())
        .map(|c| c.source.as_str())
        .collect();
    assert_eq!(failed, ["fpm/.json", "logistic/.json"]);
    assert!(
        import
            .conversions
            .iter()
            .all(|c| c.spec.is_none() || !c.issues.iter().any(|i| i.severity == Severity::Failed))
    );
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

/// The imported `taobao.refund.refuse` alone (the curated one would replace it in `specs/`).
fn imported_refund_refuse() -> (Model, PathBuf) {
    let dir = temp("refuse");
    fs::create_dir_all(dir.join("top/catalogue/refund")).unwrap();
    fs::copy(
        project_specs().join("top/gateway.yaml"),
        dir.join("top/gateway.yaml"),
    )
    .unwrap();
    let name = "top/catalogue/refund/taobao.refund.refuse.yaml";
    fs::copy(project_specs().join(name), dir.join(name)).unwrap();
    (
        Generator::new(&dir)
            .model()
            .unwrap_or_else(|e| panic!("{e}")),
        dir,
    )
}

fn api<'m>(model: &'m Model, name: &str) -> &'m Api {
    model
        .gateways
        .iter()
        .find(|g| g.name == "top")
        .unwrap()
        .apis
        .iter()
        .find(|a| a.name == name)
        .unwrap()
}

/// Expected values are read off `json/refund/taobao_refund_refuse.json` by hand (its description
/// is `…要求如下：<br/>1. 传入的refund_id和相应的tid, oid必须匹配<br/>2. …`).
#[test]
fn refund_refuse_has_the_documented_params_and_types() {
    let (model, dir) = imported_refund_refuse();
    let api = api(&model, "taobao.refund.refuse");
    assert_eq!(api.title, "卖家拒绝退款");
    assert_eq!(api.doc_id, Some(10480));
    assert!(api.description.starts_with("卖家拒绝单笔退款（包含退款和退款退货）交易，要求如下：\n1. 传入的refund_id和相应的tid, oid必须匹配\n2. "), "{}", api.description);
    assert!(!api.session_required);
    assert!(!api.idempotent);

    let params: Vec<(&str, Type, bool, Option<u64>)> = api
        .params
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                f.ty.clone(),
                f.required,
                f.constraints.max_length,
            )
        })
        .collect();
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

    let response: Vec<(&str, Type)> = api
        .response
        .iter()
        .map(|f| (f.name.as_str(), f.ty.clone()))
        .collect();
    assert_eq!(
        response,
        [
            ("refund", Type::Struct("Refund".into())),
            ("is_success", Type::Boolean)
        ]
    );
    assert_eq!(api.structs.len(), 1);
    let refund: Vec<(&str, Type)> = api.structs[0]
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.ty.clone()))
        .collect();
    assert_eq!(
        refund,
        [
            ("refund_id", Type::String),
            ("modified", Type::Date),
            ("status", Type::String)
        ]
    );
    let _ = fs::remove_dir_all(&dir);
}

/// One API spec next to the real TOP gateway; returns the check's result.
fn check_one_api(test: &str, api_name: &str) -> Result<Model, Error> {
    let dir = temp(test);
    fs::create_dir_all(dir.join("top/apis")).unwrap();
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/top/gateway.yaml"),
        dir.join("top/gateway.yaml"),
    )
    .unwrap();
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
        (
            "taobao.vas.service.getServTimes",
            "vas_service_get_serv_times",
            "vas_service_getServTimes_response",
        ),
        (
            "alibaba.aliqin.fc.iot.cardInfo",
            "alibaba_aliqin_fc_iot_card_info",
            "alibaba_aliqin_fc_iot_cardInfo_response",
        ),
        (
            "tmall.item.quantity.update",
            "tmall_item_quantity_update",
            "tmall_item_quantity_update_response",
        ),
        (
            "taobao.refund.refuse",
            "refund_refuse",
            "refund_refuse_response",
        ),
        (
            "account.aliyuncs.com.CreateApp.2013-07-01",
            "account_aliyuncs_com_create_app_2013_07_01",
            "account_aliyuncs_com_CreateApp_2013-07-01_response",
        ),
        (
            "m-kvstore.aliyuncs.com.DescribeRegions.2015-03-01",
            "m_kvstore_aliyuncs_com_describe_regions_2015_03_01",
            "m-kvstore_aliyuncs_com_DescribeRegions_2015-03-01_response",
        ),
    ];
    for (name, base, key) in cases {
        let model =
            check_one_api(&format!("good-{base}"), name).unwrap_or_else(|e| panic!("{name}: {e}"));
        let api = api(&model, name);
        assert_eq!(
            (api.base_name.as_str(), api.response_key.as_str()),
            (base, key),
            "{name}"
        );
    }
}

/// Bad fixture: names that are still refused.
#[test]
fn malformed_api_names_are_refused() {
    for (i, name) in [
        "Taobao.refund.refuse",
        "taobao..refuse",
        "taobao",
        "taobao.refund refuse",
        "taobao.refund.",
        "1688.x",
    ]
    .into_iter()
    .enumerate()
    {
        match check_one_api(&format!("bad-{i}"), name) {
            Err(Error::Specs(d)) => {
                assert!(
                    d.0.iter()
                        .any(|d| d.message == format!("`{name}` is not a valid API name")),
                    "{name}: {d}"
                )
            }
            other => panic!("{name}: expected a diagnostic, got {:?}", other.map(|_| ())),
        }
    }
}

// ---- Selection: which APIs a run takes -------------------------------------------------------

/// A specs folder with the real TOP and H7B gateways, the curated `taobao.refund.refuse` (TOP and
/// H7B), two imported APIs copied from the project, and an imported file that is not YAML at all.
fn selection_folder(test: &str) -> PathBuf {
    let dir = temp(test);
    let copy = |from: &str, to: &str| {
        fs::create_dir_all(dir.join(to).parent().unwrap()).unwrap();
        fs::copy(project_specs().join(from), dir.join(to)).unwrap();
    };
    copy("top/gateway.yaml", "top/gateway.yaml");
    copy("h7b/gateway.yaml", "h7b/gateway.yaml");
    copy(
        "top/apis/taobao.refund.refuse.yaml",
        "top/apis/taobao.refund.refuse.yaml",
    );
    copy(
        "h7b/apis/taobao.refund.refuse.yaml",
        "h7b/apis/taobao.refund.refuse.yaml",
    );
    copy(
        "top/catalogue/refund/taobao.refund.refuse.yaml",
        "top/catalogue/refund/taobao.refund.refuse.yaml",
    );
    copy(
        "top/catalogue/tbtrade/taobao.trade.fullinfo.get.yaml",
        "top/catalogue/tbtrade/taobao.trade.fullinfo.get.yaml",
    );
    copy(
        "top/catalogue/tbtrade/taobao.trades.sold.get.yaml",
        "top/catalogue/tbtrade/taobao.trades.sold.get.yaml",
    );
    fs::write(
        dir.join("top/catalogue/broken/taobao.broken.api.yaml")
            .tap_parent(),
        "api: [unclosed\n",
    )
    .unwrap();
    dir
}

trait TapParent {
    fn tap_parent(self) -> Self;
}

impl TapParent for PathBuf {
    fn tap_parent(self) -> Self {
        fs::create_dir_all(self.parent().unwrap()).unwrap();
        self
    }
}

fn api_names(model: &Model) -> Vec<String> {
    model
        .gateways
        .iter()
        .flat_map(|g| g.apis.iter().map(move |a| format!("{}:{}", g.name, a.name)))
        .collect()
}

fn spec_errors(result: Result<Model, Error>) -> Vec<String> {
    match result {
        Err(Error::Specs(d)) => {
            d.0.iter()
                .map(|d| {
                    format!(
                        "{}:{}: {} | {}",
                        d.file.display(),
                        d.line,
                        d.message,
                        d.help.clone().unwrap_or_default()
                    )
                })
                .collect()
        }
        Err(e) => panic!("expected spec errors, got {e}"),
        Ok(m) => panic!("expected spec errors, got a model with {:?}", api_names(&m)),
    }
}

/// Imported specs are chosen by file name before parsing: the broken file is never read unless
/// selected. Gateways left without APIs are not generated.
#[test]
fn a_selection_reads_only_the_chosen_catalogue_files() {
    let dir = selection_folder("select-names");
    let model = Generator::new(&dir)
        .apis(["taobao.trade.fullinfo.get"])
        .model()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api_names(&model), ["top:taobao.trade.fullinfo.get"]);
    let model = Generator::new(&dir)
        .apis(["taobao.trade*.get,taobao.refund.refuse"])
        .model()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        api_names(&model),
        [
            "h7b:taobao.refund.refuse",
            "top:taobao.refund.refuse",
            "top:taobao.trade.fullinfo.get",
            "top:taobao.trades.sold.get"
        ]
    );
    // `*` reads everything, the broken file included.
    let errors = spec_errors(Generator::new(&dir).apis(["*"]).model());
    assert!(
        errors.iter().all(|e| e.contains("taobao.broken.api.yaml")) && !errors.is_empty(),
        "{errors:?}"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_pattern_that_matches_nothing_is_an_error_with_a_suggestion() {
    let dir = selection_folder("select-none");
    let errors = spec_errors(
        Generator::new(&dir)
            .apis(["taobao.trade.fulinfo.get"])
            .model(),
    );
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains("no API matches `taobao.trade.fulinfo.get`")
            && errors[0].contains("did you mean `taobao.trade.fullinfo.get`?"),
        "{errors:?}"
    );
    let errors = spec_errors(
        Generator::new(&dir)
            .apis(["taobao.nothing.*,taobao.trades.sold.get"])
            .model(),
    );
    assert!(
        errors.len() == 1 && errors[0].contains("no API matches `taobao.nothing.*`"),
        "{errors:?}"
    );
    let bad = Generator::new(&dir).apis(["taobao.trade fullinfo"]).model();
    assert!(
        matches!(&bad, Err(Error::Other(e)) if e.to_string().contains("is not an API name or glob")),
        "{:?}",
        bad.map(|_| ())
    );
    let _ = fs::remove_dir_all(&dir);
}

/// A curated spec replaces the imported one of the same gateway and name: no "already defined".
#[test]
fn curated_specs_override_imported_ones() {
    let dir = selection_folder("select-override");
    let (model, overrides) = Generator::new(&dir)
        .apis(["taobao.refund.refuse"])
        .model_and_overrides()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        api_names(&model),
        ["h7b:taobao.refund.refuse", "top:taobao.refund.refuse"]
    );
    assert_eq!(overrides.len(), 1);
    assert_eq!(
        overrides[0].curated,
        dir.join("top/apis/taobao.refund.refuse.yaml")
    );
    assert_eq!(
        overrides[0].imported,
        dir.join("top/catalogue/refund/taobao.refund.refuse.yaml")
    );
    assert!(
        !api(&model, "taobao.refund.refuse").request_cases.is_empty(),
        "the curated spec wins"
    );
    let _ = fs::remove_dir_all(&dir);
}

/// Without `--apis`, `default-apis.txt` decides; its mistakes are located.
#[test]
fn the_default_selection_file_decides_without_apis() {
    let dir = selection_folder("select-default");
    fs::write(
        dir.join("default-apis.txt"),
        "# what generated/ holds\ntaobao.trades.sold.get   # flagship\n\n",
    )
    .unwrap();
    let model = Generator::new(&dir)
        .model()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api_names(&model), ["top:taobao.trades.sold.get"]);
    fs::write(
        dir.join("default-apis.txt"),
        "taobao.trades.sold.get\ntaobao.trades.sold.gte\n",
    )
    .unwrap();
    let errors = spec_errors(Generator::new(&dir).model());
    assert!(
        errors.len() == 1
            && errors[0].contains("default-apis.txt:2: no API matches `taobao.trades.sold.gte`"),
        "{errors:?}"
    );
    fs::write(
        dir.join("default-apis.txt"),
        "taobao.trades.sold.get\ntaobao/trades\n",
    )
    .unwrap();
    let errors = spec_errors(Generator::new(&dir).model());
    assert!(
        errors.len() == 1
            && errors[0].contains("default-apis.txt:2: `taobao/trades` is not an API name or glob"),
        "{errors:?}"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn an_imported_spec_must_be_named_after_its_api() {
    let dir = selection_folder("select-filename");
    fs::rename(
        dir.join("top/catalogue/tbtrade/taobao.trades.sold.get.yaml"),
        dir.join("top/catalogue/tbtrade/taobao.trades.sold.list.yaml"),
    )
    .unwrap();
    let errors = spec_errors(
        Generator::new(&dir)
            .apis(["taobao.trades.sold.list"])
            .model(),
    );
    assert!(
        errors.len() == 1
            && errors[0].contains(
                "an imported spec's file is named after its API: `taobao.trades.sold.get.yaml`"
            ),
        "{errors:?}"
    );
    let _ = fs::remove_dir_all(&dir);
}

/// `--apis` gives packages with exactly those APIs, in every language.
#[test]
fn generating_a_selection_writes_exactly_those_apis() {
    let plan = Generator::new(project_specs())
        .apis(["taobao.trade.fullinfo.get,taobao.logistics.offline.send"])
        .plan()
        .unwrap_or_else(|e| panic!("{e}"));
    let modules = |prefix: &str, ext: &str| -> Vec<String> {
        plan.files
            .keys()
            .filter_map(|p| p.strip_prefix(prefix)?.strip_suffix(ext).map(str::to_owned))
            .filter(|m| m.contains("trade") || m.contains("logistics") || m.contains("refund"))
            .collect()
    };
    let expected = ["logistics_offline_send", "trade_fullinfo_get"];
    assert_eq!(modules("rust/taobao-top/src/", ".rs"), expected);
    assert_eq!(
        modules("python/taobao_top/src/taobao_top/", ".py"),
        expected
    );
    assert_eq!(modules("typescript/taobao-top/apis/", ".js"), expected);
    assert!(
        !plan.files.keys().any(|p| p.contains("h7b")),
        "no H7B API was selected"
    );
}

/// `topgen apis QUERY` finds an API's catalogue package and title without reading JSON.
#[test]
fn the_apis_command_lists_matches_with_package_and_title() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_topgen"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, stdout, _) = run(&["apis", "trade.fullinfo"]);
    assert_eq!(code, Some(0));
    let lines: Vec<Vec<&str>> = stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(
        lines.contains(&vec![
            "taobao.trade.fullinfo.get",
            "top/tbtrade",
            "获取单笔交易的详细信息"
        ]),
        "{stdout}"
    );
    let (code, stdout, _) = run(&["apis", "taobao.refund.refuse"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == [
                    "taobao.refund.refuse",
                    "top/refund,",
                    "curated",
                    "卖家拒绝退款"
                ]),
        "{stdout}"
    );
    let (code, _, stderr) = run(&["apis", "no.such.api.anywhere"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("no API name contains `no.such.api.anywhere`"),
        "{stderr}"
    );
}

// ---- Paging ----------------------------------------------------------------------------------

fn paging_spec(test: &str, paging: &str) -> Result<Model, Error> {
    let dir = temp(test);
    fs::create_dir_all(dir.join("top/apis")).unwrap();
    fs::copy(
        project_specs().join("top/gateway.yaml"),
        dir.join("top/gateway.yaml"),
    )
    .unwrap();
    let spec = format!(
        "topgen: 1
api:
  name: taobao.things.get
  gateway: top
  title: t
  session: optional
  idempotent: true
  params:
    - {{name: page_no, type: int64}}
    - {{name: page_size, type: int64}}
    - {{name: cursor, type: string}}
  structs:
    - name: Thing
      fields: [{{name: id, type: int64}}]
  response:
    fields:
      - {{name: things, type: list<Thing>}}
      - {{name: total_results, type: int64}}
      - {{name: has_next, type: boolean}}
      - {{name: next_cursor, type: string}}
{paging}"
    );
    fs::write(dir.join("top/apis/taobao.things.get.yaml"), spec).unwrap();
    let result = Generator::new(&dir).model();
    let _ = fs::remove_dir_all(&dir);
    result
}

#[test]
fn paging_blocks_are_checked_against_the_api() {
    let model = paging_spec("paging-page", "  paging: {style: page, page: page_no, size: page_size, items: things, total: total_results}\n")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        model.gateways[0].apis[0].paging,
        Some(Paging::Page {
            page: "page_no".into(),
            size: "page_size".into(),
            items: "things".into(),
            total: Some("total_results".into()),
            has_next: None
        })
    );
    let model = paging_spec("paging-cursor", "  paging: {style: cursor, cursor: cursor, next_cursor: next_cursor, items: things, has_next: has_next}\n")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        model.gateways[0].apis[0].paging,
        Some(Paging::Cursor {
            cursor: "cursor".into(),
            next_cursor: "next_cursor".into(),
            items: "things".into(),
            has_next: Some("has_next".into())
        })
    );
    for (i, (paging, message)) in [
        ("{style: page, page: page_num, size: page_size, items: things, total: total_results}", "`page_num` is not a parameter of this API"),
        ("{style: page, page: page_no, size: page_size, items: total_results, total: total_results}", "`total_results` cannot be the paging `items`: it is not list"),
        ("{style: page, page: page_no, size: page_size, items: things}", "`page` paging needs `total` or `has_next` to know where to stop"),
        ("{style: page, page: cursor, size: page_size, items: things, has_next: has_next}", "`cursor` cannot be the paging `page`: it is not int64"),
        ("{style: page, size: page_size, items: things, has_next: has_next}", "`page` paging needs `page`"),
        ("{style: cursor, cursor: cursor, next_cursor: next_cursor, items: things, total: total_results}", "`total` is not used by `cursor` paging"),
        ("{style: pages, items: things}", "`style` cannot be `pages`"),
    ]
    .into_iter()
    .enumerate()
    {
        let errors = spec_errors(paging_spec(&format!("paging-bad-{i}"), &format!("  paging: {paging}\n")));
        assert!(errors.iter().any(|e| e.contains(message)), "{paging}: {errors:?}");
    }
}
