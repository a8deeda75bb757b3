#!/usr/bin/env bash
# The fault steps of a chaos scenario (chaos/<name>.yml), carried out on time against the docker compose stack.
#
#   chaos/compose-chaos.sh [--dry-run] chaos/payment-killed.yml
#
# Offer the scenario's load from another terminal at the same moment (the gateway is published on 8080):
#   ./shop load --rate 10 --duration 60s
# The invariant checks of `./shop chaos` need every service's own port and run against the local stack only;
# here you watch the load's live line, the call log, /actuator/prometheus and Grafana.
#
# How each step maps (services have the same names in docker-compose.yml as parts in ./shop):
#   kill <part>      docker compose kill <service>       (kafka: kafka-1, one broker of three)
#   pause <part>     docker compose pause <service>
#   resume <part>    docker compose unpause <service>
#   restart <part>   docker compose restart <service>    (starts a killed one, restarts a running one)
#   failover         docker compose kill pg-primary, then pg_promote() on pg-replica. Compose has nothing to fence
#                    the old primary with: a later `restart pg-primary` is skipped (in k8s/, CloudNativePG
#                    rebuilds it as a replica).
#   faults k=v|off   PUT /admin/faults on the provider, from inside its container (knobs not named keep their
#                    value, as with ./shop faults; the script assumes faults were off when it started)
#   monkey <part> latency|exceptions|off   Chaos Monkey's actuator endpoint, from inside that container
#   rate <n>         nothing to do here: tell the load generator (run the scenario's rates by hand)
#
# Environment: COMPOSE (default "docker compose"), SHOP_ADMIN_USER / SHOP_ADMIN_PASSWORD and DB_USER (as in the stack),
# CHAOS_TIME_SCALE (default 1; 0 runs the steps without waiting, for tests). --dry-run prints the commands at once.
set -euo pipefail

dry_run=false
if [[ ${1:-} == --dry-run ]]; then
  dry_run=true
  shift
fi
scenario=${1:?usage: chaos/compose-chaos.sh [--dry-run] chaos/<name>.yml}
[[ -f $scenario ]] || { echo "No scenario file $scenario" >&2; exit 2; }

read -r -a compose <<<"${COMPOSE:-docker compose}"
scale=${CHAOS_TIME_SCALE:-1}
$dry_run && scale=0
user=${SHOP_ADMIN_USER:-admin}
password=${SHOP_ADMIN_PASSWORD:-local-only-admin}

declare -A ports=([gateway]=8080 [catalog]=8081 [order-1]=8082 [order-2]=8092 [payment]=8083 [provider]=8089)
declare -A knob_fields=([latency]=latencyMs [jitter]=latencyJitterMs [error-rate]=errorRate
  [decline-rate]=declineRate [drop-rate]=dropResponseRate)
declare -A knobs=([latencyMs]=0 [latencyJitterMs]=0 [errorRate]=0 [declineRate]=0 [dropResponseRate]=0)
failed_over=false

# "15s", "500ms", "2m", "1h" -> milliseconds
millis() {
  local value=$1
  case $value in
    *ms) echo "${value%ms}" ;;
    *s) echo $((${value%s} * 1000)) ;;
    *m) echo $((${value%m} * 60000)) ;;
    *h) echo $((${value%h} * 3600000)) ;;
    *) echo "Cannot read the duration '$value'" >&2; return 2 ;;
  esac
}

service() {
  case $1 in
    kafka) echo kafka-1 ;;
    *) echo "$1" ;;
  esac
}

run() {
  echo "  \$ ${compose[*]} $*"
  $dry_run || "${compose[@]}" "$@"
}

# An HTTP request sent from inside a container with bash's /dev/tcp (the images have no curl); prints the status line.
http_in() {
  local container=$1 port=$2 method=$3 path=$4 body=${5:-}
  local auth
  auth=$(printf '%s:%s' "$user" "$password" | base64 | tr -d '\n')
  echo "  \$ ${compose[*]} exec -T $container <$method http://127.0.0.1:$port$path${body:+ $body}>"
  $dry_run && return 0
  # shellcheck disable=SC2016 # expanded by the container's bash
  "${compose[@]}" exec -T "$container" bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"
    printf "%s %s HTTP/1.0\r\nHost: localhost\r\nAuthorization: Basic %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" \
      "$2" "$3" "$4" "${#5}" "$5" >&3
    head -n 1 <&3' http "$port" "$method" "$path" "$auth" "$body"
}

