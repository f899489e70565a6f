using System.Text.Json.Nodes;
using Etl.Infra.Api;
using Etl.Lambda.Roles;

namespace Etl.Infra.Tests;

/// <summary>The HTTP API: every route of the REST API to its role's function, JWT on every route but GET /health, CORS, throttling, access logs.</summary>
[Collection(DefaultDeploymentCollection.Name)]
public sealed class ApiTests(DefaultDeployment deployment)
{
    /// <summary>DESIGN.md's REST API table as deployed, with the role serving each route.</summary>
    public static readonly IReadOnlyDictionary<string, string> ExpectedRoutes = new Dictionary<string, string>
    {
        ["POST /upload"] = HandlerRoles.Upload,
        ["POST /trigger-job"] = HandlerRoles.Trigger,
        ["GET /job-status/{jobId}"] = HandlerRoles.Status,
        ["GET /jobs"] = HandlerRoles.Status,
        ["GET /download/{jobId}"] = HandlerRoles.Download,
        ["POST /agent-invoke"] = HandlerRoles.Agent,
        ["GET /datasets"] = HandlerRoles.Datasets,
        ["GET /datasets/{name}"] = HandlerRoles.Datasets,
        ["GET /datasets/{name}/versions/{version}"] = HandlerRoles.Datasets,
        ["PUT /datasets/{name}/policy"] = HandlerRoles.Datasets,
        ["POST /datasets/{name}/versions/{version}/approve"] = HandlerRoles.Datasets,
        ["POST /datasets/{name}/versions/{version}/reject"] = HandlerRoles.Datasets,
        ["POST /datasets/{name}/rollback"] = HandlerRoles.Datasets,
        ["GET /health"] = HandlerRoles.Api,
    };

    private IEnumerable<JsonObject> Routes => deployment.Api.Resources("AWS::ApiGatewayV2::Route").Select(r => r.Resource["Properties"]!.AsObject());

