use color_eyre::Result;

fn main() -> Result<()> {
    // Before any input, flag or answer is read: the process will hold secrets.
    amplify_auth::hardening::keep_secrets_out_of_core_dumps();
    color_eyre::install()?;
    let cli = match <amplify_auth::cli::Cli as clap::Parser>::try_parse() {
        Ok(cli) => cli,
        Err(e) => std::process::exit(amplify_auth::cli::usage_error(e)),
    };
    // A headless command makes a call or two and exits: one thread is enough, and each extra
    // worker costs start-up time and memory (issue 8). The TUI and the sandbox server keep two
    // workers, so drawing never waits behind a request.
    let rt = if amplify_auth::cli::wants_one_thread(&cli) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?
    };
    let code = rt.block_on(amplify_auth::cli::run(cli))?;
    std::process::exit(code);
}
