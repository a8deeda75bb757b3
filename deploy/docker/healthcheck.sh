#!/usr/bin/env bash
# healthcheck PORT [PATH] - exit 0 when http://127.0.0.1:PORT/PATH answers 200 within 5 s, else 1.
# For Docker healthchecks: needs only bash (its /dev/tcp), no curl or wget in the image.
set -u
port=${1:?usage: healthcheck PORT [PATH]}
path=${2:-/actuator/health/readiness}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
IFS=' ' read -r -t 5 _ status _ <&3 || exit 1
[[ $status == 200 ]]
