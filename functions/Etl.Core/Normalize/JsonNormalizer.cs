using Etl.Core.Datasets;
using Etl.Core.Json;

namespace Etl.Core.Normalize;

/// <summary>
/// Nested JSON / NDJSON → related tables, one Parquet file each (issue 10): the records become the root table, every
/// array of objects (at any depth, up to <see cref="NormalizeOptions.MaxTableNesting"/>) a child table, every array
/// of scalars a child table with a <c>value</c> column (or a LIST column), every map a key/value table; objects
/// flatten into <c>a__b</c> columns. Two passes over a seekable input: the survey (schema inference, the counts
/// validation checks, natural keys, maps), then the writing, record by record, with memory bounded by two row groups
/// per table.
/// </summary>
public static class JsonNormalizer
{
    /// <summary>
    /// Normalizes <paramref name="json"/> (seekable; read from its position) into tables written to
    /// <paramref name="sink"/>, and describes them. Throws <see cref="JsonInputException"/> for input that cannot be
    /// read, <see cref="NormalizeOptionsException"/> for options that do not fit the input, and
    /// <see cref="NormalizationValidationException"/> when a table's rows differ from what the input holds.
    /// </summary>
    /// <param name="json">The input.</param>
    /// <param name="dataset">The dataset's name: the root table is named after it (<see cref="TableNamer"/>).</param>
    /// <param name="sink">Where each table's Parquet file goes.</param>
    /// <param name="options">Nesting, array layouts, limits; null = defaults.</param>
    /// <param name="cancellationToken">Stops between records.</param>
    public static TablesDocument Normalize(Stream json, string dataset, ITableSink sink, NormalizeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(sink);
        if (!json.CanSeek) throw new ArgumentException("normalization reads its input twice: give it a seekable stream", nameof(json));
        options ??= new NormalizeOptions();
        var start = json.Position;

        // Pass one: the schema (the flat conversion's own inference) and, beside it, the survey.
        var layout = SurveyPass.Run(json, options, out var inference, out var survey, cancellationToken);
        var schema = inference.Build(layout.Shape);

        var namer = new TableNamer(dataset);
        var planner = new TablePlanner(options, namer, survey);
        var root = planner.Plan(schema);
        var tables = planner.Tables;
        if (root.NaturalKeyColumn is null)
        {
            json.Position = start;
            survey.CountContents(json, options.Read, layout.LargestRecord, cancellationToken);
            root.KeyRule = survey.ContentsTracked
                ? "no natural key: each row's key is a hash of the record's content (minified JSON) and its occurrence among identical records, so reordering the records keeps the keys"
                : $"no natural key and more than {options.KeyTrackingLimit:N0} records: each row's key is a hash of the record's content and its position in the input";
        }

        // Pass two: every table written at once, each holding at most two row groups of its share of the memory.
        var share = Math.Max(1L << 20, options.TableMemoryBytes / (2L * tables.Count));
        var settings = options.Writer with { RowGroupBytes = Math.Min(options.Writer.RowGroupBytes, share) };
        var writers = new TableWriter[tables.Count];
        try
        {
            for (var i = 0; i < tables.Count; i++) writers[i] = new TableWriter(tables[i], sink.Create(tables[i].Name), settings);
            json.Position = start;
            WritePass.Run(json, layout, root, planner, writers, survey, options, cancellationToken);
            foreach (var writer in writers) writer.Close();
        }
        finally
        {
            foreach (var writer in writers) writer?.Dispose();
        }

        var described = new List<TableSchema>(tables.Count);
        foreach (var table in tables) described.Add(Describe(table, writers[table.Index], root, sink.FileOf(table.Name)));
        NormalizationValidationException.ThrowIfBroken(described);
        options.Progress?.Report(1);
        return new TablesDocument(described, LayoutAdvisor.Recommend(tables), survey.Records, [.. namer.Aliases]);
    }

    /// <summary>How the table's <c>_etl_key</c> is made, in words (the note of the column in tables.json).</summary>
    private static string KeyRule(TablePlan table) => table switch
    {
        { NaturalKey: { } key } => $"a hash of the natural key {key.Columns[0]}",
        { KeyRule: { } rule } => rule,
        { Kind: TableKind.Map } => "a hash of the parent row's key and the entry's position in its object",
        _ => "a hash of the parent row's key and the element's position in its array",
    };

    private static TableSchema Describe(TablePlan table, TableWriter writer, TablePlan root, string file)
    {
        var columns = new List<ColumnSchema>(table.ReservedCount + table.Columns.Count)
        {
            new(ReservedColumns.Key, ColumnType.String, false, "(generated)", 0) { Note = KeyRule(table) },
        };
        List<ForeignKey> foreignKeys = [];
        if (table.Parent is { } parent)
        {
            columns.Add(new ColumnSchema(ReservedColumns.ParentKey, ColumnType.String, false, "(generated)", 0));
            columns.Add(new ColumnSchema(ReservedColumns.RootKey, ColumnType.String, false, "(generated)", 0));
            columns.Add(new ColumnSchema(ReservedColumns.Position, ColumnType.Int64, false, table.SourcePath + " (position)", 0));
            foreignKeys.Add(new ForeignKey([ReservedColumns.ParentKey], new KeyReference(parent.Name, [ReservedColumns.Key])));
            foreignKeys.Add(new ForeignKey([ReservedColumns.RootKey], new KeyReference(root.Name, [ReservedColumns.Key])));
        }
        foreach (var column in table.Columns)
        {
            columns.Add(new ColumnSchema(column.Name, column.ColumnType, column.Nullable || column.IsList, column.SourcePath, writer.Totals.Nulls[column.Index]) { Note = column.Note });
        }
        return new TableSchema(table.Name, table.Parent?.Name, [ReservedColumns.Key], table.NaturalKey, foreignKeys, columns)
        {
            RowCount = writer.Totals.Rows,
            File = file,
            Validation = new TableValidation(table.ExpectedRows, writer.Totals.Rows, RowHash.Hex(writer.Totals.Checksum)),
        };
    }
}
