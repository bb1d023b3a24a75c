#!/usr/bin/env bash
# Installs (from Debian's packages) and starts what the tests need: MariaDB,
# RabbitMQ, the real mistral CLI and Python Mistral 15 (for interop tests),
# an SSH server (std.ssh tests), Keystone (python3-keystone: tests start a
# throw-away one on loopback, tests/testserver/keystone.go). Safe to run again: it installs only what is
# missing and starts only what is stopped. Needs root (or sudo).
set -euo pipefail

# gcc and libc6-dev build the C SQLite of the embedded default (db/sqlitedriver).
packages=(gcc libc6-dev mariadb-server rabbitmq-server python3-mistralclient python3-mistral python3-pymysql
          python3-yaql python3-yaml openssh-server python3-keystone)

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Services: start them if they do not answer yet.
if ! mysqladmin ping >/dev/null 2>&1; then
  echo "test-deps: starting MariaDB"
  $sudo service mariadb start >/dev/null
fi
if ! $sudo rabbitmqctl -q status >/dev/null 2>&1; then
  echo "test-deps: starting RabbitMQ"
  $sudo service rabbitmq-server start >/dev/null
fi
for i in $(seq 1 60); do
  mysqladmin ping >/dev/null 2>&1 && $sudo rabbitmqctl -q status >/dev/null 2>&1 && break
  sleep 1
done
mysqladmin ping >/dev/null
$sudo rabbitmqctl -q status >/dev/null
# Tests run several deployments at once, each process with its own pool.
$sudo mysql -e "SET GLOBAL max_connections = 1000" || true
echo "test-deps: MariaDB and RabbitMQ are up"
