"""audit-svc settings: ``AUDIT_SVC_*`` plus the shared names."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import ClassVar

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from audit_svc.trail.domain import NoteSigner
from expro_shared.settings import ServiceSettings

KEY_FILE = "audit-svc.checkpoint-key"


class AuditSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AUDIT_SVC_", extra="ignore")
    service_name: ClassVar[str] = "audit-svc"

    #: The log's origin, the first line of every checkpoint (C2SP tlog-checkpoint) and the
    #: name of the key a generated key signs under.
    checkpoint_origin: str = "expro.local/audit-svc"
    #: The checkpoint signer key, ``PRIVATE+KEY+<name>+<hex hash>+<base64(0x01 ‖ seed)>``
    #: (a C2SP note signer key). Required in production; in development a key is generated
    #: on first start and kept in ``data_dir``.
    checkpoint_key: SecretStr | None = None
    #: Where development keeps what it generates (the key file).
    data_dir: str = "var"
    #: How often the public dashboard may re-walk the trail (full verification, figures).
    dashboard_refresh_seconds: float = Field(300.0, ge=0)

    @model_validator(mode="after")
    def _production_needs_a_key(self) -> AuditSettings:
        if self.environment == "production" and self.checkpoint_key is None:
            raise ValueError("EXPRO_ENV=production needs AUDIT_SVC_CHECKPOINT_KEY (the checkpoint signer key)")
        return self

    def note_signer(self) -> NoteSigner:
        """The key that signs checkpoints: the configured one, or the development key kept in
        ``data_dir`` (generated once, written atomically so concurrent first starts agree)."""
        if self.checkpoint_key is not None:
            return NoteSigner.parse(self.checkpoint_key.get_secret_value())
        path = Path(self.data_dir) / KEY_FILE
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fresh = path.with_name(f".{KEY_FILE}.{secrets.token_hex(8)}")
            fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(NoteSigner.generate(self.checkpoint_origin).signer_key() + "\n")
            try:
                os.link(fresh, path)  # fails if another process made one first: theirs wins
            except FileExistsError:
                pass
            finally:
                fresh.unlink()
        return NoteSigner.parse(path.read_text())
