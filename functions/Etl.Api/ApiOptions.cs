namespace Etl.Api;

/// <summary>Limits and lifetimes of the HTTP API; the hosts fill them from configuration.</summary>
public sealed class ApiOptions
{
    /// <summary>Largest file accepted through multipart POST /upload (default 100 MiB).</summary>
    public long MaxMultipartUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Largest file accepted through a signed upload URL (default 5 GiB).</summary>
    public long MaxSignedUploadBytes { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>How long an uploadUrl stays valid.</summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a downloadUrl stays valid.</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The agent POST /agent-invoke runs (<c>ETL_AGENT</c>): <c>offline</c> or <c>bedrock</c>; null = this host runs no agents (503).</summary>
    public string? Agent { get; set; }

    /// <summary>What the agent's model tokens cost, for the estimate before a run; free for the offline agent.</summary>
    public Etl.Core.Agents.ModelPrices AgentPrices { get; set; } = Etl.Core.Agents.ModelPrices.Free;
}
