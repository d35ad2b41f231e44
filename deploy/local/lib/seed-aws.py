"""Seeds the AWS emulator (moto) for the local run with what exists before the system runs in production:
the AWS Organization with an organisational unit for new accounts, and the IAM group that new people join in
gds-users (the account), cross-account-access. Prints shell variable assignments that deploy/local/up
records in config/aws.env.

Usage: python3 seed-aws.py http://127.0.0.1:5000
"""
import sys

import boto3

endpoint = sys.argv[1]
session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
organizations = session.client("organizations", endpoint_url=endpoint)
iam = session.client("iam", endpoint_url=endpoint)

try:
    organization = organizations.describe_organization()["Organization"]
except organizations.exceptions.AWSOrganizationsNotInUseException:
    organization = organizations.create_organization(FeatureSet="ALL")["Organization"]
root_id = organizations.list_roots()["Roots"][0]["Id"]
units = organizations.list_organizational_units_for_parent(ParentId=root_id)["OrganizationalUnits"]
workloads = next((u for u in units if u["Name"] == "workloads"), None)
if workloads is None:
    workloads = organizations.create_organizational_unit(ParentId=root_id, Name="workloads")["OrganizationalUnit"]

try:
    iam.create_group(GroupName="cross-account-access")
except iam.exceptions.EntityAlreadyExistsException:
    pass

print(f"AWS_MANAGEMENT_ACCOUNT_ID={organization['MasterAccountId']}")
print(f"AWS_ORGANIZATION_ROOT_ID={root_id}")
print(f"AWS_WORKLOADS_OU_ID={workloads['Id']}")
