namespace Etl.Aws.Catalog;

/// <summary>
/// The Glue Data Catalog could not be brought to a dataset's current version now (throttled, unavailable). Transient: the
/// catalog's state is committed, and publishing again (a retried catalog stage, the next change) converges.
/// </summary>
public sealed class GluePublishException(string dataset, string database, Exception inner)
    : IOException(
        $"Dataset '{dataset}' is registered, but the Glue Data Catalog (database '{database}') could not be updated to its current version: " +
        $"{inner.Message}. The catalog stage retries; any later change of the dataset publishes it again.", inner);
