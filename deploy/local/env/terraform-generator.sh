# Local-run configuration of terraform-generator, sourced by deploy/local before it starts
# (see terraform-generator/README.md for every setting).
source "$RUN_DIR/config/aws.env"
TERRAFORM_PARENT_ID="$AWS_WORKLOADS_OU_ID"
TERRAFORM_STATUS_PAGE_BASE_URL="http://127.0.0.1:$(service_port request-service)"
