//! The `serve` flags that shape the sandbox's account and misbehaviour (issue 16): a big seeded
//! account, a request rate limit, and the fault injection tests use, so a user can rehearse their
//! own scripts and pipelines against a throttled, failing or slow service.

use std::time::Duration;

use super::{FailingRead, FaultConfig, SandboxOptions};

#[derive(clap::Args, Debug, Clone, Default, PartialEq)]
pub struct ServeFlags {
    /// Seed N apps, each with one to three environments and varied auth (some with findings,
    /// FAILED or long-RUNNING jobs), for `audit` and the overview.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub demo_apps: usize,
    /// Answer 429 TooManyRequestsException beyond R requests a second (bursts up to R pass).
    #[arg(long, value_name = "R", value_parser = positive)]
    pub rate_limit: Option<f64>,
    /// Share of requests answered 429 TooManyRequestsException at random (0 to 1).
    #[arg(long, value_name = "P", value_parser = probability, default_value_t = 0.0)]
    pub throttle_rate: f64,
    /// Share of requests answered 504 GatewayTimeoutException at random (0 to 1).
    #[arg(long, value_name = "P", value_parser = probability, default_value_t = 0.0)]
    pub gateway_timeout_rate: f64,
    /// Delay before every answer, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency: u64,
    /// Always answer 504 GatewayTimeoutException to the reads of this app, or of this app's
    /// environment (APP/ENV), while the rest answers normally. Repeat for more.
    #[arg(long, value_name = "APP[/ENV]", value_parser = FailingRead::parse)]
    pub fail_reads: Vec<FailingRead>,
}

impl ServeFlags {
    /// The options with these flags applied.
    pub fn apply(&self, opts: SandboxOptions) -> SandboxOptions {
        SandboxOptions {
            demo_apps: self.demo_apps,
            rate_limit: self.rate_limit,
            faults: FaultConfig {
                throttle_rate: self.throttle_rate,
                gateway_timeout_rate: self.gateway_timeout_rate,
                latency: Duration::from_millis(self.latency),
                failing_reads: self.fail_reads.clone(),
                ..opts.faults.clone()
            },
            ..opts
        }
    }
}

fn probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!(
            "{s:?} is not a probability: give a number from 0 to 1, e.g. 0.1"
        )),
    }
}

fn positive(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if r > 0.0 && r.is_finite() => Ok(r),
        _ => Err(format!(
            "{s:?} is not a rate: give requests per second above 0, e.g. 20"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_checked_with_the_fix_in_the_message() {
        assert_eq!(probability("0.25"), Ok(0.25));
        assert!(probability("1.5").unwrap_err().contains("from 0 to 1"));
        assert!(probability("x").is_err());
        assert_eq!(positive("20"), Ok(20.0));
        assert!(positive("0").unwrap_err().contains("above 0"));
    }

    #[test]
    fn flags_land_in_the_options() {
        let flags = ServeFlags {
            demo_apps: 5,
            rate_limit: Some(20.0),
            throttle_rate: 0.1,
            gateway_timeout_rate: 0.2,
            latency: 30,
            fail_reads: vec![FailingRead::parse("dapp/prod").unwrap()],
        };
        let o = flags.apply(SandboxOptions::default());
        assert_eq!(o.demo_apps, 5);
        assert_eq!(o.rate_limit, Some(20.0));
        assert_eq!(o.faults.throttle_rate, 0.1);
        assert_eq!(o.faults.gateway_timeout_rate, 0.2);
        assert_eq!(o.faults.latency, Duration::from_millis(30));
        assert_eq!(o.faults.failing_reads, flags.fail_reads);
    }
}
