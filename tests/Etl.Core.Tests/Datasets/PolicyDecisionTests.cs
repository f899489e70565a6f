using Etl.Core.Datasets;
using Etl.Core.Datasets.Changes;
using static Etl.Core.Tests.Datasets.Schemas;

namespace Etl.Core.Tests.Datasets;

public class PolicyDecisionTests
{
    public enum Worst { NoChange, Info, Warning, Breaking }

    // Real changes from the classifier, so the decision is tested on what the catalog stage will pass it.
    private static IReadOnlyList<SchemaChange> ChangesUpTo(Worst worst)
    {
        var old = new List<ColumnSchema> { Col("id", ColumnType.Int64, false, 0), Col("amount", ColumnType.Int64), Col("note", ColumnType.String) };
        var @new = new List<ColumnSchema>(old);
        if (worst >= Worst.Info) @new.Add(Col("tag", ColumnType.String));
        if (worst >= Worst.Warning) @new[1] = Col("amount", ColumnType.Double);
        if (worst >= Worst.Breaking) @new.RemoveAt(2);
        var changes = ChangeClassifier.Diff([Table("orders", [.. old])], [Table("orders", [.. @new])]);
        Assert.Equal(worst == Worst.NoChange ? 0 : (int)worst, changes.Count);
        return changes;
    }

    [Theory]
    [InlineData(ChangePolicy.Evolve, Worst.NoChange, ChangeDecision.Applied)]
    [InlineData(ChangePolicy.Evolve, Worst.Info, ChangeDecision.Applied)]
    [InlineData(ChangePolicy.Evolve, Worst.Warning, ChangeDecision.Applied)]
    [InlineData(ChangePolicy.Evolve, Worst.Breaking, ChangeDecision.HeldForReview)]
    [InlineData(ChangePolicy.Freeze, Worst.NoChange, ChangeDecision.Applied)]
    [InlineData(ChangePolicy.Freeze, Worst.Info, ChangeDecision.Rejected)]
    [InlineData(ChangePolicy.Freeze, Worst.Warning, ChangeDecision.Rejected)]
    [InlineData(ChangePolicy.Freeze, Worst.Breaking, ChangeDecision.Rejected)]
    [InlineData(ChangePolicy.Review, Worst.NoChange, ChangeDecision.Applied)]
    [InlineData(ChangePolicy.Review, Worst.Info, ChangeDecision.HeldForReview)]
    [InlineData(ChangePolicy.Review, Worst.Warning, ChangeDecision.HeldForReview)]
    [InlineData(ChangePolicy.Review, Worst.Breaking, ChangeDecision.HeldForReview)]
    public void The_policy_decides_by_the_worst_change(ChangePolicy policy, Worst worst, ChangeDecision expected)
    {
        Assert.Equal(expected, PolicyDecision.Decide(ChangesUpTo(worst), policy));
    }

    [Fact]
    public void A_single_breaking_change_holds_an_evolving_dataset_even_among_harmless_ones()
    {
        var changes = ChangesUpTo(Worst.Breaking);
        Assert.Equal(1, changes.Count(c => c.Severity == ChangeSeverity.Breaking));

        Assert.Equal(ChangeDecision.HeldForReview, PolicyDecision.Decide(changes, ChangePolicy.Evolve));
    }

    [Fact]
    public void The_rejection_message_names_the_dataset_every_change_and_what_to_do()
    {
        var changes = ChangesUpTo(Worst.Breaking);

        var message = PolicyDecision.RejectionMessage("orders", changes);

        Assert.Equal("SchemaChangeRejected", PolicyDecision.RejectedErrorType);
        Assert.StartsWith("dataset 'orders' is frozen and this file changes its schema (3 changes): ", message, StringComparison.Ordinal);
        Assert.Contains("[breaking] orders.note (STRING) was dropped: ", message, StringComparison.Ordinal);
        Assert.Contains("[warning] orders.amount changed from INT64 to DOUBLE: ", message, StringComparison.Ordinal);
        Assert.Contains("[info] orders.tag (STRING, nullable) was added: ", message, StringComparison.Ordinal);
        foreach (var change in changes) Assert.Contains(change.Reason, message, StringComparison.Ordinal);
        Assert.Contains("switch the dataset's policy to evolve or review", message, StringComparison.Ordinal);
    }
}
