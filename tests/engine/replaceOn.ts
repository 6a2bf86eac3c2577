/**
 * Which input changes make pulumi-aws (and pulumi-tls) replace a resource, for the types this
 * program makes. pulumi-aws is bridged from the Terraform AWS provider: an argument marked
 * `ForceNew: true` in its schema (or `RequiresReplace()` in a Plugin Framework resource) is a
 * replacement in `pulumi preview`. The files are those of hashicorp/terraform-provider-aws
 * (internal/service/...), pulumi-tls's of hashicorp/terraform-provider-tls (internal/provider/...);
 * only the arguments this program sets are listed.
 */
import type { ReplaceOn } from "./cloud";

export const REPLACE_ON: ReplaceOn = {
  // ec2/vpc_.go (read at 00081ce): cidr_block (ForceNew); instance_tenancy is forced new by its
  // CustomizeDiff on every change but dedicated to default, which ModifyVpcTenancy makes in place
  // (this program sets neither; the stand-in replaces on both)
  "aws:ec2/vpc:Vpc": ["cidrBlock", "instanceTenancy"],
  // ec2/vpc_subnet.go (read at 00cda12): vpc_id, cidr_block, availability_zone, availability_zone_id
  "aws:ec2/subnet:Subnet": ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"],
  // ec2/vpc_route_table.go: vpc_id
  "aws:ec2/routeTable:RouteTable": ["vpcId"],
  // ec2/vpc_route.go: route_table_id and the destinations
  "aws:ec2/route:Route": ["routeTableId", "destinationCidrBlock", "destinationPrefixListId"],
  // ec2/vpc_route_table_association.go: subnet_id, gateway_id (route_table_id updates in place)
  "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId", "gatewayId"],
  // ec2/vpc_security_group.go (read at 0160692): name, name_prefix, description, vpc_id
  "aws:ec2/securityGroup:SecurityGroup": ["name", "namePrefix", "description", "vpcId"],
  // vpc/security_group_ingress_rule.go, a Framework resource: security_group_id (RequiresReplace)
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["securityGroupId"],
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["securityGroupId"],
  // ec2/vpc_endpoint.go (read at 008db85): vpc_id, service_name, vpc_endpoint_type, service_region
  // (subnets, groups, ip_address_type and dns_record_ip_type update in place; private_dns_enabled
  // replaces only a non-Interface endpoint)
  "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpcId", "serviceName", "vpcEndpointType", "serviceRegion"],
  // ec2/ec2_instance.go: ami, availability_zone, subnet_id, key_name, private_ip,
  // associate_public_ip_address, and user_data only with user_data_replace_on_change
  "aws:ec2/instance:Instance": [
    "ami",
    "availabilityZone",
    "subnetId",
    "keyName",
    "privateIp",
    "associatePublicIpAddress",
    "tenancy",
  ],
  // ec2/ec2_key_pair.go: key_name, key_name_prefix, public_key
  "aws:ec2/keyPair:KeyPair": ["keyName", "keyNamePrefix", "publicKey"],
  // ec2/vpc_internet_gateway.go: nothing (vpc_id attaches and detaches in place)
  "aws:ec2/internetGateway:InternetGateway": [],
  // ec2/ec2_instance_connect_endpoint.go (Framework): subnet_id, security_group_ids, preserve_client_ip
  "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint": [
    "subnetId",
    "securityGroupIds",
    "preserveClientIp",
  ],
  // ec2/transitgateway_vpc_attachment.go: transit_gateway_id, vpc_id
  "aws:ec2transitgateway/vpcAttachment:VpcAttachment": ["transitGatewayId", "vpcId"],
  // ds/directory.go (read at 01f4311): name, password, size, type, short_name, description,
  // vpc_settings, edition, alias (and connect_settings, which this program does not set)
  "aws:directoryservice/directory:Directory": [
    "name",
    "password",
    "size",
    "type",
    "shortName",
    "description",
    "vpcSettings",
    "edition",
    "alias",
  ],
  // workspaces/directory.go (read at 024cc3d): directory_id, subnet_ids, tenancy, workspace_type,
  // user_identity_type, workspace_directory_name and _description
  "aws:workspaces/directory:Directory": [
    "directoryId",
    "subnetIds",
    "tenancy",
    "workspaceType",
    "userIdentityType",
    "workspaceDirectoryName",
    "workspaceDirectoryDescription",
  ],
  // workspaces/workspace.go (checked against its source): directory_id, bundle_id, user_name, the
  // volume encryption arguments
  "aws:workspaces/workspace:Workspace": [
    "directoryId",
    "bundleId",
    "userName",
    "rootVolumeEncryptionEnabled",
    "userVolumeEncryptionEnabled",
    "volumeEncryptionKey",
  ],
  // route53resolver/endpoint.go (read at 01c0800): direction, security_group_ids (name, ip_address
  // and tags update in place)
  "aws:route53/resolverEndpoint:ResolverEndpoint": ["direction", "securityGroupIds"],
  // logs/group.go: name, name_prefix, log_group_class
  "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix", "logGroupClass"],
  // cloudwatch/metric_alarm.go: alarm_name
  "aws:cloudwatch/metricAlarm:MetricAlarm": ["name"],
  // cloudwatch/dashboard.go: dashboard_name
  "aws:cloudwatch/dashboard:Dashboard": ["dashboardName"],
  // events/rule.go: name, name_prefix, event_bus_name
  "aws:cloudwatch/eventRule:EventRule": ["name", "namePrefix", "eventBusName"],
  // events/target.go: rule, target_id, event_bus_name
  "aws:cloudwatch/eventTarget:EventTarget": ["rule", "targetId", "eventBusName"],
  // logs/resource_policy.go: policy_name
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": ["policyName"],
  // sns/topic.go: name, name_prefix, fifo_topic
  "aws:sns/topic:Topic": ["name", "namePrefix", "fifoTopic"],
  // sns/topic_policy.go: arn
  "aws:sns/topicPolicy:TopicPolicy": ["arn"],
  // sns/topic_subscription.go: topic_arn, protocol, endpoint
  "aws:sns/topicSubscription:TopicSubscription": ["topic", "protocol", "endpoint"],
  // kms/key.go: customer_master_key_spec, key_usage, multi_region, xks_key_id
  "aws:kms/key:Key": ["customerMasterKeySpec", "keyUsage", "multiRegion"],
  // kms/alias.go: name, name_prefix
  "aws:kms/alias:Alias": ["name", "namePrefix"],
  // iam/role.go: name, name_prefix, path
  "aws:iam/role:Role": ["name", "namePrefix", "path"],
  // iam/role_policy_attachment.go: role, policy_arn
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", "policyArn"],
  // ec2/ec2_instance_state.go: instance_id
  "aws:ec2transitgateway/instanceState:InstanceState": ["instance"],
  // ec2/vpc_default_security_group.go: vpc_id
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ["vpcId"],
  // terraform-provider-tls internal/provider/resource_private_key.go: algorithm, rsa_bits,
  // ecdsa_curve (RequiresReplace)
  "tls:index/privateKey:PrivateKey": ["algorithm", "rsaBits", "ecdsaCurve"],
};
