using System.Text.Json.Nodes;

namespace Etl.Infra.Tests;

/// <summary>Three private, TLS-only, encrypted, retained buckets with the storage layout's lifecycle and the page's CORS.</summary>
[Collection(DefaultDeploymentCollection.Name)]
public sealed class StorageTests(DefaultDeployment deployment)
{
    private (string Id, JsonObject Resource) Bucket(string name) =>
        deployment.Storage.Resources("AWS::S3::Bucket").Single(b => b.Id.StartsWith(name, StringComparison.Ordinal));

    [Fact]
    public void There_are_exactly_the_three_buckets_of_the_layout()
    {
        Assert.Equal(["Artifacts", "Input", "Output"],
            deployment.Storage.Resources("AWS::S3::Bucket").Select(b => b.Id[..^8]).Order(StringComparer.Ordinal));
        Assert.All(deployment.Templates.Where(t => t != deployment.Storage), t => Assert.Empty(t.Resources("AWS::S3::Bucket")));
    }

    [Theory]
    [InlineData("Input")]
    [InlineData("Output")]
    [InlineData("Artifacts")]
    public void Every_bucket_is_private_encrypted_and_retained(string name)
    {
        var (_, bucket) = Bucket(name);
        var properties = bucket["Properties"]!;
        var block = properties["PublicAccessBlockConfiguration"]!;
        foreach (var setting in new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" })
        {
            Assert.True(block[setting]!.GetValue<bool>(), $"{name}: {setting}");
        }

        Assert.Equal("AES256", properties["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]!.GetValue<string>());
        Assert.Equal("BucketOwnerEnforced", properties["OwnershipControls"]!["Rules"]![0]!["ObjectOwnership"]!.GetValue<string>());
        Assert.Equal("Retain", bucket["DeletionPolicy"]!.GetValue<string>());
        Assert.Equal("Retain", bucket["UpdateReplacePolicy"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Input")]
    [InlineData("Output")]
    [InlineData("Artifacts")]
    public void Every_bucket_refuses_requests_without_TLS(string name)
    {
        var (id, _) = Bucket(name);
        var policy = deployment.Storage.Resources("AWS::S3::BucketPolicy").Single(p => CloudFormation.Text(p.Resource["Properties"]!["Bucket"]) == $"{{\"Ref\":\"{id}\"}}");
        var statements = policy.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        var deny = Assert.Single(statements, s => s!["Effect"]!.GetValue<string>() == "Deny");
        Assert.Equal("s3:*", deny!["Action"]!.GetValue<string>());
        Assert.Equal("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}", CloudFormation.Text(deny["Condition"]));
        Assert.Equal("{\"AWS\":\"*\"}", CloudFormation.Text(deny["Principal"]));
        // Nothing else: a bucket policy that allowed anyone would make the bucket public despite the block.
        Assert.Single(statements);
    }

    [Fact]
    public void Uploads_expire_after_30_days()
    {
        var rules = Bucket("Input").Resource["Properties"]!["LifecycleConfiguration"]!["Rules"]!.AsArray();
        var expire = Assert.Single(rules);
        Assert.Equal(30, expire!["ExpirationInDays"]!.GetValue<int>());
        Assert.Equal("Enabled", expire["Status"]!.GetValue<string>());
        Assert.Null(expire["Prefix"]);
    }

    [Fact]
    public void Artifacts_are_versioned_and_runs_move_to_colder_storage()
    {
        var properties = Bucket("Artifacts").Resource["Properties"]!;
        Assert.Equal("Enabled", properties["VersioningConfiguration"]!["Status"]!.GetValue<string>());
        var rule = Assert.Single(properties["LifecycleConfiguration"]!["Rules"]!.AsArray())!;
        Assert.Equal("runs/", rule["Prefix"]!.GetValue<string>());
        Assert.Equal("[{\"StorageClass\":\"STANDARD_IA\",\"TransitionInDays\":30},{\"StorageClass\":\"GLACIER\",\"TransitionInDays\":90}]",
            CloudFormation.Text(rule["Transitions"]));
    }

    [Fact]
    public void The_page_may_PUT_uploads_and_GET_artifacts_and_nothing_else_cross_origin()
    {
        var input = Assert.Single(Bucket("Input").Resource["Properties"]!["CorsConfiguration"]!["CorsRules"]!.AsArray())!;
        Assert.Equal($"[\"{Deployment.WebOrigin}\"]", CloudFormation.Text(input["AllowedOrigins"]));
        Assert.Equal("[\"PUT\"]", CloudFormation.Text(input["AllowedMethods"]));
        Assert.Contains("\"Content-Type\"", CloudFormation.Text(input["AllowedHeaders"]), StringComparison.Ordinal);
        // The page sends the If-None-Match: * the sealed upload URL signs (uploadHeaders).
        Assert.Contains("\"If-None-Match\"", CloudFormation.Text(input["AllowedHeaders"]), StringComparison.Ordinal);

        var artifacts = Assert.Single(Bucket("Artifacts").Resource["Properties"]!["CorsConfiguration"]!["CorsRules"]!.AsArray())!;
        Assert.Equal($"[\"{Deployment.WebOrigin}\"]", CloudFormation.Text(artifacts["AllowedOrigins"]));
        Assert.Equal("[\"GET\",\"HEAD\"]", CloudFormation.Text(artifacts["AllowedMethods"]));

        Assert.Null(Bucket("Output").Resource["Properties"]!["CorsConfiguration"]);
    }

    [Fact]
    public void With_auto_trigger_the_input_bucket_sends_its_events_to_EventBridge_without_a_custom_resource()
    {
        Assert.True(Bucket("Input").Resource["Properties"]!["NotificationConfiguration"]!["EventBridgeConfiguration"]!["EventBridgeEnabled"]!.GetValue<bool>());
        Assert.Empty(deployment.Storage.Resources("Custom::S3BucketNotifications"));
        Assert.Empty(deployment.Storage.Resources("AWS::Lambda::Function"));
    }
}
