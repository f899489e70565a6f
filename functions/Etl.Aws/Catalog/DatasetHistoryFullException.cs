namespace Etl.Aws.Catalog;

/// <summary>
/// A dataset's item reached DynamoDB's 400 KB limit (about 2,000 versions): no version can be added or moved any more.
/// Not transient — the same write fails the same way.
/// </summary>
public sealed class DatasetHistoryFullException(string dataset, Exception inner)
    : NotSupportedException(
        $"Dataset '{dataset}' has as many versions as the catalog's DynamoDB item can hold (400 KB, about 2,000 versions), so this change cannot be recorded. " +
        $"Its versions are kept and readable; load further data as a new dataset (e.g. '{dataset}_2').", inner);
