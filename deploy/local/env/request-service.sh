# Local-run configuration of request-service, sourced by deploy/local before it starts
# (see request-service/README.md for every setting). Sign-in: the run's Keycloak; tokens: deploy/local/token.
source "$RUN_DIR/config/aws.env"
REQUEST_OIDC_ISSUER="$(keycloak_issuer)"
REQUEST_OIDC_CLIENT_SECRET="$(cat "$RUN_DIR/keycloak/client-secret")"
REQUEST_AWS_CONFIG_GDS_USERS_ACCOUNT_ID="$AWS_MANAGEMENT_ACCOUNT_ID"
# Closure requests read the organisation: the same moto (strict layer) and credentials as the provisioner, through
# the role it uses for Organizations
REQUEST_AWS_ENDPOINT="http://127.0.0.1:$MOTO_PORT"
REQUEST_AWS_ACCESS_KEY_ID=testing
REQUEST_AWS_SECRET_ACCESS_KEY=testing
REQUEST_AWS_ORGANIZATIONS_ROLE_ARN="$AWS_ORG_ADMIN_ACCESS_ROLE_ARN"
