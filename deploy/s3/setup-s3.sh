#!/bin/sh
# Gives the API and the worker their own S3 account with the "user" role (it can use the
# buckets it owns, and cannot create buckets or see others), and the bucket, owned by it.
# Signs in as root only here. Safe to run on every `up`: an existing account gets the current
# secret, an existing bucket is handed to the account.
#   S3_ENDPOINT, S3_BUCKET
#   ROOT_ACCESS_KEY_FILE, ROOT_SECRET_KEY_FILE  root keys (Compose secrets)
#   S3_ACCESS_KEY_FILE, S3_SECRET_KEY_FILE      the service account's keys (Compose secrets)
set -eu

: "${S3_ENDPOINT:?S3_ENDPOINT must be the URL of the S3 server}"
: "${S3_BUCKET:?S3_BUCKET must name the bucket of the operation files}"
VERSITYGW=${VERSITYGW:-versitygw}
MAX_ATTEMPTS=${MAX_ATTEMPTS:-60}

# versitygw's admin command reads the admin keys from these variables.
ADMIN_ACCESS_KEY_ID=$(cat "${ROOT_ACCESS_KEY_FILE:?ROOT_ACCESS_KEY_FILE must be set}")
ADMIN_SECRET_ACCESS_KEY=$(cat "${ROOT_SECRET_KEY_FILE:?ROOT_SECRET_KEY_FILE must be set}")
export ADMIN_ACCESS_KEY_ID ADMIN_SECRET_ACCESS_KEY
access=$(cat "${S3_ACCESS_KEY_FILE:?S3_ACCESS_KEY_FILE must be set}")
secret=$(cat "${S3_SECRET_KEY_FILE:?S3_SECRET_KEY_FILE must be set}")
if [ "$access" = "$ADMIN_ACCESS_KEY_ID" ]; then
  echo "The service account must not be the root account: choose another S3 access key" >&2
  exit 1
fi

admin() {
  "$VERSITYGW" admin --endpoint-url "$S3_ENDPOINT" "$@"
}

# The first column of a versitygw admin table, without its two header lines.
first_column() {
  awk 'NR > 2 && NF > 0 { print $1 }'
}

attempt=1
until admin list-users >/dev/null 2>&1; do
  if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
    echo "The S3 server at $S3_ENDPOINT did not answer after $attempt attempts" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 1
done

if admin list-users | first_column | grep -qxF -- "$access"; then
  admin update-user --access "$access" --secret "$secret" --role user
  echo "Updated the S3 account $access"
else
  admin create-user --access "$access" --secret "$secret" --role user
  echo "Created the S3 account $access (role user)"
fi

if admin list-buckets | first_column | grep -qxF -- "$S3_BUCKET"; then
  admin change-bucket-owner --bucket "$S3_BUCKET" --owner "$access"
  echo "Bucket $S3_BUCKET is owned by $access"
else
  admin create-bucket --bucket "$S3_BUCKET" --owner "$access"
  echo "Created bucket $S3_BUCKET, owned by $access"
fi
