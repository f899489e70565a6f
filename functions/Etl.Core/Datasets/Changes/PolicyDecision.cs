using System.Text;

namespace Etl.Core.Datasets.Changes;

/// <summary>Applies a dataset's <see cref="ChangePolicy"/> to the changes of a candidate version (DESIGN.md, "Policies").</summary>
public static class PolicyDecision
{
    /// <summary>The job's <c>errorType</c> when a frozen dataset refuses a version.</summary>
    public const string RejectedErrorType = "SchemaChangeRejected";

    /// <summary>
    /// The decision for <paramref name="changes"/> under <paramref name="policy"/>. No change is applied under every
    /// policy: a frozen dataset still takes new data of the same shape.
    /// </summary>
    public static ChangeDecision Decide(IReadOnlyList<SchemaChange> changes, ChangePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0) return ChangeDecision.Applied;
        return policy switch
        {
            ChangePolicy.Freeze => ChangeDecision.Rejected,
            ChangePolicy.Review => ChangeDecision.HeldForReview,
            ChangePolicy.Evolve => HasBreaking(changes) ? ChangeDecision.HeldForReview : ChangeDecision.Applied,
            _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown change policy"),
        };
    }

    /// <summary>
    /// The job's <c>errorMessage</c> when a frozen dataset rejects a version: what happened, every change with its
    /// severity and reason, and what to do.
    /// </summary>
    public static string RejectionMessage(string dataset, IReadOnlyList<SchemaChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var text = new StringBuilder();
        text.Append("dataset '").Append(dataset).Append("' is frozen and this file changes its schema (")
            .Append(changes.Count).Append(changes.Count == 1 ? " change" : " changes").Append("): ");
        for (var i = 0; i < changes.Count; i++)
        {
            if (i > 0) text.Append("; ");
            var change = changes[i];
            text.Append('[').Append(SeverityName(change.Severity)).Append("] ").Append(change.Reason);
        }
        text.Append(". Nothing was loaded. To take the new shape, switch the dataset's policy to evolve or review and ")
            .Append("load the file again; otherwise fix the file to match the current version.");
        return text.ToString();
    }

    private static bool HasBreaking(IReadOnlyList<SchemaChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Severity == ChangeSeverity.Breaking) return true;
        }
        return false;
    }

    private static string SeverityName(ChangeSeverity severity) => severity switch
    {
        ChangeSeverity.Breaking => "breaking",
        ChangeSeverity.Warning => "warning",
        _ => "info",
    };
}
