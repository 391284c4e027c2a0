# claimtrack API image: CPU-only PyTorch, bundled models, no secrets baked in.
FROM python:3.11-slim

ENV PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    CLAIMTRACK_DATA_DIR=/data \
    CLAIMTRACK_HOST=0.0.0.0

WORKDIR /app
# The CPU wheel index keeps the image free of multi-GB CUDA libraries.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
RUN pip install --index-url "$TORCH_INDEX_URL" torch==2.13.0
COPY pyproject.toml README.md ./
COPY claims ./claims
COPY index ./index
COPY api ./api
COPY claimtrack ./claimtrack
COPY fixtures ./fixtures
RUN pip install .

RUN useradd --create-home claimtrack && mkdir -p /data && chown claimtrack /data
USER claimtrack
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["claimtrack", "serve", "--host", "0.0.0.0", "--port", "8000"]
