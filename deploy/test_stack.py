"""Deploy test: deploy/template.yaml is lint-clean and creates a working stack in moto_server.

Run by pytest (scripts/test wires it). It starts nothing itself:

  SEQUENCER_TEST_MOTO_URL     moto_server's URL, e.g. http://127.0.0.1:5555 (required)
  SEQUENCER_TEST_MOTO_KEY_ID  access key id moto accepts (an IAM user's key when moto checks
  SEQUENCER_TEST_MOTO_SECRET  signatures; any value when it does not; default "testing")

Each run uses unique stage names, so the stacks of several runs can share one moto_server.
"""

import ast
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import boto3
import pytest  # installed with moto[server]

TEMPLATE = Path(__file__).resolve().parent / "template.yaml"
REGION = "us-west-2"
RUNNERS = ["GoTo", "Conditional", "Goal", "WaitForDate", "WaitForDuration", "WaitForDateComparison"]
MESSAGING = ["Email", "SMS"]
HANDLERS = ["tick", "api"] + RUNNERS + MESSAGING


# ---- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def aws():
    url = os.environ.get("SEQUENCER_TEST_MOTO_URL", "").strip()
    if not url:
        pytest.fail(
            "SEQUENCER_TEST_MOTO_URL is not set: start moto_server "
            "(python3 -m moto.server -H 127.0.0.1 -p 5555) and export "
            "SEQUENCER_TEST_MOTO_URL=http://127.0.0.1:5555 (scripts/test does this)",
            pytrace=False,
        )
    session = boto3.session.Session(
        aws_access_key_id=os.environ.get("SEQUENCER_TEST_MOTO_KEY_ID") or "testing",
        aws_secret_access_key=os.environ.get("SEQUENCER_TEST_MOTO_SECRET") or "testing",
        region_name=REGION,
    )
    clients = {}

    def client(service):
        if service not in clients:
            clients[service] = session.client(service, endpoint_url=url)
            clients[service].meta.events.register("before-sign", sign_content_hash)
        return clients[service]

    return client


@pytest.fixture(scope="module")
def account(aws):
    return aws("sts").get_caller_identity()["Account"]


@pytest.fixture(scope="module")
def code(aws):
    """A bucket and a dummy zip standing in for deploy/package's artefact."""
    bucket = f"sequencer-test-{uuid.uuid4().hex[:12]}"
    aws("s3").create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("bootstrap")
        info.external_attr = 0o755 << 16
        archive.writestr(info, "#!/bin/sh\necho not a real bootstrap\n")
    key = f"sequencer/{uuid.uuid4().hex}.zip"
    aws("s3").put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())
    return bucket, key


def sign_content_hash(request, **_):
    """moto's signature check rejects an empty-body request (GetFunction, ListTargetsByRule...)
    unless x-amz-content-sha256 is among the signed headers; AWS accepts it either way."""
    if "X-Amz-Content-SHA256" not in request.headers:
        body = request.body or b""
        if hasattr(body, "read"):
            position = body.tell()
            data = body.read()
            body.seek(position)
            body = data
        if isinstance(body, str):
            body = body.encode()
        request.headers["X-Amz-Content-SHA256"] = hashlib.sha256(body).hexdigest()


def template_for_moto():
    """The template as JSON, without what moto's CloudFormation cannot create: AWS::Lambda::Url
    (moto 5 has no CloudFormation model for it). check_function_url checks that resource from the
    template itself; cfn-lint checks it against AWS's schema."""
    from cfnlint.decode import decode_str

    template, problems = decode_str(TEMPLATE.read_text())
    assert not problems, problems
    del template["Resources"]["ApiFunctionUrl"]
    del template["Outputs"]["ApiFunctionUrl"]
    return json.dumps(template)


