#!/usr/bin/env python3
"""Strict AWS: moto's server, patched in its own process so that it answers as AWS does where moto is kinder.

    python3 strict_aws.py -H 127.0.0.1 -p 5000 [--profile test|production-like|off] [--set name=value ...]

Why patch moto's backends in-process rather than put a proxy in front of it: every behaviour needs moto's state
(a role's trust policy, when a user or role was created, what still hangs off a user, which account an access key
belongs to, whether an account is still being created), and each error must come out in the protocol of the
service that was called (IAM and STS: query/XML; Organizations: JSON 1.1). In the same process that state is one
attribute away and moto's own serializer writes the errors its service model defines; a proxy would have to
parse every protocol, ask moto again for the state, and would still see nothing moto does not expose.

Each behaviour is switchable (0 or false turns it off). The switches, with the profile values:

    name                                   test   production-like   what AWS does that moto does not
    assume-role-trust                      true   true    AssumeRole only when the role exists and its trust policy
                                                           allows the caller (principal ARN, assumed role or account;
                                                           aws:MultiFactorAuthPresent true only with SerialNumber and
                                                           TokenCode); otherwise 403 AccessDenied
    new-role-seconds                       0.5    10      a new role cannot be assumed yet: 403 AccessDenied
    fresh-credentials-seconds              0.3    5       fresh AssumeRole credentials: 403 InvalidClientTokenId (IAM,
                                                           STS) / 400 UnrecognizedClientException (Organizations)
    invalid-principal                      true   true    a trust policy naming a user or role that does not exist:
                                                           400 MalformedPolicyDocument "Invalid principal in policy"
    new-user-principal-seconds             0.5    15      the same for a user created less than this ago
    create-account-seconds                 1      90      CreateAccount stays IN_PROGRESS (the account, its role and
                                                           its id unseen) this long
    duplicate-email                        true   true    CreateAccount with a root email already in use ends FAILED
                                                           EMAIL_ALREADY_EXISTS
    delete-conflict                        true   true    DeleteUser: 409 DeleteConflict while a login profile, access
                                                           key, signing certificate, SSH key, service-specific
                                                           credential, MFA device, group or policy remains
    service-specific-credentials           true   true    Create/List/DeleteServiceSpecificCredential (moto has none)
    recreated-user-seconds                 2      180     a user created again less than this after its deletion:
                                                           login-profile calls 409 EntityTemporarilyUnmodifiable
    new-login-profile-seconds              0.5    5       a login profile just created: Update/DeleteLoginProfile 409
                                                           EntityTemporarilyUnmodifiable
    root-mfa-lag-seconds                   0.5    30      GetAccountSummary AccountMFAEnabled follows /_strict/root-mfa
                                                           only after this lag (always 0 before; moto always says 0)
    simulate-principal-policy              true   true    iam:SimulatePrincipalPolicy (moto has none): the role's or
                                                           user's (and its groups') inline and managed policies
                                                           evaluated per action and resource (explicit Deny, then
                                                           Allow, else implicitDeny; * and ? wildcards); a caller
                                                           not allowed iam:SimulatePrincipalPolicy on the principal:
                                                           403 AccessDenied; an unknown principal: 404 NoSuchEntity
    close-account-seconds                  1      240     CloseAccount: the account shows PENDING_CLOSURE (DescribeAccount,
                                                           ListAccounts) this long, then SUSPENDED (moto: SUSPENDED at
                                                           once); CloseAccount again meanwhile: AccountAlreadyClosed
    close-account-quota                    true   true    CloseAccount beyond 10% of the member accounts (at least 10,
                                                           at most 1,000; active members only, counted at each
                                                           call) in a rolling 30 days: ConstraintViolation
                                                           CLOSE_ACCOUNT_QUOTA_EXCEEDED; the management account:
                                                           ConstraintViolation CANNOT_CLOSE_MANAGEMENT_ACCOUNT (moto
                                                           closes it)
    close-accounts-at-once                 3      3       CloseAccount while this many are PENDING_CLOSURE:
                                                           ConstraintViolation CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED (AWS
                                                           documents the refusal, not the number: 3 is this layer's)

Administration (loopback only, like the server):

    GET  /_strict/config                   the switches now in force
    POST /_strict/config                   {"name": value, ...}: change switches (until the next reset)
    POST /_strict/root-mfa                 {"accountId": "...", "enabled": true}: the engineer enabled (or removed)
                                           root MFA in the console; GetAccountSummary shows it after the lag
    GET  /_strict/interventions            how often each behaviour refused or changed an answer
    POST /moto-api/reset                   moto's reset, except that issued STS sessions stay valid (a test resets
                                           between tests while a service keeps its cached role sessions); the
                                           switches go back to the profile and the layer forgets what it recorded
"""
import argparse
import json
import os
import re
import signal
import sys
import threading
import time
import uuid
from datetime import datetime, timezone

from werkzeug.serving import run_simple

