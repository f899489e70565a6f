using System.Diagnostics;

namespace Etl.Local.Tests;

/// <summary>FIFOs, device nodes and their readers and writers, made with the system's own tools.</summary>
public static class SpecialFiles
{
    /// <summary>How long a FIFO's other end may wait: generous, so only a regression (a hang) runs into it.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static string MakeFifo(string path)
    {
        Tool("mkfifo", path);
        return path;
    }

    /// <summary>
    /// A character device node like <paramref name="like"/> (<c>/dev/null</c>, <c>/dev/full</c>) at <paramref name="path"/>,
    /// so a regression replaces a node of this test rather than the machine's; where nodes cannot be made (not root),
    /// <paramref name="like"/> itself, which such a user cannot replace anyway.
    /// </summary>
    public static string CharacterDeviceLike(string like, string path)
    {
        var numbers = Tool("stat", "-L", "--format=%t %T", like).Trim().Split(' ');
        var made = Run("mknod", "-m", "666", path, "c", Convert.ToInt32(numbers[0], 16).ToString(), Convert.ToInt32(numbers[1], 16).ToString());
        return made.ExitCode == 0 ? path : like;
    }

    /// <summary><c>stat --format=%F</c>: "character special file", "fifo", "regular file", "symbolic link"…</summary>
    public static string TypeOf(string path) => Tool("stat", "--format=%F", path).Trim();

    public static void HardLink(string target, string link) => Tool("ln", target, link);

    /// <summary>Copies <paramref name="source"/> into the FIFO from a background process (<c>cat</c>).</summary>
    public static Background Feed(string source, string fifo) => Background.Start("exec cat -- \"$1\" > \"$2\"", source, fifo);

    /// <summary>Copies what arrives on the FIFO into <paramref name="destination"/> from a background process.</summary>
    public static Background Drain(string fifo, string destination) => Background.Start("exec cat -- \"$1\" > \"$2\"", fifo, destination);

    private static string Tool(string name, params string[] args)
    {
        var result = Run(name, args);
        if (result.ExitCode != 0) throw new InvalidOperationException($"{name} {string.Join(' ', args)} failed: {result.Error}");
        return result.Output;
    }

    private static (int ExitCode, string Output, string Error) Run(string name, params string[] args)
    {
        var start = new ProcessStartInfo(name) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    /// <summary>A shell command at the other end of a FIFO; <see cref="Finish"/> fails the test if it is still waiting.</summary>
    public sealed class Background : IDisposable
    {
        private readonly Process _process;

        private Background(Process process) => _process = process;

        public static Background Start(string script, params string[] args)
        {
            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            start.ArgumentList.Add("sh");
            foreach (var arg in args) start.ArgumentList.Add(arg);
            return new Background(Process.Start(start) ?? throw new InvalidOperationException("could not start /bin/sh"));
        }

        /// <summary>Waits for the command to end (within <see cref="Patience"/>) and returns its exit code.</summary>
        public int Finish()
        {
            if (!_process.WaitForExit(Patience))
            {
                _process.Kill(entireProcessTree: true);
                Assert.Fail($"the other end of the FIFO was still waiting after {Patience}: etl never opened it, or opened another file");
            }
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
    }
}
