# Local-run configuration of the provisioner, sourced by deploy/local before it starts
# (see provisioner/README.md for every setting). AWS is moto behind the strict layer, seeded by up with the
# organisation and the org-admin-access and provisioner roles the provisioner uses as in production.
source "$RUN_DIR/config/aws.env"
PROVISIONER_AWS_ENDPOINT="http://127.0.0.1:$MOTO_PORT"
PROVISIONER_AWS_ACCESS_KEY_ID=testing
PROVISIONER_AWS_SECRET_ACCESS_KEY=testing
PROVISIONER_AWS_GDS_USERS_ACCOUNT_ID="$AWS_MANAGEMENT_ACCOUNT_ID"
PROVISIONER_NOTIFIER_PUBLIC_KEY="$RUN_DIR/keys/notifier-public.pem"
PROVISIONER_AWS_ORGANIZATIONS_ROLE_ARN="$AWS_ORG_ADMIN_ACCESS_ROLE_ARN"
# closed accounts are moved to the seeded "suspended" unit before CloseAccount
PROVISIONER_ACCOUNTS_SUSPENDED_PARENT_ID="$AWS_SUSPENDED_OU_ID"
# gds-users' IAM through a role with the production policy, so the preflight (POST /preflight) can simulate it
PROVISIONER_AWS_GDS_USERS_ROLE_ARN="$AWS_GDS_USERS_ROLE_ARN"
# Root MFA is checked: enable it as the engineer would in the console, deploy/local/aws-console root-mfa <account id>
if [[ "${STRICT_AWS_PROFILE:-test}" == test ]]; then
  # AWS's delays are seconds in the test profile: look again sooner than the production defaults (5 s up to 60 s)
  PROVISIONER_ACCOUNTS_CREATE_STATUS_POLL_INITIAL_DELAY=250ms
  PROVISIONER_ACCOUNTS_CREATE_STATUS_POLL_MAX_DELAY=2s
  PROVISIONER_ACCOUNTS_READINESS_INITIAL_DELAY=250ms
  PROVISIONER_ACCOUNTS_READINESS_MAX_DELAY=2s
  PROVISIONER_ACCOUNTS_ROOT_MFA_CHECK_INITIAL_DELAY=250ms
  PROVISIONER_ACCOUNTS_ROOT_MFA_CHECK_MAX_DELAY=2s
  PROVISIONER_RETRY_INITIAL_BACKOFF=200ms
  PROVISIONER_RETRY_MAX_BACKOFF=2s
  PROVISIONER_RETRY_SETTLING_INITIAL_DELAY=250ms
  PROVISIONER_RETRY_SETTLING_MAX_DELAY=2s
fi
