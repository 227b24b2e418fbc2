# difang's image: the daemon (default command, `python scheduler.py`) and the query CLI (`difang`).
#
#   docker build -t difang .                                    plain HTTP crawls
#   docker build --build-arg WITH_CHROMIUM=1 -t difang:chromium .   adds Debian's chromium for
#                                                               `render: true` sites
#
# Site definitions are mounted at /app/sites; state (DIFANG_HOME) lives in /var/lib/difang, a
# volume. The archive goes wherever DIFANG_ARCHIVE says (s3://… in docker-compose.yml).

# ---- build: a virtualenv with difang and the exact versions CI tested (requirements/runtime.lock)
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Dependencies first, in their own layer: a code change does not reinstall them. The runtime lock
# is the dev lock's runtime subset (same versions, same hashes); nothing is resolved here.
COPY requirements/runtime.lock requirements/sync.py requirements/
RUN python requirements/sync.py requirements/runtime.lock
COPY pyproject.toml scheduler.py ./
COPY core/ core/
COPY storage/ storage/
COPY query/ query/
COPY pipelines/ pipelines/
COPY crawler/ crawler/
COPY daemon/ daemon/
COPY cluster/ cluster/
COPY archive/ archive/
COPY demo/ demo/
RUN pip install --no-cache-dir --no-deps --no-build-isolation . \
    && pip check

# ---- runtime
FROM python:3.11-slim-bookworm AS runtime
# WITH_CHROMIUM=1 installs Debian's chromium for sites with `render: true` / `render: articles`;
# empty (the default) keeps the image slim, and such sites fail with a clear message.
ARG WITH_CHROMIUM=
# chromium follows Debian's security updates, so its version is not pinned here.
# hadolint ignore=DL3008
RUN if [ "$WITH_CHROMIUM" = "1" ]; then \
        apt-get update \
        && apt-get install -y --no-install-recommends chromium \
        && rm -rf /var/lib/apt/lists/*; \
    fi \
    && groupadd --system --gid 10001 difang \
    && useradd --system --uid 10001 --gid difang --home-dir /var/lib/difang --shell /usr/sbin/nologin difang \
    && mkdir -p /var/lib/difang /app/sites \
    && chown difang:difang /var/lib/difang
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DIFANG_SITES=/app/sites \
    DIFANG_HOME=/var/lib/difang \
    DIFANG_ARCHIVE=/var/lib/difang/archive \
    DIFANG_CHROMIUM=${WITH_CHROMIUM:+/usr/bin/chromium} \
    DIFANG_CHROMIUM_SANDBOX=0
# The repository layout as well: `python scheduler.py` runs from here, and crawls run with this
# folder as their working directory (scrapy.cfg, crawler/). Owned by root: read-only to difang.
WORKDIR /app
COPY scheduler.py scrapy.cfg pyproject.toml ./
COPY core/ core/
COPY storage/ storage/
COPY query/ query/
COPY pipelines/ pipelines/
COPY crawler/ crawler/
COPY daemon/ daemon/
COPY cluster/ cluster/
COPY archive/ archive/
COPY deploy/ deploy/
USER difang:difang
VOLUME ["/var/lib/difang"]
EXPOSE 8765
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "deploy/healthcheck.py"]
CMD ["python", "scheduler.py"]
