using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Etl.Agents.Validation.Tests.Rendering;

/// <summary>
/// Renders templates with real Jinja: Debian's python3-jinja2 under /usr/bin/python3, through render_with_jinja.py.
/// Missing Python or Jinja fails the calling test with what to install; it never skips.
/// </summary>
public static class RealJinja
{
    private const string Python = "/usr/bin/python3";

    public static IReadOnlyList<string> Render(string targetSchema, JsonObject vars, IReadOnlyList<(string Name, string Template, bool Incremental)> models)
    {
        if (!File.Exists(Python)) Assert.Fail($"{Python} is missing: install python3 and python3-jinja2 (apt-get install python3-jinja2); the independent Jinja check cannot run without them");
        var script = Path.Combine(AppContext.BaseDirectory, "Rendering", "render_with_jinja.py");
        var request = new JsonObject
        {
            ["targetSchema"] = targetSchema,
            ["vars"] = vars.DeepClone(),
            ["models"] = new JsonArray([.. models.Select(m => (JsonNode)new JsonObject { ["name"] = m.Name, ["template"] = m.Template, ["incremental"] = m.Incremental })]),
        };
        var start = new ProcessStartInfo(Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(request.ToJsonString());
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var errors = stderr.Result;
        if (process.ExitCode == 3) Assert.Fail($"python3-jinja2 is not installed: install it (apt-get install python3-jinja2; test.sh does on CI). {errors}");
        Assert.True(process.ExitCode == 0, $"render_with_jinja.py failed ({process.ExitCode}): {errors}");
        return JsonSerializer.Deserialize<List<string>>(stdout)!;
    }
}
