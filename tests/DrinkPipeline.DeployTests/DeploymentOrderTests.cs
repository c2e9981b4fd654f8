using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DrinkPipeline.AppHost.CloudFormation;

namespace DrinkPipeline.DeployTests;

/// <summary>
/// The order CloudFormation creates the compute in, read from the template's dependency graph (DependsOn, Ref,
/// Fn::GetAtt, Fn::Sub) in every combination of its conditions: with a certificate or not, with a WebOrigin or not.
/// The emulator never creates the compute, so only this shows an ECS service created before what it needs.
/// </summary>
public sealed partial class DeploymentOrderTests
{
    private static readonly CloudFormationTemplate Template =
        CloudFormationTemplate.Load(Path.Combine(AppContext.BaseDirectory, "aws", "drink-pipeline.template.yaml"));

    public static TheoryData<string, string> Combinations => new()
    {
        { "", "" },
        { "", "https://photos.example.com" },
        { "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-000000000000", "https://photos.example.com" },
        { "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-000000000000", "" },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void EveryReferenceNamesAResourceThatExistsInTheSameCombination(string certificateArn, string webOrigin)
    {
        var graph = Graph.Of(certificateArn, webOrigin);

        var dangling = graph.Edges.SelectMany(pair => pair.Value.Where(target => !graph.Edges.ContainsKey(target)).Select(target => $"{pair.Key} → {target}"));

        Assert.Empty(dangling);
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void AServiceBehindALoadBalancerWaitsForEveryListenerThatForwardsToItsTargetGroup(string certificateArn, string webOrigin)
    {
        // ECS refuses a service whose target group no listener attaches to a load balancer yet ("does not have an
        // associated load balancer"); with a certificate the web's HTTP listener only redirects and HTTPS forwards.
        var graph = Graph.Of(certificateArn, webOrigin);
        var missing = new List<string>();
        foreach (var service in graph.OfType("AWS::ECS::Service"))
        {
            var targetGroups = (graph.Properties(service)["LoadBalancers"] as JsonArray ?? [])
                .Select(balancer => balancer!["TargetGroupArn"]!["Ref"]!.GetValue<string>());
            foreach (var targetGroup in targetGroups)
            {
                var listeners = graph.OfType("AWS::ElasticLoadBalancingV2::Listener")
                    .Where(listener => Forwards(graph.Properties(listener), targetGroup)).ToList();
                Assert.NotEmpty(listeners);
                missing.AddRange(listeners.Where(listener => !graph.DependsOn(service, listener)).Select(listener => $"{service} does not wait for {listener}"));
            }
        }

        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void AServiceInPrivateSubnetsWaitsForTheirRouteOutAndTheirGatewayEndpoints(string certificateArn, string webOrigin)
    {
        // Tasks without a public address pull their image (ECR) and read their secrets through the NAT gateway, and
        // reach S3 and DynamoDB through the gateway endpoints: all must be routed before the first task starts.
        var graph = Graph.Of(certificateArn, webOrigin);
        var missing = new List<string>();
        foreach (var service in graph.OfType("AWS::ECS::Service"))
        {
            var network = graph.Properties(service)["NetworkConfiguration"]!["AwsvpcConfiguration"]!;
            Assert.Equal("DISABLED", network["AssignPublicIp"]!.GetValue<string>());
            foreach (var subnet in network["Subnets"]!.AsArray().Select(item => item!["Ref"]!.GetValue<string>()))
            {
                var associations = graph.OfType("AWS::EC2::SubnetRouteTableAssociation")
                    .Where(association => graph.Properties(association)["SubnetId"]!["Ref"]!.GetValue<string>() == subnet).ToList();
                var tables = associations.Select(association => graph.Properties(association)["RouteTableId"]!["Ref"]!.GetValue<string>()).ToHashSet();
                var routes = graph.OfType("AWS::EC2::Route").Where(route =>
                    tables.Contains(graph.Properties(route)["RouteTableId"]!["Ref"]!.GetValue<string>())
                    && graph.Properties(route)["DestinationCidrBlock"]?.GetValue<string>() == "0.0.0.0/0");
                var endpoints = graph.OfType("AWS::EC2::VPCEndpoint").Where(endpoint =>
                    (graph.Properties(endpoint)["RouteTableIds"] as JsonArray ?? []).Any(table => tables.Contains(table!["Ref"]!.GetValue<string>())));
                var needed = associations.Concat(routes).Concat(endpoints).ToList();
                Assert.Contains(needed, resource => graph.Type(resource) == "AWS::EC2::Route");
                missing.AddRange(needed.Where(resource => !graph.DependsOn(service, resource)).Select(resource => $"{service} does not wait for {resource}"));
            }
        }

        Assert.Empty(missing.Distinct());
    }

    private static bool Forwards(JsonObject listener, string targetGroup) =>
        (listener["DefaultActions"] as JsonArray ?? []).Any(action =>
            action!["Type"]?.GetValue<string>() == "forward" && action["TargetGroupArn"]?["Ref"]?.GetValue<string>() == targetGroup);

    /// <summary>The template's resources in one combination of its conditions, with what each refers to.</summary>
    private sealed partial class Graph
    {
        private readonly Dictionary<string, JsonObject> resolved;

        private Graph(Dictionary<string, JsonObject> resolved, Dictionary<string, HashSet<string>> edges)
        {
            this.resolved = resolved;
            Edges = edges;
        }

        public Dictionary<string, HashSet<string>> Edges { get; }

        public static Graph Of(string certificateArn, string webOrigin)
        {
            var stack = new DeployedStack("drink-pipeline", "us-east-1",
                new Dictionary<string, string>
                {
                    ["ApiImage"] = "api:1", ["WorkerImage"] = "worker:1", ["WebImage"] = "web:1",
                    ["CertificateArn"] = certificateArn, ["WebOrigin"] = webOrigin,
                },
                new Dictionary<string, string>(), new Dictionary<string, string>());
            var resources = Template.Root["Resources"]!.AsObject()
                .Where(pair => pair.Value!["Condition"] is not JsonValue condition || Template.IsTrue(condition.GetValue<string>(), stack))
                .ToDictionary(pair => pair.Key, pair => WithBranchesChosen(pair.Value!.AsObject(), stack));
            var edges = resources.ToDictionary(pair => pair.Key, pair => References(pair.Value).Where(name => Template.Root["Resources"]![name] is not null
                || !IsParameterOrPseudo(name)).ToHashSet());
            return new Graph(resources, edges);
        }

        public IEnumerable<string> OfType(string type) => resolved.Where(pair => Type(pair.Key) == type).Select(pair => pair.Key);

        public string Type(string logicalId) => resolved[logicalId]["Type"]!.GetValue<string>();

        public JsonObject Properties(string logicalId) => resolved[logicalId]["Properties"]!.AsObject();

        public bool DependsOn(string from, string to)
        {
            var seen = new HashSet<string>();
            var pending = new Stack<string>([from]);
            while (pending.TryPop(out var current))
            {
                foreach (var next in Edges.GetValueOrDefault(current) ?? [])
                {
                    if (next == to)
                    {
                        return true;
                    }

                    if (seen.Add(next))
                    {
                        pending.Push(next);
                    }
                }
            }

            return false;
        }

        private static bool IsParameterOrPseudo(string name) =>
            name.StartsWith("AWS::", StringComparison.Ordinal) || Template.Root["Parameters"]![name] is not null;

        /// <summary>The resource with each Fn::If replaced by the branch its condition picks (AWS::NoValue dropped).</summary>
        private static JsonObject WithBranchesChosen(JsonObject resource, DeployedStack stack) => (JsonObject)Choose(resource, stack)!;

        private static JsonNode? Choose(JsonNode? node, DeployedStack stack) => node switch
        {
            JsonObject { Count: 1 } single when single["Fn::If"] is JsonArray { Count: 3 } choice =>
                Choose(Template.IsTrue(choice[0]!.GetValue<string>(), stack) ? choice[1] : choice[2], stack),
            JsonObject { Count: 1 } single when single["Ref"] is JsonValue name && name.GetValue<string>() == "AWS::NoValue" => null,
            JsonObject obj => new JsonObject(obj.Select(pair => new KeyValuePair<string, JsonNode?>(pair.Key, Choose(pair.Value, stack)))
                .Where(pair => pair.Value is not null)),
            JsonArray array => new JsonArray([.. array.Select(item => Choose(item, stack)).OfType<JsonNode>()]),
            _ => node?.DeepClone(),
        };

        /// <summary>Names a resource refers to: DependsOn, Ref, Fn::GetAtt and ${...} in Fn::Sub.</summary>
        private static IEnumerable<string> References(JsonObject resource)
        {
            var dependsOn = resource["DependsOn"] switch
            {
                JsonValue one => [one.GetValue<string>()],
                JsonArray many => many.Select(item => item!.GetValue<string>()),
                _ => [],
            };
            return dependsOn.Concat(Walk(resource["Properties"])).Concat(Walk(resource["Metadata"]));
        }

        private static IEnumerable<string> Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject { Count: 1 } single when single["Ref"] is JsonValue name:
                    yield return name.GetValue<string>();
                    break;
                case JsonObject { Count: 1 } single when single["Fn::GetAtt"] is JsonArray getAtt:
                    yield return getAtt[0]!.GetValue<string>();
                    break;
                case JsonObject { Count: 1 } single when single["Fn::Sub"] is { } sub:
                    var text = sub is JsonArray form ? form[0]!.GetValue<string>() : sub.GetValue<string>();
                    var variables = sub is JsonArray withVariables ? withVariables[1] as JsonObject : null;
                    foreach (Match match in SubVariable().Matches(text))
                    {
                        var name = match.Groups[1].Value.Split('.')[0];
                        if (variables?.ContainsKey(name) != true)
                        {
                            yield return name;
                        }
                    }

                    foreach (var inner in Walk(variables))
                    {
                        yield return inner;
                    }

                    break;
                case JsonObject obj:
                    foreach (var inner in obj.SelectMany(pair => Walk(pair.Value)))
                    {
                        yield return inner;
                    }

                    break;
                case JsonArray array:
                    foreach (var inner in array.SelectMany(Walk))
                    {
                        yield return inner;
                    }

                    break;
            }
        }

        [GeneratedRegex(@"\$\{([^}!]+)\}")]
        private static partial Regex SubVariable();
    }
}
