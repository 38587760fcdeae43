"""`aucote config check`: effective settings for a good file, file + key + problem for a bad one."""

from pathlib import Path

from typer.testing import CliRunner

from aucote.cli.main import build_app


def test_check_prints_effective_settings(tmp_path: Path) -> None:
    config = tmp_path / "aucote.yaml"
    config.write_text("service:\n  scans:\n    parallel_tasks: 7\n")
    result = CliRunner().invoke(build_app(), ["config", "check", str(config)])
    assert result.exit_code == 0, result.output
    assert "parallel_tasks: 7" in result.output


def test_check_names_file_key_and_problem(tmp_path: Path) -> None:
    config = tmp_path / "aucote.yaml"
    config.write_text("portdetection:\n  tcp:\n    periodic_scan:\n      cron: '61 * * * *'\n")
    result = CliRunner().invoke(build_app(), ["config", "check", str(config)])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "aucote.yaml: portdetection.tcp.periodic_scan.cron:" in text
    assert "61 * * * *" in text
