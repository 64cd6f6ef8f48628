"""The workshop's commands, verbatim, from the page the project was created from.

`shared/seed/missing-worker-nodes.ja.txt` (the EKS workshop's "missing worker nodes" troubleshooting page).
Each constant is one command as the page shows it after its `~$` prompt; test_workshop.py checks that they
still match the page when the page is available.
"""

PAGE = "missing-worker-nodes.ja.txt"

STEP1_GET_NODES = 'kubectl get nodes --selector=eks.amazonaws.com/nodegroup=new_nodegroup_1'
STEP2_DESCRIBE_NODEGROUP = 'aws eks describe-nodegroup --cluster-name $EKS_CLUSTER_NAME --nodegroup-name new_nodegroup_1'
STEP3_NODEGROUP_HEALTH = "aws eks describe-nodegroup --cluster-name $EKS_CLUSTER_NAME --nodegroup-name new_nodegroup_1 --query 'nodegroup.{NodegroupName:nodegroupName,Status:status,ScalingConfig:scalingConfig,AutoScalingGroups:resources.autoScalingGroups,Health:health}'"
STEP4_1_ASG_NAME = "NEW_NODEGROUP_1_ASG_NAME=$(aws eks describe-nodegroup --cluster-name $EKS_CLUSTER_NAME --nodegroup-name new_nodegroup_1 --query 'nodegroup.resources.autoScalingGroups[0].name' --output text)"
STEP4_1_ECHO = 'echo $NEW_NODEGROUP_1_ASG_NAME'
STEP4_2_SCALING_ACTIVITIES = 'aws autoscaling describe-scaling-activities --auto-scaling-group-name ${NEW_NODEGROUP_1_ASG_NAME}'
STEP5_1_LAUNCH_TEMPLATE_ID = "aws autoscaling describe-auto-scaling-groups \\\n--auto-scaling-group-names ${NEW_NODEGROUP_1_ASG_NAME} \\\n--query 'AutoScalingGroups[0].MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId' \\\n--output text"
STEP5_2_LAUNCH_TEMPLATE_VERSIONS = "aws ec2 describe-launch-template-versions --launch-template-id ${NEW_NODEGROUP_1_LT_ID} --query 'LaunchTemplateVersions[].{LaunchTemplateId:LaunchTemplateId,DefaultVersion:DefaultVersion,BlockDeviceMappings:LaunchTemplateData.BlockDeviceMappings}'"
STEP6_1_DESCRIBE_KEY = "aws kms describe-key --key-id ${NEW_KMS_KEY_ID} --query 'KeyMetadata.{KeyId:KeyId,Enabled:Enabled,KeyUsage:KeyUsage,KeyState:KeyState,KeyManager:KeyManager}'"
STEP6_2_KEY_POLICY = "aws kms get-key-policy --key-id ${NEW_KMS_KEY_ID} | jq -r '.Policy | fromjson'"
STEP7_1_PUT_KEY_POLICY = 'NEW_POLICY=$(echo \'{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"EnableIAMUserPermissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\'"$AWS_ACCOUNT_ID"\':root"},"Action":"kms:*","Resource":"*"},{"Sid":"AllowAutoScalingServiceRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\'"$AWS_ACCOUNT_ID"\':role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"},"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*"},{"Sid":"AllowAttachmentOfPersistentResources","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\'"$AWS_ACCOUNT_ID"\':role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"},"Action":"kms:CreateGrant","Resource":"*","Condition":{"Bool":{"kms:GrantIsForAWSResource":"true"}}}]}\') && aws kms put-key-policy --key-id "$NEW_KMS_KEY_ID" --policy-name default --policy "$NEW_POLICY" && aws kms get-key-policy --key-id "$NEW_KMS_KEY_ID" --policy-name default | jq -r \'.Policy | fromjson\''
STEP7_2_RECYCLE = 'aws eks update-nodegroup-config --cluster-name "${EKS_CLUSTER_NAME}" --nodegroup-name new_nodegroup_1 --scaling-config desiredSize=0 && aws eks wait nodegroup-active --cluster-name "${EKS_CLUSTER_NAME}" --nodegroup-name new_nodegroup_1 && aws eks update-nodegroup-config --cluster-name "${EKS_CLUSTER_NAME}" --nodegroup-name new_nodegroup_1 --scaling-config desiredSize=1 && aws eks wait nodegroup-active --cluster-name "${EKS_CLUSTER_NAME}" --nodegroup-name new_nodegroup_1'
STEP8_1_STATUS = "aws eks describe-nodegroup --cluster-name ${EKS_CLUSTER_NAME} --nodegroup-name new_nodegroup_1 --query 'nodegroup.status' --output text"
STEP8_2_WAIT = 'kubectl wait --for=condition=ready nodes --selector=eks.amazonaws.com/nodegroup=new_nodegroup_1'
STEP8_2_GET_NODES = 'kubectl get nodes --selector=eks.amazonaws.com/nodegroup=new_nodegroup_1'

ALL = {name: value for name, value in dict(globals()).items() if name.startswith("STEP")}
