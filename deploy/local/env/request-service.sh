# Local-run configuration of request-service, sourced by deploy/local before it starts
# (see request-service/README.md for every setting). Sign-in: the run's Keycloak; tokens: deploy/local/token.
source "$RUN_DIR/config/aws.env"
REQUEST_OIDC_ISSUER="$(keycloak_issuer)"
REQUEST_OIDC_CLIENT_SECRET="$(cat "$RUN_DIR/keycloak/client-secret")"
REQUEST_AWS_CONFIG_GDS_USERS_ACCOUNT_ID="$AWS_MANAGEMENT_ACCOUNT_ID"
