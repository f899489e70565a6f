using Etl.Local.Hosting;

namespace Etl.Api.Tests;

/// <summary>
/// Temporary files a crashed run left in the data directory, and the folders they emptied, are removed when the host
/// starts; anything that is not ours by name, or lies beyond a symbolic link, is left alone.
/// </summary>
public class LeftoverTests
{
    private const string Guid = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task Start_up_removes_our_temporary_files_and_emptied_folders_only()
    {
        using var data = new TempDirectory();
        using var outside = new TempDirectory();
        string[] leftovers =
        [
            $"uploads/j1/.data.parquet.{Guid}.partial",
            $"output/j2/.data.ndjson.{Guid}.partial",
            $"runs/j2/.profile.json.{Guid}.partial",
            $".etl/.signing.key.{Guid}.partial",
            $".etl/tmp/etl-json-{Guid}.tmp", // a JSON normalization's scratch Parquet file
        ];
        string[] kept =
        [
            "uploads/j3/data.parquet",
            "uploads/j3/notes.partial",
            $"uploads/j3/data.{Guid}.partial",
            $"uploads/j3/.data.parquet.{Guid}.partial.bak",
            "uploads/j3/.data.parquet.0123456789ABCDEF0123456789ABCDEF.partial",
            "uploads/j3/.data.parquet.partial",
            $"uploads/j3/.{Guid}.partial",
            "output/j4/data.ndjson",
        ];
        foreach (var file in leftovers.Concat(kept))
        {
            Write(Path.Combine(data.Path, file));
        }

        Directory.CreateDirectory(Path.Combine(data.Path, "uploads", "j5"));
        Directory.CreateDirectory(Path.Combine(data.Path, "runs", "j6", "nested"));

        // A link inside the data directory to a place outside: nothing there is touched.
        var beyond = Path.Combine(outside.Path, $".data.parquet.{Guid}.partial");
        Write(beyond);
        Directory.CreateDirectory(Path.Combine(outside.Path, "empty"));
        Directory.CreateSymbolicLink(Path.Combine(data.Path, "uploads", "linked"), outside.Path);
        Directory.CreateSymbolicLink(Path.Combine(data.Path, "uploads", "linked-empty"), Path.Combine(outside.Path, "empty"));

        var app = LocalHost.Build(new LocalHostOptions { Urls = "http://127.0.0.1:0", DataDirectory = data.Path, Concurrency = 1 });
        await app.StartAsync();
        await app.StopAsync();
        await app.DisposeAsync();

        foreach (var file in leftovers)
        {
            Assert.False(File.Exists(Path.Combine(data.Path, file)), $"{file} is still there");
        }

        foreach (var file in kept)
        {
            Assert.True(File.Exists(Path.Combine(data.Path, file)), $"{file} was removed");
        }

        foreach (var folder in new[] { "uploads/j1", "output/j2", "runs/j2", "uploads/j5", "runs/j6" })
        {
            Assert.False(Directory.Exists(Path.Combine(data.Path, folder)), $"{folder} is still there");
        }

        foreach (var folder in new[] { "uploads", "output", "runs", "uploads/j3", "output/j4", ".etl", ".etl/tmp", "uploads/linked-empty" })
        {
            Assert.True(Directory.Exists(Path.Combine(data.Path, folder)), $"{folder} was removed");
        }

        Assert.True(File.Exists(beyond));
        Assert.True(Directory.Exists(Path.Combine(outside.Path, "empty")));
    }

    [Fact]
    public async Task A_temporary_file_another_process_is_writing_is_left_alone()
    {
        using var data = new TempDirectory();
        var inUse = Path.Combine(data.Path, "uploads", "j1", $".data.parquet.{Guid}.partial");
        Write(inUse);

        // The blob store writes with FileShare.None, which locks the file against every other opener.
        await using (new FileStream(inUse, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            var app = LocalHost.Build(new LocalHostOptions { Urls = "http://127.0.0.1:0", DataDirectory = data.Path, Concurrency = 1 });
            await app.StartAsync();
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Assert.True(File.Exists(inUse));
    }

    private static void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
    }
}
