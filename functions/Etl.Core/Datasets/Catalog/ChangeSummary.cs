using System.Globalization;
using System.Text;
using Etl.Core.Datasets.Changes;

namespace Etl.Core.Datasets.Catalog;

/// <summary>The one-line account of a version's changes in its dataset's history (<see cref="VersionSummary.ChangeSummary"/>).</summary>
public static class ChangeSummary
{
    /// <summary>
    /// "first version" (nothing to compare with), "no changes", or "3 changes: 1 breaking, 2 info" (grades with none
    /// left out, most severe first).
    /// </summary>
    public static string Of(int? fromVersion, IReadOnlyList<SchemaChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (fromVersion is null && changes.Count == 0) return "first version";
        if (changes.Count == 0) return "no changes";
        int breaking = 0, warning = 0, info = 0;
        foreach (var change in changes)
        {
            switch (change.Severity)
            {
                case ChangeSeverity.Breaking: breaking++; break;
                case ChangeSeverity.Warning: warning++; break;
                default: info++; break;
            }
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{changes.Count} {(changes.Count == 1 ? "change" : "changes")}: ");
        var first = true;
        foreach (var (count, grade) in new[] { (breaking, "breaking"), (warning, "warning"), (info, "info") })
        {
            if (count == 0) continue;
            if (!first) text.Append(", ");
            text.Append(CultureInfo.InvariantCulture, $"{count} {grade}");
            first = false;
        }

        return text.ToString();
    }
}
