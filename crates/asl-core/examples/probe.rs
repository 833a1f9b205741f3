fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        let p = asl_core::parse(&text);
        let errs: Vec<String> = p.diagnostics.iter().filter(|d| d.severity == asl_core::Severity::Error).map(|d| d.to_string()).collect();
        let name = path.rsplit('/').next().unwrap();
        let valid = name.starts_with("valid");
        if valid != errs.is_empty() {
            println!("WRONG {name}: {errs:?}");
        }
    }
}
