# claimtrack API image: CPU-only PyTorch, the locked dependencies, bundled models, no secrets baked in.
FROM python:3.11-slim

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    CLAIMTRACK_DATA_DIR=/data \
    CLAIMTRACK_HOST=0.0.0.0

WORKDIR /app
# The CPU wheel index keeps the image free of multi-GB CUDA libraries; requirements.lock pins the
# same build (torch==2.13.0+cpu), so installing the lock finds it already there.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
RUN pip install --index-url "$TORCH_INDEX_URL" torch==2.13.0+cpu
# Every other package exactly as tested, each checked against its hash.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY claims ./claims
COPY index ./index
COPY api ./api
COPY claimtrack ./claimtrack
COPY fixtures ./fixtures
RUN pip install --no-deps --no-build-isolation .

RUN useradd --create-home --uid 10001 claimtrack && mkdir -p /data && chown 10001 /data
USER 10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"]
CMD ["claimtrack", "serve", "--host", "0.0.0.0", "--port", "8000"]
