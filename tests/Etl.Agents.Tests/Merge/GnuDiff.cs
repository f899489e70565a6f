using System.Diagnostics;

namespace Etl.Agents.Tests.Merge;

/// <summary>GNU diffutils' <c>diff</c> and <c>patch</c>, the independent implementation our diff is checked against.</summary>
internal static class GnuDiff
{
    /// <summary><c>diff -u</c> of two texts (null = the file does not exist), labelled like git's headers.</summary>
    public static string Unified(string path, string? before, string? after, params string[] options)
    {
        using var dir = new TempDirectory();
        var oldFile = before is null ? "/dev/null" : Write(dir, "old", before);
        var newFile = after is null ? "/dev/null" : Write(dir, "new", after);
        var args = new List<string> { "-u" };
        args.AddRange(options);
        args.AddRange(["--label", before is null ? "/dev/null" : "a/" + path, "--label", after is null ? "/dev/null" : "b/" + path, oldFile, newFile]);
        var (code, output, error) = Run("diff", dir.Path, null, args);
        Assert.True(code is 0 or 1, $"diff failed ({code}): {error}");
        return output;
    }

    /// <summary>Applies <paramref name="patch"/> with <c>patch -p1</c> inside <paramref name="directory"/>.</summary>
    public static void Apply(string directory, string patch)
    {
        var (code, output, error) = Run("patch", directory, patch, ["-p1", "--quiet", "--batch", "--no-backup-if-mismatch"]);
        Assert.True(code == 0, $"patch failed ({code}): {output}{error}");
    }

    private static string Write(TempDirectory dir, string name, string text)
    {
        var file = Path.Combine(dir.Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    private static (int Code, string Output, string Error) Run(string program, string directory, string? input, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null) process.StandardInput.Write(input);
        process.StandardInput.Close();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