from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult, BaseResponse, EmptyResult
from moto.iam.exceptions import DeleteConflictException, InvalidInput, MalformedPolicyDocument, NoSuchEntity
from moto.iam.models import IAMBackend, iam_backends
from moto.iam.responses import IamResponse
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.organizations.exceptions import AccountAlreadyClosedException, AccountNotFoundException
from moto.organizations.models import OrganizationsBackend, organizations_backends
from moto.organizations import utils as organizations_utils
from moto.sts.models import STSBackend, sts_backends

PROFILES = {
    "test": {
        "assume-role-trust": True,
        "new-role-seconds": 0.5,
        "fresh-credentials-seconds": 0.3,
        "invalid-principal": True,
        "new-user-principal-seconds": 0.5,
        "create-account-seconds": 1.0,
        "duplicate-email": True,
        "delete-conflict": True,
        "service-specific-credentials": True,
        "recreated-user-seconds": 2.0,
        "new-login-profile-seconds": 0.5,
        "root-mfa-lag-seconds": 0.5,
        "simulate-principal-policy": True,
        "close-account-seconds": 1.0,
        "close-account-quota": True,
        "close-accounts-at-once": 3.0,
    },
    "production-like": {
        "assume-role-trust": True,
        "new-role-seconds": 10.0,
        "fresh-credentials-seconds": 5.0,
        "invalid-principal": True,
        "new-user-principal-seconds": 15.0,
        "create-account-seconds": 90.0,
        "duplicate-email": True,
        "delete-conflict": True,
        "service-specific-credentials": True,
        "recreated-user-seconds": 180.0,
        "new-login-profile-seconds": 5.0,
        "root-mfa-lag-seconds": 30.0,
        "simulate-principal-policy": True,
        "close-account-seconds": 240.0,
        "close-account-quota": True,
        "close-accounts-at-once": 3.0,
    },
}
PROFILES["off"] = {name: (False if isinstance(value, bool) else 0.0) for name, value in PROFILES["test"].items()}

IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/"
STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"
INVALID_TOKEN = "The security token included in the request is invalid."


class EntityTemporarilyUnmodifiable(ServiceException):
    """IAM's 409: the request is likely to succeed after waiting (IAM's service model names it)."""
    code = "EntityTemporarilyUnmodifiable"


class ConstraintViolation(ServiceException):
    """Organizations' ConstraintViolationException with the Reason its service model carries."""
    code = "ConstraintViolationException"

    def __init__(self, reason, message):
        super().__init__(message)
        self.Reason = reason
        self.reason = reason


class Layer:
    """The switches and what the layer has recorded (times by monotonic clock), shared by every request thread."""

    def __init__(self, profile, overrides):
        self.lock = threading.RLock()
        self.profile = profile
        self.overrides = dict(overrides)
        self.reset()

    def reset(self):
        with self.lock:
            self.config = dict(PROFILES[self.profile])
            self.config.update(self.overrides)
            self.issued = {}              # access key id -> when AssumeRole issued it
            self.role_created = {}        # (account, role name) -> when
            self.user_created = {}        # (account, user name) -> when
            self.user_deleted = {}        # (account, user name) -> when
            self.recreated = {}           # (account, user name) -> unmodifiable until
            self.profile_created = {}     # (account, user name) -> when its login profile was created
            self.pending = {}             # account id -> when CreateAccount finishes
            self.failed_creations = {}    # create-account request id -> status (duplicate email)
            self.root_mfa = {}            # account id -> (enabled, visible from)
            self.closing = {}             # account id -> (when its closure finishes, moto's account): PENDING_CLOSURE until then
            self.closed_at = []           # wall-clock times of accepted CloseAccount calls (the 30-day quota)
            self.credentials = {}         # (account, user name) -> [service-specific credential]
            self.interventions = {}

    def set(self, changes):
        with self.lock:
            for name, value in changes.items():
                if name not in self.config:
                    raise ValueError(f"unknown switch {name}; known: {sorted(self.config)}")
                self.config[name] = bool(value) if isinstance(self.config[name], bool) else float(value)

    def on(self, name):
        return bool(self.config[name])

    def seconds(self, name):
        return float(self.config[name])

    def count(self, behaviour):
        with self.lock:
            self.interventions[behaviour] = self.interventions.get(behaviour, 0) + 1


LAYER = None


def now():
    return time.monotonic()


def within(since, seconds):
    return since is not None and seconds > 0 and now() - since < seconds


# ---------------------------------------------------------------------------------------------------- responses

def query_error(namespace, status, code, message):
    body = (f'<ErrorResponse xmlns="{namespace}"><Error><Type>Sender</Type><Code>{code}</Code>'
            f"<Message>{escape(message)}</Message></Error><RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>")
    return status, {"Content-Type": "text/xml", "x-amzn-RequestId": str(uuid.uuid4())}, body