step() {
  local verb part
  read -r verb part _ <<<"$1"
  case $verb in
    kill) run kill "$(service "$part")" ;;
    pause) run pause "$(service "$part")" ;;
    resume) run unpause "$(service "$part")" ;;
    restart)
      if [[ $part == pg-primary && $failed_over == true ]]; then
        echo "  skipped: after a failover the old primary would start as a second primary (nothing fences it in compose)"
      else
        run restart "$(service "$part")"
      fi
      ;;
    failover)
      run kill pg-primary
      run exec -T pg-replica psql -X -q -U "${DB_USER:-shop}" -d postgres -c "SELECT pg_promote()"
      failed_over=true
      ;;
    faults)
      local setting
      for setting in ${1#faults}; do
        if [[ $setting == off ]]; then
          for field in "${!knobs[@]}"; do knobs[$field]=0; done
        else
          knobs[${knob_fields[${setting%%=*}]:?unknown knob in $1}]=${setting#*=}
        fi
      done
      http_in provider 8089 PUT /admin/faults "$(printf '{"latencyMs":%s,"latencyJitterMs":%s,"errorRate":%s,"declineRate":%s,"dropResponseRate":%s}' \
        "${knobs[latencyMs]}" "${knobs[latencyJitterMs]}" "${knobs[errorRate]}" "${knobs[declineRate]}" "${knobs[dropResponseRate]}")"
      ;;
    monkey)
      local mode port
      read -r _ part mode <<<"$1"
      port=${ports[$part]:?no service $part}
      case $mode in
        off) http_in "$part" "$port" POST /actuator/chaosmonkey/disable ;;
        latency)
          http_in "$part" "$port" POST /actuator/chaosmonkey/assaults \
            '{"level":1,"latencyActive":true,"latencyRangeStart":1000,"latencyRangeEnd":3000,"exceptionsActive":false}'
          http_in "$part" "$port" POST /actuator/chaosmonkey/enable
          ;;
        exceptions)
          http_in "$part" "$port" POST /actuator/chaosmonkey/assaults '{"level":1,"latencyActive":false,"exceptionsActive":true}'
          http_in "$part" "$port" POST /actuator/chaosmonkey/enable
          ;;
      esac
      ;;
    rate) echo "  the load generator's rate is now $part calls/s (not something compose does)" ;;
    *) echo "Unknown step '$1'" >&2; return 2 ;;
  esac
}

# The steps, as "<at>\t<what>" lines, from the block-style list every shipped scenario uses.
steps=$(awk '
  /^steps:/ { in_steps = 1; next }
  /^[a-z]/ { in_steps = 0 }
  in_steps && $1 == "-" && $2 == "at:" { at = $3 }
  in_steps && $1 == "do:" { $1 = ""; sub(/^ /, ""); print at "\t" $0 }
' "$scenario")
timeline=""
while IFS=$'\t' read -r at what; do
  [[ -n $at ]] && timeline+="$(millis "$at")"$'\t'"$at"$'\t'"$what"$'\n'
done <<<"$steps"

if [[ -z $timeline ]] && grep -q 'do:' "$scenario"; then
  echo "No steps read from $scenario: write them as a block list (- at: 15s / do: kill payment), as chaos/ does" >&2
  exit 2
fi

name=$(awk '$1 == "name:" { print $2; exit }' "$scenario")
echo "Scenario $name: its fault steps against docker compose"
start=$(date +%s%N)
while IFS=$'\t' read -r ms at what; do
  [[ -n $ms ]] || continue
  due=$((ms * scale))
  now=$((($(date +%s%N) - start) / 1000000))
  if ((due > now)); then
    sleep "$(awk -v ms=$((due - now)) 'BEGIN { printf "%.3f", ms / 1000 }')"
  fi
  echo "$at step: $what"
  step "$what"
done < <(sort -n -s -k1,1 <<<"$timeline")
echo "Scenario $name: all steps done"
