using Etl.Core.Datasets.Catalog;
using Etl.Core.Tests.Ports;

namespace Etl.Aws.Tests.Catalog;

/// <summary>
/// The catalog contract the SQLite catalog passes, on DynamoDB (dynalite), S3 (s3rver) and a fake Glue: the same
/// versions, decisions, rollbacks and races, with every Glue request well-formed and signed.
/// </summary>
[Collection(AwsCollection.Name)]
public sealed class AwsCatalogContract(AwsEmulators aws) : CatalogContract, IDisposable
{
    private readonly AwsCatalogRig _rig = new(aws);

    protected override ICatalog CreateCatalog() => _rig.Open();

    protected override ICatalog OpenAgain() => _rig.Open();

    public void Dispose()
    {
        Assert.Empty(_rig.Glue.Violations);
        _rig.Dispose();
    }
}
