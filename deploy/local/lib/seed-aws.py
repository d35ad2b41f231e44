"""Seeds the AWS emulator (moto behind the strict layer) for the local run with what exists before the system runs
in production: the AWS Organization with an organisational unit for new accounts and one ("suspended") that closed
accounts are moved to, the cross-account-access group
that new people join in gds-users, the org-admin-access role the provisioner reaches the organisation and member
accounts through, the provisioner role it manages gds-users' IAM through (gds-users is the management account here),
each with exactly the policy a platform team gives it in production (the files in
provisioner/src/main/resources/uk/gov/gds/awsam/provisioner/client/policies, which the provisioner's preflight
checks), and the provisioner's read-only audit role in the management account (so a trust scan can read it too).
Prints shell variable assignments that deploy/local/up records in config/aws.env.

Usage: python3 seed-aws.py http://127.0.0.1:5000
"""
import json
import os
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
suspended = next((u for u in units if u["Name"] == "suspended"), None)
if suspended is None:
    suspended = organizations.create_organizational_unit(ParentId=root_id, Name="suspended")["OrganizationalUnit"]

try:
    iam.create_group(GroupName="cross-account-access")
except iam.exceptions.EntityAlreadyExistsException:
    pass

account = organization["MasterAccountId"]
org_admin_access = f"arn:aws:iam::{account}:role/org-admin-access"
roles = {role["RoleName"] for role in iam.list_roles()["Roles"]}
if "org-admin-access" not in roles:
    iam.create_role(RoleName="org-admin-access", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}]}))
if "provisioner" not in roles:
    iam.create_role(RoleName="provisioner", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}]}))
# Every run: the policies as the repository has them now (one source with the production documents and the preflight).
policies = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "provisioner", "src", "main", "resources",
                        "uk", "gov", "gds", "awsam", "provisioner", "client", "policies")
for role, document in (("org-admin-access", "organizations-role.json"), ("provisioner", "gds-users-role.json")):
    with open(os.path.join(policies, document), encoding="utf-8") as policy:
        iam.put_role_policy(RoleName=role, PolicyName="aws-account-management-provisioner", PolicyDocument=policy.read())
if "aws-accounts-audit" not in roles:
    iam.create_role(RoleName="aws-accounts-audit", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": org_admin_access}, "Action": "sts:AssumeRole"}]}))
    iam.put_role_policy(RoleName="aws-accounts-audit", PolicyName="aws-accounts-audit", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:GetRole", "iam:GetAccountSummary"], "Resource": "*"}]}))

print(f"AWS_MANAGEMENT_ACCOUNT_ID={organization['MasterAccountId']}")
print(f"AWS_ORGANIZATION_ROOT_ID={root_id}")
print(f"AWS_WORKLOADS_OU_ID={workloads['Id']}")
print(f"AWS_SUSPENDED_OU_ID={suspended['Id']}")
print(f"AWS_ORG_ADMIN_ACCESS_ROLE_ARN={org_admin_access}")
print(f"AWS_GDS_USERS_ROLE_ARN=arn:aws:iam::{account}:role/provisioner")
