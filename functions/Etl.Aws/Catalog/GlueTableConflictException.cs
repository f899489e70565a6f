namespace Etl.Aws.Catalog;

/// <summary>A Glue table of the dataset's name belongs to another dataset, or was not made by this product.</summary>
public sealed class GlueTableConflictException(string database, string table, string dataset, string? owner)
    : InvalidOperationException(
        $"The Glue table '{database}.{table}' {(owner is null ? "was not created by this product" : $"belongs to dataset '{owner}'")}, so dataset '{dataset}' " +
        $"cannot publish its table of that name there. Rename or drop that Glue table, or load the data as a dataset whose tables do not clash; " +
        $"the catalog's own record of '{dataset}' is unaffected.");
