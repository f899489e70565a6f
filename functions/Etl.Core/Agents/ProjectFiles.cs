namespace Etl.Core.Agents;

/// <summary>
/// A dbt project as text files, by path relative to the project root with '/' separators (<c>dbt_project.yml</c>,
/// <c>models/staging/shop/stg_shop__orders.sql</c>), in ordinal path order so the same project always lists, zips and
/// diffs the same way.
/// </summary>
public sealed class ProjectFiles
{
    private readonly SortedDictionary<string, string> _files;

    public ProjectFiles(IEnumerable<KeyValuePair<string, string>> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        _files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, content) in files)
        {
            _files[Check(path)] = content;
        }
    }

    public static ProjectFiles Empty { get; } = new([]);

    /// <summary>Every file, in ordinal path order.</summary>
    public IReadOnlyDictionary<string, string> Files => _files;

    public IEnumerable<string> Paths => _files.Keys;

    public int Count => _files.Count;

    /// <summary>The file's text, or null.</summary>
    public string? this[string path] => _files.TryGetValue(path, out var content) ? content : null;

    public bool Contains(string path) => _files.ContainsKey(path);

    /// <summary>A copy with <paramref name="path"/> set to <paramref name="content"/> (added or replaced).</summary>
    public ProjectFiles With(string path, string content)
    {
        var copy = new Dictionary<string, string>(_files, StringComparer.Ordinal) { [Check(path)] = content };
        return new ProjectFiles(copy);
    }

    /// <summary>A copy without <paramref name="path"/>.</summary>
    public ProjectFiles Without(string path)
    {
        var copy = new Dictionary<string, string>(_files, StringComparer.Ordinal);
        copy.Remove(path);
        return new ProjectFiles(copy);
    }

    /// <summary>
    /// A project path must be relative, '/'-separated, without empty, '.' or '..' segments, so unzipping or writing
    /// it can never land outside the project folder.
    /// </summary>
    public static string? PathProblem(string path)
    {
        if (string.IsNullOrEmpty(path)) return "the path is empty";
        if (path.Length > 512) return "the path is longer than 512 characters";
        if (path[0] == '/' || path.Contains('\\', StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal))
            return "the path must be relative and use '/' separators";
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..") return "the path has an empty, '.' or '..' segment";
            foreach (var c in segment)
            {
                if (char.IsControl(c)) return "the path has a control character";
            }
        }
        return null;
    }

    private static string Check(string path) =>
        PathProblem(path) is { } problem ? throw new ArgumentException($"'{path}' is not a project path: {problem}.", nameof(path)) : path;
}