    [Fact]
    public void The_routes_derived_from_the_roles_are_the_REST_API()
    {
        Assert.Equal(
            ExpectedRoutes.OrderBy(r => r.Key, StringComparer.Ordinal).ToList(),
            ApiRoutes.All().Select(r => KeyValuePair.Create(r.RouteKey, r.Role)).OrderBy(r => r.Key, StringComparer.Ordinal).ToList());
        Assert.Equal(ExpectedRoutes.Keys.Order(StringComparer.Ordinal), Routes.Select(r => r["RouteKey"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_route_but_health_requires_a_JWT()
    {
        var authorizer = Assert.Single(deployment.Api.Resources("AWS::ApiGatewayV2::Authorizer"));
        Assert.Equal("JWT", authorizer.Resource["Properties"]!["AuthorizerType"]!.GetValue<string>());
        foreach (var route in Routes)
        {
            var key = route["RouteKey"]!.GetValue<string>();
            if (key == "GET /health")
            {
                Assert.Equal("NONE", route["AuthorizationType"]!.GetValue<string>());
                Assert.Null(route["AuthorizerId"]);
            }
            else
            {
                Assert.True(route["AuthorizationType"]?.GetValue<string>() == "JWT", $"{key} is not behind the JWT authorizer");
                Assert.Equal($"{{\"Ref\":\"{authorizer.Id}\"}}", CloudFormation.Text(route["AuthorizerId"]));
            }
        }
    }

    [Fact]
    public void The_authorizer_trusts_the_created_user_pool_and_its_page_client()
    {
        var authorizer = Assert.Single(deployment.Api.Resources("AWS::ApiGatewayV2::Authorizer")).Resource["Properties"]!;
        var pool = Assert.Single(deployment.Api.Resources("AWS::Cognito::UserPool"));
        var client = Assert.Single(deployment.Api.Resources("AWS::Cognito::UserPoolClient"));

        Assert.Equal("[\"$request.header.Authorization\"]", CloudFormation.Text(authorizer["IdentitySource"]));
        Assert.Contains($"{{\"Ref\":\"{pool.Id}\"}}", CloudFormation.Text(authorizer["JwtConfiguration"]!["Issuer"]), StringComparison.Ordinal);
        Assert.Contains("https://cognito-idp.", CloudFormation.Text(authorizer["JwtConfiguration"]!["Issuer"]), StringComparison.Ordinal);
        Assert.Equal($"[{{\"Ref\":\"{client.Id}\"}}]", CloudFormation.Text(authorizer["JwtConfiguration"]!["Audience"]));
        Assert.Equal("Retain", pool.Resource["DeletionPolicy"]!.GetValue<string>());
        Assert.False(pool.Resource["Properties"]!["AdminCreateUserConfig"]!["AllowAdminCreateUserOnly"] is { } adminOnly && !adminOnly.GetValue<bool>());
    }

    [Fact]
    public void The_page_client_is_public_and_signs_in_with_the_authorization_code()
    {
        var client = Assert.Single(deployment.Api.Resources("AWS::Cognito::UserPoolClient")).Resource["Properties"]!;

        Assert.False(client["GenerateSecret"]?.GetValue<bool>() ?? false);
        Assert.Equal("[\"code\"]", CloudFormation.Text(client["AllowedOAuthFlows"]));
        Assert.True(client["AllowedOAuthFlowsUserPoolClient"]!.GetValue<bool>());
        Assert.Contains($"\"{Deployment.WebOrigin}\"", CloudFormation.Text(client["CallbackURLs"]), StringComparison.Ordinal);
        Assert.Contains("\"openid\"", CloudFormation.Text(client["AllowedOAuthScopes"]), StringComparison.Ordinal);
        Assert.Single(deployment.Api.Resources("AWS::Cognito::UserPoolDomain"));
    }

    [Fact]
    public void Each_route_reaches_its_own_roles_function_with_payload_format_2()
    {
        var functions = Roles.FunctionsByRole(deployment.Compute);
        var integrations = deployment.Api.Resources("AWS::ApiGatewayV2::Integration").ToDictionary(i => i.Id, i => i.Resource["Properties"]!.AsObject());
        foreach (var route in Routes)
        {
            var key = route["RouteKey"]!.GetValue<string>();
            var integrationId = route["Target"]!["Fn::Join"]![1]![1]!["Ref"]!.GetValue<string>();
            var integration = integrations[integrationId];
            Assert.Equal("AWS_PROXY", integration["IntegrationType"]!.GetValue<string>());
            Assert.Equal("2.0", integration["PayloadFormatVersion"]!.GetValue<string>());
            // The function lives in the compute stack: the URI imports its ARN under an export named after its logical id.
            var functionId = functions[ExpectedRoutes[key]].Id;
            Assert.True(CloudFormation.Text(integration["IntegrationUri"]).Contains(functionId, StringComparison.Ordinal), $"{key} → {CloudFormation.Text(integration["IntegrationUri"])}, not {functionId}");
        }
    }

    [Fact]
    public void CORS_admits_the_page_origin_with_its_headers()
    {
        var api = Assert.Single(deployment.Api.Resources("AWS::ApiGatewayV2::Api")).Resource["Properties"]!;
        var cors = api["CorsConfiguration"]!;

        Assert.Equal($"[\"{Deployment.WebOrigin}\"]", CloudFormation.Text(cors["AllowOrigins"]));
        var headers = cors["AllowHeaders"]!.AsArray().Select(h => h!.GetValue<string>()).ToList();
        Assert.Contains("Authorization", headers);
        Assert.Contains("Content-Type", headers);
        var methods = cors["AllowMethods"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Equal(["GET", "OPTIONS", "POST", "PUT"], methods.Order(StringComparer.Ordinal));
        Assert.Equal("HTTP", api["ProtocolType"]!.GetValue<string>());
    }

    [Fact]
    public void The_stage_is_throttled_and_logs_every_request_as_JSON()
    {
        var stage = Assert.Single(deployment.Api.Resources("AWS::ApiGatewayV2::Stage")).Resource["Properties"]!;
        Assert.Equal("$default", stage["StageName"]!.GetValue<string>());
        Assert.True(stage["AutoDeploy"]!.GetValue<bool>());
        Assert.Equal(ApiStack.ThrottleRatePerSecond, stage["DefaultRouteSettings"]!["ThrottlingRateLimit"]!.GetValue<double>());
        Assert.Equal(ApiStack.ThrottleBurst, stage["DefaultRouteSettings"]!["ThrottlingBurstLimit"]!.GetValue<double>());

        var logs = stage["AccessLogSettings"]!;
        var logGroup = Assert.Single(deployment.Api.Resources("AWS::Logs::LogGroup"));
        Assert.Contains(logGroup.Id, CloudFormation.Text(logs["DestinationArn"]), StringComparison.Ordinal);
        var format = JsonNode.Parse(logs["Format"]!.GetValue<string>())!.AsObject();
        Assert.Equal("$context.requestId", format["requestId"]!.GetValue<string>());
        Assert.Equal("$context.routeKey", format["routeKey"]!.GetValue<string>());
        Assert.Equal("$context.status", format["status"]!.GetValue<string>());
        Assert.Equal("$context.responseLatency", format["latency"]!.GetValue<string>());
        Assert.Equal("$context.authorizer.error", format["authorizerError"]!.GetValue<string>());
    }

    [Fact]
    public void The_outputs_name_the_API_the_sign_in_and_the_page_config()
    {
        var outputs = deployment.Api.Root["Outputs"]!.AsObject().Select(o => o.Key).ToList();
        Assert.Contains("ApiUrl", outputs);
        Assert.Contains("UserPoolId", outputs);
        Assert.Contains("UserPoolClientId", outputs);
        Assert.Contains("AuthIssuer", outputs);
        Assert.Contains("PageConfig", outputs);
        var storage = deployment.Storage.Root["Outputs"]!.AsObject().Select(o => o.Key).Where(k => !k.StartsWith("ExportsOutput", StringComparison.Ordinal)).ToList();
        Assert.Equal(["ArtifactsBucketName", "InputBucketName", "OutputBucketName"], storage.Order(StringComparer.Ordinal));
    }
}

/// <summary>auth=none: an open API, only when asked for, and synth says so.</summary>
public sealed class OpenApiTests(OpenDeployment deployment) : IClassFixture<OpenDeployment>
{
    [Fact]
    public void Auth_none_warns_at_synth_and_leaves_every_route_open()
    {
        var warnings = Amazon.CDK.Assertions.Annotations.FromStack(deployment.App.Api)
            .FindWarning("*", Amazon.CDK.Assertions.Match.StringLikeRegexp("auth=none.*"));
        Assert.Single(warnings);
        Assert.Empty(deployment.Api.Resources("AWS::ApiGatewayV2::Authorizer"));
        Assert.Empty(deployment.Api.Resources("AWS::Cognito::UserPool"));
        Assert.All(deployment.Api.Resources("AWS::ApiGatewayV2::Route"), r => Assert.Equal("NONE", r.Resource["Properties"]!["AuthorizationType"]!.GetValue<string>()));
    }
}

/// <summary>An external issuer: the authorizer trusts it, no user pool is created.</summary>
public sealed class IssuerApiTests(IssuerDeployment deployment) : IClassFixture<IssuerDeployment>
{
    [Fact]
    public void A_secured_deployment_synthesizes_without_warnings()
    {
        foreach (var stack in new Amazon.CDK.Stack[] { deployment.App.Storage, deployment.App.Data, deployment.App.Compute, deployment.App.Api })
        {
            Assert.Empty(Amazon.CDK.Assertions.Annotations.FromStack(stack).FindWarning("*", Amazon.CDK.Assertions.Match.AnyValue()));
        }
    }

    [Fact]
    public void The_authorizer_trusts_the_given_issuer_and_audience()
    {
        var authorizer = Assert.Single(deployment.Api.Resources("AWS::ApiGatewayV2::Authorizer")).Resource["Properties"]!;
        Assert.Equal(IssuerDeployment.Issuer, authorizer["JwtConfiguration"]!["Issuer"]!.GetValue<string>());
        Assert.Equal($"[\"{IssuerDeployment.Audience}\"]", CloudFormation.Text(authorizer["JwtConfiguration"]!["Audience"]));
        Assert.Empty(deployment.Api.Resources("AWS::Cognito::UserPool"));
        Assert.All(deployment.Api.Resources("AWS::ApiGatewayV2::Route").Where(r => r.Resource["Properties"]!["RouteKey"]!.GetValue<string>() != "GET /health"),
            r => Assert.Equal("JWT", r.Resource["Properties"]!["AuthorizationType"]!.GetValue<string>()));
    }
}
