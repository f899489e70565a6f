using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Glue;
using Constructs;
using Etl.Aws.Jobs;
using Etl.Infra.Settings;

namespace Etl.Infra.Data;

/// <summary>
/// The jobs table, in the shape the DynamoDB job store creates for itself in tests (<see cref="JobsTable"/>: its index
/// names are its constants; a test compares the whole shape), and the Glue Data Catalog database of the datasets.
/// The table is RETAINed and keeps point-in-time recovery: it is the only record of every job.
/// </summary>
public sealed class DataStack : Stack
{
    public const string JobKey = "jobId";
    public const string StatusAttribute = "status";

    /// <summary>The constant partition of the all-statuses listing (JobItem.ListingAttribute, internal to Etl.Aws).</summary>
    public const string ListingAttribute = "listing";

    /// <summary>"{createdAt}#{jobId}", the sort key of both indexes (JobItem.OrderAttribute).</summary>
    public const string OrderAttribute = "createdAtJobId";

    public DataStack(Construct scope, string id, DeploymentSettings settings, IStackProps? props = null) : base(scope, id, props)
    {
        Jobs = new Table(this, "Jobs", new TableProps
        {
            TableName = settings.JobsTableName,
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = JobKey, Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            Encryption = TableEncryption.AWS_MANAGED,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        Jobs.AddGlobalSecondaryIndex(Index(JobsTable.StatusIndex, StatusAttribute));
        Jobs.AddGlobalSecondaryIndex(Index(JobsTable.ListingIndex, ListingAttribute));

        CatalogDatabaseName = settings.CatalogDatabaseName;
        Catalog = new CfnDatabase(this, "Catalog", new CfnDatabaseProps
        {
            CatalogId = Amazon.CDK.Aws.ACCOUNT_ID,
            DatabaseInput = new CfnDatabase.DatabaseInputProperty
            {
                Name = CatalogDatabaseName,
                Description = "Agentic ETL datasets: one table per dataset table, versions kept by Glue.",
            },
        });

        new CfnOutput(this, "JobsTableName", new CfnOutputProps { Value = Jobs.TableName });
        new CfnOutput(this, "CatalogDatabase", new CfnOutputProps { Value = CatalogDatabaseName });
    }

    public Table Jobs { get; }

    public CfnDatabase Catalog { get; }

    public string CatalogDatabaseName { get; }

    // Both indexes sort by "{createdAt}#{jobId}" and project everything, so a page of jobs is one Query.
    private static GlobalSecondaryIndexProps Index(string name, string partitionKey) => new()
    {
        IndexName = name,
        PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = partitionKey, Type = AttributeType.STRING },
        SortKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = OrderAttribute, Type = AttributeType.STRING },
        ProjectionType = ProjectionType.ALL,
    };
}
