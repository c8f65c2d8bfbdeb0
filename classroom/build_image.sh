#!/bin/bash
# Build the learners' image for Zero to JupyterHub: what Binder builds from binder/ (Python, the pinned
# packages, postBuild installing gdviz) plus nbgitpuller, which hands out the lessons.
#
#   bash classroom/build_image.sh REGISTRY/gdviz-learner:TAG [more jupyter-repo2docker options]
#
# then `docker push REGISTRY/gdviz-learner:TAG` and name it in classroom/z2jh_values.yaml (singleuser.image).
# The repository goes to /srv/gdviz, not the home folder: on the hub each learner's home is their own disk
# mounted over /home/jovyan, which would hide gdviz's (editable) install.
set -euo pipefail
image="${1:?usage: bash classroom/build_image.sh REGISTRY/gdviz-learner:TAG [repo2docker options]}"
shift
cd "$(dirname "$0")/.."
exec jupyter-repo2docker --no-run --user-id 1000 --user-name jovyan --image-name "$image" \
    --target-repo-dir /srv/gdviz \
    --appendix "RUN python -m pip install --no-cache-dir nbgitpuller==1.3.0" \
    "$@" .
