#!/usr/bin/env bash
# Reproduce api/web/static/vendor/ from the npm registry: each package at a pinned version, its
# tarball checked against the pinned sha512 (the registry's "integrity"), and only the files the
# page serves copied out, with their licences. The output is committed: nothing is fetched at run
# time or by CI. Run it after changing a pin, then commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=api/web/static/vendor
PACKAGES=(
  "cytoscape 3.35.0 sha512-sMvBIXiGMnhkCaWz2R06FwF/27MNlS+Tqvi17foO9UhnUg3XGZccKjxsvEqQFAQYMSSZmN5SxYzUYlQ0DOJJ3g== dist/cytoscape.min.js LICENSE"
  "swagger-ui-dist 5.35.0 sha512-U06rpMtW9V3XPGOBeamTUSr0Z09jMX4IJuANpE/EZbAhw0G8CgwrzU4YmXkn/h0wCDNsXdGarTNNHC3sU8yVUQ== swagger-ui-bundle.js swagger-ui.css LICENSE"
  "redoc 3.0.1 sha512-KDfoKaYW19LCl4YStgBnwlaNjYEFfs5zCNt1s1WZ2YM5u8d26Yuzd2l43fZO851ZsgIMe/D640fDJkD8eaRQKQ== bundles/redoc.standalone.js LICENSE"
)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for spec in "${PACKAGES[@]}"; do
  read -r name version integrity files <<<"$spec"
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
  tarball="$work/$name-$version.tgz"
  got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [[ "$got" != "$integrity" ]]; then
    echo "checksum mismatch for $name@$version: got $got" >&2
    exit 1
  fi
  dest="$OUT/$name"
  rm -rf "$dest" && mkdir -p "$dest"
  for f in $files; do
    tar -xzf "$tarball" -C "$work" "package/$f"
    cp "$work/package/$f" "$dest/$(basename "$f")"
  done
  echo "$name@$version $integrity" > "$dest/VERSION"
  rm -rf "$work/package"
  echo "vendored $name@$version into $dest"
done
