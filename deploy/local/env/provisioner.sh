# Local-run configuration of the provisioner, sourced by deploy/local before it starts
# (see provisioner/README.md for every setting). AWS is moto, seeded by up with the organisation.
source "$RUN_DIR/config/aws.env"
PROVISIONER_AWS_ENDPOINT="http://127.0.0.1:$MOTO_PORT"
PROVISIONER_AWS_ACCESS_KEY_ID=testing
PROVISIONER_AWS_SECRET_ACCESS_KEY=testing
PROVISIONER_AWS_GDS_USERS_ACCOUNT_ID="$AWS_MANAGEMENT_ACCOUNT_ID"
PROVISIONER_NOTIFIER_PUBLIC_KEY="$RUN_DIR/keys/notifier-public.pem"
# moto always reports root MFA off and has no service-specific-credentials API
PROVISIONER_ACCOUNTS_VERIFY_ROOT_MFA=false
PROVISIONER_USERS_DELETE_SERVICE_SPECIFIC_CREDENTIALS=false
