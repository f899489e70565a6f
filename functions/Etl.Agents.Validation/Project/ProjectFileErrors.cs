using Etl.Core.Agents;

namespace Etl.Agents.Validation.Project;

/// <summary>File problems gathered by path, in the order found.</summary>
internal sealed class ProjectFileErrors
{
    private readonly Dictionary<string, List<FileError>> _errors = new(StringComparer.Ordinal);

    public void Add(string path, int? line, string message) => Of(path).Add(new FileError(line, message));

    public void AddRange(string path, IEnumerable<FileError> errors) => Of(path).AddRange(errors);

    public IReadOnlyList<FileError> For(string path) => _errors.TryGetValue(path, out var list) ? list : [];

    public IEnumerable<string> Paths => _errors.Keys;

    private List<FileError> Of(string path)
    {
        if (!_errors.TryGetValue(path, out var list)) _errors[path] = list = [];
        return list;
    }
}
