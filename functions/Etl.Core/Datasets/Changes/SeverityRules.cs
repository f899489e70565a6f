namespace Etl.Core.Datasets.Changes;

/// <summary>One row of <see cref="SeverityRules"/>: a case, the kind it is reported as, its severity and why.</summary>
/// <param name="Case">The situation.</param>
/// <param name="Kind">The change kind written to changes.json.</param>
/// <param name="Severity">The grade.</param>
/// <param name="Consequence">What it means for readers; ends every reason sentence.</param>
public sealed record SeverityRule(ChangeCase Case, ChangeKind Kind, ChangeSeverity Severity, string Consequence);

/// <summary>
/// The severity rules of DESIGN.md ("Datasets, tables and changes") and the cases it leaves open, in one table.
/// The classifier only detects cases; every grade comes from here, so the README table and this table are the
/// same list.
/// </summary>
public static class SeverityRules
{
    /// <summary>Every rule, in the order the README lists them.</summary>
    public static IReadOnlyList<SeverityRule> All { get; } =
    [
        new(ChangeCase.TableAdded, ChangeKind.TableAdded, ChangeSeverity.Info,
            "no existing query reads it"),
        new(ChangeCase.TableDropped, ChangeKind.TableDropped, ChangeSeverity.Breaking,
            "every query that reads it fails"),
        new(ChangeCase.ColumnAddedNullable, ChangeKind.ColumnAdded, ChangeSeverity.Info,
            "existing queries do not select it, and rows loaded earlier read it as null"),
        // Inference calls a field required when every record of the file has it, so a field an API starts
        // sending is usually "required": breaking would hold nearly every evolution. Readers are unaffected;
        // only the promise is weaker, since earlier rows have no value.
        new(ChangeCase.ColumnAddedRequired, ChangeKind.ColumnAdded, ChangeSeverity.Warning,
            "existing queries are unaffected, but rows loaded before this version have no value, so it is required only from this version on"),
        new(ChangeCase.ColumnDropped, ChangeKind.ColumnDropped, ChangeSeverity.Breaking,
            "every query that selects it fails (a rename shows as this drop plus an add)"),
        new(ChangeCase.TypeWidened, ChangeKind.TypeChanged, ChangeSeverity.Warning,
            "every old value still fits, but readers that declared the old type must cast"),
        new(ChangeCase.TypeToText, ChangeKind.TypeChanged, ChangeSeverity.Warning,
            "every old value keeps its text, but readers that compute with it (sums, comparisons, date arithmetic) must cast it back"),
        new(ChangeCase.TypeNarrowed, ChangeKind.TypeChanged, ChangeSeverity.Breaking,
            "old values do not all fit the new type, so reading old and new rows together fails or truncates"),
        new(ChangeCase.TypeIncompatible, ChangeKind.TypeChanged, ChangeSeverity.Breaking,
            "neither type holds the other's values, so every reader of the column breaks"),
        new(ChangeCase.TypeZoneChanged, ChangeKind.TypeChanged, ChangeSeverity.Breaking,
            "an instant and a wall-clock time differ by the reader's zone, so old and new rows silently disagree"),
        new(ChangeCase.TypeReencodedAsJson, ChangeKind.TypeChanged, ChangeSeverity.Breaking,
            "the same text is now spelled as a quoted JSON string, so filters and joins on the old text stop matching"),
        new(ChangeCase.RequiredWithNullsPresent, ChangeKind.NullabilityChanged, ChangeSeverity.Breaking,
            "rows already loaded hold nulls the new schema forbids"),
        // Unknown is graded like "nulls present": the rule exists to protect loaded rows, and an unproven
        // promise is the case it guards against.
        new(ChangeCase.RequiredWithNullsUnknown, ChangeKind.NullabilityChanged, ChangeSeverity.Breaking,
            "the old version's null count is unknown, so rows already loaded may hold nulls the new schema forbids"),
        new(ChangeCase.RequiredWithoutNulls, ChangeKind.NullabilityChanged, ChangeSeverity.Info,
            "no row loaded so far holds a null, so the stronger promise is true of all the data"),
        new(ChangeCase.BecameNullable, ChangeKind.NullabilityChanged, ChangeSeverity.Warning,
            "readers that assume a value is always present must now handle nulls"),
        new(ChangeCase.PrimaryKeyChanged, ChangeKind.KeyChanged, ChangeSeverity.Breaking,
            "rows are identified differently, so joins, upserts and incremental models on the old key break"),
        new(ChangeCase.NaturalKeyChanged, ChangeKind.KeyChanged, ChangeSeverity.Breaking,
            "generated row keys are hashes of the natural key, so the same record gets a different key on reload"),
        new(ChangeCase.ForeignKeyDropped, ChangeKind.KeyChanged, ChangeSeverity.Breaking,
            "joins along it are no longer guaranteed to find their row"),
        new(ChangeCase.ForeignKeyAdded, ChangeKind.KeyChanged, ChangeSeverity.Info,
            "a new join path; existing queries are unaffected"),
    ];

    private static readonly Dictionary<ChangeCase, SeverityRule> ByCase = IndexByCase();

    /// <summary>The rule for <paramref name="case"/>.</summary>
    public static SeverityRule For(ChangeCase @case) => ByCase[@case];

    private static Dictionary<ChangeCase, SeverityRule> IndexByCase()
    {
        var index = new Dictionary<ChangeCase, SeverityRule>();
        foreach (var rule in All) index.Add(rule.Case, rule); // Add throws on a duplicate: one rule per case.
        foreach (var @case in Enum.GetValues<ChangeCase>())
        {
            if (!index.ContainsKey(@case)) throw new InvalidOperationException($"no severity rule for {@case}");
        }
        return index;
    }
}
