use color_eyre::Result;

fn main() -> Result<()> {
    color_eyre::install()?;
    let cli = <amplify_auth::cli::Cli as clap::Parser>::parse();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let code = rt.block_on(amplify_auth::cli::run(cli))?;
    std::process::exit(code);
}
