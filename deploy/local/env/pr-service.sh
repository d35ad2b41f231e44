# Local-run configuration of pr-service, sourced by deploy/local before it starts
# (see pr-service/README.md for every setting). GitHub is the sandbox; it accepts any token but an unissued
# installation token (ghs_...). The sandbox enforces none of GitHub's rate limits in the local run, so pr-service
# paces nothing either (its defaults are GitHub's limits: 80 content-creating calls a minute, 500 an hour).
PR_GITHUB_API_URL="http://127.0.0.1:$GITHUB_PORT"
PR_GITHUB_TOKEN=local-sandbox-token
PR_WEBHOOK_SECRET="$(cat "$RUN_DIR/keys/github-webhook-secret")"
# Where the sandbox delivers (lib/parts.sh starts it with this URL and the secret above): the preflight finds each
# repository's webhook by this URL and pings it.
PR_WEBHOOK_PUBLIC_URL="http://127.0.0.1:$(service_port pr-service)/webhooks/github"
PR_GITHUB_PACE_CONTENT_PER_MINUTE=0
PR_GITHUB_PACE_CONTENT_PER_HOUR=0
PR_GITHUB_PACE_MIN_INTERVAL=0s
