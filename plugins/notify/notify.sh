#!/bin/sh
# runbook plugin `notify`: one JSON request on stdin, one JSON answer on stdout.
# Inputs arrive as RUNBOOK_INPUT_* variables (lists as compact JSON), so no JSON parser is needed.
set -u

request=$(cat)   # the request is read (and kept for the webhook body's context) even if unused
: "${request}"

json_escape() {
    printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/	/\\t/g' -e 's/\r/\\r/g' |
        awk 'BEGIN { ORS = "" } NR > 1 { print "\\n" } { print }'
}

answer_error() {
    printf '{"error": "%s"}\n' "$(json_escape "$1")"
    exit 0
}

file=${RUNBOOK_INPUT_FILE:-}
webhook=${RUNBOOK_INPUT_WEBHOOK:-}
title=${RUNBOOK_INPUT_TITLE:-"runbook run ${RUNBOOK_RUN_ID:-?}"}
text=${RUNBOOK_INPUT_TEXT:-}
findings=${RUNBOOK_INPUT_FINDINGS:-[]}
mode=${RUNBOOK_MODE:-live}
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)

[ -n "$file" ] || [ -n "$webhook" ] || answer_error "give 'file' or 'webhook' (or both)"

# "name (open)" / "name (fixed by step)" for each finding, from the compact JSON objects.
finding_lines() {
    printf '%s' "$findings" | grep -o '"name":"[^"]*"\|"fixed_by":null\|"fixed_by":"[^"]*"' |
        sed -e 's/^"name":"\(.*\)"$/N \1/' -e 's/^"fixed_by":null$/F/' -e 's/^"fixed_by":"\(.*\)"$/F \1/' |
        awk '$1 == "N" { if (name != "") print "- " name " (open)"; name = $2; next }
             $1 == "F" { if (name == "") next; if (NF > 1) print "- " name " (fixed by " $2 ")"; else print "- " name " (open)"; name = "" }
             END { if (name != "") print "- " name " (open)" }'
}
count=$(finding_lines | grep -c . || true)
open=$(finding_lines | grep -c '(open)$' || true)

delivered=""
if [ -n "$file" ]; then
    {
        printf '## %s (%s)\n' "$title" "$now"
        printf 'run %s, step %s%s\n' "${RUNBOOK_RUN_ID:-?}" "${RUNBOOK_STEP:-?}" "$([ "$mode" = live ] || printf ' (dry run)')"
        [ -n "$text" ] && printf '%s\n' "$text"
        printf 'findings: %s raised, %s open\n' "$count" "$open"
        finding_lines
        printf '\n'
    } >> "$file" 2>/dev/null || answer_error "cannot append to '$file'"
    delivered="\"file\""
fi

status=""
if [ -n "$webhook" ]; then
    command -v curl >/dev/null 2>&1 || answer_error "curl is needed to post to a webhook; install curl"
    body=$(printf '{"title": "%s", "text": "%s", "time": "%s", "run_id": "%s", "step": "%s", "dry_run": %s, "findings": %s}' \
        "$(json_escape "$title")" "$(json_escape "$text")" "$now" "$(json_escape "${RUNBOOK_RUN_ID:-}")" \
        "$(json_escape "${RUNBOOK_STEP:-}")" "$([ "$mode" = live ] && echo false || echo true)" "$findings")
    status=$(printf '%s' "$body" | curl -sS -o /dev/null -w '%{http_code}' -m 10 -X POST \
        -H 'Content-Type: application/json' --data-binary @- "$webhook" 2>/tmp/notify-curl.$$) ||
        { err=$(cat /tmp/notify-curl.$$); rm -f /tmp/notify-curl.$$; answer_error "posting to the webhook failed: $err"; }
    rm -f /tmp/notify-curl.$$
    case "$status" in
        2??) ;;
        *) answer_error "the webhook answered HTTP $status" ;;
    esac
    delivered="${delivered:+$delivered, }\"webhook\""
fi

echo "notify: delivered to ${file:+$file }${webhook:+$webhook}" >&2
printf '{"result": {"delivered": [%s], "file": "%s", "http_status": "%s", "findings": %s, "open": %s}}\n' \
    "$delivered" "$(json_escape "$file")" "$status" "$count" "$open"
