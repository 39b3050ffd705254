using PaperBot.Storage.Postgres;

namespace PaperBot.Papers.Shared;

/// <summary>
/// Whether papers are shared (<c>Storage:Provider = postgres</c>): then the shared database is the one every paper
/// write goes to, and this process's SQLite file is a read model of it (<see cref="PaperReplica"/>).
/// </summary>
public sealed class PaperSharing(PostgresDatabase? database)
{
    /// <summary>Advisory lock every writer of the shared papers or vectors holds until it commits ("PBPAPERS").</summary>
    internal const long WriteLockKey = 0x5042504150455253;

    /// <summary>Session lock held by the one process that embeds papers at a time ("PBEMBEDS").</summary>
    internal const long EmbedLockKey = 0x5042454D42454453;

    /// <summary>Sent on commit by every writer, so replicas pull at once instead of at their next poll.</summary>
    internal const string Channel = "paper_changes";

    public bool Enabled => database is not null;

    public PostgresDatabase Database => database ?? throw new InvalidOperationException("Papers are not shared: Storage:Provider is sqlite.");
}