def json_error(status, code, message):
    body = json.dumps({"__type": code, "message": message})
    return status, {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": str(uuid.uuid4())}, body


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def invalid_token(service):
    if service == "organizations":
        return json_error(400, "UnrecognizedClientException", INVALID_TOKEN)
    return query_error(STS_NAMESPACE if service == "sts" else IAM_NAMESPACE, 403, "InvalidClientTokenId", INVALID_TOKEN)


# ---------------------------------------------------------------------------------------------------- principals

def caller_of(access_key, account_id):
    """(principal ARN as AWS names it in errors, the ARNs a trust policy may name for it, its account)."""
    for backend in sts_backends.get(account_id, {}).values():
        for role in backend.assumed_roles:
            if role.access_key_id == access_key:
                session_arn = role.arn
                return session_arn, {role.role_arn, session_arn}, role.account_id
    for backend in iam_backends.get(account_id, {}).values():
        user = backend.get_user_from_access_key_id(access_key)
        if user:
            return user.arn, {user.arn}, user.account_id
    # Static credentials moto does not know: the base identity of the account moto acts in.
    arn = f"arn:aws:iam::{account_id}:user/moto"
    return arn, {arn}, account_id


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def principal_matches(principal, arns, account):
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    for entry in as_list(principal.get("AWS")):
        if entry == "*" or entry in arns or entry == account or entry == f"arn:aws:iam::{account}:root":
            return True
    return False


def action_matches(action, wanted):
    for entry in as_list(action):
        if entry in ("*", "sts:*") or entry.lower() == wanted.lower():
            return True
    return False


def conditions_hold(condition, context):
    """Bool / BoolIfExists on aws:MultiFactorAuthPresent, StringEquals on sts:ExternalId; anything else fails closed."""
    for operator, tests in (condition or {}).items():
        for key, expected in tests.items():
            actual = context.get(key.lower())
            if operator in ("Bool", "BoolIfExists") and key.lower() == "aws:multifactorauthpresent":
                if actual is None and operator == "BoolIfExists":
                    continue
                if str(actual).lower() not in [str(e).lower() for e in as_list(expected)]:
                    return False
            elif operator == "StringEquals" and key.lower() == "sts:externalid":
                if actual not in as_list(expected):
                    return False
            else:
                return False
    return True


def trust_allows(document, arns, account, context):
    try:
        policy = json.loads(document)
    except (TypeError, ValueError):
        return False
    allowed = False
    for statement in as_list(policy.get("Statement")):
        if not action_matches(statement.get("Action"), "sts:AssumeRole"):
            continue
        if not principal_matches(statement.get("Principal"), arns, account):
            continue
        if not conditions_hold(statement.get("Condition"), context):
            continue
        if statement.get("Effect") == "Deny":
            return False
        allowed = allowed or statement.get("Effect") == "Allow"
    return allowed


def find_role(role_arn):
    parts = role_arn.split(":")
    if len(parts) < 6 or not parts[5].startswith("role/"):
        return None, None
    account = parts[4]
    name = parts[5].split("/")[-1]
    backend = iam_backends[account]["global"]
    for role in backend.get_roles():
        if role.name == name:
            return account, role
    return account, None


def role_visible_since(account, name):
    created = LAYER.role_created.get((account, name))
    ready = LAYER.pending.get(account)
    if created is None:
        return ready
    return max(created, ready) if ready is not None else created


def check_assume_role(response):
    params = response.querystring
    role_arn = (params.get("RoleArn") or [""])[0]
    caller_arn, arns, account = caller_of(response.access_key, response.current_account)
    denied = query_error(STS_NAMESPACE, 403, "AccessDenied",
                         f"User: {caller_arn} is not authorized to perform: sts:AssumeRole on resource: {role_arn}")
    target_account, role = find_role(role_arn)
    if target_account in LAYER.pending and now() < LAYER.pending[target_account]:
        LAYER.count("assume-role-trust")
        return denied
    if role is None:
        LAYER.count("assume-role-trust")
        return denied
    if within(role_visible_since(target_account, role.name), LAYER.seconds("new-role-seconds")):
        LAYER.count("new-role-seconds")
        return denied
    mfa = bool((params.get("SerialNumber") or [""])[0]) and bool((params.get("TokenCode") or [""])[0])
    context = {"aws:multifactorauthpresent": "true" if mfa else "false",
               "sts:externalid": (params.get("ExternalId") or [None])[0]}
    if not trust_allows(role.assume_role_policy_document, arns, account, context):
        LAYER.count("assume-role-trust")
        return denied
    return None


def check_principals(account, document):
    """Raises MalformedPolicyDocument for a user or role principal that does not exist (yet)."""
    try:
        policy = json.loads(document)
    except (TypeError, ValueError):
        return
    for statement in as_list(policy.get("Statement")):
        principal = statement.get("Principal")
        if not isinstance(principal, dict):
            continue
        for entry in as_list(principal.get("AWS")):
            parts = entry.split(":")
            if len(parts) < 6 or parts[2] != "iam":
                continue
            owner, resource = parts[4], parts[5]
            name = resource.split("/")[-1]
            backend = iam_backends[owner]["global"]
            invalid = f'Invalid principal in policy: "AWS":"{entry}"'
            if resource.startswith("user/"):
                if LAYER.on("invalid-principal") and name not in backend.users:
                    LAYER.count("invalid-principal")
                    raise MalformedPolicyDocument(invalid)
                if within(LAYER.user_created.get((owner, name)), LAYER.seconds("new-user-principal-seconds")):
                    LAYER.count("new-user-principal-seconds")
                    raise MalformedPolicyDocument(invalid)
            elif resource.startswith("role/"):
                if LAYER.on("invalid-principal") and not any(r.name == name for r in backend.get_roles()):
                    LAYER.count("invalid-principal")
                    raise MalformedPolicyDocument(invalid)


# ---------------------------------------------------------------------------------------------------- IAM patches

def patch_iam():
    original_create_role = IAMBackend.create_role
    original_update_trust = IAMBackend.update_assume_role_policy
    original_create_user = IAMBackend.create_user
    original_delete_user = IAMBackend.delete_user
    original_create_profile = IAMBackend.create_login_profile
    original_update_profile = IAMBackend.update_login_profile
    original_delete_profile = IAMBackend.delete_login_profile
    original_summary = IAMBackend.get_account_summary

    def create_role(self, role_name, assume_role_policy_document, *args, **kwargs):
        with LAYER.lock:
            check_principals(self.account_id, assume_role_policy_document)
            role = original_create_role(self, role_name, assume_role_policy_document, *args, **kwargs)
            LAYER.role_created[(self.account_id, role_name)] = now()
            return role

    def update_assume_role_policy(self, role_name, policy_document):
        with LAYER.lock:
            self.get_role(role_name)
            check_principals(self.account_id, policy_document)
            return original_update_trust(self, role_name, policy_document)

    def create_user(self, region_name, user_name, *args, **kwargs):
        with LAYER.lock:
            user = original_create_user(self, region_name, user_name, *args, **kwargs)
            key = (self.account_id, user_name)
            LAYER.user_created[key] = now()
            deleted = LAYER.user_deleted.get(key)
            seconds = LAYER.seconds("recreated-user-seconds")
            if within(deleted, seconds):
                LAYER.recreated[key] = deleted + seconds
            else:
                LAYER.recreated.pop(key, None)
            return user

    def delete_user(self, user_name):
        with LAYER.lock:
            user = self.get_user(user_name)
            if LAYER.on("delete-conflict"):
                conflict = dependant_of(self, user)
                if conflict:
                    LAYER.count("delete-conflict")
                    raise DeleteConflictException(f"Cannot delete entity, must {conflict} first.")
            original_delete_user(self, user_name)
            key = (self.account_id, user_name)
            LAYER.user_deleted[key] = now()
            LAYER.credentials.pop(key, None)
            LAYER.profile_created.pop(key, None)

    def unmodifiable(backend, user_name, just_created_counts):
        key = (backend.account_id, user_name)
        backend.get_user(user_name)
        if key in LAYER.recreated and now() < LAYER.recreated[key]:
            LAYER.count("recreated-user-seconds")
            raise EntityTemporarilyUnmodifiable(
                f"User {user_name} cannot be modified while it is being recreated after its deletion.")
        if just_created_counts and within(LAYER.profile_created.get(key), LAYER.seconds("new-login-profile-seconds")):
            LAYER.count("new-login-profile-seconds")
            raise EntityTemporarilyUnmodifiable(
                f"Login Profile for User {user_name} cannot be modified while login profile is being created.")

    def create_login_profile(self, user_name, password):
        with LAYER.lock:
            unmodifiable(self, user_name, False)
            user = original_create_profile(self, user_name, password)
            LAYER.profile_created[(self.account_id, user_name)] = now()
            return user

    def update_login_profile(self, user_name, password, password_reset_required):
        with LAYER.lock:
            unmodifiable(self, user_name, True)
            return original_update_profile(self, user_name, password, password_reset_required)

    def delete_login_profile(self, user_name):
        with LAYER.lock:
            unmodifiable(self, user_name, True)
            original_delete_profile(self, user_name)
            LAYER.profile_created.pop((self.account_id, user_name), None)

    def get_account_summary(self):
        summary = original_summary(self)
        enabled, visible_from = LAYER.root_mfa.get(self.account_id, (False, 0.0))
        shown = 1 if enabled and now() >= visible_from else 0
        if enabled and not shown:
            LAYER.count("root-mfa-lag-seconds")
        summary._account_mfa_enabled = shown
        return summary

    IAMBackend.create_role = create_role
    IAMBackend.update_assume_role_policy = update_assume_role_policy
    IAMBackend.create_user = create_user
    IAMBackend.delete_user = delete_user
    IAMBackend.create_login_profile = create_login_profile
    IAMBackend.update_login_profile = update_login_profile
    IAMBackend.delete_login_profile = delete_login_profile
    IAMBackend.get_account_summary = get_account_summary


def dependant_of(backend, user):
    """What IAM still finds hanging off the user, in the words of its DeleteConflict message."""
    if user.password is not None:
        return "delete login profile"
    if user.access_keys:
        return "delete access keys"
    if user.signing_certificates:
        return "delete signing certificates"
    if user.ssh_public_keys:
        return "delete SSH public keys"
    if LAYER.credentials.get((backend.account_id, user.name)):
        return "delete service specific credentials"
    if user.mfa_devices:
        return "delete MFA device"
    if backend.get_groups_for_user(user.name):
        return "remove users from group"
    if user.managed_policies:
        return "detach all policies"
    if user.policies:
        return "delete policies"
    return None


def patch_service_specific_credentials():
    """CodeCommit/Keyspaces credentials of a user, which moto lacks; DeleteUser conflicts while any remains."""

    def enabled(response):
        if not LAYER.on("service-specific-credentials"):
            raise ServiceException("InvalidAction", "The action is not available (strict AWS: service-specific-credentials off).")

    def create_service_specific_credential(self):
        enabled(self)
        user_name = self._get_param("UserName")
        service = self._get_param("ServiceName")
        self.backend.get_user(user_name)
        credential = {
            "CreateDate": datetime.now(timezone.utc),
            "ServiceName": service,
            "ServiceUserName": f"{user_name.split('@')[0]}-at-{uuid.uuid4().hex[:12]}",
            "ServicePassword": uuid.uuid4().hex + uuid.uuid4().hex,
            "ServiceSpecificCredentialId": "ACCA" + uuid.uuid4().hex[:17].upper(),
            "UserName": user_name,
            "Status": "Active",
        }
        with LAYER.lock:
            LAYER.credentials.setdefault((self.backend.account_id, user_name), []).append(credential)
        return ActionResult({"ServiceSpecificCredential": credential})

    def list_service_specific_credentials(self):
        enabled(self)
        user_name = self._get_param("UserName")
        service = self._get_param("ServiceName")
        self.backend.get_user(user_name)
        with LAYER.lock:
            found = [{k: v for k, v in c.items() if k != "ServicePassword"}
                     for c in LAYER.credentials.get((self.backend.account_id, user_name), [])
                     if not service or c["ServiceName"] == service]
        return ActionResult({"ServiceSpecificCredentials": found})

    def delete_service_specific_credential(self):
        enabled(self)
        user_name = self._get_param("UserName")
        credential_id = self._get_param("ServiceSpecificCredentialId")
        self.backend.get_user(user_name)
        with LAYER.lock:
            credentials = LAYER.credentials.get((self.backend.account_id, user_name), [])
            kept = [c for c in credentials if c["ServiceSpecificCredentialId"] != credential_id]
            if len(kept) == len(credentials):
                raise NoSuchEntity(f"No such credential {credential_id} exists")
            LAYER.credentials[(self.backend.account_id, user_name)] = kept
        return EmptyResult()

    IamResponse.create_service_specific_credential = create_service_specific_credential
    IamResponse.list_service_specific_credentials = list_service_specific_credentials
    IamResponse.delete_service_specific_credential = delete_service_specific_credential


# ---------------------------------------------------------------------------------------------------- policy simulation

def wildcard(pattern, value, ignore_case):
    """IAM's matching of Action and Resource: * any run of characters, ? one character."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.IGNORECASE if ignore_case else 0) is not None


def statement_applies(statement, action, resource):
    if "Action" in statement:
        if not any(wildcard(a, action, True) for a in as_list(statement["Action"])):
            return False
    elif "NotAction" in statement:
        if any(wildcard(a, action, True) for a in as_list(statement["NotAction"])):
            return False
    else:
        return False
    if "Resource" in statement:
        return any(wildcard(r, resource, False) for r in as_list(statement["Resource"]))
    if "NotResource" in statement:
        return not any(wildcard(r, resource, False) for r in as_list(statement["NotResource"]))
    return False


def policies_of(backend, principal_arn):
    """[(policy id, source type, document)] of a role or user (and the user's groups), as IAM would evaluate them."""
    resource = principal_arn.split(":", 5)[5] if principal_arn.count(":") >= 5 else ""
    kind, _, path_and_name = resource.partition("/")
    name = path_and_name.split("/")[-1]
    if kind == "role":
        role = next((r for r in backend.get_roles() if r.name == name), None)
        if role is None:
            raise NoSuchEntity(f"The role with name {name} cannot be found.")
        holders = [(role, "role")]
    elif kind == "user":
        if name not in backend.users:
            raise NoSuchEntity(f"The user with name {name} cannot be found.")
        user = backend.users[name]
        holders = [(user, "user")] + [(group, "group") for group in backend.get_groups_for_user(name)]
    else:
        raise InvalidInput(f"Invalid ARN: {principal_arn}: the policy source must be an IAM user, group or role.")
    found = []
    for holder, source in holders:
        for policy_name, document in holder.policies.items():
            found.append((policy_name, source, document))
        for policy in holder.managed_policies.values():
            version = next(v for v in policy.versions if v.version_id == policy.default_version_id)
            managed = "aws-managed" if policy.arn.startswith("arn:aws:iam::aws:") else "user-managed"
            found.append((policy.name, managed, version.document))
    return found


def evaluate(policies, action, resource):
    """(decision, matched statements, missing context keys) for one action on one resource."""
    allows, denies, missing = [], [], []
    for policy_id, source, document in policies:
        try:
            parsed = json.loads(document) if isinstance(document, str) else document
        except ValueError:
            continue
        for statement in as_list(parsed.get("Statement")):
            if not statement_applies(statement, action, resource):
                continue
            if statement.get("Condition"):
                # the simulation is given no context: the statement cannot be shown to apply
                missing += [key for tests in statement["Condition"].values() for key in tests]
                continue
            matched = {"SourcePolicyId": policy_id, "SourcePolicyType": source}
            (denies if statement.get("Effect") == "Deny" else allows).append(matched)
    if denies:
        return "explicitDeny", denies, missing
    if allows:
        return "allowed", allows, missing
    return "implicitDeny", [], missing


def check_simulation_caller(response):
    """IAM authorises the caller first: it must be allowed iam:SimulatePrincipalPolicy on the policy source."""
    source = (response.querystring.get("PolicySourceArn") or [""])[0]
    caller_arn, caller_arns, caller_account = caller_of(response.access_key, response.current_account)
    caller_principal = next((a for a in caller_arns if ":iam::" in a), None)
    if caller_principal is None or caller_principal.endswith(":user/moto"):
        return None  # the base identity: the account itself, allowed everything
    try:
        policies = policies_of(iam_backends[caller_account]["global"], caller_principal)
    except ServiceException:
        policies = []
    decision, _, _ = evaluate(policies, "iam:SimulatePrincipalPolicy", source)
    if decision == "allowed":
        return None
    LAYER.count("simulate-principal-policy")
    return query_error(IAM_NAMESPACE, 403, "AccessDenied",
                       f"User: {caller_arn} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: {source}")


def patch_simulation():
    original = getattr(IamResponse, "simulate_principal_policy", None)

    def simulate_principal_policy(self):
        if not LAYER.on("simulate-principal-policy"):
            if original:
                return original(self)
            raise ServiceException("InvalidAction", "The action is not available (strict AWS: simulate-principal-policy off).")
        source = self._get_param("PolicySourceArn") or ""
        actions = self._get_param("ActionNames", [])
        resources = self._get_param("ResourceArns", []) or ["*"]
        if not actions:
            raise InvalidInput("1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: "
                               "Member must not be null")
        parts = source.split(":")
        if len(parts) < 6 or parts[2] != "iam":
            raise InvalidInput(f"Invalid ARN: {source}")
        policies = policies_of(iam_backends[parts[4]]["global"], source)
        LAYER.count("simulate-principal-policy")
        results = []
        order = {"allowed": 0, "implicitDeny": 1, "explicitDeny": 2}
        for action in actions:
            per_resource = []
            for resource in resources:
                decision, matched, missing = evaluate(policies, action, resource)
                per_resource.append({"EvalResourceName": resource, "EvalResourceDecision": decision,
                                     "MatchedStatements": matched, "MissingContextValues": missing})
            # one result per action (AWS since 2025): the most restrictive decision across the resources
            worst = max(per_resource, key=lambda r: order[r["EvalResourceDecision"]])
            result = {"EvalActionName": action, "EvalResourceName": worst["EvalResourceName"],
                      "EvalDecision": worst["EvalResourceDecision"], "MatchedStatements": worst["MatchedStatements"],
                      "MissingContextValues": sorted(set(m for r in per_resource for m in r["MissingContextValues"]))}
            if resources != ["*"]:
                result["ResourceSpecificResults"] = per_resource
            results.append(result)
        return ActionResult({"EvaluationResults": results, "IsTruncated": False})

    IamResponse.simulate_principal_policy = simulate_principal_policy


# ---------------------------------------------------------------------------------------------------- Organizations

def patch_organizations():
    original_create = OrganizationsBackend.create_account
    original_describe_status = OrganizationsBackend.describe_create_account_status
    original_list_status = OrganizationsBackend.list_create_account_status
    original_list_accounts = OrganizationsBackend.list_accounts
    original_describe_account = OrganizationsBackend.describe_account
    original_close = OrganizationsBackend.close_account

    def in_progress(account_id):
        ready = LAYER.pending.get(account_id)
        return ready is not None and now() < ready

    def shown(status):
        status = dict(status)
        if status.get("AccountId") and in_progress(status["AccountId"]):
            status["State"] = "IN_PROGRESS"
            status.pop("AccountId", None)
            status.pop("CompletedTimestamp", None)
        return status

    def failed(status):
        status = dict(status)
        if now() >= status.pop("_failsAt"):
            status["State"] = "FAILED"
            status["FailureReason"] = "EMAIL_ALREADY_EXISTS"
            status["CompletedTimestamp"] = time.time()
        return status

    def create_account(self, **kwargs):
        with LAYER.lock:
            email = kwargs.get("Email", "").lower()
            if LAYER.on("duplicate-email") and any((a.email or "").lower() == email for a in self.accounts):
                LAYER.count("duplicate-email")
                request_id = organizations_utils.make_random_create_account_status_id()
                LAYER.failed_creations[request_id] = {
                    "Id": request_id, "AccountName": kwargs.get("AccountName"), "State": "IN_PROGRESS",
                    "RequestedTimestamp": time.time(), "_failsAt": now() + LAYER.seconds("create-account-seconds")}
                return {"CreateAccountStatus": failed(LAYER.failed_creations[request_id])}
            result = original_create(self, **kwargs)
            seconds = LAYER.seconds("create-account-seconds")
            if seconds > 0:
                LAYER.pending[result["CreateAccountStatus"]["AccountId"]] = now() + seconds
                LAYER.count("create-account-seconds")
            return {"CreateAccountStatus": shown(result["CreateAccountStatus"])}

    def describe_create_account_status(self, **kwargs):
        request_id = kwargs.get("CreateAccountRequestId")
        with LAYER.lock:
            if request_id in LAYER.failed_creations:
                return {"CreateAccountStatus": failed(LAYER.failed_creations[request_id])}
        result = original_describe_status(self, **kwargs)
        return {"CreateAccountStatus": shown(result["CreateAccountStatus"])}

    def list_create_account_status(self, **kwargs):
        states = kwargs.get("States") or ["IN_PROGRESS", "SUCCEEDED", "FAILED"]
        everything = dict(kwargs, States=["IN_PROGRESS", "SUCCEEDED", "FAILED"], MaxResults=100000)
        everything.pop("NextToken", None)
        statuses = [shown(s) for s in original_list_status(self, **everything)["CreateAccountStatuses"]]
        with LAYER.lock:
            statuses += [failed(s) for s in LAYER.failed_creations.values()]
        return {"CreateAccountStatuses": [s for s in statuses if s["State"] in states], "NextToken": None}

    def list_accounts(self, *args, **kwargs):
        with LAYER.lock:
            settle_closures()
        accounts, token = original_list_accounts(self, *args, **kwargs)
        return [a for a in accounts if not in_progress(a["Id"])], token

    def describe_account(self, **kwargs):
        with LAYER.lock:
            settle_closures()
        if in_progress(kwargs.get("AccountId")):
            raise AccountNotFoundException
        return original_describe_account(self, **kwargs)

    def settle_closures():
        """Closures whose time has come are SUSPENDED, as AWS shows them once done."""
        for account_id, (done, account) in list(LAYER.closing.items()):
            if now() >= done:
                del LAYER.closing[account_id]
                account.status = account.state = "SUSPENDED"

    def close_account(self, **kwargs):
        account_id = kwargs.get("AccountId")
        with LAYER.lock:
            settle_closures()
            account = next((a for a in self.accounts if a.id == account_id), None)
            if self.org is not None and account_id == self.org.master_account_id and LAYER.on("close-account-quota"):
                LAYER.count("close-account-quota")
                raise ConstraintViolation("CANNOT_CLOSE_MANAGEMENT_ACCOUNT",
                                          "You attempted to close the management account. To close the management account"
                                          " for the organization, you must first either remove or close all member accounts"
                                          " in the organization.")
            if account is not None and account_id in LAYER.closing:
                LAYER.count("close-account-seconds")
                raise AccountAlreadyClosedException
            if account is not None and account.status == "ACTIVE":
                if LAYER.on("close-account-quota"):
                    month_ago = time.time() - 30 * 24 * 3600
                    # AWS: 10% of the *active* member accounts; closing and closed ones do not raise the quota
                    members = [a for a in self.accounts if a.id != self.org.master_account_id and a.status == "ACTIVE"
                               and not in_progress(a.id)]
                    quota = max(10, min(1000, len(members) // 10))
                    if len([t for t in LAYER.closed_at if t > month_ago]) >= quota:
                        LAYER.count("close-account-quota")
                        raise ConstraintViolation("CLOSE_ACCOUNT_QUOTA_EXCEEDED",
                                                  "You have exceeded close account quota for the past 30 days.")
                at_once = int(LAYER.seconds("close-accounts-at-once"))
                if at_once > 0 and len(LAYER.closing) >= at_once:
                    LAYER.count("close-accounts-at-once")
                    raise ConstraintViolation("CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED",
                                              "You attempted to exceed the number of accounts that you can close at a time.")
            original_close(self, **kwargs)
            LAYER.closed_at.append(time.time())
            seconds = LAYER.seconds("close-account-seconds")
            if seconds > 0:
                account.status = account.state = "PENDING_CLOSURE"
                LAYER.closing[account_id] = (now() + seconds, account)
                LAYER.count("close-account-seconds")

    OrganizationsBackend.create_account = create_account
    OrganizationsBackend.close_account = close_account
    OrganizationsBackend.describe_create_account_status = describe_create_account_status
    OrganizationsBackend.list_create_account_status = list_create_account_status
    OrganizationsBackend.list_accounts = list_accounts
    OrganizationsBackend.describe_account = describe_account


# ---------------------------------------------------------------------------------------------------- every request

def patch_requests():
    original_call = BaseResponse.call_action
    original_assume = STSBackend.assume_role

    def assume_role(self, *args, **kwargs):
        role = original_assume(self, *args, **kwargs)
        with LAYER.lock:
            LAYER.issued[role.access_key_id] = now()
        return role

    def call_action(self):
        service = self.service_name
        if service in ("iam", "sts", "organizations"):
            issued = LAYER.issued.get(self.access_key)
            if within(issued, LAYER.seconds("fresh-credentials-seconds")):
                LAYER.count("fresh-credentials-seconds")
                return invalid_token(service)
            if service == "sts" and self._get_action() == "AssumeRole" and LAYER.on("assume-role-trust"):
                with LAYER.lock:
                    refusal = check_assume_role(self)
                if refusal:
                    return refusal
            if service == "iam" and self._get_action() == "SimulatePrincipalPolicy" and LAYER.on("simulate-principal-policy"):
                with LAYER.lock:
                    refusal = check_simulation_caller(self)
                if refusal:
                    return refusal
        return original_call(self)

    STSBackend.assume_role = assume_role
    BaseResponse.call_action = call_action


# ---------------------------------------------------------------------------------------------------- the server

class StrictApp:
    """moto's WSGI application with the layer's administration and a reset that keeps STS sessions."""

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path.startswith("/_strict/"):
            return self.admin(path, method, environ, start_response)
        if path == "/moto-api/reset" and method == "POST":
            return self.reset(environ, start_response)
        return self.inner(environ, start_response)

    def admin(self, path, method, environ, start_response):
        try:
            body = read_json(environ) if method == "POST" else {}
            if path == "/_strict/config":
                if method == "POST":
                    LAYER.set(body)
                result = dict(LAYER.config, profile=LAYER.profile)
            elif path == "/_strict/root-mfa" and method == "POST":
                account = str(body["accountId"])
                enabled = bool(body.get("enabled", True))
                with LAYER.lock:
                    LAYER.root_mfa[account] = (enabled, now() + LAYER.seconds("root-mfa-lag-seconds"))
                result = {"accountId": account, "enabled": enabled,
                          "visibleInSeconds": LAYER.seconds("root-mfa-lag-seconds")}
            elif path == "/_strict/interventions":
                with LAYER.lock:
                    result = dict(LAYER.interventions)
            else:
                return respond(start_response, "404 Not Found", {"error": f"no {method} {path}"})
            return respond(start_response, "200 OK", result)
        except (ValueError, KeyError, TypeError) as bad:
            return respond(start_response, "400 Bad Request", {"error": str(bad)})

    def reset(self, environ, start_response):
        with LAYER.lock:
            sessions = [(account, role) for account, regions in list(sts_backends.items())
                        for backend in regions.values() for role in backend.assumed_roles]
            keys = [(account, key_id, key) for account, regions in list(iam_backends.items())
                    for backend in regions.values() for key_id, key in backend.access_keys.items() if key.role_arn]
            captured = {}

            def capture(status, headers, exc_info=None):
                captured["status"], captured["headers"] = status, headers

            body = b"".join(self.inner(environ, capture))
            for account, role in sessions:
                sts_backends[account]["global"].assumed_roles.append(role)
            for account, key_id, key in keys:
                iam_backends[account]["global"].access_keys[key_id] = key
            issued = dict(LAYER.issued)
            LAYER.reset()
            LAYER.issued.update(issued)
        start_response(captured["status"], captured["headers"])
        return [body]


def read_json(environ):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    return json.loads(raw or b"{}")


def respond(start_response, status, payload):
    body = json.dumps(payload).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def main(argv=None):
    parser = argparse.ArgumentParser(description="moto server with the strict AWS layer")
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=int(os.environ.get("MOTO_PORT", 5000)))
    parser.add_argument("--profile", default=os.environ.get("STRICT_AWS_PROFILE", "test"), choices=sorted(PROFILES))
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="one switch, e.g. create-account-seconds=5")
    args = parser.parse_args(argv)
    overrides = {}
    for assignment in args.set + [s for s in os.environ.get("STRICT_AWS_SET", "").split(",") if s.strip()]:
        name, _, value = assignment.strip().partition("=")
        overrides[name] = value.lower() == "true" if value.lower() in ("true", "false") else float(value)

    global LAYER
    LAYER = Layer(args.profile, {})
    LAYER.set(overrides)
    LAYER.overrides = dict(overrides)
    LAYER.reset()
    patch_iam()
    patch_service_specific_credentials()
    patch_simulation()
    patch_organizations()
    patch_requests()

    os.environ.setdefault("MOTO_PORT", str(args.port))
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    print(f"strict AWS (profile {args.profile}, {json.dumps(LAYER.config)}) on http://{args.host}:{args.port}", flush=True)
    run_simple(args.host, args.port, StrictApp(DomainDispatcherApplication(create_backend_app)), threaded=True)


if __name__ == "__main__":
    main()
