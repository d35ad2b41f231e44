# Local-run configuration of the notifier, sourced by deploy/local before it starts
# (see notifier/README.md for every setting). SMTP is GreenMail; only the notifier holds its private key.
source "$RUN_DIR/config/aws.env"
SMTP_HOST=127.0.0.1
SMTP_PORT="$SMTP_PORT"
NOTIFIER_PRIVATE_KEY="$RUN_DIR/keys/notifier-private.pem"
# The sent journal: the same directory for every start of this run (deploy/local/restart after a kill -9 included),
# emptied by up with the broker's data.
NOTIFIER_SENT_JOURNAL_DIR="$RUN_DIR/data/notifier/sent-journal"
NOTIFIER_LINKS_REQUEST_SERVICE="http://127.0.0.1:$(service_port request-service)"
NOTIFIER_GDS_USERS_ACCOUNT_ID="$AWS_MANAGEMENT_ACCOUNT_ID"
NOTIFIER_YUBIKEY_AGENT_COMMAND="YUBIKEY_AGENT_CONFIG=$RUN_DIR/config/agent.properties yubikey-agent/bin/yubikey-agent seed {requestId}"
