//! Every input the fuzz target (examples/fuzz, `scripts/fuzz.sh`) ever crashed on, replayed:
//! parse, every rule, every output format, no panic and no caught rule crash. Plus a short
//! deterministic run of the generator, so that it keeps compiling and its cases keep passing.

#[path = "../examples/fuzz/cases.rs"]
mod cases;
#[path = "../examples/fuzz/harness.rs"]
mod harness;

#[test]
fn saved_fuzz_crashes_stay_fixed() {
    let harness = harness::Harness::new();
    let dir = std::path::Path::new("tests/data/fuzz-regressions");
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(dir).expect("tests/data/fuzz-regressions") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") && !path.ends_with("README.md") {
            let bytes = std::fs::read(&path).unwrap();
            if let Err(crash) = harness.run(&bytes) {
                failures.push(format!("{}: {crash}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn generated_cases_run_clean() {
    let harness = harness::Harness::new();
    for n in 0..12 {
        let input = cases::case(12, n);
        if let Err(crash) = harness.run(&input) {
            panic!("case {n} of seed 12: {crash}");
        }
    }
}
