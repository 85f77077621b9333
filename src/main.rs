fn main() {
    std::process::exit(byok_wizard::cli::main());
}
