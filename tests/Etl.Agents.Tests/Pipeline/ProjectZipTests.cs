using System.IO.Compression;
using System.Text;
using Etl.Agents.Pipeline;
using Etl.Core.Agents;

namespace Etl.Agents.Tests.Pipeline;

public class ProjectZipTests
{
    private static readonly ProjectFiles Project = new([new("dbt_project.yml", "name: shop\n"), new("models/staging/shop/stg_shop__orders.sql", "select 1\n")]);

    private static byte[] Zip(ProjectFiles files)
    {
        using var buffer = new MemoryStream();
        ProjectZip.Write(files, "dbt_project", buffer);
        return buffer.ToArray();
    }

    private static MemoryStream RawZip(params (string Name, byte[] Bytes)[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(bytes);
            }
        }
        buffer.Position = 0;
        return buffer;
    }

    [Fact]
    public void The_same_project_zips_to_the_same_bytes_and_reads_back_without_its_folder()
    {
        var first = Zip(Project);
        Assert.Equal(first, Zip(new ProjectFiles(Project.Files.Reverse())));

        var (files, skipped) = ProjectZip.Read(new MemoryStream(first));
        Assert.Equal(Project.Files, files.Files);
        Assert.Empty(skipped);
    }

    [Theory]
    [InlineData("../evil.sql")]
    [InlineData("dbt_project/../../evil.sql")]
    [InlineData("/abs/evil.sql")]
    public void An_entry_that_would_leave_the_project_folder_is_refused(string name)
    {
        var error = Assert.Throws<InvalidDataException>(() => ProjectZip.Read(RawZip((name, "x"u8.ToArray()))));
        Assert.Contains("cannot be part of a project", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_bomb_stops_at_the_limit()
    {
        // Highly compressible: 6 MiB of one byte, past the per-file limit, compressed to a few KiB.
        using var bomb = RawZip(("models/big.sql", new byte[6 * 1024 * 1024]));
        Assert.True(bomb.Length < 100_000);
        var (files, skipped) = ProjectZip.Read(bomb);
        Assert.Equal(["models/big.sql"], skipped);
        Assert.Equal(0, files.Count);
    }

    [Fact]
    public void Binary_files_are_skipped_and_named_not_decoded()
    {
        var (files, skipped) = ProjectZip.Read(RawZip(("dbt_project.yml", "name: x\n"u8.ToArray()), ("assets/logo.png", [0x89, 0x50, 0x4E, 0x47, 0xFF, 0xFE])));
        Assert.Equal(["dbt_project.yml"], files.Paths);
        Assert.Equal(["assets/logo.png"], skipped);
    }

    [Fact]
    public void Something_that_is_not_a_zip_says_so()
    {
        var error = Assert.Throws<InvalidDataException>(() => ProjectZip.Read(new MemoryStream(Encoding.UTF8.GetBytes("select 1"))));
        Assert.Contains("not a readable zip", error.Message, StringComparison.Ordinal);
    }
}
