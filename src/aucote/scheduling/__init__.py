"""Service mode: scanners on cron and LIVE schedules, run_after chains, resume after a crash."""
