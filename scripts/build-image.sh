#!/usr/bin/env bash
# Builds the replbench image from the Dockerfile with docker (BuildKit) or, where
# there is no docker, Debian's buildah; tags it IMAGE:VERSION (VERSION from
# package.json), labels it with the git revision and build time, and checks that
# the image answers `--version` with that version as a non-root user.
#   scripts/build-image.sh [IMAGE]            default IMAGE: localhost/replbench
# Environment: BASE (the Node base image, e.g. a mirror), CA (a CA bundle for a
# TLS-inspecting proxy, passed as a build secret), BUILDER (docker|buildah).
set -euo pipefail
cd "$(dirname "$0")/.."

image=${1:-localhost/replbench}
version=$(node -p 'require("./package.json").version')
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
builder=${BUILDER:-$(command -v docker >/dev/null && echo docker || echo buildah)}
args=(--build-arg "VERSION=$version" --build-arg "REVISION=$revision" --build-arg "CREATED=$created" -t "$image:$version")
[ -n "${BASE:-}" ] && args+=(--build-arg "BASE=$BASE")
[ -n "${CA:-}" ] && args+=(--secret "id=ca,src=$CA")

case $builder in
  docker)
    DOCKER_BUILDKIT=1 docker build "${args[@]}" .
    run() { docker run --rm "$image:$version" "$@"; }
    user=$(docker image inspect -f '{{.Config.User}}' "$image:$version")
    ;;
  buildah)
    # As root in an unprivileged container: vfs storage, chroot isolation, host network.
    b=(buildah --storage-driver vfs)
    "${b[@]}" bud --isolation chroot --network host "${args[@]}" .
    run() {
      local ctr code=0
      ctr=$("${b[@]}" from "$image:$version")
      "${b[@]}" run --isolation chroot --network host --user 1000:1000 "$ctr" -- replbench "$@" || code=$?
      "${b[@]}" rm "$ctr" >/dev/null
      return $code
    }
    user=$("${b[@]}" inspect --type image -f '{{.OCIv1.Config.User}}' "$image:$version")
    ;;
  *) echo "build-image: unknown BUILDER $builder (docker or buildah)" >&2; exit 2 ;;
esac

[ "$user" = 1000:1000 ] || { echo "build-image: the image runs as '$user', expected 1000:1000" >&2; exit 1; }
got=$(run --version)
[ "$got" = "$version" ] || { echo "build-image: the image answers --version with '$got', expected $version" >&2; exit 1; }
echo "built $image:$version (revision $revision) with $builder; runs as $user"
