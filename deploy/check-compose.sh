#!/usr/bin/env bash
# Validate docker-compose.yml with whichever Compose is installed (v2 plugin or v1),
# installing Debian's docker-compose when neither is and we may.
set -euo pipefail
cd "$(dirname "$0")/.."
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null; then
  compose=(docker-compose)
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
  compose=(docker-compose)
else
  echo "check-compose: no Docker Compose here; install it to validate docker-compose.yml" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The file references deploy/app.env and a secret file: validate against the example.
cp deploy/app.env.example "$tmp/app.env"
sed "s#deploy/app.env#$tmp/app.env#; s#file: deploy/secret_key#file: $tmp/secret_key#; \
  s#file: deploy/credentials_key#file: $tmp/credentials_key#" \
  docker-compose.yml > "$tmp/docker-compose.yml"
echo unused > "$tmp/secret_key"
echo unused > "$tmp/credentials_key"
cp -r deploy "$tmp/deploy"
POSTGRES_PASSWORD=check "${compose[@]}" --project-directory "$PWD" -f "$tmp/docker-compose.yml" config -q
echo "docker-compose.yml: valid"
