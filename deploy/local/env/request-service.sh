# Local-run configuration of request-service, sourced by deploy/local before it starts
# (see request-service/README.md for every setting). Tokens: deploy/local/token.
source "$RUN_DIR/config/aws.env"
REQUEST_JWT_PUBLIC_KEY_LOCATION="file:$RUN_DIR/keys/jwt/public.pem"
REQUEST_AWS_CONFIG_GDS_USERS_ACCOUNT_ID="$AWS_MANAGEMENT_ACCOUNT_ID"
