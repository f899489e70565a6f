using System.Reflection;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Etl.Aws.Jobs;

namespace Etl.Infra.Tests;

/// <summary>The jobs table in the job store's own shape, on demand, with point-in-time recovery, retained; the catalog database.</summary>
[Collection(DefaultDeploymentCollection.Name)]
public sealed class DataTests(DefaultDeployment deployment)
{
    private JsonNode Table => Assert.Single(deployment.Data.Resources("AWS::DynamoDB::Table")).Resource;

    [Fact]
    public void The_table_is_on_demand_recoverable_and_retained()
    {
        var properties = Table["Properties"]!;
        Assert.Equal("etl-pipeline-jobs", properties["TableName"]!.GetValue<string>());
        Assert.Equal("PAY_PER_REQUEST", properties["BillingMode"]!.GetValue<string>());
        Assert.True(properties["PointInTimeRecoverySpecification"]!["PointInTimeRecoveryEnabled"]!.GetValue<bool>());
        Assert.Equal("Retain", Table["DeletionPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void The_table_has_the_keys_and_indexes_the_job_store_creates()
    {
        var expected = JobStoreShape();
        var properties = Table["Properties"]!;

        Assert.Equal(
            expected.AttributeDefinitions.Select(a => $"{a.AttributeName}:{a.AttributeType.Value}").Order(StringComparer.Ordinal),
            properties["AttributeDefinitions"]!.AsArray().Select(a => $"{a!["AttributeName"]}:{a["AttributeType"]}").Order(StringComparer.Ordinal));
        Assert.Equal(
            expected.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"),
            properties["KeySchema"]!.AsArray().Select(k => $"{k!["AttributeName"]}:{k["KeyType"]}"));
        Assert.Equal(
            expected.GlobalSecondaryIndexes.Select(Describe).Order(StringComparer.Ordinal),
            properties["GlobalSecondaryIndexes"]!.AsArray().Select(i =>
                $"{i!["IndexName"]}({string.Join(",", i["KeySchema"]!.AsArray().Select(k => $"{k!["AttributeName"]}:{k["KeyType"]}"))}) {i["Projection"]!["ProjectionType"]}")
                .Order(StringComparer.Ordinal));
        Assert.Contains(JobsTable.StatusIndex, CloudFormation.Text(properties["GlobalSecondaryIndexes"]), StringComparison.Ordinal);
        Assert.Contains(JobsTable.ListingIndex, CloudFormation.Text(properties["GlobalSecondaryIndexes"]), StringComparison.Ordinal);
    }

    [Fact]
    public void The_catalog_database_exists()
    {
        var database = Assert.Single(deployment.Data.Resources("AWS::Glue::Database")).Resource["Properties"]!;
        Assert.Equal("etl_catalog", database["DatabaseInput"]!["Name"]!.GetValue<string>());
    }

    private static string Describe(GlobalSecondaryIndex index) =>
        $"{index.IndexName}({string.Join(",", index.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"))}) {index.Projection.ProjectionType.Value}";

    /// <summary>The CreateTable request JobsTable.CreateAsync sends (what the tests against dynalite run on), captured before it is sent.</summary>
    private static CreateTableRequest JobStoreShape()
    {
        var dynamo = DispatchProxy.Create<IAmazonDynamoDB, CapturingDynamoDb>();
        var captured = Assert.Throws<AggregateException>(() => JobsTable.CreateAsync(dynamo, "etl-pipeline-jobs").Wait()).InnerException;
        return Assert.IsType<CapturedRequestException>(captured).Request;
    }

    public sealed class CapturedRequestException(CreateTableRequest request) : Exception("captured")
    {
        public CreateTableRequest Request { get; } = request;
    }

    public class CapturingDynamoDb : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            args?.FirstOrDefault() is CreateTableRequest request
                ? Task.FromException<CreateTableResponse>(new CapturedRequestException(request))
                : throw new NotSupportedException(targetMethod?.Name);
    }
}
