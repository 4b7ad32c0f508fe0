"""Where the checkpoint key comes from: settings in production, a key generated once and
kept in the data directory in development."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from audit_svc.config import KEY_FILE, AuditSettings
from audit_svc.keygen import main as keygen
from audit_svc.trail.domain import NoteSigner


def test_production_refuses_to_start_without_a_configured_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPRO_JWT_SECRET", "a-production-secret-for-this-test-only-0123456789")
    monkeypatch.delenv("AUDIT_SVC_CHECKPOINT_KEY", raising=False)
    monkeypatch.setenv("EXPRO_ENV", "production")
    with pytest.raises(ValidationError, match="AUDIT_SVC_CHECKPOINT_KEY"):
        AuditSettings()
    monkeypatch.setenv("AUDIT_SVC_CHECKPOINT_KEY", NoteSigner.generate("expro.example/log").signer_key())
    assert AuditSettings().note_signer().name == "expro.example/log"


def test_a_configured_key_is_used_and_nothing_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keygen(["expro.example/log"])
    printed = capsys.readouterr()
    signer_key = printed.out.strip()
    settings = AuditSettings(checkpoint_key=signer_key, data_dir=str(tmp_path))  # type: ignore[arg-type]
    signer = settings.note_signer()
    assert signer == NoteSigner.parse(signer_key) and signer.name == "expro.example/log"
    assert signer.verifier_key() in printed.err and "PRIVATE" not in printed.err
    assert list(tmp_path.iterdir()) == []


def test_development_generates_a_key_once_and_keeps_it(tmp_path: Path) -> None:
    settings = AuditSettings(data_dir=str(tmp_path / "var"))
    first = settings.note_signer()
    assert first.name == settings.checkpoint_origin
    assert settings.note_signer() == first  # the same key on the next start
    key_file = tmp_path / "var" / KEY_FILE
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert [p.name for p in key_file.parent.iterdir()] == [KEY_FILE]  # no temporary file left
