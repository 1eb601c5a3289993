//! Secrets at rest in the process (issue 24): a core dump taken while `create` waited held three
//! copies of the Apple key and two of the Google secret. The process holds secrets from the moment
//! it reads an input file or a wizard field until it exits, so at start it makes itself
//! non-dumpable and sets its core size limit to zero:
//! - `prctl(PR_SET_DUMPABLE, 0)`: no core dump on a crash, and other processes of the same user
//!   can no longer attach to it or read its memory through `/proc` (Linux);
//! - `setrlimit(RLIMIT_CORE, 0)`: no core file either where `prctl` does not exist, and none for
//!   children that inherit the limit.
//!
//! Secret buffers are also wiped when dropped where the crates allow (`Secret`, the `.p8` and
//! reference bytes in `Zeroizing`); copies inside the SDK's request buffers cannot be reached.

/// Makes the process non-dumpable and sets a zero core limit. Failures are ignored: both are
/// hardening, and a platform without them runs as before.
pub fn keep_secrets_out_of_core_dumps() {
    let zero = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain system calls with valid arguments; no memory is shared with them.
    unsafe {
        libc::setrlimit(libc::RLIMIT_CORE, &zero);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// Whether the process is non-dumpable with a zero core limit (for tests and diagnostics).
pub fn core_dumps_off() -> bool {
    let mut limit = libc::rlimit {
        rlim_cur: 1,
        rlim_max: 1,
    };
    // SAFETY: `limit` is a valid, writable rlimit.
    let core_zero =
        unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) } == 0 && limit.rlim_cur == 0;
    #[cfg(target_os = "linux")]
    // SAFETY: PR_GET_DUMPABLE takes no pointer arguments.
    let not_dumpable = unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) } == 0;
    #[cfg(not(target_os = "linux"))]
    let not_dumpable = true;
    core_zero && not_dumpable
}