def check_function_url():
    """The api's Function URL: AWS_IAM auth on the api function, and an output naming it."""
    from cfnlint.decode import decode_str

    template, _ = decode_str(TEMPLATE.read_text())
    url = template["Resources"]["ApiFunctionUrl"]
    assert url["Type"] == "AWS::Lambda::Url"
    assert url["Properties"]["AuthType"] == "AWS_IAM"
    assert url["Properties"]["TargetFunctionArn"] == {"Fn::GetAtt": ["ApiFunction", "Arn"]}
    assert template["Outputs"]["ApiFunctionUrl"]["Value"] == {"Fn::GetAtt": ["ApiFunctionUrl", "FunctionUrl"]}


def create_stack(aws, code, stage, **parameters):
    bucket, key = code
    parameters = {"Stage": stage, "CodeBucket": bucket, "CodeKey": key, **parameters}
    name = f"sequencer-{stage}"
    cfn = aws("cloudformation")
    cfn.create_stack(
        StackName=name,
        TemplateBody=template_for_moto(),
        Parameters=[{"ParameterKey": k, "ParameterValue": str(v)} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_IAM"],
    )
    deadline = time.monotonic() + 60
    while True:
        stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
        status = stack["StackStatus"]
        if not status.endswith("_IN_PROGRESS"):
            break
        assert time.monotonic() < deadline, f"{name} still {status} after 60 s"
        time.sleep(0.2)
    if status != "CREATE_COMPLETE":
        events = cfn.describe_stack_events(StackName=name)["StackEvents"]
        reasons = [f"{e['LogicalResourceId']}: {e.get('ResourceStatusReason', '')}" for e in events
                   if e.get("ResourceStatusReason")]
        pytest.fail(f"{name}: {status}\n" + "\n".join(reasons), pytrace=False)
    resources = {r["LogicalResourceId"]: r["PhysicalResourceId"]
                 for r in cfn.list_stack_resources(StackName=name)["StackResourceSummaries"]}
    return stack, resources


def role_statements(aws, role_arn):
    """Every statement of the role's inline policies (AWS::IAM::Role Policies and AWS::IAM::Policy)."""
    iam = aws("iam")
    role = role_arn.rsplit("/", 1)[-1]
    statements = []
    for policy in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        document = iam.get_role_policy(RoleName=role, PolicyName=policy)["PolicyDocument"]
        document = as_document(document)
        found = document["Statement"]
        statements += found if isinstance(found, list) else [found]
    assert statements, f"{role} has no inline policy"
    return statements


def as_document(value):
    """A policy document: boto3 gives a dict; moto may hand back CloudFormation's dict as its
    Python repr (inline policies made by AWS::IAM::Policy) or the dict itself (KMS key policy)."""
    if isinstance(value, dict):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return ast.literal_eval(value)


def as_list(value):
    return value if isinstance(value, list) else [value]


def actions_of(statements):
    return {action for s in statements if s["Effect"] == "Allow" for action in as_list(s["Action"])}


def resources_for(statements, action, key="Resource", effect="Allow"):
    return [r for s in statements if s["Effect"] == effect and action in as_list(s["Action"])
            for r in as_list(s.get(key, []))]


def check_lag_alarm():
    """The alarm on the tick's Lag metric, read from the template (moto's CloudFormation has no
    model for AWS::CloudWatch::Alarm and drops it; cfn-lint checks it against AWS's schema): the
    namespace, metric and dimension the tick's embedded metrics write (TickMetrics, dimension
    Function = AWS_LAMBDA_FUNCTION_NAME, checked by TickHandlerTests), the largest lag over three
    5-minute periods, a missing report counting as breaching, the optional topic notified."""
    from cfnlint.decode import decode_str

    template, _ = decode_str(TEMPLATE.read_text())
    alarm = template["Resources"]["LagAlarm"]
    assert alarm["Type"] == "AWS::CloudWatch::Alarm"
    properties = alarm["Properties"]
    assert (properties["Namespace"], properties["MetricName"], properties["Statistic"]) == ("Sequencer", "Lag", "Maximum")
    assert properties["Dimensions"] == [{"Name": "Function", "Value": {"Fn::Sub": "sequencer-${Stage}-tick"}}]
    assert template["Resources"]["TickFunction"]["Properties"]["FunctionName"] == {"Fn::Sub": "sequencer-${Stage}-tick"}
    assert (properties["Period"], properties["EvaluationPeriods"], properties["DatapointsToAlarm"]) == (300, 3, 3)
    assert properties["Threshold"] == {"Ref": "LagAlarmSeconds"}
    assert template["Parameters"]["LagAlarmSeconds"]["Default"] == 900
    assert properties["ComparisonOperator"] == "GreaterThanThreshold"
    assert properties["TreatMissingData"] == "breaching"
    assert properties["AlarmActions"] == {"Fn::If": ["HasAlarmTopic", [{"Ref": "AlarmTopicArn"}], {"Ref": "AWS::NoValue"}]}


def check_command_queue(aws, stage, queue_arn, api_arn):
    """The command queue redrives to its dead-letter queue and feeds the api with batch item
    failures reported; the api's Function URL takes SigV4 (AWS_IAM) callers only."""
    sqs = aws("sqs")
    queue_url = sqs.get_queue_url(QueueName=f"sequencer-{stage}-commands")["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    redrive = json.loads(attributes["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"] == f"arn:aws:sqs:{REGION}:{queue_arn.split(':')[4]}:sequencer-{stage}-commands-dlq"
    assert int(redrive["maxReceiveCount"]) == 5
    assert attributes["VisibilityTimeout"] == "360"
    [mapping] = aws("lambda").list_event_source_mappings(EventSourceArn=queue_arn)["EventSourceMappings"]
    assert mapping["FunctionArn"] == api_arn
    assert mapping["EventSourceArn"] == queue_arn
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["BatchSize"] == 10
    check_function_url()


# ---- tests -------------------------------------------------------------------------------


def test_cfn_lint_is_clean():
    command = [shutil.which("cfn-lint")] if shutil.which("cfn-lint") else [sys.executable, "-m", "cfnlint"]
    result = subprocess.run(command + [str(TEMPLATE)], capture_output=True, text=True)
    assert result.returncode == 0, f"cfn-lint found problems:\n{result.stdout}{result.stderr}"


def test_stack_with_existing_key_and_custom_runners(aws, account, code):
    stage = f"t{uuid.uuid4().hex[:8]}"
    key_arn = aws("kms").create_key(Description="sequencer test")["KeyMetadata"]["Arn"]
    prefix = f"arn:aws:lambda:{REGION}:{account}:function:sequencer-custom-"
    stack, resources = create_stack(
        aws, code, stage,
        Schedule="rate(5 minutes)", MemorySize=512, Timeout=30,
        KmsKeyArn=key_arn, AllowedFunctionPrefix=prefix,
        DatabaseUrl="postgres://sequencer:secret@db.internal:5432/sequencer",
        EmailProvider="ses", SmsProvider="sns", EmailIdentity="example.com",
        LagAlarmSeconds=600, AlarmTopicArn=f"arn:aws:sns:{REGION}:{account}:sequencer-alarms",
    )
    lam = aws("lambda")
    bucket, _ = code

    # Every handler: its own function, same zip, right handler/runtime/environment.
    functions = {}
    for handler in HANDLERS:
        name = f"sequencer-{stage}-{handler}"
        configuration = lam.get_function(FunctionName=name)["Configuration"]
        functions[handler] = configuration
        assert configuration["Handler"] == handler
        assert configuration["Runtime"] == "provided.al2023"
        assert configuration["Architectures"] == ["x86_64"]
        assert configuration["MemorySize"] == 512
        assert configuration["Timeout"] == 30
        environment = configuration["Environment"]["Variables"]
        expected = {
            "SEQUENCER_CONFIG": "/var/task/config.json",
            "SEQUENCER_EMAIL_PROVIDER": "ses",
            "SEQUENCER_SMS_PROVIDER": "sns",
            "AWS_LAMBDA_LOG_FORMAT": "JSON",
        }
        if handler in ("tick", "api"):
            expected["SEQUENCER_PREPARED_STATEMENTS"] = "auto"
            expected["DATABASE_URL"] = "postgres://sequencer:secret@db.internal:5432/sequencer"
        assert environment == expected, handler

    # Roles: one per need.
    runner_roles = {functions[h]["Role"] for h in RUNNERS}
    messaging_roles = {functions[h]["Role"] for h in MESSAGING}
    tick_role = functions["tick"]["Role"]
    api_role = functions["api"]["Role"]
    assert len(runner_roles) == 1 and len(messaging_roles) == 1
    assert len(runner_roles | messaging_roles | {tick_role, api_role}) == 4

    logs = {"logs:CreateLogStream", "logs:PutLogEvents"}
    log_arn = f"arn:aws:logs:{REGION}:{account}:log-group:/aws/lambda/sequencer-{stage}-{{}}:*"

    runner = role_statements(aws, runner_roles.pop())
    assert actions_of(runner) == logs
    assert not [a for a in actions_of(runner) if a.split(":")[0] in ("ses", "sns", "kms", "lambda", "ec2")]
    assert sorted(resources_for(runner, "logs:PutLogEvents")) == sorted(log_arn.format(h) for h in RUNNERS)

    messaging = role_statements(aws, messaging_roles.pop())
    assert actions_of(messaging) == logs | {"ses:SendEmail", "sns:Publish"}
    assert sorted(resources_for(messaging, "logs:PutLogEvents")) == sorted(log_arn.format(h) for h in MESSAGING)
    # Email from the configured identity only; SMS to phone numbers only (every topic excluded).
    identity = f"arn:aws:ses:{REGION}:{account}:identity/example.com"
    for statements in (messaging, role_statements(aws, tick_role)):
        assert sorted(resources_for(statements, "ses:SendEmail")) == [f"arn:aws:ses:{REGION}:{account}:configuration-set/*", identity]
        assert resources_for(statements, "sns:Publish") == []
        assert resources_for(statements, "sns:Publish", key="NotResource") == ["arn:aws:sns:*:*:*"]
    check_lag_alarm()

    tick = role_statements(aws, tick_role)
    assert actions_of(tick) == logs | {"ses:SendEmail", "sns:Publish", "kms:Decrypt", "lambda:InvokeFunction"}
    assert resources_for(tick, "kms:Decrypt") == [key_arn]
    # Custom runners under the prefix, and its own function (fan-out workers); nothing else.
    own_tick = f"arn:aws:lambda:{REGION}:{account}:function:sequencer-{stage}-tick"
    assert sorted(resources_for(tick, "lambda:InvokeFunction")) == sorted([prefix + "*", own_tick])
    assert resources_for(tick, "logs:PutLogEvents") == [log_arn.format("tick")]

    # The api: its logs, the key, consuming its own queue only.
    api = role_statements(aws, api_role)
    queue_arn = f"arn:aws:sqs:{REGION}:{account}:sequencer-{stage}-commands"
    assert actions_of(api) == logs | {"kms:Decrypt", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"}
    assert resources_for(api, "sqs:ReceiveMessage") == [queue_arn]
    assert resources_for(api, "kms:Decrypt") == [key_arn]
    assert resources_for(api, "logs:PutLogEvents") == [log_arn.format("api")]
    check_command_queue(aws, stage, queue_arn, functions["api"]["FunctionArn"])

    # The schedule invokes tick, and tick lets EventBridge (this rule only) invoke it.
    events = aws("events")
    rule_name = resources["TickSchedule"]
    rule = events.describe_rule(Name=rule_name)
    assert rule["ScheduleExpression"] == "rate(5 minutes)"
    assert rule["State"] == "ENABLED"
    targets = events.list_targets_by_rule(Rule=rule_name)["Targets"]
    assert [t["Arn"] for t in targets] == [functions["tick"]["FunctionArn"]]
    policy = json.loads(lam.get_policy(FunctionName=f"sequencer-{stage}-tick")["Policy"])
    [statement] = policy["Statement"]
    assert statement["Action"] == "lambda:InvokeFunction"
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}
    assert statement["Condition"]["ArnLike"]["AWS:SourceArn"] == rule["Arn"]

    # Log groups with retention.
    groups = aws("logs").describe_log_groups(logGroupNamePrefix=f"/aws/lambda/sequencer-{stage}-")["logGroups"]
    assert sorted(g["logGroupName"] for g in groups) == sorted(f"/aws/lambda/sequencer-{stage}-{h}" for h in HANDLERS)
    assert {g.get("retentionInDays") for g in groups} == {30}

    # The code is the uploaded zip, and the stack created no key of its own.
    assert "Key" not in resources and "KeyAlias" not in resources
    template_functions = [r for r in resources if r.endswith("Function") and r != "ApiFunction"] + ["ApiFunction"]
    assert len(template_functions) == len(HANDLERS)
    assert bucket


def test_stack_creating_its_own_key_without_custom_runners(aws, account, code):
    stage = f"t{uuid.uuid4().hex[:8]}"
    stack, resources = create_stack(aws, code, stage, CreateKmsKey="true")
    lam = aws("lambda")
    tick = lam.get_function(FunctionName=f"sequencer-{stage}-tick")["Configuration"]
    assert tick["Handler"] == "tick"
    assert "DATABASE_URL" not in tick["Environment"]["Variables"]
    assert tick["Environment"]["Variables"]["SEQUENCER_EMAIL_PROVIDER"] == "outbox"

    # moto's DescribeKey fails on a key whose policy came from CloudFormation (it keeps the
    # policy as a dict), so the key's ARN comes from the stack's outputs.
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    key_arn = outputs["KmsKeyArn"]
    key_id = resources["Key"]
    assert key_arn.endswith(f":key/{key_id}")
    assert outputs["KmsKeyAlias"] == f"alias/sequencer-{stage}"
    kms = aws("kms")
    aliases = {a["AliasName"]: a.get("TargetKeyId") for a in kms.list_aliases()["Aliases"]}
    assert aliases.get(f"alias/sequencer-{stage}") == key_id
    key_policy = as_document(kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"])
    decrypters = [s["Principal"]["AWS"] for s in key_policy["Statement"] if s["Action"] == "kms:Decrypt"]
    api = lam.get_function(FunctionName=f"sequencer-{stage}-api")["Configuration"]
    assert decrypters == [[tick["Role"], api["Role"]]]
    assert outputs["TickRoleArn"] == tick["Role"]
    assert outputs["TickFunctionName"] == f"sequencer-{stage}-tick"

    statements = role_statements(aws, tick["Role"])
    assert resources_for(statements, "kms:Decrypt") == [key_arn]
    # With the outbox, sending is denied outright.
    assert "ses:SendEmail" not in actions_of(statements) and "sns:Publish" not in actions_of(statements)
    assert resources_for(statements, "ses:SendEmail", effect="Deny")

    # No custom runners: the tick may invoke only itself (fan-out workers); every other function is denied.
    own_tick = tick["FunctionArn"]
    assert resources_for(statements, "lambda:InvokeFunction") == [own_tick]
    assert resources_for(statements, "lambda:InvokeFunction", effect="Deny", key="NotResource") == [own_tick]
    assert not [a for a in actions_of(statements) if a.startswith("ec2:")]

    rule = aws("events").describe_rule(Name=resources["TickSchedule"])
    assert rule["ScheduleExpression"] == "rate(1 minute)"
