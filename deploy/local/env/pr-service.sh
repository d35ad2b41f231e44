# Local-run configuration of pr-service, sourced by deploy/local before it starts
# (see pr-service/README.md for every setting). GitHub is the sandbox; any token is accepted there.
PR_GITHUB_API_URL="http://127.0.0.1:$GITHUB_PORT"
PR_GITHUB_TOKEN=local-sandbox-token
PR_WEBHOOK_SECRET="$(cat "$RUN_DIR/keys/github-webhook-secret")"
