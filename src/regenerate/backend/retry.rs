//! When to retry: 429 and 5xx answers, after the server's `Retry-After` or an exponential
//! backoff, never longer than the configured maximum.

use std::time::Duration;

/// Whether a status is worth another try: too many requests, or a server error.
pub fn is_retryable(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

/// `Retry-After` (RFC 9110 section 10.2.3): delta-seconds or an HTTP-date, relative to `now`.
/// A date in the past means now; anything unreadable is ignored.
pub fn parse_retry_after(value: &str, now: jiff::Timestamp) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    let wait = at.as_millisecond() - now.as_millisecond();
    Some(Duration::from_millis(wait.max(0) as u64))
}

/// The wait before retry number `retry` (1-based): the server's wish if it stated one, else
/// `backoff` x 2^(retry-1), capped at `max`. `Err` with the asked wait when the server asks
/// for more than `max`: better to fail clearly than to hang for an hour.
pub fn wait_before(
    retry: u32,
    retry_after: Option<Duration>,
    backoff: Duration,
    max: Duration,
) -> Result<Duration, Duration> {
    match retry_after {
        Some(asked) if asked > max => Err(asked),
        Some(asked) => Ok(asked),
        None => {
            let factor = 2u32.saturating_pow(retry.saturating_sub(1).min(16));
            Ok(backoff.saturating_mul(factor).min(max))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let now: jiff::Timestamp = "2026-02-18T19:04:29Z".parse().unwrap();
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 18 Feb 2026 19:04:39 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Wed, 18 Feb 2026 19:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let b = Duration::from_millis(100);
        let max = Duration::from_secs(1);
        assert_eq!(wait_before(1, None, b, max), Ok(Duration::from_millis(100)));
        assert_eq!(wait_before(3, None, b, max), Ok(Duration::from_millis(400)));
        assert_eq!(wait_before(10, None, b, max), Ok(max));
        assert_eq!(wait_before(40, None, b, max), Ok(max));
        let two = Duration::from_secs(2);
        assert_eq!(wait_before(1, Some(two), b, max), Err(two));
        assert_eq!(
            wait_before(1, Some(Duration::from_millis(300)), b, max),
            Ok(Duration::from_millis(300))
        );
        assert!(is_retryable(429) && is_retryable(503) && !is_retryable(404));
    }
}
