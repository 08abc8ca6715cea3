#!/usr/bin/env bash
# A/B of `npm run bench -- --section engine` between two checkouts of this repository,
# alternated N times (engine ÷ bare-loop ratios are noisy by ±15 % from run to run on a
# shared machine; the medians of alternated runs are what to compare), then the medians.
#
#   git worktree add /tmp/base <commit> && ln -s "$PWD/node_modules" /tmp/base/node_modules
#   (cd /tmp/base && npx tsc -p tsconfig.bench.json) && npx tsc -p tsconfig.bench.json
#   bench/ab-section.sh /tmp/base . 7
set -euo pipefail
A=${1:?usage: ab-section.sh <checkout A> <checkout B> [runs]}
B=${2:?usage: ab-section.sh <checkout A> <checkout B> [runs]}
N=${3:-7}
out=$(mktemp)
for i in $(seq 1 "$N"); do
  for side in A B; do
    dir=$A; [ "$side" = B ] && dir=$B
    (cd "$dir" && node --expose-gc .bench-build/bench/main.js --section engine 2>&1) |
      grep -E '^\| (mutex|channel|timers|tiny)' |
      awk -F'|' -v s="$side" '{ split($2, w, " "); sub(":", "", w[1]); v = (w[1] == "tiny") ? $3 : $5; gsub(/[ ,k]/, "", v); print s, w[1], v }' >>"$out"
  done
done
node -e '
  const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => l.split(" "));
  const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  for (const w of ["mutex", "channel", "timers", "tiny"]) {
    const a = rows.filter((r) => r[0] === "A" && r[1] === w).map((r) => Number(r[2]));
    const b = rows.filter((r) => r[0] === "B" && r[1] === w).map((r) => Number(r[2]));
    const paired = med(a.map((x, i) => b[i] / x));
    console.log(`${w}: A ${a.join(" ")} | B ${b.join(" ")} | median B/A ${(med(b) / med(a)).toFixed(3)}, median of paired B/A ${paired.toFixed(3)} (${w === "tiny" ? "executions/s, k" : "engine ÷ bare loop"})`);
  }
' "$out"
rm -f "$out"
