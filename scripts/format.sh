#!/usr/bin/env bash
# Formats the Swift sources with the toolchain's swift-format (.swift-format at the root), then lints.
#   scripts/format.sh           # format in place, then lint
#   scripts/format.sh --check   # lint only (non-zero exit on findings)
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Sources Tests Benchmarks/Sources)
if [ "${1:-}" != "--check" ]; then
    swift format format --in-place --recursive "${paths[@]}"
fi
swift format lint --strict --recursive "${paths[@]}"
