"""The text of a `worker_lost` event (e-mail, Slack, Teams): which worker, zone, scan and job, and
what became of the job."""

from aucote.notify.render import lines, subject

EVENT = {
    "key": "k",
    "event": "worker_lost",
    "scanner": "tcp",
    "scan_id": 12,
    "previous_scan_id": None,
    "time": 0.0,
    "item": {
        "worker": "dmz-1",
        "zone": "dmz",
        "job": "j",
        "kind": "checks",
        "attempt": 2,
        "outcome": "failed",
    },
}


def test_a_lost_worker_in_one_line() -> None:
    assert lines([EVENT]) == ["Worker lost: dmz-1 (zone dmz) on tcp scan 12: checks job, attempt 2, failed"]
    assert subject([EVENT, EVENT]) == "Aucote: 2 x worker lost"
