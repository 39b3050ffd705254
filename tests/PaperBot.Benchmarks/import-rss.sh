#!/usr/bin/env bash
# Peak memory and rate of `paperbot import` on a generated PaperBot JSON Lines file, measured on the real
# CLI with GNU time (its "Maximum resident set size" is the peak RSS of the import process alone).
#   tests/PaperBot.Benchmarks/import-rss.sh [PAPERS=200000] [WORKDIR=/tmp/paperbot-import-bench]
# FORMAT=hf or FORMAT=atom imports the same papers as a Hugging Face daily papers array or an arXiv Atom feed.
set -euo pipefail
cd "$(dirname "$0")/../.."
papers=${1:-200000}
dir=${2:-/tmp/paperbot-import-bench}
mkdir -p "$dir"

dotnet build src/PaperBot/PaperBot.csproj -c Release -v q -nologo >/dev/null
dotnet build tests/PaperBot.Benchmarks -c Release -v q -nologo >/dev/null
file=$(dotnet tests/PaperBot.Benchmarks/bin/Release/net10.0/PaperBot.Benchmarks.dll import-file --papers "$papers" --dir "$dir" | tail -n 1)
format=${FORMAT:-jsonl}
if [ "$format" != jsonl ]; then
  converted="${file%.jsonl}.$format"
  [ -f "$converted" ] || python3 "$(dirname "$0")/jsonl-to.py" "$format" "$file" "$converted"
  file=$converted
fi
# PAPERBOT_APP=<folder with paperbot.dll> measures another build (e.g. the one before a change).
app=${PAPERBOT_APP:-src/PaperBot/bin/Release/net10.0}

db="$dir/import-$papers-$format.db"
rm -f "$db" "$db-wal" "$db-shm"
echo "file: $file ($(du -m "$file" | cut -f1) MB, $papers papers)"
start=$(date +%s.%N)
# Storing only: with search by meaning off the import does not go on to embed the papers (the same as --no-embed,
# which builds from before that flag do not know).
Semantic__Enabled=false Storage__DatabasePath="$db" /usr/bin/time -v dotnet "$app/paperbot.dll" import "$file" 2>"$dir/time.txt" | tail -n 1
end=$(date +%s.%N)
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$dir/time.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v n="$papers" -v s="$start" -v e="$end" 'BEGIN { printf "rate: %.0f papers/s over %.1f s\n", n / (e - s), e - s }'
