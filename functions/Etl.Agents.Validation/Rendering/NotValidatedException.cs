namespace Etl.Agents.Validation.Rendering;

/// <summary>Jinja the renderer does not evaluate (a macro other than ref/source/config/var/is_incremental, a filter, a loop): reported, never guessed.</summary>
internal sealed class NotValidatedException(string construct) : Exception(construct)
{
    public string Construct { get; } = construct;
}
