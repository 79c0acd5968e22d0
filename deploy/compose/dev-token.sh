#!/usr/bin/env bash
# Hand-written. Prints a JWT for the compose stack (or ./run-local.sh), signed with the DEVELOPMENT key that only the
# dev, test and local profiles trust; a prod profile refuses that key. Same claims as local-stack's DevTokens.
#
#   deploy/compose/dev-token.sh [user|staff|admin] [tenant] [user-id] [hours]
#   export TOKEN=$(deploy/compose/dev-token.sh admin demo demo-admin)
#
# Needs only bash and openssl.
set -euo pipefail

role="${1:-admin}"
tenant="${2:-demo}"
user="${3:-demo-$role}"
hours="${4:-12}"
key="$(cd "$(dirname "$0")/../.." && pwd)/local-stack/src/main/resources/dev-jwt/dev-private-key.pem"

case "$role" in
  user) groups='["user"]' ;;
  staff) groups='["user","staff"]' ;;
  admin) groups='["user","staff","admin"]' ;;
  *) echo "usage: $0 [user|staff|admin] [tenant] [user-id] [hours]" >&2; exit 2 ;;
esac
for value in "$tenant" "$user"; do
  if [[ ! "$value" =~ ^[A-Za-z0-9._-]+$ ]]; then
    echo "tenant and user id may contain only letters, digits, '.', '_' and '-': $value" >&2
    exit 2
  fi
done
[[ "$hours" =~ ^[0-9]+$ ]] || { echo "hours must be a whole number: $hours" >&2; exit 2; }

base64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

now=$(date +%s)
header='{"alg":"RS256","typ":"JWT","kid":"stockpulse-dev"}'
claims=$(printf '{"iss":"stockpulse-dev","sub":"%s","upn":"%s","groups":%s,"tenant_id":"%s","iat":%d,"exp":%d,"jti":"%s"}' \
  "$user" "$user" "$groups" "$tenant" "$now" $((now + hours * 3600)) "$(openssl rand -hex 16)")
signing_input="$(printf '%s' "$header" | base64url).$(printf '%s' "$claims" | base64url)"
signature=$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$key" -binary | base64url)
printf '%s.%s\n' "$signing_input" "$signature"
