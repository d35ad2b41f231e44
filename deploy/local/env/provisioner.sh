# Local-run configuration of the provisioner, sourced by deploy/local before it starts
# (see provisioner/README.md for every setting). AWS is moto behind the strict layer, seeded by up with the
# organisation and the org-admin-access role the provisioner uses as in production.
source "$RUN_DIR/config/aws.env"
PROVISIONER_AWS_ENDPOINT="http://127.0.0.1:$MOTO_PORT"
PROVISIONER_AWS_ACCESS_KEY_ID=testing
PROVISIONER_AWS_SECRET_ACCESS_KEY=testing
PROVISIONER_AWS_GDS_USERS_ACCOUNT_ID="$AWS_MANAGEMENT_ACCOUNT_ID"
PROVISIONER_NOTIFIER_PUBLIC_KEY="$RUN_DIR/keys/notifier-public.pem"
PROVISIONER_AWS_ORGANIZATIONS_ROLE_ARN="$AWS_ORG_ADMIN_ACCESS_ROLE_ARN"
# Root MFA is checked: enable it as the engineer would in the console, deploy/local/aws-console root-mfa <account id>
