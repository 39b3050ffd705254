namespace PaperBot.Storage;

/// <summary>How this process names itself to the others sharing the state (<c>Fleet</c> section).</summary>
public sealed class FleetOptions
{
    public const string SectionName = "Fleet";

    /// <summary>
    /// A name that stays the same across restarts of this process and differs from every other live process of
    /// the fleet (e.g. <c>bot-a</c>). Work this process holds a lease on (a digest batch) is taken back at once by
    /// its restart under the same name, while another process waits for the lease to run out. Empty: the machine
    /// name and the shard range (<c>host/shards 0-3 of 8</c>), which is stable for a fixed deployment.
    /// </summary>
    public string? InstanceName { get; set; }

    /// <summary>The configured name, or the machine name and <paramref name="shards"/> (e.g. <c>0-3 of 8</c>).</summary>
    public string ResolveInstanceName(string shards) =>
        string.IsNullOrWhiteSpace(InstanceName) ? $"{Environment.MachineName}/shards {shards}" : InstanceName.Trim();
}
